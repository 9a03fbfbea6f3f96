//go:build unix

package app

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate/formats"
	"github.com/skein-news/skein/app/transfer"
)

// File ▸ Export… as hf, killed once its label list is written and before
// its rows are in place, left the new list beside the old rows, whose tags
// it then named wrongly, and nothing to tell. The window's export now
// keeps the list's old content in a journal (.skein-keep-…) as the
// command line's does, and the next export to the folder puts it back.
// The child is a real process, killed by a real SIGKILL at that point.
func TestWindowHFKilledBeforeItsRows(t *testing.T) {
	if dir := os.Getenv("SKEIN_TEST_HF_KILL"); dir != "" {
		opt := Options{
			Export: func(_ context.Context, out io.Writer, eo transfer.ExportOptions) ([]string, error) {
				// The hf writer itself writes the list beside, renamed
				// into place (recorded in the journal eo.Perms holds);
				// then the rows.
				ex, err := formats.NewExporterPerms("hf", io.Discard, eo.Dir, eo.Perms)
				if err != nil {
					return nil, err
				}
				if _, err := ex.Close(); err != nil {
					return nil, err
				}
				io.WriteString(out, "new rows\n")
				syscall.Kill(os.Getpid(), syscall.SIGKILL)
				select {}
			},
			Formats: []string{"hf"},
		}
		w := openWindow(t, test.NewTempApp(t), newFakeStore(docKakar), opt)
		where := filepath.Join(dir, "ner.jsonl")
		w.runExport(transfer.ExportOptions{Format: "hf", Dir: where}, where)
		settle(w)
		t.Fatal("the export was not killed")
	}
	dir := t.TempDir()
	rows, list := filepath.Join(dir, "ner.jsonl"), filepath.Join(dir, "ner.labels.json")
	os.WriteFile(rows, []byte("old rows\n"), 0o644)
	os.WriteFile(list, []byte(`["O","B-old"]`), 0o644)

	cmd := exec.Command(os.Args[0], "-test.run=^TestWindowHFKilledBeforeItsRows$", "-test.count=1")
	cmd.Env = append(os.Environ(), "SKEIN_TEST_HF_KILL="+dir)
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("the child's export: %v, want it killed\n%s", err, out)
	}
	if b, _ := os.ReadFile(rows); string(b) != "old rows\n" {
		t.Fatalf("killed before its rows were in place, the export left rows %q", b)
	}
	if b, _ := os.ReadFile(list); string(b) == `["O","B-old"]` {
		t.Fatalf("killed once its label list was written, the export left the list %s, want the new one", b)
	}

	// The next export to the folder, another file, from the window.
	opt := Options{
		Export: func(_ context.Context, out io.Writer, _ transfer.ExportOptions) ([]string, error) {
			_, err := io.WriteString(out, "conll\n")
			return nil, err
		},
		Formats: []string{"conll"},
	}
	w := openWindow(t, test.NewTempApp(t), newFakeStore(docKakar), opt)
	other := filepath.Join(dir, "other.conll")
	w.runExport(transfer.ExportOptions{Format: "conll"}, other)
	settle(w)
	if b, err := os.ReadFile(other); err != nil || string(b) != "conll\n" {
		t.Fatalf("the next export wrote %q, %v", b, err)
	}
	if b, _ := os.ReadFile(list); string(b) != `["O","B-old"]` {
		t.Errorf("after the next export the label list beside the old rows is %s, want its old content back: [\"O\",\"B-old\"]", b)
	}
	ents, _ := os.ReadDir(dir)
	var hidden []string
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") {
			hidden = append(hidden, e.Name())
		}
	}
	if slices.ContainsFunc(hidden, func(n string) bool { return strings.HasPrefix(n, ".skein-") }) {
		t.Errorf("after the next export the folder holds %v", hidden)
	}
}

// File ▸ Export… as hf that fails once its label list is written (a full
// disk under its rows) puts the list's old content back: it left the new
// list beside the old rows.
func TestWindowHFFailedKeepsItsList(t *testing.T) {
	dir := t.TempDir()
	rows, list := filepath.Join(dir, "ner.jsonl"), filepath.Join(dir, "ner.labels.json")
	os.WriteFile(rows, []byte("old rows\n"), 0o644)
	os.WriteFile(list, []byte(`["O","B-old"]`), 0o644)
	opt := Options{
		Export: func(_ context.Context, out io.Writer, eo transfer.ExportOptions) ([]string, error) {
			if err := transfer.WriteAtomic(formats.LabelListPath(eo.Dir), []byte(`["O","B-new"]`), "", true, 0o644); err != nil {
				return nil, err
			}
			return nil, errors.New("no space left on device")
		},
		Formats: []string{"hf"},
	}
	w := openWindow(t, test.NewTempApp(t), newFakeStore(docKakar), opt)
	w.runExport(transfer.ExportOptions{Format: "hf", Dir: rows}, rows)
	settle(w)
	if !strings.Contains(w.status.Text, "Export failed") {
		t.Errorf("status %q, want the export's failure", w.status.Text)
	}
	if b, _ := os.ReadFile(list); string(b) != `["O","B-old"]` {
		t.Errorf("after the failed export the label list beside the old rows is %s, want its old content: [\"O\",\"B-old\"]", b)
	}
	if b, _ := os.ReadFile(rows); string(b) != "old rows\n" {
		t.Errorf("after the failed export the rows are %q", b)
	}
}
