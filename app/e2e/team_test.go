//go:build unix

package e2e

import (
	"encoding/json"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestTeamTwoStores is the two-store scenario: the real window runs on
// store A connected to a team folder; a second store, bilal's, syncs the
// same folder from the command line while the window is open. His span is
// in the window's store when it quits, and the window wrote its user's
// claim into the folder by itself.
func TestTeamTwoStores(t *testing.T) {
	var folder string
	s := startSessionThen(t, connectTeam(t, &folder))
	bilalSpan := bilalSyncs(t, s, folder)

	s.drag(s.x+s.w*34/100, s.x+s.w*58/100, s.y+articleLineY(s.h))
	s.xdo("key", "1")
	// The window writes its layer 0.4 s after the change, by itself.
	start := time.Now()
	for !ownClaimInFolder(folder) && time.Since(start) < 15*time.Second {
		time.Sleep(50 * time.Millisecond)
	}
	own := ownClaimInFolder(folder)
	t.Logf("the claim was in the team folder %v after the key", time.Since(start).Round(10*time.Millisecond))
	s.quit()
	if !own {
		t.Errorf("15 s after the key, the window had not written e2e's claim into the team folder")
	}
	// Only the window had store A open: bilal's span reached it live.
	theirs := s.cli("-store", s.store, "-user", "e2e", "export", "-annotator", "bilal")
	if !strings.Contains(theirs, bilalSpan) {
		t.Errorf("bilal's span (%s), synced while the window ran, is not in the window's store\napp output:\n%s", bilalSpan, s.appOut.String())
	}
}

// connectTeam is a setup for startSessionThen: it makes a team folder in
// the session's folder, sets *folder to it and connects the store to it
// as e2e.
func connectTeam(t *testing.T, folder *string) func(*session) {
	return func(s *session) {
		*folder = filepath.Join(s.dir, "team")
		if err := os.Mkdir(*folder, 0o755); err != nil {
			t.Fatal(err)
		}
		s.cli("-store", s.store, "-user", "e2e", "team", *folder)
	}
}

func ownClaimInFolder(folder string) bool {
	own, _ := filepath.Glob(filepath.Join(folder, "layers", "e2e", "*", "*.jsonl"))
	for _, f := range own {
		if b, _ := os.ReadFile(f); strings.Contains(string(b), `"label":"claim"`) {
			return true
		}
	}
	return false
}

// bilalSyncs gives a second store, bilal's, a span on the first seed
// article and syncs it into the team folder; it returns the span as
// skein's JSONL writes it, from its offsets on.
func bilalSyncs(t *testing.T, s *session, folder string) string {
	t.Helper()
	text, err := os.ReadFile(filepath.Join("..", "..", "seeds", "000_a028c591ba1f5ed0.txt"))
	if err != nil {
		t.Fatal(err)
	}
	runes := []rune(string(text))
	line, _ := json.Marshal(map[string]any{
		"text":  string(text),
		"spans": []map[string]any{{"id": "e2e-bilal-span-1", "start": 0, "end": 8, "text": string(runes[:8]), "label": "actor", "annotator": "bilal"}},
	})
	bundle := filepath.Join(s.dir, "bilal.jsonl")
	if err := os.WriteFile(bundle, append(line, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	bstore := filepath.Join(s.dir, "store-bilal")
	s.cli("-store", bstore, "-user", "bilal", "import", bundle)
	out := s.cli("-store", bstore, "-user", "bilal", "team", folder)
	t.Logf("bilal's skein team: %s", strings.TrimSpace(out))
	quoted, _ := json.Marshal(string(runes[:8]))
	return fmt.Sprintf(`"start":0,"end":8,"text":%s,"label":"actor","annotator":"bilal"`, quoted)
}

// TestTeamColleagueLeaves: bilal's folder deleted from the team folder
// while the real window runs takes his span out of the window's store (its
// read 2 s after the first that found the folder gone), with no restart;
// the Team tab is shown (its screenshot kept in $SKEIN_SHOTS, where set).
func TestTeamColleagueLeaves(t *testing.T) {
	var folder string
	s := startSessionThen(t, connectTeam(t, &folder))
	bilalSpan := bilalSyncs(t, s, folder)
	time.Sleep(1500 * time.Millisecond) // his span read by the window
	shots := os.Getenv("SKEIN_SHOTS")
	if shots == "" {
		shots = s.dir
	}
	// The Team tab: under the tabs' "…" above the span list.
	s.xdo("mousemove", "--sync", strconv.Itoa(s.x+s.w-23), strconv.Itoa(s.y+49))
	s.xdo("click", "1")
	time.Sleep(500 * time.Millisecond)
	s.xdo("mousemove", "--sync", strconv.Itoa(s.x+s.w-77), strconv.Itoa(s.y+123))
	s.xdo("click", "1")
	time.Sleep(500 * time.Millisecond)
	screenshot(t, s.env, filepath.Join(shots, "team-before.png"))
	if err := os.RemoveAll(filepath.Join(folder, "layers", "bilal")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(4 * time.Second) // the read that finds it gone, and the one 2 s later
	// The Team tab tells of it below the colleagues, whole: four lines of
	// text, each some 12 rows of light pixels, where the colleagues' list
	// ends (~y 330) and the status bar begins (~y 655). Laid out at one
	// unwrapped line's height, it showed two lines, scrolled.
	if img, ok := screenshot(t, s.env, filepath.Join(shots, "team-after.png")); ok {
		rows := 0
		for y := s.y + 350; y < s.y+655; y++ {
			if countPixels(img, image.Rect(s.x+870, y, s.x+s.w-10, y+1), func(R, G, B int) bool { return R > 150 && G > 150 && B > 150 }) >= 2 {
				rows++
			}
		}
		t.Logf("rows of text below the Team tab's colleagues: %d", rows)
		if rows < 36 {
			t.Errorf("the Team tab shows %d rows of text where bilal's going is told (want four lines, ~48): not shown whole; screenshot %s", rows, filepath.Join(shots, "team-after.png"))
		}
	}
	s.quit()
	if theirs := s.cli("-store", s.store, "-user", "e2e", "export", "-annotator", "bilal"); strings.Contains(theirs, bilalSpan) {
		t.Errorf("bilal's span is still in the window's store after his folder left the team folder\napp output:\n%s", s.appOut.String())
	}
}
