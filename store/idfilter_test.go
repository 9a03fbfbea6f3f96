package store

import (
	"fmt"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// TestIDFilter: every ID added is found, also after the filter grew past
// its first capacity, whether added by its ID or by its key form (as
// NewBulk reads them from the store) and whether a UUID or not; and IDs
// never added are found rarely (each such "perhaps" costs the bulk load a
// look-up in the store).
func TestIDFilter(t *testing.T) {
	const n = 200_000
	f := newIDFilter(n / 4) // grows twice on the way
	added := make([]string, n)
	var key []byte
	for i := range added {
		added[i] = annotate.NewID()
		switch i % 4 {
		case 1: // not a UUID
			added[i] = fmt.Sprintf("span-%d", i)
		case 2: // an upper-case UUID is not canonical: its own key form
			added[i] = fmt.Sprintf("%X", added[i])
		}
		if i%3 == 0 {
			key = appendSpanIDKey(key[:0], added[i])
			f.addKey(key[1:])
		} else {
			f.addID(added[i])
		}
	}
	if len(f.parts) != 3 {
		t.Errorf("filter of %d IDs from capacity %d: %d parts, want 3", n, n/4, len(f.parts))
	}
	for _, id := range added {
		if !f.hasID(id) {
			t.Fatalf("span %s added, not found", id)
		}
	}
	g := newIDFilter(n)
	for _, id := range added {
		g.addID(id)
	}
	hits := 0
	for i := 0; i < n; i++ {
		if g.hasID(annotate.NewID()) {
			hits++
		}
	}
	rate := float64(hits) / n
	t.Logf("IDs never added found: %.2f %%", 100*rate)
	if rate > 0.025 {
		t.Errorf("IDs never added found: %.2f %%, want under 2.5 %%", 100*rate)
	}
}

// BenchmarkIDFilter asks a filter of 4 million span IDs (a full-size first
// sync's) about IDs it holds.
func BenchmarkIDFilter(b *testing.B) {
	const n = 4_000_000
	f := newIDFilter(n)
	ids := make([]string, 1<<16)
	for i := 0; i < n; i++ {
		id := annotate.NewID()
		f.addID(id)
		if i < len(ids) {
			ids[i] = id
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if !f.hasID(ids[i%len(ids)]) {
			b.Fatal("added, not found")
		}
	}
}
