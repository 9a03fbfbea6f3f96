package team

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The user's work written to the team folder (a layer file, the
// assignment; an article: TestArticlesOnDiskBeforeRename) is synced,
// renamed into its folder and the folder then synced: the rename was left
// unsynced, so a power loss after "wrote 1 file of your work" could leave
// the file before it, or none, under its name, while the store's sync
// state said it was written and nothing wrote it again. An article was not
// synced at all: a colleague's sync engine could take it, and a power loss
// leave it empty here.
// Watched as the system sees it, in a child under strace, which logs each
// fsync with its file's path.
func TestTeamFolderWritesSyncTheirFolder(t *testing.T) {
	if folder := os.Getenv("SKEIN_TEST_TEAM_DIRSYNC"); folder != "" {
		st := openStore(t, t.TempDir())
		e := open(t, st, folder, "alice")
		d := addDoc(t, st, kakar, "Pakistan Blames Afghanistan")
		addSpan(t, st, d, "alice", "actor", 25, 47)
		syncOnce(t, e)
		if err := e.WriteAssignment(&Assignment{Format: 1, Annotators: []string{"alice"}, PerArticle: 1, Articles: map[string][]string{d.ID: {"alice"}}}); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(folder, "machine"), []byte(e.Machine()), 0o644)
		return
	}
	if _, err := exec.LookPath("strace"); err != nil {
		t.Skip("no strace to watch the system calls")
	}
	if b, err := exec.Command("strace", "-qq", "-o", os.DevNull, "true").CombinedOutput(); err != nil {
		// A container that forbids ptrace: strace is there and cannot watch.
		t.Skipf("strace cannot trace here: %v: %s", err, b)
	}
	folder, err := filepath.EvalSymlinks(t.TempDir()) // strace names files by their real path
	if err != nil {
		t.Fatal(err)
	}
	log := filepath.Join(t.TempDir(), "strace")
	cmd := exec.Command("strace", "-f", "-y", "-qq", "-o", log, "-e", "trace=fsync,fdatasync,rename,renameat,renameat2",
		os.Args[0], "-test.run=^TestTeamFolderWritesSyncTheirFolder$", "-test.count=1")
	cmd.Env = append(os.Environ(), "SKEIN_TEST_TEAM_DIRSYNC="+folder)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("under strace: %v\n%s", err, b)
	}
	machine, err := os.ReadFile(filepath.Join(folder, "machine"))
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	var calls []string
	call := regexp.MustCompile(`(fsync|fdatasync)\(\d+<([^>]*)>|rename(?:at2?)?\((?:[^,]*, )?"([^"]*)", (?:[^,]*, )?"([^"]*)"`)
	for _, line := range strings.Split(string(data), "\n") {
		if m := call.FindStringSubmatch(line); m != nil && m[1] != "" {
			calls = append(calls, "sync "+m[2])
		} else if m != nil {
			calls = append(calls, "rename "+m[3]+" "+m[4])
		}
	}
	own := filepath.Join(folder, "layers", "alice", string(machine))
	for _, c := range []struct{ what, dir, file string }{
		{"the layer file", own, `[0-9a-f]{2}\.jsonl`},
		{"the assignment", folder, `assign\.json`},
	} {
		renamed := -1
		re := regexp.MustCompile(`^rename (\S+) ` + regexp.QuoteMeta(c.dir+"/") + c.file + `$`)
		var from string
		for i, l := range calls {
			if m := re.FindStringSubmatch(l); m != nil {
				renamed, from = i, m[1]
			}
		}
		if renamed < 0 {
			t.Errorf("%s: no rename into %s:\n%s", c.what, c.dir, strings.Join(calls, "\n"))
			continue
		}
		if !slices.Contains(calls[:renamed], "sync "+from) {
			t.Errorf("%s: %s not synced before its rename (%s):\n%s", c.what, from, calls[renamed], strings.Join(calls[:renamed+1], "\n"))
		}
		synced := false
		for _, l := range calls[renamed+1:] {
			synced = synced || l == "sync "+c.dir
		}
		if !synced {
			t.Errorf("%s: %s not synced after its rename (%s):\n%s", c.what, c.dir, calls[renamed], strings.Join(calls[renamed:], "\n"))
		}
	}
}
