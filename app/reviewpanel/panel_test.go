package reviewpanel

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate/agree"
)

// The panel shows the rows it is given and reports a click, but not a
// selection the window makes itself.
func TestPanelShowsAndReports(t *testing.T) {
	test.NewTempApp(t)
	rows := []Row{
		{Kind: agree.BoundaryConflict, Who: "bob claim · carol claim", Excerpt: "linked the surge", State: "open"},
		{Kind: agree.OneSided, Who: "bob figure", Excerpt: "60%", State: "✓ figure"},
	}
	p := New(func() int { return len(rows) }, func(i int) Row { return rows[i] })
	var got []int
	p.OnSelect = func(i int) { got = append(got, i) }
	w := test.NewTempWindow(t, p)
	w.Resize(fyne.NewSize(360, 400))
	p.SetHead("Review  ·  2 disagreements, 0 agreements")

	if p.Length() != 2 || p.Head() != "Review  ·  2 disagreements, 0 agreements" {
		t.Fatalf("got %d rows under %q, want 2 under the heading set", p.Length(), p.Head())
	}
	p.Select(1)
	if len(got) != 0 {
		t.Errorf("the window's own Select reported %v, want nothing", got)
	}
	p.list.Select(0) // as a click does
	if len(got) != 1 || got[0] != 0 {
		t.Errorf("a click on row 0 reported %v, want [0]", got)
	}
	var shown []string
	for _, o := range test.LaidOutObjects(p) {
		if r, ok := o.(*rowView); ok && r.Visible() {
			shown = append(shown, r.who.Text()+" | "+r.state.Text()+" | "+r.excerpt.Text)
		}
	}
	want := map[string]bool{
		"bob claim · carol claim | open | linked the surge": true,
		"bob figure | ✓ figure | 60%":                       true,
	}
	for _, s := range shown {
		delete(want, s)
	}
	if len(want) != 0 {
		t.Errorf("rows show %q, missing %v", shown, want)
	}
}
