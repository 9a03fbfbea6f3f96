package store

import (
	"errors"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// A thread with more members than a transaction holds entries is deleted
// (and made, as a copy of a colleague's is) by one change, undone and
// redone: the change deleted or put every index key of the thread in its
// one transaction, and Badger refused it ("Txn is too big to fit into one
// request"). The thread spans two articles; the layers of neither move
// (a thread records its own time).
func TestApplyLargeThread(t *testing.T) {
	smallTxns(t)
	s := openTest(t)
	n := int(s.db.MaxBatchCount()) + 100
	b, th := bigThreadBatch(51, 2, n/2)
	if _, err := s.WriteBatch(ctx, b); err != nil {
		t.Fatal(err)
	}
	apply(t, s, annotate.PutThread("ana", "copy thread", nil, th))
	checkBigThread(t, s, th.ID, th)
	before := layerTimes(t, s, b.Docs)
	apply(t, s, annotate.DeleteThread("ana", th))
	checkBigThread(t, s, th.ID, nil)
	if desc, ok := s.UndoTop("ana"); !ok || desc != "delete thread “every figure”" {
		t.Errorf("UndoTop: got %q, %v; want the thread's deletion", desc, ok)
	}
	for i, ms := range layerTimes(t, s, b.Docs) {
		if ms != before[i] {
			t.Errorf("article %d: ana's layer time %d moved with the thread's deletion (was %d)", i, ms, before[i])
		}
	}
	if _, err := s.Undo(ctx, "ana"); err != nil {
		t.Fatal(err)
	}
	checkBigThread(t, s, th.ID, th)
	if _, err := s.Redo(ctx, "ana"); err != nil {
		t.Fatal(err)
	}
	checkBigThread(t, s, th.ID, nil)
	if _, err := s.Undo(ctx, "ana"); err != nil {
		t.Fatal(err)
	}
	// A change whose before-image is stale is refused whole, and
	// leaves the thread and its keys as they were.
	stale := th.Clone()
	stale.Title = "not what is stored"
	if err := s.Apply(ctx, annotate.DeleteThread("ana", stale)); !errors.Is(err, ErrConflict) {
		t.Errorf("deleting a stale thread: got %v, want ErrConflict", err)
	}
	checkBigThread(t, s, th.ID, th)
}

func layerTimes(t *testing.T, s *Store, docs []*annotate.Document) []int64 {
	t.Helper()
	out := make([]int64, len(docs))
	for i, d := range docs {
		ms, err := s.LayerModified(d.ID, "ana")
		if err != nil {
			t.Fatal(err)
		}
		out[i] = ms
	}
	return out
}

// applySplitThread is the thread the apply-split helpers delete: in one
// article, so that its keys just exceed a transaction's entries.
func applySplitThread(s *Store) (*Batch, *annotate.Thread) {
	b, th := bigThreadBatch(53, 1, int(s.db.MaxBatchCount())+100)
	b.Threads = []*annotate.Thread{th}
	return b, th
}

// runApplySplitHelper deletes a large thread by a change ("delete-…"),
// or undoes its deletion ("undo-…"), and stops at the step the mode
// names, printing "stopped" for the test to kill it there: after the
// first transaction deleting index keys ("…-part"), or after the change's
// own transaction ("…-record").
func runApplySplitHelper(s *Store, mode string) error {
	b, th := applySplitThread(s)
	if _, err := s.WriteBatch(ctx, b); err != nil {
		return err
	}
	what, step, _ := strings.Cut(mode, "-")
	undo := what == "undo"
	if undo {
		if err := s.Apply(ctx, annotate.DeleteThread("ana", th)); err != nil {
			return err
		}
	}
	stop := stopSaying("stopped")
	switch step {
	case "part":
		afterSplitFlush = stop
	case "record":
		afterSplitStep = func(step string) {
			if step == "record" {
				stop()
			}
		}
	}
	if undo {
		_, err := s.Undo(ctx, "ana")
		return err
	}
	return s.Apply(ctx, annotate.DeleteThread("ana", th))
}

// TestApplySplitKilled kills a child process deleting a large thread by a
// change, once some of its index keys are deleted and once its own
// transaction is durable, and undoing that deletion after the undo's own
// transaction, before the thread's keys are put back. Opened again, the
// store holds the thread whole with its keys and nothing to undo (killed
// before the change's transaction), or the change made whole: no thread,
// its deletion on the undo stack, no key of it; or the thread back with
// every key, its deletion to redo. The deletion killed half way then runs
// whole.
func TestApplySplitKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a child process deleting a large thread")
	}
	smallTxns(t)
	for _, mode := range []string{"delete-part", "delete-record", "undo-record"} {
		t.Run(mode, func(t *testing.T) {
			s := reopenAfterKill(t, "applysplit-"+mode, "stopped")
			_, th := applySplitThread(s)
			undoTop, _ := s.UndoTop("ana")
			redoTop, _ := s.RedoTop("ana")
			del := "delete thread “every figure”"
			switch mode {
			case "delete-part":
				checkBigThread(t, s, th.ID, th)
				if undoTop != "" {
					t.Errorf("UndoTop: got %q, want nothing", undoTop)
				}
				apply(t, s, annotate.DeleteThread("ana", th))
				checkBigThread(t, s, th.ID, nil)
			case "delete-record":
				checkBigThread(t, s, th.ID, nil)
				if undoTop != del {
					t.Errorf("UndoTop: got %q, want %q", undoTop, del)
				}
				if _, err := s.Undo(ctx, "ana"); err != nil {
					t.Fatal(err)
				}
				checkBigThread(t, s, th.ID, th)
			case "undo-record":
				checkBigThread(t, s, th.ID, th)
				if undoTop != "" || redoTop != del {
					t.Errorf("UndoTop, RedoTop: got %q, %q; want nothing, %q", undoTop, redoTop, del)
				}
				if _, err := s.Redo(ctx, "ana"); err != nil {
					t.Fatal(err)
				}
				checkBigThread(t, s, th.ID, nil)
			}
		})
	}
}
