package doclist

import (
	"bytes"
	"fmt"
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
	if n.Texts != 1 || n.Images != 2 { // the strip is an image, as the mark is
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
	drawn := func() fyne.Resource {
		for _, o := range test.WidgetRenderer(r.done).Objects() {
			if im, ok := o.(*canvas.Image); ok && im.Resource != nil {
				return im.Resource
			}
		}
		return nil
	}
	same := func(got fyne.Resource, want fyne.Resource) bool {
		return got != nil && bytes.Equal(got.Content(), want.Content())
	}
	if got := drawn(); !same(got, theme.CheckButtonIcon()) {
		t.Errorf("an unticked row draws icon %v, want the theme's check box", got)
	}
	test.Tap(r.done)
	if got := drawn(); !same(got, theme.NewPrimaryThemedResource(theme.CheckButtonCheckedIcon())) {
		t.Errorf("ticked, the row draws icon %v, want the theme's ticked box in the primary colour", got)
	}
}

// TestMarksColouredOnce: the rows a list makes as it scrolls, each drawn
// once first, colour no icon of their own: the two icons are coloured once
// (colouring each new row's SVG twice was most of a ] jump's handler
// after a collection, issue 18), and again when the theme's colours
// change, when the marks take the new colours.
func TestMarksColouredOnce(t *testing.T) {
	a := test.NewTempApp(t)
	markIcon(false) // coloured for this app's theme
	before := markIcons.coloured
	var rows []*RowView
	for i := range 30 {
		r := NewRowView(func(string) {})
		w := test.NewTempWindow(t, r)
		w.Resize(fyne.NewSize(300, 60))
		r.Set(Row{ID: fmt.Sprint("d", i), Title: "Kakar", Date: "2023-11-10", Done: i%2 == 0})
		rows = append(rows, r)
	}
	if n := markIcons.coloured - before; n != 0 {
		t.Errorf("30 new rows coloured the icons %d times, want 0", n)
	}
	a.Settings().SetTheme(test.NewTheme()) // other colours
	r := rows[0]
	r.done.Refresh()
	if n := markIcons.coloured - before; n != 1 {
		t.Errorf("a change of theme coloured the icons %d times, want 1", n)
	}
	var im *canvas.Image
	for _, o := range test.WidgetRenderer(r.done).Objects() {
		im, _ = o.(*canvas.Image)
	}
	want := theme.NewPrimaryThemedResource(theme.CheckButtonCheckedIcon())
	if im == nil || !bytes.Equal(im.Resource.Content(), want.Content()) {
		t.Errorf("after the change of theme a ticked mark is not in the new primary colour")
	}
}

// A list's refresh refreshes every row in it: a row whose mark did not
// change does not refresh its icon, whose texture the next paint would
// make again (issue 18: every open made the marks' of the rows in view);
// a mark ticked does.
func TestRowRefreshKeepsTheMarksTexture(t *testing.T) {
	test.NewTempApp(t)
	r := NewRowView(func(string) {})
	w := test.NewTempWindow(t, r)
	w.Resize(fyne.NewSize(300, 60))
	r.Set(Row{ID: "d1", Title: "Kakar", Date: "2023-11-10"})
	w.Canvas().Capture()
	before := markIcons.refreshed
	r.Refresh()
	r.done.Refresh()
	if n := markIcons.refreshed - before; n != 0 {
		t.Errorf("the row refreshed with its mark unchanged refreshed the icon %d times, want 0", n)
	}
	test.Tap(r.done)
	if n := markIcons.refreshed - before; n != 1 {
		t.Errorf("the mark ticked refreshed the icon %d times, want 1", n)
	}
}
