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

// BenchmarkIDFilterProbe is a first sync's span-ID check against the
// filter at the size (4 million IDs, a filter far larger than the
// caches), each ID tested and added: one at a time, or in runs whose
// blocks are read first (idFilter.touch), so that their cache misses
// overlap.
func BenchmarkIDFilterProbe(b *testing.B) {
	const n = 4_000_000
	phs := make([]uint64, n)
	for i := range phs {
		phs[i] = packedHash(spanHash(annotate.NewID()))
	}
	for _, run := range []int{1, probeRun} {
		b.Run(fmt.Sprintf("run%d", run), func(b *testing.B) {
			perhaps := 0
			for b.Loop() {
				f := newIDFilter(n)
				f.testAndAddAll(phs, run, func(int) { perhaps++ })
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/id")
		})
	}
}

// TestIDFilterRuns: asking in runs answers as one at a time does.
func TestIDFilterRuns(t *testing.T) {
	phs := make([]uint64, 50_000)
	for i := range phs {
		phs[i] = packedHash(spanHash(annotate.NewID()))
		if i%7 == 3 {
			phs[i] = phs[i/2] // asked again: the filter holds it
		}
	}
	var want, got []int
	f, g := newIDFilter(10_000), newIDFilter(10_000) // both grow on the way
	g.seed = f.seed
	f.testAndAddAll(phs, 1, func(i int) { want = append(want, i) })
	g.testAndAddAll(phs, probeRun, func(i int) { got = append(got, i) })
	if len(want) < len(phs)/7 || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("in runs, perhaps at %d IDs; one at a time, %d (of %d asked again)", len(got), len(want), len(phs)/7)
	}
}
