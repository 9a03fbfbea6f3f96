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
	w.state(docKakar.ID)
	if !guard.Stop() || waited.Load() {
		t.Fatal("the window waited for the store's counts on the UI goroutine")
	}
	close(st.gate)
	settle(w)
	if got := w.state(docKakar.ID).counts[annotate.Actor]; got != 1 {
		t.Errorf("once the store answered the row counts %d actors, want 1", got)
	}
}
