package team

import (
	"context"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"testing"
	"time"
)

// A first sync runs the collector when the memory has grown by the
// headroom over what was live at its start, not each time the small live
// heap doubles: at 10 colleagues × 2,000 articles it allocates some
// hundreds of MB over a live heap of tens, which the default pace collected
// in a cycle every few tens of MB (19 cycles for ~280 MB). The same pull
// into a second store at the default pace is the measure: the sync's own
// pace must run at most a third as many cycles (a watcher slowed by a
// loaded machine lets the heap grow further between them, never less far),
// and at least one for each twice the headroom allocated.
//
// What the sync holds is measured where it is held, not sampled as the
// heap's high-water mark, which says when the collector ran as much as
// what was live (a quiet run reached 144 MB, one at load 15 171 MB, the
// same code): a third pull collects as each bucket begins (two are read at
// once, the bulk's tables grow with every span written) and once at its
// end, and what was live then may exceed what was live at its start by
// syncLive at most. A sync that kept every layer it decoded (200,000
// spans) holds far more.
func TestFirstSyncCollectsLess(t *testing.T) {
	if testing.Short() {
		t.Skip("a folder of 200,000 spans")
	}
	folder := t.TempDir()
	genFolder(t, folder, 10, 2000, 10)
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	pull := func(less bool, hook func(string)) (alloc, cycles, peak, base uint64) {
		collectLess = less
		defer func() { collectLess = true }()
		e := open(t, openStore(t, t.TempDir()), folder, "reader")
		runtime.GC()
		s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}, {Name: "/gc/cycles/total:gc-cycles"}}
		metrics.Read(s)
		a0, c0 := s[0].Value.Uint64(), s[1].Value.Uint64()
		heap := heapPeak()
		base = readGC().live
		bucketHook = hook
		defer func() { bucketHook = nil }()
		rep, err := e.Pull(context.Background())
		peak, _ = heap()
		if err != nil || len(rep.Refused) > 0 {
			t.Fatalf("pull: %v %v", err, rep.Refused)
		}
		metrics.Read(s)
		return s[0].Value.Uint64() - a0, s[1].Value.Uint64() - c0, peak, base
	}
	dAlloc, dCycles, dPeak, _ := pull(false, nil)
	alloc, cycles, peak, base := pull(true, nil)
	var mu sync.Mutex
	var live uint64
	held := func(string) {
		mu.Lock()
		defer mu.Unlock()
		runtime.GC()
		live = max(live, readGC().live)
	}
	_, _, _, lBase := pull(true, held)
	held("") // what the sync left
	t.Logf("the default pace: %d MB allocated, %d collections, heap at most %d MB", dAlloc>>20, dCycles, dPeak>>20)
	t.Logf("the sync's pace: %d MB allocated, %d collections, heap at most %d MB (%d MB live at the start, %d MB with the headroom)", alloc>>20, cycles, peak>>20, base>>20, (base+syncHeadroom)>>20)
	t.Logf("live as a bucket began or at the end: at most %.1f MB, %.1f MB above the start", float64(live)/(1<<20), float64(live-min(live, lBase))/(1<<20))
	if alloc < syncHeadroom {
		t.Fatalf("the sync allocated %d MB: too little to tell", alloc>>20)
	}
	// Allocation does not hang on the machine's load: each file's start,
	// read to tell its format, in a buffer of its own was 564 MB here.
	if most := syncAllocs(); alloc > most {
		t.Errorf("the sync allocated %d MB: want %d MB at most", alloc>>20, most>>20)
	}
	if cycles*3 > dCycles {
		t.Errorf("%d collections for %d MB allocated, against %d at the default pace: want a third at most", cycles, alloc>>20, dCycles)
	}
	// … and still collects: the heap grows by the headroom between two
	// collections, and further only as far as a slowed watcher lets it.
	if cycles < alloc/(2*syncHeadroom) {
		t.Errorf("%d collections for %d MB allocated: want one for each %d MB at least", cycles, alloc>>20, 2*syncHeadroom>>20)
	}
	if live > lBase+syncLive {
		t.Errorf("the sync held %.1f MB live, %.1f MB above the %.1f MB at its start: want %d MB more at most", float64(live)/(1<<20), float64(live-lBase)/(1<<20), float64(lBase)/(1<<20), syncLive>>20)
	}
}

// syncAllocs is the most a first sync of 10 colleagues × 2,000 articles
// (200,000 spans) may allocate: ~280 MB in 2026-12, 1.4 KB a span; under
// the race detector, whose sync.Pool drops one thing in four it is given,
// ~410 MB (a buffer of its own for each file's start: 564 and ~625).
func syncAllocs() uint64 {
	if raceOn {
		return 520 << 20
	}
	return 400 << 20
}

// syncLive is how much more than at its start a first sync of 10
// colleagues × 2,000 articles may hold live: the tables of the buckets in
// flight and what the bulk keeps for its end (a few bytes a span): ~15 MB
// in 2026-12, where a sync that kept the spans it decoded held 39.
const syncLive = 28 << 20

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
