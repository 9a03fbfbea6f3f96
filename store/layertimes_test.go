package store

import (
	"fmt"
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

// TestLayerTimesManyLayers: a document asked about for many layers has
// them read in one seek: the same answers as LayerModified's, for layers
// with a time and without, beside another document's, and in any order.
func TestLayerTimesManyLayers(t *testing.T) {
	s := openTest(t)
	a, b, c := newDoc("A", "", "first article text"), newDoc("B", "", "second article text"), newDoc("C", "", "third article text")
	putDocs(t, s, a, b, c)
	var stamps []LayerStamp
	names := []string{"ana", "ben", "cy", "dee", "ed", "a-much-longer-annotator-name"}
	for i, n := range names {
		stamps = append(stamps, LayerStamp{Doc: a.ID, Annotator: n, Modified: int64(1000 + i)})
		if i%2 == 0 {
			stamps = append(stamps, LayerStamp{Doc: b.ID, Annotator: n, Modified: int64(2000 + i)})
		}
	}
	if _, err := s.WriteBatch(ctx, &Batch{Stamps: stamps}); err != nil {
		t.Fatal(err)
	}
	var layers [][2]string
	for _, n := range append(names, "nobody", "an") {
		layers = append(layers, [2]string{b.ID, n}, [2]string{a.ID, n}, [2]string{c.ID, n})
	}
	got, err := s.LayerTimes(layers)
	if err != nil {
		t.Fatal(err)
	}
	set := 0
	for i, l := range layers {
		want, err := s.LayerModified(l[0], l[1])
		if err != nil {
			t.Fatal(err)
		}
		if got[i] != want {
			t.Errorf("layer %s of %s: got %d, want %d", l[1], l[0], got[i], want)
		}
		if want != 0 {
			set++
		}
	}
	if set != len(stamps) {
		t.Errorf("%d layers with a time, want %d", set, len(stamps))
	}
}

// BenchmarkLayerTimes asks for 20 colleagues' layers of 2,000 stored
// articles that have none yet: a first sync's import plan, bucket after
// bucket.
func BenchmarkLayerTimes(b *testing.B) {
	s := openTest(b)
	docs, _ := genCorpus(14, 2000, 400, 0)
	if _, err := s.WriteBatch(ctx, &Batch{Docs: docs}); err != nil {
		b.Fatal(err)
	}
	var layers [][2]string
	for _, d := range docs {
		for i := range 20 {
			layers = append(layers, [2]string{d.ID, fmt.Sprintf("ann%02d", i)})
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.LayerTimes(layers); err != nil {
			b.Fatal(err)
		}
	}
}
