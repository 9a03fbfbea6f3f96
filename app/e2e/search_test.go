//go:build unix

package e2e

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestSearchLabelAll searches the seed corpus for Kakar in the real window
// (Ctrl+Shift+F, type, Enter), presses 2 in the results to label every
// match an actor, quits, and finds in `skein export` one actor for each
// match `skein search` lists, each the word Kakar.
func TestSearchLabelAll(t *testing.T) {
	s := startSession(t)
	s.xdo("key", "ctrl+shift+f")
	time.Sleep(500 * time.Millisecond)
	s.xdo("type", "--delay", "30", "kakar")
	s.xdo("key", "Return")
	time.Sleep(1500 * time.Millisecond)
	s.xdo("key", "2")
	time.Sleep(1500 * time.Millisecond)
	if shot := os.Getenv("SKEIN_SCREENSHOT"); shot != "" {
		screenshot(t, s.env, strings.TrimSuffix(shot, ".png")+"-search.png")
	}
	s.quit()

	actors := 0
	for _, sp := range s.export() {
		if sp.Label != "actor" {
			continue
		}
		actors++
		if !strings.EqualFold(sp.Text, "kakar") {
			t.Errorf("actor %q at [%d,%d) is not a match of kakar", sp.Text, sp.Start, sp.End)
		}
	}
	srch := exec.Command(s.bin, "-store", s.store, "-user", "e2e", "search", "-json", "kakar")
	srch.Env = s.env
	found, err := srch.Output()
	if err != nil {
		t.Fatalf("skein search: %v", err)
	}
	matches := strings.Count(string(found), "\n")
	t.Logf("label-all: %d actors for %d matches of kakar", actors, matches)
	if matches == 0 || actors != matches {
		t.Errorf("after searching kakar and pressing 2: %d actors by e2e in the export, want one per match (%d)\napp output:\n%s", actors, matches, s.appOut.String())
	}
}
