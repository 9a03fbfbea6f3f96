package store

import (
	"testing"

	"github.com/skein-news/skein/annotate"
)

// TestLayerTimes: one snapshot's answer for many layers is LayerModified's
// for each, on stored articles with and without a time, on an article the
// store lacks, and on an ID that is no article's.
func TestLayerTimes(t *testing.T) {
	s := openTest(t)
	a, b, gone := newDoc("A", "", "first article text"), newDoc("B", "", "second article text"), newDoc("C", "", "never stored")
	putDocs(t, s, a, b)
	_, err := s.WriteBatch(ctx, &Batch{Spans: []*annotate.Span{newSpan(a, "ana", "claim", 0, 5)},
		Stamps: []LayerStamp{{Doc: a.ID, Annotator: "ana", Modified: 1234}, {Doc: b.ID, Annotator: "ben", Modified: 99}}})
	if err != nil {
		t.Fatal(err)
	}
	layers := [][2]string{{a.ID, "ana"}, {a.ID, "ben"}, {b.ID, "ben"}, {b.ID, "ana"}, {gone.ID, "ana"}, {"not-an-id", "ana"}, {a.ID, "ana"}}
	got, err := s.LayerTimes(layers)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(layers) {
		t.Fatalf("got %d times for %d layers", len(got), len(layers))
	}
	for i, l := range layers {
		want, err := s.LayerModified(l[0], l[1])
		if err != nil {
			t.Fatal(err)
		}
		if got[i] != want {
			t.Errorf("layer %s of %s: got %d, want %d", l[1], l[0], got[i], want)
		}
	}
	if got[0] != 1234 || got[2] != 99 {
		t.Errorf("got %v, want 1234 and 99 for the stamped layers", got)
	}
}
