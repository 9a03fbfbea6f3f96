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
//
// -o in a folder that does not exist said "cannot write nd/x.jsonl: no
// such file or directory" (export) or "back up to nd/b.bak: open
// nd/.b.bak.1347716421: no such file or directory" (backup): a newcomer read
// it as the file having to exist first, and backup's named a file they had
// never heard of. Now it names the folder, and what to do, before anything
// is written (exit 1).
func TestOutputRefusedWhereItWouldDoHarm(t *testing.T) {
	dir := annotatedStore(t)
	_, want, _ := run(t, dir, "export", "-all", "-threads")
	folder := t.TempDir()
	manifest := filepath.Join(dir, "MANIFEST")
	nd := filepath.Join(folder, "no such dir")
	file := filepath.Join(t.TempDir(), "a file")
	os.WriteFile(file, []byte("x\n"), 0o644)
	tests := []struct {
		name   string
		args   []string
		stderr string
		code   int
	}{
		{"export into a folder that is not", []string{"export", "-o", filepath.Join(nd, "x.jsonl")}, "cannot write " + filepath.Join(nd, "x.jsonl") + ": there is no folder " + nd + ": make it first, or give -o a file in a folder that exists (nothing was written)", 1},
		{"split into a folder that is not", []string{"export", "-split", "80/10/10", "-o", filepath.Join(nd, "x.jsonl")}, "cannot write " + filepath.Join(nd, "x.jsonl") + ": there is no folder " + nd + ":", 1},
		{"backup into a folder that is not", []string{"backup", "-o", filepath.Join(nd, "b.bak")}, "cannot write " + filepath.Join(nd, "b.bak") + ": there is no folder " + nd + ":", 1},
		{"export under a file", []string{"export", "-o", filepath.Join(file, "x.jsonl")}, "cannot write " + filepath.Join(file, "x.jsonl") + ": " + file + " is a file, not a folder", 1},
		{"export onto the store's manifest", []string{"export", "-o", manifest}, "is in the store folder " + dir + ", which holds the store's own files", 2},
		{"export into the store folder", []string{"export", "-all", "-o", filepath.Join(dir, "all.jsonl")}, "is in the store folder", 2},
		{"brat into the store folder", []string{"export", "-format", "brat", "-o", filepath.Join(dir, "brat")}, "is in the store folder", 2},
		{"backup onto the manifest", []string{"backup", "-o", manifest}, "is in the store folder", 2},
		{"export onto a folder", []string{"export", "-o", folder}, "-o " + folder + " is a folder: name a file (only -format brat and webanno write a folder)", 2},
		{"hf onto a folder", []string{"export", "-format", "hf", "-o", folder}, "is a folder", 2},
		{"split onto a folder", []string{"export", "-split", "80/10/10", "-o", folder + string(filepath.Separator)}, "names a folder", 2},
		{"backup onto a folder", []string{"backup", "-o", folder}, "is a folder: name the backup file", 2},
		{"brat onto a file", []string{"export", "-format", "brat", "-o", manifest}, "is a file: name a new or empty folder", 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := run(t, dir, tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.stderr) {
				t.Errorf("skein %v = %d, stderr %q; want %d and %q", tc.args, code, stderr, tc.code, tc.stderr)
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

// -o naming a symbolic link whose file or folder is not there (a disk not
// mounted) replaced the link by the export, on this disk, said written:
// it is now refused, the link kept, for a file, a folder (brat) and a
// split's folder alike.
func TestExportToADanglingLink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	dir := annotatedStore(t)
	for _, args := range [][]string{
		{"export", "-all"},
		{"export", "-all", "-format", "brat"},
		{"export", "-all", "-format", "brat", "-split", "50/25/25"},
	} {
		out := t.TempDir()
		link := filepath.Join(out, "usb")
		if err := os.Symlink(filepath.Join(out, "media", "exports"), link); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := run(t, dir, append(args, "-o", link)...)
		if code == 0 || !strings.Contains(stderr, "is a symbolic link to "+filepath.Join(out, "media", "exports")+", which does not exist") {
			t.Errorf("%v -o a dangling link = %d %q", args, code, stderr)
		}
		if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%v: the link is no longer a link: %v", args, err)
		}
		if ents, _ := os.ReadDir(out); len(ents) != 1 {
			t.Errorf("%v: %d entries beside the link, want it alone", args, len(ents))
		}
	}
}
