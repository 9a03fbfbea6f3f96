//go:build unix

package e2e

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// TestPanelColours: on the real program under Xvfb, drawn by Fyne's GL
// painter, the side columns and the status bar are filled in the theme's
// header colour and the article's column shows the window's background,
// in the light and the dark theme. The panels are drawn by a shader of
// skein's own under the GL painter (app/parts Background), which Fyne's
// test driver never runs: a shader that did not compile, or filled in
// another colour, is seen here.
func TestPanelColours(t *testing.T) {
	dir := t.TempDir()
	article := filepath.Join(dir, "small.jsonl")
	writeArticle(t, article, "Latency 30 KB", 5000, 500)
	bin, storeDir := skeinAndStore(t, dir, article)
	// app/theme.go's header and background colours.
	type rgb [3]byte
	for _, c := range []struct {
		variant            string
		header, background rgb
	}{
		{"dark", rgb{0x26, 0x27, 0x2c}, rgb{0x1c, 0x1d, 0x21}},
		{"light", rgb{0xf1, 0xef, 0xea}, rgb{0xfb, 0xfa, 0xf7}},
	} {
		t.Run(c.variant, func(t *testing.T) {
			sk := startDisplay(t, dir, "skein", []string{"FYNE_THEME=" + c.variant}, bin, "-store", storeDir, "-user", "bench")
			at := func(x, y int) rgb {
				o := sk.screen.pixels[(sk.y+y)*sk.screen.stride+4*(sk.x+x):]
				return rgb{o[2], o[1], o[0]}
			}
			// The window's background is cleared by Fyne, in the light
			// theme's a shade off the theme's colour under llvmpipe: what
			// the article's margin shows, which is not the panels'.
			background := at(300, 400)
			if d := max(background[0], c.background[0]) - min(background[0], c.background[0]); d > 4 || background == c.header {
				t.Fatalf("the article's margin is #%02x%02x%02x, want the window's background, #%02x%02x%02x", background[0], background[1], background[2], c.background[0], c.background[1], c.background[2])
			}
			// Points of the 1200×700 window where nothing is drawn on
			// the panels: below the article list's rows, beside the span
			// list's rows, the status bar's middle; the article's left
			// margin; and the panels' last points and the window's first
			// beyond them (the 4-point padding), where the rectangle
			// that drew the panels before ended.
			for _, p := range []struct {
				what string
				x, y int
				want rgb
			}{
				{"the article list's column", 150, 600, c.header},
				{"the article list's column, at its left edge", 4, 600, c.header},
				{"the span list's column", 1180, 400, c.header},
				{"the span list's column, at its right edge", 1195, 400, c.header},
				{"the window's edge, right of the span list", 1196, 400, background},
				{"the article list's column, at its foot", 150, 655, c.header},
				{"below the article list's column", 150, 656, background},
				{"the status bar", 600, 680, c.header},
				{"the window's edge, left of the article list", 3, 600, background},
			} {
				if got := at(p.x, p.y); got != p.want {
					t.Errorf("%s at (%d, %d) is #%02x%02x%02x, want #%02x%02x%02x", p.what, p.x, p.y, got[0], got[1], got[2], p.want[0], p.want[1], p.want[2])
				}
			}
		})
	}
}

// skeinAndStore skips t where Xvfb or xdotool is missing, builds skein into
// dir and imports the files into a store there; it returns the program and
// the store's directory.
func skeinAndStore(t *testing.T, dir string, files ...string) (bin, storeDir string) {
	t.Helper()
	for _, tool := range []string{"Xvfb", "xdotool"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("end-to-end: %s is not installed (apt-get install xvfb xdotool); skipping", tool)
		}
	}
	bin = filepath.Join(dir, "skein")
	if msg, err := exec.Command("go", "build", "-tags", "migrated_fynedo", "-o", bin, "../..").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, msg)
	}
	storeDir = filepath.Join(dir, "store")
	for _, f := range files {
		if out, err := exec.Command(bin, "-store", storeDir, "-user", "bench", "import", f).CombinedOutput(); err != nil {
			t.Fatalf("import %s: %v\n%s", f, err, out)
		}
	}
	return bin, storeDir
}
