package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/store"
	"github.com/skein-news/skein/store/rofolder"
)

// shownLines is the text of each line drawn under o, top to bottom, as it
// is laid out now.
func shownLines(o fyne.CanvasObject) []string {
	var lines []string
	for _, t := range objectsIn[*canvas.Text](o) {
		if t.Text != "" {
			lines = append(lines, t.Text)
		}
	}
	return lines
}

// cutWord is the first place where the lines showing msg cut one of its
// words in two although the line had a space to end at ("" none): "…this
// ske|in reads…". A word longer than a line (a path) may only be broken.
func cutWord(msg string, lines []string) string {
	for i := 0; i+1 < len(lines); i++ {
		a, b := lines[i], lines[i+1]
		last, _ := utf8.DecodeLastRuneInString(a)
		first, _ := utf8.DecodeRuneInString(b)
		if unicode.IsLetter(last) && unicode.IsLetter(first) && strings.Contains(msg, a+b) &&
			strings.ContainsRune(strings.TrimSpace(a), ' ') {
			return a + "|" + b
		}
	}
	return ""
}

// windowSizes are the sizes the window's long messages are read at: its
// smallest and the usual desktop one.
func windowSizes(w *Window) map[string]fyne.Size {
	return map[string]fyne.Size{"smallest": w.win.Content().MinSize(), "1400×900": fyne.NewSize(1400, 900)}
}

// A team folder the window refuses (here one a newer skein writes) is said
// in the Team tab on as many lines as it needs, each ending at a word, at
// the window's smallest size and at a desktop's: not cut in the middle of
// a word.
func TestTeamRefusalWrapsAtWords(t *testing.T) {
	c := realStore(t)
	w := openWindow(t, test.NewTempApp(t), c, StoreOptions(c, "chen", false))
	settle(w)
	folder := filepath.Join(t.TempDir(), "shared")
	if err := os.MkdirAll(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(folder, "skein-team.json"), []byte(`{"format":999}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	w.startTeam(folder)
	settle(w)
	msg := w.tm.panel.State().Err
	if !strings.Contains(msg, "newer skein") {
		t.Fatalf("the Team tab says %q, want the newer skein's folder refused", msg)
	}
	tabs := w.th.Tabs()
	for _, it := range tabs.Items {
		if it.Text == "Team" {
			tabs.Select(it)
		}
	}
	for name, size := range windowSizes(w) {
		w.win.Resize(size)
		settle(w)
		lines := shownLines(w.tm.panel)
		if len(lines) < 3 {
			t.Fatalf("%s: the Team tab shows %q, want the refusal on several lines", name, lines)
		}
		if cut := cutWord(msg, lines); cut != "" {
			t.Errorf("%s: the Team tab cuts a word: %q (lines %q)", name, cut, lines)
		}
	}
}

// A refusal in the status bar is read whole, at the window's smallest size
// as at a desktop's: the read-only message's way out ("copy its folder
// somewhere you can write…") is at its end, which the ellipsis cut off.
// It takes as many lines as it needs, each ending at a word; the next
// short message takes one line again.
func TestStatusRefusalShownWhole(t *testing.T) {
	w := readOnlyWindow(t)
	for name, size := range windowSizes(w) {
		w.win.Resize(size)
		settle(w)
		w.setStatus("")
		press(w, fyne.Key1)
		settle(w)
		lines := shownLines(w.status)
		if got := strings.Join(lines, " "); strings.Join(strings.Fields(got), " ") != readOnlyMessage {
			t.Errorf("%s: the status bar shows %q, want the whole of %q", name, lines, readOnlyMessage)
		}
		if cut := cutWord(readOnlyMessage, lines); cut != "" {
			t.Errorf("%s: the status bar cuts a word: %q", name, cut)
		}
		if name == "smallest" && len(lines) < 2 {
			t.Errorf("%s: the refusal takes %d line, want it wrapped", name, len(lines))
		}
		w.setStatus("Opening…")
		if lines := shownLines(w.status); len(lines) != 1 {
			t.Errorf("%s: a short message after it shows as %q, want one line", name, lines)
		}
	}
}

// readOnlyWindow is a window on a store of testDocs whose folder the user
// cannot write, with docKakar open.
func readOnlyWindow(t *testing.T) *Window {
	t.Helper()
	dir, rw := docsStore(t)
	if err := rw.Close(); err != nil {
		t.Fatal(err)
	}
	rofolder.Make(t, dir)
	st, err := store.Open(dir, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	open(t, w, docKakar)
	return w
}
