//go:build unix

package savefile

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Nothing is saved over a named pipe: the save writes beside it and
// renames into its place, which would replace it with a file.
func TestCheckRefusesANamedPipe(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Check(fifo, ""); err == nil || !strings.Contains(err.Error(), "it is a named pipe, not a file") {
		t.Errorf("Check(a named pipe) = %v, want it refused", err)
	}
}
