package team

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
)

// bucketOfThree adds to st three articles whose IDs share their first two
// hex digits, so that one file of each kind holds alice's work on all
// three; sorted by ID, as her files list them.
func bucketOfThree(t *testing.T, st *store.Store) []*annotate.Document {
	t.Helper()
	by := map[string][]string{}
	for i := 0; ; i++ {
		text := fmt.Sprintf("Article %d. Kakar said the border will stay closed until talks resume.", i)
		xx := annotate.DocID(text)[:2]
		by[xx] = append(by[xx], text)
		if len(by[xx]) == 3 {
			var docs []*annotate.Document
			for j, text := range by[xx] {
				docs = append(docs, addDoc(t, st, text, fmt.Sprintf("Article %d", j)))
			}
			slices.SortFunc(docs, func(a, b *annotate.Document) int { return strings.Compare(a.ID, b.ID) })
			return docs
		}
	}
}

// cutTeam is alice's store and bilal's on one folder, three articles of
// one bucket in both, alice's two spans on each and, where decide, her two
// review decisions on each, all arrived in bilal's store.
func cutTeam(t *testing.T, decide bool) (a, b *store.Store, ea, eb *Engine, docs []*annotate.Document) {
	t.Helper()
	ctx := context.Background()
	folder := t.TempDir()
	a, b = openStore(t, t.TempDir()), openStore(t, t.TempDir())
	ea, eb = open(t, a, folder, "alice"), open(t, b, folder, "bilal")
	docs = bucketOfThree(t, a)
	for _, d := range docs {
		s1 := addSpan(t, a, d, "alice", "actor", 11, 16)
		s2 := addSpan(t, a, d, "alice", "claim", 17, 40)
		addSpan(t, a, d, annotate.CuratedLayer, "actor", 11, 16)
		if decide {
			decs := []*annotate.Decision{
				{Doc: d.ID, Span: s1.ID, Reviewer: "alice", Verdict: annotate.VerdictAccept, At: annotate.NowMillis()},
				{Doc: d.ID, Span: s2.ID, Reviewer: "alice", Verdict: annotate.VerdictReject, At: annotate.NowMillis()},
			}
			if err := a.ReplaceDecisions(ctx, d.ID, "alice", decs); err != nil {
				t.Fatal(err)
			}
		}
	}
	syncOnce(t, ea)
	syncOnce(t, eb)
	return a, b, ea, eb, docs
}

// decisionsIn counts alice's decisions in st on each of docs.
func decisionsIn(t *testing.T, st *store.Store, docs []*annotate.Document) []int {
	t.Helper()
	var out []int
	for _, d := range docs {
		got, err := st.Decisions(d.ID)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, len(got))
	}
	return out
}

// firstLines is b up to the end of its nth line.
func firstLines(b []byte, n int) []byte {
	off := 0
	for i := 0; i < n; i++ {
		off += bytes.IndexByte(b[off:], '\n') + 1
	}
	return b[:off]
}

// alice's decisions file, shown by a sync engine copying it in place or
// by git's checkout cut at the end of a line, withdraws none of her
// decisions on the articles cut off (each read at once and again the wait
// later but one millisecond); her own withdrawal goes: on an article
// before the file's last at once, at its end once the same file is read
// again the wait later, or at once where her next version is not the
// first with lines added or cut at its end.
func TestColleagueDecisionsFileCutAtALineEnd(t *testing.T) {
	later := laterClock(t)
	ctx := context.Background()
	a, b, ea, eb, docs := cutTeam(t, true)
	want := func(when string, n ...int) {
		t.Helper()
		if got := decisionsIn(t, b, docs); !slices.Equal(got, n) {
			t.Errorf("%s: alice's decisions in bilal's store on her three articles %v, want %v", when, got, n)
		}
	}
	want("after her review arrived", 2, 2, 2)
	p := filepath.Join(ea.ownDir(), "decisions-"+docs[0].ID[:2]+".jsonl")
	whole, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(whole, []byte{'\n'}); n != 6 {
		t.Fatalf("her decisions file holds %d lines, want 6", n)
	}
	i := 0
	show := func(what string, c []byte) {
		t.Helper()
		i++
		showCopy(t, p, c, i)
		syncOnce(t, eb)
	}
	for _, k := range []int{4, 3, 1, 5} {
		what := fmt.Sprintf("cut after line %d", k)
		show(what, firstLines(whole, k))
		want(what, 2, 2, 2)
		later(decisionsGoneWait - time.Millisecond)
		syncOnce(t, eb)
		want(what+", read again the wait later but a millisecond", 2, 2, 2)
		show("whole again", whole)
		want("whole again", 2, 2, 2)
	}

	// Her own withdrawals (her decisions on article d gone, or made
	// rejects), each followed by bilal's sync after the clock moved on by
	// wait; the second half: a withdrawal at the end, then another version
	// that is not the first cut or grown confirms it without the wait.
	for _, step := range []struct {
		what    string
		d       int
		rejects bool
		wait    time.Duration
		n       []int
	}{
		{"her decisions on the middle article withdrawn", 1, false, 0, []int{2, 0, 2}},
		{"her decisions on the last article withdrawn: read once", 2, false, 0, []int{2, 0, 2}},
		{"read again the wait later but a millisecond", -1, false, decisionsGoneWait - time.Millisecond, []int{2, 0, 2}},
		{"read again the wait later", -1, false, time.Millisecond, []int{2, 0, 0}},
		{"her decisions on the last article again", 2, true, 0, []int{2, 0, 2}},
		{"withdrawn again: read once", 2, false, 0, []int{2, 0, 2}},
		{"withdrawn again, then her first article's decisions changed", 0, true, 0, []int{2, 0, 0}},
	} {
		if step.d >= 0 {
			d := docs[step.d]
			var decs []*annotate.Decision
			if step.rejects {
				sp, err := a.LayerSpans(d.ID, "alice")
				if err != nil || len(sp) != 2 {
					t.Fatal(sp, err)
				}
				for _, s := range sp {
					decs = append(decs, &annotate.Decision{Doc: d.ID, Span: s.ID, Reviewer: "alice", Verdict: annotate.VerdictReject, At: annotate.NowMillis()})
				}
			}
			if err := a.ReplaceDecisions(ctx, d.ID, "alice", decs); err != nil {
				t.Fatal(err)
			}
			ea.Changed(d.ID)
			if _, err := ea.Publish(ctx); err != nil {
				t.Fatal(err)
			}
		}
		later(step.wait)
		syncOnce(t, eb)
		want(step.what, step.n...)
	}
	got, err := b.Decisions(docs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range got {
		if x.Verdict != annotate.VerdictReject {
			t.Errorf("her changed decision on span %s in bilal's store: %s, want reject", x.Span, x.Verdict)
		}
	}
}

// A colleague's layer file and curated layer file shown cut at the end of
// a line leave their layers on the articles cut off as they were: an
// article's layer is replaced only by a line of it.
func TestColleagueLayerFilesCutAtALineEnd(t *testing.T) {
	_, b, ea, eb, docs := cutTeam(t, false)
	for _, layer := range []string{"alice", annotate.CuratedBy("alice")} {
		name := docs[0].ID[:2] + ".jsonl"
		if layer != "alice" {
			name = "curated-" + name
		}
		p := filepath.Join(ea.ownDir(), name)
		whole, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if n := bytes.Count(whole, []byte{'\n'}); n != 3 {
			t.Fatalf("%s holds %d lines, want 3", name, n)
		}
		spans := func() []int {
			var out []int
			for _, d := range docs {
				sp, err := b.LayerSpans(d.ID, layer)
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, len(sp))
			}
			return out
		}
		had := spans()
		if slices.Contains(had, 0) {
			t.Fatalf("%s's spans in bilal's store before: %v", layer, had)
		}
		for i, k := range []int{2, 1, 1, 2, 3} {
			showCopy(t, p, firstLines(whole, k), i)
			rep := syncOnce(t, eb)
			if got := spans(); !slices.Equal(got, had) || len(rep.Refused) > 0 {
				t.Errorf("%s cut after line %d: %s's spans in bilal's store %v, want %v (refused %v)", name, k, layer, got, had, rep.Refused)
			}
		}
	}
}

// A running window whose read of alice's decisions file lacked her
// decisions at its end reads it again the wait later, not at its rescan,
// and her withdrawal there leaves bilal's store then.
func TestRunWithdrawsDecisionsAtTheirFileEnd(t *testing.T) {
	defer func(w time.Duration) { decisionsGoneWait = w }(decisionsGoneWait)
	decisionsGoneWait = 200 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	a, b, ea, eb, docs := cutTeam(t, true)
	done := make(chan struct{})
	go func() {
		defer close(done)
		eb.Run(ctx, RunOptions{Rescan: time.Hour}, func(*Report, error) {})
	}()
	defer func() { cancel(); <-done }()
	if err := a.ReplaceDecisions(ctx, docs[2].ID, "alice", nil); err != nil {
		t.Fatal(err)
	}
	ea.Changed(docs[2].ID)
	if _, err := ea.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 20*time.Second, func() bool { return slices.Equal(decisionsIn(t, b, docs), []int{2, 2, 0}) }, func() {
		t.Fatalf("alice's decisions on the last article of her file, withdrawn, still in bilal's store: %v", decisionsIn(t, b, docs))
	})
}

// bilal's sync killed while it withdraws alice's decisions on two articles
// (after the first) leaves his store sound, each article with all of her
// decisions there or none, and the next sync withdraws the rest.
func TestColleagueWithdrawalKilled(t *testing.T) {
	ctx := context.Background()
	a, b, ea, eb, docs := cutTeam(t, true)
	for _, d := range docs[:2] {
		if err := a.ReplaceDecisions(ctx, d.ID, "alice", nil); err != nil {
			t.Fatal(err)
		}
		ea.Changed(d.ID)
	}
	if _, err := ea.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	dirB, folder := b.Dir(), eb.Dir()
	b.Close()
	cmd := startChild(t, "sync-killed-withdrawing", dirB, folder, "bilal", "")
	cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("bilal's sync was not killed withdrawing: %v", cmd.ProcessState)
	}
	b = openStore(t, dirB)
	checkSound(t, b, "after the kill")
	if got := decisionsIn(t, b, docs); !slices.Equal(got, []int{0, 2, 2}) {
		t.Errorf("after the kill: alice's decisions in bilal's store %v, want [0 2 2] (the first article's withdrawn)", got)
	}
	syncOnce(t, open(t, b, folder, "bilal"))
	if got := decisionsIn(t, b, docs); !slices.Equal(got, []int{0, 0, 2}) {
		t.Errorf("after the sync that followed: alice's decisions in bilal's store %v, want [0 0 2]", got)
	}
	checkSound(t, b, "after the sync that followed the kill")
}

// Her decisions on her last article withdrawn (the read may be a copy cut
// there), read again a moment later with the wall clock set an hour
// forward in between, stay in bilal's store: the same read is confirmed
// only once the wait is over on bootClock too. It withdrew them at the
// second read.
func TestColleagueDecisionsFileCutClockSetForward(t *testing.T) {
	wall, boot := wallClock(t)
	ctx := context.Background()
	a, b, ea, eb, docs := cutTeam(t, true)
	if err := a.ReplaceDecisions(ctx, docs[2].ID, "alice", nil); err != nil {
		t.Fatal(err)
	}
	ea.Changed(docs[2].ID)
	if _, err := ea.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	syncOnce(t, eb)
	wall(time.Hour)
	boot(time.Millisecond)
	syncOnce(t, eb)
	if got := decisionsIn(t, b, docs); !slices.Equal(got, []int{2, 2, 2}) {
		t.Fatalf("read again a moment later, the wall clock set an hour on: alice's decisions %v, want [2 2 2]", got)
	}
	if !eb.awaitsGone() {
		t.Errorf("the engine does not await a second read of her decisions file")
	}
	boot(decisionsGoneWait)
	syncOnce(t, eb)
	if got := decisionsIn(t, b, docs); !slices.Equal(got, []int{2, 2, 0}) {
		t.Errorf("read again the wait later by both clocks: alice's decisions %v, want [2 2 0]", got)
	}
}
