package drawcount

import (
	"image"
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

// A frame that draws the texts of the frame before makes no text texture;
// one that changes a text makes one; the area is each drawn object's
// points within the window.
func TestNewTextsAndArea(t *testing.T) {
	test.NewTempApp(t)
	red := color.NRGBA{R: 0xff, A: 0xff}
	a, b := canvas.NewText("same", red), canvas.NewText("before", red)
	bg := canvas.NewRectangle(red)
	w := test.NewTempWindow(t, container.NewStack(bg, container.NewVBox(a, b)))
	w.SetPadded(false)
	w.Resize(fyne.NewSize(200, 100))
	was := Window(w.Canvas())
	if got := NewTexts(was, Window(w.Canvas())); got != 0 {
		t.Errorf("the same frame again makes %d text textures, want 0", got)
	}
	b.Text = "after"
	now := Window(w.Canvas())
	if got := NewTexts(was, now); got != 1 {
		t.Errorf("a changed text makes %d text textures, want 1", got)
	}
	b.Text = "same"
	now = Window(w.Canvas())
	if len(now.TextKeys) != 1 || now.Texts != 2 {
		t.Errorf("two objects of the same text: %d textures for %d texts, want 1 for 2", len(now.TextKeys), now.Texts)
	}
	// The background covers the window; the texts add their own size (the
	// painter draws a text at its size, not at its object's).
	texts := float64(a.MinSize().Width*a.MinSize().Height + b.MinSize().Width*b.MinSize().Height)
	if got, want := now.Area, 200*100+texts; got != want {
		t.Errorf("area %.0f, want %.0f (the window and the texts' boxes)", got, want)
	}
}

// A text over a raster of the same widget is stacked on it; one beside it,
// or over another widget's raster, is not.
func TestStacked(t *testing.T) {
	test.NewTempApp(t)
	red := color.NRGBA{R: 0xff, A: 0xff}
	raster := func(x, y, w, h float32) *canvas.Raster {
		r := canvas.NewRasterWithPixels(func(int, int, int, int) color.Color { return red })
		r.Move(fyne.NewPos(x, y))
		r.Resize(fyne.NewSize(w, h))
		return r
	}
	text := func(s string, x, y float32) *canvas.Text {
		tx := canvas.NewText(s, red)
		tx.Move(fyne.NewPos(x, y))
		tx.Resize(tx.MinSize())
		return tx
	}
	h := text("M", 0, 0).MinSize().Height
	mine := &stackWidget{objs: []fyne.CanvasObject{
		raster(10, 0, 40, h), text("over", 0, 0), // over its raster
		text("below", 0, 2*h),                              // beside it
		raster(0, 4*h, 200, h), text("touching", 0, 4.8*h), // over a sliver of it
	}}
	theirs := &stackWidget{objs: []fyne.CanvasObject{text("theirs", 0, 0)}}
	w := test.NewTempWindow(t, container.NewStack(mine, theirs))
	w.SetPadded(false)
	w.Resize(fyne.NewSize(200, 8*h))
	n := Window(w.Canvas())
	if got := n.Stacked["drawcount.stackWidget"]; got != 1 {
		t.Errorf("%d texts stacked on a raster, want 1: %v", got, n.Stacked)
	}
}

type stackWidget struct {
	widget.BaseWidget
	objs []fyne.CanvasObject
}

func (s *stackWidget) CreateRenderer() fyne.WidgetRenderer {
	s.ExtendBaseWidget(s)
	return &stackRenderer{s}
}

type stackRenderer struct{ s *stackWidget }

func (r *stackRenderer) Destroy()                     {}
func (r *stackRenderer) Layout(fyne.Size)             {}
func (r *stackRenderer) MinSize() fyne.Size           { return fyne.Size{} }
func (r *stackRenderer) Objects() []fyne.CanvasObject { return r.s.objs }
func (r *stackRenderer) Refresh()                     {}

// A refresh around them frees the textures of rasters and gradients, not
// those of images or texts: Freed counts the former, by owner.
func TestFreedCountsRastersAndGradients(t *testing.T) {
	test.NewTempApp(t)
	red := color.NRGBA{R: 0xff, A: 0xff}
	sized := func(o fyne.CanvasObject) fyne.CanvasObject {
		return container.NewGridWrap(fyne.NewSize(20, 20), o)
	}
	img := canvas.NewImageFromImage(image.NewRGBA(image.Rect(0, 0, 20, 20)))
	content := container.NewVBox(
		sized(canvas.NewRasterWithPixels(func(x, y, w, h int) color.Color { return red })),
		sized(canvas.NewHorizontalGradient(red, color.Transparent)),
		sized(img), canvas.NewText("text", red))
	w := test.NewTempWindow(t, content)
	w.Resize(fyne.NewSize(100, 200))
	n := Window(w.Canvas())
	if n.Freed["fyne"] != 2 || n.Images != 1 || n.Texts != 1 {
		t.Errorf("Freed %v with %d images and %d texts drawn, want 2 (the raster, the gradient), 1 and 1", n.Freed, n.Images, n.Texts)
	}
}
