//go:build unix

package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestClickTakesYourSpanBesideAColleagues: with View ▸ Colleagues' work on,
// a click on words that both the user and a colleague labelled alike
// selects the user's span, so Delete removes it. The click took the
// colleague's span (its ID sorts first), read-only: Delete said "This span
// is in ann's layer" and the user's span stayed, as a new researcher
// found reviewing beside a colleague.
func TestClickTakesYourSpanBesideAColleagues(t *testing.T) {
	words := strings.Repeat("Kakar ", 300)
	span := func(id, who string) string {
		return `{"id":"` + id + `","start":0,"end":1200,"text":"` + words[:1200] + `","label":"claim","annotator":"` + who + `"}`
	}
	line := `{"title":"Both labelled","date":"2020-01-01","text":"` + words + `","spans":[` + span("a-ann", "ann") + `,` + span("b-e2e", "e2e") + `]}` + "\n"
	s := startSessionThen(t, func(s *session) {
		file := filepath.Join(s.dir, "both.jsonl")
		if err := os.WriteFile(file, []byte(line), 0o644); err != nil {
			t.Fatal(err)
		}
		s.cli("-store", s.store, "-user", "e2e", "import", file)
		dir := filepath.Join(s.dir, ".config", "fyne", "io.github.skein_news.skein")
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "skein-settings.json"), []byte(`{"colleagues": true}`), 0o600); err != nil {
			t.Fatal(err)
		}
	})
	count := func() (mine, anns int) {
		for _, l := range strings.Split(strings.TrimSpace(s.cli("-store", s.store, "-user", "e2e", "export", "-all")), "\n") {
			var doc struct{ Spans []struct{ Annotator string } }
			if err := json.Unmarshal([]byte(l), &doc); err != nil {
				t.Fatalf("export line %q: %v", l, err)
			}
			for _, sp := range doc.Spans {
				switch sp.Annotator {
				case "e2e":
					mine++
				case "ann":
					anns++
				}
			}
		}
		return mine, anns
	}
	if mine, anns := count(); mine != 1 || anns != 1 {
		t.Fatalf("before the click: %d of e2e's and %d of ann's, want both spans", mine, anns)
	}
	x, y := s.x+s.w*45/100, s.y+articleLineY(s.h)
	s.xdo("mousemove", "--sync", strconv.Itoa(x), strconv.Itoa(y))
	s.xdo("click", "1")
	time.Sleep(700 * time.Millisecond)
	s.xdo("key", "Delete")
	time.Sleep(700 * time.Millisecond)
	screenshot(t, s.env, filepath.Join(s.dir, "deleted.png"))
	mine, anns := count()
	s.quit()
	if mine != 0 || anns != 1 {
		t.Errorf("after a click on the words both labelled and Delete: %d spans of e2e's and %d of ann's, want none of e2e's and ann's one; screenshot in %s\n%s",
			mine, anns, s.dir, s.appOut.String())
	}
}
