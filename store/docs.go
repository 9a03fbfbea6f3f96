package store

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/skein-news/skein/annotate"
)

// DocInfo is what the document list shows; reading it does not read the
// article's text.
type DocInfo struct {
	ID, Title, Source, Date string
	Len                     int // code points
}

// SortByDate puts docs in the order the window's list, skein list and
// search show them: oldest first, undated last, by title within a date in
// natural order ("Article 2" before "Article 10", as CompareNatural), then
// by ID, so the order is the same on every machine.
func SortByDate(docs []DocInfo) {
	slices.SortFunc(docs, CompareByDate)
}

// CompareByDate orders a and b as SortByDate does.
func CompareByDate(a, b DocInfo) int {
	if (a.Date == "") != (b.Date == "") {
		if a.Date == "" {
			return 1
		}
		return -1
	}
	return cmp.Or(strings.Compare(a.Date, b.Date), CompareNatural(a.Title, b.Title), strings.Compare(a.ID, b.ID))
}

// CompareNatural compares a and b as text in which a run of the digits 0–9
// is one number: "Article 2" < "Article 10" < "Article 100". Numbers are
// compared by value, any leading zeros aside; the rest byte by byte, as
// strings.Compare. Two texts alike but for leading zeros ("a01", "a1")
// are ordered by strings.Compare, so that only equal texts compare equal.
func CompareNatural(a, b string) int {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if isDigit(a[i]) && isDigit(b[j]) {
			ei, ej := digitsEnd(a, i), digitsEnd(b, j)
			na, nb := strings.TrimLeft(a[i:ei], "0"), strings.TrimLeft(b[j:ej], "0")
			if c := cmp.Or(cmp.Compare(len(na), len(nb)), strings.Compare(na, nb)); c != 0 {
				return c
			}
			i, j = ei, ej
			continue
		}
		if a[i] != b[j] {
			return cmp.Compare(a[i], b[j])
		}
		i++
		j++
	}
	return cmp.Or(cmp.Compare(len(a)-i, len(b)-j), strings.Compare(a, b))
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// digitsEnd is the end of the run of digits in s that starts at i.
func digitsEnd(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

// PutDocument stores d unless a document with its ID is already there, and
// reports whether it was added. The ID must be 16 lower-case hex digits (see
// annotate.DocID); the store does not recompute it from the text.
func (s *Store) PutDocument(ctx context.Context, d *annotate.Document) (added bool, err error) {
	doc, ok := docBytes(d.ID)
	if !ok {
		return false, fmt.Errorf("put document: %w", errDocID(d.ID))
	}
	if err := checkDocSize(d); err != nil {
		return false, fmt.Errorf("put document: %w", err)
	}
	if err := checkCtx(ctx); err != nil {
		return false, err
	}
	if err := s.begin(); err != nil {
		return false, err
	}
	defer s.end()
	s.bulk.Lock()
	defer s.bulk.Unlock()
	err = s.update(func(txn *badger.Txn) error {
		added = false
		ok, err := has(txn, docKey(pInfo, doc))
		if err != nil || ok {
			return err
		}
		added = true
		return putDoc(txn, doc, d, nil, nil)
	})
	if err != nil {
		return false, fmt.Errorf("put document %s: %w", d.ID, err)
	}
	return added, nil
}

// docRecordSize is the length of a document's record (encodeDoc), counting
// each string's length prefix as the most a uvarint takes.
func docRecordSize(d *annotate.Document) int {
	n := len(d.Title) + len(d.Source) + len(d.Date) + len(d.Text) + 4*binary.MaxVarintLen64
	for k, v := range d.Meta {
		n += len(k) + len(v) + 2*binary.MaxVarintLen64
	}
	return n
}

// checkDocSize refuses a document whose record would not fit in one value
// (maxValueBytes), naming it and its size.
func checkDocSize(d *annotate.Document) error {
	if n := docRecordSize(d); n > maxValueBytes {
		return fmt.Errorf("document %s is too large to store: its text and metadata take %d bytes, at most %d fit", d.ID, n, maxValueBytes)
	}
	return nil
}

// putDoc writes a document's two records and its search record, carving their bytes from a.
//
// frame, when not nil, is the buffer the text was read into, with room in
// front of it (RecordRoom): the record is written around the text there
// rather than copied (encodeDocInFrame).
func putDoc(txn *badger.Txn, doc [8]byte, d *annotate.Document, a *arena, frame []byte) error {
	head := 16 + len(d.Title) + len(d.Source) + len(d.Date)
	info := a.done(encodeInfo(a.start(head), d, runeCount(d.Text)))
	if err := txn.Set(a.done(appendDoc(append(a.start(9), pInfo), doc)), info); err != nil {
		return err
	}
	rec := encodeDocInFrame(frame, d)
	if rec == nil {
		rec = a.done(encodeDoc(a.start(head+len(d.Text)+32*len(d.Meta)), d))
	}
	return txn.Set(a.done(appendDoc(append(a.start(9), pDoc), doc)), rec)
}

// Document returns the document with ID id, or an error wrapping
// ErrNotFound.
func (s *Store) Document(id string) (*annotate.Document, error) {
	doc, ok := docBytes(id)
	if !ok {
		return nil, fmt.Errorf("document %q: %w", id, ErrNotFound)
	}
	var d *annotate.Document
	err := s.view(func(txn *badger.Txn) error {
		it, err := txn.Get(docKey(pDoc, doc))
		if err != nil {
			if errors.Is(err, badger.ErrKeyNotFound) {
				return ErrNotFound
			}
			return err
		}
		return itemValue(it, func(v []byte) error {
			if d, err = decodeDoc(id, v); err == nil {
				err = verifyText(d)
			}
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("document %s: %w", id, err)
	}
	return d, nil
}

// HasDocument reports whether a document with ID id is stored.
func (s *Store) HasDocument(id string) (bool, error) {
	doc, ok := docBytes(id)
	if !ok {
		return false, nil
	}
	var found bool
	err := s.view(func(txn *badger.Txn) error {
		var err error
		found, err = has(txn, docKey(pInfo, doc))
		return err
	})
	if err != nil {
		return false, fmt.Errorf("document %s: %w", id, err)
	}
	return found, nil
}

// Documents calls fn for every document's info, sorted by date, then title,
// then ID. It reads only the small info records. An error from fn stops it
// and is returned.
func (s *Store) Documents(ctx context.Context, fn func(DocInfo) error) error {
	var infos []DocInfo
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: false, Prefix: []byte{pInfo}})
		defer it.Close()
		var buf []byte
		n := 0
		for it.Rewind(); it.Valid(); it.Next() {
			if n++; n%1024 == 0 {
				if err := checkCtx(ctx); err != nil {
					return err
				}
			}
			item := it.Item()
			k := item.Key()
			if len(k) != 9 {
				return fmt.Errorf("document info key %x: %w", k, errCorrupt)
			}
			var di DocInfo
			err := itemValue(item, func(v []byte) error {
				buf = hex.AppendEncode(buf[:0], k[1:])
				var err error
				di, err = decodeInfo(string(append(buf, v...)))
				return err
			})
			if err != nil {
				return fmt.Errorf("document %x info: %w", k[1:], err)
			}
			infos = append(infos, di)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("list documents: %w", err)
	}
	sort.Slice(infos, func(i, j int) bool {
		a, b := &infos[i], &infos[j]
		if a.Date != b.Date {
			return a.Date < b.Date
		}
		if a.Title != b.Title {
			return a.Title < b.Title
		}
		return a.ID < b.ID
	})
	for _, di := range infos {
		if err := fn(di); err != nil {
			return err
		}
	}
	return nil
}

// DocumentCount is the number of stored documents.
func (s *Store) DocumentCount() (int, error) {
	n := 0
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: false, Prefix: []byte{pInfo}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			n++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("count documents: %w", err)
	}
	return n, nil
}

// EachDocument calls fn for every document, in ID order, reading one at a
// time so that an export's memory does not grow with the corpus. fn may call
// the store's other reading methods; a call to Spans or LayerSpans for the
// document in hand is answered from the same pass, without a lookup, as long
// as nothing was written since EachDocument began. An error from fn stops it
// and is returned.
func (s *Store) EachDocument(ctx context.Context, fn func(*annotate.Document) error) error {
	if err := s.begin(); err != nil {
		return err
	}
	defer s.end()
	gen, tag := s.snapshotGen()
	txn := s.db.NewTransaction(false)
	defer txn.Discard()
	defer s.withdraw()
	it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: false, Prefix: []byte{pDoc}})
	defer it.Close()
	var lists, tails *badger.Iterator
	if tag {
		lists = txn.NewIterator(badger.IteratorOptions{PrefetchValues: false, Prefix: []byte{pSpan}})
		defer lists.Close()
		lists.Rewind()
		tails = txn.NewIterator(badger.IteratorOptions{PrefetchValues: false, Prefix: []byte{pSpanTail}})
		defer tails.Close()
		tails.Rewind()
	}
	verdicts, stop := verifyAhead(txn)
	defer stop()
	var hexID [16]byte
	for it.Rewind(); it.Valid(); it.Next() {
		if err := checkCtx(ctx); err != nil {
			return err
		}
		item := it.Item()
		k := item.Key()
		if len(k) != 9 {
			return fmt.Errorf("read documents: document key %x: %w", k, errCorrupt)
		}
		hex.Encode(hexID[:], k[1:])
		var d *annotate.Document
		err := itemValue(item, func(v []byte) error {
			var err error
			d, err = decodeDoc(string(hexID[:]), v)
			return err
		})
		if err == nil && verdicts != nil {
			err = <-verdicts
		}
		if err != nil {
			return fmt.Errorf("read documents: document %s: %w", hexID, err)
		}
		if lists != nil {
			if err := s.offerList(lists, tails, [8]byte(k[1:]), gen); err != nil {
				return fmt.Errorf("read documents: span list of %s: %w", hexID, err)
			}
		}
		if err := fn(d); err != nil {
			return err
		}
	}
	return nil
}

// offerList advances the span-list and tail iterators, which walk in step
// with the documents, to document doc and offers its list, with its tail
// merged in, for Spans.
func (s *Store) offerList(lists, tails *badger.Iterator, doc [8]byte, gen uint64) error {
	var tail []byte
	for ; tails.Valid(); tails.Next() {
		k := tails.Item().Key()
		if len(k) != 9 {
			return errCorrupt
		}
		if c := bytes.Compare(k[1:], doc[:]); c < 0 {
			continue
		} else if c == 0 {
			var err error
			if tail, err = itemValueCopy(tails.Item()); err != nil {
				return err
			}
		}
		break
	}
	for ; lists.Valid(); lists.Next() {
		k := lists.Item().Key()
		if len(k) != 9 {
			return errCorrupt
		}
		switch c := bytes.Compare(k[1:], doc[:]); {
		case c < 0:
			continue
		case c > 0:
			s.offer(doc, nil, gen)
			return nil
		}
		return itemValue(lists.Item(), func(v []byte) error {
			if tail != nil {
				var err error
				if v, err = mergedList(v, tail); err != nil {
					return err
				}
			}
			s.offer(doc, v, gen)
			return nil
		})
	}
	s.offer(doc, nil, gen)
	return nil
}

// errStop carries a callback's error out of a transaction unwrapped.
type errStop struct{ err error }

func (e errStop) Error() string { return e.err.Error() }

// DeleteDocument removes a document with its spans, marks, decisions and
// layer times; the threads that hold its spans lose those members (a link or
// an equivalence set left with fewer than two members, or a thread left
// empty, goes too). Undo history is kept, but changes that touch the
// document can no longer be undone or redone (their before-images no longer
// match, or their document is gone).
//
// It is all or nothing across a kill or a crash. An article whose
// deletion fits in one transaction is deleted in one. A larger one
// (thousands of spans, or of members in its threads) takes several:
// first its spans' index keys, behind a split key (P), by which the next
// Open puts them back if the deletion stops there (finishSplit); then one
// transaction deletes its span list and records, the split key with
// them, and takes its members out of threads and deletes its marks,
// decisions, layer times and suggestions. Where those do not fit beside
// the records (thousands of members in a thread), that transaction writes
// a deletion key (O) in their place, and they go after it, the deletion
// key last; stopped after the records went, the next Open finishes them
// (finishDeletions). The article is found whole or not at all, never
// without its thread memberships or marks.
func (s *Store) DeleteDocument(ctx context.Context, id string) error {
	doc, ok := docBytes(id)
	if !ok {
		return fmt.Errorf("delete document %q: %w", id, ErrNotFound)
	}
	if err := s.begin(); err != nil {
		return err
	}
	defer s.end()
	s.bulk.Lock()
	defer s.bulk.Unlock()
	found := false
	err := s.db.View(func(txn *badger.Txn) error {
		var err error
		found, err = has(txn, docKey(pInfo, doc))
		return err
	})
	if err == nil && !found {
		err = ErrNotFound
	}
	if err == nil {
		err = checkCtx(ctx)
	}
	if err == nil {
		limit := int(s.db.MaxBatchCount())
		var large *spanSet
		err = s.update(func(txn *badger.Txn) error { return deleteDocumentIn(txn, doc, id, limit, &large) })
		if errors.Is(err, badger.ErrTxnTooBig) {
			err = s.deleteDocumentSplit(ctx, doc, id, large)
		}
	}
	if err != nil {
		return fmt.Errorf("delete document %s: %w", id, err)
	}
	return nil
}

// deleteDocumentIn deletes the document doc (ID id) whole in txn. It
// returns badger.ErrTxnTooBig at once when the document has more spans
// than limit, the entries a transaction holds, with its spans in large.
func deleteDocumentIn(txn *badger.Txn, doc [8]byte, id string, limit int, large **spanSet) error {
	ss, err := loadSpanSet(txn, doc)
	if err != nil {
		return err
	}
	if len(ss.entries) >= limit {
		*large = ss
		return badger.ErrTxnTooBig
	}
	if err := deleteDocumentRest(txn, doc, id); err != nil {
		return err
	}
	return deleteDocumentRecordsIn(txn, doc, ss, nil)
}

// deleteDocumentRest takes document doc's (ID id) members out of the
// threads that hold them and deletes its marks, decisions, layer times
// and suggestions, in txn.
func deleteDocumentRest(txn *badger.Txn, doc [8]byte, id string) error {
	if err := leaveThreadsIn(txn, doc, id); err != nil {
		return err
	}
	for _, k := range documentLeftovers(txn, doc) {
		if err := txn.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// leaveThreadsIn takes the members in document doc (ID id) out of every
// thread that has one, in txn.
func leaveThreadsIn(txn *badger.Txn, doc [8]byte, id string) error {
	tids, err := idsUnder(txn, docKey(pDocThr, doc))
	if err != nil {
		return err
	}
	for _, tid := range tids {
		old, err := readThread(txn, tid)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return fmt.Errorf("thread %s: %w", tid, err)
		}
		if err := writeThread(txn, old, withoutDoc(old, id), nil); err != nil {
			return fmt.Errorf("thread %s: %w", tid, err)
		}
	}
	return nil
}

// documentLeftovers lists the keys of document doc that go with it
// besides its spans and records: its marks with their index keys,
// decisions, layer times and suggestions.
func documentLeftovers(txn *badger.Txn, doc [8]byte) [][]byte {
	var keys [][]byte
	for _, p := range []byte{pMark, pDecision, pLayerMod, pModel, pRejected} {
		keys = appendKeys(txn, keys, docKey(p, doc))
	}
	for _, k := range keys {
		if k[0] != pMark {
			continue
		}
		// A mark key that does not decode has no index key to go with
		// it; it goes itself.
		if annot, _, err := readStr(k[9:]); err == nil {
			keys = append(keys, markAnnotKey(annot, doc))
		}
	}
	return keys
}

// deleteDocumentSplit deletes a document too large to delete in one
// transaction, in several (see DeleteDocument); ss, when not nil, is its
// spans as just read.
func (s *Store) deleteDocumentSplit(ctx context.Context, doc [8]byte, id string, ss *spanSet) error {
	var err error
	if ss == nil {
		err = s.db.View(func(txn *badger.Txn) error {
			ss, err = loadSpanSet(txn, doc)
			return err
		})
	}
	if err != nil {
		return err
	}
	// A split key (split.go) names the spans whose index keys the passes
	// delete, in their first transaction: a crash or a failure before the
	// article's records go puts those keys back (finishSplit) rather than
	// leave the article's spans without them, which check finds as damage.
	sw := s.newSplitWriter()
	defer func() {
		if sw.txn != nil {
			sw.txn.Discard()
		}
	}()
	split, rest := false, false
	ids := make([]string, len(ss.entries))
	indexed := make(map[string]bool, len(ss.entries))
	if len(ss.entries) > 0 {
		ops := make([]indexOp, len(ss.entries))
		for i := range ss.entries {
			ops[i] = indexOp{del: true, e: ss.entries[i]}
			ids[i] = string(ss.entries[i].id)
			indexed[ids[i]] = true
		}
		if err := sw.do(func(txn *badger.Txn) error { return txn.Set(docKey(pSplit, doc), encodeSplit(ops)) }); err != nil {
			return err
		}
		split = true
	}
	for i := range ss.entries {
		if err = checkCtx(ctx); err != nil {
			break
		}
		e := &ss.entries[i]
		if err = sw.do(func(txn *badger.Txn) error { return deleteSpanIndex(txn, doc, e, nil) }); err != nil {
			break
		}
	}
	if err == nil {
		err = sw.flush()
	}
	if err == nil {
		// The rest in one transaction where it fits (the article's
		// threads, marks and decisions are few), else its records
		// with the deletion key, then the rest.
		err = s.deleteDocumentRecords(doc, indexed, func(txn *badger.Txn) error { return deleteDocumentRest(txn, doc, id) })
		if errors.Is(err, badger.ErrTxnTooBig) {
			rest = true
			err = s.deleteDocumentRecords(doc, indexed, func(txn *badger.Txn) error { return txn.Set(docKey(pDeleting, doc), nil) })
		}
	}
	if err != nil {
		if split {
			if uerr := s.finishSplit(doc, ids); uerr != nil {
				return fmt.Errorf("%w (putting back the index keys deleted failed too, the next open will: %v)", err, uerr)
			}
		}
		return err
	}
	if !rest {
		return nil
	}
	splitStepDone("article")
	if err := s.finishDeletion(doc); err != nil {
		return fmt.Errorf("the article is deleted, but not yet its threads' members, marks and decisions (the next open finishes it): %w", err)
	}
	return nil
}

// deleteDocumentRecords deletes, last and in one transaction, the span list
// with its annotator and label keys, the index keys of any span added since
// the passes before (those not in indexed, whose keys they deleted), the
// document's records and the split key, and does also what also says.
// Deleting every span's index key again here made an article of 50,000
// spans a transaction too big: the deletion failed after the passes, and
// left the store damaged.
func (s *Store) deleteDocumentRecords(doc [8]byte, indexed map[string]bool, also func(*badger.Txn) error) error {
	return s.update(func(txn *badger.Txn) error {
		ss, err := loadSpanSet(txn, doc)
		if err != nil {
			return err
		}
		if err := deleteDocumentRecordsIn(txn, doc, ss, indexed); err != nil {
			return err
		}
		if err := txn.Delete(docKey(pSplit, doc)); err != nil {
			return err
		}
		return also(txn)
	})
}

// deleteDocumentRecordsIn deletes the spans of ss, the index keys of those
// not in indexed (nil: of all), and the document's records.
func deleteDocumentRecordsIn(txn *badger.Txn, doc [8]byte, ss *spanSet, indexed map[string]bool) error {
	for i := range ss.entries {
		if !indexed[string(ss.entries[i].id)] {
			if err := deleteSpanIndex(txn, doc, &ss.entries[i], nil); err != nil {
				return err
			}
		}
		ss.remove(i)
	}
	if err := ss.write(txn, nil); err != nil {
		return err
	}
	if err := txn.Delete(docKey(pInfo, doc)); err != nil {
		return err
	}
	return txn.Delete(docKey(pDoc, doc))
}

// finishDeletion does what is left of the deletion of document doc once
// its records are gone: its members leave the threads that hold them,
// one thread a transaction (or several, for thousands of members), and
// its marks, decisions, layer times and suggestions go, the deletion key
// (O) last. Every step may run again.
func (s *Store) finishDeletion(doc [8]byte) error {
	id := hex.EncodeToString(doc[:])
	var tids []string
	err := s.db.View(func(txn *badger.Txn) error {
		var err error
		tids, err = idsUnder(txn, docKey(pDocThr, doc))
		return err
	})
	if err != nil {
		return err
	}
	for _, tid := range tids {
		var updated *annotate.Thread
		err := s.update(func(txn *badger.Txn) error {
			old, err := readThread(txn, tid)
			if errors.Is(err, ErrNotFound) {
				return nil
			}
			if err != nil {
				return err
			}
			updated = withoutDoc(old, id)
			return writeThread(txn, old, updated, nil)
		})
		if errors.Is(err, badger.ErrTxnTooBig) {
			// Thousands of its members in this article: the keys
			// they lose do not fit in one transaction.
			_, err = s.writeThreadSplit(tid, updated)
		}
		if err != nil {
			return fmt.Errorf("thread %s: %w", tid, err)
		}
		splitStepDone("thread")
	}
	var keys [][]byte
	if err := s.db.View(func(txn *badger.Txn) error { keys = documentLeftovers(txn, doc); return nil }); err != nil {
		return err
	}
	sw := s.newSplitWriter()
	defer func() {
		if sw.txn != nil {
			sw.txn.Discard()
		}
	}()
	for _, k := range append(keys, docKey(pDeleting, doc)) {
		if err := sw.do(func(txn *badger.Txn) error { return txn.Delete(k) }); err != nil {
			return err
		}
	}
	return sw.flush()
}

// finishDeletions finishes, before anything reads the store, the
// deletions of articles a kill or a crash stopped after their records
// went (see DeleteDocument).
func (s *Store) finishDeletions() error {
	var docs [][8]byte
	var bad error
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pDeleting}, PrefetchValues: false})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().KeyCopy(nil)
			if len(k) != 9 {
				bad = unfinishedWrite("an article's deletion record of a wrong length",
					fmt.Errorf("finish an interrupted deletion of an article: deletion key %x: %w", k, errCorrupt), k)
				return nil
			}
			docs = append(docs, [8]byte(k[1:]))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("finish an interrupted deletion of an article: %w", err)
	}
	if bad != nil {
		return bad
	}
	for _, doc := range docs {
		if err := s.finishDeletion(doc); err != nil {
			return unfinishedWrite(fmt.Sprintf("a deletion of article %x not yet finished", doc),
				fmt.Errorf("finish an interrupted deletion of an article: %w", err), docKey(pDeleting, doc))
		}
	}
	return nil
}

// withoutDoc returns t without its members in document id, or nil when what
// is left is no thread (see annotate.DeleteSpans for the same rule).
func withoutDoc(t *annotate.Thread, id string) *annotate.Thread {
	return withoutMembers(t, func(m annotate.Member) bool { return m.Doc == id })
}

// withoutMembers returns t without the members drop says, t itself when it
// drops none, or nil when what is left is no thread.
func withoutMembers(t *annotate.Thread, drop func(annotate.Member) bool) *annotate.Thread {
	var kept []annotate.Member
	for _, m := range t.Members {
		if !drop(m) {
			kept = append(kept, m)
		}
	}
	if len(kept) == len(t.Members) {
		return t
	}
	if t.IsLink() || len(kept) == 0 || (t.Kind == annotate.KindEquiv && len(kept) < 2) {
		return nil
	}
	u := t.Clone()
	kept[0].Link = ""
	u.Members = kept
	return u
}

// appendKeys appends copies of every key under prefix p.
func appendKeys(txn *badger.Txn, keys [][]byte, p []byte) [][]byte {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: p})
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		keys = append(keys, it.Item().KeyCopy(nil))
	}
	return keys
}

// idsUnder lists the IDs that end the keys under prefix p.
func idsUnder(txn *badger.Txn, p []byte) ([]string, error) {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: p})
	defer it.Close()
	var ids []string
	for it.Rewind(); it.Valid(); it.Next() {
		k := it.Item().Key()
		id, rest, err := readID(k[len(p):])
		if err != nil || len(rest) != 0 {
			return nil, fmt.Errorf("index key %x: %w", k, errCorrupt)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// splitWriter applies many small idempotent writes in as few transactions
// as Badger allows, committing whenever one is full.
type splitWriter struct {
	s   *Store
	txn *badger.Txn
	n   int
}

func (s *Store) newSplitWriter() *splitWriter { return &splitWriter{s: s} }

// do runs fn in the current transaction, or in a new one when it is full.
// fn must be safe to run twice.
func (w *splitWriter) do(fn func(txn *badger.Txn) error) error {
	if w.txn == nil {
		if err := w.s.checkSpace(0, "the change"); err != nil {
			return err
		}
		w.txn = w.s.db.NewTransaction(true)
	}
	err := fn(w.txn)
	if errors.Is(err, badger.ErrTxnTooBig) {
		if err := w.flush(); err != nil {
			return err
		}
		w.txn = w.s.db.NewTransaction(true)
		err = fn(w.txn)
	}
	if err == nil {
		w.n++
	}
	return err
}

// flush commits the current transaction and syncs.
func (w *splitWriter) flush() error {
	if w.txn == nil {
		return nil
	}
	txn := w.txn
	w.txn = nil
	err := w.s.commit(txn)
	txn.Discard()
	if err != nil {
		return err
	}
	if err := w.s.sync(); err != nil {
		return err
	}
	if afterSplitFlush != nil {
		afterSplitFlush()
	}
	return nil
}

// afterSplitFlush, set by tests, runs after each of a split write's
// transactions is durable (TestSplitWriteKilled's helper is killed there).
var afterSplitFlush func()
