package spanlist

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/app/drawcount"
	"github.com/skein-news/skein/app/strip"
)

// A row shows the span and reports its actions button with the span's ID;
// a colleague's span offers no actions.
func TestRowShowsAndReports(t *testing.T) {
	test.NewTempApp(t)
	var got []string
	r := NewRowView(func(id string, under fyne.CanvasObject) {
		if under == nil {
			t.Error("no button to show the actions under")
		}
		got = append(got, id)
	})
	w := test.NewTempWindow(t, r)
	w.Resize(fyne.NewSize(300, 80))
	c := color.NRGBA{R: 0xf2, A: 0xff}
	r.Set(Row{ID: "s1", Label: "claim", Color: c, Meta: "alice  ·  12–20", Excerpt: "linked the surge", Editable: true})
	top := r.top.Line()
	if r.ID() != "s1" || len(top.Chips) != 1 || top.Chips[0] != (strip.Chip{Text: "claim", Color: c}) || top.Tail != "alice  ·  12–20" || r.excerpt.Text != "linked the surge" || r.bar.FillColor != c {
		t.Errorf("row shows %q %v %q %v, want s1's", r.ID(), top, r.excerpt.Text, r.bar.FillColor)
	}
	test.Tap(r.more)
	if len(got) != 1 || got[0] != "s1" {
		t.Errorf("the button reported %v, want [s1]", got)
	}
	r.Set(Row{ID: "s2", Label: "actor", Meta: "bob  ·  1–4", Editable: false})
	if !r.more.Disabled() {
		t.Error("a colleague's span offers its actions")
	}
}

// A span row is four objects for the window's paint — the colour bar, the
// strip of the label and the details, the text, the button's icon — where
// it was six: every frame draws every row again, each object a draw call
// that software GL rasterises on the CPU (issue 18). This fails if a row
// grows back.
func TestRowDrawsFourObjects(t *testing.T) {
	test.NewTempApp(t)
	r := NewRowView(nil)
	w := test.NewTempWindow(t, r)
	w.Resize(fyne.NewSize(320, 60))
	r.Set(Row{ID: "s1", Label: "accusation", Color: color.NRGBA{R: 0xe4, G: 0x57, B: 0x2e, A: 0xff},
		Meta: "alice  ·  1,204–1,219  ·  a meta line that runs on past the row's width", Excerpt: "linked the surge to Afghan nationals", Editable: true})
	if n := drawcount.Window(w.Canvas()); n.Total > 4 {
		t.Errorf("a span row draws %v, want at most 4", n)
	}
	// A note's ✎, which the theme's font lacks, is left to Fyne's texts:
	// the row draws as many objects as it did before, and shows it.
	r.Set(Row{ID: "s1", Label: "claim", Meta: "alice  ·  ✎ checked", Excerpt: "linked"})
	if n := drawcount.Window(w.Canvas()); n.Total > 6 || n.Rasters != 0 {
		t.Errorf("a row with a note draws %v, want the texts of before, at most 6", n)
	}
}

// TestTemplateRowMeasuredOnce: the template row a list makes on every
// refresh and selection, only to ask its size, is measured once for the
// theme's sizes (issue 18: its actions button's renderer coloured an SVG
// each time, 3 ms of an open); it gets the size a drawn row never filled
// has, and a filled row is measured as before.
func TestTemplateRowMeasuredOnce(t *testing.T) {
	test.NewTempApp(t)
	first := NewRowView(nil).MinSize()
	drawn := NewRowView(nil)
	if got := test.WidgetRenderer(drawn).MinSize(); got != first {
		t.Errorf("a template row's size is %v, want %v as its renderer measures it", first, got)
	}
	made := testing.AllocsPerRun(20, func() { NewRowView(nil) })
	if sized := testing.AllocsPerRun(20, func() { NewRowView(nil).MinSize() }); sized > made+5 {
		t.Errorf("a template row made and asked its size took %.0f allocations, against %.0f to make it: want the size kept, not measured again", sized, made)
	}
	filled := NewRowView(nil)
	filled.Set(Row{ID: "s1", Label: "claim", Meta: "alice  ·  12–20", Excerpt: "linked the surge", Editable: true})
	if got, want := filled.MinSize(), test.WidgetRenderer(filled).MinSize(); got != want {
		t.Errorf("a filled row's size is %v, want %v from its renderer", got, want)
	}
}
