//go:build unix

package e2e

import (
	"image"
	"os"
	"path/filepath"
	"strconv"
	"strings"
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
//
// The window marks each key it is given and each tick of its driver
// (SKEIN_PHASES): the test looks at the screen once the window has taken
// the held key's repeats — xdotool's two and heldRepeats of the X
// server's own — and two of its ticks have gone by since, so the paint
// that closing the dialog would have caused is on the screen. It had
// slept a second and hoped the X server's repeats were in by then.
func TestEnterHeldLeavesANewDialogUp(t *testing.T) {
	marks := ""
	s, before, win := openHelpThen(t, func(s *session) {
		marks = filepath.Join(s.dir, "phases")
		s.env = append(s.env, "SKEIN_PHASES="+marks)
	})
	s.xdo("mousemove", "--sync", strconv.Itoa(s.x+332), strconv.Itoa(s.y+128)) // About skein, active
	time.Sleep(300 * time.Millisecond)
	// The menu takes the press that chooses About; every Return the
	// window is given after it comes with the dialog up.
	from := len(readMarks(t, marks))
	s.xdo("keydown", "Return") // chooses About skein
	// Held: a press without a release is the key's repeat.
	s.xdo("keydown", "Return")
	s.xdo("keydown", "Return")
	s.waitFor("the held Enter's repeats, taken and painted", func() bool {
		return repeatsTaken(readMarks(t, marks)[from:], 2+heldRepeats)
	})
	if img, _ := screenshot(t, s.env, filepath.Join(s.dir, "held.png")); changed(before, img, win) < s.w*s.h/2 {
		t.Fatal("the About dialog, come up while Enter was held, is not up after that Enter's repeats: they closed it")
	}
	s.xdo("keyup", "Return")
	s.xdo("key", "Return")
	s.waitScreen("the window without the dialog after Enter", "closed.png", func(img image.Image) bool {
		return changed(before, img, win) < s.w*s.h/20
	})
	s.quit()
}

// heldRepeats is how many of the X server's own repeats of a held key the
// test waits for, after xdotool's.
const heldRepeats = 3

// readMarks is the window's marks so far (SKEIN_PHASES): what each line
// says, the time left out.
func readMarks(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var out []string
	for line := range strings.Lines(string(b)) {
		if !strings.HasSuffix(line, "\n") {
			break // being written
		}
		if _, what, ok := strings.Cut(strings.TrimSuffix(line, "\n"), " "); ok {
			out = append(out, what)
		}
	}
	return out
}

// repeatsTaken reports whether marks show n Returns given to the window
// and two of the driver's ticks after the last: the tick after a key
// paints what it changed, and the next begins once that paint is on the
// screen. (Keys and ticks are both marked on the UI goroutine, so a tick
// marked after a key comes after its handler.)
func repeatsTaken(marks []string, n int) bool {
	ticks := 0
	for _, m := range marks {
		switch {
		case n > 0 && m == "key Return":
			n--
		case n == 0 && m == "tick":
			ticks++
		}
	}
	return n == 0 && ticks >= 2
}

// openHelp starts a window, looks at it, and opens its Help menu.
func openHelp(t *testing.T) (s *session, before image.Image, win image.Rectangle) {
	t.Helper()
	return openHelpThen(t, nil)
}

// openHelpThen is openHelp with setup run before the window starts.
func openHelpThen(t *testing.T, setup func(*session)) (s *session, before image.Image, win image.Rectangle) {
	t.Helper()
	s = startSessionThen(t, setup)
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
