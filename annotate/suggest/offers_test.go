package suggest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// TestFindChangedIsScan: through hundreds of random changes to what is
// labelled in a long article nearly all of whose words are offered — label
// keys, undos and redos of them, relabellings, strings labelled in another
// article — what FindChanged keeps up to date chunk by chunk is always
// exactly what a search of the whole article finds; a change of one span
// copies a few chunks of the offers and shares the rest with the offers
// given before; and the offers given before never change, while a
// goroutine of their own reads them (run with -race).
func TestFindChangedIsScan(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	// A news vocabulary: a few words very common, most rare.
	vocab := strings.Fields("the border talks in Kabul resumed after Taliban envoys said Pakistan closed crossings at Torkham and Chaman on Monday while traders waited")
	for i := range 2000 {
		vocab = append(vocab, fmt.Sprintf("w%dx%d", i, r.IntN(100)))
	}
	text := randomArticle(8000, func() string {
		if r.IntN(2) == 0 {
			return vocab[r.IntN(20)]
		}
		return vocab[r.IntN(len(vocab))]
	})
	tx := annotate.NewText(text)
	toks := annotate.Tokens(tx)
	labels := []string{"actor", "claim", "place"}
	p := NewPhrases()
	for _, w := range vocab[:len(vocab)-100] {
		p.Add(w, labels[r.IntN(len(labels))])
	}
	ix := NewIndex("d", text)
	first := p.FindIn(ix)
	if first.Len() < 4000 || len(first.chunks) < 20 {
		t.Fatalf("%d offers in %d chunks: the article is not offered nearly everywhere", first.Len(), len(first.chunks))
	}

	// The reader: each snapshot given, read again and again beside the
	// changes, must stay what it was.
	type snapshot struct {
		o    Offers
		flat []Suggestion
	}
	snaps := make(chan snapshot, 8)
	bad := make(chan string, 1)
	go func() {
		defer close(bad)
		for s := range snaps {
			for range 3 {
				if !slices.Equal(s.o.Slice(), s.flat) {
					bad <- "a snapshot changed after it was given"
					for range snaps {
					}
					return
				}
			}
		}
	}()

	var done, undone []*annotate.Span // the label keys made, and those undone
	prev, n, singles := first, 0, 0
	for step := range 300 {
		var what string
		one := true // the change is one span's
		switch k := r.IntN(10); {
		case k < 4 || len(done) == 0: // a label key, one to three words
			n++
			i := r.IntN(len(toks) - 3)
			sp := &annotate.Span{ID: fmt.Sprint("k", n), Doc: "d", Label: labels[r.IntN(len(labels))],
				Fragments: []annotate.Fragment{{Start: toks[i].Start, End: toks[i+r.IntN(3)].End}}}
			p.Edit("d", tx, nil, []*annotate.Span{sp})
			done, undone = append(done, sp), nil
			what = "key"
		case k < 7: // undo
			sp := done[len(done)-1]
			p.Edit("d", tx, []*annotate.Span{sp}, nil)
			done, undone = done[:len(done)-1], append(undone, sp)
			what = "undo"
		case k < 8 && len(undone) > 0: // redo
			sp := undone[len(undone)-1]
			p.Edit("d", tx, nil, []*annotate.Span{sp})
			done, undone = append(done, sp), undone[:len(undone)-1]
			what = "redo"
		case k < 9: // relabelled
			i := r.IntN(len(done))
			c := *done[i]
			c.Label = labels[r.IntN(len(labels))]
			p.Edit("d", tx, []*annotate.Span{done[i]}, []*annotate.Span{&c})
			done[i] = &c
			what = "relabel"
		default: // strings labelled elsewhere, some votes flipping a label
			for range 1 + r.IntN(3) {
				n++
				w := vocab[r.IntN(len(vocab))] + " " + vocab[r.IntN(len(vocab))]
				p.Add(w, labels[r.IntN(len(labels))])
			}
			what, one = "elsewhere", false
		}
		found, ch := p.FindChanged(ix)
		want := p.Find("d", text)
		if got := found.Slice(); !slices.Equal(got, want) {
			t.Fatalf("step %d (%s): FindChanged gives %d offers, a search of the whole article %d, or others", step, what, len(got), len(want))
		}
		checkChunks(t, found)
		if !ch.All && !found.Same(prev) {
			// The chunks around the places changed are copied, the rest
			// shared.
			if copied := len(found.chunks) - shared(prev, found); copied > 3*len(ch.Starts) {
				t.Fatalf("step %d (%s): %d of %d chunks copied for %d places changed", step, what, copied, len(found.chunks), len(ch.Starts))
			}
			if one && len(ch.Starts) < 10 {
				singles++
			}
		}
		prev = found
		snaps <- snapshot{found, found.Slice()}
	}
	close(snaps)
	if msg, ok := <-bad; ok {
		t.Fatal(msg)
	}
	if singles < 100 {
		t.Errorf("only %d of 300 changes were found again chunk by chunk", singles)
	}
}

// checkChunks checks how o is held: no chunk empty or over maxChunk, the
// counts right, and the words of each offer given.
func checkChunks(t *testing.T, o Offers) {
	t.Helper()
	if len(o.ends) != len(o.chunks) {
		t.Fatalf("%d chunks, %d ends", len(o.chunks), len(o.ends))
	}
	n := 0
	for i, c := range o.chunks {
		if len(c.s) == 0 || len(c.s) > maxChunk || len(c.at) != len(c.s) {
			t.Fatalf("chunk %d holds %d offers (and %d words)", i, len(c.s), len(c.at))
		}
		if n += len(c.s); o.ends[i] != n {
			t.Fatalf("chunk %d ends at %d, counted %d", i, o.ends[i], n)
		}
	}
}

// shared is how many chunks of b are a's, the same memory.
func shared(a, b Offers) int {
	mine := map[*Suggestion]bool{}
	for _, c := range a.chunks {
		mine[&c.s[0]] = true
	}
	k := 0
	for _, c := range b.chunks {
		if mine[&c.s[0]] {
			k++
		}
	}
	return k
}

// TestOffersSearch: in offers held in chunks of any size, the first at or
// past each place, and each by its index, are where a slice has them.
func TestOffersSearch(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		var s []Suggestion
		for range r.IntN(60) {
			st := r.IntN(100)
			s = append(s, Suggestion{Start: st, End: st + 1 + r.IntN(4)})
		}
		slices.SortStableFunc(s, textOrder)
		o := chunked(r, s)
		if o.Len() != len(s) {
			t.Fatalf("round %d: Len %d, want %d", round, o.Len(), len(s))
		}
		for i := range s {
			if o.At(i) != s[i] {
				t.Fatalf("round %d: At(%d) is %v, want %v", round, i, o.At(i), s[i])
			}
		}
		for at := -1; at <= 105; at++ {
			want, _ := slices.BinarySearchFunc(s, at, func(x Suggestion, at int) int { return x.Start - at })
			if got := o.search(at); got != want {
				t.Fatalf("round %d: search(%d) = %d, want %d", round, at, got, want)
			}
		}
	}
}
