package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// Bad input in the window says what the README and the command line say
// (issue 12.4): an empty .jsonl is refused, not "imported 0"; a binary one
// is called binary, not "not UTF-8"; a lone bad file offers no "Import the
// rest", which would import nothing, and speaks of one problem as "it".
func TestImportBadFileAlone(t *testing.T) {
	for _, tc := range []struct {
		name    string
		content []byte
		want    string
	}{
		{"empty.jsonl", nil, "empty.jsonl: empty: no article or thread in it"},
		{"blank.jsonl", []byte("\n  \n"), "blank.jsonl: empty: no article or thread in it"},
		{"blob.jsonl", append([]byte(`{"id":"x"`), 0, 1, 2, 0xff, 0xfe, '\n'), "blob.jsonl:1: binary content"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, _ := reviewStore(t)
			w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
			before := len(w.docs)
			path := filepath.Join(t.TempDir(), tc.name)
			if err := os.WriteFile(path, tc.content, 0o644); err != nil {
				t.Fatal(err)
			}
			w.importPaths([]string{path})
			settle(w)
			msg := dialogText(t, w)
			if !strings.Contains(msg, "Nothing was imported: 1 problem. Fix it and import again:") || !strings.Contains(msg, tc.want) {
				t.Errorf("got %q, want the one problem %q", msg, tc.want)
			}
			if strings.Contains(msg, "UTF-8") || strings.Contains(msg, "import the rest") {
				t.Errorf("got %q: no advice about UTF-8 or the rest", msg)
			}
			for _, b := range objectsIn[*widget.Button](topDialog(t, w)) {
				if b.Text == "Import the rest" {
					t.Error("a lone bad file offers Import the rest, which would import nothing")
				}
			}
			if len(w.docs) != before {
				t.Errorf("%d articles after the refused import, want %d", len(w.docs), before)
			}
		})
	}
}
