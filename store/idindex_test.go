package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/skein-news/skein/annotate"
)

// bulkLoad writes docs and spans as a first sync does: one Bulk, a batch
// of the spans per part, each checked under the lock; it does not Finish.
func bulkLoad(t *testing.T, s *Store, docs []*annotate.Document, spans []*annotate.Span, parts int) *Bulk {
	t.Helper()
	b, err := s.NewBulk(ctx, len(spans))
	if err != nil {
		t.Fatal(err)
	}
	per := (len(spans) + parts - 1) / parts
	for i := 0; i < len(spans); i += per {
		batch := &Batch{Spans: spans[i:min(i+per, len(spans))]}
		if i == 0 {
			batch.Docs = docs
		}
		if found, err := bulkWrite(t, b, batch); err != nil || len(found) != 0 {
			t.Fatalf("part %d: %v, found %v", i/per, err, found)
		}
	}
	return b
}

// findsAll checks that Span and SpanDocs find every span where it is.
func findsAll(t *testing.T, s *Store, spans []*annotate.Span) {
	t.Helper()
	var ids []string
	for i, sp := range spans {
		ids = append(ids, sp.ID)
		if i%97 != 0 && i != len(spans)-1 {
			continue
		}
		got, err := s.Span(sp.ID)
		if err != nil {
			t.Fatalf("Span(%s): %v", sp.ID, err)
		}
		if !sameSpans([]*annotate.Span{got}, []*annotate.Span{sp}) {
			t.Fatalf("Span(%s): got %+v, want %+v", sp.ID, got, sp)
		}
	}
	docs, err := s.SpanDocs(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	for _, sp := range spans {
		if docs[sp.ID] != sp.Doc {
			t.Fatalf("SpanDocs: span %s in %q, want %s", sp.ID, docs[sp.ID], sp.Doc)
		}
	}
}

// TestBulkSpansFoundWithoutSpanKeys: a bulk load writes no s key and no
// run fragment; its spans are found by Span and SpanDocs from its pending
// records (through this process's filters, and through none, as a store
// opened read-only after a kill reads them), then from the pages Finish
// writes, and the store checks sound both ways.
func TestBulkSpansFoundWithoutSpanKeys(t *testing.T) {
	s := openTest(t)
	docs, spans := genCorpus(21, 60, 600, 20, "ana", "ben")
	b := bulkLoad(t, s, docs, spans, 6)
	if n := countPrefix(t, s, pSpanID); n != 0 {
		t.Errorf("%d s keys after a bulk load, want none", n)
	}
	if n := countPrefix(t, s, pRun); n != 0 {
		t.Errorf("%d run fragments after a bulk load, want none", n)
	}
	if n := countPrefix(t, s, pPend); n == 0 {
		t.Fatal("no pending record after a bulk load")
	}
	findsAll(t, s, spans)
	if err := checkKeys(s); err != nil {
		t.Errorf("before Finish: %v", err)
	}
	kept := s.pending.sets
	s.pending.sets = nil
	findsAll(t, s, spans)
	s.pending.sets = kept
	if err := b.Finish(ctx); err != nil {
		t.Fatal(err)
	}
	for _, p := range []byte{pRun, pPend} {
		if n := countPrefix(t, s, p); n != 0 {
			t.Errorf("%d keys %c after Finish, want none", n, p)
		}
	}
	if n := len(s.pending.sets); n != 0 {
		t.Errorf("%d pending filters kept after Finish, want none", n)
	}
	if ok, _ := hasKey(s, runsKey); ok {
		t.Error("the runs marker is left after Finish")
	}
	if n := countPrefix(t, s, pPage); n == 0 {
		t.Fatal("no pages after Finish")
	}
	findsAll(t, s, spans)
	if err := checkKeys(s); err != nil {
		t.Errorf("after Finish: %v", err)
	}
	// A second bulk load (new colleagues) merges into the pages: both
	// found.
	docs2, spans2 := genCorpus(22, 30, 600, 10, "cai")
	b2 := bulkLoad(t, s, docs2, spans2, 3)
	if err := b2.Finish(ctx); err != nil {
		t.Fatal(err)
	}
	findsAll(t, s, spans)
	findsAll(t, s, spans2)
	if err := checkKeys(s); err != nil {
		t.Errorf("after a second bulk load: %v", err)
	}
}

func hasKey(s *Store, k []byte) (bool, error) {
	var ok bool
	err := s.view(func(txn *badger.Txn) error {
		var err error
		ok, err = has(txn, k)
		return err
	})
	return ok, err
}

// TestApplyRefusesBulkSyncedID: a new local span whose ID a bulk-synced
// span has is refused, with the runs unmerged and merged; an unused ID
// goes in.
func TestApplyRefusesBulkSyncedID(t *testing.T) {
	s := openTest(t)
	docs, spans := genCorpus(23, 10, 600, 8, "bilal")
	b := bulkLoad(t, s, docs, spans, 2)
	try := func(when string) {
		dup := newSpan(docs[0], "me", "claim", 1, 4)
		dup.ID = spans[len(spans)-1].ID // lies in another document
		err := s.Apply(ctx, annotate.AddSpan("me", dup))
		if !errors.Is(err, ErrConflict) {
			t.Errorf("%s: a span with a bulk-synced span's ID: got %v, want ErrConflict", when, err)
		}
		got, err := s.Span(dup.ID)
		if err != nil || got.Annotator != "bilal" {
			t.Errorf("%s: the bulk-synced span: %+v, %v", when, got, err)
		}
	}
	try("pending")
	if err := b.Finish(ctx); err != nil {
		t.Fatal(err)
	}
	try("pages")
	apply(t, s, annotate.AddSpan("me", newSpan(docs[0], "me", "claim", 1, 4)))
	if err := checkKeys(s); err != nil {
		t.Error(err)
	}
}

// TestBulkSyncedLayerReplaced: a colleague's layer written by a bulk load,
// then replaced by a newer one without one of its spans (deleted
// upstream): that span is no longer found, its ID is free again, and the
// others are found; the page entry left behind is harmless.
func TestBulkSyncedLayerReplaced(t *testing.T) {
	s := openTest(t)
	docs, spans := genCorpus(24, 4, 600, 6, "bilal")
	b := bulkLoad(t, s, docs, spans, 1)
	if err := b.Finish(ctx); err != nil {
		t.Fatal(err)
	}
	gone := spans[0]
	var kept []*annotate.Span
	for _, sp := range spans[1:] {
		if sp.Doc == gone.Doc {
			kept = append(kept, sp)
		}
	}
	_, err := s.WriteBatch(ctx, &Batch{Spans: kept, Replace: []LayerStamp{{Doc: gone.Doc, Annotator: "bilal", Modified: 1764000000000}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Span(gone.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("span deleted upstream: got %v, want ErrNotFound", err)
	}
	if docs, err := s.SpanDocs(ctx, []string{gone.ID}); err != nil || len(docs) != 0 {
		t.Errorf("SpanDocs of the deleted span: %v, %v", docs, err)
	}
	findsAll(t, s, spans[1:])
	if err := checkKeys(s); err != nil {
		t.Error(err)
	}
	// Its ID is free: a new span may have it, in another document too,
	// and is then found there.
	again := newSpan(docs[len(docs)-1], "me", "claim", 2, 6)
	again.ID = gone.ID
	if again.Doc == gone.Doc {
		t.Fatal("the corpus's last document holds the first span")
	}
	apply(t, s, annotate.AddSpan("me", again))
	if got, err := s.Span(gone.ID); err != nil || got.Doc != again.Doc {
		t.Errorf("the ID reused: %+v, %v", got, err)
	}
	if err := checkKeys(s); err != nil {
		t.Error(err)
	}
}

// TestOldSchemaStoreMigrated: a store of schema 3 (every span with its s
// key) opens as the current schema with its spans found as before, takes a bulk
// load, and checks sound.
func TestOldSchemaStoreMigrated(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	docs, spans := genCorpus(25, 20, 600, 5, "ana")
	if _, err := s.WriteBatch(ctx, &Batch{Docs: docs, Spans: spans}); err != nil {
		t.Fatal(err)
	}
	if err := s.update(func(txn *badger.Txn) error { return txn.Set(versionKey, versionValue(3)) }); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err = Open(dir, Options{}); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.SchemaVersion() != currentSchema() {
		t.Errorf("schema %d after opening a schema-3 store, want %d", s.SchemaVersion(), currentSchema())
	}
	if n := countPrefix(t, s, pSpanID); n != len(spans) {
		t.Errorf("%d s keys after the migration, want %d", n, len(spans))
	}
	findsAll(t, s, spans)
	docs2, spans2 := genCorpus(26, 20, 600, 5, "ben")
	if err := bulkLoad(t, s, docs2, spans2, 2).Finish(ctx); err != nil {
		t.Fatal(err)
	}
	findsAll(t, s, spans)
	findsAll(t, s, spans2)
	if err := checkKeys(s); err != nil {
		t.Error(err)
	}
}

// TestBulkIndexKilled kills a child process while it merges a bulk load's
// pending records into pages (the delay found by bisection, until a kill
// lands with both records and pages on disk), then opens the store: Open
// finishes the merge, and every span is found, the store sound. A kill
// that lands before the merge (records, no page) is opened once as well.
func TestBulkIndexKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes merging a bulk load's index")
	}
	_, spans := bulkIndexCorpus()
	lo, hi := time.Duration(0), 2*time.Second
	early := false
	for try := 1; ; try++ {
		if try > 40 {
			t.Fatal("no kill landed half way through the merge in 40 tries")
		}
		dir := t.TempDir()
		cmd := startHelperUntil(t, "bulkindex", dir, "merging")
		delay := (lo + hi) / 2
		switch {
		case try == 1:
			delay = 0 // at "merging": before the merge has written a page, most likely
		case try > 10:
			// The merge takes tens of milliseconds, and on a loaded
			// machine a child's pace moves by as much from one try to
			// the next: bisection's bracket no longer holds, so a
			// random moment up to twice its end.
			delay = time.Duration(rand.Int64N(int64(2*hi) + 1))
		}
		time.Sleep(delay)
		if err := cmd.Process.Kill(); err != nil { // SIGKILL on Unix
			t.Fatal(err)
		}
		cmd.Wait()
		pend, pages := rawPrefixCounts(t, dir, pPend), rawPrefixCounts(t, dir, pPage)
		t.Logf("try %d: killed after %v: %d pending records, %d pages", try, delay, pend, pages)
		switch {
		case pend == 0:
			hi = delay // too late: merged whole
			continue
		case pages == 0:
			lo = delay // too early
			if !early {
				early = true
				openKilled(t, dir, spans)
			}
			continue
		}
		openKilled(t, dir, spans)
		return
	}
}

// openKilled opens the store a killed bulk load left in dir: no pending
// record or fragment is left, every span is found, the store is sound.
func openKilled(t *testing.T, dir string, spans []*annotate.Span) {
	t.Helper()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	soundWithout(t, s, spans, "after the kill", pRun, pPend)
}

// soundWithout checks, when, that s holds no key of prefixes ps, finds
// every span of spans, and checks sound.
func soundWithout(t *testing.T, s *Store, spans []*annotate.Span, when string, ps ...byte) {
	t.Helper()
	for _, p := range ps {
		if n := countPrefix(t, s, p); n != 0 {
			t.Errorf("%s: %d keys %c, want none", when, n, p)
		}
	}
	findsAll(t, s, spans)
	if err := checkKeys(s); err != nil {
		t.Errorf("%s: %v", when, err)
	}
}

// bulkIndexCorpus is what the bulkindex helper writes.
func bulkIndexCorpus() ([]*annotate.Document, []*annotate.Span) {
	return genCorpus(27, 400, 600, 40, "ana", "ben", "cai", "dee")
}

// runBulkIndexHelper writes bulkIndexCorpus in 40 bulk batches, says
// "merging" and merges.
func runBulkIndexHelper(s *Store) error {
	docs, spans := bulkIndexCorpus()
	b, err := s.NewBulk(ctx, len(spans))
	if err != nil {
		return err
	}
	per := len(spans) / 40
	for i := 0; i < len(spans); i += per {
		batch := &Batch{Spans: spans[i:min(i+per, len(spans))]}
		if i == 0 {
			batch.Docs = docs
		}
		if err := b.Lock(); err != nil {
			return err
		}
		_, err := b.WriteBatch(ctx, batch)
		b.Unlock()
		if err != nil {
			return fmt.Errorf("batch %d: %w", i/per, err)
		}
	}
	fmt.Println("merging")
	return b.Finish(ctx)
}

// rawPrefixCounts opens the store's Badger database as it is, with nothing
// done on opening, and counts the keys with prefix p.
func rawPrefixCounts(t *testing.T, dir string, p byte) int {
	t.Helper()
	db, err := badger.Open(badgerOptions(dir, Options{}))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n := 0
	db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{p}, PrefetchValues: false})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			n++
		}
		return nil
	})
	return n
}

// TestBulkSpansInATailFound: a colleague's few spans a bulk load adds to a
// long list (an article with hundreds of spans) go into the list's tail;
// their packed entries are believed, as the tail holds them, before and
// after Finish; one then deleted (its removal noted in the tail while the
// list still holds it) is not found.
func TestBulkSpansInATailFound(t *testing.T) {
	s := openTest(t)
	docs, spans := genCorpus(31, 1, 30000, 604, "ana")
	mine, theirs := spans[:600], spans[600:]
	for _, sp := range theirs {
		sp.Annotator = "ben"
	}
	if _, err := s.WriteBatch(ctx, &Batch{Docs: docs, Spans: mine}); err != nil {
		t.Fatal(err)
	}
	if n := countPrefix(t, s, pSpanTail); n != 0 {
		t.Fatalf("%d tails before the bulk load", n)
	}
	b := bulkLoad(t, s, nil, theirs, 1)
	if n := countPrefix(t, s, pSpanTail); n != 1 {
		t.Fatalf("%d tails after a bulk load of 4 spans onto a list of 600, want the list's one", n)
	}
	findsAll(t, s, theirs)
	if err := b.Finish(ctx); err != nil {
		t.Fatal(err)
	}
	findsAll(t, s, theirs)
	findsAll(t, s, mine)
	if err := checkKeys(s); err != nil {
		t.Errorf("after Finish: %v", err)
	}

	// ben's first span deleted, then one of ana's: the list keeps them,
	// the tail names them removed.
	for _, gone := range []*annotate.Span{theirs[0], mine[0]} {
		c := &annotate.Change{ID: annotate.NewID(), User: gone.Annotator, Spans: []annotate.SpanEdit{{Before: gone}}}
		if err := s.Apply(ctx, c); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Span(gone.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("Span(%s) of a deleted span: %v, want ErrNotFound", gone.ID, err)
		}
		docs, err := s.SpanDocs(ctx, []string{gone.ID})
		if err != nil || docs[gone.ID] != "" {
			t.Errorf("SpanDocs of a deleted span: %v, %v; want none", docs, err)
		}
	}
	findsAll(t, s, theirs[1:])
	if err := checkKeys(s); err != nil {
		t.Errorf("after the deletes: %v", err)
	}
}

// readOnlyMigrate is the schema step of an open of the store in dir
// read-only, as on a full disk: its answer.
func readOnlyMigrate(t *testing.T, dir string) error {
	t.Helper()
	db, err := openBadger(badgerOptions(dir, Options{}).WithReadOnly(true))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ro := &Store{db: db, dir: dir, readOnly: true}
	ro.cond = sync.NewCond(&ro.mu)
	return ro.migrate()
}

// TestSchema4IndexMigrated: a store of schema 4, whose packed index holds
// whole ID keys (pages x, fragments j, as a first sync of that skein left
// them, the fragments of a sync killed before its merge among them), opens
// as the current schema with every span found, its index rewritten in the
// new form (no x or j key left, the fragments merged), and checks sound.
// schema4Store is a closed store of schema 4 in a new folder, with its
// packed index as that skein wrote it: whole ID keys in pages (x) and in
// the fragments (j) of a sync killed before its merge.
func schema4Store(t *testing.T) (string, []*annotate.Document, []*annotate.Span) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	docs, spans := genCorpus(28, 60, 600, 30, "ana", "ben")
	bulkLoad(t, s, docs, spans, 3) // span lists and pending records; no merge
	// The index as schema 4 wrote it: the first half of the spans in
	// pages, the rest in fragments of 8 and 0 bits.
	byDoc := map[string][8]byte{}
	for _, d := range docs {
		byDoc[d.ID], _ = docBytes(d.ID)
	}
	entry := func(sp *annotate.Span) []byte {
		d := byDoc[sp.Doc]
		return append(appendID(nil, sp.ID), d[:]...)
	}
	pages := map[string][][]byte{}
	for _, sp := range spans[:len(spans)/2] {
		h := spanHash(sp.ID)
		k := string([]byte{pPage4, byte(h >> 56), byte(h>>52) & 15})
		pages[k] = append(pages[k], entry(sp))
	}
	runs := map[string][][]byte{}
	for i, sp := range spans[len(spans)/2:] {
		h := spanHash(sp.ID)
		k := string([]byte{pRun4, 8, byte(h >> 56)})
		if i%2 == 0 {
			k = string([]byte{pRun4, 0, 0})
		}
		runs[k] = append(runs[k], entry(sp))
	}
	err = s.update(func(txn *badger.Txn) error {
		var old [][]byte
		for _, p := range []byte{pRun, pPend} {
			it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{p}})
			for it.Rewind(); it.Valid(); it.Next() {
				old = append(old, it.Item().KeyCopy(nil))
			}
			it.Close()
		}
		for _, k := range old {
			if err := txn.Delete(k); err != nil {
				return err
			}
		}
		for k, es := range pages {
			slices.SortFunc(es, bytes.Compare)
			if err := txn.Set([]byte(k), appendEntries(nil, es)); err != nil {
				return err
			}
		}
		for k, es := range runs {
			slices.SortFunc(es, bytes.Compare)
			if err := txn.Set(binary.BigEndian.AppendUint64([]byte(k), 7), appendEntries(nil, es)); err != nil {
				return err
			}
		}
		return txn.Set(versionKey, versionValue(4))
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	return dir, docs, spans
}

func TestSchema4IndexMigrated(t *testing.T) {
	dir, docs, spans := schema4Store(t)
	var s *Store
	// Read-only (its disk full), it cannot be migrated, nor read: it is
	// refused with what to do.
	if err := readOnlyMigrate(t, dir); err == nil || !strings.Contains(err.Error(), "free some space") {
		t.Errorf("read-only open of a schema-4 store with its index: %v, want a refusal", err)
	}
	var err error
	if s, err = Open(dir, Options{}); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.SchemaVersion() != currentSchema() {
		t.Errorf("schema %d after opening a schema-4 store, want %d", s.SchemaVersion(), currentSchema())
	}
	for _, p := range []byte{pPage4, pRun4, pRun, pPend} {
		if n := countPrefix(t, s, p); n != 0 {
			t.Errorf("%d keys %c after the migration, want none", n, p)
		}
	}
	if n := countPrefix(t, s, pPage); n == 0 {
		t.Error("no page after the migration")
	}
	findsAll(t, s, spans)
	if err := checkKeys(s); err != nil {
		t.Error(err)
	}
	// A span ID a migrated page holds is refused to another article.
	sp := *spans[0]
	sp.Doc = docs[len(docs)-1].ID
	if sp.Doc == spans[0].Doc {
		sp.Doc = docs[0].ID
	}
	if _, err := s.WriteBatch(ctx, &Batch{Spans: []*annotate.Span{&sp}}); err == nil {
		t.Errorf("span %s written into a second article after the migration", sp.ID)
	}
}

// TestBulkWritesIDsOnce: a first sync's transaction (a bucket of 50 or
// 78 articles × 200 spans) writes no run fragment, but one pending record
// of 8 bytes an article; Finish writes each ID once, into the pages, and
// deletes the records: in one pass over the pages, or (78, a budget of
// 3,000 entries a pass) in several.
func TestBulkWritesIDsOnce(t *testing.T) {
	defer func(b int) { mergeBudget = b }(mergeBudget)
	for _, n := range []int{50, 78} {
		if n == 78 {
			mergeBudget = 3000
		}
		s, err := Open(t.TempDir(), Options{})
		if err != nil {
			t.Fatal(err)
		}
		docs, spans := genCorpus(uint64(30+n), n, 600, 200, "ana", "ben", "cai", "dee")
		b := bulkLoad(t, s, docs, spans, 1)
		kk, err := storeKinds(s)
		if err != nil {
			t.Fatal(err)
		}
		if kk[pRun] != nil {
			t.Errorf("%d articles: fragments %+v, want none", n, kk[pRun])
		}
		if pend := kk[pPend]; pend == nil || pend.valB != int64(8*n) {
			t.Errorf("%d articles: pending records %+v, want one of %d bytes", n, pend, 8*n)
		}
		if err := b.Finish(ctx); err != nil {
			t.Fatal(err)
		}
		kk, err = storeKinds(s)
		if err != nil {
			t.Fatal(err)
		}
		if kk[pPend] != nil {
			t.Errorf("%d articles: pending records %+v after Finish, want none", n, kk[pPend])
		}
		entries := 0
		err = s.view(func(txn *badger.Txn) error {
			return eachPackedIndex(ctx, txn, func(uint64, [8]byte) error { entries++; return nil })
		})
		if err != nil || entries != len(spans) {
			t.Errorf("%d articles: %d entries in the pages (%v), want one a span, %d", n, entries, err, len(spans))
		}
		findsAll(t, s, spans)
		s.Close()
	}
}

// TestBulkAfterUnfinishedBulk: a bulk load not finished (an error ended
// the sync) leaves its pending records; the next bulk load merges them
// before it builds its filter, so that a span ID of the first is still
// refused to another article.
func TestBulkAfterUnfinishedBulk(t *testing.T) {
	s := openTest(t)
	docs, spans := genCorpus(41, 20, 600, 10, "ana")
	bulkLoad(t, s, docs, spans, 2)
	docs2, spans2 := genCorpus(42, 5, 600, 10, "ben")
	dup := *spans2[0]
	dup.ID = spans[0].ID // lies in docs[…], not in docs2
	b2, err := s.NewBulk(ctx, len(spans2))
	if err != nil {
		t.Fatal(err)
	}
	if n := countPrefix(t, s, pPend); n != 0 {
		t.Errorf("%d pending records after the next NewBulk, want none", n)
	}
	found, err := bulkWrite(t, b2, &Batch{Docs: docs2, Spans: append([]*annotate.Span{&dup}, spans2[1:]...)})
	if err == nil && found[dup.ID] == "" {
		t.Errorf("a span ID of the unfinished bulk load written into another article: %v", found)
	}
	findsAll(t, s, spans)
}

// TestSchema4MigrationCutShort: the step to 5 marks the store schema 5
// before it rewrites the first entry of the index, so that a skein of
// schema 4 refuses a store the step left half done (it would read half
// the index and miss the spans already converted); the next open of this
// skein finishes the step, and a read-only open refuses the store until it
// has.
func TestSchema4MigrationCutShort(t *testing.T) {
	dir, _, spans := schema4Store(t)
	// The step cut short right after its mark: version 5, index of 4.
	var s *Store
	db, err := openBadger(badgerOptions(dir, Options{}))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(txn *badger.Txn) error { return txn.Set(versionKey, versionValue(5)) }); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := readOnlyMigrate(t, dir); err == nil || !strings.Contains(err.Error(), "cut short") {
		t.Errorf("read-only open of a schema-5 store with an index of 4: %v, want a refusal", err)
	}
	if s, err = Open(dir, Options{}); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	soundWithout(t, s, spans, "after the open finished the step", pPage4, pRun4)
}

// TestSchema4StepMarksFirst: the step's first write is the version.
func TestSchema4StepMarksFirst(t *testing.T) {
	dir, _, _ := schema4Store(t)
	db, err := openBadger(badgerOptions(dir, Options{}))
	if err != nil {
		t.Fatal(err)
	}
	s := &Store{db: db, dir: dir}
	s.cond = sync.NewCond(&s.mu)
	defer db.Close()
	// A step that fails at its first rewrite: the store is already 5.
	if err := db.Update(func(txn *badger.Txn) error { return txn.Set([]byte{pPage4, 0, 0}, []byte{0xff}) }); err != nil {
		t.Fatal(err)
	}
	if err := s.migrateSpanIndex(); err == nil {
		t.Fatal("a damaged page of 4 rewritten without an error")
	}
	var v []byte
	db.View(func(txn *badger.Txn) error {
		v, err = get(txn, versionKey)
		return err
	})
	if err != nil || binary.BigEndian.Uint32(v) != 5 {
		t.Errorf("version after a step cut short: %v %v, want 5", v, err)
	}
}

// TestFinishReadsOnEveryCore: Finish reads the pending articles' span
// lists with several readers at once, each into pages of its own, which
// are joined as they are written: the pages are, byte for byte, those one
// reader makes, in one pass over them or (a budget of 3,000 entries) in
// several, and every span is found. The records' spans kept by the
// process that wrote them (pendingKnown) make the same pages without a
// list read. A list a reader finds damaged stops the merge with its
// document named, and the pending records stay. The kept spans are
// gathered, and the pages built, by as many goroutines as there are
// readers, and the pages are the same; so are they when a second bulk
// load's Finish merges into the pages of the first.
func TestFinishReadsOnEveryCore(t *testing.T) {
	defer func(b, g, d, e int) {
		mergeBudget, maxGatherers, minGatherDocs, minBuildEntries = b, g, d, e
	}(mergeBudget, maxGatherers, minGatherDocs, minBuildEntries)
	minBuildEntries = 1 // this small merge's pages built by as many as read it
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(3))
	docs, spans := genCorpus(77, 90, 600, 200, "ana", "ben", "cai", "dee")
	// The pages a bulk load's Finish writes with readers and budget, from
	// the span lists (as for a killed process's records: this process's
	// kept entries forgotten) or from what the writes kept.
	pages := func(readers, budget int, fromLists bool, loads int) map[string]string {
		t.Helper()
		maxGatherers, minGatherDocs, mergeBudget = readers, 1, budget
		s, err := Open(t.TempDir(), Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if _, err := s.WriteBatch(ctx, &Batch{Docs: docs}); err != nil {
			t.Fatal(err)
		}
		// Each load brings a share of every document's spans.
		for l := range loads {
			var part []*annotate.Span
			for i, sp := range spans {
				if i%loads == l {
					part = append(part, sp)
				}
			}
			b := bulkLoad(t, s, nil, part, 3)
			if fromLists {
				s.pending.known = nil
			}
			if err := b.Finish(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if read := s.pending.listsRead.Load(); fromLists != (read > 0) {
			t.Fatalf("%d readers, from the lists %v: Finish read %d span lists", readers, fromLists, read)
		}
		if n := countPrefix(t, s, pPend); n != 0 {
			t.Fatalf("%d readers: %d pending records after Finish", readers, n)
		}
		findsAll(t, s, spans)
		return storeValues(t, s, []byte{pPage})
	}
	one := pages(1, 1<<21, true, 1)
	if len(one) < 1000 {
		t.Fatalf("one reader wrote %d pages, want most of 4,096", len(one))
	}
	for _, c := range []struct {
		readers, budget int
		fromLists       bool
		loads           int
	}{{3, 1 << 21, true, 1}, {2, 3000, true, 1}, {1, 1 << 21, false, 1}, {2, 3000, false, 1}, {2, 1 << 21, false, 1},
		{1, 1 << 21, false, 2}, {2, 1 << 21, false, 2}, {2, 3000, true, 2}} {
		if got := pages(c.readers, c.budget, c.fromLists, c.loads); !maps.Equal(got, one) {
			t.Errorf("%d readers, budget %d, from the lists %v, %d loads: %d pages differ from one reader's %d", c.readers, c.budget, c.fromLists, c.loads, len(got), len(one))
		}
	}

	// A damaged list, in the last reader's share, of records this process
	// kept nothing of.
	maxGatherers, mergeBudget = 3, 1<<21
	s, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	b := bulkLoad(t, s, docs, spans, 1)
	s.pending.known = nil
	bad, _ := docBytes(docs[len(docs)-1].ID)
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(docKey(pSpan, bad), []byte{0x05, 0xff}) }); err != nil {
		t.Fatal(err)
	}
	err = b.Finish(ctx)
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("%x", bad)) {
		t.Fatalf("Finish over a damaged list: %v, want an error naming document %x", err, bad)
	}
	if n := countPrefix(t, s, pPend); n == 0 {
		t.Fatal("the pending records went with a merge that failed")
	}
}
