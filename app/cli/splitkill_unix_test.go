//go:build unix

package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// export -split killed between its renames (a real kill: a child process
// that kills itself as it is about to rename its second part) leaves the
// first part new and the others from the export before, with their old
// content in .skein-old-… files. An export of one file to the same folder
// between removes the parts the killed export wrote and did not rename,
// and changes nothing else. The next export -split to the same place
// says in one line which parts were left mixed and that it writes them
// all anew, writes them, and leaves nothing of the interrupted export
// beside them.
func TestExportSplitKilledBetweenRenames(t *testing.T) {
	if args := os.Getenv("SKEIN_TEST_EXPORT_KILL"); args != "" {
		// The child: the export, killed before its second rename.
		n := 0
		beforeRename = func(string) {
			if n++; n == 2 {
				syscall.Kill(os.Getpid(), syscall.SIGKILL)
			}
		}
		a := strings.Split(args, "\n")
		code, _, stderr := run(t, a[0], a[1:]...)
		t.Fatalf("the export was not killed: %d %s", code, stderr)
	}
	dir := splitCorpus(t)
	out := t.TempDir()
	target := filepath.Join(out, "s.jsonl")
	export := []string{"-user", "al", "export", "-split", "50/25/25", "-o", target}
	if code, _, stderr := run(t, dir, append(export, "-seed", "1")...); code != 0 {
		t.Fatalf("export = %d %s", code, stderr)
	}
	read := func(where string) map[string]string {
		t.Helper()
		got := map[string]string{}
		for _, part := range []string{"train", "dev", "test"} {
			data, err := os.ReadFile(filepath.Join(where, "s."+part+".jsonl"))
			if err != nil {
				t.Fatal(err)
			}
			got[part] = string(data)
		}
		return got
	}
	before := read(out)
	// What seed 2 writes, elsewhere.
	clean := t.TempDir()
	if code, _, stderr := run(t, dir, "-user", "al", "export", "-split", "50/25/25", "-seed", "2", "-o", filepath.Join(clean, "s.jsonl")); code != 0 {
		t.Fatalf("export = %d %s", code, stderr)
	}
	want := read(clean)
	if want["dev"] == before["dev"] || want["test"] == before["test"] {
		t.Fatal("seeds 1 and 2 split alike: the test cannot tell the parts apart")
	}

	cmd := exec.Command(os.Args[0], "-test.run=^TestExportSplitKilledBetweenRenames$", "-test.count=1")
	cmd.Env = append(os.Environ(), "SKEIN_TEST_EXPORT_KILL="+strings.Join(append([]string{dir}, append(export, "-seed", "2")...), "\n"))
	outb, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("the child export: %v, want it killed\n%s", err, outb)
	}
	mixed := read(out)
	if mixed["dev"] != want["dev"] || mixed["test"] != before["test"] || mixed["train"] != before["train"] {
		t.Fatal("after the kill: want dev new, test and train from the export before")
	}
	leftovers := func() []string {
		var names []string
		entries, _ := os.ReadDir(out)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".skein-") {
				names = append(names, e.Name())
			}
		}
		return names
	}
	if len(leftovers()) == 0 {
		t.Fatal("the kill left nothing beside the parts: the test kills too late")
	}
	// An export of one file to the same folder removes the killed
	// export's parts written and not renamed (.skein-export-…, which the
	// marker names); the marker and the parts' old content are the next
	// split export's to read.
	if code, _, stderr := run(t, dir, "-user", "al", "export", "-o", filepath.Join(out, "one.jsonl")); code != 0 {
		t.Fatalf("export of one file = %d %s", code, stderr)
	}
	if left := exportLeft(out); len(left) != 0 {
		t.Errorf("left beside the parts after an export of one file: %v", left)
	}

	code, _, stderr := run(t, dir, append(export, "-seed", "2")...)
	if code != 0 {
		t.Fatalf("the next export = %d %s", code, stderr)
	}
	line := "export: s.dev.jsonl, s.test.jsonl and s.train.jsonl in " + out + " were left mixed by an export interrupted between its renames " +
		"(s.dev.jsonl new, s.test.jsonl and s.train.jsonl from the export before it); writing them all anew\n"
	if !strings.Contains(stderr, line) || strings.Count(stderr, "left mixed") != 1 {
		t.Errorf("the next export's stderr:\n%s\nwant the line\n%s", stderr, line)
	}
	if got := read(out); got["dev"] != want["dev"] || got["test"] != want["test"] || got["train"] != want["train"] {
		t.Error("the next export's parts are not its own")
	}
	if l := leftovers(); len(l) != 0 {
		t.Errorf("left beside the parts after the next export: %v", l)
	}
	// Once done, the export after says nothing of it.
	if _, _, stderr := run(t, dir, append(export, "-seed", "2")...); strings.Contains(stderr, "left mixed") {
		t.Errorf("an export after the repair still says: %s", stderr)
	}
}
