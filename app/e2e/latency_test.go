//go:build unix

package e2e

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"image"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate/tmpfstest"
)

// The latency harness: what the user feels, from the input event to the
// changed pixels on the X screen. Xvfb runs with -fbdir, so its screen is a
// file in XWD format that this process maps and polls; input goes through
// XTest with xdotool. An action's clock starts when xdotool is started plus
// xdotool's own start-up (the median time of a run that only asks the mouse
// position: connecting to the X server is most of it), and it stops at the
// first and at the last change of the screen, the last being followed by
// 300 ms of stillness.

// fbScreen is Xvfb's screen, mapped from its -fbdir file.
type fbScreen struct {
	data    []byte // the whole file, mapped
	pixels  []byte // the pixels within data
	last    []byte // the pixels as last seen
	scratch []byte // the pixels being copied
	w, h    int    // in pixels
	stride  int    // bytes a line
	keep    bool   // keep each frame seen, in frames, and when, in times
	frames  [][]byte
	times   []time.Duration // since the action's input, each kept frame's
	// pointer is the box around the mouse pointer, left out of the
	// comparison: Xvfb draws the pointer into the screen in software and
	// takes it off and puts it back around every paint beneath it, which
	// would count as screen changes of their own.
	pointer image.Rectangle
}

// openScreen maps DIR/Xvfb_screen0 and finds its pixels after the XWD
// header: header_size (4 bytes), then 24 more 4-byte fields of which
// number 19 (ncolors) counts the 12-byte colour entries between the header
// and the pixels, and number 12 (bytes_per_line) with number 5
// (pixmap_height) gives their size. Xvfb writes the header big-endian, as
// XWD files are; a little-endian header is accepted too.
func openScreen(t testing.TB, dir string) *fbScreen {
	t.Helper()
	path := filepath.Join(dir, "Xvfb_screen0")
	// Xvfb listens before it makes its screens, and makes the file before
	// it writes the header: wait for a whole header.
	var s *fbScreen
	var err error
	for deadline := time.Now().Add(10 * time.Second); ; {
		if s, err = mapScreen(path); err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Munmap(s.data) })
	return s
}

// mapScreen maps the XWD file at path; see openScreen.
func mapScreen(path string) (*fbScreen, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.Size() < 100 {
		return nil, fmt.Errorf("%s: %d bytes, too short for an XWD header", path, st.Size())
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, int(st.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, fmt.Errorf("mmap %s: %v", path, err)
	}
	var order binary.ByteOrder = binary.BigEndian
	if order.Uint32(data) > 1<<16 {
		order = binary.LittleEndian
	}
	field := func(i int) int { return int(order.Uint32(data[4*i:])) }
	headerSize, version, height, bytesPerLine, ncolors := field(0), field(1), field(5), field(12), field(19)
	start := headerSize + 12*ncolors
	end := start + height*bytesPerLine
	switch {
	case version != 7:
		err = fmt.Errorf("%s: XWD version %d, want 7", path, version)
	case end > len(data):
		err = fmt.Errorf("%s: XWD header says the pixels end at byte %d, the file has %d", path, end, len(data))
	}
	if err != nil {
		syscall.Munmap(data)
		return nil, err
	}
	s := &fbScreen{data: data, pixels: data[start:end], w: field(4), h: height, stride: bytesPerLine}
	s.last, s.scratch = slices.Clone(s.pixels), make([]byte, len(s.pixels))
	return s, nil
}

// changed reports whether the screen differs from when it was last seen,
// and where (the box around the changed pixels), and remembers it.
func (s *fbScreen) changed() (bool, image.Rectangle) {
	if s.same(s.pixels, s.last) {
		return false, image.Rectangle{}
	}
	// A difference that is gone by the time the screen is copied was the
	// X server at work beneath a paint — its software pointer taken off and
	// put back — not a frame: counting it made one paint two changes.
	copy(s.scratch, s.pixels)
	if s.same(s.scratch, s.last) {
		return false, image.Rectangle{}
	}
	box := s.diffBox(s.scratch, s.last)
	s.last, s.scratch = s.scratch, s.last
	if s.keep {
		s.frames = append(s.frames, slices.Clone(s.last))
	}
	return true, box
}

// diffBox is the box around the pixels that differ between two copies of
// the screen, but for the pointer's box.
func (s *fbScreen) diffBox(now, was []byte) image.Rectangle {
	var box image.Rectangle
	for y := 0; y < s.h; y++ {
		a, b := now[y*s.stride:(y+1)*s.stride], was[y*s.stride:(y+1)*s.stride]
		if bytes.Equal(a, b) {
			continue
		}
		for x := 0; x < s.w; x++ {
			if !bytes.Equal(a[4*x:4*x+4], b[4*x:4*x+4]) && !image.Pt(x, y).In(s.pointer) {
				box = box.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return box
}

// same reports whether two copies of the screen (or the screen itself)
// are the same but for the pointer's box.
func (s *fbScreen) same(now, was []byte) bool {
	if s.pointer.Empty() {
		return bytes.Equal(now, was)
	}
	x0, x1 := max(0, 4*s.pointer.Min.X), min(s.stride, 4*s.pointer.Max.X)
	for y := 0; y < s.h; y++ {
		a, b := now[y*s.stride:(y+1)*s.stride], was[y*s.stride:(y+1)*s.stride]
		if y < s.pointer.Min.Y || y >= s.pointer.Max.Y {
			if !bytes.Equal(a, b) {
				return false
			}
		} else if !bytes.Equal(a[:x0], b[:x0]) || !bytes.Equal(a[x1:], b[x1:]) {
			return false
		}
	}
	return true
}

// writeFrames writes the frames kept as PPM files name-N.ppm in dir (the
// screen is 24-bit colour in 32-bit pixels, blue first), and when each was
// seen after the input, and where it changed, as name.txt — telling a
// second frame (16 ms or more after the first) from one frame the X server
// copied in parts — and forgets them.
func (s *fbScreen) writeFrames(t testing.TB, dir, name string) {
	var times bytes.Buffer
	for i := range s.frames {
		was := s.frames[max(i-1, 0)]
		if i == 0 {
			was = nil
		}
		fmt.Fprintf(&times, "%s-%d.ppm", name, i+1)
		if i < len(s.times) {
			fmt.Fprintf(&times, " %.1f ms", float64(s.times[i].Microseconds())/1000)
		}
		if was != nil {
			fmt.Fprintf(&times, " changed %v", s.diffBox(s.frames[i], was))
		}
		times.WriteByte('\n')
	}
	if len(s.frames) > 0 {
		if err := os.WriteFile(filepath.Join(dir, name+".txt"), times.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for i, f := range s.frames {
		var b bytes.Buffer
		fmt.Fprintf(&b, "P6\n%d %d\n255\n", s.w, s.h)
		for y := 0; y < s.h; y++ {
			line := f[y*s.stride:]
			for x := 0; x < s.w; x++ {
				b.Write([]byte{line[4*x+2], line[4*x+1], line[4*x]})
			}
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.ppm", name, i+1)), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s.frames, s.times = nil, nil
}

// settle waits until the screen has been still for quiet (at most max).
func (s *fbScreen) settle(quiet, max time.Duration) {
	s.watch(time.Now(), quiet, max, false)
}

// watch polls the screen from t0 until it has been still for quiet, or max
// has passed, and returns when it first and last changed, relative to t0
// (0 where it never changed) and how many times it changed, counting
// changes less than frameGap apart as one: Fyne paints at most every 16 ms,
// and the X server copies a big window's frame in in parts, top to bottom
// — on a loaded machine more than 8 ms apart (the frames showed the new
// article's title above the old article's text, then the rest).
//
// Of those changes, pulses are a highlight's flash: after the first
// change, the changes that stay within the box of the first small change
// (a span's rectangle, at most flashBox), when there are three or more —
// textview's deliberate 900 ms flash of a member it jumped to, not a state
// shown on the way.
//
// With await, the stillness counts only after a first change: under load
// an input's first frame can come later than quiet, and an action that
// seemed to change nothing was in fact only slow.
func (s *fbScreen) watch(t0 time.Time, quiet, max time.Duration, await bool) (first, last time.Duration, frames, pulses int) {
	var prev time.Time
	var burst, flash image.Rectangle // the changes of this frame; the flash's box
	inFlash := false                 // every change of this frame is within flash
	for {
		now := time.Now()
		if ok, box := s.changed(); ok {
			if frames == 0 {
				first = now.Sub(t0)
			}
			if prev.IsZero() || now.Sub(prev) > frameGap {
				frames++
				burst = box
				if frames > 1 && flash.Empty() && box.Dx() <= flashBox.X && box.Dy() <= flashBox.Y {
					flash = box
				}
				inFlash = frames > 1 && !flash.Empty() && box.In(flash)
				if inFlash {
					pulses++
				}
			} else {
				burst = burst.Union(box)
				if inFlash && !burst.In(flash) {
					inFlash = false
					pulses--
				}
			}
			prev = now
			last = now.Sub(t0)
			if s.keep {
				s.times = append(s.times, last)
			}
		}
		since := prev
		if since.IsZero() {
			since = t0
		}
		if (now.Sub(since) >= quiet && (frames > 0 || !await)) || now.Sub(t0) >= max {
			if pulses < 3 {
				pulses = 0 // a flash pulses many times: this was a late change
			}
			return first, last, frames, pulses
		}
		time.Sleep(200 * time.Microsecond)
	}
}

// xDisplay is one Xvfb with its mapped screen and one program on it.
type xDisplay struct {
	t       testing.TB
	env     []string
	screen  *fbScreen
	x, y    int // the program's window position
	w, h    int // and its size
	overhd  time.Duration
	appOut  bytes.Buffer
	startup time.Duration
	exited  chan error // the program's Wait
	pid     int        // the program's process
	// phases is the file the program marks its phases in (SKEIN_PHASES),
	// read after each action from phasesAt on.
	phases   string
	phasesAt int64
	// ticks are the program's latest "tick" marks (phases.MarkTicks),
	// when they were made: kept across reads, for the ticks before an
	// input place the tick that took it.
	ticks []time.Time
}

// fbDir makes the directory Xvfb keeps its screen file in (-fbdir): on a
// tmpfs (/dev/shm) when there is one, else name in dir.
//
// On a disk's file system the screen is no screen: Xvfb writes each frame
// into a file mapping whose pages the kernel writes back every few seconds
// and write-protects, so that a frame's copy write-faults page after page,
// and now and then waits on the journal. One paint then reached the
// mapping in bands, 3 ms apart, or in two parts 25–30 ms apart — the
// article's top new over its old bottom — which the benchmark counted as
// two screen changes (issue 18: scroll-page, thread-open and open-30KB in
// about one run of four, with one paint in skein's phases; the floor's
// window did it too). A tmpfs page stays writable once written: the copy
// is one memcpy, as on a real screen.
func fbDir(t testing.TB, dir, name string) string {
	t.Helper()
	if tmpfstest.Is("/dev/shm") {
		fb, err := os.MkdirTemp("/dev/shm", "skein-"+name+"-")
		if err == nil {
			t.Cleanup(func() { os.RemoveAll(fb) })
			return fb
		}
		t.Logf("no screen file in /dev/shm (%v): %s; a frame may show as more than one change", err, dir)
	} else {
		t.Logf("/dev/shm is not a tmpfs: the screen file is in %s; a frame may show as more than one change", dir)
	}
	fb := filepath.Join(dir, name)
	if err := os.MkdirAll(fb, 0o700); err != nil {
		t.Fatal(err)
	}
	return fb
}

// startDisplay starts Xvfb with -fbdir, then bin with args (and appEnv
// added to its environment), and waits for its window named name and for
// its screen to settle.
func startDisplay(t testing.TB, dir, name string, appEnv []string, bin string, args ...string) *xDisplay {
	t.Helper()
	fb := fbDir(t, dir, "fb-"+name)
	display := startXvfb(t, "-fbdir", fb)
	d := &xDisplay{t: t, env: windowEnv(t, filepath.Join(dir, "home-"+name), display)}
	d.screen = openScreen(t, fb)
	ctx, cancel := context.WithCancel(context.Background())
	app := exec.CommandContext(ctx, bin, args...)
	app.Env = append(slices.Clip(d.env), appEnv...)
	app.Stdout, app.Stderr = &d.appOut, &d.appOut
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	d.pid = app.Process.Pid
	d.exited = make(chan error, 1)
	go func() { d.exited <- app.Wait() }()
	t.Cleanup(func() { cancel(); <-d.exited })
	deadline := time.Now().Add(90 * time.Second)
	var win string
	for win == "" && time.Now().Before(deadline) {
		cmd := exec.Command("xdotool", "search", "--onlyvisible", "--name", "^"+name)
		cmd.Env = d.env
		if out, err := cmd.Output(); err == nil {
			if ids := strings.Fields(string(out)); len(ids) > 0 {
				win = ids[0]
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	if win == "" {
		t.Fatalf("no %s window appeared\n%s", name, d.appOut.String())
	}
	g := d.xdo("getwindowgeometry", "--shell", win)
	for _, line := range strings.Split(g, "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			n, _ := strconv.Atoi(v)
			switch k {
			case "X":
				d.x = n
			case "Y":
				d.y = n
			case "WIDTH":
				d.w = n
			case "HEIGHT":
				d.h = n
			}
		}
	}
	d.screen.settle(time.Second, 20*time.Second)
	// Under load a window can be mapped and still for a second before
	// Fyne's first paint: CI at load 10 read TestPanelColours's article
	// margin as black. Wait on while the window is unpainted black at
	// its middle and near its corners, which no theme draws.
	for end := time.Now().Add(60 * time.Second); d.unpainted() && time.Now().Before(end); {
		d.screen.settle(time.Second, 20*time.Second)
	}
	return d
}

// unpainted tells whether the window is black, as the X server maps it
// before its program's first paint, at its middle and near its corners.
func (d *xDisplay) unpainted() bool {
	s := d.screen
	for _, p := range [][2]int{{d.w / 2, d.h / 2}, {8, 8}, {d.w - 8, 8}, {8, d.h - 8}, {d.w - 8, d.h - 8}} {
		x, y := d.x+p[0], d.y+p[1]
		if x < 0 || y < 0 || x >= s.w || y >= s.h {
			continue
		}
		if o := s.pixels[y*s.stride+4*x:]; o[0] != 0 || o[1] != 0 || o[2] != 0 {
			return false
		}
	}
	return true
}

// xdo runs xdotool, untimed.
func (d *xDisplay) xdo(args ...string) string {
	d.t.Helper()
	cmd := exec.Command("xdotool", args...)
	cmd.Env = d.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		d.t.Fatalf("xdotool %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// move puts the pointer at (x, y) of the window and waits for the screen
// to settle (the pointer is drawn into Xvfb's screen, a hover may repaint).
func (d *xDisplay) move(x, y int) {
	d.xdo("mousemove", "--sync", strconv.Itoa(d.x+x), strconv.Itoa(d.y+y))
	d.screen.pointer = image.Rect(d.x+x-16, d.y+y-16, d.x+x+32, d.y+y+32)
	d.screen.settle(300*time.Millisecond, 5*time.Second)
}

// measureOverhead times xdotool's start-up: the quickest of the runs so
// far that only ask the pointer's position (the median was thrown off by a
// loaded machine's pauses; the quickest errs toward a longer latency).
func (d *xDisplay) measureOverhead() {
	for range 5 {
		t0 := time.Now()
		d.xdo("getmouselocation")
		if t := time.Since(t0); d.overhd == 0 || t < d.overhd {
			d.overhd = t
		}
	}
}

// timed runs xdotool with args (the screen settled before), and returns when
// the screen first and last changed after the input, and how many times.
func (d *xDisplay) timed(args ...string) latency {
	d.t.Helper()
	return d.timedQuiet(300*time.Millisecond, args...)
}

// selectThirdLine goes to the top of the open 300 KB article and drags
// over "sharply announced Islamabad" on its third line, for a label key.
func (d *xDisplay) selectThirdLine() {
	d.t.Helper()
	d.xdo("key", "Home")
	d.move(350, 258)
	d.xdo("mousedown", "1")
	d.move(480, 258)
	if x := d.timed("mouseup", "1"); x.frames == 0 {
		d.t.Fatal("dragging over the article's third line selected nothing: has the article moved?")
	}
}

// lateQuiet is the stillness awaited after a label key and an undo: longer
// than the window's timers that follow a change (the thread offer's 0.4 s
// and the suggestions' relearn 0.3 s after it), so that what they draw
// counts as a change of the action's, not of the next action's settling.
const lateQuiet = 900 * time.Millisecond

// timedQuiet is timed, the last change followed by quiet of stillness.
func (d *xDisplay) timedQuiet(quiet time.Duration, args ...string) latency {
	d.t.Helper()
	d.screen.settle(300*time.Millisecond, 5*time.Second)
	// A random wait of up to one of Fyne's frames before the input: every
	// input then arrives at a random point of the window's 60 Hz tick, as
	// a hand's does. Without it the input followed the last screen change
	// (the settling above, the other window's 300 ms of stillness) by
	// nearly the same time in every repetition, and both windows' tickers
	// keep one phase for a whole run, so an action waited for its tick
	// about the same in every repetition of a run: 11–16 ms for skein's
	// label key, Page Down and next member in one run (the floor's
	// 3–21 ms), a run's luck that the ratios took for skein's cost.
	time.Sleep(rand.N(time.Second / 60))
	d.screen.frames, d.screen.times = nil, nil
	cmd := exec.Command("xdotool", args...)
	cmd.Env = d.env
	if d.phases != "" {
		d.skipPhases()
	}
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		d.t.Fatal(err)
	}
	first, last, frames, pulses := d.screen.watch(t0, quiet, 10*time.Second, true)
	if err := cmd.Wait(); err != nil {
		d.t.Fatalf("xdotool %v: %v", args, err)
	}
	marks := d.readPhases(t0)
	ticks := d.tickTimes(t0)
	if frames == 0 {
		// A click on the wrong place, a drag over nothing: BenchmarkLatency
		// names the action and fails.
		d.t.Logf("xdotool %v changed nothing on the screen", args)
	}
	return latency{first: first - d.overhd, last: last - d.overhd, frames: frames - pulses, pulses: pulses, marks: marks, ticks: ticks}
}

// phaseMark is one of the program's marks (app/phases): what happened, and
// when after the input (xdotool's start-up taken off, as for the screen's
// changes).
type phaseMark struct {
	at   time.Duration
	what string
}

// readPhases reads the marks the program wrote since the last read, and
// keeps those made after t0 (the settling before the input paints the
// pointer's hover, and a text cursor may blink).
func (d *xDisplay) readPhases(t0 time.Time) []phaseMark {
	if d.phases == "" {
		return nil
	}
	data, err := os.ReadFile(d.phases)
	if err != nil || int64(len(data)) <= d.phasesAt {
		return nil
	}
	data = data[d.phasesAt:]
	if i := bytes.LastIndexByte(data, '\n'); i >= 0 {
		data = data[:i+1] // a line being written is read next time
	} else {
		return nil
	}
	d.phasesAt += int64(len(data))
	var marks []phaseMark
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		ns, what, ok := strings.Cut(line, " ")
		n, err := strconv.ParseInt(ns, 10, 64)
		if !ok || err != nil {
			d.t.Fatalf("%s: a mark that is not \"NANOSECONDS WHAT\": %q", d.phases, line)
		}
		if what == "tick" {
			d.ticks = append(d.ticks, time.Unix(0, n))
			if len(d.ticks) > 2*keptTicks {
				d.ticks = append(d.ticks[:0], d.ticks[len(d.ticks)-keptTicks:]...)
			}
			continue
		}
		if at := time.Unix(0, n).Sub(t0); at >= 0 {
			marks = append(marks, phaseMark{at - d.overhd, what})
		}
	}
	return marks
}

// phasesOf sums up an action's marks against its first screen change:
// when its handler started and how long it ran, how many paints started
// before the first change, and the last of them — when it started and how
// long it took; ok is false where the program wrote no marks.
type phaseSum struct {
	handlerAt, handler time.Duration
	paints             int
	paintAt, paint     time.Duration
	// allPaints counts every paint of the action, before its first change
	// and after it, until the screen was still (a second paint of the same
	// frame changes no pixel, or changes them late: issue 18).
	allPaints int
	// swap is the time from the end of that last paint to the first
	// change: the buffer swap (llvmpipe rasterising the frame's draw
	// calls) and the X server's copy.
	swap time.Duration
	// tickAt is when the driver's tick that took the input started
	// (inputTick): the input's wait for it, no program's doing; from it to
	// handlerAt the tick polled the input and reached the handler. hasTick
	// is false where the program marked no ticks.
	tickAt  time.Duration
	hasTick bool
}

func phasesOf(x latency) (s phaseSum, ok bool) {
	var start, paintStart time.Duration = -1, -1
	for _, m := range x.marks {
		switch {
		case (strings.HasSuffix(m.what, " start") && m.what != "paint start" || m.what == "undo") && start < 0:
			start, s.handlerAt = m.at, m.at
		case (strings.HasSuffix(m.what, " end") && m.what != "paint end" || m.what == "undo-end") && start >= 0 && s.handler == 0:
			s.handler = m.at - start
		case m.what == "paint start" && m.at <= x.first:
			s.paints++
			s.allPaints++
			paintStart = m.at
		case m.what == "paint start":
			s.allPaints++
		case m.what == "paint end" && paintStart >= 0 && m.at <= x.first:
			s.paintAt, s.paint = paintStart, m.at-paintStart
			s.swap = x.first - m.at
		}
	}
	if start >= 0 {
		s.tickAt, s.hasTick = inputTick(x.ticks, start)
	}
	return s, start >= 0 || s.paints > 0
}

// String is the marks of one action, for a log.
func (x latency) phaseLine() string {
	var b strings.Builder
	for _, m := range x.marks {
		fmt.Fprintf(&b, " %s@%.1f", strings.ReplaceAll(m.what, " ", "-"), float64(m.at.Microseconds())/1000)
	}
	if s, _ := phasesOf(x); s.hasTick {
		fmt.Fprintf(&b, " input's-tick@%.1f", ms(s.tickAt))
	}
	fmt.Fprintf(&b, " screen@%.1f", float64(x.first.Microseconds())/1000)
	return b.String()
}

// skipPhases forgets the marks made so far (the settling's frames), but
// for the ticks'.
func (d *xDisplay) skipPhases() { d.readPhases(time.Now().Add(time.Hour)) }

// keptTicks is how many of the latest ticks' marks are kept: two seconds'.
const keptTicks = 120

// tickTimes returns the ticks' marks kept, as times after the input at
// t0 (xdotool's start-up taken off, as for the other marks).
func (d *xDisplay) tickTimes(t0 time.Time) []time.Duration {
	out := make([]time.Duration, 0, len(d.ticks))
	for _, t := range d.ticks {
		out = append(out, t.Sub(t0)-d.overhd)
	}
	return out
}

// inputTick is when the driver's tick that took the input started — the
// latest tick start at or before the handler's start — from the ticks'
// marks (phases.MarkTicks), as times after the input; ok is false without
// marks. The driver ticks every phases.TickPeriod; each mark is made a
// little after its tick started (after the tick's input polling, more
// when the tick had more to do), so the ticks' starts are where the least
// late of the marks puts them: the marks' offsets within a period, taken
// around the most common one, and the earliest of those within 1 ms before
// it (a mark more than half a period late would otherwise count as early).
// tickPeriod is phases.TickPeriod, the desktop driver's tick; the package
// is not imported here, since it brings Fyne's widgets, which do not build
// for macOS without cgo, and this package's tests are vetted for macOS
// (app/cli TestBuildsForWindowsAndMacOS).
const tickPeriod = time.Second / 60

func inputTick(ticks []time.Duration, handlerAt time.Duration) (at time.Duration, ok bool) {
	if len(ticks) == 0 {
		return 0, false
	}
	const p = tickPeriod
	ref := ticks[len(ticks)-1]
	offsets := make([]time.Duration, len(ticks))
	for i, m := range ticks {
		offsets[i] = ((m-ref)%p + p) % p
	}
	// The most common offset: the one with the most others within a
	// millisecond of it, around the period.
	centre, most := offsets[0], -1
	for _, o := range offsets {
		n := 0
		for _, q := range offsets {
			if d := ((q-o)%p + p) % p; d <= time.Millisecond || d >= p-time.Millisecond {
				n++
			}
		}
		if n > most {
			centre, most = o, n
		}
	}
	earliest := time.Duration(0)
	for _, o := range offsets {
		// o's distance from the centre, in [-p/2, p/2); of those near it
		// only: a mark more than half a period late looks early.
		d := ((o-centre)%p+p+p/2)%p - p/2
		if d >= -time.Millisecond {
			earliest = min(earliest, d)
		}
	}
	start := ref + centre + earliest // a tick's start
	n := (handlerAt - start) / p
	if handlerAt < start {
		n-- // rounded toward zero: the tick before
	}
	return start + n*p, true
}

// phaseLog returns the program's marks during an action, each as
// milliseconds after the input (xdotool's start-up taken off), then the
// screen's changes as the harness saw them.
func (d *xDisplay) phaseLog(x latency) string {
	var b strings.Builder
	if s, _ := phasesOf(x); s.hasTick {
		fmt.Fprintf(&b, "%7.1f ms  input's tick\n", ms(s.tickAt))
	}
	for _, m := range x.marks {
		fmt.Fprintf(&b, "%7.1f ms  %s\n", float64(m.at.Microseconds())/1000, m.what)
	}
	for _, t := range d.screen.times {
		fmt.Fprintf(&b, "%7.1f ms  screen changed\n", float64((t-d.overhd).Microseconds())/1000)
	}
	return b.String()
}

// click presses the first button at (x, y) of the window, lets the screen
// settle, and times the release (a Fyne tap happens on release).
func (d *xDisplay) click(x, y int) latency {
	d.move(x, y)
	d.xdo("mousedown", "1")
	return d.timed("mouseup", "1")
}

// latency is one action's times from the input to the screen.
type latency struct {
	first, last time.Duration
	frames      int // screen changes, but for a flash's pulses
	pulses      int // a flash's
	marks       []phaseMark
	// ticks are the program's ticks' marks before and during the action
	// (inputTick).
	ticks []time.Duration
	run   int    // the benchmark's repetition it was taken in
	tag   string // the action and the repetition, for messages
}

// latencies collects an action's latencies over the benchmark's runs; the
// floor's, taken right before each of skein's actions, under floorName.
type latencies map[string][]latency

// floorName is the floor's click among the latencies.
const floorName = "floor-click"

// skeinWindowSize is the size of skein's first window (app's
// defaultWindowSize), which the floor's window is given; BenchmarkLatency
// checks the two windows on the screen are the same size.
const skeinWindowSize = "1200x700"

// metrics is what report writes to: a *testing.B.
type metrics interface {
	ReportMetric(n float64, unit string)
}

func (l latencies) report(b metrics) {
	for _, name := range slices.Sorted(maps.Keys(l)) {
		ls := l[name]
		var first, last, frames, pulses []float64
		for _, x := range ls {
			first = append(first, ms(x.first))
			last = append(last, ms(x.last))
			frames = append(frames, float64(x.frames))
			pulses = append(pulses, float64(x.pulses))
		}
		if slices.Max(pulses) > 0 {
			b.ReportMetric(slices.Max(pulses), name+"-flash-frames")
		}
		b.ReportMetric(median(first), name+"-first-ms")
		b.ReportMetric(quantile(first, 0.25), name+"-first-q1-ms")
		b.ReportMetric(quantile(first, 0.75), name+"-first-q3-ms")
		b.ReportMetric(median(last), name+"-last-ms")
		b.ReportMetric(slices.Max(frames), name+"-changes")
		if name != floorName && len(l[floorName]) > 0 {
			r := ratioOf(ls, l[floorName])
			b.ReportMetric(r.ratio, name+"-ratio")
			if r.n > 1 {
				b.ReportMetric(r.lo, name+"-ratio-lo")
				b.ReportMetric(r.hi, name+"-ratio-hi")
			}
		}
		var handlerAt, handler, paints, allPaints, paintAt, paint, swap, tickAt, inTick []float64
		for _, x := range ls {
			if s, ok := phasesOf(x); ok {
				if s.hasTick {
					tickAt, inTick = append(tickAt, ms(s.tickAt)), append(inTick, ms(s.handlerAt-s.tickAt))
				}
				handlerAt, handler = append(handlerAt, ms(s.handlerAt)), append(handler, ms(s.handler))
				paints, paintAt, paint = append(paints, float64(s.paints)), append(paintAt, ms(s.paintAt)), append(paint, ms(s.paint))
				allPaints = append(allPaints, float64(s.allPaints))
				swap = append(swap, ms(s.swap))
			}
		}
		if len(paints) > 0 {
			b.ReportMetric(median(handlerAt), name+"-handler-at-ms")
			b.ReportMetric(median(handler), name+"-handler-ms")
			b.ReportMetric(slices.Max(paints), name+"-paints")
			b.ReportMetric(slices.Max(allPaints), name+"-all-paints")
			b.ReportMetric(median(paintAt), name+"-paint-at-ms")
			b.ReportMetric(median(paint), name+"-paint-ms")
			b.ReportMetric(median(swap), name+"-swap-ms")
		}
		if len(tickAt) > 0 {
			b.ReportMetric(median(tickAt), name+"-tick-at-ms")
			b.ReportMetric(median(inTick), name+"-in-tick-ms")
		}
	}
}

// ms is a duration in milliseconds.
func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// threadCorpus writes n short articles with one claim each and, after them,
// two thread lines of the user's that run through all n claims (a run of
// the benchmark opens one, the next run the other: a click on the thread
// already open changes nothing).
func threadCorpus(t testing.TB, path, user string, n int) {
	t.Helper()
	var b bytes.Buffer
	var members []map[string]any
	for i := range n {
		text := fmt.Sprintf("Thread article %04d. The minister said that attacks in the province rose sharply after the announcement, officials said on day %d.", i, i)
		sum := sha256.Sum256([]byte(text))
		doc := hex.EncodeToString(sum[:])[:16]
		span := fmt.Sprintf("thread-span-%04d", i)
		line, err := json.Marshal(map[string]any{"id": doc, "title": fmt.Sprintf("Thread article %04d", i), "source": fmt.Sprintf("t%04d.txt", i),
			"date": "2001-01-01", "text": text,
			"spans": []map[string]any{{"id": span, "start": 21, "end": 33, "text": text[21:33], "label": "claim", "annotator": user}}})
		if err != nil {
			t.Fatal(err)
		}
		b.Write(append(line, '\n'))
		m := map[string]any{"doc": doc, "span": span}
		if i > 0 {
			m["link"] = "repeats"
		}
		members = append(members, m)
	}
	for _, title := range []string{"A thousand members", "Another thousand members"} {
		line, err := json.Marshal(map[string]any{"type": "thread", "id": strings.ReplaceAll(title, " ", "-"), "title": title, "annotator": user, "members": members})
		if err != nil {
			t.Fatal(err)
		}
		b.Write(append(line, '\n'))
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkLatency measures, from the input event to the pixels on the X
// screen, each of skein's everyday actions and, in the same run on its own
// Xvfb, a plain Fyne window's list click as the floor of this machine and
// driver (app/e2e/floor), clicked right before each of skein's actions:
// seven floor samples a repetition, through the same moments of load. For
// each action it reports the median time of the first and of the last
// screen change (-first-ms, -last-ms), the first change's quartiles
// (-first-q1-ms, -first-q3-ms), the most changes any run saw (-changes;
// one means no intermediate state was shown), and its ratio to the floor,
// median over median of all the run's floor clicks, with the ratio's 90 %
// interval (-ratio, -ratio-lo, -ratio-hi; latency_stats_test.go says why
// this ratio and how the interval is made). The log has the same as a
// table (for two repetitions or more), with issue 18's goal for each
// action and whether it is met.
// It fails naming any action that changed nothing, and any that showed
// more than one state (latencies.flashes).
// Set SKEIN_LATENCY_SHOTS=dir to keep a screenshot after each action, and
// SKEIN_LATENCY_PHASES=dir to have skein mark where each action's time
// goes (app/phases: its handler's start and end and steps, the store's
// commit, each paint's start and end), each action's marks written beside
// the screen's changes in milliseconds after the input (dir/ACTION-RUN.txt),
// a line of them an action appended to dir/phases.txt, and summed up as
// -handler-at-ms (the input to the handler's start; the undo's is its
// "undo" mark, Ctrl+Z being a menu shortcut), -handler-ms, -paints
// (paints started before the first change), -all-paints (every paint
// until the screen was still: one an action, issue 18), -paint-at-ms and
// -paint-ms (the last of those before the first change), -swap-ms (from
// that paint's end to the first change: the buffer swap and the X
// server's copy), -tick-at-ms (when the driver's tick that took the input
// started, placed by the ticks' marks of app/phases MarkTicks: the wait
// for Fyne's 60 Hz tick, no program's doing) and -in-tick-ms (from that
// tick's start to the handler's: the tick's polling of the input, and what
// Fyne does with it first, a list's Select before its OnSelected) — the
// floor's too, its click marked "select",
// SKEIN_LATENCY_BIN=path to measure another build of skein (an older one, to
// compare), SKEIN_LATENCY_PROFILE=path to have skein write a CPU profile of
// the whole run there (SKEIN_CPUPROFILE), SKEIN_LATENCY_TRACE=path a runtime/trace
// (SKEIN_TRACE; go tool trace -d=parsed lists its events, the phases' marks as
// logs), SKEIN_LATENCY_FRAMES=dir to keep every frame each action showed
// as PPM files (ACTION-RUN-N.ppm; the floor's as floor-before-ACTION-RUN-N.ppm). Run it with
// -benchtime 12x or more: each repetition is one of each action, and a
// median of 4 moved by 10 ms from run to run on a quiet machine. Jumping to a thread member flashes the member for 900 ms on
// purpose (textview's flash): its -last-ms includes the flash, its
// -changes does not, -flash-frames counts the flash's own frames.
func BenchmarkLatency(b *testing.B) {
	l, splits, xdotool := measureLatency(b, b.N, b.ResetTimer)
	b.StopTimer()
	l.report(b)
	// testing keeps a benchmark's first 10 lines of log, of all its
	// runs: none for the run of one that sizes the benchmark, then the
	// table's 9.
	if b.N > 1 {
		b.Logf("%s", l.table(xdotool))
	}
	if len(splits) > 0 {
		b.Logf("more than one screen change, not counted as a flash:\n%s", strings.Join(splits, "\n"))
	}
}

// TestLatencyOneRepetition runs the latency benchmark's measurement once,
// as BenchmarkLatency does: every one of skein's actions changes the
// screen once, each with a click on the floor's window right before it,
// and the report gives each action its ratio to the floor with the
// ratio's interval and the first change's quartiles.
func TestLatencyOneRepetition(t *testing.T) {
	l, splits, xdotool := measureLatency(t, 1, func() {})
	t.Log(strings.Join(append(splits, xdotool), "\n"))
	if t.Failed() {
		return
	}
	if n := len(l[floorName]); n != 7 {
		t.Errorf("%d floor clicks in a repetition of 7 actions, want one before each", n)
	}
	got := reportOf(l)
	for name := range l {
		want := []string{name + "-first-ms", name + "-first-q1-ms", name + "-first-q3-ms", name + "-changes"}
		if name != floorName {
			// One sample has no interval (TestLatencyReport has them).
			want = append(want, name+"-ratio")
			if _, ok := got.metrics[name+"-ratio-lo"]; ok {
				t.Errorf("%s: an interval of one sample", name)
			}
			if len(l[name]) != 1 {
				t.Errorf("%s: %d samples in one repetition, want 1", name, len(l[name]))
			}
		}
		for _, m := range want {
			if v, ok := got.metrics[m]; !ok || v <= 0 {
				t.Errorf("the report's %s is %v (reported: %v), want a positive figure", m, v, ok)
			}
		}
	}
	t.Log(l.table(xdotool))
}

// measureLatency starts the floor's window and skein's, each on its own
// Xvfb, calls started, times reps repetitions of skein's actions, each
// with a click on the floor right before it, and fails b naming each
// action that changed nothing on the screen or showed more than one state.
// It returns the latencies, the actions that changed the screen more than
// once but were not failed (latencies.flashes), and xdotool's start-up.
func measureLatency(b testing.TB, reps int, started func()) (l latencies, splits []string, xdotool string) {
	for _, tool := range []string{"Xvfb", "xdotool"} {
		if _, err := exec.LookPath(tool); err != nil {
			b.Skipf("end-to-end latency: %s is not installed (apt-get install xvfb xdotool); skipping", tool)
		}
	}
	dir := b.TempDir()
	bin, floor := filepath.Join(dir, "skein"), filepath.Join(dir, "floor")
	builds := map[string]string{bin: "../..", floor: "./floor"}
	if other := os.Getenv("SKEIN_LATENCY_BIN"); other != "" {
		bin = other // another build of skein, to compare
		delete(builds, filepath.Join(dir, "skein"))
	}
	for out, pkg := range builds {
		if msg, err := exec.Command("go", "build", "-tags", "migrated_fynedo", "-o", out, pkg).CombinedOutput(); err != nil {
			b.Fatalf("go build %s: %v\n%s", pkg, err, msg)
		}
	}
	storeDir := filepath.Join(dir, "store")
	small, large, thread := filepath.Join(dir, "small.jsonl"), filepath.Join(dir, "large.jsonl"), filepath.Join(dir, "thread.jsonl")
	writeArticle(b, small, "Latency 30 KB", 5000, 500)
	writeArticle(b, large, "Latency 300 KB", 50000, 5000)
	threadCorpus(b, thread, "bench", 1000)
	for _, f := range []string{small, large, thread} {
		if out, err := exec.Command(bin, "-store", storeDir, "-user", "bench", "import", f).CombinedOutput(); err != nil {
			b.Fatalf("import %s: %v\n%s", f, err, out)
		}
	}
	// The two builds and the corpora above leave ~100 MB of unwritten pages;
	// the kernel writes them back about 30 s later, in the middle of the
	// runs, where skein's fsync (which the floor does not do) would wait
	// behind them. The label key's store write took 22–36 ms now and then,
	// always in a run's third repetition, against a 0.6–1.1 ms median
	// (store BenchmarkKeyWriteTimes). Write them now, before anything is
	// timed, so that the runs measure skein and not the build.
	syscall.Sync()
	var skEnv []string
	profile := os.Getenv("SKEIN_LATENCY_PROFILE")
	if profile != "" {
		skEnv = append(skEnv, "SKEIN_CPUPROFILE="+profile)
	}
	// SKEIN_LATENCY_TRACE=path: a runtime/trace of skein's run, the phases'
	// marks in it as logs (with SKEIN_LATENCY_PHASES).
	execTrace := os.Getenv("SKEIN_LATENCY_TRACE")
	if execTrace != "" {
		skEnv = append(skEnv, "SKEIN_TRACE="+execTrace)
	}
	// SKEIN_LATENCY_PHASES=dir: each action's marks and screen changes in
	// dir/ACTION-RUN.txt, a line of medians an action in dir/phases.txt.
	phasesFile := ""
	phaseDir := os.Getenv("SKEIN_LATENCY_PHASES")
	if phaseDir != "" {
		phasesFile = filepath.Join(dir, "phases.txt")
		skEnv = append(skEnv, "SKEIN_PHASES="+phasesFile)
	}
	// The floor marks its paints too, in a file of its own: its paint and
	// its paint's way to the screen beside skein's.
	var flEnv []string
	floorPhases := ""
	if phaseDir != "" {
		floorPhases = filepath.Join(dir, "floor-phases.txt")
		flEnv = append(flEnv, "SKEIN_PHASES="+floorPhases)
	}
	// The floor's window is skein's size (skein's first window, as a new
	// user sees it): llvmpipe's work and the copy to the screen follow the
	// pixels, so a larger floor would be a slower one.
	flEnv = append(flEnv, "SKEIN_FLOOR_SIZE="+skeinWindowSize)
	fl := startDisplay(b, dir, "floor", flEnv, floor)
	fl.phases = floorPhases
	sk := startDisplay(b, dir, "skein", skEnv, bin, "-store", storeDir, "-user", "bench")
	sk.phases = phasesFile
	if fl.w != sk.w || fl.h != sk.h {
		b.Fatalf("the floor's window is %d×%d, skein's %d×%d: the two must be the same size to be compared", fl.w, fl.h, sk.w, sk.h)
	}
	b.Logf("both windows %d×%d", sk.w, sk.h)
	fl.measureOverhead()
	sk.measureOverhead()
	shots := os.Getenv("SKEIN_LATENCY_SHOTS")
	shot := func(d *xDisplay, name string) {
		if shots == "" {
			return
		}
		cmd := exec.Command("import", "-window", "root", filepath.Join(shots, name+".png"))
		cmd.Env = d.env
		cmd.Run()
	}
	shot(sk, "start")
	l = latencies{}
	frames := os.Getenv("SKEIN_LATENCY_FRAMES")
	fl.screen.keep, sk.screen.keep = frames != "" || phaseDir != "", frames != "" || phaseDir != ""
	var missed []string
	run := 0
	// add keeps x as one of name's latencies; tag names it in the files
	// and messages (the floor's click, by the action it was before).
	add := func(name, tag string, x latency) {
		d := sk
		if name == floorName {
			d = fl
		}
		x.run, x.tag = run, fmt.Sprintf("%s (run %d)", tag, run+1)
		if phaseDir != "" {
			log := fmt.Sprintf("%s, run %d: first change %.1f ms, last %.1f ms\n%s", tag, run+1,
				float64(x.first.Microseconds())/1000, float64(x.last.Microseconds())/1000, d.phaseLog(x))
			if err := os.WriteFile(filepath.Join(phaseDir, fmt.Sprintf("%s-%d.txt", tag, run)), []byte(log), 0o644); err != nil {
				b.Fatal(err)
			}
		}
		if frames == "" {
			fl.screen.frames, sk.screen.frames = nil, nil
			fl.screen.times, sk.screen.times = nil, nil
		}
		if frames != "" {
			d.screen.writeFrames(b, frames, fmt.Sprintf("%s-%d", tag, run))
		}
		if x.frames == 0 {
			missed = append(missed, fmt.Sprintf("%s (run %d)", tag, run+1))
			return
		}
		if phasesFile != "" {
			f, err := os.OpenFile(filepath.Join(phaseDir, "phases.txt"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
			if err != nil {
				b.Fatal(err)
			}
			fmt.Fprintf(f, "%s, run %d, ms after the input:%s\n", tag, run+1, x.phaseLine())
			f.Close()
		}
		l[name] = append(l[name], x)
	}
	// skein opened the oldest article, the 30 KB one, at start: open the
	// other first, so the first run's click on the 30 KB row opens it.
	sk.click(150, 172)
	started()
	// Each of skein's actions has a click on the floor's list right before
	// it (the rows in turn, so that each click changes the screen): the
	// floor is sampled seven times a repetition, through the same moments
	// of the machine's load as the actions (latency_stats_test.go).
	floorClicks := 0
	measure := func(name string, act func() latency) {
		add(floorName, "floor-before-"+name, fl.click(120, 58+38*(floorClicks%2)))
		floorClicks++
		shot(fl, "floor")
		add(name, name, act())
		shot(sk, name)
	}
	for i := range reps {
		run = i
		fl.measureOverhead()
		sk.measureOverhead()
		measure("open-30KB", func() latency { return sk.click(150, 120) })
		measure("open-300KB", func() latency { return sk.click(150, 172) })
		// Select "sharply announced Islamabad" on the article's third line
		// (the article scrolled to its top: a run before paged it down),
		// label it a claim, undo that.
		sk.selectThirdLine()
		measure("label-key", func() latency { return sk.timedQuiet(lateQuiet, "key", "1") })
		// Ctrl is held first, as a hand holds it before Z: the input is the
		// Z. xdotool's "key ctrl+z" sleeps 6 ms between the two presses
		// (its --delay halved), and that time was counted as skein's.
		measure("undo", func() latency {
			sk.xdo("keydown", "ctrl")
			defer sk.xdo("keyup", "ctrl")
			return sk.timedQuiet(lateQuiet, "key", "z")
		})
		sk.move(640, 500)
		measure("scroll-page", func() latency { return sk.timed("key", "Next") })
		// The Threads tab, then the thread's row, then the next member.
		if x := sk.click(threadsTabX, tabsY); x.frames == 0 {
			b.Fatalf("a click at (%d, %d) did not change the screen: is the Threads tab still there? (SKEIN_LATENCY_SHOTS=dir keeps screenshots)", threadsTabX, tabsY)
		}
		shot(sk, "threads-tab")
		measure("thread-open", func() latency { return sk.click(1150, threadRowY+threadRowStep*(i%2)) })
		measure("next-member", func() latency { return sk.timed("key", "bracketright") })
		sk.click(spansTabX, tabsY)
	}
	if profile != "" || execTrace != "" {
		// skein writes its profile and its trace as it quits.
		sk.xdo("key", "ctrl+q")
		select {
		case err := <-sk.exited:
			sk.exited <- err
		case <-time.After(30 * time.Second):
			b.Errorf("skein did not quit on Ctrl+Q: its profile %q and trace %q are not written", profile, execTrace)
		}
	}
	if len(missed) > 0 {
		// A click on the wrong place, a drag that selected nothing: the
		// table would silently leave a run out.
		b.Errorf("%d of %d actions changed nothing on the screen: %s", len(missed), 14*reps, strings.Join(missed, ", "))
	}
	// Issue 18: one screen change an action, no intermediate state shown.
	flashes, splits := l.flashes()
	if len(flashes) > 0 {
		b.Errorf("%d actions showed the screen more than one state (issue 18: one change an action):\n%s", len(flashes), strings.Join(flashes, "\n"))
	}
	return l, splits, fmt.Sprintf("xdotool's start-up taken off: %v (floor display), %v (skein display)", fl.overhd, sk.overhd)
}

// frameGap is the least time between two of Fyne's frames (60 a second),
// less a margin: changes closer than it are parts of one frame.
const frameGap = 14 * time.Millisecond

// flashBox is the largest change counted as a highlight's flash (watch):
// a span's rectangle on one or two lines.
var flashBox = image.Pt(400, 80)

// Where the harness clicks in skein's 1200×700 window: the middle of the
// Spans and Threads tabs' titles and the height of the first thread's row,
// as the window draws them in a 1200×700 window.
// A new tab or a wider title moves them; the benchmark stops with a message
// when the Threads tab's click changes nothing.
const (
	tabsY       = 49
	spansTabX   = 901
	threadsTabX = 969
	threadRowY  = 175
	// threadRowStep is a thread row's height: a title line and a line of
	// counts.
	threadRowStep = 62
)
