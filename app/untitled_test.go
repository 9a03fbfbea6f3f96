package app

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/frame/frametest"
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

// TestUntitledArticlesToldApart: two articles without a title whose
// opening words are the same looked the same in the article list (and
// review's, which is the same list) and in the search results; each now
// says its file. An article whose own title begins "(no title)" looked
// like one without: its title is shown in quotes.
func TestUntitledArticlesToldApart(t *testing.T) {
	texts := []string{
		"The minister said hello to the press today. Then he left for Quetta.",
		"The minister said hello to the press today. Then he stayed in Karachi.",
	}
	var docs []*annotate.Document
	for i, text := range texts {
		docs = append(docs, &annotate.Document{ID: annotate.DocID(text), Text: text, Source: fmt.Sprintf("dawn-%d.txt", i+1), Date: "2024-03-02"})
	}
	own := "Kakar’s minister answered the press at last."
	titled := &annotate.Document{ID: annotate.DocID(own), Title: "(no title) reports", Text: own, Date: "2024-03-02"}
	st := newFakeStore(append(testDocs(), append(docs, titled)...)...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	w.win.Resize(fyne.NewSize(1400, 900))
	settle(w)
	opening := " “The minister said hello to the press today”"
	want := map[string]string{
		docs[0].ID: "(no title, dawn-1.txt)" + opening,
		docs[1].ID: "(no title, dawn-2.txt)" + opening,
		titled.ID:  "“(no title) reports”",
	}
	for id, title := range want {
		if got, _, ok := w.docList.RowShown(id); !ok || got != title {
			t.Errorf("the article list shows %q (on screen %v), want %q", got, ok, title)
		}
	}
	w.showSearch()
	w.srch.panel.SetQuery("minister")
	w.searchCorpus(w.srch.panel.Query())
	settle(w)
	// The column cuts the headers' ends: what tells them apart is before.
	drawn := strings.Join(frametest.Drawn(w.srch.panel), "|")
	for _, head := range []string{"|2024-03-02 · (no title, dawn-1.txt) “The", "|2024-03-02 · (no title, dawn-2.txt) “The", "|2024-03-02 · “(no title) reports”|"} {
		if !strings.Contains("|"+drawn, head) {
			t.Errorf("the search results show no header %q; drawn: %q", head, drawn)
		}
	}
}
