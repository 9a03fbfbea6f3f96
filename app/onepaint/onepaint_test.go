package onepaint

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// fakeCanvas is the desktop canvas as the pass sees it: a dirty flag, a
// layout pass that may mark it dirty again (a scroller laid out), and a
// minimum size.
type fakeCanvas struct {
	dirty     bool
	min, size fyne.Size
	layouts   int
	pending   bool // a scroller's content changed size: the next layout pass refreshes its bar
}

func (c *fakeCanvas) CheckDirtyAndClear() bool { d := c.dirty; c.dirty = false; return d }
func (c *fakeCanvas) SetDirty()                { c.dirty = true }
func (c *fakeCanvas) MinSize() fyne.Size       { return c.min }
func (c *fakeCanvas) EnsureMinSize() bool {
	c.layouts++
	if c.pending {
		c.pending = false
		c.dirty = true
	}
	return false
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
