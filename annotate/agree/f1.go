package agree

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/skein-news/skein/annotate"
)

// f1Count is what span (or link) F1 between two annotators adds up over
// documents: matches and the sizes of both sides.
type f1Count struct {
	exact, overlap float64 // matches
	a, b           float64 // spans on each side
}

func (c *f1Count) add(d f1Count) {
	c.exact += d.exact
	c.overlap += d.overlap
	c.a += d.a
	c.b += d.b
}

// f1 is 2|A∩B| / (|A|+|B|), undefined when both sides are empty.
func f1(match, a, b float64) *float64 {
	if a+b == 0 {
		return nil
	}
	return value(2 * match / (a + b))
}

// meanOf averages the defined values; nil when none is.
func meanOf(vs []*float64) *float64 {
	var sum float64
	var n int
	for _, v := range vs {
		if v != nil {
			sum += *v
			n++
		}
	}
	if n == 0 {
		return nil
	}
	return value(sum / float64(n))
}

// matchSpans counts the matches between two annotators' spans of one label,
// both sorted by annotate.SpanLess. Exact: same fragments. Overlap: sharing
// at least one code point, matched one to one greedily in text order — each
// span of a, in order, takes the first span of b not yet taken that overlaps
// it.
func matchSpans(a, b []*annotate.Span) (exact, overlap int) {
	var m matcher
	return m.match(a, b)
}

// matcher is matchSpans with buffers kept from one call to the next.
type matcher struct {
	used   []bool
	maxEnd []int
}

func (m *matcher) match(a, b []*annotate.Span) (exact, overlap int) {
	if len(a) == 0 || len(b) == 0 {
		return 0, 0
	}
	used := slices.Grow(m.used[:0], len(b))[:len(b)]
	clear(used)
	m.used = used
	for _, x := range a {
		i := sort.Search(len(b), func(i int) bool { return b[i].Start() >= x.Start() })
		for ; i < len(b) && b[i].Start() == x.Start(); i++ {
			if !used[i] && sameFragments(x, b[i]) {
				used[i] = true
				exact++
				break
			}
		}
	}
	// maxEnd[i] is the furthest end among b[:i+1]: spans before the first i
	// with maxEnd[i] > x.Start() all end before x begins.
	maxEnd := slices.Grow(m.maxEnd[:0], len(b))[:len(b)]
	m.maxEnd = maxEnd
	for i, y := range b {
		maxEnd[i] = y.End()
		if i > 0 && maxEnd[i-1] > maxEnd[i] {
			maxEnd[i] = maxEnd[i-1]
		}
	}
	clear(used)
	for _, x := range a {
		i := sort.Search(len(b), func(i int) bool { return maxEnd[i] > x.Start() })
		for ; i < len(b) && b[i].Start() < x.End(); i++ {
			if !used[i] && overlaps(x, b[i]) {
				used[i] = true
				overlap++
				break
			}
		}
	}
	return exact, overlap
}

// sameFragments reports whether two spans cover exactly the same fragments.
func sameFragments(x, y *annotate.Span) bool {
	if len(x.Fragments) != len(y.Fragments) {
		return false
	}
	for i, f := range x.Fragments {
		if f != y.Fragments[i] {
			return false
		}
	}
	return true
}

// overlaps reports whether two spans share a code point; for discontinuous
// spans the fragments, not the outer bounds, must meet.
func overlaps(x, y *annotate.Span) bool {
	if x.Start() >= y.End() || y.Start() >= x.End() {
		return false
	}
	i, j := 0, 0
	for i < len(x.Fragments) && j < len(y.Fragments) {
		f, g := x.Fragments[i], y.Fragments[j]
		if f.Start < g.End && g.Start < f.End {
			return true
		}
		if f.End <= g.End {
			i++
		} else {
			j++
		}
	}
	return false
}

// overlapLen is the number of code points two spans share.
func overlapLen(x, y *annotate.Span) int {
	n, i, j := 0, 0, 0
	for i < len(x.Fragments) && j < len(y.Fragments) {
		f, g := x.Fragments[i], y.Fragments[j]
		if s, e := max(f.Start, g.Start), min(f.End, g.End); e > s {
			n += e - s
		}
		if f.End <= g.End {
			i++
		} else {
			j++
		}
	}
	return n
}

// fragmentKey names a span's place: its document and fragments.
func fragmentKey(doc string, frags []annotate.Fragment) string {
	var b strings.Builder
	b.Grow(len(doc) + 12*len(frags))
	b.WriteString(doc)
	for _, f := range frags {
		b.WriteByte('|')
		b.WriteString(strconv.Itoa(f.Start))
		b.WriteByte('-')
		b.WriteString(strconv.Itoa(f.End))
	}
	return b.String()
}

// linkTally is every annotator's links, keyed by the places (interned
// document and fragments) of both ends.
type linkTally struct {
	counts []map[[2]int32]int // per annotator: link → number of links
}

// tallyLinks collects the links (consecutive members, in thread order) of
// every annotator's threads. places[a][t][m] is the place of member m of
// annotator a's thread t, plus one; 0 means the span was not found in the
// documents measured, and links to it are left out, since they cannot be
// compared.
func tallyLinks(places [][][]int32) linkTally {
	lt := linkTally{counts: make([]map[[2]int32]int, len(places))}
	for a, threads := range places {
		lt.counts[a] = map[[2]int32]int{}
		for _, members := range threads {
			for i := 1; i < len(members); i++ {
				if members[i-1] != 0 && members[i] != 0 {
					lt.counts[a][[2]int32{members[i-1], members[i]}]++
				}
			}
		}
	}
	return lt
}

// pair returns the link counts of annotators a and b per document of the
// first end (docOf maps a place, plus one, to the index of its document).
func (lt *linkTally) pair(a, b int, docOf []int) (byDoc map[int]*f1Count) {
	byDoc = map[int]*f1Count{}
	get := func(doc int) *f1Count {
		c := byDoc[doc]
		if c == nil {
			c = &f1Count{}
			byDoc[doc] = c
		}
		return c
	}
	for k, na := range lt.counts[a] {
		m := float64(min(na, lt.counts[b][k]))
		c := get(docOf[k[0]])
		c.exact += m
		c.a += float64(na)
	}
	for k, nb := range lt.counts[b] {
		get(docOf[k[0]]).b += float64(nb)
	}
	return byDoc
}
