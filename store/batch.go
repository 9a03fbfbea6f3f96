package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"slices"
	"sync"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/skein-news/skein/annotate"
)

// Batch is what an import writes: documents with their layers, and threads.
type Batch struct {
	Docs    []*annotate.Document
	Spans   []*annotate.Span
	Threads []*annotate.Thread
	// Marks are written over the stored ones; a mark neither done nor
	// answered deletes the stored one.
	Marks     []*annotate.Mark
	Decisions []*annotate.Decision
	// Replace lists layers whose existing spans in that document are
	// deleted first (a newer bundle from the same author replaces that
	// author's layer), with the layer's new modified time. A deleted span
	// the batch does not write again leaves the threads that held it (see
	// dropFromThreads); the batch's own threads overwrite theirs by ID.
	Replace []LayerStamp
	// Stamps are modified times to record for layers (from the file) that
	// are not being replaced.
	Stamps []LayerStamp
	// Reviews lists reviewers whose decisions on a document the batch's
	// Decisions replace whole: their decisions there that the batch does
	// not bring are deleted, in the document's transaction (a copy of
	// someone's review read in where it is newer).
	Reviews []Review
	// IfNewer makes each layer of Replace replaced only where its stamp
	// is newer than the stored layer's time, as read in the document's
	// own transaction: a layer written since the batch was made (its
	// user annotating while the batch was built) keeps its spans, mark
	// and time, and the batch's spans and mark of that layer there are
	// left out, with the decisions of a Review that goes with it. A
	// thread of the batch is likewise written only where it changed later
	// (Thread.ChangedAt) than the stored thread of that ID, or than that
	// thread's deletion here (its tombstone, gone.go), as read in the
	// thread's own transaction.
	IfNewer bool
	// Gone are threads deleted elsewhere (a copy of the user's work from
	// another machine): each deletes the stored thread of its ID and
	// annotator where that changed earlier than the deletion, and is kept
	// as this store's tombstone where none is later (gone.go).
	Gone []GoneThread `json:",omitempty"`
}

// GoneThread is a thread's deletion: its ID, whose it was, and when (Unix
// ms).
type GoneThread struct {
	ID, Annotator string
	At            int64
}

// Review is one reviewer's decisions on one document; With, when set, is
// the layer they go with (under Batch.IfNewer: kept where it is kept).
type Review struct {
	Doc, Reviewer, With string
}

// LayerStamp is one layer of one document and when it was last modified
// (Unix milliseconds).
type LayerStamp struct {
	Doc, Annotator string
	Modified       int64
	// Drop, in Batch.Replace, takes the layer out of the document whole:
	// its spans go and so does its time (no time, not a time of its
	// removal: its author's work read in again later is no older than
	// it), as RemoveAnnotator takes a colleague's.
	Drop bool `json:",omitempty"`
}

// BatchResult counts what WriteBatch wrote: documents that were new, and
// spans and threads that were new or differed from the stored ones.
type BatchResult struct {
	DocsAdded, SpansWritten, ThreadsWritten int
	// ThreadsKept counts, under Batch.IfNewer, the batch's threads not
	// written because the store's changed as late or later.
	ThreadsKept int
	// Under Batch.IfNewer, ThreadsStayDeleted counts the batch's threads
	// not written because the store deleted them as late or later, and
	// ThreadsBack those written though the store had deleted them: they
	// changed after the deletion.
	ThreadsStayDeleted, ThreadsBack int
	// ThreadsDeleted counts the stored threads Batch.Gone deleted, and
	// ThreadsKeptFromGone those it did not, changed here as late or later.
	ThreadsDeleted, ThreadsKeptFromGone int
}

// docGroup is everything a batch writes about one document; it is written
// in one transaction.
type docGroup struct {
	doc       [8]byte
	id        string
	d         *annotate.Document
	spans     []*annotate.Span
	room      int // how many spans groupBatch found for it
	runs      int // in how many runs of the batch's spans
	marks     []*annotate.Mark
	decisions []*annotate.Decision
	reviews   []Review // reviewers whose decisions decisions replace
	ifNewer   bool     // Batch.IfNewer
	replace   []LayerStamp
	stamps    []LayerStamp
	size      int64 // estimated bytes in the transaction
	count     int64 // estimated entries
	vlog      int64 // estimated bytes of values for the value log

	// The document's own share of size, count and vlog: nothing when the
	// store holds it already (present, known after the prepass).
	docSize, docCount, docVlog int64

	// The spans' share of size and count, and what it is when the store
	// holds no span of the document (hadList false, known after the
	// prepass): nothing to delete, and the annotator, label and layer-time
	// keys are one per distinct name, not one per span.
	spanSize, spanCount int64
	newSize, newCount   int64
	listBytes           int64    // the spans' entries in the span list
	listMin             int64    // at least that: their strings, once each ID
	repeats             bool     // a span ID is in spans more than once
	idSize, idCount     int64    // the s keys' share of newSize and newCount
	annots, labels      []string // distinct annotators and labels, up to maxNames each

	// What the store held when the batch began (see prepass).
	present bool // the document
	hadList bool // a span list for it

	// frame is the buffer d's text was read into (Stream.AddFramed), or nil.
	frame []byte

	// list is the spans' list made ready before the bulk lock
	// (PrepareBulkSpans), or nil.
	list *preparedList
}

// WriteBatch writes an import without undo history, with every index key,
// and syncs once before returning. It is idempotent: a document already
// stored is skipped, a span or thread whose ID is stored is overwritten (its
// old index keys removed; nothing is written when it is unchanged), marks
// and decisions are overwritten. A span ID stored in another document, a
// thread ID stored for a thread of another layer (an overwrite would move
// someone's thread into another layer), or a span of a document neither
// stored nor in the batch, is an error and nothing is written. Layers get their times from Replace and Stamps; a layer whose spans
// the batch changed without a stamp gets the time of the write.
//
// Everything about one document (the document, its spans, marks, decisions,
// replaced layers and stamps) is written in one transaction, together with
// as many other documents as fit; threads follow, after all documents. A
// batch too large for one transaction is therefore split, and a crash (or an
// error) part-way leaves whole documents written and the rest not; running
// the same batch again completes it. Only a single document whose layers
// are too large for one transaction is itself split.
func (s *Store) WriteBatch(ctx context.Context, b *Batch) (BatchResult, error) {
	if err := s.begin(); err != nil {
		return BatchResult{}, err
	}
	defer s.end()
	s.bulk.Lock()
	defer s.bulk.Unlock()
	return s.writeBatchGuarded(ctx, b, nil, false)
}

// writeBatch is WriteBatch under s.bulk.
func (s *Store) writeBatch(ctx context.Context, b *Batch) (BatchResult, error) {
	return s.writeBatchGuarded(ctx, b, nil, false)
}

// writeBatchGuarded is WriteBatch under s.bulk; g, when not nil, names the
// span IDs a Bulk checked under the same hold of s.bulk (see Bulk). packed
// writes the spans' IDs into the packed index (idindex.go) instead of s
// keys: a Bulk's.
func (s *Store) writeBatchGuarded(ctx context.Context, b *Batch, g *idGuard, packed bool) (BatchResult, error) {
	return s.writeBatchPrepared(ctx, b, g, packed, nil)
}

// writeBatchPrepared is writeBatchGuarded with b's spans made ready in pre
// (PrepareBulkSpans), or nil: what of pre is still b's is taken.
func (s *Store) writeBatchPrepared(ctx context.Context, b *Batch, g *idGuard, packed bool, pre *BulkSpans) (BatchResult, error) {
	var res BatchResult
	// Counted before anything is written: a Bulk's filter no longer
	// knows every span ID once another batch may have written some. A
	// batch without spans writes none (a span's ID key is written only
	// by writeGroup, for a span of its group, and a group's spans are the
	// batch's): its articles, marks, decisions, stamps, threads and
	// replaced layers leave the filter exact (a layer replaced deletes
	// IDs, and a filter that holds an ID no longer stored only costs a
	// look-up). A first sync's article imports, beside its bulk pass, are
	// such batches.
	if len(b.Spans) > 0 {
		s.batchWrites.Add(1)
	}
	var groups []*docGroup
	var err error
	if gr := pre.groupsOf(b); gr != nil {
		groups, err = gr.finish(b)
	} else {
		groups, err = groupBatch(b)
	}
	if err != nil {
		return res, fmt.Errorf("writing to the store: %w", err)
	}
	threads, err := checkThreads(b.Threads)
	if err != nil {
		return res, err
	}
	if err := checkGone(b.Gone); err != nil {
		return res, err
	}
	if err := s.checkSpace(batchBytes(b), "the import"); err != nil {
		return res, err
	}
	if err := s.prepass(ctx, groups, threads, g); err != nil {
		return res, fmt.Errorf("writing to the store: %w", err)
	}
	now := annotate.NowMillis()
	p := s.newPipeline(now)
	p.guard = g
	p.packed = packed
	if err := p.sendGroups(ctx, groups); err != nil {
		p.wait()
		return p.res, fmt.Errorf("writing to the store: %w", err)
	}
	if err := p.finish(); err != nil {
		return p.res, fmt.Errorf("writing to the store: %w", err)
	}
	res = p.res
	maxSize, maxCount := s.db.MaxBatchSize()/2, s.db.MaxBatchCount()/2
	for start := 0; start < len(threads); {
		if err := checkCtx(ctx); err != nil {
			return res, err
		}
		end, size, count := start, int64(0), int64(0)
		for end < len(threads) && (end == start || (size < maxSize && count < maxCount)) {
			t := threads[end]
			count += int64(2*len(t.Members) + 2)
			size += int64(len(t.Title)+len(t.Note)+80*len(t.Members)+64) * 2
			end++
		}
		tr, err := s.writeThreads(threads[start:end], b.IfNewer)
		res.addThreads(tr)
		if err != nil {
			return res, fmt.Errorf("writing to the store: %w", err)
		}
		start = end
	}
	for _, g := range b.Gone {
		if err := checkCtx(ctx); err != nil {
			return res, err
		}
		if err := s.writeGone(g, &res); err != nil {
			return res, fmt.Errorf("writing to the store: thread %s: %w", g.ID, err)
		}
	}
	// With Badger's SyncWrites every commit above was fsynced (its
	// write-ahead log and value log) before it returned: a DB.Sync here
	// synced nothing new, once per batch (256 times in a first sync).
	if err := s.syncBatch(); err != nil {
		return res, fmt.Errorf("writing to the store: sync %s: %w", s.dir, err)
	}
	return res, nil
}

// checkGone refuses a deletion that names no thread ID or annotator.
func checkGone(gone []GoneThread) error {
	for _, g := range gone {
		if g.ID == "" || g.Annotator == "" {
			return fmt.Errorf("writing to the store: deleted thread %q of %q: a deletion needs a thread id and an annotator", g.ID, g.Annotator)
		}
	}
	return nil
}

// checkThreads refuses a batch's thread that names no ID or annotator,
// or cannot be encoded; it returns the threads, checked.
func checkThreads(threads []*annotate.Thread) ([]*annotate.Thread, error) {
	out := make([]*annotate.Thread, 0, len(threads))
	for _, t := range threads {
		if t.ID == "" || t.Annotator == "" {
			return nil, fmt.Errorf("writing to the store: thread %q in layer %q: a thread needs an id and an annotator", t.ID, t.Annotator)
		}
		if _, err := encodeThread(nil, t); err != nil {
			return nil, fmt.Errorf("writing to the store: thread %s: %w", t.ID, err)
		}
		out = append(out, t)
	}
	return out, nil
}

// syncBatch makes a batch's commits durable where Badger did not as it
// committed them: without SyncWrites (a store opened with NoSync, or
// syncWrites off). An in-memory store has nothing to sync.
func (s *Store) syncBatch() error {
	if s.opt.InMemory || syncWrites && !s.opt.NoSync {
		return nil
	}
	s.batchSyncs.Add(1)
	return s.db.Sync()
}

// prepass reads, in one snapshot taken before anything is written, which
// documents and span lists of the batch the store already holds, and refuses
// the batch if it gives a span an ID the store uses in another document, or
// gives spans (marks, decisions, layer times) to a document it does not
// have, or gives a thread an ID the store uses in another layer.
// Reads then are cheap (the memtable the batch will fill is still small),
// and they stay true while WriteBatch runs: it holds s.bulk, which every
// call that creates or deletes documents takes, and Apply cannot add spans
// to a document that does not exist. Span lists of documents that exist are
// read again inside the write transactions, where Badger detects a
// concurrent Apply.
//
// With a guard, the span IDs a Bulk checked under the same hold of the
// bulk lock are not looked up again: the guard's transactions catch a
// change that wrote span IDs since (idGuard.verify).
func (s *Store) prepass(ctx context.Context, groups []*docGroup, threads []*annotate.Thread, guard *idGuard) error {
	return s.db.View(func(txn *badger.Txn) error { return s.prepassIn(ctx, txn, groups, threads, guard) })
}

// prepassIn is prepass read in txn, a snapshot taken before anything of
// the batch was written.
func (s *Store) prepassIn(ctx context.Context, txn *badger.Txn, groups []*docGroup, threads []*annotate.Thread, guard *idGuard) error {
	if anyKey(txn, pThread) {
		for _, t := range threads {
			if err := checkCtx(ctx); err != nil {
				return err
			}
			old, err := readThread(txn, t.ID)
			if errors.Is(err, ErrNotFound) {
				continue
			}
			if err != nil {
				return fmt.Errorf("thread %s: %w", t.ID, err)
			}
			if old.Annotator != t.Annotator {
				return fmt.Errorf("thread %s of layer %s: id already used by a thread of layer %s", t.ID, t.Annotator, old.Annotator)
			}
		}
	}
	// A first import into a new store needs no look-ups at all.
	anyDocs, anyLists, anySpans := anyKey(txn, pInfo), anyKey(txn, pSpan), anySpanIndex(txn)
	var look []string
	for _, g := range groups {
		if err := checkCtx(ctx); err != nil {
			return err
		}
		var err error
		if anyDocs {
			if g.present, err = has(txn, docKey(pInfo, g.doc)); err != nil {
				return err
			}
		}
		if anyLists {
			if g.hadList, err = has(txn, docKey(pSpan, g.doc)); err != nil {
				return err
			}
		}
		if !g.present && g.d == nil {
			return fmt.Errorf("document %s, which the batch gives spans, marks or layers, is neither in the store nor in the batch: %w", g.id, ErrNotFound)
		}
		if !anySpans {
			continue
		}
		for _, sp := range g.spans {
			if !guard.skip(sp.ID) {
				look = append(look, sp.ID)
			}
		}
	}
	if len(look) == 0 {
		return nil
	}
	// Looked up together (spanDocs reads each page of the packed index
	// once), then checked in the batch's order.
	s.idLookups.Add(int64(len(look)))
	found, err := spanDocs(ctx, txn, &s.pending, look)
	if err != nil {
		return err
	}
	for _, g := range groups {
		for _, sp := range g.spans {
			if doc, ok := found[sp.ID]; ok && doc != g.doc {
				return fmt.Errorf("span %s of document %s: id already used by a span in document %x", sp.ID, g.id, doc)
			}
		}
	}
	return nil
}

// anyKey reports whether any key starts with prefix byte p.
func anyKey(txn *badger.Txn, p byte) bool {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{p}})
	defer it.Close()
	it.Rewind()
	return it.Valid()
}

// lastOrContains is slices.Contains(names, name), asking the last first.
func lastOrContains(names []string, name string) bool {
	return len(names) > 0 && names[len(names)-1] == name || slices.Contains(names, name)
}

// groupBatch checks the batch and sorts its records into one group per
// document, in the order documents first appear.
func groupBatch(b *Batch) ([]*docGroup, error) {
	gr := newGrouping()
	if err := gr.addDocs(b.Docs); err != nil {
		return nil, err
	}
	if err := gr.addSpans(b.Spans); err != nil {
		return nil, err
	}
	return gr.finish(b)
}

// grouping is groupBatch's groups as they are made: one a document, in
// the order documents first appear.
type grouping struct {
	byDoc  map[[8]byte]*docGroup
	groups []*docGroup
}

func newGrouping() *grouping { return &grouping{byDoc: map[[8]byte]*docGroup{}} }

// group is the group of document id, made when it is new. what and name
// say what names the document, in an error only: a first sync's spans
// were named ("span "+ID) once a document's run, 400,000 times for none.
func (gr *grouping) group(id, what, name string) (*docGroup, error) {
	doc, ok := docBytes(id)
	if !ok {
		return nil, fmt.Errorf("%s%s: %w", what, name, errDocID(id))
	}
	g := gr.byDoc[doc]
	if g == nil {
		g = &docGroup{doc: doc, id: id}
		gr.byDoc[doc] = g
		gr.groups = append(gr.groups, g)
	}
	return g, nil
}

// addDocs puts a batch's documents into their groups.
func (gr *grouping) addDocs(docs []*annotate.Document) error {
	group := gr.group
	for _, d := range docs {
		g, err := group(d.ID, "document", "")
		if err != nil {
			return err
		}
		if g.d == nil {
			if err := checkDocSize(d); err != nil {
				return err
			}
			g.d = d
			rec := int64(len(d.Text) + len(d.Title) + len(d.Source) + len(d.Date) + 32*len(d.Meta) + 16)
			if rec >= valueThreshold {
				g.docVlog = rec
				rec = 32 // Badger counts a value-log pointer
			}
			g.docSize = rec + int64(len(d.Title)+len(d.Source)+len(d.Date)) + 128
			g.docCount = 2
			g.size += g.docSize
			g.count += g.docCount
			g.vlog += g.docVlog
		}
	}
	return nil
}

// addSpans puts a batch's spans into their groups, after its documents
// (addDocs) and before the rest (finish).
func (gr *grouping) addSpans(spans []*annotate.Span) error {
	group := gr.group
	b := &Batch{Spans: spans}
	// Each document's group gets room for all its spans first, in one
	// allocation for them all: a first sync's bucket brings each
	// article's spans in twenty runs, one a colleague's file, and grown
	// run by run each list was allocated again five or six times, under
	// the store's bulk lock. The groups are made in the order the loop
	// below makes them; a run naming no valid document is left to its
	// error.
	if len(b.Spans) > 0 {
		var sized []*docGroup
		for i := 0; i < len(b.Spans); {
			j := i + 1
			for j < len(b.Spans) && b.Spans[j].Doc == b.Spans[i].Doc {
				j++
			}
			if g, err := group(b.Spans[i].Doc, "", ""); err == nil {
				if g.room == 0 {
					sized = append(sized, g)
				}
				g.room += j - i
				g.runs++
			}
			i = j
		}
		room := make([]*annotate.Span, len(b.Spans))
		for _, g := range sized {
			g.spans, room = room[:0:g.room], room[g.room:]
			// A run is most often one annotator's: room for as many
			// names, which grew from one, too.
			g.annots = make([]string, 0, min(g.runs, maxNames+1))
		}
	}
	first := firstIDs(b.Spans)
	var last *docGroup // the spans of a document come together
	for i, sp := range b.Spans {
		if sp.ID == "" || sp.Annotator == "" {
			return fmt.Errorf("span %q in layer %q of document %s: a span needs an id and an annotator", sp.ID, sp.Annotator, sp.Doc)
		}
		// A span ID given again is in the same document as the first
		// time (or the batch is refused here), so the first's is the
		// document the ID was last given with.
		again := first != nil && first[i] != int32(i)
		if again && b.Spans[first[i]].Doc != sp.Doc {
			return fmt.Errorf("span id %s is used in documents %s and %s", sp.ID, b.Spans[first[i]].Doc, sp.Doc)
		}
		g := last
		if g == nil || g.id != sp.Doc {
			var err error
			if g, err = group(sp.Doc, "span ", sp.ID); err != nil {
				return err
			}
			last = g
		}
		g.spans = append(g.spans, sp)
		g.repeats = g.repeats || again
		// Its entry in the document's span list, and its ID key, written
		// and perhaps deleted first (an overwrite); then the list's own
		// keys (the list, annotator and label keys, layer times), which
		// are counted per span as if every span were in a document of
		// its own.
		entry := int64(len(sp.ID) + len(sp.Annotator) + len(sp.Label) + len(sp.Note) + 24*len(sp.Fragments) + 64*len(sp.Attrs) + 64*len(sp.Norms) + 16)
		g.spanSize += 2*entry + 2*int64(len(sp.ID)+64)
		g.spanCount += 2
		if len(g.spans) == 1 {
			g.spanSize += 1024
			g.spanCount += 16
		}
		// Into a document without stored spans: its ID key (the key's
		// form is at most the ID and 3 bytes, its value 8, and Badger
		// counts 12 more) and its share of the list.
		g.newSize += int64(len(sp.ID)) + 24
		g.newCount++
		g.idSize += int64(len(sp.ID)) + 24
		g.idCount++
		g.listBytes += entry
		if !again {
			// Its entry's length, and the ID, annotator and label each
			// with its length (encodeSpan).
			g.listMin += int64(len(sp.ID)+len(sp.Annotator)+len(sp.Label)) + 4
		}
		// The last name added is most often the span's: a layer's spans
		// come together, of one label or a few.
		if len(g.annots) <= maxNames && !lastOrContains(g.annots, sp.Annotator) {
			g.annots = append(g.annots, sp.Annotator)
		}
		if len(g.labels) <= maxNames && !lastOrContains(g.labels, sp.Label) {
			g.labels = append(g.labels, sp.Label)
		}
	}
	return nil
}

// finish puts the rest of batch b into the groups (its marks, decisions,
// replaced and stamped layers) and sizes each group's transaction: b's
// documents and spans are in them already (addDocs, addSpans).
func (gr *grouping) finish(b *Batch) ([]*docGroup, error) {
	group := gr.group
	for _, m := range b.Marks {
		if m.Annotator == "" {
			return nil, fmt.Errorf("mark on document %s names no annotator", m.Doc)
		}
		g, err := group(m.Doc, "mark of ", m.Annotator)
		if err != nil {
			return nil, err
		}
		g.marks = append(g.marks, m)
		g.size += int64(2*len(m.Annotator)+len(m.Answer)) + 96
		g.count += 2
	}
	for _, d := range b.Decisions {
		g, err := group(d.Doc, "decision on span ", d.Span)
		if err != nil {
			return nil, err
		}
		g.decisions = append(g.decisions, d)
		g.size += int64(len(d.Span)+len(d.Reviewer)+len(d.Verdict)+len(d.Curated)) + 64
		g.count++
	}
	for _, r := range b.Reviews {
		g, err := group(r.Doc, "decisions of ", r.Reviewer)
		if err != nil {
			return nil, err
		}
		g.reviews = append(g.reviews, r)
		g.size += int64(len(r.Reviewer)) + 64
		g.count++
	}
	// A run of one document's layers (an import's come sorted: a first
	// sync's, twenty an article) is added at once, not grown one by one.
	for i := 0; i < len(b.Replace); {
		l := b.Replace[i]
		g, err := group(l.Doc, "replaced layer ", l.Annotator)
		if err != nil {
			return nil, err
		}
		j := i + 1
		for j < len(b.Replace) && b.Replace[j].Doc == l.Doc {
			j++
		}
		g.replace = append(g.replace, b.Replace[i:j]...)
		for _, l := range b.Replace[i:j] {
			g.size += layerTimeSize(l.Annotator)
			g.count++
		}
		i = j
	}
	for _, l := range b.Stamps {
		g, err := group(l.Doc, "layer stamp ", l.Annotator)
		if err != nil {
			return nil, err
		}
		g.stamps = append(g.stamps, l)
		g.size += layerTimeSize(l.Annotator)
		g.count++
	}
	// After the layers replaced and stamped: those already get their
	// time there.
	for _, g := range gr.groups {
		g.ifNewer = b.IfNewer
		g.size += g.spanSize
		g.count += g.spanCount
		if len(g.spans) == 0 {
			continue
		}
		// The list: a value of 1 KB or more is a value-log pointer in
		// the transaction (Badger counts 14 bytes), certainly so when
		// its least size is; a few entries more for the rest of the
		// document's keys (the list's and spares: a new list has no
		// tail to delete and no replaced span to drop from threads).
		list := min(g.listBytes, valueThreshold)
		if g.listMin >= valueThreshold {
			list = 14
		}
		g.newSize += list + 4*64
		g.newCount += 4
		if len(g.annots) > maxNames || len(g.labels) > maxNames {
			// Too many names to count: one set of keys per span.
			g.newSize += int64(len(g.spans)) * 256
			g.newCount += 3 * int64(len(g.spans))
			continue
		}
		// An annotator's index key and, unless its layer is replaced or
		// stamped (counted there), its layer time; a label's index key.
		for _, n := range g.annots {
			g.newSize += nameKeySize(n)
			g.newCount++
			if !slices.ContainsFunc(g.replace, func(l LayerStamp) bool { return l.Annotator == n }) &&
				!slices.ContainsFunc(g.stamps, func(l LayerStamp) bool { return l.Annotator == n }) {
				g.newSize += layerTimeSize(n)
				g.newCount++
			}
		}
		for _, n := range g.labels {
			g.newSize += nameKeySize(n)
			g.newCount++
		}
		g.annots, g.labels = nil, nil
	}
	return gr.groups, nil
}

// firstIDs gives for each span of spans the index of the first span with
// its ID (its own where it is the first), or nil when no two spans have
// the same ID, as most batches. The IDs are kept by their hashes, each
// with its span's index in the low bits, in an open-addressed table
// without pointers: a map of the ID strings (to their documents) held two
// strings a span, at a first sync's ~16,000 spans a bucket a tenth of the
// sync's allocations, under the store's bulk lock, and the collector
// scanned it. Spans whose hashes' high bits are the same are told apart
// by their IDs.
func firstIDs(spans []*annotate.Span) []int32 {
	const bits = 24 // the index's (plus one: 0 is an empty slot)
	if len(spans) >= 1<<bits-1 {
		return firstByMap(spans)
	}
	size := 1
	for size < 2*len(spans) {
		size *= 2
	}
	table := make([]uint64, size)
	var first []int32
	for i, sp := range spans {
		h := seenHash(sp.ID)
		tag := h &^ (1<<bits - 1)
		slot := int(h) & (size - 1)
		for {
			v := table[slot]
			if v == 0 {
				table[slot] = tag | uint64(i+1)
				break
			}
			if v&^(1<<bits-1) == tag {
				if j := int(v&(1<<bits-1)) - 1; spans[j].ID == sp.ID {
					if first == nil {
						first = make([]int32, len(spans))
						for k := range first {
							first[k] = int32(k)
						}
					}
					first[i] = int32(j)
					break
				}
			}
			slot = (slot + 1) & (size - 1)
		}
	}
	return first
}

// firstByMap is firstIDs by a map of the IDs.
func firstByMap(spans []*annotate.Span) []int32 {
	first := make([]int32, len(spans))
	byID := make(map[string]int32, len(spans))
	for i, sp := range spans {
		j, ok := byID[sp.ID]
		if !ok {
			j = int32(i)
			byID[sp.ID] = j
		}
		first[i] = j
	}
	return first
}

// seenHash is the hash firstIDs sorts an ID by (a test's may collide).
var seenHash = func(id string) uint64 { return maphash.String(seenSeed, id) }

var seenSeed = maphash.MakeSeed()

// layerTimeSize is at least what Badger counts of a layer time's key
// (prefix, doc8, the name and its length's varint, at most 10 bytes) and
// value (8 bytes), with its 12 (version, metas).
func layerTimeSize(annotator string) int64 { return int64(len(annotator)) + 1 + 8 + 10 + 8 + 12 }

// nameKeySize is the same of an annotator's or a label's index key
// (prefix, the name's length and the name, doc8; no value).
func nameKeySize(name string) int64 { return int64(len(name)) + 1 + 10 + 8 + 12 }

// maxNames is how many distinct annotators and labels groupBatch counts in
// one document.
const maxNames = 64

// estimate is what g adds to its transaction, against 9/10 of what Badger
// allows. Where the prepass found no stored spans in the document the
// estimate is an upper bound of what Badger counts (see docGroup);
// otherwise it is the rough one, which is held to half of Badger's limits
// as before: it counts 9/5 of itself.
func (g *docGroup) estimate() (size, count int64) {
	if g.present {
		size, count = -g.docSize, -g.docCount
	}
	if g.hadList {
		return (size + g.size) * 9 / 5, (count + g.count) * 9 / 5
	}
	return size + g.size - g.spanSize + g.newSize, count + g.count - g.spanCount + g.newCount
}

// vlogEstimate is what g writes to the value log: its document's text,
// unless stored already.
func (g *docGroup) vlogEstimate() int64 {
	if g.present {
		return g.vlog - g.docVlog
	}
	return g.vlog
}

// pipeline writes chunks of document groups, building the next
// transaction while Badger commits the previous one. A chunk whose commit
// loses a race with a concurrent writer is written again at the end.
type pipeline struct {
	s   *Store
	now int64
	// journal, when set, writes into each transaction a record of the
	// groups it holds (see Stream).
	journal func(txn *badger.Txn, chunk []*docGroup) error
	// guard, when set, verifies in each transaction that the span IDs
	// checked before are still free (see Bulk).
	guard *idGuard
	// packed writes no s keys for the spans, but a pending record of
	// their documents (pending.go).
	packed bool
	// opener, when set, gives the transactions, opened ahead of the
	// commits before them (see txnOpener): only for chunks that read
	// nothing, a Stream's new documents.
	opener   *txnOpener
	inflight chan struct{}
	wg       sync.WaitGroup
	mu       sync.Mutex
	err      error
	retry    [][]*docGroup
	res      BatchResult
}

func (s *Store) newPipeline(now int64) *pipeline {
	return &pipeline{s: s, now: now, inflight: make(chan struct{}, maxInflight)}
}

// maxInflight is how many transactions the pipeline lets Badger commit at
// once. Badger's writer takes every commit waiting when it is free and
// syncs them once: while the disk is slow to sync (another program
// writing), the next transactions wait together and share the next sync.
const maxInflight = 4

// typingShare is what part of a full transaction the pipeline commits
// while the user types (Store.typing), one at a time: a key waits for the
// commits in flight, and a full one under a sync's writes took up to ~40
// ms to be durable.
const typingShare = 8

// takeSlot takes a place in inflight for a commit, of maxInflight; while
// the user types, only once every commit in flight is done: one commit at
// a time, as a key's transaction waits for every commit in flight
// (Badger's read timestamp).
func (s *Store) takeSlot(inflight chan struct{}) { s.takeSlotAlone(inflight, s.typing()) }

// takeSlotAlone is takeSlot with the user's typing decided by the caller.
func (s *Store) takeSlotAlone(inflight chan struct{}, alone bool) {
	inflight <- struct{}{}
	if alone {
		for i := 1; i < maxInflight; i++ {
			inflight <- struct{}{}
		}
		for i := 1; i < maxInflight; i++ {
			<-inflight
		}
	}
}

func (p *pipeline) failed() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

// sendGroups sends groups in transactions of what Badger allows, by the
// groups' estimates (docGroup.estimate); values for the value log are bounded too, so
// that a transaction's values fit in a value-log file's mapping.
func (p *pipeline) sendGroups(ctx context.Context, groups []*docGroup) error {
	maxSize, maxCount, maxVlog := p.s.db.MaxBatchSize()*9/10, p.s.db.MaxBatchCount()*9/10, int64(8<<20)
	var chunk []*docGroup
	var size, count, vlog int64
	// A packed chunk's pending record (pending.go) and the marker: the
	// record's doc8 a document (runBytes) is in the tree only while it
	// is under the value threshold.
	var runSize, runCount, runBytes int64
	if p.packed {
		runSize, runCount = 2*48, 2
	}
	inTree := func(b int64) int64 { return min(b, valueThreshold) }
	size, count = runSize, runCount
	for _, g := range groups {
		if err := checkCtx(ctx); err != nil {
			return err
		}
		gs, gc := g.estimate()
		gv, gr := g.vlogEstimate(), int64(0)
		if p.packed && !g.hadList {
			// No s keys; the document in the pending record.
			gs, gc = gs-g.idSize, gc-g.idCount
			gv += 8
			gr = 8
		}
		tree := size + gs + inTree(runBytes+gr)
		if len(chunk) > 0 && (tree > maxSize || count+gc > maxCount || vlog+gv > maxVlog ||
			(tree > maxSize/typingShare || count+gc > maxCount/typingShare || vlog+gv > maxVlog/typingShare) && p.s.typing()) {
			if err := p.send(chunk); err != nil {
				return err
			}
			chunk, size, count, vlog, runBytes = nil, runSize, runCount, 0, 0
		}
		chunk = append(chunk, g)
		size += gs
		count += gc
		vlog += gv
		runBytes += gr
	}
	return p.send(chunk)
}

// send builds a transaction for chunk and commits it asynchronously; a
// chunk Badger finds too big goes the synchronous, splitting way.
func (p *pipeline) send(chunk []*docGroup) error {
	if len(chunk) == 0 {
		return p.failed()
	}
	if err := p.failed(); err != nil {
		p.wait()
		return err
	}
	p.s.takeSlot(p.inflight)
	var r BatchResult
	var txn *badger.Txn
	if p.opener != nil {
		txn = p.opener.next()
	} else {
		txn = p.s.db.NewTransaction(true)
	}
	a := &arena{}
	idx := newIndexWriter(p.packed)
	if p.packed {
		// The record's hashes and kept entries, one a span: grown by appends, a first
		// sync's were copied and let go ~13 times a transaction.
		n := 0
		for _, g := range chunk {
			n += len(g.spans)
		}
		idx.pend.hashes = make([]uint64, 0, n)
		idx.pend.known.hashes = make([]uint32, 0, n)
		idx.pend.known.pages = make([]uint16, 0, n)
	}
	// A guarded chunk is verified as it is stamped (below), not here.
	var err error
	for _, g := range chunk {
		if err != nil {
			break
		}
		err = writeGroup(txn, g, p.now, a, idx, &r)
	}
	if err == nil {
		err = idx.pend.write(txn, &p.s.pending)
	}
	if err == nil && p.journal != nil {
		err = p.journal(txn, chunk)
	}
	if err != nil {
		txn.Discard()
		<-p.inflight
		if !errors.Is(err, badger.ErrTxnTooBig) {
			p.wait()
			return err
		}
		p.s.tooBig.Add(1)
		if len(chunk) == 1 {
			r, err := p.s.writeGroupSplit(chunk[0], p.now, p.guard)
			p.add(r)
			return err
		}
		r, err := p.s.writeGroups(chunk, p.now, p.journal, p.guard, p.packed)
		p.add(r)
		return err
	}
	if beforeCommit != nil {
		beforeCommit() // a test's concurrent writer
	}
	// Shared while Badger stamps the commit: a write that runs alone
	// (Store.gate) sees no commit come between its read and its own.
	p.s.gate.RLock()
	defer p.s.gate.RUnlock()
	if !p.guard.clear(chunk) {
		// A key wrote one of the chunk's span IDs since the check: the
		// chunk is written again at the end, looked up (idGuard.verify).
		txn.Discard()
		<-p.inflight
		p.lost(chunk)
		return nil
	}
	if stamping != nil {
		stamping(chunk, len(p.inflight))
	}
	p.s.commitAsync(txn, &p.wg, p.inflight, func(err error) {
		switch {
		case err == nil:
			p.add(r)
		case errors.Is(err, badger.ErrConflict):
			p.lost(chunk)
		default:
			p.mu.Lock()
			if p.err == nil {
				p.err = err
			}
			p.mu.Unlock()
		}
	})
	return nil
}

// commitAsync gives txn to Badger, counted in wg until done has been told
// its commit's result (once durable); the commit's place in inflight
// (takeSlot) is given back after done. The caller holds s.gate shared
// (commitGated).
func (s *Store) commitAsync(txn *badger.Txn, wg *sync.WaitGroup, inflight chan struct{}, done func(error)) {
	wg.Add(1)
	s.committing.Add(1)
	txn.CommitWith(func(err error) {
		s.committed.Add(1)
		s.committing.Add(-1)
		defer wg.Done()
		defer func() { <-inflight }()
		done(err)
	})
}

// beforeCommit, set by tests, runs between building a pipeline's
// transaction and committing it.
var beforeCommit func()

// stamping, set by tests, runs as a pipeline's chunk is given to Badger,
// with the pipeline's commits in flight, this one included.
var stamping func(chunk []*docGroup, inflight int)

// txnOpener opens write transactions ahead of the commits sent before
// they are used. Badger gives a new transaction its read timestamp only
// once every commit sent before has been written and synced (its
// oracle's readTs waits for them): a pipeline that opened each chunk's
// transaction when it came to send it waited for the previous commit,
// so Badger's writer sat idle while the next chunk was built, and synced
// every commit alone. A transaction opened earlier is not held up: it
// sees the store as it was when opened, which is all a chunk that only
// writes needs. A chunk that reads (a span list of a stored document)
// is still safe in it, as Badger refuses its commit with ErrConflict if
// a commit it did not see wrote a key it read (the pipeline writes such
// a chunk again at the end), but would often be refused: a pipeline
// takes an opener only for new documents (Stream).
type txnOpener struct {
	ready chan *badger.Txn
	stop  chan struct{}
	done  chan struct{}
}

// openAhead opens n transactions at once, before any commit of the
// pipeline that will use them, and keeps opening one more as each is
// taken.
func (s *Store) openAhead(n int) *txnOpener {
	o := &txnOpener{ready: make(chan *badger.Txn, n), stop: make(chan struct{}), done: make(chan struct{})}
	for i := 0; i < n; i++ {
		o.ready <- s.db.NewTransaction(true)
	}
	go func() {
		defer close(o.done)
		for {
			// Opened as soon as there is room for it: it waits for
			// the commits sent so far, not for those sent while it is
			// in the queue.
			txn := s.db.NewTransaction(true)
			select {
			case o.ready <- txn:
			case <-o.stop:
				txn.Discard()
				return
			}
		}
	}()
	return o
}

// next is the oldest transaction opened.
func (o *txnOpener) next() *badger.Txn { return <-o.ready }

// close discards the transactions not taken; it waits for the opening
// of one under way, which waits for the commits sent before it.
func (o *txnOpener) close() {
	if o == nil {
		return
	}
	close(o.stop)
	<-o.done
	for {
		select {
		case txn := <-o.ready:
			txn.Discard()
		default:
			return
		}
	}
}

// lost puts chunk, which lost a race with another writer, among those
// finish writes again.
func (p *pipeline) lost(chunk []*docGroup) {
	p.s.rewritten.Add(1)
	p.mu.Lock()
	p.retry = append(p.retry, chunk)
	p.mu.Unlock()
}

func (p *pipeline) add(r BatchResult) {
	p.mu.Lock()
	p.res.DocsAdded += r.DocsAdded
	p.res.SpansWritten += r.SpansWritten
	p.mu.Unlock()
}

func (p *pipeline) wait() { p.wg.Wait() }

// finish waits for the commits and rewrites the chunks that lost a race.
func (p *pipeline) finish() error {
	p.wait()
	if p.err != nil {
		return p.err
	}
	for _, chunk := range p.retry {
		r, err := p.s.writeGroups(chunk, p.now, p.journal, p.guard, p.packed)
		p.add(r)
		if err != nil {
			return err
		}
	}
	return nil
}

// writeGroups writes groups in one transaction. When Badger finds it too
// big after all (a replaced layer held many spans), the groups are split in
// halves; a single group too big is written over several transactions.
func (s *Store) writeGroups(groups []*docGroup, now int64, journal func(*badger.Txn, []*docGroup) error, guard *idGuard, packed bool) (BatchResult, error) {
	var res BatchResult
	err := s.updateNoSync(func(txn *badger.Txn) error {
		res = BatchResult{}
		if err := guard.verify(txn, groups); err != nil {
			return err
		}
		a := &arena{}
		idx := newIndexWriter(packed)
		for _, g := range groups {
			if err := writeGroup(txn, g, now, a, idx, &res); err != nil {
				return err
			}
		}
		if err := idx.pend.write(txn, &s.pending); err != nil {
			return err
		}
		if journal != nil {
			return journal(txn, groups)
		}
		return nil
	})
	if !errors.Is(err, badger.ErrTxnTooBig) {
		return res, err
	}
	if len(groups) > 1 {
		h := len(groups) / 2
		r1, err := s.writeGroups(groups[:h], now, journal, guard, packed)
		if err != nil {
			return r1, err
		}
		r2, err := s.writeGroups(groups[h:], now, journal, guard, packed)
		r2.DocsAdded += r1.DocsAdded
		r2.SpansWritten += r1.SpansWritten
		return r2, err
	}
	return s.writeGroupSplit(groups[0], now, guard)
}

// writeGroupSplit writes one document's group whose index keys do not fit
// in one transaction with its records: a first pass, never committed,
// collects the index keys to write and delete; they are written over as
// many transactions as they need; then the records (document, span list,
// marks, decisions, layer times) are written in one last transaction, which
// is when the change becomes visible. The first transaction also records
// which span IDs' index keys the write changes (a split key), and the last
// deletes it: when a crash comes in between, the next Open puts those keys
// back as the stored span lists say (finishSplits), so the store holds the
// document as it was before, or nothing of it; the same import writes it.
//
// Under a guard (a Bulk), the group's span IDs are looked up here, as the
// prepass would have: its transactions are several, so the span-adds key
// cannot guard them all.
func (s *Store) writeGroupSplit(g *docGroup, now int64, guard *idGuard) (BatchResult, error) {
	var res BatchResult
	collect := &indexWriter{mode: indexCollect}
	txn := s.db.NewTransaction(true)
	var err error
	if guard != nil {
		err = checkGroupSpans(txn, &s.pending, g, &s.idLookups)
	}
	if err == nil {
		err = writeGroup(txn, g, now, &arena{}, collect, &res)
	}
	txn.Discard()
	if err != nil {
		return res, err
	}
	if err := s.writeSplit(g, now, collect.ops, collect.threads, &res); err != nil {
		// Put the index keys back now rather than at the next Open, so
		// that the store is as it was for the rest of this process too.
		ids := make([]string, len(collect.ops))
		for i := range collect.ops {
			ids[i] = string(collect.ops[i].e.id)
		}
		uerr := s.finishSplit(g.doc, ids)
		for _, td := range collect.threads {
			if uerr == nil {
				uerr = s.finishThreadSplit(td.id, td.oldRec)
			}
		}
		if uerr != nil {
			return res, fmt.Errorf("%w (undoing the part written failed too, the next open will: %v)", err, uerr)
		}
		return res, err
	}
	return res, nil
}

// writeSplit writes the split key and the index keys ops over as many
// transactions as they need, then the group's records with the split key's
// deletion. The threads the group's replaced layers leave (threads) are
// written as applySplit writes a change's: a thread split key each (N,
// the thread as stored) beside the P key, the index keys each loses
// before, its record in the group's last transaction, and its keys put in
// step after (finishThreadSplit, which deletes its split key last). A
// kill or a failure before the last transaction leaves the store as it
// was once the keys are put back (finishSplits, finishThreadSplits: now,
// or at the next Open); after it, the write whole.
func (s *Store) writeSplit(g *docGroup, now int64, ops []indexOp, threads []threadDrop, res *BatchResult) error {
	sw := s.newSplitWriter()
	defer func() {
		if sw.txn != nil {
			sw.txn.Discard()
		}
	}()
	if err := sw.do(func(txn *badger.Txn) error {
		return txn.Set(docKey(pSplit, g.doc), encodeSplit(ops))
	}); err != nil {
		return err
	}
	for _, td := range threads {
		err := sw.do(func(txn *badger.Txn) error {
			if ok, err := has(txn, threadSplitKey(td.id)); err != nil {
				return err
			} else if ok {
				return fmt.Errorf("thread %s is being written by another write: %w", td.id, ErrConflict)
			}
			return txn.Set(threadSplitKey(td.id), td.oldRec)
		})
		if err != nil {
			return err
		}
	}
	for _, td := range threads {
		del, _, err := threadKeyChanges(td.old, td.updated, &arena{})
		if err != nil {
			return fmt.Errorf("thread %s: %w", td.id, err)
		}
		for _, k := range del {
			if err := sw.do(func(txn *badger.Txn) error { return txn.Delete(k) }); err != nil {
				return err
			}
		}
	}
	for i := range ops {
		op := &ops[i]
		err := sw.do(func(txn *badger.Txn) error {
			if op.del {
				return deleteSpanIndex(txn, g.doc, &op.e, nil)
			}
			return putSpanIndex(txn, g.doc, &op.e, nil)
		})
		if err != nil {
			return err
		}
	}
	if err := sw.flush(); err != nil {
		return err
	}
	err := s.updateNoSync(func(txn *badger.Txn) error {
		*res = BatchResult{}
		if err := writeGroup(txn, g, now, &arena{}, &indexWriter{mode: indexSkip, threads: threads}, res); err != nil {
			return err
		}
		return txn.Delete(docKey(pSplit, g.doc))
	})
	if err != nil {
		return err
	}
	splitStepDone("layer")
	for _, td := range threads {
		// In step with the record the last transaction wrote (or one a
		// change wrote since).
		if err := s.finishThreadSplit(td.id, td.oldRec); err != nil {
			return fmt.Errorf("the layer is written, but not yet the index keys of thread %s (the next open puts them in step): %w", td.id, err)
		}
	}
	return nil
}

// How writeGroup treats span index keys: write them in its transaction,
// collect them for writeGroupSplit, leave them (already written), or
// write entries of the packed index instead (idindex.go; a deleted span's
// s key, if it has one, is deleted).
const (
	indexInTxn = iota
	indexCollect
	indexSkip
	indexRun
)

type indexOp struct {
	del bool
	e   spanEntry
}

type indexWriter struct {
	mode int
	ops  []indexOp
	pend pendingWriter // indexRun's record
	// threads are the threads a replaced layer's spans leave
	// (dropFromThreads), collected for writeGroupSplit: their index keys
	// may not fit in one transaction either.
	threads []threadDrop
}

// threadDrop is a thread as stored (old, and its record) and as it is
// once spans a replaced layer no longer has left it (nil: it goes).
type threadDrop struct {
	id           string
	oldRec       []byte
	old, updated *annotate.Thread
}

func newIndexWriter(packed bool) *indexWriter {
	if packed {
		return &indexWriter{mode: indexRun}
	}
	return &indexWriter{mode: indexInTxn}
}

func (w *indexWriter) put(txn *badger.Txn, doc [8]byte, e *spanEntry, a *arena) error {
	switch w.mode {
	case indexRun:
		w.pend.add(doc, e)
	case indexInTxn:
		return putSpanIndex(txn, doc, e, a)
	case indexCollect:
		w.ops = append(w.ops, indexOp{e: *e})
	}
	return nil
}

func (w *indexWriter) del(txn *badger.Txn, doc [8]byte, e *spanEntry, a *arena) error {
	switch w.mode {
	case indexInTxn, indexRun:
		return deleteSpanIndex(txn, doc, e, a)
	case indexCollect:
		w.ops = append(w.ops, indexOp{del: true, e: *e})
	}
	return nil
}

// writeGroup writes one document's group in txn.
func writeGroup(txn *badger.Txn, g *docGroup, now int64, a *arena, idx *indexWriter, res *BatchResult) error {
	if g.d != nil && !g.present {
		if err := putDoc(txn, g.doc, g.d, a, g.frame); err != nil {
			return err
		}
		res.DocsAdded++
	}
	// A document without stored spans takes the entries' array the one
	// before it in the transaction left (their bytes are the arena's,
	// which the transaction holds): a first sync's ~4 M entries were
	// ~450 MB of arrays, allocated and cleared one document at a time.
	ss := &spanSet{doc: g.doc}
	if g.present || g.hadList {
		var err error
		if ss, err = loadSpanSet(txn, g.doc); err != nil {
			return fmt.Errorf("span list of document %s: %w", g.id, err)
		}
	}
	if a != nil {
		if len(ss.entries) == 0 {
			ss.entries = a.entries[:0]
		}
		defer func() { a.entries = ss.entries[:0] }()
	}
	// Into a document without a span list, the list made ready before
	// the lock (PrepareBulkSpans) is written as it was made.
	prepared := !g.ifNewer && g.usesList(ss, idx)
	// Each span is looked up among those loaded and those added before it:
	// without the map, 100,000 spans of one new article took 5·10⁹
	// comparisons. Into a document without spans, a batch whose IDs are
	// all different looks none up: each is new.
	fresh := len(ss.entries) == 0 && !g.repeats
	if !fresh && len(ss.entries)+len(g.spans) > 16 && len(g.spans) > 4 {
		ss.indexIDs()
	}
	if !prepared {
		ss.entries = slices.Grow(ss.entries, len(g.spans))
	}
	// Sized for the layers replaced and stamped: grown one at a time,
	// the map was rehashed several times a document.
	stamped := make(map[string]bool, len(g.replace)+len(g.stamps)+1)
	var replaced []string    // IDs of the spans of replaced layers
	var kept map[string]bool // under IfNewer, the layers written since the batch was made
	for _, l := range g.replace {
		stamped[l.Annotator] = true
		if g.ifNewer {
			have, err := readLayerTime(txn, g.doc, l.Annotator)
			if err != nil {
				return err
			}
			if have >= l.Modified {
				if kept == nil {
					kept = map[string]bool{}
				}
				kept[l.Annotator] = true
				continue
			}
		}
		for i := range ss.entries {
			e := &ss.entries[i]
			if !e.gone && string(e.annot) == l.Annotator {
				if err := idx.del(txn, g.doc, e, a); err != nil {
					return err
				}
				replaced = append(replaced, string(e.id))
				ss.remove(i)
			}
		}
		if l.Drop {
			if err := txn.Delete(layerKey(pLayerMod, g.doc, l.Annotator)); err != nil {
				return err
			}
			continue
		}
		if err := setLayerTime(txn, g.doc, l.Annotator, l.Modified, false); err != nil {
			return err
		}
	}
	for _, l := range g.stamps {
		stamped[l.Annotator] = true
		if err := setLayerTime(txn, g.doc, l.Annotator, l.Modified, false); err != nil {
			return err
		}
	}
	var touched []string
	if prepared {
		// What the loop and the list's write below do for these spans
		// in a document without a list, done beforehand (prepareList):
		// there are no replaced spans to drop from threads.
		pl := g.list
		listsPrepared.Add(1)
		for _, h := range pl.hashes {
			idx.pend.addHash(g.doc, h)
		}
		res.SpansWritten += len(g.spans)
		for _, an := range pl.annots {
			if !stamped[an] {
				stamped[an] = true
				touched = append(touched, an)
			}
		}
		for _, kv := range pl.sets {
			if err := txn.Set(kv.k, kv.v); err != nil {
				return err
			}
		}
		return writeGroupRest(txn, g, now, touched, nil)
	}
	for _, sp := range g.spans {
		if kept[sp.Annotator] {
			continue
		}
		raw := a.done(appendEntry(a.start(80+len(sp.Annotator)+len(sp.ID)+len(sp.Label)+len(sp.Note)), sp))
		i := -1
		if !fresh {
			i = ss.find(sp.ID)
		}
		if i >= 0 {
			if sameEntry(ss.entries[i].raw, sp, raw) {
				continue
			}
			if err := idx.del(txn, g.doc, &ss.entries[i], a); err != nil {
				return err
			}
			ss.remove(i)
		}
		ss.addSpan(raw, sp)
		if err := idx.put(txn, g.doc, &ss.entries[len(ss.entries)-1], a); err != nil {
			return err
		}
		res.SpansWritten++
		if !stamped[sp.Annotator] {
			stamped[sp.Annotator] = true
			touched = append(touched, sp.Annotator)
		}
	}
	if err := ss.write(txn, a); err != nil {
		return err
	}
	// A span the newer layer no longer has leaves its threads, in the
	// same transaction, so no thread names a span the store lacks.
	var dropped []string
	for _, id := range replaced {
		if ss.find(id) < 0 {
			dropped = append(dropped, id)
		}
	}
	if err := dropFromThreads(txn, dropped, a, idx); err != nil {
		return err
	}
	return writeGroupRest(txn, g, now, touched, kept)
}

// writeGroupRest writes what of g comes after its spans: the times of
// the layers its spans touched, its marks and its decisions. Of the
// layers kept (Batch.IfNewer), it writes no mark, and no decision of a
// Review that goes with one.
func writeGroupRest(txn *badger.Txn, g *docGroup, now int64, touched []string, kept map[string]bool) error {
	for _, annot := range touched {
		if err := setLayerTime(txn, g.doc, annot, now, false); err != nil {
			return err
		}
	}
	var keptReviews map[string]bool
	for _, r := range g.reviews {
		if r.With != "" && kept[r.With] {
			if keptReviews == nil {
				keptReviews = map[string]bool{}
			}
			keptReviews[r.Reviewer] = true
		}
	}
	for _, m := range g.marks {
		if kept[m.Annotator] {
			continue
		}
		annot := m.Annotator
		if !m.Done && m.Answer == "" {
			m = nil // neither done nor answered: the mark goes
		}
		if err := putMark(txn, g.doc, annot, m); err != nil {
			return err
		}
	}
	for _, r := range g.reviews {
		if keptReviews[r.Reviewer] {
			continue
		}
		if err := deleteDecisionsOf(txn, g.doc, r.Reviewer); err != nil {
			return err
		}
	}
	for _, d := range g.decisions {
		if keptReviews[d.Reviewer] {
			continue
		}
		if err := txn.Set(decisionKey(g.doc, d.Span, d.Reviewer), encodeDecision(nil, d)); err != nil {
			return err
		}
	}
	return nil
}

// dropFromThreads takes the spans ids, which are no longer stored, out of
// every thread that has them as members, by the rule of
// annotate.DeleteSpans: a link or a chain left with no member goes, a chain
// keeps its other members. For writeGroupSplit (idx collecting), the
// threads are collected, not written; then (idx skipping index keys) their
// records alone are written, with the group's.
func dropFromThreads(txn *badger.Txn, ids []string, a *arena, idx *indexWriter) error {
	if len(ids) == 0 {
		return nil
	}
	gone := make(map[string]bool, len(ids))
	for _, id := range ids {
		gone[id] = true
	}
	done := map[string]bool{}
	threadsOf := func(id string) ([]string, error) {
		return idsUnder(txn, appendThreadKey(nil, pSpanThr, id))
	}
	if idx.mode == indexSkip {
		// The threads collected, whose span keys are deleted by now.
		ids = ids[:1]
		threadsOf = func(string) ([]string, error) {
			tids := make([]string, len(idx.threads))
			for i, td := range idx.threads {
				tids[i] = td.id
			}
			return tids, nil
		}
	}
	for _, id := range ids {
		tids, err := threadsOf(id)
		if err != nil {
			return err
		}
		for _, tid := range tids {
			if done[tid] {
				continue
			}
			done[tid] = true
			old, err := readThread(txn, tid)
			if errors.Is(err, ErrNotFound) {
				continue
			}
			if err != nil {
				return fmt.Errorf("thread %s: %w", tid, err)
			}
			updated := withoutMembers(old, func(m annotate.Member) bool { return gone[m.Span] })
			switch idx.mode {
			case indexCollect:
				rec, err := encodeThread(nil, old)
				if err != nil {
					return fmt.Errorf("thread %s: %w", tid, err)
				}
				idx.threads = append(idx.threads, threadDrop{tid, rec, old, updated})
				continue
			case indexSkip:
				err = writeThreadRecord(txn, old, updated, a)
			default:
				err = writeThread(txn, old, updated, a)
			}
			if err != nil {
				return fmt.Errorf("thread %s: %w", tid, err)
			}
		}
	}
	return nil
}

// writeThreads writes threads in one transaction (halving on ErrTxnTooBig)
// and counts them in a BatchResult: how many were new or changed and, with
// ifNewer, how many were kept as stored, changed there as late or later,
// or kept deleted, deleted here as late or later (Batch.IfNewer).
func (s *Store) writeThreads(threads []*annotate.Thread, ifNewer bool) (BatchResult, error) {
	var res BatchResult
	err := s.updateNoSync(func(txn *badger.Txn) error {
		res = BatchResult{}
		a := &arena{}
		for _, t := range threads {
			rec, err := encodeThread(a.start(64), t)
			if err != nil {
				return fmt.Errorf("thread %s: %w", t.ID, err)
			}
			old, err := readThread(txn, t.ID)
			if err != nil && !errors.Is(err, ErrNotFound) {
				return fmt.Errorf("thread %s: %w", t.ID, err)
			}
			if old != nil {
				// The same thread is no change, and not kept either: a
				// take of a copy holding the user's threads unchanged
				// said it kept each of them as changed here later.
				oldRec, _ := encodeThread(nil, old)
				if bytes.Equal(oldRec, rec) {
					continue
				}
			}
			if old != nil && ifNewer && old.ChangedAt() >= t.ChangedAt() {
				res.ThreadsKept++
				continue
			}
			if old == nil && ifNewer {
				gone, ok, err := readGone(txn, t.ID)
				switch {
				case err != nil:
					return err
				case ok && gone >= t.ChangedAt():
					res.ThreadsStayDeleted++
					continue
				case ok:
					res.ThreadsBack++
				}
			}
			if err := writeThread(txn, old, t, a); err != nil {
				return fmt.Errorf("thread %s: %w", t.ID, err)
			}
			res.ThreadsWritten++
		}
		return nil
	})
	if errors.Is(err, badger.ErrTxnTooBig) && len(threads) == 1 {
		// One thread too large for a transaction (an import's thread
		// of 10,000 members): written in several.
		return s.writeThreadSplitIf(threads[0].ID, threads[0], ifNewer)
	}
	if errors.Is(err, badger.ErrTxnTooBig) && len(threads) > 1 {
		h := len(threads) / 2
		r1, err := s.writeThreads(threads[:h], ifNewer)
		if err != nil {
			return r1, err
		}
		r2, err := s.writeThreads(threads[h:], ifNewer)
		r1.addThreads(r2)
		return r1, err
	}
	return res, err
}

// addThreads adds to r what o counts of threads.
func (r *BatchResult) addThreads(o BatchResult) {
	r.ThreadsWritten += o.ThreadsWritten
	r.ThreadsKept += o.ThreadsKept
	r.ThreadsStayDeleted += o.ThreadsStayDeleted
	r.ThreadsBack += o.ThreadsBack
}
