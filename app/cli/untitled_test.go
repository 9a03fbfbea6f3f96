package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// TestUntitledArticleShown: a JSONL line without "title", as a script
// writes it, gave an article that skein list, skein search and skein
// agree showed with an empty title. Each shows its opening words, marked
// as having no title; the store keeps no title, so an export and agree
// -json write none.
func TestUntitledArticleShown(t *testing.T) {
	dir, id := shownUntitled(t, "")
	_, out, _ := run(t, dir, "agree", "-a", "al", "-b", "bo", "-json")
	var rep struct {
		Documents []struct{ ID, Title string }
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || len(rep.Documents) != 1 || rep.Documents[0].Title != "" {
		t.Errorf("skein agree -json documents %+v (%v), want the article with its title, none", rep.Documents, err)
	}
	_, out, _ = run(t, dir, "export", "-annotator", "al")
	if !strings.Contains(out, `"id":"`+id+`","title":"","source":""`) {
		t.Errorf("skein export:\n%s\nwant the article with no title and no source, as imported", out)
	}
}

// TestInvisibleTitleShownUntitled: an article whose title is only what
// shows nothing (a zero-width space, the Hangul filler U+3164, as a
// scraper leaves of a title it could not read) was listed, searched and
// measured with a blank title, where one without "title" showed its
// opening words. Each is shown as one without a title; the store and an
// export keep the title the file gave.
func TestInvisibleTitleShownUntitled(t *testing.T) {
	for _, title := range []string{"\u200b", "\u3164 ", "\ufe0f\u2060"} {
		t.Run(fmt.Sprintf("%q", title), func(t *testing.T) {
			dir, id := shownUntitled(t, fmt.Sprintf(`"title":%q,`, title))
			_, out, _ := run(t, dir, "export", "-annotator", "al")
			kept := false
			for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
				var d struct{ ID, Title string }
				if err := json.Unmarshal([]byte(line), &d); err == nil && d.ID == id {
					kept = d.Title == title
				}
			}
			if !kept {
				t.Errorf("skein export wrote the article %s without the title it was given, %q", id, title)
			}
		})
	}
}

// shownUntitled imports into a new store an article with two layers, the
// line's title field as title gives it ("" for none, or `"title":"…",`),
// and checks that skein list, skein search and skein agree show it by its
// opening words, as one without a title. It returns the store and the
// article's ID.
func shownUntitled(t *testing.T, title string) (string, string) {
	t.Helper()
	dir := t.TempDir()
	text := "Mujahid denied that 300 families had left Quetta. Kakar said they had."
	file := filepath.Join(t.TempDir(), "script.jsonl")
	line := fmt.Sprintf(`{%s"text":%q,"spans":[{"start":0,"end":7,"text":"Mujahid","label":"actor","annotator":"al"},{"start":0,"end":7,"text":"Mujahid","label":"actor","annotator":"bo"}]}`, title, text)
	if err := os.WriteFile(file, []byte(line+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, stderr := run(t, dir, "import", file); code != 0 {
		t.Fatalf("import = %d %q %q", code, out, stderr)
	}
	id := annotate.DocID(text)
	want := "(no title) “Mujahid denied that 300 families had left Quetta”"
	_, out, _ := run(t, dir, "list")
	if !strings.Contains(out, id+"  -           claim 0 actor 2 figure 0 accusation 0  "+want+"\n") {
		t.Errorf("skein list:\n%s\nwant the article's row to end in %q", out, want)
	}
	if _, out, _ := run(t, dir, "search", "Quetta"); !strings.Contains(out, id+"  -  "+want+"  (1 match)") {
		t.Errorf("skein search Quetta:\n%s\nwant the article as %q", out, want)
	}
	if _, out, _ := run(t, dir, "agree", "-a", "al", "-b", "bo"); !strings.Contains(out, "(no title) “Mujahid denied that 300 fa") {
		t.Errorf("skein agree:\n%s\nwant the article's row to begin %q", out, want)
	}
	return dir, id
}
