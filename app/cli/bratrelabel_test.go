package cli

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestBratRelabelledAgainSaid: a .ann relabelled in brat and imported
// again added the new label's span beside the stored one with nothing
// said but "1 span". brat's T-IDs are the file's own and it gives no time,
// so skein cannot tell which label is newer (the stored one may have been
// relabelled in skein since): both stay, and a note says so, naming the
// .ann and the line of the span (it named the folder, as spans of a brat
// folder were placed), the place and both labels, and, in your own layer,
// how to keep one.
func TestBratRelabelledAgainSaid(t *testing.T) {
	for _, tc := range []struct {
		args []string // -user dee, then -annotator al or none
		who  string
		then string
	}{
		{[]string{"-user", "dee", "import", "-annotator", "al"}, "al", "; a colleague's layer is theirs to change: their newer export replaces it"},
		{[]string{"-user", "dee", "import"}, "dee", "; if you relabelled it in the tool that wrote the file, delete the stored one in the window (click it, then Delete)"},
	} {
		store, b := bratFolder(t)
		ann := writeFile(t, b, "a.ann", "T1\tactor 0 5\tKakar\nT2\tactor 11 18\tMujahid\n")
		imp := func() (string, string) {
			t.Helper()
			code, out, stderr := run(t, store, append(slices.Clone(tc.args), b)...)
			if code != 0 {
				t.Fatalf("skein %q = %d %q", tc.args, code, stderr)
			}
			return out, stderr
		}
		imp()
		if err := os.WriteFile(ann, []byte("T2\tactor 11 18\tMujahid\n\nT1\tclaim 0 5\tKakar\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		out, stderr := imp()
		if want := "note: a.ann:3: 1 span was added beside a span " + tc.who + "'s layer holds at the same place with another label (article "; !strings.Contains(stderr, want) ||
			!strings.Contains(stderr, ", 0–5: actor in the store, claim in the file): both are kept, as the file gives its spans no ID skein keeps and no time, so which label is newer cannot be told"+tc.then+"\n") {
			t.Errorf("import %q again said %q %q; want a note %q… naming a.ann:3, 0–5, actor and claim, ending %q", tc.args, out, stderr, want, tc.then)
		}
		got := spansOf(t, store)
		if len(got) != 3 || !slices.ContainsFunc(got, func(s string) bool { return strings.Contains(s, "claim") }) {
			t.Errorf("the store holds %q; want both labels of Kakar kept, and Mujahid", got)
		}
		// Imported again as it is now: nothing added, nothing said of it.
		if out, stderr := imp(); !strings.Contains(out, " 0 spans") || strings.Contains(stderr, "beside") {
			t.Errorf("a third import said %q %q; want 0 spans and no note of spans beside", out, stderr)
		}
	}
}

// TestRelabelledAgainSaidAtItsLine: doccano, Prodigy and Label Studio give
// their spans no ID skein keeps either, and a span relabelled in the tool
// and imported again is said as brat's is (TestBratRelabelledAgainSaid),
// at the file and line of the record that brings it: the note named the
// file alone, and a researcher with a file of thousands of lines could
// not find the record.
func TestRelabelledAgainSaidAtItsLine(t *testing.T) {
	const other, text = "Aziz denied it.", "Kakar said Mujahid lied."
	for _, tc := range []struct {
		file string
		rec  func(text, label string) string // one record of a span 0–5
		// join makes the file of the records: line 3 is the second's
		join func(recs ...string) string
	}{
		{"d.jsonl", func(text, label string) string {
			return `{"text": "` + text + `", "label": [[0, 5, "` + label + `"]]}`
		}, func(recs ...string) string { return recs[0] + "\n\n" + recs[1] + "\n" }},
		{"p.jsonl", func(text, label string) string {
			return `{"text": "` + text + `", "spans": [{"start": 0, "end": 5, "label": "` + label + `"}]}`
		}, func(recs ...string) string { return recs[0] + "\n\n" + recs[1] + "\n" }},
		{"ls.json", func(text, label string) string {
			return `{"data": {"text": "` + text + `"}, "annotations": [{"result": [{"id": "r1", "type": "labels", "from_name": "label", "to_name": "text", "value": {"start": 0, "end": 5, "labels": ["` + label + `"]}}]}]}`
		}, func(recs ...string) string { return "[\n" + recs[0] + ",\n" + recs[1] + "\n]\n" }},
	} {
		t.Run(tc.file, func(t *testing.T) {
			dir := t.TempDir()
			store := filepath.Join(dir, "s")
			f := writeFile(t, dir, tc.file, tc.join(tc.rec(other, "actor"), tc.rec(text, "actor")))
			imp := func() string {
				t.Helper()
				code, _, stderr := run(t, store, "-user", "dee", "import", f)
				if code != 0 {
					t.Fatalf("skein import %s = %d %q", f, code, stderr)
				}
				return stderr
			}
			imp()
			writeFile(t, dir, tc.file, tc.join(tc.rec(other, "actor"), tc.rec(text, "claim")))
			stderr := imp()
			if want := "note: " + f + ":3: 1 span was added beside a span dee's layer holds at the same place with another label (article "; !strings.Contains(stderr, want) ||
				!strings.Contains(stderr, ", 0–5: actor in the store, claim in the file): both are kept") {
				t.Errorf("%s imported again said %q; want a note %q… naming 0–5, actor and claim", tc.file, stderr, want)
			}
		})
	}
}

// forgedName is a file's name as someone who sends a corpus may give it:
// printed as it is, its line break starts a note of the sender's words.
const forgedName = "a\nnote: all of this import was checked and is sound"

// importForged imports, as dee, the brat folder b holding forgedName+ext
// (its .txt and its .ann ann), with args before the folder; its notes,
// failing the test where a line of them starts with the forged words.
func importForged(t *testing.T, store, b, ext, ann string, args ...string) string {
	t.Helper()
	writeFile(t, b, forgedName+ext+".txt", "Kakar said Mujahid lied.\n")
	writeFile(t, b, forgedName+ext+".ann", ann)
	code, _, stderr := run(t, store, append(append([]string{"-user", "dee", "import"}, args...), b)...)
	if code != 0 {
		t.Fatalf("import = %d %q", code, stderr)
	}
	for _, l := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(l, "note: all of this import") || strings.ContainsRune(l, '\u202e') {
			t.Errorf("import printed a line the file's name made: %q", l)
		}
	}
	return stderr
}

// TestRelabelledNoteNamesFileAsProblemsDo: a brat folder sent by someone
// else may hold an .ann whose name has a line break and U+202E. The note
// of a span relabelled there names it quoted, as a problem in it is named
// (annotate.FileName): printed as it was, its line break made a second
// note of the sender's words, and U+202E turned the rest of the line
// backwards.
func TestRelabelledNoteNamesFileAsProblemsDo(t *testing.T) {
	store, b := bratFolder(t)
	os.Remove(filepath.Join(b, "a.txt"))
	importForged(t, store, b, "\u202e", "T1\tactor 0 5\tKakar\n")
	stderr := importForged(t, store, b, "\u202e", "T2\tactor 11 18\tMujahid\n\nT1\tclaim 0 5\tKakar\n")
	want := `note: "a\nnote: all of this import was checked and is sound\u202e.ann":3: 1 span was added beside a span dee's layer holds at the same place`
	if !strings.Contains(stderr, want) {
		t.Errorf("import again said %q; want a note beginning %q", stderr, want)
	}
}

// TestImportNoteExamplesNameFileAsProblemsDo: a note's examples name the
// file they were found in (brat: 1 attribute on relations left out …
// (x.ann A1)), quoted as a problem's file is where the name holds a line
// break: printed as it was, the rest of the example read as a note of
// its own.
func TestImportNoteExamplesNameFileAsProblemsDo(t *testing.T) {
	store, b := bratFolder(t)
	os.Remove(filepath.Join(b, "a.txt"))
	stderr := importForged(t, store, b, "", "T1\tactor 0 5\tKakar\nT2\tactor 11 18\tMujahid\nR1\tsaid Arg1:T1 Arg2:T2\nA1\tNeg R1\n", "-annotator", "al")
	if want := `note: brat: 1 attribute on relations left out (skein links carry no attributes) ("a\nnote: all of this import was checked and is sound.ann:4 A1")` + "\n"; !strings.Contains(stderr, want) {
		t.Errorf("import said %q; want %q", stderr, want)
	}
}
