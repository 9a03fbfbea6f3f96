package team

import (
	"context"
	"runtime"
	"sync"
	"testing"
)

// A pull that reads something runs with a processor to spare for the
// window's keys, and puts back what was set when it ends, whether it
// brought everything or was cancelled part-way; two pulls at once put it
// back when the last ends, and a pull with nothing new leaves it alone.
func TestPullSparesAProcessor(t *testing.T) {
	const set = 3 // as GOMAXPROCS=3 would
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(set))
	var (
		mu     sync.Mutex // the hook runs on the pipeline's goroutines
		during []int
		cancel func()
	)
	defer func() { bucketHook = nil }()
	bucketHook = func(string) {
		mu.Lock()
		defer mu.Unlock()
		during = append(during, runtime.GOMAXPROCS(0))
		if cancel != nil {
			cancel()
		}
	}
	check := func(when string, err error) {
		t.Helper()
		mu.Lock()
		defer mu.Unlock()
		if len(during) == 0 {
			t.Fatalf("%s: no bucket was read (%v)", when, err)
		}
		for _, n := range during {
			if n != set+spareProcs {
				t.Errorf("%s: %d processors as a bucket was read, want %d", when, n, set+spareProcs)
			}
		}
		during = nil
		if n := runtime.GOMAXPROCS(0); n != set {
			t.Errorf("after %s: %d processors, want the %d set", when, n, set)
		}
	}
	folder := t.TempDir()
	genFolder(t, folder, 2, 20, 3)
	ctx := context.Background()
	e := open(t, openStore(t, t.TempDir()), folder, "reader")
	_, err := e.Pull(ctx)
	if err != nil {
		t.Fatal(err)
	}
	check("a first sync", err)

	if _, err := e.Pull(ctx); err != nil {
		t.Fatal(err)
	}
	if n := runtime.GOMAXPROCS(0); n != set || len(during) != 0 {
		t.Errorf("a pull with nothing new: %d processors after, %d buckets read", n, len(during))
	}

	cancelled, stop := context.WithCancel(ctx)
	defer stop()
	cancel = stop // the first bucket read cancels the pull
	e2 := open(t, openStore(t, t.TempDir()), folder, "reader")
	if _, err = e2.Pull(cancelled); err == nil {
		t.Fatal("a pull cancelled part-way succeeded")
	}
	check("a pull cancelled part-way", err)
	cancel = nil

	// Two at once: the second takes no more, the first to end puts
	// nothing back.
	r1 := syncProcs()
	r2 := syncProcs()
	if n := runtime.GOMAXPROCS(0); n != set+spareProcs {
		t.Errorf("two pulls at once: %d processors, want %d", n, set+spareProcs)
	}
	r1()
	r1() // twice: counted once
	if n := runtime.GOMAXPROCS(0); n != set+spareProcs {
		t.Errorf("one pull of two left: %d processors, want %d", n, set+spareProcs)
	}
	r2()
	if n := runtime.GOMAXPROCS(0); n != set {
		t.Errorf("after two pulls at once: %d processors, want the %d set", n, set)
	}
}
