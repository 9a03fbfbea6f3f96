package formats

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/skein-news/skein/annotate"
)

// inceptionFixture is the hand-made project of testdata/inception: one
// document annotated by alice and bob and curated, one nobody annotated.
func inceptionFixture(t *testing.T) fstest.MapFS {
	t.Helper()
	return projectFixture(t, "project")
}

// projectFixture is the project in testdata/inception/dir, as a map.
func projectFixture(t *testing.T, dir string) fstest.MapFS {
	t.Helper()
	root := filepath.Join("testdata", "inception", dir)
	m := fstest.MapFS{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		m[filepath.ToSlash(rel)] = &fstest.MapFile{Data: b, Mode: 0o644}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// layersOf lists a batch's spans as "annotator label text", sorted.
func layersOf(b *Batch) []string {
	text := map[string][]rune{}
	for _, d := range b.Docs {
		text[d.ID] = []rune(d.Text)
	}
	var out []string
	for _, s := range b.Spans {
		f := s.Fragments[0]
		out = append(out, s.Annotator+" "+s.Label+" "+string(text[s.Doc][f.Start:f.End]))
	}
	sort.Strings(out)
	return out
}

// A project read as INCEpTION exports it: each annotator's file is their
// layer of one article, the curation the curated layer, alice's finished
// document marked done, bob's in progress not, and the document nobody
// annotated an article of its own; the binary copies and INITIAL_CAS are
// said to be left out. Read from the folder and from the zip alike.
//
// The same project exported as UIMA CAS XMI (xmiproject), as INCEpTION
// lays it out, reads the same: alice's file in a zip of a temporary name
// (webanno…export.zip/alice.xmi) beside the folder it was unzipped into,
// bob's a zip named after him holding the document's name, the curation a
// zip, INITIAL_CAS zipped and not; from the zip, zips in a zip. Its
// relation (alice's and the curation's made-by) comes as a link.
func TestReadInceptionProject(t *testing.T) {
	for _, c := range []struct {
		dir   string
		links int
		notes []string
	}{
		{"project", 0, []string{"2 files (INITIAL_CAS.tsv", "1 document nobody annotated read from INITIAL_CAS.tsv"}},
		{"xmiproject", 2, []string{"2 files (INITIAL_CAS.xmi", "1 document nobody annotated read from INITIAL_CAS.xmi",
			"1 second copy of an annotator's or the curation's file (a zip and the folder it was unzipped into, or the curation in both annotation/ and curation/) not read"}},
	} {
		m := projectFixture(t, c.dir)
		for name, fsys := range map[string]fs.FS{"folder": m, "zip": zipOf(t, m)} {
			t.Run(c.dir+"/"+name, func(t *testing.T) {
				if !IsInceptionProject(fsys) {
					t.Fatal("not taken for a project")
				}
				b, errs := ReadInceptionProject(fsys, "news", Options{})
				if len(errs) > 0 {
					t.Fatalf("errors: %v", errs)
				}
				if len(b.Docs) != 2 || b.Files != 4 {
					t.Fatalf("got %d documents from %d files, want 2 from 4", len(b.Docs), b.Files)
				}
				for _, d := range b.Docs {
					if want := map[string]string{"minister.txt": "The minister said taxes will fall .\nCritics accused him of lying .", "budget.txt": "Budget rises 4 % ."}[d.Source]; d.Text != want {
						t.Errorf("document %s: text %q, want %q", d.Source, d.Text, want)
					}
				}
				got := strings.Join(layersOf(b), "|")
				want := "alice accusation accused him of lying|alice actor Critics|alice actor The minister|alice claim taxes will fall|" +
					"bob accusation accused him of lying|bob actor Critics|bob actor minister|bob claim taxes will fall|" +
					"curated accusation accused him of lying|curated actor Critics|curated actor The minister|curated claim taxes will fall"
				if got != want {
					t.Errorf("spans:\n got %s\nwant %s", got, want)
				}
				links := 0
				for _, th := range b.Threads {
					if th.Members[1].Link == "made-by" {
						links++
					}
				}
				if links != c.links || len(b.Threads) != c.links {
					t.Errorf("%d threads, %d made-by links, want %d", len(b.Threads), links, c.links)
				}
				if len(b.Marks) != 1 || b.Marks[0].Annotator != "alice" || !b.Marks[0].Done {
					t.Errorf("marks = %+v, want alice's done alone", b.Marks)
				}
				var worked []string
				for _, w := range b.Worked {
					worked = append(worked, w[1])
				}
				if strings.Join(worked, ",") != "alice,bob,curated" {
					t.Errorf("worked = %v, want alice, bob, curated", worked)
				}
				notesHave(t, b, append([]string{
					"curation (CURATION_USER) of 1 document went into your curated layer",
					"1 annotator's document INCEpTION calls finished (exportedproject.json) marked done",
					"annotation_ser/, source/ not read"}, c.notes...)...)
				if notes := strings.Join(b.Notes, "\n"); strings.Contains(notes, "repeat the text") {
					t.Errorf("one document's layers said to repeat each other:\n%s", notes)
				}
			})
		}
	}
}

// zipOf is m zipped, as INCEpTION's export is.
func zipOf(t *testing.T, m fstest.MapFS) *zip.Reader {
	t.Helper()
	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
	for _, name := range slicesSorted(m) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(m[name].Data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(zbuf.Bytes()), int64(zbuf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	return zr
}

func slicesSorted(m fstest.MapFS) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// What is wrong in a project is refused by file: a document whose
// annotators' files hold different texts (none of its layers read, the
// other document still there with -skip-invalid), a user whose name is the
// curated layer's or holds a control character, a project description
// that is not JSON (by line).
func TestReadInceptionProjectRefuses(t *testing.T) {
	alice := string(inceptionFixture(t)["annotation/minister.txt/alice.tsv"].Data)
	cases := []struct {
		name  string
		edit  func(m fstest.MapFS)
		want  string
		other bool // the other document is still read
	}{
		{"texts differ", func(m fstest.MapFS) {
			m["annotation/minister.txt/bob.tsv"] = &fstest.MapFile{Data: []byte(strings.ReplaceAll(string(m["annotation/minister.txt/bob.tsv"].Data), "Critics", "Critiks"))}
		}, "news/annotation/minister.txt/bob.tsv: document minister.txt: this file's text differs from alice.tsv's from character 41 on", true},
		{"curated user", func(m fstest.MapFS) {
			m["annotation/minister.txt/Curated.tsv"] = &fstest.MapFile{Data: []byte(alice)}
		}, "news/annotation/minister.txt/Curated.tsv: an INCEpTION user named Curated: that is skein's curated layer's name", true},
		{"control in name", func(m fstest.MapFS) {
			m["annotation/minister.txt/a\x1bb.tsv"] = &fstest.MapFile{Data: []byte(alice)}
		}, "the file's name is its annotator's, and no ID or name skein keeps: it holds a control character", true},
		{"exported as CoNLL", func(m fstest.MapFS) {
			for _, k := range slicesSorted(m) {
				if strings.HasPrefix(k, "annotation/") || strings.HasPrefix(k, "curation/") {
					m[strings.TrimSuffix(k, ".tsv")+".conll"] = m[k]
					delete(m, k)
				}
			}
		}, "news/annotation: no WebAnno TSV or UIMA CAS XMI file in it (news/annotation/budget.txt/INITIAL_CAS.conll is another format's): export the project from INCEpTION again with the format UIMA CAS XMI (XML 1.0) or WebAnno TSV 3.x", false},
		{"bad json", func(m fstest.MapFS) {
			m["exportedproject-news.json"] = &fstest.MapFile{Data: []byte("{\n\"name\": \"news\",\n\"annotation_documents\": [}\n")}
		}, "news/exportedproject-news.json:3: not INCEpTION's project description", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := inceptionFixture(t)
			c.edit(m)
			b, errs := ReadInceptionProject(m, "news", Options{})
			if b != nil || len(errs) == 0 || !strings.Contains(errs[0].Error(), c.want) {
				t.Fatalf("got %v, %v; want refused with %q", b, errs, c.want)
			}
			var le *annotate.LineError
			if !errors.As(errs[0], &le) {
				t.Errorf("%v names no file", errs[0])
			}
			b, _ = ReadInceptionProject(m, "news", Options{SkipInvalid: true})
			if c.other && (b == nil || len(b.Docs) == 0) {
				t.Errorf("-skip-invalid kept nothing")
			}
			if c.name == "texts differ" && len(b.Docs) != 1 {
				t.Errorf("-skip-invalid kept %d documents, want budget.txt alone", len(b.Docs))
			}
		})
	}
}

// A TSV file of a project larger than the bound is refused by name,
// whether its size is known before it is read (a folder's file, a zip's
// entry) or not (an entry whose size is not told), and not read whole.
func TestReadInceptionProjectBounded(t *testing.T) {
	defer func(n int64) { maxProjectTSV = n }(maxProjectTSV)
	maxProjectTSV = 300
	m := inceptionFixture(t)
	_, errs := ReadInceptionProject(m, "news", Options{})
	if len(errs) == 0 || !strings.Contains(errs[0].Error(), "news/annotation/minister.txt/alice.tsv: too large: ") {
		t.Errorf("got %v, want alice.tsv refused as too large", errs)
	}
	r := &limitedReader{r: strings.NewReader(strings.Repeat("x", 400)), left: maxProjectTSV}
	if _, err := io.ReadAll(r); !errors.Is(err, ErrFileTooLarge) {
		t.Errorf("a stream of 400 bytes read with %v, want too large", err)
	}
}

// A zip in a project whose XMI file unpacks to more than the bound (a zip
// bomb) is refused by name, before it is read; so is one whose zip is
// larger than the bound; and what reading holds stays small.
func TestReadInceptionProjectXMIBounded(t *testing.T) {
	defer func(n int64) { maxProjectTSV = n }(maxProjectTSV)
	maxProjectTSV = 1 << 20
	m := projectFixture(t, "xmiproject")
	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
	w, _ := zw.Create("minister.xmi")
	w.Write(bytes.Repeat([]byte(" "), 64<<20)) // 64 MB of spaces: 64 KB zipped
	zw.Close()
	m["annotation/minister.txt/bob.zip"] = &fstest.MapFile{Data: zbuf.Bytes()}
	for name, fsys := range map[string]fs.FS{"folder": m, "zip": zipOf(t, m)} {
		t.Run(name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			b, errs := ReadInceptionProject(fsys, "news", Options{})
			runtime.ReadMemStats(&after)
			if b != nil || len(errs) == 0 || !strings.Contains(errs[0].Error(), "news/annotation/minister.txt/bob.zip/minister.xmi: too large: 67108864 bytes") {
				t.Fatalf("got %v, want bob's zip refused as too large", errs)
			}
			if got := after.TotalAlloc - before.TotalAlloc; got > 16<<20 {
				t.Errorf("%d MB allocated", got>>20)
			}
		})
	}
	maxProjectTSV = 32 << 10
	_, errs := ReadInceptionProject(m, "news", Options{})
	if len(errs) == 0 || !strings.Contains(errs[0].Error(), "news/annotation/minister.txt/bob.zip: too large:") {
		t.Errorf("got %v, want bob.zip refused as too large", errs)
	}
}

// Two files of one annotator of one document (a zip and the folder it was
// unzipped into) are one file twice, read once; where they differ (the
// folder's changed by hand), which holds the annotator's work cannot be
// told: the document is refused naming both, not one read and the other
// said to be a copy.
func TestReadInceptionProjectCopiesDiffer(t *testing.T) {
	m := projectFixture(t, "xmiproject")
	const unzipped = "annotation/minister.txt/webanno6151388004753565972export/alice.xmi"
	m[unzipped] = &fstest.MapFile{Data: bytes.Replace(m[unzipped].Data, []byte(`label="claim"`), []byte(`label="actor"`), 1)}
	for name, fsys := range map[string]fs.FS{"folder": m, "zip": zipOf(t, m)} {
		t.Run(name, func(t *testing.T) {
			b, errs := ReadInceptionProject(fsys, "news", Options{})
			want := "news/annotation/minister.txt/webanno6151388004753565972export.zip/alice.xmi: document minister.txt: alice's file again (as news/annotation/minister.txt/webanno6151388004753565972export/alice.xmi), not the same: they differ from byte 498 on: which holds alice's annotations cannot be told, so the document is refused"
			if b != nil || len(errs) == 0 || !strings.Contains(errs[0].Error(), want) {
				t.Fatalf("got %v, %v; want %q", b, errs, want)
			}
			b, _ = ReadInceptionProject(fsys, "news", Options{SkipInvalid: true})
			if b == nil || len(b.Docs) != 1 || b.Docs[0].Source != "budget.txt" {
				t.Errorf("-skip-invalid: %+v, want budget.txt alone", b)
			}
		})
	}
}

// TestReadInceptionProjectCurationCopies: the curation's zip and the folder
// it was unzipped into are compared as an annotator's two copies are: the
// same, the second is noted and not read; differing (the folder changed by
// hand), the document is refused naming both. Before, the zip's was read
// and the folder's changes lost without a word.
func TestReadInceptionProjectCurationCopies(t *testing.T) {
	m := projectFixture(t, "xmiproject")
	zr, err := zip.NewReader(bytes.NewReader(m["curation/minister.txt/CURATION_USER.zip"].Data), int64(len(m["curation/minister.txt/CURATION_USER.zip"].Data)))
	if err != nil {
		t.Fatal(err)
	}
	var xmi []byte
	for _, f := range zr.File {
		if f.Name == "CURATION_USER.xmi" {
			r, _ := f.Open()
			xmi, _ = io.ReadAll(r)
			r.Close()
		}
	}
	const unzipped = "curation/minister.txt/CURATION_USER/CURATION_USER.xmi"
	m[unzipped] = &fstest.MapFile{Data: xmi, Mode: 0o644}
	b, errs := ReadInceptionProject(m, "news", Options{})
	if b == nil || len(errs) > 0 || !slices.ContainsFunc(b.Notes, func(n string) bool { return strings.Contains(n, "2 second copies") }) {
		t.Fatalf("the same curation twice: %v, %v; want it read once, noted", b, errs)
	}
	m[unzipped] = &fstest.MapFile{Data: bytes.Replace(xmi, []byte(`label="`), []byte(`label="x`), 1), Mode: 0o644}
	for name, fsys := range map[string]fs.FS{"folder": m, "zip": zipOf(t, m)} {
		t.Run(name, func(t *testing.T) {
			b, errs := ReadInceptionProject(fsys, "news", Options{})
			want := "document minister.txt: CURATION_USER's file again (as news/curation/minister.txt/"
			if b != nil || len(errs) == 0 || !strings.Contains(errs[0].Error(), want) || !strings.Contains(errs[0].Error(), "not the same: they differ from byte") {
				t.Fatalf("got %v, %v; want %q", b, errs, want)
			}
		})
	}
}

// TestReadInceptionProjectCurationInAnnotation: a CURATION_USER file in
// annotation/DOC/ (where WebAnno placed it) beside the one in
// curation/DOC/ is compared as an annotator's copies are: the same bytes,
// the second is noted and not read; differing, the document is refused
// naming both. Before, curation/'s was read and the other passed over
// without a word, its changes lost.
func TestReadInceptionProjectCurationInAnnotation(t *testing.T) {
	m := inceptionFixture(t)
	cur := m["curation/minister.txt/CURATION_USER.tsv"].Data
	const beside = "annotation/minister.txt/CURATION_USER.tsv"
	m[beside] = &fstest.MapFile{Data: cur, Mode: 0o644}
	for name, fsys := range map[string]fs.FS{"folder": m, "zip": zipOf(t, m)} {
		t.Run("same/"+name, func(t *testing.T) {
			b, errs := ReadInceptionProject(fsys, "news", Options{})
			if b == nil || len(errs) > 0 {
				t.Fatalf("the same curation twice: %v", errs)
			}
			if !slices.ContainsFunc(b.Notes, func(n string) bool { return strings.HasPrefix(n, "1 second copy") }) {
				t.Errorf("notes %q lack the second copy", b.Notes)
			}
			if got := strings.Count(strings.Join(layersOf(b), "\n"), "curated "); got != 4 {
				t.Errorf("%d curated spans, want 4 (read once):\n%s", got, strings.Join(layersOf(b), "\n"))
			}
		})
	}
	changed := bytes.Replace(cur, []byte("claim"), []byte("actor"), 1)
	if bytes.Equal(changed, cur) {
		t.Fatal("the curation holds no claim to change")
	}
	m[beside] = &fstest.MapFile{Data: changed, Mode: 0o644}
	for name, fsys := range map[string]fs.FS{"folder": m, "zip": zipOf(t, m)} {
		t.Run("differ/"+name, func(t *testing.T) {
			b, errs := ReadInceptionProject(fsys, "news", Options{})
			want := "news/curation/minister.txt/CURATION_USER.tsv: document minister.txt: CURATION_USER's file again (as news/annotation/minister.txt/CURATION_USER.tsv), not the same: they differ from byte"
			if b != nil || len(errs) == 0 || !strings.Contains(errs[0].Error(), want) {
				t.Fatalf("got %v, %v; want %q", b, errs, want)
			}
		})
	}
}

// TestReadInceptionProjectDecomposedUser: two files of one document whose
// names are one user's, one written decomposed (Zoe + U+0308, as a zip
// made on macOS names it), went into one layer Zoë, their spans merged
// without a word. They are now compared as a user's two copies are:
// differing, the document is refused naming both.
func TestReadInceptionProjectDecomposedUser(t *testing.T) {
	m := projectFixture(t, "project")
	bob := m["annotation/minister.txt/bob.tsv"].Data
	m["annotation/minister.txt/Zo\u00eb.tsv"] = &fstest.MapFile{Data: bob, Mode: 0o644}
	m["annotation/minister.txt/Zoe\u0308.tsv"] = &fstest.MapFile{Data: bytes.ReplaceAll(bob, []byte("claim"), []byte("figure")), Mode: 0o644}
	for name, fsys := range map[string]fs.FS{"folder": m, "zip": zipOf(t, m)} {
		t.Run(name, func(t *testing.T) {
			b, errs := ReadInceptionProject(fsys, "news", Options{})
			want := ".tsv, the same name written decomposed: a letter and its accent apart, as macOS writes it), not the same"
			if b != nil || len(errs) == 0 || !strings.Contains(errs[0].Error(), want) {
				t.Fatalf("read: %v, errors %v; want refused, %q", b != nil, errs, want)
			}
		})
	}
	m["annotation/minister.txt/Zoe\u0308.tsv"] = &fstest.MapFile{Data: bob, Mode: 0o644}
	b, errs := ReadInceptionProject(m, "news", Options{})
	if len(errs) > 0 || b == nil {
		t.Fatalf("the same file twice: %v", errs)
	}
	n := 0
	for _, s := range b.Spans {
		if s.Annotator == "Zo\u00eb" {
			n++
		}
	}
	if want := bytes.Count(bob, []byte("claim[")); n == 0 || n > len(b.Spans)/2 {
		t.Errorf("Zoë's layer holds %d spans of %d (bob's file holds %d claims): want hers once", n, len(b.Spans), want)
	}
}
