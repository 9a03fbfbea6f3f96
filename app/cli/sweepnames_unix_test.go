//go:build unix

package cli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/skein-news/skein/annotate/formats"
	"github.com/skein-news/skein/annotate/proctest"
)

// A researcher's own hidden files whose names merely begin as skein's do
// (a folder .skein-export-keep with notes in it, a file
// .skein-export-draft, .skein-keep-notes, .skein-old-mine) are theirs:
// `skein export -format brat -o out/x` and `skein export -o out/all.jsonl`
// leave them whole. What a killed export of this machine left, under
// exactly the name skein gives it, is still removed.
func TestExportSweepLeavesUsersOwnHiddenNames(t *testing.T) {
	store, out := t.TempDir(), t.TempDir()
	mine := map[string]string{
		".skein-export-keep/notes.txt": "my notes\n",
		".skein-export-draft":          "x\n",
		".skein-keep-notes":            "kept\n",
		".skein-old-mine":              "old\n",
	}
	for name, body := range mine {
		p := filepath.Join(out, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{
		{"-format", "brat", "-o", filepath.Join(out, "x")},
		{"-o", filepath.Join(out, "all.jsonl")},
	} {
		dead := filepath.Join(out, formats.ExportFileName(0x0123456789abcdef, proctest.DeadPID(t)))
		if err := os.WriteFile(dead, []byte("half an export"), 0o644); err != nil {
			t.Fatal(err)
		}
		if code, _, stderr := run(t, store, append([]string{"-user", "al", "export"}, args...)...); code != 0 {
			t.Fatalf("export %v = %d %s", args, code, stderr)
		}
		for name, want := range mine {
			if b, err := os.ReadFile(filepath.Join(out, name)); err != nil || string(b) != want {
				t.Errorf("after export %v, the researcher's %s holds %q (%v), want %q", args, name, b, err, want)
			}
		}
		if _, err := os.Lstat(dead); err == nil {
			t.Errorf("after export %v, what a killed export left (%s) is still there", args, filepath.Base(dead))
		}
	}
}
