package cli

import (
	"archive/zip"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyProject copies annotate/formats' hand-made INCEpTION project (alice
// and bob annotated minister.txt, it was curated, nobody annotated
// budget.txt) to dir/news, and zips it as dir/news.zip; it returns both.
func copyProject(t *testing.T, dir string) (folder, zipped string) {
	t.Helper()
	src := filepath.Join("..", "..", "annotate", "formats", "testdata", "inception", "project")
	folder, zipped = filepath.Join(dir, "news"), filepath.Join(dir, "news.zip")
	zf, err := os.Create(zipped)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(zf)
	err = filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(folder, rel)), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(folder, rel), b, 0o644); err != nil {
			return err
		}
		w, err := zw.Create(filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	zf.Close()
	return folder, zipped
}

// A researcher leaving INCEpTION imports the project as it exported it,
// unzipped or as the zip: alice's and bob's files become their layers,
// the curation the curated layer, and skein agree measures the two
// annotators on the article (bob marked the minister "minister", alice
// "The minister"). alice's finished document is done in her layer.
func TestImportInceptionProject(t *testing.T) {
	dir := t.TempDir()
	folder, zipped := copyProject(t, dir)
	for _, path := range []string{folder, zipped} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			store := filepath.Join(dir, "s-"+filepath.Base(path))
			code, out, stderr := run(t, store, "-user", "carol", "import", path)
			if code != 0 {
				t.Fatalf("import = %d: %s", code, stderr)
			}
			if want := "imported 2 new documents (0 already present), 12 spans, 0 threads from 4 files"; !strings.Contains(out, want) {
				t.Errorf("summary %q lacks %q", out, want)
			}
			for _, want := range []string{"curation (CURATION_USER) of 1 document went into your curated layer", "INITIAL_CAS.tsv"} {
				if !strings.Contains(stderr, want) {
					t.Errorf("notes lack %q:\n%s", want, stderr)
				}
			}
			code, out, stderr = run(t, store, "agree", "-a", "alice", "-b", "bob")
			if code != 0 {
				t.Fatalf("agree = %d: %s", code, stderr)
			}
			if !strings.Contains(out, "annotators: alice, bob") || !strings.Contains(out, "The minister said taxes will fall .       0.875") {
				t.Errorf("agree:\n%s", out)
			}
			code, out, _ = run(t, store, "export", "-annotator", "curated")
			if code != 0 || strings.Count(out, `"annotator":"curated"`) != 5 { // 4 spans and the layer
				t.Errorf("curated layer = %d:\n%s", code, out)
			}
			code, out, _ = run(t, store, "export", "-annotator", "alice", "-done")
			if code != 0 || !strings.Contains(out, `"source":"minister.txt"`) {
				t.Errorf("alice's done articles = %d:\n%s", code, out)
			}
			if code, out, _ := run(t, store, "export", "-annotator", "bob", "-done"); code == 0 && strings.Contains(out, "minister.txt") {
				t.Errorf("bob's article in progress exported as done:\n%s", out)
			}
		})
	}
}

// A zip that is not INCEpTION's project export is refused by name, saying
// what skein reads a zip as; nothing is imported.
func TestImportZipNotProject(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "articles.zip")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	w, _ := zw.Create("a.txt")
	w.Write([]byte("An article.\n"))
	zw.Close()
	f.Close()
	code, _, stderr := run(t, filepath.Join(dir, "s"), "-user", "carol", "import", p)
	if want := p + ": not INCEpTION's project export (no exportedproject*.json beside an annotation folder)"; code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("import = %d:\n%s\nwant %q", code, stderr, want)
	}
}
