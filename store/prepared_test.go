package store

import (
	"encoding/binary"
	"math/rand/v2"
	"slices"
	"testing"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/skein-news/skein/annotate"
)

// TestPreparedBulkSpansSameStore: a bulk load whose spans were made ready
// before the lock (PrepareBulkSpans) leaves the store byte for byte as
// one that was not: span lists, annotator and label keys, layer times,
// the packed index's pages after Finish. Documents that held a span list
// before, a span given twice and a batch the checks changed since (a span
// left out) are written the long way, and the same. The parts bring their
// documents, stored already, as a team folder's buckets do.
func TestPreparedBulkSpansSameStore(t *testing.T) {
	docs, spans := genCorpus(31, 40, 600, 24, "ana", "ben", "cai", "eve")
	r := rand.New(rand.NewPCG(5, 6))
	// Spans of an earlier layer on five documents: their lists are read
	// in the write's transaction and merged, not taken as made ready.
	var old []*annotate.Span
	for i, d := range docs[:5] {
		old = append(old, &annotate.Span{ID: uuidV7From(r, 1600000000000+int64(i)), Doc: d.ID, Label: "claim", Annotator: "old",
			Fragments: []annotate.Fragment{{Start: 3, End: 9}}, Created: 1600000000000})
	}
	// Four parts; every layer but eve's stamped (eve's get the write's
	// time, as a layer without a stamp does); the third part gives a span
	// twice.
	type part struct {
		batch *Batch
		extra *annotate.Span // prepared beside the batch's spans: a batch changed since
	}
	var parts []part
	per := len(spans) / 4
	for i := 0; i < len(spans); i += per {
		ps := slices.Clone(spans[i:min(i+per, len(spans))])
		if len(parts) == 2 {
			ps = append(ps, ps[len(ps)-1])
		}
		// The documents, stored already, come with their spans, as a
		// team folder's bucket brings them.
		b := &Batch{Spans: ps}
		for _, d := range docs {
			if slices.ContainsFunc(ps, func(sp *annotate.Span) bool { return sp.Doc == d.ID }) {
				b.Docs = append(b.Docs, d)
			}
		}
		seen := map[[2]string]bool{}
		for _, sp := range ps {
			if k := [2]string{sp.Doc, sp.Annotator}; sp.Annotator != "eve" && !seen[k] {
				seen[k] = true
				b.Replace = append(b.Replace, LayerStamp{Doc: sp.Doc, Annotator: sp.Annotator, Modified: 1700000000000 + int64(len(b.Replace))})
			}
		}
		p := part{batch: b}
		if len(parts) == 3 {
			p.extra = &annotate.Span{ID: uuidV7From(r, 1750000000000), Doc: ps[0].Doc, Label: "actor", Annotator: "ana",
				Fragments: []annotate.Fragment{{Start: 1, End: 4}}, Created: 1750000000000}
		}
		parts = append(parts, p)
	}

	t0 := annotate.NowMillis()
	load := func(mode string) (map[string]string, int64) {
		t.Helper()
		s := openTest(t)
		if _, err := s.WriteBatch(ctx, &Batch{Docs: docs}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.WriteBatch(ctx, &Batch{Spans: old, Stamps: []LayerStamp{{Doc: docs[0].ID, Annotator: "old", Modified: 1600000000000}}}); err != nil {
			t.Fatal(err)
		}
		b, err := s.NewBulk(ctx, len(spans))
		if err != nil {
			t.Fatal(err)
		}
		before := listsPrepared.Load()
		for i, p := range parts {
			var pre *BulkSpans
			switch {
			case mode == "prepared" && p.extra == nil:
				pre = PrepareBulkSpans(p.batch.Docs, p.batch.Spans)
			case mode == "prepared":
				pre = PrepareBulkSpans(p.batch.Docs, append(slices.Clone(p.batch.Spans), p.extra))
			}
			if err := b.Lock(); err != nil {
				t.Fatal(err)
			}
			ids := make([]string, len(p.batch.Spans))
			for k, sp := range p.batch.Spans {
				ids[k] = sp.ID
			}
			if _, err := b.SpanDocs(ctx, ids); err != nil {
				t.Fatal(err)
			}
			_, err := b.WriteBatchPrepared(ctx, p.batch, pre)
			b.Unlock()
			if err != nil {
				t.Fatalf("%s, part %d: %v", mode, i, err)
			}
		}
		prepared := listsPrepared.Load() - before
		if err := b.Finish(ctx); err != nil {
			t.Fatal(err)
		}
		findsAll(t, s, spans)
		return storeValues(t, s, nil), prepared
	}
	want, n := load("plain")
	if n != 0 {
		t.Fatalf("a load without prepared spans wrote %d prepared lists", n)
	}
	got, n := load("prepared")
	t1 := annotate.NowMillis()
	// Every document of the parts but the five with a list before, the
	// one given a span twice, and those of the part changed since.
	docsOf := func(spans []*annotate.Span) map[string]bool {
		m := map[string]bool{}
		for _, sp := range spans {
			m[sp.Doc] = true
		}
		return m
	}
	expect := 0
	for i, p := range parts[:3] {
		for d := range docsOf(p.batch.Spans) {
			if !docsOf(old)[d] && !(i == 2 && d == p.batch.Spans[len(p.batch.Spans)-1].Doc) {
				expect++
			}
		}
	}
	if n != int64(expect) {
		t.Errorf("%d lists written as prepared, want %d", n, expect)
	}
	if len(got) != len(want) {
		t.Errorf("%d keys with prepared spans, %d without", len(got), len(want))
	}
	for k, v := range want {
		g, ok := got[k]
		switch {
		case !ok:
			t.Errorf("key %x missing with prepared spans", k)
		case g != v && k[0] == pLayerMod && len(v) == 8 && len(g) == 8 && within(v, t0, t1) && within(g, t0, t1):
			// eve's layer: the time of each load's write
		case g != v:
			t.Errorf("key %x: %x with prepared spans, %x without", k, g, v)
		}
	}
}

// within tells whether v, a layer time, is from t0 to t1.
func within(v string, t0, t1 int64) bool {
	ms := int64(binary.BigEndian.Uint64([]byte(v)))
	return ms >= t0 && ms <= t1
}

// storeValues is every key the store holds with prefix, with its value.
func storeValues(t *testing.T, s *Store, prefix []byte) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			out[string(it.Item().KeyCopy(nil))] = string(v)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
