package app

import (
	"testing"

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
