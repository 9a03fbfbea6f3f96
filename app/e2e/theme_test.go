//go:build unix

package e2e

import (
	"image"
	"testing"
	"time"
)

// TestThemeReachesOtherTabs opens the Threads tab in the dark theme, goes
// back to Spans, switches to the light theme there, as View ▸ Theme ▸
// Light theme does, and opens Threads again: alice's thread's title must be drawn in
// dark ink. The tabs not shown when the theme changed kept the old theme's
// colours: the title was the dark theme's white on the light theme's white.
func TestThemeReachesOtherTabs(t *testing.T) {
	s := startSessionThen(t, aliceImported)
	list := image.Rect(s.x+20, s.y+420, s.x+260, s.y+600) // below the document list
	// theme picks View's item at height item and waits for the window to
	// turn light or dark.
	theme := func(item int, light bool) {
		s.click(117, 13) // View
		time.Sleep(500 * time.Millisecond)
		s.click(150, 45) // Theme ▸
		time.Sleep(500 * time.Millisecond)
		s.click(370, item) // in Theme's submenu
		s.waitScreen("the window to change its theme", "theme.png", func(img image.Image) bool {
			return (meanLuma(img, list) > 160) == light
		})
	}
	title := image.Rect(s.x+880, s.y+155, s.x+1190, s.y+182) // the first thread's
	ink := func(img image.Image, dark bool) int {
		return countPixels(img, title, func(r, g, b int) bool { return (r+g+b < 300) == dark && r+g+b != 0 })
	}
	// The Threads tab drawn in the dark theme, then left for Spans.
	theme(85, false)
	s.click(969, 50) // the Threads tab
	s.waitScreen("the thread's title in light ink on the dark theme", "threads-dark.png", func(img image.Image) bool {
		return ink(img, false) >= 20 && meanLuma(img, title) < 128
	})
	s.click(900, 50) // the Spans tab
	time.Sleep(500 * time.Millisecond)
	theme(45, true)
	s.click(969, 50)
	s.waitScreen("the thread's title in dark ink on the light theme", "threads-light.png", func(img image.Image) bool {
		return ink(img, true) >= 20
	})
	s.quit()
}
