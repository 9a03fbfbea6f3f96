package store

import (
	"bytes"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/skein-news/skein/annotate"
)

// Issue 11: a key pressed while a first sync's bulk load commits one
// transaction after another must not wait behind them. A bulk load here
// writes batch after batch while a key's Apply and its Undo run again and
// again, each holding its transaction open a while before it commits (as
// a busy machine does): no bulk commit may be stamped between a key's read
// and its commit (it would make the key lose a race, or queue its commit
// behind the bulk's), no key may be read and written again, no chunk of
// the bulk may be (the keys write none of its span IDs), and the bulk load
// still moves on between the keys and writes every span.
func TestKeyWinsAgainstBulk(t *testing.T) {
	window := windowDoc()
	docs, spans := genCorpus(11, 2400, 300, 20, "ben", "cem")
	s, b := bulkStore(t, append([]*annotate.Document{window}, docs...), len(spans))

	// Each key's and undo's transaction, once built, waits for a bulk
	// commit to land (10 ms at most) and then asks whether one was
	// stamped since it began: a read transaction opened now is given the
	// last commit's timestamp.
	var attempts, stamped, writes int
	beforeUpdateCommit = func(txn *badger.Txn, attempt int) {
		// The bulk's own updates come here too (its Finish, a chunk
		// written again): only the keys' are asked.
		st := make([]byte, 8<<10)
		st = st[:runtime.Stack(st, false)]
		if !bytes.Contains(st, []byte("(*Store).Apply(")) && !bytes.Contains(st, []byte("(*Store).replay(")) {
			return
		}
		attempts++
		c0 := s.Commits()
		for t0 := time.Now(); s.Commits() == c0 && time.Since(t0) < 10*time.Millisecond; {
			time.Sleep(time.Millisecond)
		}
		now := s.db.NewTransaction(false)
		if now.ReadTs() != txn.ReadTs() {
			stamped++
		}
		now.Discard()
	}
	// Set before the bulk's goroutine starts, and let go once it ended.
	finished := make(chan struct{})
	defer func() { <-finished; beforeUpdateCommit = nil }()

	// The bulk load: batches of 1,200 spans.
	total := int64(len(spans)+1199) / 1200
	var batches atomic.Int64
	bulkDone := make(chan error, 1)
	go func() {
		defer close(finished)
		bulkDone <- loadBulk(b, spans, 1200, nil, &batches)
	}()

	// Six keys and their undos from the bulk's first batch on.
	for batches.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	for range 6 {
		sp := newSpan(window, "ana", "claim", 4, 7)
		if err := s.Apply(ctx, annotate.AddSpan("ana", sp)); err != nil {
			t.Fatalf("key %d: %v", writes/2+1, err)
		}
		if _, err := s.Undo(ctx, "ana"); err != nil {
			t.Fatalf("undo %d: %v", writes/2+1, err)
		}
		writes += 2
	}
	during := batches.Load()
	if err := <-bulkDone; err != nil {
		t.Fatalf("the bulk load beside the keys: %v", err)
	}
	t.Logf("%d keys and undos beside the bulk's first %d batches of %d: %d attempts, %d saw a bulk commit stamped in between; %d of the bulk's chunks written again",
		writes, during, total, attempts, stamped, s.rewritten.Load())
	if during >= total {
		t.Fatalf("the bulk load wrote all its %d batches before the keys were done", total)
	}
	if stamped > 0 || attempts != writes {
		t.Errorf("%d of %d keys and undos saw a bulk commit stamped between their read and their commit; %d attempts, want %d",
			stamped, writes, attempts, writes)
	}
	// The keys' span IDs are none of the bulk's, and their article is not
	// one it writes: no chunk of it has to be written again.
	if n := s.rewritten.Load(); n > 0 {
		t.Errorf("%d of the bulk's chunks were written again beside %d keys that wrote none of their span IDs", n, writes/2)
	}
	if stamped > 0 || attempts != writes {
		t.Errorf("%d of %d keys and undos saw a bulk commit stamped between their read and their commit; %d attempts, want %d",
			stamped, writes, attempts, writes)
	}
	m := model{spans: map[string]*annotate.Span{}, threads: map[string]*annotate.Thread{}}
	for _, sp := range spans {
		m.spans[sp.ID] = sp
	}
	checkStore(t, s, m, append([]*annotate.Document{window}, docs...))
}
