package store

import (
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// deleteFixture is an article too large to delete in one transaction
// (more spans than a transaction holds entries), a small one, three
// threads (a chain across them, which keeps its members in the small
// article, a link across them, which goes with the large one, and one of
// every span of the large one, too large to delete in the transaction
// that deletes the article's records), ana's done marks on both and a
// review decision on a span of the large one: the same in every process.
type deleteFixture struct {
	b                *Batch
	big, small       *annotate.Document
	chain, link, all *annotate.Thread
}

func newDeleteFixture(limit int) *deleteFixture {
	b := splitBatch(limit/8 + 100)
	big, bs := b.Docs[0], b.Spans
	docs, spans := genCorpus(37, 1, 800, 3, "ana")
	small := docs[0]
	b.Docs = append(b.Docs, small)
	b.Spans = append(b.Spans, spans...)
	member := func(sp *annotate.Span, link string) annotate.Member {
		return annotate.Member{Doc: sp.Doc, Span: sp.ID, Link: link}
	}
	chain := &annotate.Thread{ID: "0190a3c4-3333-7000-8000-000000000001", Title: "denials", Annotator: "ana", Created: 1700000000000,
		Members: []annotate.Member{member(bs[0], ""), member(spans[0], "repeats"), member(spans[1], "repeats"), member(bs[1], "repeats")}}
	link := &annotate.Thread{ID: "0190a3c4-3333-7000-8000-000000000002", Annotator: "ana", Created: 1700000000000,
		Members: []annotate.Member{member(bs[2], ""), member(spans[2], "cites")}}
	all := &annotate.Thread{ID: "0190a3c4-3333-7000-8000-000000000003", Title: "every one", Annotator: "ana", Created: 1700000000000}
	for _, sp := range bs {
		all.Members = append(all.Members, member(sp, ""))
	}
	b.Threads = []*annotate.Thread{chain, link, all}
	b.Marks = []*annotate.Mark{{Doc: big.ID, Annotator: "ana", Done: true}, {Doc: small.ID, Annotator: "ana", Done: true}}
	b.Decisions = []*annotate.Decision{{Doc: big.ID, Span: bs[0].ID, Reviewer: "rev", Verdict: annotate.VerdictReject, At: 1700000000000}}
	return &deleteFixture{b: b, big: big, small: small, chain: chain, link: link, all: all}
}

// checkWhole checks that the large article is stored with all it had.
func (f *deleteFixture) checkWhole(t *testing.T, s *Store) {
	t.Helper()
	if got, err := s.Spans(f.big.ID); err != nil || len(got) != len(f.b.Spans)-3 {
		t.Errorf("the article has %d spans (%v), want all %d", len(got), err, len(f.b.Spans)-3)
	}
	for _, th := range []*annotate.Thread{f.chain, f.link, f.all} {
		if got, err := s.Thread(th.ID); err != nil || !reflect.DeepEqual(got, th) {
			t.Errorf("thread %s: got %d members, %v; want it as it was", th.ID, len(got.Members), err)
		}
	}
	if _, err := s.Mark(f.big.ID, "ana"); err != nil {
		t.Errorf("ana's mark on the article: %v", err)
	}
	if got, err := s.Decisions(f.big.ID); err != nil || len(got) != 1 {
		t.Errorf("decisions on the article: got %d, %v; want 1", len(got), err)
	}
}

// checkGone checks that nothing of the large article is left, and all of
// the small one is.
func (f *deleteFixture) checkGone(t *testing.T, s *Store) {
	t.Helper()
	if ok, err := s.HasDocument(f.big.ID); ok || err != nil {
		t.Errorf("HasDocument: got %v, %v; want the article gone", ok, err)
	}
	want := f.chain.Clone()
	want.Members = []annotate.Member{f.chain.Members[1], f.chain.Members[2]}
	want.Members[0].Link = ""
	if got, err := s.Thread(f.chain.ID); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("the chain: got %+v, %v; want its members in the small article alone", got, err)
	}
	for _, th := range []*annotate.Thread{f.link, f.all} {
		if got, err := s.Thread(th.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("thread %s: got %+v, %v; want it gone", th.ID, got, err)
		}
	}
	if m, err := s.Mark(f.big.ID, "ana"); !errors.Is(err, ErrNotFound) {
		t.Errorf("ana's mark on the article: got %+v, %v; want it gone", m, err)
	}
	if got, err := s.Decisions(f.big.ID); err != nil || len(got) != 0 {
		t.Errorf("decisions on the article: got %d, %v; want none", len(got), err)
	}
	if ms, err := s.LayerModified(f.big.ID, "ana"); ms != 0 || err != nil {
		t.Errorf("ana's layer time on the article: got %d, %v; want none", ms, err)
	}
	if _, err := s.Mark(f.small.ID, "ana"); err != nil {
		t.Errorf("ana's mark on the small article: %v", err)
	}
	if n := countPrefix(t, s, pDeleting); n != 0 {
		t.Errorf("%d deletion keys left", n)
	}
	if err := checkKeys(s); err != nil {
		t.Error(err)
	}
}

// stopSaying is what a helper process runs where it is to be killed: it
// says line, for the test to kill it, and waits.
func stopSaying(line string) func() {
	return func() {
		fmt.Println(line)
		select {}
	}
}

// runDeleteHelper writes the delete fixture and deletes its large
// article, stopping where mode says, printing "deleted in part" for the
// test to kill it there: once the first of the transactions deleting its
// spans' index keys is durable ("delete-split"), once its records are
// gone ("delete-article"), once the first of its threads is written
// ("delete-thread"), or once the first of the transactions deleting the
// large thread is ("delete-large-thread").
func runDeleteHelper(s *Store, mode string) error {
	f := newDeleteFixture(int(s.db.MaxBatchCount()))
	if _, err := s.WriteBatch(ctx, f.b); err != nil {
		return err
	}
	stop := stopSaying("deleted in part")
	switch mode {
	case "delete-split":
		afterSplitFlush = stop
	case "delete-article", "delete-thread":
		afterSplitStep = func(step string) {
			if "delete-"+step == mode {
				stop()
			}
		}
	case "delete-large-thread":
		afterSplitStep = func(step string) {
			if step == "article" {
				afterSplitFlush = stop
			}
		}
	}
	return s.DeleteDocument(ctx, f.big.ID)
}

// TestDeleteKilledAfterRecords kills a child process deleting an article
// too large for one transaction, with a thread too large to delete beside
// its records: once its records are gone, once the first of its threads
// has lost its members, and part way through the large thread's
// deletion. Opened again, the store holds nothing of the article: its
// members are out of every thread (the link and the large thread are
// gone), its mark and decision are gone. Its threads were taken first, so
// a kill before the records left the article with its threads and marks
// taken (TestDeleteKilled).
func TestDeleteKilledAfterRecords(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a child process deleting a large article")
	}
	smallTxns(t)
	for _, mode := range []string{"delete-article", "delete-thread", "delete-large-thread"} {
		t.Run(mode, func(t *testing.T) {
			s := reopenAfterKill(t, mode, "deleted in part")
			newDeleteFixture(int(s.db.MaxBatchCount())).checkGone(t, s)
		})
	}
}

// TestCheckDuringDeletion: a check while an article's deletion is under
// way, its records gone and its members still in threads, finds nothing
// wrong: the marks and members of the article being deleted are not
// damage. Then the deletion ends with nothing of the article left.
func TestCheckDuringDeletion(t *testing.T) {
	smallTxns(t)
	s := openTest(t)
	f := newDeleteFixture(int(s.db.MaxBatchCount()))
	if _, err := s.WriteBatch(ctx, f.b); err != nil {
		t.Fatal(err)
	}
	checked := false
	afterSplitStep = func(step string) {
		if step != "article" {
			return
		}
		checked = true
		if err := checkKeys(s); err != nil {
			t.Errorf("mid-deletion: %v", err)
		}
	}
	defer func() { afterSplitStep = nil }()
	if err := s.DeleteDocument(ctx, f.big.ID); err != nil {
		t.Fatal(err)
	}
	if !checked {
		t.Error("the article was deleted in one transaction, not in several")
	}
	f.checkGone(t, s)
}
