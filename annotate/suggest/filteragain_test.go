package suggest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// TestFilterAgainIsFilterFirst: through hundreds of random edits to an
// article whose words are nearly all offered — strings labelled and taken
// back (a label key, an undo: FindChanged's changes), the user's spans put
// in, taken out and relabelled, some of two fragments — what FilterAgain
// finds from the last result is just what FilterFirst over everything
// gives: the same first offers, the same count; and FindChanged's offers
// differ from the last ones only where its changes say, and leave those it
// gave before as they were.
func TestFilterAgainIsFilterFirst(t *testing.T) {
	vocab := strings.Fields("the border talks in Kabul resumed after Taliban envoys said Pakistan closed crossings at Torkham and Chaman on Monday")
	r := rand.New(rand.NewPCG(7, 8))
	text := randomArticle(3000, func() string { return vocab[r.IntN(len(vocab))] })
	tx := annotate.NewText(text)
	toks := annotate.Tokens(tx)
	labels := []string{"actor", "claim", "place"}
	newSpan := func(id string) *annotate.Span {
		i := r.IntN(len(toks) - 3)
		sp := &annotate.Span{ID: id, Doc: "d", Label: labels[r.IntN(len(labels))],
			Fragments: []annotate.Fragment{{Start: toks[i].Start, End: toks[i+r.IntN(3)].End}}}
		if r.IntN(8) == 0 {
			j := r.IntN(len(toks))
			sp.Fragments = append(sp.Fragments, annotate.Fragment{Start: toks[j].Start, End: toks[j].End})
		}
		return sp
	}
	p := NewPhrases()
	// Most words labelled somewhere else, so nearly every word is offered.
	for _, w := range vocab[:len(vocab)-4] {
		p.Add(w, labels[r.IntN(len(labels))])
	}
	ix := NewIndex("d", text)
	labelled := []*annotate.Span{} // the article's spans learned
	var own []*annotate.Span
	for i := range 60 {
		own = append(own, newSpan(fmt.Sprint("own", i)))
	}
	sortSpans := func(s []*annotate.Span) {
		slices.SortFunc(s, func(a, b *annotate.Span) int { return boolCmp(annotate.SpanLess(a, b), annotate.SpanLess(b, a)) })
	}
	sortSpans(own)
	// Models and figures, some at the places of the
	// labels' offers; rejections at some offers.
	var models, figs, rejected []Suggestion
	for range 200 {
		tk := toks[r.IntN(len(toks)-2)]
		models = append(models, Suggestion{Doc: "d", Start: tk.Start, End: tk.End, Label: labels[r.IntN(3)], Source: ModelSource("m"), Score: 0.5})
	}
	for i := 0; i+1 < len(toks); i += 40 {
		figs = append(figs, Suggestion{Doc: "d", Start: toks[i].Start, End: toks[i+1].End, Label: annotate.Figure, Source: SourceFigures, Score: NoScore})
	}
	slices.SortStableFunc(models, textOrder)
	found := p.FindIn(ix)
	for i := 0; i < found.Len(); i += 97 {
		f := found.At(i)
		rejected = append(rejected, Suggestion{Doc: "d", Start: f.Start, End: f.End, Label: f.Label})
	}
	lists := func(found Offers) []Offers { return []Offers{found, OffersOf(models), OffersOf(figs)} }
	limit := 50
	shown, n := FilterFirst(lists(found), own, rejected, limit)
	maxLen := max(found.MaxLen(), MaxLen(models), MaxLen(figs))
	next, incremental := 0, 0
	for step := range 400 {
		var what string
		ownBefore := own
		// The strings learned: a span labelled, one taken back.
		if k := r.IntN(3); k == 0 || len(labelled) == 0 {
			next++
			sp := newSpan(fmt.Sprint("l", next))
			labelled = append(labelled, sp)
			p.Edit("d", tx, nil, []*annotate.Span{sp})
			what += " learn"
		} else if k == 1 {
			i := r.IntN(len(labelled))
			p.Edit("d", tx, []*annotate.Span{labelled[i]}, nil)
			labelled = slices.Delete(labelled, i, i+1)
			what += " unlearn"
		}
		// The user's spans.
		if r.IntN(2) == 0 {
			own = slices.Clone(own)
			switch i := r.IntN(len(own)); r.IntN(3) {
			case 0:
				next++
				sp := newSpan(fmt.Sprint("own-new", next))
				// Often inside an offer of several words, of its label:
				// the offer, starting before the span, is no longer offered.
				if f := found.At(r.IntN(found.Len())); r.IntN(2) == 0 && f.End-f.Start > 12 {
					sp.Label = f.Label
					sp.Fragments = []annotate.Fragment{{Start: f.End - 3, End: f.End + 4}}
					what += " inside"
				}
				own = append(own, sp)
				sortSpans(own)
				what += " own+"
			case 1:
				own = slices.Delete(own, i, i+1)
				what += " own-"
			default:
				c := *own[i]
				c.Label = labels[r.IntN(len(labels))]
				own[i] = &c
				what += " relabel"
			}
		}
		if r.IntN(10) == 0 {
			limit = []int{0, 1, 50, 1000, 100000}[r.IntN(5)]
			shown, n = FilterFirst(lists(found), ownBefore, rejected, limit)
		}
		before, kept := found, found.Slice()
		var ch Changes
		found, ch = p.FindChanged(ix)
		if !slices.Equal(before.Slice(), kept) {
			t.Fatalf("step %d (%s): FindChanged changed the findings it gave before", step, what)
		}
		if !ch.All {
			// The offers outside ch.Starts are those before.
			in := func(s Suggestion) bool {
				return slices.ContainsFunc(ch.Starts, func(r Range) bool { return r.Lo <= s.Start && s.Start < r.Hi })
			}
			a := slices.DeleteFunc(before.Slice(), in)
			b := slices.DeleteFunc(found.Slice(), in)
			if !slices.Equal(a, b) {
				t.Fatalf("step %d (%s): the offers outside the changes %v differ", step, what, ch.Starts)
			}
			for s := range found.All() {
				if in(s) && s.End-s.Start > ch.MaxLen {
					t.Fatalf("step %d (%s): an offer %v longer than MaxLen %d", step, what, s, ch.MaxLen)
				}
			}
		}
		wantShown, wantN := FilterFirst(lists(found), own, rejected, limit)
		if ch.All {
			maxLen = max(found.MaxLen(), MaxLen(models), MaxLen(figs))
			shown, n = wantShown, wantN
			continue
		}
		maxLen = max(maxLen, ch.MaxLen)
		shown, n = FilterAgain(lists(before), lists(found), ownBefore, own, rejected, limit, n, ch.Starts, maxLen)
		incremental++
		if n != wantN {
			t.Fatalf("step %d (%s): FilterAgain counts %d, FilterFirst %d", step, what, n, wantN)
		}
		if !slices.Equal(shown, wantShown) {
			t.Fatalf("step %d (%s): FilterAgain keeps %d offers, FilterFirst %d, or others", step, what, len(shown), len(wantShown))
		}
	}
	if incremental < 200 {
		t.Errorf("only %d of 400 steps filtered again incrementally", incremental)
	}
	if n < 1000 {
		t.Errorf("only %d offers pass at the end: the article is not offered nearly everywhere", n)
	}
}

// randomArticle is n words, each word(), in sentences of 17.
func randomArticle(n int, word func() string) string {
	var sb strings.Builder
	for i := range n {
		sb.WriteString(word())
		if i%17 == 16 {
			sb.WriteString(". ")
		} else {
			sb.WriteString(" ")
		}
	}
	return sb.String()
}

func boolCmp(less, greater bool) int {
	switch {
	case less:
		return -1
	case greater:
		return 1
	}
	return 0
}

// TestFilterAgainFirstPastSpans: where the user's spans of the offers'
// label cover the start of the article, the first offers that pass lie far
// past the first that are offered, and an offer overlapping a span that
// starts after it, or that ends one code point into it, is not offered:
// FilterAgain, which filters the first offers against the spans near them
// only and counts again against those near the change only, keeps and
// counts just what FilterFirst does, for every limit.
func TestFilterAgainFirstPastSpans(t *testing.T) {
	offer := func(start int) Suggestion {
		return Suggestion{Doc: "d", Start: start, End: start + 14, Label: "actor", Source: SourceLabels, Score: NoScore}
	}
	var offers []Suggestion // overlapping: each ends 4 into the next
	for i := range 2000 {
		offers = append(offers, offer(10*i))
	}
	// Words 0-1499 covered; from 1500 on, each 10th's last characters,
	// which start in the word after it.
	var own []*annotate.Span
	for i := 0; i < 1500; i += 7 {
		own = append(own, &annotate.Span{ID: fmt.Sprint("a", i), Label: "actor", Fragments: []annotate.Fragment{{Start: 10 * i, End: 10*(i+6) + 8}}})
	}
	for i := 1509; i < 2000; i += 10 {
		own = append(own, &annotate.Span{ID: fmt.Sprint("b", i), Label: "actor", Fragments: []annotate.Fragment{{Start: 10*i + 11, End: 10*i + 12}}})
	}
	// The change adds an offer at 17005, which a span ending at 17006
	// overlaps by one code point.
	own = append(own, &annotate.Span{ID: "c", Label: "actor", Fragments: []annotate.Fragment{{Start: 17002, End: 17006}}})
	after := slices.Clone(offers)
	after = slices.Insert(after, 1701, offer(17005))
	// Spans in no text order, as a layer may hold them.
	r := rand.New(rand.NewPCG(3, 4))
	r.Shuffle(len(own), func(i, j int) { own[i], own[j] = own[j], own[i] })
	for _, limit := range []int{0, 1, 10, 50, 200, 400, 5000} {
		// The change: one span taken out, the offer added.
		before := append(slices.Clone(own), &annotate.Span{ID: "x", Label: "actor", Fragments: []annotate.Fragment{{Start: 19000, End: 19003}}})
		_, n := FilterFirst([]Offers{OffersOf(offers)}, before, nil, limit)
		got, m := FilterAgain([]Offers{OffersOf(offers)}, []Offers{OffersOf(after)}, before, own, nil, limit, n, []Range{{17005, 17006}}, 14)
		want, wantN := FilterFirst([]Offers{OffersOf(after)}, own, nil, limit)
		if m != wantN || !slices.Equal(got, want) {
			t.Fatalf("limit %d: FilterAgain keeps %d of %d, FilterFirst %d of %d, or others", limit, len(got), m, len(want), wantN)
		}
		if limit > 0 && limit < wantN && got[0].Start < 15000 {
			t.Fatalf("limit %d: the first offer kept is at %d, inside the spans", limit, got[0].Start)
		}
	}
}
