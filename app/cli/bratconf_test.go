package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// bratConfCorpus is a store of two articles, the first by ID with three
// spans labelled first, the first two linked by a relation labelled
// Equiv, the second with three labelled second, the first two in an
// equivalence set (its type skein's default, Equiv).
func bratConfCorpus(t *testing.T, first, second [3]string) string {
	t.Helper()
	texts := []string{"Minister said so in Kabul.", "Ministers spoke in Herat today."}
	if annotate.DocID(texts[1]) < annotate.DocID(texts[0]) {
		texts[0], texts[1] = texts[1], texts[0]
	}
	var lines, threads []string
	for i, labels := range [][3]string{first, second} {
		text, id := texts[i], annotate.DocID(texts[i])
		words := strings.Fields(text)
		var spans []string
		for j, w := range words[:3] {
			start := strings.Index(text, w)
			spans = append(spans, fmt.Sprintf(`{"id":"s%d%d","start":%d,"end":%d,"text":%q,"label":%q,"annotator":"al"}`, i, j, start, start+len(w), w, labels[j]))
		}
		lines = append(lines, fmt.Sprintf(`{"text":%q,"spans":[%s]}`, text, strings.Join(spans, ",")))
		if i == 0 {
			threads = append(threads, fmt.Sprintf(`{"type":"thread","id":"th%d","annotator":"al","members":[{"doc":%q,"span":"s00"},{"doc":%q,"span":"s01","link":"Equiv"}]}`, i, id, id))
		} else {
			threads = append(threads, fmt.Sprintf(`{"type":"thread","id":"th%d","annotator":"al","kind":"equiv","members":[{"doc":%q,"span":"s10"},{"doc":%q,"span":"s11"}]}`, i, id, id))
		}
	}
	in := filepath.Join(t.TempDir(), "conf.jsonl")
	os.WriteFile(in, []byte(strings.Join(append(lines, threads...), "\n")+"\n"), 0o644)
	dir := t.TempDir()
	if code, _, stderr := run(t, dir, "-user", "al", "import", in); code != 0 {
		t.Fatalf("import = %d %s", code, stderr)
	}
	return dir
}

// bratConfSections reads a brat configuration file as brat does
// (projectconfig.py): by section, each line not blank nor a comment, its
// names (before a tab; before any space but in [labels]) split at |.
func bratConfSections(t *testing.T, path string) map[string][][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][][]string{}
	section := ""
	for _, l := range strings.Split(string(b), "\n") {
		if m := regexp.MustCompile(`^\s*\[(.*)\]\s*$`).FindStringSubmatch(l); m != nil {
			section = m[1]
			continue
		}
		if strings.TrimSpace(l) == "" || regexp.MustCompile(`^\s*#`).MatchString(l) {
			continue
		}
		terms := regexp.MustCompile(`^(\S+)`).FindString(l)
		if section == "labels" {
			terms, _, _ = strings.Cut(l, "\t")
		}
		var names []string
		for _, n := range strings.Split(terms, "|") {
			if n = strings.TrimSpace(n); n != "" {
				names = append(names, n)
			}
		}
		out[section] = append(out[section], names)
	}
	return out
}

// TestBratConfTellsLabelsApart: brat's visual.conf named each type by its
// stored label as it was, so a label written decomposed (an older store's
// "cafe\u0301") showed in brat as café beside the real café, and one
// holding | was read as several names; annotation.conf named a type
// "café" brat's storage form cannot hold (brat changed it to caf_, and the
// .ann's spans were of a type it did not know) and "--" (a separator
// line to brat), listed a relation
// labelled Equiv and the equivalence type Equiv both under [relations],
// and listed the types and their colours in the order the export met
// them, so the same labels in articles the other way round gave other
// files. Now every name annotation.conf declares is brat's storage form
// and declared once, visual.conf names each label told apart as skein's
// lists show it, and the files depend on the labels alone.
func TestBratConfTellsLabelsApart(t *testing.T) {
	labels := [4]string{"café", "cafe\u0301", "a|b", "!x"}
	var confs, visuals []string
	for _, order := range [][2][3]string{
		{{labels[0], labels[2], "--"}, {labels[1], labels[3], "--"}},
		{{labels[1], labels[3], "--"}, {labels[0], labels[2], "--"}},
	} {
		dir := bratConfCorpus(t, order[0], order[1])
		out := filepath.Join(t.TempDir(), "brat")
		if code, _, stderr := run(t, dir, "export", "-all", "-format", "brat", "-o", out); code != 0 {
			t.Fatalf("export = %d %s", code, stderr)
		}
		conf := bratConfSections(t, filepath.Join(out, "annotation.conf"))
		storage := regexp.MustCompile(`^[a-zA-Z0-9_-]+$`)
		declared := map[string]bool{}
		for _, section := range []string{"entities", "relations", "attributes"} {
			for _, names := range conf[section] {
				if n := names[0]; n != "<OVERLAP>" && (!storage.MatchString(n) || strings.Trim(n, "-") == "") {
					t.Errorf("annotation.conf [%s] declares %q, not a name brat stores as it is", section, n)
				}
				if declared[names[0]] {
					t.Errorf("annotation.conf declares %s twice", names[0])
				}
				declared[names[0]] = true
			}
		}
		if len(conf["entities"]) != 5 || len(conf["relations"]) != 3 {
			t.Errorf("annotation.conf declares %v and %v; want 5 entity types, <OVERLAP> and 2 relation types", conf["entities"], conf["relations"])
		}
		shown := map[string]string{} // what a brat user sees → the type
		for _, names := range bratConfSections(t, filepath.Join(out, "visual.conf"))["labels"] {
			if len(names) != 2 {
				t.Errorf("visual.conf [labels]: %q read as %d names, want the type and its label", names, len(names))
				continue
			}
			if strings.HasPrefix(names[1], "!") {
				t.Errorf("visual.conf [labels]: %q, which brat reads as a type to hide", names[1])
			}
			if other, ok := shown[names[1]]; ok {
				t.Errorf("visual.conf [labels]: %s and %s both shown as %s", other, names[0], names[1])
			}
			shown[names[1]] = names[0]
		}
		for _, want := range []string{"café", `"cafe\u0301"`, "a¦b", `"!x"`, "--", "Equiv"} {
			if _, ok := shown[want]; !ok {
				t.Errorf("visual.conf [labels] shows %v, want among them %s", shown, want)
			}
		}
		if shown["café"] != "cafe" || shown[`"cafe\u0301"`] != "cafe_2" {
			t.Errorf("café written %s, \"cafe\\u0301\" %s; want the one written composed cafe, the other cafe_2", shown["café"], shown[`"cafe\u0301"`])
		}
		c, _ := os.ReadFile(filepath.Join(out, "annotation.conf"))
		if os.Getenv("E31B") != "" {
			v, _ := os.ReadFile(filepath.Join(out, "visual.conf"))
			a, _ := filepath.Glob(filepath.Join(out, "*.ann"))
			for _, f := range a {
				b, _ := os.ReadFile(f)
				t.Log(string(b))
			}
			t.Log(string(c))
			t.Log(string(v))
		}
		v, _ := os.ReadFile(filepath.Join(out, "visual.conf"))
		confs, visuals = append(confs, string(c)), append(visuals, string(v))
	}
	if confs[0] != confs[1] {
		t.Errorf("the same labels the other way round give another annotation.conf:\n%s\n----\n%s", confs[0], confs[1])
	}
	if visuals[0] != visuals[1] {
		t.Errorf("the same labels the other way round give another visual.conf:\n%s\n----\n%s", visuals[0], visuals[1])
	}
}
