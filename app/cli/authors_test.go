package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A name with no spans and no threads in the store is most likely a typo:
// export and curate go on (an empty layer can be legitimate) but say so and
// who does annotate; agree refuses a name the store knows nothing of, and
// measures, with the warning, one who only marked articles done.
func TestUnknownAnnotatorIsReported(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(t.TempDir(), "team.jsonl")
	os.WriteFile(file, []byte(`{"title":"t","text":"Kakar spoke.","spans":[`+
		`{"id":"b1","start":0,"end":5,"text":"Kakar","label":"actor","annotator":"bob"},`+
		`{"id":"c1","start":0,"end":5,"text":"Kakar","label":"actor","annotator":"carol"}],`+
		`"layers":[{"annotator":"dora","done":true}]}`+"\n"), 0o644)
	if code, _, stderr := run(t, dir, "-user", "al", "import", file); code != 0 {
		t.Fatalf("import = %d %q", code, stderr)
	}
	warn := func(name string) string {
		return `skein: no spans or threads by annotator "` + name + `"; annotators in this store: bob, carol` + "\n"
	}
	tests := []struct {
		args   []string
		code   int
		stderr string
		stdout string // must appear
	}{
		{[]string{"export", "-annotator", "bobb"}, 0, warn("bobb"), `"spans":[]`},
		{[]string{"export", "-annotator", "bob"}, 0, "", `"id":"b1"`},
		{[]string{"export", "-annotator", "bob,bobb"}, 0, warn("bobb"), `"id":"b1"`},
		{[]string{"-user", "al", "export"}, 0, warn("al"), `"spans":[]`},
		{[]string{"export", "-all"}, 0, "", `"id":"c1"`},
		{[]string{"export", "-annotator", "dora"}, 0, warn("dora"), `"done":true`},
		{[]string{"-user", "al", "curate", "-annotators", "bob,carl"}, 0, warn("carl"), "curated 0 agreed spans"},
		{[]string{"-user", "al", "curate", "-annotators", "bob,carol"}, 0, "", "curated 1 agreed span in 1 document"},
		{[]string{"agree", "-a", "bob", "-b", "carl"}, 1, `skein agree: no spans or threads by annotator "carl"; annotators in this store: bob, carol, curated` + "\n", ""},
		{[]string{"agree", "-annotators", "bob,dora"}, 0, `skein: no spans or threads by annotator "dora"; annotators in this store: bob, carol, curated` + "\n", "f1"},
		{[]string{"agree", "-a", "bob", "-b", "carol"}, 0, "", "f1"},
	}
	for _, tc := range tests {
		code, out, stderr := run(t, dir, tc.args...)
		if code != tc.code || stderr != tc.stderr || !strings.Contains(out, tc.stdout) {
			t.Errorf("skein %v = %d, stderr %q, stdout %.200q; want %d, %q and %q", tc.args, code, stderr, out, tc.code, tc.stderr, tc.stdout)
		}
	}
}
