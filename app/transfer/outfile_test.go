package transfer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An export that fails leaves the file it would replace as it was; one
// that succeeds replaces it whole; a folder that does not exist is named.
func TestOutFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "skein.jsonl")
	os.WriteFile(path, []byte("good\n"), 0o644)

	o, err := CreateOut(path)
	if err != nil {
		t.Fatal(err)
	}
	o.WriteString("half a")
	o.Abort()
	if b, _ := os.ReadFile(path); string(b) != "good\n" {
		t.Errorf("after a failed export the file holds %q, want the old one", b)
	}

	o, _ = CreateOut(path)
	o.WriteString("new\n")
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new\n" {
		t.Errorf("after the export the file holds %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the folder holds %d files, want only the export (no temporary left)", len(entries))
	}

	missing := filepath.Join(dir, "gone", "x.jsonl")
	if _, err := CreateOut(missing); err == nil || !strings.HasPrefix(err.Error(), "cannot write "+missing+":") {
		t.Errorf("a missing folder: %v, want the path asked for", err)
	}
}
