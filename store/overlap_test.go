package store

import (
	"errors"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// sendBulk checks a batch's span IDs and sends it as an import under a
// Bulk does, giving the lock back before its commits are waited for.
func sendBulk(t *testing.T, b *Bulk, batch *Batch) (map[string]string, *BulkWrite, error) {
	t.Helper()
	found := lockAndCheck(t, b, batch)
	defer b.Unlock()
	w, err := b.Send(ctx, batch)
	return found, w, err
}

// lockAndCheck takes b's lock and checks the IDs of batch's spans.
func lockAndCheck(t *testing.T, b *Bulk, batch *Batch) map[string]string {
	t.Helper()
	if err := b.Lock(); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, sp := range batch.Spans {
		ids = append(ids, sp.ID)
	}
	found, err := b.SpanDocs(ctx, ids)
	if err != nil {
		b.Unlock()
		t.Fatal(err)
	}
	return found
}

// Consecutive batches of a bulk load, each checked and built while the one
// before may still be committing (overlap.go): a span ID the last batch
// wrote is found in another document, a document of the last batch is
// read as that batch left it (its span given again is not written again,
// its layer time is the batch's), and nothing is lost.
func TestBulkOverlapConsecutiveBatches(t *testing.T) {
	s := openTest(t)
	docs, spans := genCorpus(21, 6, 400, 4, "ana")
	if _, err := s.WriteBatch(ctx, &Batch{Docs: docs}); err != nil {
		t.Fatal(err)
	}
	b, err := s.NewBulk(ctx, len(spans))
	if err != nil {
		t.Fatal(err)
	}
	of := func(d ...int) []*annotate.Span {
		var out []*annotate.Span
		for _, sp := range spans {
			for _, i := range d {
				if sp.Doc == docs[i].ID {
					out = append(out, sp)
				}
			}
		}
		return out
	}
	stamp := func(modified int64, d ...int) []LayerStamp {
		var out []LayerStamp
		for _, i := range d {
			out = append(out, LayerStamp{Doc: docs[i].ID, Annotator: "ana", Modified: modified})
		}
		return out
	}
	var sent []*BulkWrite
	send := func(batch *Batch) map[string]string {
		t.Helper()
		found, w, err := sendBulk(t, b, batch)
		if err != nil {
			t.Fatal(err)
		}
		sent = append(sent, w)
		return found
	}
	// A: documents 0 and 1.
	send(&Batch{Spans: of(0, 1), Replace: stamp(1000, 0, 1)})
	// B, sent before A is waited for: A's first span given again in
	// document 2 is found in A's document, which the snapshot B reads
	// cannot hold (it was opened before A's first commit); B is written
	// without it, as an import leaves it out.
	moved := *spans[0]
	moved.Doc = docs[2].ID
	if err := b.Lock(); err != nil {
		t.Fatal(err)
	}
	if b.prev == nil || b.ahead == nil {
		t.Fatal("the batch before is not one the next may overlap")
	}
	ids := []string{moved.ID}
	for _, sp := range of(2) {
		ids = append(ids, sp.ID)
	}
	found, err := b.CheckIDs(ctx, PrepareBulkIDs(ids))
	if err != nil || len(found) != 1 || found[moved.ID] != docs[0].ID {
		b.Unlock()
		t.Fatalf("an ID of the batch still committing: found %v, %v; want it in %s", found, err, docs[0].ID)
	}
	w, err := b.Send(ctx, &Batch{Spans: of(2), Replace: stamp(1000, 2)})
	b.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	sent = append(sent, w)
	// C: document 3, written in the snapshot.
	before := s.overlapped.Load()
	send(&Batch{Spans: of(3), Replace: stamp(1000, 3)})
	if s.overlapped.Load() != before+1 {
		t.Fatalf("a batch of documents the last batch did not write was not written in the Bulk's snapshot")
	}
	// D: a new span of another layer in document 3, C's, while C's
	// commits may be in flight; then C's spans given again. Neither is
	// written twice (nor written and refused by Badger, to be written
	// again at the end), nothing is lost.
	rewritten := s.rewritten.Load()
	bob := &annotate.Span{ID: annotate.NewID(), Doc: docs[3].ID, Label: "claim", Annotator: "bob", Fragments: []annotate.Fragment{{Start: 1, End: 5}}}
	send(&Batch{Spans: []*annotate.Span{bob}})
	// The layer time D gave bob's layer in document 3, which the
	// snapshot lacks, is read as D leaves it.
	if err := b.Lock(); err != nil {
		t.Fatal(err)
	}
	times, err := b.LayerTimes([][2]string{{docs[3].ID, "bob"}, {docs[3].ID, "ana"}, {docs[4].ID, "ana"}})
	if err != nil || times[0] == 0 || times[1] != 1000 || times[2] != 0 {
		b.Unlock()
		t.Fatalf("layer times of a document of the batches before and of a new one: %v, %v; want bob's, 1000, 0", times, err)
	}
	b.Unlock()
	send(&Batch{Spans: of(3)})
	// E: documents 4 and 5.
	send(&Batch{Spans: of(4, 5), Replace: stamp(1000, 4, 5)})
	want := []int{8, 4, 4, 1, 0, 8}
	for i, w := range sent {
		res, err := w.Wait()
		if err != nil {
			t.Fatalf("batch %d: %v", i, err)
		}
		if res.SpansWritten != want[i] {
			t.Errorf("batch %d wrote %d spans, want %d", i, res.SpansWritten, want[i])
		}
	}
	if n := s.rewritten.Load() - rewritten; n != 0 {
		t.Errorf("%d chunks written again", n)
	}
	if err := b.Finish(ctx); err != nil {
		t.Fatal(err)
	}
	checkSpans(t, s, docs, append(spans, bob))
}

// A commit of a bulk batch fails while the next batch is being checked:
// the next batch stops with that error and writes nothing, the failed
// batch's Wait reports the error, and the same batches written again
// complete the store.
func TestBulkOverlapCommitError(t *testing.T) {
	s := openTest(t)
	docs, spans := genCorpus(22, 4, 400, 4, "ana")
	if _, err := s.WriteBatch(ctx, &Batch{Docs: docs}); err != nil {
		t.Fatal(err)
	}
	var first, second []*annotate.Span
	for _, sp := range spans {
		if sp.Doc == docs[0].ID || sp.Doc == docs[1].ID {
			first = append(first, sp)
		} else {
			second = append(second, sp)
		}
	}
	broken := errors.New("disk gone")
	commitFails = func(chunk []*docGroup) error {
		for _, g := range chunk {
			if g.id == docs[0].ID {
				return broken
			}
		}
		return nil
	}
	t.Cleanup(func() { commitFails = nil })
	b, err := s.NewBulk(ctx, len(spans))
	if err != nil {
		t.Fatal(err)
	}
	_, w1, err := sendBulk(t, b, &Batch{Spans: first})
	if err != nil {
		t.Fatal(err)
	}
	_, w2, err := sendBulk(t, b, &Batch{Spans: second})
	if !errors.Is(err, broken) || w2 != nil {
		t.Fatalf("the batch after a failed commit: %v", err)
	}
	if res, err := w1.Wait(); !errors.Is(err, broken) || res.SpansWritten != 0 {
		t.Fatalf("the failed batch: %+v, %v", res, err)
	}
	for _, sp := range second {
		if _, err := s.Span(sp.ID); !errors.Is(err, ErrNotFound) {
			t.Fatalf("span %s of the batch after the failed one: %v", sp.ID, err)
		}
	}
	if err := b.Finish(ctx); err != nil {
		t.Errorf("finish after the failed batch, reported already: %v", err)
	}
	commitFails = nil
	b, err = s.NewBulk(ctx, len(spans))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bulkWrite(t, b, &Batch{Spans: first}); err != nil {
		t.Fatal(err)
	}
	if _, err := bulkWrite(t, b, &Batch{Spans: second}); err != nil {
		t.Fatal(err)
	}
	if err := b.Finish(ctx); err != nil {
		t.Fatal(err)
	}
	checkSpans(t, s, docs, spans)
}

// checkSpans checks that the store holds docs with spans, and no thread.
func checkSpans(t *testing.T, s *Store, docs []*annotate.Document, spans []*annotate.Span) {
	t.Helper()
	m := model{spans: map[string]*annotate.Span{}, threads: map[string]*annotate.Thread{}}
	for _, sp := range spans {
		m.spans[sp.ID] = sp
	}
	checkStore(t, s, m, docs)
}
