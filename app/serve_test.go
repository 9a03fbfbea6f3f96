//go:build unix

package app

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/app/cli"
)

// skeinBeside runs `skein -store DIR ARGS…` as a second process would, while
// the window holds the store.
func skeinBeside(t *testing.T, w *Window, dir string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := cli.Main(append([]string{"-store", dir}, args...), cli.Env{
		Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" },
	})
	settle(w)
	return code, out.String(), errb.String()
}

// The command line beside an open window (issue 12): `skein import` of
// bilal's bundle is run by the window, and his thread and spans show at
// once, as after File ▸ Import file…; `skein open ID` opens the article.
func TestServedCommandShowsInWindow(t *testing.T) {
	path := bilalBundle(t)
	st := realStore(t)
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	t.Cleanup(w.serve())
	open(t, w, docKakar)
	settle(w)

	code, out, stderr := skeinBeside(t, w, st.Dir(), "-user", "alice", "import", path)
	if code != 0 || stderr != "" {
		t.Fatalf("skein import beside the window = %d %q %q", code, out, stderr)
	}
	shown := w.th.Panel().Shown()
	if len(shown) != 1 || shown[0].Title != "Border closures" || shown[0].Annotator != "bilal" {
		t.Fatalf("after skein import the panel lists %+v, want bilal's thread", shown)
	}

	if code, _, stderr := skeinBeside(t, w, st.Dir(), "open", docTaliban.ID); code != 0 {
		t.Fatalf("skein open = %d %q", code, stderr)
	}
	if w.doc == nil || w.doc.ID != docTaliban.ID {
		t.Errorf("after skein open %s the window shows %v", docTaliban.ID, w.doc)
	}

	// `skein rm` of the open article: it leaves the list and the screen, so
	// nothing can be labelled in an article that is gone.
	if code, _, stderr := skeinBeside(t, w, st.Dir(), "rm", docTaliban.ID); code != 0 {
		t.Fatalf("skein rm = %d %q", code, stderr)
	}
	if w.doc != nil && w.doc.ID == docTaliban.ID {
		t.Errorf("after skein rm the window still shows the deleted article")
	}
	if _, ok := w.docList.RowOf(docTaliban.ID); ok {
		t.Errorf("after skein rm the list still has the deleted article")
	}
}

// `skein open ID` with no window starts one on that article, whatever was
// read last.
func TestOpenOption(t *testing.T) {
	st := realStore(t)
	w := openWindow(t, test.NewTempApp(t), st, Options{Open: docTaliban.ID})
	if w.doc == nil || w.doc.ID != docTaliban.ID {
		t.Errorf("Options.Open %s: the window shows %v", docTaliban.ID, w.doc)
	}
}

// A window holding a store read-only, as it stands, for a write a kill
// left under way that could not be finished, serves the command line: the
// commands that read read its store, saying what they say on it without
// the window; those that write, and check -set-aside-unfinished, are
// refused with the way out (quit the window, set the write aside); skein
// open brings it forward. Serving nothing, every one of them said only
// "store DIR is open in another skein process".
func TestReadOnlyWindowServesReads(t *testing.T) {
	dir, st := unfinishedStore(t)
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	t.Cleanup(w.serve())
	note := "skein: note: store " + dir + " is read-only, as it stands, without an interrupted write that could not be finished"

	code, out, stderr := skeinBeside(t, w, dir, "list")
	if code != 0 || !strings.Contains(out, docKakar.ID) || !strings.HasPrefix(stderr, note) {
		t.Errorf("skein list beside the window = %d %q %q; want the articles and the note", code, out, stderr)
	}
	file := filepath.Join(t.TempDir(), "out.jsonl")
	if code, _, stderr := skeinBeside(t, w, dir, "-user", "alice", "export", "-all", "-o", file); code != 0 || !strings.HasPrefix(stderr, note) {
		t.Errorf("skein export beside the window = %d %q", code, stderr)
	} else if b, err := os.ReadFile(file); err != nil || !strings.Contains(string(b), docKakar.ID) {
		t.Errorf("the export holds %q (%v), want the articles", b, err)
	}
	if code, out, _ := skeinBeside(t, w, dir, "search", "Kakar"); code != 0 || !strings.Contains(out, docKakar.ID) {
		t.Errorf("skein search beside the window = %d %q", code, out)
	}
	wayOut := "the window holding store " + dir + " has it open read-only, as it stands"
	for _, args := range [][]string{{"import", file}, {"rm", docKakar.ID}, {"sync"}, {"check", "-set-aside-unfinished"}} {
		code, _, stderr := skeinBeside(t, w, dir, args...)
		if code != 1 || !strings.Contains(stderr, wayOut) || !strings.Contains(stderr, "Quit the window, then run skein -store "+dir+" check -set-aside-unfinished") {
			t.Errorf("skein %s beside the window = %d %q; want 1 and the way out", strings.Join(args, " "), code, stderr)
		}
	}
	if code, _, stderr := skeinBeside(t, w, dir, "open", docTaliban.ID); code != 0 || w.doc == nil || w.doc.ID != docTaliban.ID {
		t.Errorf("skein open beside the window = %d %q; the window shows %v", code, stderr, w.doc)
	}
}
