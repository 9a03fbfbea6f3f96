package store

import (
	"context"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// ReplaceDecisions makes one reviewer's decisions on an article exactly
// those given, leaves everyone else's alone, and records no undo.
func TestReplaceDecisions(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	d := newDoc("T", "", "Kabul denied the claim on Tuesday.")
	putDocs(t, s, d)
	mine := &annotate.Decision{Doc: d.ID, Span: "s1", Reviewer: "bilal", Verdict: annotate.VerdictReject, At: 1}
	apply(t, s, &annotate.Change{ID: annotate.NewID(), User: "bilal", Doc: d.ID, Decisions: []annotate.DecisionEdit{{After: mine}}})
	theirs := annotate.CuratedBy("alice")
	two := []*annotate.Decision{
		{Doc: d.ID, Span: "s1", Reviewer: theirs, Verdict: annotate.VerdictAccept, Curated: "c1", At: 2},
		{Doc: d.ID, Span: "s2", Reviewer: theirs, Verdict: annotate.VerdictReject, At: 2},
	}
	if err := s.ReplaceDecisions(ctx, d.ID, theirs, two); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Decisions(d.ID); len(got) != 3 {
		t.Fatalf("after two of alice's: %d decisions, want 3 (bilal's and alice's two)", len(got))
	}
	if err := s.ReplaceDecisions(ctx, d.ID, theirs, two[1:]); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Decisions(d.ID)
	if len(got) != 2 {
		t.Fatalf("after alice withdrew one: %+v, want bilal's and alice's reject", got)
	}
	for _, x := range got {
		if !(*x == *mine || *x == *two[1]) {
			t.Errorf("unexpected decision %+v", x)
		}
	}
	if _, ok := s.UndoTop(theirs); ok {
		t.Error("a colleague's decisions were recorded as an undoable change")
	}
	if err := s.ReplaceDecisions(ctx, d.ID, theirs, []*annotate.Decision{{Doc: d.ID, Span: "s3", Reviewer: "bilal", Verdict: "reject"}}); err == nil {
		t.Error("a decision of bilal's was taken as alice's")
	}
}
