package store

import (
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/skein-news/skein/annotate"
)

// applyToModel makes change c (or its inverse) in model m.
func applyToModel(m model, c *annotate.Change, inverse bool) {
	if inverse {
		c = c.Inverse()
	}
	for _, e := range c.Spans {
		if e.Before != nil {
			delete(m.spans, e.Before.ID)
		}
		if e.After != nil {
			m.spans[e.After.ID] = e.After.Clone()
		}
	}
}

// spanVersion is the Badger version of document doc's span list, or 0.
func spanVersion(t *testing.T, s *Store, p byte, doc [8]byte) (uint64, int) {
	t.Helper()
	var v uint64
	var size int
	err := s.view(func(txn *badger.Txn) error {
		it, err := txn.Get(docKey(p, doc))
		if err == badger.ErrKeyNotFound {
			return nil
		}
		if err != nil {
			return err
		}
		v, size = it.Version(), int(it.ValueSize())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return v, size
}

// TestTailKeepsEveryChange makes 400 random edits to an article whose span
// list is long enough to get a tail (adds, relabels, deletes, undos, redos
// and imports into it), beside a short one that never does, and after
// every 20 checks every read against a model of what the store must hold,
// and the store's check; the tail is seen to grow and to be folded into
// the list, and all of it is there after a backup and restore and after a
// reopen.
func TestTailKeepsEveryChange(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	docs, spans := genCorpus(40, 1, 30_000, 400, "ana", "ben", "curated")
	small, smallSpans := genCorpus(41, 1, 2_000, 10, "ana")
	docs = append(docs, small...)
	if _, err := s.WriteBatch(ctx, &Batch{Docs: docs, Spans: append(spans, smallSpans...)}); err != nil {
		t.Fatal(err)
	}
	m := model{spans: map[string]*annotate.Span{}, threads: map[string]*annotate.Thread{}}
	for _, sp := range append(spans, smallSpans...) {
		m.spans[sp.ID] = sp
	}
	big, _ := docBytes(docs[0].ID)
	if _, size := spanVersion(t, s, pSpan, big); size < tailMinBase {
		t.Fatalf("the long list is %d bytes, under the %d a tail needs", size, tailMinBase)
	}
	r := rand.New(rand.NewPCG(1, 2))
	pick := func(doc string) *annotate.Span {
		var in []*annotate.Span
		for _, sp := range m.spans {
			if sp.Doc == doc {
				in = append(in, sp)
			}
		}
		annotate.SortSpans(in)
		return in[r.IntN(len(in))]
	}
	sawTail, sawFold := false, false
	for i := 1; i <= 400; i++ {
		d := docs[0]
		if i%9 == 0 {
			d = docs[1]
		}
		var c *annotate.Change
		switch x := r.IntN(100); {
		case x < 50:
			start := r.IntN(len(d.Text) - 30)
			sp := &annotate.Span{ID: annotate.NewID(), Doc: d.ID, Label: testLabels[r.IntN(len(testLabels))],
				Annotator: []string{"ana", "ben", "curated", "dora"}[r.IntN(4)],
				Fragments: []annotate.Fragment{{Start: start, End: start + 1 + r.IntN(25)}}, Created: annotate.NowMillis()}
			c = annotate.AddSpan("ana", sp)
		case x < 65:
			old := pick(d.ID)
			upd := old.Clone()
			upd.Label = testLabels[(r.IntN(len(testLabels)-1)+1+indexOf(testLabels, old.Label))%len(testLabels)]
			c = annotate.EditSpan("ana", "relabel", old, upd)
		case x < 80:
			c = annotate.DeleteSpans("ana", []*annotate.Span{pick(d.ID)}, nil)
		case x < 92:
			u, err := s.Undo(ctx, "ana")
			if err != nil {
				t.Fatalf("edit %d: undo: %v", i, err)
			}
			applyToModel(m, u, true)
		case x < 96:
			u, err := s.Redo(ctx, "ana")
			if err == nil {
				applyToModel(m, u, false)
			} else if !strings.Contains(err.Error(), ErrNothingToUndo.Error()) {
				t.Fatalf("edit %d: redo: %v", i, err)
			}
		default:
			var add []*annotate.Span
			for j := 0; j < 1+r.IntN(4); j++ {
				start := r.IntN(len(d.Text) - 30)
				add = append(add, &annotate.Span{ID: annotate.NewID(), Doc: d.ID, Label: "claim", Annotator: "ben",
					Fragments: []annotate.Fragment{{Start: start, End: start + 7}}, Created: annotate.NowMillis()})
			}
			if _, err := s.WriteBatch(ctx, &Batch{Spans: add}); err != nil {
				t.Fatalf("edit %d: import: %v", i, err)
			}
			for _, sp := range add {
				m.spans[sp.ID] = sp
			}
		}
		if c != nil {
			if err := s.Apply(ctx, c); err != nil {
				t.Fatalf("edit %d: %s: %v", i, c.Desc, err)
			}
			applyToModel(m, c, false)
		}
		if _, size := spanVersion(t, s, pSpanTail, big); size > 0 {
			sawTail = true
		} else if sawTail {
			sawFold = true
		}
		if v, _ := spanVersion(t, s, pSpanTail, [8]byte(mustDoc(t, docs[1].ID))); v != 0 {
			t.Fatalf("edit %d: the short list has a tail", i)
		}
		if i%20 == 0 {
			checkStore(t, s, m, docs)
			checkExport(t, s, m, docs)
			if err := checkKeys(s); err != nil {
				t.Fatalf("edit %d: %v", i, err)
			}
			if t.Failed() {
				t.Fatalf("edit %d: the store differs from the model", i)
			}
		}
	}
	if !sawTail || !sawFold {
		t.Errorf("a tail was seen: %v; folded into the list: %v; want both", sawTail, sawFold)
	}
	// A tail left by the last edit goes into a backup and comes back.
	if v, _ := spanVersion(t, s, pSpanTail, big); v == 0 {
		sp := newSpan(docs[0], "ana", "claim", 5, 9)
		apply(t, s, annotate.AddSpan("ana", sp))
		m.spans[sp.ID] = sp
	}
	file := filepath.Join(t.TempDir(), "tail.skein-backup")
	if _, err := s.BackupFile(ctx, file); err != nil {
		t.Fatal(err)
	}
	restored := filepath.Join(t.TempDir(), "restored")
	if rep, err := Restore(ctx, restored, file); err != nil || !rep.Sound() {
		t.Fatalf("restore: %v %v", rep, err)
	}
	rs, err := Open(restored, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := spanVersion(t, rs, pSpanTail, big); v == 0 {
		t.Error("the restored store has no tail")
	}
	checkStore(t, rs, m, docs)
	rs.Close()
	s = reopen(t, s, dir)
	checkStore(t, s, m, docs)
	if err := checkKeys(s); err != nil {
		t.Fatal(err)
	}
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

func mustDoc(t *testing.T, id string) [8]byte {
	t.Helper()
	d, ok := docBytes(id)
	if !ok {
		t.Fatalf("document id %q", id)
	}
	return d
}

// checkExport reads every document with its spans the way an export does
// (EachDocument, whose list is read in the same pass) and compares them
// with the model.
func checkExport(t *testing.T, s *Store, m model, docs []*annotate.Document) {
	t.Helper()
	byDoc := map[string][]*annotate.Span{}
	for _, sp := range m.spans {
		byDoc[sp.Doc] = append(byDoc[sp.Doc], sp)
	}
	n := 0
	err := s.EachDocument(ctx, func(d *annotate.Document) error {
		n++
		got, err := s.Spans(d.ID)
		if err != nil {
			return err
		}
		want := byDoc[d.ID]
		annotate.SortSpans(want)
		if !sameSpans(got, want) {
			t.Errorf("export of %s: got %d spans %v, want %d", d.ID, len(got), ids(got), len(want))
		}
		return nil
	})
	if err != nil || n != len(docs) {
		t.Fatalf("export: %d documents, %v; want %d", n, err, len(docs))
	}
}

// TestKeyOnLongListWritesItsTail: a label key on the 5,000-span article
// leaves its span list as it was and writes a tail of one entry, small
// enough to stay in Badger's tree (out of the value log); undoing it
// leaves no tail.
func TestKeyOnLongListWritesItsTail(t *testing.T) {
	s := openTest(t)
	docs, spans := genCorpus(18, 1, 300_000, 5000, "ana", "ben", "curated")
	if _, err := s.WriteBatch(ctx, &Batch{Docs: docs, Spans: spans}); err != nil {
		t.Fatal(err)
	}
	doc := mustDoc(t, docs[0].ID)
	v0, size0 := spanVersion(t, s, pSpan, doc)
	sp := newSpan(docs[0], "ana", "claim", 100, 112)
	apply(t, s, annotate.AddSpan("ana", sp))
	if v, size := spanVersion(t, s, pSpan, doc); v != v0 || size != size0 {
		t.Errorf("the span list was rewritten: version %d → %d, %d → %d bytes", v0, v, size0, size)
	}
	if v, size := spanVersion(t, s, pSpanTail, doc); v == 0 || size >= valueThreshold {
		t.Errorf("the tail: version %d, %d bytes; want one under %d bytes", v, size, valueThreshold)
	}
	got, err := s.Spans(docs[0].ID)
	if err != nil || len(got) != 5001 {
		t.Fatalf("got %d spans, %v; want 5001", len(got), err)
	}
	if _, err := s.Undo(ctx, "ana"); err != nil {
		t.Fatal(err)
	}
	if v, _ := spanVersion(t, s, pSpanTail, doc); v != 0 {
		t.Error("a tail is left after the undo")
	}
	if v, _ := spanVersion(t, s, pSpan, doc); v != v0 {
		t.Error("the undo rewrote the span list")
	}
	if err := checkKeys(s); err != nil {
		t.Fatal(err)
	}
}

// TestDamagedTail: a tail that names a span its list does not hold, that
// does not decode, or that lies beside no list or a short one, is reported
// by the check, naming the article; a change to an article whose tail is
// read (not a short list's) is refused and writes nothing.
func TestDamagedTail(t *testing.T) {
	docs, spans := genCorpus(42, 1, 30_000, 400, "ana")
	for _, tc := range []struct {
		name  string
		tail  []byte
		dropS bool
		want  string
	}{
		{"removes a span the list lacks", appendTail(nil, nil, [][]byte{[]byte("no-such-span")}), false, "its latest changes do not fit its span list"},
		{"does not decode", []byte{5, 1}, false, "its latest changes do not fit its span list"},
		{"no list", appendTail(nil, nil, nil), true, "span changes beside a span list that is missing or too short"},
		{"short list", appendTail(nil, nil, nil), false, "span changes beside a span list that is missing or too short"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openTest(t)
			spans := spans
			if tc.name == "short list" {
				spans = spans[:20]
			}
			if _, err := s.WriteBatch(ctx, &Batch{Docs: docs, Spans: spans}); err != nil {
				t.Fatal(err)
			}
			doc := mustDoc(t, docs[0].ID)
			err := s.update(func(txn *badger.Txn) error {
				if tc.dropS {
					if err := txn.Delete(docKey(pSpan, doc)); err != nil {
						return err
					}
				}
				return txn.Set(docKey(pSpanTail, doc), tc.tail)
			})
			if err != nil {
				t.Fatal(err)
			}
			rep, err := s.Check(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(rep.Lines(), "article "+docs[0].ID) || !strings.Contains(rep.Lines(), tc.want) {
				t.Errorf("check: got\n%s\nwant a line on article %s saying %q", rep.Lines(), docs[0].ID, tc.want)
			}
			if tc.name == "short list" {
				// Reads and writes of a short list do not look for a
				// tail (none is ever written beside one): the check is
				// what finds it.
				return
			}
			tv0, _ := spanVersion(t, s, pSpanTail, doc)
			sv0, _ := spanVersion(t, s, pSpan, doc)
			err = s.Apply(ctx, annotate.AddSpan("ana", newSpan(docs[0], "ana", "claim", 10, 20)))
			if err == nil {
				t.Fatal("a change to the damaged article was written")
			}
			tv, _ := spanVersion(t, s, pSpanTail, doc)
			sv, _ := spanVersion(t, s, pSpan, doc)
			if tv != tv0 || sv != sv0 {
				t.Errorf("the refused change wrote: list %d → %d, tail %d → %d", sv0, sv, tv0, tv)
			}
		})
	}
}

// TestListEmptiedOrDeletedWithTail: an article whose long list has a tail
// loses its list and tail together when it is deleted, and so does a long
// list of two spans with long notes when both spans are deleted (a tail
// could hold both removals).
func TestListEmptiedOrDeletedWithTail(t *testing.T) {
	s := openTest(t)
	docs, spans := genCorpus(43, 2, 30_000, 400, "ana")
	notes := spans[400:402]
	for _, sp := range notes {
		sp.Note = strings.Repeat("a long note. ", 1000)
	}
	if _, err := s.WriteBatch(ctx, &Batch{Docs: docs, Spans: append(spans[:400], notes...)}); err != nil {
		t.Fatal(err)
	}
	first, second := mustDoc(t, docs[0].ID), mustDoc(t, docs[1].ID)
	if _, size := spanVersion(t, s, pSpan, second); size < tailMinBase {
		t.Fatalf("the list of two noted spans is %d bytes, under %d", size, tailMinBase)
	}
	apply(t, s, annotate.AddSpan("ana", newSpan(docs[0], "ana", "claim", 10, 20)))
	if v, _ := spanVersion(t, s, pSpanTail, first); v == 0 {
		t.Fatal("no tail after a key")
	}
	apply(t, s, annotate.DeleteSpans("ana", notes, nil))
	if err := s.DeleteDocument(ctx, docs[0].ID); err != nil {
		t.Fatal(err)
	}
	for _, k := range []struct {
		what string
		p    byte
		doc  [8]byte
	}{{"deleted article's list", pSpan, first}, {"deleted article's tail", pSpanTail, first},
		{"emptied list", pSpan, second}, {"emptied list's tail", pSpanTail, second}} {
		if v, _ := spanVersion(t, s, k.p, k.doc); v != 0 {
			t.Errorf("the %s is still stored", k.what)
		}
	}
	if err := checkKeys(s); err != nil {
		t.Fatal(err)
	}
}
