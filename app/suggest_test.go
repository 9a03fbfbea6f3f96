package app

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/suggest"
	"github.com/skein-news/skein/app/suggestpanel"
	"github.com/skein-news/skein/app/textview"
	"github.com/skein-news/skein/app/transfer"
)

// suggestionAt returns the ID of the suggestion the article draws over f
// with label, or "".
func suggestionAt(w *Window, f annotate.Fragment, label string) string {
	for i, s := range w.sg.f.Shown() {
		if s.Start == f.Start && s.End == f.End && s.Label == label {
			return suggestpanel.IDPrefix + strconv.Itoa(i)
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

// TestSuggestionsFollowLabels: a string labelled is offered elsewhere in
// the same article a moment after the last label key (suggestDelay), not at
// each key press.
func TestSuggestionsFollowLabels(t *testing.T) {
	a := test.NewTempApp(t)
	d := newDoc("Twice", "2024-03-01", "Kakar met Kakar in Quetta.")
	w := openWindow(t, a, newFakeStore(d), Options{})
	open(t, w, d)
	selectWords(t, w, frag(t, d, "Kakar"))
	press(w, "2")
	settle(w)
	second := annotate.Fragment{Start: 10, End: 15}
	if suggestionAt(w, second, annotate.Actor) != "" {
		t.Fatal("offered before the delay")
	}
	if w.sg.timer == nil || len(w.sg.pending) != 1 {
		t.Fatalf("no relearn waiting: %v", w.sg.pending)
	}
	w.relearnSuggestions() // what the timer does
	settle(w)
	if suggestionAt(w, second, annotate.Actor) == "" {
		t.Errorf("the second Kakar is not offered: %+v", w.sg.f.Shown())
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
