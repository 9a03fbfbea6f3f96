//go:build unix

package app

import (
	"bytes"
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
