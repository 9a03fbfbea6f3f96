package store

import (
	"fmt"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// firstSyncBatch is a first sync's bucket: colleagues' files one after
// another, each with its spans on each of docs articles, and their layers
// replaced, sorted.
func firstSyncBatch(colleagues, docs, per int) *Batch {
	b := &Batch{}
	for a := 0; a < colleagues; a++ {
		for d := 0; d < docs; d++ {
			for i := 0; i < per; i++ {
				b.Spans = append(b.Spans, &annotate.Span{
					ID: fmt.Sprintf("%d-%d-%d", a, d, i), Doc: fmt.Sprintf("%016x", d), Annotator: fmt.Sprintf("ann%d", a), Label: "claim",
					Fragments: []annotate.Fragment{{Start: 10 * i, End: 10*i + 5}},
				})
			}
		}
	}
	for d := 0; d < docs; d++ {
		for a := 0; a < colleagues; a++ {
			b.Replace = append(b.Replace, LayerStamp{Doc: fmt.Sprintf("%016x", d), Annotator: fmt.Sprintf("ann%d", a), Modified: 1})
		}
	}
	return b
}

// groupBatch puts each document's spans, which a first sync's bucket
// brings in one run a colleague, and its layers replaced in lists made
// once: its allocations do not grow with the runs or the colleagues, and
// each group holds its spans and layers in the batch's order.
func TestGroupBatchRuns(t *testing.T) {
	const docs = 50
	b := firstSyncBatch(20, docs, 10)
	groups, err := groupBatch(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(groups) != docs {
		t.Fatalf("%d groups, want %d", len(groups), docs)
	}
	n := 0
	for i, g := range groups {
		if want := fmt.Sprintf("%016x", i); g.id != want {
			t.Fatalf("group %d is document %s, want %s", i, g.id, want)
		}
		if len(g.spans) != 200 {
			t.Fatalf("document %s: %d spans, want 200", g.id, len(g.spans))
		}
		for k, sp := range g.spans {
			if want := fmt.Sprintf("%d-%d-%d", k/10, i, k%10); sp.ID != want || sp.Doc != g.id {
				t.Fatalf("document %s span %d: %s, want %s", g.id, k, sp.ID, want)
			}
		}
		n += len(g.spans)
		if len(g.replace) != 20 || g.replace[0].Annotator != "ann0" || g.replace[19].Annotator != "ann19" || g.replace[19].Doc != g.id {
			t.Fatalf("document %s: layers replaced %v, want ann0 to ann19's", g.id, g.replace)
		}
	}
	if n != len(b.Spans) {
		t.Fatalf("%d spans grouped, want %d", n, len(b.Spans))
	}
	allocs := testing.AllocsPerRun(5, func() { groupBatch(b) })
	t.Logf("%.0f allocations for %d documents", allocs, docs)
	if perDoc := allocs / docs; perDoc > 6 {
		t.Errorf("%.1f allocations a document with twenty colleagues' runs: its span list, its annotators or its layers grow one by one", perDoc)
	}
}

// BenchmarkGroupBatch groups a first sync's bucket: twenty colleagues'
// files of 78 articles with ten spans each.
func BenchmarkGroupBatch(b *testing.B) {
	batch := firstSyncBatch(20, 78, 10)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := groupBatch(batch); err != nil {
			b.Fatal(err)
		}
	}
}
