package textview

import (
	"image"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/software"
	"fyne.io/fyne/v2/test"
)

// TestLayersAtScale: on a HiDPI screen the layers paint at the screen's
// resolution, not at the view's units scaled up: at scale 2 a
// suggestion's 1.5-unit dashes are 3 pixels thick (a raster of units
// stretched would make them 4), on the rows twice as far down as at
// scale 1.
func TestLayersAtScale(t *testing.T) {
	fig := frag(t, sample, "12%", 0)
	dashRows := func(scale float32) (rows []int, img image.Image, v *View) {
		t.Helper()
		v, w := newTestView(t, sample, fyne.NewSize(360, 230))
		w.Canvas().(software.WindowlessCanvas).SetScale(scale)
		v.SetHighlights([]Highlight{{ID: "sug", Fragments: frags(fig), Color: figureColor, Label: "figure", Style: StyleSuggested}})
		img = w.Canvas().Capture()
		for _, ll := range test.WidgetRenderer(v).(*viewRenderer).layList {
			if len(ll.lay.shown) == 0 {
				continue
			}
			sz := ll.lay.r.Size()
			if got, want := ll.lay.painted, image.Pt(int(sz.Width*scale+0.5), int(sz.Height*scale+0.5)); got != want {
				t.Errorf("scale %v: the layer painted %v pixels for a raster of %v units, want %v", scale, got, sz, want)
			}
		}
		// The column through the middle of the figure's first dash of its
		// top edge, between the two ends.
		x := int((edge(t, v, fig.Start).X + dashLen/2) * scale)
		for y := 0; y < img.Bounds().Dy(); y++ {
			c := nrgba(img.At(x, y))
			if c.R == figureColor.R && c.G == figureColor.G && c.B == figureColor.B {
				rows = append(rows, y)
			}
		}
		return rows, img, v
	}
	one, _, _ := dashRows(1)
	two, _, _ := dashRows(2)
	if len(one) != 4 || len(two) != 6 {
		t.Fatalf("rows of the figure colour through a dash: %v at scale 1, %v at scale 2; want 2 rows on each edge at scale 1, 3 at scale 2", one, two)
	}
	for i, k := range []int{0, 3} {
		if d := two[k] - 2*one[i*2]; d < -1 || d > 1 {
			t.Errorf("edge %d: row %d at scale 2, want about twice %d", i, two[k], one[i*2])
		}
	}
}
