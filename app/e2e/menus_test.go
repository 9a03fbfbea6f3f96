//go:build unix

package e2e

import (
	"image"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// TestMenusFitTheLeastWindow opens each menu in the least window, 655×371
// (review's), and finds where the menu ends: below its last item, above
// the window's bottom. Fyne scrolls a menu taller than the window with its
// last item cut at the bottom edge; View's nine items (the three themes
// among them) did, and Review's twelve (review's keys among them), its
// Agreement report… cut in half. Positions are those of the menu bar at
// Fyne's scale 1.
func TestMenusFitTheLeastWindow(t *testing.T) {
	s := startSession(t)
	const w, h = 655, 371
	s.xdo("windowsize", s.win, strconv.Itoa(w), strconv.Itoa(h))
	time.Sleep(time.Second)
	shot := func(name string) image.Image {
		img, ok := screenshot(t, s.env, filepath.Join(s.dir, name))
		if !ok {
			t.Skip("end-to-end: cannot look at the screen")
		}
		return img
	}
	before := shot("before.png")
	for _, m := range []struct {
		name string
		x    int
	}{{"File", 27}, {"Edit", 70}, {"View", 118}, {"Threads", 180}, {"Review", 250}, {"Help", 308}} {
		s.click(m.x, 14)
		time.Sleep(700 * time.Millisecond)
		img := shot(m.name + ".png")
		// The menu's lowest row: the lowest that differs from the window
		// without it, in a column through the menu's items.
		x, low := s.x+m.x+30, 0
		for y := s.y + 30; y < s.y+h; y++ {
			if img.At(x, y) != before.At(x, y) {
				low = y - s.y
			}
		}
		if low == 0 {
			t.Errorf("%s: no menu found under its title (screenshot %s)", m.name, filepath.Join(s.dir, m.name+".png"))
		} else if low >= h-3 {
			t.Errorf("%s: the menu runs to the window's bottom (%d of %d px): it scrolls, its last item cut (screenshot %s)", m.name, low, h, filepath.Join(s.dir, m.name+".png"))
		} else {
			t.Logf("%s ends at %d of %d px", m.name, low, h)
		}
		s.xdo("key", "Escape")
		time.Sleep(400 * time.Millisecond)
	}
	s.quit()
}
