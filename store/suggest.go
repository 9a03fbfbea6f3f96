package store

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"sort"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/skein-news/skein/annotate/suggest"
)

// Suggestions kept in the store:
//
//	G doc8 name    a model's suggestions for a document (skein import -as-suggestions NAME)
//	X doc8 user    the suggestions user rejected in a document, never offered again
//
// Both hold a list of suggestions (encodeSuggestions); they go with their
// document when it is deleted, and skein check reads them.
const (
	pModel    = 'G'
	pRejected = 'X'
)

func docNameKey(p byte, doc [8]byte, name string) []byte {
	return appendStr(appendDoc([]byte{p}, doc), name)
}

// encodeSuggestions writes a count, then per suggestion its start, end,
// label and, when it has one, its score (a flag byte, then the float64).
func encodeSuggestions(sugs []suggest.Suggestion) []byte {
	b := binary.AppendUvarint(nil, uint64(len(sugs)))
	for _, s := range sugs {
		b = binary.AppendUvarint(b, uint64(s.Start))
		b = binary.AppendUvarint(b, uint64(s.End))
		b = appendStr(b, s.Label)
		if s.Score == suggest.NoScore {
			b = append(b, 0)
		} else {
			b = binary.BigEndian.AppendUint64(append(b, 1), math.Float64bits(s.Score))
		}
	}
	return b
}

// decodeSuggestions reads what encodeSuggestions wrote, as suggestions of
// doc from source.
func decodeSuggestions(b []byte, doc, source string) ([]suggest.Suggestion, error) {
	n, w := binary.Uvarint(b)
	if w <= 0 || n > uint64(len(b)) {
		return nil, errCorrupt
	}
	b = b[w:]
	out := make([]suggest.Suggestion, 0, n)
	for range n {
		s := suggest.Suggestion{Doc: doc, Source: source, Score: suggest.NoScore}
		start, w1 := binary.Uvarint(b)
		if w1 <= 0 {
			return nil, errCorrupt
		}
		end, w2 := binary.Uvarint(b[w1:])
		if w2 <= 0 || end < start || end > math.MaxInt32 {
			return nil, errCorrupt
		}
		s.Start, s.End = int(start), int(end)
		var err error
		if s.Label, b, err = readStr(b[w1+w2:]); err != nil || len(b) == 0 {
			return nil, errCorrupt
		}
		switch b[0] {
		case 0:
			b = b[1:]
		case 1:
			if len(b) < 9 {
				return nil, errCorrupt
			}
			s.Score = math.Float64frombits(binary.BigEndian.Uint64(b[1:9]))
			b = b[9:]
		default:
			return nil, errCorrupt
		}
		out = append(out, s)
	}
	if len(b) != 0 {
		return nil, errCorrupt
	}
	return out, nil
}

// PutModelSuggestions stores sugs as model name's suggestions, replacing
// what name suggested before in the documents sugs are in. Every document
// must be in the store and every suggestion within its text; otherwise
// nothing is written. It returns how many documents it wrote.
func (s *Store) PutModelSuggestions(ctx context.Context, name string, sugs []suggest.Suggestion) (int, error) {
	if name == "" {
		return 0, fmt.Errorf("a model's suggestions need a name")
	}
	byDoc := map[string][]suggest.Suggestion{}
	for _, sg := range sugs {
		byDoc[sg.Doc] = append(byDoc[sg.Doc], sg)
	}
	docs := make([]string, 0, len(byDoc))
	for d := range byDoc {
		docs = append(docs, d)
	}
	sort.Strings(docs)
	for _, d := range docs {
		info, err := s.Info(d)
		if err != nil {
			return 0, fmt.Errorf("suggestions of %s: article %s: %w", name, d, err)
		}
		for _, sg := range byDoc[d] {
			if sg.Start < 0 || sg.End > info.Len || sg.Start >= sg.End {
				return 0, fmt.Errorf("suggestions of %s: %s at %d-%d lies outside article %s's %d characters", name, sg.Label, sg.Start, sg.End, d, info.Len)
			}
		}
	}
	sw := s.newSplitWriter()
	for _, d := range docs {
		if err := checkCtx(ctx); err != nil {
			return 0, err
		}
		doc, _ := docBytes(d)
		v := encodeSuggestions(byDoc[d])
		if err := sw.do(func(txn *badger.Txn) error { return txn.Set(docNameKey(pModel, doc, name), v) }); err != nil {
			return 0, fmt.Errorf("suggestions of %s: %w", name, err)
		}
	}
	if err := sw.flush(); err != nil {
		return 0, fmt.Errorf("suggestions of %s: %w", name, err)
	}
	return len(docs), s.sync()
}

// Info returns the listing of document id: title, source, date, length.
func (s *Store) Info(id string) (DocInfo, error) {
	doc, ok := docBytes(id)
	if !ok {
		return DocInfo{}, errDocID(id)
	}
	var di DocInfo
	err := s.view(func(txn *badger.Txn) error {
		v, err := get(txn, docKey(pInfo, doc))
		if err != nil {
			return err
		}
		di, err = decodeInfo(id + string(v))
		return err
	})
	return di, err
}

// ModelSuggestions returns every model's suggestions for document docID,
// models in name order.
func (s *Store) ModelSuggestions(docID string) ([]suggest.Suggestion, error) {
	doc, ok := docBytes(docID)
	if !ok {
		return nil, errDocID(docID)
	}
	var out []suggest.Suggestion
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: docKey(pModel, doc)})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			name, _, err := readStr(it.Item().Key()[9:])
			if err != nil {
				return fmt.Errorf("%s: %w", describeKey(it.Item().Key()), errCorrupt)
			}
			err = itemValue(it.Item(), func(v []byte) error {
				sugs, err := decodeSuggestions(v, docID, suggest.ModelSource(name))
				out = append(out, sugs...)
				return err
			})
			if err != nil {
				return fmt.Errorf("%s: %w", describeKey(it.Item().Key()), err)
			}
		}
		return nil
	})
	return out, err
}

// EachModelSuggestions calls fn with each document model name has
// suggestions for, and them, in document order.
func (s *Store) EachModelSuggestions(ctx context.Context, name string, fn func(doc string, sugs []suggest.Suggestion) error) error {
	return s.view(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.Prefix = []byte{pModel}
		it := txn.NewIterator(opt)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if err := checkCtx(ctx); err != nil {
				return err
			}
			k := it.Item().Key()
			if len(k) < 10 {
				return fmt.Errorf("%s: %w", describeKey(k), errCorrupt)
			}
			n, _, err := readStr(k[9:])
			if err != nil {
				return fmt.Errorf("%s: %w", describeKey(k), errCorrupt)
			}
			if n != name {
				continue
			}
			doc := hex.EncodeToString(k[1:9])
			v, err := itemValueCopy(it.Item())
			if err != nil {
				return err
			}
			sugs, err := decodeSuggestions(v, doc, suggest.ModelSource(name))
			if err != nil {
				return fmt.Errorf("%s: %w", describeKey(k), err)
			}
			if err := fn(doc, sugs); err != nil {
				return err
			}
		}
		return nil
	})
}

// Models returns the names of the models that have suggestions in the
// store, sorted.
func (s *Store) Models() ([]string, error) {
	seen := map[string]bool{}
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pModel}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().Key()
			n, _, err := readStr(k[min(len(k), 9):])
			if len(k) < 10 || err != nil {
				return fmt.Errorf("%s: %w", describeKey(k), errCorrupt)
			}
			seen[n] = true
		}
		return nil
	})
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out, err
}

// Reject remembers that user rejected sugs in document docID, so they are
// not offered again. Sources do not matter: the place and label do.
func (s *Store) Reject(docID, user string, sugs []suggest.Suggestion) error {
	doc, ok := docBytes(docID)
	if !ok {
		return errDocID(docID)
	}
	k := docNameKey(pRejected, doc, user)
	return s.update(func(txn *badger.Txn) error {
		old, err := readRejected(txn, k, docID)
		if err != nil {
			return err
		}
	next:
		for _, sg := range sugs {
			for _, o := range old {
				if o.Same(sg) {
					continue next
				}
			}
			sg.Source, sg.Score = "", suggest.NoScore
			old = append(old, sg)
		}
		return txn.Set(k, encodeSuggestions(old))
	})
}

// Rejected returns the suggestions user rejected in document docID.
func (s *Store) Rejected(docID, user string) ([]suggest.Suggestion, error) {
	doc, ok := docBytes(docID)
	if !ok {
		return nil, errDocID(docID)
	}
	var out []suggest.Suggestion
	err := s.view(func(txn *badger.Txn) error {
		var err error
		out, err = readRejected(txn, docNameKey(pRejected, doc, user), docID)
		return err
	})
	return out, err
}

func readRejected(txn *badger.Txn, k []byte, docID string) ([]suggest.Suggestion, error) {
	v, err := get(txn, k)
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	out, err := decodeSuggestions(v, docID, "")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", describeKey(k), err)
	}
	return out, nil
}

// checkSuggestions checks a G or X record: its key, its list, and that its
// article is there and holds every suggestion.
func (c *checker) checkSuggestions(k []byte, doc [8]byte, v []byte) {
	if len(k) < 10 {
		c.problem(k, "a malformed key")
		return
	}
	if _, rest, err := readStr(k[9:]); err != nil || len(rest) != 0 {
		c.problem(k, "a malformed key")
		return
	}
	sugs, err := decodeSuggestions(v, "", "")
	if err != nil {
		c.problem(k, "its record does not decode")
		return
	}
	n, ok := c.runes[doc]
	if !ok {
		c.problem(k, "suggestions for an article that is missing")
		return
	}
	for _, sg := range sugs {
		if sg.End > n {
			c.problem(k, "a suggestion lies at %d-%d, outside the article's %d characters", sg.Start, sg.End, n)
			return
		}
	}
}
