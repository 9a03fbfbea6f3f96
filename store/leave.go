package store

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/skein-news/skein/annotate"
)

// Removed counts what RemoveAnnotator took out of the store.
type Removed struct {
	// Spans are the spans of the annotator's layer and of their curated
	// layer; Articles the articles those spans were on.
	Spans, Articles int
	Threads         int
	// Decisions are their review decisions (as curated:NAME).
	Decisions int
	// Kept counts the articles where their layer or curated layer stays:
	// outside the articles a removal was given (From).
	Kept int `json:"kept,omitempty"`
}

// From is what of an annotator's work a removal takes: the articles whose
// spans, layer times and done marks (of their layer and curated layer)
// go, those whose review decisions go, and the threads that go, by ID.
// What else is theirs stays (work imported under their name by hand).
// It names articles one by one, never a team folder's bucket of them:
// where what a file carried is not known, nothing of it is proved the
// folder's, and it stays (a From a skein before this one saved in its
// team state with Prefixes loads without them).
type From struct {
	Docs, Reviewed, Threads []string
}

// idTest is a test of whether list holds an ID; everything when all.
func idTest(all bool, list []string) func(string) bool {
	if all {
		return func(string) bool { return true }
	}
	set := make(map[string]bool, len(list))
	for _, id := range list {
		set[id] = true
	}
	return func(id string) bool { return set[id] }
}

// Any says whether anything was removed.
func (r Removed) Any() bool { return r.Spans+r.Threads+r.Decisions > 0 }

// RemoveAnnotator takes one annotator's whole work out of the store: the
// spans, times and done marks of their layer and of their curated layer
// (curated:NAME), their threads, and the review decisions they made
// (recorded as curated:NAME), on every article; what else the store holds
// is left as it is (a thread of someone else's loses the spans of theirs
// it linked, as when their layer is replaced). It is for a colleague who
// left a team: their folder gone from the team folder.
//
// It is one write, all or nothing across a kill, a crash or a full disk
// (WriteBatchWhole's journal): killed before the journal was complete the
// store holds all of their work, after it the next Open finishes the
// removal. Run again it removes what is left, which is nothing.
func (s *Store) RemoveAnnotator(ctx context.Context, name string) (Removed, error) {
	return s.RemoveAnnotatorFrom(ctx, name, nil)
}

// RemoveAnnotatorFrom is RemoveAnnotator taking only what from names (all
// of it when from is nil), in one write as RemoveAnnotator: a colleague
// whose folder left the team folder takes with them what that folder
// brought, and leaves what the user imported under their name by hand.
func (s *Store) RemoveAnnotatorFrom(ctx context.Context, name string, from *From) (Removed, error) {
	var r Removed
	if name == "" || annotate.IsCurated(name) {
		return r, fmt.Errorf("remove annotator %q: not an annotator's name", name)
	}
	b, r, err := s.leaveBatch(ctx, name, from)
	if err != nil || len(b.Replace)+len(b.Reviews)+len(b.Gone) == 0 {
		return r, err
	}
	if _, err := s.WriteBatchWhole(ctx, b); err != nil {
		return Removed{}, fmt.Errorf("remove %s's work: %w", name, err)
	}
	return r, nil
}

// AnnotatorWork counts what RemoveAnnotatorFrom would take out of the store
// now, taking nothing: a caller records it before the removal, so that a
// kill right after the removal does not lose what was removed.
func (s *Store) AnnotatorWork(ctx context.Context, name string, from *From) (Removed, error) {
	if name == "" || annotate.IsCurated(name) {
		return Removed{}, fmt.Errorf("count annotator %q: not an annotator's name", name)
	}
	_, r, err := s.leaveBatch(ctx, name, from)
	return r, err
}

// leaveBatch is the batch that removes name's work (what from names), and
// what it counts.
func (s *Store) leaveBatch(ctx context.Context, name string, from *From) (*Batch, Removed, error) {
	var r Removed
	all := from == nil
	if all {
		from = &From{}
	}
	inDocs, inReviewed, inThreads := idTest(all, from.Docs), idTest(all, from.Reviewed), idTest(all, from.Threads)
	layers := []string{name, annotate.CuratedBy(name)}
	reviewer := annotate.CuratedBy(name)
	b := &Batch{}
	dropped := map[string]map[string]bool{} // doc: layers dropped
	drop := func(doc, annot string) {
		if !inDocs(doc) {
			return
		}
		if dropped[doc] == nil {
			dropped[doc] = map[string]bool{}
		}
		if !dropped[doc][annot] {
			dropped[doc][annot] = true
			b.Replace = append(b.Replace, LayerStamp{Doc: doc, Annotator: annot, Drop: true})
			b.Marks = append(b.Marks, &annotate.Mark{Doc: doc, Annotator: annot})
		}
	}
	spanDocs := map[string]bool{}
	kept := map[string]bool{}
	for _, annot := range layers {
		err := s.SpansByAnnotator(ctx, annot, func(sp *annotate.Span) error {
			if !inDocs(sp.Doc) {
				kept[sp.Doc] = true
				return nil
			}
			r.Spans++
			spanDocs[sp.Doc] = true
			drop(sp.Doc, annot)
			return nil
		})
		if err != nil {
			return nil, r, err
		}
	}
	r.Articles, r.Kept = len(spanDocs), len(kept)
	reviewed := map[string]bool{}
	now := annotate.NowMillis()
	err := s.view(func(txn *badger.Txn) error {
		// Layers with a time or a mark and no span left.
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: false, Prefix: []byte{pLayerMod}})
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().Key()
			if len(k) < 9 {
				it.Close()
				return fmt.Errorf("layer time key %x: %w", k, errCorrupt)
			}
			annot, _, err := readStr(k[9:])
			if err != nil {
				it.Close()
				return fmt.Errorf("layer time key %x: %w", k, err)
			}
			if slices.Contains(layers, annot) {
				drop(hex.EncodeToString(k[1:9]), annot)
			}
		}
		it.Close()
		for _, annot := range layers {
			p := appendStr([]byte{pAnnotMark}, annot)
			it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: false, Prefix: p})
			for it.Rewind(); it.Valid(); it.Next() {
				k := it.Item().Key()
				if len(k) != len(p)+8 {
					it.Close()
					return fmt.Errorf("mark index key %x: %w", k, errCorrupt)
				}
				drop(hex.EncodeToString(k[len(p):]), annot)
			}
			it.Close()
		}
		// Their decisions: every article's, by reviewer.
		it = txn.NewIterator(badger.IteratorOptions{PrefetchValues: false, Prefix: []byte{pDecision}})
		for it.Rewind(); it.Valid(); it.Next() {
			if err := checkCtx(ctx); err != nil {
				it.Close()
				return err
			}
			k := it.Item().Key()
			if len(k) < 9 {
				it.Close()
				return fmt.Errorf("decision key %x: %w", k, errCorrupt)
			}
			_, rest, err := readID(k[9:])
			var rv string
			if err == nil {
				rv, _, err = readStr(rest)
			}
			if err != nil {
				it.Close()
				return fmt.Errorf("decision key %x: %w", k, err)
			}
			doc := hex.EncodeToString(k[1:9])
			if rv != reviewer || !inReviewed(doc) {
				continue
			}
			r.Decisions++
			if !reviewed[doc] {
				reviewed[doc] = true
				b.Reviews = append(b.Reviews, Review{Doc: doc, Reviewer: reviewer})
			}
		}
		it.Close()
		// Their threads, each deleted as of a moment after its last
		// change (a deletion dated earlier keeps a thread).
		for _, annot := range layers {
			ids, err := idsUnder(txn, appendStr([]byte{pAnnotThr}, annot))
			if err != nil {
				return err
			}
			for _, id := range ids {
				t, err := readThread(txn, id)
				if errors.Is(err, ErrNotFound) {
					continue
				}
				if err != nil {
					return fmt.Errorf("thread %s: %w", id, err)
				}
				if t.Annotator != annot || !inThreads(id) {
					continue
				}
				b.Gone = append(b.Gone, GoneThread{ID: id, Annotator: annot, At: max(now, t.ChangedAt()+1)})
			}
		}
		r.Threads = len(b.Gone)
		return nil
	})
	if err != nil {
		return nil, r, fmt.Errorf("remove %s's work: %w", name, err)
	}
	// One document's layers together, as groupBatch takes them.
	slices.SortStableFunc(b.Replace, func(x, y LayerStamp) int {
		switch {
		case x.Doc < y.Doc:
			return -1
		case x.Doc > y.Doc:
			return 1
		}
		return 0
	})
	return b, r, nil
}
