package app

import (
	"os"
	"strings"
	"testing"
)

// The Team tab's button reading in the user's layer from another machine,
// the team folder away, said the raw "read your layer from 3f…: take: open
// …/layers/alice/3f…: no such file or directory"; it says the folder is
// not there, that nothing was read in, and what to do, in the sentence
// the sync and Assign say it in.
func TestTakeInTheWindowFolderAway(t *testing.T) {
	st, folder, _, _ := firstAssigned(t)
	w := windowWithFolderAway(t, st, folder)
	const m = "3ffb54ee03ea25f8"
	w.offerTake(m)
	var got string
	until(t, w, "the take to say what it did", func() bool {
		if s := w.status.Text; strings.HasPrefix(s, "read your layer from") {
			got = s
		}
		return got != ""
	})
	want := "read your layer from " + m + ": team folder " + folder + " is not there: it was moved or renamed, or its disk is not plugged in; nothing was read in from machine " + m +
		"'s copy of your layer, which stays in the folder: read it in again once the folder is back. If it moved, connect it where it is now: skein team FOLDER (in the window, File ▸ Team ▸ Folder…)"
	if got != want {
		t.Errorf("the status line says %q\nwant %q", got, want)
	}
	if _, err := os.Stat(folder); err == nil {
		t.Errorf("the take made the team folder again where it was")
	}
}
