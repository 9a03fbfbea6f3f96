package fonts

import (
	"image"
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// A space after an arrow draws nothing and is as wide as a space: Fyne's
// symbol font had none, so the space was drawn as a missing glyph, a box
// wider than a space, after each of its arrows and key symbols
// ("Kabul →□ Islamabad"), in labels, menus and the article alike.
func TestSpaceAfterAnArrowIsASpace(t *testing.T) {
	if !SymbolsSpaced() {
		t.Fatal("Fyne's symbol font was not given its spaces: is it still theme.DefaultSymbolFont's InterSymbols-Regular.ttf?")
	}
	test.NewTempApp(t)
	size := theme.TextSize()
	for _, style := range []fyne.TextStyle{{}, {Bold: true}, {Italic: true}} {
		space := fyne.MeasureText(" ", size, style).Width
		for _, a := range []string{"←", "→", "↑", "↓", "⇧", "⌫", "↵"} {
			if gap := fyne.MeasureText(a+" x", size, style).Width - fyne.MeasureText(a+"x", size, style).Width; gap > 1.25*space {
				t.Errorf("%s in %+v: a space after it is %.1f wide, want about a space's %.1f", a, style, gap, space)
			}
			if ink := drawn(t, a+" ", style); !sameInk(ink, drawn(t, a, style)) {
				t.Errorf("%s in %+v: a space after it draws something", a, style)
			}
		}
	}
}

// drawn is s drawn alone in a window, black on white.
func drawn(t *testing.T, s string, style fyne.TextStyle) image.Image {
	t.Helper()
	txt := canvas.NewText(s, color.Black)
	txt.TextStyle = style
	bg := canvas.NewRectangle(color.White)
	w := test.NewTempWindow(t, container.NewStack(bg, container.NewWithoutLayout(txt)))
	w.SetPadded(false)
	w.Resize(fyne.NewSize(120, 40))
	txt.Move(fyne.NewPos(4, 4))
	txt.Resize(txt.MinSize())
	return w.Canvas().Capture()
}

// sameInk reports whether a and b have dark pixels in the same places.
func sameInk(a, b image.Image) bool {
	r := a.Bounds()
	if r != b.Bounds() {
		return false
	}
	dark := func(c color.Color) bool { y := color.GrayModel.Convert(c).(color.Gray).Y; return y < 200 }
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if dark(a.At(x, y)) != dark(b.At(x, y)) {
				return false
			}
		}
	}
	return true
}
