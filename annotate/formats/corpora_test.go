package formats

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// brat's typed notes (#1 Lemma T1 be) keep their type, in the import and
// back out in the brat export.
func TestBratNoteTypesKept(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.txt"), "They were here.\n")
	writeFile(t, filepath.Join(dir, "a.ann"), "T1\tactor 0 4\tThey\nT2\tclaim 5 9\twere\n#1\tAnnotatorNotes T1\tchecked\n#2\tLemma T2\tbe\n")
	b, errs := ReadBrat(dir, Options{Annotator: "al"})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	doc := b.Docs[0]
	if s := spanAt(t, b, doc, "claim", "were"); s.Note != "[Lemma] be" {
		t.Errorf("typed note read as %q, want %q", s.Note, "[Lemma] be")
	}
	if s := spanAt(t, b, doc, "actor", "They"); s.Note != "checked" {
		t.Errorf("plain note read as %q", s.Note)
	}
	out := filepath.Join(t.TempDir(), "out")
	ex, err := NewExporter("brat", nil, out)
	if err != nil {
		t.Fatal(err)
	}
	exportBatch(t, ex, b)
	ann, err := os.ReadFile(filepath.Join(out, "a.ann"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\tLemma T2\tbe\n", "\tAnnotatorNotes T1\tchecked\n"} {
		if !strings.Contains(string(ann), want) {
			t.Errorf("exported .ann lacks %q:\n%s", want, ann)
		}
	}
}

// annotation.conf is read as brat reads it: separators are no types, and
// a type used under its alias is used.
func TestBratConfSeparatorsAndAliases(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.txt"), "Methylation of DNA.\n")
	writeFile(t, filepath.Join(dir, "a.ann"), "T1\tDNA_methylation 0 11\tMethylation\nT2\tGGP 15 18\tDNA\n")
	writeFile(t, filepath.Join(dir, "annotation.conf"), "[entities]\nGene_or_gene_product | GGP\n-----\nChemical\nSEPARATOR\n[relations]\n[events]\nDNA_methylation | GO:0006306\tTheme:GGP\n------\nNever_used\tTheme:GGP\n[attributes]\n")
	b, errs := ReadBrat(dir, Options{Annotator: "al"})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	notes := strings.Join(b.Notes, "\n")
	if !strings.Contains(notes, "not added as labels: Chemical, Never_used") {
		t.Errorf("notes %q; want only Chemical and Never_used unused", notes)
	}
}

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Every shape doccano exports reads to the same spans: sequence labelling
// with triples or with objects, relation extraction with objects or with
// triples, text classification; JSONL or one JSON array.
func TestReadDoccanoShapes(t *testing.T) {
	text := "Sony said Ayesha left."
	want := "actor [0,4) Sony|actor [10,16) Ayesha"
	for _, c := range []struct{ name, in string }{
		{"label triples", `{"text":"Sony said Ayesha left.","label":[[0,4,"actor"],[10,16,"actor"]]}`},
		{"label objects", `{"text":"Sony said Ayesha left.","label":[{"start_offset":0,"end_offset":4,"label":"actor"},{"start_offset":10,"end_offset":16,"label":"actor"}]}`},
		{"entities objects", `{"text":"Sony said Ayesha left.","entities":[{"id":1,"start_offset":0,"end_offset":4,"label":"actor"},{"id":2,"start_offset":10,"end_offset":16,"label":"actor"}],"relations":[]}`},
		{"entities triples", `{"text":"Sony said Ayesha left.","entities":[[0,4,"actor"],[10,16,"actor"]]}`},
		{"json array", "[\n  {\n    \"text\": \"Sony said Ayesha left.\",\n    \"entities\": [[0, 4, \"actor\"], [10, 16, \"actor\"]]\n  }\n]\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, errs := ReadDoccano(strings.NewReader(c.in), "f", Options{Annotator: "al"})
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if len(b.Docs) != 1 || b.Docs[0].Text != text {
				t.Fatalf("docs %v", b.Docs)
			}
			tx := annotate.NewText(text)
			var got []string
			for _, s := range b.Spans {
				got = append(got, fmt.Sprintf("%s [%d,%d) %s", s.Label, s.Fragments[0].Start, s.Fragments[0].End, tx.Fragments(s.Fragments)))
			}
			sort.Strings(got)
			if strings.Join(got, "|") != want {
				t.Errorf("got %s, want %s", strings.Join(got, "|"), want)
			}
		})
	}
	// Text classification: the document's labels are kept in its metadata.
	b, errs := ReadDoccano(strings.NewReader(`{"text":"Sony said Ayesha left.","label":["business","people"]}`), "f", Options{Annotator: "al"})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if got := b.Docs[0].Meta["doccano_labels"]; got != "business, people" {
		t.Errorf("document labels kept as %q", got)
	}
	// A JSON array's problems name the line of the element.
	_, errs = ReadDoccano(strings.NewReader("[\n {\"text\": \"x\", \"entities\": [[0, 9, \"a\"]]}\n]"), "f.json", Options{Annotator: "al"})
	if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), "f.json:2: ") {
		t.Errorf("got %v, want one problem on line 2", errs)
	}
}

// Attributes of two events on one trigger merge on the trigger span, and
// the note counts them.
func TestBratEventAttributesMergedAreCounted(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.txt"), "Sony bought and sold Aiwa.\n")
	writeFile(t, filepath.Join(dir, "a.ann"), "T1\tOrganization 0 4\tSony\nT2\tTrade 5 11\tbought\nE1\tTrade:T2 Buyer:T1\nE2\tTrade:T2 Seller:T1\nA1\tNegation E1\nA2\tNegation E2\n")
	b, errs := ReadBrat(dir, Options{Annotator: "al"})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if notes := strings.Join(b.Notes, "\n"); !strings.Contains(notes, "1 attribute of events sharing a trigger merged into one on the trigger span") {
		t.Errorf("notes do not count the merged attribute:\n%s", notes)
	}
}

// Prodigy records with the same text under different sources become one
// document, and the note says which source was not kept.
func TestProdigyDuplicateSourcesNoted(t *testing.T) {
	in := `{"text":"Sony said so.","meta":{"source":"nyt"},"answer":"accept"}` + "\n" + `{"text":"Sony said so.","meta":{"source":"bbc"},"answer":"accept"}` + "\n"
	b, errs := ReadProdigy(strings.NewReader(in), "p.jsonl", Options{Annotator: "al"})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if notes := strings.Join(b.Notes, "\n"); !strings.Contains(notes, "1 record repeats the text of an earlier one and was read into its document, which keeps the earlier one's source (p.jsonl:2, source bbc, repeats p.jsonl:1, source nyt)") {
		t.Errorf("notes do not say bbc was not kept:\n%s", notes)
	}
}

// A Prodigy field skein does not read is said to be left out, not dropped
// in silence.
func TestProdigyUnknownFieldsNoted(t *testing.T) {
	in := `{"text":"Sony said so.","_session_id":"s1","_view_id":"ner_manual","spans":[{"start":0,"end":4,"label":"ORG","token_start":0,"token_end":0}],"answer":"accept"}` + "\n"
	b, errs := ReadProdigy(strings.NewReader(in), "p.jsonl", Options{Annotator: "al"})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	notes := strings.Join(b.Notes, "\n")
	for _, want := range []string{"1 value of field _session_id left out", "1 value of field _view_id left out"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
}
