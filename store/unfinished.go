package store

import (
	"errors"
	"fmt"

	badger "github.com/dgraph-io/badger/v4"
)

// A store opened read-only cannot finish what a kill left under way: the
// recovery keys a writable Open acts on (a whole-batch journal W, a large
// import's split key P, a large thread's N, an article's deletion O, an
// import's journal J). What it reads meanwhile may be half of a write, so
// it refuses, as it refuses a log a kill left; the bulk's pending records
// (pPend) are read as they are, and checked. A damaged key is refused as
// damage, by name.

// unfinished reports, for a store opened read-only, what the store holds
// that a writable Open would finish: nil where nothing, else an error
// saying what (wrapping ErrDamaged where a key does not decode, ErrUnclean
// or ErrDiskFull where it is whole).
func (s *Store) unfinished() error {
	var what string
	err := s.db.View(func(txn *badger.Txn) error {
		for _, p := range []byte{pWhole, pSplit, pThrSplit, pDeleting, pJournal, pPend} {
			it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{p}})
			err := func() error {
				defer it.Close()
				for it.Rewind(); it.Valid(); it.Next() {
					k := it.Item().KeyCopy(nil)
					v, err := itemValueCopy(it.Item())
					if err != nil {
						return err
					}
					w, err := recoveryKey(k, v)
					if err != nil {
						return err
					}
					if what == "" {
						what = w
					}
				}
				return nil
			}()
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil || what == "" {
		return err
	}
	if _, err := s.wholeJournal(); err != nil {
		return fmt.Errorf("cannot open store %s: %w", s.dir, err)
	}
	if s.opt.ReadOnly {
		return uncleanError(s.dir, what)
	}
	return fmt.Errorf("cannot open store %s: its disk is full, and it holds %s, which needs room to be finished before the store is read: "+
		"free some space on the disk and open it again: %w", s.dir, what, ErrDiskFull)
}

// recoveryKey checks the recovery key k (value v) and says what unfinished
// write it stands for ("" for one that leaves nothing to finish: a piece
// of a W journal without its count, a pending record); a key that does not
// decode is an error wrapping ErrDamaged that names it.
func recoveryKey(k, v []byte) (string, error) {
	bad := func(what string) error {
		return damaged("the store's record of an interrupted write (key %x) is damaged: %s", k, what)
	}
	switch k[0] {
	case pWhole:
		switch {
		case len(k) == 1:
			return "a write (a take from another machine) not yet finished, in its journal", nil
		case len(k) == 5:
			return "", nil
		}
		return "", bad("a whole-batch journal's key of a wrong length")
	case pSplit:
		if len(k) != 9 {
			return "", bad("a large import's split key of a wrong length")
		}
		if _, err := decodeSplit(v); err != nil {
			return "", bad("a large import's split key whose list of spans does not decode")
		}
		return fmt.Sprintf("a large import of article %x not yet finished", k[1:]), nil
	case pThrSplit:
		id, rest, err := readID(k[1:])
		if err != nil || len(rest) != 0 {
			return "", bad("a large thread's split key that names no thread")
		}
		if len(v) > 0 {
			if _, err := decodeThread(id, v); err != nil {
				return "", bad("a large thread's split key whose thread does not decode")
			}
		}
		return "a write of thread " + id + " not yet finished", nil
	case pDeleting:
		if len(k) != 9 || len(v) != 0 {
			return "", bad("an article's deletion key of a wrong length")
		}
		return fmt.Sprintf("a deletion of article %x not yet finished", k[1:]), nil
	case pJournal:
		if len(k) != 5 || len(v)%8 != 0 {
			return "", bad("an import's journal of a wrong length")
		}
		return "an import not yet finished", nil
	case pPend:
		if len(k) != 9 || len(v)%8 != 0 {
			return "", bad("a bulk load's pending span-ID record of a wrong length")
		}
		return "", nil
	}
	return "", errors.New("not a recovery key")
}
