package suggest

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/seeds"
)

// TestPhrasesIncremental: a set kept up to date span by span (Edit) and
// article by article (SetDoc), and what FindIn keeps found in an indexed
// article, always equal what a set learned afresh from the same spans finds
// with Find — through hundreds of random edits over the seed articles
// (labels changed so the winning label flips, spans taken away so strings
// go, discontinuous spans, the same span learned twice).
func TestPhrasesIncremental(t *testing.T) {
	docs, err := seeds.Documents()
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string]*annotate.Text{}
	toks := map[string][]annotate.Fragment{}
	for _, d := range docs {
		texts[d.ID] = annotate.NewText(d.Text)
		for _, tk := range annotate.Tokens(texts[d.ID]) {
			toks[d.ID] = append(toks[d.ID], annotate.Fragment{Start: tk.Start, End: tk.End})
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	labels := []string{"actor", "claim", "figure"}
	spans := map[string][]*annotate.Span{} // the truth, per article
	p := NewPhrases()
	indexes := map[string]*Index{}
	for _, d := range docs {
		indexes[d.ID] = NewIndex(d.ID, d.Text)
	}
	n := 0
	newSpan := func(doc string) *annotate.Span {
		n++
		// Words shared between articles often: the first tokens of the
		// article, one to three of them.
		ts := toks[doc]
		i := r.IntN(min(len(ts)-3, 40))
		sp := &annotate.Span{ID: fmt.Sprint("s", n), Doc: doc, Label: labels[r.IntN(len(labels))],
			Fragments: []annotate.Fragment{{Start: ts[i].Start, End: ts[i+r.IntN(3)].End}}}
		if r.IntN(10) == 0 {
			sp.Fragments = append(sp.Fragments, ts[i+5])
		}
		return sp
	}
	for step := 0; step < 500; step++ {
		d := docs[r.IntN(len(docs))]
		cur := spans[d.ID]
		var removed, added []*annotate.Span
		switch k := r.IntN(10); {
		case k < 5 || len(cur) == 0: // a label key
			added = append(added, newSpan(d.ID))
		case k < 7: // relabelled
			i := r.IntN(len(cur))
			c := *cur[i]
			c.Label = labels[r.IntN(len(labels))]
			removed, added = append(removed, cur[i]), append(added, &c)
		case k < 9: // deleted
			removed = append(removed, cur[r.IntN(len(cur))])
		default: // the whole article again, from the store
			for range r.IntN(3) {
				cur = append(cur, newSpan(d.ID))
			}
		}
		for _, s := range removed {
			cur = slices.DeleteFunc(cur, func(o *annotate.Span) bool { return o.ID == s.ID })
		}
		cur = append(cur, added...)
		spans[d.ID] = cur
		if removed == nil && added == nil {
			p.SetDoc(d.ID, texts[d.ID], cur)
		} else {
			p.Edit(d.ID, texts[d.ID], removed, added)
			if r.IntN(5) == 0 {
				p.Edit(d.ID, texts[d.ID], removed, added) // learned twice
			}
		}
		// Every 20 steps all the articles, else one: some indexes see one
		// change at a time, others many.
		check := docs
		if step%20 != 0 && step != 499 {
			check = docs[r.IntN(len(docs)):][:1]
		}
		fresh := NewPhrases()
		for _, dd := range docs {
			fresh.SetDoc(dd.ID, texts[dd.ID], spans[dd.ID])
		}
		if p.Len() != fresh.Len() {
			t.Fatalf("step %d: %d strings, afresh %d", step, p.Len(), fresh.Len())
		}
		for _, dd := range check {
			want := fresh.Find(dd.ID, dd.Text)
			if got := p.FindIn(indexes[dd.ID]).Slice(); !slices.Equal(got, want) {
				t.Fatalf("step %d, %s: FindIn found\n%v\nafresh\n%v", step, dd.Title, texts2(dd, got), texts2(dd, want))
			}
			if got := p.Find(dd.ID, dd.Text); !reflect.DeepEqual(got, want) {
				t.Fatalf("step %d, %s: Find found\n%v\nafresh\n%v", step, dd.Title, texts2(dd, got), texts2(dd, want))
			}
		}
	}
	if p.Len() == 0 {
		t.Fatal("nothing learned: the test tested nothing")
	}
}

func texts2(d *annotate.Document, sugs []Suggestion) string {
	return strings.Join(texts(d, sugs), ", ")
}

// TestFindInKeeps: FindIn searches an article again only when a string
// starting with one of its words changed; past the log of changes, it
// searches again.
func TestFindInKeeps(t *testing.T) {
	// Few of its words are Kakar, so a change of a string starting with
	// Kakar searches there only.
	d := &annotate.Document{ID: "d", Text: "Kakar met Kakar in Quetta." + strings.Repeat(" Nothing else happened there.", 5)}
	tx := annotate.NewText(d.Text)
	p := NewPhrases()
	ix := NewIndex(d.ID, d.Text)
	kakar := &annotate.Span{ID: "a", Label: "actor", Fragments: []annotate.Fragment{{Start: 0, End: 5}}}
	p.Edit(d.ID, tx, nil, []*annotate.Span{kakar})
	first := p.FindIn(ix)
	if first.Len() != 2 {
		t.Fatalf("found %v", texts(d, first.Slice()))
	}
	other := annotate.NewText("Islamabad said nothing.")
	p.Edit("o", other, nil, []*annotate.Span{{ID: "b", Label: "actor", Fragments: []annotate.Fragment{{Start: 0, End: 9}}}})
	if again := p.FindIn(ix); !again.Same(first) {
		t.Error("searched again for a string none of whose words the article has")
	}
	// "Kakar spoke" starts with one of the article's words but is not in
	// it: searched again where Kakar stands, found nothing new, the same
	// findings given back.
	p.Edit("o", annotate.NewText("Kakar spoke."), nil, []*annotate.Span{{ID: "ks", Label: "claim", Fragments: []annotate.Fragment{{Start: 0, End: 11}}}})
	if again := p.FindIn(ix); !again.Same(first) {
		t.Error("a string the article does not hold made new findings")
	}
	p.Edit(d.ID, tx, nil, []*annotate.Span{{ID: "c", Label: "actor", Fragments: []annotate.Fragment{{Start: 19, End: 25}}}})
	if got := texts(d, p.FindIn(ix).Slice()); !reflect.DeepEqual(got, []string{`actor "Kakar"`, `actor "Kakar"`, `actor "Quetta"`}) {
		t.Errorf("after Quetta labelled: %q", got)
	}
	// Relabelled by more votes: the article's offers change label.
	for i := range 2 {
		p.Edit("o", other, nil, []*annotate.Span{{ID: fmt.Sprint("k", i), Label: "claim", Fragments: []annotate.Fragment{{Start: 0, End: 5}}}})
	}
	p.Edit("o2", annotate.NewText("Kakar"), nil, nil)
	got := texts(d, p.FindIn(ix).Slice())
	if !reflect.DeepEqual(got, []string{`actor "Kakar"`, `actor "Kakar"`, `actor "Quetta"`}) {
		t.Errorf("%q", got) // "Islam" is not "Kakar": nothing changes
	}
	kakarText := annotate.NewText("Kakar spoke.")
	for i := range 2 {
		p.Edit("o3", kakarText, nil, []*annotate.Span{{ID: fmt.Sprint("c", i), Label: "claim", Fragments: []annotate.Fragment{{Start: 0, End: 5}}}})
	}
	if got := texts(d, p.FindIn(ix).Slice()); !reflect.DeepEqual(got, []string{`claim "Kakar"`, `claim "Kakar"`, `actor "Quetta"`}) {
		t.Errorf("Kakar outvoted as claim: %q", got)
	}
	// A log overrun: many changes elsewhere, then one in the article.
	before := p.FindIn(ix)
	for i := range maxLog + 10 {
		w := fmt.Sprintf("zz%d", i)
		p.Edit("many", annotate.NewText(w), nil, []*annotate.Span{{ID: w, Label: "actor", Fragments: []annotate.Fragment{{Start: 0, End: len(w)}}}})
	}
	p.Edit(d.ID, tx, []*annotate.Span{kakar}, nil)
	if got := texts(d, p.FindIn(ix).Slice()); !reflect.DeepEqual(got, []string{`claim "Kakar"`, `claim "Kakar"`, `actor "Quetta"`}) {
		t.Errorf("after a log overrun: %q (before %q)", got, texts(d, before.Slice()))
	}
}

// TestFilterFirst: the lists filtered one after the other equal Filter of
// them put together, cut at limit, with the count of all that pass; a list
// out of text order (a model's) is sorted, not trusted; lists held in
// chunks of any size filter as one slice does.
func TestFilterFirst(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	labels := []string{"actor", "claim", "figure"}
	for round := 0; round < 200; round++ {
		var lists [][]Suggestion
		for l := range 3 {
			var list []Suggestion
			for range r.IntN(40) {
				s := r.IntN(60)
				list = append(list, Suggestion{Doc: "d", Start: s, End: s + r.IntN(4), Label: labels[r.IntN(3)], Source: fmt.Sprint("src", l)})
			}
			if l < 2 {
				slices.SortStableFunc(list, func(a, b Suggestion) int {
					if a.Start != b.Start {
						return a.Start - b.Start
					}
					return a.End - b.End
				})
			}
			lists = append(lists, list)
		}
		var own []*annotate.Span
		for range r.IntN(6) {
			s := r.IntN(60)
			own = append(own, &annotate.Span{Label: labels[r.IntN(3)], Fragments: []annotate.Fragment{{Start: s, End: s + 1 + r.IntN(5)}}})
		}
		var rejected []Suggestion
		for range r.IntN(4) {
			s := r.IntN(60)
			rejected = append(rejected, Suggestion{Start: s, End: s + 1 + r.IntN(3), Label: labels[r.IntN(3)]})
		}
		all := Filter(slices.Concat(lists...), own, rejected)
		limit := r.IntN(30) - 5
		var offers []Offers
		for _, l := range lists {
			offers = append(offers, chunked(r, l))
		}
		got, n := FilterFirst(offers, own, rejected, limit)
		want := all
		if limit >= 0 && limit < len(all) {
			want = all[:limit]
		}
		if n != len(all) || !reflect.DeepEqual(got, want) && len(want) > 0 {
			t.Fatalf("round %d, limit %d: got %d of %d\n%+v\nwant\n%+v", round, limit, len(got), n, got, want)
		}
	}
}

// chunked is s as Offers in chunks of random sizes, shared with s, as a
// change leaves FindIn's (Offers.replace), some of one offer.
func chunked(r *rand.Rand, s []Suggestion) Offers {
	var o Offers
	for i := 0; i < len(s); {
		j := min(len(s), i+1+r.IntN(5))
		o.chunks = append(o.chunks, chunk{s: s[i:j:j]})
		o.ends = append(o.ends, j)
		i = j
	}
	return o
}
