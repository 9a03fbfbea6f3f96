//go:build unix

package e2e

import (
	"image"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// TestEnterClosesAbout: Help ▸ About skein, a dialog of one button
// (Close), goes on Enter as it does on Escape; Fyne's dialogs took Escape
// alone, and a researcher pressing Enter on it saw nothing happen.
// Positions are those of the default 1200×700 window at Fyne's scale 1.
func TestEnterClosesAbout(t *testing.T) {
	s, before, win := openHelp(t)
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

// TestEnterHeldLeavesANewDialogUp: a dialog that comes up while Enter is
// held down stays; the key was meant for something else (here the menu
// item it chose, About skein; as for a message from background work that
// comes up while the researcher presses Enter in a field). That Enter's
// repeats closed it unseen. An Enter pressed on it then closes it.
func TestEnterHeldLeavesANewDialogUp(t *testing.T) {
	s, before, win := openHelp(t)
	s.xdo("mousemove", "--sync", strconv.Itoa(s.x+332), strconv.Itoa(s.y+128)) // About skein, active
	time.Sleep(300 * time.Millisecond)
	s.xdo("keydown", "Return") // chooses About skein
	s.waitScreen("the About dialog", "about.png", func(img image.Image) bool {
		return changed(before, img, win) > s.w*s.h/2
	})
	// Held: a second press without a release is the key's repeat.
	s.xdo("keydown", "Return")
	s.xdo("keydown", "Return")
	time.Sleep(time.Second) // and the X server's own repeats, if any
	if img, _ := screenshot(t, s.env, filepath.Join(s.dir, "held.png")); changed(before, img, win) < s.w*s.h/2 {
		t.Fatal("the About dialog, come up while Enter was held, closed on that Enter's repeat")
	}
	s.xdo("keyup", "Return")
	s.xdo("key", "Return")
	s.waitScreen("the window without the dialog after Enter", "closed.png", func(img image.Image) bool {
		return changed(before, img, win) < s.w*s.h/20
	})
	s.quit()
}

// openHelp starts a window, looks at it, and opens its Help menu.
func openHelp(t *testing.T) (s *session, before image.Image, win image.Rectangle) {
	s = startSession(t)
	time.Sleep(time.Second) // the article list fills in
	win = image.Rect(s.x, s.y, s.x+s.w, s.y+s.h)
	before, ok := screenshot(t, s.env, filepath.Join(s.dir, "before.png"))
	if !ok {
		t.Skip("end-to-end: cannot look at the screen")
	}
	s.click(307, 14) // Help
	time.Sleep(500 * time.Millisecond)
	return s, before, win
}
