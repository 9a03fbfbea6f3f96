package team

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// syncHeadroom is how much the Go memory may grow during a pull that reads
// something, above what it held when the pull began, before the collector
// runs. A first sync of 20 colleagues × 20,000 articles allocates ~5 GB
// while what it holds live grows from ~25 to ~140 MB: with the collector's
// default (a cycle each time the heap doubles) that was ~78 cycles, most of
// them early, at a small live heap, each marking the heap and paying for
// its own start and stop; with room for 224 MB it is about half as many,
// and the heap's peak is no higher than the default's own (it reached
// 262-293 MB; BenchmarkFirstSync peak-heap-MB).
const syncHeadroom = 224 << 20

// syncFloor is what the limit keeps above twice the live heap, for the
// runtime's own memory besides the heap (stacks, its tables): the limit
// never makes the collector run more often than its default would.
const syncFloor = 64 << 20

// gcHold is the collector's setting while pulls run (any number at once,
// from any number of engines): held counts them; the first saves what was
// set (the window's, GOGC, GOMEMLIMIT) and the last puts it back.
var gcHold struct {
	sync.Mutex
	held         int
	gen          int   // counts the holds begun: an older one's afterGC stops
	percent      int   // what SetGCPercent was before
	limit        int64 // what SetMemoryLimit was before
	base, target int64 // the memory at the start; the limit set
}

// syncMemory lets the collector wait during a pull that reads something,
// and restore puts back what was set before, when the pull ends (however it
// ends). During it the collector runs when the Go memory reaches what it
// was at the start plus syncHeadroom, not each time the live heap doubles;
// after each cycle the limit is raised to at least twice the live heap
// plus syncFloor, so a pull whose live heap outgrows the headroom is
// collected no more often than by default (a memory limit below the live
// heap would make the collector run without stop). A lower limit already
// set (GOMEMLIMIT) is kept.
func syncMemory() (restore func()) {
	gcHold.Lock()
	defer gcHold.Unlock()
	if gcHold.held++; gcHold.held == 1 {
		gcHold.gen++
		gcHold.limit = debug.SetMemoryLimit(-1)
		gcHold.base = goMemory()
		gcHold.target = 0
		setSyncLimit(0)
		gcHold.percent = debug.SetGCPercent(-1)
		armAfterGC(gcHold.gen)
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			gcHold.Lock()
			defer gcHold.Unlock()
			if gcHold.held--; gcHold.held == 0 {
				debug.SetGCPercent(gcHold.percent)
				debug.SetMemoryLimit(gcHold.limit)
			}
		})
	}
}

// setSyncLimit sets the memory limit for a pull whose live heap is live
// bytes, under gcHold's lock: the base plus the headroom, at least twice the
// live heap plus syncFloor, at most the limit set before the pull. It only
// ever raises it.
func setSyncLimit(live int64) {
	want := max(gcHold.base+syncHeadroom, 2*live+syncFloor)
	want = min(want, gcHold.limit)
	if want > gcHold.target {
		gcHold.target = want
		debug.SetMemoryLimit(want)
	}
}

// gcTick is an object made to be collected: its finalizer runs after the
// cycle that found it unreachable. It holds a pointer so that it is not
// one of the tiny objects the allocator packs together (whose finalizers
// may wait for their neighbours).
type gcTick struct {
	gen int
	_   *int
}

// armAfterGC has afterGC run after the next collection, for the hold gen.
func armAfterGC(gen int) { runtime.SetFinalizer(&gcTick{gen: gen}, afterGC) }

// afterGC raises the limit to what the live heap now needs, and waits for
// the next cycle, while the hold it was armed for lasts.
func afterGC(t *gcTick) {
	gcHold.Lock()
	defer gcHold.Unlock()
	if gcHold.held == 0 || t.gen != gcHold.gen {
		return
	}
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() == metrics.KindUint64 {
		setSyncLimit(int64(min(s[0].Value.Uint64(), math.MaxInt64/4)))
	}
	armAfterGC(t.gen)
}

// goMemory is the memory the Go runtime needs at least now, as a memory
// limit counts it: the heap live at the last collection, and what the
// runtime holds beside the heap (stacks, its tables). Not the free heap it
// keeps from the system (after setting up a large folder, hundreds of MB):
// the limit makes it give that back.
func goMemory() int64 {
	s := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/free:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/heap/released:bytes"},
		{Name: "/memory/classes/heap/unused:bytes"}, {Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	v := func(i int) int64 { return int64(s[i].Value.Uint64()) }
	return v(0) - v(1) - v(2) - v(3) - v(4) + v(5)
}
