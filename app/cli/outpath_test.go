package cli

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// What -o names is checked before anything is written. skein export -o
// STORE/MANIFEST renamed the export over Badger's list of tables, and the
// store no longer opened ("manifest has bad magic"); skein backup did the
// same. -o onto a folder failed only after the whole export, naming the
// temporary file ("rename .skein-export-… d1: file exists"); -split -o
// onto a folder wrote hidden files in it (d/.train, d/.dev, d/.test).
// Each is now refused, exit 2, with the store and the folder as they were.
func TestOutputRefusedWhereItWouldDoHarm(t *testing.T) {
	dir := annotatedStore(t)
	_, want, _ := run(t, dir, "export", "-all", "-threads")
	folder := t.TempDir()
	manifest := filepath.Join(dir, "MANIFEST")
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"export onto the store's manifest", []string{"export", "-o", manifest}, "is in the store folder " + dir + ", which holds the store's own files"},
		{"export into the store folder", []string{"export", "-all", "-o", filepath.Join(dir, "all.jsonl")}, "is in the store folder"},
		{"brat into the store folder", []string{"export", "-format", "brat", "-o", filepath.Join(dir, "brat")}, "is in the store folder"},
		{"backup onto the manifest", []string{"backup", "-o", manifest}, "is in the store folder"},
		{"export onto a folder", []string{"export", "-o", folder}, "-o " + folder + " is a folder: name a file (only -format brat and webanno write a folder)"},
		{"hf onto a folder", []string{"export", "-format", "hf", "-o", folder}, "is a folder"},
		{"split onto a folder", []string{"export", "-split", "80/10/10", "-o", folder + string(filepath.Separator)}, "names a folder"},
		{"backup onto a folder", []string{"backup", "-o", folder}, "is a folder: name the backup file"},
		{"brat onto a file", []string{"export", "-format", "brat", "-o", manifest}, "is a file: name a new or empty folder"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := run(t, dir, tc.args...)
			if code != 2 || !strings.Contains(stderr, tc.stderr) {
				t.Errorf("skein %v = %d, stderr %q; want 2 and %q", tc.args, code, stderr, tc.stderr)
			}
		})
	}
	if ents, _ := os.ReadDir(folder); len(ents) != 0 {
		t.Errorf("the folder -o named holds %d files; want none", len(ents))
	}
	if code, got, stderr := run(t, dir, "export", "-all", "-threads"); code != 0 || got != want {
		t.Errorf("export after the refusals = %d %q: the store changed", code, stderr)
	}
	if code, out, _ := run(t, dir, "check"); code != 0 {
		t.Errorf("check after the refusals = %d:\n%s", code, out)
	}
}

// -o naming a symbolic link to a file writes the file the link names: the
// rename replaced the link by a file of its own, and the file it named kept
// the old export.
func TestExportThroughASymbolicLink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	dir := annotatedStore(t)
	_, want, _ := run(t, dir, "export", "-all")
	out := t.TempDir()
	real := filepath.Join(out, "real.jsonl")
	os.WriteFile(real, []byte("old\n"), 0o644)
	link := filepath.Join(out, "link.jsonl")
	if err := os.Symlink("real.jsonl", link); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(t, dir, "export", "-all", "-o", link); code != 0 {
		t.Fatalf("export -o link = %d %q", code, stderr)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link is no longer a link: %v %v", fi.Mode(), err)
	}
	if b, _ := os.ReadFile(real); string(b) != want {
		t.Errorf("the file the link names holds %.30q; want the export", b)
	}
}
