package store

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/skein-news/skein/annotate"
)

// dumpSpanKeys is every key and value of s but the layer times (L keys,
// stamped with the clock) and the span-adds key (a process-wide count), as
// text, for holding two stores against each other.
func dumpSpanKeys(t *testing.T, s *Store) []string {
	t.Helper()
	var out []string
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.DefaultIteratorOptions)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().Key()
			if k[0] == pLayerMod || bytes.Equal(k, spanAddsKey) {
				continue
			}
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			out = append(out, fmt.Sprintf("%q=%x", k, v))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestOneSpanPathMatchesListPath makes 300 random single-span changes to
// an article with a 70 KB span list, the same ones in two stores: one
// through applyOneSpan (the tail alone), one with it off (the list
// loaded whole). Adds, relabels, deletes, undos and redos, and changes
// that must be refused: a stale before-image, a span deleted already, an
// ID in use, a span without annotator. Both must answer each change
// alike (the same error or none) and hold the same keys and values
// byte for byte after it: span list, tail, ID keys, the annotator and
// label keys (a rare annotator and label come and go), undo and redo
// stacks. The tail is seen to fold into the list on the way.
func TestOneSpanPathMatchesListPath(t *testing.T) {
	docs, spans := genCorpus(44, 1, 60_000, 1000, "ana", "ben", "curated")
	fast, slow := openTest(t), openTest(t)
	for _, s := range []*Store{fast, slow} {
		if _, err := s.WriteBatch(ctx, &Batch{Docs: docs, Spans: spans}); err != nil {
			t.Fatal(err)
		}
	}
	d := docs[0]
	length := len([]rune(d.Text))
	doc := mustDoc(t, d.ID)
	if _, size := spanVersion(t, fast, pSpan, doc); size < oneSpanMinList {
		t.Fatalf("the list is %d bytes, under the %d the tail path takes", size, oneSpanMinList)
	}
	defer oneSpanOff.Store(false)
	run := func(fn func(s *Store) error) (fastErr, slowErr error) {
		oneSpanOff.Store(false)
		fastErr = fn(fast)
		oneSpanOff.Store(true)
		slowErr = fn(slow)
		oneSpanOff.Store(false)
		return
	}
	r := rand.New(rand.NewPCG(7, 8))
	live := func() []*annotate.Span {
		got, err := fast.Spans(d.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	var gone []*annotate.Span // deleted spans, for stale changes
	edits0 := oneSpanEdits.Load()
	sawFold, sawRare, sawRareGo := false, false, false
	for i := 1; i <= 300; i++ {
		all := live()
		pick := all[r.IntN(len(all))]
		if r.IntN(2) == 0 {
			// Often the rare annotator's or label's: so that the last
			// one goes, and its name key with it.
			for _, sp := range all {
				if sp.Annotator == "dora" || sp.Label == "rare" {
					pick = sp
					break
				}
			}
		}
		var c *annotate.Change
		refused := false
		switch x := r.IntN(100); {
		case x < 40:
			start := r.IntN(length - 30)
			annot, label := []string{"ana", "ben", "curated"}[r.IntN(3)], testLabels[r.IntN(len(testLabels))]
			if r.IntN(8) == 0 {
				annot, label = "dora", "rare"
			}
			sp := &annotate.Span{ID: annotate.NewID(), Doc: d.ID, Label: label, Annotator: annot,
				Fragments: []annotate.Fragment{{Start: start, End: start + 1 + r.IntN(25)}}, Created: annotate.NowMillis()}
			c = annotate.AddSpan("ana", sp)
		case x < 52:
			upd := pick.Clone()
			upd.Label = testLabels[(indexOf(testLabels, pick.Label)+1)%len(testLabels)] // "rare" becomes "claim"
			if r.IntN(4) == 0 {
				upd.Label = "rare"
			}
			c = annotate.EditSpan("ana", "relabel", pick, upd)
		case x < 65:
			c = annotate.DeleteSpans("ana", []*annotate.Span{pick}, nil)
			gone = append(gone, pick)
		case x < 78:
			fe, se := run(func(s *Store) error { _, err := s.Undo(ctx, "ana"); return err })
			if fmt.Sprint(fe) != fmt.Sprint(se) {
				t.Fatalf("change %d: undo: tail path %v, list path %v", i, fe, se)
			}
		case x < 84:
			fe, se := run(func(s *Store) error { _, err := s.Redo(ctx, "ana"); return err })
			if fmt.Sprint(fe) != fmt.Sprint(se) {
				t.Fatalf("change %d: redo: tail path %v, list path %v", i, fe, se)
			}
		case x < 88:
			stale := pick.Clone()
			stale.Fragments[0].End++ // not what is stored
			upd := stale.Clone()
			upd.Label = "actor"
			c, refused = annotate.EditSpan("ana", "relabel", stale, upd), true
		case x < 92:
			if len(gone) == 0 {
				continue
			}
			g := gone[r.IntN(len(gone))]
			back := false // an undo may have brought it back
			for _, sp := range all {
				back = back || sp.ID == g.ID
			}
			c, refused = annotate.DeleteSpans("ana", []*annotate.Span{g}, nil), !back
		case x < 96:
			dup := pick.Clone()
			dup.Fragments[0].Start = 0
			c, refused = annotate.AddSpan("ana", dup), true
		default:
			sp := newSpan(d, "", "claim", 3, 9)
			c, refused = annotate.AddSpan("ana", sp), true
		}
		if c != nil {
			fe, se := run(func(s *Store) error { return s.Apply(ctx, c) })
			if fmt.Sprint(fe) != fmt.Sprint(se) {
				t.Fatalf("change %d (%s): tail path %v, list path %v", i, c.Desc, fe, se)
			}
			if refused != (fe != nil) {
				t.Fatalf("change %d (%s): got %v, want refused: %v", i, c.Desc, fe, refused)
			}
		}
		fd, sd := dumpSpanKeys(t, fast), dumpSpanKeys(t, slow)
		if strings.Join(fd, "\n") != strings.Join(sd, "\n") {
			for j := 0; j < max(len(fd), len(sd)); j++ {
				if j >= len(fd) || j >= len(sd) || fd[j] != sd[j] {
					t.Fatalf("change %d: the stores differ first at key %d:\ntail path: %.300s\nlist path: %.300s",
						i, j, at(fd, j), at(sd, j))
				}
			}
		}
		if v, _ := spanVersion(t, fast, pSpanTail, doc); v == 0 && i > 1 {
			sawFold = true
		}
		rare := false
		for _, k := range fd {
			rare = rare || strings.Contains(k, "rare") && strings.HasPrefix(k, `"l`)
		}
		if rare {
			sawRare = true
		} else if sawRare {
			sawRareGo = true
		}
	}
	if n := oneSpanEdits.Load() - edits0; n < 100 {
		t.Errorf("the tail path made %d edits of 300 changes; want 100 or more", n)
	}
	if !sawRare || !sawRareGo {
		t.Errorf("the rare label's key came: %v; went: %v; want both", sawRare, sawRareGo)
	}
	if !sawFold {
		t.Error("the tail was never folded into the list")
	}
	if err := checkKeys(fast); err != nil {
		t.Fatal(err)
	}
}

func at(list []string, i int) string {
	if i < len(list) {
		return list[i]
	}
	return "(none)"
}

// TestDamagedTailRefusesOneSpan: on an article whose list the tail path
// takes, a tail that does not fit the list (it removes a span the list
// lacks, removes one twice, adds one the list holds still) or does not
// decode makes a label key and a delete refused, writing nothing, as the
// loaded list's merge does.
func TestDamagedTailRefusesOneSpan(t *testing.T) {
	docs, spans := genCorpus(45, 1, 60_000, 1000, "ana")
	listed := appendEntry(nil, spans[0])
	e, err := parseEntry(listed)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		tail []byte
	}{
		{"removes a span the list lacks", appendTail(nil, nil, [][]byte{[]byte("no-such-span")})},
		{"removes a span twice", appendTail(nil, nil, [][]byte{e.id, e.id})},
		{"adds a span the list holds", appendTail(nil, []*spanEntry{&e}, nil)},
		{"does not decode", []byte{5, 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openTest(t)
			if _, err := s.WriteBatch(ctx, &Batch{Docs: docs, Spans: spans}); err != nil {
				t.Fatal(err)
			}
			doc := mustDoc(t, docs[0].ID)
			if _, size := spanVersion(t, s, pSpan, doc); size < oneSpanMinList {
				t.Fatalf("the list is %d bytes, under the %d the tail path takes", size, oneSpanMinList)
			}
			if err := s.update(func(txn *badger.Txn) error { return txn.Set(docKey(pSpanTail, doc), tc.tail) }); err != nil {
				t.Fatal(err)
			}
			before := dumpSpanKeys(t, s)
			for _, c := range []*annotate.Change{
				annotate.AddSpan("ana", newSpan(docs[0], "ana", "claim", 10, 20)),
				annotate.DeleteSpans("ana", []*annotate.Span{spans[500]}, nil),
			} {
				err := s.Apply(ctx, c)
				if err == nil || !strings.Contains(err.Error(), errCorrupt.Error()) {
					t.Errorf("%s on the damaged article: got %v, want it refused as damage", c.Desc, err)
				}
			}
			if after := dumpSpanKeys(t, s); strings.Join(after, "\n") != strings.Join(before, "\n") {
				t.Error("a refused change wrote")
			}
		})
	}
}
