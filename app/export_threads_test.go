package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/app/transfer"
)

// File ▸ Export… makes the bundle the README describes (issue 12.3): the
// dialog's Threads box is ticked for skein JSONL and cannot be for a format
// that cannot hold threads; choosing where and saving writes bilal's layer
// with his thread line, which another store imports whole.
func TestExportFromTheWindowAddsThreads(t *testing.T) {
	st := bilalStore(t)
	t.Cleanup(func() { st.Close() })
	a := test.NewTempApp(t)
	dir := t.TempDir()
	a.Preferences().SetString(prefExportDir, dir) // the file dialog opens where the last export went
	w := openWindow(t, a, st, StoreOptions(st, "bilal", false))

	menuItem(t, w, "File", "Export").Action()
	form := topDialog(t, w)
	checks := objectsIn[*frame.Check](form)
	if len(checks) != 1 || !strings.HasPrefix(checks[0].Text, "Add the threads") {
		t.Fatalf("the export dialog has checks %v, want one to add the threads", checks)
	}
	threads := checks[0]
	if !threads.Checked || threads.Disabled() {
		t.Errorf("for skein JSONL the threads box is checked %v, disabled %v; want ticked and enabled", threads.Checked, threads.Disabled())
	}
	format := objectsIn[*frame.Select](form)[0]
	format.SetSelected("conll")
	if !threads.Disabled() {
		t.Error("for CoNLL, which cannot hold threads, the threads box is enabled")
	}
	format.SetSelected("skein")
	if threads.Disabled() {
		t.Error("back on skein JSONL the threads box stays disabled")
	}
	tapButton(t, w, "Choose where…")

	// skein's save dialog: the person types an absolute path elsewhere
	// than the folder shown (issue 12.7), and it is honoured.
	save := topDialog(t, w)
	var name *frame.Entry
	for _, e := range objectsIn[*frame.Entry](save) {
		if e.Text == "skein.jsonl" {
			name = e
		}
	}
	if name == nil {
		t.Fatal("the save dialog offers no file name skein.jsonl")
	}
	if !strings.Contains(dialogText(t, w), filepath.Join(dir, "skein.jsonl")) {
		t.Errorf("the save dialog does not say it saves in the last export's folder:\n%s", dialogText(t, w))
	}
	target := filepath.Join(t.TempDir(), "bundle.jsonl")
	w.win.Canvas().Focus(name)
	name.TypedShortcut(&fyne.ShortcutSelectAll{})
	test.Type(name, target)
	tapButton(t, w, "Export")
	settle(w)
	if a.Preferences().String(prefExportDir) != filepath.Dir(target) {
		t.Errorf("the next export opens in %q, want where this one went", a.Preferences().String(prefExportDir))
	}

	data, err := os.ReadFile(target)
	if err != nil {
		t.Fatalf("the export wrote no file at the typed path: %v", err)
	}
	if !strings.Contains(string(data), `"Border closures"`) {
		t.Errorf("the export holds no line for bilal's thread:\n%s", data)
	}
	if msg := dialogText(t, w); !strings.Contains(msg, "Exported skein with the threads to "+target) {
		t.Errorf("the report says %q, want where the bundle went", msg)
	}
}

// Two hf exports from the window into one folder each write their label
// list beside their rows, named after them: the folder's one labels.json
// was the last export's, and the first export's tags then named its labels.
func TestHFExportsFromTheWindowKeepTheirLabels(t *testing.T) {
	st := bilalStore(t)
	t.Cleanup(func() { st.Close() })
	a := test.NewTempApp(t)
	w := openWindow(t, a, st, StoreOptions(st, "bilal", false))
	dir := t.TempDir()
	for _, name := range []string{"first.jsonl", "second.jsonl"} {
		exportFromWindow(t, w, "hf", false, filepath.Join(dir, name))
		if msg := dialogText(t, w); !strings.Contains(msg, "Exported hf") {
			t.Fatalf("exporting %s: the report says %q", name, msg)
		}
		press(w, fyne.KeyEscape) // the report
	}
	for _, list := range []string{"first.labels.json", "second.labels.json"} {
		if b, err := os.ReadFile(filepath.Join(dir, list)); err != nil || !strings.HasPrefix(string(b), `["O"`) {
			t.Errorf("%s: %q, %v; want the export's own label list", list, b, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "labels.json")); err == nil {
		t.Error("the exports share the folder's labels.json")
	}
}

// WebAnno TSV from the window writes a folder, as brat does: the window
// hands the folder chosen to the export and opens no file there. Asked for
// brat by name, it also opened a file at the folder's path, and the export
// failed: "cannot write …/inception: rename …/.skein-export-…".
func TestWebAnnoExportFromTheWindowWritesAFolder(t *testing.T) {
	st := bilalStore(t)
	t.Cleanup(func() { st.Close() })
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "bilal", false))
	dir := filepath.Join(t.TempDir(), "inception")
	w.runExport(transfer.ExportOptions{Format: "webanno", Annotators: []string{"bilal"}, Dir: dir}, dir)
	settle(w)
	if msg := dialogText(t, w); !strings.Contains(msg, "Exported webanno to "+dir) {
		t.Fatalf("the report says %q", msg)
	}
	tsvs, _ := filepath.Glob(filepath.Join(dir, "*.tsv"))
	if len(tsvs) == 0 {
		t.Fatalf("no .tsv file in %s", dir)
	}
	if b, err := os.ReadFile(tsvs[0]); err != nil || !strings.HasPrefix(string(b), "#FORMAT=WebAnno TSV 3.3\n") {
		t.Errorf("%s: %q, %v", tsvs[0], b, err)
	}
}

// exportFromWindow exports format to path with File ▸ Export…, the
// threads box ticked or not, and waits for the report.
func exportFromWindow(t *testing.T, w *Window, format string, threads bool, path string) {
	t.Helper()
	menuItem(t, w, "File", "Export").Action()
	form := topDialog(t, w)
	objectsIn[*frame.Select](form)[0].SetSelected(format)
	objectsIn[*frame.Check](form)[0].SetChecked(threads)
	tapButton(t, w, "Choose where…")
	field := objectsIn[*frame.Entry](topDialog(t, w))[0]
	w.win.Canvas().Focus(field)
	field.TypedShortcut(&fyne.ShortcutSelectAll{})
	test.Type(field, path)
	tapButton(t, w, "Export")
	settle(w)
}

// File ▸ Export… of skein JSONL with Add the threads unticked says how many
// threads it left out and that the box writes them — not -threads, which
// nobody in the window can type — and not that the format cannot hold
// them; ticked, it says nothing left out.
func TestExportFromTheWindowSaysThreadsLeftOut(t *testing.T) {
	st := bilalStore(t)
	t.Cleanup(func() { st.Close() })
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "bilal", false))
	path := filepath.Join(t.TempDir(), "bilal.jsonl")
	exportFromWindow(t, w, "skein", false, path)
	want := "Exported skein to " + path + ", with 1 note:\n\nskein: 1 thread left out (export again with Add the threads ticked to write them)"
	if msg := dialogText(t, w); !strings.Contains(msg, want) {
		t.Errorf("the report says %q, want %q", msg, want)
	}
	if got := w.status.Text; got != "Exported skein to "+path+", with 1 note:" {
		t.Errorf("the status line says %q", got)
	}
	press(w, fyne.KeyEscape)
	exportFromWindow(t, w, "skein", true, path)
	if msg := dialogText(t, w); strings.Contains(msg, "left out") {
		t.Errorf("with the threads the report says %q", msg)
	}
}
