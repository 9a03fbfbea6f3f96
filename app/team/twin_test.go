package team

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
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
	// chen connected and wrote nothing: when he joined is not when his
	// work last arrived.
	for _, c := range ea.Colleagues() {
		if c.Annotator == "chen" && (!c.Last.IsZero() || c.Joined.IsZero()) {
			t.Errorf("the newcomer chen: last work %v, joined %v; want no last work and when he joined", c.Last, c.Joined)
		}
	}
}

// aliceWork writes alice's work on docs into st as one machine of hers
// holds it at time at: her layer (a span labelled label), her curated
// layer (the span accepted), her decision, each layer marked done when
// done.
func aliceWork(t *testing.T, st *store.Store, docs []*annotate.Document, label string, at int64, done bool) {
	t.Helper()
	b := &store.Batch{Docs: docs}
	for _, d := range docs {
		mine := &annotate.Span{ID: annotate.NewID(), Doc: d.ID, Label: label, Annotator: "alice", Fragments: []annotate.Fragment{{Start: 25, End: 47}}}
		cs := &annotate.Span{ID: annotate.NewID(), Doc: d.ID, Label: label, Annotator: annotate.CuratedLayer, Fragments: []annotate.Fragment{{Start: 25, End: 47}}}
		b.Spans = append(b.Spans, mine, cs)
		b.Replace = append(b.Replace, store.LayerStamp{Doc: d.ID, Annotator: "alice", Modified: at}, store.LayerStamp{Doc: d.ID, Annotator: annotate.CuratedLayer, Modified: at})
		b.Decisions = append(b.Decisions, &annotate.Decision{Doc: d.ID, Span: mine.ID, Reviewer: "alice", Verdict: annotate.VerdictAccept, Curated: cs.ID, At: at})
		if done {
			b.Marks = append(b.Marks, &annotate.Mark{Doc: d.ID, Annotator: "alice", Done: true}, &annotate.Mark{Doc: d.ID, Annotator: annotate.CuratedLayer, Done: true})
		}
	}
	if _, err := st.WriteBatch(context.Background(), b); err != nil {
		t.Fatal(err)
	}
}

// takenOf says, article by article, which of alice's machines' work the
// desktop's store st holds: "laptop" where her layer, its done mark, her
// curated layer, its done mark and her decision are all the laptop's,
// "desktop" where all are the desktop's, and what is mixed otherwise.
func takenOf(t *testing.T, st *store.Store, docs []*annotate.Document, laptopAt int64) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, d := range docs {
		var parts []string
		for _, layer := range []string{"alice", annotate.CuratedLayer} {
			ls, err := st.Layers(d.ID, []string{layer})
			if err != nil {
				t.Fatal(err)
			}
			spans, err := st.LayerSpans(d.ID, layer)
			if err != nil {
				t.Fatal(err)
			}
			labels := ""
			for _, s := range spans {
				labels += s.Label
			}
			parts = append(parts, fmt.Sprintf("%s:new=%v,done=%v,%s", layer, ls[0].Modified == laptopAt, ls[0].Done, labels))
		}
		decs, err := st.Decisions(d.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range decs {
			parts = append(parts, fmt.Sprintf("decision:new=%v", x.At == laptopAt))
		}
		got := strings.Join(parts, " ")
		switch got {
		case "alice:new=true,done=true,actor curated:new=true,done=true,actor decision:new=true":
			got = "laptop"
		case "alice:new=false,done=false,claim curated:new=false,done=false,claim decision:new=false":
			got = "desktop"
		}
		out[got]++
	}
	return out
}

// A take killed at any moment: the desktop's store holds, on every
// article, alice's desktop work or her laptop's, whole (her layer, her
// review, their done marks), and the same on all of them: the take's one
// write is made whole (store.WriteBatchWhole), and a kill once it is under
// way is finished by the next open. Before, the layer went in one write
// and the review in two more an article, and a kill between left the
// laptop's layer beside the desktop's review.
func TestTakeKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("kill loop: -short")
	}
	const articles = 120
	folder := t.TempDir()
	laptop := openStore(t, t.TempDir())
	el := open(t, laptop, folder, "alice")
	docs := make([]*annotate.Document, articles)
	for i := range docs {
		text := fmt.Sprintf("Article %d. ", i) + kakar
		docs[i] = &annotate.Document{ID: annotate.DocID(text), Title: fmt.Sprintf("Article %d", i), Text: text}
	}
	now := time.Now().UnixMilli()
	desktopAt, laptopAt := now-20*60*1000, now-10*60*1000
	aliceWork(t, laptop, docs, "actor", laptopAt, true)
	syncOnce(t, el)

	// A desktop as it was before the take, new at each round: alice's
	// older work on the same articles.
	desktop := func() string {
		dir := t.TempDir()
		st, err := store.Open(dir, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		aliceWork(t, st, docs, "claim", desktopAt, false)
		if err := st.Close(); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	after := func(dir string) map[string]int {
		st, err := store.Open(dir, store.Options{})
		if err != nil {
			t.Fatalf("the desktop's store after the kill: %v", err)
		}
		defer st.Close()
		return takenOf(t, st, docs, laptopAt)
	}
	// A take that runs to its end, timed: the kills fall within as long.
	dir := desktop()
	cmd := startChild(t, "take", dir, folder, "alice", el.Machine())
	start := time.Now() // from its "open"
	if err := cmd.Wait(); err != nil {
		t.Fatalf("the take: %v", err)
	}
	took := time.Since(start)
	if got := after(dir); got["laptop"] != articles {
		t.Fatalf("a whole take: %v, want the laptop's work on all %d articles", got, articles)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	killed := 0
	for i := 0; i < 6; i++ {
		dir := desktop()
		cmd := startChild(t, "take", dir, folder, "alice", el.Machine())
		time.Sleep(time.Duration(rng.Int64N(int64(took))))
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			killed++
		}
		got := after(dir)
		if got["laptop"] != articles && got["desktop"] != articles {
			t.Fatalf("a take killed %d: the desktop holds %v, want all %d articles the laptop's or all the desktop's", i+1, got, articles)
		}
		// What is left to take, the next take takes.
		if got["desktop"] == articles {
			cmd := startChild(t, "take", dir, folder, "alice", el.Machine())
			if err := cmd.Wait(); err != nil {
				t.Fatalf("the take after a kill: %v", err)
			}
			if got := after(dir); got["laptop"] != articles {
				t.Fatalf("the take after a kill: %v, want the laptop's work on all %d articles", got, articles)
			}
		}
	}
	if killed == 0 {
		t.Fatal("every take finished before its kill: the loop tested nothing")
	}
	t.Logf("%d of 6 takes killed before they finished; a whole one took %v", killed, took)
}

// setDone marks article d done (or not) in layer on st, as alice's window
// does (Ctrl+D): an undoable change that stamps the layer.
func setDone(t *testing.T, st *store.Store, d *annotate.Document, layer string, done bool) {
	t.Helper()
	old, err := st.Mark(d.ID, layer)
	if errors.Is(err, store.ErrNotFound) {
		old, err = nil, nil
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Apply(context.Background(), annotate.SetMark("alice", "mark done", old, &annotate.Mark{Doc: d.ID, Annotator: layer, Done: done})); err != nil {
		t.Fatal(err)
	}
}

// doneOf says whether layer is marked done on d in st.
func doneOf(t *testing.T, st *store.Store, d *annotate.Document, layer string) bool {
	t.Helper()
	ls, err := st.Layers(d.ID, []string{layer})
	if err != nil {
		t.Fatal(err)
	}
	return ls[0].Done
}

// The done marks travel with a take, where the copy is newer: the curated
// layer's, which a take left behind, and alice's own layer's, including
// one she took back on the laptop (an import brings only the marks set,
// so the desktop's done stayed).
func TestTakeBringsTheDoneMarks(t *testing.T) {
	ctx := context.Background()
	_, laptop, desktop, el, ed, d := twoMachines(t)
	addSpan(t, desktop, d, "alice", "claim", 48, 56)
	setDone(t, desktop, d, "alice", true)
	syncOnce(t, ed)
	time.Sleep(2 * time.Millisecond) // the laptop's work is the newer
	mine := addSpan(t, laptop, d, "alice", "actor", 25, 47)
	curate(t, laptop, "alice", mine, "figure", 48, 56)
	setDone(t, laptop, d, annotate.CuratedLayer, true)
	syncOnce(t, el)

	res, err := ed.Take(ctx, el.Machine())
	if err != nil {
		t.Fatal(err)
	}
	if doneOf(t, desktop, d, "alice") {
		t.Error("the desktop's layer is still done after taking the laptop's newer one, which is not")
	}
	if !doneOf(t, desktop, d, annotate.CuratedLayer) {
		t.Error("the review the laptop marked done is not done on the desktop after the take")
	}
	want := "read in from machine " + el.Machine() + " where newer: your layer on 1 article (1 span, 0 threads); your review of 1 article (1 curated span, 1 review decision, 1 marked done)"
	if got := res.Summary(); got != want {
		t.Errorf("take's summary:\n got %q\nwant %q", got, want)
	}

	// Done on the laptop, later: the next take brings that too.
	time.Sleep(2 * time.Millisecond)
	setDone(t, laptop, d, "alice", true)
	syncOnce(t, el)
	syncOnce(t, ed)
	if res, err = ed.Take(ctx, el.Machine()); err != nil {
		t.Fatal(err)
	}
	if !doneOf(t, desktop, d, "alice") || !doneOf(t, desktop, d, annotate.CuratedLayer) {
		t.Errorf("after the laptop marked its layer done: the desktop's layer done %v, its review done %v; want both", doneOf(t, desktop, d, "alice"), doneOf(t, desktop, d, annotate.CuratedLayer))
	}
	want = "read in from machine " + el.Machine() + " where newer: your layer on 1 article (1 span, 0 threads, 1 marked done)"
	if got := res.Summary(); got != want {
		t.Errorf("the second take's summary:\n got %q\nwant %q", got, want)
	}
	// Taken back in review on the laptop: not done on the desktop either.
	time.Sleep(2 * time.Millisecond)
	setDone(t, laptop, d, annotate.CuratedLayer, false)
	syncOnce(t, el)
	if _, err = ed.Take(ctx, el.Machine()); err != nil {
		t.Fatal(err)
	}
	if doneOf(t, desktop, d, annotate.CuratedLayer) {
		t.Error("the review the laptop marked not done again is still done on the desktop")
	}
}

// retitle renames thread id in st as the window does: one change, from
// the thread as the window read it.
func retitle(t *testing.T, st *store.Store, id, title string) {
	t.Helper()
	old, err := st.Thread(id)
	if err != nil {
		t.Fatal(err)
	}
	updated := old.Clone()
	updated.Title = title
	if err := st.Apply(context.Background(), annotate.PutThread(old.Annotator, "rename thread", old, updated)); err != nil {
		t.Fatal(err)
	}
}

// laptopThread is twoMachines with alice's thread Kakar, of a span of
// hers, made on her laptop (not yet written to the folder).
type laptopThread struct {
	folder          string
	laptop, desktop *store.Store
	el, ed          *Engine
	d               *annotate.Document
	sp              *annotate.Span
	id              string // the thread's
}

func newLaptopThread(t *testing.T) laptopThread {
	t.Helper()
	var lt laptopThread
	lt.folder, lt.laptop, lt.desktop, lt.el, lt.ed, lt.d = twoMachines(t)
	lt.sp = addSpan(t, lt.laptop, lt.d, "alice", "actor", 25, 47)
	th := annotate.NewThread("alice", "Kakar", lt.sp)
	if err := lt.laptop.Apply(context.Background(), th); err != nil {
		t.Fatal(err)
	}
	lt.id = th.Threads[0].After.ID
	return lt
}

// threadOnBoth is alice's thread Kakar, made on her laptop and taken
// into her desktop's store: the stores, their engines and the thread's ID.
func threadOnBoth(t *testing.T) (laptop, desktop *store.Store, el, ed *Engine, id string) {
	t.Helper()
	ctx := context.Background()
	lt := newLaptopThread(t)
	laptop, desktop, el, ed, id = lt.laptop, lt.desktop, lt.el, lt.ed, lt.id
	syncOnce(t, el)
	if _, err := ed.Take(ctx, el.Machine()); err != nil {
		t.Fatal(err)
	}
	if got, err := desktop.Thread(id); err != nil || got.Title != "Kakar" {
		t.Fatalf("desktop's thread after the first take: %+v %v, want the laptop's Kakar", got, err)
	}
	return laptop, desktop, el, ed, id
}

// alice's thread, on both her machines: a take of the laptop's copy keeps
// the desktop's thread where she changed it on the desktop after the
// laptop's copy was written, and says so; where the laptop's is newer, it
// is taken.
func TestTakeKeepsAThreadChangedHereLater(t *testing.T) {
	ctx := context.Background()
	// Renamed on the laptop, written to the folder; renamed later on
	// the desktop: the desktop's is the newer.
	laptop, desktop, el, ed, id := renamedOnLaptop(t)
	retitle(t, desktop, id, "desktop's title")
	res, err := ed.Take(ctx, el.Machine())
	if err != nil {
		t.Fatal(err)
	}
	if got, err := desktop.Thread(id); err != nil || got.Title != "desktop's title" {
		t.Fatalf("desktop's thread, changed after the laptop's copy was written, after a take: %+v %v, want the desktop's title kept", got, err)
	}
	if res.Threads != 0 || res.ThreadsKept != 1 {
		t.Errorf("take: %d threads read in, %d kept; want 0 and 1", res.Threads, res.ThreadsKept)
	}
	if got, want := res.Summary(), "kept this store's 1 thread, changed here later than that copy's"; !strings.Contains(got, want) {
		t.Errorf("take's summary %q does not say %q", got, want)
	}

	// The reverse: renamed on the laptop after the desktop: taken.
	time.Sleep(2 * time.Millisecond)
	retitle(t, laptop, id, "laptop's later title")
	syncOnce(t, el)
	res, err = ed.Take(ctx, el.Machine())
	if err != nil {
		t.Fatal(err)
	}
	if got, err := desktop.Thread(id); err != nil || got.Title != "laptop's later title" {
		t.Fatalf("desktop's thread after taking the laptop's newer one: %+v %v", got, err)
	}
	if res.Threads != 1 || res.ThreadsKept != 0 {
		t.Errorf("take of the newer thread: %d threads read in, %d kept; want 1 and 0", res.Threads, res.ThreadsKept)
	}
	// The desktop still edits the thread it took, from the window's
	// image of it.
	retitle(t, desktop, id, "desktop again")
}

// A thread the user changes in the window while a take runs, after it
// read the copy and before it writes, is newer than the copy's: kept.
func TestTakeKeepsAThreadChangedWhileItRuns(t *testing.T) {
	ctx := context.Background()
	laptop, desktop, el, ed, id := threadOnBoth(t)
	time.Sleep(2 * time.Millisecond)
	retitle(t, laptop, id, "laptop's title") // newer than the desktop's, when the take begins
	syncOnce(t, el)
	takeMeanwhile = func() {
		time.Sleep(2 * time.Millisecond)
		retitle(t, desktop, id, "typed meanwhile")
	}
	defer func() { takeMeanwhile = nil }()
	res, err := ed.Take(ctx, el.Machine())
	if err != nil {
		t.Fatal(err)
	}
	if got, err := desktop.Thread(id); err != nil || got.Title != "typed meanwhile" {
		t.Fatalf("desktop's thread changed while the take ran: %+v %v, want the title typed kept", got, err)
	}
	if res.ThreadsKept != 1 {
		t.Errorf("take: %d threads kept, want 1", res.ThreadsKept)
	}
}

// A thread alice renamed on her laptop, on an article she then annotated
// later on her desktop (the desktop's layer there the newer, so no
// article is newer on the laptop), is told of on the desktop, as the take
// brings it; once taken the notice goes. A thread she renames later on
// the desktop than on the laptop is not told of: the take keeps it.
func TestTwinNoticeCountsAThreadChangedThere(t *testing.T) {
	ctx := context.Background()
	laptop, desktop, el, ed, id := threadOnBoth(t)
	if rep := syncOnce(t, ed); len(rep.Twins) != 0 {
		t.Fatalf("desktop's sync after the thread was taken: twins %+v, want none", rep.Twins)
	}

	time.Sleep(2 * time.Millisecond)
	retitle(t, laptop, id, "laptop's title")
	syncOnce(t, el)
	time.Sleep(2 * time.Millisecond)
	d := &annotate.Document{ID: annotate.DocID(kakar), Text: kakar}
	sp := addSpan(t, desktop, d, "alice", "claim", 48, 56)
	for i := 0; i < 2; i++ {
		rep := syncOnce(t, ed)
		if len(rep.Twins) != 1 || rep.Twins[0].Machine != el.Machine() || rep.Twins[0].Threads != 1 || rep.Twins[0].Articles != 0 {
			t.Fatalf("desktop's sync %d after the laptop renamed the thread: twins %+v, want the laptop's copy newer on 1 thread", i+1, rep.Twins)
		}
		if got, want := rep.Twins[0].What(), "1 thread"; got != want {
			t.Errorf("the notice says newer there on %q, want %q", got, want)
		}
	}
	res, err := ed.Take(ctx, el.Machine())
	if err != nil {
		t.Fatal(err)
	}
	if res.Threads != 1 || res.Articles != 0 || len(res.Twins) != 0 {
		t.Fatalf("take: %d threads and %d articles read in, twins after %+v; want 1, 0 and none", res.Threads, res.Articles, res.Twins)
	}
	if got, want := res.Summary(), "read in from machine "+el.Machine()+" where newer: 1 thread of your layer"; got != want {
		t.Errorf("take's summary %q, want %q", got, want)
	}
	if got, err := desktop.Thread(id); err != nil || got.Title != "laptop's title" {
		t.Fatalf("desktop's thread after the take: %+v %v", got, err)
	}
	if _, err := desktop.Span(sp.ID); err != nil {
		t.Fatalf("the desktop's later span after the take: %v, want it kept", err)
	}
	for i := 0; i < 2; i++ {
		if rep := syncOnce(t, ed); len(rep.Twins) != 0 {
			t.Fatalf("desktop's sync %d after the take: twins %+v, want none", i+1, rep.Twins)
		}
	}

	// Renamed on the laptop, then later on the desktop: the desktop's is
	// newer, the take would keep it.
	time.Sleep(2 * time.Millisecond)
	retitle(t, laptop, id, "laptop's second title")
	syncOnce(t, el)
	time.Sleep(2 * time.Millisecond)
	retitle(t, desktop, id, "desktop's title")
	if rep := syncOnce(t, ed); len(rep.Twins) != 0 {
		t.Fatalf("desktop's sync after it renamed the thread later than the laptop: twins %+v, want none", rep.Twins)
	}
}

// What names each kind of newer work, the threads before the review.
func TestTwinWhat(t *testing.T) {
	for _, c := range []struct {
		tw   Twin
		want string
	}{
		{Twin{Articles: 2}, "2 articles"},
		{Twin{Threads: 1}, "1 thread"},
		{Twin{Articles: 2, Reviewed: 1}, "2 articles and the review of 1 article"},
		{Twin{Articles: 1, Threads: 3}, "1 article and 3 threads"},
		{Twin{Threads: 1, Reviewed: 2}, "1 thread and the review of 2 articles"},
		{Twin{Articles: 2, Threads: 1, Reviewed: 1}, "2 articles, 1 thread and the review of 1 article"},
		{Twin{Threads: 1, Deleted: 2, Reviewed: 1}, "1 thread, 2 deleted threads and the review of 1 article"},
	} {
		if got := c.tw.What(); got != c.want {
			t.Errorf("%+v: got %q, want %q", c.tw, got, c.want)
		}
	}
}
