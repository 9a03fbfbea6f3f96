package transfer

import (
	"runtime"
	"slices"
	"testing"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
)

// The plan gives its spans in the order they were read, each once, with
// those left out by a check dropped (one put again, before or after it was
// left out, keeps its first place):
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
	p.dropSpan("a")
	if got, want := p.spanIDs(), []string{"c", "b"}; !slices.Equal(got, want) {
		t.Fatalf("a left out: got %v, want %v", got, want)
	}
	put("a")
	p.dropSpan("c")
	put("c")
	if got, want := p.spanIDs(), []string{"c", "a", "b"}; !slices.Equal(got, want) {
		t.Fatalf("a and c put again: got %v, want %v", got, want)
	}
	if s, ok := p.span("a"); !ok || s.ID != "a" || p.spanCount() != 3 || len(p.spansRead()) != 3 {
		t.Fatalf("a put again: %v %v, %d spans, %d read", s, ok, p.spanCount(), len(p.spansRead()))
	}
	p.dropSpan("b")
	if _, ok := p.span("b"); ok || p.spanCount() != 2 || len(p.spansRead()) != 2 {
		t.Fatalf("b left out: still there, or %d spans, %d read", p.spanCount(), len(p.spansRead()))
	}
}

// An import's span tables are kept for the next import of about their
// size, a little larger or smaller (a first sync's buckets), also when
// imports of two sizes take turns.
func TestSpanTablesKept(t *testing.T) {
	if raceOn {
		t.Skip("the race detector drops what a sync.Pool keeps, at random")
	}
	runtime.GC() // nothing kept from other tests
	p := newPlan()
	first := takeSpanTables(1000)
	first.use(p)
	p.putSpan(&annotate.Span{ID: "a", Doc: "d"}, where{"f", 1})
	p.named[[2]string{"d", "al"}] = where{"f", 1}
	p.layers[[2]string{"d", "al"}] = layerIn{modified: 1}
	p.spanIDs()
	first.give(p)
	second := takeSpanTables(900)
	if second != first {
		t.Fatal("tables for 1,000 spans not taken for 900")
	}
	if len(second.named) != 0 || len(second.layers) != 0 || len(second.idx) != 0 || len(second.list) != 0 || len(second.at) != 0 || len(second.ids) != 0 || second.list[:1][0] != nil || second.ids[:1][0] != "" {
		t.Fatalf("tables kept hold what the import before put in them: %v %v %v %v %v %v", second.idx, second.list[:1], second.at[:1], second.ids[:1], second.named, second.layers)
	}
	big := takeSpanTables(5000)
	second.give(newPlanWith(second))
	big.give(newPlanWith(big))
	for range 3 {
		if got := takeSpanTables(4500); got != big {
			t.Fatal("tables for 5,000 spans not taken for 4,500 with tables for 1,000 kept too")
		} else {
			got.give(newPlanWith(got))
		}
		if got := takeSpanTables(1020); got != second {
			t.Fatal("tables for 1,000 spans not taken for 1,020 with tables for 5,000 kept too")
		} else {
			got.give(newPlanWith(got))
		}
	}
}

// newPlanWith is a plan that uses t.
func newPlanWith(t *spanTables) *plan {
	p := newPlan()
	t.use(p)
	return p
}

// The layers a bulk load's import sorts before the bulk's lock
// (prepareBatch) are what batch replaces, less a layer a check left out
// under the lock (as checkOwn leaves out a layer claiming your name):
// the same batch as one sorted under the lock.
func TestPrepareBatchLayers(t *testing.T) {
	st, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	const d, e = "00000000000000d0", "00000000000000e0"
	layers := func() *plan {
		p := newPlan()
		for _, k := range [][2]string{{e, "al"}, {d, "bo"}, {d, "al"}, {e, "cy"}} {
			p.layers[k] = layerIn{modified: 100}
		}
		return p
	}
	replaced := func(p *plan) []string {
		b, _, err := p.batch(st, 1)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, l := range b.Replace {
			out = append(out, l.Doc[14:]+"/"+l.Annotator)
		}
		return out
	}
	want := []string{"d0/al", "e0/al", "e0/cy"}
	for _, prepared := range []bool{false, true} {
		p := layers()
		if prepared {
			p.prepareBatch()
		}
		delete(p.layers, [2]string{d, "bo"})
		if got := replaced(p); !slices.Equal(got, want) {
			t.Errorf("prepared %v, d0/bo left out: replaced %v, want %v", prepared, got, want)
		}
	}
	p := layers()
	p.prepareBatch()
	if got, want := replaced(p), []string{"d0/al", "d0/bo", "e0/al", "e0/cy"}; !slices.Equal(got, want) {
		t.Errorf("prepared, none left out: replaced %v, want %v", got, want)
	}
}
