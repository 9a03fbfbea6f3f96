package store

import (
	"fmt"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// A span created in 9999, as an older skein took it in from a file: its
// created time goes out in every export and into the team folder, where
// every colleague's skein refuses the file for it. Check lists it, in a
// short span list and in a long list's tail alike, and RepairTimes sets
// it to its layer's time of change there (a span is not created after
// it), leaving every other span as it was and the store sound.
func TestFarSpanCreatedCheckedAndRepaired(t *testing.T) {
	s := openTest(t)
	short := newDoc("Kakar", "2025-11-24", "Pakistan blames Afghanistan for the attack.")
	long := newDoc("Long", "2025-11-25", strings.Repeat("Pakistan blames Afghanistan. ", 400))
	putDocs(t, s, short, long)
	// The short article's span from an import (a batch writes the time it
	// is given); the long article's list of 400 spans, then one more
	// there, in its tail.
	far := newSpan(short, "ben", "actor", 0, 8)
	far.Created = far9999
	if _, err := s.WriteBatch(ctx, &Batch{Spans: []*annotate.Span{far}}); err != nil {
		t.Fatal(err)
	}
	var many []*annotate.Span
	for i := 0; i < 400; i++ {
		many = append(many, newSpan(long, "ben", "claim", i*29, i*29+8))
	}
	if _, err := s.WriteBatch(ctx, &Batch{Spans: many}); err != nil {
		t.Fatal(err)
	}
	inTail := newSpan(long, "ben", "actor", 9, 14)
	inTail.Created = far9999
	apply(t, s, annotate.AddSpan("ben", inTail))
	if v, _ := spanVersion(t, s, pSpanTail, mustDoc(t, long.ID)); v == 0 {
		t.Fatal("the long article has no tail: the test needs the span in it")
	}
	rep, err := s.Check(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	const when = "created is 9999-12-31 23:59:59 UTC, more than a day after this machine's clock"
	want := []string{
		fmt.Sprintf("article %s (span %s of ben): %s", short.ID, far.ID, when),
		fmt.Sprintf("article %s (span %s of ben): %s", long.ID, inTail.ID, when),
	}
	got := strings.Join(rep.Times, "\n")
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("check of a store holding spans created in 9999: times\n%s\nwant a line\n%s", got, w)
		}
	}
	if len(rep.Times) != 2 || len(rep.Problems) != 0 {
		t.Fatalf("check: %d times, problems %q; want the 2 spans' times alone", len(rep.Times), rep.Problems)
	}

	before := annotate.NowMillis()
	n, err := s.RepairTimes(ctx)
	if err != nil || n != 2 {
		t.Fatalf("repair: %d records, %v; want the 2 spans", n, err)
	}
	if rep, err := s.Check(ctx, nil); err != nil || !rep.Sound() {
		t.Fatalf("check after the repair: %v\n%s", err, rep.Lines())
	}
	for _, c := range []struct {
		sp  *annotate.Span
		doc *annotate.Document
	}{{far, short}, {inTail, long}} {
		got, err := s.Span(c.sp.ID)
		if err != nil {
			t.Fatal(err)
		}
		lm, _ := s.LayerModified(c.doc.ID, "ben")
		if got.Created != min(lm, annotate.NowMillis()) || got.Created > annotate.NowMillis() || got.Created < before-60_000 {
			t.Errorf("span %s's created after the repair: %d, want its layer's time %d", c.sp.ID, got.Created, lm)
		}
		if got.Label != c.sp.Label || got.Start() != c.sp.Start() || got.End() != c.sp.End() {
			t.Errorf("span %s after the repair: %+v, want it as it was but its time", c.sp.ID, got)
		}
	}
	spans, err := s.LayerSpans(long.ID, "ben")
	if err != nil || len(spans) != 401 {
		t.Fatalf("the long article after the repair: %d spans, %v; want 401", len(spans), err)
	}
	for _, sp := range spans {
		if sp.ID != inTail.ID && sp.Created != many[0].Created && !containsSpan(many, sp) {
			t.Errorf("span %s changed by the repair", sp.ID)
		}
	}
	if n, err := s.RepairTimes(ctx); err != nil || n != 0 {
		t.Errorf("a second repair: %d, %v; want nothing left to repair", n, err)
	}
}

func containsSpan(spans []*annotate.Span, sp *annotate.Span) bool {
	for _, x := range spans {
		if x.ID == sp.ID && x.Created == sp.Created {
			return true
		}
	}
	return false
}
