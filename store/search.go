package store

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/search"
)

// A search reads the articles themselves: ScanRecords hands it each
// article's date and text (search.AppendRecord), which it folds for search
// as it goes (lower case, no accents, one form of each Arabic-script
// letter; see annotate/search). Schema 2 kept the folded text beside each
// article under F doc8, written in the same transaction: about the text's
// size again, it doubled what an import wrote into Badger's value log for
// a saving at search time of one fold of the text, which annotate/search
// does eight bytes at a time (BenchmarkSearch and BenchmarkImport20k in the
// README, before and after). Schema 3 deletes those records.
//
// Why this and not an inverted index (bleve, or posting lists in Badger):
// a news corpus of 20,000 articles is 36 MB, which a linear pass reads and
// searches with bytes.Index in tens of milliseconds, while posting lists
// for its ~5 million (word, article) pairs would multiply import time
// several times over and still need the text read again for phrases with
// punctuation, regular expressions and context.
const pFold = 'F'

// ScanRecords calls fn with every document's ID and search record
// (search.AppendRecord: its date and text), in ID order. rec is valid only
// during the call. An error from fn stops the scan and is returned as it is.
func (s *Store) ScanRecords(ctx context.Context, fn func(doc string, rec []byte) error) error {
	if err := s.begin(); err != nil {
		return err
	}
	defer s.end()
	txn := s.db.NewTransaction(false)
	defer txn.Discard()
	opt := badger.DefaultIteratorOptions
	opt.Prefix = []byte{pDoc}
	opt.PrefetchSize = 256
	it := txn.NewIterator(opt)
	defer it.Close()
	var hexID [16]byte
	var rec []byte
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
			return fmt.Errorf("search: article key %x: %w", k, errCorrupt)
		}
		hex.Encode(hexID[:], k[1:])
		var ferr error
		err := itemValue(item, func(v []byte) error {
			date, text, err := docDateText(v)
			if err != nil {
				return err
			}
			rec = search.AppendRecord(rec[:0], date, text)
			ferr = fn(string(hexID[:]), rec)
			return ferr
		})
		if ferr != nil {
			return ferr
		}
		if err != nil {
			return fmt.Errorf("search: article %s cannot be read (run skein check): %w", hexID, err)
		}
	}
	return nil
}

// docDateText slices the date and the text out of a document's record
// (encodeDoc) without copying them.
func docDateText(v []byte) (date, text []byte, err error) {
	r := reader{b: v}
	r.bytes()
	r.bytes()
	date = r.bytes()
	for n := r.count(2); n > 0 && r.err == nil; n-- {
		r.bytes()
		r.bytes()
	}
	return date, r.b, r.err
}

// dropSearchRecords deletes the search records schema 2 kept (F keys): the
// migration to schema 3, safe to run again. Their space in the value log
// is reclaimed by its garbage collection, as for any deleted value.
func (s *Store) dropSearchRecords() error {
	var keys [][]byte
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pFold}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			keys = append(keys, it.Item().KeyCopy(nil))
		}
		return nil
	})
	if err != nil {
		return err
	}
	sw := s.newSplitWriter()
	for _, k := range keys {
		if err := sw.do(func(txn *badger.Txn) error { return txn.Delete(k) }); err != nil {
			return err
		}
	}
	return sw.flush()
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

// LabelUsed reports whether some span in the store is labelled label, by
// the first of its l index keys, without reading a span: an import says
// a label new to the store and not one it holds already.
func (s *Store) LabelUsed(label string) (bool, error) {
	prefix := appendStr([]byte{pByLabel}, label)
	used := false
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
		defer it.Close()
		it.Rewind()
		used = it.Valid()
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("spans labelled %s: %w", label, err)
	}
	return used, nil
}

// MetaLabels is the store setting that keeps the user labels — those
// beyond claim, actor, figure and accusation — in the window's order, one a
// line (the window's label bar writes it; LabelKnown reads it).
const MetaLabels = "labels"

// LabelKnown reports whether the store knows label: some span is labelled
// it (LabelUsed), or the window's label list holds it (MetaLabels) — a
// label added there before any span had it, which an import bringing its
// first spans called a new user label.
func (s *Store) LabelKnown(label string) (bool, error) {
	used, err := s.LabelUsed(label)
	if err != nil || used {
		return used, err
	}
	list, _, err := s.Meta(MetaLabels)
	if err != nil {
		return false, err
	}
	for _, l := range strings.Split(list, "\n") {
		if annotate.NormalName(l) == label {
			return true, nil
		}
	}
	return false, nil
}

// LinkLabelsUsed returns which of labels some stored thread's link
// carries. No index keeps link labels: the threads are read, until all of
// labels are found.
func (s *Store) LinkLabelsUsed(ctx context.Context, labels []string) (map[string]bool, error) {
	used := map[string]bool{}
	if len(labels) == 0 {
		return used, nil
	}
	want := map[string]bool{}
	for _, l := range labels {
		want[l] = true
	}
	errAll := errors.New("all found")
	err := s.Threads(ctx, func(t *annotate.Thread) error {
		for _, m := range t.Members {
			if want[m.Link] && !used[m.Link] {
				used[m.Link] = true
				if len(used) == len(want) {
					return errAll
				}
			}
		}
		return nil
	})
	if err != nil && !errors.Is(err, errAll) {
		return nil, err
	}
	return used, nil
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
