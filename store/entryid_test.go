package store

import (
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/skein-news/skein/annotate"
)

// entryAsText is entry raw with its ID as text, as a store before schema 6
// wrote every entry.
func entryAsText(t *testing.T, raw []byte) []byte {
	t.Helper()
	r := reader{b: raw}
	annot := r.bytes()
	var buf [36]byte
	id := r.entryID(&buf)
	if r.err != nil {
		t.Fatalf("entry %x: %v", raw, r.err)
	}
	b := appendStr(appendStr(nil, string(annot)), string(id))
	return append(b, r.b...)
}

// listsAsText rewrites every span list and tail of the store in dir as
// schema 5 wrote them (every ID as text) and marks it schema 5; it tells
// how many entries held their ID in 16 bytes.
func listsAsText(t *testing.T, s *Store) int {
	t.Helper()
	short := 0
	conv := func(raw []byte) []byte {
		if idIsCompact(raw) {
			short++
		}
		return entryAsText(t, raw)
	}
	err := s.update(func(txn *badger.Txn) error {
		sets := map[string][]byte{}
		for _, p := range []byte{pSpan, pSpanTail} {
			it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{p}})
			for it.Rewind(); it.Valid(); it.Next() {
				v, err := it.Item().ValueCopy(nil)
				if err != nil {
					it.Close()
					return err
				}
				var out []byte
				if p == pSpan {
					out = binary.AppendUvarint(nil, uint64(entryCount(v)))
					if err := eachEntry(v, func(raw []byte) error {
						e := conv(raw)
						out = append(binary.AppendUvarint(out, uint64(len(e))), e...)
						return nil
					}); err != nil {
						it.Close()
						return err
					}
				} else {
					adds, removed, err := parseTail(v)
					if err != nil {
						it.Close()
						return err
					}
					ptrs := make([]*spanEntry, len(adds))
					for i := range adds {
						adds[i].raw = conv(adds[i].raw)
						ptrs[i] = &adds[i]
					}
					out = appendTail(nil, ptrs, removed)
				}
				sets[string(it.Item().KeyCopy(nil))] = out
			}
			it.Close()
		}
		for k, v := range sets {
			if err := txn.Set([]byte(k), v); err != nil {
				return err
			}
		}
		return txn.Set(versionKey, versionValue(5))
	})
	if err != nil {
		t.Fatal(err)
	}
	return short
}

func relabelled(sp *annotate.Span, label string) *annotate.Span {
	c := *sp
	c.Label = label
	return &c
}

// TestSchema5ListsRead: a store of schema 5, whose span lists and tails
// hold every ID as text, opens as schema 6 (read-only too) with nothing
// rewritten, and every reader and writer takes its entries as the same
// spans as the short form: its spans read back, a relabel and a delete of
// a span stored as text (on a short list, and on a long one by the
// single-span path) are not refused as changed since, an import of the
// same spans again writes none, an undo restores, and the store checks
// sound. An entry written since holds the short form; the others are
// kept as they were.
func TestSchema5ListsRead(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	docs, spans := genCorpus(61, 3, 30000, 0, "ana")
	for i, d := range docs {
		n := 6
		if i == 1 {
			n = 800 // a long list: over 32 KB as text, a tail beside it
		}
		length := len([]rune(d.Text))
		for j := 0; j < n; j++ {
			st := (j * 31) % (length - 20)
			sp := &annotate.Span{ID: annotate.NewID(), Doc: d.ID, Annotator: []string{"ana", "ben"}[j%2], Label: testLabels[j%len(testLabels)],
				Fragments: []annotate.Fragment{{Start: st, End: st + 5 + j%7}}, Created: 1700000000000 + int64(j)}
			spans = append(spans, sp)
		}
	}
	// An ID that is no UUID stays text in either schema.
	odd := &annotate.Span{ID: "span-odd-1", Doc: docs[0].ID, Annotator: "ana", Label: "claim", Fragments: []annotate.Fragment{{Start: 1, End: 4}}, Created: 1700000000000}
	spans = append(spans, odd)
	if _, err := s.WriteBatch(ctx, &Batch{Docs: docs, Spans: spans}); err != nil {
		t.Fatal(err)
	}
	// A tail beside the long list.
	added := newSpan(docs[1], "ana", "actor", 100, 110)
	apply(t, s, &annotate.Change{Desc: "add", User: "ana", Spans: []annotate.SpanEdit{{After: added}}})
	spans = append(spans, added)
	if n := countPrefix(t, s, pSpanTail); n != 1 {
		t.Fatalf("%d tails, want 1 beside the long list", n)
	}
	if short := listsAsText(t, s); short != len(spans)-1 {
		t.Fatalf("%d entries held their ID in 16 bytes, want every one but the odd ID's (%d)", short, len(spans)-1)
	}
	s.Close()

	if err := readOnlyMigrate(t, dir); err != nil {
		t.Errorf("read-only open of a schema-5 store: %v", err)
	}
	if s, err = Open(dir, Options{}); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.SchemaVersion() != 9 || currentSchema() != 9 {
		t.Errorf("schema %d after opening a schema-5 store (current %d), want 9", s.SchemaVersion(), currentSchema())
	}
	byDoc := map[string][]*annotate.Span{}
	for _, sp := range spans {
		byDoc[sp.Doc] = append(byDoc[sp.Doc], sp)
	}
	for _, d := range docs {
		annotate.SortSpans(byDoc[d.ID])

		got, err := s.Spans(d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !sameSpans(got, byDoc[d.ID]) {
			t.Errorf("document %s: spans read back differ from those written (%d, want %d)", d.ID, len(got), len(byDoc[d.ID]))
		}
	}
	if err := checkKeys(s); err != nil {
		t.Errorf("the schema-5 store: %v", err)
	}

	// Importing the same spans again changes nothing.
	res, err := s.WriteBatch(ctx, &Batch{Spans: byDoc[docs[2].ID]})
	if err != nil || res.SpansWritten != 0 {
		t.Errorf("the same spans imported again: %d written, %v; want 0", res.SpansWritten, err)
	}
	// Edits of spans stored as text: on the short list (the general
	// path), on the long one (the single-span path, its list and its
	// tail), and of the odd ID.
	short0, long0, tail0 := byDoc[docs[0].ID][0], byDoc[docs[1].ID][3], added
	for _, sp := range []*annotate.Span{short0, long0, tail0, odd} {
		if err := s.Apply(ctx, &annotate.Change{Desc: "relabel", User: "ana", Spans: []annotate.SpanEdit{{Before: sp, After: relabelled(sp, "figure2")}}}); err != nil {
			t.Errorf("relabel of span %s stored as text: %v", sp.ID, err)
		}
	}
	if _, err := s.Undo(ctx, "ana"); err != nil {
		t.Errorf("undo of the relabel: %v", err)
	}
	del := byDoc[docs[1].ID][5]
	if err := s.Apply(ctx, &annotate.Change{Desc: "delete", User: "ana", Spans: []annotate.SpanEdit{{Before: del}}}); err != nil {
		t.Errorf("delete of span %s stored as text: %v", del.ID, err)
	}
	for _, sp := range []*annotate.Span{short0, long0, tail0} {
		if got, err := s.Span(sp.ID); err != nil || got.Label != "figure2" {
			t.Errorf("span %s after its relabel: %v, %v", sp.ID, got, err)
		}
	}
	if got, err := s.Span(odd.ID); err != nil || got.Label != "claim" || !strings.HasPrefix(got.ID, "span-odd") {
		t.Errorf("the odd ID after its relabel undone: %v, %v", got, err)
	}
	if got, err := s.Span(del.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("span %s after its delete: %v, %v", del.ID, got, err)
	}
	if err := checkKeys(s); err != nil {
		t.Errorf("after the edits: %v", err)
	}
	// The short list was written again: the relabelled span's entry
	// holds its UUID in 16 bytes, the others as they were.
	err = s.db.View(func(txn *badger.Txn) error {
		d, _ := docBytes(docs[0].ID)
		v, err := get(txn, docKey(pSpan, d))
		if err != nil {
			return err
		}
		return eachEntry(v, func(raw []byte) error {
			var buf [36]byte
			r := reader{b: raw}
			r.bytes()
			id := string(r.entryID(&buf))
			if compact := idIsCompact(raw); compact != (id == short0.ID) {
				t.Errorf("entry of %s: 16 bytes %v", id, compact)
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
}
