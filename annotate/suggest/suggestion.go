package suggest

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/figures"
	"github.com/skein-news/skein/annotate/search"
)

// Suggestion is a span offered to the annotator, drawn apart from real
// spans, that enters their layer only when accepted.
type Suggestion struct {
	Doc        string
	Start, End int // code points, end exclusive
	Label      string
	// Source is where it comes from: SourceLabels, SourceFigures or
	// ModelSource(NAME).
	Source string
	// Score is a model's confidence in [0, 1], or NoScore.
	Score float64
}

// NoScore is the Score of a suggestion that has none.
const NoScore = -1

// The sources of suggestions besides models.
const (
	SourceLabels  = "labels"  // other occurrences of strings already labelled
	SourceFigures = "figures" // numbers with their qualifiers, as figure
)

// modelPrefix starts the Source of a model's suggestions.
const modelPrefix = "model:"

// ModelSource is the Source of the suggestions imported as from model name.
func ModelSource(name string) string { return modelPrefix + name }

// ModelName is the model a Source names, or "" when it names none.
func ModelName(source string) string {
	if n, ok := strings.CutPrefix(source, modelPrefix); ok {
		return n
	}
	return ""
}

// SourceTitle is a source as the window names it.
func SourceTitle(source string) string {
	switch source {
	case SourceLabels:
		return "Your labels"
	case SourceFigures:
		return "Figures"
	}
	if n := ModelName(source); n != "" {
		return "Model " + n
	}
	return source
}

// Same reports whether a and b offer the same label at the same place, as a
// rejection remembers it (the source does not matter: a rejected place is
// not offered again by any source).
func (s Suggestion) Same(o Suggestion) bool {
	return s.Doc == o.Doc && s.Start == o.Start && s.End == o.End && s.Label == o.Label
}

// String names a suggestion for a person: `figure "some 2,300" (Figures)`.
func (s Suggestion) String() string {
	out := s.Label + " (" + SourceTitle(s.Source)
	if s.Score != NoScore {
		out += fmt.Sprintf(", %.0f%%", 100*s.Score)
	}
	return out + ")"
}

// Figures are the figures of text, as the Figures reader finds them, offered
// as figure.
func Figures(doc, text string) []Suggestion {
	var out []Suggestion
	for _, m := range figures.Find(text) {
		out = append(out, Suggestion{Doc: doc, Start: m.Start, End: m.End, Label: annotate.Figure, Source: SourceFigures, Score: NoScore})
	}
	return out
}

func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }

// wordEnd is the end of the run of word runes starting at byte i of s.
func wordEnd(s string, i int) int {
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isWord(r) {
			break
		}
		i += n
	}
	return i
}

// Filter returns sugs without what is not worth offering: a place a span of
// the same label in the user's layer overlaps already (the string labelled
// there, or a figure labelled), a place rejected (Same as one in
// rejected), and a second offer of the same label at the same place (the
// first source in sugs wins). The rest is sorted in text order.
func Filter(sugs []Suggestion, own []*annotate.Span, rejected []Suggestion) []Suggestion {
	out, _ := FilterFirst([]Offers{OffersOf(sugs)}, own, rejected, -1)
	return out
}

// FilterFirst is Filter of the lists one after the other (an earlier list
// wins a place offered twice), keeping the first limit offers in text order
// (all when limit < 0); n is how many pass in all. A list already in text
// order, as Find and Figures give them, is merged as it is, not sorted, so
// tens of thousands of offers take a pass and a binary search each.
func FilterFirst(lists []Offers, own []*annotate.Span, rejected []Suggestion, limit int) (out []Suggestion, n int) {
	fl := newFilter(own, rejected)
	lists = inTextOrder(lists)
	total := 0
	for _, l := range lists {
		total += l.Len()
	}
	if limit < 0 || limit > total {
		limit = total
	}
	out = make([]Suggestion, 0, limit)
	fl.pass(lists, math.MinInt, math.MaxInt, func(s Suggestion) bool {
		if n++; len(out) < limit {
			out = append(out, s)
		}
		return true
	})
	return out, n
}

// Range is the offers whose Start lies in [Lo, Hi).
type Range struct{ Lo, Hi int }

// FilterAgain is FilterFirst(after, own, rejected, limit) found from what
// FilterFirst(before, ownBefore, rejected, limit) gave — n, how many passed
// — without a pass over every offer: only the offers whose fate the change
// can have changed are filtered again, those of before and after in the
// ranges changed and those a span that differs between ownBefore and own
// may overlap, and the first limit again from the start. It needs lists
// before and after (in the same order) that hold the same offers, in the
// same order, but for those whose Start lies in a range of changed, each
// list in text order (as FindIn and Index.Figures give them: a pass to
// check costs as much as the rest), and maxLen at least the End−Start of
// every offer of either; limit ≥ 0.
func FilterAgain(before, after []Offers, ownBefore, own []*annotate.Span, rejected []Suggestion, limit, n int, changed []Range, maxLen int) (out []Suggestion, m int) {
	// Where the spans that differ lie: an offer overlapping a fragment
	// [a, b) starts in (a-maxLen, b).
	rs := slices.Clone(changed)
	i, j, k := 0, len(ownBefore), len(own)
	for i < j && i < k && sameSpan(ownBefore[i], own[i]) {
		i++
	}
	for j > i && k > i && sameSpan(ownBefore[j-1], own[k-1]) {
		j, k = j-1, k-1
	}
	for _, sps := range [][]*annotate.Span{ownBefore[i:j], own[i:k]} {
		for _, sp := range sps {
			for _, f := range sp.Fragments {
				rs = append(rs, Range{f.Start - maxLen, f.End})
			}
		}
	}
	rs = mergeRanges(rs)
	m = n
	if len(rs) > 0 {
		// The spans that may overlap an offer starting in rs.
		near := func(own []*annotate.Span) []*annotate.Span {
			var out []*annotate.Span
			first, last := rs[0].Lo, rs[len(rs)-1].Hi+maxLen
			for _, sp := range own {
				for _, f := range sp.Fragments {
					if f.End <= first || f.Start >= last {
						continue // before every range, or past every offer in one
					}
					r, _ := slices.BinarySearchFunc(rs, f.Start, func(r Range, s int) int { return cmp.Compare(r.Lo, s+1) })
					// Among the ranges starting at or before f.Start, the
					// last; or the first after it, up to f.End.
					if r > 0 && f.Start < rs[r-1].Hi+maxLen || r < len(rs) && rs[r].Lo < f.End {
						out = append(out, sp)
						break
					}
				}
			}
			return out
		}
		count := func(lists []Offers, fl *filter) int {
			c := 0
			for _, r := range rs {
				fl.pass(lists, r.Lo, r.Hi, func(Suggestion) bool { c++; return true })
			}
			return c
		}
		m += count(after, newFilter(near(own), rejected)) - count(before, newFilter(near(ownBefore), rejected))
	}
	return firstPassing(after, own, rejected, limit, m, maxLen), m
}

// firstPassing is the first limit offers of lists (each in text order)
// that pass own and rejected, of m that pass in all; maxLen is at least the
// End−Start of every offer. The first limit lie near the start of a long
// article, so only the user's spans near there are filtered against, not
// all of them (a filter of 5,000 spans sorted by label for every label key
// was most of FilterAgain's time): the offers starting before hi are
// filtered against the spans with a fragment starting before hi+maxLen,
// those that may overlap one, and hi is moved on, further each time, while
// fewer than limit passed before it.
func firstPassing(lists []Offers, own []*annotate.Span, rejected []Suggestion, limit, m, maxLen int) []Suggestion {
	out := make([]Suggestion, 0, min(limit, max(m, 0)))
	if limit <= 0 {
		return out
	}
	lo, reach := math.MinInt, 2*limit // reach: offers of a list before hi
	var sps []*annotate.Span
	for lo < math.MaxInt {
		// Past the first reach offers of the list that reaches furthest
		// with them; the end when no list holds that many.
		hi := math.MinInt
		for _, l := range lists {
			if reach < l.Len() {
				hi = max(hi, l.At(reach).Start)
			}
		}
		var fl *filter
		if hi > math.MinInt && hi < math.MaxInt-maxLen {
			sps = sps[:0]
			for _, sp := range own {
				if slices.ContainsFunc(sp.Fragments, func(f annotate.Fragment) bool { return f.Start < hi+maxLen }) {
					sps = append(sps, sp)
				}
			}
			fl = newFilter(sps, rejected)
		} else {
			hi, fl = math.MaxInt, newFilter(own, rejected)
		}
		fl.pass(lists, lo, hi, func(s Suggestion) bool {
			out = append(out, s)
			return len(out) < limit
		})
		if len(out) == limit {
			break
		}
		lo, reach = hi, 4*reach
	}
	return out
}

// sameSpan reports whether a and b filter the same: one label, the same
// fragments.
func sameSpan(a, b *annotate.Span) bool {
	return a == b || a.Label == b.Label && slices.Equal(a.Fragments, b.Fragments)
}

// mergeRanges sorts rs and joins those that overlap or touch.
func mergeRanges(rs []Range) []Range {
	rs = slices.DeleteFunc(rs, func(r Range) bool { return r.Lo >= r.Hi })
	slices.SortFunc(rs, func(a, b Range) int { return cmp.Compare(a.Lo, b.Lo) })
	out := rs[:0]
	for _, r := range rs {
		if len(out) > 0 && r.Lo <= out[len(out)-1].Hi {
			out[len(out)-1].Hi = max(out[len(out)-1].Hi, r.Hi)
			continue
		}
		out = append(out, r)
	}
	return out
}

// MaxLen is the greatest End−Start of sugs, for FilterAgain.
func MaxLen(sugs []Suggestion) int { return OffersOf(sugs).MaxLen() }

func textOrder(a, b Suggestion) int {
	return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End))
}

// inTextOrder is lists, each in text order: a copy of those that were not.
func inTextOrder(lists []Offers) []Offers {
	lists = slices.Clone(lists)
	for i, l := range lists {
		if !l.inOrder() {
			s := l.Slice()
			slices.SortStableFunc(s, textOrder)
			lists[i] = OffersOf(s)
		}
	}
	return lists
}

// filter is what offers are filtered against: the user's spans by label,
// and the rejected in text order.
type filter struct {
	labelled map[string]*intervals
	rej      []Suggestion
}

func newFilter(own []*annotate.Span, rejected []Suggestion) *filter {
	fl := &filter{labelled: map[string]*intervals{}, rej: slices.Clone(rejected)}
	for _, sp := range own {
		iv := fl.labelled[sp.Label]
		if iv == nil {
			iv = &intervals{}
			fl.labelled[sp.Label] = iv
		}
		iv.frags = append(iv.frags, sp.Fragments...)
	}
	for _, iv := range fl.labelled {
		iv.sort()
	}
	slices.SortFunc(fl.rej, textOrder)
	return fl
}

// pass walks the offers of lists (each in text order) whose Start lies in
// [lo, hi), in text order (an earlier list first at one place), and calls
// keep with each that passes, until keep returns false. Whether an offer
// passes depends on its place and label, the spans overlapping it and the
// offers before it at its place only, so a pass over a range finds there
// what a pass over all does.
func (fl *filter) pass(lists []Offers, lo, hi int, keep func(Suggestion) bool) {
	byStart := func(s Suggestion, at int) int { return cmp.Compare(s.Start, at) }
	heads := make([]cursor, len(lists))
	for i, l := range lists {
		heads[i] = l.cursor(l.search(lo), l.search(hi))
	}
	rej := fl.rej
	ri, _ := slices.BinarySearchFunc(rej, lo, byStart)
	type place struct{ start, end int }
	var (
		run       place    // the place of the offers last kept
		runLabels []string // the labels kept there
		label     string   // the label of iv
		iv        *intervals
		haveIV    bool
	)
	first := true
	for {
		// The next offer in text order; the earlier list first.
		next, best := -1, (*Suggestion)(nil)
		for i := range heads {
			if h := heads[i].peek(); h != nil && (next < 0 || textOrder(*h, *best) < 0) {
				next, best = i, h
			}
		}
		if next < 0 {
			return
		}
		s := *best
		heads[next].next()
		if s.Start >= s.End {
			continue
		}
		for ri < len(rej) && textOrder(rej[ri], s) < 0 {
			ri++
		}
		if rejectedAt(rej[ri:], s) {
			continue
		}
		if first || s.Start != run.start || s.End != run.end {
			run, runLabels, first = place{start: s.Start, end: s.End}, runLabels[:0], false
		} else if slices.Contains(runLabels, s.Label) {
			continue
		}
		if s.Label != label || !haveIV {
			label, iv, haveIV = s.Label, fl.labelled[s.Label], true
		}
		if iv != nil && iv.overlaps(s.Start, s.End) {
			continue
		}
		runLabels = append(runLabels, s.Label)
		if !keep(s) {
			return
		}
	}
}

// rejectedAt reports whether rej, from the first at s's place on, rejects
// s's label there.
func rejectedAt(rej []Suggestion, s Suggestion) bool {
	for _, r := range rej {
		if r.Start != s.Start || r.End != s.End {
			return false
		}
		if r.Label == s.Label {
			return true
		}
	}
	return false
}

// intervals are fragments sorted by start, with the greatest end up to
// each, to tell in O(log n) whether any overlaps a range — in O(1) when
// the ranges asked come in text order, as a pass asks them: at is where
// the last search ended, and the next one starts from there.
type intervals struct {
	frags  []annotate.Fragment
	maxEnd []int
	at     int // how many fragments start before the end last asked
	looks  int // the fragments' starts looked at, for the benchmarks
}

func (iv *intervals) sort() {
	slices.SortFunc(iv.frags, func(a, b annotate.Fragment) int { return cmp.Compare(a.Start, b.Start) })
	iv.maxEnd = make([]int, len(iv.frags))
	m := 0
	for i, f := range iv.frags {
		m = max(m, f.End)
		iv.maxEnd[i] = m
	}
}

// overlaps reports whether a fragment overlaps [s, e): among those starting
// before e, one ends after s.
func (iv *intervals) overlaps(s, e int) bool {
	iv.at = iv.startingBefore(e)
	n := iv.at
	return n > 0 && iv.maxEnd[n-1] > s
}

// near is how many fragments from the last search a search steps over one
// by one before it halves instead.
const near = 4

// startingBefore is how many fragments start before e, found from at: a
// few steps either way, then a binary search of the rest on that side.
func (iv *intervals) startingBefore(e int) int {
	fr, n := iv.frags, iv.at
	byStart := func(f annotate.Fragment, e int) int { iv.looks++; return cmp.Compare(f.Start, e) }
	if n > len(fr) {
		n = len(fr)
	}
	iv.looks++
	if n < len(fr) && fr[n].Start < e { // forward
		for k := 0; k < near; k++ {
			iv.looks++
			if n++; n == len(fr) || fr[n].Start >= e {
				return n
			}
		}
		m, _ := slices.BinarySearchFunc(fr[n:], e, byStart)
		return n + m
	}
	for k := 0; k < near; k++ { // backward
		iv.looks++
		if n == 0 || fr[n-1].Start < e {
			return n
		}
		n--
	}
	m, _ := slices.BinarySearchFunc(fr[:n], e, byStart)
	return m
}

// Accept returns the one change that makes sugs ordinary spans in user's
// layer, each of label (its own when label is ""), exactly where it was
// offered (a suggestion lies on whole words already: a drag's snapping
// would widen "Kakar" in "Kakar’s" to the whole word); a place a span of
// that label in user's layer holds already is skipped. The change is nil
// when there is nothing to add.
func Accept(src search.Layers, user, label string, sugs []Suggestion) (*annotate.Change, error) {
	c := &annotate.Change{ID: annotate.NewID(), User: user, At: annotate.NowMillis()}
	own := map[string][]*annotate.Span{}
	for _, s := range sugs {
		l := cmp.Or(label, s.Label)
		spans, ok := own[s.Doc]
		if !ok {
			var err error
			if spans, err = src.LayerSpans(s.Doc, user); err != nil {
				return nil, err
			}
		}
		if holds(spans, l, s.Start, s.End) {
			continue
		}
		sp := &annotate.Span{ID: annotate.NewID(), Doc: s.Doc, Label: l, Annotator: user,
			Fragments: []annotate.Fragment{{Start: s.Start, End: s.End}}, Created: c.At}
		own[s.Doc] = append(spans, sp)
		c.Spans = append(c.Spans, annotate.SpanEdit{After: sp})
		if c.Doc == "" {
			c.Doc = s.Doc
		}
	}
	if len(c.Spans) == 0 {
		return nil, nil
	}
	c.Desc = "accept " + annotate.Count(len(c.Spans), "suggestion")
	return c, nil
}

// holds reports whether a span labelled label has a fragment holding all of
// [s, e).
func holds(spans []*annotate.Span, label string, s, e int) bool {
	for _, sp := range spans {
		if sp.Label != label {
			continue
		}
		for _, f := range sp.Fragments {
			if f.Start <= s && e <= f.End {
				return true
			}
		}
	}
	return false
}
