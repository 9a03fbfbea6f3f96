package store

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// sortEntries orders entries exactly as compareEntries does: by start,
// by end from the longest, then label and ID where the offsets are the
// same; offsets too large for its keys, and more entries than its index
// holds, too.
func TestSortEntries(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct{ n, offsets int }{{0, 10}, {1, 10}, {200, 8}, {200, 1 << 30}, {1000, 3}, {1<<16 + 10, 1000}} {
		t.Run(fmt.Sprintf("%dx%d", c.n, c.offsets), func(t *testing.T) {
			es := make([]*spanEntry, c.n)
			for i := range es {
				start := int64(r.IntN(c.offsets))
				es[i] = &spanEntry{
					start: start, end: start + int64(r.IntN(4)),
					label: []byte{"abc"[r.IntN(3)]},
					id:    fmt.Appendf(nil, "%08x", r.Uint32()),
				}
			}
			if c.offsets > 1<<24 && c.n > 0 {
				es[0].start, es[0].end = 1<<30, 1<<30+5 // beyond the keys' bits
			}
			want := slices.Clone(es)
			slices.SortFunc(want, compareEntries)
			sortEntries(es)
			for i := range es {
				if es[i] != want[i] {
					t.Fatalf("entry %d: got %d-%d %s %s, want %d-%d %s %s", i,
						es[i].start, es[i].end, es[i].label, es[i].id, want[i].start, want[i].end, want[i].label, want[i].id)
				}
			}
		})
	}
}
