package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyWebAnno makes the folder dir/inception of annotate/formats' WebAnno
// TSV fixtures, and returns it.
func copyWebAnno(t *testing.T, dir string) string {
	t.Helper()
	data := filepath.Join(dir, "inception")
	if err := os.Mkdir(data, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"news.tsv", "rates.tsv"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "annotate", "formats", "testdata", "webanno", n))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(data, n), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return data
}

// An INCEpTION export comes in as a researcher has it: a folder of .tsv
// files, one per document, read into the layer -annotator names, beside a
// .tsv that is no WebAnno TSV (a spreadsheet's), which is passed over as a
// file of another kind. A file with a version skein does not read is
// refused by name and line, and nothing is imported.
func TestImportWebAnno(t *testing.T) {
	dir := t.TempDir()
	data := copyWebAnno(t, dir)
	if err := os.WriteFile(filepath.Join(data, "sheet.tsv"), []byte("a\tb\n1\t2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	store := filepath.Join(dir, "s")
	code, out, stderr := run(t, store, "-user", "al", "import", "-annotator", "bo", data)
	if code != 0 {
		t.Fatalf("import = %d: %s", code, stderr)
	}
	if !strings.Contains(out+stderr, "imported 2 new documents (0 already present), 9 spans, 3 threads from 2 files; ignored 1 file of other kinds") {
		t.Errorf("summary:\n%s%s", out, stderr)
	}
	got := strings.Join(spansOf(t, store), "|")
	for _, want := range []string{"claim 𝔘nity costs 2,300 rupees", "accusation .\nHe denied", "Claim Rates\trose", "NUM 2"} {
		if !strings.Contains(got, want) {
			t.Errorf("spans %q lack %q", got, want)
		}
	}
	if code, out, _ := run(t, store, "export", "-annotator", "bo"); code != 0 || !strings.Contains(out, `"annotator":"bo"`) {
		t.Errorf("bo's layer = %d:\n%s", code, out)
	}

	bad := filepath.Join(dir, "v4.tsv")
	if err := os.WriteFile(bad, []byte("#FORMAT=WebAnno TSV 4\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = run(t, filepath.Join(dir, "s2"), "import", bad)
	if want := bad + `:1: WebAnno TSV version "4", which skein does not read (it reads 3.1, 3.2, 3.3)`; code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("version 4 = %d, stderr:\n%s\nwant %q", code, stderr, want)
	}
}

// readTree maps each file below dir to its bytes.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// skein export -format webanno writes a folder of .tsv files, one per
// article, that skein imports back to the same articles and spans: export
// → import → export gives the same bytes. Without -o DIR it is refused.
func TestExportWebAnno(t *testing.T) {
	dir := t.TempDir()
	data := copyWebAnno(t, dir)
	store := filepath.Join(dir, "s")
	if code, _, stderr := run(t, store, "-user", "al", "import", "-annotator", "bo", data); code != 0 {
		t.Fatalf("import = %d: %s", code, stderr)
	}
	if code, _, stderr := run(t, store, "export", "-annotator", "bo", "-format", "webanno"); code != 2 || !strings.Contains(stderr, "-format webanno writes a folder: give it with -o DIR") {
		t.Errorf("export without -o = %d: %s", code, stderr)
	}
	out1 := filepath.Join(dir, "out1")
	code, _, stderr := run(t, store, "export", "-annotator", "bo", "-format", "webanno", "-o", out1)
	if code != 0 {
		t.Fatalf("export = %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "note: webanno: 1 annotator's name not written") {
		t.Errorf("stderr does not say the annotator was not written:\n%s", stderr)
	}
	first := readTree(t, out1)
	// The two articles bo worked on, a file each. The store's 5 seed
	// articles, which bo never opened, have none: read back, a file would
	// say bo worked on them and found nothing (they were written, 7 files,
	// until the export kept "never opened" apart).
	if len(first) != 2 || !strings.HasPrefix(first["news.tsv"], "#FORMAT=WebAnno TSV 3.3\n") || first["rates.tsv"] == "" {
		names := make([]string, 0, len(first))
		for n := range first {
			names = append(names, n)
		}
		t.Fatalf("the export holds %q, want news.tsv and rates.tsv", names)
	}
	if want := "note: webanno: 5 articles the exported annotators never worked on left out"; !strings.Contains(stderr, want) {
		t.Errorf("stderr does not say the seeds were left out:\n%s\nwant %q", stderr, want)
	}
	store2 := filepath.Join(dir, "s2")
	if code, _, stderr := run(t, store2, "-user", "al", "import", "-annotator", "bo", out1); code != 0 {
		t.Fatalf("import of the export = %d: %s", code, stderr)
	}
	if got, want := strings.Join(spansOf(t, store2), "|"), strings.Join(spansOf(t, store), "|"); got != want {
		t.Errorf("spans read back\n %q\nwant\n %q", got, want)
	}
	out2 := filepath.Join(dir, "out2")
	if code, _, stderr := run(t, store2, "export", "-annotator", "bo", "-format", "webanno", "-o", out2); code != 0 {
		t.Fatalf("second export = %d: %s", code, stderr)
	}
	second := readTree(t, out2)
	for name, b := range first {
		if second[name] != b {
			t.Errorf("%s differs after export → import → export:\n%s\n---\n%s", name, b, second[name])
		}
	}
}
