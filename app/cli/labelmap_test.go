package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// labelled is one span labelled ACTOR over "Mujahid", in each format skein
// imports: the file's name (a folder's, for brat) and what it holds.
var labelled = []struct {
	format string
	files  map[string]string
}{
	{"skein", map[string]string{"a.jsonl": `{"text":"Mujahid denied it.","spans":[{"start":0,"end":7,"text":"Mujahid","label":"ACTOR","annotator":"al"}]}` + "\n"}},
	// With its span's ID, the line is read on skein's fast path.
	{"skein", map[string]string{"a.jsonl": `{"id":"1f4abb62147938d8","text":"Mujahid denied it.","spans":[{"id":"01a20127-8a53-7f0e-9d1c-3c6f0bb2b1e4","start":0,"end":7,"text":"Mujahid","label":"ACTOR","annotator":"al","created":"2026-11-22T02:45:30.512Z"}]}` + "\n"}},
	{"doccano", map[string]string{"a.jsonl": `{"text":"Mujahid denied it.","entities":[{"id":1,"label":"ACTOR","start_offset":0,"end_offset":7}]}` + "\n"}},
	{"prodigy", map[string]string{"a.jsonl": `{"text":"Mujahid denied it.","spans":[{"start":0,"end":7,"label":"ACTOR"}],"answer":"accept","_input_hash":1,"_task_hash":2}` + "\n"}},
	{"labelstudio", map[string]string{"a.json": `[{"data":{"text":"Mujahid denied it."},"annotations":[{"result":[{"type":"labels","from_name":"label","to_name":"text","value":{"start":0,"end":7,"text":"Mujahid","labels":["ACTOR"]}}]}]}]`}},
	{"conll", map[string]string{"a.conll": "Mujahid B-ACTOR\ndenied O\nit O\n. O\n"}},
	{"hf", map[string]string{"a.jsonl": `{"tokens":["Mujahid","denied","it","."],"ner_tags":["B-ACTOR","O","O","O"]}` + "\n"}},
	{"webanno", map[string]string{"a.tsv": "#FORMAT=WebAnno TSV 3.3\n#T_SP=webanno.custom.Skein|label\n\n\n#Text=Mujahid denied it .\n1-1\t0-7\tMujahid\tACTOR\t\n1-2\t8-14\tdenied\t_\t\n1-3\t15-17\tit\t_\t\n1-4\t18-19\t.\t_\t\n"}},
	{"xmi", map[string]string{"a.xmi": `<?xml version="1.0" encoding="UTF-8"?>
<xmi:XMI xmlns:xmi="http://www.omg.org/XMI" xmlns:cas="http:///uima/cas.ecore" xmlns:custom="http:///webanno/custom.ecore" xmi:version="2.0">
<cas:Sofa xmi:id="1" sofaNum="1" sofaID="_InitialView" mimeType="text" sofaString="Mujahid denied it."/>
<custom:Skein xmi:id="7" sofa="1" begin="0" end="7" label="ACTOR"/>
</xmi:XMI>
`}},
	{"brat", map[string]string{"b/a.txt": "Mujahid denied it.", "b/a.ann": "T1\tACTOR 0 7\tMujahid\n"}},
}

// writeLabelled writes files below dir, each as bytesOf gives it, and
// returns what to import: the file, or the brat project's folder.
func writeLabelled(t *testing.T, dir string, files map[string]string, bytesOf func(name, content string) []byte) string {
	t.Helper()
	path := ""
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, bytesOf(name, content), 0o644); err != nil {
			t.Fatal(err)
		}
		path = p
		if strings.HasPrefix(name, "b/") {
			path = filepath.Join(dir, "b")
		}
	}
	return path
}

// TestImportMapEveryFormat: doccano's labels in capitals (ACTOR) became a
// user label beside actor, and nothing read them as actor. -map ACTOR=actor
// does, in every format's files alike; without it the note of the new
// label names the -map that would have.
func TestImportMapEveryFormat(t *testing.T) {
	for i, tc := range labelled {
		t.Run(fmt.Sprint(i, tc.format), func(t *testing.T) {
			dir := t.TempDir()
			path := writeLabelled(t, dir, tc.files, func(_, content string) []byte { return []byte(content) })
			mapped := filepath.Join(dir, "s1")
			code, out, stderr := run(t, mapped, "import", "-format", tc.format, "-map", "ACTOR=actor", path)
			if got := spansOf(t, mapped); code != 0 || !slices.Contains(got, "actor Mujahid") || slices.Contains(got, "ACTOR Mujahid") {
				t.Errorf("import -map ACTOR=actor = %d %q %q, spans %q; want the span as actor", code, out, stderr, got)
			}
			if want := "note: -map read 1 span labelled ACTOR as actor\n"; !strings.Contains(stderr, want) {
				t.Errorf("import -map ACTOR=actor says\n%s\nwant %q", stderr, want)
			}
			plain := filepath.Join(dir, "s2")
			code, _, stderr = run(t, plain, "import", "-format", tc.format, path)
			if got := spansOf(t, plain); code != 0 || !slices.Contains(got, "ACTOR Mujahid") {
				t.Errorf("import = %d %q, spans %q; want the span as ACTOR", code, stderr, got)
			}
			if want := "becomes user label ACTOR, beside actor: an import with -map ACTOR=actor reads it as actor"; tc.format != "skein" && !strings.Contains(stderr, want) {
				t.Errorf("import says\n%s\nwant %q", stderr, want)
			}
		})
	}
}

// TestImportMapRefused: a -map that cannot be read, or whose label skein
// cannot keep, is refused before anything is read, exit 2, saying why;
// one no span bears is said in a note.
func TestImportMapRefused(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.jsonl")
	if err := os.WriteFile(file, []byte(labelled[2].files["a.jsonl"]), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		spec, want string
	}{
		{"ACTOR", `skein import: -map "ACTOR": want FROM=TO`},
		// A comma at the end said `-map "": want FROM=TO`, naming no
		// pair the user wrote; with a space after it (-map ACTOR=actor,
		// FIGURE=figure) the shell leaves the second pair out of -map.
		{"ACTOR=actor,", `skein import: -map "ACTOR=actor,": nothing follows the last comma: leave it out (-map ACTOR=actor); a pair after a space is not read as one: join the pairs with commas alone (-map ACTOR=actor,FIGURE=figure)`},
		{",ACTOR=actor", `skein import: -map ",ACTOR=actor": nothing comes before the first comma: leave it out`},
		{"ACTOR=actor,,FIGURE=figure", `skein import: -map "ACTOR=actor,,FIGURE=figure": nothing between two commas (pair 2): leave one out`},
		{"ACTOR=actor\tx", "skein import: -map ACTOR=actor\tx: actor\tx is no label skein can keep: label \"actor\\tx\" contains a tab or newline"},
		{"ACTOR=actor,ACTOR=claim", "skein import: -map: ACTOR is read as actor and as claim: name it once"},
	} {
		store := filepath.Join(t.TempDir(), "s")
		code, _, stderr := run(t, store, "import", "-format", "doccano", "-map", tc.spec, file)
		if code != 2 || !strings.HasPrefix(stderr, tc.want) {
			t.Errorf("-map %q = %d %q, want 2 and %q", tc.spec, code, stderr, tc.want)
		}
		if _, err := os.Stat(store); err == nil {
			t.Errorf("-map %q opened the store", tc.spec)
		}
	}
	code, _, stderr := run(t, filepath.Join(dir, "s"), "import", "-format", "doccano", "-map", "PER=actor", file)
	if want := "note: -map PER=actor: no span of these files is labelled PER (labels are told apart by case)\n"; code != 0 || !strings.Contains(stderr, want) {
		t.Errorf("-map PER=actor = %d %q, want the note %q", code, stderr, want)
	}
	code, _, stderr = run(t, filepath.Join(dir, "s"), "import", "-as-suggestions", "m", "-map", "ACTOR=actor", file)
	if code != 2 || !strings.Contains(stderr, "-map does not go with -as-suggestions") {
		t.Errorf("-map with -as-suggestions = %d %q, want it refused", code, stderr)
	}
}

// TestImportMapNoteNamesFilesLabel: -map ACTOR=Actor (a slip for actor)
// made ACTOR user label Actor beside actor, and the note said "an import
// with -map Actor=actor reads it as actor": that import read no span as
// actor, the files' label being ACTOR. The -map the note gives, run as
// given, reads every span the files bring as actor, a label CoNLL writes
// as Actor beside doccano's mapped ACTOR too.
func TestImportMapNoteNamesFilesLabel(t *testing.T) {
	dir := t.TempDir()
	doccano := writeLabelled(t, dir, labelled[2].files, func(_, content string) []byte { return []byte(content) })
	conll := filepath.Join(dir, "b.conll")
	if err := os.WriteFile(conll, []byte("Kakar B-Actor\nspoke O\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		files []string
		want  []string // the spans the note's -map imports
	}{
		{[]string{doccano}, []string{"actor Mujahid"}},
		{[]string{doccano, conll}, []string{"actor Kakar", "actor Mujahid"}},
	} {
		store := filepath.Join(t.TempDir(), "s")
		code, _, stderr := run(t, store, append([]string{"import", "-map", "ACTOR=Actor"}, tc.files...)...)
		_, after, ok := strings.Cut(stderr, "an import with -map ")
		if code != 0 || !ok {
			t.Fatalf("import -map ACTOR=Actor %q = %d, says\n%s\nwant a note naming a -map", tc.files, code, stderr)
		}
		pair, _, _ := strings.Cut(after, " ")
		again := filepath.Join(t.TempDir(), "s")
		code, _, stderr2 := run(t, again, append([]string{"import", "-map", pair}, tc.files...)...)
		got := spansOf(t, again)
		slices.Sort(got)
		if code != 0 || !slices.Equal(got, tc.want) {
			t.Errorf("the note's -map %s (note: %q) imports %q (%d %q), want %q", pair, stderr, got, code, stderr2, tc.want)
		}
	}
}

// TestImportMapReadsDecomposedLabel: skein's own files keep a label an
// older store kept decomposed (cafe + U+0301) as written, a label apart
// from café, and the import says so; but -map, which composes the label
// it is given, never matched it: -map café=claim said "no span of these
// files is labelled café" and kept the span cafe + U+0301, and no -map
// could name it. A label of the files is matched as -map's are, composed.
func TestImportMapReadsDecomposedLabel(t *testing.T) {
	for i, line := range []string{
		`{"text":"Mujahid denied it.","spans":[{"start":0,"end":7,"text":"Mujahid","label":"cafe\u0301","annotator":"al"}]}`,
		// With its span's ID, the line is read on skein's fast path.
		`{"id":"1f4abb62147938d8","text":"Mujahid denied it.","spans":[{"id":"01a20127-8a53-7f0e-9d1c-3c6f0bb2b1e4","start":0,"end":7,"text":"Mujahid","label":"cafe\u0301","annotator":"al","created":"2026-11-22T02:45:30.512Z"}]}`,
	} {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			dir := t.TempDir()
			file := filepath.Join(dir, "a.jsonl")
			if err := os.WriteFile(file, []byte(line+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			store := filepath.Join(dir, "s")
			code, out, stderr := run(t, store, "import", "-map", "café=claim", file)
			if got := spansOf(t, store); code != 0 || !slices.Equal(got, []string{"claim Mujahid"}) {
				t.Errorf("import -map café=claim = %d %q %q, spans %q; want the span as claim", code, out, stderr, got)
			}
			if want := "note: -map read 1 span labelled café as claim\n"; !strings.Contains(stderr, want) {
				t.Errorf("import -map café=claim says\n%s\nwant %q", stderr, want)
			}
			// The way to make it the café beside it, as the README says.
			composed := filepath.Join(dir, "s2")
			code, out, stderr = run(t, composed, "import", "-map", "café=café", file)
			if got := spansOf(t, composed); code != 0 || !slices.Equal(got, []string{"caf\u00e9 Mujahid"}) {
				t.Errorf("import -map café=café = %d %q %q, spans %q; want the span as café composed", code, out, stderr, got)
			}
		})
	}
}
