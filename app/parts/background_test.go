package parts

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// headerTheme is Fyne's default theme with its header background in a
// colour of its own.
type headerTheme struct {
	fyne.Theme
	c color.Color
}

func (t headerTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNameHeaderBackground {
		return t.c
	}
	return t.Theme.Color(n, v)
}

// Under Fyne's GL painter a Background is one shader, filling its whole
// size with its theme colour as the painter fills a rectangle of that
// colour (not premultiplied, each channel over its alpha), and following
// a switch of theme; no rectangle, whose shader works out a stroke and a
// shadow for every point.
func TestBackgroundUnderTheGLPainter(t *testing.T) {
	a := test.NewTempApp(t)
	opaque := color.NRGBA{R: 0x26, G: 0x27, B: 0x2c, A: 0xff}
	a.Settings().SetTheme(headerTheme{theme.DefaultTheme(), opaque})
	p := NewBackground(theme.ColorNameHeaderBackground)
	r := newPanelRenderer(p, true)
	objs := r.Objects()
	if len(objs) != 1 {
		t.Fatalf("%d objects, want the one shader", len(objs))
	}
	s, ok := objs[0].(*canvas.Shader)
	if !ok {
		t.Fatalf("a Background under the GL painter draws a %T, want a *canvas.Shader", objs[0])
	}
	if s.Name != flatName || string(s.Source) != flatSource || string(s.SourceES) != flatSourceES {
		t.Errorf("the shader is %q, want the flat fill", s.Name)
	}
	r.Layout(fyne.NewSize(300, 650))
	if got := s.Size(); got != fyne.NewSize(300, 650) {
		t.Errorf("the shader is %v, want the background's 300×650", got)
	}
	fill := func() [4]float32 {
		u := s.Uniforms
		return [4]float32{u["fillR"], u["fillG"], u["fillB"], u["fillA"]}
	}
	if got, want := fill(), [4]float32{0x26 / 255., 0x27 / 255., 0x2c / 255., 1}; got != want {
		t.Errorf("the fill is %v, want %v", got, want)
	}
	// A translucent colour, as the painter gives it a rectangle: the
	// colour itself and its alpha, for the painter to blend.
	a.Settings().SetTheme(headerTheme{theme.DefaultTheme(), color.NRGBA{R: 0x3b, G: 0x5b, B: 0xdb, A: 0x2a}})
	r.Refresh()
	got := fill()
	for i, want := range [4]float32{0x3b / 255., 0x5b / 255., 0xdb / 255., 0x2a / 255.} {
		if d := got[i] - want; d > 0.5/255 || d < -0.5/255 {
			t.Errorf("channel %d of the translucent fill is %v, want %v", i, got[i], want)
		}
	}
}

// Fyne's test driver paints with its software painter, which draws no
// shader: there a Background is a rectangle, and a window shows it.
func TestBackgroundUnderTheSoftwarePainter(t *testing.T) {
	a := test.NewTempApp(t)
	c := color.NRGBA{R: 0x26, G: 0x27, B: 0x2c, A: 0xff}
	a.Settings().SetTheme(headerTheme{theme.DefaultTheme(), c})
	if glPainted() {
		t.Fatal("the test driver's windows are taken for the GL painter's")
	}
	w := test.NewTempWindow(t, container.NewStack(NewBackground(theme.ColorNameHeaderBackground)))
	w.SetPadded(false)
	w.Resize(fyne.NewSize(40, 30))
	img := w.Canvas().Capture()
	if got := color.NRGBAModel.Convert(img.At(20, 15)); got != c {
		t.Errorf("the window shows %v, want the background's %v", got, c)
	}
}
