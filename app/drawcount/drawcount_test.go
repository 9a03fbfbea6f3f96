package drawcount

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// What the painter skips is not counted: a hidden object, one scrolled out
// of its scroller's view, a rectangle of no colour, an empty text.
func TestCountsWhatThePainterDraws(t *testing.T) {
	test.NewTempApp(t)
	red := color.NRGBA{R: 0xff, A: 0xff}
	hidden := canvas.NewText("hidden", red)
	hidden.Hide()
	var rows []fyne.CanvasObject
	for range 50 {
		r := canvas.NewRectangle(red)
		r.SetMinSize(fyne.NewSize(10, 20))
		rows = append(rows, r)
	}
	scroll := container.NewVScroll(container.NewVBox(rows...))
	scroll.SetMinSize(fyne.NewSize(100, 100))
	content := container.NewVBox(
		canvas.NewText("shown", red), hidden, canvas.NewText("", red),
		canvas.NewRectangle(color.Transparent), widget.NewLabel("label"), scroll)
	w := test.NewTempWindow(t, content)
	w.Resize(fyne.NewSize(200, 400))
	n := Window(w.Canvas())
	if n.Texts != 2 {
		t.Errorf("counted %d texts, want 2 (shown, label)", n.Texts)
	}
	// 100 points of rows 20 high with padding between: five or six rows
	// are in the scroller's view, the others are not drawn.
	if n.Rects < 4 || n.Rects > 7 {
		t.Errorf("counted %d rectangles, want those in the scroller's view", n.Rects)
	}
	if n.Total != n.Texts+n.Rects+n.Images+n.Rasters+n.Other {
		t.Errorf("the kinds do not add up to the total: %v", n)
	}
}
