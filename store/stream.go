package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/skein-news/skein/annotate"
)

// pJournal keys list the documents a Stream has written and not yet
// finished: value the 8-byte IDs of one Add's new documents.
const pJournal = 'J'

func journalKey(seq uint32) []byte {
	return binary.BigEndian.AppendUint32([]byte{pJournal}, seq)
}

// Stream writes an import's new documents while the import is still
// reading its files, so that the disk works while the files are read, and
// keeps the import all or nothing: the documents it wrote are listed in
// journal keys, each written in the transaction of the documents it lists,
// until Finish writes the rest of the import and deletes the keys. Abort takes the documents out
// again, and so does the next Open after a kill or a crash, so an import
// that did not finish leaves the store as it was. A Stream holds the
// store's bulk lock from StreamDocs to Finish or Abort: no other import
// or deletion runs meanwhile, so a document it found absent is one no one
// else writes.
type Stream struct {
	s       *Store
	p       *pipeline
	seen    map[[8]byte]bool // documents given to Add
	written [][8]byte        // documents Add wrote (or was writing)
	present int              // documents given to Add that the store held
	mu      sync.Mutex       // guards seq: a retried chunk is written from Finish
	seq     uint32           // the last journal key written
	ended   bool
	// empty: the store held no document when the stream began, so every
	// document given to Add is new (the bulk lock keeps other imports
	// out, and only they add documents) and Add looks none up.
	empty bool
	// before, when the store held documents, is a snapshot of it taken
	// when the stream began, in which Add looks its documents up: a
	// transaction opened later would wait for the stream's commits in
	// flight (see txnOpener), and the bulk lock keeps what Add looks up
	// (which documents are stored) as it was.
	before *badger.Txn
}

// StreamDocs begins a Stream. Its caller must call Finish or Abort.
func (s *Store) StreamDocs() (*Stream, error) {
	if err := s.begin(); err != nil {
		return nil, err
	}
	s.bulk.Lock()
	// An import a failed roll-back left listed goes first, so its journal
	// keys are not reused.
	if err := s.finishStreams(); err != nil {
		s.bulk.Unlock()
		s.end()
		return nil, err
	}
	w := &Stream{s: s, p: s.newPipeline(annotate.NowMillis()), seen: map[[8]byte]bool{}}
	w.p.journal = w.journal
	w.before = s.db.NewTransaction(false)
	if w.empty = !anyKey(w.before, pInfo); w.empty {
		w.before.Discard()
		w.before = nil
	}
	// A stream's chunks write new documents and their journal keys and
	// read nothing: they can go into transactions opened ahead, so that
	// Badger writes one while the next is built, and syncs those waiting
	// together.
	w.p.opener = s.openAhead(maxInflight)
	return w, nil
}

// journal lists, in the transaction that writes them, the documents of a
// chunk: they and their listing land together or not at all.
func (w *Stream) journal(txn *badger.Txn, chunk []*docGroup) error {
	ids := make([]byte, 0, 8*len(chunk))
	for _, g := range chunk {
		ids = append(ids, g.doc[:]...)
	}
	w.mu.Lock()
	w.seq++
	seq := w.seq
	w.mu.Unlock()
	return txn.Set(journalKey(seq), ids)
}

// Add writes the documents of docs that the store does not hold and that
// Add was not given before. It returns once their transactions are built;
// Badger commits them while the caller reads on.
func (w *Stream) Add(ctx context.Context, docs []*annotate.Document) error {
	return w.AddFramed(ctx, docs, nil)
}

// AddFramed is Add for texts read into buffers with RecordRoom bytes free
// in front of them: frames[i], when not nil, is the buffer whose tail is
// docs[i].Text (its other bytes the caller's no more). Each record is
// written around its text there, not copied: 36 MB less to copy and to
// allocate for a folder of 20,000 articles. A frame whose tail is not the
// text, or with too little room, is ignored and the record copied.
func (w *Stream) AddFramed(ctx context.Context, docs []*annotate.Document, frames [][]byte) error {
	if frames != nil && len(frames) != len(docs) {
		return fmt.Errorf("writing to the store: %d frames for %d documents", len(frames), len(docs))
	}
	if w.ended {
		return errors.New("writing to the store: the import's stream has ended")
	}
	var fresh []*annotate.Document
	var freshFrames [][]byte
	for i, d := range docs {
		doc, ok := docBytes(d.ID)
		if !ok {
			return fmt.Errorf("writing to the store: document: %w", errDocID(d.ID))
		}
		if !w.seen[doc] {
			w.seen[doc] = true
			fresh = append(fresh, d)
			if frames != nil {
				freshFrames = append(freshFrames, frames[i])
			}
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	b := &Batch{Docs: fresh}
	groups, err := groupBatch(b)
	if err != nil {
		return fmt.Errorf("writing to the store: %w", err)
	}
	if freshFrames != nil && len(groups) == len(freshFrames) {
		// A batch of documents alone groups one document per group, in
		// order (groupBatch), each fresh and distinct.
		for i, g := range groups {
			g.frame = freshFrames[i]
		}
	}
	if err := w.s.checkSpace(batchBytes(b), "the import"); err != nil {
		return err
	}
	if !w.empty {
		if err := w.s.prepassIn(ctx, w.before, groups, nil, nil); err != nil {
			return fmt.Errorf("writing to the store: %w", err)
		}
	}
	todo := groups[:0]
	for _, g := range groups {
		if g.present {
			w.present++
			continue
		}
		todo = append(todo, g)
		w.written = append(w.written, g.doc)
	}
	if err := w.p.sendGroups(ctx, todo); err != nil {
		return fmt.Errorf("writing to the store: %w", err)
	}
	return nil
}

// Writing reports whether commits of what Add was given are still under
// way: an importer that hands over what it has read whenever they are
// not keeps the store's writer busy, with commits as large as the time
// it takes.
func (w *Stream) Writing() bool { return len(w.p.inflight) > 0 }

func (w *Stream) lastSeq() uint32 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.seq
}

// Added is how many documents the stream wrote, and Present how many of
// those it was given the store already held.
func (w *Stream) Added() int   { return len(w.written) }
func (w *Stream) Present() int { return w.present }

// Streamed reports whether the stream was given the document id, which the
// store now holds (or will, once Finish returns).
func (w *Stream) Streamed(id string) bool {
	doc, ok := docBytes(id)
	return ok && w.seen[doc]
}

// Finish waits for the documents' commits, writes b as WriteBatch does, and
// then makes the whole import count by deleting the journal keys; it syncs
// before returning. On an error the streamed documents are taken out again
// (what b had written stays, in whole documents, as with WriteBatch).
func (w *Stream) Finish(ctx context.Context, b *Batch) (BatchResult, error) {
	if w.ended {
		return BatchResult{}, errors.New("writing to the store: the import's stream has ended")
	}
	if err := w.p.finish(); err != nil {
		return BatchResult{}, w.fail(fmt.Errorf("writing to the store: %w", err))
	}
	w.release()
	res, err := w.s.writeBatch(ctx, b)
	if err != nil {
		return res, w.fail(err)
	}
	res.DocsAdded += w.p.res.DocsAdded
	err = w.s.updateNoSync(func(txn *badger.Txn) error {
		for seq := uint32(1); seq <= w.lastSeq(); seq++ {
			if err := txn.Delete(journalKey(seq)); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		err = w.s.syncBatch()
	}
	w.end()
	if err != nil {
		return res, fmt.Errorf("writing to the store: %w", err)
	}
	return res, nil
}

// Abort takes out the documents the stream wrote and ends it.
func (w *Stream) Abort() error {
	if w.ended {
		return nil
	}
	w.p.wait()
	w.release()
	err := w.s.rollBack(w.written, w.lastSeq())
	w.end()
	return err
}

func (w *Stream) fail(err error) error {
	w.p.wait()
	w.release()
	if rerr := w.s.rollBack(w.written, w.lastSeq()); rerr != nil {
		err = fmt.Errorf("%w (taking out the documents written failed too; the next open will: %v)", err, rerr)
	}
	w.end()
	return err
}

func (w *Stream) end() {
	w.release()
	w.ended = true
	w.s.bulk.Unlock()
	w.s.end()
}

// release discards the transactions the stream holds open, once it sends
// no more chunks.
func (w *Stream) release() {
	w.p.opener.close()
	w.p.opener = nil
	if w.before != nil {
		w.before.Discard()
		w.before = nil
	}
}

// rollBack deletes the documents docs, which an unfinished import wrote,
// and then the journal keys 1 to last. A document that has gained spans
// meanwhile is someone's work and stays.
func (s *Store) rollBack(docs [][8]byte, last uint32) error {
	sw := s.newSplitWriter()
	for _, doc := range docs {
		err := sw.do(func(txn *badger.Txn) error {
			if kept, err := has(txn, docKey(pSpan, doc)); err != nil || kept {
				return err
			}
			for _, p := range []byte{pInfo, pDoc} {
				if err := txn.Delete(docKey(p, doc)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	if err := sw.flush(); err != nil {
		return err
	}
	for seq := uint32(1); seq <= last; seq++ {
		if err := sw.do(func(txn *badger.Txn) error { return txn.Delete(journalKey(seq)) }); err != nil {
			return err
		}
	}
	return sw.flush()
}

// finishStreams takes out, before anything reads the store, the documents
// of an import a kill or a crash stopped (see Stream).
func (s *Store) finishStreams() error {
	var docs [][8]byte
	var last uint32
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pJournal}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().Key()
			v, err := itemValueCopy(it.Item())
			if err != nil {
				return err
			}
			if len(k) != 5 || len(v)%8 != 0 {
				return fmt.Errorf("journal key %x: %w", k, errCorrupt)
			}
			last = max(last, binary.BigEndian.Uint32(k[1:]))
			for i := 0; i < len(v); i += 8 {
				docs = append(docs, [8]byte(v[i:i+8]))
			}
		}
		return nil
	})
	if err == nil && last > 0 {
		err = s.rollBack(docs, last)
	}
	if err != nil {
		return unfinishedWrite("an import not yet finished", fmt.Errorf("take out an interrupted import: %w", err), []byte{pJournal})
	}
	return nil
}
