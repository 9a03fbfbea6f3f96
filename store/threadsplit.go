package store

import (
	"bytes"
	"errors"
	"fmt"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/skein-news/skein/annotate"
)

// A thread whose index keys do not fit in one transaction with its record
// (an import's thread of 10,000 members: a transaction holds a few
// thousand entries) is written in several, as a large article's spans
// are (writeGroupSplit): first a split key (N, the thread's ID) holding
// the thread as it was stored (nothing for a new one), then the deletions
// of the keys it loses, then its record, then the keys it gains, and the
// split key's deletion last. A reader meanwhile misses keys, never finds
// one that names a thread without that member. Killed or failed in
// between, the keys are brought in step with whichever record is stored
// (finishThreadSplits, at the next Open): the thread as it was, or whole
// as written.

func threadSplitKey(id string) []byte { return appendThreadKey(nil, pThrSplit, id) }

// writeThreadSplit writes thread id as t (nil: deletes it) in several
// transactions; it reports whether the thread changed.
func (s *Store) writeThreadSplit(id string, t *annotate.Thread) (bool, error) {
	res, err := s.writeThreadSplitIf(id, t, false)
	return res.ThreadsWritten > 0, err
}

// writeThreadSplitIf is writeThreadSplit that, with ifNewer, keeps the
// stored thread where it changed as late as t or later, and the thread
// deleted where its deletion is as late or later (Batch.IfNewer); it
// counts what it did as writeThreads does.
func (s *Store) writeThreadSplitIf(id string, t *annotate.Thread, ifNewer bool) (res BatchResult, err error) {
	var rec []byte
	if t != nil {
		if rec, err = encodeThread(nil, t); err != nil {
			return res, fmt.Errorf("thread %s: %w", id, err)
		}
	}
	var old *annotate.Thread
	var oldRec []byte
	var gone int64
	var wasGone bool
	err = s.db.View(func(txn *badger.Txn) error {
		v, err := get(txn, threadKey(id))
		if errors.Is(err, ErrNotFound) {
			gone, wasGone, err = readGone(txn, id)
			return err
		}
		if err != nil {
			return err
		}
		oldRec = v
		old, err = decodeThread(id, v)
		return err
	})
	if err != nil {
		return res, fmt.Errorf("thread %s: %w", id, err)
	}
	if old == nil && t == nil || old != nil && t != nil && bytes.Equal(oldRec, rec) {
		return res, nil // the same: not kept, unchanged
	}
	if ifNewer && old != nil && t != nil && old.ChangedAt() >= t.ChangedAt() {
		res.ThreadsKept = 1
		return res, nil
	}
	if ifNewer && old == nil && wasGone {
		if gone >= t.ChangedAt() {
			res.ThreadsStayDeleted = 1
			return res, nil
		}
		res.ThreadsBack = 1
	}
	del, put, err := threadKeyChanges(old, t, &arena{})
	if err != nil {
		return BatchResult{}, fmt.Errorf("thread %s: %w", id, err)
	}
	err = s.writeThreadSteps(id, oldRec, rec, del, put)
	if err != nil {
		// Bring the keys in step now rather than at the next Open.
		if uerr := s.finishThreadSplit(id, oldRec); uerr != nil {
			return BatchResult{}, fmt.Errorf("thread %s: %w (putting its index keys in step failed too, the next open will: %v)", id, err, uerr)
		}
		return BatchResult{}, fmt.Errorf("thread %s: %w", id, err)
	}
	res.ThreadsWritten = 1
	return res, nil
}

func (s *Store) writeThreadSteps(id string, oldRec, rec []byte, del, put [][]byte) error {
	sw := s.newSplitWriter()
	defer func() {
		if sw.txn != nil {
			sw.txn.Discard()
		}
	}()
	split := threadSplitKey(id)
	if err := sw.do(func(txn *badger.Txn) error { return txn.Set(split, oldRec) }); err != nil {
		return err
	}
	for _, k := range del {
		if err := sw.do(func(txn *badger.Txn) error { return txn.Delete(k) }); err != nil {
			return err
		}
	}
	if err := sw.flush(); err != nil {
		return err
	}
	if err := s.updateNoSync(func(txn *badger.Txn) error {
		if err := noteGoneRec(txn, id, oldRec, rec); err != nil {
			return err
		}
		if rec == nil {
			return txn.Delete(threadKey(id))
		}
		return txn.Set(threadKey(id), rec)
	}); err != nil {
		return err
	}
	for _, k := range put {
		if err := sw.do(func(txn *badger.Txn) error { return txn.Set(k, nil) }); err != nil {
			return err
		}
	}
	if err := sw.do(func(txn *badger.Txn) error { return txn.Delete(split) }); err != nil {
		return err
	}
	return sw.flush()
}

// finishThreadSplits brings in step the index keys of the threads whose
// write in several transactions was cut short, before anything reads the
// store.
func (s *Store) finishThreadSplits() error {
	type split struct {
		id  string
		old []byte
	}
	var splits []split
	var bad error
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pThrSplit}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().KeyCopy(nil)
			id, rest, err := readID(k[1:])
			if err != nil || len(rest) != 0 {
				bad = unfinishedWrite("a large thread's record that names no thread",
					fmt.Errorf("finish an interrupted import of a thread: thread split key %x: %w", k, errCorrupt), k)
				return nil
			}
			v, err := itemValueCopy(it.Item())
			if err != nil {
				return err
			}
			splits = append(splits, split{id, v})
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("finish an interrupted import of a thread: %w", err)
	}
	if bad != nil {
		return bad
	}
	for _, sp := range splits {
		if err := s.finishThreadSplit(sp.id, sp.old); err != nil {
			return unfinishedWrite("a write of thread "+sp.id+" not yet finished",
				fmt.Errorf("finish an interrupted import of thread %s: %w", sp.id, err), threadSplitKey(sp.id))
		}
	}
	return nil
}

// finishThreadSplit deletes the index keys of thread id as it was (oldRec,
// nil for none) that the stored record does not have, puts every key the
// stored record has, and deletes the split key last.
func (s *Store) finishThreadSplit(id string, oldRec []byte) error {
	var old, cur *annotate.Thread
	err := s.db.View(func(txn *badger.Txn) error {
		var err error
		cur, err = readThread(txn, id)
		if errors.Is(err, ErrNotFound) {
			cur, err = nil, nil
		}
		return err
	})
	if err != nil {
		return err
	}
	if len(oldRec) > 0 {
		if old, err = decodeThread(id, oldRec); err != nil {
			return err
		}
	}
	del, _, err := threadKeyChanges(old, cur, &arena{})
	if err != nil {
		return err
	}
	var put [][]byte
	if cur != nil {
		if put, err = threadIndexKeys(cur, &arena{}); err != nil {
			return err
		}
	}
	sw := s.newSplitWriter()
	defer func() {
		if sw.txn != nil {
			sw.txn.Discard()
		}
	}()
	for _, k := range del {
		if err := sw.do(func(txn *badger.Txn) error { return txn.Delete(k) }); err != nil {
			return err
		}
	}
	for _, k := range put {
		if err := sw.do(func(txn *badger.Txn) error { return txn.Set(k, nil) }); err != nil {
			return err
		}
	}
	if err := sw.do(func(txn *badger.Txn) error { return txn.Delete(threadSplitKey(id)) }); err != nil {
		return err
	}
	return sw.flush()
}

// applySplit makes change c (Apply's, or the change an undo or redo
// applies) when its thread edits' index keys do not fit in one transaction
// with it: a thread of thousands of members deleted, made, or brought back
// by undo, which Badger refused as "Txn is too big". Its threads are
// written as writeThreadSplit writes an import's: first, in one
// transaction that checks each edit's before-image, a split key per
// thread holding it as stored; then the index keys the threads lose;
// then write(split), the one
// transaction that makes the change (every record, and the undo and redo
// stacks) and writes of the threads in split their records alone; then
// the keys they gain, and the split keys' deletion last. Killed or failed
// before write commits, the keys are put back as the threads were stored,
// and the stacks were never touched; after, they are completed as
// written (finishThreadSplit, now or at the next Open). The change is
// made whole or not at all.
func (s *Store) applySplit(c *annotate.Change, write func(split map[string]bool) error) error {
	type plan struct {
		id       string
		old      []byte // the thread as stored; nil: none
		del, put [][]byte
	}
	var plans []plan
	err := s.update(func(txn *badger.Txn) error {
		plans = plans[:0]
		for _, e := range c.Threads {
			stored, err := checkThreadEdit(txn, e)
			if err != nil {
				return err
			}
			id := e.ID()
			if ok, err := has(txn, threadSplitKey(id)); err != nil {
				return err
			} else if ok {
				return fmt.Errorf("thread %s is being written by an import: %w", id, ErrConflict)
			}
			for _, p := range plans {
				if p.id == id {
					return fmt.Errorf("thread %s is edited twice in one change", id)
				}
			}
			del, put, err := threadKeyChanges(e.Before, e.After, &arena{})
			if err != nil {
				return fmt.Errorf("thread %s: %w", id, err)
			}
			if err := txn.Set(threadSplitKey(id), stored); err != nil {
				return err
			}
			plans = append(plans, plan{id, stored, del, put})
		}
		return nil
	})
	if err != nil {
		return err
	}
	split := make(map[string]bool, len(plans))
	for _, p := range plans {
		split[p.id] = true
	}
	// inStep brings each thread's keys in step with its stored record.
	inStep := func() error {
		for _, p := range plans {
			if err := s.finishThreadSplit(p.id, p.old); err != nil {
				return fmt.Errorf("putting thread %s's index keys in step failed too, the next open will: %w", p.id, err)
			}
		}
		return nil
	}
	sw := s.newSplitWriter()
	defer func() {
		if sw.txn != nil {
			sw.txn.Discard()
		}
	}()
	err = func() error {
		for _, p := range plans {
			for _, k := range p.del {
				if err := sw.do(func(txn *badger.Txn) error { return txn.Delete(k) }); err != nil {
					return err
				}
			}
		}
		return sw.flush()
	}()
	if err == nil {
		err = write(split)
	}
	if err != nil {
		if uerr := inStep(); uerr != nil {
			return fmt.Errorf("%w (%v)", err, uerr)
		}
		return err
	}
	splitStepDone("record")
	err = func() error {
		for _, p := range plans {
			for _, k := range p.put {
				if err := sw.do(func(txn *badger.Txn) error { return txn.Set(k, nil) }); err != nil {
					return err
				}
			}
			if err := sw.do(func(txn *badger.Txn) error { return txn.Delete(threadSplitKey(p.id)) }); err != nil {
				return err
			}
		}
		return sw.flush()
	}()
	if err != nil {
		if uerr := inStep(); uerr != nil {
			return fmt.Errorf("the change is made, but not yet its threads' index keys (%v): %w", err, uerr)
		}
	}
	return nil
}

// afterSplitStep, set by tests, runs after each durable step of a change
// written in several transactions (applySplit) and of an article's
// deletion (DeleteDocument), named: the kill tests' helpers are killed
// there.
var afterSplitStep func(step string)

func splitStepDone(step string) {
	if afterSplitStep != nil {
		afterSplitStep(step)
	}
}
