package team

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// Run with the window's options picks up what another process wrote.
func TestRunPicksUpAnotherProcess(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	folder, dirB := t.TempDir(), t.TempDir()
	a := openStore(t, t.TempDir())
	ea := open(t, a, folder, "alice")
	d := addDoc(t, a, kakar, "Pakistan Blames Afghanistan")
	s := addSpan(t, a, d, "alice", "actor", 25, 43)
	var mu sync.Mutex
	var reports []*Report
	done := make(chan struct{})
	go func() {
		defer close(done)
		ea.Run(ctx, RunOptions{}, func(rep *Report, err error) {
			mu.Lock()
			reports = append(reports, rep)
			mu.Unlock()
		})
	}()
	defer func() { cancel(); <-done }()
	cmd := startChild(t, "answer", dirB, folder, "bilal", s.ID)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("bilal's process: %v", err)
	}
	start := time.Now()
	waitFor(t, 10*time.Second, func() bool { _, err := a.Span("answer-" + s.ID); return err == nil }, func() {
		t.Fatalf("bilal's answer did not arrive in a running engine")
	})
	t.Logf("arrived %v after the other process wrote it", time.Since(start).Round(time.Millisecond))
}

// A folder that sends no events for a colleague's work (a network drive
// where another machine wrote) is found out by the first arrival no event
// announced, and read every FastRescan from then on.
func TestRunFindsAFolderThatSendsNoEvents(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	folder, dirB := t.TempDir(), t.TempDir()
	a := openStore(t, t.TempDir())
	ea := open(t, a, folder, "alice")
	d := addDoc(t, a, kakar, "Pakistan Blames Afghanistan")
	s := addSpan(t, a, d, "alice", "actor", 25, 43)
	var mu sync.Mutex
	var reports []*Report
	done := make(chan struct{})
	go func() {
		defer close(done)
		ea.Run(ctx, RunOptions{deaf: true, slow: 300 * time.Millisecond}, func(rep *Report, err error) {
			if err != nil {
				t.Errorf("run: %v", err)
			}
			mu.Lock()
			reports = append(reports, rep)
			mu.Unlock()
		})
	}()
	defer func() { cancel(); <-done }()
	waitFor(t, 10*time.Second, func() bool { mu.Lock(); defer mu.Unlock(); return len(reports) > 0 }, func() {
		t.Fatal("no first pass")
	})
	mu.Lock()
	if reports[0].Polled {
		t.Errorf("a local folder that can be watched is polled from the start")
	}
	mu.Unlock()
	cmd := startChild(t, "answer", dirB, folder, "bilal", s.ID)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("bilal's process: %v", err)
	}
	waitFor(t, 10*time.Second, func() bool { _, err := a.Span("answer-" + s.ID); return err == nil }, func() {
		t.Fatalf("bilal's answer did not arrive by the rescan")
	})
	waitFor(t, 10*time.Second, func() bool {
		mu.Lock()
		defer mu.Unlock()
		last := reports[len(reports)-1]
		return len(last.Arrived) > 0
	}, func() { t.Fatal("the arrival was not reported") })
	mu.Lock()
	defer mu.Unlock()
	if last := reports[len(reports)-1]; !last.Polled {
		t.Errorf("after an arrival no event announced, the folder is still read only every 300 ms, not every %v", FastRescan)
	}
}

// A running engine that finds a colleague's decisions file gone reads the
// folder again once decisionsGoneWait is over, with no event and long
// before its rescan, and withdraws the decisions then.
func TestRunWithdrawsDecisionsOnceTheirFileStaysGone(t *testing.T) {
	defer func(w time.Duration) { decisionsGoneWait = w }(decisionsGoneWait)
	decisionsGoneWait = 200 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	_, b, ea, eb, d, _, _ := aliceReviews(t)
	syncOnce(t, eb)
	done := make(chan struct{})
	go func() {
		defer close(done)
		eb.Run(ctx, RunOptions{Rescan: time.Hour}, func(*Report, error) {})
	}()
	defer func() { cancel(); <-done }()
	if err := os.Remove(filepath.Join(ea.ownDir(), "decisions-"+d.ID[:2]+".jsonl")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 20*time.Second, func() bool { decs, err := b.Decisions(d.ID); return err == nil && len(decs) == 0 }, func() {
		t.Fatalf("alice's decisions, their file gone for good, are still in bilal's store")
	})
}

// A decisions file found gone long ago, to which no read came since (its
// colleague's whole folder removed), no longer has a running engine read
// the folder at every decisionsGoneWait: only at its rescan.
func TestRunStopsAwaitingAGoneDecisionsFileNoReadReaches(t *testing.T) {
	later := laterClock(t)
	_, _, ea, eb, d, _, _ := aliceReviews(t)
	syncOnce(t, eb)
	if err := os.Remove(filepath.Join(ea.ownDir(), "decisions-"+d.ID[:2]+".jsonl")); err != nil {
		t.Fatal(err)
	}
	syncOnce(t, eb)
	if !eb.awaitsGone() {
		t.Fatal("bilal's engine, alice's decisions file just found gone: not awaiting it")
	}
	if err := os.RemoveAll(filepath.Join(eb.Dir(), "layers", "alice")); err != nil {
		t.Fatal(err)
	}
	later(decisionsGoneWait)
	syncOnce(t, eb)
	later(2 * decisionsGoneWait)
	if eb.awaitsGone() {
		t.Error("bilal's engine still reads the folder at every wait for a file in a folder gone long ago")
	}
}
