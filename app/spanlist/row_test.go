package spanlist

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
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
	r.Set(Row{ID: "s1", Label: "claim", Color: color.NRGBA{R: 0xf2, A: 0xff}, Meta: "alice  ·  12–20", Excerpt: "linked the surge", Editable: true})
	if r.ID() != "s1" || r.label.Text() != "claim" || r.meta.Text() != "alice  ·  12–20" || r.excerpt.Text != "linked the surge" {
		t.Errorf("row shows %q %q %q %q, want s1's", r.ID(), r.label.Text(), r.meta.Text(), r.excerpt.Text)
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
