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
	// A click reports the row the keyboard was on first (the list takes
	// the keyboard), then the row clicked: a's read is still there.
	s.Ahead("b", func(context.Context) string { loads.Add(1); return "article b" })
	wait, ok := s.Take("a")
	if !ok {
		t.Fatal("Take(a) found no read of a after b was asked for")
	}
	if got := wait(); got != "article a" {
		t.Errorf("Take(a) gave %q, want %q", got, "article a")
	}
	if _, ok := s.Take("a"); ok {
		t.Error("a read was taken twice")
	}
	wg.Wait()
	if got := loads.Load(); got != 2 {
		t.Errorf("%d loads, want 2 (a once though asked twice, and b)", got)
	}
}

// A click before the rest is over reads for itself, and the rest reads
// nothing; a sweep over rows reads only the last two.
func TestRestingReadsNothingWhenOvertaken(t *testing.T) {
	s, wg := slot(20 * time.Millisecond)
	var loads atomic.Int32
	load := func(context.Context) string { loads.Add(1); return "" }
	s.Ahead("a", load)
	if _, ok := s.Take("a"); ok {
		t.Error("Take took a read still resting")
	}
	wg.Wait()
	if got := loads.Load(); got != 0 {
		t.Errorf("%d loads, want 0: the read was overtaken during its rest", got)
	}
	for _, k := range []string{"a", "b", "c", "d"} {
		s.Ahead(k, load)
	}
	wg.Wait()
	if got := loads.Load(); got != 2 {
		t.Errorf("%d loads after a sweep over four rows, want 2 (the last two)", got)
	}
	s.Ahead("e", load)
	s.Drop()
	wg.Wait()
	if got := loads.Load(); got != 2 {
		t.Errorf("%d loads, want still 2: a dropped read does not begin", got)
	}
}
