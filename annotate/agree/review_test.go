package agree

import (
	"testing"

	"github.com/skein-news/skein/annotate"
)

func reviewSpan(id, who, label string, start, end int) *annotate.Span {
	return &annotate.Span{ID: id, Doc: "d", Label: label, Annotator: who, Fragments: []annotate.Fragment{{Start: start, End: end}}}
}

// An edit that moves the boundaries settles its item; so does a reject of
// every span; an accept of one span of a one-sided item settles it.
func TestSettleCountsEditsAndRejects(t *testing.T) {
	layers := map[string][]*annotate.Span{
		"bob":   {reviewSpan("b1", "bob", "claim", 0, 10), reviewSpan("b2", "bob", "actor", 20, 25), reviewSpan("b3", "bob", "actor", 40, 45)},
		"carol": {reviewSpan("c1", "carol", "claim", 0, 6), reviewSpan("c2", "carol", "claim", 20, 25)},
	}
	items := Compare(layers, []string{"bob", "carol"})
	if _, open, total := Settle(items, nil, nil); open != 3 || total != 3 {
		t.Fatalf("nothing decided: got %d open of %d, want 3 of 3", open, total)
	}
	edited := reviewSpan("k1", annotate.CuratedLayer, "claim", 2, 8)
	curated := []*annotate.Span{edited}
	decisions := []*annotate.Decision{
		{Doc: "d", Span: "b1", Reviewer: "al", Verdict: annotate.VerdictEdit, Curated: "k1"},
		{Doc: "d", Span: "b2", Reviewer: "al", Verdict: annotate.VerdictReject},
		{Doc: "d", Span: "c2", Reviewer: "al", Verdict: annotate.VerdictReject},
	}
	states, open, total := Settle(items, curated, decisions)
	if open != 1 || total != 3 {
		t.Errorf("edit and reject decided: got %d open of %d, want 1 of 3", open, total)
	}
	for i, it := range items {
		want := it.Start != 40
		if states[i].Settled != want {
			t.Errorf("item at %d settled %v, want %v", it.Start, states[i].Settled, want)
		}
	}
	if res, total := Progress(layers, []string{"bob", "carol"}, curated, decisions); res != 2 || total != 3 {
		t.Errorf("Progress got %d of %d, want 2 of 3", res, total)
	}
}

// CurateChange records the images undo needs: a decision the curator made
// before on an agreed span is its Before.
func TestCurateChangeKeepsBeforeImages(t *testing.T) {
	layers := map[string][]*annotate.Span{
		"bob":   {reviewSpan("b1", "bob", "claim", 0, 10), reviewSpan("b2", "bob", "actor", 20, 25)},
		"carol": {reviewSpan("c1", "carol", "claim", 0, 10)},
	}
	items := Compare(layers, []string{"bob", "carol"})
	old := &annotate.Decision{Doc: "d", Span: "b1", Reviewer: "al", Verdict: annotate.VerdictReject, At: 1}
	ch, added, remaining := CurateChange("d", items, nil, []*annotate.Decision{old}, "al", "curate")
	if ch == nil || added != 1 || remaining != 1 {
		t.Fatalf("got change %v, %d added, %d remaining; want one span added and the one-sided item remaining", ch, added, remaining)
	}
	if ch.Desc != "curate 1 agreed span" || ch.User != "al" || ch.Doc != "d" {
		t.Errorf("change %q by %q on %q, want curate 1 agreed span by al on d", ch.Desc, ch.User, ch.Doc)
	}
	var befores int
	for _, e := range ch.Decisions {
		if e.After.Verdict != annotate.VerdictAccept || e.After.Curated != ch.Spans[0].After.ID {
			t.Errorf("decision %+v, want an accept naming the new span", e.After)
		}
		if e.Before != nil {
			befores++
			if *e.Before != *old {
				t.Errorf("before image %+v, want %+v", e.Before, old)
			}
		}
	}
	if len(ch.Decisions) != 2 || befores != 1 {
		t.Errorf("got %d decisions, %d with a before image; want 2 and 1", len(ch.Decisions), befores)
	}
	if ch, _, _ := CurateChange("d", items, []*annotate.Span{ch.Spans[0].After}, nil, "al", "curate"); ch != nil {
		t.Errorf("with the span curated already, got change %+v, want none", ch)
	}
}
