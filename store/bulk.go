package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math/bits"
	"math/rand/v2"
	"slices"
	"sync/atomic"

	badger "github.com/dgraph-io/badger/v4"
)

// A bulk load (a team folder's first sync: every new colleague's layer,
// bucket by bucket) imports many batches of spans whose IDs the store has
// never held. Looking each ID up costs a Badger read that goes through
// every memtable and level (~1.5 µs); before Bulk each span was looked up
// twice, once by the import's check (which refuses a file by its line) and
// once by WriteBatch's prepass (which guards against a writer that came in
// between). A Bulk looks each up at most once, and not at all where an
// in-memory filter of every span ID the store holds says it cannot be
// there.
//
// What keeps the one look-up true until the write:
//   - the check and the write run under the store's bulk lock (Lock to
//     Unlock), which every other import, stream and document deletion
//     takes: no other batch writes span IDs in between;
//   - Apply, Undo and Redo do not take that lock, but every change that
//     writes a span's ID key logs the IDs (spanAddLog) before it commits,
//     and holds the store's commit gate alone from opening its
//     transaction to its commit (updateFirst); it also writes the
//     span-adds key (spanAddsKey) with a value never used before, which
//     the check reads in its snapshot. A transaction of the batch's
//     pipeline is stamped under the gate shared, so no such change is
//     under way then: it commits only if none of its span IDs is among
//     those logged since the check (idGuard.clear), and one that is is
//     written again at the end, looked up. Every such change that comes
//     after it sees its spans. A transaction written outside the
//     pipeline (writeGroups: a chunk written again, or too big) reads the
//     span-adds key instead, so Badger refuses its commit (ErrConflict)
//     if such a change commits after it began, and one that finds a value
//     other than the check's looks its spans' IDs up itself, as the
//     prepass did, unless none of them is among the IDs logged since the
//     check. Before the pipeline asked the log, its transactions read the
//     span-adds key too, and every key that added a span made each
//     transaction open across its commit lose (ErrConflict) and be
//     written again: 206 chunks rewritten, one by one at the end, for 308
//     keys beside a first sync of 20 × 20,000 × 10 spans.
//
// The filter is exact or absent: it starts with every span ID key the
// store holds (an empty store: none, no reading), every span a Bulk
// writes is added before its write, every ID Apply, Undo or Redo logged
// (spanAddLog) is added before the next check, and it is dropped for
// good, the Bulk falling back to looking every ID up, as soon as anyone
// else may have written a span ID it does not know: another batch or
// stream ran (batchWrites moved), or the log let go of what it had not
// read. A filter hit (possible: a bloom filter) is looked up in the store.
type Bulk struct {
	s      *Store
	locked bool

	filter *idFilter // nil: look every ID up
	logged int       // what of the store's spanAddLog the filter holds: all before
	writes uint64    // batchWrites when the filter was last known exact

	// What the last SpanDocs checked, what of it it found stored, and
	// under which span-adds value: WriteBatch skips its own look-ups for
	// exactly the IDs checked and not found (one found stored is looked
	// up again, as WriteBatch does, and refused if it is stored in
	// another document). checked is nil when nothing was checked.
	checked []string
	found   map[string][8]byte
	token   []byte
	from    int // the spanAddLog's oldest pending entry before that check
}

// BulkIDs is the span IDs of one check under a Bulk made ready before its
// lock is taken (PrepareBulkIDs): each hashed as the filter hashes it. A
// first sync's bucket holds tens of thousands of spans; hashing them under
// the lock kept the next bucket, parsed already, waiting on work that
// needs no lock.
type BulkIDs struct {
	ids    []string
	hashes []uint64 // packedHash(spanHash(id)): the filter's seed is mixed in under the lock
}

// PrepareBulkIDs readies ids for Bulk.CheckIDs. It touches no store and
// no Bulk, so it may run anywhere, before the lock; it keeps a copy of
// ids (the strings themselves are shared).
func PrepareBulkIDs(ids []string) *BulkIDs {
	p := &BulkIDs{ids: slices.Clone(ids), hashes: make([]uint64, len(ids))}
	for i, id := range ids {
		p.hashes[i] = packedHash(spanHash(id))
	}
	return p
}

// SpanIDLookups is how many span IDs the store has looked up, one by one,
// to check an import's or a batch's spans since it was opened (a test's and
// a benchmark's measure: load does not change it).
func (s *Store) SpanIDLookups() int64 { return s.idLookups.Load() }

// spanAddsKey is written, with a value never used before, by every change
// that writes a span's ID key outside the bulk lock (Apply, Undo, Redo).
var spanAddsKey = metaKey("span-adds")

// spanAddSeq numbers the span-adds values; it starts at random so that a
// value another process wrote is not reused.
var spanAddSeq atomic.Uint64

func init() { spanAddSeq.Store(rand.Uint64()) }

// markSpanAdds writes the span-adds key in txn.
func markSpanAdds(txn *badger.Txn) error {
	return txn.Set(spanAddsKey, binary.BigEndian.AppendUint64(nil, spanAddSeq.Add(1)))
}

// readSpanAdds reads the span-adds key in txn (nil when never written):
// the read also puts it in txn's read set, so that a change that writes it
// after txn began makes txn's commit fail with ErrConflict.
func readSpanAdds(txn *badger.Txn) ([]byte, error) {
	v, err := get(txn, spanAddsKey)
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	return v, err
}

// NewBulk begins a bulk load. expect is about how many spans it will bring:
// the filter is built only when the store holds no more than a few times
// that many span IDs (reading them all would cost more than looking the
// new ones up).
func (s *Store) NewBulk(ctx context.Context, expect int) (*Bulk, error) {
	if err := s.begin(); err != nil {
		return nil, err
	}
	defer s.end()
	s.bulk.Lock()
	defer s.bulk.Unlock()
	// A Bulk not finished leaves pending records, which the filter below
	// does not read: they are merged first.
	if err := s.mergePending(ctx); err != nil {
		return nil, fmt.Errorf("beginning a bulk load: %w", err)
	}
	// Every change logged before the oldest pending one is done, so in
	// the read below.
	b := &Bulk{s: s, writes: s.batchWrites.Load(), logged: s.spanAdds.pending()}
	limit := max(4*expect, 1<<16)
	err := s.db.View(func(txn *badger.Txn) error {
		f := newIDFilter(max(expect, 1<<12))
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pSpanID}})
		defer it.Close()
		n := 0
		for it.Rewind(); it.Valid(); it.Next() {
			if n++; n > limit {
				return nil // too many to read: look every ID up
			}
			if n%4096 == 0 {
				if err := checkCtx(ctx); err != nil {
					return err
				}
			}
			f.addKey(it.Item().Key()[1:])
		}
		// And the IDs of the packed index, as s keys.
		errLimit := errors.New("limit")
		err := eachPackedIndex(ctx, txn, func(ph uint64, _ [8]byte) error {
			if n++; n > limit {
				return errLimit
			}
			f.add(f.mix(ph))
			return nil
		})
		if errors.Is(err, errLimit) {
			return nil
		}
		if err != nil {
			return err
		}
		b.filter = f
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("beginning a bulk load: %w", err)
	}
	return b, nil
}

// Finish ends the bulk load: it writes the span IDs of the lists its
// writes left pending into the packed index's pages (pending.go), which a
// lookup reads in one value where it read the lists of every pending
// article its filters could not rule out. A Finish cut short (an error, a
// kill) leaves the pending records, which lookups still read, to the next
// Finish, NewBulk or Open.
func (b *Bulk) Finish(ctx context.Context) error {
	if err := b.s.begin(); err != nil {
		return err
	}
	defer b.s.end()
	b.s.bulk.Lock()
	defer b.s.bulk.Unlock()
	// The filter is not asked again: its memory goes before the merge
	// takes its own.
	b.filter = nil
	if err := b.s.mergeRuns(ctx); err != nil {
		return err
	}
	return b.s.mergePending(ctx)
}

// Filtered tells whether the Bulk still has its filter (nobody else wrote a
// span ID since it began).
func (b *Bulk) Filtered() bool { return b.filter != nil }

// Lock takes the store's bulk lock for a check and its write; Unlock
// gives it back. SpanDocs and WriteBatch must be called in between.
func (b *Bulk) Lock() error {
	if err := b.s.begin(); err != nil {
		return err
	}
	b.s.bulk.Lock()
	b.locked = true
	return nil
}

// Unlock ends what Lock began.
func (b *Bulk) Unlock() {
	b.locked = false
	b.checked, b.found, b.token = nil, nil, nil
	b.s.bulk.Unlock()
	b.s.end()
}

// SpanDocs is Store.SpanDocs under the bulk lock: it returns the document
// of each of ids that the store holds, looking up only those the filter
// may hold, and remembers what it checked for WriteBatch.
func (b *Bulk) SpanDocs(ctx context.Context, ids []string) (map[string]string, error) {
	if !b.locked {
		return nil, errors.New("store: Bulk.SpanDocs outside Lock")
	}
	return b.CheckIDs(ctx, PrepareBulkIDs(ids))
}

// CheckIDs is SpanDocs of IDs prepared before the lock was taken
// (PrepareBulkIDs): under the lock it only tests them against the filter
// and adds them to it, and looks up those the filter may hold. p is the
// Bulk's until Unlock.
func (b *Bulk) CheckIDs(ctx context.Context, p *BulkIDs) (map[string]string, error) {
	if !b.locked {
		return nil, errors.New("store: Bulk.CheckIDs outside Lock")
	}
	out := map[string]string{}
	// A change that commits after the read below began is pending now,
	// or logged after: the write's guard looks from here (idGuard).
	from := b.s.spanAdds.pending()
	err := b.s.db.View(func(txn *badger.Txn) error {
		token, err := readSpanAdds(txn)
		if err != nil {
			return err
		}
		if b.filter != nil && b.s.batchWrites.Load() != b.writes {
			b.filter = nil // another batch wrote span IDs: the filter may miss them
		}
		if b.filter != nil {
			// What Apply, Undo and Redo wrote since: every change this
			// read sees was logged before it began (pending ones too,
			// a "perhaps" at worst).
			end, ok := b.s.spanAdds.since(b.logged, b.filter.addID)
			if b.logged = end; !ok {
				b.filter = nil
			}
		}
		b.token, b.from = token, from
		b.checked, b.found = nil, nil
		var look []string
		if b.filter == nil {
			look = p.ids
		} else {
			// Added as they are tested, in the cache lines the tests
			// brought in: WriteBatch adds only the IDs not checked
			// here. An ID checked and then not written (a file
			// refused) is a "perhaps" for the rest of the load, which
			// costs a look-up, never a miss.
			for i := 0; i < len(p.ids); i += 1024 {
				if err := checkCtx(ctx); err != nil {
					return err
				}
				b.filter.testAndAddAll(p.hashes[i:min(i+1024, len(p.ids))], probeRun, func(k int) {
					look = append(look, p.ids[i+k])
				})
			}
		}
		if err := checkCtx(ctx); err != nil {
			return err
		}
		b.s.idLookups.Add(int64(len(look)))
		found, err := spanDocs(ctx, txn, &b.s.pending, look)
		if err != nil {
			return err
		}
		b.checked, b.found = p.ids, found
		for id, doc := range found {
			out[id] = hex.EncodeToString(doc[:])
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("documents of spans: %w", err)
	}
	return out, nil
}

// allChecked tells whether every span of batch is one the last CheckIDs
// checked and found nowhere: none was found, and the batch's spans are
// the IDs checked in their order, some left out, as an import's batch is.
// A walk of both lists compares strings that are, for an import, the same
// strings (equal pointers), where a set of the IDs checked cost a map
// entry a span to build and a look-up a span to ask, twice.
func (b *Bulk) allChecked(batch *Batch) bool {
	if b.checked == nil || len(b.found) > 0 {
		return false
	}
	i := 0
	for _, sp := range batch.Spans {
		for i < len(b.checked) && b.checked[i] != sp.ID {
			i++
		}
		if i == len(b.checked) {
			return false
		}
		i++
	}
	return true
}

// checkedSet is the IDs the last CheckIDs checked and found nowhere, as a
// set: what a write that is not allChecked asks of each span.
func (b *Bulk) checkedSet() map[string]struct{} {
	set := make(map[string]struct{}, len(b.checked))
	for _, id := range b.checked {
		if _, ok := b.found[id]; !ok {
			set[id] = struct{}{}
		}
	}
	return set
}

// probeRun is how many IDs the filter is asked about in one run: their
// blocks are read first, all of them, so that the processor waits for
// their cache misses together (idFilter.touch).
const probeRun = 16

// WriteBatch is Store.WriteBatch under the bulk lock. The spans whose IDs
// the last SpanDocs checked are not looked up again (a span it did not
// check is, as WriteBatch does); every write transaction reads the
// span-adds key to catch a change that came in between (see Bulk).
func (b *Bulk) WriteBatch(ctx context.Context, batch *Batch) (BatchResult, error) {
	return b.WriteBatchPrepared(ctx, batch, nil)
}

// Typing says whether the user is typing in the window (a key's write
// under way or within the last 1.5 s): a bulk load then leaves work it
// could do beside the lock (PrepareBulkSpans) to the lock's holder, so
// that the window's goroutine finds a processor free.
func (b *Bulk) Typing() bool { return b.s.typing() }

// WriteBatchPrepared is WriteBatch with the batch's spans made ready
// before the lock was taken (PrepareBulkSpans), or nil: what of pre is
// still true of the batch is taken, the rest done as WriteBatch does it.
// pre is the Bulk's from then on.
func (b *Bulk) WriteBatchPrepared(ctx context.Context, batch *Batch, pre *BulkSpans) (BatchResult, error) {
	if !b.locked {
		return BatchResult{}, errors.New("store: Bulk.WriteBatch outside Lock")
	}
	var g *idGuard
	switch {
	case b.checked == nil:
		// Nothing checked: every span is looked up, and added.
		if b.filter != nil {
			for _, sp := range batch.Spans {
				b.filter.addID(sp.ID)
			}
		}
	case b.allChecked(batch):
		g = &idGuard{pend: &b.s.pending, token: b.token, all: true, n: &b.s.idLookups, log: &b.s.spanAdds, from: b.from}
	default:
		g = &idGuard{pend: &b.s.pending, token: b.token, checked: b.checkedSet(), n: &b.s.idLookups, log: &b.s.spanAdds, from: b.from}
		if b.filter != nil {
			// Added before the write: a write that fails part-way
			// leaves the filter saying "perhaps" of IDs it did not
			// write, which costs a look-up, never a miss.
			for _, sp := range batch.Spans {
				if _, ok := g.checked[sp.ID]; !ok {
					b.filter.addID(sp.ID)
				}
			}
		}
	}
	res, err := b.s.writeBatchPrepared(ctx, batch, g, true, pre)
	if b.filter != nil {
		b.writes = b.s.batchWrites.Load() // this batch's own counts
	}
	b.checked, b.found, b.token = nil, nil, nil
	return res, err
}

// idGuard is what a write under a Bulk knows: the IDs checked and the
// span-adds value they were checked under.
type idGuard struct {
	pend    *pendingIndex
	token   []byte
	checked map[string]struct{}
	all     bool          // every span of the batch was checked: checked is not asked
	n       *atomic.Int64 // counts the look-ups
	log     *spanAddLog   // what Apply, Undo and Redo wrote …
	from    int           // … from here on may be after the check
}

// skip tells whether prepass can leave span id unlooked-up.
func (g *idGuard) skip(id string) bool {
	if g == nil {
		return false
	}
	if g.all {
		return true
	}
	_, ok := g.checked[id]
	return ok
}

// clear tells, as a pipeline's transaction of chunk is stamped (under the
// store's gate shared), whether no change logged since the check wrote a
// span ID of chunk. Apply, Undo and Redo log their span IDs before they
// commit and hold the gate alone from opening their transaction to their
// commit: none is under way now, every one that committed since the check
// is in the log (or the log let go of it: not clear), and every one after
// reads a store that holds chunk.
func (g *idGuard) clear(chunk []*docGroup) bool { return g == nil || g.unlogged(chunk) }

// verify runs in every write transaction of a guarded batch written
// outside the pipeline (writeGroups), before its groups are written: it reads the span-adds key (into the transaction's
// read set) and, when a change wrote it since the check and logged one of
// the chunk's span IDs (or the log let go of what it wrote), looks the
// chunk's span IDs up as the prepass does.
func (g *idGuard) verify(txn *badger.Txn, chunk []*docGroup) error {
	if g == nil {
		return nil
	}
	v, err := readSpanAdds(txn)
	if err != nil {
		return err
	}
	if bytes.Equal(v, g.token) || g.unlogged(chunk) {
		return nil
	}
	for _, grp := range chunk {
		if err := checkGroupSpans(txn, g.pend, grp, g.n); err != nil {
			return err
		}
	}
	return nil
}

// unlogged tells whether no change logged since the check wrote a span ID
// of chunk: every change this transaction sees that the check did not
// was pending when the check began, or logged after.
func (g *idGuard) unlogged(chunk []*docGroup) bool {
	var logged map[string]bool
	if _, ok := g.log.since(g.from, func(id string) {
		if logged == nil {
			logged = map[string]bool{}
		}
		logged[id] = true
	}); !ok {
		return false
	}
	for _, grp := range chunk {
		for _, sp := range grp.spans {
			if logged[sp.ID] {
				return false
			}
		}
	}
	return true
}

// checkGroupSpans refuses a span of g whose ID the store gives a span in
// another document.
func checkGroupSpans(txn *badger.Txn, pend *pendingIndex, g *docGroup, n *atomic.Int64) error {
	if n != nil {
		n.Add(int64(len(g.spans)))
	}
	for _, sp := range g.spans {
		if err := checkSpanID(txn, pend, g, sp.ID); err != nil {
			return err
		}
	}
	return nil
}

// checkSpanID refuses span id of g when the store gives that ID to a span
// in another document (a span already in g's document is the same span
// again).
func checkSpanID(txn *badger.Txn, pend *pendingIndex, g *docGroup, id string) error {
	doc, err := spanDoc(txn, pend, id)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("span %s: %w", id, err)
	}
	if doc != g.doc {
		return fmt.Errorf("span %s of document %s: id already used by a span in document %x", id, g.id, doc)
	}
	return nil
}

// idFilter is a bloom filter of span IDs that grows by adding filters
// twice the size of the last when the last is full; has asks each.
//
// An ID is hashed once, as the packed index keeps it (packedHash of
// idHash of its key form, idindex.go), so that the entries of the packed
// index, which hold no ID, go in as the IDs they stand for; two IDs of the
// same 44 bits are one to the filter, a "perhaps" that costs a look-up.
// Each bloom is blocked: the hash picks one 512-bit block (one cache line)
// and sets or tests bloomK bits in it, so that a probe of a filter of
// millions of IDs, far larger than the caches, costs one miss, not bloomK.
type idFilter struct {
	seed  uint64
	parts []*bloom
	sink  uint64 // what touch read, kept so that its loads are not left out
}

type bloom struct {
	bits     []uint64 // blocks of blockWords words
	blocks   uint64
	n, limit int
}

const (
	// bloomK bits a key in a block of 512 at 12 bits a key: about 1 %
	// false hits (a blocked filter needs a few more bits than a plain
	// one for the same rate).
	bloomK       = 7
	bloomBits    = 12
	blockWords   = 8
	blockBitMask = blockWords*64 - 1
)

func newIDFilter(capacity int) *idFilter {
	f := &idFilter{seed: rand.Uint64()}
	f.grow(capacity)
	return f
}

func (f *idFilter) grow(capacity int) { f.parts = append(f.parts, newBloom(capacity)) }

// newBloom is a bloom filter of capacity keys.
func newBloom(capacity int) *bloom { return newBloomBits(capacity, bloomBits) }

// newBloomBits is a bloom filter of capacity keys at bits a key.
func newBloomBits(capacity, bits int) *bloom {
	blocks := (max(capacity, 1)*bits + blockWords*64 - 1) / (blockWords * 64)
	return &bloom{bits: make([]uint64, blocks*blockWords), blocks: uint64(blocks), limit: capacity}
}

// mix spreads a packedHash over 64 bits (mix64, under the filter's seed).
func (f *idFilter) mix(ph uint64) uint64 { return mix64(ph ^ f.seed) }

// hashID is the filter's hash of span id.
func (f *idFilter) hashID(id string) uint64 { return f.mix(packedHash(spanHash(id))) }

// hashKey is the filter's hash of an ID's key form ik, as hashID.
func (f *idFilter) hashKey(ik []byte) uint64 { return f.mix(packedHash(idHash(ik))) }

func (f *idFilter) addID(id string)      { f.add(f.hashID(id)) }
func (f *idFilter) addKey(ik []byte)     { f.add(f.hashKey(ik)) }
func (f *idFilter) hasID(id string) bool { return f.has(f.hashID(id)) }

func (f *idFilter) has(h uint64) bool {
	for _, b := range f.parts {
		if b.test(h) {
			return true
		}
	}
	return false
}

// testAndAdd adds the ID of hash h (mixed) and tells whether the filter
// may have held it before.
func (f *idFilter) testAndAdd(h uint64) bool {
	had := f.has(h)
	f.add(h)
	return had
}

// testAndAddAll adds the IDs of packed hashes phs and calls perhaps with
// the index in phs of each that the filter may have held before, asking
// about run IDs at a time (touch).
func (f *idFilter) testAndAddAll(phs []uint64, run int, perhaps func(i int)) {
	hs := make([]uint64, run)
	for i := 0; i < len(phs); i += run {
		hs := hs[:min(run, len(phs)-i)]
		for k := range hs {
			hs[k] = f.mix(phs[i+k])
		}
		if run > 1 {
			f.touch(hs)
		}
		for k, h := range hs {
			if f.testAndAdd(h) {
				perhaps(i + k)
			}
		}
	}
}

// touch reads a word of the block of each of hs (mixed) in every part,
// loads that do not depend on one another: a filter of millions of IDs is
// far larger than the caches, and a probe's miss, ~100 ns, waited for one
// at a time was most of a bucket's check. The tests that follow find the
// blocks cached.
func (f *idFilter) touch(hs []uint64) {
	var x uint64
	for _, b := range f.parts {
		for _, h := range hs {
			w, _ := b.block(h)
			x |= w[0]
		}
	}
	f.sink = x
}

func (f *idFilter) add(h uint64) {
	last := f.parts[len(f.parts)-1]
	if last.n >= last.limit {
		f.grow(2 * last.limit)
		last = f.parts[len(f.parts)-1]
	}
	last.set(h)
	last.n++
}

// block is the words of h's block, and the hash its bits are taken from
// (bloomK slices of 9 bits).
func (b *bloom) block(h uint64) ([]uint64, uint64) {
	hi, _ := bits.Mul64(h, b.blocks)
	w := b.bits[hi*blockWords : hi*blockWords+blockWords : hi*blockWords+blockWords]
	return w, h * 0x9e3779b97f4a7c15
}

func (b *bloom) set(h uint64) {
	w, g := b.block(h)
	for i := 0; i < bloomK; i++ {
		bit := g & blockBitMask
		w[bit/64] |= 1 << (bit % 64)
		g >>= 9
	}
}

func (b *bloom) test(h uint64) bool {
	w, g := b.block(h)
	for i := 0; i < bloomK; i++ {
		bit := g & blockBitMask
		if w[bit/64]&(1<<(bit%64)) == 0 {
			return false
		}
		g >>= 9
	}
	return true
}

// Commits is how many write transactions the store has committed since it
// was opened (a benchmark's measure: each is a Badger commit with its
// fsync).
func (s *Store) Commits() uint64 { return s.committed.Load() }
