//go:build linux

package nolocktest

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

// After Refuse, a lock taken before is let go as usual and a new one is
// refused with ENOLCK; a process that did not call it locks as before.
// The filter is for good, so a child process of the test calls it.
func TestRefuse(t *testing.T) {
	lock := func(p string) (*os.File, error) {
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		return f, unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
	}
	if dir := ChildArg(); dir != "" {
		before, err := lock(filepath.Join(dir, "before"))
		if err != nil {
			t.Fatalf("before the filter: %v", err)
		}
		Refuse(t, 0)
		if _, err := lock(filepath.Join(dir, "after")); !errors.Is(err, unix.ENOLCK) {
			t.Errorf("a lock after the filter: %v, want ENOLCK", err)
		}
		if err := unix.Flock(int(before.Fd()), unix.LOCK_UN); err != nil {
			t.Errorf("letting go of the lock taken before: %v", err)
		}
		return
	}
	dir := t.TempDir()
	InChild(t, dir)
	if _, err := lock(filepath.Join(dir, "here")); err != nil {
		t.Errorf("a lock in this process, which has no filter: %v", err)
	}
}
