package team

import (
	"context"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

// A first sync runs the collector when the memory has grown by the
// headroom over what was live at its start, not each time the small live
// heap doubles: at 10 colleagues × 2,000 articles it allocates some
// hundreds of MB over a live heap of tens, which the default pace collected
// in a cycle every few tens of MB (19 cycles for ~280 MB). The same pull
// into a second store at the default pace is the measure: the sync's own
// pace must run at most a third as many cycles, and its heap stay within
// the headroom above what was live at the start.
func TestFirstSyncCollectsLess(t *testing.T) {
	if testing.Short() {
		t.Skip("a folder of 200,000 spans")
	}
	folder := t.TempDir()
	genFolder(t, folder, 10, 2000, 10)
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	pull := func(less bool) (alloc, cycles, peak, base uint64) {
		collectLess = less
		defer func() { collectLess = true }()
		e := open(t, openStore(t, t.TempDir()), folder, "reader")
		runtime.GC()
		s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}, {Name: "/gc/cycles/total:gc-cycles"}}
		metrics.Read(s)
		a0, c0 := s[0].Value.Uint64(), s[1].Value.Uint64()
		heap := heapPeak()
		base = readGC().live
		rep, err := e.Pull(context.Background())
		peak, _ = heap()
		if err != nil || len(rep.Refused) > 0 {
			t.Fatalf("pull: %v %v", err, rep.Refused)
		}
		metrics.Read(s)
		return s[0].Value.Uint64() - a0, s[1].Value.Uint64() - c0, peak, base
	}
	dAlloc, dCycles, dPeak, _ := pull(false)
	alloc, cycles, peak, base := pull(true)
	t.Logf("the default pace: %d MB allocated, %d collections, heap at most %d MB", dAlloc>>20, dCycles, dPeak>>20)
	t.Logf("the sync's pace: %d MB allocated, %d collections, heap at most %d MB (%d MB live at the start)", alloc>>20, cycles, peak>>20, base>>20)
	if alloc < syncHeadroom {
		t.Fatalf("the sync allocated %d MB: too little to tell", alloc>>20)
	}
	// Allocation does not hang on the machine's load: each file's start,
	// read to tell its format, in a buffer of its own was 564 MB here.
	if alloc > syncAllocs {
		t.Errorf("the sync allocated %d MB: want %d MB at most", alloc>>20, syncAllocs>>20)
	}
	if cycles*3 > dCycles {
		t.Errorf("%d collections for %d MB allocated, against %d at the default pace: want a third at most", cycles, alloc>>20, dCycles)
	}
	// … and the heap stays within the headroom above what the store and
	// the folder's setup left live, not above what the runtime kept.
	if limit := uint64(base) + syncHeadroom + 16<<20; peak > limit { // a few MB grow before the watcher sees a cycle
		t.Errorf("heap reached %d MB, above the %d MB live at the start + %d MB", peak>>20, base>>20, syncHeadroom>>20)
	}
}

// syncAllocs is the most a first sync of 10 colleagues × 2,000 articles
// (200,000 spans) may allocate: ~280 MB in 2026-12, 1.4 KB a span.
const syncAllocs = 400 << 20

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
		if l := debug.SetMemoryLimit(-1); l != limit { // left alone
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

	// While held, the collector waits for the headroom (a percent far
	// above the window's); a second hold keeps it until both end.
	r1 := syncMemory()
	waitPercent := func(when string) {
		t.Helper()
		for range 200 {
			if readGC().percent > percent {
				return
			}
			time.Sleep(time.Millisecond)
		}
		t.Errorf("%s: GC percent %d, want above %d", when, readGC().percent, percent)
	}
	waitPercent("during a pull")
	r2 := syncMemory()
	r1()
	r1() // twice: counted once
	runtime.GC()
	time.Sleep(3 * syncPoll) // the watcher sees the collection
	waitPercent("with one pull of two left")
	r2()
	check("after two pulls at once")

	// A collector turned off stays off.
	debug.SetGCPercent(-1)
	r3 := syncMemory()
	time.Sleep(3 * syncPoll)
	if p := readGC().percent; p != -1 {
		t.Errorf("GOGC=off, during a pull: GC percent %d, want off", p)
	}
	r3()
	if p := readGC().percent; p != -1 {
		t.Errorf("GOGC=off, after a pull: GC percent %d, want off", p)
	}
}

// The percent puts the next collection at the start's live heap plus the
// headroom, and never below the floor: a live heap that outgrows the
// headroom is collected at the pace set before the pull.
func TestSyncPercent(t *testing.T) {
	const mb = 1 << 20
	for _, c := range []struct {
		live, stacks, globals, goal uint64
		floor, want                 int
	}{
		{live: 12 * mb, goal: 236 * mb, floor: 100, want: 1866},                // (236-12)/12: the early sync
		{live: 12 * mb, stacks: 4 * mb, goal: 236 * mb, floor: 50, want: 1400}, // stacks count in the runtime's goal
		{live: 100 * mb, goal: 236 * mb, floor: 100, want: 136},
		{live: 140 * mb, goal: 236 * mb, floor: 100, want: 100}, // outgrown: the default's pace
		{live: 300 * mb, goal: 236 * mb, floor: 50, want: 50},   // past the goal: the floor
		{live: 0, goal: 236 * mb, floor: 100, want: 1 << 20},    // nothing live: capped
	} {
		g := gcState{live: c.live, stacks: c.stacks, globals: c.globals}
		if got := syncPercent(g, c.goal, c.floor); got != c.want {
			t.Errorf("live %d MB, stacks %d MB, goal %d MB, floor %d: %d%%, want %d%%", c.live/mb, c.stacks/mb, c.goal/mb, c.floor, got, c.want)
		}
	}
}
