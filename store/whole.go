package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	badger "github.com/dgraph-io/badger/v4"
)

// pWhole keys hold a batch WriteBatchWhole is writing, until it is all in:
//
//	W seq4   a piece of the batch's JSON (seq 1, 2, …)
//	W        the number of pieces (uint32): written once they all are,
//	         it says the batch is to be written whole
//
// A kill before the count is written leaves pieces the next Open deletes:
// nothing of the batch was written. A kill after it leaves a batch the
// next Open writes again, whole, before anything reads the store
// (WriteBatch is idempotent), then deletes the count and the pieces.
const pWhole = 'W'

// wholePieceSize is the most bytes of the batch's JSON one key holds.
var wholePieceSize = 1 << 20

func wholeKey(seq uint32) []byte { return binary.BigEndian.AppendUint32([]byte{pWhole}, seq) }

// WriteBatchWhole is WriteBatch made all or nothing across a kill, a crash
// or a full disk: the batch is first written to the store's journal (pW),
// and then as WriteBatch writes it. A kill before the journal is complete
// leaves the store as it was; one after it is finished by the next Open.
// Once the journal is complete the write goes on even if ctx is cancelled;
// an error after it says that the next open finishes the write.
//
// It is for a write that must never be seen half done and is not large
// (a team folder's take of the user's own work from another machine): the
// batch is checked first (the checks WriteBatch makes before it writes),
// then written twice.
func (s *Store) WriteBatchWhole(ctx context.Context, b *Batch) (BatchResult, error) {
	if err := s.begin(); err != nil {
		return BatchResult{}, err
	}
	defer s.end()
	s.bulk.Lock()
	defer s.bulk.Unlock()
	// Refused by the checks, the batch must not reach the journal, which
	// the next Open would write again: refused again, and again.
	if err := s.checkBatch(ctx, b); err != nil {
		return BatchResult{}, err
	}
	enc, err := json.Marshal(b)
	if err != nil {
		return BatchResult{}, fmt.Errorf("writing to the store: %w", err)
	}
	if err := s.checkSpace(2*int64(len(enc))+batchBytes(b), "the write"); err != nil {
		return BatchResult{}, err
	}
	if err := s.writeJournal(enc); err != nil {
		// Pieces without their count are nothing: deleted here, or by
		// the next Open.
		if derr := s.dropWhole(); derr != nil {
			err = fmt.Errorf("%w (and clearing the journal: %v)", err, derr)
		}
		return BatchResult{}, fmt.Errorf("writing to the store: %w", err)
	}
	if afterJournal != nil {
		afterJournal()
	}
	res, err := s.writeBatch(context.WithoutCancel(ctx), b)
	if err == nil {
		err = s.dropWhole()
	}
	if err != nil {
		return res, fmt.Errorf("%w (the write is finished the next time the store opens)", err)
	}
	return res, nil
}

// afterJournal, set by tests, runs once WriteBatchWhole's journal is
// whole, before the batch is written.
var afterJournal func()

// checkBatch makes the checks WriteBatch makes before it writes b.
func (s *Store) checkBatch(ctx context.Context, b *Batch) error {
	threads, err := checkThreads(b.Threads)
	if err != nil {
		return err
	}
	if err := checkGone(b.Gone); err != nil {
		return err
	}
	groups, err := groupBatch(b)
	if err == nil {
		err = s.prepass(ctx, groups, threads, nil)
	}
	if err != nil {
		return fmt.Errorf("writing to the store: %w", err)
	}
	return nil
}

// writeJournal writes enc in pieces, then their count, durably.
func (s *Store) writeJournal(enc []byte) error {
	sw := s.newSplitWriter()
	n := uint32(0)
	for len(enc) > 0 {
		k := min(len(enc), wholePieceSize)
		piece := enc[:k]
		enc = enc[k:]
		n++
		seq := n
		if err := sw.do(func(txn *badger.Txn) error { return txn.Set(wholeKey(seq), piece) }); err != nil {
			if sw.txn != nil {
				sw.txn.Discard()
				sw.txn = nil
			}
			return err
		}
	}
	if err := sw.flush(); err != nil {
		return err
	}
	return s.update(func(txn *badger.Txn) error {
		return txn.Set([]byte{pWhole}, binary.BigEndian.AppendUint32(nil, n))
	})
}

// dropWhole deletes the journal: its count first, so that a kill part-way
// leaves pieces alone, which are nothing.
func (s *Store) dropWhole() error {
	var keys [][]byte
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pWhole}, PrefetchValues: false})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			keys = append(keys, it.Item().KeyCopy(nil))
		}
		return nil
	})
	if err != nil || len(keys) == 0 {
		return err
	}
	sw := s.newSplitWriter()
	for _, k := range keys { // the count, one byte, sorts first
		if err := sw.do(func(txn *badger.Txn) error { return txn.Delete(k) }); err != nil {
			if sw.txn != nil {
				sw.txn.Discard()
				sw.txn = nil
			}
			return err
		}
	}
	return sw.flush()
}

// finishWhole writes, before anything reads the store, a batch that
// WriteBatchWhole had put whole in the journal when a kill or a crash
// stopped it, and deletes pieces a kill left without their count.
func (s *Store) finishWhole() error {
	b, err := s.wholeJournal()
	if err == nil && b != nil {
		_, err = s.writeBatch(context.Background(), b)
	}
	if err == nil {
		err = s.dropWhole()
	}
	if err != nil {
		return unfinishedWrite("a write (a take from another machine) not yet finished, in its journal",
			fmt.Errorf("finish an interrupted write: %w", err), []byte{pWhole})
	}
	return nil
}

// wholeJournal reads the batch the journal holds whole, nil where there is
// none. A journal that is not whole (its count damaged, a piece missing,
// its batch not one that decodes, or one the store's checks refuse, as
// naming an article the store no longer holds) is an error wrapping
// ErrDamaged, and nothing of it is written.
func (s *Store) wholeJournal() (*Batch, error) {
	var (
		enc   []byte
		count uint32
		found bool
		bad   string
	)
	err := s.db.View(func(txn *badger.Txn) error {
		v, err := get(txn, []byte{pWhole})
		switch {
		case errors.Is(err, ErrNotFound):
			return nil
		case err != nil:
			return err
		case len(v) != 4:
			bad = fmt.Sprintf("its count of pieces is %d bytes long, not 4", len(v))
			return nil
		}
		found, count = true, binary.BigEndian.Uint32(v)
		var buf bytes.Buffer
		for seq := uint32(1); seq <= count; seq++ {
			piece, err := get(txn, wholeKey(seq))
			if errors.Is(err, ErrNotFound) {
				bad = fmt.Sprintf("piece %d of its %d is missing", seq, count)
				return nil
			}
			if err != nil {
				return err
			}
			buf.Write(piece)
		}
		enc = buf.Bytes()
		return nil
	})
	if err != nil {
		return nil, err
	}
	var b *Batch
	if found && bad == "" {
		b = &Batch{}
		if uerr := json.Unmarshal(enc, b); uerr != nil {
			bad = "its batch does not decode (" + uerr.Error() + ")"
		} else if cerr := s.checkBatch(context.Background(), b); cerr != nil {
			bad = "the store refuses its batch (" + strings.TrimPrefix(cerr.Error(), "writing to the store: ") + ")"
		}
	}
	if bad != "" {
		// Said as the one thing it is: this write cannot be finished.
		// "nothing of it was written: the store is damaged" before
		// UnfinishedError's "Nothing else in the store is lost" said
		// the store was damaged and then that it was not, and that
		// nothing was written where a kill during the write may have
		// left part of it written (which the set-aside keeps).
		return nil, &damagedWrite{fmt.Sprintf("the journal of a write a kill interrupted (a take from another machine) cannot be finished: %s; finishing it wrote nothing", bad)}
	}
	return b, nil
}
