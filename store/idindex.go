package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sync/atomic"
	"time"

	badger "github.com/dgraph-io/badger/v4"
)

// The packed span-ID index. A span written by a bulk load (a team folder's
// first sync) gets no s key of its own: at 20 colleagues × 20,000 articles
// × 10 spans those were 4 M of the 4.9 M keys the sync wrote, and Badger's
// work on each (skiplist, write-ahead log, memtable flush, compactions
// rewriting it level to level) was about half the sync's CPU. Its ID goes
// instead into an entry (the ID's key form, appendID, then doc8) packed
// with many others into one value:
//
//   - each write transaction of a bulk load writes its entries as run
//     fragments, j L hb seq8, in the same transaction as their span
//     lists: whatever a kill leaves, the span lists written have their
//     entries. A fragment holds the entries whose ID hash (idHash) has
//     hb as its top L bits, L being 8, 4 or 0 as the transaction has
//     many entries or few (so that a fragment holds tens of entries,
//     not one or two). It also sets the runs marker (runsKey).
//   - at the bulk's end (Bulk.Finish), or at the next Open after a kill,
//     the fragments are merged into pages, x hb8 lo4, one per value of
//     the top 12 bits of the hash (4,096: at 4 M spans, ~1,000 entries
//     or 26 KB a page), each sorted; one transaction merges the entries
//     of one or more values of the top 8 bits into their 16 pages and
//     deletes the fragments it has merged whole; the last deletes the
//     marker.
//
// A lookup (spanDoc) reads the s key first, which every other writer keeps
// as before (Apply, Undo, Redo, imports, the split writes of P keys); when
// there is none, the page of the ID's hash and, while the marker says runs
// exist, the fragments of its hb8. An entry is a hint, not a record: it is
// believed only once the document's span list (S doc8) is seen to hold the
// ID. A span deleted or moved out of a layer, a replaced layer, a deleted
// document, leave their entries stale, and a stale entry is harmless; a
// span changed in place gets an s key, which comes first. What must hold,
// and does, is that every stored span has an s key or an entry.
//
// Apply's check that a new span's ID is unused is spanDoc too, in its own
// transaction: it reads the marker, which every bulk transaction that
// writes fragments sets, and the page, which every merge writes, so that
// Badger refuses Apply's commit (ErrConflict, retried) when a bulk write
// came in between; the bulk's transactions read the span-adds key that
// Apply writes (bulk.go), so the other order is refused too.
const (
	pRun  = 'j'
	pPage = 'x'
)

// runsKey is set by every transaction that writes run fragments and
// deleted by the merge that deletes the last.
var runsKey = metaKey("id-runs")

// runSeq numbers run fragments; it starts at the clock so that a later
// process does not reuse an earlier one's numbers.
var runSeq atomic.Uint64

func init() { runSeq.Store(uint64(time.Now().UnixNano())) }

// idHash is the 64-bit FNV-1a hash of an ID's key form.
func idHash(ik []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range ik {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

func pageKey(h uint64) []byte { return []byte{pPage, byte(h >> 56), byte(h>>52) & 15} }

// runLevels are the numbers of hash bits a run fragment may be keyed by.
var runLevels = [...]byte{0, 4, 8}

// runPrefix is the prefix of the fragments of level bits that may hold
// hash h.
func runPrefix(bits byte, h uint64) []byte { return []byte{pRun, bits, byte(h >> (64 - bits))} }

func runKey(bits byte, h uint64, seq uint64) []byte {
	return binary.BigEndian.AppendUint64(runPrefix(bits, h), seq)
}

// runBits is the level of the fragments of a transaction of n entries:
// tens of entries a fragment.
func runBits(n int) byte {
	switch {
	case n >= 256*32:
		return 8
	case n >= 16*32:
		return 4
	}
	return 0
}

// appendEntries encodes sorted entries as a page or fragment value.
func appendEntries(b []byte, entries [][]byte) []byte {
	b = binary.AppendUvarint(b, uint64(len(entries)))
	for _, e := range entries {
		b = append(b, e...)
	}
	return b
}

// eachPacked calls fn with the ID key and document of every entry of a
// page or fragment value; an error from fn stops it and is returned.
func eachPacked(v []byte, fn func(ik []byte, doc [8]byte) error) error {
	return eachRawEntry(v, func(e []byte) error {
		l := len(e) - 8
		return fn(e[:l], [8]byte(e[l:]))
	})
}

// eachRawEntry calls fn with every entry of a page or fragment value, as
// the slice of v it is (ID key then doc8): no copy. An error from fn stops
// it and is returned.
func eachRawEntry(v []byte, fn func(e []byte) error) error {
	n, w := binary.Uvarint(v)
	if w <= 0 || n > uint64(len(v)) {
		return errCorrupt
	}
	v = v[w:]
	for i := uint64(0); i < n; i++ {
		l := idLen(v)
		if l < 0 || len(v) < l+8 {
			return errCorrupt
		}
		if err := fn(v[: l+8 : l+8]); err != nil {
			return err
		}
		v = v[l+8:]
	}
	if len(v) != 0 {
		return errCorrupt
	}
	return nil
}

// packedDocs returns the documents the entries of ID key ik name, in the
// page and, while runs exist, in the fragments.
func packedDocs(txn *badger.Txn, ik []byte) ([][8]byte, error) {
	var docs [][8]byte
	add := func(k []byte, doc [8]byte) error {
		if bytes.Equal(k, ik) && !slices.Contains(docs, doc) {
			docs = append(docs, doc)
		}
		return nil
	}
	h := idHash(ik)
	item, err := txn.Get(pageKey(h))
	switch {
	case err == nil:
		if err := item.Value(func(v []byte) error { return eachPacked(v, add) }); err != nil {
			return nil, fmt.Errorf("span id page %x: %w", pageKey(h), err)
		}
	case !errors.Is(err, badger.ErrKeyNotFound):
		return nil, err
	}
	runs, err := has(txn, runsKey)
	if err != nil || !runs {
		return docs, err
	}
	for _, bits := range runLevels {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: runPrefix(bits, h)})
		for it.Rewind(); it.Valid(); it.Next() {
			item := it.Item()
			if err := item.Value(func(v []byte) error { return eachPacked(v, add) }); err != nil {
				it.Close()
				return nil, fmt.Errorf("span id run %x: %w", item.Key(), err)
			}
		}
		it.Close()
	}
	return docs, nil
}

// packedSpanDoc is spanDoc for an ID without an s key: the document among
// those its entries name whose span list holds it.
func packedSpanDoc(txn *badger.Txn, id string) ([8]byte, error) {
	docs, err := packedDocs(txn, appendID(nil, id))
	if err != nil {
		return [8]byte{}, err
	}
	for _, doc := range docs {
		ok, err := listHolds(txn, doc, id)
		if err != nil {
			return [8]byte{}, err
		}
		if ok {
			return doc, nil
		}
	}
	return [8]byte{}, ErrNotFound
}

// listHolds reports whether document doc's span list holds span id.
// The list is read with its tail (withSpanList): a span a bulk load added
// to a long list may sit in the tail, and one removed since the list was
// written is named there.
func listHolds(txn *badger.Txn, doc [8]byte, id string) (bool, error) {
	found := false
	errFound := errors.New("found")
	err := withSpanList(txn, doc, func(v []byte) error {
		return eachEntry(v, func(raw []byte) error {
			r := reader{b: raw}
			r.bytes() // the annotator
			if string(r.bytes()) == id && r.err == nil {
				found = true
				return errFound
			}
			return r.err
		})
	})
	if err != nil && !errors.Is(err, errFound) {
		return false, fmt.Errorf("span list of document %x: %w", doc, err)
	}
	return found, nil
}

// anySpanIndex reports whether the store holds any span-ID index: s keys,
// pages or runs. A store without (a first import) needs no look-ups.
func anySpanIndex(txn *badger.Txn) bool {
	if anyKey(txn, pSpanID) || anyKey(txn, pPage) {
		return true
	}
	ok, _ := has(txn, runsKey)
	return ok
}

// runWriter collects the entries of a bulk write transaction and writes
// them as run fragments.
type runWriter struct {
	entries [][]byte
}

func (w *runWriter) add(doc [8]byte, e *spanEntry, a *arena) {
	b := appendID(a.start(len(e.id)+20), string(e.id))
	w.entries = append(w.entries, a.done(append(b, doc[:]...)))
}

// write writes the fragments and the marker in txn.
func (w *runWriter) write(txn *badger.Txn) error {
	if len(w.entries) == 0 {
		return nil
	}
	bits := runBits(len(w.entries))
	// The entries by fragment, in one array (counted first), and each
	// fragment's value in one allocation of its size.
	hbs := make([]byte, len(w.entries))
	var n, size [257]int
	var first [256]uint64 // a hash of each fragment, for its key
	for i, e := range w.entries {
		h := idHash(e[:len(e)-8])
		hb := byte(h >> (64 - bits))
		hbs[i] = hb
		n[int(hb)+1]++
		size[hb] += len(e)
		first[hb] = h
	}
	for hb := 1; hb <= 256; hb++ {
		n[hb] += n[hb-1]
	}
	all := make([][]byte, len(w.entries))
	at := n
	for i, e := range w.entries {
		all[at[hbs[i]]] = e
		at[hbs[i]]++
	}
	for hb := 0; hb < 256; hb++ {
		es := all[n[hb]:n[hb+1]]
		if len(es) == 0 {
			continue
		}
		slices.SortFunc(es, bytes.Compare)
		es = slices.CompactFunc(es, bytes.Equal)
		v := appendEntries(make([]byte, 0, binary.MaxVarintLen64+size[hb]), es)
		if err := txn.Set(runKey(bits, first[hb], runSeq.Add(1)), v); err != nil {
			return err
		}
	}
	w.entries = w.entries[:0]
	return txn.Set(runsKey, nil)
}

// entryCost is about what a transaction counts for a key and value
// (Badger's estimate: a value of the threshold or more is a pointer).
func entryCost(k, v []byte) int64 {
	if len(v) >= valueThreshold {
		return int64(len(k)) + 24
	}
	return int64(len(k)+len(v)) + 24
}

// mergeRuns merges every run fragment into the pages and deletes them,
// then the marker. A merge cut short (an error, a kill) leaves the rest of
// the fragments, which lookups read as before, to the next merge: a
// transaction merges whole hash ranges and deletes their fragments, and
// merging an entry twice keeps one.
func (s *Store) mergeRuns(ctx context.Context) error {
	var runs bool
	if err := s.db.View(func(txn *badger.Txn) error {
		var err error
		runs, err = has(txn, runsKey)
		return err
	}); err != nil || !runs {
		return err
	}
	maxSize, maxCount := s.db.MaxBatchSize()/2, s.db.MaxBatchCount()/2
	wide := map[string][][]byte{} // the entries of fragments of fewer than 8 bits, read once
	for hb := 0; hb < 256; {
		if err := checkCtx(ctx); err != nil {
			return err
		}
		next := hb
		err := s.updateNoSync(func(txn *badger.Txn) error {
			// Every bucket is read before anything is written: Badger
			// sorts a transaction's pending writes for each iterator
			// it opens, which made the reads of the last buckets of a
			// transaction cost as much as the merge.
			var size, count, vlog int64
			var m runMerge
			for next = hb; next < 256 && (next == hb || size < maxSize/2 && count < maxCount/2 && vlog < 4<<20); next++ {
				sz, n, vl, err := m.bucket(txn, byte(next), wide)
				if err != nil {
					return err
				}
				size, count, vlog = size+sz, count+n, vlog+vl
			}
			return m.write(txn)
		})
		if err != nil {
			return fmt.Errorf("merging span ids: %w", err)
		}
		hb = next
	}
	err := s.updateNoSync(func(txn *badger.Txn) error {
		if anyKey(txn, pRun) {
			return nil // a bulk wrote more meanwhile: its own merge ends it
		}
		return txn.Delete(runsKey)
	})
	if err != nil {
		return fmt.Errorf("merging span ids: %w", err)
	}
	return nil
}

// runMerge is what a merge transaction writes: pages, and the fragments
// merged whole to delete.
type runMerge struct {
	keys, values [][]byte // the pages
	done         [][]byte // the fragments
}

// write writes the merge in txn.
func (m *runMerge) write(txn *badger.Txn) error {
	for i, k := range m.keys {
		if err := txn.Set(k, m.values[i]); err != nil {
			return err
		}
	}
	for _, k := range m.done {
		if err := txn.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// bucket reads, in txn, the merge of the entries whose hash has hb as its
// top 8 bits into their pages, and the fragments it merges whole: those
// of 8 bits, of 4 when hb is the last of theirs, of 0 when it is the last
// of all; m.write writes them. wide keeps the entries of the fragments of
// 4 and 0 bits, read for each of their values of hb. It returns what it
// adds to the transaction.
func (m *runMerge) bucket(txn *badger.Txn, hb byte, wide map[string][][]byte) (size, count, vlog int64, err error) {
	var byPage [16][][]byte
	var done [][]byte
	h := uint64(hb) << 56
	for _, bits := range runLevels {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: runPrefix(bits, h)})
		for it.Rewind(); it.Valid(); it.Next() {
			item := it.Item()
			k := item.KeyCopy(nil)
			if bits == 8 || bits == 4 && hb&15 == 15 || bits == 0 && hb == 255 {
				done = append(done, k)
			}
			es, ok := wide[string(k)]
			if !ok {
				v, err := item.ValueCopy(nil)
				if err == nil {
					// The entries alias v, a copy of their own.
					err = eachRawEntry(v, func(e []byte) error { es = append(es, e); return nil })
				}
				if err != nil {
					it.Close()
					return 0, 0, 0, fmt.Errorf("span id run %x: %w", k, err)
				}
				if bits < 8 {
					wide[string(k)] = es
				}
			}
			for _, e := range es {
				eh := idHash(e[:len(e)-8])
				if byte(eh>>56) == hb {
					byPage[eh>>52&15] = append(byPage[eh>>52&15], e)
				}
			}
		}
		it.Close()
	}
	for lo, es := range byPage {
		if len(es) == 0 {
			continue
		}
		k := []byte{pPage, hb, byte(lo)}
		old, err := get(txn, k)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return 0, 0, 0, err
		}
		if old != nil {
			err := eachRawEntry(old, func(e []byte) error { es = append(es, e); return nil })
			if err != nil {
				return 0, 0, 0, fmt.Errorf("span id page %x: %w", k, err)
			}
		}
		slices.SortFunc(es, bytes.Compare)
		es = slices.CompactFunc(es, bytes.Equal)
		v := appendEntries(nil, es)
		m.keys, m.values = append(m.keys, k), append(m.values, v)
		size += entryCost(k, v)
		count++
		if len(v) >= valueThreshold {
			vlog += int64(len(v))
		}
	}
	for _, k := range done {
		delete(wide, string(k)) // merged whole: not read again
		m.done = append(m.done, k)
		size += entryCost(k, nil)
		count++
	}
	return size, count, vlog, nil
}

// eachPackedIndex calls fn with every entry of the pages and fragments.
func eachPackedIndex(ctx context.Context, txn *badger.Txn, fn func(ik []byte, doc [8]byte) error) error {
	for _, p := range []byte{pPage, pRun} {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{p}})
		for it.Rewind(); it.Valid(); it.Next() {
			if err := checkCtx(ctx); err != nil {
				it.Close()
				return err
			}
			item := it.Item()
			if err := item.Value(func(v []byte) error { return eachPacked(v, fn) }); err != nil {
				it.Close()
				return fmt.Errorf("span id index %x: %w", item.Key(), err)
			}
		}
		it.Close()
	}
	return nil
}

// spanDocs looks up many span IDs in txn, as spanDoc does each, reading
// each page, fragment and span list once: the IDs without an s key are
// taken page by page. It returns the document of each ID the store holds.
// An import of a colleague's file looks up every span of it, most of them
// in the packed index after a first sync, hundreds to a page.
func spanDocs(ctx context.Context, txn *badger.Txn, ids []string) (map[string][8]byte, error) {
	out := map[string][8]byte{}
	type want struct {
		id string
		ik []byte
		h  uint64
	}
	var rest []want
	var key []byte
	for i, id := range ids {
		if i%1024 == 0 {
			if err := checkCtx(ctx); err != nil {
				return nil, err
			}
		}
		key = appendSpanIDKey(key[:0], id)
		item, err := txn.Get(key)
		if errors.Is(err, badger.ErrKeyNotFound) {
			ik := appendID(nil, id)
			rest = append(rest, want{id, ik, idHash(ik)})
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("span %s: %w", id, err)
		}
		err = item.Value(func(v []byte) error {
			if len(v) != 8 {
				return errCorrupt
			}
			out[id] = [8]byte(v)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("span %s: %w", id, err)
		}
	}
	if len(rest) == 0 {
		return out, nil
	}
	runs, err := has(txn, runsKey)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(rest, func(a, b want) int { return cmpUint(a.h, b.h) })
	lists := map[[8]byte]map[string]bool{} // a document's span IDs, read once
	holds := func(doc [8]byte, id string) (bool, error) {
		set, ok := lists[doc]
		if !ok {
			set = map[string]bool{}
			err := withSpanList(txn, doc, func(v []byte) error { // its tail too, as listHolds
				return eachEntry(v, func(raw []byte) error {
					r := reader{b: raw}
					r.bytes()
					set[string(r.bytes())] = true
					return r.err
				})
			})
			if err != nil {
				return false, fmt.Errorf("span list of document %x: %w", doc, err)
			}
			lists[doc] = set
		}
		return set[id], nil
	}
	// Entries by ID key of the page, or the fragments, being read.
	var page map[string][][8]byte
	pageAt, runsAt := -1, -1
	var inRuns map[string][][8]byte
	read := func(m map[string][][8]byte, v []byte) error {
		return eachPacked(v, func(ik []byte, doc [8]byte) error {
			if !slices.Contains(m[string(ik)], doc) {
				m[string(ik)] = append(m[string(ik)], doc)
			}
			return nil
		})
	}
	for i, w := range rest {
		if i%1024 == 0 {
			if err := checkCtx(ctx); err != nil {
				return nil, err
			}
		}
		if p := int(w.h >> 52); p != pageAt {
			pageAt, page = p, map[string][][8]byte{}
			item, err := txn.Get(pageKey(w.h))
			switch {
			case errors.Is(err, badger.ErrKeyNotFound):
			case err != nil:
				return nil, err
			default:
				if err := item.Value(func(v []byte) error { return read(page, v) }); err != nil {
					return nil, fmt.Errorf("span id page %x: %w", pageKey(w.h), err)
				}
			}
		}
		cands := page[string(w.ik)]
		if runs {
			if r := int(w.h >> 56); r != runsAt {
				// The fragments that may hold the IDs of this
				// range of the hash, read once for all of them.
				runsAt, inRuns = r, map[string][][8]byte{}
				for _, x := range rest[i:] {
					if int(x.h>>56) != r {
						break
					}
					inRuns[string(x.ik)] = nil
				}
				for _, bits := range runLevels {
					it := txn.NewIterator(badger.IteratorOptions{Prefix: runPrefix(bits, w.h)})
					for it.Rewind(); it.Valid(); it.Next() {
						item := it.Item()
						err = item.Value(func(v []byte) error {
							return eachPacked(v, func(ik []byte, doc [8]byte) error {
								if docs, ok := inRuns[string(ik)]; ok && !slices.Contains(docs, doc) {
									inRuns[string(ik)] = append(docs, doc)
								}
								return nil
							})
						})
						if err != nil {
							it.Close()
							return nil, fmt.Errorf("span id run %x: %w", item.Key(), err)
						}
					}
					it.Close()
				}
			}
			cands = append(slices.Clip(cands), inRuns[string(w.ik)]...)
		}
		for _, doc := range cands {
			ok, err := holds(doc, w.id)
			if err != nil {
				return nil, fmt.Errorf("span %s: %w", w.id, err)
			}
			if ok {
				out[w.id] = doc
				break
			}
		}
	}
	return out, nil
}

func cmpUint(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
