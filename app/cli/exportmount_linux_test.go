package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate/tmpfstest"
)

// A brat export to a disk's own folder (-o /media/usb, an empty USB stick
// mounted there) was refused saying "folder … is no longer empty", which
// it was not: the export built beside it cannot be renamed onto a mount
// point. It is now refused before anything is written, saying so and what
// to name instead; a folder in the disk takes the export.
func TestExportToAMountPoint(t *testing.T) {
	dir := annotatedStore(t)
	parent := t.TempDir()
	usb := filepath.Join(parent, "usb")
	if err := os.Mkdir(usb, 0o755); err != nil {
		t.Fatal(err)
	}
	tmpfstest.At(t, usb, 8<<20)
	for _, args := range [][]string{
		{"export", "-all", "-format", "brat"},
		{"export", "-all", "-format", "webanno", "-split", "50/25/25"},
	} {
		code, _, stderr := run(t, dir, append(args, "-o", usb)...)
		if want := "folder " + usb + " is a disk's own folder (where it is mounted): the export is built beside it and renamed into place, which a disk's own folder cannot take; name a new folder in it, such as " + filepath.Join(usb, "export") + " (nothing was written)"; code == 0 || !strings.Contains(stderr, want) {
			t.Errorf("%v -o a mount point = %d %q; want %q", args, code, stderr, want)
		}
		for _, d := range []string{usb, parent} {
			if ents, _ := os.ReadDir(d); len(ents) > 0 && (d == usb || len(ents) != 1) {
				t.Errorf("%v: %s holds %v; want nothing written", args, d, ents)
			}
		}
	}
	in := filepath.Join(usb, "export")
	if code, _, stderr := run(t, dir, "export", "-all", "-format", "brat", "-o", in); code != 0 {
		t.Fatalf("export -o a folder in the disk = %d %s", code, stderr)
	}
	if ents, _ := os.ReadDir(in); len(ents) == 0 {
		t.Error("export -o a folder in the disk wrote nothing")
	}
}
