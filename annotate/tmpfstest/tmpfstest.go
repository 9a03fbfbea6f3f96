// Package tmpfstest gives a test a small disk of its own, a tmpfs (or, with
// NewExt4, an ext4 image), and fills it: how tests show what skein does on
// a full disk. It lives in
// annotate/ because every package's tests may import it from there
// (store's and annotate's may not reach into app/, nor anyone into an
// internal/ folder not above them), and it imports neither fyne nor
// badger. Only tests import it: the program does not depend on it.
package tmpfstest

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// New mounts a tmpfs of size bytes on a new folder, unmounted when the
// test ends, and returns the folder; it skips the test where mounting is
// not permitted (not root, or not Linux).
func New(t testing.TB, size int64) string {
	t.Helper()
	dir := t.TempDir()
	At(t, dir, size)
	return dir
}

// Filler is the name of the file Fill writes.
const Filler = "filler"

// Fill writes the file Filler in dir until dir's disk has leave bytes
// free or fewer: with leave 0, until the disk is full (no space left on
// device). It appends to the file a Fill before wrote, and returns the
// file's path; removing it makes the room again.
func Fill(t testing.TB, dir string, leave int64) string {
	t.Helper()
	path := filepath.Join(dir, Filler)
	n := int64(math.MaxInt64)
	if leave > 0 {
		free, err := freeSpace(dir)
		if err != nil {
			t.Fatalf("free space on the disk of %s: %v", dir, err)
		}
		n = free - leave
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// In ever smaller pieces once one is refused: ext4 refuses a write
	// larger than what it has left beside what it keeps for its own
	// metadata, where a tmpfs takes the part that fits.
	chunk := make([]byte, 1<<20)
	for n > 0 {
		w, err := f.Write(chunk[:min(int64(len(chunk)), n)])
		n -= int64(w)
		if errors.Is(err, syscall.ENOSPC) {
			if len(chunk) > 1 {
				chunk = chunk[:len(chunk)/2]
				continue
			}
			break // the disk is full
		} else if err != nil {
			t.Fatalf("filling the disk of %s: %v", dir, err)
		}
	}
	return path
}
