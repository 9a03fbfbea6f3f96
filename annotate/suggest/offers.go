package suggest

import (
	"cmp"
	"iter"
	"slices"
)

// Offers is a list of suggestions, never changed once made: what FindIn
// found in an article (tens of thousands of offers on a long one), and
// the lists the filters take. It is held in chunks, so that a change to
// the strings labelled makes the next findings by copying the chunks it
// touches only and sharing the rest with the findings before, which the
// window and other goroutines may still be reading (issue 18: copying
// every offer, ~3.6 MB a label key, was most of the key's and the undo's
// learning on the UI goroutine).
type Offers struct {
	chunks []chunk
	ends   []int // ends[c] is how many offers chunks[:c+1] hold
	sorted bool  // known to be in text order (FindIn's)
}

// chunk is some offers in a row, and for FindIn's the words each takes in
// the article (at, nil otherwise).
type chunk struct {
	s  []Suggestion
	at []wordSpan
}

// The offers a chunk holds: a change copies the chunks it touches (80
// bytes an offer, with its words) and the headers of all of them (56
// bytes a chunk), so chunks of about chunkSize; one grown past maxChunk is
// cut, one shrunk below minChunk joins its neighbour. A two-word string
// labelled in the 300 KB article of BenchmarkArticleSuggestions (…/learn,
// ~20 places changed) allocated 317 KB with chunks of 128, 218 KB with
// 64, 188 KB with 32.
const (
	chunkSize = 64
	maxChunk  = 2 * chunkSize
	minChunk  = chunkSize / 4
)

// OffersOf is s as Offers, not copied: s must not be changed after.
func OffersOf(s []Suggestion) Offers {
	return newOffers(s, nil, false)
}

// newOffers cuts s (and at, the same length, or nil) into chunks that
// share their arrays.
func newOffers(s []Suggestion, at []wordSpan, sorted bool) Offers {
	o := Offers{sorted: sorted}
	o.appendCut(s, at)
	return o
}

// appendCut adds s (and at) as chunks of about chunkSize, sharing their
// arrays: each capped, so no append reaches the next.
func (o *Offers) appendCut(s []Suggestion, at []wordSpan) {
	if len(s) == 0 {
		return
	}
	pieces := 1
	if len(s) > maxChunk {
		pieces = (len(s) + chunkSize - 1) / chunkSize
	}
	n := o.Len()
	for p := range pieces {
		a, b := p*len(s)/pieces, (p+1)*len(s)/pieces
		c := chunk{s: s[a:b:b]}
		if at != nil {
			c.at = at[a:b:b]
		}
		o.chunks = append(o.chunks, c)
		o.ends = append(o.ends, n+b)
	}
}

// Len is how many offers there are.
func (o Offers) Len() int {
	if len(o.ends) == 0 {
		return 0
	}
	return o.ends[len(o.ends)-1]
}

// locate is the chunk holding offer i and its place there; (len(chunks),
// 0) for i = Len().
func (o Offers) locate(i int) (c, k int) {
	c, _ = slices.BinarySearch(o.ends, i+1)
	if c > 0 {
		i -= o.ends[c-1]
	}
	return c, i
}

// At is offer i.
func (o Offers) At(i int) Suggestion {
	c, k := o.locate(i)
	return o.chunks[c].s[k]
}

// place is a place among offers: before offer i, the k-th of chunk c.
type place struct{ i, c, k int }

// walk is a place among FindIn's offers that moves forward.
type walk struct {
	place
	chunks []chunk
}

// offer is the offer there; words the words it takes (i < Len).
func (w *walk) offer() *Suggestion { return &w.chunks[w.c].s[w.k] }
func (w *walk) words() wordSpan    { return w.chunks[w.c].at[w.k] }

// before is the words the offer before takes (i > 0).
func (w *walk) before() wordSpan {
	if w.k > 0 {
		return w.chunks[w.c].at[w.k-1]
	}
	at := w.chunks[w.c-1].at
	return at[len(at)-1]
}

// next moves past the offer.
func (w *walk) next() {
	w.i++
	if w.k++; w.k == len(w.chunks[w.c].s) {
		w.c, w.k = w.c+1, 0
	}
}

// to moves on to the first offer from here whose words start at word a or
// past it, and says which it is: a step a chunk up to its chunk, a binary
// search in it.
func (w *walk) to(a int) int {
	for ; w.c < len(w.chunks); w.c, w.k = w.c+1, 0 {
		at := w.chunks[w.c].at
		if int(at[len(at)-1].k0) >= a {
			k, _ := slices.BinarySearchFunc(at[w.k:], a, func(x wordSpan, a int) int { return cmp.Compare(int(x.k0), a) })
			w.i, w.k = w.i+k, w.k+k
			break
		}
		w.i += len(at) - w.k
	}
	return w.i
}

// All is the offers in order.
func (o Offers) All() iter.Seq[Suggestion] {
	return func(yield func(Suggestion) bool) {
		for _, c := range o.chunks {
			for _, s := range c.s {
				if !yield(s) {
					return
				}
			}
		}
	}
}

// Slice is the offers in one slice of their own (nil when none).
func (o Offers) Slice() []Suggestion {
	if o.Len() == 0 {
		return nil
	}
	out := make([]Suggestion, 0, o.Len())
	for _, c := range o.chunks {
		out = append(out, c.s...)
	}
	return out
}

// Same reports whether o and p are one list, made once (what FindIn
// gives when it found nothing new), without looking at the offers.
func (o Offers) Same(p Offers) bool {
	return len(o.chunks) == len(p.chunks) && (len(o.chunks) == 0 || &o.chunks[0] == &p.chunks[0])
}

// Equal reports whether o and p hold the same offers in the same order.
func (o Offers) Equal(p Offers) bool {
	if o.Len() != p.Len() {
		return false
	}
	a, b := o.cursor(0, o.Len()), p.cursor(0, p.Len())
	for s := a.peek(); s != nil; s = a.peek() {
		if *s != *b.peek() {
			return false
		}
		a.next()
		b.next()
	}
	return true
}

// MaxLen is the greatest End−Start of the offers, for FilterAgain.
func (o Offers) MaxLen() int {
	m := 0
	for _, c := range o.chunks {
		for _, s := range c.s {
			m = max(m, s.End-s.Start)
		}
	}
	return m
}

// search is the first offer whose Start is at or past start, of offers in
// text order.
func (o Offers) search(start int) int {
	c, _ := slices.BinarySearchFunc(o.chunks, start, func(ch chunk, start int) int {
		if ch.s[len(ch.s)-1].Start < start {
			return -1
		}
		return 1
	})
	if c == len(o.chunks) {
		return o.Len()
	}
	k, _ := slices.BinarySearchFunc(o.chunks[c].s, start, func(s Suggestion, start int) int {
		if s.Start < start {
			return -1
		}
		return 1
	})
	if c > 0 {
		k += o.ends[c-1]
	}
	return k
}

// inOrder reports whether the offers are in text order.
func (o Offers) inOrder() bool {
	if o.sorted {
		return true
	}
	cu := o.cursor(0, o.Len())
	for prev := cu.peek(); prev != nil; {
		cu.next()
		s := cu.peek()
		if s == nil {
			break
		}
		if textOrder(*s, *prev) < 0 {
			return false
		}
		prev = s
	}
	return true
}

// cursor walks offers up to end, in order.
type cursor struct {
	walk
	end int
}

// cursor is a cursor over offers from to to.
func (o Offers) cursor(from, to int) cursor {
	c, k := o.locate(from)
	return cursor{walk{place{from, c, k}, o.chunks}, to}
}

// peek is the next offer, nil at the end.
func (cu *cursor) peek() *Suggestion {
	if cu.i >= cu.end {
		return nil
	}
	return cu.offer()
}

// region is FindIn's offers from to to (exclusive), found again: s, which
// take the words at.
type region struct {
	from, to int
	s        []Suggestion
	at       []wordSpan
}

// replace is o with the offers of each region of rs (in order, apart)
// replaced by what was found there again. The chunks no region touches
// are shared with o; those touched are copied, with their neighbour when
// they would be left smaller than minChunk.
func (o Offers) replace(rs []region) Offers {
	out := Offers{sorted: o.sorted, chunks: make([]chunk, 0, len(o.chunks)+2), ends: make([]int, 0, len(o.chunks)+2)}
	n := o.Len()
	if n == 0 {
		var s []Suggestion
		var at []wordSpan
		for _, r := range rs {
			s, at = append(s, r.s...), append(at, r.at...)
		}
		out.appendCut(s, at)
		return out
	}
	start := func(c int) int {
		if c == 0 {
			return 0
		}
		return o.ends[c-1]
	}
	// The chunks a region touches: those holding its offers, or the one
	// it is put into when it held none.
	first := func(r region) int { c, _ := o.locate(min(r.from, n-1)); return c }
	last := func(r region) int { c, _ := o.locate(min(max(r.to-1, r.from), n-1)); return c }
	next := 0 // the first chunk of o not yet in out
	for ri := 0; ri < len(rs); {
		c0, c1, rj := first(rs[ri]), last(rs[ri]), ri+1
		size := 0
		for {
			for rj < len(rs) && first(rs[rj]) <= c1 {
				c1 = max(c1, last(rs[rj]))
				rj++
			}
			size = o.ends[c1] - start(c0)
			for _, r := range rs[ri:rj] {
				size += len(r.s) - (r.to - r.from)
			}
			if size >= minChunk || c1+1 == len(o.chunks) {
				break
			}
			c1++
		}
		for _, c := range o.chunks[next:c0] {
			out.chunks, out.ends = append(out.chunks, c), append(out.ends, out.Len()+len(c.s))
		}
		s, at := make([]Suggestion, 0, size), make([]wordSpan, 0, size)
		pos := start(c0)
		for _, r := range rs[ri:rj] {
			s, at = o.appendRange(s, at, pos, r.from)
			s, at = append(s, r.s...), append(at, r.at...)
			pos = r.to
		}
		s, at = o.appendRange(s, at, pos, o.ends[c1])
		out.appendCut(s, at)
		next, ri = c1+1, rj
	}
	for _, c := range o.chunks[next:] {
		out.chunks, out.ends = append(out.chunks, c), append(out.ends, out.Len()+len(c.s))
	}
	return out
}

// appendRange appends offers x to y of o, and the words they take, to s
// and at.
func (o Offers) appendRange(s []Suggestion, at []wordSpan, x, y int) ([]Suggestion, []wordSpan) {
	for x < y {
		c, k := o.locate(x)
		e := min(len(o.chunks[c].s), k+y-x)
		s, at = append(s, o.chunks[c].s[k:e]...), append(at, o.chunks[c].at[k:e]...)
		x += e - k
	}
	return s, at
}
