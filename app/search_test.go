package app

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/search"
	"github.com/skein-news/skein/annotate/suggest"
	"github.com/skein-news/skein/app/frame/frametest"
)

// The fake store's search records, folded on the fly.

func (f *fakeStore) ScanRecords(ctx context.Context, fn func(doc string, rec []byte) error) error {
	f.mu.Lock()
	var docs []*annotate.Document
	for _, d := range f.docs {
		docs = append(docs, d)
	}
	f.mu.Unlock()
	sort.Slice(docs, func(i, j int) bool { return docs[i].ID < docs[j].ID })
	for _, d := range docs {
		if err := fn(d.ID, search.AppendRecord(nil, d.Date, d.Text)); err != nil {
			return err
		}
	}
	return nil
}

func (f *fakeStore) Spans(doc string) ([]*annotate.Span, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []*annotate.Span
	for _, s := range f.spans {
		if s.Doc == doc {
			out = append(out, s.Clone())
		}
	}
	annotate.SortSpans(out)
	return out, nil
}

func (f *fakeStore) Done(doc, annotator string) (bool, error) {
	m, err := f.Mark(doc, annotator)
	return err == nil && m.Done, nil
}

func (f *fakeStore) DocsWith(byLabel bool, name string) (map[string]bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]bool{}
	for _, s := range f.spans {
		if byLabel && s.Label == name || !byLabel && s.Annotator == name {
			out[s.Doc] = true
		}
	}
	return out, nil
}

var _ searchStore = (*fakeStore)(nil)

// TestSearchPanelLabelsAll searches the corpus from the Search tab, opens a
// match, labels every match with a key as one change, and undoes it.
func TestSearchPanelLabelsAll(t *testing.T) {
	a := test.NewTempApp(t)
	st := newFakeStore(testDocs()...)
	w := openWindow(t, a, st, Options{})
	w.win.Resize(w.win.Canvas().Size().AddWidthHeight(1200, 800))
	// alice has one of them already.
	open(t, w, docTaliban)
	selectWords(t, w, frag(t, docTaliban, "Kakar"))
	press(w, "2") // actor
	settle(w)

	selectWords(t, w, frag(t, docTaliban, "Taliban denied"))
	w.showSearch()
	if w.th.Tabs().Selected() != w.srch.tab {
		t.Fatal("Search corpus… did not show the Search tab")
	}
	if got := w.srch.panel.Query(); got != `"Taliban denied"` {
		t.Errorf("the selected words make the query %q, want the phrase", got)
	}
	w.srch.panel.SetQuery("kakar")
	w.searchCorpus(w.srch.panel.Query())
	settle(w)
	if got := len(w.srch.hits); got != 2 {
		t.Fatalf("kakar: got matches in %d articles, want 2", got)
	}
	w.openMatch(docKakar.ID, w.srch.hits[0].Matches[0])
	settle(w)
	if w.doc.ID != docKakar.ID || !slices.Equal(w.view.Selection(), []annotate.Fragment{frag(t, docKakar, "Kakar")}) {
		t.Fatalf("opening the match: the window shows %s with %v selected", w.doc.Title, w.view.Selection())
	}

	w.labelMatches("2", nil)
	settle(w)
	if got := w.srch.panel.Status(); !strings.Contains(got, "Labelled 1 match actor; 1 already labelled actor, skipped") {
		t.Errorf("status after label-all: %q", got)
	}
	spans, _ := st.LayerSpans(docKakar.ID, "alice")
	if len(spans) != 1 || spans[0].Label != "actor" || spans[0].Fragments[0] != frag(t, docKakar, "Kakar") {
		t.Fatalf("Kakar's article after label-all: %v", spans)
	}
	if len(w.spanList.All()) != 1 {
		t.Errorf("the open article shows %d spans, want the new one", len(w.spanList.All()))
	}
	w.undo()
	settle(w)
	if spans, _ := st.LayerSpans(docKakar.ID, "alice"); len(spans) != 0 {
		t.Errorf("after undo: %v", spans)
	}
	if spans, _ := st.LayerSpans(docTaliban.ID, "alice"); len(spans) != 1 {
		t.Errorf("undo took the earlier span too: %v", spans)
	}
}

// TestSearchResultsInListOrder: the Search tab lists the articles as the
// article list does (oldest first), not in the order of their IDs, which
// is no order a researcher knows.
func TestSearchResultsInListOrder(t *testing.T) {
	a := test.NewTempApp(t)
	// Five reports whose dates run against their IDs' order.
	var docs []*annotate.Document
	for i := range 5 {
		docs = append(docs, newDoc("", "", fmt.Sprintf("Report %d: the talks at Torkham stalled.", i)))
	}
	slices.SortFunc(docs, func(a, b *annotate.Document) int { return strings.Compare(a.ID, b.ID) })
	for i, d := range docs {
		d.Date = fmt.Sprintf("2024-01-%02d", 20-i)
		d.Title = "Talks stall, " + d.Date
	}
	st := newFakeStore(append(docs, testDocs()...)...)
	w := openWindow(t, a, st, Options{})
	w.showSearch()
	for _, q := range []string{"the", "torkham"} {
		w.srch.panel.SetQuery(q)
		w.searchCorpus(w.srch.panel.Query())
		settle(w)
		var want []string
		for _, d := range w.docList.Docs() {
			if slices.ContainsFunc(w.srch.hits, func(h search.Hits) bool { return h.Doc == d.ID }) {
				want = append(want, d.Title)
			}
		}
		if len(want) < 3 {
			t.Fatalf("%q: matches in %d articles, want 3 or more to tell an order", q, len(want))
		}
		var got, hits []string
		for _, g := range w.srch.panel.Groups() {
			got = append(got, g.Title)
		}
		for _, h := range w.srch.hits {
			hits = append(hits, w.docList.TitleOf(h.Doc))
		}
		if !slices.Equal(got, want) || !slices.Equal(hits, want) {
			t.Errorf("%q: the Search tab lists\n%q\nand label-all takes\n%q\nwant the article list's order\n%q", q, got, hits, want)
		}
	}
}

// The first Ctrl+F of a session gives the keyboard to the find bar's
// field: the bar, hidden until then, had never been drawn, the canvas did
// not find its field to focus, and what was typed next went to the article
// as keys (in the Suggestions tab, "a" and "r" accept and reject).
func TestFirstFindTakesTheKeyboard(t *testing.T) {
	a := test.NewTempApp(t)
	st := newFakeStore(testDocs()...)
	w := openWindow(t, a, st, Options{})
	open(t, w, docKakar)
	w.focusView()
	settle(w)
	menuItem(t, w, "Edit", "Find in article").Action()
	settle(w)
	f := w.win.Canvas().Focused()
	if f == nil || f == fyne.Focusable(w.view) {
		t.Fatalf("after the first Find in article… the keyboard is at %T, want the find bar's field", f)
	}
	for _, r := range "attacks" {
		f.TypedRune(r)
	}
	settle(w)
	if got := w.srch.bar.Query(); got != "attacks" || len(w.srch.found) != 1 {
		t.Errorf("typed into the bar: query %q, %d matches; want attacks and 1", got, len(w.srch.found))
	}
}

// TestFindInArticle: Ctrl+F's bar highlights the matches and Enter walks
// them.
func TestFindInArticle(t *testing.T) {
	a := test.NewTempApp(t)
	st := newFakeStore(testDocs()...)
	w := openWindow(t, a, st, Options{})
	open(t, w, docKakar)
	w.showFind()
	w.srch.bar.SetQuery("attacks")
	settle(w)
	if len(w.srch.found) != 1 {
		t.Fatalf("found %v", w.srch.found)
	}
	w.srch.bar.SetQuery("the")
	w.findStep(1)
	w.findStep(1)
	if got, want := w.view.Selection(), []annotate.Fragment{{Start: 40, End: 43}}; !slices.Equal(got, want) {
		t.Errorf("second match selected: got %v, want %v", got, want)
	}
	w.findStep(-1)
	w.findStep(-1)
	if got, want := w.view.Selection(), []annotate.Fragment{{Start: 40, End: 43}}; !slices.Equal(got, want) {
		t.Errorf("back twice from the second of two: got %v, want %v", got, want)
	}
	// A click on a match's highlight selects the match, not a span.
	w.spanSelectedInText(findID + "0")
	if got, want := w.view.Selection(), []annotate.Fragment{{Start: 16, End: 19}}; !slices.Equal(got, want) || w.view.SelectedSpan() != "" {
		t.Errorf("a click on the first match: selection %v, span %q; want %v and none", got, w.view.SelectedSpan(), want)
	}
	w.closeFind()
	if len(w.srch.found) != 0 || w.srch.barBox.Visible() {
		t.Error("closing the bar left matches or the bar")
	}
}

// TestRelatedMakesAThread: a figure span's "Articles that report the
// selected span" lists the article with the same figure, and its button
// makes a thread of both as one change, which one undo takes back.
func TestRelatedMakesAThread(t *testing.T) {
	a := test.NewTempApp(t)
	d1 := newDoc("Kakar on attacks", "2023-11-10", "Attacks rose by 60% since 2021, Kakar said.")
	d2 := newDoc("Officials count", "2023-11-12", "Terror attacks increased by some 60 percent, officials said.")
	d3 := newDoc("Talks", "2023-11-13", "Talks stalled again; 15 people waited.")
	st := newFakeStore(d1, d2, d3)
	w := openWindow(t, a, st, Options{})
	open(t, w, d1)
	selectWords(t, w, frag(t, d1, "60%"))
	press(w, "3") // figure
	settle(w)
	if len(w.spanList.All()) != 1 {
		t.Fatalf("spans: %v", w.spanList.All())
	}
	w.view.SelectSpan(w.spanList.All()[0].ID)
	w.showRelated()
	settle(w)
	if len(w.srch.hits) != 1 || w.srch.hits[0].Doc != d2.ID {
		t.Fatalf("related: %v, want the officials' 60 percent", w.srch.hits)
	}
	if got := w.srch.panel.Status(); got != "1 other article reports this." {
		t.Errorf("status %q", got)
	}
	w.threadOfRelated(w.spanList.All()[0], relatedOf(t, w))
	settle(w)
	if st.threadCount() != 1 {
		t.Fatalf("threads: %d, want 1", st.threadCount())
	}
	// The status line says what was done, as after any change: it kept
	// the offer the key's status had made ("… — 1 other article reports
	// this: see the Suggestions tab."), taken up already.
	if got, want := w.status.Text, "Made the thread “60%” of 2 articles. Ctrl+Z takes it back."; got != want {
		t.Errorf("status line %q, want %q", got, want)
	}
	spans, _ := st.LayerSpans(d2.ID, "alice")
	if len(spans) != 1 || spans[0].Label != "figure" || spans[0].Fragments[0] != frag(t, d2, "some 60 percent") {
		t.Fatalf("the officials' article: %v, want a figure over some 60 percent", spans)
	}
	w.undo()
	settle(w)
	if spans, _ := st.LayerSpans(d2.ID, "alice"); st.threadCount() != 0 || len(spans) != 0 {
		t.Errorf("after undo: %d threads, %v", st.threadCount(), spans)
	}
}

// TestRelatedThreadTakesYourOverlappingSpan: where the other article has a
// figure span of yours overlapping the figure it reports, Make a thread of
// this span and these links that span: it made a second figure span,
// "Some 12", over the user's own "12 soldiers", without a word.
func TestRelatedThreadTakesYourOverlappingSpan(t *testing.T) {
	a := test.NewTempApp(t)
	d1 := newDoc("Quetta attack", "2023-11-10", "Militants killed 12 soldiers near Quetta, police said.")
	d2 := newDoc("Army statement", "2023-11-11", "Some 12 soldiers died in the attack near Quetta on Friday.")
	st := newFakeStore(d1, d2)
	w := openWindow(t, a, st, Options{})
	open(t, w, d2)
	selectWords(t, w, frag(t, d2, "12 soldiers"))
	press(w, "3") // figure
	settle(w)
	mine := w.spanList.All()
	if len(mine) != 1 {
		t.Fatalf("spans in the army's article: %v", mine)
	}
	open(t, w, d1)
	selectWords(t, w, frag(t, d1, "12 soldiers"))
	press(w, "3")
	settle(w)
	first := w.spanList.All()[0]
	w.view.SelectSpan(first.ID)
	w.showRelated()
	settle(w)
	if len(w.srch.hits) != 1 || w.srch.hits[0].Doc != d2.ID {
		t.Fatalf("related: %v, want the army's 12", w.srch.hits)
	}
	w.threadOfRelated(first, relatedOf(t, w))
	settle(w)
	spans, _ := st.LayerSpans(d2.ID, "alice")
	if len(spans) != 1 || spans[0].ID != mine[0].ID {
		t.Fatalf("the army's article: %v, want only your figure over 12 soldiers", spans)
	}
	th, _ := st.ThreadsOfDoc(d2.ID)
	if len(th) != 1 || len(th[0].Members) != 2 || th[0].Members[1].Span != mine[0].ID {
		t.Fatalf("threads %+v, want one of your two figures", th)
	}
}

// relatedOf turns the panel's hits back into what the button passes.
func relatedOf(t *testing.T, w *Window) []suggest.Related {
	var out []suggest.Related
	for _, h := range w.srch.hits {
		out = append(out, suggest.Related{Doc: h.Doc, Start: h.Matches[0].Start, End: h.Matches[0].End})
	}
	return out
}

// TestRelatedSaysHowAlike: "Articles that report the selected span" says
// of a like sentence how alike it is where the Search tab shows it, at the
// default window: after a sentence as wide as the column, "— a similar
// sentence (57%)" was cut off the row's end, and with it the README's "with
// how alike".
func TestRelatedSaysHowAlike(t *testing.T) {
	d1 := newDoc("Kakar on the border", "2023-11-10", "Kakar said the Afghan Taliban must hand over the terrorists sheltering across the border to Islamabad without delay.")
	d2 := newDoc("Reporters in Islamabad", "2023-11-12", "The Afghan Taliban must hand over terrorists sheltering across the border, Kakar told reporters in Islamabad on Sunday.")
	w := labelInTheFirst(t, d1, d2, "the Afghan Taliban must hand over the terrorists sheltering across the border to Islamabad", "1") // claim
	settle(w)
	w.view.SelectSpan(w.spanList.All()[0].ID)
	w.showRelated()
	settle(w)
	if len(w.srch.hits) != 1 || w.srch.hits[0].Doc != d2.ID {
		t.Fatalf("related: %v, want the reporters' sentence", w.srch.hits)
	}
	drawn := strings.Join(frametest.Lines(w.win.Content()), "|")
	if !regexp.MustCompile(`a similar sentence \([0-9]+%\)`).MatchString(drawn) {
		t.Errorf("the Search tab does not say how alike the sentence is; drawn: %q", drawn)
	}
}

// labelInTheFirst opens a window on d1 and d2, d1 shown, and labels words
// of d1 with key: the span another article may report.
func labelInTheFirst(t *testing.T, d1, d2 *annotate.Document, words string, key fyne.KeyName) *Window {
	t.Helper()
	w := openWindow(t, test.NewTempApp(t), newFakeStore(d1, d2), Options{})
	open(t, w, d1)
	selectWords(t, w, frag(t, d1, words))
	press(w, key)
	return w
}

// Find in article's bar does not raise the window's least width, and at
// the smallest window its field keeps room for about ten characters: the
// bar needed more than the article's column, so the window's least width
// grew (574 to 616 px) and the field, the one part that gave way, was
// 40 px wide.
func TestFindBarAtTheSmallestWindow(t *testing.T) {
	w := openWindow(t, test.NewTempApp(t), newFakeStore(testDocs()...), Options{})
	open(t, w, docKakar)
	settle(w)
	before := w.win.Content().MinSize()
	menuItem(t, w, "Edit", "Find in article").Action()
	settle(w)
	for _, r := range "the" {
		w.win.Canvas().Focused().TypedRune(r)
	}
	settle(w)
	if got := w.win.Content().MinSize(); got.Width > before.Width {
		t.Errorf("with the find bar open the window's least width is %v, without %v", got.Width, before.Width)
	}
	resizeTo(w, fyne.Size{})
	settle(w)
	field := w.win.Canvas().Focused().(fyne.CanvasObject)
	want := fyne.MeasureText("0000000000", theme.TextSize(), fyne.TextStyle{}).Width
	if got := field.Size().Width; got < want {
		t.Errorf("at the smallest window (%v) the find field is %v px wide, want room for ten characters (%v)", w.win.Canvas().Size(), got, want)
	}
}

// A match's context in the Search tab is cut at a word with "…" where the
// row has not the room for it, at the window's smallest size and its
// default: it was clipped mid-word with no "…" ("… denied any respon"),
// Fyne's RichText cutting the segment after the bold match to the row.
func TestSearchContextCutAtWord(t *testing.T) {
	st := realStore(t)
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	texts := strings.Join([]string{docKakar.Text, docTaliban.Text, docBorder.Text}, "\n")
	cuts := 0
	for _, size := range []fyne.Size{{}, defaultWindowSize} {
		resizeTo(w, size)
		settle(w)
		for _, q := range []string{"taliban", "kakar", "talks"} {
			w.showSearch()
			w.srch.panel.SetQuery(q)
			w.searchCorpus(w.srch.panel.Query())
			settle(w)
			rows, cut := 0, 0
			for _, rt := range frametest.Visible[*widget.RichText](w.srch.panel) {
				if len(rt.Segments) != 3 || rt.String() == "" {
					continue // a label's text, not a match's line
				}
				rows++
				drawn := strings.Join(frametest.Drawn(rt), "")
				if drawn != rt.String() {
					t.Errorf("%v, %q: the context reads %q on screen, of %q: cut short by the row", w.win.Canvas().Size(), q, drawn, rt.String())
				}
				if start, ok := strings.CutSuffix(drawn, "…"); ok {
					cut++
					start = strings.TrimPrefix(start, "…")
					if !strings.Contains(texts, start+" ") && !strings.Contains(texts, start+"\n") {
						t.Errorf("%v, %q: the context %q is not cut at a word", w.win.Canvas().Size(), q, drawn)
					}
				} else if !strings.Contains(texts, strings.TrimPrefix(drawn, "…")) {
					t.Errorf("%v, %q: the context reads %q, which is not the article's", w.win.Canvas().Size(), q, drawn)
				}
			}
			if rows == 0 {
				t.Fatalf("%q: no results shown", q)
			}
			cuts += cut
		}
	}
	if cuts == 0 {
		t.Fatal("no context was cut: nothing tested")
	}
}

// TestRelatedShortcutSaysSearchTab: Ctrl+Shift+R on a span of yours
// clicked, whose offer the status line tells of, lists the articles in the Search tab, and the
// status line says to see the Search tab — before or after the offer comes.
// It went on saying "see the Suggestions tab" with the Search tab in front.
func TestRelatedShortcutSaysSearchTab(t *testing.T) {
	d1 := newDoc("Kakar on attacks", "2023-11-10", "Attacks rose by 60% since 2021, Kakar said.")
	d2 := newDoc("Officials count", "2023-11-12", "Terror attacks increased by some 60 percent, officials said.")
	related := &desktop.CustomShortcut{KeyName: fyne.KeyR, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
	for _, tc := range []struct {
		name       string
		offerFirst bool
	}{{"after the offer", true}, {"before the offer", false}} {
		t.Run(tc.name, func(t *testing.T) {
			st := newFakeStore(d1, d2)
			id := annotate.NewID()
			if err := st.Apply(context.Background(), &annotate.Change{ID: annotate.NewID(), User: "alice", Doc: d1.ID,
				Spans: []annotate.SpanEdit{{After: &annotate.Span{ID: id, Doc: d1.ID, Label: "figure", Annotator: "alice",
					Fragments: []annotate.Fragment{frag(t, d1, "60%")}}}}}); err != nil {
				t.Fatal(err)
			}
			w := openWindow(t, test.NewTempApp(t), st, Options{})
			open(t, w, d1)
			w.view.SelectSpan(id)
			w.spanSelectedInText(id)
			if tc.offerFirst {
				waitOffer(t, w)
				if got, want := w.status.Text, "1 other article reports this: see the Suggestions tab."; got != want {
					t.Fatalf("status line %q, want %q", got, want)
				}
			}
			typeShortcut(w, related)
			settle(w)
			if !tc.offerFirst {
				waitOffer(t, w)
			}
			if got := w.th.Tabs().Selected(); got != w.srch.tab {
				t.Fatalf("tab %q in front, want Search", got.Text)
			}
			if got, want := w.status.Text, "1 other article reports this: see the Search tab."; got != want {
				t.Errorf("status line %q, want %q", got, want)
			}
		})
	}
}
