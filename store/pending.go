package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"runtime"
	"runtime/trace"
	"slices"
	"sync"
	"sync/atomic"

	badger "github.com/dgraph-io/badger/v4"
)

// A bulk load's span IDs are written once, into the pages (schema 7).
//
// Until schema 6 each write transaction of a bulk load packed its spans'
// IDs into run fragments (z, idindex.go), and Bulk.Finish merged them into
// the pages: the packed IDs were written twice, a third of a first sync's
// bytes. The fragments said nothing the span lists they were written with
// do not: which document holds which ID. A bulk write transaction now
// writes, beside its span lists, only a pending record, w seq8 -> the
// documents (doc8 each) whose lists it wrote spans into: 8 bytes an
// article, not 14 a span. Bulk.Finish (or, after a kill, the next Open)
// reads those documents' span lists, hashes their IDs into the pages, and
// deletes the records; a merge cut short leaves the records, and merging
// an entry twice keeps one, so the next merge finishes it.
//
// Until then a lookup must still find the spans: a pending record is read
// as an entry naming each of its documents, believed, like every entry,
// only where the document's span list holds the ID. So that a lookup does
// not read every pending article's list, the process that wrote a record
// keeps a bloom filter of its IDs' hashes (pendingIndex) and reads the
// documents of a record only where its filter may hold the ID; a record
// this process did not write (a store opened read-only after a kill) has
// none, and names all its documents. The records a lookup reads are those
// of its own snapshot, so a record merged and dropped meanwhile is still
// read. Records are written only beside the runs marker (runsKey), which
// Apply reads, so Badger refuses an Apply whose check a bulk write came
// in between, as it did with the fragments.
const pPend = 'w'

func pendKey(seq uint64) []byte { return binary.BigEndian.AppendUint64([]byte{pPend}, seq) }

// pendingIndex is the bloom filters of the pending records this process
// wrote, by their key's seq, and what each holds (pendingKnown).
type pendingIndex struct {
	mu    sync.Mutex
	sets  map[uint64]*bloom
	known map[uint64]*pendingKnown

	// listsRead counts the span lists mergePending read (a test's
	// measure: a bulk load finished by the process that wrote it reads
	// none).
	listsRead atomic.Int64
}

// pendingKnown is what a record this process wrote holds, kept so that
// the merge writes its entries into the pages without reading its
// documents' span lists again (which took ~0.9 CPU-s, half a second of a
// first sync's serial tail, at 20 × 20,000 × 10 spans): its documents
// (doc8 each, as the record's value), and for each span, in the order
// written (a document's spans together), the page entry's 32 hash bits and
// the page (the ID's idHash's bits a page entry keeps). 6 bytes a span,
// until the merge: ~24 MB at the end of that first sync.
type pendingKnown struct {
	docs   []byte
	starts []uint32 // where each document's spans begin
	hashes []uint32
	pages  []uint16
}

func (p *pendingIndex) put(seq uint64, b *bloom, k *pendingKnown) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.sets == nil {
		p.sets = map[uint64]*bloom{}
	}
	p.sets[seq] = b
	if k != nil {
		if p.known == nil {
			p.known = map[uint64]*pendingKnown{}
		}
		p.known[seq] = k
	}
}

// knownOf is what record seq holds, when this process wrote it and kept
// it, else nil.
func (p *pendingIndex) knownOf(seq uint64) *pendingKnown {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.known[seq]
}

func (p *pendingIndex) get(seq uint64) *bloom {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.sets[seq]
}

// spans is about how many spans the records whose filters are kept hold.
func (p *pendingIndex) spans() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, b := range p.sets {
		n += b.limit
	}
	return n
}

// drop forgets the filters of seqs, and what every record holds: the
// merge that calls it, under the bulk lock (no bulk write under way),
// merged every record there is, so any other kept is of a record never
// committed (a chunk that lost a race is written again in a record of its
// own).
func (p *pendingIndex) drop(seqs []uint64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, seq := range seqs {
		delete(p.sets, seq)
	}
	p.known = nil
}

// pendingWriter collects what a bulk write transaction's pending record
// holds: its documents, and its spans' ID hashes for the filter.
type pendingWriter struct {
	hashes []uint64
	docs   []byte // doc8 each, each once
	known  pendingKnown
}

func (w *pendingWriter) add(doc [8]byte, e *spanEntry) { w.addHash(doc, entryIDHash(e)) }

// entryIDHash is the hash of e's span ID (spanHash), taken from the
// entry, where a UUID is its 16 bytes already: spanHash of its text
// decoded the hex again, once a span of a bulk load, under its lock.
func entryIDHash(e *spanEntry) uint64 {
	r := reader{b: e.raw}
	r.bytes() // the annotator
	if text, u := r.entryIDField(); r.err == nil {
		return entryHash(text, u)
	}
	return spanHash(bytesView(e.id))
}

// addHash is add of a span whose ID's hash is h (entryIDHash).
func (w *pendingWriter) addHash(doc [8]byte, h uint64) {
	w.hashes = append(w.hashes, mix64(h))
	// A transaction writes a document's spans in one group: the same
	// document is the last one or a new one.
	k := &w.known
	if n := len(w.docs); n == 0 || [8]byte(w.docs[n-8:]) != doc {
		w.docs = append(w.docs, doc[:]...)
		k.starts = append(k.starts, uint32(len(k.hashes)))
	}
	k.hashes = append(k.hashes, uint32(packedHash(h)))
	k.pages = append(k.pages, uint16(h>>52))
}

// write writes the record and the marker in txn. The filter is kept before
// the commit: a record that is never committed is never read, and its
// filter goes at the next merge.
func (w *pendingWriter) write(txn *badger.Txn, p *pendingIndex) error {
	if len(w.hashes) == 0 {
		return nil
	}
	b := newBloomBits(len(w.hashes), pendingBits)
	for _, h := range w.hashes {
		b.set(h)
	}
	k := w.known
	k.docs = w.docs
	seq := runSeq.Add(1)
	p.put(seq, b, &k)
	if err := txn.Set(pendKey(seq), w.docs); err != nil {
		return err
	}
	w.hashes, w.docs, w.known = w.hashes[:0], nil, pendingKnown{}
	return txn.Set(runsKey, nil)
}

// pendingBits is how many bits a span takes in a pending record's filter.
// A lookup before the merge (a first sync's check of a span ID its Bulk's
// filter may hold) asks every record's filter and reads the span lists of
// all the documents of each that says "perhaps": at 12 bits (0.4 % false
// hits) and ~280 records, about a record's 78 lists a lookup, most of
// 0.4 CPU-s of a first sync under its bulk lock; at 20 (0.03 %), one
// lookup in twelve reads any (4 MB more for its 4 M spans).
const pendingBits = 20

// mix64 spreads a hash over 64 bits (splitmix64's finalizer).
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// pendingView is the pending records of one snapshot, read for lookups:
// their keys, their filters where this process has them, and the
// documents of those read so far.
type pendingView struct {
	seqs    []uint64
	filters []*bloom // nil: the record's filter is not known, every ID may be in it
	docs    map[uint64][]byte
}

// viewPending reads the pending records' keys in txn; nil when there are
// none.
func viewPending(txn *badger.Txn, p *pendingIndex) *pendingView {
	var v *pendingView
	it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pPend}})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		k := it.Item().Key()
		if len(k) != 9 {
			continue // refused by Check; no record of this form is written
		}
		if v == nil {
			v = &pendingView{docs: map[uint64][]byte{}}
		}
		seq := binary.BigEndian.Uint64(k[1:])
		v.seqs = append(v.seqs, seq)
		v.filters = append(v.filters, p.get(seq))
	}
	return v
}

// candidates calls add with each document a record may hold an ID of hash
// h (idHash) in.
func (v *pendingView) candidates(txn *badger.Txn, h uint64, add func(doc [8]byte)) error {
	if v == nil {
		return nil
	}
	mh := mix64(h)
	for i, seq := range v.seqs {
		if f := v.filters[i]; f != nil && !f.test(mh) {
			continue
		}
		docs, ok := v.docs[seq]
		if !ok {
			var err error
			if docs, err = get(txn, pendKey(seq)); err != nil {
				return fmt.Errorf("pending span ids %x: %w", pendKey(seq), err)
			}
			if len(docs)%8 != 0 {
				return fmt.Errorf("pending span ids %x: %w", pendKey(seq), errCorrupt)
			}
			v.docs[seq] = docs
		}
		for ; len(docs) > 0; docs = docs[8:] {
			add([8]byte(docs))
		}
	}
	return nil
}

// entryHash is idHash of the key form of the ID an entry holds as text or
// as a UUID's 16 bytes (entryIDField).
func entryHash(text, u []byte) uint64 {
	if u == nil {
		return spanHash(bytesView(text))
	}
	var k [17]byte
	k[0] = idUUID
	copy(k[1:], u)
	return idHash(k[:])
}

// mergePending merges the pending records into the pages: it writes every
// ID they hold into its page, and deletes the records, then the marker
// where no fragment is left. Run under the bulk lock. The IDs of a record
// this process wrote are those it kept (pendingKnown); those of any other
// (a killed process's) are read from its documents' span lists.
//
// The pages are made in passes over ranges of them, each reading the
// lists (or the kept entries) again, so that a pass holds at most about
// mergeBudget entries (8 bytes each): at the end of a first sync of 4 M
// spans, two passes of ~18 MB, where one held 36 MB beside all the sync
// still held.
func (s *Store) mergePending(ctx context.Context) error {
	var seqs []uint64
	docIdx := map[[8]byte]uint32{}
	var docs [][8]byte
	var known []knownRecord
	var listed []uint32 // the documents (in docs) whose lists are read
	inList := map[uint32]bool{}
	region := trace.StartRegion(ctx, "store: merge's records")
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pPend}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			item := it.Item()
			err := itemValue(item, func(v []byte) error {
				if len(item.Key()) != 9 || len(v)%8 != 0 {
					return errCorrupt
				}
				// The record as this process wrote it, or its
				// documents' lists.
				k := s.pending.knownOf(binary.BigEndian.Uint64(item.Key()[1:]))
				if k != nil && !bytes.Equal(k.docs, v) {
					k = nil
				}
				idx := make([]uint32, 0, len(v)/8)
				for ; len(v) > 0; v = v[8:] {
					i, ok := docIdx[[8]byte(v)]
					if !ok {
						i = uint32(len(docs))
						docIdx[[8]byte(v)] = i
						docs = append(docs, [8]byte(v))
					}
					idx = append(idx, i)
					if k == nil && !inList[i] {
						inList[i] = true
						listed = append(listed, i)
					}
				}
				if k != nil {
					known = append(known, knownRecord{k, idx})
				}
				return nil
			})
			if err != nil {
				return fmt.Errorf("pending span ids %x: %w", item.Key(), err)
			}
			seqs = append(seqs, binary.BigEndian.Uint64(item.Key()[1:]))
		}
		return nil
	})
	region.End()
	if err != nil {
		return err
	}
	if len(seqs) == 0 {
		s.pending.drop(nil) // what was kept of records never committed
		return nil
	}
	// The spans the records' filters hold: none for records of a killed
	// process, which are merged in one pass.
	n := s.pending.spans()
	passes := max(1, (n+mergeBudget-1)/mergeBudget)
	// Each reader gathers its share of the documents into pages of its
	// own, which writePages joins: the lists are read on every core,
	// the entries held the same.
	// (Never more than the CPUs: a team pull sets a processor more, as
	// room for the window's UI goroutine, which a reader would take.)
	// The kept records' spans are gathered on every core too, each
	// gatherer taking a share of the records.
	knownDocs := 0
	for _, k := range known {
		knownDocs += len(k.idx)
	}
	readers := max(1, min(runtime.GOMAXPROCS(0), runtime.NumCPU(), maxGatherers, max(len(listed), knownDocs)/minGatherDocs))
	byPage := make([][pageCount][]uint64, readers)
	parts := make([][][]uint64, readers)
	for pass := range passes {
		lo, hi := pass*pageCount/passes, (pass+1)*pageCount/passes
		for r := range parts {
			parts[r] = byPage[r][lo:hi]
		}
		region := trace.StartRegion(ctx, "store: merge's gathering")
		if len(listed) > 0 {
			if err := s.gatherPending(ctx, docs, listed, parts, lo, n/passes); err != nil {
				return err
			}
		} else {
			for _, pages := range parts {
				sizePages(pages, n/passes/len(parts))
			}
		}
		gatherKnownOn(known, parts, lo)
		region.End()
		region = trace.StartRegion(ctx, "store: merge's pages")
		builders := 1
		if n/passes >= minBuildEntries {
			builders = len(parts)
		}
		if err := s.writePages(ctx, parts, lo, &docs, docIdx, builders); err != nil {
			return err
		}
		region.End()
	}
	// The records go in transactions of their own after: the pages
	// are durable, so a kill between them leaves records whose merge
	// again changes nothing.
	maxCount := s.db.MaxBatchCount() / 2
	for at := 0; at < len(seqs); {
		end := min(at+int(maxCount/2), len(seqs))
		err := s.updateNoSync(func(txn *badger.Txn) error { return deletePending(txn, seqs[at:end], end == len(seqs)) })
		if err != nil {
			return fmt.Errorf("merging span ids: %w", err)
		}
		at = end
	}
	s.pending.drop(seqs)
	return nil
}

// knownRecord is a kept record (pendingKnown) with the index in
// mergePending's docs of each of its documents.
type knownRecord struct {
	*pendingKnown
	idx []uint32
}

// gatherKnownOn is gatherKnown with the records shared among parts, each
// gathered into by a goroutine of its own: a first sync's 4 M kept
// entries were gathered on one core while the other sat idle, its
// parsers done.
func gatherKnownOn(known []knownRecord, parts [][][]uint64, lo int) {
	if len(parts) == 1 {
		gatherKnown(known, parts[0], lo)
		return
	}
	spans := 0
	for _, k := range known {
		spans += len(k.hashes)
	}
	var wg sync.WaitGroup
	at, seen := 0, 0
	for r, pages := range parts {
		// The records up to the r+1-th share of the spans.
		end := at
		for end < len(known) && (r == len(parts)-1 || seen < (r+1)*spans/len(parts)) {
			seen += len(known[end].hashes)
			end++
		}
		share := known[at:end]
		at = end
		wg.Add(1)
		go func() {
			defer wg.Done()
			gatherKnown(share, pages, lo)
		}()
	}
	wg.Wait()
}

// gatherKnown puts each span of the records whose page is one of the
// pages from lo on into its page, as gatherDocs puts an ID it reads in a
// list.
func gatherKnown(known []knownRecord, pages [][]uint64, lo int) {
	for _, k := range known {
		for d, from := range k.starts {
			to := uint32(len(k.hashes))
			if d+1 < len(k.starts) {
				to = k.starts[d+1]
			}
			doc := uint64(k.idx[d])
			for i := from; i < to; i++ {
				if pg := int(k.pages[i]) - lo; pg >= 0 && pg < len(pages) {
					pages[pg] = append(pages[pg], uint64(k.hashes[i])<<32|doc)
				}
			}
		}
	}
}

// minBuildEntries is how many entries a pass of mergePending holds at
// least for its pages to be built by as many builders as it has readers
// (writePages).
var minBuildEntries = 1 << 18

// mergeBudget is about how many entries a pass of mergePending holds.
var mergeBudget = 1 << 21

// pageCount is how many pages the packed index has (y hb8 lo4).
const pageCount = 1 << 12

// maxGatherers is how many goroutines mergePending reads the lists with
// at most (one a core), and minGatherDocs how many documents each reads
// at least: a small merge is read by one.
var maxGatherers, minGatherDocs = 4, 512

// gatherPending reads the span lists of the documents docs[i] for each i
// of listed and puts each ID whose page is one of the pages from lo on
// into its page: the page entry's 32 hash bits, then the document's index
// in docs. parts are the pages of each reader, which reads its share of
// listed into them, all at once; n is about how many entries they will
// hold together.
func (s *Store) gatherPending(ctx context.Context, docs [][8]byte, listed []uint32, parts [][][]uint64, lo, n int) error {
	if len(parts) == 1 {
		return s.gatherDocs(ctx, docs, listed, parts[0], lo, n)
	}
	errs := make([]error, len(parts))
	var wg sync.WaitGroup
	for r, pages := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			from, to := r*len(listed)/len(parts), (r+1)*len(listed)/len(parts)
			errs[r] = s.gatherDocs(ctx, docs, listed[from:to], pages, lo, n/len(parts))
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// sizePages gives each of pages its share of one array, when they will
// hold about n entries together and n is large. Grown by appends, the
// pages took twice their size, half of it garbage; the share has room for
// the spread of the hashes (four standard deviations: ~1,000 entries a
// page at 4 M spans, ±32). A page that outgrows its share is moved.
func sizePages(pages [][]uint64, n int) {
	if n < 1<<16 {
		return
	}
	mean := n / len(pages)
	per := mean + 4*int(math.Sqrt(float64(mean))) + 16
	all := make([]uint64, per*len(pages))
	for i := range pages {
		pages[i] = all[i*per : i*per : (i+1)*per]
	}
}

// gatherDocs is gatherPending of the documents of listed into pages, in
// a snapshot of its own. n is about how many entries pages will hold.
func (s *Store) gatherDocs(ctx context.Context, docs [][8]byte, listed []uint32, pages [][]uint64, lo, n int) error {
	sizePages(pages, n)
	return s.db.View(func(txn *badger.Txn) error {
		for j, i := range listed {
			doc := docs[i]
			if j%256 == 0 {
				if err := checkCtx(ctx); err != nil {
					return err
				}
			}
			s.pending.listsRead.Add(1)
			err := withSpanList(txn, doc, func(v []byte) error {
				return eachEntry(v, func(raw []byte) error {
					r := reader{b: raw}
					r.bytes() // the annotator
					text, u := r.entryIDField()
					if r.err != nil {
						return r.err
					}
					h := entryHash(text, u)
					if pg := int(h>>52) - lo; pg >= 0 && pg < len(pages) {
						pages[pg] = append(pages[pg], uint64(uint32(packedHash(h)))<<32|uint64(i))
					}
					return nil
				})
			})
			if err != nil {
				return fmt.Errorf("span list of document %x: %w", doc, err)
			}
		}
		return nil
	})
}

// writePages writes the pages from lo on, each the entries the readers'
// parts hold for it merged with what the page holds, in transactions of
// what Badger allows, and forgets them. It builds each transaction while
// Badger commits the ones before (pageCommits), and returns once every
// commit is durable, or with the first one's error. The pages' records
// are deleted after, by the caller: never before the pages are durable.
//
// builders build the pages, each a range of them: once a first sync's
// buckets are written, the merge is all there is to do, and one core
// built every page while the other waited. A small merge is built by one
// (minBuildEntries): its few transactions, all in flight at once, would
// be made durable together, and a kill would never find it half done.
func (s *Store) writePages(ctx context.Context, parts [][][]uint64, lo int, docs *[][8]byte, docIdx map[[8]byte]uint32, builders int) error {
	c := s.newPageCommits()
	if pageBuilders != nil {
		pageBuilders(builders)
	}
	if builders <= 1 {
		return c.wait(s.buildPages(ctx, c, parts, lo, 0, len(parts[0]), &pageDocs{docs: docs, idx: docIdx}))
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pd := &pageDocs{docs: docs, idx: docIdx}
	errs := make([]error, builders)
	var wg sync.WaitGroup
	for w := range builders {
		from, to := w*len(parts[0])/builders, (w+1)*len(parts[0])/builders
		wg.Add(1)
		go func() {
			defer wg.Done()
			if errs[w] = s.buildPages(ctx, c, parts, lo, from, to, pd); errs[w] != nil {
				cancel() // the other builders stop at their next transaction
			}
		}()
	}
	wg.Wait()
	var err error
	for _, e := range errs {
		if e != nil && (err == nil || errors.Is(err, context.Canceled)) {
			err = e
		}
	}
	return c.wait(err)
}

// pageDocs is mergePending's documents, which mergePage adds to when a
// page it merges holds one they lack: shared by writePages' builders.
type pageDocs struct {
	mu   sync.Mutex
	docs *[][8]byte
	idx  map[[8]byte]uint32
}

// buildPages builds the pages from..to (of those from lo on) in
// transactions it commits through c, and forgets them.
func (s *Store) buildPages(ctx context.Context, c *pageCommits, parts [][][]uint64, lo, from, to int, pd *pageDocs) error {
	var joined []uint64 // a page's entries from every reader
	for pg := from; pg < to; {
		if err := checkCtx(ctx); err != nil {
			return err
		}
		if err := s.checkSpace(0, "the change"); err != nil {
			return err
		}
		// While the user types, one builder's transaction at a time,
		// from its slot to its commit: a key waits for every commit in
		// flight, and the slot another builder held while it built
		// would be one more. A builder that began its transaction when
		// the user was not typing (typing lapses 1.5 s after a key) holds
		// the lock shared: a transaction built alone waits for it too,
		// and for its commit (takeSlot), so it is stamped alone even
		// when the builders saw the keys differently.
		alone := s.typing()
		if alone {
			c.alone.Lock()
		} else {
			c.alone.RLock()
		}
		next, err := s.buildTxn(c, parts, lo, pg, to, pd, &joined, alone)
		if alone {
			c.alone.Unlock()
		} else {
			c.alone.RUnlock()
		}
		if err != nil {
			return err
		}
		pg = next
	}
	return nil
}

// buildTxn builds the pages from pg (of those from lo on), before to, that
// a transaction takes, commits it through c, forgets them, and returns
// where the next transaction begins.
func (s *Store) buildTxn(c *pageCommits, parts [][][]uint64, lo, pg, to int, pd *pageDocs, joined *[]uint64, alone bool) (int, error) {
	maxSize, maxCount := s.db.MaxBatchSize()/2, s.db.MaxBatchCount()/2
	pages := parts[0]
	txn := c.next(alone)
	var size, count, vlog int64
	sh := s.share() // small while the user types: a key waits for this commit
	next := pg
	for ; next < to && (next == pg || size < maxSize/2/sh && count < maxCount/2/sh && vlog < 4<<20/sh); next++ {
		entries := pages[next]
		if len(parts) > 1 {
			*joined = (*joined)[:0]
			for _, p := range parts {
				*joined = append(*joined, p[next]...)
			}
			entries = *joined
		}
		if len(entries) == 0 {
			continue
		}
		k := []byte{pPage, byte((lo + next) >> 4), byte((lo + next) & 15)}
		v, err := mergePage(txn, k, entries, pd)
		if err == nil {
			err = txn.Set(k, v)
		}
		if err != nil {
			txn.Discard()
			c.release()
			return 0, fmt.Errorf("merging span ids: %w", err)
		}
		size += entryCost(k, v)
		count++
		if len(v) >= valueThreshold {
			vlog += int64(len(v))
		}
	}
	// The page's values hold what they need: its entries go.
	for _, p := range parts {
		for i := pg; i < next; i++ {
			p[i] = nil
		}
	}
	c.commit(txn, alone)
	return next, nil
}

// pageCommits commits writePages' transactions asynchronously, up to
// maxInflight at once (one while the user types: Store.takeSlot), each
// opened ahead of the commits before it (txnOpener): a page transaction
// reads only its own pages, which no other commit writes (every writer
// of pages holds the bulk lock), so an older snapshot reads them as the
// newest. Committed one after another, the ~12 commits of a first sync's
// pages (~4 MB each) each waited for its own sync, and the pages of the
// next were built only after.
type pageCommits struct {
	s        *Store
	opener   *txnOpener
	inflight chan struct{}
	wg       sync.WaitGroup
	mu       sync.Mutex
	err      error
	taking   sync.Mutex   // next's
	alone    sync.RWMutex // a builder's from its slot to its commit: held alone while the user types, else shared
}

func (s *Store) newPageCommits() *pageCommits {
	return &pageCommits{s: s, opener: s.openAhead(maxInflight), inflight: make(chan struct{}, maxInflight)}
}

// next is the transaction for the next pages, once there is room for
// its commit: built alone (the user types), once every commit in flight
// is done.
func (c *pageCommits) next(alone bool) *badger.Txn {
	// One builder at a time: alone, takeSlot waits for every slot, and
	// two builders each holding one would wait for each other.
	c.taking.Lock()
	defer c.taking.Unlock()
	c.s.takeSlotAlone(c.inflight, alone)
	return c.opener.next()
}

// release gives back the room of a transaction not committed.
func (c *pageCommits) release() { <-c.inflight }

// commit commits txn asynchronously, stamped under the gate shared as
// every commit beside a key's write (Store.commitGated).
func (c *pageCommits) commit(txn *badger.Txn, alone bool) {
	if pageStamping != nil {
		pageStamping(len(c.inflight), alone)
	}
	c.s.gate.RLock()
	defer c.s.gate.RUnlock()
	c.s.commitAsync(txn, &c.wg, c.inflight, func(err error) {
		if err != nil {
			c.mu.Lock()
			if c.err == nil {
				c.err = fmt.Errorf("merging span ids: %w", err)
			}
			c.mu.Unlock()
		}
	})
}

// wait waits for every commit sent and closes the opener; it returns err,
// or else the first commit's error.
func (c *pageCommits) wait(err error) error {
	c.wg.Wait()
	c.opener.close()
	if err != nil {
		return err
	}
	return c.err
}

// pageBuilders, set by tests, is told how many builders writePages
// builds its pages with.
var pageBuilders func(builders int)

// pageStamping, set by tests, runs as a page transaction is given to
// Badger, with the commits in flight, this one included, and whether it
// was built alone (the user typing as it began).
var pageStamping func(inflight int, alone bool)

// deletePending deletes the records of seqs in txn and, when they are the
// last of a merge and no fragment or other record is left, the marker.
func deletePending(txn *badger.Txn, seqs []uint64, last bool) error {
	for _, seq := range seqs {
		if err := txn.Delete(pendKey(seq)); err != nil {
			return err
		}
	}
	if !last || anyKey(txn, pRun) || anyKey(txn, pPend) {
		return nil
	}
	return txn.Delete(runsKey)
}

// mergePage is page k's value with entries added (the page entry's hash
// bits, then the index of the document in docs), each entry once, sorted
// as bytes. A document of the page's old entries that docs lacks is added
// to docs and docIdx.
func mergePage(txn *badger.Txn, k []byte, entries []uint64, pd *pageDocs) ([]byte, error) {
	old, err := get(txn, k)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	// The documents, as far as this page's entries go: another builder
	// may add to them meanwhile, never change one.
	err = nil
	pd.mu.Lock()
	if old != nil {
		err = eachFixed(old, pageEntry, func(e []byte) error {
			doc := [8]byte(e[pageHashBytes:])
			i, ok := pd.idx[doc]
			if !ok {
				i = uint32(len(*pd.docs))
				pd.idx[doc] = i
				*pd.docs = append(*pd.docs, doc)
			}
			entries = append(entries, uint64(binary.BigEndian.Uint32(e))<<32|uint64(i))
			return nil
		})
	}
	ds := *pd.docs
	pd.mu.Unlock()
	if err != nil {
		return nil, fmt.Errorf("span id page %x: %w", k, err)
	}
	slices.Sort(entries)
	entries = slices.Compact(entries)
	// Entries of one hash, in the order of their documents' bytes.
	for i := 0; i < len(entries); {
		j := i + 1
		for j < len(entries) && entries[j]>>32 == entries[i]>>32 {
			j++
		}
		if j-i > 1 {
			slices.SortFunc(entries[i:j], func(a, b uint64) int { return bytes.Compare(ds[uint32(a)][:], ds[uint32(b)][:]) })
		}
		i = j
	}
	v := binary.AppendUvarint(make([]byte, 0, binary.MaxVarintLen64+len(entries)*pageEntry), uint64(len(entries)))
	for _, e := range entries {
		v = binary.BigEndian.AppendUint32(v, uint32(e>>32))
		v = append(v, ds[uint32(e)][:]...)
	}
	return v, nil
}
