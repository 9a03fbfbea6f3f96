// Package rofolder makes a folder read-only for real, for the tests of a
// store a user can read but not write: a user who is not root gets the
// folder and its files made chmod a-w; root, whom chmod does not stop, gets
// a read-only bind mount of the folder on itself (Linux). Either is undone
// when the test ends. Where neither is possible the test is skipped, saying
// why.
package rofolder

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// Make makes dir, an existing folder, read-only to this process until the
// test ends, and checks that it is: a file cannot be made in it.
func Make(t testing.TB, dir string) {
	t.Helper()
	if os.Geteuid() == 0 {
		undo, err := bindReadOnly(dir)
		if err != nil {
			t.Skipf("cannot make a read-only folder here: root is not stopped by chmod -w, and a read-only bind mount of %s failed (%v); run as a user who is not root, or where root may mount", dir, err)
		}
		t.Cleanup(undo)
	} else {
		if err := chmodTree(dir, false); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { chmodTree(dir, true) })
	}
	probe := filepath.Join(dir, "rofolder-probe")
	if f, err := os.Create(probe); err == nil {
		f.Close()
		os.Remove(probe)
		t.Skipf("cannot make a read-only folder here: a file could still be made in %s", dir)
	}
}

// Chmod takes the write permission off dir and everything in it (chmod
// -R a-w) until the test ends, and nothing more: root can still write
// there, which is what a test of root on such a folder needs.
func Chmod(t testing.TB, dir string) {
	t.Helper()
	if err := chmodTree(dir, false); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { chmodTree(dir, true) })
}

// Unchmod gives the owner's write permission back to dir and everything in
// it.
func Unchmod(t testing.TB, dir string) {
	t.Helper()
	if err := chmodTree(dir, true); err != nil {
		t.Fatal(err)
	}
}

// chmodTree takes the write bits off dir and everything in it, or gives
// the owner's back.
func chmodTree(dir string, writable bool) error {
	var paths []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		paths = append(paths, path)
		return nil
	})
	if err != nil {
		return err
	}
	var errs []error
	for _, p := range paths {
		st, err := os.Lstat(p)
		if err != nil || st.Mode()&fs.ModeSymlink != 0 {
			continue
		}
		mode := st.Mode().Perm() &^ 0o222
		if writable {
			mode |= 0o200
		}
		errs = append(errs, os.Chmod(p, mode))
	}
	return errors.Join(errs...)
}

// State is every file and folder below dir with its mode, size, time and
// content's hash: two States are equal when nothing there changed.
func State(t testing.TB, dir string) map[string]string {
	t.Helper()
	state := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if !info.Mode().IsRegular() {
			state[rel] = fmt.Sprintf("%v %v", info.Mode(), info.ModTime().UnixNano())
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		state[rel] = fmt.Sprintf("%v %d %v %x", info.Mode(), info.Size(), info.ModTime().UnixNano(), sha256.Sum256(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return state
}

// Small makes a new folder that holds at most size bytes (a tmpfs, as root
// on Linux) until the test ends, for a test of a disk without room, and
// returns it; where it cannot, the test is skipped, saying why.
func Small(t testing.TB, size int) string {
	t.Helper()
	dir := t.TempDir()
	undo, err := mountSmall(dir, size)
	if err != nil {
		t.Skipf("cannot make a folder of %d bytes to test a disk without room: mounting a tmpfs: %v", size, err)
	}
	t.Cleanup(undo)
	return dir
}
