package store

import (
	"testing"

	"github.com/skein-news/skein/annotate"
)

// TestIDFilter: every key added is found, also after the filter grew past
// its first capacity, and keys never added are found rarely (each such
// "perhaps" costs the bulk load a look-up in the store).
func TestIDFilter(t *testing.T) {
	const n = 200_000
	f := newIDFilter(n / 4) // grows twice on the way
	var key []byte
	added := make([]string, n)
	for i := range added {
		added[i] = annotate.NewID()
		key = appendSpanIDKey(key[:0], added[i])
		f.add(key)
	}
	if len(f.parts) != 3 {
		t.Errorf("filter of %d keys from capacity %d: %d parts, want 3", n, n/4, len(f.parts))
	}
	for _, id := range added {
		if key = appendSpanIDKey(key[:0], id); !f.has(key) {
			t.Fatalf("span %s added, not found", id)
		}
	}
	g := newIDFilter(n)
	for _, id := range added {
		g.add(appendSpanIDKey(key[:0], id))
	}
	hits := 0
	for i := 0; i < n; i++ {
		if g.has(appendSpanIDKey(key[:0], annotate.NewID())) {
			hits++
		}
	}
	rate := float64(hits) / n
	t.Logf("keys never added found: %.2f %%", 100*rate)
	if rate > 0.025 {
		t.Errorf("keys never added found: %.2f %%, want under 2.5 %%", 100*rate)
	}
}

// BenchmarkIDFilter asks a filter of 4 million span IDs (a full-size first
// sync's) about IDs it holds.
func BenchmarkIDFilter(b *testing.B) {
	const n = 4_000_000
	f := newIDFilter(n)
	keys := make([][]byte, 1<<16)
	for i := 0; i < n; i++ {
		k := appendSpanIDKey(nil, annotate.NewID())
		f.add(k)
		if i < len(keys) {
			keys[i] = k
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if !f.has(keys[i%len(keys)]) {
			b.Fatal("added, not found")
		}
	}
}
