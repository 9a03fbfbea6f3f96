package store

import (
	"errors"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// TestBuiltBeforeCommit: Apply, Undo and Redo call WithBuilt's function
// once the change's transaction is built and before it is committed (the
// caller's own work then runs in the time of the commit's syncs, issue
// 18); a change refused (a conflict, nothing to undo) or empty never
// calls it, and a context without one is fine.
func TestBuiltBeforeCommit(t *testing.T) {
	s := openTest(t)
	d := newDoc("A", "2024-01-01", "The minister said the plan would work.")
	putDocs(t, s, d)
	var log []string
	beforeUpdateCommit = func(int) { log = append(log, "commit") }
	defer func() { beforeUpdateCommit = nil }()
	bctx := WithBuilt(ctx, func() { log = append(log, "built") })
	check := func(what string, err error, want string) {
		t.Helper()
		if err != nil && want != "" {
			t.Fatalf("%s: %v", what, err)
		}
		if got := strings.Join(log, " "); got != want {
			t.Errorf("%s: %q, want %q", what, got, want)
		}
		log = nil
	}

	sp := newSpan(d, "ana", annotate.Claim, 4, 12)
	check("apply", s.Apply(bctx, annotate.AddSpan("ana", sp)), "built commit")
	_, err := s.Undo(bctx, "ana")
	check("undo", err, "built commit")
	_, err = s.Redo(bctx, "ana")
	check("redo", err, "built commit")

	err = s.Apply(bctx, annotate.AddSpan("ana", sp)) // the span is there already
	if !errors.Is(err, ErrConflict) {
		t.Errorf("adding the span again: %v, want ErrConflict", err)
	}
	check("a conflict", nil, "")
	_, err = s.Redo(bctx, "ana")
	if !errors.Is(err, ErrNothingToUndo) {
		t.Errorf("redo with nothing to redo: %v, want ErrNothingToUndo", err)
	}
	check("nothing to redo", nil, "")
	check("an empty change", s.Apply(bctx, &annotate.Change{User: "ana"}), "")

	other := newSpan(d, "ana", annotate.Claim, 17, 21)
	check("no function in the context", s.Apply(ctx, annotate.AddSpan("ana", other)), "commit")
}
