package doclist

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/skein-news/skein/app/drawcount"
	"github.com/skein-news/skein/app/strip"
)

// A row shows the title, date, one chip per count and the mark; ticking
// the mark reports the document, and filling the row does not.
func TestRowShowsAndReports(t *testing.T) {
	test.NewTempApp(t)
	var ticked []string
	r := NewRowView(func(id string) { ticked = append(ticked, id) })
	w := test.NewTempWindow(t, r)
	w.Resize(fyne.NewSize(300, 80))
	red := color.NRGBA{R: 0xcf, A: 0xff}
	blue := color.NRGBA{B: 0xcf, A: 0xff}
	r.Set(Row{ID: "d1", Title: "Kakar", Date: "2023-11-10  ·  1 of 2 resolved", Counts: []Count{{2, red}, {1, blue}}, Done: true})
	l := r.details.Line()
	if r.ID() != "d1" || r.title.Text != "Kakar" || l.Lead != "2023-11-10  ·  1 of 2 resolved" || !r.done.Checked {
		t.Errorf("row shows %q %q %q done %v, want d1's", r.ID(), r.title.Text, l.Lead, r.done.Checked)
	}
	want := []strip.Chip{{Text: "2", Color: red}, {Text: "1", Color: blue}}
	if len(l.Chips) != 2 || l.Chips[0] != want[0] || l.Chips[1] != want[1] || len(ticked) != 0 {
		t.Errorf("got chips %v and %v reported, want %v and nothing", l.Chips, ticked, want)
	}
	r.Set(Row{ID: "d2", Title: "Taliban", Date: "undated"})
	test.Tap(r.done)
	if len(ticked) != 1 || ticked[0] != "d2" || !r.done.Checked {
		t.Errorf("ticking reported %v (mark shown %v), want [d2] and the mark ticked", ticked, r.done.Checked)
	}
	if n := len(r.details.Line().Chips); n != 0 {
		t.Errorf("a row without counts shows %d chips", n)
	}
}

// A row of four counts, ticked, is three objects for the window's paint —
// the title, the strip of the date and the chips, the mark — where it was
// thirteen (a rectangle and a text a chip, a caption, a check box of three):
// every frame draws every row again, each object a draw call that software
// GL rasterises on the CPU (issue 18). This fails if a row grows back.
func TestRowDrawsThreeObjects(t *testing.T) {
	test.NewTempApp(t)
	r := NewRowView(nil)
	w := test.NewTempWindow(t, r)
	w.Resize(fyne.NewSize(300, 60))
	c := color.NRGBA{R: 0xf2, G: 0xc1, B: 0x4e, A: 0xff}
	r.Set(Row{ID: "d1", Title: "Latency 300 KB", Date: "2000-01-01", Counts: []Count{{1250, c}, {1250, c}, {1250, c}, {1250, c}}, Done: true})
	n := drawcount.Window(w.Canvas())
	if n.Total > 3 {
		t.Errorf("a row draws %v, want at most 3", n)
	}
	if n.Texts != 1 || n.Rasters != 1 || n.Images != 1 {
		t.Errorf("a row draws %v, want its title, its strip and its mark", n)
	}
}

// TestMarkColouredOnlyWhenDrawn: a row asked only its size, as a list asks
// the template row it makes on every refresh and selection, colours no
// icon (colouring the mark's SVG there was a sixth of a ] jump's handler,
// issue 18); a row drawn shows its mark unticked or ticked, and a tick
// changes it.
func TestMarkColouredOnlyWhenDrawn(t *testing.T) {
	test.NewTempApp(t)
	template := NewRowView(nil)
	if template.MinSize().IsZero() {
		t.Fatal("the template row has no size")
	}
	if ic := template.done.icon; ic == nil || ic.Resource != nil {
		t.Errorf("a row asked only its size coloured its mark's icon (%v)", ic)
	}

	r := NewRowView(func(string) {})
	w := test.NewTempWindow(t, r)
	w.Resize(fyne.NewSize(300, 60))
	r.Set(Row{ID: "d1", Title: "Kakar", Date: "2023-11-10"})
	drawn := func() string {
		for _, o := range test.WidgetRenderer(r.done).Objects() {
			if im, ok := o.(*canvas.Image); ok && im.Resource != nil {
				return im.Resource.Name()
			}
		}
		return ""
	}
	if got, want := drawn(), theme.CheckButtonIcon().Name(); got != want {
		t.Errorf("an unticked row draws icon %q, want %q", got, want)
	}
	test.Tap(r.done)
	if got, want := drawn(), theme.NewPrimaryThemedResource(theme.CheckButtonCheckedIcon()).Name(); got != want {
		t.Errorf("ticked, the row draws icon %q, want %q", got, want)
	}
}
