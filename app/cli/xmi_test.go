package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
)

// A CAS INCEpTION exported as UIMA CAS XMI comes in as a researcher has
// it: news.xmi by its extension, the same file named news.xml by its
// content, and one named as a text with -format xmi; its spans go to the
// layer -annotator names, its relation a link, and the token-level layers
// are left out in one note. A news.xml found in a folder is known by its
// content too (it was a file of another kind, and nothing was imported),
// the TypeSystem.xml beside it left out.
func TestImportXMI(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join("..", "..", "annotate", "formats", "testdata", "xmi", "news.xmi"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		format []string
	}{{"news.xmi", nil}, {"news.xml", nil}, {"news.txt", []string{"-format", "xmi"}}, {"folder/news.xml", nil}} {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(dir, c.name)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
			if filepath.Dir(c.name) != "." {
				ts := `<?xml version="1.0" encoding="UTF-8"?><typeSystemDescription xmlns="http://uima.apache.org/resourceSpecifier"/>`
				if err := os.WriteFile(filepath.Join(filepath.Dir(p), "TypeSystem.xml"), []byte(ts), 0o644); err != nil {
					t.Fatal(err)
				}
				p = filepath.Dir(p) // the folder is imported
			}
			store := filepath.Join(dir, "s-"+strings.ReplaceAll(c.name, "/", "-"))
			args := append(append([]string{"-user", "al", "import", "-annotator", "bo"}, c.format...), p)
			code, out, stderr := run(t, store, args...)
			if code != 0 {
				t.Fatalf("import = %d: %s", code, stderr)
			}
			if want := "imported 1 new document (0 already present), 5 spans, 1 thread from 1 file"; !strings.Contains(out+stderr, want) {
				t.Errorf("summary lacks %q:\n%s%s", want, out, stderr)
			}
			if want := "UIMA CAS XMI: 4 annotations of DKPro Core's token-level layers"; !strings.Contains(stderr, want) {
				t.Errorf("notes lack %q:\n%s", want, stderr)
			}
			got := strings.Join(spansOf(t, store), "|")
			if want := `Accusation "fake"|LOC Kabul|PER Ana|claim reported 60 dead|figure 60`; got != want {
				t.Errorf("spans %q, want %q", got, want)
			}
		})
	}
}

// An INCEpTION project whose CASes' DocumentMetaData give a language and
// URIs, which skein keeps no place for (they were passed over without a
// word): one counted note says so for all its files, naming the first few.
func TestImportXMIMetaDataNoted(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join("..", "..", "annotate", "formats", "testdata", "xmi", "news.xmi"))
	if err != nil {
		t.Fatal(err)
	}
	folder, _ := copyProjectFrom(t, dir, "xmiproject")
	doc := filepath.Join(folder, "annotation", "news.txt")
	if err := os.Mkdir(doc, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ user, meta string }{
		{"carol", `language="en" documentUri="file:/corpus/news.txt"`},
		{"dave", `language="en" documentBaseUri="file:/corpus/" collectionId="file:/corpus"`},
		{"erin", `language="x-unspecified"`}, // UIMA's "none given": nothing left out
	} {
		x := strings.Replace(string(data), `language="en"`, c.meta, 1)
		if err := os.WriteFile(filepath.Join(doc, c.user+".xmi"), []byte(x), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, _, stderr := run(t, filepath.Join(dir, "s"), "-user", "al", "import", folder)
	if code != 0 {
		t.Fatalf("import = %d: %s", code, stderr)
	}
	want := "UIMA CAS XMI: 2 files' language and URIs (DocumentMetaData's language, documentUri, documentBaseUri, collectionId) left out (" +
		filepath.Join(doc, "carol.xmi") + ":4 language=en documentUri=file:/corpus/news.txt; " +
		filepath.Join(doc, "dave.xmi") + ":4 language=en documentBaseUri=file:/corpus/ collectionId=file:/corpus)"
	if !strings.Contains(stderr, want) || strings.Count(stderr, "language and URIs") != 1 {
		t.Errorf("notes:\n%s\nwant one line %q", stderr, want)
	}
}

// A CAS with an offset inside an emoji's two UTF-16 units is refused at
// its line, naming the annotation, and nothing is imported.
func TestImportXMIRefused(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.xmi")
	x := `<?xml version="1.0" encoding="UTF-8"?>
<xmi:XMI xmlns:xmi="http://www.omg.org/XMI" xmlns:cas="http:///uima/cas.ecore" xmlns:custom="http:///webanno/custom.ecore" xmi:version="2.0">
<cas:Sofa xmi:id="1" sofaNum="1" sofaID="_InitialView" mimeType="text" sofaString="Kabul 😠 reported"/>
<custom:Claim xmi:id="7" sofa="1" begin="0" end="5" label="claim"/>
<custom:Claim xmi:id="8" sofa="1" begin="7" end="12" label="claim"/>
</xmi:XMI>
`
	if err := os.WriteFile(bad, []byte(x), 0o644); err != nil {
		t.Fatal(err)
	}
	store := filepath.Join(dir, "s")
	code, _, stderr := run(t, store, "-user", "al", "import", "-annotator", "bo", bad)
	if want := "bad.xmi:5: Claim 8: offsets 7–12 cut a character beyond U+FFFF in two (they count UTF-16 units)"; code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("import = %d:\n%s\nwant %q", code, stderr, want)
	}
	if got := spansOf(t, store); len(got) != 0 {
		t.Errorf("a refused import stored %q", got)
	}
}

// TestImportXMIUTF16: an XMI file saved as UTF-16 (with its byte order
// mark) was refused as "1 file of kinds skein does not read (skein reads
// … .xmi (UIMA CAS XMI) …)", and with -format xmi as "not well-formed
// XML: text outside the root element": it is now said as what it is, at
// its line, as a text file in UTF-16 is; nothing is imported.
func TestImportXMIUTF16(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "annotate", "formats", "testdata", "xmi", "news.xmi"))
	if err != nil {
		t.Fatal(err)
	}
	u := utf16.Encode([]rune(strings.Replace(string(data), `encoding="UTF-8"`, `encoding="UTF-16"`, 1)))
	le := []byte{0xff, 0xfe}
	for _, c := range u {
		le = append(le, byte(c), byte(c>>8))
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "news.xmi")
	if err := os.WriteFile(p, le, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range [][]string{nil, {"-format", "xmi"}} {
		store := filepath.Join(t.TempDir(), "s")
		code, _, stderr := run(t, store, append(append([]string{"-user", "al", "import", "-annotator", "bo"}, format...), p)...)
		if want := "news.xmi:1: the file is UTF-16LE, as the byte order mark it begins with says, and skein reads it as UTF-8: save it as UTF-8"; code == 0 || !strings.Contains(stderr, want) {
			t.Errorf("import %v of an XMI in UTF-16 = %d %q; want it refused saying %q", format, code, stderr, want)
		}
	}
	// A WebAnno .tsv the same.
	tsv, err := os.ReadFile(filepath.Join("..", "..", "annotate", "formats", "testdata", "webanno", "news.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	le = []byte{0xff, 0xfe}
	for _, c := range utf16.Encode([]rune(string(tsv))) {
		le = append(le, byte(c), byte(c>>8))
	}
	p = filepath.Join(dir, "news.tsv")
	if err := os.WriteFile(p, le, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := run(t, filepath.Join(t.TempDir(), "s"), "-user", "al", "import", "-annotator", "bo", p)
	if want := "news.tsv:1: the file is UTF-16LE"; code == 0 || !strings.Contains(stderr, want) {
		t.Errorf("import of a WebAnno TSV in UTF-16 = %d %q; want it refused saying %q", code, stderr, want)
	}
}
