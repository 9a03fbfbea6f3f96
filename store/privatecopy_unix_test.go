//go:build unix

package store

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// A private copy a kill left behind (the process gone before its Close)
// held the store's text in the temporary folder until that was emptied,
// perhaps for months: the next private copy made in the same temporary
// folder removes it. A copy another skein has open stays, as do a link of
// that name (and what it points to) and another user's folder; each copy
// is the user's alone (0700).
func TestPrivateCopyLeftByAKillRemoved(t *testing.T) {
	if os.Getenv("SKEIN_TEST_COPY_KILL") != "" {
		if _, err := OpenPrivateCopy(os.Getenv("SKEIN_TEST_COPY_KILL")); err != nil {
			t.Fatal(err)
		}
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
	}
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	putDocs(t, s, newDoc("private", "2024-05-01", "Private research text, not for other users."))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	cmd := exec.Command(os.Args[0], "-test.run=^TestPrivateCopyLeftByAKillRemoved$", "-test.count=1")
	cmd.Env = append(os.Environ(), "SKEIN_TEST_COPY_KILL="+dir)
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("the child: %v, want it killed\n%s", err, out)
	}
	left, _ := filepath.Glob(filepath.Join(tmp, copyPrefix+"*"))
	if len(left) != 1 {
		t.Fatalf("the kill left %v, want one copy", left)
	}
	if fi, err := os.Stat(left[0]); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("the copy's folder: %v, %v; want it the user's alone (0700)", fi.Mode(), err)
	}

	// Beside it: a link of a copy's name, a folder of another user's, and
	// a copy open in another skein.
	target := t.TempDir()
	if err := os.WriteFile(filepath.Join(target, heldName), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(tmp, copyPrefix+"link")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	theirs := filepath.Join(tmp, copyPrefix+"theirs")
	if err := os.Mkdir(theirs, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(theirs, heldName), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if os.Getuid() == 0 {
		if err := os.Chown(theirs, 12345, 12345); err != nil {
			t.Fatal(err)
		}
	}
	open1, err := OpenPrivateCopy(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer open1.Close()
	if _, err := os.Stat(left[0]); !os.IsNotExist(err) {
		t.Errorf("the copy the kill left is still there (%v)", err)
	}
	open2, err := OpenPrivateCopy(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(open1.Dir()); err != nil {
		t.Fatalf("the copy open in another skein was removed: %v", err)
	}
	if _, err := open1.Document(annotate.DocID("Private research text, not for other users.")); err != nil {
		t.Errorf("the copy open beside another: %v", err)
	}
	if err := open2.Close(); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{link, filepath.Join(target, heldName)} {
		if _, err := os.Lstat(p); err != nil {
			t.Errorf("%s: %v; want it left as it was", p, err)
		}
	}
	if os.Getuid() == 0 {
		if _, err := os.Stat(theirs); err != nil {
			t.Errorf("another user's folder: %v; want it left as it was", err)
		}
	}
}
