package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"

	badger "github.com/dgraph-io/badger/v4"
)

// encodeSplit is the value of a split key: the IDs of the spans whose index
// keys a split write puts or deletes.
func encodeSplit(ops []indexOp) []byte {
	size := 10
	for i := range ops {
		size += len(ops[i].e.id) + 2
	}
	b := binary.AppendUvarint(make([]byte, 0, size), uint64(len(ops)))
	for i := range ops {
		b = binary.AppendUvarint(b, uint64(len(ops[i].e.id)))
		b = append(b, ops[i].e.id...)
	}
	return b
}

func decodeSplit(v []byte) ([]string, error) {
	r := reader{b: v}
	ids := make([]string, r.count(1))
	for i := range ids {
		ids[i] = r.str()
	}
	if r.err == nil && len(r.b) != 0 {
		r.fail()
	}
	return ids, r.err
}

// finishSplits undoes what split writes a crash interrupted (see
// writeGroupSplit) before anything reads the store: each span ID the write
// named gets back the index key the document's stored span list implies,
// or none. It does the work of several transactions if it must, and deletes
// the split key last, so that a crash while it runs leaves it to the next
// Open.
func (s *Store) finishSplits() error {
	type split struct {
		doc [8]byte
		ids []string
	}
	var splits []split
	var bad error
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pSplit}, PrefetchValues: false})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().KeyCopy(nil)
			if len(k) != 9 {
				bad = unfinishedWrite("a large import's record of a wrong length", fmt.Errorf("finish an interrupted import: split key %x: %w", k, errCorrupt), k)
				return nil
			}
			v, err := itemValueCopy(it.Item())
			if err != nil {
				return err
			}
			ids, err := decodeSplit(v)
			if err != nil {
				bad = unfinishedWrite(fmt.Sprintf("a large import of article %x not yet finished", k[1:]),
					fmt.Errorf("finish an interrupted import: split key of document %x: %w", k[1:], err), k)
				return nil
			}
			splits = append(splits, split{doc: [8]byte(k[1:]), ids: ids})
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("finish an interrupted import: %w", err)
	}
	if bad != nil {
		return bad
	}
	for _, sp := range splits {
		if err := s.finishSplit(sp.doc, sp.ids); err != nil {
			return unfinishedWrite(fmt.Sprintf("a large import of article %x not yet finished", sp.doc),
				fmt.Errorf("finish an interrupted import of document %x: %w", sp.doc, err), docKey(pSplit, sp.doc))
		}
	}
	return nil
}

func (s *Store) finishSplit(doc [8]byte, ids []string) error {
	live := map[string]bool{}
	err := s.db.View(func(txn *badger.Txn) error {
		ss, err := loadSpanSet(txn, doc)
		if err != nil {
			return err
		}
		for i := range ss.entries {
			live[string(ss.entries[i].id)] = true
		}
		return nil
	})
	if err != nil {
		return err
	}
	sw := s.newSplitWriter()
	for _, id := range ids {
		err := sw.do(func(txn *badger.Txn) error {
			k := spanIDKey(id)
			if live[id] {
				return txn.Set(k, doc[:])
			}
			v, err := get(txn, k)
			switch {
			case errors.Is(err, ErrNotFound):
				return nil
			case err != nil:
				return err
			case !bytes.Equal(v, doc[:]):
				return nil // another document's span; the write never put it
			}
			return txn.Delete(k)
		})
		if err != nil {
			return err
		}
	}
	if err := sw.do(func(txn *badger.Txn) error { return txn.Delete(docKey(pSplit, doc)) }); err != nil {
		return err
	}
	return sw.flush()
}
