package store

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// replaceFixture is a thread of ana's whose members are the spans of two
// articles, more than a transaction holds in the first, and the batch
// that replaces ana's layer on the first with one span (a colleague's
// newer bundle imported, or arrived in the team folder): the thread loses
// every member there.
func replaceFixture(s *Store) (setup *Batch, th *annotate.Thread, replace *Batch, kept *annotate.Thread) {
	n := int(s.db.MaxBatchCount()) + 100
	setup, th = bigThreadBatch(61, 2, n)
	setup.Threads = []*annotate.Thread{th}
	d := setup.Docs[0]
	replace = &Batch{Spans: []*annotate.Span{newSpan(d, "ana", "claim", 0, 3)},
		Replace: []LayerStamp{{Doc: d.ID, Annotator: "ana", Modified: 1764000000000}}}
	kept = th.Clone()
	kept.Members = nil
	for _, m := range th.Members {
		if m.Doc != d.ID {
			kept.Members = append(kept.Members, m)
		}
	}
	kept.Members[0].Link = ""
	return setup, th, replace, kept
}

// A layer replaced that drops thousands of members from one thread failed
// with "Txn is too big to fit into one request": the import (or the team
// folder's arrival) of a colleague's newer layer could not be read in.
// Now the thread loses them with the layer, in the split write's steps.
func TestReplaceLayerDropsALargeThread(t *testing.T) {
	smallTxns(t)
	s := openTest(t)
	setup, th, replace, kept := replaceFixture(s)
	if _, err := s.WriteBatch(ctx, setup); err != nil {
		t.Fatal(err)
	}
	if _, err := s.WriteBatch(ctx, replace); err != nil {
		t.Fatal(err)
	}
	checkBigThread(t, s, th.ID, kept)
	if spans, err := s.LayerSpans(setup.Docs[0].ID, "ana"); err != nil || len(spans) != 1 {
		t.Fatalf("ana's layer after the replacement: %d spans, %v; want 1", len(spans), err)
	}
	rep, err := s.Check(ctx, nil)
	if err != nil || !rep.Sound() {
		t.Fatalf("check: %v %s", err, rep.Lines())
	}
}

// runReplaceHelper writes the fixture, then replaces the layer, printing
// "stopped" for the test to kill it after the flush-th of the split
// write's transactions (0: after the layer's own, before the thread's keys
// are put back in step), or once it is all done.
func runReplaceHelper(s *Store, mode string) error {
	setup, _, replace, _ := replaceFixture(s)
	if _, err := s.WriteBatch(ctx, setup); err != nil {
		return err
	}
	stop := stopSaying("stopped")
	at, _ := strconv.Atoi(strings.TrimPrefix(mode, "replace-"))
	if at == 0 {
		afterSplitStep = func(step string) {
			if step == "layer" {
				stop()
			}
		}
	} else {
		n := 0
		afterSplitFlush = func() {
			if n++; n == at {
				stop()
			}
		}
	}
	if _, err := s.WriteBatch(ctx, replace); err != nil {
		return err
	}
	stop()
	return nil // not reached: stop waits for the kill
}

// TestReplaceLayerKilled kills a child process replacing the layer at a
// step drawn at random (after one of its transactions, or after the
// layer's own, or once done). Opened again, the store holds the layer and
// the thread as they were, or both replaced, with exactly the index keys
// they imply and a check without a problem; the replacement then runs.
func TestReplaceLayerKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a child process replacing a layer")
	}
	smallTxns(t)
	steps := []int{0, 1, 2, 1 + rand.IntN(6), 5 + rand.IntN(20)}
	for _, at := range steps {
		t.Run(fmt.Sprint(at), func(t *testing.T) {
			s := reopenAfterKill(t, "replace-"+fmt.Sprint(at), "stopped")
			setup, th, replace, kept := replaceFixture(s)
			spans, err := s.LayerSpans(setup.Docs[0].ID, "ana")
			if err != nil {
				t.Fatal(err)
			}
			switch len(spans) {
			case 1:
				checkBigThread(t, s, th.ID, kept)
			case len(setup.Spans) - len(kept.Members):
				checkBigThread(t, s, th.ID, th)
			default:
				t.Fatalf("ana's layer after the kill: %d spans; want the old %d or the new 1", len(spans), len(setup.Spans)-len(kept.Members))
			}
			rep, err := s.Check(ctx, nil)
			if err != nil || !rep.Sound() {
				t.Fatalf("check after the kill: %v %s", err, rep.Lines())
			}
			if _, err := s.WriteBatch(ctx, replace); err != nil {
				t.Fatal(err)
			}
			checkBigThread(t, s, th.ID, kept)
		})
	}
}
