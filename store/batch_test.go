package store

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/skein-news/skein/annotate"
)

func TestWriteBatch(t *testing.T) {
	s := openTest(t)
	docs, spans := genCorpus(3, 40, 400, 6, "ana", "ben")
	var threads []*annotate.Thread
	for i := 0; i+1 < len(spans); i += 7 {
		threads = append(threads, &annotate.Thread{ID: annotate.NewID(), Annotator: spans[i].Annotator,
			Members: []annotate.Member{{Doc: spans[i].Doc, Span: spans[i].ID}, {Doc: spans[i+1].Doc, Span: spans[i+1].ID, Link: "same"}}})
	}
	b := &Batch{
		Docs: docs, Spans: spans, Threads: threads,
		Marks:     []*annotate.Mark{{Doc: docs[0].ID, Annotator: "ana", Done: true, Answer: "accept"}},
		Decisions: []*annotate.Decision{{Doc: docs[1].ID, Span: spans[6].ID, Reviewer: "rev", Verdict: "reject", At: 5}},
		Stamps:    []LayerStamp{{Doc: docs[2].ID, Annotator: "ana", Modified: 1234}},
	}
	res, err := s.WriteBatch(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	if want := (BatchResult{DocsAdded: 40, SpansWritten: 240, ThreadsWritten: len(threads)}); res != want {
		t.Errorf("first WriteBatch: got %+v, want %+v", res, want)
	}
	m := model{spans: map[string]*annotate.Span{}, threads: map[string]*annotate.Thread{}}
	for _, sp := range spans {
		m.spans[sp.ID] = sp
	}
	for _, th := range threads {
		m.threads[th.ID] = th
	}
	checkStore(t, s, m, docs)
	if ms, _ := s.LayerModified(docs[2].ID, "ana"); ms != 1234 {
		t.Errorf("stamped layer: got %d, want 1234", ms)
	}
	if ms, _ := s.LayerModified(docs[3].ID, "ben"); ms == 0 {
		t.Error("unstamped layer with spans: got 0, want the time of the write")
	}
	if got, err := s.Mark(docs[0].ID, "ana"); err != nil || !reflect.DeepEqual(got, b.Marks[0]) {
		t.Errorf("Mark: got %+v, %v", got, err)
	}
	if ds, _ := s.Decisions(docs[1].ID); len(ds) != 1 || !reflect.DeepEqual(ds[0], b.Decisions[0]) {
		t.Errorf("Decisions: got %+v", ds)
	}

	// Running it again changes nothing.
	res, err = s.WriteBatch(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	if res != (BatchResult{}) {
		t.Errorf("second WriteBatch: got %+v, want nothing written", res)
	}
	checkStore(t, s, m, docs)

	// A span written again with another label moves in the label index; a
	// replaced layer loses the spans the new bundle does not have.
	changed := spans[0].Clone()
	changed.Label = "accusation"
	m.spans[changed.ID] = changed
	var kept []*annotate.Span
	for _, sp := range spans {
		if sp.Doc == docs[5].ID && sp.Annotator == "ana" {
			delete(m.spans, sp.ID)
			if len(kept) == 0 {
				kept = append(kept, sp)
				m.spans[sp.ID] = sp
			}
		}
	}
	res, err = s.WriteBatch(ctx, &Batch{Spans: append([]*annotate.Span{changed}, kept...),
		Replace: []LayerStamp{{Doc: docs[5].ID, Annotator: "ana", Modified: 99}}})
	if err != nil {
		t.Fatal(err)
	}
	if res.SpansWritten != 2 {
		t.Errorf("replacing: got %d spans written, want 2", res.SpansWritten)
	}
	// Threads that held the replaced spans keep their members (see Batch).
	checkStore(t, s, m, docs)
	if ms, _ := s.LayerModified(docs[5].ID, "ana"); ms != 99 {
		t.Errorf("replaced layer time: got %d, want 99", ms)
	}

	// A span whose ID is already used in another document is refused.
	clash := spans[1].Clone()
	clash.Doc = docs[9].ID
	if _, err := s.WriteBatch(ctx, &Batch{Spans: []*annotate.Span{clash}}); err == nil || !strings.Contains(err.Error(), "already used") {
		t.Errorf("clashing span id: got %v", err)
	}
	checkStore(t, s, m, docs)
	bad := []struct {
		name string
		b    *Batch
	}{
		{"bad document id", &Batch{Docs: []*annotate.Document{{ID: "nothex", Text: "x"}}}},
		{"span without annotator", &Batch{Spans: []*annotate.Span{{ID: "x", Doc: docs[0].ID, Label: "claim"}}}},
		{"same span id in two documents", &Batch{Spans: []*annotate.Span{newSpan(docs[0], "ana", "claim", 0, 1), {ID: "dup", Doc: docs[0].ID, Annotator: "a"}, {ID: "dup", Doc: docs[1].ID, Annotator: "a"}}}},
		{"span of a document that is nowhere", &Batch{Spans: []*annotate.Span{newSpan(newDoc("x", "", "Not stored anywhere."), "ana", "claim", 0, 3)}}},
		{"thread member in a bad document", &Batch{Threads: []*annotate.Thread{{ID: "t", Annotator: "a", Members: []annotate.Member{{Doc: "zz", Span: "x"}}}}}},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := s.WriteBatch(ctx, tc.b); err == nil {
				t.Error("got nil error")
			}
		})
	}
	checkStore(t, s, m, docs)
}

// TestWriteBatchLarge writes batches larger than one Badger transaction:
// many documents (split into chunks) and one document whose spans alone
// overflow a transaction.
func TestWriteBatchLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("large batch")
	}
	s := openTest(t)
	docs, spans := genCorpus(4, 3000, 1500, 2, "ana")
	big := docs[0]
	limit := int(s.db.MaxBatchCount())
	for i := 0; i < limit+500; i++ {
		st := i % 1000
		spans = append(spans, &annotate.Span{ID: annotate.NewID(), Doc: big.ID, Annotator: "ben", Label: testLabels[i%4],
			Fragments: []annotate.Fragment{{Start: st, End: st + 5}}})
	}
	res, err := s.WriteBatch(ctx, &Batch{Docs: docs, Spans: spans})
	if err != nil {
		t.Fatal(err)
	}
	if want := (BatchResult{DocsAdded: len(docs), SpansWritten: len(spans)}); res != want {
		t.Errorf("got %+v, want %+v", res, want)
	}
	if n, _ := s.DocumentCount(); n != len(docs) {
		t.Errorf("DocumentCount: got %d, want %d", n, len(docs))
	}
	got, err := s.LayerSpans(big.ID, "ben")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != limit+500 {
		t.Errorf("spans of the big document: got %d, want %d", len(got), limit+500)
	}
	if err := checkKeys(s); err != nil {
		t.Error(err)
	}
	res, err = s.WriteBatch(ctx, &Batch{Docs: docs, Spans: spans})
	if err != nil || res != (BatchResult{}) {
		t.Errorf("again: got %+v, %v; want nothing written", res, err)
	}
}

func TestWriteBatchCancelled(t *testing.T) {
	s := openTest(t)
	docs, _ := genCorpus(5, 10, 200, 0)
	c, cancel := contextWithCancel()
	cancel()
	if _, err := s.WriteBatch(c, &Batch{Docs: docs}); !errors.Is(err, errCancelled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
	if n, _ := s.DocumentCount(); n != 0 {
		t.Errorf("documents written by a cancelled batch: %d", n)
	}
}

// TestWriteBatchWithConcurrentApply imports spans into documents that
// someone is editing at the same time: every span of both must be there.
func TestWriteBatchWithConcurrentApply(t *testing.T) {
	s := openTest(t)
	docs, spans := genCorpus(6, 30, 600, 20, "bundle")
	putDocs(t, s, docs...)
	done := make(chan []*annotate.Span)
	go func() {
		var mine []*annotate.Span
		for i := 0; i < 60; i++ {
			sp := newSpan(docs[i%len(docs)], "ana", "claim", i, i+5)
			if err := s.Apply(ctx, annotate.AddSpan("ana", sp)); err != nil {
				t.Error(err)
				break
			}
			mine = append(mine, sp)
		}
		done <- mine
	}()
	for round := 0; round < 3; round++ {
		if _, err := s.WriteBatch(ctx, &Batch{Spans: spans}); err != nil {
			t.Fatal(err)
		}
	}
	mine := <-done
	m := model{spans: map[string]*annotate.Span{}, threads: map[string]*annotate.Thread{}}
	for _, sp := range append(spans, mine...) {
		m.spans[sp.ID] = sp
	}
	checkStore(t, s, m, docs)
}

// TestLargestDocument stores articles up to the 10 MB that import accepts,
// through both ways a document enters the store, beside a small one written
// in the same batch, and reads them back after reopening.
func TestLargestDocument(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 30 MB")
	}
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := func(c string) string {
		return "é" + strings.Repeat(c, annotate.MaxDocumentBytes-2) // 10 MB exactly
	}
	small := newDoc("small", "", "a small article")
	batched := newDoc("batched", "", text("b"))
	put := newDoc("put", "", text("p"))
	if _, err := s.WriteBatch(ctx, &Batch{Docs: []*annotate.Document{small, batched}}); err != nil {
		t.Fatalf("WriteBatch of a 10 MB article: %v", err)
	}
	if _, err := s.PutDocument(ctx, put); err != nil {
		t.Fatalf("PutDocument of a 10 MB article: %v", err)
	}
	s = reopen(t, s, dir)
	for _, d := range []*annotate.Document{small, batched, put} {
		got, err := s.Document(d.ID)
		if err != nil {
			t.Errorf("%s: %v", d.Title, err)
			continue
		}
		if got.Text != d.Text {
			t.Errorf("%s: got a text of %d bytes, want %d", d.Title, len(got.Text), len(d.Text))
		}
	}
}

// TestDocumentTooLarge: a document record the store cannot hold is refused
// before anything of the batch is written, with a message naming it.
func TestDocumentTooLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 20 MB text")
	}
	s := openTest(t)
	small := newDoc("small", "", "a small article")
	huge := newDoc("huge", "", strings.Repeat("h", 2*maxValueBytes))
	_, err := s.WriteBatch(ctx, &Batch{Docs: []*annotate.Document{small, huge}})
	if err == nil || !strings.Contains(err.Error(), huge.ID) || !strings.Contains(err.Error(), "too large") {
		t.Errorf("WriteBatch: got %v, want an error naming %s as too large", err, huge.ID)
	}
	if len(err.Error()) > 300 {
		t.Errorf("WriteBatch's error is %d bytes long, want one line", len(err.Error()))
	}
	if n, _ := s.DocumentCount(); n != 0 {
		t.Errorf("after the refused batch the store holds %d documents, want 0", n)
	}
	if _, err := s.PutDocument(ctx, huge); err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("PutDocument: got %v, want an error saying the document is too large", err)
	}
}

func TestSpanDocs(t *testing.T) {
	s := openTest(t)
	if got, err := s.SpanDocs(ctx, []string{"T1"}); err != nil || len(got) != 0 {
		t.Errorf("empty store: got %v, %v; want nothing", got, err)
	}
	a := newDoc("a", "", "The mayor denied the claim.")
	b := newDoc("b", "", "The mayor repeated the denial.")
	putDocs(t, s, a, b)
	sa := newSpan(a, "ana", "actor", 4, 9)
	sb := newSpan(b, "ana", "actor", 4, 9)
	sb.ID = "T1"
	if _, err := s.WriteBatch(ctx, &Batch{Spans: []*annotate.Span{sa, sb}}); err != nil {
		t.Fatal(err)
	}
	got, err := s.SpanDocs(ctx, []string{sa.ID, "T1", "T2", annotate.NewID()})
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{sa.ID: a.ID, "T1": b.ID}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// A batch that gives a thread the ID of a stored thread of another layer is
// refused whole: writing it would move that thread into the other layer.
func TestWriteBatchThreadOfAnotherLayer(t *testing.T) {
	s := openTest(t)
	mine := alsThread(t, s)
	apply(t, s, annotate.PutThread("al", "new thread", nil, mine))
	d2 := newDoc("two", "2024-01-03", "Kabul denied it.")
	theirs := mine.Clone()
	theirs.Annotator, theirs.Title = "bob", "bob's"
	_, err := s.WriteBatch(ctx, &Batch{Docs: []*annotate.Document{d2}, Threads: []*annotate.Thread{theirs}})
	if err == nil || !strings.Contains(err.Error(), "thread "+mine.ID+" of layer bob: id already used by a thread of layer al") {
		t.Fatalf("WriteBatch gave %v, want a refusal", err)
	}
	if got, err := s.Thread(mine.ID); err != nil || got.Annotator != "al" || got.Title != "who" {
		t.Errorf("al's thread is now %+v, %v", got, err)
	}
	if ok, _ := s.HasDocument(d2.ID); ok {
		t.Errorf("the refused batch wrote its document")
	}
	// The same thread in its own layer is an overwrite, as before.
	renamed := mine.Clone()
	renamed.Title = "who is behind it"
	if _, err := s.WriteBatch(ctx, &Batch{Threads: []*annotate.Thread{renamed}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Thread(mine.ID); got.Title != "who is behind it" {
		t.Errorf("thread after a same-layer batch: %+v", got)
	}
}

// alsThread stores an article and two spans of al's on it, and returns a
// thread "who" of the two, not stored.
func alsThread(t *testing.T, s *Store) *annotate.Thread {
	t.Helper()
	d := newDoc("one", "2024-01-02", "The minister said the TTP was behind it.")
	putDocs(t, s, d)
	a, b := newSpan(d, "al", "actor", 4, 12), newSpan(d, "al", "actor", 22, 25)
	apply(t, s, annotate.AddSpan("al", a))
	apply(t, s, annotate.AddSpan("al", b))
	return &annotate.Thread{ID: annotate.NewID(), Title: "who", Annotator: "al", Members: []annotate.Member{{Doc: d.ID, Span: a.ID}, {Doc: d.ID, Span: b.ID, Link: "x"}}}
}

// TestFinishSplit: a split write into a document the store already held,
// interrupted after its index keys (one span's key deleted as the layer was
// replaced, a new span's key put), is undone on the next Open: the stored
// span list is what the index says again.
func TestFinishSplit(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := newDoc("held", "", "Kakar spoke to the press on Monday.")
	kept := newSpan(d, "ana", "actor", 0, 5)
	if _, err := s.WriteBatch(ctx, &Batch{Docs: []*annotate.Document{d}, Spans: []*annotate.Span{kept}}); err != nil {
		t.Fatal(err)
	}
	added := newSpan(d, "ana", "claim", 6, 11)
	doc, _ := docBytes(d.ID)
	ops := []indexOp{{del: true, e: spanEntry{id: []byte(kept.ID)}}, {e: spanEntry{id: []byte(added.ID)}}}
	err = s.update(func(txn *badger.Txn) error {
		if err := txn.Set(docKey(pSplit, doc), encodeSplit(ops)); err != nil {
			return err
		}
		if err := txn.Delete(spanIDKey(kept.ID)); err != nil {
			return err
		}
		return txn.Set(spanIDKey(added.ID), doc[:])
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := checkKeys(s); err == nil {
		t.Fatal("checkKeys finds nothing wrong half way through the split write")
	}
	s.Close()
	s, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := checkKeys(s); err != nil {
		t.Error(err)
	}
	if got, err := s.Span(kept.ID); err != nil || got.ID != kept.ID {
		t.Errorf("the span stored before: got %v, %v", got, err)
	}
	if _, err := s.Span(added.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("the span of the interrupted write: got %v, want ErrNotFound", err)
	}
}

// A batch that names a span twice in a new document (a file that repeats
// a line, or changes it further down) stores it once, as its last line
// says: into a document without spans, the write looks IDs up only when
// the batch repeats one.
func TestWriteBatchRepeatedSpan(t *testing.T) {
	for _, bulk := range []bool{false, true} {
		t.Run(fmt.Sprintf("bulk=%v", bulk), func(t *testing.T) {
			s := openTest(t)
			docs, spans := genCorpus(5, 2, 400, 30, "ana", "ben")
			again := *spans[3]
			again.Label = "changed"
			same := *spans[7]
			batch := &Batch{Docs: docs, Spans: append(append([]*annotate.Span{}, spans...), &again, &same)}
			var res BatchResult
			var err error
			if bulk {
				b, berr := s.NewBulk(ctx, len(spans))
				if berr != nil {
					t.Fatal(berr)
				}
				if err := b.Lock(); err != nil {
					t.Fatal(err)
				}
				res, err = b.WriteBatch(ctx, batch)
				b.Unlock()
				if ferr := b.Finish(ctx); ferr != nil {
					t.Fatal(ferr)
				}
			} else {
				res, err = s.WriteBatch(ctx, batch)
			}
			if err != nil {
				t.Fatal(err)
			}
			if want := len(spans) + 1; res.SpansWritten != want {
				t.Errorf("spans written: got %d, want %d (the changed one twice, the same one once)", res.SpansWritten, want)
			}
			for _, d := range docs {
				got, err := s.Spans(d.ID)
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != 30 {
					t.Errorf("document %s: got %d spans, want 30", d.ID, len(got))
				}
				for _, sp := range got {
					if sp.ID == again.ID && sp.Label != "changed" {
						t.Errorf("span %s: label %q, want the batch's last, %q", sp.ID, sp.Label, "changed")
					}
				}
			}
			if doc, err := s.SpanDocs(ctx, []string{again.ID, same.ID}); err != nil || len(doc) != 2 {
				t.Errorf("SpanDocs: %v, %v", doc, err)
			}
		})
	}
}

// TestApplyWinsAgainstEndlessWriters gives a write a rival that commits a
// write to a record the write reads between every attempt's read and its
// commit, as a bulk write's stream of commits can on a loaded machine: the
// write must still land rather than give up after maxRetries. A key's
// Apply runs alone from its first attempt, holding the rival back, so it
// never loses; any other update runs alone after aloneAfter lost races.
func TestApplyWinsAgainstEndlessWriters(t *testing.T) {
	for _, tc := range []struct {
		name         string
		wantAttempts int
		apply        func(s *Store, sp *annotate.Span) error
	}{
		{"Apply", 1, func(s *Store, sp *annotate.Span) error { return s.Apply(ctx, annotate.AddSpan("ana", sp)) }},
		// The same change through update, as a write nobody waits for.
		{"update", aloneAfter + 1, func(s *Store, sp *annotate.Span) error {
			c := annotate.AddSpan("ana", sp)
			rec, err := encodeChange(c)
			if err != nil {
				return err
			}
			adds := s.spanAdds.call()
			defer adds.done()
			return s.update(func(txn *badger.Txn) error {
				if err := applyChange(txn, &s.pending, adds, c, nil, annotate.NowMillis()); err != nil {
					return err
				}
				return push(txn, pUndo, c.User, rec)
			})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) { endlessRival(t, tc.wantAttempts, tc.apply) })
	}
}

// endlessRival is TestApplyWinsAgainstEndlessWriters for one write, which
// must take want attempts, the last alone.
func endlessRival(t *testing.T, want int, apply func(s *Store, sp *annotate.Span) error) {
	s := openTest(t)
	doc := newDoc("contested", "", "one article that two writers change at once")
	putDocs(t, s, doc)
	first := newSpan(doc, "ana", "actor", 4, 7)
	if err := s.Apply(ctx, annotate.AddSpan("ana", first)); err != nil {
		t.Fatal(err)
	}
	// The rival rewrites ana's undo head, which every Apply of hers
	// reads, with the value it has: a commit that changes nothing but
	// that Badger counts as a conflict for a transaction that read it.
	rival := func() error {
		txn := s.db.NewTransaction(true)
		defer txn.Discard()
		item, err := txn.Get(stackHeadKey(pUndo, "ana"))
		if err != nil {
			return err
		}
		v, err := item.ValueCopy(nil)
		if err != nil {
			return err
		}
		if err := txn.Set(stackHeadKey(pUndo, "ana"), v); err != nil {
			return err
		}
		return s.commit(txn)
	}
	attempts, blocked := 0, 0
	var waits []chan error
	beforeUpdateCommit = func(_ *badger.Txn, attempt int) {
		attempts++
		done := make(chan error, 1)
		waits = append(waits, done)
		go func() { done <- rival() }()
		// An attempt that does not run alone must let the rival commit
		// first, however slow the machine (10 s); the one that runs alone
		// must hold it back (a rival that committed within 100 ms of it
		// was not held).
		wait := 10 * time.Second
		if attempt == want-1 {
			wait = 100 * time.Millisecond
		}
		select {
		case err := <-done:
			done <- err // the rival committed first: this attempt loses
		case <-time.After(wait):
			blocked++ // the rival waits behind this attempt, which runs alone
		}
	}
	mine := newSpan(doc, "ana", "claim", 0, 3)
	err := apply(s, mine)
	beforeUpdateCommit = nil
	if err != nil {
		t.Fatalf("a write beside a writer that always comes between: %v", err)
	}
	if attempts != want || blocked != 1 {
		t.Errorf("the write took %d attempts, %d of them alone; want %d and 1", attempts, blocked, want)
	}
	for i, done := range waits {
		// The rival that waited read the head before the write wrote it:
		// Badger must refuse it.
		if err := <-done; err != nil && !(i == len(waits)-1 && errors.Is(err, badger.ErrConflict)) {
			t.Errorf("rival %d: %v", i, err)
		}
	}
	m := model{spans: map[string]*annotate.Span{mine.ID: mine, first.ID: first}, threads: map[string]*annotate.Thread{}}
	checkStore(t, s, m, []*annotate.Document{doc})
	for _, want := range []string{"add claim", "add actor"} {
		c, err := s.Undo(ctx, "ana")
		if err != nil || c.Desc != want {
			t.Fatalf("undo: got %v, %v; want %q", c, err, want)
		}
	}
}

// A batch that writes no span (a first sync's articles, stored while its
// bulk pass writes the buckets already complete) writes no span ID, so a
// bulk load beside it keeps its filter and looks nothing up; a batch with
// a span still drops the filter, and the span it wrote is found and a
// bulk span reusing its ID refused.
func TestSpanlessBatchKeepsBulkFilter(t *testing.T) {
	s := openTest(t)
	docs, spans := genCorpus(17, 20, 400, 5, "ana")
	b, err := s.NewBulk(ctx, len(spans))
	if err != nil || !b.Filtered() {
		t.Fatalf("NewBulk: %v, filtered %v", err, b != nil && b.Filtered())
	}
	mid, at := len(docs)/2, 5*len(docs)/2
	var marks []*annotate.Mark
	for _, d := range docs[:mid] {
		marks = append(marks, &annotate.Mark{Doc: d.ID, Annotator: "ana", Done: true})
	}
	if _, err := s.WriteBatch(ctx, &Batch{Docs: docs[:mid], Marks: marks}); err != nil {
		t.Fatal(err)
	}
	if _, err := bulkWrite(t, b, &Batch{Spans: spans[:at]}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.WriteBatch(ctx, &Batch{Docs: docs[mid:]}); err != nil {
		t.Fatal(err)
	}
	if _, err := bulkWrite(t, b, &Batch{Spans: spans[at:]}); err != nil {
		t.Fatal(err)
	}
	if !b.Filtered() {
		t.Error("a batch of articles alone dropped the bulk's filter")
	}
	if n := s.SpanIDLookups(); n > int64(len(spans))/20 { // false hits: ~1 %
		t.Errorf("%d span IDs looked up for %d spans new to the store", n, len(spans))
	}
	// A span written by an ordinary batch, beside the bulk.
	_, more := genCorpus(18, 1, 400, 1, "ana")
	mine := more[0]
	mine.Doc = docs[0].ID
	if _, err := s.WriteBatch(ctx, &Batch{Spans: []*annotate.Span{mine}}); err != nil {
		t.Fatal(err)
	}
	found, err := bulkWrite(t, b, &Batch{Spans: []*annotate.Span{bilalsElsewhere(mine, docs)}})
	if b.Filtered() {
		t.Error("the filter survived a batch with a span")
	}
	if found[mine.ID] != mine.Doc || err == nil {
		t.Errorf("a span the other batch wrote: found %v, write %v", found, err)
	}
	m := model{spans: map[string]*annotate.Span{}, threads: map[string]*annotate.Thread{}}
	for _, sp := range append(spans, mine) {
		m.spans[sp.ID] = sp
	}
	checkStore(t, s, m, docs)
}

// A batch's span IDs are told apart by a hash and, where hashes collide,
// by the IDs themselves: with every ID's hash the same, or a few at a time, a span ID given
// in two documents is still refused by name and nothing is written, an
// ID repeated in its document is stored once as its last line says, and
// different IDs are all stored.
func TestWriteBatchSpanIDsHashCollide(t *testing.T) {
	hashes := map[string]func(string) uint64{
		"all":   func(string) uint64 { return 7 << 40 },
		"first": func(id string) uint64 { return uint64(id[0]) << 40 }, // runs of a few
	}
	for _, collide := range []string{"", "all", "first"} {
		t.Run("collide="+collide, func(t *testing.T) {
			if h := hashes[collide]; h != nil {
				defer func(h func(string) uint64) { seenHash = h }(seenHash)
				seenHash = h
			}
			s := openTest(t)
			docs, spans := genCorpus(11, 3, 400, 20, "ana", "ben")
			if _, err := s.WriteBatch(ctx, &Batch{Docs: docs}); err != nil {
				t.Fatal(err)
			}
			other := *spans[25] // a span of the second document …
			other.Doc = docs[0].ID
			bad := &Batch{Spans: append(append([]*annotate.Span{}, spans...), &other)}
			_, err := s.WriteBatch(ctx, bad)
			want := fmt.Sprintf("span id %s is used in documents %s and %s", other.ID, docs[1].ID, docs[0].ID)
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("a span ID in two documents: got %v, want %q", err, want)
			}
			for _, d := range docs {
				if got, err := s.Spans(d.ID); err != nil || len(got) != 0 {
					t.Fatalf("document %s after the refused batch: %d spans (%v), want none", d.ID, len(got), err)
				}
			}
			again := *spans[3]
			again.Label = "changed"
			res, err := s.WriteBatch(ctx, &Batch{Spans: append(append([]*annotate.Span{}, spans...), &again)})
			if err != nil {
				t.Fatal(err)
			}
			if res.SpansWritten != len(spans)+1 {
				t.Errorf("spans written: got %d, want %d", res.SpansWritten, len(spans)+1)
			}
			for _, d := range docs {
				got, err := s.Spans(d.ID)
				if err != nil || len(got) != 20 {
					t.Fatalf("document %s: %d spans (%v), want 20", d.ID, len(got), err)
				}
				for _, sp := range got {
					if sp.ID == again.ID && sp.Label != "changed" {
						t.Errorf("span %s: label %q, want the batch's last, %q", sp.ID, sp.Label, "changed")
					}
				}
			}
		})
	}
}

// Under IfNewer, a batch's thread the same as the stored one is neither
// written nor counted kept (a take of a copy holding the user's threads
// unchanged said it kept each); one the store changed later is kept and
// counted; one changed later in the batch is written. The split write
// (a thread too large for one transaction) counts alike.
func TestWriteBatchIfNewerCountsOnlyThreadsKept(t *testing.T) {
	s := openTest(t)
	th := alsThread(t, s)
	th.Created, th.Modified = 1000, 2000
	if _, err := s.WriteBatch(ctx, &Batch{Threads: []*annotate.Thread{th}}); err != nil {
		t.Fatal(err)
	}
	older, newer := th.Clone(), th.Clone()
	older.Title, older.Modified = "older", 1500
	newer.Title, newer.Modified = "newer", 3000
	for _, c := range []struct {
		name          string
		th            *annotate.Thread
		written, kept int
	}{{"the same", th.Clone(), 0, 0}, {"older", older, 0, 1}, {"newer", newer, 1, 0}, {"the same again", newer.Clone(), 0, 0}} {
		res, err := s.WriteBatch(ctx, &Batch{Threads: []*annotate.Thread{c.th}, IfNewer: true})
		if err != nil {
			t.Fatal(err)
		}
		if res.ThreadsWritten != c.written || res.ThreadsKept != c.kept {
			t.Errorf("%s thread: %d written, %d kept; want %d and %d", c.name, res.ThreadsWritten, res.ThreadsKept, c.written, c.kept)
		}
	}
	for _, c := range []struct {
		name          string
		th            *annotate.Thread
		changed, kept bool
	}{{"the same", newer.Clone(), false, false}, {"older", older, false, true}} {
		res, err := s.writeThreadSplitIf(c.th.ID, c.th, true)
		if err != nil {
			t.Fatal(err)
		}
		changed, kept := res.ThreadsWritten == 1, res.ThreadsKept == 1
		if changed != c.changed || kept != c.kept {
			t.Errorf("split write of %s thread: changed %v, kept %v; want %v and %v", c.name, changed, kept, c.changed, c.kept)
		}
	}
	if got, _ := s.Thread(th.ID); got.Title != "newer" {
		t.Errorf("the thread after: %+v, want the newer", got)
	}
}
