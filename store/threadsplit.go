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
	var rec []byte
	if t != nil {
		var err error
		if rec, err = encodeThread(nil, t); err != nil {
			return false, fmt.Errorf("thread %s: %w", id, err)
		}
	}
	var old *annotate.Thread
	var oldRec []byte
	err := s.db.View(func(txn *badger.Txn) error {
		v, err := get(txn, threadKey(id))
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		oldRec = v
		old, err = decodeThread(id, v)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("thread %s: %w", id, err)
	}
	if old == nil && t == nil || old != nil && t != nil && bytes.Equal(oldRec, rec) {
		return false, nil
	}
	del, put, err := threadKeyChanges(old, t, &arena{})
	if err != nil {
		return false, fmt.Errorf("thread %s: %w", id, err)
	}
	err = s.writeThreadSteps(id, oldRec, rec, del, put)
	if err != nil {
		// Bring the keys in step now rather than at the next Open.
		if uerr := s.finishThreadSplit(id, oldRec); uerr != nil {
			return false, fmt.Errorf("thread %s: %w (putting its index keys in step failed too, the next open will: %v)", id, err, uerr)
		}
		return false, fmt.Errorf("thread %s: %w", id, err)
	}
	return true, nil
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
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pThrSplit}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().Key()
			id, rest, err := readID(k[1:])
			if err != nil || len(rest) != 0 {
				return fmt.Errorf("thread split key %x: %w", k, errCorrupt)
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
	for _, sp := range splits {
		if err := s.finishThreadSplit(sp.id, sp.old); err != nil {
			return fmt.Errorf("finish an interrupted import of thread %s: %w", sp.id, err)
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
