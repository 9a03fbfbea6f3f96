package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
)

func TestSearchCommand(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(t.TempDir(), "a.txt")
	text := "Tehrik-e Taliban Pakistan (TTP) claimed it.\n\nA zorblax for the café said the TALIBAN had left."
	if err := os.WriteFile(src, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(t, dir, "import", src); code != 0 {
		t.Fatalf("import = %d: %s", code, stderr)
	}
	code, out, stderr := run(t, dir, "search", "-json", "taliban", "cafe")
	if code != 0 {
		t.Fatalf("search = %d: %s", code, stderr)
	}
	var got []searchJSON
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var m searchJSON
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		got = append(got, m)
	}
	want := []struct {
		start, end int
		text       string
	}{{9, 16, "Taliban"}, {63, 67, "café"}, {77, 84, "TALIBAN"}}
	if len(got) != len(want) {
		t.Fatalf("got %d matches, want %d:\n%s", len(got), len(want), out)
	}
	for i, w := range want {
		if got[i].Start != w.start || got[i].End != w.end || got[i].Text != w.text || !strings.Contains(got[i].Context, w.text) {
			t.Errorf("match %d: got %+v, want %d–%d %q in its context", i, got[i], w.start, w.end, w.text)
		}
	}
	if strings.Contains(got[2].Context, "\n") {
		t.Errorf("context keeps a line break: %q", got[2].Context)
	}

	code, out, _ = run(t, dir, "search", `"tehrik-e taliban pakistan"`, "zorblax")
	if code != 0 || !strings.Contains(out, "0–25  Tehrik-e Taliban Pakistan (TTP) claimed it.") || !strings.HasSuffix(out, "2 matches in 1 article\n") {
		t.Errorf("plain phrase search = %d:\n%s", code, out)
	}
	code, out, _ = run(t, dir, "search", "-limit", "1", "/talib\\w+/", "zorblax")
	// The article's count says how many of its matches are shown: "(3
	// matches)" over one match read as the other two being lost.
	if code != 0 || !strings.HasSuffix(out, "1 match in 1 article (stopped at -limit 1)\n") || !strings.Contains(out, "(3 matches, 1 shown)") {
		t.Errorf("-limit 1 = %d:\n%s", code, out)
	}
	// A label or annotator no span has: the search finds nothing and says
	// which filter it was, where it said only "0 matches".
	code, out, stderr = run(t, dir, "search", "taliban", "label:Actor", "annotator:nobody")
	if code != 0 || !strings.HasSuffix(out, "0 matches in 0 articles\n") ||
		!strings.Contains(stderr, `skein search: note: no span in the store is labelled "Actor" (names are matched exactly, case included)`) ||
		!strings.Contains(stderr, `no span in the store is by "nobody"`) {
		t.Errorf("unknown label and annotator = %d:\n%s%s", code, out, stderr)
	}
	for _, bad := range [][]string{{"search"}, {"search", "/(/"}, {"search", "done:maybe"}, {"search", "-limit", "-1", "x"}} {
		if code, _, stderr := run(t, dir, bad...); code != 2 || !strings.HasPrefix(stderr, "skein search: ") {
			t.Errorf("%v = %d, %q; want 2 and a message", bad, code, stderr)
		}
	}
}

// TestSearchInListOrder: skein search prints the articles as skein list
// does, oldest first, not in the order of their IDs; -limit takes the
// first matches in that order.
func TestSearchInListOrder(t *testing.T) {
	dir := t.TempDir()
	var texts []string
	for i := range 5 {
		texts = append(texts, fmt.Sprintf("Report %d: the talks at Torkham stalled.", i))
	}
	// Dates that run against the IDs' order.
	slices.SortFunc(texts, func(a, b string) int { return strings.Compare(annotate.DocID(a), annotate.DocID(b)) })
	var lines []string
	for i, text := range texts {
		date := fmt.Sprintf("2024-01-%02d", 20-i)
		line, _ := json.Marshal(map[string]string{"title": "Talks stall " + date, "date": date, "text": text})
		lines = append(lines, string(line))
	}
	src := filepath.Join(t.TempDir(), "talks.jsonl")
	if err := os.WriteFile(src, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(t, dir, "import", src); code != 0 {
		t.Fatalf("import = %d: %s", code, stderr)
	}
	code, list, stderr := run(t, dir, "list")
	if code != 0 {
		t.Fatalf("list = %d: %s", code, stderr)
	}
	var want []string
	for _, l := range strings.Split(strings.TrimSpace(list), "\n") {
		want = append(want, strings.Fields(l)[0])
	}
	if slices.IsSortedFunc(want, strings.Compare) {
		t.Fatalf("skein list prints the articles in ID order, which tells nothing:\n%s", list)
	}
	var found []string // every article that matches, in whatever order
	for _, limit := range []string{"0", "2"} {
		code, out, stderr := run(t, dir, "search", "-json", "-limit", limit, "torkham")
		if code != 0 {
			t.Fatalf("search = %d: %s", code, stderr)
		}
		var got []string
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			var m searchJSON
			if err := json.Unmarshal([]byte(l), &m); err != nil {
				t.Fatalf("line %q: %v", l, err)
			}
			if !slices.Contains(got, m.Doc) {
				got = append(got, m.Doc)
			}
		}
		if limit == "0" {
			found = got
		}
		var w []string // the list's articles that match
		for _, id := range want {
			if slices.Contains(found, id) {
				w = append(w, id)
			}
		}
		if limit == "2" && len(got) > 0 && len(got) <= 2 {
			w = w[:len(got)] // the articles of the first two matches
		}
		if len(found) < 5 {
			t.Fatalf("torkham is in %d articles, want the 5 reports at least", len(found))
		}
		if !slices.Equal(got, w) {
			t.Errorf("search -limit %s prints the articles\n%v\nwant skein list's order\n%v", limit, got, w)
		}
	}
}

// A filter's name mistyped (lable:actor, Label:actor) was searched as the
// words it is, found nothing and said nothing: the newcomer could not tell
// a typo from an empty corpus. A search that finds nothing now says so; a
// URL (http://…) is not taken for a filter, and a search that finds
// something says nothing.
func TestSearchNamesAMistypedFilter(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(t.TempDir(), "a.txt")
	if err := os.WriteFile(src, []byte("Kakar spoke in Islamabad.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(t, dir, "import", src); code != 0 {
		t.Fatalf("import = %d: %s", code, stderr)
	}
	for _, tc := range []struct {
		query []string
		note  string
	}{
		{[]string{"lable:actor"}, "skein search: note: lable:actor was searched as words: lable: is no filter (the filters are label:, annotator:, note:, in:, done: and date:)\n"},
		{[]string{"Kakar", "Label:actor"}, "skein search: note: Label:actor was searched as words: Label: is no filter (the filters are label:, annotator:, note:, in:, done: and date:)\n"},
		{[]string{"http://example.org"}, ""},
		{[]string{"Kakar"}, ""},
	} {
		t.Run(strings.Join(tc.query, " "), func(t *testing.T) {
			code, _, stderr := run(t, dir, append([]string{"search"}, tc.query...)...)
			if code != 0 || stderr != tc.note {
				t.Errorf("search %q = %d, stderr %q; want 0 and %q", tc.query, code, stderr, tc.note)
			}
		})
	}
}
