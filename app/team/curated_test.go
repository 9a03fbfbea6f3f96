package team

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/agree"
	"github.com/skein-news/skein/app/transfer"
	"github.com/skein-news/skein/store"
)

// aliceReviews has alice review her and bilal's layers, accepting his
// figure and rejecting her span he lacks, and write it to the folder.
func aliceReviews(t *testing.T) (a, b *store.Store, ea, eb *Engine, d *annotate.Document, figure, accepted *annotate.Span) {
	t.Helper()
	ctx := context.Background()
	a, b, ea, eb, d = aliceAndBilal(t)
	addSpan(t, a, d, "alice", "actor", 25, 47)
	addSpan(t, a, d, "alice", "claim", 48, 56)
	addSpan(t, a, d, "alice", "actor", 0, 9) // bilal has nothing there: alice rejects it
	syncOnce(t, ea)
	syncOnce(t, eb)
	addSpan(t, b, d, "bilal", "actor", 25, 47)
	figure = addSpan(t, b, d, "bilal", "figure", 48, 56)
	syncOnce(t, eb)
	syncOnce(t, ea)

	// alice settles the disagreements: bilal's label where they differ,
	// and a reject of her span he does not have. One change, as Undo
	// takes it back.
	items, states, curated, decs := review(t, a, d.ID, "alice", "bilal")
	ch := &annotate.Change{ID: annotate.NewID(), Desc: "review", User: "alice", Doc: d.ID}
	for i, it := range items {
		if !it.Disagreement() {
			continue
		}
		v := agree.Verdict{Doc: d.ID, Reviewer: "alice", Verdict: annotate.VerdictReject, Desc: "reject", Picked: it.Spans["alice"]}
		if it.Spans["bilal"] != nil {
			accepted = agree.Accepted(it.Spans["bilal"])
			v = agree.Verdict{Doc: d.ID, Reviewer: "alice", Verdict: annotate.VerdictEdit, Desc: "accept bilal's", Picked: it.Spans["bilal"], Curated: accepted}
		}
		one := agree.Decide(it, states[i], curated, decs, v)
		ch.Spans, ch.Decisions = append(ch.Spans, one.Spans...), append(ch.Decisions, one.Decisions...)
	}
	if accepted == nil || len(ch.Decisions) != 2 {
		t.Fatalf("want two disagreements to settle, got %d decisions", len(ch.Decisions))
	}
	if err := a.Apply(ctx, ch); err != nil {
		t.Fatal(err)
	}
	// The window names the article a change was on: that write covers
	// the curated layer and the decisions.
	ea.Changed(d.ID)
	pub, err := ea.Publish(ctx)
	if err != nil {
		t.Fatal(err)
	}
	xx := d.ID[:2]
	if got, want := strings.Join(pub.Written, " "), "curated-"+xx+".jsonl decisions-"+xx+".jsonl"; got != want {
		t.Fatalf("the write after alice's review: got %q, want %q", got, want)
	}
	return a, b, ea, eb, d, figure, accepted
}

// alice reviews alice's and bilal's layers and accepts bilal's span: her
// curated layer and her decision reach bilal as curated:alice, kept apart
// from his own curated layer and his review, and he can measure agreement
// against it. Her undo withdraws both from his store (the decisions
// once their file stays gone, decisionsGoneWait).
func TestCuratedLayerAndDecisionsTravel(t *testing.T) {
	ctx := context.Background()
	a, b, ea, eb, d, figure, accepted := aliceReviews(t)
	rep := syncOnce(t, eb)
	if len(rep.Arrived) != 1 || rep.Arrived[0].Curated != 1 || rep.Arrived[0].Decisions != 2 || len(rep.Refused) > 0 {
		t.Fatalf("bilal's sync: got %+v, want alice's 1 curated span and 2 decisions", rep)
	}
	if got := rep.Arrived[0].Line(""); got != "alice: 1 curated span, 2 review decisions" {
		t.Errorf("status line: got %q", got)
	}
	theirs := annotate.CuratedBy("alice")
	got, err := b.LayerSpans(d.ID, theirs)
	if err != nil || len(got) != 1 || got[0].ID != accepted.ID || got[0].Label != "figure" || got[0].Start() != 48 || got[0].End() != 56 {
		t.Fatalf("bilal's copy of alice's curated layer: %v %+v, want the figure at 48–56 (%s)", err, got, accepted.ID)
	}
	if own, _ := b.LayerSpans(d.ID, annotate.CuratedLayer); len(own) != 0 {
		t.Fatalf("alice's curation went into bilal's own curated layer: %+v", own)
	}
	bdecs, err := b.Decisions(d.ID)
	if err != nil || len(bdecs) != 2 {
		t.Fatalf("bilal's copy of alice's decisions: %v %+v", err, bdecs)
	}
	for _, x := range bdecs {
		if x.Reviewer != theirs || (x.Span == figure.ID) != (x.Verdict == annotate.VerdictEdit && x.Curated == accepted.ID) {
			t.Fatalf("bilal's copy of alice's decision: %+v", x)
		}
	}
	// bilal's own review of the same article is still open: alice's
	// reject settles nothing of his.
	bitems, bstates, _, _ := review(t, b, d.ID, "alice", "bilal")
	for i, st := range bstates {
		if bitems[i].Disagreement() && st.Settled {
			t.Fatalf("alice's decision settled an item of bilal's review: %+v", st)
		}
	}
	// Agreement of bilal against alice's curation: the figure matches, his
	// actor is not in it: exact F1 = 2·1/(2+1).
	r, err := transfer.Agree(ctx, b, []string{"bilal", theirs})
	if err != nil {
		t.Fatal(err)
	}
	if f := r.Overall.F1Exact; f == nil || math.Abs(*f-2.0/3) > 1e-9 {
		t.Fatalf("bilal against curated:alice: exact F1 %v, want 2/3", f)
	}
	// With an assignment of the article to alice and bilal, the curated
	// layer still counts where alice worked: no one is assigned curation.
	asg, err := Assign(ctx, b, []string{"alice", "bilal"}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(asg.Overlap([]string{"bilal", theirs})); n != 1 {
		t.Errorf("overlap of bilal and curated:alice under the assignment: %d articles, want 1", n)
	}
	r, err = transfer.AgreeAssigned(ctx, b, []string{"bilal", theirs}, asg.Has)
	if err != nil {
		t.Fatal(err)
	}
	if f := r.Overall.F1Exact; f == nil || math.Abs(*f-2.0/3) > 1e-9 {
		t.Fatalf("bilal against curated:alice under an assignment: exact F1 %v, want 2/3", f)
	}
	// alice takes it back: both leave bilal's store.
	if _, err := a.Undo(ctx, "alice"); err != nil {
		t.Fatal(err)
	}
	syncOnce(t, ea)
	later := laterClock(t)
	syncOnce(t, eb)
	later(decisionsGoneWait)
	rep = syncOnce(t, eb)
	if spans, _ := b.LayerSpans(d.ID, theirs); len(spans) != 0 {
		t.Errorf("alice's withdrawn curated span is still in bilal's store: %+v (%+v)", spans, rep)
	}
	if bdecs, _ := b.Decisions(d.ID); len(bdecs) != 0 {
		t.Errorf("alice's withdrawn decision is still in bilal's store: %+v", bdecs)
	}
}

// review lines up the layers of names on doc as the window's review does.
func review(t *testing.T, st *store.Store, doc string, names ...string) ([]agree.Item, []agree.State, []*annotate.Span, []*annotate.Decision) {
	t.Helper()
	layers := map[string][]*annotate.Span{}
	for _, n := range names {
		spans, err := st.LayerSpans(doc, n)
		if err != nil {
			t.Fatal(err)
		}
		layers[n] = spans
	}
	curated, err := st.LayerSpans(doc, annotate.CuratedLayer)
	if err != nil {
		t.Fatal(err)
	}
	decs, err := st.Decisions(doc)
	if err != nil {
		t.Fatal(err)
	}
	items := agree.Compare(layers, names)
	states, _, _ := agree.Settle(items, curated, decs)
	return items, states, curated, decs
}

// A colleague's folder may hold only their own curation and decisions.
func TestForeignCurationIsRefused(t *testing.T) {
	folder := t.TempDir()
	a, b := openStore(t, t.TempDir()), openStore(t, t.TempDir())
	ea, eb := open(t, a, folder, "alice"), open(t, b, folder, "bilal")
	d := addDoc(t, a, kakar, "Pakistan Blames Afghanistan")
	s := addSpan(t, a, d, "alice", "actor", 25, 47)
	syncOnce(t, ea)
	syncOnce(t, eb)
	dir := filepath.Join(folder, "layers", "mallory", "00000000000000aa")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"decisions-" + d.ID[:2] + ".jsonl": `{"doc":"` + d.ID + `","span":"` + s.ID + `","reviewer":"alice","verdict":"reject","at":1}` + "\n",
		"curated-" + d.ID[:2] + ".jsonl":   `{"id":"` + d.ID + `","spans":[{"id":"x1","start":25,"end":47,"label":"actor","annotator":"curated:alice"}]}` + "\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rep := syncOnce(t, eb)
	var all []string
	for _, r := range rep.Refused {
		all = append(all, r.Error())
	}
	msg := strings.Join(all, "\n")
	for name := range files {
		if !strings.Contains(msg, "layers/mallory/00000000000000aa/"+name) {
			t.Errorf("%s not refused by name:\n%s", name, msg)
		}
	}
	if decs, _ := b.Decisions(d.ID); len(decs) != 0 {
		t.Errorf("a forged decision was stored: %+v", decs)
	}
	if spans, _ := b.LayerSpans(d.ID, annotate.CuratedBy("alice")); len(spans) != 0 {
		t.Errorf("a forged curated span was stored: %+v", spans)
	}
}

func TestArrivalLine(t *testing.T) {
	for _, tc := range []struct {
		a     Arrival
		title string
		want  string
	}{
		{Arrival{Annotator: "bilal", Spans: 3}, "Pakistan Blames…", "bilal: 3 spans in “Pakistan Blames…”"},
		{Arrival{Annotator: "bilal", Spans: 1, Threads: 2}, "", "bilal: 1 span, 2 threads"},
		{Arrival{Annotator: "alice", Curated: 1, Decisions: 2}, "", "alice: 1 curated span, 2 review decisions"},
		{Arrival{Annotator: "alice"}, "", "alice: 0 spans"},
		{Arrival{Annotator: "alice", Spans: 1, Removed: 2}, "", "alice: 1 span, 2 spans removed"},
		{Arrival{Annotator: "alice", CuratedRemoved: 1, Decisions: 1}, "", "alice: 1 curated span removed, 1 review decision"},
	} {
		if got := tc.a.Line(tc.title); got != tc.want {
			t.Errorf("%+v: got %q, want %q", tc.a, got, tc.want)
		}
	}
}

// alice's decisions file gone for a moment (git's checkout unlinks then
// writes it; a copy in place), or read empty as a copy in place starts,
// withdraws none of her decisions from bilal's store; gone at two reads
// decisionsGoneWait apart (though the copy read last was empty), it
// withdraws them all, as her skein removes it when she withdraws her last.
func TestColleagueDecisionsFileGoneForAMoment(t *testing.T) {
	later := laterClock(t)
	_, b, ea, eb, d, _, _ := aliceReviews(t)
	syncOnce(t, eb)
	want := func(n int, when string) {
		t.Helper()
		if got, err := b.Decisions(d.ID); err != nil || len(got) != n {
			t.Errorf("%s: alice's decisions in bilal's store: %d (%v), want %d", when, len(got), err, n)
		}
	}
	want(2, "after alice's review arrived")
	p := filepath.Join(ea.ownDir(), "decisions-"+d.ID[:2]+".jsonl")
	whole, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	aside := filepath.Join(t.TempDir(), "decisions")
	for i, step := range []struct {
		what string
		b    []byte // nil: gone
	}{{"moved away", nil}, {"moved back as it was", nil}, {"gone", nil}, {"back", whole}, {"empty", []byte{}}, {"whole again", whole}, {"empty", []byte{}}, {"gone", nil}, {"gone once more, the wait not yet over", nil}} {
		switch step.what {
		case "moved away":
			os.Rename(p, aside)
		case "moved back as it was":
			os.Rename(aside, p)
		default:
			showCopy(t, p, step.b, i)
		}
		later(decisionsGoneWait - time.Millisecond)
		rep := syncOnce(t, eb)
		want(2, "her decisions file "+step.what)
		if empty := step.what == "empty"; empty != (len(rep.Refused) == 1 && strings.Contains(rep.Refused[0].Error(), "decisions-"+d.ID[:2]+".jsonl: empty")) {
			t.Errorf("her decisions file %s: refused %v", step.what, rep.Refused)
		}
	}
	later(time.Millisecond)
	rep := syncOnce(t, eb)
	want(0, "her decisions file gone at two reads the wait apart")
	if len(rep.Arrived) != 1 || len(rep.Arrived[0].Docs) != 1 {
		t.Errorf("bilal's sync that withdrew them: arrived %+v, want alice's article", rep.Arrived)
	}
}

// laterClock sets the clock a gone decisions file is timed by
// (goneClock), and the one a gone colleague's folder is timed by beside it
// (bootClock), to ones that move only when the function it gives is
// called, by that much.
func laterClock(t *testing.T) func(time.Duration) {
	set, boot := wallClock(t)
	return func(d time.Duration) { set(d); boot(d) }
}

// wallClock is laterClock with the two clocks moved apart: the first
// function it gives moves the wall clock (goneClock), as a user or NTP
// setting it does, the second bootClock, as time passing does.
func wallClock(t *testing.T) (wall, boot func(time.Duration)) {
	at := time.Now()
	b := bootStamp{Boot: "test", NS: 1}
	old, oldBoot := goneClock, bootClock
	goneClock = func() time.Time { return at }
	bootClock = func() bootStamp { return b }
	t.Cleanup(func() { goneClock, bootClock = old, oldBoot })
	return func(d time.Duration) { at = at.Add(d) }, func(d time.Duration) { b.NS += int64(d) }
}

// alice's decisions file gone at two reads a moment apart, the wall clock
// set an hour forward between them (by hand, or corrected after a
// suspend), withdraws none of her decisions from bilal's store: the wait
// is measured on bootClock too, as a colleague's folder gone is (left.go).
// It withdrew them all at the second read.
func TestColleagueDecisionsFileGoneClockSetForward(t *testing.T) {
	wall, boot := wallClock(t)
	_, b, ea, eb, d, _, _ := aliceReviews(t)
	syncOnce(t, eb)
	decisions := func() int {
		t.Helper()
		got, err := b.Decisions(d.ID)
		if err != nil {
			t.Fatal(err)
		}
		return len(got)
	}
	if n := decisions(); n != 2 {
		t.Fatalf("alice's decisions in bilal's store: %d, want 2", n)
	}
	if err := os.Remove(filepath.Join(ea.ownDir(), "decisions-"+d.ID[:2]+".jsonl")); err != nil {
		t.Fatal(err)
	}
	syncOnce(t, eb)
	wall(time.Hour)
	boot(time.Millisecond)
	syncOnce(t, eb)
	if n := decisions(); n != 2 {
		t.Fatalf("a read a moment after the first, the wall clock set an hour on: %d of her decisions left, want 2", n)
	}
	if !eb.awaitsGone() {
		t.Errorf("the engine does not await a second read of her decisions file")
	}
	boot(decisionsGoneWait)
	syncOnce(t, eb)
	if n := decisions(); n != 0 {
		t.Errorf("a read the wait after the first by both clocks: %d of her decisions left, want 0", n)
	}
}
