package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
)

// An export renamed into place gets the mode any new file gets (0666 less
// the umask), not the 0600 of a temporary file, so colleagues sharing the
// folder can read it; one written over an existing file keeps that file's mode.
func TestExportFileMode(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix file modes")
	}
	dir := t.TempDir()
	out := t.TempDir()
	// What this process's umask makes of a new file.
	probe := filepath.Join(out, "probe")
	f, err := os.OpenFile(probe, os.O_CREATE|os.O_WRONLY, 0o666)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	st, _ := os.Stat(probe)
	want := st.Mode().Perm()
	if want == 0o600 {
		t.Skip("the umask gives new files 0600 anyway")
	}
	for _, format := range []string{"skein", "doccano", "hf"} {
		file := filepath.Join(out, format+".jsonl")
		if code, _, stderr := run(t, dir, "-user", "al", "export", "-format", format, "-o", file); code != 0 {
			t.Fatalf("export -format %s = %d %q", format, code, stderr)
		}
		if st, err := os.Stat(file); err != nil || st.Mode().Perm() != want {
			t.Errorf("export -format %s -o %s: mode %v, %v; want %v", format, file, st.Mode().Perm(), err, want)
		}
	}
	brat := filepath.Join(out, "brat")
	if code, _, stderr := run(t, dir, "-user", "al", "export", "-format", "brat", "-o", brat); code != 0 {
		t.Fatalf("export -format brat = %d %q", code, stderr)
	}
	ents, _ := os.ReadDir(brat)
	if len(ents) == 0 {
		t.Fatal("brat export wrote nothing")
	}
	for _, e := range ents {
		if info, _ := e.Info(); info.Mode().IsRegular() && info.Mode().Perm() != want {
			t.Errorf("brat %s: mode %v; want %v", e.Name(), info.Mode().Perm(), want)
		}
	}

	// Over an existing file, that file's mode stays.
	kept := filepath.Join(out, "kept.jsonl")
	os.WriteFile(kept, []byte("old\n"), 0o600)
	os.Chmod(kept, 0o640)
	if code, _, stderr := run(t, dir, "-user", "al", "export", "-o", kept); code != 0 {
		t.Fatalf("export over a file = %d %q", code, stderr)
	}
	b, _ := os.ReadFile(kept)
	if st, _ := os.Stat(kept); st.Mode().Perm() != 0o640 || strings.HasPrefix(string(b), "old") {
		t.Errorf("export over a 0640 file: mode %v, content %.20q; want 0640 and the export", st.Mode().Perm(), b)
	}
	// No temporary file is left behind.
	left, _ := filepath.Glob(filepath.Join(out, ".skein-export-*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// al's thread links bob's span: `skein export -annotator al -threads` brings
// bob's layer on that article, so the file imports into an empty store and
// exports from there the same.
func TestExportThreadsRoundTrip(t *testing.T) {
	files := t.TempDir()
	team := filepath.Join(files, "team.jsonl")
	os.WriteFile(team, []byte(`{"title":"t","text":"Kakar said the TTP did it.","spans":[`+
		`{"id":"a1","start":0,"end":25,"text":"Kakar said the TTP did it","label":"claim","annotator":"al"},`+
		`{"id":"b1","start":0,"end":5,"text":"Kakar","label":"actor","annotator":"bob"}]}`+"\n"+
		`{"type":"thread","id":"t1","title":"who says","annotator":"al","members":[{"doc":"b883d26ba3e550c4","span":"a1"},{"doc":"b883d26ba3e550c4","span":"b1","link":"by"}]}`+"\n"), 0o644)
	a, b := t.TempDir(), t.TempDir()
	if code, _, stderr := run(t, a, "-user", "me", "import", team); code != 0 {
		t.Fatalf("import into A = %d %q", code, stderr)
	}
	first, second := filepath.Join(files, "first.jsonl"), filepath.Join(files, "second.jsonl")
	if code, _, stderr := run(t, a, "export", "-annotator", "al", "-threads", "-o", first); code != 0 || stderr != "" {
		t.Fatalf("export from A = %d %q", code, stderr)
	}
	if code, out, stderr := run(t, b, "-user", "me", "import", first); code != 0 || !strings.Contains(out, "1 thread from") {
		t.Fatalf("import of al's bundle into an empty store = %d %q %q", code, out, stderr)
	}
	if code, _, stderr := run(t, b, "export", "-annotator", "al", "-threads", "-o", second); code != 0 || stderr != "" {
		t.Fatalf("export from B = %d %q", code, stderr)
	}
	x, _ := os.ReadFile(first)
	y, _ := os.ReadFile(second)
	if string(x) != string(y) || !strings.Contains(string(x), `"id":"b1"`) {
		t.Errorf("export → import → export differs or lacks bob's span:\n%s\n---\n%s", x, y)
	}
}

// As a user meets issue 10's items 8 and 9: an escaped lone surrogate is
// refused at file:line; articles whose sources cannot be file names (300
// characters, 2,100 folders deep) export to brat under shortened names,
// the export whole with its annotation.conf, and read back.
func TestBratExportOfUnfitSourcesAndLoneSurrogates(t *testing.T) {
	dir, files := t.TempDir(), t.TempDir()
	bad := filepath.Join(files, "bad.jsonl")
	os.WriteFile(bad, []byte(`{"title":"caf\ud800","text":"Kakar spoke."}`+"\n"), 0o644)
	if code, _, stderr := run(t, dir, "-user", "al", "import", bad); code != 1 || !strings.Contains(stderr, `bad.jsonl:1: not UTF-8: "\ud800" at byte 13 of the line is half of a UTF-16 surrogate pair`) {
		t.Errorf("import of a lone surrogate = %d %q", code, stderr)
	}
	long, deep := strings.Repeat("x", 300)+".txt", strings.Repeat("d/", 2100)+"deep.txt"
	good := filepath.Join(files, "good.jsonl")
	os.WriteFile(good, []byte(`{"title":"a","source":"`+long+`","text":"Kakar spoke to the press."}`+"\n"+
		`{"title":"b","source":"`+deep+`","text":"The TTP denied it."}`+"\n"), 0o644)
	if code, _, stderr := run(t, dir, "-user", "al", "import", good); code != 0 {
		t.Fatalf("import = %d %q", code, stderr)
	}
	out := filepath.Join(files, "out")
	code, _, stderr := run(t, dir, "-user", "al", "export", "-all", "-format", "brat", "-o", out)
	if code != 0 || !strings.Contains(stderr, "note: brat: 2 file names shortened to fit a file system") {
		t.Fatalf("export -format brat = %d %q", code, stderr)
	}
	for _, name := range []string{"annotation.conf", "deep.txt", "deep.ann"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Error(err)
		}
	}
	shortened, _ := filepath.Glob(filepath.Join(out, strings.Repeat("x", 183)+"-*.txt"))
	if len(shortened) != 1 {
		t.Errorf("the 300-character source: got %v, want one file named with 183 x's and the article's ID", shortened)
	}
	if code, _, stderr := run(t, t.TempDir(), "-user", "al", "import", "-annotator", "al", out); code != 0 {
		t.Errorf("import of the export = %d %q", code, stderr)
	}
}

// kakarThreads makes a store with al's actor PM Kakar in the first seed
// article, and a thread of al's of that one span for each title; it
// returns the store's folder and the article.
func kakarThreads(t *testing.T, titles ...string) (string, *annotate.Document) {
	t.Helper()
	dir := t.TempDir()
	doc := seedsBySource(t)["000_a028c591ba1f5ed0.txt"]
	lines := []string{seedLine(t, doc, [4]string{"k1", "PM Kakar", "actor", "al"})}
	for i, title := range titles {
		lines = append(lines, fmt.Sprintf(`{"type":"thread","id":"th%d","title":%q,"annotator":"al","members":[{"doc":%q,"span":"k1"}]}`, i, title, doc.ID))
	}
	importAl(t, dir, lines)
	return dir, doc
}

// TestExportOneSpanThread: a thread of one span — what T and New thread make
// on a researcher's first span — is left out of the formats that hold only
// links between two spans, and the left-out line says that, not that it
// names spans the export left out: its span is in the file all the same.
func TestExportOneSpanThread(t *testing.T) {
	dir, doc := kakarThreads(t, "PM Kakar")
	outDir := t.TempDir()
	for _, f := range []string{"brat", "doccano", "prodigy", "labelstudio"} {
		t.Run(f, func(t *testing.T) {
			o := filepath.Join(outDir, f)
			code, _, stderr := run(t, dir, "-user", "al", "export", "-format", f, "-o", o)
			if code != 0 {
				t.Fatalf("export -format %s = %d %q", f, code, stderr)
			}
			want := "note: " + f + ": 1 thread of a single span left out (the format holds only links between two spans)"
			if !strings.Contains(stderr, want) || strings.Contains(stderr, "naming spans not exported") {
				t.Errorf("export -format %s said %q, want %q", f, stderr, want)
			}
			if f == "brat" {
				o = filepath.Join(o, doc.Source[:len(doc.Source)-len(".txt")]+".ann")
			}
			if b, err := os.ReadFile(o); err != nil || !strings.Contains(string(b), "PM Kakar") {
				t.Errorf("export -format %s: the thread's span is not in %s (%v)", f, o, err)
			}
		})
	}
}

// skein's JSONL without -threads leaves every thread out, and said
// nothing: a researcher sending a colleague her work found no threads in
// it and no word why. It says how many and what writes them, as the other
// formats say what they cannot hold; with -threads, or where the layer
// exported has no thread, it says nothing.
func TestExportSaysThreadsLeftOut(t *testing.T) {
	dir, _ := kakarThreads(t, "Kakar", "Kakar again")
	const said = "note: skein: 2 threads left out (export with -threads to write them)\n"
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-user", "al", "export"}, said},
		{[]string{"-user", "al", "export", "-all"}, said},
		{[]string{"-user", "al", "export", "-threads"}, ""},
		{[]string{"-user", "bob", "export"}, ""}, // bob has none: nothing to leave out
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			code, out, stderr := run(t, dir, c.args...)
			if code != 0 || !strings.Contains(out, "PM Kakar") {
				t.Fatalf("%v = %d, wrote %d bytes, said %q", c.args, code, len(out), stderr)
			}
			if got := grepLines(stderr, "note:"); got != c.want {
				t.Errorf("%v noted %q, want %q", c.args, got, c.want)
			}
		})
	}
}

// grepLines returns the lines of s that begin with prefix, each ending in
// a newline.
func grepLines(s, prefix string) string {
	var b strings.Builder
	for l := range strings.Lines(s) {
		if strings.HasPrefix(l, prefix) {
			b.WriteString(l)
		}
	}
	return b.String()
}

// TestExportLabelsUnseen: -labels with a character that shows nothing or
// turns the text around ("claim" + U+200B, U+202E claim) is refused with
// the importers' message, naming the character; before, it was taken as a
// label no span had, and the file written empty.
func TestExportLabelsUnseen(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(t.TempDir(), "c.jsonl")
	os.WriteFile(in, []byte(`{"text":"Minister said so.","spans":[{"start":0,"end":8,"text":"Minister","label":"actor","annotator":"al"}]}`+"\n"), 0o644)
	if code, _, stderr := run(t, dir, "-user", "al", "import", in); code != 0 {
		t.Fatalf("import = %d %s", code, stderr)
	}
	for _, c := range []struct{ labels, want string }{
		{"actor,claim\u200b", `-labels: label "claim\u200b" holds U+200B, which shows nothing`},
		{"\u202eactor", `holds U+202E`},
		{"a\u2028b", `holds U+2028`},
	} {
		out := filepath.Join(t.TempDir(), "x.jsonl")
		code, _, stderr := run(t, dir, "-user", "al", "export", "-labels", c.labels, "-o", out)
		if code != exitUsage || !strings.Contains(stderr, c.want) {
			t.Errorf("export -labels %q = %d %q; want %d saying %q", c.labels, code, stderr, exitUsage, c.want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("export -labels %q wrote %s", c.labels, out)
		}
	}
	// A joiner is a label's own.
	out := filepath.Join(t.TempDir(), "x.jsonl")
	if code, _, stderr := run(t, dir, "-user", "al", "export", "-labels", "actor,می\u200cگوید", "-o", out); code != 0 {
		t.Errorf("export -labels with a ZWNJ = %d %s", code, stderr)
	}

	// A label an older skein let in is still what its spans are called:
	// -labels takes it, and exports them.
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	spans, err := st.LayerSpans(annotate.DocID("Minister said so."), "al")
	if err != nil || len(spans) != 1 {
		t.Fatalf("al's layer: %v %v", spans, err)
	}
	old := spans[0].Clone()
	old.ID, old.Label, old.Fragments = annotate.NewID(), "claim\u200b", []annotate.Fragment{{Start: 9, End: 16}}
	if err := st.Apply(context.Background(), annotate.AddSpan("al", old)); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	out = filepath.Join(t.TempDir(), "old.jsonl")
	if code, _, stderr := run(t, dir, "-user", "al", "export", "-labels", "claim\u200b", "-o", out); code != 0 {
		t.Fatalf("export -labels of a label the store holds = %d %s", code, stderr)
	}
	if b, _ := os.ReadFile(out); !strings.Contains(string(b), `"said so"`) || strings.Contains(string(b), `"actor"`) {
		t.Errorf("export -labels of a label the store holds wrote:\n%s", b)
	}
}

// TestExportLabelsDecomposed: -labels "cafe\u0301" (a name given
// decomposed, as a macOS terminal may pass it) matched no span of the
// composed label café that imports and the window store, and wrote an
// empty export without a word; it is now the composed label. A label
// spans hold decomposed (from an older skein) is still taken as given.
func TestExportLabelsDecomposed(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(t.TempDir(), "c.jsonl")
	os.WriteFile(in, []byte(`{"text":"Minister said so.","spans":[{"start":0,"end":8,"text":"Minister","label":"café","annotator":"al"},{"start":9,"end":13,"text":"said","label":"Zoe\u0308","annotator":"al"}]}`+"\n"), 0o644)
	if code, _, stderr := run(t, dir, "-user", "al", "import", in); code != 0 {
		t.Fatalf("import = %d %s", code, stderr)
	}
	for _, c := range []struct{ labels, want string }{
		{"cafe\u0301", `"Minister"`},
		{"Zoe\u0308", `"said"`},
	} {
		out := filepath.Join(t.TempDir(), "x.jsonl")
		if code, _, stderr := run(t, dir, "-user", "al", "export", "-labels", c.labels, "-o", out); code != 0 {
			t.Fatalf("export -labels %+q = %d %s", c.labels, code, stderr)
		}
		if b, _ := os.ReadFile(out); !strings.Contains(string(b), c.want) {
			t.Errorf("export -labels %+q wrote no %s (%d bytes)", c.labels, c.want, len(b))
		}
	}
}

// TestListAndAgreeTellOlderLabelsApart: a store an older skein filled holds
// café and "cafe" + U+0301 apart, and claim + U+200B beside claim. skein
// list and skein agree showed each pair as the same word twice ("café 1
// café 1", two rows "café" in agree's label table); each such label is now
// shown quoted with what shows nothing escaped.
func TestListAndAgreeTellOlderLabelsApart(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(t.TempDir(), "older.jsonl")
	span := func(start, end int, text, label, who string) string {
		return fmt.Sprintf(`{"start":%d,"end":%d,"text":%q,"label":%q,"annotator":%q}`, start, end, text, label, who)
	}
	line := `{"text":"Minister said so in Kabul.","spans":[` + strings.Join([]string{
		span(0, 8, "Minister", "café", "al"), span(9, 13, "said", "cafe\u0301", "al"), span(17, 19, "in", "claim\u200b", "al"),
		span(0, 8, "Minister", "café", "bo"), span(9, 13, "said", "cafe\u0301", "bo"), span(20, 25, "Kabul", "claim", "bo"),
	}, ",") + `]}` + "\n"
	os.WriteFile(in, []byte(line), 0o644)
	if code, _, stderr := run(t, dir, "-user", "al", "import", in); code != 0 {
		t.Fatalf("import = %d %s", code, stderr)
	}
	code, out, stderr := run(t, dir, "list")
	if code != 0 {
		t.Fatalf("list = %d %s", code, stderr)
	}
	if want := `claim 1 actor 0 figure 0 accusation 0 "cafe\u0301" 2 café 2 "claim\u200b" 1 `; !strings.Contains(out, want) {
		t.Errorf("skein list printed\n%s\nwant a line with %s", out, want)
	}
	code, out, stderr = run(t, dir, "agree", "-a", "al", "-b", "bo")
	if code != 0 {
		t.Fatalf("agree = %d %s", code, stderr)
	}
	var rows []string
	for _, l := range strings.Split(out, "\n") {
		if f := strings.Fields(l); len(f) > 1 && strings.Contains(f[0], "caf") || len(f) > 1 && strings.Contains(f[0], "claim") {
			rows = append(rows, f[0])
		}
	}
	if want := []string{"claim", `"cafe\u0301"`, "café", `"claim\u200b"`}; strings.Join(rows, " ") != strings.Join(want, " ") {
		t.Errorf("skein agree's label rows are %q, want %q:\n%s", rows, want, out)
	}
}

// TestBratExportOfNoOnesWork: carol worked on no article, so her brat
// export is a folder of texts alone, which -layers-from-folders does not
// take for an annotator's. The export said nothing of it, and the import
// of the folders refused them all without naming hers. Both now say so.
func TestBratExportOfNoOnesWork(t *testing.T) {
	texts := []string{"Kakar said the TTP killed 60 people in Kabul.\n", "Mujahid denied that 300 families had left Quetta.\n"}
	corpus := t.TempDir()
	writeBratPerAnnotator(t, corpus, texts, map[string][]string{
		"alice": {"T1\tactor 0 5\tKakar\n", "T1\tactor 0 7\tMujahid\n"},
		"bob":   {"T1\tactor 0 5\tKakar\n", "-"},
	})
	dir := t.TempDir()
	if code, out, stderr := run(t, dir, "-user", "me", "import", "-layers-from-folders", corpus); code != 0 {
		t.Fatalf("import = %d %q %q", code, out, stderr)
	}
	out := filepath.Join(t.TempDir(), "brat")
	note := "worked on no article: the folder holds the texts alone (no .ann), which an import with -layers-from-folders does not take for an annotator's folder"
	for _, who := range []string{"alice", "bob", "carol"} {
		code, o, stderr := run(t, dir, "export", "-annotator", who, "-format", "brat", "-o", filepath.Join(out, who))
		if code != 0 {
			t.Fatalf("export -annotator %s = %d %q %q", who, code, o, stderr)
		}
		if said := strings.Contains(stderr, "note: brat: "+who+" "+note); said != (who == "carol") {
			t.Errorf("export -annotator %s said %q; want the note that %s worked on no article: %v", who, stderr, who, who == "carol")
		}
	}
	code, o, stderr := run(t, t.TempDir(), "-user", "me", "import", "-layers-from-folders", out)
	if want := filepath.Join(out, "carol") + ": -layers-from-folders: the folder holds .txt files and no .ann"; code == 0 || !strings.Contains(stderr, want) {
		t.Errorf("import of the three folders = %d %q %q; want it refused, naming carol's folder: %q", code, o, stderr, want)
	}
	if err := os.RemoveAll(filepath.Join(out, "carol")); err != nil {
		t.Fatal(err)
	}
	if code, o, stderr := run(t, t.TempDir(), "-user", "me", "import", "-layers-from-folders", out); code != 0 {
		t.Errorf("import without carol's folder = %d %q %q", code, o, stderr)
	}
}

// TestExportPerAnnotatorKeepsNeverOpened: alice annotated six articles,
// bob four, one of which he found empty (an empty .ann). Each exported
// with -annotator, and imported into a new store as the format names its
// annotator (brat: -layers-from-folders; WebAnno TSV, CoNLL, Label Studio:
// -annotator), must give the agreement the store they came from gives.
// brat wrote an empty .ann for the two articles bob never opened, WebAnno
// TSV and CoNLL a file or an article of O, which their imports read as
// opened and found empty (the seeds too): κ fell. Label Studio wrote no
// annotation for the article bob found empty, read back as never opened.
func TestExportPerAnnotatorKeepsNeverOpened(t *testing.T) {
	texts := []string{
		"Kakar said the TTP killed 60 people in Kabul.\n",
		"Mujahid denied that 300 families had left Quetta.\n",
		"The ministry said 1,200 people crossed at Chaman.\n",
		"Police in Peshawar arrested 14 men on Monday.\n",
		"The UN said 2 million refugees returned in 2024.\n",
		"Khan accused the army of hiding 40 deaths.\n",
	}
	anns := map[string][]string{
		"alice": {"T1\tactor 0 5\tKakar\nT2\tfigure 26 28\t60\n", "T1\tactor 0 7\tMujahid\n", "T1\tactor 4 12\tministry\n",
			"T1\tactor 0 6\tPolice\n", "T1\tactor 4 6\tUN\n", "T1\tactor 0 4\tKhan\n"},
		"bob": {"T1\tactor 0 5\tKakar\n", "T1\tactor 0 7\tMujahid\nT2\tfigure 20 23\t300\n", "", "T1\tactor 0 6\tPolice\n", "-", "-"},
	}
	corpus := t.TempDir()
	writeBratPerAnnotator(t, corpus, texts, anns)
	first := t.TempDir()
	if code, out, stderr := run(t, first, "-user", "me", "import", "-layers-from-folders", corpus); code != 0 {
		t.Fatalf("import = %d %q %q", code, out, stderr)
	}
	want := agreeJSON(t, first)
	out := filepath.Join(t.TempDir(), "brat")
	for _, who := range []string{"alice", "bob"} {
		if code, o, stderr := run(t, first, "export", "-annotator", who, "-format", "brat", "-o", filepath.Join(out, who)); code != 0 {
			t.Fatalf("export -annotator %s = %d %q %q", who, code, o, stderr)
		}
	}
	// Bob's folder holds the article he found empty with its empty .ann,
	// and those he never opened as their .txt alone.
	for i, wantAnn := range []bool{true, true, true, true, false, false} {
		base := filepath.Join(out, "bob", fmt.Sprintf("art%d", i))
		if _, err := os.Stat(base + ".txt"); err != nil {
			t.Errorf("bob's export: %v", err)
		}
		if _, err := os.Stat(base + ".ann"); (err == nil) != wantAnn {
			t.Errorf("bob's export: art%d.ann written %v, want %v", i, err == nil, wantAnn)
		}
	}
	second := t.TempDir()
	if code, o, stderr := run(t, second, "-user", "me", "import", "-layers-from-folders", out); code != 0 {
		t.Fatalf("import of the exports = %d %q %q", code, o, stderr)
	}
	if got := agreeJSON(t, second); got != want {
		t.Errorf("agreement after the round trip:\n%s\nwant, as in the store exported:\n%s", got, want)
	}

	// The formats whose import names the annotator with -annotator: each
	// exported, each imported into its layer.
	// doccano and Prodigy are not among them: neither has a way to say
	// that an annotator worked on an article and found nothing (doccano
	// no field; Prodigy an answer, which an article opened and left
	// unmarked has not), so the article bob found empty reads back as one
	// he never opened. The README says so.
	for _, format := range []string{"webanno", "conll", "labelstudio"} {
		t.Run(format, func(t *testing.T) {
			if got, want := roundTrip(t, first, format), agreeFigures(t, want, format != "conll"); got != want {
				t.Errorf("agreement after the round trip:\n%s\nwant, as in the store exported:\n%s", got, want)
			}
		})
	}
}

// TestExportPerAnnotatorLinkOnOthersSpans: bob's only work on the second
// article is a link between two of alice's spans there. skein agree counts
// that article as alice's alone (a thread is no change to bob's layer), but
// the export of bob's layer took it for one he worked on: brat wrote an
// empty .ann, WebAnno TSV a file, CoNLL an article of O (the link itself
// left out, naming spans not exported), which their imports read as bob
// opened it and found nothing: alice's spans there became his misses (F1
// 0.667 → 0.400). Now it is written as never opened, and the link is still
// counted under left out:.
func TestExportPerAnnotatorLinkOnOthersSpans(t *testing.T) {
	a, b := "Kakar said the TTP killed 60 people in Kabul.\n", "Mujahid denied that Pakistan had sent 300 men.\n"
	span := func(n int, start, end int, text, label, who string) string {
		return fmt.Sprintf(`{"id":"01a20127-8a53-7f0e-9d1c-%012d","start":%d,"end":%d,"text":%q,"label":%q,"annotator":%q}`, n, start, end, text, label, who)
	}
	lines := []string{
		fmt.Sprintf(`{"id":%q,"source":"art0.txt","text":%q,"spans":[%s,%s]}`, annotate.DocID(a), a, span(1, 0, 5, "Kakar", "actor", "alice"), span(2, 0, 5, "Kakar", "actor", "bob")),
		fmt.Sprintf(`{"id":%q,"source":"art1.txt","text":%q,"spans":[%s,%s]}`, annotate.DocID(b), b, span(3, 0, 7, "Mujahid", "actor", "alice"), span(4, 20, 28, "Pakistan", "actor", "alice")),
		fmt.Sprintf(`{"type":"thread","id":"01a20127-8a53-7f0e-9d1c-100000000001","annotator":"bob","members":[{"doc":%q,"span":"01a20127-8a53-7f0e-9d1c-000000000003"},{"doc":%q,"span":"01a20127-8a53-7f0e-9d1c-000000000004","link":"blames"}]}`, annotate.DocID(b), annotate.DocID(b)),
	}
	in := filepath.Join(t.TempDir(), "in.jsonl")
	if err := os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	first := t.TempDir()
	if code, out, stderr := run(t, first, "-user", "me", "import", in); code != 0 {
		t.Fatalf("import = %d %q %q", code, out, stderr)
	}
	want := agreeJSON(t, first)
	out := filepath.Join(t.TempDir(), "brat")
	for _, who := range []string{"alice", "bob"} {
		code, o, stderr := run(t, first, "export", "-annotator", who, "-format", "brat", "-o", filepath.Join(out, who))
		if code != 0 {
			t.Fatalf("export -annotator %s = %d %q %q", who, code, o, stderr)
		}
		if said := strings.Contains(stderr, "1 thread naming spans not exported left out"); said != (who == "bob") {
			t.Errorf("export -annotator %s said %q; want bob's link counted as left out: %v", who, stderr, who == "bob")
		}
	}
	if _, err := os.Stat(filepath.Join(out, "bob", "art1.ann")); err == nil {
		t.Errorf("bob's brat export wrote art1.ann: read back, he opened the article and found nothing")
	}
	second := t.TempDir()
	if code, o, stderr := run(t, second, "-user", "me", "import", "-layers-from-folders", out); code != 0 {
		t.Fatalf("import of the exports = %d %q %q", code, o, stderr)
	}
	if got, want := agreeFigures(t, agreeJSON(t, second), true), agreeFigures(t, want, true); got != want {
		t.Errorf("brat: agreement after the round trip:\n%s\nwant, as in the store exported:\n%s", got, want)
	}
	for _, format := range []string{"webanno", "conll", "labelstudio"} {
		t.Run(format, func(t *testing.T) {
			if got, want := roundTrip(t, first, format), agreeFigures(t, want, format != "conll"); got != want {
				t.Errorf("agreement after the round trip:\n%s\nwant, as in the store exported:\n%s", got, want)
			}
		})
	}
}

// agreeJSON is skein agree -json of alice and bob in the store dir.
func agreeJSON(t *testing.T, dir string) string {
	t.Helper()
	code, out, stderr := run(t, dir, "agree", "-a", "alice", "-b", "bob", "-json")
	if code != 0 {
		t.Fatalf("agree = %d %q %q", code, out, stderr)
	}
	return out
}

// roundTrip exports alice's and bob's layers of the store dir one by one
// in format, imports each into its layer of a new store as the format names
// its annotator (-annotator), and gives that store's agreement figures
// (agreeFigures; without unitized α for CoNLL).
func roundTrip(t *testing.T, dir, format string) string {
	t.Helper()
	third := t.TempDir()
	for _, who := range []string{"alice", "bob"} {
		o := filepath.Join(t.TempDir(), who) + map[string]string{"conll": ".conll", "labelstudio": ".json"}[format]
		if code, out, stderr := run(t, dir, "export", "-annotator", who, "-format", format, "-o", o); code != 0 {
			t.Fatalf("export -annotator %s = %d %q %q", who, code, out, stderr)
		}
		if code, out, stderr := run(t, third, "-user", "me", "import", "-annotator", who, o); code != 0 {
			t.Fatalf("import -annotator %s = %d %q %q", who, code, out, stderr)
		}
	}
	return agreeFigures(t, agreeJSON(t, third), format != "conll")
}

// agreeFigures are the figures of skein agree -json that a round trip
// keeps: overall, per label, and how many articles were measured. CoNLL's
// articles come back as their tokens joined by single spaces, other
// articles: unitized α, measured on the characters, differs by that alone,
// and is left out where unitized is false.
func agreeFigures(t *testing.T, js string, unitized bool) string {
	t.Helper()
	var rep struct {
		Overall   map[string]any            `json:"overall"`
		Labels    map[string]map[string]any `json:"labels"`
		Documents []json.RawMessage         `json:"documents"`
	}
	if err := json.Unmarshal([]byte(js), &rep); err != nil {
		t.Fatal(err)
	}
	if !unitized {
		delete(rep.Overall, "unitized_alpha")
		for _, m := range rep.Labels {
			delete(m, "unitized_alpha")
		}
	}
	overall, _ := json.Marshal(rep.Overall)
	labels, _ := json.Marshal(rep.Labels)
	return fmt.Sprintf("overall %s\nlabels %s\n%d articles measured", overall, labels, len(rep.Documents))
}

// writeBratPerAnnotator writes a brat project laid out one folder per
// annotator in corpus: for each annotator, art<i>.txt holding texts[i] and
// art<i>.ann holding their files[i], but where that is "-" (never opened:
// no .ann; "" is an empty one, opened and found empty).
func writeBratPerAnnotator(t *testing.T, corpus string, texts []string, anns map[string][]string) {
	t.Helper()
	for who, files := range anns {
		for i, ann := range files {
			base := filepath.Join(corpus, who, fmt.Sprintf("art%d", i))
			if err := os.MkdirAll(filepath.Dir(base), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(base+".txt", []byte(texts[i]), 0o644); err != nil {
				t.Fatal(err)
			}
			if ann == "-" {
				continue
			}
			if err := os.WriteFile(base+".ann", []byte(ann), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestImportRefusesSelectorAfterAccentedLetter: a variation selector after
// a letter selects nothing and draws nothing, after é as after e: a brat
// type "café" + U+FE0F was taken as a new label, shown as café beside
// café in skein list, agree and the window, and counted apart. It is
// refused, naming the file, the line and the character, and nothing is
// imported.
func TestImportRefusesSelectorAfterAccentedLetter(t *testing.T) {
	corpus := t.TempDir()
	os.WriteFile(filepath.Join(corpus, "x.txt"), []byte("Minister said so in Kabul.\n"), 0o644)
	ann := filepath.Join(corpus, "x.ann")
	os.WriteFile(ann, []byte("T1\tcafé 0 8\tMinister\nT2\tcafé\ufe0f 9 13\tsaid\n"), 0o644)
	dir := t.TempDir()
	code, out, stderr := run(t, dir, "-user", "al", "import", "-format", "brat", ann)
	if want := "x.ann:2: T2: label"; code != 1 || !strings.Contains(stderr, want) || !strings.Contains(stderr, "U+FE0F") {
		t.Errorf("import = %d %q %q; want 1, naming %q and U+FE0F", code, out, stderr, want)
	}
	if _, out, _ := run(t, dir, "list"); strings.Contains(out, "café") {
		t.Errorf("after the refused import, skein list printed\n%s", out)
	}
}

// TestListTellsQuotedLabelApart: skein list and agree show a label an older
// store kept decomposed quoted and escaped ("cafe\u0301"); a label typed
// as those twelve characters, quotes and backslash included, was shown as
// it is: the same words for two labels. A label beginning with a quote is
// now quoted too.
func TestListTellsQuotedLabelApart(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(t.TempDir(), "older.jsonl")
	line := fmt.Sprintf(`{"text":"Minister said so.","spans":[{"start":0,"end":8,"text":"Minister","label":%q,"annotator":"al"},{"start":9,"end":13,"text":"said","label":%q,"annotator":"al"}]}`,
		"cafe\u0301", `"cafe\u0301"`)
	os.WriteFile(in, []byte(line+"\n"), 0o644)
	if code, _, stderr := run(t, dir, "-user", "al", "import", in); code != 0 {
		t.Fatalf("import = %d %s", code, stderr)
	}
	code, out, stderr := run(t, dir, "list")
	if code != 0 {
		t.Fatalf("list = %d %s", code, stderr)
	}
	if want := `"\"cafe\\u0301\"" 1 "cafe\u0301" 1 `; !strings.Contains(out, want) {
		t.Errorf("skein list printed\n%s\nwant a line with %s", out, want)
	}
}

// TestExportSaysOlderLabelsReadBackOtherwise: a store an older skein filled
// holds café beside cafe + U+0301 and claim + U+200B. Exported to doccano,
// CoNLL or any format skein imports but its own and brat (which renames
// them and says so), they were written as stored without a word, and skein's import of
// the file made cafe + U+0301 café, two labels one (café 2), and refused
// the whole file for claim + U+200B. The export now says so, naming them.
func TestExportSaysOlderLabelsReadBackOtherwise(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(t.TempDir(), "older.jsonl")
	span := func(start, end int, text, label string) string {
		return fmt.Sprintf(`{"start":%d,"end":%d,"text":%q,"label":%q,"annotator":"al"}`, start, end, text, label)
	}
	line := `{"text":"Minister said so in Kabul.","spans":[` + strings.Join([]string{
		span(0, 8, "Minister", "café"), span(9, 13, "said", "cafe\u0301"), span(20, 25, "Kabul", "claim\u200b"),
	}, ",") + `]}` + "\n"
	os.WriteFile(in, []byte(line), 0o644)
	if code, _, stderr := run(t, dir, "-user", "al", "import", in); code != 0 {
		t.Fatalf("import = %d %s", code, stderr)
	}
	note := `2 labels an older skein kept written as stored, which skein's import of the file reads otherwise ("cafe\u0301" becomes café; "claim\u200b" is refused: it holds U+200B): export -format skein keeps them`
	for _, format := range []string{"doccano", "conll", "labelstudio", "webanno", "prodigy", "hf", "brat", "w3c"} {
		out := filepath.Join(t.TempDir(), "x")
		code, _, stderr := run(t, dir, "export", "-annotator", "al", "-format", format, "-o", out)
		if code != 0 {
			t.Fatalf("export -format %s = %d %q", format, code, stderr)
		}
		if said, want := strings.Contains(stderr, "note: "+format+": "+note), format != "brat" && format != "w3c"; said != want {
			t.Errorf("export -format %s said %q; want the note %q: %v", format, stderr, note, want)
		}
		// brat renames it, and names it as skein list does, not as café.
		if rename := `type "cafe\u0301" → cafe_`; format == "brat" && !strings.Contains(stderr, rename) {
			t.Errorf("export -format brat said %q; want %q", stderr, rename)
		}
	}
}

// TestBratExportKeepsLabelsApart: brat types hold letters, digits, _, -
// and . alone, so "Person?" and "Person!" both became Person_ in a brat
// export, one type, which brat's import read back as one label (Person_
// 2), and the note named only the first. They are now Person_ and
// Person__2 (in the order of their code points: ! before ?), both named,
// and read back by skein as the labels they stand for.
func TestBratExportKeepsLabelsApart(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(t.TempDir(), "labels.jsonl")
	os.WriteFile(in, []byte(`{"text":"Minister said so in Kabul.","spans":[{"start":0,"end":8,"text":"Minister","label":"Person?","annotator":"al"},{"start":9,"end":13,"text":"said","label":"Person!","annotator":"al"},{"start":20,"end":25,"text":"Kabul","label":"Person?","annotator":"al"}]}`+"\n"), 0o644)
	if code, _, stderr := run(t, dir, "-user", "al", "import", in); code != 0 {
		t.Fatalf("import = %d %s", code, stderr)
	}
	out := filepath.Join(t.TempDir(), "brat")
	code, _, stderr := run(t, dir, "export", "-annotator", "al", "-format", "brat", "-o", out)
	if want := `2 names changed to fit brat (accents dropped; spaces, punctuation and other characters become _) (type "Person!" → Person_; type "Person?" → Person__2)`; code != 0 || !strings.Contains(stderr, want) {
		t.Errorf("export = %d %q; want it to say %q", code, stderr, want)
	}
	// Read back by skein, the names are the labels visual.conf gives.
	if list := readBack(t, "brat", out); !strings.Contains(list, " Person! 1 Person? 2 ") {
		t.Errorf("read back, skein list printed\n%s\nwant Person! 1 and Person? 2", list)
	}

	// The parts of a split name them alike, whichever part meets one first.
	importAl(t, dir, alternating([2]string{"Alpha", "Beta"}, [2]string{"Person?", "Person!"}))
	split := filepath.Join(t.TempDir(), "split")
	if code, _, stderr := run(t, dir, "export", "-annotator", "al", "-format", "brat", "-split", "34/33/33", "-o", split); code != 0 {
		t.Fatalf("export -split = %d %s", code, stderr)
	}
	types := map[string]map[string]bool{} // span text → brat types
	anns, _ := filepath.Glob(filepath.Join(split, "*", "*.ann"))
	for _, ann := range anns {
		b, _ := os.ReadFile(ann)
		for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			if f := strings.Split(l, "\t"); len(f) == 3 {
				if types[f[2]] == nil {
					types[f[2]] = map[string]bool{}
				}
				types[f[2]][strings.Fields(f[1])[0]] = true
			}
		}
	}
	if len(types["Alpha"]) != 1 || len(types["Beta"]) != 1 || maps.Equal(types["Alpha"], types["Beta"]) {
		t.Errorf("across the split's parts (%d .ann files), Person? was written as %v and Person! as %v: want one type each, apart", len(anns), types["Alpha"], types["Beta"])
	}
}
