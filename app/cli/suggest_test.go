package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// TestImportAsSuggestions: a model's predictions in Prodigy and spaCy form
// are kept as its suggestions (not spans: export does not show them), a
// file naming an article the store lacks is refused by file and line with
// nothing kept, and skein agree measures the model against the curated
// layer.
func TestImportAsSuggestions(t *testing.T) {
	dir := t.TempDir()
	tmp := t.TempDir()
	text := "Kakar said 2,300 people left Kabul."
	id := annotate.DocID(text)
	write := func(name, body string) string {
		p := filepath.Join(tmp, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
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
