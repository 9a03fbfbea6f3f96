//go:build unix

package e2e

import (
	"image"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// textExtent finds, in the article column [x0, x1) below y0, the first line
// of text: its vertical middle and its ink's left and right ends. Text
// pixels are those far from the background colour at the column's left
// edge, so it works on a light or a dark theme.
func textExtent(img image.Image, x0, x1, y0, y1 int) (yc, left, right int, ok bool) {
	lum := func(x, y int) int {
		r, g, b, _ := img.At(x, y).RGBA()
		return int(r>>8)*3 + int(g>>8)*6 + int(b>>8)
	}
	ink := func(y int) (n, l, r int) {
		bg := lum(x0, y)
		l, r = x1, x0
		for x := x0; x < x1; x++ {
			if d := lum(x, y) - bg; d > 800 || d < -800 {
				n++
				l, r = min(l, x), max(r, x)
			}
		}
		return n, l, r
	}
	top := -1
	for y := y0; y < y1; y++ {
		n, _, _ := ink(y)
		if top < 0 && n > 2 {
			top = y
		}
		if top >= 0 && n == 0 {
			yc = (top + y) / 2
			// The ends of the line: the widest ink over its middle rows.
			left, right = x1, x0
			for yy := top + (y-top)/4; yy < y-(y-top)/4; yy++ {
				if n, l, r := ink(yy); n > 0 {
					left, right = min(left, l), max(right, r)
				}
			}
			return yc, left, right, right > left
		}
	}
	return 0, 0, 0, false
}

// TestEndToEndUrdu opens an Urdu article in the real window, double-clicks
// its first word (at the right end of the first line, as Urdu runs), presses
// 1, then drags across that whole line, which holds an English name and
// numbers in both digit sets, and presses 2. The export must hold exactly
// the word as the claim and exactly the line, in logical order, as the actor.
func TestEndToEndUrdu(t *testing.T) {
	s := startSession(t, "testdata/urdu.txt")
	// Show only the Urdu article, then open it.
	s.xdo("mousemove", "--sync", strconv.Itoa(s.x+150), strconv.Itoa(s.y+52), "click", "1")
	s.xdo("type", "Shehbaz")
	time.Sleep(800 * time.Millisecond)
	s.xdo("mousemove", "--sync", strconv.Itoa(s.x+130), strconv.Itoa(s.y+120), "click", "1")
	time.Sleep(1500 * time.Millisecond)

	img, ok := screenshot(t, s.env, filepath.Join(s.dir, "urdu-open.png"))
	if !ok {
		t.Skip("end-to-end: cannot look at the screen to find the Urdu line")
	}
	x0, x1 := s.x+s.w*25/100, s.x+s.w*72/100
	yc, left, right, ok := textExtent(img, x0, x1, s.y+140, s.y+s.h-60)
	if !ok {
		t.Fatalf("no text line found in the article column; screenshot in %s", s.dir)
	}
	t.Logf("first line: middle at y=%d, ink from x=%d to %d", yc, left, right)
	if right < x1-60 {
		t.Errorf("the Urdu line ends at x=%d, far from the column's right edge (%d): not right-aligned", right, x1)
	}

	// Double-click inside the first word, the rightmost one.
	cx := right - 10
	s.xdo("mousemove", "--sync", strconv.Itoa(cx), strconv.Itoa(yc))
	s.xdo("click", "--repeat", "2", "--delay", "80", "1")
	time.Sleep(300 * time.Millisecond)
	s.xdo("key", "1")
	time.Sleep(700 * time.Millisecond)
	if after, ok := screenshot(t, s.env, filepath.Join(s.dir, "urdu-claim.png")); ok {
		if n := claimPixels(after, image.Rect(cx-6, yc-8, cx+6, yc+8)); n < 20 {
			t.Errorf("no claim colour under the double-clicked word (%d pixels); screenshots in %s", n, s.dir)
		}
	}

	// Drag across the whole mixed line, left end to right end.
	s.drag(left+4, right-4, yc)
	s.xdo("key", "2")
	time.Sleep(700 * time.Millisecond)
	s.quit()

	want := map[string]string{
		"claim": "وزیر",
		"actor": "وزیر اعظم Shehbaz Sharif نے کہا کہ 2024 میں ۱۲۵ ارب روپے خرچ ہوئے",
	}
	got := map[string]int{}
	for _, sp := range s.export() {
		got[sp.Label]++
		if w, ok := want[sp.Label]; ok && sp.Text != w {
			t.Errorf("%s is %q [%d,%d), want %q", sp.Label, sp.Text, sp.Start, sp.End, w)
		}
		t.Logf("%s: %q [%d,%d)", sp.Label, sp.Text, sp.Start, sp.End)
	}
	if got["claim"] != 1 || got["actor"] != 1 {
		t.Fatalf("exported %v spans by e2e, want one claim and one actor\napp output:\n%s", got, s.appOut.String())
	}
}
