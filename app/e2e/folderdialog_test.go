//go:build unix

package e2e

import (
	"image"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestFolderDialogLeavesTheTerminalClean: File ▸ Team ▸ Folder… on a
// computer whose desktop defines no Videos, Music … folders (the test's
// home, as a fresh account's) opens Fyne's folder dialog and prints
// nothing on the terminal skein was started from. It printed, each time,
// "Fyne error:  Getting favorite locations / Cause: this computer does not
// define a VIDEOS folder / At: …/dialog/file.go:400". Positions are those
// of the default 1200×700 window at Fyne's scale 1.
func TestFolderDialogLeavesTheTerminalClean(t *testing.T) {
	if _, err := exec.LookPath("xdg-user-dir"); err != nil {
		t.Skip("xdg-user-dir is not installed: Fyne looks up no favourite folders, and has nothing to print")
	}
	s := startSession(t)
	before, ok := screenshot(t, s.env, filepath.Join(s.dir, "before.png"))
	if !ok {
		t.Skip("end-to-end: cannot look at the screen")
	}
	s.click(27, 13) // File
	time.Sleep(500 * time.Millisecond)
	s.click(60, 211) // Team ▸
	time.Sleep(500 * time.Millisecond)
	s.click(190, 211) // Folder…
	// The dialog covers most of the window.
	s.waitScreen("the folder dialog", "dialog.png", func(img image.Image) bool {
		return changed(before, img, image.Rect(s.x, s.y, s.x+s.w, s.y+s.h)) > s.w*s.h/3
	})
	time.Sleep(time.Second) // what it prints, it prints as it opens
	if out := s.appOut.String(); strings.Contains(out, "Fyne error") {
		t.Errorf("File ▸ Team ▸ Folder… printed on the terminal:\n%s", out)
	}
	s.xdo("key", "Escape")
	time.Sleep(300 * time.Millisecond)
	s.quit()
}

// changed counts the pixels of r that differ between a and b.
func changed(a, b image.Image, r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				n++
			}
		}
	}
	return n
}
