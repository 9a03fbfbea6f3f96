//go:build unix

package cli

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// -o naming a named pipe (or a device: as root, skein export -o /dev/null
// put a regular file in the place of the system's /dev/null) is refused,
// and the pipe stays: before, the export was written beside it and renamed over
// it, exit 0.
func TestOutputOntoANamedPipe(t *testing.T) {
	dir := annotatedStore(t)
	fifo := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	for _, args := range [][]string{
		{"export", "-o", fifo},
		{"export", "-format", "hf", "-o", fifo},
		{"backup", "-o", fifo},
	} {
		code, _, stderr := run(t, dir, args...)
		if code != 2 || !strings.Contains(stderr, "-o "+fifo+" is a named pipe, not a file") {
			t.Errorf("skein %v = %d, stderr %q; want 2 naming the pipe", args, code, stderr)
		}
		if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
			t.Fatalf("skein %v: the named pipe is now %v (%v)", args, fi.Mode(), err)
		}
	}
	code, _, stderr := run(t, dir, "export", "-format", "brat", "-o", fifo)
	if code != 2 || !strings.Contains(stderr, "is a named pipe, not a folder") {
		t.Errorf("brat export onto a pipe = %d %q", code, stderr)
	}
}
