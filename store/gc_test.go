package store

import (
	"fmt"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate"
)

// TestValueLogGC rewrites a large span list many times, which leaves old
// copies in the value log, and checks that after a Close (which compacts
// level 0 and so counts the garbage) garbage collection gives the space
// back.
func TestValueLogGC(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 40 MB")
	}
	dir := t.TempDir()
	s, err := Open(dir, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	docs, spans := genCorpus(21, 1, 3000, 200, "ana")
	if _, err := s.WriteBatch(ctx, &Batch{Docs: docs, Spans: spans}); err != nil {
		t.Fatal(err)
	}
	sp := spans[0]
	for i := 0; i < 3000; i++ {
		u := sp.Clone()
		u.Note = fmt.Sprint("edit ", i)
		apply(t, s, annotate.EditSpan("ana", "edit note", sp, u))
		sp = u
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if s, err = Open(dir, Options{NoSync: true}); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	before, _ := s.DiskSize()
	s.runGC()
	after, _ := s.DiskSize()
	if after > before/4 {
		t.Errorf("value-log GC: store went from %d to %d bytes, want less than a quarter", before, after)
	}
	if got, _ := s.Span(sp.ID); got == nil || got.Note != "edit 2999" {
		t.Errorf("span after GC: got %+v, want the last edit", got)
	}
	if err := checkKeys(s); err != nil {
		t.Error(err)
	}
}

func TestGCLoopStopsOnClose(t *testing.T) {
	defer func(f, i time.Duration) { gcFirst, gcInterval = f, i }(gcFirst, gcInterval)
	gcFirst, gcInterval = time.Millisecond, time.Millisecond
	s, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for s.gcRuns.Load() < 3 {
		time.Sleep(time.Millisecond)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	n := s.gcRuns.Load()
	time.Sleep(20 * time.Millisecond)
	if m := s.gcRuns.Load(); m != n {
		t.Errorf("GC ran %d more times after Close", m-n)
	}
}
