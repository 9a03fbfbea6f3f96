package threadpanel

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/app/frame/frametest"
)

// show puts o in a test window of a desktop-like size.
func show(t testing.TB, o fyne.CanvasObject) fyne.Window {
	t.Helper()
	w := test.NewTempWindow(t, o)
	w.Resize(fyne.NewSize(900, 600))
	return w
}

// visible returns the shown objects of type T under o, in tree order.
func visible[T fyne.CanvasObject](o fyne.CanvasObject) []T { return frametest.Visible[T](o) }

// labelTexts returns the texts of the shown labels under o.
func labelTexts(o fyne.CanvasObject) []string {
	var out []string
	for _, l := range visible[*widget.Label](o) {
		out = append(out, l.Text)
	}
	return out
}

// tapText taps the canvas on the shown label whose text is text, as a
// mouse click would: the innermost tappable under it gets the tap.
func tapText(t *testing.T, w fyne.Window, text string) {
	t.Helper()
	for _, l := range visible[*widget.Label](w.Content()) {
		if l.Text == text {
			pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(l)
			test.TapCanvas(w.Canvas(), pos.Add(fyne.NewPos(4, l.Size().Height/2)))
			return
		}
	}
	t.Fatalf("no label %q shown; shown: %q", text, labelTexts(w.Content()))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// labelAt returns the middle of the shown label whose text is text, on the
// canvas.
func labelAt(t *testing.T, w fyne.Window, text string) fyne.Position {
	t.Helper()
	for _, l := range visible[*widget.Label](w.Content()) {
		if l.Text == text {
			pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(l)
			return pos.Add(fyne.NewPos(l.Size().Width/2, l.Size().Height/2))
		}
	}
	t.Fatalf("no label %q shown; shown: %q", text, labelTexts(w.Content()))
	return fyne.Position{}
}

// dragger is a drag of the mouse as the desktop driver reports it: the
// button goes down at a point; each move past it goes to the Draggable
// that was under that point, as the pointer's position from where that
// object was when the drag began (fyne.DragEvent) and how far it moved
// since the last; letting go sends DragEnd and no tap. (test.Drag sends a
// single event to the object under its end point, which cannot carry a
// row to another row.)
type dragger struct {
	t      *testing.T
	obj    fyne.Draggable
	origin fyne.Position // obj's absolute position when the button went down
	at     fyne.Position // the pointer, absolute
}

// press puts the button down at pos, on the innermost member row there.
func press(t *testing.T, w fyne.Window, pos fyne.Position) *dragger {
	t.Helper()
	d := fyne.CurrentApp().Driver()
	var under fyne.Draggable
	for _, r := range visible[*memberRow](w.Content()) {
		p, s := d.AbsolutePositionForObject(r), r.Size()
		if pos.X >= p.X && pos.Y >= p.Y && pos.X < p.X+s.Width && pos.Y < p.Y+s.Height {
			under = r
		}
	}
	if under == nil {
		t.Fatalf("no member row at %v", pos)
	}
	return &dragger{t: t, obj: under, origin: d.AbsolutePositionForObject(under.(fyne.CanvasObject)), at: pos}
}

// to moves the pointer to pos in steps of at most 10 units, as a mouse
// reports a move.
func (g *dragger) to(pos fyne.Position) *dragger {
	for g.at != pos {
		dx, dy := clampStep(pos.X-g.at.X), clampStep(pos.Y-g.at.Y)
		g.at = g.at.AddXY(dx, dy)
		e := &fyne.DragEvent{Dragged: fyne.NewDelta(dx, dy)}
		e.AbsolutePosition = g.at
		e.Position = g.at.Subtract(g.origin)
		g.obj.Dragged(e)
	}
	return g
}

// by moves the pointer by dx, dy.
func (g *dragger) by(dx, dy float32) *dragger { return g.to(g.at.AddXY(dx, dy)) }

// release lets the button go.
func (g *dragger) release() { g.obj.DragEnd() }

func clampStep(d float32) float32 { return max(-10, min(d, 10)) }
