package app

import (
	"bytes"
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/suggest"
	"github.com/skein-news/skein/app/suggestpanel"
	"github.com/skein-news/skein/app/textview"
	"github.com/skein-news/skein/app/transfer"
	"github.com/skein-news/skein/seeds"
)

// suggestionAt returns the ID of the suggestion the article draws over f
// with label, or "".
func suggestionAt(w *Window, f annotate.Fragment, label string) string {
	for _, s := range w.sg.f.Shown() {
		if s.Start == f.Start && s.End == f.End && s.Label == label {
			return suggestpanel.HighlightID(s)
		}
	}
	return ""
}

// drawnSuggestions counts the dashed highlights the article has.
func drawnSuggestions(w *Window) int {
	n := 0
	for _, h := range w.sg.f.Highlights(w.labelColor) {
		if h.Style == textview.StyleSuggested {
			n++
		}
	}
	return n
}

// TestSuggestionsInTheWindow: a string alice labelled is offered in another
// article, dashed; Enter accepts it as one undoable change, a label key
// accepts it as that label, Backspace rejects it for good (also after the
// article is opened again); figures are offered as figure and A in the
// Suggestions tab accepts them all; a model's suggestions are offered with
// their score and R rejects them all; View ▸ Suggestions switches a source
// off; export has the accepted spans and nothing else.
func TestSuggestionsInTheWindow(t *testing.T) {
	a := test.NewTempApp(t)
	st := realStore(t)
	ctx := context.Background()
	w := openWindow(t, a, st, Options{})

	// alice labels Kakar in one article…
	open(t, w, docKakar)
	selectWords(t, w, frag(t, docKakar, "Kakar"))
	press(w, "2") // actor
	settle(w)
	// …and it is offered in the next.
	open(t, w, docTaliban)
	kakar := frag(t, docTaliban, "Kakar")
	id := suggestionAt(w, kakar, annotate.Actor)
	if id == "" || drawnSuggestions(w) != 1 {
		t.Fatalf("Kakar is not offered in the second article: %+v", w.sg.f.Shown())
	}
	w.view.SelectSpan(id)
	w.spanSelectedInText(id)
	if !strings.Contains(w.status.Text, "Suggested actor, from Your labels") {
		t.Errorf("status: %q", w.status.Text)
	}
	press(w, fyne.KeyReturn)
	settle(w)
	if w.status.Text != "Accepted 1 suggestion." {
		t.Errorf("status: %q", w.status.Text)
	}
	own, _ := st.LayerSpans(docTaliban.ID, "alice")
	if len(own) != 1 || own[0].Label != annotate.Actor || own[0].Start() != kakar.Start || own[0].End() != kakar.End {
		t.Fatalf("after Enter: alice's spans %+v", own)
	}
	if len(w.sg.f.Shown()) != 0 {
		t.Errorf("an accepted suggestion is still offered: %+v", w.sg.f.Shown())
	}
	w.undo()
	settle(w)
	if own, _ := st.LayerSpans(docTaliban.ID, "alice"); len(own) != 0 {
		t.Fatalf("undo left %+v", own)
	}
	if id = suggestionAt(w, kakar, annotate.Actor); id == "" {
		t.Fatalf("after undo Kakar is not offered again: %+v", w.sg.f.Shown())
	}
	// A label key accepts it as that label.
	w.view.SelectSpan(id)
	press(w, "1") // claim
	settle(w)
	own, _ = st.LayerSpans(docTaliban.ID, "alice")
	if len(own) != 1 || own[0].Label != annotate.Claim {
		t.Fatalf("after 1: alice's spans %+v", own)
	}
	// The claim does not hide the actor offer; Backspace rejects it.
	if id = suggestionAt(w, kakar, annotate.Actor); id == "" {
		t.Fatalf("the actor offer went with the claim: %+v", w.sg.f.Shown())
	}
	w.view.SelectSpan(id)
	press(w, fyne.KeyBackspace)
	settle(w)
	if own, _ := st.LayerSpans(docTaliban.ID, "alice"); len(own) != 1 {
		t.Errorf("Backspace on a suggestion changed the layer: %+v", own)
	}
	open(t, w, docBorder)
	open(t, w, docTaliban)
	if suggestionAt(w, kakar, annotate.Actor) != "" {
		t.Errorf("a rejected suggestion is offered again: %+v", w.sg.f.Shown())
	}

	// Figures: 60% in the first article; A in the tab accepts the kind.
	open(t, w, docKakar)
	kinds := w.sg.panel.Kinds()
	if len(kinds) != 1 || kinds[0].Title() != "figure · Figures" || kinds[0].N != 1 {
		t.Fatalf("kinds: %+v", kinds)
	}
	w.showSuggestions()
	test.Type(w.win.Canvas().Focused(), "A")
	settle(w)
	own, _ = st.LayerSpans(docKakar.ID, "alice")
	if len(own) != 2 || own[1].Label != annotate.Figure || own[1].Start() != frag(t, docKakar, "60%").Start {
		t.Fatalf("after A: %+v", own)
	}

	// A model's suggestions, with their score; R rejects them all.
	torkham := frag(t, docBorder, "Torkham")
	camps := frag(t, docBorder, "camps")
	_, err := st.PutModelSuggestions(ctx, "ner", []suggest.Suggestion{
		{Doc: docBorder.ID, Start: torkham.Start, End: torkham.End, Label: "actor", Score: 0.82},
		{Doc: docBorder.ID, Start: camps.Start, End: camps.End, Label: "actor", Score: 0.4},
	})
	if err != nil {
		t.Fatal(err)
	}
	w.refreshSuggestionsMenu()
	open(t, w, docBorder)
	hl := w.sg.f.Highlights(w.labelColor)
	if len(hl) != 2 || hl[0].Annotator != "Model ner 40%" || hl[1].Annotator != "Model ner 82%" {
		t.Fatalf("the model's suggestions: %+v", hl)
	}
	w.showSuggestions()
	test.Type(w.win.Canvas().Focused(), "R")
	settle(w)
	if len(w.sg.f.Shown()) != 0 {
		t.Errorf("after R: %+v", w.sg.f.Shown())
	}
	if rej, _ := st.Rejected(docBorder.ID, "alice"); len(rej) != 2 {
		t.Errorf("rejected in the store: %+v", rej)
	}

	// View ▸ Suggestions lists the model and switches Figures off.
	var titles []string
	var figures *fyne.MenuItem
	for _, it := range w.sg.menu.ChildMenu.Items {
		titles = append(titles, it.Label)
		if it.Label == "Figures" {
			figures = it
		}
	}
	if strings.Join(titles, ",") != "Your labels,Figures,Model ner,,Show the Suggestions tab" || figures == nil || !figures.Checked {
		t.Fatalf("View ▸ Suggestions: %q", titles)
	}
	figures.Action()
	settle(w)
	d2 := newDoc("Figures", "2024-02-01", "Some 2,300 people left.")
	if _, err := st.PutDocument(ctx, d2); err != nil {
		t.Fatal(err)
	}
	w.changed(everything)
	settle(w)
	open(t, w, d2)
	if len(w.sg.f.Shown()) != 0 {
		t.Errorf("with Figures off: %+v", w.sg.f.Shown())
	}
	w.switchSource(suggest.SourceFigures, true)
	if len(w.sg.f.Shown()) != 1 {
		t.Errorf("with Figures on again: %+v", w.sg.f.Shown())
	}

	// Export: the accepted claim and figure, alice's actor; no suggestion.
	var buf bytes.Buffer
	if _, err := transfer.Export(ctx, st, &buf, transfer.ExportOptions{Annotators: []string{"alice"}}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{`"text":"Kakar","label":"claim"`, `"text":"60%","label":"figure"`, `"text":"Kakar","label":"actor"`} {
		if !strings.Contains(out, want) {
			t.Errorf("export lacks %s:\n%s", want, out)
		}
	}
	if n := strings.Count(out, `"label":`); n != 3 {
		t.Errorf("export has %d spans, want 3:\n%s", n, out)
	}
}

// twiceKakar opens an article that names Kakar twice, the first selected,
// and returns the second's place.
func twiceKakar(t *testing.T) (w *Window, st *fakeStore, d *annotate.Document, second annotate.Fragment) {
	t.Helper()
	a := test.NewTempApp(t)
	d = newDoc("Twice", "2024-03-01", "Kakar met Kakar in Quetta, then Quetta again.")
	st = newFakeStore(d)
	w = openWindow(t, a, st, Options{})
	open(t, w, d)
	second = frag(t, d, "met Kakar")
	second.Start += 4
	selectWords(t, w, frag(t, d, "Kakar"))
	return w, st, d, second
}

// TestSuggestionsFollowLabels: a string labelled with a key is offered at
// its other places in the key's own event, drawn with the new span — no
// wait, nothing handed back later, the article not read again from the
// store — and taken back with an undo the same way; a relearn from the
// store finds nothing new and draws nothing, while one that finds a string
// labelled another way (not through this window) draws it.
func TestSuggestionsFollowLabels(t *testing.T) {
	w, st, d, second := twiceKakar(t)
	drawn := w.sg.drawn
	press(w, "2") // actor
	// No settle: only what the key's event did. The offers are only
	// filtered again as the article is drawn (suggestionHighlights), so
	// an offer there now was drawn after the string was learned.
	if suggestionAt(w, second, annotate.Actor) == "" {
		t.Fatalf("the second Kakar is not offered in the key's event: %+v", w.sg.f.Shown())
	}
	if w.sg.drawn == drawn {
		t.Fatal("the article was not drawn in the key's event")
	}
	if len(w.sg.pending) != 0 {
		t.Errorf("the article is to be read again from the store for the key: %v", w.sg.pending)
	}
	settle(w)
	// A relearn from the store, as one for a change that came another
	// way, finds nothing new.
	drawn = w.sg.drawn
	w.sg.pending = map[string]bool{d.ID: true}
	w.relearnSuggestions() // what the timer does
	settle(w)
	if w.sg.drawn != drawn {
		t.Errorf("the relearn drew the article again %d times with nothing new", w.sg.drawn-drawn)
	}
	if suggestionAt(w, second, annotate.Actor) == "" {
		t.Errorf("the relearn lost the second Kakar: %+v", w.sg.f.Shown())
	}

	// Undo takes the offer back in its own event too.
	w.undo()
	if suggestionAt(w, second, annotate.Actor) != "" {
		t.Errorf("the second Kakar is still offered after the undo: %+v", w.sg.f.Shown())
	}
	settle(w)
	w.sg.pending = map[string]bool{d.ID: true}
	w.relearnSuggestions()
	settle(w)
	if len(w.sg.f.Shown()) != 0 {
		t.Errorf("offered after the undo and the relearn: %+v", w.sg.f.Shown())
	}

	// Quetta labelled another way (straight into the store): the relearn
	// finds it and draws the other Quetta.
	quetta := frag(t, d, "Quetta")
	sp := &annotate.Span{ID: annotate.NewID(), Doc: d.ID, Label: annotate.Actor, Annotator: "alice",
		Fragments: []annotate.Fragment{quetta}}
	if err := st.Apply(context.Background(), &annotate.Change{ID: annotate.NewID(), User: "alice", Doc: d.ID,
		Spans: []annotate.SpanEdit{{After: sp}}}); err != nil {
		t.Fatal(err)
	}
	drawn = w.sg.drawn
	w.sg.pending = map[string]bool{d.ID: true}
	w.relearnSuggestions()
	settle(w)
	again := frag(t, d, "Quetta again")
	again.End = again.Start + 6
	if suggestionAt(w, again, annotate.Actor) == "" || w.sg.drawn == drawn {
		t.Errorf("the relearn did not draw the other Quetta (drawn %d times): %+v", w.sg.drawn-drawn, w.sg.f.Shown())
	}
}

// waitOffer waits for the thread offer, which comes threadOfferDelay after
// a span is selected and a search later.
func waitOffer(t *testing.T, w *Window) (string, []string) {
	t.Helper()
	for range 100 {
		settle(w)
		if text, btns := w.sg.panel.Offer(); text != "" {
			return text, btns
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("no thread offer")
	return "", nil
}

// TestThreadOffer: a span of yours selected for a moment brings, in the
// Suggestions tab, the other articles that report it — "Make a thread"
// makes one of them as one change; selected again, the offer is to add the
// article that reported it later to that thread.
func TestThreadOffer(t *testing.T) {
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
	id := w.spanList.All()[0].ID
	w.view.SelectSpan(id)
	w.spanSelectedInText(id)
	text, btns := waitOffer(t, w)
	if text != "1 other article reports this: “some 60 percent”. Make a thread of them?" || strings.Join(btns, ",") != "Make a thread,Show them" {
		t.Fatalf("offer %q %q", text, btns)
	}
	w.sg.panel.TapOffer("Make a thread")
	settle(w)
	if st.threadCount() != 1 {
		t.Fatalf("threads: %d, want 1", st.threadCount())
	}
	// A third article reports it too; the offer is now to add it.
	d4 := newDoc("Later", "2023-11-20", "Violence went up 60 per cent, a report found.")
	st.put(d4)
	w.view.SelectSpan(id)
	w.spanSelectedInText(id)
	text, btns = waitOffer(t, w)
	if !strings.HasPrefix(text, "2 other articles report this") || btns[0] != "Add to “60%”" {
		t.Fatalf("offer %q %q", text, btns)
	}
	w.sg.panel.TapOffer(btns[0])
	settle(w)
	ths, _ := st.ThreadsOfSpan(id)
	if len(ths) != 1 || len(ths[0].Members) != 3 {
		t.Fatalf("thread after adding: %+v", ths)
	}
	w.undo()
	settle(w)
	if ths, _ := st.ThreadsOfSpan(id); len(ths) != 1 || len(ths[0].Members) != 2 {
		t.Errorf("after undo: %+v", ths)
	}
}

// stepUntilShown runs what the window hands the UI goroutine one piece at
// a time, each a frame of its own at most, until article id is shown; the
// rest stays queued.
func stepUntilShown(t *testing.T, w *Window, id string) {
	t.Helper()
	for w.doc == nil || w.doc.ID != id {
		w.bg.Wait()
		uiQueue.Lock()
		if len(uiQueue.fns) == 0 {
			uiQueue.Unlock()
			t.Fatalf("article %s never shown", id)
		}
		f := uiQueue.fns[0]
		uiQueue.fns = uiQueue.fns[1:]
		uiQueue.Unlock()
		f()
	}
}

// TestOpenShowsSuggestionsAtOnce: opening an article shows its suggestions
// in the same frame as its text (issue 18: one screen change per open),
// the first open (which learns the labelled strings of the corpus) and the
// next; nothing handed back later changes them.
func TestOpenShowsSuggestionsAtOnce(t *testing.T) {
	a := test.NewTempApp(t)
	d1 := newDoc("Kakar", "2024-01-01", "Kakar spoke. Attacks rose by 60% since 2021.")
	d2 := newDoc("Again", "2024-03-01", "Kakar said 15 people died.")
	st := newFakeStore(d1, d2)
	w := openWindow(t, a, st, Options{})
	for _, d := range []*annotate.Document{d1, d2} {
		w.OpenDocument(d.ID)
		stepUntilShown(t, w, d.ID)
		if w.sg.f.Doc() != d.ID || len(w.sg.panel.Kinds()) == 0 || drawnSuggestions(w) == 0 {
			t.Fatalf("%s shown without its suggestions: %+v", d.Title, w.sg.panel.Kinds())
		}
		before := w.sg.panel.Kinds()
		settle(w)
		if after := w.sg.panel.Kinds(); !slices.Equal(before, after) {
			t.Errorf("%s: the suggestions changed after the article was shown: %+v, then %+v", d.Title, before, after)
		}
	}
	// A string labelled in d1 is offered in d2 as d2 opens.
	open(t, w, d1)
	selectWords(t, w, frag(t, d1, "Kakar"))
	press(w, "2") // actor
	settle(w)
	w.OpenDocument(d2.ID)
	stepUntilShown(t, w, d2.ID)
	if suggestionAt(w, frag(t, d2, "Kakar"), annotate.Actor) == "" {
		t.Errorf("Kakar, labelled in the other article, is not offered as the article opens: %+v", w.sg.f.Shown())
	}
}

// TestThreadOfferAfterLabelKey: a span just labelled with a key is the
// selected span, so the articles that report it are offered a moment later
// without a click.
func TestThreadOfferAfterLabelKey(t *testing.T) {
	a := test.NewTempApp(t)
	d1 := newDoc("Kakar on attacks", "2023-11-10", "Attacks rose by 60% since 2021, Kakar said.")
	d2 := newDoc("Officials count", "2023-11-12", "Terror attacks increased by some 60 percent, officials said.")
	w := openWindow(t, a, newFakeStore(d1, d2), Options{})
	open(t, w, d1)
	selectWords(t, w, frag(t, d1, "60%"))
	press(w, "3") // figure
	if text, _ := w.sg.panel.Offer(); text != "" {
		t.Fatalf("offered at the key press, before the pause: %q", text)
	}
	text, btns := waitOffer(t, w)
	if !strings.HasPrefix(text, "1 other article reports this") || btns[0] != "Make a thread" {
		t.Fatalf("offer %q %q", text, btns)
	}
}

// TestImportSuggestionsMenu: File ▸ Import suggestions… is there only in a
// window that can import them.
func TestImportSuggestionsMenu(t *testing.T) {
	a := test.NewTempApp(t)
	has := func(w *Window) bool {
		for _, m := range w.win.MainMenu().Items {
			for _, it := range m.Items {
				if m.Label == "File" && it.Label == "Import suggestions…" {
					return true
				}
			}
		}
		return false
	}
	if w := openWindow(t, a, newFakeStore(), Options{}); has(w) {
		t.Error("File ▸ Import suggestions… shown in a window with no importer")
	}
	imp := func(context.Context, string, []string) (string, error) { return "", nil }
	if w := openWindow(t, a, newFakeStore(), Options{ImportSuggestions: imp}); !has(w) {
		t.Error("File ▸ Import suggestions… missing in a window that imports")
	}
}

// BenchmarkOpenWithSuggestions opens, from the list, an article of seed
// text repeated to 30 KB / 300 KB with one span of alice's per 60
// characters (500 / 5,000), its suggestions gathered with it (the other
// occurrences of what she labelled, the figures) and shown in the same
// frame. again: the same article each time, another opened between,
// untimed (its index kept); first: an article never opened before each
// time (a word added at its end), indexed and searched whole, its figures
// read. Timed: the UI goroutine's wait until the article is shown;
// cpu-ms/op is the processor time in it (both cores), which the load of a
// shared machine does not stretch, ui-ms/op the UI goroutine's own (its
// thread's), the rest being the gathering on the other core that the UI
// goroutine works beside; late/op is the share of opens that
// missed openWait and showed "Opening…" first (the timer stops then, so a
// late open's time is understated: it is a second screen change).
func BenchmarkOpenWithSuggestions(b *testing.B) {
	docs, err := seeds.Documents()
	if err != nil {
		b.Fatal(err)
	}
	for _, size := range []int{30_000, 300_000} {
		var text []byte
		for len(text) < size {
			for _, d := range docs {
				text = append(text, d.Text...)
				text = append(text, "\n\n"...)
			}
		}
		text = text[:size]
		// article n: the text, a word at its end for n > 0, and alice's
		// spans in it (those of article n-1 taken out of the fake store,
		// which reads every span it holds for each article's).
		article := func(st *fakeStore, n int) *annotate.Document {
			if n > 1 {
				prev := annotate.DocID(string(text) + " Word" + strconv.Itoa(n-1) + ".")
				for id, s := range st.spans {
					if s.Doc == prev {
						delete(st.spans, id)
					}
				}
			}
			t := string(text)
			if n > 0 {
				t += " Word" + strconv.Itoa(n) + "."
			}
			d := &annotate.Document{ID: annotate.DocID(t), Title: "Long", Date: "2020-01-01", Text: t}
			st.put(d)
			toks := annotate.Tokens(annotate.NewText(d.Text))
			for i := 0; i < size/60; i++ {
				tk := toks[(i*7)%len(toks)]
				s := &annotate.Span{ID: annotate.NewID(), Doc: d.ID, Label: annotate.Actor, Annotator: "alice",
					Fragments: []annotate.Fragment{{Start: tk.Start, End: tk.End}}}
				st.spans[s.ID] = s
			}
			return d
		}
		for _, first := range []bool{false, true} {
			name := strconv.Itoa(size/1000) + "KB/again"
			if first {
				name = strconv.Itoa(size/1000) + "KB/first"
			}
			b.Run(name, func(b *testing.B) {
				other := newDoc("Other", "2020-01-02", "Kakar said nothing.")
				st := newFakeStore(other)
				d := article(st, 0)
				w := openWindow(b, test.NewTempApp(b), st, Options{})
				open(b, w, d)
				if len(w.sg.f.Shown()) == 0 {
					b.Fatal("no suggestions")
				}
				var cpu, ui time.Duration
				late := 0
				thread, unlock := threadCPU()
				defer unlock()
				b.ResetTimer()
				for i := range b.N {
					b.StopTimer()
					open(b, w, other)
					if first {
						d = article(st, i+1)
					}
					c := cpuTime()
					b.StartTimer()
					u := thread()
					w.OpenDocument(d.ID) // returns once shown, unless it took over openWait
					ui += thread() - u
					b.StopTimer()
					cpu += cpuTime() - c
					if w.doc == nil || w.doc.ID != d.ID {
						late++
					}
					settle(w)
					if w.doc == nil || w.doc.ID != d.ID || w.sg.f.Doc() != d.ID {
						b.Fatal("not shown with its suggestions")
					}
					b.StartTimer()
				}
				b.ReportMetric(float64(cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
				b.ReportMetric(float64(ui)/float64(time.Millisecond)/float64(b.N), "ui-ms/op")
				b.ReportMetric(float64(late)/float64(b.N), "late/op")
			})
		}
	}
}

// BenchmarkLabelKeyWithSuggestions is a label key on a two-word selection
// in a 300 KB article on a real store, with alice's 5,000 spans there
// (tens of thousands of other occurrences offered), then Ctrl+Z: each op is
// one key and one undo. cpu-ms/op is the processor time of both, the
// store's commit included; ui-key-ms/op and ui-undo-ms/op the time of the
// UI goroutine alone in each (its thread's CPU time: the store's write runs
// beside it), which the load of a shared machine does not stretch.
// rows-bound/op counts the span list's rows bound to a span, indexed/op the
// highlights the article indexed (the spans' and the suggestions'),
// redraws/op the article's redraws with its suggestions, the 0.3 s relearn
// from the store included (run at the end of each op, as its timer would:
// it finds nothing new).
func BenchmarkLabelKeyWithSuggestions(b *testing.B) {
	w, st, _ := openReal(b)
	d := longArticle(b, st, 300<<10, 5000)
	open(b, w, d)
	settle(w)
	toks := annotate.Tokens(annotate.NewText(d.Text))
	var cpu, uiKey, uiUndo time.Duration
	drawn, bound, indexed := 0, 0, 0
	thread, unlock := threadCPU()
	defer unlock()
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		t := toks[(i*11+5)%(len(toks)-1)]
		t2 := toks[(i*11+5)%(len(toks)-1)+1]
		w.view.SetSelection([]annotate.Fragment{{Start: t.Start, End: t2.End}})
		before, rows, ix, c := w.sg.drawn, w.spanList.Binds(), w.view.Indexed(), cpuTime()
		k := thread()
		press(w, fyne.Key1)
		u := thread()
		w.undo()
		e := thread()
		cpu += cpuTime() - c
		uiKey += u - k
		uiUndo += e - u
		b.StopTimer()
		bound += w.spanList.Binds() - rows
		indexed += w.view.Indexed() - ix
		settle(w)
		w.relearnSuggestions() // nothing waits: the key's article is learned from the change
		settle(w)
		drawn += w.sg.drawn - before
		b.StartTimer()
	}
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) / float64(b.N) }
	b.ReportMetric(ms(cpu), "cpu-ms/op")
	b.ReportMetric(ms(uiKey), "ui-key-ms/op")
	b.ReportMetric(ms(uiUndo), "ui-undo-ms/op")
	b.ReportMetric(float64(bound)/float64(b.N), "rows-bound/op")
	b.ReportMetric(float64(indexed)/float64(b.N), "indexed/op")
	b.ReportMetric(float64(drawn)/float64(b.N), "redraws/op")
}

// TestLabelKeyLearnsInlineWhenItsGoroutineWaits: when the goroutine of a
// key's learning has not begun by the time the article is drawn (two busy
// cores), the key's event does the learning itself rather than wait for
// it: the other occurrence is offered in the key's event all the same,
// and the goroutine, when it runs, finds the work done and changes
// nothing. The same for the undo.
func TestLabelKeyLearnsInlineWhenItsGoroutineWaits(t *testing.T) {
	w, _, d, second := twiceKakar(t)

	var held []func()
	was := goOff
	goOff = func(f func()) { held = append(held, f) }
	t.Cleanup(func() { goOff = was })
	inline := w.sg.inline
	press(w, "2") // actor
	if len(held) != 1 {
		t.Fatalf("the key began %d goroutines for its learning, want 1", len(held))
	}
	if w.sg.inline != inline+1 {
		t.Fatalf("the key's event did its learning %d times itself, want 1", w.sg.inline-inline)
	}
	if suggestionAt(w, second, annotate.Actor) == "" {
		t.Fatalf("the second Kakar is not offered in the key's event: %+v", w.sg.f.Shown())
	}
	shown := slices.Clone(w.sg.f.Shown())
	held[0]() // the goroutine comes late: the work is done
	settle(w)
	if !slices.Equal(w.sg.f.Shown(), shown) {
		t.Errorf("the late goroutine changed the offers: %+v, were %+v", w.sg.f.Shown(), shown)
	}

	held = nil
	w.undo()
	if len(held) != 1 || w.sg.inline != inline+2 {
		t.Fatalf("the undo began %d goroutines and did %d learnings itself, want 1 and 1", len(held), w.sg.inline-inline-1)
	}
	if suggestionAt(w, second, annotate.Actor) != "" {
		t.Errorf("the second Kakar is still offered after the undo: %+v", w.sg.f.Shown())
	}
	held[0]()

	// With the goroutine begun at once, as it is in the window, and done
	// before the article wants it, its result is taken.
	goOff = was
	selectWords(t, w, frag(t, d, "Kakar"))
	press(w, "2")
	if suggestionAt(w, second, annotate.Actor) == "" {
		t.Fatalf("the second Kakar is not offered in the key's event: %+v", w.sg.f.Shown())
	}
}

// The Suggestions tab names each kind whole — its label and where it comes
// from — at the default window (1200×700), where the tabs' column is its
// least width, and at the smallest: beside the count and the two buttons,
// "accusation · Your labels" was cut to "accusation · …", the source, the
// one thing that tells the kinds of a label apart, under the ellipsis.
func TestSuggestionKindsReadWhole(t *testing.T) {
	st := realStore(t)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	open(t, w, docKakar)
	selectWords(t, w, frag(t, docKakar, "Kakar"))
	press(w, "4") // accusation, the longest of the four
	settle(w)
	open(t, w, docTaliban)
	w.showSuggestions()
	settle(w)
	want := "accusation · Your labels"
	for _, size := range []fyne.Size{{Width: 1200, Height: 700}, {}} {
		resizeTo(w, size)
		var name *widget.Label
		for _, l := range objects[*widget.Label](w) {
			if l.Text == want {
				name = l
			}
		}
		if name == nil {
			t.Fatalf("at %v the Suggestions tab shows no %q: %+v", size, want, w.sg.panel.Kinds())
		}
		th := name.Theme()
		need := fyne.MeasureText(want, th.Size(theme.SizeNameText), name.TextStyle).Width + 2*th.Size(theme.SizeNameInnerPadding)
		if got := name.Size().Width; got < need {
			t.Errorf("at %v the kind %q has %v px of the %v it needs: it is cut", w.win.Canvas().Size(), want, got, need)
		}
	}
}
