package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCoNLLExportKeepsLabelsWithSpacesApart: a CoNLL line's columns are
// separated by spaces and the tag is the last, so a label with a space
// was written "Minister B-my label", and skein's import (as any CoNLL
// reader) read "my label" and "your label" back as one label, label,
// without a word at the export. Each space is now written _, a name another
// label has gets a number (a label written as it is keeps its name), alike
// in every part of a split, and a note lists each rename once.
func TestCoNLLExportKeepsLabelsWithSpacesApart(t *testing.T) {
	dir := t.TempDir()
	importAl(t, dir, []string{`{"text":"Minister said so in Kabul today.","spans":[{"start":0,"end":8,"text":"Minister","label":"my label","annotator":"al"},{"start":9,"end":13,"text":"said","label":"my_label","annotator":"al"},{"start":20,"end":25,"text":"Kabul","label":"your label","annotator":"al"}]}`})
	out := filepath.Join(t.TempDir(), "x.conll")
	code, _, stderr := run(t, dir, "export", "-annotator", "al", "-format", "conll", "-o", out)
	note := `note: conll: 2 labels renamed to fit CoNLL (a space, which separates a line's columns, becomes _; a name another label has gets a number) ("my label" → my_label_2; "your label" → your_label)` + "\n"
	if code != 0 || strings.Count(stderr, "renamed to fit CoNLL") != 1 || !strings.Contains(stderr, note) {
		t.Errorf("export = %d said\n%s\nwant once: %s", code, stderr, note)
	}
	b, _ := os.ReadFile(out)
	for _, want := range []string{"\nMinister B-my_label_2\n", "\nsaid B-my_label\n", "\nKabul B-your_label\n"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the CoNLL file lacks %q:\n%s", want, b)
		}
	}
	if list := readBack(t, "conll", out); !strings.Contains(list, " my_label 1 my_label_2 1 your_label 1 ") {
		t.Errorf("read back, skein list printed\n%s\nwant three labels of one span each", list)
	}

	// The parts of a split name each label alike, and say it once.
	split := t.TempDir()
	importAl(t, split, alternating([2]string{"Speaker", "Teller"}, [2]string{"my label", "my_label"}))
	data := filepath.Join(t.TempDir(), "data.conll")
	code, _, stderr = run(t, split, "export", "-annotator", "al", "-format", "conll", "-split", "34/33/33", "-o", data)
	if code != 0 || strings.Count(stderr, "renamed to fit CoNLL") != 1 || !strings.Contains(stderr, "\nnote: conll: 1 label renamed to fit CoNLL") {
		t.Errorf("export -split = %d said\n%s\nwant the rename said once, for every part", code, stderr)
	}
	tags := map[string]map[string]bool{} // token → its tags
	for _, part := range []string{"train", "dev", "test"} {
		b, _ := os.ReadFile(filepath.Join(filepath.Dir(data), "data."+part+".conll"))
		for _, l := range strings.Split(string(b), "\n") {
			if tok, tag, _ := strings.Cut(l, " "); tok == "Speaker" || tok == "Teller" {
				if tags[tok] == nil {
					tags[tok] = map[string]bool{}
				}
				tags[tok][tag] = true
			}
		}
	}
	if len(tags["Speaker"]) != 1 || len(tags["Teller"]) != 1 || fmt.Sprint(tags["Speaker"]) == fmt.Sprint(tags["Teller"]) {
		t.Errorf("across the parts my label was written %v and my_label %v; want one tag each, apart", tags["Speaker"], tags["Teller"])
	}
}

// TestCoNLLNamesComeFromTheLabelSet: names were handed out in the order
// labels were met, so a label's tag depended on which article came first
// and on which layer was exported: al's export, which holds "my label"
// alone, wrote it my_label, the very tag bob's export wrote for his
// "my_label", and the two exports, read back to measure agreement, counted
// different labels as one. The names now come from the store's labels:
// "my_label" keeps its name and "my label" is my_label_2, in each
// annotator's export, whatever the order of the articles.
func TestCoNLLNamesComeFromTheLabelSet(t *testing.T) {
	dir := t.TempDir()
	importAl(t, dir, []string{`{"text":"Minister said so in Kabul today.","spans":[{"start":0,"end":8,"text":"Minister","label":"my label","annotator":"al"}]}`})
	bob := filepath.Join(t.TempDir(), "bob.jsonl")
	os.WriteFile(bob, []byte(`{"text":"Ministers spoke in Herat.","spans":[{"start":0,"end":9,"text":"Ministers","label":"my_label","annotator":"bob"}]}`+"\n"), 0o644)
	if code, _, stderr := run(t, dir, "-user", "bob", "import", bob); code != 0 {
		t.Fatalf("import = %d %s", code, stderr)
	}
	for _, c := range []struct{ who, want, note string }{
		{"al", "\nMinister B-my_label_2\n", `("my label" → my_label_2)`},
		{"bob", "\nMinisters B-my_label\n", ""},
	} {
		out := filepath.Join(t.TempDir(), c.who+".conll")
		code, _, stderr := run(t, dir, "export", "-annotator", c.who, "-format", "conll", "-o", out)
		b, _ := os.ReadFile(out)
		if code != 0 || !strings.Contains(string(b), c.want) {
			t.Errorf("export -annotator %s = %d %s wrote\n%s\nwant %q", c.who, code, stderr, b, c.want)
		}
		if said := strings.Contains(stderr, "renamed to fit CoNLL"); said != (c.note != "") || !strings.Contains(stderr, c.note) {
			t.Errorf("export -annotator %s said\n%s\nwant the note %q", c.who, stderr, c.note)
		}
	}
}
