package store

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/search"
)

// The search index is one record per document under F doc8: the document's
// text folded for search (lower case, no accents, one form of each
// Arabic-script letter) with its date, written in the same transaction as
// the document and deleted with it (see annotate/search for the record).
//
// Why this and not an inverted index (bleve, or posting lists in Badger):
// a news corpus of 20,000 articles is 36 MB, which a linear pass over the
// folded records reads and searches with bytes.Index in tens of
// milliseconds, while posting lists for its ~5 million (word, article)
// pairs would multiply import time several times over (the import goal is
// 1 s) and still need the text read again for phrases with punctuation,
// regular expressions and context. The figures are in the README.
const pFold = 'F'

// putFolded writes document d's search record.
func putFolded(txn *badger.Txn, doc [8]byte, d *annotate.Document, a *arena) error {
	rec := a.done(search.AppendRecord(a.start(search.RecordSize(d.Date, d.Text)), d.Date, d.Text))
	return txn.Set(a.done(appendDoc(append(a.start(9), pFold), doc)), rec)
}

// ScanRecords calls fn with every document's ID and search record, in ID
// order. rec is valid only during the call. An error from fn stops the scan
// and is returned as it is.
func (s *Store) ScanRecords(ctx context.Context, fn func(doc string, rec []byte) error) error {
	if err := s.begin(); err != nil {
		return err
	}
	defer s.end()
	txn := s.db.NewTransaction(false)
	defer txn.Discard()
	opt := badger.DefaultIteratorOptions
	opt.Prefix = []byte{pFold}
	opt.PrefetchSize = 256
	it := txn.NewIterator(opt)
	defer it.Close()
	var hexID [16]byte
	n := 0
	for it.Rewind(); it.Valid(); it.Next() {
		if n++; n%256 == 0 {
			if err := checkCtx(ctx); err != nil {
				return err
			}
		}
		item := it.Item()
		k := item.Key()
		if len(k) != 9 {
			return fmt.Errorf("search: index key %x: %w", k, errCorrupt)
		}
		hex.Encode(hexID[:], k[1:])
		var ferr error
		err := item.Value(func(v []byte) error {
			ferr = fn(string(hexID[:]), v)
			return ferr
		})
		if ferr != nil {
			return ferr
		}
		if err != nil {
			return fmt.Errorf("search: record of %s: %w", hexID, err)
		}
	}
	return nil
}

// Done reports whether annotator marked document docID done.
func (s *Store) Done(docID, annotator string) (bool, error) {
	m, err := s.Mark(docID, annotator)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return m.Done, nil
}

// RebuildSearchIndex writes every document's search record again from its
// text and deletes records whose document is gone; it returns how many
// records it wrote. skein check runs it when a record cannot be read, and
// the schema migration runs it on a store made before search existed.
func (s *Store) RebuildSearchIndex(ctx context.Context) (int, error) {
	n := 0
	sw := s.newSplitWriter()
	err := s.EachDocument(ctx, func(d *annotate.Document) error {
		doc, ok := docBytes(d.ID)
		if !ok {
			return errDocID(d.ID)
		}
		n++
		return sw.do(func(txn *badger.Txn) error { return putFolded(txn, doc, d, nil) })
	})
	if err != nil {
		return n, fmt.Errorf("rebuild the search index: %w", err)
	}
	if err := sw.flush(); err != nil {
		return n, fmt.Errorf("rebuild the search index: %w", err)
	}
	// Records of documents deleted while the index was damaged.
	var stale [][]byte
	err = s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pFold}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().KeyCopy(nil)
			if len(k) != 9 {
				stale = append(stale, k)
				continue
			}
			ok, err := has(txn, docKey(pInfo, [8]byte(k[1:])))
			if err != nil {
				return err
			}
			if !ok {
				stale = append(stale, k)
			}
		}
		return nil
	})
	if err == nil {
		for _, k := range stale {
			if err = sw.do(func(txn *badger.Txn) error { return txn.Delete(k) }); err != nil {
				break
			}
		}
	}
	if err == nil {
		err = sw.flush()
	}
	if err == nil {
		err = s.sync()
	}
	if err != nil {
		return n, fmt.Errorf("rebuild the search index: %w", err)
	}
	return n, nil
}

// DocsWith returns the IDs of the documents where some layer has a span
// labelled label (byLabel) or where annotator has spans (by the a and l
// index keys, without reading a span).
func (s *Store) DocsWith(byLabel bool, name string) (map[string]bool, error) {
	p := byte(pByAnnot)
	if byLabel {
		p = pByLabel
	}
	prefix := appendStr([]byte{p}, name)
	out := map[string]bool{}
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
		defer it.Close()
		var hexID [16]byte
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().Key()
			if len(k) != len(prefix)+8 {
				return fmt.Errorf("index key %x: %w", k, errCorrupt)
			}
			hex.Encode(hexID[:], k[len(prefix):])
			out[string(hexID[:])] = true
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("documents with %s: %w", name, err)
	}
	return out, nil
}
