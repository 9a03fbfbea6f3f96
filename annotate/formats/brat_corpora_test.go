package formats

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
