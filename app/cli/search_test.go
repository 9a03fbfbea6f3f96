package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	if code != 0 || !strings.HasSuffix(out, "1 match in 1 article\n") || !strings.Contains(out, "(3 matches)") {
		t.Errorf("-limit 1 = %d:\n%s", code, out)
	}
	for _, bad := range [][]string{{"search"}, {"search", "/(/"}, {"search", "done:maybe"}, {"search", "-limit", "-1", "x"}} {
		if code, _, stderr := run(t, dir, bad...); code != 2 || !strings.HasPrefix(stderr, "skein search: ") {
			t.Errorf("%v = %d, %q; want 2 and a message", bad, code, stderr)
		}
	}
}
