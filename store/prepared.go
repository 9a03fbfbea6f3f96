package store

import (
	"slices"
	"sync/atomic"

	"github.com/skein-news/skein/annotate"
)

// BulkSpans is a batch's spans made ready for a Bulk's write before its
// lock is taken (PrepareBulkSpans): grouped by document as the write
// groups them, and each document's span list encoded as it is written
// into a document that holds no span list (every document of a first
// sync). A first sync's wall is the chain of its buckets under the bulk
// lock, and grouping, encoding, sorting and hashing a bucket's tens of
// thousands of spans was a third of the lock holder's work, none of it
// needing the lock; read before it, the next bucket is made ready while
// this one is written.
//
// Under the lock the write takes what is ready only where it is still
// true: the batch's documents and spans are these very ones (the checks
// left none out), and the document holds no span list (read in the
// write's own transaction, as always); anywhere else it does the work
// itself, as without BulkSpans.
type BulkSpans struct {
	docs  []*annotate.Document
	spans []*annotate.Span
	gr    *grouping
	err   error // the grouping's: the write's own grouping reports it
}

// preparedList is what writeGroup writes for a group's spans into a
// document without a span list, made by the same code beforehand: the
// list and its annotator and label index keys (what spanSet.write wrote
// into a recorder), each span's ID hash for the pending record, and the
// spans' annotators in the order they first come.
type preparedList struct {
	sets   []kvSet
	hashes []uint64
	annots []string
}

// kvWriter is what spanSet.write writes to: a transaction, or a
// recorder of what it would write (PrepareBulkSpans).
type kvWriter interface {
	Set(key, value []byte) error
	Delete(key []byte) error
}

type kvSet struct{ k, v []byte }

// setRecorder records the keys a write sets; a write that deletes is not
// one it can stand for.
type setRecorder struct {
	sets    []kvSet
	deletes int
}

func (r *setRecorder) Set(k, v []byte) error {
	r.sets = append(r.sets, kvSet{k, v})
	return nil
}

func (r *setRecorder) Delete([]byte) error {
	r.deletes++
	return nil
}

// PrepareBulkSpans readies a batch's documents and spans, in its order,
// for Bulk.WriteBatchPrepared. It touches no store, so it may run
// anywhere, before the lock; it keeps a copy of the lists, and the
// documents and spans themselves must not change until the write.
func PrepareBulkSpans(docs []*annotate.Document, spans []*annotate.Span) *BulkSpans {
	p := &BulkSpans{docs: slices.Clone(docs), spans: slices.Clone(spans), gr: newGrouping()}
	if p.err = p.gr.addDocs(p.docs); p.err != nil {
		return p
	}
	if p.err = p.gr.addSpans(p.spans); p.err != nil {
		return p
	}
	// The lists and their keys are kept in one arena until the write;
	// the entries they are made of, in another, are not: it is used
	// again for each document, as its entries' array is.
	a, scratch := &arena{}, &arena{}
	n := 0
	for _, g := range p.gr.groups {
		if g.repeats || len(g.spans) == 0 {
			continue // a span given twice: written the long way
		}
		n += len(g.spans)
	}
	hashes := make([]uint64, n)
	for _, g := range p.gr.groups {
		if g.repeats || len(g.spans) == 0 {
			continue
		}
		g.list = prepareList(g, a, scratch, hashes[:len(g.spans):len(g.spans)])
		hashes = hashes[len(g.spans):]
	}
	return p
}

// prepareList is what writeGroup writes for g's spans into a document
// that holds no span list, written by writeGroup's own code into a
// recorder; nil when that write would delete anything (it never does).
// The list is made in a, its entries in scratch (emptied first); the
// spans' hashes go into hashes.
func prepareList(g *docGroup, a, scratch *arena, hashes []uint64) *preparedList {
	scratch.off = 0
	ss := &spanSet{doc: g.doc, entries: slices.Grow(scratch.entries[:0], len(g.spans))}
	defer func() { scratch.entries = ss.entries[:0] }()
	pl := &preparedList{hashes: hashes[:0]}
	for _, sp := range g.spans {
		raw := scratch.done(appendEntry(scratch.start(80+len(sp.Annotator)+len(sp.ID)+len(sp.Label)+len(sp.Note)), sp))
		ss.addSpan(raw, sp)
		pl.hashes = append(pl.hashes, entryIDHash(&ss.entries[len(ss.entries)-1]))
		if !lastOrContains(pl.annots, sp.Annotator) {
			pl.annots = append(pl.annots, sp.Annotator)
		}
	}
	rec := &setRecorder{}
	if err := ss.write(rec, a); err != nil || rec.deletes > 0 {
		return nil
	}
	pl.sets = rec.sets
	return pl
}

// groupsOf is the groups of b made ready in p when they are still b's:
// b's documents and spans are p's, the same ones in the same order. nil
// otherwise.
func (p *BulkSpans) groupsOf(b *Batch) *grouping {
	if p == nil || p.err != nil || p.gr == nil || len(b.Docs) != len(p.docs) || len(b.Spans) != len(p.spans) {
		return nil
	}
	for i, d := range b.Docs {
		if d != p.docs[i] {
			return nil
		}
	}
	for i, sp := range b.Spans {
		if sp != p.spans[i] {
			return nil
		}
	}
	gr := p.gr
	p.gr = nil // a grouping is written once
	return gr
}

// usesList tells whether writeGroup writes g's spans from its prepared
// list: a document that holds no span list (ss, as loaded in the write's
// transaction), with every span's ID into the pending record.
func (g *docGroup) usesList(ss *spanSet, idx *indexWriter) bool {
	return g.list != nil && idx != nil && idx.mode == indexRun &&
		ss.loaded == 0 && len(ss.entries) == 0 && ss.base == 0 && !ss.hadTail && len(ss.tailRemoved) == 0
}

// listsPrepared counts the span lists writeGroup wrote as prepareList made
// them (a test's measure).
var listsPrepared atomic.Int64
