package preread

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// slot is a Slot whose reads the test waits for.
func slot(rest time.Duration) (*Slot[string, string], *sync.WaitGroup) {
	var wg sync.WaitGroup
	return &Slot[string, string]{Rest: rest, Go: func(f func(context.Context)) { wg.Add(1); go func() { defer wg.Done(); f(context.Background()) }() }}, &wg
}

func TestTakeWhatWasRead(t *testing.T) {
	s, wg := slot(time.Millisecond)
	var loads atomic.Int32
	s.Ahead("a", func(context.Context) string { loads.Add(1); return "article a" })
	s.Ahead("a", func(context.Context) string { loads.Add(1); return "again" }) // the same row: kept
	wg.Wait()
	if _, ok := s.Take("b"); ok {
		t.Fatal("Take(b) took the read of a")
	}
	if _, ok := s.Take("a"); ok {
		t.Fatal("Take(a) after Take(b) took a read that was dropped")
	}
	s.Ahead("a", func(context.Context) string { loads.Add(1); return "article a" })
	wg.Wait()
	wait, ok := s.Take("a")
	if !ok {
		t.Fatal("Take(a) found no read of a")
	}
	if got := wait(); got != "article a" {
		t.Errorf("Take(a) gave %q, want %q", got, "article a")
	}
	if got := loads.Load(); got != 2 {
		t.Errorf("%d loads, want 2 (the same key asked twice is read once)", got)
	}
	if _, ok := s.Take("a"); ok {
		t.Error("a read was taken twice")
	}
}

// A click before the rest is over reads for itself, and the rest reads
// nothing; a sweep over rows reads only the last.
func TestRestingReadsNothingWhenOvertaken(t *testing.T) {
	s, wg := slot(20 * time.Millisecond)
	var loads atomic.Int32
	load := func(context.Context) string { loads.Add(1); return "" }
	for _, k := range []string{"a", "b", "c"} {
		s.Ahead(k, load)
	}
	if _, ok := s.Take("c"); ok {
		t.Error("Take took a read still resting")
	}
	wg.Wait()
	if got := loads.Load(); got != 0 {
		t.Errorf("%d loads, want 0: each was overtaken during its rest", got)
	}
	s.Ahead("a", load)
	s.Ahead("b", load)
	s.Drop()
	s.Ahead("c", load)
	wg.Wait()
	if got := loads.Load(); got != 1 {
		t.Errorf("%d loads, want 1: only the row the pointer rested on", got)
	}
}
