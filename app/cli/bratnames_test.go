package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// bratLabelsCorpus writes a skein JSONL of two articles, the first by ID
// holding first (two span labels and a link label), the second second
// (two span labels and two link labels, a chain of three spans), each
// article's third span a claim, and imports it into a new store. It
// returns the store and which article holds which label.
func bratLabelsCorpus(t *testing.T, first, second []string) (dir string, at map[string]string) {
	t.Helper()
	texts := []string{"Minister said so in Kabul.", "Ministers spoke in Herat today."}
	if annotate.DocID(texts[1]) < annotate.DocID(texts[0]) {
		texts[0], texts[1] = texts[1], texts[0]
	}
	at = map[string]string{}
	var lines, threads []string
	for i, labels := range [][]string{first, second} {
		text := texts[i]
		id := annotate.DocID(text)
		words := strings.Fields(strings.Trim(text, "."))
		var spans []string
		start := 0
		for j, w := range []string{words[0], words[1], words[len(words)-1]} {
			start = strings.Index(text, w)
			label := "claim"
			if j < 2 {
				label = labels[j]
				at[label] = id
			}
			spans = append(spans, fmt.Sprintf(`{"id":"s%d%d","start":%d,"end":%d,"text":%q,"label":%q,"annotator":"al"}`, i, j, start, start+len(w), w, label))
		}
		lines = append(lines, fmt.Sprintf(`{"text":%q,"spans":[%s]}`, text, strings.Join(spans, ",")))
		members := []string{fmt.Sprintf(`{"doc":%q,"span":"s%d0"}`, id, i)}
		for j, link := range labels[2:] {
			members = append(members, fmt.Sprintf(`{"doc":%q,"span":"s%d%d","link":%q}`, id, i, j+1, link))
			at[link] = id
		}
		threads = append(threads, fmt.Sprintf(`{"type":"thread","id":"th%d","annotator":"al","members":[%s]}`, i, strings.Join(members, ",")))
	}
	in := filepath.Join(t.TempDir(), "labels.jsonl")
	os.WriteFile(in, []byte(strings.Join(append(lines, threads...), "\n")+"\n"), 0o644)
	dir = t.TempDir()
	if code, _, stderr := run(t, dir, "-user", "al", "import", in); code != 0 {
		t.Fatalf("import = %d %s", code, stderr)
	}
	return dir, at
}

// readBack imports the export out, of format, into a new store as al's
// and returns what skein list prints of it.
func readBack(t *testing.T, format, out string) string {
	t.Helper()
	back := t.TempDir()
	if code, _, stderr := run(t, back, "-user", "al", "import", "-format", format, out); code != 0 {
		t.Fatalf("import of the export = %d %s", code, stderr)
	}
	_, list, _ := run(t, back, "list")
	return list
}

// alternating is a skein JSONL of 12 articles, "<who> spoke on day N.",
// whose one span, who, is labelled labels[0] in the even ones (who is
// whos[0]) and labels[1] in the odd ones.
func alternating(whos, labels [2]string) []string {
	var lines []string
	for i := range 12 {
		who, label := whos[i%2], labels[i%2]
		lines = append(lines, fmt.Sprintf(`{"text":"%s spoke on day %d.","spans":[{"start":0,"end":%d,"text":%q,"label":%q,"annotator":"al"}]}`, who, i, len(who), who, label))
	}
	return lines
}

// bratNamesIn reads a brat export's folder: each article's span types and
// relation types in the order written, by article ID (the .ann's name is
// the ID, as the corpus has no sources), and the names each part's
// annotation.conf declares.
func bratNamesIn(t *testing.T, dir string) (types, rels map[string][]string, conf map[string]bool) {
	t.Helper()
	types, rels, conf = map[string][]string{}, map[string][]string{}, map[string]bool{}
	anns, _ := filepath.Glob(filepath.Join(dir, "*.ann"))
	more, _ := filepath.Glob(filepath.Join(dir, "*", "*.ann"))
	for _, ann := range append(anns, more...) {
		b, _ := os.ReadFile(ann)
		id := strings.TrimSuffix(filepath.Base(ann), ".ann")
		for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			f := strings.Split(l, "\t")
			switch {
			case strings.HasPrefix(l, "T"):
				types[id] = append(types[id], strings.Fields(f[1])[0])
			case strings.HasPrefix(l, "R"):
				rels[id] = append(rels[id], strings.Fields(f[1])[0])
			}
		}
		c, err := os.ReadFile(filepath.Join(filepath.Dir(ann), "annotation.conf"))
		if err != nil {
			t.Fatalf("no annotation.conf beside %s: %v", ann, err)
		}
		for _, l := range strings.Split(string(c), "\n") {
			if name, _, _ := strings.Cut(l, "\t"); name != "" && !strings.HasPrefix(name, "#") && !strings.HasPrefix(name, "[") && !strings.HasPrefix(name, "<") {
				conf[name] = true
			}
		}
	}
	return types, rels, conf
}

// TestBratNamesDependOnTheLabelsAlone: brat's types hold letters, digits,
// _, - and . alone, and a label holding others was renamed in the order
// the export met it: with Person?, Person!, Person__2 and Person_ in a
// store, Person__2 became Person__2_2 and Person_ Person__3 where Person?
// and Person! came first, and which of those kept Person_ depended on
// which article came first — the same labels in articles the other way
// round were named otherwise. A label brat holds as written now keeps its
// name; the others get names from the set of labels alone (those with the
// same fitted name in the order of their code points, numbered past the
// names kept), in the .ann files, annotation.conf and every part of a
// split alike, and the note lists each rename once. Relation types alike.
func TestBratNamesDependOnTheLabelsAlone(t *testing.T) {
	want := map[string]string{
		"Person_": "Person_", "Person__2": "Person__2", "Person!": "Person__3", "Person?": "Person__4",
		"rel_": "rel_", "rel!": "rel__2", "rel?": "rel__3",
	}
	note := `brat: 4 names changed to fit brat (accents dropped; spaces, punctuation and other characters become _) (type "Person!" → Person__3; type "Person?" → Person__4; relation "rel!" → rel__2; relation "rel?" → rel__3)`
	for _, order := range []struct {
		name          string
		first, second []string
	}{
		{"renamed first", []string{"Person?", "Person!", "rel?"}, []string{"Person__2", "Person_", "rel!", "rel_"}},
		{"kept first", []string{"Person__2", "Person_", "rel_"}, []string{"Person?", "Person!", "rel!", "rel?"}},
		{"mixed", []string{"Person_", "Person?", "rel!"}, []string{"Person!", "Person__2", "rel_", "rel?"}},
	} {
		dir, at := bratLabelsCorpus(t, order.first, order.second)
		for _, args := range [][]string{{"-all"}, {"-annotator", "al"}} {
			out := filepath.Join(t.TempDir(), "brat")
			code, _, stderr := run(t, dir, append(append([]string{"export"}, args...), "-format", "brat", "-o", out)...)
			if code != 0 {
				t.Fatalf("%s: export %v = %d %s", order.name, args, code, stderr)
			}
			if strings.Count(stderr, "names changed") != 1 || !strings.Contains(stderr, "note: "+note+"\n") {
				t.Errorf("%s: export %v said\n%s\nwant the note once: %s", order.name, args, stderr, note)
			}
			types, rels, conf := bratNamesIn(t, out)
			for i, labels := range [][]string{order.first, order.second} {
				id := at[labels[0]]
				var wantTypes, wantRels []string
				for _, l := range labels[:2] {
					wantTypes = append(wantTypes, want[l])
				}
				for _, l := range labels[2:] {
					wantRels = append(wantRels, want[l])
				}
				wantTypes = append(wantTypes, "claim")
				if !slices.Equal(types[id], wantTypes) || !slices.Equal(rels[id], wantRels) {
					t.Errorf("%s: export %v: article %d (%v) written with types %v and relations %v; want %v and %v", order.name, args, i+1, labels, types[id], rels[id], wantTypes, wantRels)
				}
			}
			for _, name := range want {
				if !conf[name] {
					t.Errorf("%s: export %v: annotation.conf lacks %s (it has %v)", order.name, args, name, conf)
				}
			}
		}
	}

	// A split: every part names each label alike, each part's
	// annotation.conf as its .ann files, and the note is said once, for
	// the whole export.
	var lines []string
	labels := []string{"Person?", "Person!", "Person__2", "Person_"}
	for i := range 16 {
		label := labels[i%4]
		lines = append(lines, fmt.Sprintf(`{"text":"Speaker %d spoke on day %d.","spans":[{"start":0,"end":7,"text":"Speaker","label":%q,"annotator":"al"}]}`, i, i, label))
	}
	in := filepath.Join(t.TempDir(), "split.jsonl")
	os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o644)
	dir := t.TempDir()
	if code, _, stderr := run(t, dir, "-user", "al", "import", in); code != 0 {
		t.Fatalf("import = %d %s", code, stderr)
	}
	split := filepath.Join(t.TempDir(), "split")
	code, _, stderr := run(t, dir, "export", "-annotator", "al", "-format", "brat", "-split", "34/33/33", "-o", split)
	if code != 0 {
		t.Fatalf("export -split = %d %s", code, stderr)
	}
	splitNote := `note: brat: 2 names changed to fit brat (accents dropped; spaces, punctuation and other characters become _) (type "Person!" → Person__3; type "Person?" → Person__4)` + "\n"
	if strings.Count(stderr, "names changed") != 1 || !strings.Contains(stderr, splitNote) {
		t.Errorf("export -split said\n%s\nwant once, for every part: %s", stderr, splitNote)
	}
	for _, part := range []string{"train", "dev", "test"} {
		types, _, conf := bratNamesIn(t, filepath.Join(split, part))
		for _, ts := range types {
			for _, typ := range ts {
				if !conf[typ] {
					t.Errorf("%s: type %s written, not in its annotation.conf (%v)", part, typ, conf)
				}
			}
		}
	}
	for i := range 16 {
		text := fmt.Sprintf("Speaker %d spoke on day %d.", i, i)
		id := annotate.DocID(text)
		anns, _ := filepath.Glob(filepath.Join(split, "*", id+".ann"))
		if len(anns) != 1 {
			t.Fatalf("article %d: %d .ann files", i, len(anns))
		}
		b, _ := os.ReadFile(anns[0])
		if got, w := strings.Fields(string(b))[1], want[labels[i%4]]; got != w {
			t.Errorf("%s: %s written as %s; want %s", anns[0], labels[i%4], got, w)
		}
	}
}

// One annotator's brat export names each label as another's does, by the
// store's labels, not by those the export writes: al's "Person?" on the
// Kakar article was Person_ in her export (bob's "Person_" was not in it)
// and Person__2 in bob's, so the two exports, read back as the README's
// recipe for agreement reads them (import -layers-from-folders), measured
// al and bob at 0.000 where the store measured 0.667.
func TestBratNamesTheSameInEachAnnotatorsExport(t *testing.T) {
	kakar, kabul := "Kakar spoke to the press.", "Kabul answered him."
	span := func(text, word, label, who string) string {
		i := strings.Index(text, word)
		return fmt.Sprintf(`{"start":%d,"end":%d,"text":%q,"label":%q,"annotator":%q}`, i, i+len(word), word, label, who)
	}
	in := filepath.Join(t.TempDir(), "two.jsonl")
	lines := []string{
		fmt.Sprintf(`{"text":%q,"spans":[%s,%s]}`, kakar, span(kakar, "Kakar", "Person?", "al"), span(kakar, "Kakar", "Person?", "bob")),
		fmt.Sprintf(`{"text":%q,"spans":[%s,%s]}`, kabul, span(kabul, "Kabul", "Person_", "bob"), span(kabul, "Kabul", "Org!", "carol")),
	}
	os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o644)
	dir := t.TempDir()
	if code, _, stderr := run(t, dir, "import", in); code != 0 {
		t.Fatalf("import = %d %s", code, stderr)
	}
	typeOf := func(who string) (string, string) {
		out := filepath.Join(t.TempDir(), who)
		code, _, stderr := run(t, dir, "export", "-annotator", who, "-format", "brat", "-o", out)
		if code != 0 {
			t.Fatalf("export -annotator %s = %d %s", who, code, stderr)
		}
		anns, _ := filepath.Glob(filepath.Join(out, "*.ann"))
		for _, p := range anns {
			b, _ := os.ReadFile(p)
			for _, l := range strings.Split(string(b), "\n") {
				if f := strings.Split(l, "\t"); len(f) == 3 && f[2] == "Kakar" {
					return strings.Fields(f[1])[0], stderr
				}
			}
		}
		t.Fatalf("export -annotator %s: no span over Kakar in %s", who, out)
		return "", ""
	}
	al, alNotes := typeOf("al")
	bob, _ := typeOf("bob")
	if al != bob || al == "Person_" {
		t.Errorf("al's export names Person? %s, bob's %s; want one name, not Person_ (a label of the store brat holds as written)", al, bob)
	}
	if strings.Contains(alNotes, "Org!") || strings.Contains(alNotes, `"Person_"`) || !strings.Contains(alNotes, `"Person?" → `+al) {
		t.Errorf("al's export's notes, want the one label it writes renamed (Person? → %s), none it does not write:\n%s", al, alNotes)
	}
}
