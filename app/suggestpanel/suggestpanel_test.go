package suggestpanel

import (
	"context"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/suggest"
	"github.com/skein-news/skein/app/frame/frametest"
)

// memStore is one article with a model's suggestions in memory.
type memStore struct {
	d        *annotate.Document
	spans    []*annotate.Span
	model    []suggest.Suggestion
	rejected []suggest.Suggestion
}

func (m *memStore) Document(string) (*annotate.Document, error) { return m.d, nil }
func (m *memStore) LayerSpans(_, who string) ([]*annotate.Span, error) {
	var out []*annotate.Span
	for _, s := range m.spans {
		if s.Annotator == who {
			out = append(out, s)
		}
	}
	return out, nil
}
func (m *memStore) SpansByAnnotator(_ context.Context, who string, fn func(*annotate.Span) error) error {
	for _, s := range m.spans {
		if s.Annotator == who {
			if err := fn(s); err != nil {
				return err
			}
		}
	}
	return nil
}
func (m *memStore) ModelSuggestions(string) ([]suggest.Suggestion, error) { return m.model, nil }
func (m *memStore) Models() ([]string, error)                             { return []string{"ner"}, nil }
func (m *memStore) Rejected(string, string) ([]suggest.Suggestion, error) {
	return m.rejected, nil
}
func (m *memStore) Reject(_, _ string, sugs []suggest.Suggestion) error {
	m.rejected = append(m.rejected, sugs...)
	return nil
}

// shown is a Feature over st that learned what ann and the curated layer
// labelled and shows article d, ann's spans none.
func shown(t *testing.T, st Store, d *annotate.Document) *Feature {
	t.Helper()
	f := New(st)
	if err := f.Learn(context.Background(), "ann", nil); err != nil {
		t.Fatal(err)
	}
	a, err := f.Load(d, "ann")
	if err != nil {
		t.Fatal(err)
	}
	f.Show(a, nil)
	return f
}

// TestFeature: the curated layer's strings are offered too (every
// Kakar, the curated one included: it is not the user's), a source
// switched off is not, a rejection is kept in the store, and past MaxShown
// the rest is counted, not drawn.
func TestFeature(t *testing.T) {
	text := "Kakar met Kakar; 60% of 2,300 left. " + strings.Repeat("Kakar ", 1200)
	d := &annotate.Document{ID: "d", Text: text}
	st := &memStore{d: d,
		spans: []*annotate.Span{{ID: "c", Doc: "d", Label: "actor", Annotator: Curated, Fragments: []annotate.Fragment{{Start: 0, End: 5}}}},
		model: []suggest.Suggestion{{Doc: "d", Start: 10, End: 15, Label: "person", Source: suggest.ModelSource("ner"), Score: 0.5}},
	}
	f := shown(t, st, d)
	if len(f.Shown()) != MaxShown || f.More() != 1202+2+1-MaxShown {
		t.Fatalf("shown %d, more %d", len(f.Shown()), f.More())
	}
	f.SetSource(suggest.SourceLabels, false)
	f.Refilter(nil)
	kinds := f.Kinds()
	if len(kinds) != 2 || kinds[0].Title() != "figure · Figures" || kinds[0].N != 2 || kinds[1].Title() != "person · Model ner" {
		t.Fatalf("kinds with labels off: %+v", kinds)
	}
	if err := f.Reject("ann", f.Of(kinds[0]), nil); err != nil {
		t.Fatal(err)
	}
	if len(st.rejected) != 2 || len(f.Shown()) != 1 {
		t.Errorf("after reject: stored %d, shown %+v", len(st.rejected), f.Shown())
	}
	if got := f.Off(); len(got) != 1 || got[0] != suggest.SourceLabels {
		t.Errorf("off: %q", got)
	}
}

// TestPanelKeys: A and R in the list act on the selected kind, other runes
// do nothing; the head counts the suggestions and what is not drawn.
func TestPanelKeys(t *testing.T) {
	test.NewTempApp(t)
	p := NewPanel()
	w := test.NewTempWindow(t, p)
	var acted []string
	p.OnAccept = func(k Kind) { acted = append(acted, "A "+k.Label) }
	p.OnReject = func(k Kind) { acted = append(acted, "R "+k.Label) }
	p.SetKinds([]Kind{{Source: suggest.SourceFigures, Label: "figure", N: 2}, {Source: suggest.SourceLabels, Label: "actor", N: 1}}, 5)
	if !strings.HasPrefix(p.Head(), "3 suggestions in this article, drawn dashed (the first 3; 5 more after them)") {
		t.Errorf("head %q", p.Head())
	}
	p.Focus(w.Canvas())
	test.Type(p.list, "xA")
	p.list.Select(1)
	test.Type(p.list, "r")
	if strings.Join(acted, ",") != "A figure,R actor" {
		t.Errorf("acted %q", acted)
	}
	p.SetOffer("1 other article reports this", []Action{{Label: "Make a thread", Do: func() { acted = append(acted, "thread") }}})
	if text, btns := p.Offer(); text == "" || len(btns) != 1 || !p.TapOffer("Make a thread") || acted[len(acted)-1] != "thread" {
		t.Errorf("offer %q %q", text, btns)
	}
	p.SetOffer("", nil)
	if p.offerBox.Visible() {
		t.Error("an empty offer shows")
	}
}

// A kind's count is shown however long its name: a name wider than the
// room beside the count is cut, not the count (the count came after the
// name in one label, and in the right column "actor · Your labels — 5"
// was drawn "actor · Your labels …"). In the tabs' column (320 px) the
// name is whole: the buttons are on a line of their own.
func TestKindKeepsItsCount(t *testing.T) {
	test.NewTempApp(t)
	p := NewPanel()
	w := test.NewTempWindow(t, p)
	p.SetKinds([]Kind{{Source: suggest.SourceLabels, Label: "accusation", N: 17}}, 0)
	for _, c := range []struct {
		width float32
		whole bool
	}{{320, true}, {150, false}} {
		w.Resize(fyne.NewSize(c.width, 400))
		got := strings.Join(frametest.Drawn(w.Content()), "|")
		if !strings.Contains(got, "|17|") {
			t.Errorf("%v px: the kind does not show its count; drawn: %q", c.width, got)
		}
		if whole := strings.Contains(got, "accusation · Your labels|"); !strings.Contains(got, "accusation") || whole != c.whole {
			t.Errorf("%v px: the kind's name drawn whole %v, want %v; drawn: %q", c.width, whole, c.whole, got)
		}
	}
}

// TestFeatureEdit: a change's span in the article shown is learned from the
// change (no store read: the store here knows nothing of it) and its other
// occurrences offered; taken back (undone), they go; showing the same
// offers again reports no change, so nothing is drawn again.
func TestFeatureEdit(t *testing.T) {
	d := &annotate.Document{ID: "d", Text: "Kakar met Kakar and Kakar."}
	tx := annotate.NewText(d.Text)
	f := New(&memStore{d: d})
	a, err := f.Load(d, "ann")
	if err != nil {
		t.Fatal(err)
	}
	if f.Show(a, nil) {
		t.Error("an article with nothing to offer reports a change")
	}
	sp := &annotate.Span{ID: "k", Doc: "d", Label: "actor", Annotator: "ann", Fragments: []annotate.Fragment{{Start: 0, End: 5}}}
	other := &annotate.Span{ID: "o", Doc: "d", Label: "claim", Annotator: "bob", Fragments: []annotate.Fragment{{Start: 10, End: 15}}}
	ch := &annotate.Change{Doc: "d", Spans: []annotate.SpanEdit{{After: sp}, {After: other}}}
	f.Edit("d", tx, "ann", ch, false)
	own := []*annotate.Span{sp}
	if !f.Refilter(own) || len(f.Shown()) != 2 || f.Shown()[0].Start != 10 || f.Shown()[1].Start != 20 {
		t.Fatalf("after the label: %+v", f.Shown())
	}
	if f.Refilter(own) || f.ShowLabels("d", f.LoadLabels(d), own) {
		t.Error("the same offers again report a change")
	}
	f.Edit("d", tx, "ann", ch, true)
	if !f.Refilter(nil) || len(f.Shown()) != 0 {
		t.Errorf("after the undo: %+v", f.Shown())
	}
}

// slowStore holds its first read of an article's spans until let go.
type slowStore struct {
	memStore
	reading, goOn chan struct{}
	once          sync.Once
}

func (s *slowStore) LayerSpans(doc, who string) ([]*annotate.Span, error) {
	out, err := s.memStore.LayerSpans(doc, who)
	if who != Curated {
		s.once.Do(func() {
			s.reading <- struct{}{}
			<-s.goOn
		})
	}
	return out, err
}

// TestLearnOvertaken: a Learn that read an article before an Edit of it
// came does not put its older read in place over the Edit; the article is
// listed to be read again (TakeStale), and that read learns it.
func TestLearnOvertaken(t *testing.T) {
	d := &annotate.Document{ID: "d", Text: "Kakar met Kakar in Quetta."}
	tx := annotate.NewText(d.Text)
	st := &slowStore{memStore: memStore{d: d}, reading: make(chan struct{}), goOn: make(chan struct{})}
	f := New(st)
	done := make(chan error)
	go func() { done <- f.Learn(context.Background(), "ann", map[string]bool{"d": true}) }()
	<-st.reading // the Learn has read the spans: none
	sp := &annotate.Span{ID: "k", Doc: "d", Label: "actor", Annotator: "ann", Fragments: []annotate.Fragment{{Start: 0, End: 5}}}
	st.spans = append(st.spans, sp)
	f.Edit("d", tx, "ann", &annotate.Change{Doc: "d", Spans: []annotate.SpanEdit{{After: sp}}}, false)
	close(st.goOn)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := f.LoadLabels(d); got.Len() != 2 {
		t.Errorf("the older read undid the Edit: offered %+v", got.Slice())
	}
	stale := f.TakeStale()
	if !stale["d"] || len(f.TakeStale()) != 0 {
		t.Fatalf("stale: %v", stale)
	}
	if err := f.Learn(context.Background(), "ann", stale); err != nil {
		t.Fatal(err)
	}
	if got := f.LoadLabels(d); got.Len() != 2 || len(f.TakeStale()) != 0 {
		t.Errorf("after the read again: offered %+v", got.Slice())
	}
}

// A panel behind another tab draws the kinds set meanwhile when its tab
// is shown, not each time they are set (a label key and an undo set them
// with the Spans tab in front); what it says is the same.
func TestPanelHiddenDrawsWhenShown(t *testing.T) {
	test.NewTempApp(t)
	p := NewPanel()
	tabs := container.NewAppTabs(container.NewTabItem("Spans", widget.NewLabel("spans")), container.NewTabItem("Suggestions", p))
	test.NewTempWindow(t, tabs)
	kinds := []Kind{{Source: suggest.SourceLabels, Label: "actor", N: 2}}
	p.SetKinds(kinds, 0)
	p.SetKinds(append(kinds, Kind{Source: suggest.SourceFigures, Label: "figure", N: 1}), 0)
	if p.Refreshes() != 0 || p.head.Text != "No suggestions." {
		t.Errorf("hidden: kinds drawn %d times, head %q; want none drawn", p.Refreshes(), p.head.Text)
	}
	want := "3 suggestions in this article, drawn dashed."
	if !strings.HasPrefix(p.Head(), want) {
		t.Errorf("hidden: Head %q, want it to start %q", p.Head(), want)
	}
	tabs.SelectIndex(1)
	if p.Refreshes() != 1 || p.head.Text != p.Head() || p.list.Length() != 2 {
		t.Errorf("shown: kinds drawn %d times, head %q, %d rows; want once, %q, 2 rows", p.Refreshes(), p.head.Text, p.list.Length(), p.Head())
	}
	p.SetKinds(kinds, 0)
	if p.Refreshes() != 2 || p.head.Text != p.Head() || p.list.Length() != 1 {
		t.Errorf("set while shown: kinds drawn %d times, head %q, %d rows; want twice, %q, 1 row", p.Refreshes(), p.head.Text, p.list.Length(), p.Head())
	}
}

// TestLabelKeyLearnsWhatChanged: in a long article offered at thousands of
// places, a label key on a word that stands once, and its undo, learn the
// change for memory in proportion to what changed — not a copy of every
// offer, which the offers given before (still drawn) are spared too: they
// are not changed, and after the undo the offers are those before the key.
func TestLabelKeyLearnsWhatChanged(t *testing.T) {
	var sb strings.Builder
	for i := range 3000 {
		sb.WriteString("Kakar met Nawaz in Quetta. ")
		if i == 1500 {
			sb.WriteString("Anwaar spoke. ")
		}
	}
	d := &annotate.Document{ID: "d", Text: sb.String()}
	tx := annotate.NewText(d.Text)
	var spans []*annotate.Span
	for i, w := range []string{"Kakar", "Nawaz", "Quetta"} {
		at := strings.Index(d.Text, w)
		spans = append(spans, &annotate.Span{ID: w, Doc: "d", Label: "actor", Annotator: Curated,
			Fragments: []annotate.Fragment{{Start: at, End: at + len(w)}}, Created: int64(i)})
	}
	f := shown(t, &memStore{d: d, spans: spans}, d)
	before, flat := f.labels, f.labels.Slice()
	if len(flat) != 9000 {
		t.Fatalf("%d offers, want 9,000", len(flat))
	}
	at := strings.Index(d.Text, "Anwaar")
	key := &annotate.Span{ID: "k", Doc: "d", Label: "claim", Annotator: "ann", Fragments: []annotate.Fragment{{Start: at, End: at + 6}}}
	ch := &annotate.Change{Doc: "d", Spans: []annotate.SpanEdit{{After: key}}}
	var m0, m1 runtime.MemStats
	for _, undone := range []bool{false, true} {
		runtime.ReadMemStats(&m0)
		f.Edit("d", tx, "ann", ch, undone)
		runtime.ReadMemStats(&m1)
		// A copy of the offers is 72 bytes an offer: 648 KB.
		if b := m1.TotalAlloc - m0.TotalAlloc; b > 9000*72/10 {
			t.Errorf("undone %v: learning the key allocated %d bytes, more than a tenth of a copy of the offers", undone, b)
		}
		if !slices.Equal(before.Slice(), flat) {
			t.Fatalf("undone %v: the offers given before the key changed", undone)
		}
		if want := map[bool]int{false: 9001, true: 9000}[undone]; f.labels.Len() != want {
			t.Fatalf("undone %v: %d offers, want %d", undone, f.labels.Len(), want)
		}
		t.Logf("undone %v: %d bytes allocated", undone, m1.TotalAlloc-m0.TotalAlloc)
	}
	if got := f.labels.Slice(); !slices.Equal(got, flat) {
		t.Errorf("after the key and its undo, %d offers, want the %d before the key", len(got), len(flat))
	}
}
