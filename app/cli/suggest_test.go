package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// fileWriter writes the files a test imports into a folder of its own and
// returns their paths.
func fileWriter(t *testing.T) func(name, body string) string {
	tmp := t.TempDir()
	return func(name, body string) string {
		p := filepath.Join(tmp, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
}

// TestImportAsSuggestions: a model's predictions in Prodigy and spaCy form
// are kept as its suggestions (not spans: export does not show them), a
// file naming an article the store lacks is refused by file and line with
// nothing kept, and skein agree measures the model against the curated
// layer.
func TestImportAsSuggestions(t *testing.T) {
	dir := t.TempDir()
	text := "Kakar said 2,300 people left Kabul."
	id := annotate.DocID(text)
	write := fileWriter(t)
	curated := write("c.jsonl", `{"id":"`+id+`","text":"`+text+`","spans":[`+
		`{"id":"c1","start":0,"end":5,"text":"Kakar","label":"actor","annotator":"curated"},`+
		`{"id":"c2","start":11,"end":16,"text":"2,300","label":"figure","annotator":"curated"}]}`+"\n")
	if code, _, stderr := run(t, dir, "import", curated); code != 0 {
		t.Fatalf("import = %d: %s", code, stderr)
	}
	prodigy := write("p.jsonl", `{"text":"`+text+`","spans":[{"start":0,"end":5,"label":"actor","score":0.9},{"start":29,"end":34,"label":"actor","score":0.4}],"_input_hash":1,"answer":"accept"}`+"\n")
	code, out, stderr := run(t, dir, "import", "-as-suggestions", "ner", prodigy)
	if code != 0 || out != "imported 2 suggestions from ner in 1 article\n" {
		t.Fatalf("import -as-suggestions = %d, %q, %q", code, out, stderr)
	}
	other := write("s.jsonl", `{"text":"`+text+`","entities":[[11,16,"figure"]]}`+"\n"+`{"text":"Not here.","entities":[[0,3,"x"]]}`+"\n")
	code, _, stderr = run(t, dir, "import", "-as-suggestions", "spacy", other)
	if code != 1 || !strings.Contains(stderr, "s.jsonl:2: its text is not in the store") {
		t.Errorf("an article the store lacks: %d, %q", code, stderr)
	}
	// A model's span with its offsets the wrong way round is said to be
	// so, as skein import says it of a layer's, not "not within the text".
	reversed := write("r.jsonl", `{"text":"`+text+`","entities":[[16,11,"figure"]]}`+"\n")
	code, _, stderr = run(t, dir, "import", "-as-suggestions", "spacy", reversed)
	// Laid out as skein import's refusal: counted, a problem an indented line.
	if code != 1 || stderr != "skein import: nothing imported: 1 problem (fix it, then import again):\n  "+reversed+":1: span 1 (figure): range 16–11 is empty or reversed\n" {
		t.Errorf("a reversed range: %d, %q", code, stderr)
	}
	code, out, _ = run(t, dir, "agree", "-a", "model:spacy", "-b", "curated")
	if code != 1 {
		t.Errorf("agree with a model that imported nothing = %d, %q; want 1", code, out)
	}
	code, out, stderr = run(t, dir, "agree", "-a", "model:ner", "-b", "curated")
	if code != 0 {
		t.Fatalf("agree = %d: %s", code, stderr)
	}
	// ner found Kakar, not the figure, and Kabul is not curated: one of
	// two right, one of two found.
	for _, l := range strings.Split(out, "\n") {
		if f := strings.Fields(l); len(f) == 8 && f[0] == "overall" && (f[5] != "0.500" || f[6] != "0.500") {
			t.Errorf("overall F1: got %s %s, want 0.500 0.500:\n%s", f[5], f[6], out)
		}
	}
	if !strings.Contains(out, "annotators: model:ner, curated") {
		t.Errorf("agree:\n%s", out)
	}
	code, out, _ = run(t, dir, "export", "-all")
	if code != 0 || strings.Contains(out, "Kabul\",\"label") || strings.Contains(out, "model:") {
		t.Errorf("export shows the suggestions: %d\n%s", code, out)
	}
}

// A span's offsets refused by skein import of skein's JSONL read as
// -as-suggestions and the README say them: the line naming its article by
// id alone said "fragment [16,11) is empty or reversed" and "[11,400) on a
// text of 35 characters", and a span without an id was named by a UUID in
// no file. A quoted text that differs was said one way by each path
// ("[11,16) covers "2,300", the file says "2.300""; "at 11-16 says
// "2.300", the text there is "2,300"") and a third by Prodigy's reader.
func TestImportSpanRefusalsReadAsSuggestions(t *testing.T) {
	dir := t.TempDir()
	text := "Kakar said 2,300 people left Kabul."
	id := annotate.DocID(text)
	write := fileWriter(t)
	if code, _, stderr := run(t, dir, "import", write("a.jsonl", `{"id":"`+id+`","text":"`+text+`"}`+"\n")); code != 0 {
		t.Fatalf("import = %d: %s", code, stderr)
	}
	const uuid = "6f1c2a4e-1111-4c2b-9d3e-2f6a7b8c9d0e"
	for _, tc := range []struct {
		name       string
		start, end string
		frags      string
		text       string
		why        string
	}{
		{"reversed", "16", "11", "", "2,300", "range 16–11 is empty or reversed"},
		{"empty", "11", "11", "", "2,300", "range 11–11 is empty or reversed"},
		{"past the end", "11", "400", "", "2,300", "offset 400 past the end of the text (35 characters)"},
		{"negative", "-1", "5", "", "2,300", "offset -1 is negative"},
		{"fragments overlap", "0", "16", `"fragments":[[0,5],[3,16]],`, "2,300", "fragments 0–5 and 3–16 overlap or are out of order"},
		{"text differs", "11", "16", "", "2.300", `"text" is "2.300" but the text at 11–16 is "2,300" (offsets count code points)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			span := `"start":` + tc.start + `,"end":` + tc.end + `,` + tc.frags + `"text":"` + tc.text + `","label":"figure","annotator":"al"`
			withID := write("i.jsonl", `{"id":"`+id+`","spans":[{"id":"`+uuid+`",`+span+`}]}`+"\n")
			code, _, stderr := run(t, dir, "import", withID)
			if want := withID + ":1: span 1: invalid span " + uuid + ": " + tc.why + "\n"; code != 1 || !strings.HasSuffix(stderr, want) {
				t.Errorf("skein import, a span with its id: %d, %q; want 1 and %q", code, stderr, want)
			}
			noID := write("n.jsonl", `{"id":"`+id+`","spans":[{`+span+`}]}`+"\n")
			code, _, stderr = run(t, dir, "import", noID)
			if want := noID + ":1: span 1: invalid span: " + tc.why + "\n"; code != 1 || !strings.HasSuffix(stderr, want) {
				t.Errorf("skein import, a span without an id: %d, %q; want 1 and %q", code, stderr, want)
			}
			if tc.frags != "" {
				return // suggestions have no fragments
			}
			model := write("m.jsonl", `{"text":"`+text+`","spans":[{"start":`+tc.start+`,"end":`+tc.end+`,"text":"`+tc.text+`","label":"figure"}]}`+"\n")
			code, _, stderr = run(t, dir, "import", "-as-suggestions", "ner", model)
			if want := model + ":1: span 1 (figure): " + tc.why + "\n"; code != 1 || !strings.HasSuffix(stderr, want) {
				t.Errorf("skein import -as-suggestions: %d, %q; want 1 and %q", code, stderr, want)
			}
		})
	}
}
