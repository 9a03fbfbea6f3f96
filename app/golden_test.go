package app

import (
	"os"
	"os/exec"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestRender compares the whole window, in both themes, with the images in
// testdata: an article with spans of three labels, marked done, its counts
// in the document list and its spans in the list on the right.
func TestRender(t *testing.T) {
	for _, mode := range []string{themeLight, themeDark} {
		t.Run(mode, func(t *testing.T) {
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
			test.AssertRendersToImage(t, "window_"+mode+".png", w.win.Canvas())
		})
	}
}

// The window is drawn whole however long after the last Capture it is
// built: the tests before TestRender took more than the renderer cache's
// minute under -race at load 10, and the window came out half built (see
// renderClockNow). A child runs TestRender with the cache's minute made a
// millisecond (FYNE_CACHE), so that the time any window takes to build is
// longer.
func TestRenderWithTheCacheClockBehind(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestRender$/^"+themeLight+"$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), "FYNE_CACHE=1ms")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("TestRender with the cache clock behind: %v\n%s", err, out)
	}
}
