package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/formats"
)

// A set-aside file put back (PutBack) may not be the one skein wrote: a
// file mailed "to fix your store", or planted in the store's set-aside
// folder, is read as an import reads a colleague's file. Its records go
// straight into what the next open finishes before anything reads the
// store (a take's journal is written as a batch, a deletion deletes an
// article's threads' members, marks and review, an import's journal takes
// its articles out), so each is checked first for what that would do, and
// the whole file is refused, naming the file and the field, where any is
// wrong.

// maxPutBack is the largest set-aside file PutBack reads: a take's
// journal is the largest record a set-aside file holds, its batch of one
// person's work, and a link to /dev/zero or a file of gigabytes is not
// read until the memory fills. A variable that tests lower.
var maxPutBack int64 = 512 << 20

// recoveryPrefixes are the first bytes of the keys a set-aside file may
// hold: the records of a write a kill left under way.
var recoveryPrefixes = []byte{pWhole, pSplit, pThrSplit, pDeleting, pJournal, pPend}

// PutBack writes back into the store the record of a write set aside in
// file (by Options.SetAside), so that the next open tries again to finish
// it: for a skein that no longer fails on it. Only a file this store set
// aside, unchanged, is put back (its record, SetAsideMeta, goes with it),
// and only a record this store can finish is written: its keys of the shapes skein writes, none the store
// holds already, a take's batch of one person's work that an import would
// take (offsets within their articles, names, labels, times no later than
// the clock), no deletion of an article the store holds whole, no import's
// journal naming an article someone marked. Anything else refuses the
// whole file, naming it and the field, and nothing is written. The file is
// left as it is.
func (s *Store) PutBack(file string) (what string, err error) {
	if err := s.begin(); err != nil {
		return "", err
	}
	defer s.end()
	rec, raw, err := readSetAside(file)
	if err != nil {
		return "", fmt.Errorf("put back a set-aside write: %w; nothing was written", err)
	}
	keys, err := s.checkPutBack(rec)
	if err != nil {
		return "", fmt.Errorf("put back a set-aside write: %s: %w; nothing was written", file, err)
	}
	record := SetAsideMeta(raw)
	if _, ok, err := s.Meta(record); err != nil || !ok {
		if err == nil {
			err = errors.New("it is no write this store set aside (the store keeps a record of each file it sets aside, and has none of this one: " +
				"one from elsewhere, or changed since)")
		}
		return "", fmt.Errorf("put back a set-aside write: %s: %w; nothing was written", file, err)
	}
	var size int64
	for i, k := range keys {
		size += int64(len(k) + len(rec.Keys[i].Value))
	}
	if err := s.checkSpace(2*size, "putting back the write"); err != nil {
		return "", fmt.Errorf("put back a set-aside write: %s: %w", file, err)
	}
	sw := s.newSplitWriter()
	for i, k := range keys {
		if err := sw.do(func(txn *badger.Txn) error { return txn.Set(k, rec.Keys[i].Value) }); err != nil {
			if sw.txn != nil {
				sw.txn.Discard()
			}
			return "", fmt.Errorf("put back a set-aside write: %w", err)
		}
	}
	if err := sw.do(func(txn *badger.Txn) error { return txn.Delete(metaKey(record)) }); err != nil {
		if sw.txn != nil {
			sw.txn.Discard()
		}
		return "", fmt.Errorf("put back a set-aside write: %w", err)
	}
	if err := sw.flush(); err != nil {
		return "", fmt.Errorf("put back a set-aside write: %w", err)
	}
	return rec.Write, nil
}

// readSetAside reads the set-aside file at file: a regular file (a named
// pipe would be waited on for ever, a device read without end) of at most
// maxPutBack bytes, of the fields skein writes, each once, from a store of
// this skein's schema.
func readSetAside(file string) (*setAsideFile, []byte, error) {
	// Opened first, without blocking, and the open file looked at: a
	// check of the path and then an open let a file swapped for a named
	// pipe in between be waited on for ever, holding the store.
	f, fi, err := formats.OpenFile(file, 0, "", false)
	switch {
	case fi != nil && !fi.Mode().IsRegular():
		return nil, nil, fmt.Errorf("%s is not a set-aside file skein wrote (it is %s, not a file)", file, formats.FileKind(fi.Mode()))
	case err != nil:
		return nil, nil, fmt.Errorf("%s: %w", file, err)
	}
	defer f.Close()
	if fi.Size() > maxPutBack {
		return nil, nil, fmt.Errorf("%s is not a set-aside file skein wrote: it is %s, and one is at most %s", file, mb(fi.Size()), mb(maxPutBack))
	}
	// A file grown since it was opened is read no further than the bound.
	b, err := io.ReadAll(io.LimitReader(f, maxPutBack+1))
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", file, err)
	}
	if int64(len(b)) > maxPutBack {
		return nil, nil, fmt.Errorf("%s is not a set-aside file skein wrote: it is larger than %s", file, mb(maxPutBack))
	}
	if key, at := annotate.DupKey(b); at >= 0 {
		return nil, nil, fmt.Errorf("%s is not a set-aside file skein wrote: %v", file, annotate.DupKeyError(key, fmt.Sprintf("at byte %d", at)))
	}
	var rec setAsideFile
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rec); err != nil {
		return nil, nil, fmt.Errorf("%s is not a set-aside file skein wrote: %s", file, annotate.JSONErrorText(err, " of the file"))
	}
	if c := annotate.FieldCase(b, &rec); c.At >= 0 {
		return nil, nil, fmt.Errorf("%s is not a set-aside file skein wrote: %v", file, c.Error(fmt.Sprintf("at byte %d", c.At)))
	}
	if dec.More() {
		return nil, nil, fmt.Errorf("%s is not a set-aside file skein wrote: more follows its record", file)
	}
	switch {
	case rec.Schema > currentSchema():
		return nil, nil, fmt.Errorf("%s: field schema: it was set aside from a store a newer skein wrote (schema version %d; this skein reads up to %d): put it back with that skein", file, rec.Schema, currentSchema())
	case rec.Schema != 0 && rec.Schema != currentSchema():
		return nil, nil, fmt.Errorf("%s: field schema: it was set aside from a store of schema version %d, whose records this skein (%d) does not write: put it back with the skein that set it aside", file, rec.Schema, currentSchema())
	case len(rec.Keys) == 0:
		return nil, nil, fmt.Errorf("%s holds no key", file)
	}
	return &rec, b, nil
}

// checkPutBack checks the keys of rec as PutBack says, and returns them.
func (s *Store) checkPutBack(rec *setAsideFile) ([][]byte, error) {
	keys := make([][]byte, len(rec.Keys))
	seen := map[string]bool{}
	for i, kv := range rec.Keys {
		field := fmt.Sprintf("keys[%d]", i)
		k, err := hex.DecodeString(kv.Key)
		if err != nil || len(k) == 0 || !slices.Contains(recoveryPrefixes, k[0]) {
			return nil, fmt.Errorf("%s: key %q is not the record of an interrupted write", field, clipKey(kv.Key))
		}
		if _, err := recoveryKey(k, kv.Value); err != nil {
			return nil, fmt.Errorf("%s: %v", field, strings.TrimSuffix(strings.TrimSuffix(err.Error(), ErrDamaged.Error()), ": "))
		}
		if seen[string(k)] {
			return nil, fmt.Errorf("%s: key %s a second time", field, clipKey(kv.Key))
		}
		seen[string(k)] = true
		keys[i] = k
	}
	err := s.db.View(func(txn *badger.Txn) error {
		for _, p := range recoveryPrefixes {
			if anyKey(txn, p) {
				w := "a write a kill left under way"
				if k, v, ok := firstKey(txn, p); ok {
					if what, err := recoveryKey(k, v); err == nil && what != "" {
						w = what
					}
				}
				return fmt.Errorf("the store holds %s already: the next open finishes it, or 'check -set-aside-unfinished' sets it aside; put this one back after", w)
			}
		}
		for i, k := range keys {
			if err := checkPutKey(txn, k, rec.Keys[i].Value); err != nil {
				return fmt.Errorf("keys[%d]: %w", i, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := s.checkPutWhole(rec, keys); err != nil {
		return nil, err
	}
	return keys, nil
}

// firstKey is the first key under prefix p in txn, with its value.
func firstKey(txn *badger.Txn, p byte) (k, v []byte, ok bool) {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{p}})
	defer it.Close()
	it.Rewind()
	if !it.Valid() {
		return nil, nil, false
	}
	v, err := itemValueCopy(it.Item())
	return it.Item().KeyCopy(nil), v, err == nil
}

// clipKey is a key of a set-aside file as an error shows it: a hostile
// file's key may be megabytes.
func clipKey(k string) string {
	if len(k) > 40 {
		return k[:40] + "…"
	}
	return k
}

// checkPutKey refuses a recovery key k (value v) whose finishing would
// take out what someone made: an article's deletion finishes by taking
// its members out of threads and its marks and review away, which only
// an article whose records are gone (as the deletion left it) may have
// done; an import's journal takes out the articles it names that hold no
// spans, which must not be one someone marked.
func checkPutKey(txn *badger.Txn, k, v []byte) error {
	switch k[0] {
	case pDeleting:
		doc := [8]byte(k[1:])
		if ok, err := has(txn, docKey(pInfo, doc)); err != nil || ok {
			if err == nil {
				err = fmt.Errorf("it would finish the deletion of article %x, which the store holds whole (a deletion under way has taken its records out): its threads' members, marks and review would go", doc)
			}
			return err
		}
	case pJournal:
		for i := 0; i < len(v); i += 8 {
			doc := [8]byte(v[i : i+8])
			if ok, err := hasUnder(txn, docKey(pMark, doc)); err != nil || ok {
				if err == nil {
					err = fmt.Errorf("it would take out article %x, which someone marked: an import under way writes articles no one has marked", doc)
				}
				return err
			}
		}
	case pThrSplit:
		if len(v) == 0 {
			return nil
		}
		id, _, _ := readID(k[1:])
		old, err := decodeThread(id, v)
		if err != nil {
			return err
		}
		cur, err := readThread(txn, id)
		switch {
		case errors.Is(err, ErrNotFound):
		case err != nil:
			return err
		case cur.Annotator != old.Annotator:
			return fmt.Errorf("thread %s is %s's in the store, and %s's in the record", id, cur.Annotator, old.Annotator)
		}
	}
	return nil
}

// hasUnder reports whether any key starts with p.
func hasUnder(txn *badger.Txn, p []byte) (bool, error) {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: p, PrefetchValues: false})
	defer it.Close()
	it.Rewind()
	return it.Valid(), nil
}

// checkPutWhole checks a take's journal among keys (pWhole): whole (its
// count and every piece, no more), a batch that decodes with the fields
// skein writes, that the store's checks take, and that an import would
// take (checkPutBatch).
func (s *Store) checkPutWhole(rec *setAsideFile, keys [][]byte) error {
	count := -1
	pieces := map[uint32][]byte{}
	for i, k := range keys {
		if k[0] != pWhole {
			continue
		}
		if len(k) == 1 {
			if len(rec.Keys[i].Value) != 4 {
				return fmt.Errorf("keys[%d]: a take's journal whose count of pieces is %d bytes long, not 4", i, len(rec.Keys[i].Value))
			}
			count = int(binary.BigEndian.Uint32(rec.Keys[i].Value))
			continue
		}
		pieces[binary.BigEndian.Uint32(k[1:])] = rec.Keys[i].Value
	}
	if count < 0 && len(pieces) == 0 {
		return nil
	}
	if count < 0 {
		return errors.New("a take's journal without its count of pieces: a write the kill stopped before it was whole, which is nothing to finish")
	}
	var enc bytes.Buffer
	for seq := uint32(1); int(seq) <= count; seq++ {
		p, ok := pieces[seq]
		if !ok {
			return fmt.Errorf("a take's journal of %d pieces without piece %d", count, seq)
		}
		enc.Write(p)
		delete(pieces, seq)
	}
	if len(pieces) > 0 {
		return fmt.Errorf("a take's journal of %d pieces holds %d more", count, len(pieces))
	}
	b := &Batch{}
	dec := json.NewDecoder(&enc)
	dec.DisallowUnknownFields()
	if err := dec.Decode(b); err != nil {
		return fmt.Errorf("a take's journal whose batch is not one skein writes: %s", annotate.JSONErrorText(err, " of the batch"))
	}
	if err := s.checkPutBatch(b); err != nil {
		return fmt.Errorf("a take's journal: %w", err)
	}
	if err := s.checkBatch(context.Background(), b); err != nil {
		return fmt.Errorf("a take's journal the store refuses: %s", strings.TrimPrefix(err.Error(), "writing to the store: "))
	}
	return nil
}

// checkPutBatch checks b, the batch of a take's journal, as an import
// checks what it reads: each article's text (its ID its hash), each
// span's offsets within its article's text (in the batch or the store)
// and its label, each thread's members, each name a person's (one
// person's work: theirs, their curated layer, the store's curated layer
// their review wrote; the store's user's, where it keeps one), each time
// no later than the clock allows.
func (s *Store) checkPutBatch(b *Batch) error {
	user, _, err := s.Meta("user")
	if err != nil {
		return err
	}
	person := user
	who := func(name, what string) error {
		p := name
		if r, ok := annotate.CuratorOf(name); ok {
			p = r
		} else if name == annotate.CuratedLayer {
			return nil
		}
		if err := annotate.ValidAnnotatorName(p); err != nil {
			return fmt.Errorf("%s: the name %q: %v", what, clipKey(name), err)
		}
		switch {
		case person == "":
			person = p
		case p != person && user != "":
			return fmt.Errorf("%s is %s's, in a store of %s's work: a take brings only its user's", what, p, user)
		case p != person:
			return fmt.Errorf("%s is %s's, in a write of %s's work: a take brings only one person's", what, p, person)
		}
		return nil
	}
	when := func(ms int64, what string) error {
		if err := annotate.CheckMillis(ms); err != nil {
			return fmt.Errorf("%s: time %d %v", what, ms, err)
		}
		return nil
	}
	texts := map[string]int{} // code points of an article's text, by ID
	for i, d := range b.Docs {
		what := fmt.Sprintf("Docs[%d] (article %s)", i, clipKey(d.ID))
		if err := annotate.CheckText([]byte(d.Text)); err != nil {
			return fmt.Errorf("%s: %v", what, err)
		}
		if annotate.DocID(d.Text) != d.ID {
			return fmt.Errorf("%s: its ID is not that of its text (%s)", what, annotate.DocID(d.Text))
		}
		texts[d.ID] = runeCount(d.Text)
	}
	textLen := func(id, what string) (int, error) {
		if n, ok := texts[id]; ok {
			return n, nil
		}
		d, err := s.Document(id)
		if err != nil {
			return 0, fmt.Errorf("%s: article %s: %w", what, clipKey(id), err)
		}
		texts[id] = runeCount(d.Text)
		return texts[id], nil
	}
	spans := map[string]string{} // the batch's spans' articles, by ID
	for i, sp := range b.Spans {
		what := fmt.Sprintf("Spans[%d] (span %s)", i, clipKey(sp.ID))
		if err := who(sp.Annotator, what); err != nil {
			return err
		}
		n, err := textLen(sp.Doc, what)
		if err != nil {
			return err
		}
		if err := annotate.CheckSpan(sp, n); err != nil {
			return fmt.Errorf("%s of article %s: %v", what, sp.Doc, err)
		}
		if sp.Created != 0 {
			if err := when(sp.Created, what+": created"); err != nil {
				return err
			}
		}
		spans[sp.ID] = sp.Doc
	}
	inArticle := func(doc, span, what string) error {
		if d, ok := spans[span]; ok {
			if d != doc {
				return fmt.Errorf("%s: span %s is in article %s, not %s", what, clipKey(span), d, clipKey(doc))
			}
			return nil
		}
		sp, err := s.Span(span)
		switch {
		case errors.Is(err, ErrNotFound):
			return fmt.Errorf("%s: span %s is neither in the write nor in the store", what, clipKey(span))
		case err != nil:
			return fmt.Errorf("%s: %w", what, err)
		case sp.Doc != doc:
			return fmt.Errorf("%s: span %s is in article %s, not %s", what, clipKey(span), sp.Doc, clipKey(doc))
		}
		return nil
	}
	for i, t := range b.Threads {
		what := fmt.Sprintf("Threads[%d] (thread %s)", i, clipKey(t.ID))
		if err := annotate.CheckThread(t); err != nil {
			return fmt.Errorf("%s: %v", what, err)
		}
		if err := who(t.Annotator, what); err != nil {
			return err
		}
		if err := when(t.Created, what+": created"); err != nil {
			return err
		}
		if err := when(t.Modified, what+": modified"); err != nil {
			return err
		}
		for j, m := range t.Members {
			if err := inArticle(m.Doc, m.Span, fmt.Sprintf("%s: member %d", what, j+1)); err != nil {
				return err
			}
		}
	}
	for i, m := range b.Marks {
		what := fmt.Sprintf("Marks[%d] (article %s)", i, clipKey(m.Doc))
		if err := who(m.Annotator, what); err != nil {
			return err
		}
		if _, err := textLen(m.Doc, what); err != nil {
			return err
		}
	}
	for i, d := range b.Decisions {
		what := fmt.Sprintf("Decisions[%d] (on span %s)", i, clipKey(d.Span))
		if err := who(d.Reviewer, what); err != nil {
			return err
		}
		if !slices.Contains([]string{annotate.VerdictAccept, annotate.VerdictReject, annotate.VerdictEdit}, d.Verdict) {
			return fmt.Errorf("%s: verdict %q is none of accept, reject, edit", what, clipKey(d.Verdict))
		}
		if err := when(d.At, what); err != nil {
			return err
		}
		if err := inArticle(d.Doc, d.Span, what); err != nil {
			return err
		}
	}
	for i, r := range b.Reviews {
		if err := who(r.Reviewer, fmt.Sprintf("Reviews[%d] (article %s)", i, clipKey(r.Doc))); err != nil {
			return err
		}
	}
	for _, ls := range []struct {
		field  string
		stamps []LayerStamp
	}{{"Replace", b.Replace}, {"Stamps", b.Stamps}} {
		for i, l := range ls.stamps {
			what := fmt.Sprintf("%s[%d] (layer %s of article %s)", ls.field, i, clipKey(l.Annotator), clipKey(l.Doc))
			if err := who(l.Annotator, what); err != nil {
				return err
			}
			if err := when(l.Modified, what); err != nil {
				return err
			}
			if _, err := textLen(l.Doc, what); err != nil {
				return err
			}
		}
	}
	for i, g := range b.Gone {
		what := fmt.Sprintf("Gone[%d] (thread %s)", i, clipKey(g.ID))
		if g.ID == "" {
			return fmt.Errorf("%s: a deletion without its thread's ID", what)
		}
		if err := who(g.Annotator, what); err != nil {
			return err
		}
		if err := when(g.At, what); err != nil {
			return err
		}
	}
	return nil
}
