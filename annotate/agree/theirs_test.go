package agree

import (
	"testing"

	"github.com/skein-news/skein/annotate"
)

// alice reviewed bob and carol before and her review arrived (curated:alice
// and her decisions); al reviews the same layers. Her verdicts are read by
// Settle's rules, settle nothing of al's until he adopts them, and an
// adoption decides exactly the items she settled and he had not, as she
// decided them.
func TestTheirsAndAdopt(t *testing.T) {
	const alice = "curated:alice"
	layers := map[string][]*annotate.Span{
		"bob": {
			reviewSpan("b1", "bob", "claim", 0, 10),   // label conflict with c1: alice accepts bob's
			reviewSpan("b2", "bob", "actor", 20, 25),  // boundary conflict with c2: alice edits
			reviewSpan("b3", "bob", "actor", 40, 45),  // one-sided: alice rejects
			reviewSpan("b4", "bob", "figure", 60, 64), // label conflict with c4: alice left it open
			reviewSpan("b5", "bob", "actor", 80, 85),  // one-sided: al rejected it himself, alice accepted it
		},
		"carol": {
			reviewSpan("c1", "carol", "actor", 0, 10),
			reviewSpan("c2", "carol", "actor", 20, 27),
			reviewSpan("c4", "carol", "claim", 60, 64),
		},
	}
	items := Compare(layers, []string{"bob", "carol"})
	theirCurated := []*annotate.Span{
		reviewSpan("k1", alice, "claim", 0, 10),
		reviewSpan("k2", alice, "actor", 21, 26),
		reviewSpan("k5", alice, "actor", 80, 85),
	}
	theirCurated[1].Created = 1700
	decisions := []*annotate.Decision{
		{Doc: "d", Span: "b1", Reviewer: alice, Verdict: annotate.VerdictAccept, Curated: "k1", At: 1001},
		{Doc: "d", Span: "c2", Reviewer: alice, Verdict: annotate.VerdictEdit, Curated: "k2", At: 1002},
		{Doc: "d", Span: "b3", Reviewer: alice, Verdict: annotate.VerdictReject, At: 1003},
		{Doc: "d", Span: "b5", Reviewer: alice, Verdict: annotate.VerdictAccept, Curated: "k5", At: 1005},
		{Doc: "d", Span: "b5", Reviewer: "al", Verdict: annotate.VerdictReject, At: 2000},
	}
	// Her decisions settle nothing of al's: only his reject of b5 does.
	states, open, total := Settle(items, nil, decisions)
	if open != 4 || total != 5 {
		t.Fatalf("al's review with alice's decisions arrived: got %d open of %d, want 4 of 5", open, total)
	}
	theirs := Theirs("alice", items, theirCurated, decisions)
	want := map[int]string{
		0:  "alice: ✓ accepted bob's claim",
		20: "alice: ✎ edited into actor",
		40: "alice: ✗ rejected",
		60: "",
		80: "alice: ✓ accepted bob's actor",
	}
	wantAt := map[int]int64{0: 1001, 20: 1002, 40: 1003, 60: 0, 80: 1005}
	for i, it := range items {
		if got := theirs[i].Describe(it); got != want[it.Start] {
			t.Errorf("item at %d: got %q, want %q", it.Start, got, want[it.Start])
		}
		if theirs[i].At != wantAt[it.Start] {
			t.Errorf("item at %d: decided at %d, want %d", it.Start, theirs[i].At, wantAt[it.Start])
		}
	}
	// A span in her curated layer that no decision names: curated by hand.
	handMade := Theirs("alice", items, theirCurated, decisions[1:])
	if got := handMade[0].Describe(items[0]); got != "alice: ✓ curated as claim" {
		t.Errorf("her curated span with no decision: got %q", got)
	}

	ch, n := Adopt("d", items, states, theirs, nil, decisions, "al", "alice")
	if ch == nil || n != 3 || ch.Desc != "adopt alice's 3 decisions" || ch.User != "al" || ch.Doc != "d" {
		t.Fatalf("adopt: got %+v, %d; want one change by al settling 3 items", ch, n)
	}
	// Apply it as the store does.
	var curated []*annotate.Span
	for _, e := range ch.Spans {
		if e.Before != nil {
			t.Errorf("adopt removes curated span %+v, want none removed", e.Before)
		}
		if e.After.Annotator != annotate.CuratedLayer {
			t.Errorf("adopt adds a span to %q, want the curated layer", e.After.Annotator)
		}
		curated = append(curated, e.After)
	}
	after := append([]*annotate.Decision(nil), decisions...)
	got := map[string]string{}
	for _, e := range ch.Decisions {
		if e.Before != nil || e.After.Reviewer != "al" {
			t.Errorf("adopted decision %+v (before %+v), want a new one of al's", e.After, e.Before)
		}
		after = append(after, e.After)
		got[e.After.Span] = e.After.Verdict
	}
	if len(got) != 3 || got["b1"] != annotate.VerdictAccept || got["c2"] != annotate.VerdictEdit || got["b3"] != annotate.VerdictReject {
		t.Errorf("adopted verdicts %v, want b1 accept, c2 edit, b3 reject", got)
	}
	states, open, _ = Settle(items, curated, after)
	if open != 1 {
		t.Errorf("after adopting: %d open, want 1 (the item alice left open)", open)
	}
	for i, it := range items {
		st := states[i]
		switch it.Start {
		case 0, 20:
			if st.Curated == nil || st.Curated.Label != theirs[i].Curated.Label || fragKey(st.Curated.Fragments) != fragKey(theirs[i].Curated.Fragments) || st.Curated.ID == theirs[i].Curated.ID {
				t.Errorf("item at %d: curated %+v, want a copy of alice's %+v", it.Start, st.Curated, theirs[i].Curated)
			}
		case 40:
			if !st.Rejected {
				t.Errorf("item at 40: %+v, want rejected", st)
			}
		case 80:
			if !st.Rejected || st.Curated != nil {
				t.Errorf("item at 80: %+v, want al's own reject kept over alice's accept", st)
			}
		}
	}
	if ch, n := Adopt("d", items, states, Theirs("alice", items, theirCurated, after), curated, after, "al", "alice"); ch != nil || n != 0 {
		t.Errorf("adopting again: got %+v, %d; want nothing", ch, n)
	}
}
