package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate/tmpfstest"
)

// A team folder that is a disk's mount point, the disk unplugged: the
// mount point is an empty folder. skein sync (with or without FOLDER),
// skein team without FOLDER and skein assign made it a team folder again (skein-team.json,
// articles/, layers/ written under the disk, hiding its own folder once it
// was plugged back); they now say the folder is not there, exit 1, and write
// nothing. Another store's skein sync of that empty folder is refused
// too (skein sync makes no team folder); a deliberate skein team FOLDER
// makes it one.
func TestSyncMakesNoTeamFolderInAnEmptyMountPoint(t *testing.T) {
	folder, alice, bilal := aliceImportsKakar(t)
	tmpfstest.At(t, folder, 8<<20)
	if code, out, stderr := run(t, alice, "-user", "alice", "team", folder); code != 0 {
		t.Fatalf("skein team = %d\n%s%s", code, out, stderr)
	}
	if out, err := exec.Command("umount", folder).CombinedOutput(); err != nil {
		t.Fatalf("unplugging: %v %s", err, out)
	}
	empty := func(when string) {
		t.Helper()
		if ents, _ := os.ReadDir(folder); len(ents) > 0 {
			t.Fatalf("%s: the empty mount point holds %v; want nothing written", when, ents)
		}
	}
	empty("unplugged")
	for _, args := range [][]string{{"sync"}, {"sync", folder}, {"team"}, {"assign", "-annotators", "alice,bilal"}} {
		code, out, stderr := run(t, alice, append([]string{"-user", "alice"}, args...)...)
		want := "team folder " + folder + " is not there: the folder holds no skein-team.json any more"
		if code != 1 || !strings.Contains(stderr, want) {
			t.Errorf("skein %s with the disk out = %d, want 1 and %q:\n%s%s", strings.Join(args, " "), code, want, out, stderr)
		}
		empty("skein " + strings.Join(args, " "))
	}
	code, out, stderr := run(t, bilal, "-user", "bilal", "sync", folder)
	if want := "team folder " + folder + " is not a team folder: it holds no skein-team.json (an empty mount point, its disk not plugged in?); nothing was written there"; code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("bilal's skein sync of the empty mount point = %d, want 1 and %q:\n%s%s", code, want, out, stderr)
	}
	empty("bilal's skein sync")
	if code, out, stderr := run(t, bilal, "-user", "bilal", "team", folder); code != 0 {
		t.Fatalf("bilal's skein team of the empty mount point = %d\n%s%s", code, out, stderr)
	}
	if _, err := os.Stat(filepath.Join(folder, "skein-team.json")); err != nil {
		t.Errorf("skein team FOLDER, deliberate, made no team folder: %v", err)
	}
}

// skein assign on a team folder whose disk is full keeps the assignment
// there whole, leaves no file of its own beside it, and says to assign
// again once there is room: an assignment not written is kept nowhere, so
// no sync writes it later, as a layer's work is written. Once there is
// room the same command writes it.
func TestAssignOnAFullDisk(t *testing.T) {
	folder, alice, _ := aliceImportsKakar(t)
	tmpfstest.At(t, folder, 256<<10)
	if code, out, stderr := run(t, alice, "-user", "alice", "team", folder); code != 0 {
		t.Fatalf("skein team = %d\n%s%s", code, out, stderr)
	}
	if code, out, stderr := run(t, alice, "-user", "alice", "assign", "-annotators", "alice,bilal"); code != 0 {
		t.Fatalf("skein assign = %d\n%s%s", code, out, stderr)
	}
	p := filepath.Join(folder, "assign.json")
	old, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	filler := tmpfstest.Fill(t, folder, 0)
	code, out, stderr := run(t, alice, "-user", "alice", "assign", "-annotators", "alice,bilal", "-per-article", "1")
	want := "team folder " + folder + ": cannot write assign.json: no space left on device; its disk is full: make room there and assign again; this assignment was not written, and the folder keeps the one it had"
	if code != 1 || !strings.Contains(stderr, want) || strings.Contains(stderr, "next sync") {
		t.Errorf("skein assign on a full disk = %d, want 1 and %q:\n%s%s", code, want, out, stderr)
	}
	if b, err := os.ReadFile(p); err != nil || string(b) != string(old) {
		t.Errorf("assign.json after the failed assign: %v\n%s\nwant the one before:\n%s", err, b, old)
	}
	ents, _ := os.ReadDir(folder)
	for _, ent := range ents {
		if strings.HasPrefix(ent.Name(), ".") {
			t.Errorf("the failed assign left %s in the team folder", ent.Name())
		}
	}
	os.Remove(filler)
	if code, out, stderr := run(t, alice, "-user", "alice", "assign", "-annotators", "alice,bilal", "-per-article", "1"); code != 0 {
		t.Fatalf("skein assign once there is room = %d\n%s%s", code, out, stderr)
	}
	if b, err := os.ReadFile(p); err != nil || !strings.Contains(string(b), `"per_article": 1`) {
		t.Errorf("assign.json once there is room: %v\n%s\nwant per_article 1", err, b)
	}
}
