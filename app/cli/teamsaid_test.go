package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skein-news/skein/app/team"
)

// skein sync printed a new assign.json arriving half copied as the bare
// refusal ("refused: assign.json: not an assignment (half copied?): …"),
// without what skein agree and skein curate do meanwhile, which the
// window says in the one sentence of review's; it prints that sentence.
func TestSyncSaysAHalfCopiedAssignmentAsTheWindowDoes(t *testing.T) {
	dir, p, b := aliceAndBobAssigned(t)
	if err := os.WriteFile(p, b[:len(b)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	_, rerr := team.ReadAssignment(filepath.Dir(p))
	if rerr == nil {
		t.Fatal("a half-copied assign.json read as whole")
	}
	want := "refused: " + team.AssignUnread(rerr.Error(), true) + "\n"
	code, _, stderr := run(t, dir, "sync")
	if code != 0 || !strings.Contains(stderr, want) || strings.Count(stderr, "assign.json") != strings.Count(want, "assign.json") {
		t.Errorf("sync with assign.json half copied = %d, stderr %q; want 0 and\n%s", code, stderr, want)
	}
}

// skein sync -take with the team folder moved away said a sync's "your
// work stays in the store, written to the folder when it is back", of a
// take that read nothing in; it says, in the same sentence as a sync and
// skein assign, that nothing was read in and to read it in again once the
// folder is back.
func TestSyncTakeWithTheFolderAway(t *testing.T) {
	dir, p, _ := aliceAndBobAssigned(t)
	folder := filepath.Dir(p)
	if err := os.Rename(folder, filepath.Join(t.TempDir(), "moved")); err != nil {
		t.Fatal(err)
	}
	const m = "3ffb54ee03ea25f8"
	code, _, stderr := run(t, dir, "sync", "-take", m)
	want := "team folder " + folder + " is not there: it was moved or renamed, or its disk is not plugged in; nothing was read in from machine " + m +
		"'s copy of your layer, which stays in the folder: read it in again once the folder is back. If it moved, connect it where it is now: skein team FOLDER"
	if code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("sync -take with the folder away = %d, %q; want 1 and\n%s", code, stderr, want)
	}
	if _, err := os.Stat(folder); !os.IsNotExist(err) {
		t.Errorf("the folder's old place after sync -take: %v, want nothing made there", err)
	}
}

// skein sync with the team folder moved away before it starts said the
// folder not there in words of its own ("… not plugged in. Your work
// stays in the store: once …"), where the sync that finds it gone while
// running, skein assign and a take say one sentence: it says that one.
func TestSyncWithTheFolderAwaySaysTheOneSentence(t *testing.T) {
	dir, p, _ := aliceAndBobAssigned(t)
	folder := filepath.Dir(p)
	if err := os.Rename(folder, filepath.Join(t.TempDir(), "moved")); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := run(t, dir, "sync")
	want := "team folder " + folder + " is not there: it was moved or renamed, or its disk is not plugged in; nothing is written in its place, and your work stays in the store: " +
		"once the folder is back, skein sync (in the window, File ▸ Team ▸ Folder… or the next start) writes it. If it moved, connect it where it is now: skein team FOLDER (in the window, File ▸ Team ▸ Folder…)\n"
	if code != 1 || !strings.HasSuffix(stderr, want) {
		t.Errorf("sync with the folder away = %d, %q; want 1 and\n%s", code, stderr, want)
	}
}

// skein agree and skein curate with the team folder moved away stopped,
// where the window's review goes on as the folder was last read. A
// folder read holding no assign.json (kept so by skein team's sync) is
// gone on with as it was: each article counts for those who worked on
// it, said on stderr as a note, exit 0, the figures those with the folder
// there.
func TestAgreeAndCurateGoOnWithNoAssignmentWithTheFolderAway(t *testing.T) {
	dir, folder := aliceAndBobAgree(t)
	if code, _, stderr := run(t, dir, "-user", "alice", "team", folder); code != 0 {
		t.Fatalf("team: %s", stderr)
	}
	agree := []string{"agree", "-a", "alice", "-b", "bob"}
	_, there, _ := run(t, dir, agree...)
	if err := os.Rename(folder, folder+".away"); err != nil {
		t.Fatal(err)
	}
	note := "skein: note: team folder " + folder + " is not there: it was moved or renamed, or its disk is not plugged in; its assign.json is out of reach, and the folder held none when it was read on "
	code, stdout, stderr := run(t, dir, agree...)
	if code != 0 || stdout != there || !strings.Contains(stderr, note) || !strings.Contains(stderr, ": until it is back, skein agree counts each article for those who worked on it, as the window's review does.") {
		t.Errorf("agree with the folder away = %d, %q, %q; want 0, the table with the folder there\n%s\nand %q", code, stdout, stderr, there, note)
	}
	code, stdout, stderr = run(t, dir, "-user", "carol", "curate", "-annotators", "alice,bob")
	if code != 0 || !strings.Contains(stdout, "curated 1 agreed span in 1 document") || !strings.Contains(stderr, note) {
		t.Errorf("curate with the folder away = %d, %q, %q; want 0, their span curated, and %q", code, stdout, stderr, note)
	}
}
