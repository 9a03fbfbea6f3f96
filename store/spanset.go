package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"slices"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/skein-news/skein/annotate"
)

// spanEntry is one span inside a document's span list: raw is the whole
// entry (annotator, ID, record); the other byte fields alias it.
type spanEntry struct {
	raw        []byte
	annot, id  []byte
	label      []byte
	start, end int64
	gone       bool
}

// appendEntry appends the entry of span s: annotator, ID, then its record.
func appendEntry(b []byte, s *annotate.Span) []byte {
	b = appendStr(b, s.Annotator)
	b = appendStr(b, s.ID)
	return encodeSpan(b, s)
}

// parseEntry reads the fields that order and index an entry.
func parseEntry(raw []byte) (spanEntry, error) {
	r := reader{b: raw}
	e := spanEntry{raw: raw, annot: r.bytes(), id: r.bytes(), label: r.bytes()}
	n := r.count(2)
	for i := 0; i < n; i++ {
		st := r.varint()
		ln := r.varint()
		if i == 0 {
			e.start = st
		}
		e.end = st + ln
	}
	return e, r.err
}

// compareEntries is annotate.SpanLess as a three-way comparison.
func compareEntries(a, b *spanEntry) int {
	switch {
	case a.start != b.start:
		return cmpInt(a.start, b.start)
	case a.end != b.end:
		return cmpInt(b.end, a.end)
	}
	if c := bytes.Compare(a.label, b.label); c != 0 {
		return c
	}
	return bytes.Compare(a.id, b.id)
}

func cmpInt(a, b int64) int {
	if a < b {
		return -1
	}
	if a > b {
		return 1
	}
	return 0
}

// entries iterates over the entries of a span list value.
func eachEntry(v []byte, fn func(raw []byte) error) error {
	n, w := binary.Uvarint(v)
	if w <= 0 {
		return errCorrupt
	}
	v = v[w:]
	for i := uint64(0); i < n; i++ {
		l, w := binary.Uvarint(v)
		if w <= 0 || uint64(len(v)-w) < l {
			return errCorrupt
		}
		if err := fn(v[w : w+int(l)]); err != nil {
			return err
		}
		v = v[w+int(l):]
	}
	if len(v) != 0 {
		return errCorrupt
	}
	return nil
}

// entryCount is the number of entries a span list value holds.
func entryCount(v []byte) int {
	n, w := binary.Uvarint(v)
	if w <= 0 || n > uint64(len(v)) {
		return 0
	}
	return int(n)
}

// spanSet is a document's span list loaded for editing.
type spanSet struct {
	doc     [8]byte
	entries []spanEntry
	byID    map[string]int
	dirty   bool
	loaded  int // entries loaded from the store; the rest were added
}

// loadSpanSet reads document doc's span list in txn.
func loadSpanSet(txn *badger.Txn, doc [8]byte) (*spanSet, error) {
	ss := &spanSet{doc: doc}
	v, err := get(txn, docKey(pSpan, doc))
	if errors.Is(err, ErrNotFound) {
		return ss, nil
	}
	if err != nil {
		return nil, err
	}
	ss.entries = make([]spanEntry, 0, entryCount(v)+1)
	err = eachEntry(v, func(raw []byte) error {
		e, err := parseEntry(raw)
		if err != nil {
			return err
		}
		ss.entries = append(ss.entries, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	ss.loaded = len(ss.entries)
	return ss, nil
}

// find returns the index of the live entry with ID id, or -1. It scans,
// which for one edit is cheaper than building an index; see indexIDs.
func (ss *spanSet) find(id string) int {
	if ss.byID != nil {
		if i, ok := ss.byID[id]; ok {
			return i
		}
		return -1
	}
	for i := range ss.entries {
		if e := &ss.entries[i]; !e.gone && string(e.id) == id {
			return i
		}
	}
	return -1
}

// indexIDs makes find use a map, for when many spans are looked up.
func (ss *spanSet) indexIDs() {
	ss.byID = make(map[string]int, len(ss.entries))
	for i := range ss.entries {
		if !ss.entries[i].gone {
			ss.byID[string(ss.entries[i].id)] = i
		}
	}
}

// remove drops entry i.
func (ss *spanSet) remove(i int) {
	ss.entries[i].gone = true
	if ss.byID != nil {
		delete(ss.byID, string(ss.entries[i].id))
	}
	ss.dirty = true
}

// add appends the entry for a span (whose ID must not be live).
func (ss *spanSet) add(raw []byte) error {
	e, err := parseEntry(raw)
	if err != nil {
		return err
	}
	ss.entries = append(ss.entries, e)
	if ss.byID != nil {
		ss.byID[string(e.id)] = len(ss.entries) - 1
	}
	ss.dirty = true
	return nil
}

// write stores the list, sorted, in txn (or deletes it when empty). The
// loaded entries are in order already, so only the added ones are sorted
// and merged in.
func (ss *spanSet) write(txn *badger.Txn, a *arena) error {
	if !ss.dirty {
		return nil
	}
	old := make([]*spanEntry, 0, len(ss.entries))
	var added []*spanEntry
	size := 0
	for i := range ss.entries {
		e := &ss.entries[i]
		if e.gone {
			continue
		}
		size += len(e.raw) + 3
		if i < ss.loaded {
			old = append(old, e)
		} else {
			added = append(added, e)
		}
	}
	cmp := func(x, y *spanEntry) int { return compareEntries(x, y) }
	if !slices.IsSortedFunc(old, cmp) {
		old = append(old, added...)
		slices.SortFunc(old, cmp)
		added = nil
	}
	slices.SortFunc(added, cmp)
	live := make([]*spanEntry, 0, len(old)+len(added))
	for len(old) > 0 && len(added) > 0 {
		if cmp(old[0], added[0]) <= 0 {
			live, old = append(live, old[0]), old[1:]
		} else {
			live, added = append(live, added[0]), added[1:]
		}
	}
	live = append(append(live, old...), added...)
	if err := ss.writeNames(txn, a); err != nil {
		return err
	}
	k := a.done(appendDoc(append(a.start(9), pSpan), ss.doc))
	if len(live) == 0 {
		return txn.Delete(k)
	}
	v := binary.AppendUvarint(a.start(size+10), uint64(len(live)))
	for _, e := range live {
		v = binary.AppendUvarint(v, uint64(len(e.raw)))
		v = append(v, e.raw...)
	}
	return txn.Set(k, a.done(v))
}

// putSpanIndex writes the key from a span's ID to its document.
func putSpanIndex(txn *badger.Txn, doc [8]byte, e *spanEntry, a *arena) error {
	k := a.done(appendSpanIDKey(a.start(20+len(e.id)), string(e.id)))
	return txn.Set(k, a.copy(doc[:]))
}

// deleteSpanIndex deletes the key from a span's ID to its document; it
// reads nothing.
func deleteSpanIndex(txn *badger.Txn, doc [8]byte, e *spanEntry, a *arena) error {
	return txn.Delete(a.done(appendSpanIDKey(a.start(20+len(e.id)), string(e.id))))
}

// spanDoc returns the document a span ID is stored in: its s key's, or
// for a span written by a bulk load, the packed index's (idindex.go).
func spanDoc(txn *badger.Txn, id string) ([8]byte, error) {
	var doc [8]byte
	v, err := get(txn, spanIDKey(id))
	if errors.Is(err, ErrNotFound) {
		return packedSpanDoc(txn, id)
	}
	if err != nil {
		return doc, err
	}
	if len(v) != 8 {
		return doc, errCorrupt
	}
	return [8]byte(v), nil
}

// writeNames brings the document's annotator and label index keys in step
// with its entries. Only names of entries removed (whose key may have to go)
// and of entries added (whose key may be new) can change anything, so only
// those are looked up, each in the entries before or after the change.
func (ss *spanSet) writeNames(txn *badger.Txn, a *arena) error {
	type name struct {
		p byte
		s []byte
	}
	field := func(e *spanEntry, p byte) []byte {
		if p == pByAnnot {
			return e.annot
		}
		return e.label
	}
	// has reports whether an entry, loaded (before) or live (after), has
	// the name.
	has := func(n name, before bool) bool {
		for i := range ss.entries {
			e := &ss.entries[i]
			if before && i >= ss.loaded || !before && e.gone {
				continue
			}
			if bytes.Equal(field(e, n.p), n.s) {
				return true
			}
		}
		return false
	}
	var done []name
	seen := func(n name) bool {
		for _, d := range done {
			if d.p == n.p && bytes.Equal(d.s, n.s) {
				return true
			}
		}
		done = append(done, n)
		return false
	}
	for i := range ss.entries {
		e := &ss.entries[i]
		removed := i < ss.loaded && e.gone
		added := i >= ss.loaded && !e.gone
		if !removed && !added {
			continue
		}
		for _, p := range []byte{pByAnnot, pByLabel} {
			n := name{p, field(e, p)}
			if seen(n) {
				continue
			}
			k := func() []byte { return a.done(appendNameDocKey(a.start(12+len(n.s)), n.p, n.s, ss.doc)) }
			switch {
			case removed && !has(n, false):
				if err := txn.Delete(k()); err != nil {
					return err
				}
			case added && !has(n, true):
				if err := txn.Set(k(), nil); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
