// Package phases marks, for the end-to-end latency benchmark (app/e2e
// BenchmarkLatency with SKEIN_LATENCY_PHASES), when each phase of an
// action happens inside the real window: a key reaching the window, its
// handler's end, and each walk of the window's objects (Fyne walks them once
// to size them and once to paint them; the screen changes when the paint's
// swap is done, which the benchmark sees itself). Set
// SKEIN_PHASES=path and the window appends one line a mark to path:
// "UNIXNANO NAME". Unset, nothing is marked and Wrap adds nothing.
package phases

import (
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

var (
	on  atomic.Bool // marks are written: Mark costs one load otherwise
	mu  sync.Mutex
	out *os.File
)

// Start opens the file named by SKEIN_PHASES, if set; the window calls it
// once before it builds anything.
func Start() error {
	path := os.Getenv("SKEIN_PHASES")
	if path == "" {
		return nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("SKEIN_PHASES: %w", err)
	}
	mu.Lock()
	out = f
	mu.Unlock()
	on.Store(true)
	return nil
}

// On reports whether marks are written.
func On() bool { return on.Load() }

// Mark writes one mark, now, if marks are on.
func Mark(name string) {
	if !on.Load() {
		return
	}
	mu.Lock()
	defer mu.Unlock()
	if out == nil {
		return
	}
	fmt.Fprintf(out, "%d %s\n", time.Now().UnixNano(), name)
}

// Wrap puts content between two objects that draw nothing and mark when
// Fyne's walks of the window reach them ("walk-start", "walk-end"), when
// marks are on; otherwise it returns content itself.
func Wrap(content fyne.CanvasObject) fyne.CanvasObject {
	if !On() {
		return content
	}
	return container.NewStack(newSentinel("walk-start"), content, newSentinel("walk-end"))
}

// sentinel draws nothing; each walk that asks for its objects marks.
type sentinel struct {
	widget.BaseWidget
	name string
}

func newSentinel(name string) *sentinel {
	s := &sentinel{name: name}
	s.ExtendBaseWidget(s)
	return s
}

func (s *sentinel) CreateRenderer() fyne.WidgetRenderer { return &sentinelRenderer{s} }

type sentinelRenderer struct{ s *sentinel }

func (r *sentinelRenderer) Layout(fyne.Size)   {}
func (r *sentinelRenderer) MinSize() fyne.Size { return fyne.Size{} }
func (r *sentinelRenderer) Refresh()           {}
func (r *sentinelRenderer) Destroy()           {}
func (r *sentinelRenderer) Objects() []fyne.CanvasObject {
	Mark(r.s.name)
	return nil
}
