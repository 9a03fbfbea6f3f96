package spanlist

import (
	"fmt"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// rowsOf shows the spans ids as rows in a window as tall as a few of them.
func rowsOf(t *testing.T, ids *[]string) (*Rows, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	r := NewRows(
		func() int { return len(*ids) },
		func(i int) string { return (*ids)[i] },
		func(i int, v *RowView) { v.Set(Row{ID: (*ids)[i], Label: "claim", Excerpt: "text of " + (*ids)[i]}) },
		func() *RowView { return NewRowView(nil) },
	)
	w := test.NewTempWindow(t, r)
	w.Resize(fyne.NewSize(300, 400))
	return r, w
}

// shown is the spans of the rows in view, top to bottom.
func shown(r *Rows) []string {
	var out []string
	for _, v := range r.InView() {
		out = append(out, v.ID())
	}
	return out
}

// A span added or taken away binds the one row that comes into view; the
// rows of the other spans keep their views, and with them what they show.
func TestRowsStayWithTheirSpans(t *testing.T) {
	var ids []string
	for i := range 40 {
		ids = append(ids, fmt.Sprintf("s%02d", i))
	}
	r, _ := rowsOf(t, &ids)
	r.Refresh()
	before := shown(r)
	if len(before) < 4 || before[0] != "s00" {
		t.Fatalf("rows in view %v, want the first few", before)
	}
	views := map[string]*RowView{}
	for _, v := range r.InView() {
		views[v.ID()] = v
	}

	binds := r.Binds()
	ids = slices.Insert(ids, 2, "new")
	r.Changed()
	if n := r.Binds() - binds; n != 1 {
		t.Errorf("a span added bound %d rows, want 1", n)
	}
	got := shown(r)
	if want := append(slices.Clone(before[:2]), append([]string{"new"}, before[2:len(before)-1]...)...); !slices.Equal(got, want) {
		t.Fatalf("rows in view after the add %v, want %v", got, want)
	}
	for _, v := range r.InView() {
		if old, ok := views[v.ID()]; ok && old != v {
			t.Errorf("span %s's row changed views: it showed another span's text a moment", v.ID())
		}
	}

	binds = r.Binds()
	ids = slices.Delete(ids, 2, 3)
	r.Changed()
	if n := r.Binds() - binds; n != 1 {
		t.Errorf("a span taken away bound %d rows, want 1 (the one coming into view)", n)
	}
	if got := shown(r); !slices.Equal(got, before) {
		t.Errorf("rows in view after the undo %v, want %v", got, before)
	}

	// A span changed (relabelled) is bound again, and only it.
	binds = r.Binds()
	r.Changed("s01")
	if n := r.Binds() - binds; n != 1 {
		t.Errorf("a span changed bound %d rows, want 1", n)
	}
	binds = r.Binds()
	r.Refresh()
	if n := r.Binds() - binds; n != len(before) {
		t.Errorf("a refresh bound %d rows, want every one in view (%d)", n, len(before))
	}
}

// A click on a row selects it and reports it; Select scrolls a row into
// view; with the keyboard in the rows, Down moves and Space selects.
func TestRowsSelect(t *testing.T) {
	var ids []string
	for i := range 40 {
		ids = append(ids, fmt.Sprintf("s%02d", i))
	}
	r, w := rowsOf(t, &ids)
	var picked []int
	r.OnSelected = func(i int) { picked = append(picked, i) }
	r.Refresh()
	test.Tap(r.items["s01"])
	if r.Selected() != "s01" || !slices.Equal(picked, []int{1}) {
		t.Errorf("a click on the second row selected %q and reported %v, want s01 and [1]", r.Selected(), picked)
	}
	if w.Canvas().Focused() != r {
		t.Error("a click did not give the rows the keyboard")
	}
	r.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	r.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	if r.Selected() != "s02" || !slices.Equal(picked, []int{1, 2}) {
		t.Errorf("Down and Space selected %q and reported %v, want s02 and [1 2]", r.Selected(), picked)
	}
	r.Select(35, "s35")
	if got := shown(r); !slices.Contains(got, "s35") {
		t.Errorf("rows in view %v after selecting s35, want it among them", got)
	}
	if !slices.Equal(picked, []int{1, 2}) {
		t.Errorf("Select reported %v, want nothing more: it is not the researcher's", picked)
	}
}
