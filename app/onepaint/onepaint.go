// Package onepaint keeps an action to one paint of the window (issue 18).
//
// Fyne's desktop driver starts each paint with a layout pass
// (EnsureMinSize): every container one of whose children changed its
// minimum size is laid out again. A scroller laid out there refreshes its
// scroll bar, and that refresh marks the canvas dirty once more, so the
// driver paints the whole window a second time at its next tick, ~17 ms
// after the first, although nothing changed in between: the span list
// grows or shrinks by a row on every label key and undo, so each of them
// was painted twice (on Mesa's software GL a whole frame is most of an
// action's cost), and so was every open and every jump to a thread member.
//
// Start runs that layout pass itself just before the driver's paint, in
// the same tick: the driver ticks the animations immediately before it
// paints, and a never-ending animation that draws nothing is the hook. The
// paint's own pass then finds nothing changed and refreshes nothing, and
// whatever the early pass refreshed is drawn by the paint that follows it.
package onepaint

import (
	"time"

	"fyne.io/fyne/v2"

	"github.com/skein-news/skein/app/phases"
)

// canvas is what the pass needs of Fyne's desktop canvas: its dirty flag
// (read by clearing it, so it is set again), its layout pass, its minimum
// size and its size. The test driver's canvas has no dirty flag nor
// layout pass: there the pass does nothing.
type canvas interface {
	CheckDirtyAndClear() bool
	SetDirty()
	EnsureMinSize() bool
	MinSize() fyne.Size
	Size() fyne.Size
	Resize(fyne.Size)
}

// Pass is the early layout pass of one window's canvas.
type Pass struct {
	c   canvas
	min fyne.Size // the canvas's minimum size when last looked at
	a   *fyne.Animation
	// Passes counts the early passes run; Skipped those left to the
	// paint because the window's minimum size changed; Kept those that
	// grew the canvas beyond the window and gave it back its size.
	Passes, Skipped, Kept int
}

// Start runs the early layout pass before every paint of c, until Stop;
// it returns nil where c is not Fyne's desktop canvas. Call it on the UI
// goroutine once the canvas has its content.
func Start(c fyne.Canvas) *Pass {
	gc, ok := c.(canvas)
	if !ok {
		return nil
	}
	p := &Pass{c: gc}
	p.a = &fyne.Animation{Duration: time.Second, RepeatCount: fyne.AnimationRepeatForever, Tick: func(float32) { p.Before() }}
	p.a.Start()
	return p
}

// Stop ends the pass.
func (p *Pass) Stop() {
	if p != nil {
		p.a.Stop()
	}
}

// Before is the pass, run at each tick before the driver decides whether
// to paint: when the canvas is to be painted, it lays out what changed.
//
// When the window's minimum size changed, the pass is left to the paint:
// the driver learns that from its own pass alone (it then tells the window
// manager the new minimum size and grows the window if it has to), so
// that change costs the second paint as before.
func (p *Pass) Before() {
	if !p.c.CheckDirtyAndClear() {
		return
	}
	defer p.c.SetDirty()
	if m := p.c.MinSize(); m != p.min {
		p.min = m
		p.Skipped++
		return
	}
	phases.Mark("layout")
	size := p.c.Size()
	if p.c.EnsureMinSize() && p.c.Size() != size {
		// A dialog shown in a window smaller than its content's minimum
		// (a window manager that ignores the minimum, or none, allowed
		// it: 655×371 outside review, whose minimum is 520 high) makes
		// Fyne's pass grow the canvas to that minimum. The driver, which
		// would then grow the window to match, learns of it only from
		// its own pass, which now finds nothing changed: the canvas
		// stayed 520 px high in a window of 371, drawn with its top 149
		// px above the window's edge (the menu bar gone) while clicks
		// landed where things were before, until the window was
		// resized. The canvas is the window's size again, as it was
		// before the dialog.
		p.c.Resize(size)
		p.Kept++
	}
	phases.Mark("layout-end")
	p.Passes++
}
