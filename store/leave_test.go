package store

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/skein-news/skein/annotate"
)

// leaveFixture is a store of three annotators' layers on leaveDocs
// articles (ana's, bilal's, chen's), with bilal's done marks, curated layer,
// review decisions and threads, and ana's chain through two spans of hers
// and one of bilal's.
const leaveDocs = 300

func leaveFixture(t testing.TB, s *Store) {
	t.Helper()
	docs, spans := genCorpus(41, leaveDocs, 900, 6, "ana", "bilal", "chen")
	b := &Batch{Docs: docs, Spans: spans}
	var bilal, ana []*annotate.Span
	for _, sp := range spans {
		switch sp.Annotator {
		case "bilal":
			bilal = append(bilal, sp)
		case "ana":
			ana = append(ana, sp)
		}
	}
	for i, d := range docs {
		b.Marks = append(b.Marks, &annotate.Mark{Doc: d.ID, Annotator: "bilal", Done: true},
			&annotate.Mark{Doc: d.ID, Annotator: "ana", Done: true})
		if i%3 == 0 { // bilal reviewed ana's layer here, and curated it
			sp := *ana[2*i]
			sp.ID, sp.Annotator = uuidV7From(rand.New(rand.NewPCG(uint64(i), 9)), 1700000000000), annotate.CuratedBy("bilal")
			b.Spans = append(b.Spans, &sp)
			b.Decisions = append(b.Decisions, &annotate.Decision{Doc: d.ID, Span: ana[2*i].ID, Reviewer: annotate.CuratedBy("bilal"),
				Verdict: annotate.VerdictAccept, Curated: sp.ID, At: 1700000000000},
				&annotate.Decision{Doc: d.ID, Span: bilal[2*i].ID, Reviewer: "curated", Verdict: annotate.VerdictReject, At: 1700000000000})
		}
	}
	for i := 0; i < 20; i++ {
		b.Threads = append(b.Threads, &annotate.Thread{ID: fmt.Sprintf("bilal-thread-%02d", i), Title: "bilal's", Annotator: "bilal", Created: 1700000000000,
			Members: []annotate.Member{{Doc: bilal[i].Doc, Span: bilal[i].ID}, {Doc: bilal[i+50].Doc, Span: bilal[i+50].ID}}})
	}
	b.Threads = append(b.Threads, &annotate.Thread{ID: "ana-chain", Title: "ana's", Annotator: "ana", Created: 1700000000000,
		Members: []annotate.Member{{Doc: ana[0].Doc, Span: ana[0].ID}, {Doc: bilal[0].Doc, Span: bilal[0].ID}, {Doc: ana[1].Doc, Span: ana[1].ID}}})
	if _, err := s.WriteBatch(ctx, b); err != nil {
		t.Fatal(err)
	}
}

// leaveCount is what s holds of bilal's work: spans of his layers, threads,
// decisions, marks and layer times.
func leaveCount(t testing.TB, s *Store) (spans, threads, decisions, marks, times int) {
	t.Helper()
	for _, a := range []string{"bilal", "curated:bilal"} {
		if err := s.SpansByAnnotator(ctx, a, func(*annotate.Span) error { spans++; return nil }); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Threads(ctx, func(th *annotate.Thread) error {
		if th.Annotator == "bilal" {
			threads++
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	err := s.Documents(ctx, func(di DocInfo) error {
		decs, err := s.Decisions(di.ID)
		if err != nil {
			return err
		}
		for _, d := range decs {
			if d.Reviewer == "curated:bilal" {
				decisions++
			}
		}
		for _, a := range []string{"bilal", "curated:bilal"} {
			if m, err := s.Mark(di.ID, a); err == nil && m != nil {
				marks++
			}
			// A time's key, even one of 0: the layer is gone, not emptied.
			doc, _ := docBytes(di.ID)
			if err := s.view(func(txn *badger.Txn) error {
				ok, err := has(txn, layerKey(pLayerMod, doc, a))
				if ok {
					times++
				}
				return err
			}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return
}

// othersExport is every span, thread and decision of the store that is not
// bilal's, as text: what RemoveAnnotator must leave as it was.
func othersExport(t testing.TB, s *Store) string {
	t.Helper()
	var out []string
	err := s.Documents(ctx, func(di DocInfo) error {
		spans, err := s.Spans(di.ID)
		if err != nil {
			return err
		}
		for _, sp := range spans {
			if !strings.HasSuffix(sp.Annotator, "bilal") {
				out = append(out, fmt.Sprintf("%s %s %s %v", sp.Doc, sp.ID, sp.Annotator, sp.Fragments))
			}
		}
		decs, err := s.Decisions(di.ID)
		if err != nil {
			return err
		}
		for _, d := range decs {
			if d.Reviewer != "curated:bilal" {
				out = append(out, fmt.Sprintf("%+v", *d))
			}
		}
		for _, a := range []string{"ana", "chen"} {
			line, err := markAndTime(s, di.ID, a)
			if err != nil {
				return err
			}
			out = append(out, line)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return strings.Join(out, "\n")
}

// RemoveAnnotator takes bilal's layer, curated layer, marks, times,
// threads and decisions out of the store, and leaves ana's and chen's as
// they were (ana's own decision on bilal's span included); ana's chain
// loses bilal's span and keeps hers. He is no longer among the store's
// annotators.
func TestRemoveAnnotator(t *testing.T) {
	s := openTest(t)
	leaveFixture(t, s)
	spans, threads, decisions, marks, times := leaveCount(t, s)
	if spans == 0 || threads != 20 || decisions == 0 || marks != leaveDocs || times == 0 {
		t.Fatalf("fixture: bilal has %d spans, %d threads, %d decisions, %d marks, %d times", spans, threads, decisions, marks, times)
	}
	others := othersExport(t, s)
	r, err := s.RemoveAnnotator(ctx, "bilal")
	if err != nil {
		t.Fatal(err)
	}
	if want := (Removed{Spans: spans, Articles: leaveDocs, Threads: 20, Decisions: decisions}); r != want {
		t.Errorf("RemoveAnnotator counted %+v, want %+v", r, want)
	}
	if sp, th, de, ma, ti := leaveCount(t, s); sp+th+de+ma+ti != 0 {
		t.Errorf("after the removal bilal still has %d spans, %d threads, %d decisions, %d marks, %d layer times", sp, th, de, ma, ti)
	}
	if got := othersExport(t, s); got != others {
		t.Errorf("ana's and chen's work changed with bilal's removal")
	}
	names, err := s.Annotators()
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(names, "bilal") || slices.Contains(names, "curated:bilal") {
		t.Errorf("annotators after the removal: %v", names)
	}
	th, err := s.Thread("ana-chain")
	if err != nil || len(th.Members) != 2 {
		t.Errorf("ana's chain after the removal: %+v, %v; want her two spans", th, err)
	}
	if r, err := s.RemoveAnnotator(ctx, "bilal"); err != nil || r.Any() {
		t.Errorf("a second removal: %+v, %v; want nothing", r, err)
	}
	for _, name := range []string{"", "curated:bilal"} {
		if _, err := s.RemoveAnnotator(ctx, name); err == nil {
			t.Errorf("RemoveAnnotator(%q) took it", name)
		}
	}
	if err := checkKeys(s); err != nil {
		t.Error(err)
	}
}

// runLeaveHelper removes bilal from the store (helper mode "leave").
func runLeaveHelper(s *Store) error {
	fmt.Println("open")
	_, err := s.RemoveAnnotator(ctx, "bilal")
	return err
}

// runLeaveJournalHelper removes bilal from the store and stops once the
// removal's journal is whole, for its kill (helper mode "leave-journal").
func runLeaveJournalHelper(s *Store) error {
	afterJournal = func() {
		fmt.Println("journal")
		select {}
	}
	return runLeaveHelper(s)
}

// A process removing bilal's work killed at random moments: each time the
// store opens, and holds all of his work or none of it (the next open
// finishing a removal whose journal was whole), and ana's and chen's as
// they were.
func TestRemoveAnnotatorKilled(t *testing.T) {
	kills := 16
	if testing.Short() {
		kills = 6
	}
	tmpl := t.TempDir()
	s, err := Open(tmpl, Options{})
	if err != nil {
		t.Fatal(err)
	}
	leaveFixture(t, s)
	all := [5]int{}
	all[0], all[1], all[2], all[3], all[4] = leaveCount(t, s)
	others := othersExport(t, s)
	s.Close()
	r := rand.New(rand.NewPCG(5, 6))
	var none, whole, unacked, journaled int
	for i := 0; i < kills; i++ {
		dir := filepath.Join(t.TempDir(), "store")
		if err := exec.Command("cp", "-a", tmpl, dir).Run(); err != nil {
			t.Fatal(err)
		}
		mode := "leave"
		if i%4 == 0 { // killed once its journal is whole: the open finishes it
			mode = "leave-journal"
		}
		delay := time.Duration(r.IntN(60)) * time.Millisecond // while it gathers or journals
		switch {
		case mode == "leave-journal":
			// It stops once its journal is whole: killed there, however
			// slowly it got there (under -race, past any short delay).
			delay = 3 * time.Second
		case i%2 == 1:
			delay = time.Duration(r.IntN(700)) * time.Millisecond
		}
		lines, stderr := runKilled(t, mode, dir, delay, true)
		if slices.Contains(lines, "journal") {
			journaled++
		}
		if !slices.Contains(lines, "ok") {
			unacked++
		}
		if strings.Contains(stderr, "panic") {
			t.Fatalf("kill %d: %s", i, stderr)
		}
		s, err := Open(dir, Options{})
		if err != nil {
			t.Fatalf("kill %d: open after the kill: %v", i, err)
		}
		got := [5]int{}
		got[0], got[1], got[2], got[3], got[4] = leaveCount(t, s)
		switch got {
		case all:
			whole++
		case [5]int{}:
			none++
		default:
			t.Errorf("kill %d: bilal's work half removed: %v of %v (spans, threads, decisions, marks, times)", i, got, all)
		}
		if o := othersExport(t, s); o != others {
			t.Errorf("kill %d: ana's and chen's work changed", i)
		}
		if err := checkKeys(s); err != nil {
			t.Errorf("kill %d: %v", i, err)
		}
		s.Close()
		os.RemoveAll(dir)
		if t.Failed() {
			return
		}
	}
	t.Logf("%d kills: %d before the removal was acknowledged; %d left all of bilal's work, %d none (%d killed with the journal whole)", kills, unacked, whole, none, journaled)
	if unacked == 0 || none == 0 || journaled == 0 {
		t.Errorf("the kills fell nowhere in the removal (%d unacknowledged, %d removed): the loop tested nothing", unacked, none)
	}
}

// markAndTime is annotator a's done mark and layer time on doc, as text.
func markAndTime(s *Store, doc, a string) (string, error) {
	m, err := s.Mark(doc, a)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return "", err
	}
	ms, err := s.LayerModified(doc, a)
	return fmt.Sprintf("%s %s %v %d", doc, a, m, ms), err
}

// bilalOn is bilal's work on the articles keep says, as text: his and his
// curated layer's spans, marks and layer times, and his decisions.
func bilalOn(t testing.TB, s *Store, keep func(doc string) bool) string {
	t.Helper()
	var out []string
	err := s.Documents(ctx, func(di DocInfo) error {
		if !keep(di.ID) {
			return nil
		}
		for _, a := range []string{"bilal", "curated:bilal"} {
			spans, err := s.LayerSpans(di.ID, a)
			if err != nil {
				return err
			}
			for _, sp := range spans {
				out = append(out, fmt.Sprintf("%s %s %v", sp.Doc, sp.ID, sp.Fragments))
			}
			line, err := markAndTime(s, di.ID, a)
			if err != nil {
				return err
			}
			out = append(out, line)
		}
		decs, err := s.Decisions(di.ID)
		for _, d := range decs {
			if d.Reviewer == "curated:bilal" {
				out = append(out, fmt.Sprintf("%+v", *d))
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(out, "\n")
}

// RemoveAnnotatorFrom takes bilal's work only from the articles, reviews
// and threads it is given (what a team folder brought), and leaves the
// rest of his as it was, counting its articles as kept.
func TestRemoveAnnotatorFrom(t *testing.T) {
	s := openTest(t)
	leaveFixture(t, s)
	var docs []string
	if err := s.Documents(ctx, func(di DocInfo) error { docs = append(docs, di.ID); return nil }); err != nil {
		t.Fatal(err)
	}
	slices.Sort(docs)
	from := &From{Docs: docs[:leaveDocs/2], Reviewed: docs[:leaveDocs/2], Threads: []string{"bilal-thread-00", "bilal-thread-01", "bilal-thread-02"}}
	taken := func(doc string) bool { return slices.Contains(from.Docs, doc) }
	left := func(doc string) bool { return !taken(doc) }
	before := bilalOn(t, s, left)
	others := othersExport(t, s)
	// His threads not given stay, but for those whose every member goes
	// with its span (as when he deletes them).
	stay := 0
	if err := s.Threads(ctx, func(th *annotate.Thread) error {
		if th.Annotator == "bilal" && !slices.Contains(from.Threads, th.ID) && slices.ContainsFunc(th.Members, func(m annotate.Member) bool { return left(m.Doc) }) {
			stay++
		}
		return nil
	}); err != nil || stay < 10 {
		t.Fatalf("fixture: %d of bilal's threads with a member outside the articles given, %v", stay, err)
	}
	r, err := s.RemoveAnnotatorFrom(ctx, "bilal", from)
	if err != nil {
		t.Fatal(err)
	}
	if r.Articles != leaveDocs/2 || r.Kept != leaveDocs-leaveDocs/2 || r.Threads != 3 || r.Spans == 0 || r.Decisions == 0 {
		t.Errorf("RemoveAnnotatorFrom counted %+v, want %d articles, %d kept, 3 threads", r, leaveDocs/2, leaveDocs-leaveDocs/2)
	}
	if got := bilalOn(t, s, left); got != before {
		t.Errorf("bilal's work on the articles not given changed")
	}
	if got := bilalOn(t, s, taken); strings.Contains(got, "{") || strings.Count(got, " <nil> 0") != 2*leaveDocs/2 {
		t.Errorf("bilal's work left on the articles given:\n%.600s", got)
	}
	if got := othersExport(t, s); got != others {
		t.Errorf("ana's and chen's work changed with bilal's removal")
	}
	n := 0
	if err := s.Threads(ctx, func(th *annotate.Thread) error {
		if th.Annotator == "bilal" {
			n++
			if slices.Contains(from.Threads, th.ID) {
				t.Errorf("thread %s given is still there", th.ID)
			}
		}
		return nil
	}); err != nil || n != stay {
		t.Errorf("bilal's threads after the removal: %d, %v; want %d", n, err, stay)
	}
	if err := checkKeys(s); err != nil {
		t.Error(err)
	}
}
