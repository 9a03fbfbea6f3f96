package app

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/doclist"
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

	// The open article's row reads nothing.
	before = st.reads()
	test.MoveMouse(c, docRow(t, w, docTaliban).AddXY(0, 1))
	settle(w)
	if got := st.reads() - before; got != 0 {
		t.Errorf("resting on the open article's row read %d articles, want 0", got)
	}
}
