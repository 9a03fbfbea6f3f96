package team

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
)

// alice's store holds her layer on an article stamped 9999 (an older skein
// took it in): her sync would write it into the folder, where bilal's
// skein refuses the file whole, and her work in it would reach no one with
// a message naming a time she cannot see. Her sync now holds that file
// back, the folder's copy as it was, writes the rest, and says which file,
// what in it and the command; bilal refuses nothing. After skein check
// -repair-times her next sync writes it and bilal reads her work.
func TestFarLayerTimeHeldBack(t *testing.T) {
	ctx := context.Background()
	a, b, ea, eb, d := aliceAndBilal(t)
	other := addDoc(t, a, "Kabul denied the claim on Tuesday.\n", "Kabul Denies")
	if layerFiles(d.ID).layer == layerFiles(other.ID).layer {
		t.Fatal("the test needs the two articles in two buckets")
	}
	addSpan(t, a, d, "alice", "actor", 25, 47)
	addSpan(t, a, other, "alice", "actor", 0, 5)
	syncOnce(t, ea)
	syncOnce(t, eb)
	bucket := filepath.Join(ea.ownDir(), layerFiles(d.ID).layer)
	before, err := os.ReadFile(bucket)
	if err != nil {
		t.Fatal(err)
	}
	// Her layer on d stamped 9999, as an older skein took it in (an edit
	// there would stamp it now); a span more on the other article since.
	if _, err := a.WriteBatch(ctx, &store.Batch{Stamps: []store.LayerStamp{{Doc: d.ID, Annotator: "alice", Modified: 253402300799999}}}); err != nil {
		t.Fatal(err)
	}
	addSpan(t, a, other, "alice", "claim", 6, 12)
	rep := syncOnce(t, ea)
	if len(rep.Unwritten) != 1 {
		t.Fatalf("alice's sync: held back %q, want her layer file on %s", rep.Unwritten, d.ID)
	}
	msg := rep.Unwritten[0]
	for _, want := range []string{layerFiles(d.ID).layer + " was not written to the team folder", "article " + d.ID, "9999-12-31 23:59:59 UTC", "skein check -repair-times"} {
		if !strings.Contains(msg, want) {
			t.Errorf("alice's sync says %q; want it to say %q", msg, want)
		}
	}
	if !strings.Contains(rep.Summary(), "held back 1 file of your work") {
		t.Errorf("summary %q does not say a file was held back", rep.Summary())
	}
	if now, err := os.ReadFile(bucket); err != nil || string(now) != string(before) {
		t.Errorf("the folder's copy of the held-back file: %v; want it as it was", err)
	}
	rep = syncOnce(t, eb)
	if len(rep.Refused) != 0 {
		t.Errorf("bilal's sync: refused %v, want nothing", rep.Refused)
	}
	if n, _ := b.LayerSpans(other.ID, "alice"); len(n) != 2 {
		t.Errorf("alice's other article in bilal's store: %d spans, want both (its file written)", len(n))
	}
	// Held back at every sync until repaired, and said again.
	if rep := syncOnce(t, ea); len(rep.Unwritten) != 1 {
		t.Errorf("alice's next sync: held back %q, want the file still", rep.Unwritten)
	}
	if n, err := a.RepairTimes(ctx); err != nil || n != 1 {
		t.Fatalf("repair: %d, %v; want her layer's time", n, err)
	}
	if rep := syncOnce(t, ea); len(rep.Unwritten) != 0 {
		t.Errorf("alice's sync after the repair: held back %q, want nothing", rep.Unwritten)
	}
	if rep := syncOnce(t, eb); len(rep.Refused) != 0 {
		t.Errorf("bilal's sync after the repair: refused %v", rep.Refused)
	}
	if got, want := export(t, b, "alice"), export(t, a, "alice"); got != want {
		t.Errorf("alice's layer in bilal's store after the repair:\n%s\nwant\n%s", got, want)
	}
}

// A thread created in 9999 holds back threads.jsonl; a span created in
// 9999 the layer file it is in.
func TestFarThreadAndSpanTimesHeldBack(t *testing.T) {
	ctx := context.Background()
	a, _, ea, _, d := aliceAndBilal(t)
	sp := addSpan(t, a, d, "alice", "actor", 25, 47)
	th := annotate.NewThread("alice", "Kakar", sp)
	if err := a.Apply(ctx, th); err != nil {
		t.Fatal(err)
	}
	far := *th.Threads[0].After
	far.Created, far.Modified = 253402300799999, 253402300799999
	farSpan := &annotate.Span{ID: annotate.NewID(), Doc: d.ID, Label: "claim", Annotator: "alice", Fragments: []annotate.Fragment{{Start: 48, End: 56}}, Created: 253402300799999}
	if _, err := a.WriteBatch(ctx, &store.Batch{Threads: []*annotate.Thread{&far}, Spans: []*annotate.Span{farSpan}}); err != nil {
		t.Fatal(err)
	}
	rep := syncOnce(t, ea)
	got := strings.Join(rep.Unwritten, "\n")
	if len(rep.Unwritten) != 2 || !strings.Contains(got, "threads.jsonl was not written") || !strings.Contains(got, "span "+farSpan.ID) {
		t.Fatalf("alice's sync: held back\n%s\nwant threads.jsonl and the layer file with span %s", got, farSpan.ID)
	}
	for _, name := range []string{"threads.jsonl", layerFiles(d.ID).layer} {
		if _, err := os.Stat(filepath.Join(ea.ownDir(), name)); !os.IsNotExist(err) {
			t.Errorf("%s in the folder: %v, want it not written", name, err)
		}
	}
}

// In the window (Run), a repair of the times served by the window itself
// (skein check -repair-times) names no document that changed: the
// held-back file is tried again at each rescan, written once repaired, and
// a report says so with nothing held back any more.
func TestRunWritesAHeldBackFileOnceRepaired(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	a, _, ea, _, d := aliceAndBilal(t)
	addSpan(t, a, d, "alice", "actor", 25, 47)
	if _, err := a.WriteBatch(ctx, &store.Batch{Stamps: []store.LayerStamp{{Doc: d.ID, Annotator: "alice", Modified: 253402300799999}}}); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var reports []*Report
	done := make(chan struct{})
	go func() {
		defer close(done)
		ea.Run(ctx, RunOptions{Rescan: 100 * time.Millisecond}, func(rep *Report, err error) {
			if err != nil {
				t.Errorf("run: %v", err)
			}
			mu.Lock()
			reports = append(reports, rep)
			mu.Unlock()
		})
	}()
	defer func() { cancel(); <-done }()
	last := func() *Report {
		mu.Lock()
		defer mu.Unlock()
		if len(reports) == 0 {
			return nil
		}
		return reports[len(reports)-1]
	}
	waitFor(t, 10*time.Second, func() bool { r := last(); return r != nil && len(r.Unwritten) == 1 }, func() {
		t.Fatalf("no report of the held-back file: %+v", last())
	})
	if n, err := a.RepairTimes(ctx); err != nil || n != 1 {
		t.Fatalf("repair: %d, %v", n, err)
	}
	name := layerFiles(d.ID).layer
	waitFor(t, 10*time.Second, func() bool {
		r := last()
		return r != nil && len(r.Unwritten) == 0 && slices.Contains(r.Written, name)
	}, func() {
		t.Fatalf("after the repair, the running engine did not write %s: last report %+v", name, last())
	})
	if _, err := os.Stat(filepath.Join(ea.ownDir(), name)); err != nil {
		t.Errorf("%s in the folder after the repair: %v", name, err)
	}
}

// TestFarLayerTimeUntitledNamed: a held-back file on an article without
// a title named it `article ID ("")`; it is named by its opening words,
// as the window and skein list show it.
func TestFarLayerTimeUntitledNamed(t *testing.T) {
	a, _, ea, _, _ := aliceAndBilal(t)
	d := addDoc(t, a, "Kabul denied the claim on Tuesday.\n", "")
	addSpan(t, a, d, "alice", "actor", 0, 5)
	if _, err := a.WriteBatch(context.Background(), &store.Batch{Stamps: []store.LayerStamp{{Doc: d.ID, Annotator: "alice", Modified: 253402300799999}}}); err != nil {
		t.Fatal(err)
	}
	rep := syncOnce(t, ea)
	if want := "article " + d.ID + " (no title) “Kabul denied the claim on Tuesday.”"; len(rep.Unwritten) != 1 || !strings.Contains(rep.Unwritten[0], want) {
		t.Errorf("alice's sync held back %q; want the article named %q", rep.Unwritten, want)
	}
}
