//go:build unix

package e2e

import (
	"image"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/skein-news/skein/store/rofolder"
)

// TestEndToEndReadOnly starts the real program on a store whose folder it
// cannot write (a read-only bind mount as root, chmod -w as a user): the
// window opens on the first article, titled read-only; a drag and a label
// key draw no span and the status line says why; `skein export` reads the
// store beside the open window; Ctrl+Q quits cleanly; and nothing in the
// folder changed. SKEIN_READONLY_SCREENSHOT=path keeps a screenshot of the
// refused key.
func TestEndToEndReadOnly(t *testing.T) {
	var before map[string]string
	s := startSessionThen(t, func(s *session) {
		s.cli("-store", s.store, "list") // makes the store, with the seed articles
		rofolder.Make(t, s.store)
		before = rofolder.State(t, s.store)
	})
	dir, env, wx, wy, ww, wh := s.dir, s.env, s.x, s.y, s.w, s.h
	if name := s.xdo("getwindowname", s.win); !strings.HasPrefix(name, "skein (read-only) — ") {
		t.Errorf("the window is titled %q, want it to say read-only and name the article", name)
	}
	if out := s.appOut.String(); !strings.Contains(out, "is opened read-only") {
		t.Errorf("the program did not say the store was opened read-only:\n%s", out)
	}

	x1, x2 := wx+ww*34/100, wx+ww*58/100
	y := wy + articleLineY(wh)
	s.drag(x1, x2, y)
	s.xdo("key", "1")
	time.Sleep(700 * time.Millisecond)
	shot := os.Getenv("SKEIN_READONLY_SCREENSHOT")
	if shot == "" {
		shot = filepath.Join(dir, "readonly.png")
	}
	if after, ok := screenshot(t, env, shot); ok {
		if n := claimPixels(after, image.Rect(x1, y-8, x2, y+8)); n > 20 {
			t.Errorf("a claim is drawn on a read-only store: %d claim-coloured pixels on the dragged line; screenshot %s", n, shot)
		}
	}
	// A second reader beside the window.
	if spans := s.export(); len(spans) != 0 {
		t.Errorf("the read-only store holds %d spans of e2e's, want none", len(spans))
	}
	s.quit()
	if out := s.appOut.String(); strings.Contains(out, "automatic backup") {
		t.Errorf("quitting tried a backup in the read-only folder:\n%s", out)
	}
	if after := rofolder.State(t, s.store); !reflect.DeepEqual(before, after) {
		t.Errorf("the read-only store's folder changed:\nbefore %v\nafter  %v", before, after)
	}
}
