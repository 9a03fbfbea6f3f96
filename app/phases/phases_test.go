package phases

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

func TestMarks(t *testing.T) {
	content := canvas.NewRectangle(nil)
	if got := Wrap(content); got != fyne.CanvasObject(content) {
		t.Fatalf("with marks off, Wrap gave %T, want the content itself", got)
	}
	Handler("open")() // off: writes nothing, opens nothing

	path := filepath.Join(t.TempDir(), "phases.txt")
	t.Setenv(Env, path)
	if err := Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { mu.Lock(); out.Close(); out = nil; mu.Unlock() })
	end := Handler("open")
	wrapped := Wrap(content)
	c, ok := wrapped.(*fyne.Container)
	if !ok || len(c.Objects) != 3 || c.Objects[1] != fyne.CanvasObject(content) {
		t.Fatalf("with marks on, Wrap gave %#v, want a stack of a probe, the content and a probe", wrapped)
	}
	c.Objects[0].Size() // asked by a layout or a hit test, not the painter: no mark
	end()

	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	var whats []string
	var last int64
	for _, l := range lines {
		ns, what, ok := strings.Cut(l, " ")
		n, err := strconv.ParseInt(ns, 10, 64)
		if !ok || err != nil || n < last {
			t.Fatalf("mark %q is not \"NANOSECONDS WHAT\" in time order", l)
		}
		last = n
		whats = append(whats, what)
	}
	if got, want := strings.Join(whats, ","), "open start,open end"; got != want {
		t.Errorf("marks %q, want %q", got, want)
	}
}

// MarkTicks marks the driver's ticks when marks are written, and does
// nothing when they are not (the test driver ticks an animation once, as
// it starts).
func TestMarkTicks(t *testing.T) {
	test.NewTempApp(t)
	MarkTicks()() // off: no animation, no mark, nothing to stop

	path := filepath.Join(t.TempDir(), "phases.txt")
	t.Setenv(Env, path)
	if err := Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { mu.Lock(); out.Close(); out = nil; on.Store(false); mu.Unlock() })
	stop := MarkTicks()
	defer stop()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, what, _ := strings.Cut(strings.TrimSpace(string(data)), " "); what != "tick" {
		t.Errorf("marks %q, want one tick", data)
	}
}

// A Start with a file that cannot be written says which variable named it.
func TestStartBadPath(t *testing.T) {
	t.Setenv(Env, filepath.Join(t.TempDir(), "no-such-dir", "phases.txt"))
	err := Start()
	if err == nil || !strings.Contains(err.Error(), Env) {
		t.Fatalf("Start on a file in a missing directory: %v, want an error naming %s", err, Env)
	}
}
