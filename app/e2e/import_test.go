//go:build unix

package e2e

import (
	"image"
	"image/color"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// inkPixels counts the pixels in r that differ clearly from r's most
// common colour, its background: text and bars drawn there.
func inkPixels(img image.Image, r image.Rectangle) int {
	counts := map[color.RGBA]int{}
	var bg color.RGBA
	rgba := func(x, y int) color.RGBA {
		cr, cg, cb, _ := img.At(x, y).RGBA()
		return color.RGBA{uint8(cr >> 8), uint8(cg >> 8), uint8(cb >> 8), 255}
	}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := rgba(x, y)
			counts[c]++
			if counts[c] > counts[bg] {
				bg = c
			}
		}
	}
	diff := func(a, b uint8) int { return max(int(a), int(b)) - min(int(a), int(b)) }
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := rgba(x, y)
			if diff(c.R, bg.R)+diff(c.G, bg.G)+diff(c.B, bg.B) > 90 {
				n++
			}
		}
	}
	return n
}

// click clicks the first button at (x, y) from the window's top left.
func (s *session) click(x, y int) {
	s.xdo("mousemove", "--sync", strconv.Itoa(s.x+x), strconv.Itoa(s.y+y))
	s.xdo("click", "1")
}

// TestImportColleagueThread is issue 12.1 as the user met it: with the
// window open on the Threads tab, File ▸ Import file… of bilal's `export
// -threads` bundle lists his thread at once, without a restart, and a
// click on it opens his members, each with the claim's colour. Positions
// are those of the default 1200×700 window at Fyne's scale 1; the
// screenshots stay in the test's folder when it fails.
func TestImportColleagueThread(t *testing.T) {
	s := startSessionThen(t, func(s *session) {
		// The file dialog opens in the home folder, s.dir: there bilal's
		// bundle is listed after (Parent), before run, skein and store.
		b, err := os.ReadFile("testdata/bilal-threads.jsonl")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(s.dir, "bilal.jsonl"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	})
	if s.w != 1200 || s.h != 700 {
		t.Skipf("the window is %dx%d, not the default 1200x700 the positions are for", s.w, s.h)
	}
	shots := os.Getenv("SKEIN_SHOTS") // a folder to keep the screenshots in
	if shots == "" {
		shots = s.dir
	}
	shot := func(name string) (image.Image, bool) {
		return screenshot(t, s.env, filepath.Join(shots, "import-"+name+".png"))
	}
	list := image.Rect(s.x+877, s.y+150, s.x+1190, s.y+220)    // the thread list's first rows
	members := image.Rect(s.x+877, s.y+400, s.x+1195, s.y+650) // the thread view's members

	s.click(969, 50) // the Threads tab
	time.Sleep(500 * time.Millisecond)
	before, canLook := shot("before")
	if !canLook {
		t.Skip("end-to-end: without ImageMagick's import the test cannot see where to click next")
	}
	// wait takes screenshots until cond holds of one, for up to 30 s.
	wait := func(name string, cond func(image.Image) bool) image.Image {
		t.Helper()
		var img image.Image
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
			if img, _ = shot(name); cond(img) {
				return img
			}
		}
		t.Fatalf("waiting for %s: not seen in 30 s; screenshots in %s (set SKEIN_SHOTS to keep them)\napp output:\n%s", name, shots, s.appOut.String())
		return nil
	}

	s.click(27, 14) // File
	time.Sleep(300 * time.Millisecond)
	s.click(56, 45) // Import file…
	cancel := image.Rect(s.x+945, s.y+598, s.x+1000, s.y+618)
	wait("dialog", func(img image.Image) bool { return inkPixels(img, cancel) > 30 })
	s.click(412, 205) // bilal.jsonl, the second item of the folder's grid
	time.Sleep(300 * time.Millisecond)
	s.click(1043, 608) // Import
	// The thread is listed while the report is still open over the window.
	listed := wait("listed", func(img image.Image) bool { return inkPixels(img, list) > 300 })
	s.xdo("key", "Escape") // closes the report
	time.Sleep(500 * time.Millisecond)
	s.click(1000, 175) // bilal's thread, the first row
	opened := wait("opened", func(img image.Image) bool { return claimPixels(img, members) > 150 })
	s.quit()

	b, a := inkPixels(before, list), inkPixels(listed, list)
	m0, m1 := claimPixels(before, members), claimPixels(opened, members)
	t.Logf("thread list: %d drawn pixels before the import, %d after; claim colour among the members: %d before, %d after the click", b, a, m0, m1)
	if b > 50 || m0 > 20 {
		t.Errorf("before the import the thread list had %d drawn pixels and the thread view %d claim-coloured ones, want none; screenshots in %s", b, m0, shots)
	}
	// The import reached the store: his thread is there for the command line too.
	if out := s.cli("-store", s.store, "-user", "e2e", "threads"); !strings.Contains(out, "Deaths at the border crossing") {
		t.Errorf("after the window's import, skein threads lists:\n%s\napp output:\n%s", out, s.appOut.String())
	}
}
