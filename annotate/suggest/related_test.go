package suggest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/search"
	"github.com/skein-news/skein/seeds"
)

// corpus is articles in memory, with no annotations.
type corpus struct{ docs []*annotate.Document }

func (c *corpus) ScanRecords(ctx context.Context, fn func(string, []byte) error) error {
	for _, d := range c.docs {
		if err := fn(d.ID, search.AppendRecord(nil, d.Date, d.Text)); err != nil {
			return err
		}
	}
	return nil
}
func (c *corpus) Spans(string) ([]*annotate.Span, error)          { return nil, nil }
func (c *corpus) ThreadsOfDoc(string) ([]*annotate.Thread, error) { return nil, nil }
func (c *corpus) Done(string, string) (bool, error)               { return false, nil }
func (c *corpus) DocsWith(bool, string) (map[string]bool, error)  { return map[string]bool{}, nil }
func (c *corpus) Document(id string) (*annotate.Document, error) {
	for _, d := range c.docs {
		if d.ID == id {
			return d, nil
		}
	}
	return nil, fmt.Errorf("no document %s", id)
}

func seedCorpus(t *testing.T) (*corpus, map[string]*annotate.Document) {
	docs, err := seeds.Documents()
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].ID < docs[j].ID })
	bySource := map[string]*annotate.Document{}
	for _, d := range docs {
		bySource[d.Source[:3]] = d
	}
	return &corpus{docs: docs}, bySource
}

// at returns the code point range of the first occurrence of s in d.
func at(t *testing.T, d *annotate.Document, s string) (int, int) {
	i := strings.Index(d.Text, s)
	if i < 0 {
		t.Fatalf("%q not in %s", s, d.Source)
	}
	start := annotate.CodePointLen(d.Text[:i])
	return start, start + annotate.CodePointLen(s)
}

// TestRelatedOnSeeds: on the seed articles, a figure finds the articles
// that report the same figure by the Figures rules, and a statement of
// Kakar's finds the article that reports it in other words.
func TestRelatedOnSeeds(t *testing.T) {
	c, seed := seedCorpus(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name, from, span string
		want             map[string]string // seed prefix -> text the suggestion holds
	}{
		{"60% rise", "000", "60%", map[string]string{"001": "60 percent", "002": "60 percent"}},
		{"2,267 casualties", "000", "2,267", map[string]string{"001": "some 2,300", "002": "2,200"}},
		{"79% in PICSS's report", "001", "79%", map[string]string{"003": "79%"}},
		{"PICSS's report, reworded", "001", "Terror attacks in Pakistan increased by 79%", map[string]string{"003": "Pakistan Institute for Conflict and Security Studies"}},
		{"hand them over", "003", "take action against terrorists", map[string]string{"001": "hand them over to Islamabad"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := seed[tc.from]
			s, e := at(t, d, tc.span)
			got, err := RelatedTo(ctx, c, d, s, e)
			if err != nil {
				t.Fatal(err)
			}
			found := map[string]string{}
			for _, r := range got {
				src, _ := c.Document(r.Doc)
				found[src.Source[:3]] = r.Text
				t.Logf("%s: %s — %q", src.Source[:3], r.Why, r.Text)
			}
			for from, text := range tc.want {
				if !strings.Contains(found[from], text) {
					t.Errorf("from %q in %s: %s offers %q, want it to hold %q", tc.span, tc.from, from, found[from], text)
				}
			}
		})
	}
}

func (c *corpus) LayerSpans(doc, annotator string) ([]*annotate.Span, error) { return nil, nil }

// TestMakeThread: the 60% figure of one seed article and the articles that
// report it become one thread, each place a figure span of the user's.
func TestMakeThread(t *testing.T) {
	c, seed := seedCorpus(t)
	d := seed["000"]
	s, e := at(t, d, "60%")
	first := &annotate.Span{ID: annotate.NewID(), Doc: d.ID, Label: "figure", Annotator: "me", Fragments: []annotate.Fragment{{Start: s, End: e}}}
	rel, err := RelatedTo(context.Background(), c, d, s, e)
	if err != nil {
		t.Fatal(err)
	}
	ch, err := MakeThread(c, "me", first, "Attacks up 60%", rel)
	if err != nil {
		t.Fatal(err)
	}
	th := ch.Threads[0].After
	if len(th.Members) != 3 || len(ch.Spans) != 2 || th.Members[0].Span != first.ID {
		t.Fatalf("thread %+v with %d new spans, want the span and 2 others", th, len(ch.Spans))
	}
	for _, sp := range ch.Spans {
		src, _ := c.Document(sp.After.Doc)
		if got := annotate.NewText(src.Text).Slice(sp.After.Start(), sp.After.End()); got != "60 percent" || sp.After.Label != "figure" {
			t.Errorf("new member %s %q, want a figure 60 percent", sp.After.Label, got)
		}
	}
}

// owned is a corpus where user "me" has spans already.
type owned struct {
	*corpus
	spans []*annotate.Span
}

func (o *owned) LayerSpans(doc, annotator string) ([]*annotate.Span, error) {
	var out []*annotate.Span
	for _, sp := range o.spans {
		if sp.Doc == doc && sp.Annotator == annotator {
			out = append(out, sp)
		}
	}
	return out, nil
}

// TestMakeThreadTakesYourSpan: a span of the user's in the other article
// joins the thread in place of a new one when it is of the label and
// shares a code point with the place, or is over exactly the place
// whatever its label; otherwise a new figure span is made there.
func TestMakeThreadTakesYourSpan(t *testing.T) {
	c, seed := seedCorpus(t)
	d, other := seed["000"], seed["001"]
	s, e := at(t, d, "60%")
	first := &annotate.Span{ID: annotate.NewID(), Doc: d.ID, Label: "figure", Annotator: "me", Fragments: []annotate.Fragment{{Start: s, End: e}}}
	rel, err := RelatedTo(context.Background(), c, d, s, e)
	if err != nil {
		t.Fatal(err)
	}
	var place []Related
	for _, r := range rel {
		if r.Doc == other.ID {
			place = append(place, r)
		}
	}
	if len(place) != 1 {
		t.Fatalf("related %+v, want one place in %s", rel, other.Source)
	}
	for _, tc := range []struct {
		name, label, text string
		linked            bool
	}{
		{"a figure over the place", "figure", "60 percent", true},
		{"a figure over part of it and more", "figure", "percent since", true},
		{"a claim over exactly the place", "claim", "60 percent", true},
		{"a figure of another person", "", "60 percent", false},
		{"a claim over more", "claim", "by 60 percent", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			from, to := at(t, other, tc.text)
			who := "me"
			if tc.label == "" {
				who, tc.label = "ann", "figure"
			}
			mine := &annotate.Span{ID: annotate.NewID(), Doc: other.ID, Label: tc.label, Annotator: who, Fragments: []annotate.Fragment{{Start: from, End: to}}}
			ch, err := MakeThread(&owned{c, []*annotate.Span{mine}}, "me", first, "Attacks", place)
			if err != nil {
				t.Fatal(err)
			}
			m := ch.Threads[0].After.Members
			if got := m[1].Span == mine.ID && len(ch.Spans) == 0; got != tc.linked {
				t.Errorf("members %+v, %d new spans; want the span there linked: %v", m, len(ch.Spans), tc.linked)
			}
		})
	}
}

// TestAddToThread: the articles that report a thread member's figure join
// the thread as one change; an article the thread is in already is left
// out, and with nothing left there is no change.
func TestAddToThread(t *testing.T) {
	c, seed := seedCorpus(t)
	d := seed["000"]
	s, e := at(t, d, "60%")
	first := &annotate.Span{ID: annotate.NewID(), Doc: d.ID, Label: "figure", Annotator: "me", Fragments: []annotate.Fragment{{Start: s, End: e}}}
	th := &annotate.Thread{ID: annotate.NewID(), Title: "Attacks", Annotator: "me", Members: []annotate.Member{{Doc: d.ID, Span: first.ID}}}
	rel, err := RelatedTo(context.Background(), c, d, s, e)
	if err != nil || len(rel) != 2 {
		t.Fatalf("related: %+v, %v", rel, err)
	}
	th.Members = append(th.Members, annotate.Member{Doc: rel[0].Doc, Span: "already"})
	ch, err := AddToThread(c, "me", th, "figure", rel)
	if err != nil {
		t.Fatal(err)
	}
	after := ch.Threads[0].After
	if len(after.Members) != 3 || len(ch.Spans) != 1 || after.Members[2].Doc != rel[1].Doc || ch.Threads[0].Before.ID != th.ID || len(ch.Threads[0].Before.Members) != 2 {
		t.Fatalf("got %+v with %d new spans", ch.Threads[0], len(ch.Spans))
	}
	if ch.Desc != `add 1 article to thread "Attacks"` {
		t.Errorf("desc %q", ch.Desc)
	}
	if ch, err := AddToThread(c, "me", after, "figure", rel); ch != nil || err != nil {
		t.Errorf("again: %+v, %v; want no change", ch, err)
	}
}

// TestSkipExactChangesNothing: skipping the numbers that stand bare, with a
// value the figure does not allow, finds the same articles as reading every
// number of about the figure's size, on a corpus of hedged, ranged, scaled
// and bare figures.
func TestSkipExactChangesNothing(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	hedges := []string{"", "", "", "some ", "about ", "over ", "more than ", "nearly ", "at least ", "up to ", "between ", "from ", "almost ", "well over "}
	nums := []string{"2,300", "2,267", "2,200", "2,000", "2,500", "2.3 million", "60%", "60 percent", "55", "70", "2300", "1,900"}
	after := []string{" people", "-2,600 people", " to 2,500", " and 2,400", "% of them", " million to 2.5 million", " died", "", " or more", " or so", "-plus"}
	c := &corpus{}
	for i := 0; i < 400; i++ {
		var b strings.Builder
		for k := 0; k < 6; k++ {
			fmt.Fprintf(&b, "Officials said %s%s%s on Tuesday. ", hedges[r.IntN(len(hedges))], nums[r.IntN(len(nums))], after[r.IntN(len(after))])
		}
		c.docs = append(c.docs, &annotate.Document{ID: fmt.Sprintf("%016x", i), Text: b.String()})
	}
	for _, q := range []string{"2,300", "some 2,300", "over 2,200", "nearly 2,300", "60%", "2.3 million", "between 2,000 and 2,500", "55", "up to 70"} {
		d := &annotate.Document{ID: "ffffffffffffffff", Text: "They counted " + q + " in all."}
		s, e := at(t, d, q)
		skipExact = false
		want, err := RelatedTo(context.Background(), c, d, s, e)
		skipExact = true
		if err != nil {
			t.Fatal(err)
		}
		got, err := RelatedTo(context.Background(), c, d, s, e)
		if err != nil {
			t.Fatal(err)
		}
		if len(want) == 0 || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %d articles with the skip, %d without", q, len(got), len(want))
		}
	}
}
