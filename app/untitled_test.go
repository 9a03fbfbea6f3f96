package app

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate"
)

// TestUntitledArticleShown: an article a JSONL line without "title"
// brought showed an empty row in the list, an empty header and a window
// titled "skein — ". It is shown by its opening words, marked as having no
// title, in its row, the header and the window's title, and found by them
// in the filter; the stored title stays empty.
func TestUntitledArticleShown(t *testing.T) {
	text := "The minister said hello to the press today. Then he left for Quetta."
	untitled := &annotate.Document{ID: annotate.DocID(text), Text: text}
	st := newFakeStore(append(testDocs(), untitled)...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	want := "(no title) “The minister said hello to the press today”"
	i, ok := w.docList.RowOf(untitled.ID)
	if !ok {
		t.Fatalf("no row for the untitled article")
	}
	w.docList.Rows().Select(i)
	settle(w)
	if w.doc == nil || w.doc.ID != untitled.ID {
		t.Fatalf("got %v open, want the untitled article", w.doc)
	}
	if title, _, ok := w.docList.RowShown(untitled.ID); !ok || title != want {
		t.Errorf("its row shows %q (on screen %v), want %q", title, ok, want)
	}
	if w.title.Text != want || w.win.Title() != "skein — "+want {
		t.Errorf("header %q, window %q; want %q", w.title.Text, w.win.Title(), want)
	}
	w.docList.Filter().SetText("no title")
	if s := w.docList.Shown(); len(s) != 1 || s[0].ID != untitled.ID {
		t.Errorf("the filter \"no title\" shows %v, want the untitled article", s)
	}
	if d, _ := st.Document(untitled.ID); d.Title != "" {
		t.Errorf("the stored title became %q", d.Title)
	}
}
