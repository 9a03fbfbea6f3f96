//go:build linux

package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skein-news/skein/app/internal/stracetest"
)

// What an export writes is on the disk before the rename that shows it,
// and the rename after: every file (its fsync), every folder of a folder
// export, then the folder the export was renamed into. Without, a power
// loss after "wrote" could leave files empty under their names. Watched as
// the system sees it: the export runs in a child under strace, which logs
// each fsync with the path of its file and each rename.
func TestExportsSyncBeforeRename(t *testing.T) {
	if asChild(t, "SKEIN_TEST_EXPORT_SYNC") {
		return
	}
	stracetest.Need(t)
	store := splitCorpus(t)
	base := stracetest.Dir(t)
	for _, c := range []struct {
		name string
		args []string
		out  string // what appears: a file, or a folder
	}{
		{"brat", []string{"-format", "brat"}, "brat"},
		{"webanno split", []string{"-format", "webanno", "-split", "50/25/25"}, "webanno"},
		{"brat in a new folder", []string{"-format", "brat"}, filepath.Join("new", "deeper", "brat")},
		{"skein JSONL", nil, "all.jsonl"},
		{"hf split", []string{"-format", "hf", "-split", "50/25/25"}, "ner.jsonl"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(base, c.out)
			export := append(append([]string{"-user", "al", "export"}, c.args...), "-o", out)
			checkSynced(t, stracetest.Trace(t, childRun("TestExportsSyncBeforeRename", "SKEIN_TEST_EXPORT_SYNC", store, export)), out)
		})
	}
}

// checkSynced checks, in the calls traced, that each file and folder
// that the renames made appear under out was synced before its rename,
// and that the folder each rename was in was synced after it.
func checkSynced(t *testing.T, calls stracetest.Log, out string) {
	t.Helper()
	shown := 0
	for at, r := range calls {
		if r.To == "" {
			continue // a sync
		}
		if r.To != out && !strings.HasPrefix(r.To, strings.TrimSuffix(out, filepath.Ext(out))) {
			continue // a file of skein's own beside (a split's marker)
		}
		shown++
		// Everything under what was renamed, by the name it had then.
		filepath.WalkDir(r.To, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				t.Fatal(err)
			}
			rel, _ := filepath.Rel(r.To, p)
			if before := filepath.Join(r.From, rel); !calls[:at].Synced(before) {
				t.Errorf("%s (then %s) was not synced before its rename", p, before)
			}
			return nil
		})
		if dir := filepath.Dir(r.To); !calls[at+1:].Synced(dir) {
			t.Errorf("%s, where %s was renamed, was not synced after", dir, r.To)
		}
	}
	if shown == 0 {
		t.Fatalf("no rename to %s in the log:\n%s", out, calls)
	}
	for d := filepath.Dir(out); strings.Contains(d, "new"); d = filepath.Dir(d) {
		// A folder made above a folder export: its name in its own.
		if !calls.Synced(filepath.Dir(d)) {
			t.Errorf("%s was made but %s, where it is, never synced", d, filepath.Dir(d))
		}
	}
}
