package app

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// Undo and redo open the article they change and select, scroll to and
// flash its span (issue 12.5): undoing "add to thread" made in the third
// article, from the first, opens the third on the span taken out of the
// thread, not the thread's first article.
func TestUndoOpensTheArticleOfTheSpan(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	_, spans := threeArticleThread(t, w)
	open(t, w, docKakar)

	step := func(menu, want, doc, span string) {
		t.Helper()
		menuItem(t, w, menu, want).Action()
		settle(w)
		if w.doc == nil || w.doc.ID != doc {
			t.Fatalf("after %s the window shows %v, want article %s", want, w.doc, doc)
		}
		if got := w.view.SelectedSpan(); got != span {
			t.Errorf("after %s the selected span is %q, want %q", want, got, span)
		}
	}
	step("Edit", "Undo add to", docBorder.ID, spans[2].ID)
	step("Edit", "Undo add claim", docBorder.ID, "") // the span is gone: nothing to select
	step("Edit", "Undo add to", docTaliban.ID, spans[1].ID)
	open(t, w, docKakar)
	step("Edit", "Redo add to", docTaliban.ID, spans[1].ID)
}

// An undo and a redo patch the spans the window shows from the change, as
// a label key does, instead of reading the layer back on the UI goroutine
// before the frame (issue 18); what is shown stays what the store holds.
func TestUndoRedoPatchShownSpans(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	open(t, w, docKakar)
	a := addSpan(t, w, fyne.Key1, frag(t, docKakar, "Kakar"))
	addSpan(t, w, fyne.Key3, frag(t, docKakar, "TTP"))
	w.view.SelectSpan(a.ID)
	press(w, fyne.Key2) // relabel
	w.view.SelectSpan(a.ID)
	press(w, fyne.KeyDelete)

	shown := func(when string) {
		t.Helper()
		var got, want []string
		for _, s := range w.spanList.All() {
			got = append(got, s.ID+" "+s.Label)
		}
		for _, s := range spansOf(t, st, docKakar, "alice") {
			want = append(want, s.ID+" "+s.Label)
		}
		if !slices.Equal(got, want) {
			t.Errorf("after %s the window shows %v, want the stored %v", when, got, want)
		}
		if w.spanList.Rows().Length() != len(want) {
			t.Errorf("after %s the span list has %d rows, want %d", when, w.spanList.Rows().Length(), len(want))
		}
	}
	for _, step := range []string{"Undo delete", "Undo relabel", "Undo add", "Undo add", "Redo add", "Redo add", "Redo relabel", "Redo delete"} {
		st.mu.Lock()
		before := st.layerReads
		st.mu.Unlock()
		menuItem(t, w, "Edit", strings.Fields(step)[0]).Action()
		settle(w)
		st.mu.Lock()
		reads := st.layerReads - before
		st.mu.Unlock()
		if reads != 0 {
			t.Errorf("%s read the layer %d times, want 0", step, reads)
		}
		shown(step)
	}
}

// TestOpenReadsThreadsOnce: the window reads an article's threads with its
// spans, so that its arcs are in the first frame, and hands them to the
// threads feature, which does not read them again for the same open.
func TestOpenReadsThreadsOnce(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	for _, d := range testDocs() {
		st.mu.Lock()
		before := st.threadReads
		st.mu.Unlock()
		open(t, w, d)
		st.mu.Lock()
		reads := st.threadReads - before
		st.mu.Unlock()
		if reads != 1 {
			t.Errorf("opening %q read its threads %d times, want 1", d.Title, reads)
		}
	}
}
