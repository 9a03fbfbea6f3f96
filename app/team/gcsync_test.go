package team

import (
	"context"
	"runtime/debug"
	"runtime/metrics"
	"testing"
)

// A first sync runs the collector when the memory has grown by the
// headroom, not each time the small live heap doubles: at 10 colleagues ×
// 2,000 articles it allocates some hundreds of MB over a live heap of tens,
// which the default collected in a cycle every few tens of MB.
func TestFirstSyncCollectsLess(t *testing.T) {
	if testing.Short() {
		t.Skip("a folder of 200,000 spans")
	}
	folder := t.TempDir()
	genFolder(t, folder, 10, 2000, 10)
	e := open(t, openStore(t, t.TempDir()), folder, "reader")
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}, {Name: "/gc/cycles/total:gc-cycles"}}
	metrics.Read(s)
	a0, c0 := s[0].Value.Uint64(), s[1].Value.Uint64()
	heap := heapPeak()
	base := goMemory()
	rep, err := e.Pull(context.Background())
	peak, _ := heap()
	if err != nil || len(rep.Refused) > 0 {
		t.Fatalf("pull: %v %v", err, rep.Refused)
	}
	metrics.Read(s)
	alloc, cycles := s[0].Value.Uint64()-a0, s[1].Value.Uint64()-c0
	t.Logf("%d MB allocated, %d collections, heap at most %d MB (%d MB needed at the start)", alloc>>20, cycles, peak>>20, base>>20)
	if alloc < syncHeadroom {
		t.Fatalf("the sync allocated %d MB: too little to tell", alloc>>20)
	}
	// The headroom is used up once per cycle at the most; one more for
	// the cycle under way at the start.
	if want := alloc/syncHeadroom + 2; cycles > want {
		t.Errorf("%d collections for %d MB allocated: want %d at most", cycles, alloc>>20, want)
	}
	// … and the heap stays within the headroom above what the store and
	// the folder's setup left live, not above what the runtime kept.
	if limit := uint64(base) + syncHeadroom + 16<<20; peak > limit {
		t.Errorf("heap reached %d MB, above the %d MB live at the start + %d MB", peak>>20, base>>20, syncHeadroom>>20)
	}
}

// What the window set (its GOGC of 50, a memory limit) is back after a
// pull, whether it read something, failed or had nothing to read; two
// pulls at once put it back when the last ends.
func TestPullRestoresCollector(t *testing.T) {
	const percent, limit = 50, 3 << 30
	defer debug.SetGCPercent(debug.SetGCPercent(percent))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(limit))
	check := func(when string) {
		t.Helper()
		if p := debug.SetGCPercent(percent); p != percent {
			t.Errorf("%s: GC percent %d, want %d", when, p, percent)
		}
		if l := debug.SetMemoryLimit(-1); l != limit {
			t.Errorf("%s: memory limit %d, want %d", when, l, int64(limit))
		}
	}
	folder := t.TempDir()
	genFolder(t, folder, 2, 20, 3)
	e := open(t, openStore(t, t.TempDir()), folder, "reader")
	ctx := context.Background()
	if _, err := e.Pull(ctx); err != nil {
		t.Fatal(err)
	}
	check("after a first sync")
	if _, err := e.Pull(ctx); err != nil {
		t.Fatal(err)
	}
	check("after a pull with nothing new")
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	e2 := open(t, openStore(t, t.TempDir()), folder, "reader")
	if _, err := e2.Pull(cancelled); err == nil {
		t.Fatal("a cancelled pull into a fresh store succeeded")
	}
	check("after a failed pull")

	// While held, the collector waits for the limit; a second hold
	// keeps it until both end.
	r1 := syncMemory()
	if p := debug.SetGCPercent(-1); p != -1 {
		t.Errorf("during a pull: GC percent %d, want off", p)
	}
	if l := debug.SetMemoryLimit(-1); l > limit || l < syncHeadroom {
		t.Errorf("during a pull: memory limit %d, want between %d and %d", l, syncHeadroom, int64(limit))
	}
	r2 := syncMemory()
	r1()
	r1() // twice: counted once
	if p := debug.SetGCPercent(-1); p != -1 {
		t.Errorf("with one pull of two left: GC percent %d, want off", p)
	}
	r2()
	check("after two pulls at once")
}

// A live heap that outgrows the headroom raises the limit to twice itself
// (the default's pace), never above a lower limit set before.
func TestSyncLimitFollowsLiveHeap(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(8 << 30))
	restore := syncMemory()
	defer restore()
	gcHold.Lock()
	setSyncLimit(1 << 30)
	gcHold.Unlock()
	if l := debug.SetMemoryLimit(-1); l != 2<<30+syncFloor {
		t.Errorf("live heap 1 GB: limit %d, want %d", l, int64(2<<30+syncFloor))
	}
	gcHold.Lock()
	setSyncLimit(5 << 30)
	gcHold.Unlock()
	if l := debug.SetMemoryLimit(-1); l != 8<<30 {
		t.Errorf("live heap 5 GB under a limit of 8 GB set before: limit %d, want %d", l, int64(8<<30))
	}
}
