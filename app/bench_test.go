package app

import (
	"context"
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/seeds"
	"github.com/skein-news/skein/store"
)

// manyDocs is a fake store listing n documents, each with a title and a
// date; the first is a real seed article so the window has one to open.
func manyDocs(b *testing.B, n int) *fakeStore {
	b.Helper()
	docs, err := seeds.Documents()
	if err != nil {
		b.Fatal(err)
	}
	st := newFakeStore(docs[0])
	st.infos = make([]store.DocInfo, 0, n)
	st.infos = append(st.infos, store.DocInfo{ID: docs[0].ID, Title: docs[0].Title, Date: "2000-01-01", Len: len(docs[0].Text)})
	for i := 1; i < n; i++ {
		st.infos = append(st.infos, store.DocInfo{
			ID:    fmt.Sprintf("%016x", i),
			Title: fmt.Sprintf("Article %d on the border, the TTP and the refugees", i),
			Date:  fmt.Sprintf("2023-%02d-%02d", 1+i%12, 1+i%28),
			Len:   4000,
		})
	}
	return st
}

// BenchmarkOpenWindow20k opens the window on 20,000 documents, up to the
// list laid out with its visible rows filled, their counts and marks read
// (off the UI goroutine) and the first article open; the painted variant
// also paints the window with the software painter.
func BenchmarkOpenWindow20k(b *testing.B) {
	b.Run("fake/laid-out", func(b *testing.B) { benchOpen(b, manyDocs(b, 20000), false) })
	b.Run("fake/painted", func(b *testing.B) { benchOpen(b, manyDocs(b, 20000), true) })
	b.Run("real/laid-out", func(b *testing.B) { benchOpen(b, manyRealDocs(b, 20000), false) })
}

// manyRealDocs is a real store in a temporary directory holding n short
// articles, written in one batch as an import does.
func manyRealDocs(b *testing.B, n int) *store.Store {
	b.Helper()
	st, err := store.Open(b.TempDir(), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	batch := &store.Batch{}
	for i := range n {
		text := fmt.Sprintf("Article %d on the border, the TTP and the refugees.\n\nOfficials said %d people crossed.", i, i*7)
		title, _ := annotate.DeriveMeta("", text)
		batch.Docs = append(batch.Docs, &annotate.Document{
			ID: annotate.DocID(text), Title: title, Text: text,
			Date: fmt.Sprintf("2023-%02d-%02d", 1+i%12, 1+i%28),
		})
	}
	if _, err := st.WriteBatch(context.Background(), batch); err != nil {
		b.Fatal(err)
	}
	return st
}

func benchOpen(b *testing.B, st Store, paint bool) {
	a := test.NewTempApp(b)
	b.ResetTimer()
	for range b.N {
		w, err := NewWindow(a, Options{Store: st, User: "alice"})
		if err != nil {
			b.Fatal(err)
		}
		if paint {
			w.win.Canvas().Capture()
		}
		settle(w)
		if w.docList.Rows().Length() != 20000 || w.docList.States().Len() == 0 {
			b.Fatalf("got %d rows, %d filled; want 20000 and some", w.docList.Rows().Length(), w.docList.States().Len())
		}
		b.StopTimer()
		w.shutdown()
		settle(w)
		w.win.Close()
		b.StartTimer()
	}
}

// openReal opens a real store in a temporary directory with the seed
// articles, and a window on it showing the longest one.
func openReal(b *testing.B) (*Window, *store.Store, *annotate.Document) {
	b.Helper()
	st, err := store.Open(b.TempDir(), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	docs, err := seeds.Documents()
	if err != nil {
		b.Fatal(err)
	}
	long := docs[0]
	for _, d := range docs {
		if _, err := st.PutDocument(context.Background(), d); err != nil {
			b.Fatal(err)
		}
		if len(d.Text) > len(long.Text) {
			long = d
		}
	}
	w := openWindow(b, test.NewTempApp(b), st, Options{})
	open(b, w, long)
	return w, st, long
}

// BenchmarkKeyAddsSpan is one press of 1 on a selection: the span written
// to a real store (fsync included), the highlights, span list, document row
// and Edit menu refreshed; the painted variant also paints the window with
// the software painter, the test driver's frame.
func BenchmarkKeyAddsSpan(b *testing.B) {
	b.Run("refreshed", func(b *testing.B) { benchKey(b, false, false) })
	b.Run("painted", func(b *testing.B) { benchKey(b, false, true) })
	b.Run("300KB-2000-spans", func(b *testing.B) { benchKey(b, true, false) })
}

// longArticle stores an article of about size bytes, the seed articles
// over and over, with n claims of alice's on every seventh word, written in
// one batch as an import does.
func longArticle(b *testing.B, st *store.Store, size, n int) *annotate.Document {
	b.Helper()
	docs, err := seeds.Documents()
	if err != nil {
		b.Fatal(err)
	}
	var text []byte
	for len(text) < size {
		for _, d := range docs {
			text = append(text, d.Text...)
			text = append(text, "\n\n"...)
		}
	}
	d := &annotate.Document{ID: annotate.DocID(string(text)), Title: "Long", Text: string(text)}
	batch := &store.Batch{Docs: []*annotate.Document{d}}
	toks := annotate.Tokens(annotate.NewText(d.Text))
	for i := 0; i < n; i++ {
		t := toks[(i*7+3)%len(toks)]
		batch.Spans = append(batch.Spans, &annotate.Span{ID: annotate.NewID(), Doc: d.ID, Label: annotate.Claim,
			Annotator: "alice", Fragments: []annotate.Fragment{{Start: t.Start, End: t.End}}})
	}
	if _, err := st.WriteBatch(context.Background(), batch); err != nil {
		b.Fatal(err)
	}
	return d
}

// BenchmarkPaintWindow is the test driver's software paint of the whole
// window with nothing changed: the part of the painted figures above that
// is the painter's, not skein's.
func BenchmarkPaintWindow(b *testing.B) {
	w, _, _ := openReal(b)
	c := w.win.Canvas()
	b.ResetTimer()
	for range b.N {
		c.Capture()
	}
}

func benchKey(b *testing.B, long, paint bool) {
	w, st, d := openReal(b)
	if long {
		d = longArticle(b, st, 300<<10, 2000)
		open(b, w, d)
		if len(w.spanList.All()) != 2000 {
			b.Fatalf("the long article shows %d spans, want 2000", len(w.spanList.All()))
		}
	}
	toks := annotate.Tokens(annotate.NewText(d.Text))
	c := w.win.Canvas()
	i := 0
	b.ResetTimer()
	for range b.N {
		t := toks[(i*7)%len(toks)]
		i++
		w.view.SetSelection([]annotate.Fragment{{Start: t.Start, End: t.End}})
		press(w, fyne.Key1)
		if paint {
			c.Capture()
		}
	}
	b.StopTimer()
	spans, err := st.LayerSpans(d.ID, "alice")
	if err != nil || len(spans) == 0 {
		b.Fatalf("got %d spans (%v), want the ones added", len(spans), err)
	}
}

// BenchmarkFilterKeystroke20k is the part of a keystroke in the filter that
// runs on the UI goroutine with 20,000 documents: the title pass and the
// list refresh (the text search waits for a pause and runs elsewhere).
func BenchmarkFilterKeystroke20k(b *testing.B) {
	w := openWindow(b, test.NewTempApp(b), manyDocs(b, 20000), Options{})
	queries := []string{"b", "bo", "bor", "bord", "borde", "border"}
	b.ResetTimer()
	for i := range b.N {
		w.docList.Filter().SetText(queries[i%len(queries)])
	}
	b.StopTimer()
	// Every generated title says border, and the seed article's text does.
	w.docList.Filter().SetText("border")
	settle(w)
	if len(w.docList.Shown()) != 20000 {
		b.Errorf("got %d rows for %q, want 20000", len(w.docList.Shown()), w.docList.Filter().Text)
	}
}

// BenchmarkKeyAndUndoBenchWindow is the latency benchmark's label key and
// undo (app/e2e BenchmarkLatency) on its window (benchWindow: the 300 KB
// article of a few dozen words over and over, 5,000 one-word spans, so
// that nearly every word of it is offered), a three-word selection
// labelled and taken back each op, at one place near the top (as there). ui-key-ms/op and ui-undo-ms/op are the
// UI goroutine's own CPU time in each (the fake store writes at once);
// rows-bound/op and indexed/op count the span list's rows bound and the
// highlights the article indexed, for both.
func BenchmarkKeyAndUndoBenchWindow(b *testing.B) {
	w := benchWindow(b)
	toks := annotate.Tokens(w.text)
	var uiKey, uiUndo time.Duration
	bound, indexed := 0, 0
	thread, unlock := threadCPU()
	defer unlock()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		k := 40
		w.view.SetSelection([]annotate.Fragment{{Start: toks[k].Start, End: toks[k+2].End}})
		settle(w)
		rows, ix := w.spanList.Binds(), w.view.Indexed()
		b.StartTimer()
		t0 := thread()
		press(w, fyne.Key1)
		t1 := thread()
		w.undo()
		t2 := thread()
		b.StopTimer()
		uiKey += t1 - t0
		uiUndo += t2 - t1
		bound += w.spanList.Binds() - rows
		indexed += w.view.Indexed() - ix
		settle(w)
		b.StartTimer()
	}
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) / float64(b.N) }
	b.ReportMetric(ms(uiKey), "ui-key-ms/op")
	b.ReportMetric(ms(uiUndo), "ui-undo-ms/op")
	b.ReportMetric(float64(bound)/float64(b.N), "rows-bound/op")
	b.ReportMetric(float64(indexed)/float64(b.N), "indexed/op")
}
