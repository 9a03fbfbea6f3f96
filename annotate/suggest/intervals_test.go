package suggest

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// TestIntervalsOverlaps asks whether ranges overlap the user's fragments
// in the orders a pass asks them — in text order, a long range then a
// short one at the same place, and jumping anywhere (FilterAgain's ranges
// one after the other) — and checks each answer against every fragment
// looked at one by one: the search that starts where the last one ended
// finds what a search from nothing finds.
func TestIntervalsOverlaps(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for round := range 200 {
		iv := &intervals{}
		for range r.IntN(60) {
			s := r.IntN(500)
			iv.frags = append(iv.frags, annotate.Fragment{Start: s, End: s + 1 + r.IntN(30)})
		}
		iv.sort()
		var asks [][2]int
		switch round % 3 {
		case 0: // text order
			for s := 0; s < 520; s += r.IntN(4) {
				asks = append(asks, [2]int{s, s + 1 + r.IntN(20)})
			}
		case 1: // text order, ends going back at one start
			for s := 0; s < 520; s += 1 + r.IntN(6) {
				for n := 40; n > 0; n -= 1 + r.IntN(15) {
					asks = append(asks, [2]int{s, s + n})
				}
			}
		default: // anywhere
			for range 300 {
				s := r.IntN(560) - 20
				asks = append(asks, [2]int{s, s + 1 + r.IntN(100)})
			}
		}
		for _, a := range asks {
			want := slices.ContainsFunc(iv.frags, func(f annotate.Fragment) bool { return f.Start < a[1] && a[0] < f.End })
			if got := iv.overlaps(a[0], a[1]); got != want {
				t.Fatalf("round %d: overlaps(%d, %d) = %v, want %v (fragments %v)", round, a[0], a[1], got, want, iv.frags)
			}
		}
	}
}
