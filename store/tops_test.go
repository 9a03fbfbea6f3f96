package store

import (
	"fmt"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate"
)

// After a key, the Edit menu's Undo and Redo and an undo's peek are
// answered at once while another writer's large commit (a sync's bulk
// load) is being made durable: a read transaction waited for it (issue
// 11). Timed against the commit itself: the reads began as soon as it
// was stamped, and the read transaction each made ended only with it.
func TestStackTopsDoNotWaitForCommitInFlight(t *testing.T) {
	s := openTest(t)
	d := newDoc("a", "2024-01-01", "A short text about budgets.")
	putDocs(t, s, d)
	apply(t, s, annotate.AddSpan("ana", newSpan(d, "ana", "claim", 0, 7)))
	if _, err := s.Undo(ctx, "ana"); err != nil {
		t.Fatal(err)
	}
	apply(t, s, annotate.AddSpan("ana", newSpan(d, "ana", "figure", 8, 13)))
	if _, err := s.Undo(ctx, "ana"); err != nil {
		t.Fatal(err)
	}
	for try := range 3 {
		// 8 MB of values into the value log: the pipeline's largest
		// transaction (sendGroups' maxVlog).
		txn := s.db.NewTransaction(true)
		val := make([]byte, 64<<10)
		for i := range 128 {
			if err := txn.Set(fmt.Appendf(nil, "\xfftest-inflight/%d/%d", try, i), val); err != nil {
				t.Fatal(err)
			}
		}
		done := make(chan time.Duration, 1)
		t0 := time.Now()
		txn.CommitWith(func(err error) {
			if err != nil {
				t.Error(err)
			}
			done <- time.Since(t0)
		})
		undo, uok := s.UndoTop("ana")
		redo, rok := s.RedoTop("ana")
		c, err := s.PeekRedo("ana")
		reads := time.Since(t0)
		commit := <-done
		if err != nil || c.Desc != "add figure" || undo != "" || uok || redo != "add figure" || !rok {
			t.Fatalf("UndoTop %q %v, RedoTop %q %v, PeekRedo %v %v: want none, \"add figure\" twice", undo, uok, redo, rok, c, err)
		}
		if reads >= commit/2 {
			t.Errorf("try %d: the tops took %v of the commit's %v beside them: they waited for it", try, reads, commit)
		}
	}
}
