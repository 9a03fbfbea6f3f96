package app

import (
	"image"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestRender compares the whole window, in both themes, with the images in
// testdata: an article with spans of three labels, marked done, its counts
// in the document list and its spans in the list on the right.
func TestRender(t *testing.T) {
	for _, mode := range []string{themeLight, themeDark} {
		t.Run(mode, func(t *testing.T) {
			// CI under -race at load 10 drew the window half built (its
			// backgrounds, icons and the span rows' texts missing) and kept it
			// so past the wait below; the same run drew it whole at once on
			// six runs here at load 8. A window built anew gets one more try:
			// a real difference fails both.
			for attempt := 1; ; attempt++ {
				a := test.NewTempApp(t)
				a.Preferences().SetString(prefTheme, mode)
				w := openWindow(t, a, newFakeStore(testDocs()...), Options{})
				w.win.Resize(fyne.NewSize(1100, 640))
				open(t, w, docKakar)
				addSpan(t, w, fyne.Key2, frag(t, docKakar, "PM Kakar"))
				addSpan(t, w, fyne.Key1, frag(t, docKakar, "linked the surge in attacks to the TTP"))
				addSpan(t, w, fyne.Key3, frag(t, docKakar, "60%"))
				press(w, fyne.KeyEscape) // the span just labelled is selected: Esc deselects it
				w.docList.ToggleDone(docKakar.ID)
				settle(w) // the row's counts and mark arrive from off the UI goroutine
				// What comes from off the UI goroutine may still be on its way
				// on a loaded machine (a run under -race at load 10 drew a
				// window half built once): wait up to 5 s for the image, then
				// compare as ever, so a real difference still fails.
				want := "window_" + mode + ".png"
				start := time.Now()
				for !rendersTo(t, w.win.Canvas(), want) && time.Since(start) < 5*time.Second {
					time.Sleep(50 * time.Millisecond)
					settle(w)
					if time.Since(start) > time.Second {
						// Still half drawn a second on: draw the window
						// again, as a real one does at its next frame.
						w.win.Content().Refresh()
					}
				}
				if attempt == 2 || rendersTo(t, w.win.Canvas(), want) {
					test.AssertRendersToImage(t, want, w.win.Canvas())
					return
				}
				t.Logf("the window drawn half built 5 s on: building it anew once")
				w.win.Close()
			}
		})
	}
}

// rendersTo reports whether c draws exactly the image testdata/name holds.
func rendersTo(t *testing.T, c fyne.Canvas, name string) bool {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	got := c.Capture()
	if got.Bounds() != img.Bounds() {
		return false
	}
	a, b := image.NewNRGBA(img.Bounds()), image.NewNRGBA(img.Bounds())
	draw.Draw(a, a.Bounds(), img, img.Bounds().Min, draw.Src)
	draw.Draw(b, b.Bounds(), got, got.Bounds().Min, draw.Src)
	return string(a.Pix) == string(b.Pix)
}
