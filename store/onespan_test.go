package store

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

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

// TestOneSpanPathMatchesListPath makes 400 random single-span changes to
// an article with a 50 KB span list, the same ones in two stores: one
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
	for i := 1; i <= 400; i++ {
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
		t.Errorf("the tail path made %d edits of 400 changes; want 100 or more", n)
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

// killLong is the article of TestKillOneSpanTail: a 70 KB span list,
// whose single-span changes take the tail path.
func killLong() ([]*annotate.Document, []*annotate.Span) {
	return genCorpus(46, 1, 60_000, 1000, "ana", "ben")
}

// editLongUntilKilled is the "edit-long" helper: on killLong's article,
// it adds a span, or deletes one (of the list or added since), one change
// at a time, printing each acknowledged ("span ID", "deleted ID"; a
// delete is announced first, "deleting ID", since a kill may land after
// it is written but before it is acknowledged), until it is killed.
func editLongUntilKilled(s *Store) error {
	docs, _ := killLong()
	d := docs[0]
	live, err := s.Spans(d.ID)
	if err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(uint64(os.Getpid()), uint64(time.Now().UnixNano())))
	length := len([]rune(d.Text))
	fmt.Println("ready")
	for {
		if r.IntN(3) == 0 && len(live) > 0 {
			i := r.IntN(len(live))
			sp := live[i]
			fmt.Printf("deleting %s\n", sp.ID)
			if err := s.Apply(ctx, annotate.DeleteSpans("ana", []*annotate.Span{sp}, nil)); err != nil {
				return err
			}
			live = append(live[:i], live[i+1:]...)
			fmt.Printf("deleted %s\n", sp.ID)
			continue
		}
		start := r.IntN(length - 30)
		sp := newSpan(d, []string{"ana", "ben", "dora"}[r.IntN(3)], testLabels[r.IntN(len(testLabels))], start, start+1+r.IntN(20))
		if err := s.Apply(ctx, annotate.AddSpan("ana", sp)); err != nil {
			return err
		}
		live = append(live, sp)
		fmt.Printf("span %s\n", sp.ID)
	}
}

// TestKillOneSpanTail kills, 60 times at random moments, a process that
// adds and deletes spans one at a time on an article whose changes take
// the tail path, and opens the store after each kill: every span it
// acknowledged is there, every one it acknowledged deleting is not, and at
// the end the store's check finds every index key in step with the span
// list and its tail. A tail is seen after a kill, and the list folded
// again (the tail outgrew its bound), so both paths were killed in.
func TestKillOneSpanTail(t *testing.T) {
	kills := 60
	if testing.Short() {
		kills = 10
	} else if raceOn {
		kills = 30 // each process starts and opens the store ~10 times slower
	}
	dir := t.TempDir()
	docs, spans := killLong()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.WriteBatch(ctx, &Batch{Docs: docs, Spans: spans}); err != nil {
		t.Fatal(err)
	}
	doc := mustDoc(t, docs[0].ID)
	v0, size := spanVersion(t, s, pSpan, doc)
	if size < oneSpanMinList {
		t.Fatalf("the list is %d bytes, under the %d the tail path takes", size, oneSpanMinList)
	}
	s.Close()
	want := map[string]bool{} // acknowledged: present (true) or deleted (false)
	r := rand.New(rand.NewPCG(5, 6))
	sawTail, folded := false, false
	// On a loaded machine a process may be killed before it made enough
	// changes for the list to fold: kill on (up to five times as often)
	// until both paths were killed in.
	i := 0
	for ; i < kills || !(sawTail && folded) && i < 5*kills; i++ {
		// Once the store is open (slow under -race), so that each
		// process makes changes before it is killed.
		lines, stderr := runKilled(t, "edit-long", dir, time.Duration(r.IntN(100))*time.Millisecond, true)
		for _, l := range lines {
			switch kind, id, _ := strings.Cut(l, " "); kind {
			case "ready":
			case "span":
				want[id] = true
			case "deleting":
				delete(want, id) // either, until acknowledged
			case "deleted":
				want[id] = false
			default:
				t.Fatalf("kill %d: the helper said %q; stderr %q", i, l, stderr)
			}
		}
		s, err := Open(dir, Options{})
		if err != nil {
			t.Fatalf("kill %d: first open after the kill: %v", i, err)
		}
		got, err := s.Spans(docs[0].ID)
		if err != nil {
			t.Fatalf("kill %d: %v", i, err)
		}
		have := map[string]bool{}
		for _, sp := range got {
			have[sp.ID] = true
		}
		for id, present := range want {
			if have[id] != present {
				t.Errorf("kill %d: span %s acknowledged %s, stored: %v", i, id, map[bool]string{true: "added", false: "deleted"}[present], have[id])
			}
			if _, err := s.Span(id); (err == nil) != present {
				t.Errorf("kill %d: span %s by its ID key: %v, want present %v", i, id, err, present)
			}
		}
		if tv, _ := spanVersion(t, s, pSpanTail, doc); tv != 0 {
			sawTail = true
		}
		if v, _ := spanVersion(t, s, pSpan, doc); v != v0 {
			folded = true
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if t.Failed() {
			return
		}
	}
	s, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := checkKeys(s); err != nil {
		t.Error(err)
	}
	if !sawTail || !folded {
		t.Errorf("a tail seen after a kill: %v; the list folded again: %v; want both", sawTail, folded)
	}
	n := 0
	for _, present := range want {
		if present {
			n++
		}
	}
	t.Logf("%d kills; %d spans acknowledged, %d of them still there", i, len(want), n)
}
