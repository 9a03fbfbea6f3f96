package textview

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/software"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/skein-news/skein/annotate"
)

// TestLayerTextIsFynesText: a line's text painted into its layer has the
// pixels Fyne paints for a text object of it, glyph for glyph, at every
// scale: kerning, runs of several scripts, combining marks, typographic
// punctuation, emoji from Fyne's emoji font. Fyne's test driver paints a text object in software into a
// texture of the same pixels as the GL painter's, but a column wider where
// the GL painter rounds the text's width down (an overhanging last glyph:
// the GL painter cuts it, and so does the layer), and a row taller where it
// rounds the height down (the row under the descenders).
func TestLayerTextIsFynesText(t *testing.T) {
	test.NewTempApp(t)
	themeFont := fyne.CurrentApp().Settings().Theme().Font(fyne.TextStyle{})
	fg := color.NRGBA{R: 0x20, G: 0x30, B: 0x40, A: 0xff}
	var tp textPainter
	for _, c := range []struct {
		s    string
		font fyne.Resource // a run's FontSource; nil for the theme's font
	}{
		{"The minister said on Tuesday that exports rose", nil},
		{"AVATAR Wave, To Yo “quoted” — dash… 12% of 3,400", nil},
		{"Ελλάδα and Россия in one line, Ünïcödé", nil},
		{"cafe\u0301 nai\u0308ve with combining marks", nil},
		{"Pakistan’s caretaker prime minister of", nil},
		{"“misleading” 👍 and asked 👍  for it", nil},
		{"اسلام آباد میں حکومت نے", textFont(kindNastaliq)},
		{"۱۲۵ ارب روپے خرچ ہوئے۔", textFont(kindNastaliq)},
		{"الحكومة أعلنت", textFont(kindNaskh)},
		{"निर्यात नीति की घोषणा", textFont(kindDeva)},
	} {
		s, res := c.s, c.font
		if res == nil {
			res = themeFont
		}
		face := faceOf(res, c.font == nil)
		if face == nil {
			t.Fatalf("%s does not parse", res.Name())
		}
		if !face.drawsAll(s) {
			t.Fatalf("%q: the theme's font draws it whole, want drawsAll", s)
		}
		for _, scale := range []float32{1, 1.5, 2} {
			size := theme.TextSize()
			ms, _ := fyne.CurrentApp().Driver().RenderedTextSize(s, size, fyne.TextStyle{}, c.font)
			// The software painter's texture: the GL painter's where
			// rounding to pixels rounds up (textSize), a column wider
			// and a row taller otherwise; the rasteriser's coverage of a
			// glyph's edge can differ by one in alpha with the image's
			// size, so the glyphs are painted into an image of its size.
			sz := image.Pt(int(math.Ceil(float64(ms.Width*scale))), int(math.Ceil(float64((ms.Height+1)*scale))))
			if gl := textSize(ms, scale); scale == 1 && (gl.X != sz.X && gl.X != sz.X-1 || gl.Y != sz.Y && gl.Y != sz.Y-1) {
				t.Fatalf("%q at scale %v: the GL texture %v, the software one %v", s, scale, gl, sz)
			}
			img := image.NewRGBA(image.Rectangle{Max: sz})
			tp.paint(img, textKey{s: s, c: fg, size: size, scale: scale, res: res}, face.faces)
			ours := image.NewNRGBA(img.Rect)
			draw.Draw(ours, ours.Rect, img, image.Point{}, draw.Over)

			sw := software.NewTransparentCanvas()
			sw.SetPadded(false)
			sw.SetScale(scale)
			txt := canvas.NewText(s, fg)
			txt.TextSize, txt.FontSource = size, c.font
			sw.SetContent(container.NewWithoutLayout(txt))
			txt.Move(fyne.Position{})
			txt.Resize(txt.MinSize())
			sw.Resize(fyne.NewSize(ms.Width+20, ms.Height+20))
			fynes := sw.Capture()

			ink, diff := 0, 0
			for y := 0; y < sz.Y; y++ {
				for x := 0; x < sz.X; x++ {
					a := ours.NRGBAAt(x, y)
					b := color.NRGBAModel.Convert(fynes.At(x, y)).(color.NRGBA)
					if a.A > 0 {
						ink++
					}
					if a != b {
						diff++
						if diff <= 3 {
							t.Errorf("%q at scale %v: pixel (%d, %d) is %v, Fyne paints %v", s, scale, x, y, a, b)
						}
					}
				}
			}
			if diff > 0 || ink < sz.X {
				t.Errorf("%q at scale %v: %d of %d pixels differ from Fyne's text, %d inked", s, scale, diff, sz.X*sz.Y, ink)
			}
		}
	}
	// What its fonts lack Fyne looks for in the system's fonts, which only it
	// knows: such a line keeps its text object, as does one with an emoji
	// sequence, which Fyne draws its own way.
	face := faceOf(themeFont, true)
	for _, s := range []string{"中文 text", "tab\there", "❤\ufe0f"} {
		if face.drawsAll(s) {
			t.Errorf("%q: drawsAll, want a fallback's", s)
		}
	}
}

// TestHighlightedLineDrawsOnce: a line with highlights is one object, its
// layer, which paints its text over the highlights; a line without keeps
// its text object and no layer; a line whose text needs a system font
// keeps its text object over its layer. Taking the highlights off gives
// every line its text object back.
func TestHighlightedLineDrawsOnce(t *testing.T) {
	text := sample + "\n\n中文 and a last line."
	v, w := newTestView(t, text, fyne.NewSize(360, 300))
	r := test.WidgetRenderer(v).(*viewRenderer)
	lines := len(texts(v))
	if lines < 6 {
		t.Fatalf("%d lines drawn, want the sample's five and the last one", lines)
	}
	v.SetSelection(frags(annotate.Fragment{Start: 0, End: annotate.CodePointLen(text)}))
	w.Canvas().Refresh(v)
	var painted []string
	rasters := 0
	for _, o := range r.Objects() {
		if _, ok := o.(*canvas.Raster); ok {
			rasters++
		}
	}
	w.Canvas().Capture() // paints the layers, and so rasterises their texts
	for _, ll := range r.layList {
		for i, tx := range ll.lay.shownTexts {
			painted = append(painted, tx.key.s)
			// The raster was sized from the layout before Fyne measured
			// the text: its texture must fit.
			if got := ll.lay.imgs[i].img.Rect.Size(); got.X > tx.dev.Dx() || got.Y > tx.dev.Dy() {
				t.Errorf("%q: a texture of %v in a place of %v", tx.key.s, got, tx.dev.Size())
			}
		}
	}
	if tx := texts(v); len(tx) != 1 || tx[0].Text != "中文 and a last line." {
		t.Errorf("with every line selected, %d text objects drawn (%v), want the CJK line's alone", len(tx), tx)
	}
	if rasters != lines || len(painted) != lines-1 {
		t.Errorf("with every line selected, %d layers drawn painting %d lines' texts, want %d painting %d", rasters, len(painted), lines, lines-1)
	}
	if len(painted) > 0 && painted[0] != "The minister said on Tuesday that exports rose" {
		t.Errorf("the first layer paints %q, want the first line", painted[0])
	}
	v.SetSelection(nil)
	w.Canvas().Refresh(v)
	if n := len(texts(v)); n != lines {
		t.Errorf("with nothing selected, %d text objects, want %d", n, lines)
	}
	for _, o := range r.Objects() {
		if _, ok := o.(*canvas.Raster); ok {
			t.Errorf("with nothing selected, a layer is drawn")
		}
	}
}
