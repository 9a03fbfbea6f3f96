package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportSeveralFoldersNamesEachFile: a file inside a folder given is
// named relative to that folder. Of two folders given at once, each
// holding an a.txt with a bad byte, both problems were "a.txt:…", and the
// user could not tell which file to fix. With several paths given each
// file is named with its folder in front, as typed; with one folder, as
// before, below it.
func TestImportSeveralFoldersNamesEachFile(t *testing.T) {
	work := t.TempDir()
	t.Chdir(work)
	for dir, body := range map[string]string{"corpus": "Title\nsecond\nab\xffcd\n", "c3": "Title\nxx\xfeyy\n"} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	store := filepath.Join(work, "store")
	code, _, stderr := run(t, store, "-user", "al", "import", "corpus", "c3")
	for _, want := range []string{"\n  " + filepath.Join("c3", "a.txt") + ":2: not UTF-8", "\n  " + filepath.Join("corpus", "a.txt") + ":3: not UTF-8"} {
		if code != 1 || !strings.Contains(stderr, want) {
			t.Errorf("skein import corpus c3 = %d\n%s\nwant exit 1 and a line %q", code, stderr, strings.TrimSpace(want))
		}
	}
	code, _, stderr = run(t, store, "-user", "al", "import", "corpus")
	if want := "\n  a.txt:3: not UTF-8"; code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("skein import corpus = %d\n%s\nwant exit 1 and a line %q", code, stderr, strings.TrimSpace(want))
	}
}
