package savefile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/app/frame/frametest"
)

func TestResolve(t *testing.T) {
	for _, tc := range []struct{ typed, want, err string }{
		{"out.jsonl", "/data/shown/out.jsonl", ""},
		{"  out.jsonl ", "/data/shown/out.jsonl", ""},
		{"sub/out.jsonl", "/data/shown/sub/out.jsonl", ""},
		{"../out.jsonl", "/data/out.jsonl", ""},
		{"/tmp/out.jsonl", "/tmp/out.jsonl", ""}, // issue 12.7: not /data/shown/tmp/out.jsonl
		{"/tmp//x/../out.jsonl", "/tmp/out.jsonl", ""},
		{"~/exports/out.jsonl", "/home/ayesha/exports/out.jsonl", ""},
		{"~", "/home/ayesha", ""},
		{"~bilal/out.jsonl", "/data/shown/~bilal/out.jsonl", ""}, // only the person's own home
		{"", "", "type a file name"},
		{"   ", "", "type a file name"},
	} {
		got, err := Resolve("/data/shown", tc.typed, "/home/ayesha")
		if got != tc.want || (err == nil) != (tc.err == "") || (err != nil && !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("Resolve(%q) = %q, %v; want %q, %q", tc.typed, got, err, tc.want, tc.err)
		}
	}
	if _, err := Resolve("/data", "~/x", ""); err == nil || !strings.Contains(err.Error(), "type the whole path") {
		t.Errorf("~ with no known home: %v, want a message asking for the whole path", err)
	}
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "old.jsonl")
	os.WriteFile(file, []byte("{}\n"), 0o644)
	for _, tc := range []struct{ path, err string }{
		{filepath.Join(dir, "new.jsonl"), ""},
		{file, ""}, // replaced after a question, not refused
		{dir, dir + " is a folder"},
		{filepath.Join(dir, "missing", "x.jsonl"), "the folder " + filepath.Join(dir, "missing") + " does not exist"},
		{filepath.Join(file, "x.jsonl"), file + " is a file, not a folder"},
	} {
		err := Check(tc.path, "")
		if (err == nil) != (tc.err == "") || (err != nil && !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("Check(%s) = %v, want %q", tc.path, err, tc.err)
		}
	}
}

// Nothing is saved into the store's folder: an export saved over its
// MANIFEST destroyed the store. A folder below or beside it is fine.
func TestCheckRefusesTheStoreFolder(t *testing.T) {
	dir := t.TempDir()
	storeDir := filepath.Join(dir, "store")
	os.MkdirAll(filepath.Join(storeDir, "backups"), 0o755)
	os.WriteFile(filepath.Join(storeDir, "MANIFEST"), []byte("x"), 0o644)
	for _, tc := range []struct{ path, err string }{
		{filepath.Join(storeDir, "MANIFEST"), "is the store's folder"},
		{filepath.Join(storeDir, "export.jsonl"), "is the store's folder"},
		{filepath.Join(storeDir, ".", "x.jsonl"), "is the store's folder"},
		{filepath.Join(storeDir, "backups", "b.skeinbackup"), ""},
		{filepath.Join(dir, "export.jsonl"), ""},
	} {
		err := Check(tc.path, storeDir)
		if (err == nil) != (tc.err == "") || (err != nil && !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("Check(%s) = %v, want %q", tc.path, err, tc.err)
		}
	}
}

// objectsIn lists the visible objects of type T under root.
func objectsIn[T fyne.CanvasObject](root fyne.CanvasObject) []T {
	var out []T
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		if x, ok := o.(T); ok {
			out = append(out, x)
		}
		switch x := o.(type) {
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	walk(root)
	return out
}

// tap taps the button labelled text in the top dialog.
func tap(t *testing.T, win fyne.Window, text string) {
	t.Helper()
	top := win.Canvas().Overlays().Top()
	for _, b := range objectsIn[*widget.Button](top) {
		if b.Text == text {
			test.Tap(b)
			return
		}
	}
	for _, b := range objectsIn[*keyButton](top) {
		if b.Text == text {
			test.Tap(b)
			return
		}
	}
	for _, b := range objectsIn[*frame.Button](top) {
		if b.Text == text {
			test.Tap(b)
			return
		}
	}
	t.Fatalf("no button %q in the top dialog", text)
}

// topText is the text of the labels in the top dialog.
func topText(win fyne.Window) string {
	top := win.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	var b strings.Builder
	for _, l := range objectsIn[*widget.Label](top) {
		b.WriteString(l.Text + "\n")
	}
	return b.String()
}

// retype replaces the file field's text as a person does: select it all,
// then type.
func retype(win fyne.Window, e *frame.Entry, text string) {
	win.Canvas().Focus(e)
	e.TypedShortcut(&fyne.ShortcutSelectAll{})
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	test.Type(e, text)
}

// The person types paths into the dialog as in issue 12.7: an absolute
// path is saved where it says, a relative one under the folder shown, and
// a path that cannot be saved to gets a dialog while the save dialog stays
// open; an existing file is replaced only after a question.
func TestTypedPaths(t *testing.T) {
	test.NewTempApp(t)
	win := test.NewTempWindow(t, widget.NewLabel("skein"))
	win.Resize(fyne.NewSize(1200, 700))
	shown, elsewhere := t.TempDir(), t.TempDir()
	var saved []string
	open := func() *Dialog {
		return Show(win, Options{Title: "Export skein", Confirm: "Export", Folder: shown, Name: "skein.jsonl"},
			func(p string) { saved = append(saved, p) })
	}

	d := open()
	if got := d.Where.Text; got != filepath.Join(shown, "skein.jsonl") {
		t.Errorf("the dialog opens saying it saves to %q, want the offered name in the folder shown", got)
	}
	abs := filepath.Join(elsewhere, "bundle.jsonl")
	retype(win, d.Name, abs)
	if d.Where.Text != abs {
		t.Errorf("after typing %s the dialog says it saves to %q", abs, d.Where.Text)
	}
	tap(t, win, "Export")
	if len(saved) != 1 || saved[0] != abs {
		t.Fatalf("typing the absolute path %s saved to %v", abs, saved)
	}
	if top := win.Canvas().Overlays().Top(); top != nil {
		t.Errorf("the dialog is still open after saving: %q", topText(win))
	}

	d = open()
	retype(win, d.Name, "sub/x.jsonl")
	d.Name.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Enter confirms
	if len(saved) != 1 {
		t.Fatalf("a path into a folder that does not exist was saved: %v", saved)
	}
	if msg := topText(win); !strings.Contains(msg, "the folder "+filepath.Join(shown, "sub")+" does not exist") {
		t.Errorf("the failure dialog says %q, want the folder that does not exist", msg)
	}
	// The keyboard answers it (Fyne's own message dialogs took no keys, and
	// what was typed next went to the window): Enter closes it and the file
	// field has the keyboard again.
	focused, ok := win.Canvas().Focused().(*keyButton)
	if !ok || focused.Text != "OK" {
		t.Fatalf("with the failure shown the keyboard is on %v, want its OK button", win.Canvas().Focused())
	}
	focused.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if win.Canvas().Focused() != d.Name {
		t.Errorf("after Enter closed the failure, the keyboard is on %v, want the file field", win.Canvas().Focused())
	}
	// The save dialog is still there, with the text as typed, to fix it.
	if d.Name.Text != "sub/x.jsonl" || win.Canvas().Overlays().Top() == nil {
		t.Fatalf("after the failure the save dialog is gone or its text changed (%q)", d.Name.Text)
	}
	os.Mkdir(filepath.Join(shown, "sub"), 0o755)
	tap(t, win, "Export")
	if want := filepath.Join(shown, "sub", "x.jsonl"); len(saved) != 2 || saved[1] != want {
		t.Fatalf("a relative path saved to %v, want %s", saved, want)
	}

	// An existing file: the question, and No keeps the dialog open.
	os.WriteFile(abs, []byte("old\n"), 0o644)
	d = open()
	retype(win, d.Name, abs)
	tap(t, win, "Export")
	if msg := topText(win); !strings.Contains(msg, abs+" already exists") {
		t.Fatalf("saving over a file asks %q", msg)
	}
	// Esc says no, as the focused No does.
	win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if len(saved) != 2 || win.Canvas().Overlays().Top() == nil || strings.Contains(topText(win), "already exists") {
		t.Fatalf("Esc replaced the file, closed the save dialog or left the question open: %v", saved)
	}
	tap(t, win, "Export")
	tap(t, win, "Replace")
	if len(saved) != 3 || saved[2] != abs {
		t.Fatalf("Yes saved to %v, want %s", saved, abs)
	}

	// Cancel saves nothing.
	open()
	tap(t, win, "Cancel")
	if len(saved) != 3 || win.Canvas().Overlays().Top() != nil {
		t.Errorf("Cancel saved %v or left the dialog open", saved)
	}
}

// The folder and the place a save goes are shown on as many lines as they
// need, cut between words where a path has spaces ("My exports"), not in
// the middle of one, in a dialog of the window's smallest width.
func TestPathsWrapAtWords(t *testing.T) {
	test.NewTempApp(t)
	win := test.NewTempWindow(t, widget.NewLabel("skein"))
	win.Resize(fyne.NewSize(540, 550))
	folder := filepath.Join(t.TempDir(), "Shared annotation projects of the whole team", "My exports for the model training")
	if err := os.MkdirAll(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	d := Show(win, Options{Title: "Export skein", Confirm: "Export", Folder: folder, Name: "skein.jsonl"}, func(string) {})
	for _, l := range []*widget.Label{d.Folder, d.Where} {
		lines := frametest.Lines(l)
		if len(lines) < 2 {
			t.Fatalf("%q shows as %q, want it wrapped", l.Text, lines)
		}
		if cut := frametest.CutWord(l.Text, lines); cut != "" {
			t.Errorf("%q is cut in a word: %q", l.Text, cut)
		}
	}
}

// A folder's name begins the "Cannot save" dialog's message: with no home
// folder known ($HOME unset, as for skein started by a service), the
// backup's dialog opens on no folder, a name typed is taken in the working
// folder, and a folder named "élan" or "Überblick" there is refused by its
// name. Its first letter is made a capital whole: the first byte alone
// showed a broken letter (U+FFFD and a stray byte), even for Ü, a capital
// already.
func TestCannotSaveKeepsAFoldersFirstLetter(t *testing.T) {
	test.NewTempApp(t)
	win := test.NewTempWindow(t, widget.NewLabel("skein"))
	win.Resize(fyne.NewSize(1200, 700))
	t.Setenv("HOME", "")
	t.Chdir(t.TempDir())
	for _, tc := range []struct{ folder, want string }{
		{"élan", "Élan is a folder: type a file name after it."},
		{"Überblick", "Überblick is a folder: type a file name after it."},
	} {
		if err := os.Mkdir(tc.folder, 0o755); err != nil {
			t.Fatal(err)
		}
		var saved []string
		d := Show(win, Options{Title: "Back up the store", Confirm: "Back up", Name: "x.skein-backup"},
			func(p string) { saved = append(saved, p) })
		retype(win, d.Name, tc.folder)
		tap(t, win, "Back up")
		if msg := topText(win); !strings.Contains(msg, tc.want) {
			t.Errorf("typing %q, the dialog says %q, want %q", tc.folder, msg, tc.want)
		}
		if len(saved) != 0 {
			t.Errorf("typing the folder %q saved to %v", tc.folder, saved)
		}
		tap(t, win, "OK")
		tap(t, win, "Cancel")
	}
}
