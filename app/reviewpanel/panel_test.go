package reviewpanel

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate/agree"
	"github.com/skein-news/skein/app/frame/frametest"
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
	p.SetCounts("2 disagreements, 0 agreements")

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

// A row with a colleague's decision shows it on a line of its own, and the
// list makes that row (only that one) tall enough for it.
func TestPanelShowsTheirDecision(t *testing.T) {
	test.NewTempApp(t)
	rows := []Row{
		{Kind: agree.LabelConflict, Who: "bob actor · carol accusation", Excerpt: "the TTP", State: "open", Theirs: "dana: ✓ accepted carol's accusation, 3 Dec 14:02"},
		{Kind: agree.OneSided, Who: "bob figure", Excerpt: "60%", State: "open"},
	}
	p := New(func() int { return len(rows) }, func(i int) Row { return rows[i] })
	p.Tall = func(i int) bool { return rows[i].Theirs != "" }
	w := test.NewTempWindow(t, p)
	w.Resize(fyne.NewSize(360, 400))
	p.Update()

	heights := map[string]float32{}
	theirs := map[string]string{}
	for _, o := range test.LaidOutObjects(p) {
		if r, ok := o.(*rowView); ok && r.Visible() {
			heights[r.who.Text()] = r.Size().Height
			if r.theirs.Visible() {
				theirs[r.who.Text()] = r.theirs.Text()
			}
		}
	}
	if got := theirs["bob actor · carol accusation"]; got != rows[0].Theirs || len(theirs) != 1 {
		t.Errorf("their lines shown: %q, want only the label conflict's %q", theirs, rows[0].Theirs)
	}
	tall, short := heights["bob actor · carol accusation"], heights["bob figure"]
	if tall <= short || short == 0 {
		t.Errorf("row heights: %v with their line, %v without; want the first taller", tall, short)
	}
	// Her decision undone: the row is short again, its line gone.
	rows[0].Theirs = ""
	p.Update()
	for _, o := range test.LaidOutObjects(p) {
		if r, ok := o.(*rowView); ok && r.Visible() && r.who.Text() == rows[0].Who {
			if r.theirs.Visible() || r.Size().Height != short {
				t.Errorf("without her decision the row shows %v its line and is %v high, want no line and %v", r.theirs.Visible(), r.Size().Height, short)
			}
		}
	}
}

// The counts have a line of their own beneath "Review", where even an
// article's hundreds are read whole in a column as narrow as a new user's
// (255 of a 1200 window).
func TestCountsReadWhole(t *testing.T) {
	test.NewTempApp(t)
	p := New(func() int { return 0 }, func(int) Row { return Row{} })
	w := test.NewTempWindow(t, p)
	w.Resize(fyne.NewSize(255, 300))
	p.SetCounts("128 disagreements, 64 agreements")
	got := strings.Join(frametest.Drawn(w.Content()), "|")
	if got != "Review|128 disagreements, 64 agreements" {
		t.Errorf("drawn %q, want the heading and its counts whole", got)
	}
}
