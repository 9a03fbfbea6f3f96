package app

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
)

// linkedArticle stores the long article of longArticle with 5,000 spans
// and links 2,000 of them, each to a span a few after it, with the default
// link labels in turn: the article issue 12 budgets arcs on.
func linkedArticle(b *testing.B, st *store.Store) *annotate.Document {
	b.Helper()
	d := longArticle(b, st, 300<<10, 5000)
	spans, err := st.LayerSpans(d.ID, "alice")
	if err != nil || len(spans) != 5000 {
		b.Fatalf("got %d spans (%v), want 5000", len(spans), err)
	}
	annotate.SortSpans(spans)
	batch := &store.Batch{}
	for i := 0; i < 2000; i++ {
		from := spans[(i*5)%len(spans)]
		to := spans[(i*5+1+i%4)%len(spans)]
		label := annotate.DefaultLinkLabels[i%len(annotate.DefaultLinkLabels)]
		batch.Threads = append(batch.Threads, &annotate.Thread{ID: annotate.NewID(), Annotator: "alice",
			Members: []annotate.Member{{Doc: d.ID, Span: from.ID}, {Doc: d.ID, Span: to.ID, Link: label}}})
	}
	if _, err := st.WriteBatch(context.Background(), batch); err != nil {
		b.Fatal(err)
	}
	return d
}

// BenchmarkArcs is the 5,000-span article with 2,000 links (issue 12):
// opening it, up to its spans, threads and arcs on screen; a label key
// on a selection, the span written to a real store and the highlights and
// arcs redrawn; and a link label key on a selected arc. The painted
// variants add the test driver's software paint of the window.
func BenchmarkArcs(b *testing.B) {
	setup := func(b *testing.B) (*Window, *store.Store, *annotate.Document) {
		w, st, _ := openReal(b)
		w.win.Resize(fyne.NewSize(1280, 800))
		return w, st, linkedArticle(b, st)
	}
	opening := func(b *testing.B, paint bool) {
		w, _, d := setup(b)
		other := w.doc
		b.ResetTimer()
		for range b.N {
			open(b, w, d)
			if paint {
				w.win.Canvas().Capture()
			}
			b.StopTimer()
			checkArcs(b, w)
			open(b, w, other)
			b.StartTimer()
		}
	}
	b.Run("open", func(b *testing.B) { opening(b, false) })
	b.Run("open/painted", func(b *testing.B) { opening(b, true) })
	key := func(b *testing.B, paint bool) {
		w, _, d := setup(b)
		open(b, w, d)
		checkArcs(b, w)
		toks := annotate.Tokens(annotate.NewText(d.Text))
		c := w.win.Canvas()
		b.ResetTimer()
		for i := range b.N {
			t := toks[(i*7+5)%len(toks)]
			w.view.SetSelection([]annotate.Fragment{{Start: t.Start, End: t.End}})
			press(w, fyne.Key1)
			if paint {
				c.Capture()
			}
		}
	}
	b.Run("label-key", func(b *testing.B) { key(b, false) })
	b.Run("label-key/painted", func(b *testing.B) { key(b, true) })
	b.Run("relabel-arc", func(b *testing.B) {
		w, _, d := setup(b)
		open(b, w, d)
		checkArcs(b, w)
		l := w.view.ArcLinks()[0]
		b.ResetTimer()
		for i := range b.N {
			w.view.SelectArc(l.Key())
			press(w, fyne.KeyName(rune('1'+i%2)))
		}
	})
}

// checkArcs fails unless the open article draws its 2,000 links and some
// of them are on screen.
func checkArcs(b *testing.B, w *Window) {
	b.Helper()
	settle(w)
	if n := len(w.view.ArcLinks()); n != 2000 {
		b.Fatalf("the article has %d arcs, want 2000", n)
	}
	w.view.Refresh()
	on := 0
	for _, l := range w.view.ArcLinks() {
		if _, ok := w.view.ArcPoint(l.Key()); ok {
			on++
		}
	}
	if on == 0 {
		b.Fatal("no arc on screen")
	}
}
