//go:build linux

package store

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/tmpfstest"
)

// TestGCOnAFullDisk: value-log GC, which runs a minute after the store
// opens and then every ten minutes while the window sits idle, rewrote a
// value-log file's live entries on a disk another program had filled
// meanwhile, through Badger's memory maps, and the process died of
// SIGBUS. It now leaves GC for a run with room, says nothing, and the
// store stays whole; with room again GC gives the space back.
func TestGCOnAFullDisk(t *testing.T) {
	gcOnAFullDisk(t, tmpfstest.New(t, 128<<20))
}

// TestGCOnAFullExt4 is TestGCOnAFullDisk on an ext4 disk.
func TestGCOnAFullExt4(t *testing.T) {
	gcOnAFullDisk(t, tmpfstest.NewExt4(t, 128<<20))
}

func gcOnAFullDisk(t *testing.T, disk string) {
	t.Helper()
	dir := filepath.Join(disk, "store")
	last, docs := gcGarbage(t, dir)
	out := fullHelper(t, disk, "gc-full", 1<<40)
	if !strings.HasPrefix(out, "gc left\n") {
		t.Fatalf("GC on the full disk said\n%s\nwant gc left", firstLines(out, 12))
	}
	os.Remove(filepath.Join(disk, tmpfstest.Filler))
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatalf("open with room: %v", err)
	}
	defer s.Close()
	if got, err := s.Span(last.ID); err != nil || got.Note != last.Note {
		t.Errorf("the span last written: got %+v, %v; want its note %q", got, err, last.Note)
	}
	for _, d := range []*annotate.Document{docs[0], docs[len(docs)/2], docs[len(docs)-1]} {
		if got, err := s.Document(d.ID); err != nil || got.Text != d.Text {
			t.Errorf("article %s: %v", d.ID, err)
		}
	}
	before, _ := s.DiskSize()
	s.runGC()
	after, _ := s.DiskSize()
	if after > before/2 {
		t.Errorf("GC with room again: the store went from %d to %d bytes, want less than half", before, after)
	}
	if err := checkKeys(s); err != nil {
		t.Error(err)
	}
}

// The room a round of GC asks for is enough: with just that left free (and
// the pages the disk rounds the filler's size to), GC rewrites the files
// it picks, and their flushes and compactions, without faulting.
func TestGCNeedsEnough(t *testing.T) {
	disk := tmpfstest.New(t, 128<<20)
	dir := filepath.Join(disk, "store")
	last, _ := gcGarbage(t, dir)
	before := allocatedIn(t, dir)
	if out := fullHelper(t, disk, "gc-full", -64<<10); !strings.HasPrefix(out, "gc ran\n") {
		t.Fatalf("GC with the room it asks for said\n%s\nwant gc ran", firstLines(out, 12))
	}
	if after := allocatedIn(t, dir); after > before/2 {
		t.Errorf("GC with the room it asks for: the store went from %d to %d bytes, want less than half", before, after)
	}
	os.Remove(filepath.Join(disk, tmpfstest.Filler))
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got, err := s.Span(last.ID); err != nil || got.Note != last.Note {
		t.Errorf("the span last written: got %+v, %v; want its note %q", got, err, last.Note)
	}
	if err := checkKeys(s); err != nil {
		t.Error(err)
	}
}

// allocatedIn is the space the files in dir take.
func allocatedIn(t *testing.T, dir string) int64 {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	for _, e := range ents {
		if st, err := e.Info(); err == nil {
			n += allocated(st)
		}
	}
	return n
}

// TestKeyOnAFullDisk: a key pressed after another program filled the disk
// (the key before it stored) is refused with the figures, the process
// lives on, and the store holds the first key's span and not the second's.
func TestKeyOnAFullDisk(t *testing.T) {
	disk := tmpfstest.New(t, 96<<20)
	out := fullHelper(t, disk, "key-full", 1<<40)
	if !strings.HasPrefix(out, "refused: ") || !strings.Contains(firstLines(out, 1), "disk full: 0 MB free, the change needs about ") {
		t.Fatalf("the key on the full disk: the store said\n%s\nwant it refused", firstLines(out, 12))
	}
	s, err := Open(filepath.Join(disk, "store"), Options{})
	if err != nil {
		t.Fatalf("open on the still-full disk: %v", err)
	}
	defer s.Close()
	if _, err := s.Span(killSpan.ID); err != nil {
		t.Errorf("the span of the key before the disk filled: %v", err)
	}
	if got, err := s.Span(nextKeySpan.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("the span of the key refused: got %+v, %v; want not found", got, err)
	}
}
