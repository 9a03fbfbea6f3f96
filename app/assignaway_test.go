package app

import (
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/app/frame/frametest"
	"github.com/skein-news/skein/app/team"
	"github.com/skein-news/skein/store"
)

// File ▸ Team ▸ Assign… while the team folder is away (moved, its disk
// unplugged) said the layer's "your work stays in the store, written to
// the folder when it is back": an assignment not written is kept nowhere
// and never written later. The status line says to assign again once it is back.
func TestAssignInTheWindowFolderAway(t *testing.T) {
	w, folder := connectedWindowAway(t)
	w.assign(w.tm.folder, []string{"bob", "carol"}, 1)
	// What Assign said is taken as it is said.
	var got string
	until(t, w, "Assign to say what it did", func() bool {
		if s := w.status.Text; strings.HasPrefix(s, "assign the articles") {
			got = s
		}
		return got != ""
	})
	want := "assign the articles: team folder " + folder + " is not there: it was moved or renamed, or its disk is not plugged in; this assignment was not written"
	if !strings.HasPrefix(got, want) || !strings.Contains(got, "assign again once the folder is back") || strings.Contains(got, "written to the folder when it is back") {
		t.Errorf("the status line says %q, want %q, and to assign again once the folder is back", got, want)
	}
	if _, err := os.Stat(folder); err == nil {
		t.Errorf("Assign made the team folder again where it was")
	}
}

// connectedWindowAway is windowWithFolderAway on a review store alice
// connected to a new team folder, and that folder.
func connectedWindowAway(t *testing.T) (*Window, string) {
	t.Helper()
	st, _ := reviewStore(t)
	folder := t.TempDir()
	if _, err := team.Connect(st, folder, "alice"); err != nil {
		t.Fatal(err)
	}
	return windowWithFolderAway(t, st, folder), folder
}

// windowWithFolderAway opens st's window, connected to folder, and moves
// the folder away (back at the test's end) once the window's sync has
// said so: the window hears of it first, as it does of a disk unplugged
// before anyone acts.
func windowWithFolderAway(t *testing.T, st *store.Store, folder string) *Window {
	t.Helper()
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	until(t, w, "the team folder to open", func() bool { return w.tm.folder != nil })
	if err := os.Rename(folder, folder+".away"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Rename(folder+".away", folder) })
	until(t, w, "the folder's sync to say it is away", func() bool {
		return strings.HasPrefix(w.status.Text, "Team folder "+folder+" is not there: it was moved or renamed")
	})
	return w
}

// File ▸ Team ▸ Assign… opened while the team folder is away showed the
// usual form, "Assign writes this into the team folder", with no word
// that the folder was away: only pressing Assign then said nothing was
// written. The form says it at once, in the sentence of every message of
// the folder away, and its Assign is off: pressed (Enter), it writes and
// says nothing.
func TestAssignFormSaysFolderAway(t *testing.T) {
	w, folder := connectedWindowAway(t)
	said := w.statusSaid
	w.showAssign()
	until(t, w, "the Assign form", func() bool { return w.tm.assignForm != nil })
	var texts []string
	var button *widget.Button
	for _, o := range test.LaidOutObjects(w.win.Canvas().Overlays().Top()) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
		if b, ok := frametest.As[*widget.Button](o); ok && b.Text == "Assign" {
			button = b
		}
	}
	all := strings.Join(texts, "\n")
	want := "team folder " + folder + " is not there: it was moved or renamed, or its disk is not plugged in; Assign is off, as an assignment is written only there, and one not written is kept nowhere for a sync to write later"
	if !strings.Contains(all, want) || !strings.Contains(all, "open this form again once the folder is back") {
		t.Errorf("the form says %q; want %q… and to open it again once the folder is back", all, want)
	}
	if strings.Contains(all, "Assign writes this into the team folder") {
		t.Errorf("the form promises what Assign cannot write: %q", all)
	}
	if button == nil || !button.Disabled() {
		t.Fatalf("the form's Assign button %v: want it there and off", button)
	}
	w.tm.assignForm.Dialog.(*frame.ConfirmDialog).Confirm() // Enter, as the form takes it
	if w.statusSaid != said || strings.HasPrefix(w.status.Text, "assign the articles") {
		t.Errorf("Assign pressed with the folder away said %q", w.status.Text)
	}
	if _, err := os.Stat(folder); err == nil {
		t.Errorf("Assign made the team folder again where it was")
	}
}
