package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/skein-news/skein/annotate"
)

// oneSpanMinList is the least stored size of a span list whose single-span
// changes go through its tail alone (applyOneSpan): from there the tail's
// bound is tailMax whatever the list's exact size, which Badger's
// ValueSize gives only to within tailSizeSlack.
const oneSpanMinList = 4*tailMax + tailSizeSlack

// applyOneSpan makes a change's only span edit on a long span list by
// rewriting the list's tail (T doc8) and never the list: a label key or
// its undo on the 300 KB article with 5,000 spans then neither decodes
// the 5,000 entries nor copies the list (issue 18; loadSpanSet did both,
// ~1 MB allocated per key). It reports whether it made the edit. When it
// did not (an edit it does not take: a short list, no list, one that
// moves a span between articles or the tail that would outgrow tailMax)
// it has written nothing and applySpanEdit does the edit on the loaded
// list.
//
// It enforces what applySpanEdit does, in the same order and with the
// same errors: the before-image equals the live entry, byte for byte
// (else ErrConflict), the after-image's ID is unused (spanDoc), names an
// annotator and a stored article; and, like loadSpanSet, it refuses a
// tail that does not fit its list (errCorrupt). The list itself is read
// in place, without a copy, and only when there is a tail to check
// against it or an entry to remove.
func applyOneSpan(txn *badger.Txn, pend *pendingIndex, e annotate.SpanEdit, layers layerSet) (bool, error) {
	b, a := e.Before, e.After
	ref := a
	if b != nil {
		ref = b
	}
	if ref == nil || b != nil && a != nil && (b.ID != a.ID || b.Doc != a.Doc) {
		return false, nil // applySpanEdit says what is wrong, or moves it
	}
	doc, ok := docBytes(ref.Doc)
	if !ok {
		return false, nil
	}
	list, err := txn.Get(docKey(pSpan, doc))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if list.ValueSize() < oneSpanMinList {
		return false, nil
	}
	// The checks come in applySpanEdit's order (a new span's before the
	// list is read, an edited or removed one's after), so that both
	// paths give the same error for the same change.
	checkNew := func() error {
		if a.ID == "" || a.Annotator == "" {
			return fmt.Errorf("span %q in layer %q: a span needs an id and an annotator", a.ID, a.Annotator)
		}
		if err := requireDoc(txn, doc, a.Doc); err != nil {
			return fmt.Errorf("span %s: %w", a.ID, err)
		}
		return nil
	}
	if b == nil {
		// The s key or the packed index (idindex.go).
		_, err := spanDoc(txn, pend, a.ID)
		if err == nil {
			return true, fmt.Errorf("span %s already exists: %w", a.ID, ErrConflict)
		}
		if !errors.Is(err, ErrNotFound) {
			return true, err
		}
		if err := checkNew(); err != nil {
			return true, err
		}
	}
	var t oneSpanTail
	if err := t.load(txn, doc); err != nil {
		return true, fmt.Errorf("span %s: %w", ref.ID, err)
	}

	// What the edit removes (old) and adds (add), their raw entries.
	var old, add *spanEntry
	oldInTail := -1
	if b != nil {
		oldInTail = t.findAdd(b.ID)
		e, err := parseEntryIn(appendEntry(nil, b), nil, b.ID)
		if err != nil {
			return true, fmt.Errorf("span %s: %w", b.ID, err)
		}
		old = &e
	}
	if a != nil {
		e, err := parseEntryIn(appendEntry(nil, a), nil, a.ID)
		if err != nil {
			return true, fmt.Errorf("span %s: %w", a.ID, err)
		}
		add = &e
	}

	// One pass over the list, in place, when there is anything to check
	// in it: the tail against it (what loadSpanSet's merge checks), the
	// entry to remove when the tail does not hold it, and whether the
	// removed entry's annotator and label are left on another live span.
	scan := listScan{t: &t, old: old, oldInList: b != nil && oldInTail < 0 && !t.removes([]byte(b.ID))}
	if old != nil {
		scan.annotLeft = t.liveHas(old.annot, pByAnnot, oldInTail) || add != nil && bytes.Equal(add.annot, old.annot)
		scan.labelLeft = t.liveHas(old.label, pByLabel, oldInTail) || add != nil && bytes.Equal(add.label, old.label)
	}
	if len(t.adds)+len(t.removed) > 0 || scan.oldInList || old != nil && !(scan.annotLeft && scan.labelLeft) {
		if err := itemValue(list, scan.run); err != nil {
			return true, fmt.Errorf("span %s: %w", ref.ID, err)
		}
	}
	if b != nil {
		var stored []byte
		switch {
		case oldInTail >= 0:
			stored = t.adds[oldInTail].raw
		case scan.oldInList:
			stored = scan.oldRaw
		}
		switch {
		case stored == nil:
			return true, fmt.Errorf("span %s is no longer stored in document %s: %w", b.ID, b.Doc, ErrConflict)
		case !sameEntry(stored, b, old.raw):
			return true, fmt.Errorf("span %s changed since: %w", b.ID, ErrConflict)
		}
		if a != nil {
			if err := checkNew(); err != nil {
				return true, err
			}
		}
	}

	// The new tail, or the general path when it would outgrow its bound
	// (which folds it into the list) or leave no span.
	adds := make([]*spanEntry, 0, len(t.adds)+1)
	for i := range t.adds {
		if i != oldInTail {
			adds = append(adds, &t.adds[i])
		}
	}
	removed := t.removed
	if scan.oldInList {
		removed = append(removed[:len(removed):len(removed)], old.id)
	}
	if add != nil {
		adds = append(adds, add)
		slices.SortFunc(adds, compareEntries)
	}
	size := 20
	for _, id := range removed {
		size += len(id) + 1
	}
	for _, e := range adds {
		size += len(e.raw) + 3
	}
	if size > tailMax || scan.count+len(adds) <= len(removed) && a == nil {
		return false, nil
	}

	// The writes: the ID keys, the name keys, the tail.
	if old != nil {
		if err := deleteSpanIndex(txn, doc, old, nil); err != nil {
			return true, err
		}
		for _, n := range []struct {
			p    byte
			s    []byte
			left bool
		}{{pByAnnot, old.annot, scan.annotLeft}, {pByLabel, old.label, scan.labelLeft}} {
			if !n.left {
				if err := txn.Delete(appendNameDocKey(nil, n.p, n.s, doc)); err != nil {
					return true, err
				}
			}
		}
		layers.add(doc, b.Annotator)
	}
	if add != nil {
		// A name key is there when some span had the name before the
		// change (writeNames keeps them in step): one Get, not a scan.
		for _, n := range []struct {
			p byte
			s []byte
		}{{pByAnnot, add.annot}, {pByLabel, add.label}} {
			k := appendNameDocKey(nil, n.p, n.s, doc)
			ok, err := has(txn, k)
			if err != nil {
				return true, err
			}
			if !ok {
				if err := txn.Set(k, nil); err != nil {
					return true, err
				}
			}
		}
		layers.add(doc, a.Annotator)
		if err := putSpanIndex(txn, doc, add, nil); err != nil {
			return true, err
		}
	}
	tk := docKey(pSpanTail, doc)
	if len(adds) == 0 && len(removed) == 0 {
		if t.had {
			return true, txn.Delete(tk)
		}
		return true, nil
	}
	return true, txn.Set(tk, appendTail(make([]byte, 0, size), adds, removed))
}

// oneSpanTail is a long list's tail as applyOneSpan reads it.
type oneSpanTail struct {
	had     bool
	adds    []spanEntry
	removed [][]byte
	ids     map[string]byte // tailAdded, tailRemoved
	// filter has the bit idBit(id) of every ID in ids set: the list's
	// 5,000 IDs are held against it, and only the few it lets through
	// against the map (a map look-up each was most of the pass).
	filter [64]uint64
	// short is filter for the IDs that are UUIDs, by the bit uuidBit of
	// their 16 bytes: what an entry of the short form is held against.
	short [64]uint64
}

// idBit is a bit for an ID, from its last 8 bytes (a UUID's random bits).
func idBit(id []byte) uint {
	var x uint64
	if len(id) >= 8 {
		x = binary.LittleEndian.Uint64(id[len(id)-8:])
	} else {
		for _, c := range id {
			x = x<<8 | uint64(c)
		}
	}
	return idBitMix(x, len(id))
}

// uuidBit is a bit for a UUID, from its 16 bytes u (their last 8).
func uuidBit(u []byte) uint { return idBitMix(binary.LittleEndian.Uint64(u[8:16]), 16) }

// idBitMix is idBit of an ID of n bytes whose last 8 (or all) are x.
func idBitMix(x uint64, n int) uint {
	x ^= uint64(n)
	return uint((x * 0x9e3779b97f4a7c15) >> (64 - 12))
}

// mark adds id to the filters (to short too, when it is a UUID).
func (t *oneSpanTail) mark(id []byte) {
	b := idBit(id)
	t.filter[b/64] |= 1 << (b % 64)
	if u, ok := canonicalUUID(bytesView(id)); ok {
		b = uuidBit(u[:])
		t.short[b/64] |= 1 << (b % 64)
	}
}

// mayHold reports whether id may be in ids: false only when it is not.
func (t *oneSpanTail) mayHold(id []byte) bool {
	b := idBit(id)
	return t.filter[b/64]&(1<<(b%64)) != 0
}

// mayHoldUUID reports whether the UUID of 16 bytes u may be in ids.
func (t *oneSpanTail) mayHoldUUID(u []byte) bool {
	b := uuidBit(u)
	return t.short[b/64]&(1<<(b%64)) != 0
}

const (
	tailRemoved = 1
	tailAdded   = 2
)

func (t *oneSpanTail) load(txn *badger.Txn, doc [8]byte) error {
	v, err := get(txn, docKey(pSpanTail, doc))
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	t.had = true
	if t.adds, t.removed, err = parseTail(v); err != nil {
		return err
	}
	// As mergeEntries: no ID removed twice or added twice.
	t.ids = make(map[string]byte, len(t.adds)+len(t.removed))
	for _, id := range t.removed {
		if t.ids[string(id)]&tailRemoved != 0 {
			return errCorrupt
		}
		t.ids[string(id)] |= tailRemoved
		t.mark(id)
	}
	for i := range t.adds {
		if t.ids[string(t.adds[i].id)]&tailAdded != 0 {
			return errCorrupt
		}
		t.ids[string(t.adds[i].id)] |= tailAdded
		t.mark(t.adds[i].id)
	}
	return nil
}

// findAdd is the index of the tail's entry with ID id, or -1.
func (t *oneSpanTail) findAdd(id string) int {
	if t.ids[id]&tailAdded == 0 {
		return -1
	}
	for i := range t.adds {
		if string(t.adds[i].id) == id {
			return i
		}
	}
	return -1
}

// removes reports whether the tail removes the list's entry with ID id.
func (t *oneSpanTail) removes(id []byte) bool { return t.ids[string(id)]&tailRemoved != 0 }

// liveHas reports whether an entry the tail adds, other than the one at
// skip, has annotator (p pByAnnot) or label (pByLabel) name.
func (t *oneSpanTail) liveHas(name []byte, p byte, skip int) bool {
	for i := range t.adds {
		e := &t.adds[i]
		f := e.label
		if p == pByAnnot {
			f = e.annot
		}
		if i != skip && bytes.Equal(f, name) {
			return true
		}
	}
	return false
}

// listScan is one pass over a long list's entries, in place.
type listScan struct {
	t         *oneSpanTail
	old       *spanEntry // the entry removed, nil for none
	oldInList bool       // look for it in the list
	// Results: the list's count, the removed entry's bytes in the list,
	// whether another live entry keeps its annotator and its label.
	count                int
	oldRaw               []byte
	annotLeft, labelLeft bool
}

// run reads list v: every entry when the tail has IDs to check against
// it, else only until what it looks for is found.
func (s *listScan) run(v []byte) error {
	n, w := binary.Uvarint(v)
	if w <= 0 {
		return errCorrupt
	}
	s.count = int(min(n, uint64(len(v))))
	v = v[w:]
	check := len(s.t.ids) > 0
	found := 0
	// An ID the entry holds in 16 bytes is compared as those bytes, and
	// made text only when the tail's filter lets it through: making each
	// of the list's 5,000 IDs text cost the pass ~0.1 ms.
	var oldU [16]byte
	oldShort := false
	if s.old != nil {
		oldU, oldShort = canonicalUUID(bytesView(s.old.id))
	}
	for i := uint64(0); i < n; i++ {
		if !check && !s.wants() {
			return nil
		}
		l, w := binary.Uvarint(v)
		if w <= 0 || uint64(len(v)-w) < l {
			return errCorrupt
		}
		raw := v[w : w+int(l)]
		v = v[w+int(l):]
		r := reader{b: raw}
		annot := r.bytes()
		id, u := r.entryIDField() // the ID as text; its 16 bytes
		var idBuf [36]byte
		if r.err != nil {
			return r.err
		}
		live := true
		mayHold := false
		if check && u != nil {
			if mayHold = s.t.mayHoldUUID(u); mayHold {
				id = appendUUIDText(idBuf[:0], u)
			}
		} else if check {
			mayHold = s.t.mayHold(id)
		}
		if mayHold {
			switch f := s.t.ids[string(id)]; {
			case f&tailRemoved != 0:
				found++
				live = false
			case f&tailAdded != 0:
				return errCorrupt // added again without being removed
			}
		}
		if !live || s.old == nil {
			continue
		}
		if u != nil && oldShort && [16]byte(u) == oldU || u == nil && bytes.Equal(id, s.old.id) {
			if s.oldInList {
				s.oldRaw = raw
			}
			continue
		}
		if !s.annotLeft && bytes.Equal(annot, s.old.annot) {
			s.annotLeft = true
		}
		if !s.labelLeft {
			if label := r.bytes(); r.err == nil && bytes.Equal(label, s.old.label) {
				s.labelLeft = true
			}
		}
	}
	if check && (len(v) != 0 || found != len(s.t.removed)) {
		return errCorrupt
	}
	return nil
}

// wants reports whether the scan still looks for something.
func (s *listScan) wants() bool {
	if s.old == nil {
		return false
	}
	return s.oldInList && s.oldRaw == nil || !s.annotLeft || !s.labelLeft
}
