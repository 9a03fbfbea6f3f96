package store

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// sortEntries orders entries exactly as compareEntries does: by start,
// by end from the longest, then label and ID where the offsets are the
// same; offsets too large for its keys, and more entries than its index
// holds, too.
func TestSortEntries(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct{ n, offsets int }{{0, 10}, {1, 10}, {200, 8}, {200, 1 << 30}, {1000, 3}, {1<<16 + 10, 1000}} {
		t.Run(fmt.Sprintf("%dx%d", c.n, c.offsets), func(t *testing.T) {
			es := make([]*spanEntry, c.n)
			for i := range es {
				start := int64(r.IntN(c.offsets))
				es[i] = &spanEntry{
					start: start, end: start + int64(r.IntN(4)),
					label: []byte{"abc"[r.IntN(3)]},
					id:    fmt.Appendf(nil, "%08x", r.Uint32()),
				}
			}
			if c.offsets > 1<<24 && c.n > 0 {
				es[0].start, es[0].end = 1<<30, 1<<30+5 // beyond the keys' bits
			}
			want := slices.Clone(es)
			slices.SortFunc(want, compareEntries)
			sortEntries(es)
			sameEntries(t, es, want)
		})
	}
}

// sameEntries fails t unless got holds want's entries in want's order.
func sameEntries(t *testing.T, got, want []*spanEntry) {
	t.Helper()
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("entry %d: got %d-%d %s %s, want %d-%d %s %s", i,
				got[i].start, got[i].end, got[i].label, got[i].id, want[i].start, want[i].end, want[i].label, want[i].id)
		}
	}
}

// runEntries is n colleagues' layers of per spans each on one article,
// each layer in its own order (as a first sync's bucket brings them, one
// colleague's file after another), their offsets drawn from offsets
// (few: layers share offsets).
func runEntries(r *rand.Rand, n, per, offsets int) []*spanEntry {
	var es []*spanEntry
	for a := 0; a < n; a++ {
		layer := make([]*spanEntry, per)
		for i := range layer {
			start := int64(r.IntN(offsets))
			layer[i] = &spanEntry{
				start: start, end: start + int64(r.IntN(4)),
				label: []byte{"abc"[r.IntN(3)]},
				id:    fmt.Appendf(nil, "%08x", r.Uint32()),
			}
		}
		slices.SortFunc(layer, compareEntries)
		es = append(es, layer...)
	}
	return es
}

// Entries that come as runs each in order (colleagues' layers) are
// sorted into exactly compareEntries' order: one run, two, an odd
// number, twenty as a first sync's (offsets apart and shared), many.
func TestSortEntriesRuns(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, c := range []struct{ runs, per, offsets int }{{1, 50, 1000}, {2, 10, 1000}, {3, 7, 20}, {20, 10, 5000}, {20, 10, 30}, {64, 5, 100}, {65, 10, 1000}, {20, 1, 1000}} {
		t.Run(fmt.Sprintf("%dx%d", c.runs, c.per), func(t *testing.T) {
			es := runEntries(r, c.runs, c.per, c.offsets)
			want := slices.Clone(es)
			slices.SortFunc(want, compareEntries)
			sortEntries(es)
			sameEntries(t, es, want)
		})
	}
}

// BenchmarkSortEntriesRuns sorts a first sync's article: twenty
// colleagues' layers of ten spans, each in order.
func BenchmarkSortEntriesRuns(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 6))
	es := runEntries(r, 20, 10, 5000)
	work := make([]*spanEntry, len(es))
	b.ReportAllocs()
	for b.Loop() {
		copy(work, es)
		sortEntries(work)
	}
}

// A bulk write's pending record keeps each span's ID hash as spanHash
// gives it for the ID's text, whether the entry holds the ID as a UUID's
// 16 bytes or as text: a lookup before the merge asks the filter by it.
func TestPendingWriterHash(t *testing.T) {
	for _, id := range []string{"0b8f6c1e-3a52-4d0e-9c7b-2f1a5e6d7c8b", "not-a-uuid-7", "0B8F6C1E-3A52-4D0E-9C7B-2F1A5E6D7C8B"} {
		sp := &annotate.Span{ID: id, Doc: "0123456789abcdef", Annotator: "ana", Label: "actor", Fragments: []annotate.Fragment{{Start: 1, End: 4}}}
		e, err := parseEntryIn(appendEntry(nil, sp), nil, sp.ID)
		if err != nil {
			t.Fatal(err)
		}
		var w pendingWriter
		w.add([8]byte{1}, &e)
		if want := mix64(spanHash(id)); len(w.hashes) != 1 || w.hashes[0] != want {
			t.Errorf("%s: hashes %x, want [%x]", id, w.hashes, want)
		}
	}
}

// A span added as it is written (addSpan) has the entry fields that
// decoding its entry gives: the same order, index and names.
func TestAddSpanAsDecoded(t *testing.T) {
	spans := []*annotate.Span{
		{ID: "0b8f6c1e-3a52-4d0e-9c7b-2f1a5e6d7c8b", Annotator: "ana", Label: "actor", Fragments: []annotate.Fragment{{Start: 1, End: 4}}},
		{ID: "0B8F6C1E-3A52-4D0E-9C7B-2F1A5E6D7C8B", Annotator: "bilal", Label: "", Fragments: []annotate.Fragment{{Start: 7, End: 9}, {Start: 20, End: 31}}, Note: "n"},
		{ID: "T1", Annotator: "", Label: "claim", Fragments: []annotate.Fragment{{Start: 0, End: 1 << 30}}, Attrs: map[string]string{"a": "b"}},
		{ID: "no-fragments", Annotator: "cai", Label: "x"},
	}
	for _, sp := range spans {
		raw := appendEntry(nil, sp)
		want, err := parseEntryIn(raw, nil, sp.ID)
		if err != nil {
			t.Fatal(err)
		}
		var ss spanSet
		ss.addSpan(raw, sp)
		got := ss.entries[0]
		if !bytes.Equal(got.raw, want.raw) || !bytes.Equal(got.annot, want.annot) || !bytes.Equal(got.id, want.id) ||
			!bytes.Equal(got.label, want.label) || got.start != want.start || got.end != want.end || !ss.dirty {
			t.Errorf("%s: added %+v, decoded %+v", sp.ID, got, want)
		}
	}
}

// A pending record's filter answers "perhaps" for few IDs it does not
// hold: a lookup reads the span lists of every document of each record
// that does, and a first sync's bucket asks ~280 records.
func TestPendingFilterFalseHits(t *testing.T) {
	var w pendingWriter
	sp := &annotate.Span{Annotator: "ana", Label: "actor", Fragments: []annotate.Fragment{{Start: 1, End: 4}}}
	for i := range 15600 { // a first sync's bucket: 78 articles × 200 spans
		sp.ID = fmt.Sprintf("held-%d", i)
		e, err := parseEntryIn(appendEntry(nil, sp), nil, sp.ID)
		if err != nil {
			t.Fatal(err)
		}
		w.add([8]byte{byte(i / 200)}, &e)
	}
	var p pendingIndex
	txn := openTest(t).db.NewTransaction(true)
	defer txn.Discard()
	if err := w.write(txn, &p); err != nil {
		t.Fatal(err)
	}
	var f *bloom
	for _, set := range p.sets {
		f = set
	}
	hits := 0
	const asked = 200000
	for i := range asked {
		if f.test(mix64(spanHash(fmt.Sprintf("other-%d", i)))) {
			hits++
		}
	}
	// 0.4 % at 12 bits a key; a record in 2,000 at most (0.03 % at 20),
	// so that ~280 records send one lookup in seven at most to read a
	// record's lists.
	t.Logf("false hits: %d of %d", hits, asked)
	if rate := float64(hits) / asked; rate > 1.0/2000 {
		t.Errorf("false hits %.4f%% of IDs not held, want at most 0.05%%", 100*rate)
	}
	for i := range 15600 {
		if !f.test(mix64(spanHash(fmt.Sprintf("held-%d", i)))) {
			t.Fatalf("held-%d not in the filter", i)
		}
	}
}
