//go:build unix

package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// skein import of a team folder read skein's own files as a corpus: each
// owner.json as Label Studio tasks ("task 1: no text in \"data\""), the
// articles/ and layers/ JSONL as articles. A team folder, a folder in one
// and a folder holding only one are refused, saying what it is and to
// connect it, the store unchanged; a corpus holding one among its files is
// imported without it, and a note says it was left out.
func TestImportOfATeamFolder(t *testing.T) {
	skein, dir, folder, _ := aliceOnTeam(t)
	skein.must("sync")
	if m, _ := filepath.Glob(filepath.Join(folder, "layers", "*", "*", "owner.json")); len(m) == 0 {
		t.Fatal("the team folder holds no owner.json: the test shows nothing")
	}
	listed := skein.must("list")

	const connect = "not a corpus to import: its files (owner.json, layers/…, articles/…) are skein's own, which a sync reads; nothing was imported. To work with it, connect it: skein team "
	only := filepath.Join(dir, "sync")
	if err := os.Mkdir(only, 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("cp", "-r", folder, only).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v\n%s", err, out)
	}
	for _, c := range []struct{ path, says string }{
		{folder, folder + ": it is a skein team folder (it holds skein-team.json), " + connect + folder + " (in the window, File ▸ Team ▸ Folder…)"},
		{filepath.Join(folder, "layers"), filepath.Join(folder, "layers") + ": it lies in the skein team folder " + folder + " (which holds skein-team.json), " + connect + folder + " "},
		{only, only + ": it holds nothing to import but the skein team folder " + filepath.Join(only, "team") + " (which holds skein-team.json), " + connect + filepath.Join(only, "team") + " "},
	} {
		code, out, stderr := skein.run("-user", "alice", "import", c.path)
		if code != 1 || !strings.Contains(stderr, c.says) || strings.Contains(stderr, "task 1") || out != "" {
			t.Errorf("import %s = %d, %q, %q; want 1 and\n%s", c.path, code, out, stderr, c.says)
		}
		if got := skein.must("list"); got != listed {
			t.Errorf("after import %s the store lists\n%s\nwant, as before\n%s", c.path, got, listed)
		}
	}

	// A corpus with the team folder among its files: the corpus comes in.
	corpus := filepath.Join(dir, "corpus")
	if err := os.Mkdir(corpus, 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("cp", "-r", folder, corpus).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v\n%s", err, out)
	}
	if err := os.WriteFile(filepath.Join(corpus, "border.txt"), []byte("Islamabad closed the Torkham border crossing on Monday.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := skein.run("-user", "alice", "import", corpus)
	note := "note: a skein team folder (it holds skein-team.json), left out: " + filepath.Join(corpus, "team") + "; its files are skein's own, which a sync reads, not a corpus. To work with it, connect it: skein team " + filepath.Join(corpus, "team")
	if code != 0 || !strings.Contains(out, "imported 1 new document (0 already present), 0 spans, 0 threads from 1 file") || !strings.Contains(stderr, note) {
		t.Errorf("import of a corpus holding a team folder = %d, %q, %q; want 0, border.txt alone imported, and\n%s", code, out, stderr, note)
	}
}
