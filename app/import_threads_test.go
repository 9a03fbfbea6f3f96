package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/transfer"
	"github.com/skein-news/skein/store"
)

// bilalBundle writes, as bilal's `skein export -threads` does, his layer
// with his titled thread over two articles, and returns the file.
func bilalBundle(t *testing.T) string {
	t.Helper()
	src := bilalStore(t)
	defer src.Close()
	path := filepath.Join(t.TempDir(), "bilal.jsonl")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := transfer.Export(context.Background(), src, f, transfer.ExportOptions{Annotators: []string{"bilal"}, Threads: true}); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// bilalStore is a store holding the test articles and bilal's layer: a
// claim in each of two articles, linked by his thread "Border closures".
func bilalStore(t *testing.T) *store.Store {
	t.Helper()
	src, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b := &store.Batch{Docs: testDocs()}
	th := &annotate.Thread{ID: annotate.NewID(), Title: "Border closures", Annotator: "bilal"}
	for i, d := range []*annotate.Document{docKakar, docTaliban} {
		words := []string{"linked the surge", "denied any responsibility"}[i]
		s := &annotate.Span{ID: annotate.NewID(), Doc: d.ID, Label: annotate.Claim, Annotator: "bilal",
			Fragments: []annotate.Fragment{frag(t, d, words)}}
		b.Spans = append(b.Spans, s)
		th.Members = append(th.Members, annotate.Member{Doc: d.ID, Span: s.ID})
	}
	b.Threads = []*annotate.Thread{th}
	if _, err := src.WriteBatch(context.Background(), b); err != nil {
		src.Close()
		t.Fatal(err)
	}
	return src
}

// Everything an import brings shows at once, everywhere (issue 12): after
// File ▸ Import file… of bilal's bundle, the Threads tab lists his thread,
// the filter finds it by his name, and his spans are in the review counts
// of an article alice marked done (one she worked on: review leaves out
// those fewer than two of its annotators worked on).
func TestImportedThreadShowsAtOnce(t *testing.T) {
	path := bilalBundle(t)
	st := realStore(t)
	done := &store.Batch{Marks: []*annotate.Mark{{Doc: docTaliban.ID, Annotator: "alice", Done: true}}}
	if _, err := st.WriteBatch(context.Background(), done); err != nil {
		t.Fatal(err)
	}
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	open(t, w, docKakar)
	settle(w)
	if got := w.th.Panel().Shown(); len(got) != 0 {
		t.Fatalf("before the import the panel lists %+v", got)
	}

	w.importPaths([]string{path})
	settle(w)
	if msg := dialogText(t, w); !strings.Contains(msg, "1 thread") {
		t.Fatalf("the import reports %q, want 1 thread", msg)
	}
	shown := w.th.Panel().Shown()
	if len(shown) != 1 || shown[0].Title != "Border closures" || shown[0].Annotator != "bilal" {
		t.Fatalf("after the import the panel lists %+v, want bilal's thread", shown)
	}
	w.th.Panel().SetFilter("bilal")
	if got := w.th.Panel().Shown(); len(got) != 1 {
		t.Errorf("filtering bilal lists %+v, want his thread", got)
	}
	if err := w.StartReview("alice", "bilal"); err != nil {
		t.Fatal(err)
	}
	settle(w)
	if got := w.rev.Progress(docTaliban.ID); got != "0 of 1 resolved" {
		t.Errorf("reviewing alice and bilal, the Taliban row says %q, want 0 of 1 resolved", got)
	}
}

// Records that arrive without the user's doing — here written to the store
// as a team folder's sync will — show once the window is told which
// documents and threads they touch: the open article's spans, its row's
// counts, the thread list.
func TestChangedFromElsewhereShows(t *testing.T) {
	st := realStore(t)
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	open(t, w, docKakar)
	w.docList.State(docKakar.ID)
	settle(w)

	s := &annotate.Span{ID: annotate.NewID(), Doc: docKakar.ID, Label: annotate.Actor, Annotator: "alice",
		Fragments: []annotate.Fragment{frag(t, docKakar, "PM Kakar")}}
	other := &annotate.Span{ID: annotate.NewID(), Doc: docTaliban.ID, Label: annotate.Claim, Annotator: "bilal",
		Fragments: []annotate.Fragment{frag(t, docTaliban, "denied any responsibility")}}
	th := &annotate.Thread{ID: annotate.NewID(), Title: "Denials", Annotator: "bilal",
		Members: []annotate.Member{{Doc: docTaliban.ID, Span: other.ID}}}
	if _, err := st.WriteBatch(context.Background(), &store.Batch{Spans: []*annotate.Span{s, other}, Threads: []*annotate.Thread{th}}); err != nil {
		t.Fatal(err)
	}
	w.changed(Changed{Docs: map[string]bool{docKakar.ID: true, docTaliban.ID: true}, Threads: map[string]bool{th.ID: true}})
	settle(w)
	if w.spanList.ByID(s.ID) == nil {
		t.Errorf("the open article's spans are %v, want alice's arrived actor among them", w.spanList.All())
	}
	if got := w.docList.State(docKakar.ID).Counts[annotate.Actor]; got != 1 {
		t.Errorf("the row counts %d actors, want 1", got)
	}
	if got := w.th.Panel().Shown(); len(got) != 1 || got[0].ID != th.ID {
		t.Errorf("the panel lists %+v, want bilal's thread", got)
	}
}
