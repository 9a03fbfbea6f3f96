package team

import (
	"context"
	"runtime"
	"sync"
	"syscall"
	"testing"
)

// niceOf is the nice value of the calling goroutine's thread (the kernel's
// getpriority gives 20 - nice).
func niceOf(t *testing.T) int {
	t.Helper()
	p, err := syscall.Getpriority(syscall.PRIO_PROCESS, syscall.Gettid())
	if err != nil {
		t.Fatal(err)
	}
	return 20 - p
}

// A first sync reads its buckets on threads of lower priority, which end
// with them: the window's thread (here the test's) keeps its own, and so
// does every thread of the program once the sync is over.
func TestPullReadsInTheBackground(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	mine := niceOf(t)
	if mine >= backgroundNice {
		t.Skipf("the test runs at nice %d already", mine)
	}
	var (
		mu     sync.Mutex // the hook runs on the pipeline's goroutines
		during []int
	)
	defer func() { bucketHook = nil }()
	bucketHook = func(string) {
		mu.Lock()
		defer mu.Unlock()
		during = append(during, niceOf(t))
	}
	folder := t.TempDir()
	genFolder(t, folder, 2, 20, 3)
	e := open(t, openStore(t, t.TempDir()), folder, "reader")
	if _, err := e.Pull(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(during) == 0 {
		t.Fatal("no bucket was read")
	}
	for _, n := range during {
		if n != backgroundNice {
			t.Errorf("a bucket read at nice %d, want %d", n, backgroundNice)
		}
	}
	if n := niceOf(t); n != mine {
		t.Errorf("the test's thread at nice %d after the sync, want its %d", n, mine)
	}
	// Goroutines started now, on whatever threads the program has, run at
	// the program's priority: no thread of the sync's is left lowered.
	var wg sync.WaitGroup
	seen := make([]int, 4*runtime.GOMAXPROCS(0))
	for i := range seen {
		wg.Go(func() {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			seen[i] = niceOf(t)
		})
	}
	wg.Wait()
	for _, n := range seen {
		if n != mine {
			t.Errorf("a thread at nice %d after the sync, want %d", n, mine)
		}
	}
}
