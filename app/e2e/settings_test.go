//go:build unix

package e2e

import (
	"encoding/json"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDamagedSettingsAtStart starts the window with skein-settings.json
// cut short (by something other than skein, whose saves are renamed into
// place) and Fyne's preferences.json, its copy, whole and light: the
// window opens, light, says once on stderr what it could not read and
// where the damaged file is kept, and quits; skein-settings.json is whole
// again and the next start says nothing.
func TestDamagedSettingsAtStart(t *testing.T) {
	cut := "{\n  \"theme\": \"light\",\n  \"textsize\": 1"
	var dir string
	s := startSessionThen(t, func(s *session) {
		dir = filepath.Join(s.dir, ".config", "fyne", "io.github.skein_news.skein")
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, "skein-settings.json"), []byte(cut), 0o600)
		os.WriteFile(filepath.Join(dir, "preferences.json"), []byte(`{"theme":"light","textsize":17}`), 0o600)
	})
	settings := filepath.Join(dir, "skein-settings.json")
	want := "skein: the window's settings in " + settings + " cannot be read (line 3: it ends before the settings do); it is kept as skein-settings.json.damaged; the settings in preferences.json (Fyne's copy, saved at each change too) are used"
	if img, ok := screenshot(t, s.env, filepath.Join(s.dir, "damaged.png")); ok {
		if l := meanLuma(img, image.Rect(s.x+20, s.y+420, s.x+260, s.y+600)); l < 160 {
			t.Errorf("the window is dark (mean luma %.0f below the document list), want preferences.json's light theme", l)
		}
	}
	s.quit()
	if out := s.appOut.String(); strings.Count(out, want) != 1 {
		t.Errorf("stderr says, want once %q:\n%s", want, out)
	}
	b, err := os.ReadFile(settings)
	var got map[string]any
	if err == nil {
		err = json.Unmarshal(b, &got)
	}
	if err != nil || got["theme"] != "light" {
		t.Errorf("after the start skein-settings.json holds %s (%v), want it whole and light", b, err)
	}
	if b, _ := os.ReadFile(settings + ".damaged"); string(b) != cut {
		t.Errorf("skein-settings.json.damaged holds %q, want the damaged file %q", b, cut)
	}
	s.appOut.Reset()
	s.start()
	s.quit()
	if out := s.appOut.String(); strings.Contains(out, "cannot be read") {
		t.Errorf("the next start says again:\n%s", out)
	}
}
