package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"unsafe"

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
	tail       bool // loaded from the document's tail, not its list
}

// appendEntry appends the entry of span s: annotator, ID (appendEntryID),
// then its record.
func appendEntry(b []byte, s *annotate.Span) []byte {
	b = appendStr(b, s.Annotator)
	b = appendEntryID(b, s.ID)
	return encodeSpan(b, s)
}

// appendEntryText is appendEntry with the ID as text, as a store before
// schema 6 wrote every entry.
func appendEntryText(b []byte, s *annotate.Span) []byte {
	b = appendStr(b, s.Annotator)
	b = appendStr(b, s.ID)
	return encodeSpan(b, s)
}

// sameEntry tells whether stored, an entry read from the store, is mine
// (appendEntry's), the span's ID in either of its forms: an entry written
// before schema 6 holds a UUID as text, which the same span now encodes
// in 16 bytes.
func sameEntry(stored []byte, s *annotate.Span, mine []byte) bool {
	if bytes.Equal(stored, mine) {
		return true
	}
	return idIsCompact(mine) && !idIsCompact(stored) && bytes.Equal(stored, appendEntryText(nil, s))
}

// idIsCompact tells whether entry raw holds its ID in 16 bytes.
func idIsCompact(raw []byte) bool {
	n := strLen(raw)
	return n >= 0 && n < len(raw) && raw[n] == 0
}

// parseEntry reads the fields that order and index an entry; e.id is the
// ID's text, allocated for an ID the entry holds in 16 bytes.
func parseEntry(raw []byte) (spanEntry, error) { return parseEntryIn(raw, nil, "") }

// parseEntryIn is parseEntry with the text of an ID held in 16 bytes
// carved from slab (nil: allocated), which it grows by hint IDs at a
// time: a list's entries cost one allocation, not one each. When raw was
// just made from span id (not ""), e.id is id's bytes, not a copy.
func parseEntryIn(raw []byte, slab *idSlab, id string) (spanEntry, error) {
	r := reader{b: raw}
	e := spanEntry{raw: raw, annot: r.bytes()}
	switch text, u := r.entryIDField(); {
	case u == nil:
		e.id = text
	case id != "":
		e.id = stringBytes(id)
	default:
		e.id = slab.text(u)
	}
	e.label = r.bytes()
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

// sortEntries sorts es as compareEntries orders them. Where their offsets
// and count fit, each is sorted as one number, its offsets and its index
// (start, then end from the longest, then where it was), and only the
// entries of the same offsets are compared further: a document's
// hundreds of added entries were sorted by compareEntries on pointers,
// a tenth of a first sync's bulk write, under its lock.
func sortEntries(es []*spanEntry) {
	const bits = 24 // an offset's; the index takes 64-2·bits
	if len(es) > 1<<(64-2*bits) {
		slices.SortFunc(es, compareEntries)
		return
	}
	keys := make([]uint64, len(es))
	for i, e := range es {
		if e.start < 0 || e.end < 0 || e.start >= 1<<bits || e.end >= 1<<bits {
			slices.SortFunc(es, compareEntries)
			return
		}
		keys[i] = uint64(e.start)<<(64-bits) | uint64(1<<bits-1-e.end)<<(64-2*bits) | uint64(i)
	}
	slices.Sort(keys)
	sorted := make([]*spanEntry, len(es))
	for i, k := range keys {
		sorted[i] = es[k&(1<<(64-2*bits)-1)]
	}
	copy(es, sorted)
	// Runs of the same offsets, by label and ID.
	for i := 0; i < len(es); {
		j := i + 1
		for j < len(es) && keys[j]>>(64-2*bits) == keys[i]>>(64-2*bits) {
			j++
		}
		if j-i > 1 {
			slices.SortFunc(es[i:j], compareEntries)
		}
		i = j
	}
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
	// base is the size of the stored list (S), 0 when there is none;
	// hadTail says the document had a tail (T), whose removed IDs are
	// tailRemoved.
	base        int
	hadTail     bool
	tailRemoved [][]byte
}

// The tail's bounds (see keys.go): a list shorter than tailMinBase is
// rewritten whole; a tail is kept while it holds at most tailMax bytes and
// a quarter of the list's.
//
// A tail is written only beside a list of tailMinBase bytes or more, and
// the list is not written again while it has one (its next write folds
// the tail in and deletes it): so a shorter list has none, and a reader
// need not look. Badger gives a value-log value's size only to within a
// few bytes of its header (Item.ValueSize), hence tailSizeSlack.
const (
	tailMinBase   = 16 << 10
	tailMax       = 8 << 10
	tailSizeSlack = 64
)

// loadSpanSet reads document doc's span list in txn, with its tail merged
// in.
func loadSpanSet(txn *badger.Txn, doc [8]byte) (*spanSet, error) {
	ss := &spanSet{doc: doc}
	v, err := get(txn, docKey(pSpan, doc))
	if err != nil && !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	var tail []byte
	if v != nil && len(v) < tailMinBase {
		err = ErrNotFound // a short list never has a tail
	} else {
		tail, err = get(txn, docKey(pSpanTail, doc))
	}
	switch {
	case errors.Is(err, ErrNotFound):
		tail = nil
	case err != nil:
		return nil, err
	case v == nil:
		// Written only beside a list: a write now would leave it to be
		// merged into whatever list comes next.
		return nil, fmt.Errorf("span changes without a span list: %w", errCorrupt)
	}
	if v == nil {
		return ss, nil
	}
	ss.base = len(v)
	var adds []spanEntry
	if tail != nil {
		if adds, ss.tailRemoved, err = parseTail(tail); err != nil {
			return nil, err
		}
		ss.hadTail = true
	}
	ss.entries = make([]spanEntry, 0, entryCount(v)+len(adds)+1)
	err = mergeEntries(v, adds, ss.tailRemoved, func(e spanEntry) {
		ss.entries = append(ss.entries, e)
	})
	if err != nil {
		return nil, err
	}
	ss.loaded = len(ss.entries)
	return ss, nil
}

// parseTail decodes a tail: the entries added, each marked as the tail's,
// in text order, then the IDs removed. They alias v.
func parseTail(v []byte) (adds []spanEntry, removed [][]byte, err error) {
	r := reader{b: v}
	n := r.count(2)
	adds = make([]spanEntry, 0, n)
	slab := &idSlab{hint: n}
	for i := 0; i < n && r.err == nil; i++ {
		raw := r.bytes()
		if r.err != nil {
			break
		}
		e, err := parseEntryIn(raw, slab, "")
		if err != nil || len(adds) > 0 && compareEntries(&adds[len(adds)-1], &e) >= 0 {
			return nil, nil, errCorrupt
		}
		e.tail = true
		adds = append(adds, e)
	}
	m := r.count(1)
	removed = make([][]byte, 0, m)
	for i := 0; i < m && r.err == nil; i++ {
		removed = append(removed, r.bytes())
	}
	if r.err == nil && len(r.b) != 0 {
		r.fail()
	}
	if r.err != nil {
		return nil, nil, r.err
	}
	return adds, removed, nil
}

// appendTail appends a tail: the entries added (in text order) and the IDs
// removed.
func appendTail(b []byte, adds []*spanEntry, removed [][]byte) []byte {
	b = binary.AppendUvarint(b, uint64(len(adds)))
	for _, e := range adds {
		b = binary.AppendUvarint(b, uint64(len(e.raw)))
		b = append(b, e.raw...)
	}
	b = binary.AppendUvarint(b, uint64(len(removed)))
	for _, id := range removed {
		b = binary.AppendUvarint(b, uint64(len(id)))
		b = append(b, id...)
	}
	return b
}

// mergeEntries calls fn with the entries of list v less those whose IDs
// are removed, merged in text order with adds (a parsed tail). A removed ID
// the list does not hold (or one removed twice), or an added one it holds
// still, is damage.
func mergeEntries(v []byte, adds []spanEntry, removed [][]byte, fn func(e spanEntry)) error {
	const (
		isRemoved = 1
		isAdded   = 2
	)
	var tail map[string]byte
	if len(adds)+len(removed) > 0 {
		tail = make(map[string]byte, len(adds)+len(removed))
		for _, id := range removed {
			if tail[string(id)]&isRemoved != 0 {
				return errCorrupt
			}
			tail[string(id)] |= isRemoved
		}
		for i := range adds {
			if tail[string(adds[i].id)]&isAdded != 0 {
				return errCorrupt
			}
			tail[string(adds[i].id)] |= isAdded
		}
	}
	found, j := 0, 0
	slab := &idSlab{hint: entryCount(v)}
	err := eachEntry(v, func(raw []byte) error {
		e, err := parseEntryIn(raw, slab, "")
		if err != nil {
			return err
		}
		if tail != nil {
			// An entry edited since the list was written is removed
			// and added again.
			switch f := tail[string(e.id)]; {
			case f&isRemoved != 0:
				found++
				return nil
			case f&isAdded != 0:
				return errCorrupt
			}
		}
		for j < len(adds) && compareEntries(&adds[j], &e) < 0 {
			fn(adds[j])
			j++
		}
		fn(e)
		return nil
	})
	if err != nil {
		return err
	}
	for ; j < len(adds); j++ {
		fn(adds[j])
	}
	if found != len(removed) {
		return errCorrupt
	}
	return nil
}

// mergedList is list v with tail merged in, in the list's encoding.
func mergedList(v, tail []byte) ([]byte, error) {
	adds, removed, err := parseTail(tail)
	if err != nil {
		return nil, err
	}
	n, w := binary.Uvarint(v)
	if w <= 0 || n+uint64(len(adds)) < uint64(len(removed)) {
		return nil, errCorrupt
	}
	out := binary.AppendUvarint(make([]byte, 0, len(v)+len(tail)+10), n+uint64(len(adds))-uint64(len(removed)))
	err = mergeEntries(v, adds, removed, func(e spanEntry) {
		out = binary.AppendUvarint(out, uint64(len(e.raw)))
		out = append(out, e.raw...)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// withSpanList calls fn with document doc's span list, its tail merged
// in; not at all when it has none. v is valid only during the call.
func withSpanList(txn *badger.Txn, doc [8]byte, fn func(v []byte) error) error {
	item, err := txn.Get(docKey(pSpan, doc))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if item.ValueSize() < tailMinBase-tailSizeSlack {
		return itemValue(item, fn) // a short list never has a tail
	}
	tail, err := get(txn, docKey(pSpanTail, doc))
	if errors.Is(err, ErrNotFound) {
		return itemValue(item, fn)
	}
	if err != nil {
		return err
	}
	return itemValue(item, func(v []byte) error {
		m, err := mergedList(v, tail)
		if err != nil {
			return err
		}
		return fn(m)
	})
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

// add appends the entry raw for span id (whose ID must not be live).
func (ss *spanSet) add(raw []byte, id string) error {
	e, err := parseEntryIn(raw, nil, id)
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

// addSpan is add of raw, the entry appendEntry just made of sp: its
// fields are taken from sp, not decoded again from raw (a first sync
// decoded each of its 4 M entries as it made it, under the bulk lock).
func (ss *spanSet) addSpan(raw []byte, sp *annotate.Span) {
	e := spanEntry{raw: raw, annot: stringBytes(sp.Annotator), id: stringBytes(sp.ID), label: stringBytes(sp.Label)}
	if n := len(sp.Fragments); n > 0 {
		e.start, e.end = int64(sp.Fragments[0].Start), int64(sp.Fragments[n-1].End)
	}
	ss.entries = append(ss.entries, e)
	if ss.byID != nil {
		ss.byID[sp.ID] = len(ss.entries) - 1
	}
	ss.dirty = true
}

// stringBytes is the bytes of s, never written to.
func stringBytes(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// write stores the list, sorted, in txn (or deletes it when empty). The
// loaded entries are in order already, so only the added ones are sorted
// and merged in.
func (ss *spanSet) write(txn kvWriter, a *arena) error {
	if !ss.dirty {
		return nil
	}
	if err := ss.writeNames(txn, a); err != nil {
		return err
	}
	if ok, err := ss.writeTail(txn, a); ok || err != nil {
		return err
	}
	// The loaded entries, the added ones and the list, in thirds of one
	// array that the next document of the transaction takes again (each
	// third capped: none grows into the next).
	n := len(ss.entries)
	ptrs := a.entryPtrs(3 * n)
	old, added := ptrs[:0:n], ptrs[n:n:2*n]
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
	sortEntries(added)
	live := ptrs[2*n : 2*n : 3*n]
	for len(old) > 0 && len(added) > 0 {
		if cmp(old[0], added[0]) <= 0 {
			live, old = append(live, old[0]), old[1:]
		} else {
			live, added = append(live, added[0]), added[1:]
		}
	}
	live = append(append(live, old...), added...)
	if ss.hadTail {
		if err := txn.Delete(a.done(appendDoc(append(a.start(9), pSpanTail), ss.doc))); err != nil {
			return err
		}
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

// writeTail writes what changed in a long list as its tail and reports
// whether it did; it does not when the tail would grow past its bounds, or
// no span would be left, and the list is then rewritten whole (or
// deleted).
func (ss *spanSet) writeTail(txn kvWriter, a *arena) (bool, error) {
	if ss.base < tailMinBase {
		return false, nil
	}

	var adds []*spanEntry
	removed := ss.tailRemoved
	size := 20
	for _, id := range removed {
		size += len(id) + 1
	}
	live := 0
	for i := range ss.entries {
		e := &ss.entries[i]
		if !e.gone {
			live++
		}
		inList := i < ss.loaded && !e.tail
		switch {
		case inList && e.gone:
			removed = append(removed[:len(removed):len(removed)], e.id)
			size += len(e.id) + 1
		case !inList && !e.gone:
			adds = append(adds, e)
			size += len(e.raw) + 3
		}
		if size > min(tailMax, ss.base/4) {
			return false, nil
		}
	}
	if live == 0 {
		// The list goes, and its tail with it.
		return false, nil
	}
	k := a.done(appendDoc(append(a.start(9), pSpanTail), ss.doc))
	if len(adds) == 0 && len(removed) == 0 {
		if !ss.hadTail {
			return true, nil
		}
		return true, txn.Delete(k)
	}
	slices.SortFunc(adds, compareEntries)
	return true, txn.Set(k, a.done(appendTail(a.start(size), adds, removed)))
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
func spanDoc(txn *badger.Txn, pend *pendingIndex, id string) ([8]byte, error) {
	var doc [8]byte
	v, err := get(txn, spanIDKey(id))
	if errors.Is(err, ErrNotFound) {
		return packedSpanDoc(txn, pend, id)
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
func (ss *spanSet) writeNames(txn kvWriter, a *arena) error {
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
	// The names seen, annotators apart from labels: a label is not
	// looked for among a document's tens of annotators.
	var done [2][][]byte
	var last [2][]byte // the names of the last entry, seen: entries come by annotator
	seen := func(n name) bool {
		l := &last[n.p&1]
		if *l != nil && bytes.Equal(*l, n.s) {
			return true
		}
		*l = n.s
		d := &done[n.p&1]
		for _, s := range *d {
			if bytes.Equal(s, n.s) {
				return true
			}
		}
		*d = append(*d, n.s)
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
