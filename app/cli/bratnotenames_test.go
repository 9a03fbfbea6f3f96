package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBratNotesNameFilesAsProblemsDo: brat's notes named an .ann by its
// path in the annotator's own folder ("(b/a.ann A1)" for lf/al/b/a.ann with
// -layers-from-folders lf, where the problems said al/b/a.ann; "(a.ann A1)"
// for the file named as lf/al/b/a.ann), and the two annotators' notes were
// said as one, counting 1 of 2. They name it as the problems do: below the
// folder given, or as given.
func TestBratNotesNameFilesAsProblemsDo(t *testing.T) {
	dir := t.TempDir()
	lf := filepath.Join(dir, "lf")
	for _, a := range []string{"al", "bo"} {
		if err := os.MkdirAll(filepath.Join(lf, a, "b"), 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(lf, a, "b"), "a.txt", "Kakar said.\n")
		writeFile(t, filepath.Join(lf, a, "b"), "a.ann", "T1\tactor 0 5\tKakar\nT2\tactor 6 10\tsaid\nR1\tx Arg1:T1 Arg2:T2\nA1\tNeg R1\n")
	}
	const note = "note: brat: 1 attribute on relations left out (skein links carry no attributes) ("
	named := filepath.Join(lf, "al", "b", "a.ann")
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"-layers-from-folders", lf}, []string{note + "al/b/a.ann:4 A1)\n", note + "bo/b/a.ann:4 A1)\n"}},
		{[]string{named}, []string{note + named + ":4 A1)\n"}},
		{[]string{filepath.Join(lf, "al")}, []string{note + "b/a.ann:4 A1)\n"}},
	} {
		_, stderr := importOK(t, filepath.Join(t.TempDir(), "s"), c.args...)
		for _, w := range c.want {
			if !strings.Contains(stderr, w) {
				t.Errorf("import %q said\n%s\nwant %q", c.args, stderr, w)
			}
		}
	}
}

// TestBratTextNamedWithItsAnnReadOnce: a brat .txt named with its .ann
// (skein import a.txt a.ann) was read as an article of its own and as the
// .ann's text: "imported 1 new document (0 already present, 1 repeated in
// the files) … from 3 files". It is the brat text alone: 2 files, nothing
// repeated; a .txt named without its .ann is an article as before.
func TestBratTextNamedWithItsAnnReadOnce(t *testing.T) {
	dir := t.TempDir()
	txt := writeFile(t, dir, "a.txt", "Kakar said.\n")
	ann := writeFile(t, dir, "a.ann", "T1\tactor 0 5\tKakar\n")
	other := writeFile(t, dir, "c.txt", "Other text.\n")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{txt, ann}, "imported 1 new document (0 already present), 1 span, 0 threads from 2 files\n"},
		{[]string{ann, txt, other}, "imported 2 new documents (0 already present), 1 span, 0 threads from 3 files\n"},
	} {
		out, _ := importOK(t, filepath.Join(t.TempDir(), "s"), c.args...)
		if out != c.want {
			t.Errorf("import %q said %q, want %q", c.args, out, c.want)
		}
	}
}
