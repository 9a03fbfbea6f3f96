package store

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/skein-news/skein/annotate"
)

func TestThreadsMarksDecisions(t *testing.T) {
	s := openTest(t)
	a := newDoc("a", "2024-01-01", "The mayor denied the claim on Monday.")
	b := newDoc("b", "2024-01-02", "On Tuesday the mayor repeated the denial.")
	putDocs(t, s, a, b)
	sa := newSpan(a, "ana", "claim", 4, 25)
	sb := newSpan(b, "ana", "claim", 15, 40)
	sc := newSpan(b, "ana", "actor", 15, 24)
	for _, sp := range []*annotate.Span{sa, sb, sc} {
		apply(t, s, annotate.AddSpan("ana", sp))
	}
	chain := &annotate.Thread{ID: annotate.NewID(), Title: "mayor's denials", Annotator: "ana", Created: 1700000000000,
		Members: []annotate.Member{{Doc: a.ID, Span: sa.ID}, {Doc: b.ID, Span: sb.ID, Link: "repeats"}, {Doc: b.ID, Span: sc.ID, Link: "by"}}}
	link := &annotate.Thread{ID: "R1", Annotator: "ana", Members: []annotate.Member{{Doc: b.ID, Span: sc.ID}, {Doc: b.ID, Span: sb.ID, Link: "says"}}}
	apply(t, s, annotate.PutThread("ana", "new thread", nil, chain))
	apply(t, s, annotate.PutThread("ana", "link", nil, link))

	if got, err := s.Thread(chain.ID); err != nil || !sameThread(got, chain) || got.Modified == 0 {
		t.Errorf("Thread: got %+v, %v; want %+v", got, err, chain)
	}
	tests := []struct {
		name string
		get  func() ([]*annotate.Thread, error)
		want []string
	}{
		{"of span sa", func() ([]*annotate.Thread, error) { return s.ThreadsOfSpan(sa.ID) }, []string{chain.ID}},
		{"of span sc", func() ([]*annotate.Thread, error) { return s.ThreadsOfSpan(sc.ID) }, []string{chain.ID, "R1"}},
		{"of doc a", func() ([]*annotate.Thread, error) { return s.ThreadsOfDoc(a.ID) }, []string{chain.ID}},
		{"of doc b", func() ([]*annotate.Thread, error) { return s.ThreadsOfDoc(b.ID) }, []string{chain.ID, "R1"}},
		{"of unknown span", func() ([]*annotate.Thread, error) { return s.ThreadsOfSpan("nope") }, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.get()
			if err != nil {
				t.Fatal(err)
			}
			if ids := threadIDs(got); !slices.Equal(ids, tc.want) {
				t.Errorf("got %v, want %v", ids, tc.want)
			}
		})
	}
	var all []string
	s.Threads(ctx, func(th *annotate.Thread) error { all = append(all, th.ID); return nil })
	if want := []string{chain.ID, "R1"}; !slices.Equal(all, want) {
		t.Errorf("Threads: got %v, want %v (UUIDs first)", all, want)
	}

	// Deleting sc drops the link and takes sc out of the chain; undo puts
	// both back.
	ths, _ := s.ThreadsOfSpan(sc.ID)
	apply(t, s, annotate.DeleteSpans("ana", []*annotate.Span{sc}, ths))
	got, _ := s.Thread(chain.ID)
	if len(got.Members) != 2 || got.Index(sc.ID) >= 0 {
		t.Errorf("chain after deleting sc: got %+v", got.Members)
	}
	if _, err := s.Thread("R1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("link after deleting its member: got %v, want ErrNotFound", err)
	}
	m := model{spans: map[string]*annotate.Span{sa.ID: sa, sb.ID: sb}, threads: map[string]*annotate.Thread{chain.ID: got}}
	checkStore(t, s, m, []*annotate.Document{a, b})
	if _, err := s.Undo(ctx, "ana"); err != nil {
		t.Fatal(err)
	}
	m = model{spans: map[string]*annotate.Span{sa.ID: sa, sb.ID: sb, sc.ID: sc}, threads: map[string]*annotate.Thread{chain.ID: chain, "R1": link}}
	checkStore(t, s, m, []*annotate.Document{a, b})

	// Marks.
	if _, err := s.Mark(a.ID, "ana"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Mark before any: got %v, want ErrNotFound", err)
	}
	done := &annotate.Mark{Doc: a.ID, Annotator: "carl", Done: true, Answer: "accept"}
	apply(t, s, annotate.SetMark("carl", "mark done", nil, done))
	if got, err := s.Mark(a.ID, "carl"); err != nil || !reflect.DeepEqual(got, done) {
		t.Errorf("Mark: got %+v, %v; want %+v", got, err, done)
	}
	if got, _ := s.Annotators(); !slices.Equal(got, []string{"ana", "carl"}) {
		t.Errorf("Annotators with a mark: got %v, want [ana carl]", got)
	}
	undone := &annotate.Mark{Doc: a.ID, Annotator: "carl"}
	apply(t, s, annotate.SetMark("carl", "mark not done", done, undone))
	if got, _ := s.Mark(a.ID, "carl"); got.Done {
		t.Error("Mark after setting not done: still done")
	}
	for i := 0; i < 2; i++ {
		if _, err := s.Undo(ctx, "carl"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Mark(a.ID, "carl"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Mark after undoing it: got %v, want ErrNotFound", err)
	}
	if got, _ := s.Annotators(); !slices.Equal(got, []string{"ana"}) {
		t.Errorf("Annotators after the mark is undone: got %v, want [ana]", got)
	}

	// Decisions.
	dec := &annotate.Decision{Doc: b.ID, Span: sb.ID, Reviewer: "rev", Verdict: "accept", Curated: annotate.NewID(), At: 1700000000001}
	dec2 := &annotate.Decision{Doc: b.ID, Span: sc.ID, Reviewer: "rev", Verdict: "reject", At: 1700000000002}
	apply(t, s, &annotate.Change{User: "rev", Desc: "review", Decisions: []annotate.DecisionEdit{{After: dec}, {After: dec2}}})
	ds, err := s.Decisions(b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 2 {
		t.Fatalf("Decisions: got %d, want 2", len(ds))
	}
	for _, want := range []*annotate.Decision{dec, dec2} {
		if !slices.ContainsFunc(ds, func(d *annotate.Decision) bool { return reflect.DeepEqual(d, want) }) {
			t.Errorf("Decisions: %+v missing from %+v", want, ds)
		}
	}
	if _, err := s.Undo(ctx, "rev"); err != nil {
		t.Fatal(err)
	}
	if ds, _ := s.Decisions(b.ID); len(ds) != 0 {
		t.Errorf("Decisions after undo: got %d, want 0", len(ds))
	}
}

func TestDeleteDocument(t *testing.T) {
	s := openTest(t)
	a := newDoc("a", "2024-01-01", "Troops crossed the border on Friday, the ministry said.")
	b := newDoc("b", "2024-01-02", "The ministry later denied that troops had crossed.")
	c := newDoc("c", "2024-01-03", "Diplomats met at the summit.")
	putDocs(t, s, a, b, c)
	sa1 := newSpan(a, "ana", "claim", 0, 33)
	sa2 := newSpan(a, "ana", "actor", 39, 47)
	sb := newSpan(b, "ana", "claim", 0, 49)
	sc := newSpan(c, "ana", "actor", 0, 9)
	sc2 := newSpan(c, "ben", "actor", 0, 9)
	for _, sp := range []*annotate.Span{sa1, sa2, sb, sc, sc2} {
		apply(t, s, annotate.AddSpan(sp.Annotator, sp))
	}
	chain := &annotate.Thread{ID: annotate.NewID(), Title: "crossing", Annotator: "ana",
		Members: []annotate.Member{{Doc: a.ID, Span: sa1.ID}, {Doc: b.ID, Span: sb.ID, Link: "denied by"}, {Doc: c.ID, Span: sc.ID, Link: "x"}}}
	link := &annotate.Thread{ID: annotate.NewID(), Annotator: "ana", Members: []annotate.Member{{Doc: a.ID, Span: sa2.ID}, {Doc: a.ID, Span: sa1.ID, Link: "says"}}}
	cross := &annotate.Thread{ID: annotate.NewID(), Annotator: "ana", Members: []annotate.Member{{Doc: a.ID, Span: sa2.ID}, {Doc: b.ID, Span: sb.ID, Link: "same"}}}
	onlyA := &annotate.Thread{ID: annotate.NewID(), Title: "solo", Annotator: "ana", Members: []annotate.Member{{Doc: a.ID, Span: sa1.ID}}}
	for _, th := range []*annotate.Thread{chain, link, cross, onlyA} {
		apply(t, s, annotate.PutThread("ana", "thread", nil, th))
	}
	apply(t, s, annotate.SetMark("ana", "done", nil, &annotate.Mark{Doc: a.ID, Annotator: "ana", Done: true}))
	apply(t, s, annotate.SetMark("dora", "done", nil, &annotate.Mark{Doc: a.ID, Annotator: "dora", Done: true}))
	apply(t, s, &annotate.Change{User: "rev", Decisions: []annotate.DecisionEdit{{After: &annotate.Decision{Doc: a.ID, Span: sa1.ID, Reviewer: "rev", Verdict: "accept"}}}})

	if err := s.DeleteDocument(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Document(a.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Document after delete: got %v, want ErrNotFound", err)
	}
	if err := s.DeleteDocument(ctx, a.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("second DeleteDocument: got %v, want ErrNotFound", err)
	}
	if got, _ := s.Spans(a.ID); len(got) != 0 {
		t.Errorf("Spans after delete: got %d", len(got))
	}
	if _, err := s.Mark(a.ID, "ana"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Mark after delete: got %v, want ErrNotFound", err)
	}
	if ds, _ := s.Decisions(a.ID); len(ds) != 0 {
		t.Errorf("Decisions after delete: got %d", len(ds))
	}
	if ms, _ := s.LayerModified(a.ID, "ana"); ms != 0 {
		t.Errorf("LayerModified after delete: got %d, want 0", ms)
	}
	if got, _ := s.Annotators(); !slices.Equal(got, []string{"ana", "ben"}) {
		t.Errorf("Annotators after delete: got %v, want [ana ben] (dora only marked a)", got)
	}
	wantChain := chain.Clone()
	wantChain.Members = []annotate.Member{{Doc: b.ID, Span: sb.ID}, {Doc: c.ID, Span: sc.ID, Link: "x"}}
	m := model{
		spans:   map[string]*annotate.Span{sb.ID: sb, sc.ID: sc, sc2.ID: sc2},
		threads: map[string]*annotate.Thread{chain.ID: wantChain},
	}
	checkStore(t, s, m, []*annotate.Document{a, b, c})
	if n, _ := s.DocumentCount(); n != 2 {
		t.Errorf("DocumentCount: got %d, want 2", n)
	}
	// Undoing the add of a deleted span cannot apply.
	if _, err := s.Undo(ctx, "ana"); err == nil {
		t.Error("undo of a change to a deleted document: got nil error")
	}
}

// An article with more spans than a transaction holds entries is deleted
// whole. Its last transaction deleted every span's index key again (those
// the passes before had deleted): skein rm of an article of 50,000 spans
// failed with Badger's "Txn is too big to fit into one request" after the
// passes, and left the article in the store without its spans' index
// keys, which skein check lists as damage.
func TestDeleteLargeDocument(t *testing.T) {
	s := openTest(t)
	b := splitBatch(int(s.db.MaxBatchCount())/8 + 100) // more spans than a transaction's entries
	if _, err := s.WriteBatch(ctx, b); err != nil {
		t.Fatal(err)
	}
	big := b.Docs[0]
	small := newDoc("small", "2024-01-01", "The ministry denied it on Monday.")
	putDocs(t, s, small)
	sp := newSpan(small, "ana", "claim", 4, 12)
	apply(t, s, annotate.AddSpan("ana", sp))
	if err := s.DeleteDocument(ctx, big.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Document(big.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Document after delete: got %v, want ErrNotFound", err)
	}
	m := model{spans: map[string]*annotate.Span{sp.ID: sp}}
	checkStore(t, s, m, []*annotate.Document{big, small})
}

// TestReplacedLayerLeavesThreads: when a batch replaces a layer (a newer
// bundle) and a span of the old layer is not in the new one, the span
// leaves its threads as annotate.DeleteSpans has it — a link goes, a chain
// keeps its other members — in every layer's threads, so no thread names a
// span the store no longer holds.
func TestReplacedLayerLeavesThreads(t *testing.T) {
	s := openTest(t)
	a := newDoc("a", "2024-01-01", "The mayor denied the claim on Monday.")
	b := newDoc("b", "2024-01-02", "On Tuesday the mayor repeated the denial.")
	putDocs(t, s, a, b)
	gone := newSpan(a, "bo", "claim", 4, 25)   // bo deleted it since
	kept := newSpan(a, "bo", "actor", 4, 9)    // still in bo's newer layer
	other := newSpan(b, "bo", "claim", 15, 40) // another document, untouched
	mine := newSpan(b, "al", "actor", 15, 24)  // al's own span
	if _, err := s.WriteBatch(ctx, &Batch{Spans: []*annotate.Span{gone, kept, other, mine},
		Replace: []LayerStamp{{Doc: a.ID, Annotator: "bo", Modified: 1000}, {Doc: b.ID, Annotator: "bo", Modified: 1000}}}); err != nil {
		t.Fatal(err)
	}
	member := func(s *annotate.Span, link string) annotate.Member {
		return annotate.Member{Doc: s.Doc, Span: s.ID, Link: link}
	}
	chain := &annotate.Thread{ID: annotate.NewID(), Title: "denials", Annotator: "bo",
		Members: []annotate.Member{member(gone, ""), member(other, "repeats"), member(kept, "by")}}
	boLink := &annotate.Thread{ID: "R1", Annotator: "bo", Members: []annotate.Member{member(kept, ""), member(gone, "says")}}
	alLink := &annotate.Thread{ID: "R2", Annotator: "al", Members: []annotate.Member{member(mine, ""), member(gone, "targets")}}
	untouched := &annotate.Thread{ID: "R3", Annotator: "bo", Members: []annotate.Member{member(kept, ""), member(other, "same")}}
	if _, err := s.WriteBatch(ctx, &Batch{Threads: []*annotate.Thread{chain, boLink, alLink, untouched}}); err != nil {
		t.Fatal(err)
	}

	if _, err := s.WriteBatch(ctx, &Batch{Spans: []*annotate.Span{kept},
		Replace: []LayerStamp{{Doc: a.ID, Annotator: "bo", Modified: 2000}}}); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Span(gone.ID); err == nil {
		t.Fatalf("the span bo's newer layer dropped is still stored: %+v", got)
	}
	want := chain.Clone()
	want.Members = []annotate.Member{member(other, ""), member(kept, "by")}
	tests := []struct {
		id   string
		want *annotate.Thread // nil: deleted
	}{
		{chain.ID, want},
		{"R1", nil},
		{"R2", nil},
		{"R3", untouched},
	}
	for _, tc := range tests {
		t.Run(tc.id, func(t *testing.T) {
			got, err := s.Thread(tc.id)
			switch {
			case tc.want == nil && !errors.Is(err, ErrNotFound):
				t.Errorf("got %+v, %v; want the thread deleted", got, err)
			case tc.want != nil && (err != nil || !reflect.DeepEqual(got, tc.want)):
				t.Errorf("got %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}
	if ths, _ := s.ThreadsOfSpan(gone.ID); len(ths) != 0 {
		t.Errorf("ThreadsOfSpan of the dropped span: got %v, want none", threadIDs(ths))
	}
	if err := checkKeys(s); err != nil {
		t.Error(err)
	}
}

// bigThreadBatch is n articles of per spans each, and a thread of ana's
// with every one of those spans as a member, in order: the same for the
// same seed, in every process.
func bigThreadBatch(seed uint64, n, per int) (*Batch, *annotate.Thread) {
	docs, spans := genCorpus(seed, n, 4000, per, "ana")
	th := &annotate.Thread{ID: fmt.Sprintf("0190a3c4-2222-7000-8000-%012d", seed), Title: "every figure", Annotator: "ana", Created: 1700000000000}
	for i, sp := range spans {
		link := ""
		if i > 0 {
			link = "repeats"
		}
		th.Members = append(th.Members, annotate.Member{Doc: sp.Doc, Span: sp.ID, Link: link})
	}
	return &Batch{Docs: docs, Spans: spans}, th
}

// checkBigThread checks that the store holds want (or, nil, no thread of
// its ID) and exactly the index keys its records imply: checkStore reads
// every span's threads, each a decoding of the whole thread.
// sameThread reports whether the stored thread got is want, as the
// window made it: the time of its change the store records (Modified) is
// compared only where want has one.
func sameThread(got, want *annotate.Thread) bool {
	if got != nil && want != nil && want.Modified == 0 {
		c := *got
		c.Modified = 0
		got = &c
	}
	return reflect.DeepEqual(got, want)
}

func checkBigThread(t *testing.T, s *Store, id string, want *annotate.Thread) {
	t.Helper()
	got, err := s.Thread(id)
	switch {
	case want == nil && !errors.Is(err, ErrNotFound):
		t.Errorf("Thread(%s): got %v, %v; want none", id, got, err)
	case want != nil && (err != nil || !sameThread(got, want)):
		t.Errorf("Thread(%s): got %d members, %v; want %d", id, len(got.Members), err, len(want.Members))
	}
	if want != nil {
		for _, m := range []annotate.Member{want.Members[0], want.Members[len(want.Members)-1]} {
			ths, err := s.ThreadsOfSpan(m.Span)
			if err != nil || !slices.Equal(threadIDs(ths), []string{id}) {
				t.Errorf("ThreadsOfSpan(%s): got %v, %v; want [%s]", m.Span, threadIDs(ths), err, id)
			}
		}
	}
	if err := checkKeys(s); err != nil {
		t.Error(err)
	}
}

// A member added to or taken from a thread of thousands writes the
// record and that member's keys: every key of the thread before and after
// was written, and a thread past half a transaction's entries (3,300
// members) took no member more ("Txn is too big to fit into one request").
func TestEditLargeThread(t *testing.T) {
	s := openTest(t)
	n := int(s.db.MaxBatchCount())*2/3 + 1
	b, th := bigThreadBatch(41, 1, n)
	if _, err := s.WriteBatch(ctx, b); err != nil {
		t.Fatal(err)
	}
	last := th.Members[n-1]
	th.Members = th.Members[:n-1]
	apply(t, s, annotate.PutThread("ana", "new thread", nil, th))
	grown := th.Clone()
	grown.Members = append(grown.Members, last)
	apply(t, s, annotate.PutThread("ana", "add to thread", th, grown))
	shrunk := grown.Clone()
	shrunk.Members = shrunk.Members[1:]
	apply(t, s, annotate.PutThread("ana", "take from thread", grown, shrunk))
	checkBigThread(t, s, th.ID, shrunk)
	if ths, _ := s.ThreadsOfSpan(grown.Members[0].Span); len(ths) != 0 {
		t.Errorf("the member taken out is still in %v", threadIDs(ths))
	}
	if _, err := s.Undo(ctx, "ana"); err != nil {
		t.Fatal(err)
	}
	checkBigThread(t, s, th.ID, grown)
}

// An import's thread with more members than a transaction holds entries
// is written, in several transactions: it failed with "Txn is too big to
// fit into one request" once the articles were written, and the thread was
// not imported. Deleting the article that holds its members deletes it the
// same way.
func TestWriteBatchLargeThread(t *testing.T) {
	s := openTest(t)
	limit := int(s.db.MaxBatchCount())
	b, th := bigThreadBatch(43, 1, limit+100) // more members than a transaction holds
	b.Threads = []*annotate.Thread{th}
	res, err := s.WriteBatch(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	if res.ThreadsWritten != 1 {
		t.Errorf("threads written: got %d, want 1", res.ThreadsWritten)
	}
	checkBigThread(t, s, th.ID, th)
	if res, err := s.WriteBatch(ctx, b); err != nil || res.ThreadsWritten != 0 {
		t.Errorf("the same batch again: %+v, %v; want no thread written", res, err)
	}
	if err := s.DeleteDocument(ctx, b.Docs[0].ID); err != nil {
		t.Fatal(err)
	}
	checkBigThread(t, s, th.ID, nil)
	if ths, _ := s.ThreadsOfDoc(b.Docs[0].ID); len(ths) != 0 {
		t.Errorf("the deleted article is still in %v", threadIDs(ths))
	}
}

// The store records when a thread was changed (Modified), which the
// window's image of the thread, the after-image of its last change, does
// not hold: the next change from that image is not refused as a conflict,
// and one from an image that differs otherwise still is.
func TestThreadEditFromTheWindowsImage(t *testing.T) {
	s := openTest(t)
	a := newDoc("a", "2024-01-01", "The mayor denied the claim on Monday.")
	putDocs(t, s, a)
	sa := newSpan(a, "ana", "claim", 4, 25)
	apply(t, s, annotate.AddSpan("ana", sa))
	ch := annotate.NewThread("ana", "denials", sa)
	apply(t, s, ch)
	shown := ch.Threads[0].After // the window's image: no time of change
	if got, err := s.Thread(shown.ID); err != nil || got.Modified == 0 || shown.Modified != 0 {
		t.Fatalf("stored thread %+v, %v: want its time of change recorded, not in the window's image", got, err)
	}
	renamed := shown.Clone()
	renamed.Title = "the mayor's denials"
	apply(t, s, annotate.PutThread("ana", "rename thread", shown, renamed))
	stale := shown.Clone() // the title before the rename
	stale.Note = "seen"
	if err := s.Apply(ctx, annotate.PutThread("ana", "note", shown, stale)); !errors.Is(err, ErrConflict) {
		t.Fatalf("a change from a stale image: got %v, want ErrConflict", err)
	}
	if got, _ := s.Thread(shown.ID); got.Title != "the mayor's denials" {
		t.Errorf("title after the refused change: %q", got.Title)
	}
}
