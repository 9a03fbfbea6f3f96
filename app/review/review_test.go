package review

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/agree"
	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/app/frame/frametest"
	"github.com/skein-news/skein/app/textview"
)

// fakeStore holds one article's layers and review decisions in memory.
type fakeStore struct {
	spans     []*annotate.Span
	decisions []*annotate.Decision
}

func (s *fakeStore) LayerSpans(doc, annotator string) ([]*annotate.Span, error) {
	var out []*annotate.Span
	for _, x := range s.spans {
		if x.Doc == doc && x.Annotator == annotator {
			out = append(out, x.Clone())
		}
	}
	return out, nil
}

func (s *fakeStore) Decisions(doc string) ([]*annotate.Decision, error) {
	var out []*annotate.Decision
	for _, d := range s.decisions {
		if d.Doc == doc {
			c := *d
			out = append(out, &c)
		}
	}
	return out, nil
}

func (s *fakeStore) Annotators() ([]string, error) { return []string{"bob", "carol"}, nil }

// Layers says the layers of a document, none changed or marked: whoever
// has spans there worked on it.
func (s *fakeStore) Layers(doc string, annotators []string) ([]annotate.LayerInfo, error) {
	out := make([]annotate.LayerInfo, len(annotators))
	for i, a := range annotators {
		out[i].Annotator = a
	}
	return out, nil
}

// fakeFrame is the window as review mode sees it: it applies a change to
// the fake store and tells review, as the window's changed does.
type fakeFrame struct {
	frametest.Host
	st     *fakeStore
	u      *UI
	doc    *annotate.Document
	text   *annotate.Text
	layers []string
	shown  []*annotate.Span
	hls    []textview.Highlight
}

func (f *fakeFrame) Doc() *annotate.Document               { return f.doc }
func (f *fakeFrame) Text() *annotate.Text                  { return f.text }
func (f *fakeFrame) Spans() []*annotate.Span               { return f.shown }
func (f *fakeFrame) SelectedSpan() string                  { return "" }
func (f *fakeFrame) SelectInText(string)                   {}
func (f *fakeFrame) Selection() []annotate.Fragment        { return nil }
func (f *fakeFrame) SetSelection([]annotate.Fragment)      {}
func (f *fakeFrame) ClearSelection()                       {}
func (f *fakeFrame) SetHighlights(hl []textview.Highlight) { f.hls = hl }
func (f *fakeFrame) LabelColor(string) string              { return "#888888" }
func (f *fakeFrame) KeyRange() string                      { return "1–4" }
func (f *fakeFrame) OpenDocument(string)                   {}
func (f *fakeFrame) DocsAfter(int) []string                { return nil }
func (f *fakeFrame) RefreshRows()                          {}
func (f *fakeFrame) RefreshRow(string)                     {}
func (f *fakeFrame) RowArrived(string)                     {}
func (f *fakeFrame) RefreshHead()                          {}
func (f *fakeFrame) Assignment() (Assignment, error)       { return nil, nil }

func (f *fakeFrame) Excerpt(s *annotate.Span) string {
	return f.text.Slice(s.Fragments[0].Start, s.Fragments[0].End)
}

// ShowLayers shows the layers' spans, as the window reads them.
func (f *fakeFrame) ShowLayers(annotators ...string) {
	f.layers = annotators
	f.read()
}

func (f *fakeFrame) read() {
	f.shown = nil
	for _, a := range f.layers {
		s, _ := f.st.LayerSpans(f.doc.ID, a)
		f.shown = append(f.shown, s...)
	}
	annotate.SortSpans(f.shown)
}

// Apply writes the change to the store, then tells review and redraws, as
// the window's apply and its features' Changed do.
func (f *fakeFrame) RefuseWrite() bool { return false }

func (f *fakeFrame) Apply(ch *annotate.Change) bool {
	f.Applied = append(f.Applied, ch)
	for _, e := range ch.Spans {
		if e.Before != nil {
			f.st.spans = slices.DeleteFunc(f.st.spans, func(s *annotate.Span) bool { return s.ID == e.Before.ID })
		}
		if e.After != nil {
			f.st.spans = append(f.st.spans, e.After.Clone())
		}
	}
	for _, e := range ch.Decisions {
		if b := e.Before; b != nil {
			f.st.decisions = slices.DeleteFunc(f.st.decisions, func(d *annotate.Decision) bool {
				return d.Span == b.Span && d.Reviewer == b.Reviewer
			})
		}
		if a := e.After; a != nil {
			c := *a
			f.st.decisions = append(f.st.decisions, &c)
		}
	}
	f.u.Changed(frame.Changed{Change: ch, Docs: map[string]bool{f.doc.ID: true}})
	f.read()
	f.u.Refresh()
	return true
}

// TestReviewAcceptsIntoCurated drives review mode without a window: it
// lines up bob's and carol's layers, lands on their one disagreement, and
// A puts the picked span into the curated layer through the frame's Apply,
// with the reviewer's decision, settling the article.
func TestReviewAcceptsIntoCurated(t *testing.T) {
	test.NewTempApp(t)
	text := "PM Kakar linked the surge in attacks to the TTP."
	doc := &annotate.Document{ID: "d1", Title: "Kakar", Text: text}
	span := func(id, who, label string, start, end int) *annotate.Span {
		return &annotate.Span{ID: id, Doc: doc.ID, Annotator: who, Label: label,
			Fragments: []annotate.Fragment{{Start: start, End: end}}}
	}
	st := &fakeStore{spans: []*annotate.Span{
		span("b1", "bob", annotate.Actor, 0, 8), span("c1", "carol", annotate.Actor, 0, 8), // agree
		span("b2", "bob", annotate.Claim, 9, 35), span("c2", "carol", annotate.Accusation, 9, 35), // label conflict
	}}
	f := &fakeFrame{st: st, doc: doc, text: annotate.NewText(text), layers: []string{"alice"}}
	u := New(st, f)
	f.u = u
	u.Build(widget.NewLabel("spans"))
	u.Legend()

	if err := u.Start("bob", "bob"); err == nil {
		t.Fatal("review of one annotator started, want an error")
	}
	if err := u.Start("bob", "carol"); err != nil {
		t.Fatal(err)
	}
	u.Refresh() // as the window redraws once the layers are shown
	r := u.Session()
	if r == nil || len(r.Items()) != 2 {
		t.Fatalf("review lined up %v, want 2 items", r)
	}
	it := r.Item()
	if it == nil || it.Kind != agree.LabelConflict || r.Picked().ID != "b2" {
		t.Fatalf("review landed on %v, want the label conflict with bob's span picked", it)
	}
	if got, want := u.Head(), "0 of 1 disagreement resolved"; got != want {
		t.Errorf("head %q, want %q", got, want)
	}

	r.PickSpan(1) // carol's
	r.Accept()
	if len(f.Applied) != 1 {
		t.Fatalf("A applied %d changes, want 1", len(f.Applied))
	}
	ch := f.Applied[0]
	if len(ch.Spans) != 1 || ch.Spans[0].After.Annotator != annotate.CuratedLayer || ch.Spans[0].After.Label != annotate.Accusation {
		t.Errorf("A's change holds spans %+v, want carol's accusation in the curated layer", ch.Spans)
	}
	if len(ch.Decisions) != 1 || ch.Decisions[0].After.Verdict != annotate.VerdictAccept || ch.Decisions[0].After.Reviewer != "alice" {
		t.Errorf("A's change holds decisions %+v, want alice's accept", ch.Decisions)
	}
	if got, want := u.Head(), "1 of 1 disagreement resolved"; got != want {
		t.Errorf("after A the head says %q, want %q", got, want)
	}
	if s := u.Session().State(u.Session().Cur()); !s.Settled {
		t.Errorf("the accepted item is %+v, want settled", s)
	}

	u.Stop()
	if u.Active() || len(f.layers) != 0 {
		t.Errorf("after Stop: active %v, layers %v; want neither", u.Active(), f.layers)
	}
}

// Reviewing bob against a colleague's curated layer shows her review by
// itself: the item says what she curated, her layer is read once, and
// adopting it puts a copy into the user's curated layer, accepted from her
// span, in one change; her layer is left as it was.
func TestReviewAgainstAColleaguesCuratedLayer(t *testing.T) {
	test.NewTempApp(t)
	text := "PM Kakar linked the surge in attacks to the TTP."
	doc := &annotate.Document{ID: "d1", Title: "Kakar", Text: text}
	dana := annotate.CuratedBy("dana")
	st := &fakeStore{spans: []*annotate.Span{
		{ID: "b1", Doc: doc.ID, Annotator: "bob", Label: annotate.Claim, Fragments: []annotate.Fragment{{Start: 9, End: 35}}},
		{ID: "k1", Doc: doc.ID, Annotator: dana, Label: annotate.Accusation, Fragments: []annotate.Fragment{{Start: 9, End: 35}}, Created: 1_764_000_000_000},
	}}
	f := &fakeFrame{st: st, doc: doc, text: annotate.NewText(text), layers: []string{"alice"}}
	u := New(st, f)
	f.u = u
	u.Build(widget.NewLabel("spans"))
	u.Legend()
	if err := u.Start("bob", dana); err != nil {
		t.Fatal(err)
	}
	u.Refresh()
	if got := u.ReviewOf(); len(got) != 1 || got[0] != "dana" {
		t.Fatalf("reviewing against %s shows the review of %v, want dana's", dana, got)
	}
	n := 0
	for _, l := range f.layers {
		if l == dana {
			n++
		}
	}
	if n != 1 {
		t.Errorf("layers shown %v, want %s once", f.layers, dana)
	}
	r := u.Session()
	if len(r.Items()) != 1 || r.Item() == nil {
		t.Fatalf("items %v, under review %v; want the one label conflict under review", r.Items(), r.Item())
	}
	want := "dana: ✓ curated as accusation, " + When(1_764_000_000_000)
	if got := u.row(0).Theirs; got != want {
		t.Errorf("the row says %q, want %q", got, want)
	}
	if got := r.describe(0); !strings.Contains(got, want) {
		t.Errorf("the status line says %q, want it to hold %q", got, want)
	}
	u.Adopt("dana")
	if len(f.Applied) != 1 {
		t.Fatalf("Adopt applied %d changes, want 1", len(f.Applied))
	}
	ch := f.Applied[0]
	if len(ch.Spans) != 1 || ch.Spans[0].After.Annotator != annotate.CuratedLayer || ch.Spans[0].After.Label != annotate.Accusation || ch.Spans[0].After.ID == "k1" {
		t.Errorf("Adopt's spans %+v, want a copy of dana's accusation in the curated layer", ch.Spans)
	}
	if len(ch.Decisions) != 1 || ch.Decisions[0].After.Span != "k1" || ch.Decisions[0].After.Verdict != annotate.VerdictAccept || ch.Decisions[0].After.Reviewer != "alice" {
		t.Errorf("Adopt's decisions %+v, want alice's accept of dana's span", ch.Decisions)
	}
	if got, want := u.Head(), "1 of 1 disagreement resolved"; got != want {
		t.Errorf("after Adopt the head says %q, want %q", got, want)
	}
	if got, _ := st.LayerSpans(doc.ID, dana); len(got) != 1 || got[0].ID != "k1" {
		t.Errorf("dana's layer after Adopt: %+v", got)
	}
}

// TestLineUpComparesThoseWhoWorked: of three annotators, where one never
// worked on the article the other two's same span is agreed, not one-sided
// for want of the third's; where only one worked, the article is left out,
// its spans items no count takes in; a layer changed without a span left
// (or marked done) is one its annotator worked on.
func TestLineUpComparesThoseWhoWorked(t *testing.T) {
	span := func(a string) *annotate.Span {
		return &annotate.Span{ID: a + "1", Doc: "d", Label: "actor", Annotator: a, Fragments: []annotate.Fragment{{Start: 0, End: 5}}}
	}
	names := []string{"bob", "carol", "dave"}
	for _, tc := range []struct {
		name    string
		spans   []*annotate.Span
		infos   []annotate.LayerInfo
		kind    agree.Kind
		leftOut bool
		total   int
	}{
		{"two of three", []*annotate.Span{span("bob"), span("dave")}, nil, agree.Agreement, false, 0},
		{"one of three", []*annotate.Span{span("bob")}, nil, agree.OneSided, true, 0},
		{"one, and one marked done", []*annotate.Span{span("bob")}, []annotate.LayerInfo{{Annotator: "carol", Done: true}}, agree.OneSided, false, 1},
		{"one, and one who removed theirs", []*annotate.Span{span("bob")}, []annotate.LayerInfo{{Annotator: "dave", Modified: 5}}, agree.OneSided, false, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := lineUp("d", tc.spans, names, nil, nil, tc.infos, nil)
			if len(l.items) != 1 || l.items[0].Kind != tc.kind || l.leftOut != tc.leftOut || l.total != tc.total {
				t.Errorf("got %d items (%v), left out %v, %d disagreements; want one %v, left out %v, %d", len(l.items), l.items, l.leftOut, l.total, tc.kind, tc.leftOut, tc.total)
			}
		})
	}
}
