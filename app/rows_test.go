package app

import (
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate"
)

// gatedStore holds every read of span counts until the gate opens.
type gatedStore struct {
	*fakeStore
	gate chan struct{}
}

func (g gatedStore) Counts(doc, annotator string) (map[string]int, error) {
	<-g.gate
	return g.fakeStore.Counts(doc, annotator)
}

// The rows' counts are read off the UI goroutine: the window opens, its
// rows laid out, while the store has not answered, and the counts show once
// it has.
func TestRowCountsOffTheUIGoroutine(t *testing.T) {
	st := gatedStore{newFakeStore(testDocs()...), make(chan struct{})}
	putSpan(t, st.fakeStore, docKakar, annotate.Actor, "alice", "PM Kakar")
	// Only if the window waited for the store: open the gate, so the test
	// fails instead of hanging.
	var waited atomic.Bool
	guard := time.AfterFunc(30*time.Second, func() { waited.Store(true); close(st.gate) })
	w, err := NewWindow(test.NewTempApp(t), Options{Store: st, User: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.shutdown)
	w.win.Resize(fyne.NewSize(1100, 640))
	w.docList.State(docKakar.ID)
	if !guard.Stop() || waited.Load() {
		t.Fatal("the window waited for the store's counts on the UI goroutine")
	}
	close(st.gate)
	settle(w)
	if got := w.docList.State(docKakar.ID).Counts[annotate.Actor]; got != 1 {
		t.Errorf("once the store answered the row counts %d actors, want 1", got)
	}
}

// TestOwnChangePatchesTheRow: a label key, and its undo, change the open
// article's row in the same event — its counts are patched from the change,
// not read again off the UI goroutine a frame later (issue 18: the label
// key changed the screen twice).
func TestOwnChangePatchesTheRow(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	open(t, w, docKakar)
	w.docList.State(docKakar.ID)
	settle(w)
	if _, ok := w.docList.States().Known(docKakar.ID); !ok {
		t.Fatal("the row's counts were not read once the window settled")
	}
	selectWords(t, w, frag(t, docKakar, "linked the surge"))
	press(w, fyne.Key1)
	s, ok := w.docList.States().Known(docKakar.ID)
	if !ok || s.Counts[annotate.Claim] != 1 {
		t.Fatalf("straight after the key the row knows %v (up to date %v), want 1 claim", s.Counts, ok)
	}
	if n := w.docList.States().Pending(); n != 0 {
		t.Errorf("the key queued %d rows to read again, want none", n)
	}
	w.undo()
	settle(w)
	if got := w.docList.State(docKakar.ID).Counts[annotate.Claim]; got != 0 {
		t.Errorf("after undo the row counts %d claims, want 0", got)
	}
	// What the store says agrees with the patched row.
	w.docList.States().Reset()
	w.docList.State(docKakar.ID)
	settle(w)
	if got := w.docList.State(docKakar.ID).Counts; len(got) != 0 {
		t.Errorf("the store counts %v after the undo, want none", got)
	}
}
