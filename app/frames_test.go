package app

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/suggest"
	"github.com/skein-news/skein/app/suggestpanel"
)

// What each of the latency benchmark's actions (app/e2e BenchmarkLatency,
// issue 18) changes on the UI goroutine, counted rather than timed: the
// article's highlights set (each draws the article again), the span
// list's refreshes (each binds every visible row again), the article's
// redraws with its suggestions, the status line and the thread offer. An
// action changes them in its own event, and nothing of them afterwards:
// what changes later is a second change of the screen.

// uiState is what of the window the researcher sees change, and what it
// costs to change it.
type uiState struct {
	highlights, indexed, listRefreshes, rowsBound, drawn, kindRefreshes int
	status, offer                                                       string
}

func stateOf(w *Window) uiState {
	offer, _ := w.sg.panel.Offer()
	return uiState{w.highlightSets, w.view.Indexed(), w.spanList.Refreshes(), w.spanList.Binds(), w.sg.drawn, w.sg.panel.Refreshes(), w.status.Text, offer}
}

// afterTimers lets every timer an action started run (the thread offer's
// 0.4 s, the relearn's 0.3 s) and what they hand the UI goroutine.
func afterTimers(w *Window) {
	settle(w)
	time.Sleep(threadOfferDelay + suggestDelay)
	settle(w)
}

// selectAsDragged selects text as a drag does: the view reports the
// selection, and it stays for a while before the next input.
func selectAsDragged(t *testing.T, w *Window, f annotate.Fragment) {
	t.Helper()
	selectWords(t, w, f)
	w.selectionChanged(w.view.Selection())
	settle(w)
}

// selectionSearched waits, as long as the machine takes, for the search
// the selection starts once it has stayed selectionSearchDelay: a sleep of
// that delay and a settle missed it on a loaded machine, where the timer
// fired after the settle.
func selectionSearched(t *testing.T, w *Window) {
	t.Helper()
	time.Sleep(selectionSearchDelay)
	for deadline := time.Now().Add(20 * time.Second); ; {
		settle(w)
		if p := w.sg.pre; p != nil && p.ready() {
			settle(w) // what the search handed to the UI goroutine
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the selection's search never ran")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// offerCorpus: a figure that two other articles report.
func offerCorpus() (d1 *annotate.Document, st *fakeStore) {
	d1 = newDoc("Kakar on attacks", "2023-11-10", "Attacks rose by 60% since 2021, Kakar said.")
	d2 := newDoc("Officials count", "2023-11-12", "Terror attacks increased by some 60 percent, officials said.")
	d3 := newDoc("Later", "2023-11-20", "Violence went up 60 per cent, a report found.")
	return d1, newFakeStore(d1, d2, d3)
}

// TestLabelKeyOffersInItsFrame: a label key on a selection that has stayed
// a moment (as long as a researcher takes to reach for the key) says, in
// the key's own event, what it added and how many other articles report
// it, with the offer in the Suggestions tab; nothing changes after it. The
// offer used to come 0.4 s later, rewriting the status line: a second
// change of the screen.
func TestLabelKeyOffersInItsFrame(t *testing.T) {
	d1, st := offerCorpus()
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	open(t, w, d1)
	selectAsDragged(t, w, frag(t, d1, "60%"))
	selectionSearched(t, w) // done before the key, as a researcher reaches for it

	before, shown := stateOf(w), w.statusShown
	press(w, "3") // figure, in the key's own event: no settle
	key := stateOf(w)
	if want := "Added figure “60%” — 2 other articles report this: see the Suggestions tab."; key.status != want {
		t.Errorf("the key's status line: %q, want %q", key.status, want)
	}
	// Said at once: the status line is shaped once, not once for the
	// span and again with the articles added.
	if n := w.statusShown - shown; n != 1 {
		t.Errorf("the key set the status line %d times, want 1", n)
	}
	if !strings.HasPrefix(key.offer, "2 other articles report this") {
		t.Errorf("the key's offer in the Suggestions tab: %q", key.offer)
	}
	if n := key.highlights - before.highlights; n != 1 {
		t.Errorf("the key set the article's highlights %d times, want 1", n)
	}
	if n := key.listRefreshes - before.listRefreshes; n != 0 {
		t.Errorf("the key refreshed the span list %d times, want 0 (the new row is bound, the others move)", n)
	}
	if n := key.rowsBound - before.rowsBound; n != 1 {
		t.Errorf("the key bound %d rows of the span list, want 1 (the new span's)", n)
	}
	afterTimers(w)
	if later := stateOf(w); later != key {
		t.Errorf("after the key's event the window changed again:\n  key:   %+v\n  later: %+v", key, later)
	}
}

// TestLabelKeyBeforeTheSearch: a key pressed before the selection's search
// is done leaves the status line as the key wrote it; the offer comes to
// the Suggestions tab alone when the search is done, not as a rewrite of
// the status line.
func TestLabelKeyBeforeTheSearch(t *testing.T) {
	d1, st := offerCorpus()
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	open(t, w, d1)
	selectAsDragged(t, w, frag(t, d1, "60%"))
	press(w, "3") // at once: the search has not started
	key := stateOf(w)
	if key.status != "Added figure “60%”" {
		t.Errorf("the key's status line: %q", key.status)
	}
	afterTimers(w)
	later := stateOf(w)
	if later.status != key.status {
		t.Errorf("the status line changed after the key: %q, then %q", key.status, later.status)
	}
	if !strings.HasPrefix(later.offer, "2 other articles report this") {
		t.Errorf("the offer in the Suggestions tab after the search: %q", later.offer)
	}
	if later.highlights != key.highlights || later.drawn != key.drawn || later.listRefreshes != key.listRefreshes {
		t.Errorf("the article or the span list was drawn again after the key: %+v, then %+v", key, later)
	}
}

// TestKeyAndUndoOneChangeEach: on the latency benchmark's window (300 KB
// article, 5,000 spans), a label key and its undo each set the highlights
// once, refresh the span list once, draw the suggestions once, and leave
// nothing to change after their event — the undo gives back the
// suggestions the key took in its own event.
func TestKeyAndUndoOneChangeEach(t *testing.T) {
	w := benchWindow(t)
	toks := annotate.Tokens(w.text)
	t1, t2 := toks[40], toks[41]
	selectAsDragged(t, w, annotate.Fragment{Start: t1.Start, End: t2.End})
	selectionSearched(t, w)
	offers := len(w.sg.f.Shown())

	for _, step := range []struct {
		name string
		do   func()
	}{
		{"label key", func() { press(w, fyne.Key1) }},
		{"undo", func() { w.undo() }},
	} {
		before, offered, filters, again := stateOf(w), slices.Clone(w.sg.f.Shown()), w.sg.f.Filters(), w.sg.f.FilteredAgain()
		made, ownMade, redraws := w.sg.f.HighlightsMade(), w.sg.ownMade, w.view.Refreshes()
		step.do()
		// The article is drawn again once: for the key the highlights
		// with the new span, the selection gone and the span marked the
		// one made, together (textview Hold). The lines in view were
		// drawn three times for a key (the selection cleared and the span
		// marked apart), then twice (the highlights, then the mark),
		// twice for an undo (scrolled to where the span was, in view
		// already), then once.
		if n, want := w.view.Refreshes()-redraws, 1; n != want {
			t.Errorf("the %s drew the article %d times, want %d", step.name, n, want)
		}
		now := stateOf(w)
		// The article's offers, nearly every word of it, are learned and
		// filtered for the change beside the store's write, not on the UI
		// goroutine, and only where the change was (suggest.FilterAgain):
		// what is offered is what filtering all of them gives.
		if n := w.sg.f.Filters() - filters; n != 0 {
			t.Errorf("the %s filtered the offers %d times on the UI goroutine, want 0", step.name, n)
		}
		if n := w.sg.f.FilteredAgain() - again; n != 1 {
			t.Errorf("the %s filtered the offers again where it was %d times, want 1", step.name, n)
		}
		a, err := w.sg.f.Load(w.doc, w.user)
		if err != nil {
			t.Fatal(err)
		}
		all := suggestpanel.Filter(a, w.ownSpans(), w.sg.f.OffNow())
		if !slices.Equal(all.Shown(), w.sg.f.Shown()) || all.More() != w.sg.f.More() {
			t.Errorf("after the %s %d offers are drawn and %d more counted; filtering all of them gives %d and %d",
				step.name, len(w.sg.f.Shown()), w.sg.f.More(), len(all.Shown()), all.More())
		}
		came := 0 // the offers that came or went
		for _, pair := range [][2][]suggest.Suggestion{{w.sg.f.Shown(), offered}, {offered, w.sg.f.Shown()}} {
			for _, s := range pair[0] {
				if !slices.Contains(pair[1], s) {
					came++
				}
			}
		}
		for _, c := range []struct {
			what string
			n    int
		}{
			{"set the article's highlights", now.highlights - before.highlights},
			{"drew the suggestions", now.drawn - before.drawn},
		} {
			if c.n != 1 {
				t.Errorf("the %s %s %d times, want 1", step.name, c.what, c.n)
			}
		}
		// Of 5,000 spans, the one the key added or the undo took away:
		// its highlight indexed, with the offers that came or went with
		// it, its row bound (or the row that comes into view for it), no
		// refresh that binds every row in view.
		// The offers' highlights: those of the offers that came are made,
		// the others' kept from the frame before, and all are what making
		// each of them gives; the user's 5,000 spans are gathered for the
		// suggestions once, not at each of the three steps that ask.
		if n := w.sg.f.HighlightsMade() - made; n > came {
			t.Errorf("the %s made %d of the suggestions' highlights, want the %d of the offers that came or went at most", step.name, n, came)
		}
		checkSuggestionHighlights(t, w, step.name)
		if n := w.sg.ownMade - ownMade; n != 1 {
			t.Errorf("the %s gathered the user's spans %d times, want 1", step.name, n)
		}
		if n := now.indexed - before.indexed; n > 1+came {
			t.Errorf("the %s indexed %d highlights, want 1 at most and the %d offers that came or went", step.name, n, came)
		}
		if n := now.rowsBound - before.rowsBound; n > 1 {
			t.Errorf("the %s bound %d rows of the span list, want 1 at most", step.name, n)
		}
		if n := now.listRefreshes - before.listRefreshes; n != 0 {
			t.Errorf("the %s refreshed the whole span list %d times, want 0", step.name, n)
		}
		if n := now.kindRefreshes - before.kindRefreshes; n > 1 {
			t.Errorf("the %s refreshed the Suggestions tab's kinds %d times, want 1 at most", step.name, n)
		}
		afterTimers(w)
		if later := stateOf(w); later != now {
			t.Errorf("after the %s's event the window changed again:\n  then:  %+v\n  later: %+v", step.name, now, later)
		}
	}
	if got := len(w.sg.f.Shown()); got != offers {
		t.Errorf("after the undo %d suggestions are offered, before the key %d", got, offers)
	}
}

// checkSuggestionHighlights holds the suggestions' highlights the article
// draws to those made anew from the offers shown.
func checkSuggestionHighlights(t *testing.T, w *Window, what string) {
	t.Helper()
	hl, shown := w.sg.f.Highlights(w.labelColor), w.sg.f.Shown()
	if len(hl) != len(shown) {
		t.Fatalf("after the %s %d suggestions are drawn of %d offered", what, len(hl), len(shown))
	}
	for i, s := range shown {
		h := hl[i]
		if h.ID != suggestpanel.HighlightID(s) || !slices.Equal(h.Fragments, []annotate.Fragment{{Start: s.Start, End: s.End}}) ||
			h.Color != w.labelColor(s.Label) || h.Label != s.Label+" — suggested" {
			t.Fatalf("after the %s the suggestion %+v is drawn as %+v", what, s, h)
		}
	}
}

// TestThreadOpenLeavesTheArticle: opening a thread from the Threads tab,
// none of whose members is in the open article, does not draw the
// article's highlights or the span list again (5,000 of them, for
// nothing); one with a member there outlines it, in the same event.
func TestThreadOpenLeavesTheArticle(t *testing.T) {
	w := benchWindow(t)
	far := threadOver(t, w, "Far away", func(d *annotate.Document) bool { return d.ID != w.doc.ID })
	before := stateOf(w)
	w.th.SelectThread(far.ID)
	settle(w)
	now := stateOf(w)
	if w.th.Current() == nil || w.th.Current().ID != far.ID {
		t.Fatalf("the current thread is %v, want %s", w.th.Current(), far.ID)
	}
	if now.highlights != before.highlights || now.listRefreshes != before.listRefreshes || now.kindRefreshes != before.kindRefreshes {
		t.Errorf("opening a thread with no member in the article set its highlights %d times, refreshed the span list %d times and the Suggestions tab's kinds %d times, want none",
			now.highlights-before.highlights, now.listRefreshes-before.listRefreshes, now.kindRefreshes-before.kindRefreshes)
	}

	// A thread with a member in the open article: its outline is drawn.
	near := threadOver(t, w, "Near", func(d *annotate.Document) bool { return true })
	before = stateOf(w)
	w.th.SelectThread(near.ID)
	settle(w)
	if n := stateOf(w).highlights - before.highlights; n != 1 {
		t.Errorf("opening a thread with a member in the article set its highlights %d times, want 1", n)
	}
	var member string
	for _, m := range near.Members {
		if m.Doc == w.doc.ID {
			member = m.Span
		}
	}
	if !w.th.InThread(member) {
		t.Errorf("the member %s in the open article is not outlined", member)
	}
}

// threadOver makes, in the store and the Threads tab, a thread of the
// user's over one span of each article keep accepts (at most 30).
func threadOver(t *testing.T, w *Window, title string, keep func(*annotate.Document) bool) *annotate.Thread {
	t.Helper()
	st := w.st.(*fakeStore)
	th := &annotate.Thread{ID: annotate.NewID(), Title: title, Annotator: "alice"}
	for _, d := range w.docList.Docs() {
		if len(th.Members) == 30 || !keep(&annotate.Document{ID: d.ID}) {
			continue
		}
		spans, err := st.LayerSpans(d.ID, "alice")
		if err != nil || len(spans) == 0 {
			continue
		}
		th.Members = append(th.Members, annotate.Member{Doc: d.ID, Span: spans[len(spans)/2].ID})
	}
	if len(th.Members) < 2 {
		t.Fatalf("thread %q: %d members", title, len(th.Members))
	}
	if !w.apply(&annotate.Change{Desc: fmt.Sprintf("make thread %q", title), User: "alice",
		Threads: []annotate.ThreadEdit{{After: th}}}) {
		t.Fatalf("could not make thread %q", title)
	}
	settle(w)
	return th
}

// TestOpenFiltersOffTheUIGoroutine: opening the benchmark's articles
// brings their suggestions filtered for the user's spans by the load, off
// the UI goroutine; the UI goroutine only puts them in place (thousands of
// offers of the 300 KB article were filtered on it before the open's
// frame).
func TestOpenFiltersOffTheUIGoroutine(t *testing.T) {
	w := benchWindow(t)
	for _, title := range []string{"Latency 30 KB", "Latency 300 KB"} {
		var id string
		for _, d := range w.docList.Docs() {
			if d.Title == title {
				id = d.ID
			}
		}
		before := w.sg.f.Filters()
		w.OpenDocument(id)
		settle(w)
		if w.doc == nil || w.doc.ID != id {
			t.Fatalf("%s did not open", title)
		}
		if len(w.sg.f.Shown()) == 0 {
			t.Fatalf("%s: no suggestions shown", title)
		}
		if n := w.sg.f.Filters() - before; n != 0 {
			t.Errorf("opening %s filtered its suggestions %d times on the UI goroutine, want none", title, n)
		}
	}
}

// TestOpenDrawsOnce: opening an article whose threads came with it (a
// member of two threads), then the 300 KB one, refreshes the span list and
// sets the highlights once each, in the open's own event: the threads of
// the article, read again after it, found what was shown and drew nothing
// (they painted the window a second time after the open, unchanged).
func TestOpenDrawsOnce(t *testing.T) {
	w := benchWindow(t)
	large := w.doc
	near := threadOver(t, w, "Near", func(d *annotate.Document) bool { return true })
	threadOver(t, w, "Near too", func(d *annotate.Document) bool { return true })
	member := near.Members[len(near.Members)-1].Doc
	for _, id := range []string{member, large.ID, member} {
		before := stateOf(w)
		w.OpenDocument(id)
		if w.doc == nil || w.doc.ID != id {
			// Slower than the open's wait (a loaded machine): shown when
			// it comes, through fyne.Do, the same way.
			settle(w)
		}
		now := stateOf(w)
		if w.doc == nil || w.doc.ID != id {
			t.Fatalf("%s did not open", id)
		}
		if n := now.listRefreshes - before.listRefreshes; n != 1 {
			t.Errorf("opening %s refreshed the span list %d times, want 1", w.doc.Title, n)
		}
		if n := now.highlights - before.highlights; n != 1 {
			t.Errorf("opening %s set its highlights %d times, want 1", w.doc.Title, n)
		}
		afterTimers(w)
		if later := stateOf(w); later != now {
			t.Errorf("after opening %s the window changed again:\n  then:  %+v\n  later: %+v", w.doc.Title, now, later)
		}
	}
}

// TestKeyLeavesTheThreadView: a label key on a span that is no member of
// the current thread does not set the thread's members again (1,000 of
// them in the benchmark); a relabel of a member does, its label shown.
func TestKeyLeavesTheThreadView(t *testing.T) {
	w := benchWindow(t)
	far := threadOver(t, w, "Far away", func(d *annotate.Document) bool { return d.ID != w.doc.ID })
	w.th.SelectThread(far.ID)
	settle(w)
	toks := annotate.Tokens(w.text)
	selectAsDragged(t, w, annotate.Fragment{Start: toks[40].Start, End: toks[41].End})
	sets := w.th.View().Sets()
	press(w, fyne.Key1)
	settle(w)
	w.undo()
	settle(w)
	if n := w.th.View().Sets() - sets; n != 0 {
		t.Errorf("a label key and its undo outside the current thread set its members %d times, want none", n)
	}

	// A member of the current thread relabelled: its row shows the label.
	near := threadOver(t, w, "Near", func(d *annotate.Document) bool { return true })
	w.th.SelectThread(near.ID)
	settle(w)
	var id string
	for _, m := range near.Members {
		if m.Doc == w.doc.ID {
			id = m.Span
		}
	}
	sets = w.th.View().Sets()
	w.spanList.Relabel(id, annotate.Label{Name: annotate.Accusation})
	settle(w)
	if n := w.th.View().Sets() - sets; n != 1 {
		t.Errorf("relabelling a member of the current thread set its members %d times, want 1", n)
	}
}

// TestOpenLaysTheArticleOutOnce: opening an article from the list, and
// walking to a thread's member in another article (] or a click in the
// thread view), lay the article's lines in view out once, in the action's
// own event (textview Hold in showDocument): the new text, its highlights
// and the member's span selected in it each laid them out again, three
// times a next member and twice an open (issue 18: the handlers of next
// member and open 300 KB). The member is selected all the same.
func TestOpenLaysTheArticleOutOnce(t *testing.T) {
	w, small, large := benchWindowDocs(t)
	th := threadOver(t, w, "Across", func(*annotate.Document) bool { return true })
	w.th.SetCurrent(th)
	settle(w)
	shown := func(id string) {
		t.Helper()
		if w.doc == nil || w.doc.ID != id {
			settle(w) // slower than the open's wait: shown through fyne.Do
		}
		if w.doc == nil || w.doc.ID != id {
			t.Fatalf("%s did not open", id)
		}
	}
	for _, d := range []*annotate.Document{small, large} {
		before := w.view.Refreshes()
		w.OpenDocument(d.ID)
		shown(d.ID)
		if n := w.view.Refreshes() - before; n != 1 {
			t.Errorf("opening %s laid the article out %d times, want 1", d.Title, n)
		}
		settle(w)
	}
	for i, m := range th.Members {
		if m.Doc == w.doc.ID {
			continue
		}
		before := w.view.Refreshes()
		w.th.OpenMember(i)
		shown(m.Doc)
		if n := w.view.Refreshes() - before; n != 1 {
			t.Errorf("member %d: its article laid out %d times, want 1", i, n)
		}
		if got := w.view.SelectedSpan(); got != m.Span {
			t.Errorf("member %d: span %q selected, want the member's %q", i, got, m.Span)
		}
		settle(w)
		if i > 3 {
			break
		}
	}
}
