//go:build unix

package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skein-news/skein/store"
)

// importProgram runs skein import args as a program (this test binary as
// skein, TestMain) on the store at dir, and returns its exit status, its
// standard output and its standard error.
func importProgram(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	return program(t, dir, append([]string{"-user", "dee", "import"}, args...)...)
}

// program runs skein args as a program on the store at dir, as
// importProgram does.
func program(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), asSkein+"=1", "SKEIN_STORE="+dir)
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, out.String(), errb.String()
}

// formatsTestdata is annotate/formats' testdata/name: the project's own
// files of each format.
func formatsTestdata(name string) string {
	return filepath.Join("..", "..", "annotate", "formats", "testdata", name)
}

// TestImportAgainSaysOnlyWhatItStores: an import of files imported before
// stores nothing, and said its notes of what it stored all the same
// ("brat: 2 events became links …", "doccano: 1 identical span imported
// once", every link label again). Such a note is said where the import
// stores what it tells of, and not again; a note of what the files hold
// and skein leaves out is true each time and said each time.
func TestImportAgainSaysOnlyWhatItStores(t *testing.T) {
	ls := writeFile(t, t.TempDir(), "ls.json", `[{"id":1,"data":{"text":"Sony bought Aiwa."},"annotations":[{"result":[`+
		`{"id":"r1","type":"labels","from_name":"label","to_name":"text","value":{"start":0,"end":4,"text":"Sony","labels":["ORG","Buyer"]}},`+
		`{"id":"r2","type":"labels","from_name":"label","to_name":"text","value":{"start":12,"end":16,"text":"Aiwa","labels":["ORG"]}},`+
		`{"type":"relation","from_id":"r1","to_id":"r2","direction":"bi","labels":["deal"]}]}]}]`)
	for _, c := range []struct {
		name    string
		path    string
		stored  []string // said the first time only
		read    []string // said both times
		summary string   // the second import's
	}{
		{"brat", formatsTestdata("brat"), []string{
			"note: brat link types become link labels: Agent, Theme, Cause, Equiv\n",
			"note: brat: 2 events became links from their trigger to each argument (brat export writes them as relations)\n",
			"note: brat: 2 attributes, normalizations and notes on events put on the event's trigger span (emoji.ann:17 A4; emoji.ann:22 #3)\n",
		}, []string{
			"note: brat: annotation.conf defines types no imported document uses, not added as labels: Organization\n",
			"note: brat: 1 attribute on relations left out (skein links carry no attributes) (emoji.ann:18 A5)\n",
		}, "imported 0 new documents (3 already present), 0 spans, 0 threads from 5 files\n"},
		// Two folders of one collection: each one's things are counted.
		{"brat collection", formatsTestdata("others/brat-collection"), []string{
			"note: brat link types become link labels: Buyer, Seller, Equiv\n",
			"note: brat: 2 events became links from their trigger to each argument (brat export writes them as relations)\n",
			"note: brat: 3 attributes, normalizations and notes on events put on the event's trigger span (news/2023/a.ann:6 A1; news/2023/a.ann:7 A2; wire/a.ann:5 A1)\n",
		}, nil, "imported 0 new documents (3 already present), 0 spans, 0 threads from 5 files\n"},
		{"doccano", formatsTestdata("doccano.jsonl"), []string{
			"note: doccano: 1 document label (text classification) kept in the document's metadata as doccano_labels\n",
		}, []string{
			"note: doccano: 1 document's comments left out\n",
		}, "imported 0 new documents (4 already present), 0 spans, 0 threads from 1 file\n"},
		{"WebAnno", formatsTestdata("webanno"), []string{
			"note: WebAnno TSV link types become link labels: says, coref\n",
			"note: WebAnno TSV: 1 identical span imported once\n",
		}, []string{
			"note: WebAnno TSV: 1 sentence header line other than #Text= (#Sentence.id=) left out (news.tsv:8)\n",
		}, "imported 0 new documents (2 already present), 0 spans, 0 threads from 2 files\n"},
		{"Label Studio", ls, []string{
			"note: Label Studio link types become link labels: deal\n",
			"note: Label Studio: 1 region with several labels imported as one span per label\n",
			"note: Label Studio: 1 two-way relation imported as links from from_id to to_id\n",
		}, nil, "imported 0 new documents (1 already present), 0 spans, 0 threads from 1 file\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "s")
			for i, want := range [][]string{append(c.stored, c.read...), c.read} {
				code, out, stderr := importProgram(t, dir, c.path)
				if code != 0 {
					t.Fatalf("import %d: exit %d, %q", i+1, code, stderr)
				}
				for _, n := range want {
					if !strings.Contains(stderr, n) {
						t.Errorf("import %d said\n%s\nwant %q", i+1, stderr, n)
					}
				}
				if i == 1 {
					for _, n := range c.stored {
						if strings.Contains(stderr, n) {
							t.Errorf("the import again, which stored nothing, said %q", n)
						}
					}
					if strings.Contains(stderr, "become link labels") {
						t.Errorf("the import again named link labels the store holds:\n%s", stderr)
					}
					if out != c.summary {
						t.Errorf("the import again printed %q, want %q", out, c.summary)
					}
				}
			}
		})
	}
}

// TestImportAgainCountsWhatIsNew: a folder imported again with one more
// .ann counts that file's event alone, and names only its link label new
// to the store.
func TestImportAgainCountsWhatIsNew(t *testing.T) {
	st, b := bratFolder(t)
	writeFile(t, b, "a.txt", "Sony bought Aiwa.\n")
	writeFile(t, b, "a.ann", "T1\tOrg 0 4\tSony\nT2\tTrade 5 11\tbought\nT3\tOrg 12 16\tAiwa\nE1\tTrade:T2 Buyer:T1 Seller:T3\nA1\tNegation E1\n")
	if code, _, stderr := importProgram(t, st, b); code != 0 || !strings.Contains(stderr, "note: brat link types become link labels: Buyer, Seller\n") ||
		!strings.Contains(stderr, "note: brat: 1 event became links") {
		t.Fatalf("the first import: exit %d, said\n%s", code, stderr)
	}
	writeFile(t, b, "c.txt", "Aiwa sold radios to Sony.\n")
	writeFile(t, b, "c.ann", "T1\tOrg 0 4\tAiwa\nT2\tTrade 5 9\tsold\nT3\tOrg 20 24\tSony\nE1\tTrade:T2 Seller:T1 Buyer:T3 Agent:T1\nE2\tTrade:T2 Seller:T1\n")
	code, out, stderr := importProgram(t, st, b)
	if code != 0 {
		t.Fatalf("the second import: exit %d, %q", code, stderr)
	}
	for _, want := range []string{
		"note: brat link types become link labels: Agent\n",
		"note: brat: 2 events became links from their trigger to each argument (brat export writes them as relations)\n",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("the second import said\n%s\nwant %q", stderr, want)
		}
	}
	if strings.Contains(stderr, "put on the event's trigger span") {
		t.Errorf("the second import said again of a.ann's attribute, which it did not store:\n%s", stderr)
	}
	if want := "imported 1 new document (1 already present), 3 spans, 4 threads from 4 files\n"; out != want {
		t.Errorf("the second import printed %q, want %q", out, want)
	}
}

// TestImportLabelInWindowListIsNotNew: a label added in the window's label
// list (the store's MetaLabels) before any span has it is the store's
// already: an import bringing its first spans does not call it a new user
// label, as it does not once a span has it.
func TestImportLabelInWindowListIsNotNew(t *testing.T) {
	sdir, b := bratFolder(t)
	s, err := store.Open(sdir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// What the window's label bar writes on Add (app.MetaLabels).
	if err := s.SetMeta(store.MetaLabels, "Person"); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	writeFile(t, b, "a.ann", "T1\tPerson 0 5\tKakar\nT2\tOrg 11 18\tMujahid\n")
	code, _, stderr := importProgram(t, sdir, b)
	if code != 0 {
		t.Fatalf("exit %d, %q", code, stderr)
	}
	if strings.Contains(stderr, "brat type Person becomes user label Person") {
		t.Errorf("the import said\n%s\nof Person, which the window's label list holds", stderr)
	}
	if want := "note: brat type Org becomes user label Org\n"; !strings.Contains(stderr, want) {
		t.Errorf("the import said\n%s\nwant %q", stderr, want)
	}
}

// TestBratRepeatedTextSaysWhichFile: a brat .txt repeating another's text
// was said twice, the second time as "(d.txt d.txt ≠ a.txt)": one note
// says plainly which file repeats which, and whose name the article keeps.
func TestBratRepeatedTextSaysWhichFile(t *testing.T) {
	st, b := bratFolder(t)
	writeFile(t, b, "a.ann", "T1\tPerson 0 5\tKakar\n")
	writeFile(t, b, "d.txt", "Kakar said Mujahid lied.\n")
	writeFile(t, b, "d.ann", "")
	code, out, stderr := importProgram(t, st, b)
	if code != 0 {
		t.Fatalf("exit %d, %q", code, stderr)
	}
	want := "note: brat: 1 file repeats the text of an earlier one and was read into its document, which keeps the earlier one's source (d.txt repeats a.txt)\n"
	if !strings.Contains(stderr, want) || strings.Count(stderr, "repeat") != 2 {
		t.Errorf("the import said\n%s\nwant once %q", stderr, want)
	}
	if want := "imported 1 new document (0 already present), 1 span, 0 threads from 4 files\n"; out != want {
		t.Errorf("the import printed %q, want %q", out, want)
	}
}
