//go:build unix

package e2e

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestWindowFitsTheScreen starts the window on a 1024×600 laptop's screen
// and on an 800×600 one, both smaller than its 1200×700. It opened at
// 1200×700 whatever the screen: its right-hand column and status bar ran
// off the screen, and so did the buttons of the dialogs centred on it,
// out of reach without a window manager to move it. It now opens as large
// as the screen leaves room for (less a title bar's 40 px), and the
// buttons of Help ▸ Check store… and of Review ▸ Start review…, clicked
// with xdotool where they are drawn, close their dialogs. Positions are
// those of the menu bar and its menus at Fyne's scale 1.
func TestWindowFitsTheScreen(t *testing.T) {
	for _, c := range []struct{ w, h int }{{1024, 600}, {800, 600}} {
		t.Run(fmt.Sprintf("%dx%d", c.w, c.h), func(t *testing.T) {
			s := startSessionOn(t, []string{"-screen", "0", fmt.Sprintf("%dx%dx24", c.w, c.h)}, twoReviewers)
			// The window is fitted once shown, after its first paint,
			// which a loaded machine's software GL may take seconds over.
			for i := 0; i < 50 && (s.x+s.w > c.w || s.y+s.h > c.h); i++ {
				time.Sleep(200 * time.Millisecond)
				s.x, s.y, s.w, s.h = geometry(t, s.xdo("getwindowgeometry", "--shell", s.win))
			}
			t.Logf("window at %d,%d size %dx%d on %dx%d", s.x, s.y, s.w, s.h, c.w, c.h)
			if s.x < 0 || s.y < 0 || s.x+s.w > c.w || s.y+s.h > c.h {
				t.Errorf("the window at %d,%d, %dx%d, runs off the %dx%d screen", s.x, s.y, s.w, s.h, c.w, c.h)
			}
			if wantW, wantH := min(1200, c.w), min(700, c.h-40); s.w < wantW || s.h < wantH {
				t.Errorf("the window is %dx%d on the %dx%d screen, want %dx%d: the screen has the room", s.w, s.h, c.w, c.h, wantW, wantH)
			}
			if t.Failed() {
				return // the clicks below would land off the window
			}
			shot := func(name string) image.Image { return s.shotWithMouseAt(name, s.w/2, s.h-5) } // off the menus and buttons
			before := shot("before")
			// A corner of the menu bar, past its menus: dimmed while a
			// dialog is shown, as before once it is closed.
			corner := image.Pt(s.x+s.w-10, s.y+5)
			// press opens a dialog from a menu and clicks the button of its
			// last row whose pixels are, with the dialog over the window,
			// found by pick among the row's buttons.
			press := func(step string, title, item, itemY int, wait time.Duration, pick func(buttons []image.Rectangle) int) {
				t.Helper()
				// A loaded machine may take a second or more over a
				// menu or a dialog: each is waited for on the screen.
				changed := func(name string, p image.Point) image.Image {
					for range 20 {
						if img := shot(name); img.At(p.X, p.Y) != before.At(p.X, p.Y) {
							return img
						}
					}
					return nil
				}
				s.click(title, 14)
				if changed(step+"-menu", image.Pt(s.x+item, s.y+itemY)) == nil {
					t.Fatalf("%s: the menu did not open (screenshot %s)", step, filepath.Join(s.dir, step+"-menu.png"))
				}
				s.click(item, itemY)
				time.Sleep(wait)
				img := changed(step+"-shown", corner)
				if img == nil {
					t.Fatalf("%s: no dialog shown (screenshot %s)", step, filepath.Join(s.dir, step+"-shown.png"))
				}
				buttons := dialogButtons(img, image.Rect(s.x, s.y+30, s.x+s.w, s.y+s.h))
				if len(buttons) == 0 {
					t.Fatalf("%s: no buttons found at the foot of the dialog (screenshot %s)", step, filepath.Join(s.dir, step+"-shown.png"))
				}
				b := buttons[pick(buttons)]
				t.Logf("%s: buttons %v; clicking %v", step, buttons, b)
				if b.Min.X < 0 || b.Min.Y < 0 || b.Max.X > c.w || b.Max.Y > c.h {
					t.Errorf("%s: the button at %v is off the %dx%d screen", step, b, c.w, c.h)
				}
				mid := image.Pt((b.Min.X+b.Max.X)/2, (b.Min.Y+b.Max.Y)/2)
				s.xdo("mousemove", "--sync", strconv.Itoa(mid.X), strconv.Itoa(mid.Y))
				s.xdo("click", "1")
				img = shot(step + "-closed")
				for i := 0; i < 20 && img.At(corner.X, corner.Y) != before.At(corner.X, corner.Y); i++ {
					img = shot(step + "-closed")
				}
				if img.At(corner.X, corner.Y) != before.At(corner.X, corner.Y) {
					t.Errorf("%s: the dialog is still shown after a click on its button at %v (screenshot %s)", step, mid, filepath.Join(s.dir, step+"-closed.png"))
				}
			}
			const review, help = 250, 308
			last := func(b []image.Rectangle) int { return len(b) - 1 }
			// Help ▸ Check store…, its one button Close once the check is in.
			press("check-store", help, 330, 89, 3*time.Second, last)
			// Review ▸ Start review…: Cancel, then Start review, the last.
			press("picker-cancel", review, 270, 45, 1500*time.Millisecond, func([]image.Rectangle) int { return 0 })
			press("picker-start", review, 270, 45, 1500*time.Millisecond, last)
			s.quit()
		})
	}
}

// dialogButtons finds, in a screenshot of a window showing a dialog, the
// buttons of the dialog's last row, left to right, in screen pixels. The
// dialog is the largest box of the colour of its background within win
// (the window below its menu bar, dimmed around the dialog); its last row
// is the lowest band of rows in it holding other pixels, and each button
// a run of such pixels along that band's middle (a button is filled with
// a colour of its own; two are a padding apart).
func dialogButtons(img image.Image, win image.Rectangle) []image.Rectangle {
	box := dialogBox(img, win)
	if box.Empty() {
		return nil
	}
	bg := img.At(box.Min.X+4, box.Max.Y-4)
	other := func(x, y int) bool { return !sameColour(img.At(x, y), bg) }
	rowHas := func(y int) bool {
		for x := box.Min.X + 4; x < box.Max.X-4; x++ {
			if other(x, y) {
				return true
			}
		}
		return false
	}
	bottom := box.Max.Y - 4
	for bottom > box.Min.Y && !rowHas(bottom) {
		bottom--
	}
	top := bottom
	for top > box.Min.Y && rowHas(top-1) {
		top--
	}
	if bottom <= box.Min.Y {
		return nil
	}
	y := (top + bottom) / 2
	var buttons []image.Rectangle
	for x := box.Min.X + 4; x < box.Max.X-4; x++ {
		if !other(x, y) {
			continue
		}
		end := x
		for gap := 0; end < box.Max.X-4 && gap < 2; end++ {
			if other(end, y) {
				gap = 0
			} else {
				gap++
			}
		}
		buttons = append(buttons, image.Rect(x, top, end-2, bottom+1))
		x = end
	}
	return buttons
}

// dialogBox is the bounding box, within win, of the pixels of the colour
// most common there that is not the dimmed window's: the dialog's
// background, the one thing over the window not dimmed.
func dialogBox(img image.Image, win image.Rectangle) image.Rectangle {
	// The dialog is centred: its background is found on the window's
	// middle column, above its content, near its top.
	mid := (win.Min.X + win.Max.X) / 2
	counts := map[color.RGBA]int{}
	for y := win.Min.Y; y < win.Max.Y; y++ {
		counts[rgba(img.At(mid, y))]++
	}
	dim := rgba(img.At(win.Min.X+2, win.Max.Y-2)) // a corner of the window, dimmed
	var bg color.RGBA
	for c, n := range counts {
		if c != dim && n > counts[bg] {
			bg = c
		}
	}
	box := image.Rectangle{}
	for y := win.Min.Y; y < win.Max.Y; y++ {
		for x := win.Min.X; x < win.Max.X; x++ {
			if rgba(img.At(x, y)) == bg {
				box = box.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return box
}

func rgba(c color.Color) color.RGBA {
	r, g, b, a := c.RGBA()
	return color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}
}

func sameColour(a, b color.Color) bool { return rgba(a) == rgba(b) }

// TestFirstFrameFitsTheScreen starts the window on an 800×600 screen with
// xev watching the screen's top-level windows. The window was made and
// shown at 1200×700, off the screen's edges, and shrank to the screen only
// after that first frame; it is now made at the size that fits, and is no
// larger than the screen when it is first mapped. The size at mapping is
// what xev says of the window's creation and of each change of its size
// before its MapNotify.
func TestFirstFrameFitsTheScreen(t *testing.T) {
	if _, err := exec.LookPath("xev"); err != nil {
		t.Skip("end-to-end: xev is not installed (apt-get install x11-utils); not watching the first frame")
	}
	const sw, sh = 800, 600
	var xev *exec.Cmd
	var events bytes.Buffer
	s := startSessionOn(t, []string{"-screen", "0", fmt.Sprintf("%dx%dx24", sw, sh)}, func(s *session) {
		xev = exec.Command("xev", "-root", "-event", "substructure")
		xev.Env = s.env
		xev.Stdout = &events
		if err := xev.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(500 * time.Millisecond) // xev has selected the root's events
	})
	xev.Process.Signal(syscall.SIGTERM)
	xev.Wait()
	id, err := strconv.ParseUint(s.win, 10, 64)
	if err != nil {
		t.Fatalf("window id %q: %v", s.win, err)
	}
	w, h, mapped := sizeAtMap(events.String(), fmt.Sprintf("0x%x", id))
	if !mapped {
		t.Fatalf("xev saw no MapNotify of window 0x%x:\n%s", id, events.String())
	}
	t.Logf("window 0x%x first mapped at %dx%d on the %dx%d screen", id, w, h, sw, sh)
	if w > sw || h > sh {
		t.Errorf("the window's first frame is %dx%d, larger than the %dx%d screen", w, h, sw, sh)
	}
	s.quit()
}

// xevWindow is a window, its position and its size in an event xev prints.
var xevWindow = regexp.MustCompile(`window (0x[0-9a-f]+), (?:\(-?\d+,-?\d+\), width (\d+), height (\d+)|override)`)

// sizeAtMap is the size window win had when xev's events (its -event
// substructure output on the root) say it was mapped: the size it was
// created at, as changed by the ConfigureNotify events before.
func sizeAtMap(events, win string) (w, h int, mapped bool) {
	for _, block := range strings.Split(events, "\n\n") {
		kind, _, _ := strings.Cut(strings.TrimSpace(block), " ")
		m := xevWindow.FindStringSubmatch(block)
		if m == nil || m[1] != win {
			continue
		}
		switch kind {
		case "CreateNotify", "ConfigureNotify":
			w, _ = strconv.Atoi(m[2])
			h, _ = strconv.Atoi(m[3])
		case "MapNotify":
			return w, h, true
		}
	}
	return 0, 0, false
}
