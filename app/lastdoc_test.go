package app

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// TestOpenKeepsLastDocAfterItsFrame opens one article after another, as a
// click on the list does: the article is kept as the one to open at the
// next start, but not within the open's handler, where Fyne's write of the
// preferences file and its fsync came before the frame (issue 18); after
// it, once for a run of opens, and at once when the window closes.
func TestOpenKeepsLastDocAfterItsFrame(t *testing.T) {
	a := test.NewTempApp(t)
	st := newFakeStore(testDocs()...)
	w := openWindow(t, a, st, Options{})
	open(t, w, docKakar)
	prefs := a.Preferences()
	writes := 0
	prefs.AddChangeListener(func() { writes++ })

	w.OpenDocument(docBorder.ID)
	if w.doc == nil || w.doc.ID != docBorder.ID {
		t.Fatalf("the open showed %v", w.doc)
	}
	if writes != 0 {
		t.Errorf("the open's handler wrote the preferences %d times before its frame, want 0", writes)
	}
	w.OpenDocument(docTaliban.ID)
	settle(w)
	if got := prefs.String(prefLastDoc); got != docTaliban.ID {
		t.Errorf("after the opens the article kept is %q, want %q (the last opened)", got, docTaliban.ID)
	}
	if writes != 1 {
		t.Errorf("two opens in a row wrote the preferences %d times, want 1", writes)
	}

	// Closed right after an open, long before the delay: kept all the same.
	rememberDelay = time.Hour
	defer func() { rememberDelay = 0 }()
	w.OpenDocument(docKakar.ID)
	if got := prefs.String(prefLastDoc); got != docTaliban.ID {
		t.Fatalf("the article kept is %q straight after the open, want still %q", got, docTaliban.ID)
	}
	w.win.Close()
	if got := prefs.String(prefLastDoc); got != docKakar.ID {
		t.Errorf("closing the window right after an open kept %q, want %q (the last opened)", got, docKakar.ID)
	}
	w.shutdown() // the hour's wait ends with the window
}
