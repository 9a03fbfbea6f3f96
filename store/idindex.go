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
// instead into an entry packed with many others into one value. An entry
// names the span's document (doc8) and the ID by bits of its hash
// (idHash of its key form), not by the ID itself. Since schema 7 a bulk
// load writes its entries once, into the pages, from the span lists its
// writes noted as pending (pending.go); until 6:
//
//   - each write transaction of a bulk load writes its entries as run
//     fragments, z L hb seq8, in the same transaction as their span
//     lists: whatever a kill leaves, the span lists written have their
//     entries. A fragment holds the entries whose ID hash has hb as its
//     top L bits, L being 8, 6, 4 or 0 as the transaction has many entries
//     or few (so that a fragment holds about a hundred entries or more,
//     and goes to the value log: runBits);
//     an entry is the top 48 bits of the hash and doc8 (14 bytes). It
//     also sets the runs marker (runsKey).
//   - at the bulk's end (Bulk.Finish), or at the next Open after a kill,
//     the fragments are merged into pages, y hb8 lo4, one per value of
//     the top 12 bits of the hash (4,096: at 4 M spans, ~1,000 entries
//     or 12 KB a page), each sorted; an entry is the next 32 bits of the
//     hash and doc8 (12 bytes). One transaction merges the entries of
//     one or more values of the top 8 bits into their 16 pages and
//     deletes the fragments it has merged whole; the last deletes the
//     marker.
//
// The entries were the ID's key form (17 bytes for a UUID) and doc8 until
// schema 5 (x pages, j fragments; migrateSpanIndex): the packed IDs were
// two fifths of what a first sync wrote, written twice.
//
// A lookup (spanDoc) reads the s key first, which every other writer keeps
// as before (Apply, Undo, Redo, imports, the split writes of P keys); when
// there is none, the page of the ID's hash and, while the marker says runs
// exist, the fragments of its hb8. An entry is a hint, not a record: it is
// believed only once the document's span list (S doc8) is seen to hold the
// ID. Another ID whose hash has the same 44 (48) bits, a span deleted or
// moved out of a layer, a replaced layer, a deleted document, leave
// entries that name a document without the ID, which is harmless; a span
// changed in place gets an s key, which comes first. What must hold, and
// does, is that every stored span has an s key or an entry.
//
// Apply's check that a new span's ID is unused is spanDoc too, in its own
// transaction: it reads the marker, which every bulk transaction that
// writes fragments sets, and the page, which every merge writes, so that
// Badger refuses Apply's commit (ErrConflict, retried) when a bulk write
// came in between; the bulk's transactions read the span-adds key that
// Apply writes (bulk.go), so the other order is refused too.
const (
	pRun  = 'z'
	pPage = 'y'

	// The index of schema 4, with whole ID keys in its entries: only
	// the migration to 5 reads it.
	pRun4  = 'j'
	pPage4 = 'x'
)

// The sizes of a fragment's and a page's entry: hash bits, then doc8.
const (
	runHashBytes  = 6
	pageHashBytes = 4
	runEntry      = runHashBytes + 8
	pageEntry     = pageHashBytes + 8
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

// spanHash is idHash of span id's key form.
func spanHash(id string) uint64 {
	var buf [64]byte
	return idHash(appendID(buf[:0], id))
}

// packedHash is what the index keeps of a hash: its top 44 bits (the
// page's 12 and a page entry's 32), in the low bits of the result.
func packedHash(h uint64) uint64 { return h >> 20 }

func pageKey(h uint64) []byte { return []byte{pPage, byte(h >> 56), byte(h>>52) & 15} }

// runLevels are the numbers of hash bits a run fragment may be keyed by.
var runLevels = [...]byte{0, 4, 6, 8}

// runPrefix is the prefix of the fragments of level bits that may hold
// hash h.
func runPrefix(bits byte, h uint64) []byte { return []byte{pRun, bits, byte(h >> (64 - bits))} }

func runKey(bits byte, h uint64, seq uint64) []byte {
	return binary.BigEndian.AppendUint64(runPrefix(bits, h), seq)
}

// runBits is the level of the fragments of a transaction of n entries:
// about a hundred entries a fragment or more, so that a fragment (1.3 KB
// and more) goes to the value log, written once. Fragments of tens of
// entries stayed in the tree: written to its log, flushed to a table and
// rewritten by every compaction of level 0 into 1 until the merge deleted
// them (a first sync at 20 × 20,000 wrote 600 MB with them, 574 with the
// longer entries in the value log).
func runBits(n int) byte {
	for _, bits := range []byte{8, 6, 4} {
		if n >= 96<<bits {
			return bits
		}
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

// eachFixed calls fn with every entry of a page (size pageEntry) or
// fragment (runEntry) value, as the slice of v it is: no copy. An error
// from fn stops it and is returned.
func eachFixed(v []byte, size int, fn func(e []byte) error) error {
	n, w := binary.Uvarint(v)
	if w <= 0 || n > uint64(len(v)) || uint64(len(v)-w) != n*uint64(size) {
		return errCorrupt
	}
	for v = v[w:]; len(v) > 0; v = v[size:] {
		if err := fn(v[:size:size]); err != nil {
			return err
		}
	}
	return nil
}

// eachPage calls fn with the hash (packedHash) and document of every
// entry of page value v under page key k.
func eachPage(k, v []byte, fn func(ph uint64, doc [8]byte) error) error {
	top := (uint64(k[1])<<4 | uint64(k[2]&15)) << 32
	return eachFixed(v, pageEntry, func(e []byte) error {
		return fn(top|uint64(binary.BigEndian.Uint32(e)), [8]byte(e[pageHashBytes:]))
	})
}

// runHash is the top 48 bits of the hash a fragment's entry e holds.
func runHash(e []byte) uint64 {
	return uint64(binary.BigEndian.Uint16(e))<<32 | uint64(binary.BigEndian.Uint32(e[2:]))
}

// eachRun calls fn with the top 48 bits of the hash and the document of
// every entry of fragment value v.
func eachRun(v []byte, fn func(h48 uint64, doc [8]byte) error) error {
	return eachFixed(v, runEntry, func(e []byte) error {
		return fn(runHash(e), [8]byte(e[runHashBytes:]))
	})
}

// packedDocs returns the documents the entries of an ID whose hash is h
// name, in the page and, while runs exist, in the fragments and the
// pending records (pending.go).
func packedDocs(txn *badger.Txn, pend *pendingIndex, h uint64) ([][8]byte, error) {
	var docs [][8]byte
	add := func(doc [8]byte) {
		if !slices.Contains(docs, doc) {
			docs = append(docs, doc)
		}
	}
	k := pageKey(h)
	item, err := txn.Get(k)
	switch {
	case err == nil:
		err := itemValue(item, func(v []byte) error {
			return eachPage(k, v, func(ph uint64, doc [8]byte) error {
				if ph == packedHash(h) {
					add(doc)
				}
				return nil
			})
		})
		if err != nil {
			return nil, fmt.Errorf("span id page %x: %w", k, err)
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
			err := itemValue(item, func(v []byte) error {
				return eachRun(v, func(h48 uint64, doc [8]byte) error {
					if h48 == h>>16 {
						add(doc)
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
	if err := viewPending(txn, pend).candidates(txn, h, add); err != nil {
		return nil, err
	}
	return docs, nil
}

// packedSpanDoc is spanDoc for an ID without an s key: the document among
// those its entries name whose span list holds it.
func packedSpanDoc(txn *badger.Txn, pend *pendingIndex, id string) ([8]byte, error) {
	docs, err := packedDocs(txn, pend, spanHash(id))
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
			var idBuf [36]byte
			if string(r.entryID(&idBuf)) == id && r.err == nil {
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
	var frags bool
	s.db.View(func(txn *badger.Txn) error { frags = anyKey(txn, pRun); return nil })
	for hb := 0; frags && hb < 256; {
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
		if anyKey(txn, pRun) || anyKey(txn, pPend) {
			return nil // a bulk wrote more meanwhile, or pending records are left: their merge ends it
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
// of 8 bits, and those of fewer when hb is the last of their range;
// m.write writes them. wide keeps the entries of the fragments of fewer
// than 8 bits, read for each of their values of hb. It returns what it
// adds to the transaction.
func (m *runMerge) bucket(txn *badger.Txn, hb byte, wide map[string][][]byte) (size, count, vlog int64, err error) {
	var byPage [16][]byte // page entries, one after another
	var done [][]byte
	h := uint64(hb) << 56
	for _, bits := range runLevels {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: runPrefix(bits, h)})
		for it.Rewind(); it.Valid(); it.Next() {
			item := it.Item()
			k := item.KeyCopy(nil)
			if rest := byte(1<<(8-bits) - 1); hb&rest == rest { // the last hb of the fragment's range
				done = append(done, k)
			}
			es, ok := wide[string(k)]
			if !ok {
				v, err := itemValueCopy(item)
				if err == nil {
					// The entries alias v, a copy of their own.
					err = eachFixed(v, runEntry, func(e []byte) error { es = append(es, e); return nil })
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
				eh := runHash(e)
				if byte(eh>>40) == hb {
					lo := eh >> 36 & 15
					byPage[lo] = binary.BigEndian.AppendUint32(byPage[lo], uint32(eh>>4))
					byPage[lo] = append(byPage[lo], e[runHashBytes:]...)
				}
			}
		}
		it.Close()
	}
	for lo, flat := range byPage {
		if len(flat) == 0 {
			continue
		}
		k := []byte{pPage, hb, byte(lo)}
		old, err := get(txn, k)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return 0, 0, 0, err
		}
		if old != nil {
			err := eachFixed(old, pageEntry, func(e []byte) error { flat = append(flat, e...); return nil })
			if err != nil {
				return 0, 0, 0, fmt.Errorf("span id page %x: %w", k, err)
			}
		}
		v := appendEntries(nil, sortedEntries(flat, pageEntry))
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

// sortedEntries is the entries of size bytes that flat holds one after
// another, sorted, each once.
func sortedEntries(flat []byte, size int) [][]byte {
	es := make([][]byte, 0, len(flat)/size)
	for ; len(flat) >= size; flat = flat[size:] {
		es = append(es, flat[:size:size])
	}
	slices.SortFunc(es, bytes.Compare)
	return slices.CompactFunc(es, bytes.Equal)
}

// eachPackedIndex calls fn with the hash (packedHash) and document of
// every entry of the pages and fragments.
func eachPackedIndex(ctx context.Context, txn *badger.Txn, fn func(ph uint64, doc [8]byte) error) error {
	return eachValue(ctx, txn, []byte{pPage, pRun}, func(k, v []byte) error {
		var err error
		switch {
		case k[0] == pRun:
			err = eachRun(v, func(h48 uint64, doc [8]byte) error { return fn(h48>>4, doc) })
		case len(k) != 3:
			err = errCorrupt
		default:
			err = eachPage(k, v, fn)
		}
		if err != nil {
			return fmt.Errorf("span id index %x: %w", k, err)
		}
		return nil
	})
}

// eachValue calls fn with the key and value of every record under each of
// prefixes in txn, in that order, checking ctx as it goes; k and v are
// valid only during the call.
func eachValue(ctx context.Context, txn *badger.Txn, prefixes []byte, fn func(k, v []byte) error) error {
	for _, p := range prefixes {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{p}})
		for it.Rewind(); it.Valid(); it.Next() {
			if err := checkCtx(ctx); err != nil {
				it.Close()
				return err
			}
			item := it.Item()
			if err := itemValue(item, func(v []byte) error { return fn(item.Key(), v) }); err != nil {
				it.Close()
				return err
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
func spanDocs(ctx context.Context, txn *badger.Txn, pend *pendingIndex, ids []string) (map[string][8]byte, error) {
	out := map[string][8]byte{}
	type want struct {
		id string
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
			rest = append(rest, want{id, spanHash(id)})
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("span %s: %w", id, err)
		}
		err = itemValue(item, func(v []byte) error {
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
	var pv *pendingView
	if runs {
		pv = viewPending(txn, pend)
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
					var idBuf [36]byte
					set[string(r.entryID(&idBuf))] = true
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
	// Entries by hash (packedHash) of the page, or by the top 48 bits of
	// the hash of the fragments, being read.
	var page map[uint64][][8]byte
	pageAt, runsAt := -1, -1
	var inRuns map[uint64][][8]byte
	addDoc := func(m map[uint64][][8]byte, h uint64, doc [8]byte) {
		if !slices.Contains(m[h], doc) {
			m[h] = append(m[h], doc)
		}
	}
	for i, w := range rest {
		if i%1024 == 0 {
			if err := checkCtx(ctx); err != nil {
				return nil, err
			}
		}
		if p := int(w.h >> 52); p != pageAt {
			pageAt, page = p, map[uint64][][8]byte{}
			k := pageKey(w.h)
			item, err := txn.Get(k)
			switch {
			case errors.Is(err, badger.ErrKeyNotFound):
			case err != nil:
				return nil, err
			default:
				err := itemValue(item, func(v []byte) error {
					return eachPage(k, v, func(ph uint64, doc [8]byte) error { addDoc(page, ph, doc); return nil })
				})
				if err != nil {
					return nil, fmt.Errorf("span id page %x: %w", k, err)
				}
			}
		}
		cands := page[packedHash(w.h)]
		if runs {
			if r := int(w.h >> 56); r != runsAt {
				// The fragments that may hold the IDs of this
				// range of the hash, read once for all of them.
				runsAt, inRuns = r, map[uint64][][8]byte{}
				for _, x := range rest[i:] {
					if int(x.h>>56) != r {
						break
					}
					inRuns[x.h>>16] = nil
				}
				for _, bits := range runLevels {
					it := txn.NewIterator(badger.IteratorOptions{Prefix: runPrefix(bits, w.h)})
					for it.Rewind(); it.Valid(); it.Next() {
						item := it.Item()
						err = itemValue(item, func(v []byte) error {
							return eachRun(v, func(h48 uint64, doc [8]byte) error {
								if _, ok := inRuns[h48]; ok {
									addDoc(inRuns, h48, doc)
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
			cands = append(slices.Clip(cands), inRuns[w.h>>16]...)
			err := pv.candidates(txn, w.h, func(doc [8]byte) {
				if !slices.Contains(cands, doc) {
					cands = append(cands, doc)
				}
			})
			if err != nil {
				return nil, err
			}
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

// migrateSpanIndex is the step from schema 4 to 5: it rewrites the packed
// index's pages (x) and fragments (j), whose entries were the ID's key
// form and doc8, as pages (y) and fragments (z) of hash bits and doc8,
// under the same hash ranges. Each transaction writes the new values and
// deletes the old ones it replaced, so a step cut short leaves every entry
// in one form or the other, and its rerun converts the rest. The store is
// marked schema 5 before the first entry is rewritten: a step cut short
// must not leave a store that a skein of schema 4 opens and reads half its
// index from (it would miss the spans already converted), and a store of
// schema 5 that still holds an index of 4 is finished by the next open
// (migrate).
func (s *Store) migrateSpanIndex() error {
	if s.noSchema4Index() {
		return nil
	}
	if err := s.update(func(txn *badger.Txn) error { return txn.Set(versionKey, versionValue(5)) }); err != nil {
		return err
	}
	maxSize, maxCount := s.db.MaxBatchSize()/2, s.db.MaxBatchCount()/2
	for _, p := range []byte{pPage4, pRun4} {
		for more := true; more; {
			err := s.updateNoSync(func(txn *badger.Txn) error {
				var keys, values [][]byte
				var size, count int64
				it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{p}})
				for it.Rewind(); it.Valid() && size < maxSize && count < maxCount; it.Next() {
					item := it.Item()
					k := item.KeyCopy(nil)
					v, err := itemValueCopy(item)
					if err == nil {
						v, err = repackEntries4(p, v)
					}
					if err != nil {
						it.Close()
						return fmt.Errorf("span id index %x: %w", k, err)
					}
					keys, values = append(keys, k), append(values, v)
					size += 2 * entryCost(k, v)
					count += 2
				}
				more = it.Valid()
				it.Close()
				for i, k := range keys {
					nk := append([]byte{pPage}, k[1:]...)
					if p == pRun4 {
						nk[0] = pRun
					}
					if err := txn.Set(nk, values[i]); err != nil {
						return err
					}
					if err := txn.Delete(k); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				return fmt.Errorf("rewriting the span id index: %w", err)
			}
		}
	}
	return nil
}

// repackEntries4 is a schema-4 page (prefix x) or fragment (j) value with
// its entries (an ID key, then doc8) as schema 5 writes them.
func repackEntries4(p byte, v []byte) ([]byte, error) {
	n, w := binary.Uvarint(v)
	if w <= 0 || n > uint64(len(v)) {
		return nil, errCorrupt
	}
	v = v[w:]
	var flat []byte
	for i := uint64(0); i < n; i++ {
		l := idLen(v)
		if l < 0 || len(v) < l+8 {
			return nil, errCorrupt
		}
		h := idHash(v[:l])
		if p == pPage4 {
			flat = binary.BigEndian.AppendUint32(flat, uint32(packedHash(h)))
		} else {
			flat = binary.BigEndian.AppendUint16(flat, uint16(h>>48))
			flat = binary.BigEndian.AppendUint32(flat, uint32(h>>16))
		}
		flat = append(flat, v[l:l+8]...)
		v = v[l+8:]
	}
	if len(v) != 0 {
		return nil, errCorrupt
	}
	size := runEntry
	if p == pPage4 {
		size = pageEntry
	}
	return appendEntries(nil, sortedEntries(flat, size)), nil
}

// noSchema4Index reports whether the store holds no page or fragment of
// schema 4's index (migrateSpanIndex).
func (s *Store) noSchema4Index() bool {
	var any4 bool
	s.db.View(func(txn *badger.Txn) error {
		any4 = anyKey(txn, pPage4) || anyKey(txn, pRun4)
		return nil
	})
	return !any4
}
