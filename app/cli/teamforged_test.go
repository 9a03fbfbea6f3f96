package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTeamRefusalNamesFileQuoted: a file anyone sharing the team folder
// can name, in the articles folder or a colleague's layer folder, is
// refused by its name, which printed as it was: a line break in it made
// a line of skein team's report of that colleague's words ("refused: …",
// "note: …"). It is named quoted (annotate.FileName), as an import's
// problems name a file.
func TestTeamRefusalNamesFileQuoted(t *testing.T) {
	dir := t.TempDir()
	folder := filepath.Join(dir, "team")
	bob := filepath.Join(folder, "layers", "bob", "00000000000000bb")
	if err := os.MkdirAll(bob, 0o755); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(t, "", "-store", filepath.Join(dir, "alice"), "-user", "alice", "team", folder); code != 0 {
		t.Fatalf("team = %d %q", code, stderr)
	}
	writeFile(t, bob, "owner.json", `{"annotator":"bob","format":1,"host":"h","machine":"00000000000000bb"}`)
	writeFile(t, bob, "x\nnote: bob's work was checked and is sound.jsonl", "no layer\n")
	writeFile(t, filepath.Join(folder, "articles"), "y\nnote: every article was read.jsonl", "no article\n")
	code, out, stderr := run(t, "", "-store", filepath.Join(dir, "carol"), "-user", "carol", "team", folder)
	if code != 0 {
		t.Fatalf("team = %d %q", code, stderr)
	}
	for _, want := range []string{
		`refused: "articles/y\nnote: every article was read.jsonl": not a file a team folder holds`,
		`refused: "layers/bob/00000000000000bb/x\nnote: bob's work was checked and is sound.jsonl": not a file a layer folder holds`,
	} {
		if !strings.Contains(out+stderr, want) {
			t.Errorf("skein team said %q %q; want %q", out, stderr, want)
		}
	}
	for _, l := range strings.Split(out+stderr, "\n") {
		if strings.HasPrefix(l, "note: every") || strings.HasPrefix(l, "note: bob's") {
			t.Errorf("skein team printed a line a file's name made: %q", l)
		}
	}
}
