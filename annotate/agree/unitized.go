package agree

import (
	"cmp"
	"slices"
	"sort"
)

// Unit is a stretch of a continuum that one rater marked with a category:
// [Start, Start+Length).
type Unit struct {
	Category      string
	Start, Length int
}

// UnitizedResult is Krippendorff's unitized α (α_U) over a continuum.
type UnitizedResult struct {
	// Categories holds Dₒ(c), Dₑ(c) and α_c for every category some rater
	// used.
	Categories map[string]Coefficient
	// Observed and Expected are the means of Dₒ(c) and Dₑ(c) over those
	// categories; Alpha = 1 − Observed/Expected, nil when undefined.
	Observed, Expected float64
	Alpha              *float64
}

// Unitized computes Krippendorff's (2004) unitized α for the continuum
// [begin, begin+length) as DKPro Statistics' KrippendorffAlphaUnitizingAgreement
// does. raters[r] holds rater r's units. Units of one rater and category that
// overlap are merged into one first (the coefficient assumes a rater's units
// of a category do not overlap); units are clipped to the continuum.
func Unitized(begin, length int, raters [][]Unit) UnitizedResult {
	end := begin + length
	byCat := map[string][][]seg{}
	var order []string
	for r, units := range raters {
		for _, u := range units {
			s := seg{max(u.Start, begin), min(u.Start+u.Length, end)}
			if s.end <= s.start {
				continue
			}
			rs, ok := byCat[u.Category]
			if !ok {
				rs = make([][]seg, len(raters))
				byCat[u.Category] = rs
				order = append(order, u.Category)
			}
			rs[r] = append(rs[r], s)
		}
	}
	res := UnitizedResult{Categories: map[string]Coefficient{}}
	var sumO, sumE float64
	for _, c := range order {
		rs := byCat[c]
		for r := range rs {
			rs[r] = mergeSegs(rs[r])
		}
		do, de := unitizedCategory(begin, end, rs)
		res.Categories[c] = Coefficient{Observed: do, Expected: de, Value: alphaOf(do, de)}
		sumO += do
		sumE += de
	}
	if len(order) > 0 {
		res.Observed = sumO / float64(len(order))
		res.Expected = sumE / float64(len(order))
		res.Alpha = alphaOf(sumO, sumE)
	}
	return res
}

// seg is a stretch [start, end) of the continuum.
type seg struct{ start, end int }

// mergeSegs sorts segments and merges those that overlap. Segments that only
// touch stay apart: they are two units, as two adjacent claims are two claims.
func mergeSegs(s []seg) []seg {
	slices.SortFunc(s, func(x, y seg) int { return cmp.Or(cmp.Compare(x.start, y.start), cmp.Compare(x.end, y.end)) })
	out := s[:0]
	for _, x := range s {
		if n := len(out); n > 0 && x.start < out[n-1].end {
			out[n-1].end = max(out[n-1].end, x.end)
			continue
		}
		out = append(out, x)
	}
	return out
}

// unitizedCategory returns Dₒ(c) and Dₑ(c) for one category on [begin, end);
// raters[r] is rater r's merged, sorted units of the category.
func unitizedCategory(begin, end int, raters [][]seg) (do, de float64) {
	var t unitTally
	for _, units := range raters {
		t.addRater(begin, end, units)
	}
	var sum float64
	for i := range raters {
		for j := i + 1; j < len(raters); j++ {
			sum += observedSum(raters[i], raters[j], begin, end)
		}
	}
	return observed(sum, len(raters), end-begin), t.expected(len(raters), end-begin)
}

// alphaOf is 1 − Dₒ/Dₑ, undefined when Dₑ is 0.
func alphaOf(do, de float64) *float64 {
	if !(de > 0) {
		return nil
	}
	if do == de {
		return value(0)
	}
	return value(1 - do/de)
}

// observed turns the summed pair distances into Dₒ = 2Σ / (R(R−1)L²).
func observed(sum float64, r, l int) float64 {
	if r < 2 || l <= 0 {
		return 0
	}
	rl := float64(r) * float64(r-1) * float64(l) * float64(l)
	return 2 * sum / rl
}

// observedSum walks two raters' segmentations of [begin, end) into units
// and gaps side by side and adds the distance of every pair of segments that
// are current together: overlapping units cost (Δstart)² + (Δend)², a unit
// inside the other rater's gap costs its length², anything else nothing.
func observedSum(u1, u2 []seg, begin, end int) float64 {
	var sum float64
	pos := begin
	s1, s2 := seg{begin, begin}, seg{begin, begin}
	var unit1, unit2 bool
	i1, i2 := 0, 0
	for pos < end && (i1 < len(u1) || i2 < len(u2)) {
		if s1.end == pos {
			s1, unit1, i1 = nextSeg(u1, i1, pos, end)
		}
		if s2.end == pos {
			s2, unit2, i2 = nextSeg(u2, i2, pos, end)
		}
		sum += distance(s1, unit1, s2, unit2)
		pos = min(s1.end, s2.end)
	}
	return sum
}

// nextSeg returns the segment that starts at pos: the next unit if it begins
// there, else the gap up to the next unit or the end of the continuum.
func nextSeg(units []seg, i, pos, end int) (seg, bool, int) {
	if i < len(units) {
		if units[i].start == pos {
			return units[i], true, i + 1
		}
		return seg{pos, units[i].start}, false, i
	}
	return seg{pos, end}, false, i
}

func distance(a seg, unitA bool, b seg, unitB bool) float64 {
	switch {
	case unitA && unitB:
		if a.start < b.end && b.start < a.end {
			ds, de := float64(a.start-b.start), float64(a.end-b.end)
			return ds*ds + de*de
		}
	case unitA:
		if a.start >= b.start && a.end <= b.end {
			l := float64(a.end - a.start)
			return l * l
		}
	case unitB:
		if b.start >= a.start && b.end <= a.end {
			l := float64(b.end - b.start)
			return l * l
		}
	}
	return 0
}

// unitTally holds what Dₑ(c) needs: the lengths of all raters' c-units and
// of all their gaps.
type unitTally struct {
	units []int
	gaps  []int
}

func (t *unitTally) addUnit(l int) { t.units = append(t.units, l) }

func (t *unitTally) addGap(l int) {
	if l > 0 {
		t.gaps = append(t.gaps, l)
	}
}

// addRater adds one rater's sorted units on [begin, end) and the gaps
// between them, before the first and after the last.
func (t *unitTally) addRater(begin, end int, units []seg) {
	pos := begin
	for _, u := range units {
		t.addGap(u.start - pos)
		t.addUnit(u.end - u.start)
		pos = u.end
	}
	t.addGap(end - pos)
}

// expected is Dₑ(c) for r raters on a continuum of length l:
//
//	Σᵤ [ (N−1)(2l³−3l²+l)/3 + l²·Σ_{g≥l} (g−l+1) ] · (2/L) / (R·L·(R·L−1) − Σᵤ l(l−1))
//
// with u over all c-units of all raters (length l), N their number and g over
// all gaps. It sorts the tally's lengths in place.
func (t *unitTally) expected(r, l int) float64 {
	if len(t.units) == 0 || r < 2 || l <= 0 {
		return 0
	}
	// Both in ascending order: the gaps at least as long as a unit start at
	// an index that only moves forward, and sums run in a fixed order.
	sort.Ints(t.units)
	sort.Ints(t.gaps)
	var gapTotal float64
	for _, g := range t.gaps {
		gapTotal += float64(g)
	}
	n := float64(len(t.units))
	var s, num float64
	gi := 0
	shorter := 0.0 // total length of gaps before gi
	for _, ul := range t.units {
		for gi < len(t.gaps) && t.gaps[gi] < ul {
			shorter += float64(t.gaps[gi])
			gi++
		}
		x := float64(ul)
		cnt := float64(len(t.gaps) - gi)
		within := (gapTotal - shorter) - (x-1)*cnt
		num += (n-1)*(2*x*x*x-3*x*x+x)/3 + x*x*within
		s += x * (x - 1)
	}
	rl := float64(r) * float64(l)
	den := rl*(rl-1) - s
	if den <= 0 {
		return 0
	}
	return num * 2 / float64(l) / den
}
