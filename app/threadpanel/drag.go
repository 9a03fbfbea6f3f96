package threadpanel

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// A member moves by dragging its row: pressed on a row and dragged, it
// takes the place of the row under the pointer when the button is let go,
// which a line across the list shows as it goes — above that row when the
// member moves up, below it when it moves down. Let go outside the list, or
// over its own row, it stays. Near the list's top or bottom edge the list
// scrolls, so a member can be taken past what is shown. The move is one
// OnMove, as Move up and Move down are, so the window undoes it in one step.
// The driver sends no tap at the end of a drag, so a drag opens nothing.

const (
	dropLineThickness = 3
	// autoScrollEvery is how often the list scrolls while the pointer rests
	// near its edge.
	autoScrollEvery = 40 * time.Millisecond
)

// rowDrag is a drag in progress.
type rowDrag struct {
	span      string        // the dragged member's span, to find it if the members change
	origin    fyne.Position // the dragged row's absolute position when the drag began
	at        fyne.Position // the pointer, absolute
	to        int           // where the member would land, or -1: nowhere
	rowHeight float32       // the height of every row
	speed     float32       // how far the list scrolls each step: < 0 up, > 0 down, 0 not
	stop      func()        // stops the scrolling, while it runs
}

// Dragged moves the drop line with the pointer. The event's position is the
// pointer's, from where the row was when the drag began (fyne.DragEvent).
func (r *memberRow) Dragged(e *fyne.DragEvent) { r.view.dragged(r, e) }

// DragEnd moves the member to where the drop line shows.
func (r *memberRow) DragEnd() { r.view.dragEnd() }

func (v *ThreadView) dragged(r *memberRow, e *fyne.DragEvent) {
	if v.owner != "" {
		return
	}
	if v.drag == nil {
		if r.id < 0 || r.id >= len(v.members) {
			return
		}
		v.drag = &rowDrag{
			span:      v.members[r.id].Span,
			origin:    fyne.CurrentApp().Driver().AbsolutePositionForObject(r),
			to:        -1,
			rowHeight: r.Size().Height,
		}
	}
	v.drag.at = v.drag.origin.Add(e.Position)
	v.updateDrop()
}

func (v *ThreadView) dragEnd() {
	d := v.drag
	if d == nil {
		return
	}
	v.cancelDrag()
	if v.owner != "" || d.to < 0 {
		return
	}
	v.move(v.indexOf(d.span), d.to)
}

// cancelDrag forgets a drag in progress and hides its line.
func (v *ThreadView) cancelDrag() {
	if v.drag == nil {
		return
	}
	if v.drag.stop != nil {
		v.drag.stop()
	}
	v.drag = nil
	v.dropLine.Hide()
}

// indexOf returns the index of the member of span, or -1.
func (v *ThreadView) indexOf(span string) int {
	for i, m := range v.members {
		if m.Span == span {
			return i
		}
	}
	return -1
}

// rowStride returns the distance from one row's top to the next one's:
// the list's rows are all as high as the dragged one, with a padding
// between.
func (v *ThreadView) rowStride() float32 {
	return v.drag.rowHeight + v.list.Theme().Size(theme.SizeNamePadding)
}

// updateDrop works out where the dragged member would land from the
// pointer and the list's scroll offset, shows it, and starts or stops
// scrolling when the pointer is near the list's top or bottom.
func (v *ThreadView) updateDrop() {
	d := v.drag
	from := v.indexOf(d.span)
	size := v.list.Size()
	p := d.at.Subtract(fyne.CurrentApp().Driver().AbsolutePositionForObject(v.list))
	n := len(v.members)
	if from < 0 || p.X < 0 || p.Y < 0 || p.X >= size.Width || p.Y >= size.Height || n == 0 {
		d.to = -1
		v.dropLine.Hide()
		v.setAutoScroll(0)
		return
	}
	stride := v.rowStride()
	offset := v.list.GetScrollOffset()
	to := int((p.Y + offset) / stride)
	to = max(0, min(to, n-1))
	d.to = to

	// Scroll when the pointer is within half a row of an edge, faster the
	// nearer it is, while there is more to show that way.
	edge := stride / 2
	maxOffset := max(0, float32(n)*stride-v.list.Theme().Size(theme.SizeNamePadding)-size.Height)
	switch {
	case p.Y < edge && offset > 0:
		v.setAutoScroll(-stride / 4 * (1 + (edge-p.Y)/edge))
	case p.Y > size.Height-edge && offset < maxOffset:
		v.setAutoScroll(stride / 4 * (1 + (p.Y-(size.Height-edge))/edge))
	default:
		v.setAutoScroll(0)
	}

	if to == from {
		v.dropLine.Hide()
		return
	}
	// Above the row it takes the place of when it moves up, below it when
	// it moves down: between the two members it will sit between.
	pad := v.list.Theme().Size(theme.SizeNamePadding)
	y := float32(to)*stride - offset - pad/2
	if to > from {
		y += stride
	}
	y = max(0, min(y-dropLineThickness/2, size.Height-dropLineThickness))
	v.dropLine.Move(fyne.NewPos(0, y))
	v.dropLine.Resize(fyne.NewSize(size.Width, dropLineThickness))
	v.dropLine.Show()
	v.dropLine.Refresh()
}

// setAutoScroll scrolls the list by speed each step (0: not at all),
// starting or stopping the repeat as needed.
func (v *ThreadView) setAutoScroll(speed float32) {
	d := v.drag
	d.speed = speed
	switch {
	case speed == 0 && d.stop != nil:
		d.stop()
		d.stop = nil
	case speed != 0 && d.stop == nil:
		repeat := v.repeat
		if repeat == nil {
			repeat = everyTick
		}
		d.stop = repeat(func() {
			if v.drag != d || d.speed == 0 {
				return // a step queued before the drag ended
			}
			v.list.ScrollToOffset(v.list.GetScrollOffset() + d.speed)
			v.updateDrop()
		})
	}
}

// everyTick calls step on the UI goroutine every autoScrollEvery until
// stop is called.
func everyTick(step func()) (stop func()) {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(autoScrollEvery)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				fyne.Do(step)
			}
		}
	}()
	return func() { close(done) }
}
