package app

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/cli"
	"github.com/skein-news/skein/store"
)

// An INCEpTION project imported (alice and bob annotated the minister's
// article; INCEpTION's curation took alice's "The minister") is reviewed
// in the window as skein's own annotators' work: Start review of alice and
// bob shows their one disagreement, bob's "minister" against alice's "The
// minister", and the three spans they agree on; the curated layer the
// import wrote settles it. The same project exported as UIMA CAS XMI
// (xmiproject) reviews the same.
func TestReviewImportedInceptionProject(t *testing.T) {
	for _, name := range []string{"project", "xmiproject"} {
		t.Run(name, func(t *testing.T) { reviewImportedProject(t, name) })
	}
}

func reviewImportedProject(t *testing.T, name string) {
	dir := t.TempDir()
	var out, errs bytes.Buffer
	project := filepath.Join("..", "annotate", "formats", "testdata", "inception", name)
	if code := cli.Main([]string{"-store", dir, "-user", "carol", "import", project},
		cli.Env{Stdout: &out, Stderr: &errs, Getenv: func(string) string { return "" }}); code != 0 {
		t.Fatalf("skein import: exit %d: %s", code, errs.String())
	}
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	doc, err := st.Document(annotate.DocID("The minister said taxes will fall .\nCritics accused him of lying ."))
	if err != nil {
		t.Fatal(err)
	}
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "carol", false))
	open(t, w, doc)
	if err := w.StartReview("alice", "bob"); err != nil {
		t.Fatal(err)
	}
	settle(w)
	if got, want := w.rev.Panel().Head(), "Review  ·  1 disagreement, 3 agreements"; got != want {
		t.Errorf("review head = %q, want %q", got, want)
	}
	if got, want := w.rev.Head(), "1 of 1 disagreement resolved"; got != want {
		t.Errorf("article head = %q, want %q", got, want)
	}
	var layers []string
	for _, it := range w.rev.Session().Items() {
		if !it.Disagreement() {
			continue
		}
		for _, s := range it.Sorted() {
			f := s.Fragments[0]
			layers = append(layers, s.Annotator+" "+w.text.Slice(f.Start, f.End))
		}
	}
	if got, want := strings.Join(layers, "|"), "alice The minister|bob minister"; got != want {
		t.Errorf("the disagreement's spans = %q, want %q", got, want)
	}
}
