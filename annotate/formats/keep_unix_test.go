//go:build unix

package formats

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/skein-news/skein/annotate/proctest"
)

// A dead export's journal (.skein-keep-…, its lock free) is read by the
// next export's sweep: the old content it kept is put back where the
// file it meant to rename is not in place, over the file that export put
// there alone, and nothing else is touched: a record naming a file that
// is no .skein-old-… one (.skein-old- and 16 hex digits: .skein-old-x is
// a user's), or one outside the folder, is passed over, one whose target
// is not the file the export placed (the user's notes) leaves it, and a
// torn last line (the kill came as it was written) announced a step never
// taken.
func TestRecoverKeptTouchesOnlyItsOwn(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	journal := hiddenName(keepPrefix, 1, thisMachine, proctest.DeadPID(t))
	write("ner.labels.json", "new")
	write(".skein-old-00000000000000a1", "old")
	write("victim", "mine")
	write("ner.jsonl", "rows")
	outside := filepath.Join(filepath.Dir(dir), filepath.Base(dir)+"-out")
	os.WriteFile(outside, []byte("outside"), 0o644)
	defer os.Remove(outside)
	write(".skein-old-x", "mine too")
	write("notes", "my notes")
	write(".skein-old-00000000000000b2", "crafted")
	fi, err := os.Lstat(filepath.Join(dir, "ner.labels.json"))
	if err != nil {
		t.Fatal(err)
	}
	dev, ino, _ := fileID(fi)
	write(journal, `{"target":"ner.labels.json","old":".skein-old-00000000000000a1"}
{"target":"ner.labels.json","placed":true,"dev":`+fmt.Sprint(dev)+`,"ino":`+fmt.Sprint(ino)+`}
{"target":"notes","old":".skein-old-00000000000000b2"}
{"target":"ner.jsonl","placed":true,"dev":1,"ino":1}
{"target":"ner.jsonl","old":"victim"}
{"target":"ner.jsonl","old":".skein-old-x"}
{"target":"../`+filepath.Base(outside)+`","old":".skein-old-00000000000000a1"}
{"target":"ner.labels.json","old":".skein-o`)
	RemoveLeftExports(dir)
	for name, want := range map[string]string{"ner.labels.json": "old", "victim": "mine", "ner.jsonl": "rows", ".skein-old-x": "mine too", "notes": "my notes"} {
		if b, err := os.ReadFile(filepath.Join(dir, name)); err != nil || string(b) != want {
			t.Errorf("%s holds %q (%v), want %q", name, b, err, want)
		}
	}
	if b, _ := os.ReadFile(outside); string(b) != "outside" {
		t.Errorf("the file outside the folder holds %q", b)
	}
	for _, gone := range []string{".skein-old-00000000000000a1", ".skein-old-00000000000000b2", journal} {
		if _, err := os.Lstat(filepath.Join(dir, gone)); err == nil {
			t.Errorf("%s is still there", gone)
		}
	}
}
