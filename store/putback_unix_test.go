//go:build unix

package store

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A set-aside file that is a named pipe (planted in the store's set-aside
// folder, or named by a mail's instructions), a link to /dev/zero or a
// file of more than maxPutBack is refused before it is read, saying what
// it is: the pipe was waited on for ever, /dev/zero and the large file
// read until the memory filled.
func TestPutBackRefusesSpecialFiles(t *testing.T) {
	old := maxPutBack
	maxPutBack = 1 << 10
	t.Cleanup(func() { maxPutBack = old })
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	zero := filepath.Join(dir, "zero.json")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	large := filepath.Join(dir, "large.json")
	if err := os.WriteFile(large, []byte(`{"keys":[`+strings.Repeat(`{"key":"50","value":""},`, 100)+`]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ file, want string }{
		{fifo, "(it is a named pipe, not a file)"},
		{zero, "(it is a character device, not a file)"},
		{large, "one is at most"},
	} {
		t.Run(filepath.Base(c.file), func(t *testing.T) {
			s, _, _, _, _ := putBackStore(t)
			done := make(chan error, 1)
			go func() { _, err := s.PutBack(c.file); done <- err }()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), c.file) || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "nothing was written") {
					t.Fatalf("PutBack(%s) = %v; want it refused, saying %q", c.file, err, c.want)
				}
			case <-time.After(time.Minute):
				t.Fatalf("PutBack(%s) has not returned after a minute", c.file)
			}
			noRecoveryKeys(t, s)
		})
	}
}

// The set-aside folder is written only where it is a folder: a symbolic
// link put there (by whoever else can write the store's folder) had the
// write's record, the store's text among it, written where it pointed; a
// file there failed with "not a directory". Each is refused, saying what
// is there, and the write stays in the store.
func TestSetAsideFolderNotAFolder(t *testing.T) {
	d := newDoc("whole", "2024-05-01", "Kakar said 60% of attacks came from Afghanistan.")
	elsewhere := t.TempDir()
	for _, c := range []struct {
		name string
		make func(t *testing.T, folder string)
		want string
	}{
		{"a link elsewhere", func(t *testing.T, folder string) {
			if err := os.Symlink(elsewhere, folder); err != nil {
				t.Fatal(err)
			}
		}, "is a symbolic link, not the folder skein makes"},
		{"a named pipe", func(t *testing.T, folder string) {
			if err := syscall.Mkfifo(folder, 0o644); err != nil {
				t.Fatal(err)
			}
		}, "is a named pipe, not the folder skein makes"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := damagedStore(t, d, func(t *testing.T, s *Store) {
				b, _ := wholeBatch(d, 5)
				b.Spans = append(b.Spans, newSpan(newDoc("gone", "2024-05-03", "Not stored."), "ana", "claim", 0, 2))
				setKeys(t, s, journalOf(t, b)...)
			})
			c.make(t, filepath.Join(dir, setAsideDir))
			_, err := openNoPanic(t, dir, Options{SetAside: func(SetAside) {}})
			if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, setAsideDir)) || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "nothing was set aside") {
				t.Fatalf("open setting the write aside = %v; want it refused, saying %q", err, c.want)
			}
			if entries, _ := os.ReadDir(elsewhere); len(entries) != 0 {
				t.Errorf("the link's target holds %d files: the record was written there", len(entries))
			}
			if _, err := openNoPanic(t, dir, Options{}); !errorsIsUnfinished(err) {
				t.Errorf("the next open = %v; want the write still in the store, unfinished", err)
			}
		})
	}
}
