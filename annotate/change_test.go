package annotate

import "testing"

func TestSpanEditSides(t *testing.T) {
	a, b := &Span{ID: "s", Label: "claim"}, &Span{ID: "s", Label: "actor"}
	e := SpanEdit{Before: a, After: b}
	if before, after := e.Sides(false); before != a || after != b {
		t.Errorf("done: %v → %v, want claim → actor", before, after)
	}
	if before, after := e.Sides(true); before != b || after != a {
		t.Errorf("undone: %v → %v, want actor → claim", before, after)
	}
}
