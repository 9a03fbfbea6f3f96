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
	sp, _ := gcGarbage(t, dir)
	s, err := Open(dir, Options{NoSync: true})
	if err != nil {
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

// gcGarbage writes into a new store in dir a span list rewritten many
// times, with an article between every ten edits, and closes it
// (compacting level 0, which counts the old copies as discardable): the
// value-log GC of the next session has files to rewrite, mostly old
// copies but with the articles' texts still live among them, which the
// rewrite writes again. It returns the span as last written and the
// articles.
func gcGarbage(t *testing.T, dir string) (*annotate.Span, []*annotate.Document) {
	t.Helper()
	s, err := Open(dir, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	docs, spans := genCorpus(21, 1, 3000, 200, "ana")
	if _, err := s.WriteBatch(ctx, &Batch{Docs: docs, Spans: spans}); err != nil {
		t.Fatal(err)
	}
	more, _ := genCorpus(22, 300, 3000, 0, "ana")
	sp := spans[0]
	for i := range 3000 {
		if i%10 == 0 {
			putDocs(t, s, more[i/10])
		}
		u := sp.Clone()
		u.Note = fmt.Sprint("edit ", i)
		apply(t, s, annotate.EditSpan("ana", "edit note", sp, u))
		sp = u
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return sp, more
}
