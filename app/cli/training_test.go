package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// export -split writes train, dev and test beside -o, and the parts of an
// hf export share one label list.
func TestExportSplitWritesParts(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	for i := 0; i < 30; i++ {
		text := fmt.Sprintf("Minister %03d said the budget was late.", i)
		fmt.Fprintf(&b, `{"text":%q,"spans":[{"id":"%016x","start":0,"end":12,"text":%q,"label":"actor","annotator":"al"}]}`+"\n", text, i+1, text[:12])
	}
	in := filepath.Join(t.TempDir(), "c.jsonl")
	os.WriteFile(in, []byte(b.String()), 0o644)
	if code, _, stderr := run(t, dir, "-user", "al", "import", in); code != 0 {
		t.Fatalf("import = %d %s", code, stderr)
	}
	_, whole, _ := run(t, dir, "-user", "al", "export")
	out := t.TempDir()
	for _, format := range []string{"skein", "hf"} {
		target := filepath.Join(out, format+".jsonl")
		code, _, stderr := run(t, dir, "-user", "al", "export", "-format", format, "-split", "80/10/10", "-seed", "3", "-o", target)
		if code != 0 {
			t.Fatalf("export -format %s -split = %d %s", format, code, stderr)
		}
		total := 0
		for _, part := range []string{"train", "dev", "test"} {
			data, err := os.ReadFile(filepath.Join(out, format+"."+part+".jsonl"))
			if err != nil {
				t.Fatalf("%s: %v", part, err)
			}
			if format == "skein" {
				total += strings.Count(string(data), "\n")
			}
		}
		if want := strings.Count(whole, "\n"); format == "skein" && total != want {
			t.Errorf("the parts hold %d articles, want %d as the whole export", total, want)
		}
	}
	labels, err := os.ReadFile(filepath.Join(out, "labels.json"))
	if err != nil || !strings.Contains(string(labels), `"B-actor"`) {
		t.Errorf("labels.json: %s, %v", labels, err)
	}
	if code, _, stderr := run(t, dir, "export", "-split", "80/20"); code != 2 || !strings.Contains(stderr, "want three percentages") {
		t.Errorf("a bad -split: %d %s", code, stderr)
	}
}
