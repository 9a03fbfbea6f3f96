package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyWebAnno copies annotate/formats' WebAnno TSV fixtures into dir.
func copyWebAnno(t *testing.T, dir string, names ...string) {
	t.Helper()
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join("..", "..", "annotate", "formats", "testdata", "webanno", n))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, n), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// An INCEpTION export comes in as a researcher has it: a folder of .tsv
// files, one per document, read into the layer -annotator names, beside a
// .tsv that is no WebAnno TSV (a spreadsheet's), which is passed over as a
// file of another kind. A file with a version skein does not read is
// refused by name and line, and nothing is imported.
func TestImportWebAnno(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "inception")
	if err := os.Mkdir(data, 0o755); err != nil {
		t.Fatal(err)
	}
	copyWebAnno(t, data, "news.tsv", "rates.tsv")
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
