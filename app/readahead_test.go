package app

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/suggest"
	"github.com/skein-news/skein/app/doclist"
	"github.com/skein-news/skein/store"
)

// docRow is where the document list shows article d, in the window.
func docRow(t *testing.T, w *Window, d *annotate.Document) fyne.Position {
	t.Helper()
	for _, r := range objects[*doclist.RowView](w) {
		if r.ID() == d.ID {
			return fyne.CurrentApp().Driver().AbsolutePositionForObject(r).AddXY(30, r.Size().Height/2)
		}
	}
	t.Fatalf("no row for %s in the document list", d.Title)
	return fyne.Position{}
}

func (f *fakeStore) reads() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.docReads
}

// TestReadAheadOnHover points at an article's row, rests, and clicks it, as
// a researcher does: the article is read while the pointer rests, and the
// click shows it without reading it again (issue 18: the read was most of
// the 300 KB open's wait before its frame). A change that reaches the store
// between the rest and the click is not lost: that open reads again and
// shows it.
func TestReadAheadOnHover(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	w.win.Resize(fyne.NewSize(1200, 700))
	open(t, w, docKakar)
	c := w.win.Canvas()

	before := st.reads()
	test.MoveMouse(c, docRow(t, w, docBorder))
	settle(w) // the rest, and the read
	if got := st.reads() - before; got != 1 {
		t.Fatalf("resting on a row read %d articles, want 1", got)
	}
	test.TapCanvas(c, docRow(t, w, docBorder))
	settle(w)
	if w.doc == nil || w.doc.ID != docBorder.ID {
		t.Fatalf("the click on %s's row shows %v", docBorder.Title, w.doc)
	}
	if got := st.reads() - before; got != 1 || w.aheadUsed != 1 {
		t.Errorf("the open after the rest read the article %d times in all (want 1, the read ahead), took %d reads ahead (want 1)", got, w.aheadUsed)
	}

	// Rest on another row; then, before the click, a span reaches the
	// store for that article, as an import's would.
	test.MoveMouse(c, docRow(t, w, docTaliban))
	settle(w)
	s := &annotate.Span{ID: annotate.NewID(), Doc: docTaliban.ID, Label: annotate.Actor, Annotator: "alice",
		Fragments: []annotate.Fragment{frag(t, docTaliban, "The Taliban")}}
	if err := st.Apply(context.Background(), &annotate.Change{Doc: docTaliban.ID, Spans: []annotate.SpanEdit{{After: s}}}); err != nil {
		t.Fatal(err)
	}
	w.changed(everything)
	settle(w) // what the change itself reads (the suggestions learn it)
	before = st.reads()
	test.TapCanvas(c, docRow(t, w, docTaliban))
	settle(w)
	if w.doc == nil || w.doc.ID != docTaliban.ID {
		t.Fatalf("the click on %s's row shows %v", docTaliban.Title, w.doc)
	}
	if w.spanList.ByID(s.ID) == nil {
		t.Errorf("the span that reached the store after the read ahead is not shown: the open took what was read before it")
	}
	if got := st.reads() - before; got != 1 || w.aheadUsed != 1 {
		t.Errorf("the open after a change read the article %d times (want 1), took %d reads ahead in all (want still 1)", got, w.aheadUsed)
	}

	// A click gives the list the keyboard, which first reports the row it
	// was on (Taliban's, the last clicked) before the click's: the read
	// ahead of the row clicked is still taken.
	open(t, w, docKakar) // from elsewhere (a thread member, Ctrl+Z): the keyboard leaves the list
	test.MoveMouse(c, docRow(t, w, docBorder))
	settle(w)
	before = st.reads()
	test.TapCanvas(c, docRow(t, w, docBorder))
	settle(w)
	if w.doc == nil || w.doc.ID != docBorder.ID {
		t.Fatalf("the click on %s's row shows %v", docBorder.Title, w.doc)
	}
	if w.aheadUsed != 2 {
		t.Errorf("the click that gave the list the keyboard took %d reads ahead in all, want 2", w.aheadUsed)
	}

	// The open article's row reads nothing.
	before = st.reads()
	test.MoveMouse(c, docRow(t, w, docTaliban).AddXY(0, 1))
	settle(w)
	if got := st.reads() - before; got != 0 {
		t.Errorf("resting on the open article's row read %d articles, want 0", got)
	}
}

// TestReadAheadGathersSuggestions: resting on an article's row gathers
// its suggestions with it (a model's offer, the other places of what the
// user labelled), so the click shows them in its own event without
// gathering them again (issue 18: the open's handler waited for the
// gathering and its filtering on the other core). What the rest gathered
// is not used once the strings learned changed since: a string learned
// between the rest and the click is offered in the article it opens.
func TestReadAheadGathersSuggestions(t *testing.T) {
	st := newFakeStore(testDocs()...)
	taliban := frag(t, docTaliban, "Taliban")
	st.models = append(st.models, suggest.Suggestion{Doc: docTaliban.ID, Start: taliban.Start, End: taliban.End,
		Label: annotate.Actor, Source: suggest.ModelSource("ner"), Score: 0.9})
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	w.win.Resize(fyne.NewSize(1200, 700))
	open(t, w, docKakar)
	settle(w)
	c := w.win.Canvas()

	test.MoveMouse(c, docRow(t, w, docTaliban))
	settle(w) // the rest, the read and the gathering
	before := st.suggestionGathers()
	test.TapCanvas(c, docRow(t, w, docTaliban))
	// No settle: what the click's own event showed.
	if w.doc == nil || w.doc.ID != docTaliban.ID {
		t.Fatalf("the click on %s's row shows %v", docTaliban.Title, w.doc)
	}
	if suggestionAt(w, taliban, annotate.Actor) == "" {
		t.Fatalf("the model's offer is not shown in the click's event: %+v", w.sg.f.Shown())
	}
	settle(w)
	if got := st.suggestionGathers() - before; got != 0 {
		t.Errorf("the open after the rest gathered its suggestions %d times, want 0 (gathered with the read ahead)", got)
	}

	// Rest on Kakar's article; then alice's "Kakar" in the Taliban
	// article is learned from the store (as the relearn after a change
	// does), which the window's changes do not count. The click gathers
	// again, and offers Kakar.
	open(t, w, docBorder)
	settle(w)
	test.MoveMouse(c, docRow(t, w, docKakar))
	settle(w)
	s := &annotate.Span{ID: annotate.NewID(), Doc: docTaliban.ID, Label: annotate.Actor, Annotator: "alice",
		Fragments: []annotate.Fragment{frag(t, docTaliban, "Kakar")}}
	if err := st.Apply(context.Background(), &annotate.Change{Doc: docTaliban.ID, Spans: []annotate.SpanEdit{{After: s}}}); err != nil {
		t.Fatal(err)
	}
	if err := w.sg.f.Learn(context.Background(), "alice", map[string]bool{docTaliban.ID: true}); err != nil {
		t.Fatal(err)
	}
	before = st.suggestionGathers()
	test.TapCanvas(c, docRow(t, w, docKakar))
	settle(w)
	if w.doc == nil || w.doc.ID != docKakar.ID {
		t.Fatalf("the click on %s's row shows %v", docKakar.Title, w.doc)
	}
	if suggestionAt(w, frag(t, docKakar, "Kakar"), annotate.Actor) == "" {
		t.Errorf("Kakar, learned after the rest, is not offered in the article the click opened: %+v", w.sg.f.Shown())
	}
	if st.suggestionGathers() == before {
		t.Errorf("the open after something was learned did not gather its suggestions again")
	}
}

// BenchmarkOpenReadAhead opens, from the list, a 300 KB article with 5,000
// spans on a real store, as a click does (click: the pointer did not rest
// on its row) and after the pointer rested on its row (rested: read ahead,
// untimed, as it is while the hand is on its way). Timed: the UI
// goroutine's wait until the article is shown; cpu-ms/op is the processor
// time within it (both cores), which the load of a shared machine does not
// stretch; ahead/op the opens that took a read ahead.
func BenchmarkOpenReadAhead(b *testing.B) {
	for _, rested := range []bool{false, true} {
		name := "click"
		if rested {
			name = "rested"
		}
		b.Run(name, func(b *testing.B) {
			st, err := store.Open(b.TempDir(), store.Options{})
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { st.Close() })
			long := longArticle(b, st, 300_000, 5000)
			other := &annotate.Document{ID: annotate.DocID("Kakar said nothing."), Title: "Other", Text: "Kakar said nothing."}
			if _, err := st.WriteBatch(context.Background(), &store.Batch{Docs: []*annotate.Document{other}}); err != nil {
				b.Fatal(err)
			}
			w := openWindow(b, test.NewTempApp(b), st, Options{})
			open(b, w, long) // its suggestions' index made, as on a second open
			var cpu time.Duration
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				open(b, w, other)
				if rested {
					w.ReadAhead(long.ID)
					settle(w)
				}
				c := cpuTime()
				b.StartTimer()
				w.OpenDocument(long.ID)
				b.StopTimer()
				cpu += cpuTime() - c
				settle(w)
				if w.doc == nil || w.doc.ID != long.ID || len(w.spanList.All()) != 5000 {
					b.Fatal("the article is not shown with its 5,000 spans")
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
			b.ReportMetric(float64(w.aheadUsed)/float64(b.N), "ahead/op")
		})
	}
}

// TestThreadReadAheadOnHover points at a thread's row in the Threads tab,
// rests, and clicks it: its members, not read before, are read while the
// pointer rests, and the click shows them without reading the store again.
func TestThreadReadAheadOnHover(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	w.win.Resize(fyne.NewSize(1200, 700))
	th, _ := threeArticleThread(t, w)
	w.th.SetCurrent(nil)
	w.th.ForgetMembers()
	w.th.ShowThreads()
	settle(w)
	var row fyne.Position
	found := false
	for _, l := range objectsIn[*widget.Label](w.th.Panel()) {
		if l.Text == th.Title {
			row, found = fyne.CurrentApp().Driver().AbsolutePositionForObject(l).AddXY(10, l.Size().Height/2), true
		}
	}
	if !found {
		t.Fatalf("no row titled %q in the Threads tab", th.Title)
	}
	c := w.win.Canvas()
	before := st.reads()
	test.MoveMouse(c, row)
	settle(w)
	rested := st.reads() - before
	if rested != 3 {
		t.Fatalf("resting on the thread's row read %d articles, want its members' 3", rested)
	}
	test.TapCanvas(c, row)
	settle(w)
	if cur := w.th.Current(); cur == nil || cur.ID != th.ID {
		t.Fatalf("the click on the thread's row made %v current", cur)
	}
	if got := len(w.th.View().Members()); got != 3 {
		t.Fatalf("the thread view shows %d members, want 3", got)
	}
	for _, m := range w.th.View().Members() {
		if m.Title == "" || m.Excerpt == "" {
			t.Errorf("member %+v shown without its article's title or excerpt", m)
		}
	}
	if got := st.reads() - before - rested; got != 0 {
		t.Errorf("the click read %d articles again, want 0: they were read ahead", got)
	}
}

// TestNextMemberReadAhead walks a thread across three articles with ], as
// a researcher does: once a member is shown, the next member's article is
// read ahead while the researcher reads, and ] opens it without reading
// the store (issue 18). The last member has no next one: nothing is read
// after it.
func TestNextMemberReadAhead(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	w.win.Resize(fyne.NewSize(1200, 700))
	th, spans := threeArticleThread(t, w)
	w.th.ShowSpan(th.Members[0].Doc, th.Members[0].Span)
	settle(w) // the first member shown, the second's article read ahead
	for i := 1; i < len(th.Members); i++ {
		before, used := st.reads(), w.aheadUsed
		press(w, fyne.KeyRightBracket)
		settle(w) // and the next member's article read ahead, if there is one
		if w.doc == nil || w.doc.ID != th.Members[i].Doc || w.view.SelectedSpan() != spans[i].ID {
			t.Fatalf("] %d: shows %v with span %q selected, want member %d (%s)", i, w.doc, w.view.SelectedSpan(), i, spans[i].ID)
		}
		if w.aheadUsed != used+1 {
			t.Errorf("] %d: the open took %d reads ahead, want 1", i, w.aheadUsed-used)
		}
		want := 1 // the read ahead of the member after it
		if i == len(th.Members)-1 {
			want = 0
		}
		if got := st.reads() - before; got != want {
			t.Errorf("] %d: read %d articles in all, want %d (none for the jump itself)", i, got, want)
		}
	}
}
