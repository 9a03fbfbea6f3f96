package spanlist

import (
	"testing"

	"github.com/skein-news/skein/annotate"
)

// The heading says whose the spans shown are in English that reads right
// for every count: it read "1 yours, 1 others".
func TestHeadSaysWhose(t *testing.T) {
	spans := func(counts ...any) []*annotate.Span {
		var out []*annotate.Span
		for i := 0; i < len(counts); i += 2 {
			for range counts[i+1].(int) {
				out = append(out, &annotate.Span{Annotator: counts[i].(string)})
			}
		}
		return out
	}
	for _, tc := range []struct {
		spans []*annotate.Span
		want  string
	}{
		{spans(), "Spans"},
		{spans("alice", 1), "Spans  ·  1"},
		{spans("alice", 2), "Spans  ·  2"},
		{spans("bilal", 1), "Spans  ·  0 yours, 1 bilal's"},
		{spans("alice", 1, "bilal", 1), "Spans  ·  1 yours, 1 bilal's"},
		{spans("alice", 2, "bilal", 2), "Spans  ·  2 yours, 2 bilal's"},
		{spans("alice", 1, "bilal", 1, "chen", 1), "Spans  ·  1 yours, 2 by 2 colleagues"},
		{spans("alice", 0, "bilal", 2, "chen", 1), "Spans  ·  0 yours, 3 by 2 colleagues"},
		{spans("alice", 2, annotate.CuratedLayer, 1), "Spans  ·  2 yours, 1 curated"},
		{spans("alice", 1, annotate.CuratedBy("bilal"), 2), "Spans  ·  1 yours, 2 curated by bilal"},
	} {
		if got := Head("alice", tc.spans); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}
