package store

import (
	"fmt"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// bulkWrite checks spans' IDs and writes them as an import under a Bulk
// does: SpanDocs, then the spans it found nowhere else, under one Lock.
func bulkWrite(t *testing.T, b *Bulk, batch *Batch) (map[string]string, error) {
	t.Helper()
	if err := b.Lock(); err != nil {
		t.Fatal(err)
	}
	defer b.Unlock()
	var ids []string
	for _, sp := range batch.Spans {
		ids = append(ids, sp.ID)
	}
	found, err := b.SpanDocs(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.WriteBatch(ctx, batch)
	return found, err
}

// A first bulk load into a fresh store looks no span ID up, and still
// finds an ID that an earlier batch of the same load wrote.
func TestBulkFreshStoreLooksNothingUp(t *testing.T) {
	s := openTest(t)
	docs, spans := genCorpus(7, 20, 400, 5, "ana", "ben")
	b, err := s.NewBulk(ctx, len(spans))
	if err != nil {
		t.Fatal(err)
	}
	if !b.Filtered() {
		t.Fatal("a fresh store's bulk has no filter")
	}
	half := len(spans) / 2
	if found, err := bulkWrite(t, b, &Batch{Docs: docs, Spans: spans[:half]}); err != nil || len(found) != 0 {
		t.Fatalf("first batch: %v, found %v", err, found)
	}
	if found, err := bulkWrite(t, b, &Batch{Spans: spans[half:]}); err != nil || len(found) != 0 {
		t.Fatalf("second batch: %v, found %v", err, found)
	}
	// ~1 % of the filter's answers are false hits, each looked up.
	if n := s.SpanIDLookups(); n > int64(len(spans))/20 {
		t.Errorf("%d span IDs looked up for %d spans new to the store", n, len(spans))
	}
	if !b.Filtered() {
		t.Error("the bulk's own batches dropped its filter")
	}
	// A span of the first batch, given again for another document: found.
	again := *spans[0]
	again.Doc = docs[len(docs)-1].ID
	if again.Doc == spans[0].Doc {
		again.Doc = docs[0].ID
	}
	if err := b.Lock(); err != nil {
		t.Fatal(err)
	}
	found, err := b.SpanDocs(ctx, []string{again.ID})
	b.Unlock()
	if err != nil || found[again.ID] != spans[0].Doc {
		t.Fatalf("an ID the bulk wrote: found %v, %v; want it in %s", found, err, spans[0].Doc)
	}
	m := model{spans: map[string]*annotate.Span{}, threads: map[string]*annotate.Thread{}}
	for _, sp := range spans {
		m.spans[sp.ID] = sp
	}
	checkStore(t, s, m, docs)
}

// A store that holds spans: the bulk reads their IDs into its filter, and
// finds them.
func TestBulkFilterHoldsStoredIDs(t *testing.T) {
	s := openTest(t)
	docs, spans := genCorpus(8, 10, 400, 4, "ana")
	if _, err := s.WriteBatch(ctx, &Batch{Docs: docs, Spans: spans}); err != nil {
		t.Fatal(err)
	}
	b, err := s.NewBulk(ctx, 10)
	if err != nil || !b.Filtered() {
		t.Fatalf("NewBulk: %v, filtered %v", err, b != nil && b.Filtered())
	}
	moved := *spans[3]
	moved.Doc = docs[9].ID
	if moved.Doc == spans[3].Doc {
		moved.Doc = docs[0].ID
	}
	found, err := bulkWrite(t, b, &Batch{Spans: []*annotate.Span{&moved}})
	if found[moved.ID] != spans[3].Doc {
		t.Errorf("stored ID: found %v", found)
	}
	// The import leaves such a span out (by its line); given anyway, the
	// write refuses it, as WriteBatch does.
	if err == nil || !strings.Contains(err.Error(), "already used") {
		t.Errorf("write of a span whose ID another document holds: %v", err)
	}
	if sp, err := s.Span(moved.ID); err != nil || sp.Doc != spans[3].Doc {
		t.Errorf("span %s: %+v, %v; want it left in %s", moved.ID, sp, err, spans[3].Doc)
	}
}

// Someone else writes span IDs while a bulk load runs: a window's Apply
// between the bulk's batches, another import's batch, or an Apply between
// a batch's check and its write, or inside the write itself. None of them
// can be overwritten: the bulk adds an Apply's IDs to its filter, drops
// the filter for another batch, or its write looks the IDs up again.
func TestBulkConcurrentWriter(t *testing.T) {
	s := openTest(t)
	docs, spans := genCorpus(9, 12, 400, 3, "ana")
	if _, err := s.WriteBatch(ctx, &Batch{Docs: docs}); err != nil {
		t.Fatal(err)
	}
	other := func(sp *annotate.Span) *annotate.Span { return bilalsElsewhere(sp, docs) }
	want := func(sp *annotate.Span) {
		t.Helper()
		got, err := s.Span(sp.ID)
		if err != nil || got.Doc != sp.Doc || got.Annotator != sp.Annotator {
			t.Errorf("span %s: %+v, %v; want the window's, in %s", sp.ID, got, err, sp.Doc)
		}
	}

	t.Run("apply between batches", func(t *testing.T) {
		b, err := s.NewBulk(ctx, 100)
		if err != nil {
			t.Fatal(err)
		}
		mine := spans[0]
		apply(t, s, annotate.AddSpan("ana", mine))
		found, err := bulkWrite(t, b, &Batch{Spans: []*annotate.Span{other(mine)}})
		if !b.Filtered() {
			t.Error("an Apply dropped the filter: the rest of the load looks every ID up")
		}
		if found[mine.ID] != mine.Doc || err == nil {
			t.Errorf("found %v, write %v", found, err)
		}
		want(mine)
	})
	t.Run("batch between batches", func(t *testing.T) {
		b, err := s.NewBulk(ctx, 100)
		if err != nil {
			t.Fatal(err)
		}
		mine := spans[1]
		if _, err := s.WriteBatch(ctx, &Batch{Spans: []*annotate.Span{mine}}); err != nil {
			t.Fatal(err)
		}
		found, err := bulkWrite(t, b, &Batch{Spans: []*annotate.Span{other(mine)}})
		if b.Filtered() {
			t.Error("the filter survived another batch")
		}
		if found[mine.ID] != mine.Doc || err == nil {
			t.Errorf("found %v, write %v", found, err)
		}
		want(mine)
	})
	t.Run("apply between check and write", func(t *testing.T) {
		b, err := s.NewBulk(ctx, 100)
		if err != nil {
			t.Fatal(err)
		}
		mine := spans[2]
		theirs := other(mine)
		if err := b.Lock(); err != nil {
			t.Fatal(err)
		}
		found, err := b.SpanDocs(ctx, []string{theirs.ID})
		if err != nil || len(found) != 0 {
			t.Fatalf("check: %v %v", found, err)
		}
		apply(t, s, annotate.AddSpan("ana", mine)) // Apply takes no bulk lock
		_, err = b.WriteBatch(ctx, &Batch{Spans: []*annotate.Span{theirs}})
		b.Unlock()
		if err == nil || !strings.Contains(err.Error(), "already used") {
			t.Errorf("write: %v", err)
		}
		want(mine)
	})
	t.Run("apply inside the write", func(t *testing.T) {
		b, err := s.NewBulk(ctx, 100)
		if err != nil {
			t.Fatal(err)
		}
		mine := spans[3]
		theirs := other(mine)
		if err := b.Lock(); err != nil {
			t.Fatal(err)
		}
		found, err := b.SpanDocs(ctx, []string{theirs.ID})
		if err != nil || len(found) != 0 {
			t.Fatalf("check: %v %v", found, err)
		}
		// The write transaction has read the span-adds key and found it
		// as the check did; the Apply commits before it does.
		beforeCommit = func() {
			beforeCommit = nil
			apply(t, s, annotate.AddSpan("ana", mine))
		}
		defer func() { beforeCommit = nil }()
		_, err = b.WriteBatch(ctx, &Batch{Spans: []*annotate.Span{theirs}})
		b.Unlock()
		if err == nil || !strings.Contains(err.Error(), "already used") {
			t.Errorf("write: %v", err)
		}
		want(mine)
		// The transaction that lost the race kept its spans for the
		// merge (pendingKnown) and was never committed: Finish lets
		// them go with the rest.
		if err := b.Finish(ctx); err != nil {
			t.Fatal(err)
		}
		if n := len(s.pending.known); n != 0 {
			t.Errorf("after Finish, the spans of %d records are still kept", n)
		}
	})
}

// A first sync hashes a bucket's span IDs before it takes the bulk lock
// (PrepareBulkIDs, then CheckIDs under the lock). A span the window adds
// in between, with an ID the bucket gives another document, is found all
// the same and the bucket's span refused; and a write's span that the
// check was not given is looked up, not taken as checked.
func TestBulkPreparedIDs(t *testing.T) {
	s := openTest(t)
	docs, spans := genCorpus(13, 12, 400, 4, "ana")
	if _, err := s.WriteBatch(ctx, &Batch{Docs: docs}); err != nil {
		t.Fatal(err)
	}
	elsewhere := func(sp *annotate.Span) *annotate.Span { return bilalsElsewhere(sp, docs) }
	ids := func(ss ...*annotate.Span) []string {
		var out []string
		for _, sp := range ss {
			out = append(out, sp.ID)
		}
		return out
	}

	t.Run("apply between prepare and lock", func(t *testing.T) {
		b, err := s.NewBulk(ctx, 100)
		if err != nil {
			t.Fatal(err)
		}
		mine := spans[0]
		theirs := elsewhere(mine)
		pre := PrepareBulkIDs(ids(spans[1], theirs, spans[2]))
		apply(t, s, annotate.AddSpan("ana", mine)) // the window, before the bucket's lock
		if err := b.Lock(); err != nil {
			t.Fatal(err)
		}
		found, err := b.CheckIDs(ctx, pre)
		if err != nil || found[theirs.ID] != mine.Doc || len(found) != 1 {
			b.Unlock()
			t.Fatalf("check: found %v, %v; want %s in %s", found, err, theirs.ID, mine.Doc)
		}
		// A write that went ahead anyway is refused, not overwriting.
		_, err = b.WriteBatch(ctx, &Batch{Spans: []*annotate.Span{spans[1], theirs, spans[2]}})
		b.Unlock()
		if err == nil || !strings.Contains(err.Error(), "already used") {
			t.Errorf("write: %v", err)
		}
		if got, err := s.Span(mine.ID); err != nil || got.Doc != mine.Doc || got.Annotator != "ana" {
			t.Errorf("the window's span: %+v, %v", got, err)
		}
	})
	t.Run("a span the check was not given", func(t *testing.T) {
		mine := spans[3]
		apply(t, s, annotate.AddSpan("ana", mine))
		b2, err := s.NewBulk(ctx, 100) // begun after the Apply: its filter holds mine
		if err != nil || !b2.Filtered() {
			t.Fatalf("NewBulk: %v", err)
		}
		theirs := elsewhere(mine)
		pre := PrepareBulkIDs(ids(spans[4], spans[5]))
		if err := b2.Lock(); err != nil {
			t.Fatal(err)
		}
		found, err := b2.CheckIDs(ctx, pre)
		if err != nil || len(found) != 0 {
			b2.Unlock()
			t.Fatalf("check: %v %v", found, err)
		}
		n := s.SpanIDLookups()
		// theirs between the two checked spans, in their order: not one
		// of them, so looked up and refused.
		_, err = b2.WriteBatch(ctx, &Batch{Spans: []*annotate.Span{spans[4], theirs, spans[5]}})
		b2.Unlock()
		if err == nil || !strings.Contains(err.Error(), "already used") {
			t.Errorf("write: %v", err)
		}
		if s.SpanIDLookups() == n {
			t.Error("a span the check was not given was not looked up")
		}
		if got, err := s.Span(mine.ID); err != nil || got.Doc != mine.Doc || got.Annotator != "ana" {
			t.Errorf("the window's span: %+v, %v", got, err)
		}
	})
	t.Run("checked spans written without a look-up", func(t *testing.T) {
		b, err := s.NewBulk(ctx, 100)
		if err != nil {
			t.Fatal(err)
		}
		batch := spans[6:12]
		pre := PrepareBulkIDs(ids(batch...))
		if err := b.Lock(); err != nil {
			t.Fatal(err)
		}
		n := s.SpanIDLookups()
		found, err := b.CheckIDs(ctx, pre)
		if err != nil || len(found) != 0 {
			b.Unlock()
			t.Fatalf("check: %v %v", found, err)
		}
		// Some left out, as an import's checks leave spans out.
		_, err = b.WriteBatch(ctx, &Batch{Spans: []*annotate.Span{batch[0], batch[2], batch[3], batch[5]}})
		b.Unlock()
		if err != nil {
			t.Fatalf("write: %v", err)
		}
		if got := s.SpanIDLookups() - n; got > 1 { // a false hit of the filter: ~1 %
			t.Errorf("%d span IDs looked up for 6 new to the store", got)
		}
		for _, sp := range []*annotate.Span{batch[0], batch[2], batch[3], batch[5]} {
			if got, err := s.Span(sp.ID); err != nil || got.Doc != sp.Doc {
				t.Errorf("span %s: %+v, %v", sp.ID, got, err)
			}
		}
	})
}

// bilalsElsewhere is sp, with its ID, as bilal's span in the first of docs
// that is not sp's: what a colleague's file that reuses a span's ID brings.
func bilalsElsewhere(sp *annotate.Span, docs []*annotate.Document) *annotate.Span {
	c := *sp
	c.Annotator = "bilal"
	for _, d := range docs {
		if d.ID != sp.Doc {
			c.Doc = d.ID
			break
		}
	}
	return &c
}

// A batch of documents new to the store is sent in transactions near
// Badger's limits, by estimates that are upper bounds of what Badger
// counts: none is found too big (and split), and there are few.
func TestNewDocumentsFillTransactions(t *testing.T) {
	s := openTest(t)
	var names []string
	for i := range 20 {
		names = append(names, fmt.Sprintf("ann%02d", i))
	}
	docs, spans := genCorpus(11, 300, 1900, 200, names...) // the first sync: 20 annotators × 10 spans
	c0 := s.Commits()
	res, err := s.WriteBatch(ctx, &Batch{Docs: docs, Spans: spans})
	if err != nil || res.SpansWritten != len(spans) {
		t.Fatalf("WriteBatch: %+v, %v", res, err)
	}
	if n := s.tooBig.Load(); n > 0 {
		t.Errorf("%d transactions too big for Badger: the estimate is not an upper bound", n)
	}
	commits := s.Commits() - c0
	// What Badger allows in one transaction, by count, at about 280
	// entries a document (a key a span, the list, the name keys).
	perTxn := s.db.MaxBatchCount() / 280
	if want := int64(len(docs))/perTxn + 3; int64(commits) > want {
		t.Errorf("%d commits for %d documents of %d spans, want at most %d", commits, len(docs), len(spans)/len(docs), want)
	}
	t.Logf("%d spans on %d documents in %d commits", len(spans), len(docs), commits)
}

// A first sync's bucket under a Bulk (documents stored before, every
// colleague's layer replaced, 20 colleagues × 10 spans a document) is sent
// in transactions filled by count, which is Badger's binding limit there:
// its estimate is an upper bound (nothing too big, nothing split) and
// close (few commits: at 20 colleagues ~42 keys a document).
func TestBulkFillsTransactions(t *testing.T) {
	s := openTest(t)
	var names []string
	for i := range 20 {
		names = append(names, fmt.Sprintf("ann%02d", i))
	}
	docs, spans := genCorpus(12, 400, 1900, 200, names...)
	if _, err := s.WriteBatch(ctx, &Batch{Docs: docs}); err != nil {
		t.Fatal(err)
	}
	b, err := s.NewBulk(ctx, len(spans))
	if err != nil {
		t.Fatal(err)
	}
	batch := &Batch{Docs: docs, Spans: spans}
	for _, d := range docs {
		for _, n := range names {
			batch.Replace = append(batch.Replace, LayerStamp{Doc: d.ID, Annotator: n, Modified: 1764000000000})
		}
	}
	ids := make([]string, len(spans))
	for i, sp := range spans {
		ids[i] = sp.ID
	}
	if err := b.Lock(); err != nil {
		t.Fatal(err)
	}
	if found, err := b.SpanDocs(ctx, ids); err != nil || len(found) > 0 {
		t.Fatalf("SpanDocs: %v, %v", found, err)
	}
	c0 := s.Commits()
	res, err := b.WriteBatch(ctx, batch)
	b.Unlock()
	if err != nil || res.SpansWritten != len(spans) || res.DocsAdded != 0 {
		t.Fatalf("WriteBatch: %+v, %v", res, err)
	}
	commits := int64(s.Commits() - c0)
	if err := b.Finish(ctx); err != nil {
		t.Fatal(err)
	}
	if n := s.tooBig.Load(); n > 0 {
		t.Errorf("%d transactions too big for Badger: the estimate is not an upper bound", n)
	}
	// The run fragments take 257 entries of a transaction's count; the
	// rest at about 48 a document (20 layer times, 20 annotator keys, a
	// few label keys, the list). Before the estimate counted what a new
	// list writes, 400 documents took 20 commits.
	perTxn := (s.db.MaxBatchCount()*9/10 - 257) / 50
	if want := int64(len(docs))/perTxn + 1; commits > want {
		t.Errorf("%d commits for %d documents of %d spans, want at most %d", commits, len(docs), len(spans)/len(docs), want)
	}
	t.Logf("%d spans on %d documents in %d commits (Badger allows %d entries a transaction)", len(spans), len(docs), commits, s.db.MaxBatchCount())
	for _, d := range docs[:5] {
		got, err := s.Spans(d.ID)
		if err != nil || len(got) != 200 {
			t.Fatalf("document %s: %d spans, %v", d.ID, len(got), err)
		}
	}
}
