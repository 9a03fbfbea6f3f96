package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// export -split writes train, dev and test beside -o, and the parts of an
// hf export share one label list.
func TestExportSplitWritesParts(t *testing.T) {
	dir := splitCorpus(t)
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
	labels, err := os.ReadFile(filepath.Join(out, "hf.labels.json"))
	if err != nil || !strings.Contains(string(labels), `"B-actor"`) {
		t.Errorf("hf.labels.json: %s, %v", labels, err)
	}
	if code, _, stderr := run(t, dir, "export", "-split", "80/20"); code != 2 || !strings.Contains(stderr, "want three percentages") {
		t.Errorf("a bad -split: %d %s", code, stderr)
	}
}

// splitCorpus is a store of 30 articles with a span of al's each, for a
// split.
func splitCorpus(t *testing.T) (dir string) {
	t.Helper()
	dir = t.TempDir()
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
	return dir
}

// Two hf exports into one folder each keep a label list of their own,
// named after their data file: the folder's one labels.json was replaced
// by the second export's without a word, and the first export's ner_tags
// then named the second's labels. A second export under the first one's
// name replaces its data and its list together.
func TestHFExportsShareAFolder(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	for i := 0; i < 4; i++ {
		text := fmt.Sprintf("Minister %03d said the budget was late.", i)
		fmt.Fprintf(&b, `{"text":%q,"spans":[{"id":"%016x","start":0,"end":12,"text":%q,"label":"actor","annotator":"al"},`+
			`{"id":"%016x","start":13,"end":%d,"text":%q,"label":"claim","annotator":"al"}]}`+"\n",
			text, 2*i+1, text[:12], 2*i+2, len(text)-1, text[13:len(text)-1])
	}
	in := filepath.Join(t.TempDir(), "c.jsonl")
	os.WriteFile(in, []byte(b.String()), 0o644)
	if code, _, stderr := run(t, dir, "-user", "al", "import", in); code != 0 {
		t.Fatalf("import = %d %s", code, stderr)
	}
	out := t.TempDir()
	export := func(labels, name string) {
		t.Helper()
		if code, _, stderr := run(t, dir, "-user", "al", "export", "-format", "hf", "-labels", labels, "-o", filepath.Join(out, name)); code != 0 {
			t.Fatalf("export -labels %s -o %s = %d %s", labels, name, code, stderr)
		}
	}
	// tagsOf reads an export's rows through its own label list, as
	// training would, and names the tags other than O that they hold.
	tagsOf := func(name string) string {
		t.Helper()
		var list []string
		raw, err := os.ReadFile(filepath.Join(out, strings.TrimSuffix(name, ".jsonl")+".labels.json"))
		if errors.Is(err, fs.ErrNotExist) { // where skein wrote it before
			raw, err = os.ReadFile(filepath.Join(out, "labels.json"))
		}
		if err == nil {
			err = json.Unmarshal(raw, &list)
		}
		if err != nil {
			t.Fatalf("%s's label list: %v", name, err)
		}
		data, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		var named []string
		for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			var row struct {
				NerTags []int `json:"ner_tags"`
			}
			if err := json.Unmarshal([]byte(line), &row); err != nil {
				t.Fatal(err)
			}
			for _, tag := range row.NerTags {
				if tag < 0 || tag >= len(list) {
					t.Fatalf("%s: tag %d beyond its label list %q", name, tag, list)
				}
				if list[tag] != "O" {
					named = append(named, list[tag])
				}
			}
		}
		slices.Sort(named)
		return strings.Join(slices.Compact(named), " ")
	}
	export("actor", "actors.jsonl")
	export("claim", "claims.jsonl")
	if got := tagsOf("actors.jsonl"); got != "B-actor I-actor" {
		t.Errorf("the first export, read after the second: %q, want actors only", got)
	}
	if got := tagsOf("claims.jsonl"); got != "B-claim I-claim" {
		t.Errorf("the second export: %q, want claims only", got)
	}
	export("claim", "actors.jsonl") // the same name again: its own list goes with it
	if got := tagsOf("actors.jsonl"); got != "B-claim I-claim" {
		t.Errorf("actors.jsonl exported again with claims: %q", got)
	}
	if _, err := os.Stat(filepath.Join(out, "labels.json")); err == nil {
		t.Error("a labels.json shared by the folder's exports was written")
	}
}
