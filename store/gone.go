package store

import (
	"cmp"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/skein-news/skein/annotate"
)

// A deleted thread leaves a tombstone (Z threadKey): when it was deleted
// and whose it was, written in the transaction that deletes its record,
// whatever deletes it (the window, an undo or redo, a layer replaced by an
// import or a take, an article's deletion). A deletion otherwise leaves no
// time of change, and a take of the user's copy from another machine
// (Batch.IfNewer) would read the thread in again as one this store never
// had. A thread written again (an undo of the deletion, a take of a copy
// changed after it, an import) takes its tombstone away in its own
// transaction: a thread is stored or has a tombstone, never both (Check).
//
// Tombstones are few bytes each, but a store that syncs with a busy team
// sees its colleagues' threads deleted too: the store keeps the newest
// maxGone and drops older ones with its value-log clean-up (pruneGone).
// A thread deleted before the latest maxGone deletions and still in a copy
// not read in since then would come back with a take.

// maxGone is how many tombstones a store keeps, the newest; a variable
// that tests lower.
var maxGone = 10000

// KeptDeletions is how many deletions of threads a store keeps (its
// tombstones): no more are written into a team folder, so a deletion file
// holding more is none a skein wrote.
func KeptDeletions() int { return maxGone }

func goneKey(id string) []byte { return appendThreadKey(make([]byte, 0, 18), pGone, id) }

// encodeGone is a tombstone's value: the time of the deletion (Unix ms,
// 8 bytes big-endian), then the thread's annotator.
func encodeGone(at int64, annot string) []byte {
	return append(binary.BigEndian.AppendUint64(make([]byte, 0, 8+len(annot)), uint64(at)), annot...)
}

func decodeGone(v []byte) (at int64, annot string, err error) {
	if len(v) < 8 {
		return 0, "", errCorrupt
	}
	return int64(binary.BigEndian.Uint64(v)), string(v[8:]), nil
}

// noteGone keeps the tombstones in step with a thread record replaced in
// txn: old (nil: none) deleted leaves one, dated now; updated (nil: none)
// written takes its own away.
func noteGone(txn *badger.Txn, old, updated *annotate.Thread) error {
	if old != nil && (updated == nil || updated.ID != old.ID) {
		if err := txn.Set(goneKey(old.ID), encodeGone(annotate.NowMillis(), old.Annotator)); err != nil {
			return err
		}
	}
	if updated != nil && (old == nil || updated.ID != old.ID) {
		return clearGone(txn, updated.ID)
	}
	return nil
}

// clearGone deletes thread id's tombstone, if it has one (a Get costs less
// than the deletion a store of no tombstones would then keep).
func clearGone(txn *badger.Txn, id string) error {
	k := goneKey(id)
	if ok, err := has(txn, k); err != nil || !ok {
		return err
	}
	return txn.Delete(k)
}

// readGone is when thread id was deleted, as its tombstone says (ok false:
// it has none).
func readGone(txn *badger.Txn, id string) (at int64, ok bool, err error) {
	v, err := get(txn, goneKey(id))
	if errors.Is(err, ErrNotFound) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	if at, _, err = decodeGone(v); err != nil {
		return 0, false, fmt.Errorf("thread %s's tombstone: %w", id, err)
	}
	return at, true, nil
}

// ThreadDeleted says when thread id was deleted in this store (Unix ms),
// ok false when the store keeps no such deletion (it never had the thread,
// has it, or the tombstone was pruned).
func (s *Store) ThreadDeleted(id string) (at int64, ok bool, err error) {
	err = s.view(func(txn *badger.Txn) error {
		at, ok, err = readGone(txn, id)
		return err
	})
	return at, ok, err
}

// pruneGone deletes the oldest tombstones beyond the newest maxGone.
func (s *Store) pruneGone() error {
	type tomb struct {
		k  []byte
		at int64
	}
	var all []tomb
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pGone}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var at int64
			err := it.Item().Value(func(v []byte) error {
				var err error
				at, _, err = decodeGone(v)
				return err
			})
			if err != nil {
				continue // Check reports it
			}
			all = append(all, tomb{it.Item().KeyCopy(nil), at})
		}
		return nil
	})
	if err != nil || len(all) <= maxGone {
		return err
	}
	slices.SortFunc(all, func(a, b tomb) int { return cmp.Compare(a.at, b.at) })
	sw := s.newSplitWriter()
	defer func() {
		if sw.txn != nil {
			sw.txn.Discard()
		}
	}()
	for _, t := range all[:len(all)-maxGone] {
		at := t.at
		k := t.k
		err := sw.do(func(txn *badger.Txn) error {
			// Not a tombstone written again since (a later deletion).
			v, err := get(txn, k)
			if errors.Is(err, ErrNotFound) {
				return nil
			}
			if err != nil {
				return err
			}
			if now, _, err := decodeGone(v); err != nil || now != at {
				return nil
			}
			return txn.Delete(k)
		})
		if err != nil {
			return err
		}
	}
	return sw.flush()
}

// noteGoneRec is noteGone for thread id's record oldRec (nil: none)
// replaced by rec (nil: deleted), as writeThreadSteps writes them.
func noteGoneRec(txn *badger.Txn, id string, oldRec, rec []byte) error {
	var old, updated *annotate.Thread
	var err error
	if oldRec != nil {
		if old, err = decodeThread(id, oldRec); err != nil {
			return fmt.Errorf("thread %s: %w", id, err)
		}
	}
	if rec != nil {
		updated = &annotate.Thread{ID: id}
	}
	return noteGone(txn, old, updated)
}

// writeGone writes the deletion g (Batch.Gone), counting it in res: the
// stored thread of its ID and annotator is deleted where it changed
// earlier than g, in one transaction with its tombstone, dated g.At; with
// no such thread stored, the tombstone is kept where none is as late.
// Another annotator's thread of that ID is left alone.
func (s *Store) writeGone(g GoneThread, res *BatchResult) error {
	var deleted, kept bool
	err := s.updateNoSync(func(txn *badger.Txn) error {
		deleted, kept = false, false
		old, err := readThread(txn, g.ID)
		switch {
		case errors.Is(err, ErrNotFound):
			at, ok, err := readGone(txn, g.ID)
			if err != nil || ok && at >= g.At {
				return err
			}
			return txn.Set(goneKey(g.ID), encodeGone(g.At, g.Annotator))
		case err != nil:
			return err
		case old.Annotator != g.Annotator:
			return nil
		case old.ChangedAt() >= g.At:
			kept = true
			return nil
		}
		if err := writeThread(txn, old, nil, &arena{}); err != nil {
			return err
		}
		deleted = true
		return txn.Set(goneKey(g.ID), encodeGone(g.At, g.Annotator))
	})
	if errors.Is(err, badger.ErrTxnTooBig) {
		// A thread of thousands of members: deleted in several
		// transactions (its tombstone dated now), then dated g.At.
		if _, err = s.writeThreadSplit(g.ID, nil); err == nil {
			deleted = true
			err = s.updateNoSync(func(txn *badger.Txn) error {
				return txn.Set(goneKey(g.ID), encodeGone(g.At, g.Annotator))
			})
		}
	}
	if deleted {
		res.ThreadsDeleted++
	}
	if kept {
		res.ThreadsKeptFromGone++
	}
	return err
}

// DeletedThreads calls fn for each deletion of annotator's threads this
// store keeps (its tombstones), in thread ID order.
func (s *Store) DeletedThreads(ctx context.Context, annotator string, fn func(g GoneThread) error) error {
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pGone}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if err := checkCtx(ctx); err != nil {
				return err
			}
			id, rest, err := readID(it.Item().Key()[1:])
			if err != nil || len(rest) != 0 {
				return fmt.Errorf("tombstone key %x: %w", it.Item().Key(), errCorrupt)
			}
			var g GoneThread
			if err := it.Item().Value(func(v []byte) error {
				g.At, g.Annotator, err = decodeGone(v)
				return err
			}); err != nil {
				return fmt.Errorf("thread %s's tombstone: %w", id, err)
			}
			if g.Annotator != annotator {
				continue
			}
			g.ID = id
			if err := fn(g); err != nil {
				return errStop{err}
			}
		}
		return nil
	})
	return stopErr(err, "read deleted threads")
}
