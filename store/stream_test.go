package store

import (
	"errors"
	"fmt"
	"testing"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/skein-news/skein/annotate"
)

func streamDocs(n int, tag string) []*annotate.Document {
	docs := make([]*annotate.Document, n)
	for i := range docs {
		docs[i] = newDoc(fmt.Sprintf("%s %d", tag, i), "2024-01-01", fmt.Sprintf("Article %d of %s: the minister said the council met.\n", i, tag))
	}
	return docs
}

func countDocs(t *testing.T, s *Store) int {
	t.Helper()
	n := 0
	if err := s.Documents(ctx, func(DocInfo) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}

func journalKeys(t *testing.T, s *Store) int {
	t.Helper()
	n := 0
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pJournal}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// A stream's documents count once Finish has written the rest: the
// journal is gone, the counts add up, and what the store held before is
// not counted again.
func TestStreamFinish(t *testing.T) {
	s := openTest(t)
	old := streamDocs(3, "old")
	putDocs(t, s, old...)
	w, err := s.StreamDocs()
	if err != nil {
		t.Fatal(err)
	}
	docs := streamDocs(2500, "new")
	if err := w.Add(ctx, append(docs[:1500:1500], old[0])); err != nil {
		t.Fatal(err)
	}
	if err := w.Add(ctx, append(docs[1000:], docs[0])); err != nil { // repeats are written once
		t.Fatal(err)
	}
	if journalKeys(t, s) == 0 {
		t.Error("no journal while the stream runs")
	}
	extra := streamDocs(1, "rest")[0]
	res, err := w.Finish(ctx, &Batch{Docs: []*annotate.Document{extra}, Spans: []*annotate.Span{newSpan(docs[7], "al", "claim", 0, 7)}})
	if err != nil {
		t.Fatal(err)
	}
	if res.DocsAdded != 2501 || res.SpansWritten != 1 || w.Added() != 2500 || w.Present() != 1 {
		t.Errorf("got %+v, added %d, present %d; want 2,501 documents added (2,500 streamed), 1 span, 1 present", res, w.Added(), w.Present())
	}
	if n := countDocs(t, s); n != 3+2500+1 {
		t.Errorf("the store lists %d documents, want %d", n, 3+2500+1)
	}
	if n := journalKeys(t, s); n != 0 {
		t.Errorf("%d journal keys left after Finish", n)
	}
	if err := checkKeys(s); err != nil {
		t.Error(err)
	}
	// The lock is free again.
	if _, err := s.WriteBatch(ctx, &Batch{Docs: streamDocs(1, "after")}); err != nil {
		t.Error(err)
	}
}

// An aborted stream takes its documents out again, search records
// included, and leaves what the store held before.
func TestStreamAbort(t *testing.T) {
	s := openTest(t)
	old := streamDocs(2, "old")
	putDocs(t, s, old...)
	w, err := s.StreamDocs()
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Add(ctx, append(streamDocs(1200, "new"), old[1])); err != nil {
		t.Fatal(err)
	}
	if err := w.Abort(); err != nil {
		t.Fatal(err)
	}
	if n := countDocs(t, s); n != 2 {
		t.Errorf("the store lists %d documents after the abort, want the 2 it had", n)
	}
	if n := journalKeys(t, s); n != 0 {
		t.Errorf("%d journal keys left after Abort", n)
	}
	if ok, _ := s.HasDocument(old[1].ID); !ok {
		t.Error("a document the store held before the stream was taken out")
	}
	if err := checkKeys(s); err != nil {
		t.Error(err)
	}
}

// A process killed while streaming leaves documents and their journal on
// disk; the next Open takes them out before anything reads the store.
func TestStreamInterruptedIsTakenOutAtOpen(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	kept := streamDocs(1, "kept")[0]
	putDocs(t, s, kept)
	w, err := s.StreamDocs()
	if err != nil {
		t.Fatal(err)
	}
	docs := streamDocs(900, "new")
	if err := w.Add(ctx, docs); err != nil {
		t.Fatal(err)
	}
	// A document that someone labelled meanwhile is their work: it stays.
	w.p.wait()
	if _, err := s.writeBatch(ctx, &Batch{Spans: []*annotate.Span{newSpan(docs[5], "al", "claim", 0, 7)}}); err != nil {
		t.Fatal(err)
	}
	// What a kill leaves: the commits made, no Finish, no Abort.
	w.end()
	s = reopen(t, s, dir)
	if n := countDocs(t, s); n != 2 {
		t.Errorf("the store lists %d documents after the interrupted import, want the 1 it had and the 1 labelled", n)
	}
	if n := journalKeys(t, s); n != 0 {
		t.Errorf("%d journal keys left after Open", n)
	}
	if err := checkKeys(s); err != nil {
		t.Error(err)
	}
}

// A real kill: the articles an import streamed are on disk, and the next
// Open takes them out, so the store is as before the import.
func TestStreamKilled(t *testing.T) {
	dir := t.TempDir()
	cmd := startHelper(t, "stream", dir)
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if docs, _ := rawCounts(t, dir); docs != 3000 {
		t.Fatalf("the killed import left %d articles on disk, want its 3,000 (the test would prove nothing)", docs)
	}
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n := countDocs(t, s); n != 0 {
		t.Errorf("the store lists %d articles after the killed import, want none", n)
	}
	if err := checkKeys(s); err != nil {
		t.Error(err)
	}
}

// The transactions a stream writes in are opened ahead: one taken after
// another's commit was written did not wait for that commit (its read
// timestamp is older than a transaction opened after it), so Badger can
// write one chunk while the next is built, and sync several at once. A
// chunk that only writes commits; one that read a key a commit it did
// not see has written is refused, not written over a change it missed.
func TestOpenAheadDoesNotWaitForCommits(t *testing.T) {
	s := openTest(t)
	o := s.openAhead(3)
	defer o.close()
	first := o.next()
	if err := first.Set([]byte("xa"), []byte("1")); err != nil {
		t.Fatal(err)
	}
	if err := first.Commit(); err != nil {
		t.Fatal(err)
	}
	blind, reader := o.next(), o.next()
	after := s.db.NewTransaction(false)
	defer after.Discard()
	if blind.ReadTs() >= after.ReadTs() || reader.ReadTs() >= after.ReadTs() {
		t.Fatalf("read timestamps %d and %d of transactions opened ahead, want both before %d, the first commit's", blind.ReadTs(), reader.ReadTs(), after.ReadTs())
	}
	if err := blind.Set([]byte("xb"), []byte("2")); err != nil {
		t.Fatal(err)
	}
	if err := blind.Commit(); err != nil {
		t.Errorf("a chunk that only writes: %v", err)
	}
	if _, err := reader.Get([]byte("xa")); !errors.Is(err, badger.ErrKeyNotFound) {
		t.Fatalf("a transaction opened ahead read %v, want the store as it was", err)
	}
	if err := reader.Set([]byte("xa"), []byte("3")); err != nil {
		t.Fatal(err)
	}
	if err := reader.Commit(); !errors.Is(err, badger.ErrConflict) {
		t.Errorf("a chunk that read a key written since it was opened committed with %v, want ErrConflict", err)
	}
}
