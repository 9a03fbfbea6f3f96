package doclist

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
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
	r.Set(Row{ID: "d1", Title: "Kakar", Date: "2023-11-10  ·  1 of 2 resolved", Counts: []Count{{2, red}, {1, red}}, Done: true})
	if r.ID() != "d1" || r.title.Text != "Kakar" || r.date.Text() != "2023-11-10  ·  1 of 2 resolved" || !r.done.Checked {
		t.Errorf("row shows %q %q %q done %v, want d1's", r.ID(), r.title.Text, r.date.Text(), r.done.Checked)
	}
	shown := 0
	for _, o := range r.chips.Objects {
		if o.Visible() {
			shown++
		}
	}
	if shown != 2 || len(ticked) != 0 {
		t.Errorf("got %d chips and %v reported, want 2 and nothing", shown, ticked)
	}
	r.Set(Row{ID: "d2", Title: "Taliban", Date: "undated"})
	test.Tap(r.done)
	if len(ticked) != 1 || ticked[0] != "d2" {
		t.Errorf("ticking reported %v, want [d2]", ticked)
	}
	for _, o := range r.chips.Objects {
		if o.Visible() {
			t.Errorf("a row without counts shows a chip")
		}
	}
}
