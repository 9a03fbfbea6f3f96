package team

import (
	"context"
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
