package store

import (
	"context"
	"fmt"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/skein-news/skein/annotate"
)

// Thread returns the thread with ID id, or an error wrapping ErrNotFound.
func (s *Store) Thread(id string) (*annotate.Thread, error) {
	var t *annotate.Thread
	err := s.view(func(txn *badger.Txn) error {
		var err error
		t, err = readThread(txn, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("thread %s: %w", id, err)
	}
	return t, nil
}

func readThread(txn *badger.Txn, id string) (*annotate.Thread, error) {
	v, err := get(txn, threadKey(id))
	if err != nil {
		return nil, err
	}
	return decodeThread(id, v)
}

// Threads calls fn for every thread in ID order (see keys.go: UUIDs first,
// in creation order for UUIDv7, then other IDs). An error from fn stops it
// and is returned.
func (s *Store) Threads(ctx context.Context, fn func(*annotate.Thread) error) error {
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: false, Prefix: []byte{pThread}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if err := checkCtx(ctx); err != nil {
				return err
			}
			item := it.Item()
			id, rest, err := readID(item.Key()[1:])
			if err != nil || len(rest) != 0 {
				return fmt.Errorf("thread key %x: %w", item.Key(), errCorrupt)
			}
			var t *annotate.Thread
			if err := itemValue(item, func(v []byte) error {
				t, err = decodeThread(id, v)
				return err
			}); err != nil {
				return fmt.Errorf("thread %s: %w", id, err)
			}
			if err := fn(t); err != nil {
				return errStop{err}
			}
		}
		return nil
	})
	return stopErr(err, "read threads")
}

// ThreadsOfSpan returns the threads that have span spanID as a member, in
// ID order.
func (s *Store) ThreadsOfSpan(spanID string) ([]*annotate.Thread, error) {
	return s.threadsUnder(appendThreadKey(nil, pSpanThr, spanID), "threads of span "+spanID)
}

// ThreadsOfDoc returns the threads with a member in document docID, in ID
// order.
func (s *Store) ThreadsOfDoc(docID string) ([]*annotate.Thread, error) {
	doc, ok := docBytes(docID)
	if !ok {
		return nil, nil
	}
	return s.threadsUnder(docKey(pDocThr, doc), "threads of document "+docID)
}

func (s *Store) threadsUnder(p []byte, what string) ([]*annotate.Thread, error) {
	var out []*annotate.Thread
	err := s.view(func(txn *badger.Txn) error {
		ids, err := idsUnder(txn, p)
		if err != nil {
			return err
		}
		for _, id := range ids {
			t, err := readThread(txn, id)
			if err != nil {
				return fmt.Errorf("thread %s: %w", id, err)
			}
			out = append(out, t)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// threadIndexKeys lists a thread's index keys: one per member span, one per
// document, one for its annotator.
func threadIndexKeys(t *annotate.Thread, a *arena) ([][]byte, error) {
	keys := make([][]byte, 0, 2*len(t.Members)+1)
	seen := map[[8]byte]bool{}
	for _, m := range t.Members {
		doc, ok := docBytes(m.Doc)
		if !ok {
			return nil, errDocID(m.Doc)
		}
		k := appendThreadKey(a.start(40+len(m.Span)), pSpanThr, m.Span)
		keys = append(keys, a.done(appendID(k, t.ID)))
		if !seen[doc] {
			seen[doc] = true
			k := appendDoc(append(a.start(30), pDocThr), doc)
			keys = append(keys, a.done(appendID(k, t.ID)))
		}
	}
	k := appendStr(append(a.start(24+len(t.Annotator)), pAnnotThr), t.Annotator)
	keys = append(keys, a.done(appendID(k, t.ID)))
	return keys, nil
}

// writeThread replaces old (nil: none) by updated (nil: delete): the
// record, and of the index keys only those that change. It wrote every
// key of both: with a transaction's few thousand entries, a member added
// to a thread of 3,300 members was refused as a transaction too big.
// A thread an import is writing in several transactions (its split key
// is there, see writeThreadSplit) is not changed beside it.
func writeThread(txn *badger.Txn, old, updated *annotate.Thread, a *arena) error {
	id := ""
	if old != nil {
		id = old.ID
	} else if updated != nil {
		id = updated.ID
	}
	if ok, err := has(txn, appendThreadKey(nil, pThrSplit, id)); err != nil {
		return err
	} else if ok {
		return fmt.Errorf("thread %s is being written by an import: %w", id, ErrConflict)
	}
	del, put, err := threadKeyChanges(old, updated, a)
	if err != nil {
		return err
	}
	for _, k := range del {
		if err := txn.Delete(k); err != nil {
			return err
		}
	}
	if err := writeThreadRecord(txn, old, updated, a); err != nil {
		return err
	}
	for _, k := range put {
		if err := txn.Set(k, nil); err != nil {
			return err
		}
	}
	return nil
}

// writeThreadRecord replaces old's record (nil: none) by updated's (nil:
// delete), with the tombstones (noteGone), and no index key.
func writeThreadRecord(txn *badger.Txn, old, updated *annotate.Thread, a *arena) error {
	if err := noteGone(txn, old, updated); err != nil {
		return err
	}
	if old != nil && (updated == nil || updated.ID != old.ID) {
		if err := txn.Delete(threadKey(old.ID)); err != nil {
			return err
		}
	}
	if updated == nil {
		return nil
	}
	rec, err := encodeThread(a.start(64), updated)
	if err != nil {
		return err
	}
	rec = a.done(rec) // claimed before the key is carved after it
	return txn.Set(a.done(appendThreadKey(a.start(20+len(updated.ID)), pThread, updated.ID)), rec)
}

// threadKeyChanges lists the index keys of old (nil: none) that updated
// (nil: none) does not have, to delete, and those of updated that old does
// not have, to put.
func threadKeyChanges(old, updated *annotate.Thread, a *arena) (del, put [][]byte, err error) {
	var oldKeys, newKeys [][]byte
	if old != nil {
		if oldKeys, err = threadIndexKeys(old, a); err != nil {
			return nil, nil, err
		}
	}
	if updated != nil {
		if newKeys, err = threadIndexKeys(updated, a); err != nil {
			return nil, nil, err
		}
	}
	if len(oldKeys) == 0 {
		return nil, newKeys, nil
	}
	if len(newKeys) == 0 {
		return oldKeys, nil, nil
	}
	had := make(map[string]bool, len(oldKeys))
	for _, k := range oldKeys {
		had[string(k)] = true
	}
	for _, k := range newKeys {
		if had[string(k)] {
			delete(had, string(k))
		} else {
			put = append(put, k)
		}
	}
	for _, k := range oldKeys {
		if had[string(k)] {
			del = append(del, k)
		}
	}
	return del, put, nil
}

// Mark returns annotator's mark on document docID, or an error wrapping
// ErrNotFound when there is none.
func (s *Store) Mark(docID, annotator string) (*annotate.Mark, error) {
	doc, ok := docBytes(docID)
	if !ok {
		return nil, fmt.Errorf("mark of %s on %q: %w", annotator, docID, ErrNotFound)
	}
	var m *annotate.Mark
	err := s.view(func(txn *badger.Txn) error {
		v, err := get(txn, layerKey(pMark, doc, annotator))
		if err != nil {
			return err
		}
		m, err = decodeMark(docID, annotator, v)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("mark of %s on %s: %w", annotator, docID, err)
	}
	return m, nil
}

// putMark writes (or with m nil deletes) a mark and its index key.
func putMark(txn *badger.Txn, doc [8]byte, annot string, m *annotate.Mark) error {
	if m == nil {
		if err := txn.Delete(layerKey(pMark, doc, annot)); err != nil {
			return err
		}
		return txn.Delete(markAnnotKey(annot, doc))
	}
	if err := txn.Set(layerKey(pMark, doc, annot), encodeMark(nil, m)); err != nil {
		return err
	}
	return txn.Set(markAnnotKey(annot, doc), nil)
}

// Decisions returns the review decisions on document docID's spans, by span
// key then reviewer.
func (s *Store) Decisions(docID string) ([]*annotate.Decision, error) {
	doc, ok := docBytes(docID)
	if !ok {
		return nil, nil
	}
	var out []*annotate.Decision
	err := s.view(func(txn *badger.Txn) error {
		p := docKey(pDecision, doc)
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: false, Prefix: p})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			item := it.Item()
			span, rest, err := readID(item.Key()[len(p):])
			if err != nil {
				return fmt.Errorf("decision key %x: %w", item.Key(), err)
			}
			reviewer, rest, err := readStr(rest)
			if err != nil || len(rest) != 0 {
				return fmt.Errorf("decision key %x: %w", item.Key(), errCorrupt)
			}
			var d *annotate.Decision
			if err := itemValue(item, func(v []byte) error {
				d, err = decodeDecision(docID, span, reviewer, v)
				return err
			}); err != nil {
				return fmt.Errorf("decision key %x: %w", item.Key(), err)
			}
			out = append(out, d)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("decisions on document %s: %w", docID, err)
	}
	return out, nil
}

// ReplaceDecisions makes reviewer's decisions on document docID exactly
// decs, in one transaction and outside every undo history: the decisions of
// a colleague's review as their team-folder file now holds them (one
// withdrawn there goes here too). Every decision in decs must be reviewer's
// and on docID.
func (s *Store) ReplaceDecisions(ctx context.Context, docID, reviewer string, decs []*annotate.Decision) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	doc, err := docOf("decisions of "+reviewer, docID)
	if err != nil {
		return err
	}
	for _, d := range decs {
		if d.Doc != docID || d.Reviewer != reviewer {
			return fmt.Errorf("decision of %s on document %s given as %s's on %s", d.Reviewer, d.Doc, reviewer, docID)
		}
		if _, err := docOf("decision on span "+d.Span, d.Doc); err != nil {
			return err
		}
	}
	if err := s.begin(); err != nil {
		return err
	}
	defer s.end()
	return s.update(func(txn *badger.Txn) error {
		if err := requireDoc(txn, doc, docID); err != nil {
			return fmt.Errorf("decisions of %s: %w", reviewer, err)
		}
		if err := deleteDecisionsOf(txn, doc, reviewer); err != nil {
			return err
		}
		for _, d := range decs {
			if err := txn.Set(decisionKey(doc, d.Span, reviewer), encodeDecision(nil, d)); err != nil {
				return err
			}
		}
		return nil
	})
}

// deleteDecisionsOf deletes reviewer's decisions on document doc.
func deleteDecisionsOf(txn *badger.Txn, doc [8]byte, reviewer string) error {
	p := docKey(pDecision, doc)
	it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: false, Prefix: p})
	var gone [][]byte
	for it.Rewind(); it.Valid(); it.Next() {
		k := it.Item().KeyCopy(nil)
		_, rest, err := readID(k[len(p):])
		if err != nil {
			it.Close()
			return fmt.Errorf("decision key %x: %w", k, err)
		}
		if r, _, err := readStr(rest); err == nil && r == reviewer {
			gone = append(gone, k)
		}
	}
	it.Close()
	for _, k := range gone {
		if err := txn.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// docOf decodes a record's document ID for a write.
func docOf(what, id string) ([8]byte, error) {
	doc, ok := docBytes(id)
	if !ok {
		return doc, fmt.Errorf("%s: %w", what, errDocID(id))
	}
	return doc, nil
}
