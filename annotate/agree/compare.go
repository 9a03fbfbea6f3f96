package agree

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"sort"

	"github.com/skein-news/skein/annotate"
)

// Kind says how the annotators' spans at one place of an article relate.
type Kind int

// The kinds of Item, from agreement to a span only one side has.
const (
	// Agreement: every annotator has a span with the same fragments and label.
	Agreement Kind = iota
	// LabelConflict: same fragments, different labels.
	LabelConflict
	// BoundaryConflict: overlapping spans with the same label and different
	// fragments.
	BoundaryConflict
	// Conflict: overlapping spans differing in both label and fragments.
	Conflict
	// OneSided: some annotator has no span here — none overlaps, or each one
	// that does is paired more closely elsewhere.
	OneSided
)

var kindNames = []string{"agreement", "label conflict", "boundary conflict", "conflict", "one-sided"}

// String names the kind as the review window shows it.
func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Item is one place where annotators' spans meet: at most one span per
// annotator, overlapping one another (transitively). Start and End are the
// outer bounds of its spans.
type Item struct {
	Kind       Kind
	Start, End int
	// Spans maps an annotator to their span here; an annotator without one
	// is absent.
	Spans map[string]*annotate.Span
}

// Compare lines up the layers of the named annotators on one article and
// returns the items in text order (by start, longer first). Every span of
// those layers is in exactly one item; layers of other annotators are
// ignored.
//
// Spans of different annotators that overlap join the same item, the
// closest pairs first: same fragments and label, then same fragments, then
// same label, then any overlap, and within each tier the larger overlap
// first (ties in text order). Two items merge only if no annotator has a
// span in both, so an item holds one span per annotator; a span left
// without a partner that way stands in an item of its own, OneSided.
func Compare(layers map[string][]*annotate.Span, annotators []string) []Item {
	var names []string
	for _, n := range annotators {
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	type entry struct {
		s          *annotate.Span
		a          int
		start, end int
	}
	total := 0
	for _, n := range names {
		total += len(layers[n])
	}
	es := make([]entry, 0, total)
	for a, n := range names {
		for _, s := range layers[n] {
			if s != nil && len(s.Fragments) > 0 {
				es = append(es, entry{s, a, s.Start(), s.End()})
			}
		}
	}
	// annotate.SpanLess order, then annotator: a total order.
	slices.SortFunc(es, func(x, y entry) int {
		switch {
		case x.start != y.start:
			return cmp.Compare(x.start, y.start)
		case x.end != y.end:
			return cmp.Compare(y.end, x.end)
		case x.s.Label != y.s.Label:
			return cmp.Compare(x.s.Label, y.s.Label)
		case x.s.ID != y.s.ID:
			return cmp.Compare(x.s.ID, y.s.ID)
		}
		return cmp.Compare(x.a, y.a)
	})

	// Candidate pairs: overlapping spans of different annotators, found by a
	// sweep in start order over the spans still open.
	type cand struct {
		i, j, tier, overlap int
	}
	cands := make([]cand, 0, 2*len(es))
	var open []int
	for j, e := range es {
		kept := open[:0]
		for _, i := range open {
			if es[i].end > e.start {
				kept = append(kept, i)
			}
		}
		open = kept
		for _, i := range open {
			x := es[i]
			if x.a == e.a || !overlaps(x.s, e.s) {
				continue
			}
			tier := 0
			if sameFragments(x.s, e.s) {
				tier = 2
			}
			if x.s.Label == e.s.Label {
				tier++
			}
			cands = append(cands, cand{i, j, tier, overlapLen(x.s, e.s)})
		}
		open = append(open, j)
	}
	slices.SortFunc(cands, func(x, y cand) int {
		return cmp.Or(cmp.Compare(y.tier, x.tier), cmp.Compare(y.overlap, x.overlap), cmp.Compare(x.i, y.i), cmp.Compare(x.j, y.j))
	})

	// Union the pairs whose items have no annotator in common.
	parent := make([]int, len(es))
	who := make([]annotatorSet, len(es))
	for i, e := range es {
		parent[i] = i
		who[i] = newAnnotatorSet(len(names)).with(e.a)
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for _, c := range cands {
		ri, rj := find(c.i), find(c.j)
		if ri == rj || who[ri].meets(who[rj]) {
			continue
		}
		if rj < ri {
			ri, rj = rj, ri
		}
		parent[rj] = ri
		who[ri].add(who[rj])
	}

	// Items, keyed by their root: the root is the item's first span in text
	// order, so ordering by root is text order.
	at := make([]int, len(es)) // root → item index + 1
	var items []Item
	for i, e := range es {
		r := find(i)
		k := at[r] - 1
		if k < 0 {
			k = len(items)
			at[r] = k + 1
			items = append(items, Item{Start: e.s.Start(), End: e.s.End(), Spans: map[string]*annotate.Span{}})
		}
		it := &items[k]
		it.Spans[names[e.a]] = e.s
		it.Start, it.End = min(it.Start, e.s.Start()), max(it.End, e.s.End())
	}
	for i := range items {
		items[i].Kind = kindOf(items[i].Spans, len(names))
	}
	slices.SortStableFunc(items, func(x, y Item) int {
		return cmp.Or(cmp.Compare(x.Start, y.Start), cmp.Compare(y.End, x.End))
	})
	return items
}

func kindOf(spans map[string]*annotate.Span, annotators int) Kind {
	if len(spans) < annotators {
		return OneSided
	}
	var ref *annotate.Span
	frags, label := true, true
	for _, s := range spans {
		if ref == nil {
			ref = s
			continue
		}
		frags = frags && sameFragments(ref, s)
		label = label && ref.Label == s.Label
	}
	switch {
	case frags && label:
		return Agreement
	case frags:
		return LabelConflict
	case label:
		return BoundaryConflict
	}
	return Conflict
}

// annotatorSet is a set of annotator indices.
type annotatorSet []uint64

func newAnnotatorSet(n int) annotatorSet { return make(annotatorSet, (n+63)/64) }

func (s annotatorSet) with(a int) annotatorSet {
	s[a/64] |= 1 << (a % 64)
	return s
}

func (s annotatorSet) meets(t annotatorSet) bool {
	for i := range s {
		if s[i]&t[i] != 0 {
			return true
		}
	}
	return false
}

func (s annotatorSet) add(t annotatorSet) {
	for i := range s {
		s[i] |= t[i]
	}
}

// Agreed returns the Agreement items.
func Agreed(items []Item) []Item {
	var out []Item
	for _, it := range items {
		if it.Kind == Agreement {
			out = append(out, it)
		}
	}
	return out
}

// Curate settles what the annotators agree on. For every Agreement item
// whose fragments and label the curated layer does not hold yet, it returns
// a new span for that layer (a new ID, annotator annotate.CuratedLayer,
// notes, attributes and norms kept only where all the agreeing spans carry
// the same) and, for each agreeing span, an annotate.VerdictAccept Decision by curator
// naming the new span. remaining counts the other items still open: an item
// is settled once the curated layer (with the new spans) holds a span with
// the same fragments as one of its spans, or once every one of its spans is
// in rejected (span IDs a Decision rejected).
func Curate(docID string, items []Item, curated []*annotate.Span, curator string, rejected map[string]bool) (add []*annotate.Span, accepted []*annotate.Decision, remaining int) {
	placed := map[string]bool{}   // fragments
	labelled := map[string]bool{} // fragments and label
	for _, s := range curated {
		k := fragmentKey("", s.Fragments)
		placed[k] = true
		labelled[k+"\x00"+s.Label] = true
	}
	now := annotate.NowMillis()
	for _, it := range items {
		if it.Kind != Agreement || len(it.Spans) == 0 {
			continue
		}
		spans := sortedSpans(it.Spans)
		ref := spans[0]
		k := fragmentKey("", ref.Fragments)
		if labelled[k+"\x00"+ref.Label] {
			continue
		}
		s := &annotate.Span{
			ID:        annotate.NewID(),
			Doc:       docID,
			Fragments: append([]annotate.Fragment(nil), ref.Fragments...),
			Label:     ref.Label,
			Annotator: annotate.CuratedLayer,
			Created:   now,
		}
		c := ref.Clone()
		if allSame(spans, func(x *annotate.Span) any { return x.Note }) {
			s.Note = c.Note
		}
		if allSame(spans, func(x *annotate.Span) any { return x.Attrs }) {
			s.Attrs = c.Attrs
		}
		if allSame(spans, func(x *annotate.Span) any { return x.Norms }) && len(c.Norms) > 0 {
			s.Norms = c.Norms
		}
		placed[k] = true
		labelled[k+"\x00"+ref.Label] = true
		add = append(add, s)
		for _, src := range spans {
			accepted = append(accepted, &annotate.Decision{
				Doc: docID, Span: src.ID, Reviewer: curator, Verdict: annotate.VerdictAccept, Curated: s.ID, At: now,
			})
		}
	}
	for _, it := range items {
		if it.Kind == Agreement {
			continue
		}
		settled, allRejected := false, len(it.Spans) > 0
		for _, s := range it.Spans {
			settled = settled || placed[fragmentKey("", s.Fragments)]
			allRejected = allRejected && rejected[s.ID]
		}
		if !settled && !allRejected {
			remaining++
		}
	}
	return add, accepted, remaining
}

// Sorted returns the item's spans in annotator-name order, so that which
// one Curate copies, or a reviewer's key 1–9 picks, never depends on map order.
func (it Item) Sorted() []*annotate.Span { return sortedSpans(it.Spans) }

func sortedSpans(m map[string]*annotate.Span) []*annotate.Span {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]*annotate.Span, len(names))
	for i, n := range names {
		out[i] = m[n]
	}
	return out
}

func allSame(spans []*annotate.Span, field func(*annotate.Span) any) bool {
	for _, s := range spans[1:] {
		if !reflect.DeepEqual(field(spans[0]), field(s)) {
			return false
		}
	}
	return true
}
