package store

import (
	"fmt"

	badger "github.com/dgraph-io/badger/v4"
)

// An import of files writes its articles, then their threads and links
// (a thread joins spans of several articles), in several transactions: a
// kill between them leaves articles without their threads until the same
// import runs again. So an import is recorded before its first write and
// the record cleared after its last (BeginImport, EndImport); a record
// found later names an import cut short (ImportsUnderWay), for the next
// import, skein check and the window to say so.

// importPrefix begins the meta keys of the imports under way, each
// followed by the import's key.
const importPrefix = "import-under-way/"

// BeginImport records, durably, that the import key, described by what,
// is under way. Its caller writes nothing of the import before it.
func (s *Store) BeginImport(key, what string) error {
	if err := s.checkSpace(0, "the import"); err != nil {
		return err // as WriteBatch says it, not "the change"
	}
	return s.SetMeta(importPrefix+key, what)
}

// EndImport clears the record BeginImport made: the import key has
// written all it writes.
func (s *Store) EndImport(key string) error {
	if err := s.begin(); err != nil {
		return err
	}
	defer s.end()
	if err := s.update(func(txn *badger.Txn) error { return txn.Delete(metaKey(importPrefix + key)) }); err != nil {
		return fmt.Errorf("clear the record of the import under way: %w", err)
	}
	return nil
}

// ImportsUnderWay returns the descriptions of the imports recorded as
// under way, by key: in a store no import is writing to, the imports a
// kill (or a failure part-way) cut short.
func (s *Store) ImportsUnderWay() (map[string]string, error) {
	found := map[string]string{}
	err := s.view(func(txn *badger.Txn) error {
		prefix := metaKey(importPrefix)
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix, PrefetchValues: false})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			found[string(it.Item().Key()[len(prefix):])] = string(v)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("the imports under way: %w", err)
	}
	return found, nil
}
