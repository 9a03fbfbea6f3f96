package app

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/skein-news/skein/app/team"
	"github.com/skein-news/skein/store"
)

// While the team folder is away (moved, its disk unplugged) the list
// stopped putting the user's assigned articles first, and review counted
// as with no assignment: the assign.json out of reach read as none. Both
// keep to the assignment read before until it is back, as they do while a
// new one is half copied, and the status line says so once, with the
// folder not there.
func TestFolderAwayKeepsTheAssignment(t *testing.T) {
	st, folder, _, _ := firstAssigned(t)
	w := reviewWithFolder(t, st)
	mineFirst := "2 assigned first"
	until(t, w, "alice's articles first", func() bool { return strings.Contains(w.docList.CountText(), mineFirst) })
	if err := os.Rename(folder, folder+".away"); err != nil {
		t.Fatal(err)
	}
	defer os.Rename(folder+".away", folder)
	until(t, w, "the folder's sync to say it is away", func() bool {
		return strings.HasPrefix(w.status.Text, "Team folder "+folder+" is not there: it was moved or renamed")
	})
	settle(w)
	want := "Until it is back, review and your list go on with the assignment read before"
	if !strings.HasSuffix(w.status.Text, want) {
		t.Errorf("the status line says %q; want it to end %q", w.status.Text, want)
	}
	if got := w.docList.CountText(); !strings.Contains(got, mineFirst) {
		t.Errorf("with the team folder away the list's caption says %q; want alice's articles still first", got)
	}
	a, err := w.opt.Assignment()
	if err != nil || a == nil || !a.Has(docTaliban.ID, "alice") || a.Has(docKakar.ID, "alice") {
		t.Errorf("with the team folder away review's assignment is %v, %v; want the one read before", a, err)
	}
	if err := os.Rename(folder+".away", folder); err != nil {
		t.Fatal(err)
	}
	until(t, w, "the folder to be back", func() bool { return strings.Contains(w.status.Text, "is back") })
	settle(w)
	if got := w.docList.CountText(); !strings.Contains(got, mineFirst) {
		t.Errorf("with the team folder back the list's caption says %q; want alice's articles first", got)
	}
}

// The Team tab's button reading in the user's layer from another machine,
// the team folder away, said the raw "read your layer from 3f…: take: open
// …/layers/alice/3f…: no such file or directory"; it says the folder is
// not there, that nothing was read in, and what to do, in the sentence
// the sync and Assign say it in, naming the machine once ("read your
// layer from 3f…: " before it named it twice).
func TestTakeInTheWindowFolderAway(t *testing.T) {
	st, folder, _, _ := firstAssigned(t)
	w := windowWithFolderAway(t, st, folder)
	const m = "3ffb54ee03ea25f8"
	pass := w.status.Text // the sync's own "Team folder … is not there"
	w.offerTake(m)
	var got string
	until(t, w, "the take to say what it did", func() bool {
		if s := w.status.Text; s != pass && strings.HasPrefix(s, "Team folder ") {
			got = s
		}
		return got != ""
	})
	want := "Team folder " + folder + " is not there: it was moved or renamed, or its disk is not plugged in; nothing was read in from machine " + m +
		"'s copy of your layer, which stays in the folder: read it in again once the folder is back. If it moved, connect it where it is now: skein team FOLDER (in the window, File ▸ Team ▸ Folder…)"
	if got != want {
		t.Errorf("the status line says %q\nwant %q", got, want)
	}
	if _, err := os.Stat(folder); err == nil {
		t.Errorf("the take made the team folder again where it was")
	}
}

// A window started with the team folder already away had no assignment to
// keep to: the last one was kept only in the memory of the window that
// read it, so the list put none of the user's articles first and review
// counted as with none. The last one read whole is kept in the store now:
// a window started with the folder away orders the list and review by it,
// and says it goes on with the assignment read then, and when that was
// ("read before" said nothing of how old it was).
func TestWindowStartedAwayKeepsTheLastAssignment(t *testing.T) {
	st, folder, w := assignedWindow(t)
	w.shutdown()
	// Read at 14:02 on 7 December this year, as the record kept says.
	kept, _, err := team.KeptAssignment(st, folder)
	if err != nil || kept == nil {
		t.Fatalf("the window kept no assignment in the store: %v", err)
	}
	at := time.Date(time.Now().Year(), time.December, 7, 14, 2, 30, 0, time.Local)
	if err := team.KeepAssignment(st, folder, kept, at); err != nil {
		t.Fatal(err)
	}
	w = startedAway(t, st, folder)
	want := "Until it is back, review and your list go on with the assignment read on 7 Dec at 14:02"
	if got := w.tm.panel.State().Err; !strings.HasSuffix(got, want) {
		t.Errorf("the folder's sync said %q; want it to end %q", got, want)
	}
	until(t, w, "alice's articles first, by the assignment kept", func() bool { return strings.Contains(w.docList.CountText(), mineFirst) })
	a, err := w.opt.Assignment()
	if err != nil || a == nil || !a.Has(docTaliban.ID, "alice") || a.Has(docKakar.ID, "alice") {
		t.Errorf("with the team folder away at the start review's assignment is %v, %v; want the one read before", a, err)
	}
}

// mineFirst is the list's word of alice's articles put first by
// firstAssigned's assignment.
const mineFirst = "2 assigned first"

// assignedWindow is a review window on firstAssigned's store, once it
// has read the assignment (alice's articles first), with its folder.
func assignedWindow(t *testing.T) (*store.Store, string, *Window) {
	t.Helper()
	st, folder, _, _ := firstAssigned(t)
	w := reviewWithFolder(t, st)
	until(t, w, "alice's articles first", func() bool { return strings.Contains(w.docList.CountText(), mineFirst) })
	return st, folder, w
}

// startedAway moves folder away (back at the test's end) and opens a
// review window on st, once its sync has said the folder is away.
func startedAway(t *testing.T, st *store.Store, folder string) *Window {
	t.Helper()
	if err := os.Rename(folder, folder+".away"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Rename(folder+".away", folder) })
	w := reviewWithFolder(t, st)
	until(t, w, "the folder's sync to say it is away", func() bool { return w.tm.panel.State().Err != "" })
	return w
}
