package store

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/skein-news/skein/annotate"
)

// CheckReport is what Check found: the counts of a sound store, or the
// problems of a damaged one.
type CheckReport struct {
	Articles, Spans, Threads int
	// Problems are the damage found, one sentence each, in key order.
	Problems []string
	// Times are the times of change stored far past the clock (times.go),
	// one sentence each naming the record, the field and the time: damage
	// RepairTimes repairs, which no backup may be needed for.
	Times []string
}

// Sound reports whether Check found nothing wrong.
func (r *CheckReport) Sound() bool { return len(r.Problems) == 0 && len(r.Times) == 0 }

// OnlyTimes reports whether all Check found wrong is times RepairTimes
// repairs.
func (r *CheckReport) OnlyTimes() bool { return len(r.Problems) == 0 && len(r.Times) > 0 }

// String is the summary line: "store is sound: N articles, M spans, K
// threads", or the number of problems and of times far past the clock.
func (r *CheckReport) String() string {
	if r.Sound() {
		return "store is sound: " + annotate.Count(r.Articles, "article") + ", " +
			annotate.Count(r.Spans, "span") + ", " + annotate.Count(r.Threads, "thread")
	}
	times := annotate.Count(len(r.Times), "time") + " of change far past the clock ('skein check -repair-times' sets them to sane times)"
	if len(r.Problems) == 0 {
		return "store is damaged: " + times
	}
	s := "store is damaged: " + annotate.Count(len(r.Problems), "problem")
	if len(r.Times) > 0 {
		s += ", and " + times
	}
	return s
}

// maxProblems bounds the problems a check lists: past it, the store needs
// restoring whatever the rest says.
const maxProblems = 1000

// Check reads the whole store and verifies it: every key and value
// readable with its checksum (Open has checked the tables and logs), every
// record decodable, every article's text against its ID and its listing,
// every span inside its article, every index key matching the records,
// every thread member present. progress, when not nil, is called with the
// keys checked so far and their total. The error is for a check that could
// not run (a cancelled ctx, a closed store); damage is in the report.
func (s *Store) Check(ctx context.Context, progress func(done, total int)) (*CheckReport, error) {
	if err := s.begin(); err != nil {
		return nil, err
	}
	defer s.end()
	txn := s.db.NewTransaction(false)
	defer txn.Discard()
	// Counting the keys first gives the progress its total and the maps
	// their size (growing them cost a check of 20,000 articles a sixth of
	// its time).
	total, spanIDs := 0, 0
	deleting := map[[8]byte]bool{}
	it := txn.NewIterator(badger.IteratorOptions{})
	for it.Rewind(); it.Valid(); it.Next() {
		total++
		if k := it.Item().Key(); len(k) > 0 && k[0] == pSpanID {
			spanIDs++
		} else if len(k) == 9 && k[0] == pDeleting {
			deleting[[8]byte(k[1:])] = true
		}
	}
	it.Close()
	if progress != nil {
		progress(0, total)
	}
	c := &checker{
		rep:      &CheckReport{},
		runes:    map[[8]byte]int{},
		want:     make(map[string]bool, spanIDs+(total-spanIDs)/2),
		spanDoc:  make(map[string][8]byte, spanIDs),
		schema:   s.schema,
		dec:      &spanDecoder{names: &s.names},
		txn:      txn,
		tails:    map[[8]byte]bool{},
		deleting: deleting,
		started:  annotate.NowMillis(),
	}
	it = txn.NewIterator(badger.IteratorOptions{})
	defer it.Close()
	done := 0
	for it.Rewind(); it.Valid(); it.Next() {
		if done++; done%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			if progress != nil {
				progress(done, max(total, done))
			}
		}
		if len(c.rep.Problems) >= maxProblems {
			c.rep.Problems = append(c.rep.Problems, fmt.Sprintf("… stopped after %d problems", maxProblems))
			return c.rep, nil
		}
		item := it.Item()
		err := itemValue(item, func(v []byte) error {
			c.record(item.Key(), v)
			if k := item.Key(); len(k) > 0 {
				c.checkTimes(k, v)
			}
			return nil
		})
		if err != nil {
			c.problem(item.Key(), "its value cannot be read (%v)", err)
		}
	}
	c.finish()
	if progress != nil {
		progress(max(total, done), max(total, done))
	}
	return c.rep, nil
}

// checker holds what Check learns from the records it has read; keys come
// in byte order, so records (upper-case prefixes) come before the index
// keys (lower-case) they imply.
type checker struct {
	rep     *CheckReport
	runes   map[[8]byte]int    // article -> length in code points, from its text
	want    map[string]bool    // index keys the records imply, not yet seen
	spanDoc map[string][8]byte // span ID -> article, from the s keys
	schema  int                // the store's schema version
	members []memberRef        // thread members, checked at the end
	packed  map[packedRef]bool // entries of the packed span-ID index
	pending map[[8]byte]bool   // articles of the pending records
	dec     *spanDecoder
	txn     *badger.Txn
	tails   map[[8]byte]bool // articles whose list was read with its tail
	// started is the clock when the check began: a span created no later
	// is not far past the clock, and costs no reading of it (farTime).
	started int64
	// deleting are the articles whose deletion is under way, their
	// records gone (O keys): their marks and thread members are not
	// yet (DeleteDocument, or the next Open, takes them out).
	deleting map[[8]byte]bool
}

// packedRef is an entry of the packed span-ID index: of a page, the
// packedHash of its ID and its document; of a fragment, the top 48 bits
// of the hash.
type packedRef struct {
	h   uint64
	doc [8]byte
	run bool
}

type memberRef struct {
	thread, span string
	doc          [8]byte
}

func (c *checker) problem(k []byte, format string, args ...any) {
	c.rep.Problems = append(c.rep.Problems, describeKey(k)+": "+fmt.Sprintf(format, args...))
}

// describeKey names what a key holds, for a person: the article or thread
// where it can, else the key in hex.
func describeKey(k []byte) string {
	if len(k) >= 9 {
		doc := hex.EncodeToString(k[1:9])
		switch k[0] {
		case pDoc:
			return "article " + doc
		case pInfo:
			return "article " + doc + " (its listing)"
		case pSpan:
			return "article " + doc + " (its spans)"
		case pSpanTail:
			return "article " + doc + " (its latest span changes)"
		case pMark:
			return "article " + doc + " (a done mark)"
		case pDecision:
			return "article " + doc + " (a review decision)"
		case pLayerMod:
			return "article " + doc + " (a layer's time)"
		case pFold:
			return "article " + doc + " (its search record)"
		case pModel:
			return "article " + doc + " (a model's suggestions)"
		case pRejected:
			return "article " + doc + " (rejected suggestions)"
		}
	}
	if len(k) > 1 && k[0] == pThread {
		if id, _, err := readID(k[1:]); err == nil {
			return "thread " + id
		}
	}
	return fmt.Sprintf("key %x", k)
}

func (c *checker) record(k, v []byte) {
	if len(k) == 0 {
		c.problem(k, "an empty key")
		return
	}
	doc := [8]byte{}
	if len(k) >= 9 {
		doc = [8]byte(k[1:9])
	}
	switch k[0] {
	case pDoc:
		if len(k) != 9 {
			c.problem(k, "a malformed key")
			return
		}
		text, err := docText(v)
		if err == nil {
			err = verifyRecord(k[1:], v)
		}
		if err != nil {
			c.problem(k, "%v", err)
			return
		}
		c.runes[doc] = runeCountBytes(text)
	case pInfo:
		di, err := decodeInfo(hex.EncodeToString(k[1:]) + string(v))
		if len(k) != 9 || err != nil {
			c.problem(k, "its record does not decode")
			return
		}
		c.rep.Articles++
		if n, ok := c.runes[doc]; !ok {
			c.problem(k, "it is listed but its text is missing")
		} else if n != di.Len {
			c.problem(k, "it is listed with %d characters, its text has %d", di.Len, n)
		}
	case pSpan:
		n, ok := c.runes[doc]
		if !ok {
			c.problem(k, "spans of an article that is missing")
		}
		if len(k) != 9 {
			c.problem(k, "a malformed key")
			return
		}
		var tail []byte
		var err error
		if len(v) >= tailMinBase {
			tail, err = get(c.txn, docKey(pSpanTail, doc))
		} else {
			err = ErrNotFound // a tail beside it is reported below
		}
		switch {
		case err == nil:
			c.tails[doc] = true
			if v, err = mergedList(v, tail); err != nil {
				c.problem(k, "its latest changes do not fit its span list (%v)", err)
				return
			}
		case !errors.Is(err, ErrNotFound):
			c.problem(k, "its latest changes cannot be read (%v)", err)
			return
		}
		slab := &idSlab{hint: entryCount(v)}
		err = eachEntry(v, func(raw []byte) error {
			e, err := parseEntryIn(raw, slab, "")
			if err != nil {
				return err
			}
			if err := c.dec.add("", raw, nil, nil); err != nil {
				return err
			}
			c.rep.Spans++
			id := string(e.id)
			if ok && (e.start < 0 || e.end > int64(n) || e.start > e.end) {
				c.problem(k, "span %s lies at %d-%d, outside the article's %d characters", id, e.start, e.end, n)
			}
			c.want[string(spanIDKey(id))] = true
			c.spanDoc[id] = doc
			c.want[string(appendNameDocKey(nil, pByAnnot, e.annot, doc))] = true
			c.want[string(appendNameDocKey(nil, pByLabel, e.label, doc))] = true
			return nil
		})
		for _, sp := range c.dec.finish() {
			if sp.Created > c.started && farTime(sp.Created) {
				c.rep.Times = append(c.rep.Times, fmt.Sprintf("article %s (span %s of %s): created is %s, more than a day after this machine's clock", hex.EncodeToString(doc[:]), sp.ID, sp.Annotator, stamp(sp.Created)))
			}
		}
		if err != nil {
			c.problem(k, "a span record does not decode")
		}
	case pSpanTail:
		// Read with the span list (pSpan above), which comes first.
		if len(k) != 9 || !c.tails[doc] {
			c.problem(k, "span changes beside a span list that is missing or too short to have them")
		}
	case pThread:
		id, _, err := readID(k[1:])
		if err != nil {
			c.problem(k, "a malformed key")
			return
		}
		t, err := decodeThread(id, v)
		if err != nil {
			c.problem(k, "its record does not decode")
			return
		}
		c.rep.Threads++
		ik, err := threadIndexKeys(t, nil)
		if err != nil {
			c.problem(k, "%v", err)
			return
		}
		for _, x := range ik {
			c.want[string(x)] = true
		}
		for _, m := range t.Members {
			d, _ := docBytes(m.Doc)
			c.members = append(c.members, memberRef{thread: id, span: m.Span, doc: d})
		}
	case pMark:
		annot, rest, err := readStr(k[min(len(k), 9):])
		if len(k) < 10 || err != nil || len(rest) != 0 {
			c.problem(k, "a malformed key")
			return
		}
		if _, err := decodeMark("", annot, v); err != nil {
			c.problem(k, "its record does not decode")
		}
		if _, ok := c.runes[doc]; !ok && !c.deleting[doc] {
			c.problem(k, "a mark on an article that is missing")
		}
		c.want[string(markAnnotKey(annot, doc))] = true
	case pDecision:
		if _, err := decodeDecision("", "", "", v); err != nil {
			c.problem(k, "its record does not decode")
		}
	case pLayerMod:
		if len(v) != 8 {
			c.problem(k, "its record does not decode")
		}
	case pUndo, pRedo:
		if _, err := decodeChange(v); err != nil {
			c.problem(k, "an undo entry does not decode")
		}
	case pFold:
		// Schema 2's search records; a store opened read-only (its disk
		// full) keeps them until it can be migrated.
		if c.schema >= 3 {
			c.problem(k, "a search record, which this skein no longer keeps")
		}
	case pModel, pRejected:
		c.checkSuggestions(k, doc, v)
	case pSplit: // a large import's write in progress (split.go)
		if _, err := decodeSplit(v); err != nil {
			c.problem(k, "its record does not decode")
		}
	case pThrSplit: // a large thread's write in progress (threadsplit.go)
		if id, rest, err := readID(k[1:]); err != nil || len(rest) != 0 {
			c.problem(k, "a malformed key")
		} else if len(v) > 0 {
			if _, err := decodeThread(id, v); err != nil {
				c.problem(k, "its record does not decode")
			}
		}
	case pGone: // a deleted thread's tombstone (gone.go)
		id, rest, err := readID(k[1:])
		if err != nil || len(rest) != 0 {
			c.problem(k, "a malformed key")
			return
		}
		if _, _, err := decodeGone(v); err != nil {
			c.problem(k, "thread %s's tombstone does not decode", id)
		} else if ok, _ := has(c.txn, threadKey(id)); ok {
			c.problem(k, "thread %s is stored and marked deleted", id)
		}
	case pDeleting: // an article's deletion under way (docs.go)
		if len(k) != 9 || len(v) != 0 {
			c.problem(k, "its record does not decode")
		}
	case pJournal: // an import's documents, written while it reads (stream.go)
		if len(k) != 5 || len(v)%8 != 0 {
			c.problem(k, "its record does not decode")
		}
	case pWhole: // a write WriteBatchWhole had under way (whole.go)
		if len(k) != 1 && len(k) != 5 || len(k) == 1 && len(v) != 4 {
			c.problem(k, "its record does not decode")
		}
	case pPage, pRun: // the packed span-ID index (idindex.go)
		c.packedIndex(k, v)
	case pPend: // a bulk load's articles whose span IDs are in no page yet (pending.go)
		if len(k) != 9 || len(v)%8 != 0 {
			c.problem(k, "its record does not decode")
			break
		}
		if c.pending == nil {
			c.pending = map[[8]byte]bool{}
		}
		for ; len(v) > 0; v = v[8:] {
			c.pending[[8]byte(v)] = true
		}
	case pVersion, pMeta, pStack:
	case pSpanID:
		if len(v) == 8 {
			if id, rest, err := readID(k[1:]); err == nil && len(rest) == 0 {
				if d, ok := c.spanDoc[id]; ok && d != [8]byte(v) {
					c.problem(k, "span %s is indexed under article %x but lies in %x", id, v, d)
				}
			}
		}
		c.index(k)
	case pByAnnot, pByLabel, pSpanThr, pDocThr, pAnnotThr, pAnnotMark:
		c.index(k)
	default:
		c.problem(k, "a key skein does not write")
	}
}

// index checks an index key against those the records imply.
func (c *checker) index(k []byte) {
	if !c.want[string(k)] {
		c.problem(k, "an index key no record implies")
		return
	}
	delete(c.want, string(k))
}

// packedIndex checks a page or run fragment of the packed span-ID index:
// it decodes, and each entry lies where a lookup of its ID reads. An entry
// whose span is gone is no damage (a lookup checks the span list).
func (c *checker) packedIndex(k, v []byte) {
	if k[0] == pPage && (len(k) != 3 || k[2] > 15) || k[0] == pRun && (len(k) != 11 || !slices.Contains(runLevels[:], k[1])) {
		c.problem(k, "a malformed key")
		return
	}
	if c.packed == nil {
		c.packed = map[packedRef]bool{}
	}
	var err error
	if k[0] == pPage {
		err = eachPage(k, v, func(ph uint64, doc [8]byte) error {
			c.packed[packedRef{ph, doc, false}] = true
			return nil
		})
	} else {
		err = eachRun(v, func(h48 uint64, doc [8]byte) error {
			if k[2] != byte(h48>>(48-k[1])) {
				return fmt.Errorf("an entry in the wrong place")
			}
			c.packed[packedRef{h48, doc, true}] = true
			return nil
		})
	}
	if err != nil {
		c.problem(k, "the span id index does not decode (%v)", err)
	}
}

func (c *checker) finish() {
	missing := make([]string, 0, len(c.want))
	for k := range c.want {
		// A span without an s key is indexed by an entry of the packed
		// index.
		if k[0] == pSpanID {
			if id, rest, err := readID([]byte(k[1:])); err == nil && len(rest) == 0 {
				h := idHash([]byte(k[1:]))
				if d, ok := c.spanDoc[id]; ok && (c.packed[packedRef{packedHash(h), d, false}] || c.packed[packedRef{h >> 16, d, true}] || c.pending[d]) {
					continue
				}
			}
		}
		missing = append(missing, k)
	}
	sort.Strings(missing)
	for _, k := range missing {
		c.problem([]byte(k), "an index key is missing")
	}
	for _, m := range c.members {
		if d, ok := c.spanDoc[m.span]; !ok && c.deleting[m.doc] {
			continue
		} else if !ok {
			c.rep.Problems = append(c.rep.Problems, fmt.Sprintf("thread %s: member span %s is missing", m.thread, m.span))
		} else if d != m.doc {
			c.rep.Problems = append(c.rep.Problems, fmt.Sprintf("thread %s: member span %s lies in article %x, not %x", m.thread, m.span, d, m.doc))
		}
	}
}

// Lines is the report as a command prints it: each problem on a line, then
// the summary.
func (r *CheckReport) Lines() string {
	var b strings.Builder
	for _, p := range append(r.Problems[:len(r.Problems):len(r.Problems)], r.Times...) {
		b.WriteString(p)
		b.WriteByte('\n')
	}
	b.WriteString(r.String())
	return b.String()
}
