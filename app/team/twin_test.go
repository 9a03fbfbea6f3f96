package team

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
)

// curate is user's review on store st: the span reviewed accepted into
// the curated layer as label over start–end, in one change.
func curate(t *testing.T, st *store.Store, user string, reviewed *annotate.Span, label string, start, end int) *annotate.Span {
	t.Helper()
	cs := &annotate.Span{ID: annotate.NewID(), Doc: reviewed.Doc, Label: label, Annotator: annotate.CuratedLayer, Fragments: []annotate.Fragment{{Start: start, End: end}}}
	dec := &annotate.Decision{Doc: reviewed.Doc, Span: reviewed.ID, Reviewer: user, Verdict: annotate.VerdictEdit, Curated: cs.ID, At: time.Now().UnixMilli()}
	edit := annotate.DecisionEdit{After: dec}
	had, err := st.Decisions(reviewed.Doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range had {
		if h.Span == reviewed.ID && h.Reviewer == user {
			edit.Before = h // reviewed again
		}
	}
	ch := &annotate.Change{ID: annotate.NewID(), Desc: "review", User: user, Doc: reviewed.Doc,
		Spans: []annotate.SpanEdit{{After: cs}}, Decisions: []annotate.DecisionEdit{edit}}
	if err := st.Apply(context.Background(), ch); err != nil {
		t.Fatal(err)
	}
	return cs
}

// twoMachines is alice on her laptop and her desktop, one folder, and the
// same article in both stores.
func twoMachines(t *testing.T) (folder string, laptop, desktop *store.Store, el, ed *Engine, d *annotate.Document) {
	t.Helper()
	folder = t.TempDir()
	laptop, desktop = openStore(t, t.TempDir()), openStore(t, t.TempDir())
	el, ed = open(t, laptop, folder, "alice"), open(t, desktop, folder, "alice")
	d = addDoc(t, laptop, kakar, "Pakistan Blames Afghanistan")
	addDoc(t, desktop, kakar, "Pakistan Blames Afghanistan")
	return folder, laptop, desktop, el, ed, d
}

// curatedOf is the labels of doc's curated layer in st, in order.
func curatedOf(t *testing.T, st *store.Store, doc, layer string) string {
	t.Helper()
	spans, err := st.LayerSpans(doc, layer)
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, s := range spans {
		labels = append(labels, s.Label)
	}
	return strings.Join(labels, ",")
}

// alice reviews on her laptop and on her desktop: Take on the desktop
// brings the laptop's review (curated layer and decisions) where it is
// newer, as her own and never as a colleague's, and keeps the desktop's
// where the desktop's is newer.
func TestTakeBringsTheReview(t *testing.T) {
	ctx := context.Background()
	folder, laptop, desktop, el, ed, d := twoMachines(t)
	addSpan(t, desktop, d, "alice", "claim", 48, 56)
	syncOnce(t, ed)
	time.Sleep(2 * time.Millisecond) // the laptop's work is the newer
	mine := addSpan(t, laptop, d, "alice", "actor", 25, 47)
	cs := curate(t, laptop, "alice", mine, "figure", 48, 56)
	syncOnce(t, el)

	rep := syncOnce(t, ed)
	if len(rep.Twins) != 1 || rep.Twins[0].Articles != 1 || rep.Twins[0].Reviewed != 1 {
		t.Fatalf("desktop's sync: twins %+v, want the laptop's copy newer on 1 article and its review", rep.Twins)
	}
	if got, want := rep.Twins[0].What(), "1 article and the review of 1 article"; got != want {
		t.Errorf("what the laptop's copy holds: got %q, want %q", got, want)
	}
	res, err := ed.Take(ctx, el.Machine())
	if err != nil {
		t.Fatal(err)
	}
	if res.Articles != 1 || res.Reviewed != 1 || res.Curated != 1 || res.Decisions != 1 || len(res.Refused) != 0 || len(res.Twins) != 0 {
		t.Fatalf("take: got %+v, want the layer and the review of 1 article, 1 curated span, 1 decision", res)
	}
	want := "read in from machine " + el.Machine() + " where newer: your layer on 1 article (1 span, 0 threads); your review of 1 article (1 curated span, 1 review decision)"
	if got := res.Summary(); got != want {
		t.Errorf("take's summary:\n got %q\nwant %q", got, want)
	}
	if got := curatedOf(t, desktop, d.ID, annotate.CuratedLayer); got != "figure" {
		t.Fatalf("desktop's curated layer after the take: %q, want the laptop's figure", got)
	}
	if spans, _ := desktop.LayerSpans(d.ID, annotate.CuratedLayer); spans[0].ID != cs.ID {
		t.Errorf("desktop's curated span: %s, want the laptop's %s", spans[0].ID, cs.ID)
	}
	if got := curatedOf(t, desktop, d.ID, annotate.CuratedBy("alice")); got != "" {
		t.Errorf("alice's own review went in as a colleague's, curated:alice: %q", got)
	}
	decs, err := desktop.Decisions(d.ID)
	if err != nil || len(decs) != 1 || decs[0].Reviewer != "alice" || decs[0].Span != mine.ID || decs[0].Curated != cs.ID {
		t.Fatalf("desktop's decisions after the take: %v %+v, want alice's accept of %s", err, decs, mine.ID)
	}
	// The desktop writes what it now holds; the laptop's copy stays.
	syncOnce(t, ed)
	if got := readLayer(t, folder, el); !strings.Contains(got, cs.ID) {
		t.Errorf("the laptop's copy lost its review: %s", got)
	}
	if got := readLayer(t, folder, ed); !strings.Contains(got, cs.ID) {
		t.Errorf("the desktop's copy lacks the review it took: %s", got)
	}

	// Reviewed again on the desktop, later: a second take keeps the
	// desktop's, the newer.
	time.Sleep(2 * time.Millisecond)
	curate(t, desktop, "alice", mine, "actor", 25, 47)
	res, err = ed.Take(ctx, el.Machine())
	if err != nil {
		t.Fatal(err)
	}
	if res.Reviewed != 0 || res.Articles != 0 {
		t.Fatalf("a take of an older copy: got %+v, want nothing read in", res)
	}
	if got := curatedOf(t, desktop, d.ID, annotate.CuratedLayer); got != "actor,figure" {
		t.Fatalf("desktop's newer review after taking an older copy: %q, want both its curated spans", got)
	}
	if decs, _ := desktop.Decisions(d.ID); len(decs) != 1 || decs[0].Curated == cs.ID {
		t.Fatalf("desktop's newer decision after taking an older copy: %+v", decs)
	}
}

// A review file of the other machine with a bad line is refused by name,
// whole: no decision lands without its curated span.
func TestTakeRefusesABadReviewFile(t *testing.T) {
	_, laptop, desktop, el, ed, d := twoMachines(t)
	mine := addSpan(t, laptop, d, "alice", "actor", 25, 47)
	curate(t, laptop, "alice", mine, "figure", 48, 56)
	syncOnce(t, el)
	p := filepath.Join(el.ownDir(), "curated-"+d.ID[:2]+".jsonl")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(string(b), `"curated:alice"`, `"curated:bilal"`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := ed.Take(context.Background(), el.Machine())
	if err != nil {
		t.Fatal(err)
	}
	if res.Reviewed != 0 || len(res.Refused) != 1 || !strings.Contains(res.Refused[0].Error(), "curated-"+d.ID[:2]+".jsonl:1") {
		t.Fatalf("take of a bad curated file: %+v, want it refused by name", res)
	}
	if got := curatedOf(t, desktop, d.ID, annotate.CuratedLayer); got != "" {
		t.Errorf("a refused curated file reached the desktop: %q", got)
	}
	if decs, _ := desktop.Decisions(d.ID); len(decs) != 0 {
		t.Errorf("a decision landed without its curated span: %+v", decs)
	}
}

// The twin notice: told while the other machine's copy holds something
// newer, quiet once it is read in (or nothing there is newer), told again
// when that machine writes again. A running engine reports it once, not
// at every pass.
func TestTwinNoticeOnlyWhileNewer(t *testing.T) {
	_, laptop, desktop, el, ed, d := twoMachines(t)
	addSpan(t, desktop, d, "alice", "claim", 48, 56)
	syncOnce(t, ed)
	time.Sleep(2 * time.Millisecond)
	addSpan(t, laptop, d, "alice", "actor", 25, 47)
	syncOnce(t, el)
	for i := 0; i < 2; i++ {
		if rep := syncOnce(t, ed); len(rep.Twins) != 1 {
			t.Fatalf("desktop's sync %d before the take: twins %+v, want the laptop's newer copy", i+1, rep.Twins)
		}
	}
	if _, err := ed.Take(context.Background(), el.Machine()); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if rep := syncOnce(t, ed); len(rep.Twins) != 0 {
			t.Fatalf("desktop's sync %d after the take: twins %+v, want none (nothing there is newer)", i+1, rep.Twins)
		}
	}
	// A copy with nothing newer is quiet from the start.
	syncOnce(t, el)
	if rep := syncOnce(t, el); len(rep.Twins) != 0 {
		t.Fatalf("laptop's sync: twins %+v, want none (the desktop's copy is the laptop's own work)", rep.Twins)
	}
	// The laptop writes again: told again.
	time.Sleep(2 * time.Millisecond)
	addSpan(t, laptop, d, "alice", "figure", 0, 9)
	syncOnce(t, el)
	rep := syncOnce(t, ed)
	if len(rep.Twins) != 1 || rep.Twins[0].Articles != 1 || rep.Twins[0].Machine != el.Machine() {
		t.Fatalf("desktop's sync after the laptop wrote again: twins %+v", rep.Twins)
	}

	// Running, the desktop is told once, not at every pass.
	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	var told int
	done := make(chan struct{})
	go func() {
		defer close(done)
		ed.Run(ctx, RunOptions{Rescan: 20 * time.Millisecond}, func(rep *Report, err error) {
			mu.Lock()
			defer mu.Unlock()
			if len(rep.Twins) > 0 {
				told++
			}
		})
	}()
	time.Sleep(300 * time.Millisecond)
	cancel()
	<-done
	if told != 1 {
		t.Errorf("a running engine told of the same newer copy %d times in 300 ms, want once", told)
	}
}

// The Team panel's rows: a colleague on two machines who annotated the
// same article on both has it counted once; one who connected and has
// written nothing yet is listed, with no articles.
func TestColleaguesCountArticlesOnceAndListTheNewcomer(t *testing.T) {
	a, b, ea, eb, d := aliceAndBilal(t)
	d2 := addDoc(t, a, "The border crossing at Torkham stayed closed for a fourth day.\n", "Torkham")
	syncOnce(t, ea)
	syncOnce(t, eb)
	b2 := openStore(t, t.TempDir())
	eb2 := open(t, b2, ea.Dir(), "bilal")
	syncOnce(t, eb2)
	addSpan(t, b, d, "bilal", "actor", 25, 47)
	addSpan(t, b2, d, "bilal", "claim", 48, 56)
	addSpan(t, b2, d2, "bilal", "actor", 0, 10)
	syncOnce(t, eb)
	syncOnce(t, eb2)
	syncOnce(t, open(t, openStore(t, t.TempDir()), ea.Dir(), "chen"))

	syncOnce(t, ea)
	var rows []string
	for _, c := range ea.Colleagues() {
		rows = append(rows, c.Annotator+":"+annotate.Count(c.Articles, "article")+"×"+string(rune('0'+c.Machines)))
	}
	if got, want := strings.Join(rows, " "), "bilal:2 articles×2 chen:0 articles×1"; got != want {
		t.Fatalf("alice's Team panel: got %q, want %q", got, want)
	}
}
