package transfer

import (
	"slices"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// The plan gives its spans in the order they were read, each once, with
// those left out by a check dropped (one put again keeps its first place):
// the batch is written in that order.
func TestSpanIDsInReadOrder(t *testing.T) {
	p := newPlan()
	put := func(id string) { p.putSpan(&annotate.Span{ID: id, Doc: "d", Annotator: "al"}, where{"f.jsonl", 1}) }
	for _, id := range []string{"c", "a", "b", "a"} {
		put(id)
	}
	if got, want := p.spanIDs(), []string{"c", "a", "b"}; !slices.Equal(got, want) {
		t.Fatalf("read c a b a: got %v, want %v", got, want)
	}
	delete(p.spans, "a")
	if got, want := p.spanIDs(), []string{"c", "b"}; !slices.Equal(got, want) {
		t.Fatalf("a left out: got %v, want %v", got, want)
	}
	put("a")
	delete(p.spans, "c")
	put("c")
	if got, want := p.spanIDs(), []string{"c", "b", "a"}; !slices.Equal(got, want) {
		t.Fatalf("a and c put again: got %v, want %v", got, want)
	}
}
