//go:build unix

package e2e

import (
	"image"
	"path/filepath"
	"strconv"
	"strings"
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
	// Show only the Urdu article, then open it: click the first row until
	// the window's title names it (a click before the filter has acted
	// opens another article).
	s.xdo("mousemove", "--sync", strconv.Itoa(s.x+150), strconv.Itoa(s.y+52), "click", "1")
	s.xdo("type", "Shehbaz")
	s.waitFor("the Urdu article to open", func() bool {
		s.xdo("mousemove", "--sync", strconv.Itoa(s.x+130), strconv.Itoa(s.y+120), "click", "1")
		return strings.Contains(s.xdo("getwindowname", s.win), "Shehbaz")
	})

	// The article's first line, once two looks at the screen agree on it:
	// the article is drawn in the frame after it opens, and under load
	// that frame comes late.
	x0, x1 := s.x+s.w*25/100, s.x+s.w*72/100
	var yc, left, right int
	var opened image.Image
	s.waitFor("the Urdu line to be drawn, right-aligned and still", func() bool {
		img, ok := screenshot(t, s.env, filepath.Join(s.dir, "urdu-open.png"))
		opened = img
		if !ok {
			t.Skip("end-to-end: cannot look at the screen to find the Urdu line")
		}
		y, l, r, found := textExtent(img, x0, x1, s.y+140, s.y+s.h-60)
		if !found || r < x1-60 { // none yet, or an English article's
			return false
		}
		still := y == yc && l == left && r == right
		yc, left, right = y, l, r
		return still
	})
	t.Logf("first line: middle at y=%d, ink from x=%d to %d", yc, left, right)

	// Double-click inside the first word, the rightmost one; press 1 once
	// the word is drawn selected, and wait for the claim to be drawn. A
	// double-click the window lost selects nothing, and says so here.
	cx := right - 10
	word := image.Rect(cx-6, yc-8, cx+6, yc+8)
	if n, m := selectionPixels(opened, word), claimPixels(opened, word); n >= 20 || m >= 20 {
		t.Fatalf("before the double-click the word has %d selection-blue and %d claim-yellow pixels already: the waits below would see nothing", n, m)
	}
	s.xdo("mousemove", "--sync", strconv.Itoa(cx), strconv.Itoa(yc))
	s.xdo("click", "--repeat", "2", "--delay", "80", "1")
	s.waitScreen("the double-clicked word to be drawn selected", "urdu-selected.png", func(img image.Image) bool {
		return selectionPixels(img, word) >= 20
	})
	s.xdo("key", "1")
	s.waitScreen("the claim to be drawn under the double-clicked word", "urdu-claim.png", func(img image.Image) bool {
		return claimPixels(img, word) >= 20
	})

	// Drag across the whole mixed line, left end to right end.
	s.drag(left+4, right-4, yc)
	s.xdo("key", "2")
	// The window serves `skein export` while it is open: quit once the
	// actor is in the store.
	s.waitFor("the actor to be stored", func() bool {
		for _, sp := range s.export() {
			if sp.Label == "actor" {
				return true
			}
		}
		return false
	})
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

// selectionPixels counts the pixels in r with the selection's blue (the
// theme's selection colour over the background, light or dark); the text
// is grey, a claim yellow.
func selectionPixels(img image.Image, r image.Rectangle) int {
	return countPixels(img, r, func(R, G, B int) bool { return B-R > 25 && B > G })
}

// waitFor polls cond until it holds, for up to a minute (the machine may
// be loaded: the test waits for what it needs, not for a time).
func (s *session) waitFor(what string, cond func() bool) {
	s.t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			s.t.Fatalf("waited a minute for %s; screenshots in %s\napp output:\n%s", what, s.dir, s.appOut.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitScreen waits, as waitFor, until a screenshot (kept as name in the
// session's folder) shows what cond looks for.
func (s *session) waitScreen(what, name string, cond func(image.Image) bool) {
	s.t.Helper()
	s.waitFor(what, func() bool {
		img, ok := screenshot(s.t, s.env, filepath.Join(s.dir, name))
		if !ok {
			s.t.Skipf("end-to-end: cannot look at the screen for %s", what)
		}
		return cond(img)
	})
}
