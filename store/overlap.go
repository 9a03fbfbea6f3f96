package store

import (
	"context"
	"errors"
	"runtime/trace"
	"sync"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/skein-news/skein/annotate"
)

// A bulk load's batch is checked and built under the store's bulk lock,
// then committed; before the overlap the next batch waited for that
// commit (Badger's write, its skiplist and its fsync: a third of a first
// sync's wall) before its own checks began. Now a Bulk's batch is sent
// (Bulk.Send) and the lock given back while Badger commits it: the next
// batch's checks and transaction are built meanwhile, and the commit's
// result is waited for (BulkWrite.Wait) before anything is reported.
//
// What the next batch reads cannot wait for those commits: a Badger
// transaction opened now waits for every commit sent before (its oracle's
// read timestamp). So just before a batch's first commit, with the batch
// before it settled (every commit and every chunk written again done),
// the Bulk opens the next batch's snapshot and its first write
// transaction (overlap). They see the store as it is without the batch
// being sent, whose writes the Bulk keeps a record of (bulkSent): its
// documents and its spans. The next batch under the same Bulk
//   - looks up its span IDs (CheckIDs: those the filter may hold) in the
//     snapshot and in the record's spans;
//   - reads layer times (LayerTimes) in the snapshot, unless one of their
//     documents is one the last batch wrote: then it settles that batch
//     first and reads the store as it is;
//   - is prepassed in the snapshot and written in the write transaction,
//     unless one of its documents is the last batch's, it has threads,
//     or a span was not checked (found stored, or left out of the check):
//     then it settles the last batch first and writes as before;
//   - reads anything else only after settling (Bulk.Settle; app/transfer
//     does so before every other read).
// The write transaction's reads (the span lists of its documents) are
// checked by Badger at its commit, as any pipeline's, and a chunk whose
// list another writer changed since is written again at the end. Apply,
// Undo and Redo are caught by the span-add log from before the snapshot
// (idGuard), as they were from before the check.
//
// Any other holder of the bulk lock (an import, a stream, a deletion, a
// Finish) settles the batch still committing as it takes the lock
// (bulkMutex), and the Bulk, finding that someone came between, drops
// its snapshot: the next batch reads the store as it is.

// bulkMutex is the store's bulk lock.
type bulkMutex struct {
	mu sync.Mutex
	// holds counts the times the lock was taken, unsettled is a Bulk's
	// batch that may still be committing: both its holder's.
	holds     uint64
	unsettled *bulkSent
}

// Lock takes the lock, with any Bulk's batch still committing settled.
func (m *bulkMutex) Lock() { m.lockBy(nil) }

// lockBy takes the lock for b: a batch of another Bulk still committing
// is settled first (its error is its Bulk's to report).
func (m *bulkMutex) lockBy(b *Bulk) {
	m.mu.Lock()
	m.holds++
	if u := m.unsettled; u != nil && u.bulk != b {
		m.unsettled = nil
		u.w.settle()
	}
}

func (m *bulkMutex) Unlock() { m.mu.Unlock() }

// overlap is the snapshot the next batch of a Bulk reads and the
// transaction its first chunk is written in, opened before the last
// batch's first commit.
type overlap struct {
	view  *badger.Txn // read-only
	write *badger.Txn // nil once a pipeline took it
	from  int         // the span-add log's oldest pending entry before they were opened
	holds uint64      // the bulk lock's holds then
}

func (o *overlap) discard() {
	o.view.Discard()
	if o.write != nil {
		o.write.Discard()
	}
}

// bulkSent is a Bulk's batch handed to Badger: its commits, and what it
// writes, for the next batch's checks.
type bulkSent struct {
	bulk  *Bulk
	w     *batchWrite
	docs  map[[8]byte]struct{}
	spans []*annotate.Span
}

// BulkWrite is a batch a Bulk sent: Wait says how its commits went.
type BulkWrite struct{ w *batchWrite }

// Wait waits until every commit of the batch is durable (or one failed)
// and returns what the batch wrote; it may be called outside the lock.
func (w *BulkWrite) Wait() (BatchResult, error) { return w.w.settle() }

// settle waits for the last batch sent, drops the Bulk's snapshot and
// returns that batch's error: what is read from here on is read in the
// store as it is. Under the lock.
func (b *Bulk) settle() error {
	var err error
	if p := b.prev; p != nil {
		_, err = p.w.settle()
		if b.s.bulk.unsettled == p {
			b.s.bulk.unsettled = nil
		}
		b.prev = nil
	}
	if b.ahead != nil {
		b.ahead.discard()
		b.ahead = nil
	}
	return err
}

// Settle waits, under the lock, for the last batch the Bulk sent (its
// commits and any chunk written again) and returns its error: a read
// outside the Bulk's own (CheckIDs, LayerTimes, Send) sees its writes.
func (b *Bulk) Settle() error {
	if !b.locked {
		return errors.New("store: Bulk.Settle outside Lock")
	}
	return b.settle()
}

// next runs before a batch's first commit: the batch before is settled,
// and the next batch's snapshot and write transaction are opened, before
// this one's commits, so that they do not wait for them.
func (b *Bulk) next() error {
	wait := trace.StartRegion(context.Background(), "store: bulk waits for the last batch")
	err := b.settle()
	wait.End()
	if err != nil {
		return err
	}
	from := b.s.spanAdds.pending()
	b.ahead = &overlap{view: b.s.db.NewTransaction(false), write: b.s.db.NewTransaction(true), from: from, holds: b.s.bulk.holds}
	return nil
}

// fits tells whether a batch of groups may be prepassed in the Bulk's
// snapshot and written in its transaction: none of its documents is the
// last batch's, it has no threads, and the check looked at every span.
func (b *Bulk) fits(groups []*docGroup, threads []*annotate.Thread, g *idGuard) bool {
	if b.ahead == nil || b.ahead.write == nil || len(threads) > 0 || g == nil || !g.all {
		return false
	}
	if b.prev == nil {
		return true
	}
	for _, grp := range groups {
		if _, ok := b.prev.docs[grp.doc]; ok {
			return false
		}
	}
	return true
}

// LayerTimes is Store.LayerTimes under the lock: in the Bulk's snapshot
// where none of the documents is the last batch's, else in the store as
// it is once that batch is settled.
func (b *Bulk) LayerTimes(layers [][2]string) ([]int64, error) {
	if !b.locked {
		return nil, errors.New("store: Bulk.LayerTimes outside Lock")
	}
	if a := b.ahead; a != nil && len(layers) > 0 {
		if !b.prevHas(layers) {
			return layerTimesIn(a.view, layers)
		}
		if err := b.settle(); err != nil {
			return nil, err
		}
	}
	return b.s.LayerTimes(layers)
}

// prevHas tells whether a document of layers is one the last batch
// sent wrote.
func (b *Bulk) prevHas(layers [][2]string) bool {
	if b.prev == nil {
		return false
	}
	for _, l := range layers {
		if doc, ok := docBytes(l[0]); ok {
			if _, ok := b.prev.docs[doc]; ok {
				return true
			}
		}
	}
	return false
}

// prevSpanDocs adds to found the documents the last batch sent gives
// those of ids found lacks.
func (b *Bulk) prevSpanDocs(ids []string, found map[string][8]byte) {
	if b.prev == nil || len(ids) == 0 {
		return
	}
	want := make(map[string]bool, len(ids))
	for _, id := range ids {
		if _, ok := found[id]; !ok {
			want[id] = true
		}
	}
	if len(want) == 0 {
		return
	}
	for _, sp := range b.prev.spans {
		if want[sp.ID] {
			if doc, ok := docBytes(sp.Doc); ok {
				found[sp.ID] = doc
			}
		}
	}
}

// Send is WriteBatch without waiting for the commits: once it returns,
// the lock may be given back while Badger commits, and the BulkWrite's
// Wait says how they went. Nothing of the batch may be reported before.
func (b *Bulk) Send(ctx context.Context, batch *Batch) (*BulkWrite, error) {
	if !b.locked {
		return nil, errors.New("store: Bulk.Send outside Lock")
	}
	g := b.guardFor(batch)
	w, err := b.s.sendBatch(ctx, batch, g, true, b)
	if b.filter != nil {
		b.writes = b.s.batchWrites.Load() // this batch's own counts
	}
	b.checked, b.found, b.token = nil, nil, nil
	if err != nil {
		// What was committed is done (the pipeline waited for it);
		// the rest is read in the store as it is.
		if serr := b.settle(); serr != nil {
			err = serr // the batch before failed first
		}
		return nil, err
	}
	if w.p.first != nil {
		// No chunk was committed (nothing to write): the snapshot is
		// still the next batch's, and the last batch still the one
		// before.
		if b.ahead != nil && b.ahead.write == nil {
			b.ahead.write, w.p.firstTxn = w.p.firstTxn, nil
		}
		if b.ahead != nil && b.ahead.write == nil {
			if err := b.settle(); err != nil {
				return nil, err
			}
		}
	} else {
		docs := make(map[[8]byte]struct{}, len(w.groups))
		for _, grp := range w.groups {
			docs[grp.doc] = struct{}{}
		}
		b.prev = &bulkSent{bulk: b, w: w, docs: docs, spans: batch.Spans}
		b.s.bulk.unsettled = b.prev
	}
	if len(w.threads) > 0 {
		// Threads are written under the lock, and the next batch reads
		// the store as it is: the record says nothing of them (a
		// thread's members may be in any document).
		if _, err := w.settle(); err != nil {
			return nil, err
		}
		if err := b.settle(); err != nil {
			return nil, err
		}
	}
	return &BulkWrite{w}, nil
}
