package store

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/skein-news/skein/annotate"
)

// wholeBatch is ana's newer layer and review on d, as a take brings them:
// her layer replaced, her curated layer replaced and marked done, her
// decisions there exactly the batch's, her own layer no longer done.
func wholeBatch(d *annotate.Document, at int64) (*Batch, *annotate.Span) {
	mine := newSpan(d, "ana", "actor", 0, 5)
	cs := newSpan(d, annotate.CuratedLayer, "actor", 0, 5)
	return &Batch{
		Spans:     []*annotate.Span{mine, cs},
		Replace:   []LayerStamp{{Doc: d.ID, Annotator: "ana", Modified: at}, {Doc: d.ID, Annotator: annotate.CuratedLayer, Modified: at}},
		Marks:     []*annotate.Mark{{Doc: d.ID, Annotator: "ana"}, {Doc: d.ID, Annotator: annotate.CuratedLayer, Done: true}},
		Decisions: []*annotate.Decision{{Doc: d.ID, Span: mine.ID, Reviewer: "ana", Verdict: annotate.VerdictAccept, Curated: cs.ID, At: at}},
		Reviews:   []Review{{Doc: d.ID, Reviewer: "ana"}},
	}, mine
}

// anaBefore is ana's older work on d: a span, done, and a decision, beside
// ben's decision there, which a batch of ana's review leaves alone.
func anaBefore(t *testing.T, s *Store, d *annotate.Document) {
	t.Helper()
	putDocs(t, s, d)
	old := newSpan(d, "ana", "claim", 6, 9)
	b := &Batch{Spans: []*annotate.Span{old}, Marks: []*annotate.Mark{{Doc: d.ID, Annotator: "ana", Done: true}},
		Decisions: []*annotate.Decision{{Doc: d.ID, Span: old.ID, Reviewer: "ana", Verdict: annotate.VerdictReject, At: 1},
			{Doc: d.ID, Span: old.ID, Reviewer: "ben", Verdict: annotate.VerdictReject, At: 1}}}
	if _, err := s.WriteBatch(ctx, b); err != nil {
		t.Fatal(err)
	}
}

// wholeState is what TestWriteBatchWhole compares: ana's spans' labels,
// her layer's done mark, the curated layer's, and the decisions by
// reviewer and verdict.
func wholeState(t *testing.T, s *Store, d *annotate.Document) string {
	t.Helper()
	var parts []string
	for _, l := range []string{"ana", annotate.CuratedLayer} {
		spans, err := s.LayerSpans(d.ID, l)
		if err != nil {
			t.Fatal(err)
		}
		ls, err := s.Layers(d.ID, []string{l})
		if err != nil {
			t.Fatal(err)
		}
		labels := ""
		for _, sp := range spans {
			labels += sp.Label
		}
		done := ""
		if ls[0].Done {
			done = " done"
		}
		parts = append(parts, l+":"+labels+done)
	}
	decs, err := s.Decisions(d.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range decs {
		parts = append(parts, x.Reviewer+":"+x.Verdict)
	}
	return strings.Join(parts, " ")
}

const (
	anaBeforeState = "ana:claim done curated: ana:reject ben:reject"
	anaAfterState  = "ana:actor curated:actor done ben:reject ana:accept"
)

// A batch written whole: its decisions replace the reviewer's on the
// document, and a mark neither done nor answered clears the stored one.
func TestWriteBatchWhole(t *testing.T) {
	s := openTest(t)
	d := newDoc("whole", "2024-05-01", "Kakar said 60% of attacks came from Afghanistan.")
	anaBefore(t, s, d)
	if got := wholeState(t, s, d); got != anaBeforeState {
		t.Fatalf("before: %q", got)
	}
	b, _ := wholeBatch(d, 5)
	if _, err := s.WriteBatchWhole(ctx, b); err != nil {
		t.Fatal(err)
	}
	wantWritten(t, s, d, "after the write")
}

// wantWritten checks that the batch of wholeBatch is written in s, whole,
// and the journal gone.
func wantWritten(t *testing.T, s *Store, d *annotate.Document, when string) {
	t.Helper()
	if got := wholeState(t, s, d); !sameWords(got, anaAfterState) {
		t.Fatalf("%s: %q, want the batch written, %q", when, got, anaAfterState)
	}
	if n := countPrefix(t, s, pWhole); n != 0 {
		t.Errorf("%s: %d journal keys left", when, n)
	}
	if err := checkKeys(s); err != nil {
		t.Fatal(err)
	}
}

// Killed once the journal is written, before the batch is: the next
// Open writes it, whole. Killed before the journal's count is written:
// the pieces are nothing, and the next Open deletes them.
func TestWriteBatchWholeFinishedAtOpen(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := newDoc("whole", "2024-05-01", "Kakar said 60% of attacks came from Afghanistan.")
	anaBefore(t, s, d)
	b, _ := wholeBatch(d, 5)
	enc, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	// Pieces alone, as a kill while they were written leaves them.
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(wholeKey(1), enc[:len(enc)/2]) }); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, s, dir)
	if got := wholeState(t, s, d); got != anaBeforeState {
		t.Fatalf("after a kill before the journal was whole: %q, want it as before, %q", got, anaBeforeState)
	}
	if n := countPrefix(t, s, pWhole); n != 0 {
		t.Errorf("%d journal pieces left by the open", n)
	}
	// The whole journal, in two pieces, as a kill after it leaves it.
	defer func(n int) { wholePieceSize = n }(wholePieceSize)
	wholePieceSize = len(enc)/2 + 1
	if err := s.writeJournal(enc); err != nil {
		t.Fatal(err)
	}
	if n := countPrefix(t, s, pWhole); n != 3 {
		t.Fatalf("the journal: %d keys, want a count and two pieces", n)
	}
	if err := checkKeys(s); err != nil {
		t.Fatalf("a journal under way: %v", err)
	}
	s = reopen(t, s, dir)
	wantWritten(t, s, d, "after a kill once the journal was whole")
}

// A batch the store's checks refuse never reaches the journal, where the
// next Open would write it again, and be refused again: spans on an
// article the store lacks, a thread with no ID.
func TestWriteBatchWholeRefusedBeforeTheJournal(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := newDoc("whole", "2024-05-01", "Kakar said 60% of attacks came from Afghanistan.")
	b, _ := wholeBatch(d, 5) // d is not stored, nor in the batch
	if _, err := s.WriteBatchWhole(ctx, b); err == nil {
		t.Fatal("a batch of spans on an article the store lacks was written")
	}
	putDocs(t, s, d)
	b, mine := wholeBatch(d, 5)
	b.Threads = []*annotate.Thread{{Annotator: "ana", Title: "no ID", Members: []annotate.Member{{Doc: d.ID, Span: mine.ID}}}}
	if _, err := s.WriteBatchWhole(ctx, b); err == nil {
		t.Fatal("a batch with a thread of no ID was written")
	}
	if n := countPrefix(t, s, pWhole); n != 0 {
		t.Fatalf("refused batches left %d journal keys", n)
	}
	s = reopen(t, s, dir)
	if spans, err := s.LayerSpans(d.ID, "ana"); err != nil || len(spans) != 0 {
		t.Fatalf("the spans of a refused batch: %v %v", spans, err)
	}
}

// sameWords: a and b hold the same words, in any order.
func sameWords(a, b string) bool {
	x, y := strings.Fields(a), strings.Fields(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

// A batch under IfNewer, built from the store as it was, keeps what the
// user wrote since, before the batch's write: a layer they annotated keeps
// its spans and its mark, and where they curated, the curated layer keeps
// theirs and their decisions stay with it. What they did not touch since
// is replaced. Without IfNewer, the user's span is gone.
func TestWriteBatchIfNewerKeepsALayerWrittenSince(t *testing.T) {
	for _, c := range []struct {
		name    string
		curate  bool // the user curates meanwhile, besides annotating
		ifNewer bool
		want    string
	}{
		{"annotated since", false, true, "ana:claimfigure done curated:actor done ben:reject ana:accept"},
		{"annotated and curated since", true, true, "ana:claimfigure done curated:figure ben:reject ana:reject"},
		{"annotated since, without IfNewer", false, false, "ana:actor curated:actor done ben:reject ana:accept"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := openTest(t)
			d := newDoc("whole", "2024-05-01", "Kakar said 60% of attacks came from Afghanistan.")
			putDocs(t, s, d)
			old := newSpan(d, "ana", "claim", 6, 9)
			before := &Batch{Spans: []*annotate.Span{old}, Stamps: []LayerStamp{{Doc: d.ID, Annotator: "ana", Modified: 1000}},
				Marks: []*annotate.Mark{{Doc: d.ID, Annotator: "ana", Done: true}},
				Decisions: []*annotate.Decision{{Doc: d.ID, Span: old.ID, Reviewer: "ana", Verdict: annotate.VerdictReject, At: 1000},
					{Doc: d.ID, Span: old.ID, Reviewer: "ben", Verdict: annotate.VerdictReject, At: 1000}}}
			if _, err := s.WriteBatch(ctx, before); err != nil {
				t.Fatal(err)
			}
			// Built now, from the store as it is: the copy's work, of 2000, is newer.
			b, _ := wholeBatch(d, 2000)
			b.Reviews[0].With = annotate.CuratedLayer
			b.IfNewer = c.ifNewer
			// The user, meanwhile.
			apply(t, s, annotate.AddSpan("ana", newSpan(d, "ana", "figure", 10, 15)))
			if c.curate {
				apply(t, s, annotate.AddSpan("ana", newSpan(d, annotate.CuratedLayer, "figure", 10, 15)))
			}
			if _, err := s.WriteBatchWhole(ctx, b); err != nil {
				t.Fatal(err)
			}
			if got := wholeState(t, s, d); !sameWords(got, c.want) {
				t.Fatalf("got %q, want %q", got, c.want)
			}
			if err := checkKeys(s); err != nil {
				t.Fatal(err)
			}
		})
	}
}
