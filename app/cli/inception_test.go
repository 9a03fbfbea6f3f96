package cli

import (
	"archive/zip"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// copyProject copies annotate/formats' hand-made INCEpTION project (alice
// and bob annotated minister.txt, it was curated, nobody annotated
// budget.txt) to dir/news, and zips it as dir/news.zip; it returns both.
func copyProject(t *testing.T, dir string) (folder, zipped string) {
	t.Helper()
	return copyProjectFrom(t, dir, "project")
}

// copyProjectFrom copies annotate/formats' testdata/inception/name as
// copyProject does.
func copyProjectFrom(t *testing.T, dir, name string) (folder, zipped string) {
	t.Helper()
	src := filepath.Join("..", "..", "annotate", "formats", "testdata", "inception", name)
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
	// The same project exported as UIMA CAS XMI (xmiproject: a zip of
	// zips, INCEpTION zipping each XMI file with its type system) comes in
	// the same, its relations as threads.
	for _, c := range []struct {
		name, summary string
		notes         []string
	}{
		{"project", "imported 2 new documents (0 already present), 12 spans, 0 threads from 4 files", []string{"INITIAL_CAS.tsv"}},
		{"xmiproject", "imported 2 new documents (0 already present), 12 spans, 2 threads from 4 files", []string{"INITIAL_CAS.xmi", "1 second copy of an annotator's or the curation's file"}},
	} {
		t.Run(c.name, func(t *testing.T) { importProject(t, c.name, c.summary, c.notes) })
	}
}

func importProject(t *testing.T, name, summary string, notes []string) {
	dir := t.TempDir()
	folder, zipped := copyProjectFrom(t, dir, name)
	for _, path := range []string{folder, zipped} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			store := filepath.Join(dir, "s-"+filepath.Base(path))
			code, out, stderr := run(t, store, "-user", "carol", "import", path)
			if code != 0 {
				t.Fatalf("import = %d: %s", code, stderr)
			}
			if !strings.Contains(out, summary) {
				t.Errorf("summary %q lacks %q", out, summary)
			}
			for _, want := range append([]string{"curation (CURATION_USER) of 1 document went into your curated layer"}, notes...) {
				if !strings.Contains(stderr, want) {
					t.Errorf("notes lack %q:\n%s", want, stderr)
				}
			}
			code, out, stderr = run(t, store, "agree", "-a", "alice", "-b", "bob")
			if code != 0 {
				t.Fatalf("agree = %d: %s", code, stderr)
			}
			if !strings.Contains(out, "annotators: alice, bob") || !regexp.MustCompile(`The minister said taxes will fall \. +0\.875`).MatchString(out) {
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

// -annotator given for an INCEpTION project (folder or zip, TSV or XMI)
// was passed over without a word: each user's file still went into their
// own layer, and nothing said dave's layer was not made. A note now says
// so, naming the project; the import goes on as without the flag.
func TestImportInceptionAnnotatorNoted(t *testing.T) {
	for _, name := range []string{"project", "xmiproject"} {
		dir := t.TempDir()
		folder, zipped := copyProjectFrom(t, dir, name)
		for _, path := range []string{folder, zipped} {
			t.Run(name+"/"+filepath.Base(path), func(t *testing.T) {
				store := filepath.Join(dir, "s-"+filepath.Base(path))
				code, _, stderr := run(t, store, "-user", "carol", "import", "-annotator", "dave", path)
				if code != 0 {
					t.Fatalf("import = %d: %s", code, stderr)
				}
				if want := "-annotator dave not used for " + path + ": an INCEpTION project's files name their layers"; !strings.Contains(stderr, want) {
					t.Errorf("notes lack %q:\n%s", want, stderr)
				}
				if code, out, _ := run(t, store, "export", "-annotator", "alice"); code != 0 || !strings.Contains(out, `"annotator":"alice"`) {
					t.Errorf("alice's layer = %d:\n%s", code, out)
				}
			})
		}
	}
	// Without the flag, no such note.
	dir := t.TempDir()
	folder, _ := copyProject(t, dir)
	if code, _, stderr := run(t, filepath.Join(dir, "s"), "-user", "carol", "import", folder); code != 0 || strings.Contains(stderr, "-annotator") {
		t.Errorf("import without -annotator = %d:\n%s", code, stderr)
	}
}

// A curation in annotation/DOC/ (where WebAnno placed it) beside the one
// in curation/DOC/ that differs from it was passed over, curation/'s read:
// the document is now refused naming both, and nothing imported.
func TestImportInceptionCurationTwice(t *testing.T) {
	dir := t.TempDir()
	folder, _ := copyProject(t, dir)
	cur, err := os.ReadFile(filepath.Join(folder, "curation", "minister.txt", "CURATION_USER.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	beside := filepath.Join(folder, "annotation", "minister.txt", "CURATION_USER.tsv")
	if err := os.WriteFile(beside, []byte(strings.Replace(string(cur), "claim", "actor", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	store := filepath.Join(dir, "s")
	code, out, stderr := run(t, store, "-user", "carol", "import", folder)
	want := "document minister.txt: CURATION_USER's file again (as " + beside + "), not the same"
	if code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("import = %d\n%s%s\nwant refused: %q", code, out, stderr, want)
	}
	if code, out, _ := run(t, store, "list"); code == 0 && strings.Contains(out, "taxes will fall") {
		t.Errorf("imported all the same:\n%s", out)
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

// A link inside a project folder to a file or folder outside it (bob.tsv →
// a file elsewhere, annotation/ → another project) was followed: another
// file of the machine came in as bob's layer. The link is refused naming
// it and where it leads, and nothing is imported; a link within the
// project is read.
func TestImportInceptionLinkOutside(t *testing.T) {
	for _, c := range []struct{ name, link, target string }{
		{"file", "annotation/minister.txt/bob.tsv", "elsewhere/bob.tsv"},
		{"folder", "annotation/minister.txt", "elsewhere/minister.txt"},
		{"annotation", "annotation", "elsewhere"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			folder, _ := copyProject(t, dir)
			link := filepath.Join(folder, filepath.FromSlash(c.link))
			target := filepath.Join(dir, filepath.FromSlash(c.target))
			if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(link, target); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(target, link); err != nil {
				t.Fatal(err)
			}
			store := filepath.Join(dir, "store")
			code, out, stderr := run(t, store, "-user", "carol", "import", folder)
			if code == 0 || !strings.Contains(stderr, "outside the project folder") || !strings.Contains(stderr, filepath.Base(link)) {
				t.Errorf("import with %s a link outside = %d\n%s%s\nwant it refused, naming the link", c.link, code, out, stderr)
			}
			if code, out, _ := run(t, store, "list"); code == 0 && strings.Contains(out, "taxes will fall") {
				t.Errorf("imported all the same:\n%s", out)
			}
		})
	}
	// Within the project, a link is a file of it.
	dir := t.TempDir()
	folder, _ := copyProject(t, dir)
	bob := filepath.Join(folder, "annotation", "minister.txt", "bob.tsv")
	inside := filepath.Join(folder, "source", "bob.tsv")
	if err := os.Rename(bob, inside); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join("..", "..", "source", "bob.tsv"), bob); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(t, filepath.Join(dir, "store"), "-user", "carol", "import", folder); code != 0 {
		t.Errorf("a link within the project: import = %d\n%s", code, stderr)
	}
}
