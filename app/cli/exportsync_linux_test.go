//go:build linux

package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// What an export writes is on the disk before the rename that shows it,
// and the rename after: every file (its fsync), every folder of a folder
// export, then the folder the export was renamed into. Without, a power
// loss after "wrote" could leave files empty under their names. Watched as
// the system sees it: the export runs in a child under strace, which logs
// each fsync with the path of its file and each rename.
func TestExportsSyncBeforeRename(t *testing.T) {
	if asChild(t, "SKEIN_TEST_EXPORT_SYNC") {
		return
	}
	if _, err := exec.LookPath("strace"); err != nil {
		t.Skip("no strace to watch the system calls")
	}
	if b, err := exec.Command("strace", "-qq", "-o", os.DevNull, "true").CombinedOutput(); err != nil {
		// A container that forbids ptrace: strace is there and cannot watch.
		t.Skipf("strace cannot trace here: %v: %s", err, b)
	}
	store := splitCorpus(t)
	base, err := filepath.EvalSymlinks(t.TempDir()) // strace names files by their real path
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		args []string
		out  string // what appears: a file, or a folder
	}{
		{"brat", []string{"-format", "brat"}, "brat"},
		{"webanno split", []string{"-format", "webanno", "-split", "50/25/25"}, "webanno"},
		{"brat in a new folder", []string{"-format", "brat"}, filepath.Join("new", "deeper", "brat")},
		{"skein JSONL", nil, "all.jsonl"},
		{"hf split", []string{"-format", "hf", "-split", "50/25/25"}, "ner.jsonl"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(base, c.out)
			log := filepath.Join(t.TempDir(), "strace")
			export := append(append([]string{"-user", "al", "export"}, c.args...), "-o", out)
			child := childRun("TestExportsSyncBeforeRename", "SKEIN_TEST_EXPORT_SYNC", store, export)
			cmd := exec.Command("strace", append([]string{"-f", "-y", "-qq", "-s", "4096", "-o", log,
				"-e", "trace=fsync,fdatasync,rename,renameat,renameat2"}, child.Args...)...)
			cmd.Env = child.Env
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("export under strace: %v\n%s", err, b)
			}
			data, err := os.ReadFile(log)
			if err != nil {
				t.Fatal(err)
			}
			checkSynced(t, string(data), out)
		})
	}
}

var (
	// A call another thread's interrupts is logged unfinished, its result
	// on a later line: the call is where it began.
	fsyncLine  = regexp.MustCompile(`f(?:data)?sync\(\d+<([^>]*)>`)
	renameLine = regexp.MustCompile(`rename(?:at2?)?\((?:[^,]*, )?"([^"]*)", (?:[^,]*, )?"([^"]*)"`)
)

// checkSynced checks, in the strace log, that each file and folder that
// the renames made appear under out was synced before its rename, and
// that the folder each rename was in was synced after it.
func checkSynced(t *testing.T, log, out string) {
	t.Helper()
	type rename struct {
		from, to string
		at       int
	}
	synced := map[string][]int{} // path → the lines it was synced at
	var renames []rename
	for i, line := range strings.Split(log, "\n") {
		if m := fsyncLine.FindStringSubmatch(line); m != nil {
			synced[m[1]] = append(synced[m[1]], i)
		}
		if m := renameLine.FindStringSubmatch(line); m != nil {
			renames = append(renames, rename{m[1], m[2], i})
		}
	}
	syncedBetween := func(p string, from, to int) bool {
		for _, at := range synced[p] {
			if at > from && at < to {
				return true
			}
		}
		return false
	}
	shown := 0
	for _, r := range renames {
		if r.to != out && !strings.HasPrefix(r.to, strings.TrimSuffix(out, filepath.Ext(out))) {
			continue // a file of skein's own beside (a split's marker)
		}
		shown++
		// Everything under what was renamed, by the name it had then.
		filepath.WalkDir(r.to, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				t.Fatal(err)
			}
			rel, _ := filepath.Rel(r.to, p)
			if before := filepath.Join(r.from, rel); !syncedBetween(before, -1, r.at) {
				t.Errorf("%s (then %s) was not synced before its rename", p, before)
			}
			return nil
		})
		if dir := filepath.Dir(r.to); !syncedBetween(dir, r.at, 1<<30) {
			t.Errorf("%s, where %s was renamed, was not synced after", dir, r.to)
		}
	}
	if shown == 0 {
		t.Fatalf("no rename to %s in the log:\n%s", out, log)
	}
	for d := filepath.Dir(out); strings.Contains(d, "new"); d = filepath.Dir(d) {
		// A folder made above a folder export: its name in its own.
		if !syncedBetween(filepath.Dir(d), -1, 1<<30) {
			t.Errorf("%s was made but %s, where it is, never synced", d, filepath.Dir(d))
		}
	}
}
