package store

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/skein-news/skein/annotate"
)

// ana's thread of one span, made in the window, in a new store of one
// article.
func anasThread(t *testing.T) (*Store, *annotate.Document, *annotate.Span, *annotate.Thread) {
	t.Helper()
	s := openTest(t)
	d, sp, th := anasThreadIn(t, s)
	return s, d, sp, th
}

// anasThreadIn is anasThread in the store s.
func anasThreadIn(t *testing.T, s *Store) (*annotate.Document, *annotate.Span, *annotate.Thread) {
	t.Helper()
	d := newDoc("a", "2024-01-01", "The mayor denied the claim on Monday.")
	putDocs(t, s, d)
	sp := newSpan(d, "ana", "claim", 4, 25)
	apply(t, s, annotate.AddSpan("ana", sp))
	c := annotate.NewThread("ana", "denials", sp)
	apply(t, s, c)
	th, err := s.Thread(c.Threads[0].After.ID)
	if err != nil {
		t.Fatal(err)
	}
	return d, sp, th
}

// Every way a thread is deleted leaves its tombstone, dated when, in the
// transaction of the deletion; a thread written again takes it away; the
// store stays sound (Check) after each.
func TestDeletedThreadLeavesATombstone(t *testing.T) {
	for _, c := range []struct {
		name   string
		delete func(t *testing.T, s *Store, d *annotate.Document, sp *annotate.Span, th *annotate.Thread)
	}{
		{"deleted in the window", func(t *testing.T, s *Store, _ *annotate.Document, _ *annotate.Span, th *annotate.Thread) {
			apply(t, s, annotate.PutThread("ana", "delete thread", th, nil))
		}},
		{"its creation undone", func(t *testing.T, s *Store, _ *annotate.Document, _ *annotate.Span, _ *annotate.Thread) {
			if _, err := s.Undo(ctx, "ana"); err != nil {
				t.Fatal(err)
			}
		}},
		{"its deletion redone", func(t *testing.T, s *Store, _ *annotate.Document, _ *annotate.Span, th *annotate.Thread) {
			apply(t, s, annotate.PutThread("ana", "delete thread", th, nil))
			if _, err := s.Undo(ctx, "ana"); err != nil {
				t.Fatal(err)
			}
			if _, _, err := s.ThreadDeleted(th.ID); err != nil {
				t.Fatal(err)
			} else if _, ok, _ := s.ThreadDeleted(th.ID); ok {
				t.Fatal("the thread's deletion undone: it is stored and still has its tombstone")
			}
			if _, err := s.Redo(ctx, "ana"); err != nil {
				t.Fatal(err)
			}
		}},
		{"its span's layer replaced by an import", func(t *testing.T, s *Store, d *annotate.Document, _ *annotate.Span, _ *annotate.Thread) {
			if _, err := s.WriteBatch(ctx, &Batch{Replace: []LayerStamp{{Doc: d.ID, Annotator: "ana", Modified: annotate.NowMillis()}}}); err != nil {
				t.Fatal(err)
			}
		}},
		{"its article deleted (skein rm)", func(t *testing.T, s *Store, d *annotate.Document, _ *annotate.Span, _ *annotate.Thread) {
			if err := s.DeleteDocument(ctx, d.ID); err != nil {
				t.Fatal(err)
			}
		}},
		{"its span deleted in the window", func(t *testing.T, s *Store, _ *annotate.Document, sp *annotate.Span, th *annotate.Thread) {
			apply(t, s, annotate.DeleteSpans("ana", []*annotate.Span{sp}, []*annotate.Thread{th}))
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, d, sp, th := anasThread(t)
			before := annotate.NowMillis()
			c.delete(t, s, d, sp, th)
			if _, err := s.Thread(th.ID); !errors.Is(err, ErrNotFound) {
				t.Fatalf("the thread after: %v, want it deleted", err)
			}
			at, ok, err := s.ThreadDeleted(th.ID)
			if err != nil || !ok || at < before || at > annotate.NowMillis() {
				t.Errorf("the thread's tombstone: at %d, ok %v, %v; want it dated between %d and now", at, ok, err, before)
			}
			if err := checkKeys(s); err != nil {
				t.Error(err)
			}
		})
	}
}

// A take (Batch.IfNewer) of a copy holding a thread deleted here after
// that copy's thread last changed keeps it deleted; one changed there
// after the deletion comes back, and its tombstone goes. A plain import
// writes it back whatever its time.
func TestIfNewerKeepsADeletion(t *testing.T) {
	s, _, _, th := anasThread(t)
	older := th.Clone()
	older.Title = "changed there before the deletion"
	older.Modified = annotate.NowMillis()
	time.Sleep(2 * time.Millisecond)
	apply(t, s, annotate.PutThread("ana", "delete thread", th, nil))
	time.Sleep(2 * time.Millisecond)
	newer := th.Clone()
	newer.Title = "changed there after the deletion"
	newer.Modified = annotate.NowMillis()

	res, err := s.WriteBatch(ctx, &Batch{Threads: []*annotate.Thread{older}, IfNewer: true})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.Thread(th.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a take of the thread changed before its deletion here: %+v %v, want it kept deleted", got, err)
	}
	if res.ThreadsWritten != 0 || res.ThreadsStayDeleted != 1 || res.ThreadsBack != 0 {
		t.Errorf("got %+v, want 0 written, 1 staying deleted, 0 back", res)
	}
	// The same for a thread too large for one transaction.
	if res, err := s.writeThreadSplitIf(th.ID, older, true); err != nil || res.ThreadsStayDeleted != 1 || res.ThreadsWritten != 0 {
		t.Errorf("split write of the older thread: %+v %v, want it staying deleted", res, err)
	}
	if err := checkKeys(s); err != nil {
		t.Error(err)
	}

	res, err = s.WriteBatch(ctx, &Batch{Threads: []*annotate.Thread{newer}, IfNewer: true})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.Thread(th.ID); err != nil || got.Title != newer.Title {
		t.Fatalf("a take of the thread changed after its deletion here: %+v %v, want it back", got, err)
	}
	if res.ThreadsWritten != 1 || res.ThreadsStayDeleted != 0 || res.ThreadsBack != 1 {
		t.Errorf("got %+v, want 1 written, 0 staying deleted, 1 back", res)
	}
	if _, ok, err := s.ThreadDeleted(th.ID); ok || err != nil {
		t.Errorf("the thread come back still has its tombstone (%v)", err)
	}
	if err := checkKeys(s); err != nil {
		t.Error(err)
	}

	// An import (no IfNewer) writes it back, older or not.
	got, _ := s.Thread(th.ID)
	apply(t, s, annotate.PutThread("ana", "delete thread", got, nil))
	res, err = s.WriteBatch(ctx, &Batch{Threads: []*annotate.Thread{older}})
	if err != nil || res.ThreadsWritten != 1 {
		t.Fatalf("an import of the deleted thread: %+v %v, want it written", res, err)
	}
	if _, ok, _ := s.ThreadDeleted(th.ID); ok {
		t.Error("the thread imported again still has its tombstone")
	}
	if err := checkKeys(s); err != nil {
		t.Error(err)
	}
}

// A thread too large for one transaction, deleted in several, leaves its
// tombstone with the deletion of its record.
func TestLargeThreadDeletedLeavesATombstone(t *testing.T) {
	s := openTest(t)
	b, th := bigThreadBatch(7, 40, 100)
	b.Threads = []*annotate.Thread{th}
	if _, err := s.WriteBatch(ctx, b); err != nil {
		t.Fatal(err)
	}
	if _, err := s.writeThreadSplit(th.ID, nil); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := s.ThreadDeleted(th.ID); !ok || err != nil {
		t.Errorf("the large thread deleted in several transactions: tombstone %v (%v), want one", ok, err)
	}
	if err := checkKeys(s); err != nil {
		t.Error(err)
	}
}

// The store keeps the newest maxGone tombstones: its clean-up drops the
// oldest.
func TestOldestTombstonesPruned(t *testing.T) {
	defer func(n int) { maxGone = n }(maxGone)
	maxGone = 2
	s, _, sp, _ := anasThread(t)
	var ids []string
	for i := 0; i < 3; i++ {
		c := annotate.NewThread("ana", "t", sp)
		apply(t, s, c)
		th := c.Threads[0].After
		got, _ := s.Thread(th.ID)
		time.Sleep(2 * time.Millisecond)
		apply(t, s, annotate.PutThread("ana", "delete thread", got, nil))
		ids = append(ids, th.ID)
	}
	s.runGC()
	for i, id := range ids {
		_, ok, err := s.ThreadDeleted(id)
		if err != nil {
			t.Fatal(err)
		}
		if want := i > 0; ok != want {
			t.Errorf("deletion %d's tombstone kept %v, want %v (the newest 2)", i+1, ok, want)
		}
	}
	if err := checkKeys(s); err != nil {
		t.Error(err)
	}
}

// Check calls damage a tombstone beside its stored thread, and one that
// does not decode.
func TestCheckFindsBadTombstones(t *testing.T) {
	s, _, _, th := anasThread(t)
	err := s.db.Update(func(txn *badger.Txn) error {
		if err := txn.Set(goneKey(th.ID), encodeGone(1, "ana")); err != nil {
			return err
		}
		return txn.Set(goneKey("T9"), []byte{1})
	})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := s.Check(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := rep.Lines()
	for _, want := range []string{"thread " + th.ID + " is stored and marked deleted", "thread T9's tombstone does not decode"} {
		if !strings.Contains(got, want) {
			t.Errorf("check:\n%s\nwant it to say %q", got, want)
		}
	}
}

// A batch's deletions (Batch.Gone, a take of a copy where the user deleted
// threads) delete the stored thread where it changed earlier, with a
// tombstone of the deletion's time; keep it where it changed as late or
// later; leave another annotator's thread of that ID alone; and keep the
// latest deletion of a thread the store does not hold.
func TestBatchGoneDeletesOlderThreads(t *testing.T) {
	s, _, _, th := anasThread(t)
	changed := th.ChangedAt()
	write := func(g GoneThread) BatchResult {
		t.Helper()
		res, err := s.WriteBatchWhole(ctx, &Batch{Gone: []GoneThread{g}, IfNewer: true})
		if err != nil {
			t.Fatal(err)
		}
		if err := checkKeys(s); err != nil {
			t.Error(err)
		}
		return res
	}
	if res := write(GoneThread{ID: th.ID, Annotator: "ana", At: changed - 1}); res.ThreadsDeleted != 0 || res.ThreadsKeptFromGone != 1 {
		t.Errorf("a deletion older than the thread's change: %+v, want it kept", res)
	}
	if res := write(GoneThread{ID: th.ID, Annotator: "bo", At: changed + 10}); res.ThreadsDeleted != 0 {
		t.Errorf("bo's deletion of ana's thread: %+v, want it left alone", res)
	}
	if _, err := s.Thread(th.ID); err != nil {
		t.Fatalf("the thread after older and other deletions: %v, want it kept", err)
	}
	if res := write(GoneThread{ID: th.ID, Annotator: "ana", At: changed + 10}); res.ThreadsDeleted != 1 {
		t.Errorf("a deletion later than the thread's change: %+v, want it deleted", res)
	}
	if _, err := s.Thread(th.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("the thread after a later deletion: %v, want it deleted", err)
	}
	if at, ok, err := s.ThreadDeleted(th.ID); !ok || err != nil || at != changed+10 {
		t.Errorf("its tombstone: %d %v %v, want the deletion's time %d", at, ok, err, changed+10)
	}
	write(GoneThread{ID: "T7", Annotator: "ana", At: 5})
	write(GoneThread{ID: "T7", Annotator: "ana", At: 3})
	var got []GoneThread
	if err := s.DeletedThreads(ctx, "ana", func(g GoneThread) error { got = append(got, g); return nil }); err != nil {
		t.Fatal(err)
	}
	want := []GoneThread{{ID: th.ID, Annotator: "ana", At: changed + 10}, {ID: "T7", Annotator: "ana", At: 5}}
	if !slices.Equal(got, want) {
		t.Errorf("ana's deletions: %+v, want %+v", got, want)
	}
}

// A take's deletion killed once its journal was whole is made by the next
// Open, with its tombstone; killed before, nothing of it is.
func TestGoneFinishedAtOpen(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, _, th := anasThreadIn(t, s)
	id := th.ID
	enc, err := json.Marshal(&Batch{Gone: []GoneThread{{ID: id, Annotator: "ana", At: annotate.NowMillis() + 1000}}, IfNewer: true})
	if err != nil {
		t.Fatal(err)
	}
	// Half the journal, as a kill while it was written leaves it.
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(wholeKey(1), enc[:len(enc)/2]) }); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, s, dir)
	if _, err := s.Thread(id); err != nil {
		t.Fatalf("after a kill before the journal was whole: %v, want the thread", err)
	}
	if err := s.writeJournal(enc); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, s, dir)
	if _, err := s.Thread(id); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after a kill once the journal was whole: %v, want the thread deleted", err)
	}
	if _, ok, _ := s.ThreadDeleted(id); !ok {
		t.Error("the deletion finished at open left no tombstone")
	}
	if err := checkKeys(s); err != nil {
		t.Error(err)
	}
}
