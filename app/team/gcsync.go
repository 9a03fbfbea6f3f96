package team

import (
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"time"
)

// syncHeadroom is how much the Go heap may grow during a pull that reads
// something, above what was live when the pull began, before the collector
// runs. A first sync of 20 colleagues × 20,000 articles allocates ~5 GB
// while what it holds live grows from ~25 to ~140 MB: with the collector's
// default (a cycle each time the heap doubles) that was ~78 cycles, most of
// them early, at a small live heap, each marking the heap and paying for
// its own start and stop. With room for 128 MB it is ~58, and the sync
// about a second shorter; the heap's peak ~25-40 MB above the default's
// (295-310 MB against 271-281; with 192 MB ~47 cycles, no faster, and
// 308-322 MB; BenchmarkFirstSync peak-heap-MB, gcs/op).
const syncHeadroom = 128 << 20

// collectLess is whether a pull sets the collector's pace (syncMemory);
// a test turns it off to count what the default pace does.
var collectLess = true

// syncPoll is how often a pull's watcher looks for a finished collection:
// at ~500 MB allocated a second, the heap grows a few MB before it has set
// the next goal.
const syncPoll = 5 * time.Millisecond

// gcHold is the collector's setting while pulls run (any number at once,
// from any number of engines): the first saves the GC percent set (the
// window's 50, GOGC) and starts the watcher, the last stops it and puts
// the percent back.
var gcHold hold

// hold is a setting that pulls change while any of them runs: take counts
// them, and the first applies the setting; the release the last one is
// given puts back what was before.
type hold struct {
	sync.Mutex
	held    int
	restore func() // what the first take's set returned
}

// take counts one pull in; set applies the setting and returns what puts
// it back. The release is counted once, however often it is called.
func (h *hold) take(set func() (restore func())) (release func()) {
	h.Lock()
	defer h.Unlock()
	if h.held++; h.held == 1 {
		h.restore = set()
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			h.Lock()
			defer h.Unlock()
			if h.held--; h.held == 0 {
				h.restore()
				h.restore = nil
			}
		})
	}
}

// syncMemory lets the collector wait during a pull that reads something,
// and restore puts back what was set before when the pull ends (however it
// ends). During it, after each collection, the GC percent is set so that
// the next one runs when the heap has grown to what was live at the start
// plus syncHeadroom: a collection per ~200 MB allocated, not one each time
// a small live heap doubles. It is never set below what it was, so a pull
// whose live heap outgrows the headroom collects at the pace it had
// before, with the memory it had. A collector turned off (GOGC=off) is
// left off. A memory limit (GOMEMLIMIT) is left as it is, and still holds.
func syncMemory() (restore func()) {
	return gcHold.take(func() func() {
		percent := int(readGC().percent)
		if percent <= 0 {
			return func() {}
		}
		stop, done := make(chan struct{}), make(chan struct{})
		go watchGC(percent, stop, done)
		return func() {
			close(stop)
			<-done
			debug.SetGCPercent(percent)
		}
	})
}

// watchGC sets the GC percent at the start and after each collection until
// stop is closed: the goal is the live heap at the start plus
// syncHeadroom, and floor the least percent.
func watchGC(floor int, stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	g := readGC()
	goal := g.live + syncHeadroom
	debug.SetGCPercent(syncPercent(g, goal, floor))
	seen := g.cycles
	t := time.NewTicker(syncPoll)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		if g = readGC(); g.cycles != seen {
			seen = g.cycles
			debug.SetGCPercent(syncPercent(g, goal, floor))
		}
	}
}

// syncPercent is the GC percent that puts the next collection where the
// heap reaches goal bytes, given what the last one found: the runtime's
// goal is live + (live + stacks + globals) × percent/100. At least floor.
func syncPercent(g gcState, goal uint64, floor int) int {
	scan := max(g.live+g.stacks+g.globals, 1)
	if goal <= g.live {
		return floor
	}
	return max(floor, int(min((goal-g.live)*100/scan, 1<<20)))
}

// gcState is what the runtime says of its collector and heap.
type gcState struct {
	percent                       int64
	cycles, live, stacks, globals uint64
}

func readGC() gcState {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}, {Name: "/gc/cycles/total:gc-cycles"}, {Name: "/gc/heap/live:bytes"},
		{Name: "/gc/scan/stack:bytes"}, {Name: "/gc/scan/globals:bytes"}}
	metrics.Read(s)
	u := func(i int) uint64 {
		if s[i].Value.Kind() != metrics.KindUint64 {
			return 0
		}
		return s[i].Value.Uint64()
	}
	return gcState{percent: int64(u(0)), cycles: u(1), live: u(2), stacks: u(3), globals: u(4)}
}
