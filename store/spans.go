package store

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/skein-news/skein/annotate"
)

// Spans returns every layer's spans in document docID, in text order
// (annotate.SortSpans). A document without spans, or unknown, has none.
func (s *Store) Spans(docID string) ([]*annotate.Span, error) {
	return s.layerSpans(docID, "")
}

// LayerSpans returns annotator's spans in document docID, in text order.
func (s *Store) LayerSpans(docID, annotator string) ([]*annotate.Span, error) {
	if annotator == "" {
		return nil, nil
	}
	return s.layerSpans(docID, annotator)
}

func (s *Store) layerSpans(docID, annotator string) ([]*annotate.Span, error) {
	doc, ok := docBytes(docID)
	if !ok {
		return nil, nil
	}
	dec := &spanDecoder{names: &s.names}
	var annot []byte
	if annotator != "" {
		annot = []byte(annotator)
	}
	if ok, err := s.fromPrefetch(doc, docID, annot, dec); ok || err != nil {
		if err != nil {
			return nil, fmt.Errorf("spans of document %s: %w", docID, err)
		}
		return dec.finish(), nil
	}
	var spans []*annotate.Span
	err := s.view(func(txn *badger.Txn) error {
		var err error
		spans, err = readSpans(txn, doc, docID, annotator, dec)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("spans of document %s: %w", docID, err)
	}
	return spans, nil
}

// readSpans decodes the spans of one document (of one layer when annotator
// is not ""), in text order, with dec (which may be nil).
func readSpans(txn *badger.Txn, doc [8]byte, docID, annotator string, dec *spanDecoder) ([]*annotate.Span, error) {
	if dec == nil {
		dec = &spanDecoder{}
	}
	var annot []byte
	if annotator != "" {
		annot = []byte(annotator)
	}
	if err := readSpanList(txn, doc, docID, annot, nil, dec); err != nil {
		return nil, err
	}
	return dec.finish(), nil
}

// readSpanList adds a document's spans to dec, filtered by annotator and
// label when those are not nil.
func readSpanList(txn *badger.Txn, doc [8]byte, docID string, annot, label []byte, dec *spanDecoder) error {
	err := withSpanList(txn, doc, func(v []byte) error { return dec.addList(docID, v, annot, label) })
	if err != nil {
		return fmt.Errorf("span list of document %s: %w", docID, err)
	}
	return nil
}

// Span returns the span with ID id, or an error wrapping ErrNotFound.
func (s *Store) Span(id string) (*annotate.Span, error) {
	var sp *annotate.Span
	err := s.view(func(txn *badger.Txn) error {
		doc, err := spanDoc(txn, &s.pending, id)
		if err != nil {
			return err
		}
		ss, err := loadSpanSet(txn, doc)
		if err != nil {
			return err
		}
		i := ss.find(id)
		if i < 0 {
			return fmt.Errorf("index names a span its document does not hold: %w", errCorrupt)
		}
		dec := spanDecoder{names: &s.names}
		if err := dec.add(hex.EncodeToString(doc[:]), ss.entries[i].raw, nil, nil); err != nil {
			return err
		}
		sp = dec.finish()[0]
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("span %s: %w", id, err)
	}
	return sp, nil
}

// SpanDocs returns, for each of ids that the store holds, the ID of the
// document the span is in; IDs it does not hold are left out. It reads one
// index key per ID, in one snapshot, so an importer can check a file's span
// IDs before it writes anything.
func (s *Store) SpanDocs(ctx context.Context, ids []string) (map[string]string, error) {
	out := map[string]string{}
	err := s.view(func(txn *badger.Txn) error {
		if !anySpanIndex(txn) {
			return nil
		}
		s.idLookups.Add(int64(len(ids)))
		found, err := spanDocs(ctx, txn, &s.pending, ids)
		for id, doc := range found {
			out[id] = hex.EncodeToString(doc[:])
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("documents of spans: %w", err)
	}
	return out, nil
}

// Annotators lists, sorted, every annotator with any span, thread or mark.
func (s *Store) Annotators() ([]string, error) {
	return s.annotatorsUnder(pByAnnot, pAnnotThr, pAnnotMark)
}

// Authors lists, sorted, every annotator with a span or a thread: the
// layers that hold annotations, not only marks.
func (s *Store) Authors() ([]string, error) {
	return s.annotatorsUnder(pByAnnot, pAnnotThr)
}

// annotatorsUnder lists the annotators of the by-annotator indexes with the
// prefixes given, skipping from one annotator's keys to the next.
func (s *Store) annotatorsUnder(prefixes ...byte) ([]string, error) {
	set := map[string]bool{}
	err := s.view(func(txn *badger.Txn) error {
		for _, p := range prefixes {
			it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: false, Prefix: []byte{p}})
			for it.Rewind(); it.Valid(); {
				k := it.Item().Key()
				n := strLen(k[1:])
				if n < 0 {
					it.Close()
					return fmt.Errorf("annotator index key %x: %w", k, errCorrupt)
				}
				a, _, _ := readStr(k[1:])
				set[a] = true
				it.Seek(prefixEnd(k[:1+n]))
			}
			it.Close()
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list annotators: %w", err)
	}
	out := make([]string, 0, len(set))
	for a := range set {
		out = append(out, a)
	}
	sort.Strings(out)
	return out, nil
}

// SpansByAnnotator calls fn for every span in annotator's layers: by
// document ID, and in text order within a document. An error from fn stops
// it and is returned.
func (s *Store) SpansByAnnotator(ctx context.Context, annotator string, fn func(*annotate.Span) error) error {
	if annotator == "" {
		return nil
	}
	return s.spansByName(ctx, pByAnnot, annotator, fn)
}

// SpansByLabel calls fn for every span with the label, in every layer: by
// document ID, and in text order within a document. An error from fn stops
// it and is returned.
func (s *Store) SpansByLabel(ctx context.Context, label string, fn func(*annotate.Span) error) error {
	return s.spansByName(ctx, pByLabel, label, fn)
}

// spansByName calls fn for the spans of an annotator (p is pByAnnot) or a
// label (pByLabel), reading the span lists of the documents its index keys
// name.
func (s *Store) spansByName(ctx context.Context, p byte, name string, fn func(*annotate.Span) error) error {
	prefix := appendStr([]byte{p}, name)
	annot, label, kind, what := []byte(name), []byte(nil), "annotator", "spans of "+name
	if p == pByLabel {
		annot, label, kind, what = nil, []byte(name), "label", "spans labelled "+name
	}
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: false, Prefix: prefix})
		defer it.Close()
		dec := spanDecoder{names: &s.names}
		for it.Rewind(); it.Valid(); it.Next() {
			if err := checkCtx(ctx); err != nil {
				return err
			}
			k := it.Item().Key()
			if len(k) != len(prefix)+8 {
				return fmt.Errorf("%s index key %x: %w", kind, k, errCorrupt)
			}
			doc := [8]byte(k[len(prefix):])
			if err := readSpanList(txn, doc, hex.EncodeToString(doc[:]), annot, label, &dec); err != nil {
				return err
			}
			for _, sp := range dec.finish() {
				if err := fn(sp); err != nil {
					return errStop{err}
				}
			}
		}
		return nil
	})
	return stopErr(err, what)
}

// stopErr unwraps a callback's error or wraps the store's own.
func stopErr(err error, what string) error {
	var stop errStop
	if errors.As(err, &stop) {
		return stop.err
	}
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// Counts returns how many spans of each label document docID has in
// annotator's layer, or in all layers when annotator is "".
func (s *Store) Counts(docID, annotator string) (map[string]int, error) {
	counts := map[string]int{}
	doc, ok := docBytes(docID)
	if !ok {
		return counts, nil
	}
	err := s.view(func(txn *badger.Txn) error {
		return withSpanList(txn, doc, func(v []byte) error {
			return eachEntry(v, func(raw []byte) error {
				r := reader{b: raw}
				a := r.bytes()
				r.entryIDField()
				l := r.bytes()
				if r.err != nil {
					return r.err
				}
				if annotator == "" || string(a) == annotator {
					counts[s.names.str(l)]++
				}
				return nil
			})
		})
	})
	if err != nil {
		return nil, fmt.Errorf("count spans of document %s: %w", docID, err)
	}
	return counts, nil
}

// LayerModified is when annotator's layer in document docID last changed,
// in Unix milliseconds, or 0 if it never did.
func (s *Store) LayerModified(docID, annotator string) (int64, error) {
	doc, ok := docBytes(docID)
	if !ok {
		return 0, nil
	}
	var ms int64
	err := s.view(func(txn *badger.Txn) error {
		var err error
		ms, err = readLayerTime(txn, doc, annotator)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("layer %s of document %s: %w", annotator, docID, err)
	}
	return ms, nil
}

// LayerTimes is LayerModified of each (document ID, annotator) pair, in
// one snapshot. A layer has a time only on a stored document, so a
// document the store lacks (every article of a first sync) costs one
// read, not one per layer: an import of a bucket of 20 colleagues' files
// asked LayerModified 20 times per article, one transaction each.
func (s *Store) LayerTimes(layers [][2]string) ([]int64, error) {
	out := make([]int64, len(layers))
	if len(layers) == 0 {
		return out, nil
	}
	err := s.view(func(txn *badger.Txn) error {
		// A document asked about for many layers (an import's, a
		// first sync's: every colleague's) has its layer times read
		// in one seek, not one look-up each, which on a store without
		// them (a first sync's) each went through every table.
		asked := map[[8]byte]int{}
		for _, l := range layers {
			if doc, ok := docBytes(l[0]); ok {
				asked[doc]++
			}
		}
		var it *badger.Iterator
		defer func() {
			if it != nil {
				it.Close()
			}
		}()
		times := map[[8]byte]map[string]int64{}
		stored := map[[8]byte]bool{}
		for i, l := range layers {
			doc, ok := docBytes(l[0])
			if !ok {
				continue
			}
			have, seen := stored[doc]
			if !seen {
				var err error
				if have, err = has(txn, docKey(pInfo, doc)); err != nil {
					return err
				}
				stored[doc] = have
			}
			if !have {
				continue
			}
			if asked[doc] < layerScanFrom {
				ms, err := readLayerTime(txn, doc, l[1])
				if err != nil {
					return fmt.Errorf("layer %s of document %s: %w", l[1], l[0], err)
				}
				out[i] = ms
				continue
			}
			m, ok := times[doc]
			if !ok {
				if it == nil {
					it = txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pLayerMod}})
				}
				var err error
				if m, err = scanLayerTimes(it, doc); err != nil {
					return fmt.Errorf("layers of document %s: %w", l[0], err)
				}
				times[doc] = m
			}
			out[i] = m[l[1]]
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("layer times: %w", err)
	}
	return out, nil
}

// layerScanFrom is how many of a document's layers LayerTimes must be
// asked for to read all of the document's in one seek.
const layerScanFrom = 4

// scanLayerTimes reads every layer time of doc with it, an iterator over
// the layer-time keys.
func scanLayerTimes(it *badger.Iterator, doc [8]byte) (map[string]int64, error) {
	m := map[string]int64{}
	prefix := appendDoc([]byte{pLayerMod}, doc)
	for it.Seek(prefix); it.ValidForPrefix(prefix); it.Next() {
		item := it.Item()
		annot, rest, err := readStr(item.Key()[len(prefix):])
		if err != nil || len(rest) != 0 {
			return nil, errCorrupt
		}
		err = itemValue(item, func(v []byte) error {
			if len(v) != 8 {
				return errCorrupt
			}
			m[annot] = int64(binaryBE.Uint64(v))
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return m, nil
}

func readLayerTime(txn *badger.Txn, doc [8]byte, annotator string) (int64, error) {
	v, err := get(txn, layerKey(pLayerMod, doc, annotator))
	if errors.Is(err, ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if len(v) != 8 {
		return 0, errCorrupt
	}
	return int64(binaryBE.Uint64(v)), nil
}

// setLayerTime records ms as the layer's time unless it already holds a
// later one (when later is true) or unconditionally. A held time far past
// the clock (times.go) counts as no later: kept, it would outlast every
// change.
func setLayerTime(txn *badger.Txn, doc [8]byte, annotator string, ms int64, onlyLater bool) error {
	if onlyLater {
		old, err := readLayerTime(txn, doc, annotator)
		if err != nil {
			return err
		}
		if old >= ms && !farTime(old) {
			return nil
		}
	}
	return txn.Set(layerKey(pLayerMod, doc, annotator), binaryBE.AppendUint64(nil, uint64(ms)))
}

// Layers describes the named layers of a document: when each last changed
// and the annotator's done mark and answer, in the order given. It reads
// them in one transaction, where LayerModified and Mark take one each: an
// export asks this for every document.
func (s *Store) Layers(docID string, annotators []string) ([]annotate.LayerInfo, error) {
	doc, ok := docBytes(docID)
	if !ok {
		return nil, nil
	}
	out := make([]annotate.LayerInfo, 0, len(annotators))
	err := s.view(func(txn *badger.Txn) error {
		for _, a := range annotators {
			ms, err := readLayerTime(txn, doc, a)
			if err != nil {
				return err
			}
			l := annotate.LayerInfo{Annotator: a, Modified: ms}
			v, err := get(txn, layerKey(pMark, doc, a))
			switch {
			case err == nil:
				m, err := decodeMark(docID, a, v)
				if err != nil {
					return err
				}
				l.Done, l.Answer = m.Done, m.Answer
			case !errors.Is(err, ErrNotFound):
				return err
			}
			out = append(out, l)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("layers of document %s: %w", docID, err)
	}
	return out, nil
}
