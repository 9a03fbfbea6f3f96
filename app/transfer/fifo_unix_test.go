//go:build unix

package transfer

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestImportRefusesNamedPipes: Unix named pipes (Windows has none in its
// file system).
func TestImportRefusesNamedPipes(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "x.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	folder := filepath.Join(dir, "corpus")
	write(t, folder, "a.txt", []byte("Ayesha said so.\n"))
	if err := syscall.Mkfifo(filepath.Join(folder, "b.txt"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A symbolic link to a regular file is followed, as before.
	real := write(t, dir, "real/c.txt", []byte("Bilal denied it.\n"))
	if err := os.Symlink(real, filepath.Join(folder, "c.txt")); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, path, want string
	}{
		{"named", fifo, "x.txt: not a regular file (a named pipe)"},
		{"in a folder", folder, "b.txt: not a regular file (a named pipe)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := importWithin(t, 10*time.Second, []string{c.path}, ImportOptions{User: "me"})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want %q", err, c.want)
			}
		})
	}
	res, err := importWithin(t, 10*time.Second, []string{folder}, ImportOptions{User: "me", SkipInvalid: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.DocsAdded != 2 || len(res.Skipped) != 1 {
		t.Errorf("with -skip-invalid: %s; want the file and the linked file in, the pipe skipped", res.Summary())
	}
}
