//go:build unix

package store

import (
	"errors"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A backup file that is a named pipe or a device is refused before it is
// opened, saying what it is: a named pipe was opened and waited on for
// ever (File ▸ Restore… and skein restore hung), /dev/zero read without
// end.
func TestRestoreRefusesSpecialFiles(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "b.skeinbackup")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip(err)
	}
	for path, want := range map[string]string{fifo: "(it is a named pipe, not a file)", "/dev/zero": "(it is a character device, not a file)"} {
		done := make(chan error, 1)
		dir := filepath.Join(t.TempDir(), "s")
		go func() {
			_, err := Restore(ctx, dir, path)
			done <- err
		}()
		select {
		case err := <-done:
			if !errors.Is(err, ErrBadBackup) || !strings.Contains(err.Error(), path+": "+ErrBadBackup.Error()+" "+want) {
				t.Errorf("restore %s: %v, want ErrBadBackup saying %q", path, err, want)
			}
		case <-time.After(time.Minute):
			t.Fatalf("restore %s has not returned after a minute", path)
		}
	}
}
