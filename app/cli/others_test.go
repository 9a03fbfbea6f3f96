package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// spansOf lists "label text" of every span in a skein export of store.
func spansOf(t *testing.T, store string) []string {
	t.Helper()
	code, out, stderr := run(t, store, "export", "-all")
	if code != 0 {
		t.Fatalf("export = %d: %s", code, stderr)
	}
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var d struct {
			Spans []struct{ Label, Text string }
		}
		if err := json.Unmarshal([]byte(line), &d); err != nil {
			t.Fatal(err)
		}
		for _, s := range d.Spans {
			got = append(got, s.Label+" "+s.Text)
		}
	}
	sort.Strings(got)
	return got
}

// Hugging Face token classification comes in as a researcher has it: a
// dataset's rows with numbered tags and their names beside them, in a
// folder or named; the label list alone is said to be one. It was read as
// skein's JSONL and refused with `field "tokens" should be an object, not
// a string`, and the list as a Label Studio file. W3C Web Annotation,
// which skein writes but cannot read back (it holds no article text), is
// refused saying so, where it was refused with `json: invalid number
// literal`.
func TestImportHuggingFaceAndW3C(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "ner")
	if err := os.Mkdir(data, 0o755); err != nil {
		t.Fatal(err)
	}
	rows := `{"id":"0","tokens":["Sony","👍","said","𝐀","Ayesha","left","."],"pos_tags":[22,0,38,0,22,38,7],"ner_tags":[3,0,0,0,1,0,0]}` + "\n"
	for name, body := range map[string]string{"train.jsonl": rows, "train.labels.json": `["O","B-PER","I-PER","B-ORG","I-ORG"]` + "\n"} {
		if err := os.WriteFile(filepath.Join(data, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	store := filepath.Join(dir, "s1")
	code, out, stderr := run(t, store, "-user", "al", "import", data)
	if code != 0 {
		t.Fatalf("import of the dataset's folder = %d: %s", code, stderr)
	}
	// The label list is read with the rows, not an article file of its own.
	if want := "2 spans, 0 threads from 1 file"; !strings.Contains(out, want) {
		t.Errorf("import said %q, want %q: the label list is no file of articles", out, want)
	}
	if got := strings.Join(spansOf(t, store), "|"); got != "ORG Sony|PER Ayesha" {
		t.Errorf("spans %q, want ORG Sony and PER Ayesha", got)
	}
	if !strings.Contains(stderr, "Hugging Face: 1 value of field pos_tags left out") {
		t.Errorf("stderr does not name the field left out:\n%s", stderr)
	}

	code, _, stderr = run(t, filepath.Join(dir, "s2"), "import", filepath.Join(data, "train.labels.json"))
	if want := "this is a label list (a JSON list of tag names, as Hugging Face's token classification keeps beside its rows), not a file of articles: import the rows beside it, " + filepath.Join(data, "train.jsonl") + ", which read it"; code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("the label list alone = %d, stderr:\n%s\nwant %q", code, stderr, want)
	}

	// skein's own hf export, imported, gives what its CoNLL export gives.
	for _, f := range []string{"hf", "conll"} {
		out := filepath.Join(dir, map[string]string{"hf": "back.jsonl", "conll": "back.conll"}[f])
		if code, _, stderr := run(t, store, "export", "-all", "-format", f, "-o", out); code != 0 {
			t.Fatalf("export -format %s = %d: %s", f, code, stderr)
		}
		if code, _, stderr := run(t, filepath.Join(dir, "from-"+f), "-user", "al", "import", out); code != 0 {
			t.Fatalf("import of the %s export = %d: %s", f, code, stderr)
		}
	}
	if hf, conll := spansOf(t, filepath.Join(dir, "from-hf")), spansOf(t, filepath.Join(dir, "from-conll")); strings.Join(hf, "|") != strings.Join(conll, "|") || len(hf) != 2 {
		t.Errorf("read back from hf %q, from CoNLL %q; want the same two spans", hf, conll)
	}

	w3c := filepath.Join(dir, "anno.json")
	if code, _, stderr := run(t, store, "export", "-all", "-format", "w3c", "-o", w3c); code != 0 {
		t.Fatalf("export -format w3c = %d: %s", code, stderr)
	}
	code, _, stderr = run(t, filepath.Join(dir, "s3"), "import", w3c)
	if want := "anno.json: this is W3C Web Annotation (JSON-LD, \"@context\"), which skein writes (export -format w3c) but does not read: its annotations name their articles by IRI and carry no article text"; code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("import of a W3C file = %d, stderr:\n%s\nwant %q", code, stderr, want)
	}
}

// An export of one layer to a format without annotators says the name is
// not in the file, and how to bring the spans back to that layer: the
// export said nothing, and read back the spans fell into the reader's own
// layer, under another name, in silence.
func TestExportSaysAnnotatorNotWritten(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "a.jsonl")
	line := `{"id":"` + annotate.DocID("Sony said so.") + `","text":"Sony said so.","spans":[{"id":"s1","start":0,"end":4,"text":"Sony","label":"actor","annotator":"alice"}]}` + "\n"
	if err := os.WriteFile(src, []byte(line), 0o644); err != nil {
		t.Fatal(err)
	}
	store := filepath.Join(dir, "s1")
	if code, _, stderr := run(t, store, "-user", "me", "import", src); code != 0 {
		t.Fatalf("import = %d: %s", code, stderr)
	}
	for _, f := range []string{"doccano", "conll"} {
		out := filepath.Join(dir, "out."+map[string]string{"doccano": "jsonl", "conll": "conll"}[f])
		code, _, stderr := run(t, store, "-user", "me", "export", "-annotator", "alice", "-format", f, "-o", out)
		want := "note: " + f + ": 1 annotator's name not written (the format has no annotators: read back, its work goes to the layer -annotator names) (alice)"
		if code != 0 || !strings.Contains(stderr, want) {
			t.Errorf("export -format %s = %d, stderr:\n%s\nwant %q", f, code, stderr, want)
		}
		back := filepath.Join(dir, "back-"+f)
		if code, _, stderr := run(t, back, "-user", "me", "import", "-annotator", "alice", out); code != 0 {
			t.Fatalf("import -annotator alice = %d: %s", code, stderr)
		}
		code, got, _ := run(t, back, "-user", "me", "export", "-annotator", "alice")
		if code != 0 || !strings.Contains(got, `"label":"actor","annotator":"alice"`) {
			t.Errorf("read back from %s, alice's layer holds:\n%s", f, got)
		}
	}
}

// One Label Studio user written as a number in one annotation and as an
// object of number and email in another is one person: their work is one
// layer, named by the email the object gives. It made two layers,
// labelstudio-2 and bob@example.org, which skein agree would measure as
// two annotators. A number no object names keeps labelstudio-<n>.
func TestImportLabelStudioOnePersonTwoForms(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "project.json")
	task := func(id int, text, by string) string {
		return `{"id":` + strconv.Itoa(id) + `,"data":{"text":"` + text + `"},"annotations":[{"completed_by":` + by + `,"result":[` +
			`{"id":"r1","type":"labels","from_name":"label","to_name":"text","value":{"start":0,"end":4,"text":"` + text[:4] + `","labels":["actor"]}},` +
			`{"id":"r2","type":"labels","from_name":"label","to_name":"text","value":{"start":10,"end":16,"text":"` + text[10:16] + `","labels":["actor"]}},` +
			`{"type":"relation","from_id":"r1","to_id":"r2","direction":"right","labels":["supports"]}]}]}`
	}
	body := "[" + task(1, "Sony said Ayesha left.", "2") + ",\n" +
		task(2, "Aiwa told Kakar twice.", `{"id":2,"email":"bob@example.org","first_name":"Bob"}`) + ",\n" +
		task(3, "Nara told Ayesha twice.", "3") + "]\n"
	if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	store := filepath.Join(dir, "s")
	if code, _, stderr := run(t, store, "-user", "al", "import", file); code != 0 {
		t.Fatalf("import = %d: %s", code, stderr)
	}
	code, out, stderr := run(t, store, "export", "-all", "-threads")
	if code != 0 {
		t.Fatalf("export = %d: %s", code, stderr)
	}
	got := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var l struct {
			Annotator string
			Spans     []struct{ Annotator string }
			Layers    []struct{ Annotator string }
		}
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			t.Fatal(err)
		}
		if l.Annotator != "" {
			got["thread "+l.Annotator]++
		}
		for _, s := range l.Spans {
			got["span "+s.Annotator]++
		}
		for _, y := range l.Layers {
			got["layer "+y.Annotator]++
		}
	}
	want := map[string]int{
		"span bob@example.org": 4, "layer bob@example.org": 2, "thread bob@example.org": 2,
		"span labelstudio-3": 2, "layer labelstudio-3": 1, "thread labelstudio-3": 1,
	}
	if len(got) != len(want) {
		t.Errorf("layers: got %v, want %v", got, want)
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s: got %d, want %d (all: %v)", k, got[k], n, got)
		}
	}
}

// A Prodigy ner.teach or binary task gives its spans' label once, as the
// task's "label": its span without one takes it, where every such span was
// refused as "label is empty". A span without a label in a task without
// one is refused, naming the line.
func TestImportProdigyTaskLabel(t *testing.T) {
	dir := t.TempDir()
	teach := filepath.Join(dir, "teach.jsonl")
	body := `{"text":"Kakar spoke in Kabul.","label":"actor","spans":[{"start":0,"end":5,"text":"Kakar"}],"answer":"accept","_input_hash":1,"_task_hash":2}` + "\n" +
		`{"text":"Kabul said no.","label":"actor","spans":[{"start":0,"end":5,"label":"figure"}],"answer":"accept","_input_hash":3,"_task_hash":4}` + "\n"
	if err := os.WriteFile(teach, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	store := filepath.Join(dir, "s")
	code, _, stderr := run(t, store, "-user", "al", "import", teach)
	if code != 0 {
		t.Fatalf("import of a ner.teach dataset = %d: %s", code, stderr)
	}
	if got := strings.Join(spansOf(t, store), "|"); got != "actor Kakar|figure Kabul" {
		t.Errorf("spans %q, want the task's label where the span has none, the span's own where it has one", got)
	}
	if strings.Contains(stderr, "field label") {
		t.Errorf("the task's label said to be left out:\n%s", stderr)
	}

	none := filepath.Join(dir, "none.jsonl")
	if err := os.WriteFile(none, []byte(body+`{"text":"Kabul said no.","spans":[{"start":0,"end":5}],"answer":"accept"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = run(t, filepath.Join(dir, "s2"), "-user", "al", "import", none)
	if want := `none.jsonl:3: span 1: no "label", and the task has none`; code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("a span and task without a label = %d, stderr:\n%s\nwant %q", code, stderr, want)
	}
}

// A Label Studio region without value.text after a character beyond
// U+FFFF cannot tell UTF-16 units from code points by itself: the file's
// regions with text decide (Label Studio counts one way in a whole
// export), where every such region was refused; a file with no region to
// decide is refused naming -offsets, which then reads it.
func TestImportLabelStudioOffsetsWithoutText(t *testing.T) {
	dir := t.TempDir()
	task := func(id int, text string, start, end int, quoted, label string) string {
		value := fmt.Sprintf(`"start":%d,"end":%d,"labels":[%q]`, start, end, label)
		if quoted != "" {
			value += fmt.Sprintf(`,"text":%q`, quoted)
		}
		return fmt.Sprintf(`{"id":%d,"data":{"text":%q},"annotations":[{"completed_by":1,"result":[{"id":"r%d","from_name":"label","to_name":"text","type":"labels","value":{%s}}]}]}`, id, text, id, value)
	}
	// "exports" is at 17–24 in code points, 18–25 in UTF-16 units; "60" at
	// 17–19 and 18–20.
	withText := task(1, "Officials 🎉 said exports rose.", 18, 25, "exports", "claim")
	write := func(name string, tasks ...string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("["+strings.Join(tasks, ",\n")+"]\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	mixed := write("mixed.json", withText, task(2, "Kabul 😠 reported 60 dead.", 18, 20, "", "figure"))
	code, _, stderr := run(t, filepath.Join(dir, "s1"), "-user", "al", "import", mixed)
	if code != 0 {
		t.Fatalf("import of an export whose other region tells UTF-16 = %d: %s", code, stderr)
	}
	if got := strings.Join(spansOf(t, filepath.Join(dir, "s1")), "|"); got != "claim exports|figure 60" {
		t.Errorf("spans %q, want claim exports and figure 60", got)
	}
	if want := "Label Studio: 1 region without value.text read in UTF-16 units, as the file's regions with text count (mixed.json:2)"; !strings.Contains(stderr, want) {
		t.Errorf("stderr does not say how the regions without text were read:\n%s\nwant %q", stderr, want)
	}

	alone := write("alone.json", task(2, "Kabul 😠 reported 60 dead.", 18, 20, "", "figure"))
	code, _, stderr = run(t, filepath.Join(dir, "s2"), "-user", "al", "import", alone)
	if want := "-offsets utf16"; code != 1 || !strings.Contains(stderr, "alone.json:1: task 1 annotation 1 region \"r2\": no value.text") || !strings.Contains(stderr, want) {
		t.Errorf("a region no other region decides = %d, stderr:\n%s\nwant it refused naming %q", code, stderr, want)
	}
	for _, c := range []struct{ flag, file, want string }{
		{"utf16", alone, "figure 60"},
		{"codepoints", write("cp.json", task(2, "Kabul 😠 reported 60 dead.", 17, 19, "", "figure")), "figure 60"},
	} {
		store := filepath.Join(dir, "s-"+c.flag)
		if code, _, stderr := run(t, store, "-user", "al", "import", "-offsets", c.flag, c.file); code != 0 {
			t.Fatalf("import -offsets %s = %d: %s", c.flag, code, stderr)
		}
		if got := strings.Join(spansOf(t, store), "|"); got != c.want {
			t.Errorf("-offsets %s: spans %q, want %q", c.flag, got, c.want)
		}
	}
	if code, _, stderr := run(t, filepath.Join(dir, "s3"), "import", "-offsets", "bytes", alone); code != 2 || !strings.Contains(stderr, `-offsets "bytes"`) {
		t.Errorf("-offsets bytes = %d, stderr:\n%s", code, stderr)
	}
}

// A Universal Dependencies file (.conllu) comes in by its words: named by
// its extension (where it was "not a file skein reads") or with -format
// conll (where its ID column made the text "1-2 1 2 3-4 …" and MISC the
// labels), its surface text and the entities its MISC tags; one without
// tags is said to have none.
func TestImportCoNLLU(t *testing.T) {
	dir := t.TempDir()
	ud := "# newdoc id = d1\n# sent_id = 1\n# text = Vámonos al Mar Muerto, dijo Ana.\n" +
		"1-2\tVámonos\t_\t_\t_\t_\t_\t_\t_\t_\n1\tVamos\tir\tVERB\t_\t_\t0\troot\t_\t_\n2\tnos\tnosotros\tPRON\t_\t_\t1\tobj\t_\t_\n" +
		"3-4\tal\t_\t_\t_\t_\t_\t_\t_\t_\n3\ta\ta\tADP\t_\t_\t5\tcase\t_\t_\n4\tel\tel\tDET\t_\t_\t5\tdet\t_\t_\n" +
		"5\tMar\tmar\tPROPN\t_\t_\t1\tobl\t_\tNER=B-LOC\n6\tMuerto\tmuerto\tPROPN\t_\t_\t5\tflat\t_\tSpaceAfter=No|NER=I-LOC\n" +
		"7\t,\t,\tPUNCT\t_\t_\t8\tpunct\t_\t_\n8\tdijo\tdecir\tVERB\t_\t_\t1\tparataxis\t_\t_\n9\tAna\tAna\tPROPN\t_\t_\t8\tnsubj\t_\tSpaceAfter=No|NER=B-PER\n" +
		"10\t.\t.\tPUNCT\t_\t_\t1\tpunct\t_\t_\n\n"
	file := filepath.Join(dir, "es.conllu")
	if err := os.WriteFile(file, []byte(ud), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{file}, {"-format", "conll", file}} {
		store := filepath.Join(dir, "s"+strconv.Itoa(len(args)))
		code, _, stderr := run(t, store, append([]string{"-user", "al", "import"}, args...)...)
		if code != 0 {
			t.Fatalf("import %q = %d: %s", args, code, stderr)
		}
		if got := strings.Join(spansOf(t, store), "|"); got != "LOC Mar Muerto|PER Ana" {
			t.Errorf("import %q: spans %q, want LOC Mar Muerto and PER Ana", args, got)
		}
		_, out, _ := run(t, store, "search", "vamonos")
		if !strings.Contains(out, "Vámonos al Mar Muerto, dijo Ana.") {
			t.Errorf("import %q: the article's text is not the surface text:\n%s", args, out)
		}
	}

	bare := filepath.Join(dir, "bare.conllu")
	if err := os.WriteFile(bare, []byte(strings.NewReplacer("NER=B-LOC", "_", "|NER=I-LOC", "", "|NER=B-PER", "").Replace(ud)), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := run(t, filepath.Join(dir, "s3"), "-user", "al", "import", bare)
	if want := "CoNLL-U: no entity tags in bare.conllu"; code != 0 || !strings.Contains(stderr, want) || !strings.Contains(out, "0 spans") {
		t.Errorf("a file without tags = %d:\n%s%s\nwant the article imported and %q", code, out, stderr, want)
	}
}
