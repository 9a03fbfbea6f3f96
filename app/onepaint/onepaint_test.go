package onepaint

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// fakeCanvas is the desktop canvas as the pass sees it: a dirty flag, a
// layout pass that may mark it dirty again (a scroller laid out) or grow
// the canvas (a dialog shown), a minimum size and a size.
type fakeCanvas struct {
	dirty     bool
	min, size fyne.Size
	layouts   int
	pending   bool // a scroller's content changed size: the next layout pass refreshes its bar
	shown     bool // a dialog was shown: the next layout pass finds a new minimum among the canvas's trees
}

func (c *fakeCanvas) CheckDirtyAndClear() bool { d := c.dirty; c.dirty = false; return d }
func (c *fakeCanvas) SetDirty()                { c.dirty = true }
func (c *fakeCanvas) MinSize() fyne.Size       { return c.min }
func (c *fakeCanvas) Size() fyne.Size          { return c.size }
func (c *fakeCanvas) Resize(s fyne.Size)       { c.size = s }

// EnsureMinSize is Fyne's layout pass (internal/driver/common/canvas.go):
// where a tree's minimum changed (a dialog shown) it reports that the
// window's minimum is to be looked at, and grows a canvas smaller than its
// content's minimum to it.
func (c *fakeCanvas) EnsureMinSize() bool {
	c.layouts++
	if c.pending {
		c.pending = false
		c.dirty = true
	}
	if !c.shown {
		return false
	}
	c.shown = false
	c.size = fyne.NewSize(max(c.size.Width, c.min.Width), max(c.size.Height, c.min.Height))
	return true
}

// paint is the driver's tick after the animations: it paints when the
// canvas is dirty, its own layout pass first, and reports whether it
// painted.
func (c *fakeCanvas) paint() bool {
	if !c.CheckDirtyAndClear() {
		return false
	}
	c.EnsureMinSize()
	return true
}

// paints runs the driver's next ticks, the pass p (if any) before each
// paint, and counts the paints.
func (c *fakeCanvas) paints(p *Pass) int {
	n := 0
	for range 4 {
		if p != nil {
			p.Before()
		}
		if c.paint() {
			n++
		}
	}
	return n
}

// TestPassBeforePaint: a change that marks the canvas dirty is laid out by
// the pass before the paint, which then paints once: its own layout pass
// finds nothing left to lay out. Without a change the pass does nothing;
// when the window's minimum size changed it leaves the layout to the
// paint (the driver resizes the window from its own pass), and the canvas
// stays dirty either way.
func TestPassBeforePaint(t *testing.T) {
	c := &fakeCanvas{min: fyne.NewSize(600, 400)}
	p := &Pass{c: c, min: c.min}

	// A tick with nothing changed: no pass, no paint.
	p.Before()
	if c.layouts != 0 || c.paint() {
		t.Fatalf("nothing changed: %d layout passes, or a paint", c.layouts)
	}

	// A label key: the span list grows, its scroller is laid out again.
	// Without the pass, the paint's own layout pass asks for a second paint.
	c.dirty, c.pending = true, true
	if paints := c.paints(nil); paints != 2 {
		t.Fatalf("without the pass the change was painted %d times; the fake paints as Fyne does twice", paints)
	}
	c.dirty, c.pending = true, true
	layouts := c.layouts
	p.Before()
	if !c.dirty {
		t.Fatal("the pass cleared the canvas's dirty flag: the change would not be painted")
	}
	if p.Passes != 1 || c.layouts-layouts != 1 {
		t.Fatalf("%d passes, %d layouts, want 1 and 1", p.Passes, c.layouts-layouts)
	}
	if paints := c.paints(p); paints != 1 {
		t.Errorf("the change was painted %d times, want 1", paints)
	}

	// The window's minimum size changes: the paint lays out, as before.
	c.dirty, c.min = true, fyne.NewSize(640, 480)
	layouts = c.layouts
	p.Before()
	if !c.dirty || c.layouts != layouts || p.Skipped != 1 {
		t.Errorf("minimum size changed: dirty %v, %d layouts by the pass, %d skipped; want dirty, none, 1",
			c.dirty, c.layouts-layouts, p.Skipped)
	}
}

// TestPassKeepsTheWindowsSize: a dialog shown in a window smaller than
// its content's minimum (655×371 outside review, where the minimum is
// 520 high, which a window manager that ignores the minimum allows) is
// laid out by the pass at the window's size. Fyne's layout pass grew the
// canvas to 520 px, and the driver, whose own pass then found nothing
// changed, never grew the window to match: the window drew the canvas's
// top 149 px above its edge, menu bar and all, until it was resized. A
// dialog in a window that has the room for the content changes nothing.
func TestPassKeepsTheWindowsSize(t *testing.T) {
	for _, tc := range []struct {
		name       string
		size, want fyne.Size
	}{
		{"window below its minimum", fyne.NewSize(655, 371), fyne.NewSize(655, 371)},
		{"window at its minimum", fyne.NewSize(655, 520), fyne.NewSize(655, 520)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &fakeCanvas{min: fyne.NewSize(655, 520), size: tc.size}
			p := &Pass{c: c, min: c.min}
			c.dirty, c.shown = true, true
			p.Before()
			if p.Passes != 1 {
				t.Fatalf("%d passes, want 1", p.Passes)
			}
			if c.size != tc.want {
				t.Errorf("after the pass the canvas is %v in a window of %v", c.size, tc.want)
			}
			if c.paints(p) != 1 || c.size != tc.want {
				t.Errorf("after the paint the canvas is %v in a window of %v", c.size, tc.want)
			}
		})
	}
}

// TestStartOnTestCanvas: the test driver's canvas has no paint loop; the
// pass is not started there.
func TestStartOnTestCanvas(t *testing.T) {
	test.NewTempApp(t)
	if p := Start(test.NewCanvas()); p != nil {
		t.Errorf("Start on the test driver's canvas returned a pass")
	}
	var p *Pass
	p.Stop() // a window without a pass stops without one
}
