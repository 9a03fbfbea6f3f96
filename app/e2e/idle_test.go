//go:build linux

package e2e

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// TestIdleWithFocusedEntry: a window left alone with a text field holding
// the keyboard — the user-name dialog of a first start, the find bar —
// uses next to no processor. Fyne's entry fades its cursor in and out by
// repainting the whole window about twelve times a second; drawn by
// software OpenGL (as under Xvfb here, or on a virtual machine or a remote
// desktop) that took 20-40 % of a core for as long as the field had the
// keyboard. skein turns Fyne's widget animations off (app calmApp).
func TestIdleWithFocusedEntry(t *testing.T) {
	s := startSessionThen(t, func(s *session) {
		s.user = "" // a first start: the window asks who is annotating
		s.env = slices.DeleteFunc(s.env, func(kv string) bool { return strings.HasPrefix(kv, "SKEIN_USER=") })
	})
	idle := func(what string) {
		t.Helper()
		time.Sleep(time.Second) // what the action itself drew
		pid := s.app.Process.Pid
		c0, t0 := cpuTime(t, pid), time.Now()
		time.Sleep(5 * time.Second)
		used, wall := cpuTime(t, pid)-c0, time.Since(t0)
		share := float64(used) / float64(wall)
		t.Logf("idle with %s focused: %v of processor in %v (%.1f %% of a core)", what, used, wall.Round(time.Millisecond), 100*share)
		// Measured: 2 % with the animations off, 22-40 % with them on.
		if share > 0.10 {
			t.Errorf("idle with %s focused, skein used %.0f %% of a core (%v in %v), want under 10 %%", what, 100*share, used, wall.Round(time.Millisecond))
		}
	}
	idle("the user-name dialog's field")
	s.xdo("key", "Return") // Start, as the name suggested
	s.xdo("key", "ctrl+f")
	idle("the find bar's field")
	s.quit()
}
