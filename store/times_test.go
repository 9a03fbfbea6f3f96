package store

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// far9999 is 9999-12-31T23:59:59.999Z, the time an older skein took in
// from a file stamped by a clock set wrong or by hand.
const far9999 = 253402300799999

// farTimesBatch is what an older skein, which read such times from files
// without a look at the clock, wrote into a store: a thread created and
// changed in 9999, a layer's time, a deletion and a review decision of
// 9999, on the article d (stored).
func farTimesBatch(d *annotate.Document, sp *annotate.Span) (*Batch, *annotate.Thread) {
	th := &annotate.Thread{ID: annotate.NewID(), Annotator: "ana", Title: "Kakar", Created: far9999, Modified: far9999,
		Members: []annotate.Member{{Doc: d.ID, Span: sp.ID}}}
	return &Batch{
		Threads:   []*annotate.Thread{th},
		Stamps:    []LayerStamp{{Doc: d.ID, Annotator: "ben", Modified: far9999}},
		Gone:      []GoneThread{{ID: annotate.NewID(), Annotator: "ana", At: far9999}},
		Decisions: []*annotate.Decision{{Doc: d.ID, Span: sp.ID, Reviewer: "cy", Verdict: annotate.VerdictReject, At: far9999}},
	}, th
}

// farTimesStore is a new store with an article and a span of ana's on
// it, for farTimesBatch.
func farTimesStore(t *testing.T) (*Store, *annotate.Document, *annotate.Span) {
	t.Helper()
	s := openTest(t)
	d := newDoc("Kakar", "2025-11-24", "Pakistan blames Afghanistan for the attack.")
	putDocs(t, s, d)
	sp := newSpan(d, "ana", "actor", 0, 8)
	apply(t, s, annotate.AddSpan("ana", sp))
	return s, d, sp
}

// A store holding times of change far past the clock, as an older skein
// took them in: Check names each (which record, which field, the time) as
// damage RepairTimes repairs, and after the repair they are sane times,
// the store sound.
func TestFarTimesCheckedAndRepaired(t *testing.T) {
	s, d, sp := farTimesStore(t)
	b, th := farTimesBatch(d, sp)
	if _, err := s.WriteBatch(ctx, b); err != nil {
		t.Fatal(err)
	}
	rep, err := s.Check(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	const when = "9999-12-31 23:59:59 UTC, more than a day after this machine's clock"
	want := []string{
		"article " + d.ID + " (the decision of cy on span " + sp.ID + "): at is " + when,
		"thread " + th.ID + ": created is " + when,
		"thread " + th.ID + ": modified is " + when,
		"article " + d.ID + " (the layer of ben): modified is " + when,
		"the deletion of thread " + b.Gone[0].ID + ": deleted is " + when,
	}
	if len(rep.Problems) != 0 || !rep.OnlyTimes() || strings.Join(rep.Times, "\n") != strings.Join(want, "\n") {
		t.Fatalf("check of a store holding times of 9999: problems %q, times\n%s\nwant\n%s", rep.Problems, strings.Join(rep.Times, "\n"), strings.Join(want, "\n"))
	}
	if got := rep.String(); !strings.Contains(got, "5 times of change far past the clock ('skein check -repair-times'") {
		t.Errorf("summary: %q", got)
	}

	before := annotate.NowMillis()
	n, err := s.RepairTimes(ctx)
	if err != nil || n != 4 {
		t.Fatalf("repair: %d records, %v; want 4 (the thread, the layer, the deletion, the decision)", n, err)
	}
	after := annotate.NowMillis()
	if rep, err := s.Check(ctx, nil); err != nil || !rep.Sound() {
		t.Fatalf("check after the repair: %v\n%s", err, rep.Lines())
	}
	inRepair := func(what string, ms int64) {
		t.Helper()
		if ms < before || ms > after {
			t.Errorf("%s after the repair: %d, want the repair's time (%d-%d)", what, ms, before, after)
		}
	}
	got, err := s.Thread(th.ID)
	if err != nil {
		t.Fatal(err)
	}
	inRepair("thread's modified", got.Modified)
	inRepair("thread's created", got.Created)
	lm, _ := s.LayerModified(d.ID, "ben")
	inRepair("ben's layer time", lm)
	at, ok, _ := s.ThreadDeleted(b.Gone[0].ID)
	if !ok {
		t.Fatal("the deletion went with the repair")
	}
	inRepair("the deletion's time", at)
	decs, _ := s.Decisions(d.ID)
	if len(decs) != 1 {
		t.Fatalf("decisions after the repair: %d", len(decs))
	}
	inRepair("the decision's time", decs[0].At)
	if n, err := s.RepairTimes(ctx); err != nil || n != 0 {
		t.Errorf("a second repair: %d, %v; want nothing to repair", n, err)
	}
}

// A thread's created time of 9999 with a sane modified time: the repair
// makes created its modified, not now.
func TestRepairKeepsASaneModified(t *testing.T) {
	s, d, sp := farTimesStore(t)
	th := &annotate.Thread{ID: annotate.NewID(), Annotator: "ana", Title: "Kakar", Created: far9999, Modified: 1764000000000,
		Members: []annotate.Member{{Doc: d.ID, Span: sp.ID}}}
	if _, err := s.WriteBatch(ctx, &Batch{Threads: []*annotate.Thread{th}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RepairTimes(ctx); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Thread(th.ID); got.Created != 1764000000000 || got.Modified != 1764000000000 {
		t.Errorf("thread after the repair: created %d, modified %d; want both its modified, 1764000000000", got.Created, got.Modified)
	}
}

// An edit of a thread created in 9999 (an older skein took it in) is
// stamped now, not 9999: it counted as changed in 9999 after every edit
// and won every take for ever. A span added to a layer whose time is 9999
// stamps it now too.
func TestApplyCarriesNoFarCreated(t *testing.T) {
	s, d, sp := farTimesStore(t)
	b, th := farTimesBatch(d, sp)
	b.Stamps[0].Annotator = "ana"
	if _, err := s.WriteBatch(ctx, b); err != nil {
		t.Fatal(err)
	}
	old, err := s.Thread(th.ID)
	if err != nil {
		t.Fatal(err)
	}
	renamed := old.Clone()
	renamed.Title = "Kakar, renamed"
	apply(t, s, annotate.PutThread("ana", "rename thread", old, renamed))
	apply(t, s, annotate.AddSpan("ana", newSpan(d, "ana", "claim", 9, 15)))
	now := annotate.NowMillis()
	got, err := s.Thread(th.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Modified > now || got.ChangedAt() > now {
		t.Errorf("thread created in 9999, renamed now: modified %d, changed at %d; want no later than %d", got.Modified, got.ChangedAt(), now)
	}
	if lm, _ := s.LayerModified(d.ID, "ana"); lm > now {
		t.Errorf("ana's layer, stamped 9999, after she added a span: %d, want no later than %d", lm, now)
	}
}

// TestRepairTimesKilled kills a child process repairing more times than
// fit in one transaction, once its first transaction is durable. Opened
// again, each time is as it was (9999) or repaired, never anything else,
// the check lists exactly those left, and a repair again sets the rest.
func TestRepairTimesKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a child process repairing times")
	}
	smallTxns(t)
	dir := t.TempDir()
	killHelperAt(t, "repair-times", dir, "repaired in part")
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d, stamps := repairFixture(int(s.db.MaxBatchCount()))
	far, repaired := 0, 0
	for _, l := range stamps {
		ms, err := s.LayerModified(d.ID, l.Annotator)
		switch {
		case err != nil:
			t.Fatal(err)
		case ms == far9999:
			far++
		case ms > 0 && ms <= annotate.NowMillis():
			repaired++
		default:
			t.Fatalf("layer %s after the kill: time %d, want 9999 or the repair's", l.Annotator, ms)
		}
	}
	if far == 0 || repaired == 0 {
		t.Fatalf("after a kill half way: %d repaired, %d not, want some of each", repaired, far)
	}
	rep, err := s.Check(ctx, nil)
	if err != nil || len(rep.Problems) != 0 || len(rep.Times) != far {
		if err == nil && len(rep.Problems) > 0 {
			err = errors.New(strings.Join(rep.Problems, "\n"))
		}
		t.Fatalf("check after the kill: %v, %d problems, %d times; want none and %d", err, len(rep.Problems), len(rep.Times), far)
	}
	if n, err := s.RepairTimes(ctx); err != nil || n != far {
		t.Fatalf("repair again: %d, %v; want the %d left", n, err, far)
	}
	if rep, err := s.Check(ctx, nil); err != nil || !rep.Sound() {
		t.Fatalf("check after the second repair: %v %s", err, rep.Lines())
	}
}

// repairFixture is an article with more layer times of 9999 than a
// transaction of limit entries holds.
func repairFixture(limit int) (*annotate.Document, []LayerStamp) {
	d := newDoc("killed", "2024-05-01", "A repair killed half way.")
	stamps := make([]LayerStamp, 3*limit)
	for i := range stamps {
		stamps[i] = LayerStamp{Doc: d.ID, Annotator: fmt.Sprintf("a%05d", i), Modified: far9999}
	}
	return d, stamps
}

// runRepairHelper writes repairFixture and repairs it, stopping (for the
// kill) once the repair's first transaction is durable.
func runRepairHelper(s *Store) error {
	d, stamps := repairFixture(int(s.db.MaxBatchCount()))
	if _, err := s.PutDocument(ctx, d); err != nil {
		return err
	}
	for len(stamps) > 0 {
		n := min(len(stamps), int(s.db.MaxBatchCount())/4)
		if _, err := s.WriteBatch(ctx, &Batch{Stamps: stamps[:n]}); err != nil {
			return err
		}
		stamps = stamps[n:]
	}
	afterSplitFlush = stopSaying("repaired in part")
	_, err := s.RepairTimes(ctx)
	if err != nil {
		return err
	}
	return fmt.Errorf("the repair ended in one transaction")
}
