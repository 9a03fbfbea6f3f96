package reviewpanel

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/skein-news/skein/annotate/agree"
	"github.com/skein-news/skein/app/frame/frametest"
	"github.com/skein-news/skein/app/parts"
)

// The panel shows the rows it is given and reports a click, but not a
// selection the window makes itself.
func TestPanelShowsAndReports(t *testing.T) {
	test.NewTempApp(t)
	rows := []Row{
		{Kind: agree.BoundaryConflict, Who: who("bob claim · carol claim"), Excerpt: "linked the surge", State: "open"},
		{Kind: agree.OneSided, Who: who("bob figure"), Excerpt: "60%", State: "✓ figure"},
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
			shown = append(shown, r.whoText()+" | "+r.state.Text()+" | "+r.excerpt.Text)
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
		{Kind: agree.LabelConflict, Who: who("bob actor · carol accusation"), Excerpt: "the TTP", State: "open", Theirs: "dana: ✓ accepted carol's accusation, 3 Dec 14:02"},
		{Kind: agree.OneSided, Who: who("bob figure"), Excerpt: "60%", State: "open"},
	}
	p := New(func() int { return len(rows) }, func(i int) Row { return rows[i] })
	w := test.NewTempWindow(t, p)
	w.Resize(fyne.NewSize(360, 400))
	p.Update()

	heights := map[string]float32{}
	theirs := map[string]string{}
	for _, o := range test.LaidOutObjects(p) {
		if r, ok := o.(*rowView); ok && r.Visible() {
			heights[r.whoText()] = r.Size().Height
			if r.theirs.Visible() {
				theirs[r.whoText()] = r.theirs.Text()
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
		if r, ok := o.(*rowView); ok && r.Visible() && r.whoText() == "bob actor · carol accusation" {
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

// Each annotator's label in a row is read whole, at the width a
// 1200-wide window gives the column and at the narrowest the panel allows:
// what does not fit beside the kind goes on to a line of its own, an
// annotator's name with their label, and the row is made as tall as its
// lines. On one line after the kind the labels were cut, "alice actor ·
// bilal accu…". A wide column keeps one line a row.
func TestRowsReadWhole(t *testing.T) {
	test.NewTempApp(t)
	rows := []Row{
		{Kind: agree.LabelConflict, Who: who("alice actor · bilal accusation"), Excerpt: "Afghan interim government", State: "open"},
		{Kind: agree.BoundaryConflict, Who: who("alice figure · bilal figure"), Excerpt: "hundreds of thousands", State: "✓ figure"},
		{Kind: agree.Conflict, Who: who("alice claim · bilal accusation · carol actor"), Excerpt: "alleged failure", State: "✗ rejected",
			Theirs: "dana: ✓ accepted carol's actor, 3 Dec 14:02"},
		{Kind: agree.OneSided, Who: who("bilal accusation"), Excerpt: "alleged failure", State: "open"},
		// Names as a university's addresses are, each with its label
		// wider than the column a 1200-wide window gives review.
		{Kind: agree.LabelConflict, Who: who("anna.lena.hoffmann@uni-heidelberg.de actor · muhammad.bilal.khan@lums.edu.pk accusation"), Excerpt: "the TTP", State: "open"},
	}
	p := New(func() int { return len(rows) }, func(i int) Row { return rows[i] })
	w := test.NewTempWindow(t, p)
	for _, width := range []float32{252, p.MinSize().Width, 600} {
		w.Resize(fyne.NewSize(width, 600))
		p.Update()
		base := newRowView().MinSize().Height
		seen := 0
		for _, r := range frametest.Visible[*rowView](p) {
			row := rows[slices.IndexFunc(rows, func(x Row) bool { return x.Excerpt == r.excerpt.Text && x.Kind.String() == r.kind.Text() })]
			seen++
			want := append([]string{row.Kind.String()}, whoPieces(row.Who)...)
			want = append(want, row.State)
			drawn := frametest.Drawn(r)
			for _, s := range want {
				// A name wider than the column by itself is cut (at the
				// narrowest the panel allows); its label is not.
				long := fyne.MeasureText(s, theme.CaptionTextSize(), fyne.TextStyle{}).Width > headWidth(r.Size().Width)
				if !slices.Contains(drawn, s) && !(long && slices.ContainsFunc(row.Who, func(x Said) bool { return x.Annotator == s })) {
					t.Errorf("at %v wide the %s row draws %q, want %q whole", width, row.Kind, drawn, s)
				}
			}
			// Nothing of the head overlaps or runs past the row.
			var boxes [][4]float32
			for _, o := range append([]fyne.CanvasObject{r.kind, r.state}, toObjects(r.who)...) {
				if !o.Visible() || o.Size().Width == 0 {
					continue
				}
				x, y := o.Position().X, o.Position().Y
				b := [4]float32{x, y, x + o.Size().Width, y + o.Size().Height}
				if b[0] < 0 || b[2] > r.Size().Width || b[3] > r.Size().Height {
					t.Errorf("at %v wide the %s row (%v) holds an element at %v, outside it", width, row.Kind, r.Size(), b)
				}
				for _, c := range boxes {
					if b[0] < c[2] && c[0] < b[2] && b[1] < c[3] && c[1] < b[3] {
						t.Errorf("at %v wide the %s row's elements %v and %v overlap", width, row.Kind, c, b)
					}
				}
				boxes = append(boxes, b)
			}
			// An annotator's name and label share a line where one holds
			// them: "alice" at a line's end and "actor ·" under it read
			// as two annotators.
			ws := r.widths() // the kind's, each name's and label's, the state's
			for i := 0; i+1 < len(r.who); i += 2 {
				name, label := r.who[i], r.who[i+1]
				if !name.Visible() {
					continue
				}
				pair := ws[i+1] + r.gap() + ws[i+2]
				if pair <= headWidth(r.Size().Width) && name.Position().Y != label.Position().Y {
					t.Errorf("at %v wide the %s row puts %q and %q on two lines, where one holds them", width, row.Kind, name.Text(), label.Text())
				}
				// Where no line holds them, the name starts a line, its
				// label under it, not after another's label.
				if left, _, _, _ := headPad(); name.Position().Y != label.Position().Y && name.Position().X != left {
					t.Errorf("at %v wide the %s row puts %q after another element, its label %q under it", width, row.Kind, name.Text(), label.Text())
				}
			}
			ex := r.excerpt.Position().Y
			for _, b := range boxes {
				if b[3] > ex+theme.Padding() {
					t.Errorf("at %v wide the %s row's head reaches %v, over its excerpt at %v", width, row.Kind, b[3], ex)
				}
			}
			if width == 600 && row.Theirs == "" && len(row.Who[0].Annotator) < 10 && r.Size().Height != base {
				t.Errorf("at 600 wide the %s row is %v high, want one line, %v", row.Kind, r.Size().Height, base)
			}
		}
		if seen != len(rows) {
			t.Errorf("at %v wide %d rows shown, want %d", width, seen, len(rows))
		}
	}
	if got := p.MinSize().Width; got > 200 {
		t.Errorf("the panel asks for %v wide, want no more than the widest kind needs", got)
	}
}

// who is "bob actor · carol claim" as a Row's Who.
func who(s string) []Said {
	var out []Said
	for _, p := range strings.Split(s, " · ") {
		name, label, _ := strings.Cut(p, " ")
		out = append(out, Said{name, label})
	}
	return out
}

func toObjects(cs []*parts.Caption) []fyne.CanvasObject {
	out := make([]fyne.CanvasObject, len(cs))
	for i, c := range cs {
		out[i] = c
	}
	return out
}

// BenchmarkUpdate is a redraw of the column after a decision on an
// article of 2,500 items in two layers: each row's head is measured by
// its kind, labels and state (few differ) and its lines counted.
func BenchmarkUpdate(b *testing.B) {
	test.NewTempApp(b)
	kinds := []agree.Kind{agree.Agreement, agree.LabelConflict, agree.BoundaryConflict, agree.OneSided}
	rows := make([]Row, 2500)
	for i := range rows {
		rows[i] = Row{Kind: kinds[i%4], Who: who("bob claim · carol actor"), Excerpt: "the TTP", State: "open"}
	}
	p := New(func() int { return len(rows) }, func(i int) Row { return rows[i] })
	w := test.NewTempWindow(b, p)
	w.Resize(fyne.NewSize(252, 600))
	p.Update()
	b.ResetTimer()
	for range b.N {
		p.Update()
	}
}

// The list's scroll bar is drawn over the right of its rows: a row's
// state ("open") and a right-to-left excerpt (Urdu, drawn against the
// right edge) keep clear of the room it takes, two thin bars wide, the
// state a padding further. "open" sat 4 px from the row's edge, against
// the bar, at the window's least size.
func TestRowsClearOfTheScrollBar(t *testing.T) {
	test.NewTempApp(t)
	var rows []Row
	for i := 0; i < 30; i++ {
		rows = append(rows, Row{Kind: agree.LabelConflict, Who: who("bob actor · carol claim"), Excerpt: "انوار الحق کاکڑ", State: "open"})
	}
	p := New(func() int { return len(rows) }, func(i int) Row { return rows[i] })
	w := test.NewTempWindow(t, p)
	w.Resize(fyne.NewSize(240, 300))
	p.Update()
	bar := 2 * theme.Size(theme.SizeNameScrollBarSmall)
	n := 0
	for _, o := range test.LaidOutObjects(p) {
		r, ok := o.(*rowView)
		if !ok || !r.Visible() {
			continue
		}
		n++
		width := r.Size().Width
		if end := r.state.Position().X + r.state.Size().Width; end > width-bar-theme.Padding() {
			t.Errorf("row %q: the state ends at %.1f of the row's %.1f, want it %.1f clear of the scroll bar's %.1f", r.whoText(), end, width, theme.Padding(), bar)
		}
		if end := r.excerpt.Position().X + r.excerpt.Size().Width; end > width-bar {
			t.Errorf("row %q: the excerpt reaches %.1f of the row's %.1f, under the scroll bar's %.1f", r.whoText(), end, width, bar)
		}
	}
	if n == 0 {
		t.Fatal("no row drawn")
	}
}
