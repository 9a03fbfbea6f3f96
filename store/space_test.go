//go:build linux

package store

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/tmpfstest"
)

// TestDiskFull is issue 10.6: a disk that fills killed skein with SIGBUS in
// Badger's memory-mapped logs, and `skein list` crashed while it was full.
// Writes are refused with the figures, reads work, and the store keeps
// every acknowledged change.
func TestDiskFull(t *testing.T) {
	disk := tmpfstest.New(t, 160<<20)
	dir := filepath.Join(disk, "store")
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	docs, spans := genCorpus(51, 300, 2000, 5, "ana")
	if _, err := s.WriteBatch(ctx, &Batch{Docs: docs, Spans: spans}); err != nil {
		t.Fatal(err)
	}
	kept := newSpan(docs[0], "ana", "claim", 0, 5)
	apply(t, s, annotate.AddSpan("ana", kept))

	// Another program fills the disk while skein is open.
	tmpfstest.Fill(t, disk, 20<<20)
	err = s.Apply(ctx, annotate.AddSpan("ana", newSpan(docs[1], "ana", "claim", 0, 5)))
	var se *SpaceError
	if !errors.As(err, &se) || !errors.Is(err, ErrDiskFull) || !strings.Contains(err.Error(), "MB free") {
		t.Fatalf("Apply on a full disk: got %v, want a *SpaceError", err)
	}
	more, moreSpans := genCorpus(52, 2000, 2000, 5, "ana")
	_, err = s.WriteBatch(ctx, &Batch{Docs: more, Spans: moreSpans})
	if !errors.Is(err, ErrDiskFull) || !strings.Contains(err.Error(), "the import needs about") {
		t.Fatalf("WriteBatch on a full disk: got %v", err)
	}
	if _, err := s.Document(docs[5].ID); err != nil {
		t.Errorf("read on a full disk: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close on a full disk: %v", err)
	}

	// Full to the last byte: the store opens for reading.
	tmpfstest.Fill(t, disk, 0)
	s, err = Open(dir, Options{})
	if err != nil {
		t.Fatalf("Open on a full disk: %v", err)
	}
	if n, err := s.DocumentCount(); n != len(docs) || err != nil {
		t.Errorf("DocumentCount on a full disk: %d, %v", n, err)
	}
	if got, err := dump(s); err != nil || got == "" {
		t.Errorf("reading everything on a full disk: %v", err)
	}
	if err := s.SetMeta("x", "y"); !errors.Is(err, ErrDiskFull) {
		t.Errorf("SetMeta on a full disk: got %v, want ErrDiskFull", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(filepath.Join(disk, "new"), Options{}); !errors.Is(err, ErrDiskFull) {
		t.Errorf("a new store on a full disk: got %v, want ErrDiskFull", err)
	}

	// Space again: everything acknowledged is there.
	os.Remove(filepath.Join(disk, tmpfstest.Filler))
	s, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Span(kept.ID); err != nil {
		t.Errorf("the span acknowledged before the disk filled: %v", err)
	}
	if err := checkKeys(s); err != nil {
		t.Error(err)
	}
	apply(t, s, annotate.AddSpan("ana", newSpan(docs[1], "ana", "claim", 0, 5)))
}

// A backup onto a full disk fails naming the file asked for and why, not
// the file skein writes beside it ("write /d/.b.skeinbackup.123: no space
// left on device"), and leaves nothing behind.
func TestBackupOntoAFullDisk(t *testing.T) {
	s := openTest(t)
	for i := range 40 {
		putDocs(t, s, newDoc("t", "", strings.Repeat("Kakar said attacks rose. ", 200)+strconv.Itoa(i)))
	}
	disk := tmpfstest.New(t, 1<<20)
	tmpfstest.Fill(t, disk, 4<<10)
	target := filepath.Join(disk, "b.skeinbackup")
	_, err := s.BackupFile(t.Context(), target)
	if err == nil || !strings.Contains(err.Error(), "back up to "+target+": no space left on device") || strings.Contains(err.Error(), "/.b.skeinbackup") {
		t.Fatalf("got %v, want the file asked for and no space", err)
	}
	ents, _ := os.ReadDir(disk)
	for _, e := range ents {
		if e.Name() != tmpfstest.Filler {
			t.Errorf("left %s on the disk", e.Name())
		}
	}
}
