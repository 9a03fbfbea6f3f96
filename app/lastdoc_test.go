package app

import (
	"sync"
	"testing"

	"fyne.io/fyne/v2/test"
)

// gatedMetaStore holds the store's write of the article opened last until
// the test lets it go, as a slow disk would.
type gatedMetaStore struct {
	*fakeStore
	mu   sync.Mutex
	gate chan struct{} // nil: not held
}

func (g *gatedMetaStore) hold() chan struct{} {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.gate = make(chan struct{})
	return g.gate
}

func (g *gatedMetaStore) SetMeta(key, value string) error {
	g.mu.Lock()
	gate := g.gate
	g.mu.Unlock()
	if key == MetaLastDoc && gate != nil {
		<-gate
	}
	return g.fakeStore.SetMeta(key, value)
}

// TestOpenKeepsLastDocOffTheUIGoroutine opens one article after another, as
// a click on the list does: the article is kept in the store as the one to
// open at the next start, written off the UI goroutine, so neither the
// open's handler nor anything after it waits for the write; Fyne's
// preferences file, whose rewrite and fsync did that (issue 18), is not
// written at all. The next window on the store opens the article kept.
func TestOpenKeepsLastDocOffTheUIGoroutine(t *testing.T) {
	a := test.NewTempApp(t)
	st := &gatedMetaStore{fakeStore: newFakeStore(testDocs()...)}
	w := openWindow(t, a, st, Options{})
	prefs := a.Preferences()
	writes := 0
	prefs.AddChangeListener(func() { writes++ })

	// The store's write is held: the opens are shown all the same.
	gate := st.hold()
	w.OpenDocument(docBorder.ID)
	w.OpenDocument(docTaliban.ID)
	if w.doc == nil || w.doc.ID != docTaliban.ID {
		t.Fatalf("with the store's write held, the open showed %v, want %s", w.doc, docTaliban.ID)
	}
	close(gate)
	settle(w)
	if writes != 0 {
		t.Errorf("the opens wrote Fyne's preferences %d times, want 0", writes)
	}
	if got, _, _ := st.fakeStore.Meta(MetaLastDoc); got != docTaliban.ID {
		t.Errorf("after the opens the store keeps %q as the last article, want %q (the last opened)", got, docTaliban.ID)
	}
	w.shutdown()

	// The next start on the store opens it.
	w2 := openWindow(t, test.NewTempApp(t), st, Options{})
	if w2.doc == nil || w2.doc.ID != docTaliban.ID {
		t.Errorf("the next window opened %v, want the article kept, %s", w2.doc, docTaliban.ID)
	}
}

// TestLastDocFromOldPreferences starts a window on a store that keeps no
// last article, where an older skein kept it in Fyne's preferences: that
// article is opened.
func TestLastDocFromOldPreferences(t *testing.T) {
	a := test.NewTempApp(t)
	a.Preferences().SetString(prefLastDoc, docBorder.ID)
	w := openWindow(t, a, newFakeStore(testDocs()...), Options{})
	if w.doc == nil || w.doc.ID != docBorder.ID {
		t.Errorf("the window opened %v, want %s (kept by the preferences)", w.doc, docBorder.ID)
	}
}
