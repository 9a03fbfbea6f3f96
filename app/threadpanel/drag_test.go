package threadpanel

import (
	"fmt"
	"reflect"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// dragView is a view of members() that records moves and opens, and
// applies moves as the window does.
func dragView(t *testing.T) (*ThreadView, fyne.Window, *[]string) {
	v, w := newView(t)
	var got []string
	v.OnMove = func(from, to int) {
		got = append(got, fmt.Sprint("move ", from, ">", to))
		reorder(v, from, to)
	}
	v.OnOpen = func(doc, span string) { got = append(got, "open "+span) }
	return v, w, &got
}

func spansOf(v *ThreadView) []string {
	var out []string
	for _, m := range v.Members() {
		out = append(out, m.Span)
	}
	return out
}

// lineY returns the drop line's middle on the canvas, or fails if hidden.
func lineY(t *testing.T, v *ThreadView) float32 {
	t.Helper()
	if !v.dropLine.Visible() {
		t.Fatalf("no drop line shown during the drag")
	}
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(v.dropLine).Y + v.dropLine.Size().Height/2
}

// rowSpan returns the top and bottom of member i's row on the canvas.
func rowSpan(t *testing.T, w fyne.Window, i int) (top, bottom float32) {
	t.Helper()
	r, ok := rows(t, w)[i]
	if !ok {
		t.Fatalf("member %d is not shown", i)
	}
	top = fyne.CurrentApp().Driver().AbsolutePositionForObject(r).Y
	return top, top + r.Size().Height
}

func TestThreadViewDragDown(t *testing.T) {
	v, w, got := dragView(t)
	_, bottom2 := rowSpan(t, w, 2)
	top2, _ := rowSpan(t, w, 2)
	g := press(t, w, labelAt(t, w, "surged by 60%")).to(labelAt(t, w, "79%"))
	// Moving down it lands after the last member: the line is below that row.
	if y := lineY(t, v); y < bottom2-2 || y > bottom2+8 {
		t.Errorf("drop line at y %v, want just below the last row (%v–%v)", y, top2, bottom2)
	}
	if len(*got) != 0 {
		t.Errorf("during the drag got %q, want nothing yet", *got)
	}
	g.release()
	if want := []string{"move 0>2"}; !reflect.DeepEqual(*got, want) {
		t.Errorf("got %q, want %q and no open", *got, want)
	}
	if want := []string{"b", "c", "a"}; !reflect.DeepEqual(spansOf(v), want) {
		t.Errorf("got members %q, want %q", spansOf(v), want)
	}
	if v.dropLine.Visible() {
		t.Errorf("the drop line is still shown after the drop")
	}
	if s := v.Selected(); s < 0 || v.Members()[s].Span != "a" {
		t.Errorf("got member %d selected, want the moved one, now 2", s)
	}
}

func TestThreadViewDragUp(t *testing.T) {
	v, w, got := dragView(t)
	top0, _ := rowSpan(t, w, 0)
	// Pressed on the link chip, a menu when clicked, the row still drags.
	g := press(t, w, labelAt(t, w, "contradicts ▾")).to(labelAt(t, w, "2023-11-10 · claim · Kakar links surge"))
	if y := lineY(t, v); y < top0-8 || y > top0+2 {
		t.Errorf("drop line at y %v, want just above the first row at %v", y, top0)
	}
	g.release()
	if want := []string{"move 2>0"}; !reflect.DeepEqual(*got, want) {
		t.Errorf("got %q, want %q", *got, want)
	}
	if want := []string{"c", "a", "b"}; !reflect.DeepEqual(spansOf(v), want) {
		t.Errorf("got members %q, want %q", spansOf(v), want)
	}
	if w.Canvas().Overlays().Top() != nil {
		t.Errorf("dragging from the link chip showed its menu")
	}
}

func TestThreadViewDragNowhere(t *testing.T) {
	v, w, got := dragView(t)
	start := labelAt(t, w, "surged by 60%")

	// Out of the list, over the buttons above it: nothing.
	g := press(t, w, start).to(labelAt(t, w, "79%"))
	lineY(t, v)
	g.to(fyne.CurrentApp().Driver().AbsolutePositionForObject(v.upBtn).AddXY(5, 5))
	if v.dropLine.Visible() {
		t.Errorf("over the buttons the drop line is still shown")
	}
	g.release()

	// Out of the window to the right: nothing.
	press(t, w, start).to(labelAt(t, w, "60 percent")).by(0, 0).to(fyne.NewPos(w.Canvas().Size().Width+40, start.Y+70)).release()

	// Down two rows and back: nothing.
	g = press(t, w, start).to(labelAt(t, w, "79%"))
	g.to(start.AddXY(0, 5))
	if v.dropLine.Visible() {
		t.Errorf("back over its own row the drop line is still shown")
	}
	g.release()

	// test.Drag: a few units within the row, as a shaky click is.
	test.Drag(w.Canvas(), start, 0, 3)

	if len(*got) != 0 {
		t.Errorf("got %q, want no move and no open", *got)
	}
	if want := []string{"a", "b", "c"}; !reflect.DeepEqual(spansOf(v), want) {
		t.Errorf("got members %q, want them unchanged", spansOf(v))
	}
	// A click after all that still opens.
	tapText(t, w, "60 percent")
	if want := []string{"open b"}; !reflect.DeepEqual(*got, want) || v.Selected() != 1 {
		t.Errorf("a click got %q selected %d, want %q and 1", *got, v.Selected(), want)
	}
}

func TestThreadViewDragReadOnly(t *testing.T) {
	v, w, got := dragView(t)
	v.SetOwner("ayesha")
	g := press(t, w, labelAt(t, w, "surged by 60%")).to(labelAt(t, w, "79%"))
	if v.dropLine.Visible() {
		t.Errorf("a colleague's thread shows a drop line")
	}
	g.release()
	if len(*got) != 0 {
		t.Errorf("got %q, want nothing from a colleague's thread", *got)
	}
	// Made read-only in the middle of a drag: dropped, nothing.
	v.SetOwner("")
	g = press(t, w, labelAt(t, w, "surged by 60%")).to(labelAt(t, w, "79%"))
	lineY(t, v)
	v.SetOwner("ayesha")
	g.release()
	if len(*got) != 0 || v.dropLine.Visible() {
		t.Errorf("got %q, line shown %v, want nothing", *got, v.dropLine.Visible())
	}
}

// TestThreadViewDragScrolls holds a member at the list's bottom edge: the
// list scrolls while it rests there, and it lands past the rows first shown.
func TestThreadViewDragScrolls(t *testing.T) {
	v, w := newView(t)
	v.SetMembers(benchThread(50, "A"))
	var moves []string
	v.OnMove = func(from, to int) { moves = append(moves, fmt.Sprint(from, ">", to)) }
	var step func()
	running := false
	v.repeat = func(f func()) func() {
		step, running = f, true
		return func() { running = false }
	}
	shown := len(rows(t, w))
	d := fyne.CurrentApp().Driver()
	listBottom := d.AbsolutePositionForObject(v.list).Y + v.list.Size().Height

	start := labelAt(t, w, benchThread(50, "A")[0].Excerpt)
	g := press(t, w, start).to(fyne.NewPos(start.X, listBottom-4))
	if !running {
		t.Fatalf("at the list's bottom edge no scrolling started")
	}
	for range 20 {
		step()
	}
	if v.list.GetScrollOffset() == 0 {
		t.Fatalf("the list did not scroll")
	}
	at := fyne.NewPos(start.X, listBottom-150) // away from the edge
	g.to(at)
	if running {
		t.Errorf("away from the edge the list still scrolls")
	}
	under := -1
	for id, r := range rows(t, w) {
		p := d.AbsolutePositionForObject(r)
		if at.Y >= p.Y && at.Y < p.Y+r.Size().Height {
			under = id
		}
	}
	g.release()
	if want := []string{fmt.Sprint("0>", under)}; !reflect.DeepEqual(moves, want) || under < shown {
		t.Errorf("got moves %q, want %q, to the row under the pointer, past the %d rows first shown", moves, want, shown)
	}
	if v.drag != nil || running {
		t.Errorf("after the drop the drag is kept or scrolling still runs")
	}
}
