//go:build unix

package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate/formats"
	"github.com/skein-news/skein/annotate/proctest"
)

// TestCraftedJournalLeavesUsersFiles: the next export to a folder reads
// the journal (.skein-keep-…) a dead export of this machine left there
// and gives each file it names back the old content it kept. The journal
// is a file in the folder like any other: a colleague who shares the
// folder (Syncthing writes it as this user) or an archive unpacked there
// can put one, with this machine's tag (any export's hidden name shows
// it) and a dead process's ID, beside a .skein-old-… file of their own.
// It named the user's notes, and .stignore (which Syncthing never
// shares), and the export renamed the crafted file over each. Now old
// content goes back only over the file the dead export itself put there
// (its device and inode, which the journal recorded before the rename);
// whatever else is at that name is the user's and left as it is.
func TestCraftedJournalLeavesUsersFiles(t *testing.T) {
	store := t.TempDir()
	importAl(t, store, []string{`{"text":"The minister said the budget was late."}`})
	out := t.TempDir()
	users := map[string]string{"notes.txt": "my notes\n", ".stignore": "private/\n"}
	for n, s := range users {
		if err := os.WriteFile(filepath.Join(out, n), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	journal := strings.Replace(filepath.Base(formats.ExportFileName(7, proctest.DeadPID(t))), ".skein-export-", ".skein-keep-", 1)
	var lines []string
	for i, n := range []string{"notes.txt", ".stignore"} {
		old := ".skein-old-" + strings.Repeat("ab", 7) + "0" + string(rune('1'+i))
		if err := os.WriteFile(filepath.Join(out, old), []byte("the colleague's\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(map[string]string{"target": n, "old": old})
		lines = append(lines, string(b))
	}
	// A journal whose every file was placed: it names a file of the export
	// (the data) that is not there, so it did not finish.
	b, _ := json.Marshal(map[string]any{"target": "ner.jsonl", "placed": true, "dev": 1, "ino": 2})
	lines = append(lines, string(b))
	if err := os.WriteFile(filepath.Join(out, journal), []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(t, store, "-user", "al", "export", "-o", filepath.Join(out, "corpus.jsonl")); code != 0 {
		t.Fatalf("export = %d %s", code, stderr)
	}
	for n, want := range users {
		if got, err := os.ReadFile(filepath.Join(out, n)); err != nil || string(got) != want {
			t.Errorf("after an export beside a crafted journal %s holds %q (%v), want the user's %q", n, got, err, want)
		}
	}
}
