package suggest

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/seeds"
)

// BenchmarkArticleSuggestions gathers what an opened article is offered,
// as the window does before drawing it: the other
// occurrences of 2,000 strings the annotator labelled across the corpus,
// the figures, and the filter against the article's own spans (one span
// in every 200 characters) and 50 rejections. The articles are the seed
// articles repeated to 30 KB (a long news article) and 300 KB. The first
// 1,000 in text order are kept, as the window draws them; "suggestions" is
// how many pass in all.
func BenchmarkArticleSuggestions(b *testing.B) {
	docs, err := seeds.Documents()
	if err != nil {
		b.Fatal(err)
	}
	var all strings.Builder
	for _, d := range docs {
		all.WriteString(d.Text)
		all.WriteString("\n\n")
	}
	corpus := all.String()
	// 2,000 strings of one to three words taken from the seeds.
	t := annotate.NewText(corpus)
	toks := annotate.Tokens(t)
	r := rand.New(rand.NewPCG(1, 2))
	p := NewPhrases()
	labels := []string{"actor", "claim", "figure", "accusation"}
	for i := 0; i < 2000; i++ {
		j := r.IntN(len(toks) - 3)
		n := 1 + r.IntN(3)
		p.Add(t.Slice(toks[j].Start, toks[j+n-1].End), labels[r.IntN(4)])
	}
	for _, size := range []int{30 << 10, 300 << 10} {
		text := strings.Repeat(corpus, size/len(corpus)+1)[:size]
		for !strings.HasSuffix(text, " ") {
			text = text[:len(text)-1]
		}
		tx := annotate.NewText(text)
		var own []*annotate.Span
		for s := 0; s+10 < tx.Len(); s += 200 {
			own = append(own, &annotate.Span{Label: labels[s%4], Fragments: []annotate.Fragment{{Start: s, End: s + 10}}})
		}
		var rejected []Suggestion
		for i := 0; i < 50; i++ {
			rejected = append(rejected, Suggestion{Doc: "d", Start: i * 100, End: i*100 + 5, Label: "actor"})
		}
		name := "30KB"
		if size > 100<<10 {
			name = "300KB"
		}
		lists := func(ix *Index) []Offers { return []Offers{p.FindIn(ix), OffersOf(ix.Figures())} }
		// first: an article opened for the first time (indexed, searched,
		// its figures read); again: opened again, nothing changed since;
		// labelkey: a label key in it, a string that occurs in it labelled
		// (or, every other op, the span taken back).
		b.Run(name+"/first", func(b *testing.B) {
			n, cpu := 0, cpuTime()
			for range b.N {
				ix := NewIndex("d", text)
				_, n = FilterFirst(lists(ix), own, rejected, 1000)
			}
			reportCPU(b, cpu)
			b.ReportMetric(float64(n), "suggestions")
		})
		ix := NewIndex("d", text)
		FilterFirst(lists(ix), own, rejected, 1000)
		b.Run(name+"/again", func(b *testing.B) {
			n, cpu := 0, cpuTime()
			for range b.N {
				_, n = FilterFirst(lists(ix), own, rejected, 1000)
			}
			reportCPU(b, cpu)
			b.ReportMetric(float64(n), "suggestions")
		})
		// filter: the filter alone, of what again finds (an open's filter
		// off the UI goroutine, which the open's frame joins).
		b.Run(name+"/filter", func(b *testing.B) {
			l := lists(ix)
			n, cpu := 0, cpuTime()
			b.ReportAllocs()
			for range b.N {
				_, n = FilterFirst(l, own, rejected, 1000)
			}
			reportCPU(b, cpu)
			b.ReportMetric(float64(n), "suggestions")
			// The user's spans looked at to tell whether they overlap an
			// offer, in one filter (FilterFirst's pass, counted).
			fl := newFilter(own, rejected)
			fl.pass(inTextOrder(l), math.MinInt, math.MaxInt, func(Suggestion) bool { return true })
			looks := 0
			for _, iv := range fl.labelled {
				looks += iv.looks
			}
			b.ReportMetric(float64(looks), "span-looks/op")
		})
		// learn: the learning of a label key and its undo alone, as the
		// window's job does it first (Edit, FindChanged): a two-word
		// string labelled, which wins over the one-word strings at its
		// places in the article, and taken back.
		b.Run(name+"/learn", func(b *testing.B) {
			key := keyPair(b, p, tx)
			p.FindIn(ix)
			cpu := cpuTime()
			b.ReportAllocs()
			for i := range b.N {
				if i%2 == 0 {
					p.Edit("d", tx, nil, []*annotate.Span{key})
				} else {
					p.Edit("d", tx, []*annotate.Span{key}, nil)
				}
				if _, ch := p.FindChanged(ix); ch.All || len(ch.Starts) == 0 {
					b.Fatalf("the key changed %d places (all: %v), want some", len(ch.Starts), ch.All)
				}
			}
			reportCPU(b, cpu)
			if b.N%2 == 1 {
				p.Edit("d", tx, []*annotate.Span{key}, nil)
				p.FindIn(ix)
			}
		})
		b.Run(name+"/labelkey", func(b *testing.B) {
			key := keyWord(b, p, tx)
			n, cpu := 0, cpuTime()
			for i := range b.N {
				if i%2 == 0 {
					p.Edit("d", tx, nil, []*annotate.Span{key})
				} else {
					p.Edit("d", tx, []*annotate.Span{key}, nil)
				}
				if _, m := FilterFirst(lists(ix), own, rejected, 1000); i%2 == 0 {
					n = m // with the key's string
				}
			}
			reportCPU(b, cpu)
			b.ReportMetric(float64(n), "suggestions")
			p.Edit("d", tx, []*annotate.Span{key}, nil)
		})
		// labelkey-again: the same key and undo, its own span among own
		// as the window's, filtered again where the change was only
		// (FindChanged, FilterAgain) from the last result.
		b.Run(name+"/labelkey-again", func(b *testing.B) {
			key := keyWord(b, p, tx)
			found := p.FindIn(ix)
			figs := ix.Figures()
			maxLen := max(found.MaxLen(), MaxLen(figs))
			cur := own
			shown, n := FilterFirst([]Offers{found, OffersOf(figs)}, cur, rejected, 1000)
			cpu := cpuTime()
			for i := range b.N {
				next := cur
				if i%2 == 0 {
					p.Edit("d", tx, nil, []*annotate.Span{key})
					next = append(slices.Clone(cur), key)
				} else {
					p.Edit("d", tx, []*annotate.Span{key}, nil)
					next = own
				}
				before := found
				var ch Changes
				found, ch = p.FindChanged(ix)
				if ch.All {
					b.Fatal("a label key searched the whole article again")
				}
				maxLen = max(maxLen, ch.MaxLen)
				shown, n = FilterAgain([]Offers{before, OffersOf(figs)}, []Offers{found, OffersOf(figs)}, cur, next, rejected, 1000, n, ch.Starts, maxLen)
				cur = next
			}
			reportCPU(b, cpu)
			b.ReportMetric(float64(n), "suggestions")
			if want, wantN := FilterFirst([]Offers{found, OffersOf(figs)}, cur, rejected, 1000); n != wantN || !slices.Equal(shown, want) {
				b.Fatalf("FilterAgain counts %d, FilterFirst %d (or others kept)", n, wantN)
			}
			if len(cur) != len(own) {
				p.Edit("d", tx, []*annotate.Span{key}, nil)
			}
		})
	}
}

// keyWord is a span over a word of the article no string starts with.
func keyWord(b *testing.B, p *Phrases, tx *annotate.Text) *annotate.Span {
	for _, tk := range annotate.Tokens(tx) {
		if f, ok := phraseText(tx.Slice(tk.Start, tk.End)); ok && p.byFirst[f] == nil {
			return &annotate.Span{ID: "key", Doc: "d", Label: "actor", Fragments: []annotate.Fragment{{Start: tk.Start, End: tk.End}}}
		}
	}
	b.Fatal("every word of the article is labelled already")
	return nil
}

// keyPair is a span over two words of the article, the first offered
// alone, the two not labelled together.
func keyPair(b *testing.B, p *Phrases, tx *annotate.Text) *annotate.Span {
	toks := annotate.Tokens(tx)
	for i := 100; i+1 < len(toks); i++ {
		one, ok1 := phraseText(tx.Slice(toks[i].Start, toks[i].End))
		two, ok2 := phraseText(tx.Slice(toks[i].Start, toks[i+1].End))
		if ok1 && ok2 && p.votes[one] != nil && p.votes[two] == nil && toks[i+1].Start-toks[i].End == 1 {
			return &annotate.Span{ID: "pair", Doc: "d", Label: "claim", Fragments: []annotate.Fragment{{Start: toks[i].Start, End: toks[i+1].End}}}
		}
	}
	b.Fatal("no two words to label")
	return nil
}

// reportCPU reports the processor time per op since cpu, in ms: the work,
// apart from waiting for a core on a shared machine.
func reportCPU(b *testing.B, cpu time.Duration) {
	b.ReportMetric(float64(cpuTime()-cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}
