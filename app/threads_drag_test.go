package app

import (
	"reflect"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// shownLabel finds the shown label whose text is text under o, and the
// innermost Draggable holding it (nil if none).
func shownLabel(o fyne.CanvasObject, text string) (*widget.Label, fyne.Draggable) {
	var found *widget.Label
	var holder fyne.Draggable
	var walk func(o fyne.CanvasObject, drag fyne.Draggable) bool
	walk = func(o fyne.CanvasObject, drag fyne.Draggable) bool {
		if !o.Visible() {
			return false
		}
		if d, ok := o.(fyne.Draggable); ok {
			drag = d
		}
		if l, ok := o.(*widget.Label); ok && l.Text == text {
			found, holder = l, drag
			return true
		}
		var kids []fyne.CanvasObject
		switch c := o.(type) {
		case fyne.Widget:
			kids = test.WidgetRenderer(c).Objects()
		case *fyne.Container:
			kids = c.Objects
		}
		for _, k := range kids {
			if walk(k, drag) {
				return true
			}
		}
		return false
	}
	walk(o, nil)
	return found, holder
}

// dragLabel presses the mouse on the label shown with text from, moves it
// in small steps to the label shown with text to and lets go, as the
// desktop driver reports it to the Draggable under the press: positions
// from where it was when the drag began, then DragEnd, and no tap.
func dragLabel(t *testing.T, w *Window, from, to string) {
	t.Helper()
	d := fyne.CurrentApp().Driver()
	middle := func(text string) (fyne.Position, fyne.Draggable) {
		l, drag := shownLabel(w.th.View(), text)
		if l == nil {
			t.Fatalf("no label %q shown", text)
		}
		return d.AbsolutePositionForObject(l).Add(fyne.NewPos(l.Size().Width/2, l.Size().Height/2)), drag
	}
	at, obj := middle(from)
	end, _ := middle(to)
	if obj == nil {
		t.Fatalf("the label %q is in nothing that drags", from)
	}
	origin := d.AbsolutePositionForObject(obj.(fyne.CanvasObject))
	for at != end {
		dy := max(-10, min(end.Y-at.Y, 10))
		dx := max(-10, min(end.X-at.X, 10))
		at = at.AddXY(dx, dy)
		e := &fyne.DragEvent{Dragged: fyne.NewDelta(dx, dy)}
		e.AbsolutePosition, e.Position = at, at.Subtract(origin)
		obj.Dragged(e)
	}
	obj.DragEnd()
}

// TestThreadDragMemberUndo drags the first member of a thread below the
// last in the thread view: the thread is stored in the new order without
// opening the member, and one Undo puts it back.
func TestThreadDragMemberUndo(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	w.win.Resize(fyne.NewSize(1320, 840))
	before, spans := threeArticleThread(t, w)
	before = before.Clone()
	shownDoc := w.doc.ID

	dragLabel(t, w, "linked the surge in attacks", "stalled again")
	settle(w)

	want := []string{spans[1].ID, spans[2].ID, spans[0].ID}
	if got := memberSpans(storedThread(t, st, before.ID)); !reflect.DeepEqual(got, want) {
		t.Fatalf("after the drag the store has %v, want %v", got, want)
	}
	if got := viewSpans(w); !reflect.DeepEqual(got, want) {
		t.Errorf("after the drag the view shows %v, want %v", got, want)
	}
	if w.doc.ID != shownDoc {
		t.Errorf("the drag opened %s; it should open nothing", w.doc.Title)
	}

	w.undo()
	settle(w)
	if got := storedThread(t, st, before.ID); !reflect.DeepEqual(got, before) {
		t.Errorf("after one undo got %+v, want %+v", got, before)
	}
	if got := viewSpans(w); !reflect.DeepEqual(got, memberSpans(before)) {
		t.Errorf("after one undo the view shows %v, want %v", got, memberSpans(before))
	}

	// A click on a member still opens it.
	l, _ := shownLabel(w.th.View(), "linked the surge in attacks")
	test.TapCanvas(w.win.Canvas(), fyne.CurrentApp().Driver().AbsolutePositionForObject(l).AddXY(4, l.Size().Height/2))
	settle(w)
	if w.doc.ID != docKakar.ID || w.view.SelectedSpan() != spans[0].ID {
		t.Errorf("a click on the first member shows %s with span %q, want %s with %s", w.doc.Title, w.view.SelectedSpan(), docKakar.Title, spans[0].ID)
	}
}
