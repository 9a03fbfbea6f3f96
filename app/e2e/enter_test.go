//go:build unix

package e2e

import (
	"image"
	"path/filepath"
	"testing"
	"time"
)

// TestEnterClosesAbout: Help ▸ About skein, a dialog of one button
// (Close), goes on Enter as it does on Escape; Fyne's dialogs took Escape
// alone, and a researcher pressing Enter on it saw nothing happen.
// Positions are those of the default 1200×700 window at Fyne's scale 1.
func TestEnterClosesAbout(t *testing.T) {
	s := startSession(t)
	time.Sleep(time.Second) // the article list fills in
	win := image.Rect(s.x, s.y, s.x+s.w, s.y+s.h)
	before, ok := screenshot(t, s.env, filepath.Join(s.dir, "before.png"))
	if !ok {
		t.Skip("end-to-end: cannot look at the screen")
	}
	s.click(307, 14) // Help
	time.Sleep(500 * time.Millisecond)
	s.click(332, 128) // About skein
	// The dialog dims the whole window behind it.
	s.waitScreen("the About dialog", "about.png", func(img image.Image) bool {
		return changed(before, img, win) > s.w*s.h/2
	})
	s.xdo("key", "Return")
	s.waitScreen("the window without the dialog after Enter", "closed.png", func(img image.Image) bool {
		return changed(before, img, win) < s.w*s.h/20
	})
	s.quit()
}
