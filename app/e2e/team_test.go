//go:build unix

package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
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
