// Package phases times where an input's latency goes inside the window,
// for app/e2e BenchmarkLatency (issue 18): when an action's handler starts
// and ends on the UI goroutine, and when each frame's paint starts and
// ends. It is off unless SKEIN_PHASES names a file; then each mark is one
// line "UNIX-NANOSECONDS WHAT" appended to it, on the wall clock that the
// benchmark's own clock shares, so the benchmark lines the marks up with
// its input and the screen's changes.
//
// The paint is seen through two probes, objects that draw nothing, put
// first and last in the window's content: Fyne's GL painter asks each
// object its size as it paints it, so the first probe asked is the
// paint's start and the last its end (the window's menus and pop-ups,
// painted after the content, and the buffer swap come after it).
package phases

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/trace"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// Env is the variable that names the file the marks go to.
const Env = "SKEIN_PHASES"

var (
	on  atomic.Bool // marks are written: Mark costs one load otherwise
	mu  sync.Mutex
	out *os.File
)

// Start opens the file named by SKEIN_PHASES, if it is set, so that Mark
// writes to it; it reports what went wrong opening it.
func Start() error {
	path := os.Getenv(Env)
	if path == "" {
		return nil
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("%s: %w", Env, err)
	}
	mu.Lock()
	out = f
	mu.Unlock()
	on.Store(true)
	return nil
}

// On reports whether marks are written.
func On() bool { return on.Load() }

// Mark writes that what happened now, when marks are written.
func Mark(what string) {
	if !on.Load() {
		return
	}
	mu.Lock()
	defer mu.Unlock()
	if out == nil {
		return
	}
	fmt.Fprintf(out, "%d %s\n", time.Now().UnixNano(), what)
	trace.Log(context.Background(), "phase", what) // for SKEIN_TRACE's runtime/trace; nothing when none runs
}

// Handler marks what's start and returns what marks its end: defer
// phases.Handler("open")().
func Handler(what string) func() {
	if !On() {
		return func() {}
	}
	Mark(what + " start")
	return func() { Mark(what + " end") }
}

// TickPeriod is the period of the desktop driver's tick: it polls the
// window's input, ticks the animations and paints, 60 times a second.
const TickPeriod = time.Second / 60

// MarkTicks marks "tick" at each of the driver's ticks, when marks are
// written, until the returned function is called: the benchmark finds
// the ticks' phase in them, and so the tick that took an action's input,
// to part the input's time into the wait for that tick (no program's
// doing) and the time the tick took to reach the handler. Marked from an
// animation, the mark comes right after the tick's input polling: start
// it before any other animation, so that it is ticked first. Call it on
// the UI goroutine, or before the app runs.
func MarkTicks() (stop func()) {
	if !On() {
		return func() {}
	}
	a := &fyne.Animation{Duration: time.Second, RepeatCount: fyne.AnimationRepeatForever, Tick: func(float32) { Mark("tick") }}
	a.Start()
	return a.Stop
}

// Wrap puts the paint's probes around content when marks are written, and
// gives content back as it is when not.
func Wrap(content fyne.CanvasObject) fyne.CanvasObject {
	if !On() {
		return content
	}
	return container.NewStack(&probe{what: "paint start"}, content, &probe{what: "paint end"})
}

// probe is an object that draws nothing and marks when the painter asks
// its size.
type probe struct {
	what string
	pos  fyne.Position
	size fyne.Size
}

func (p *probe) MinSize() fyne.Size      { return fyne.Size{} }
func (p *probe) Move(pos fyne.Position)  { p.pos = pos }
func (p *probe) Position() fyne.Position { return p.pos }
func (p *probe) Resize(s fyne.Size)      { p.size = s }
func (p *probe) Hide()                   {}
func (p *probe) Show()                   {}
func (p *probe) Visible() bool           { return true }
func (p *probe) Refresh()                {}
func (p *probe) Size() fyne.Size {
	// Only the painter's asking is a paint: layouts and hit tests ask too.
	if pc, _, _, ok := runtime.Caller(1); ok {
		if f := runtime.FuncForPC(pc); f != nil && strings.HasSuffix(f.Name(), "gl.(*painter).Paint") {
			Mark(p.what)
		}
	}
	return p.size
}
