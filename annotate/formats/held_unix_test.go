//go:build unix

package formats

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/proctest"
)

// Two folder exports into one parent at once: the second's sweep of what
// killed exports left beside its folder (removeLeftExports) passes over
// the first's hidden folder, which is held while it is written, and both
// exports arrive whole. A hidden export folder no one holds, as a kill
// leaves it, is removed.
func TestFolderExportUnderWayNotSwept(t *testing.T) {
	parent := t.TempDir()
	left := filepath.Join(parent, hiddenName(exportPrefix, 0x0123456789abcdef, thisMachine, proctest.DeadPID(t)))
	if err := os.MkdirAll(filepath.Join(left, "wire"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(left, "wire", "a.tsv"), []byte("#FORMAT=WebAnno TSV 3.3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	text := "Kakar spoke to the press."
	d := &annotate.Document{ID: annotate.DocID(text), Title: "t", Source: "wire/a.txt", Text: text}
	sp := &annotate.Span{ID: annotate.NewID(), Doc: d.ID, Annotator: "ana", Label: "actor", Fragments: []annotate.Fragment{{Start: 0, End: 5}}}
	first, err := NewExporter("webanno", nil, filepath.Join(parent, "a"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(left); err == nil {
		t.Errorf("the hidden folder a kill left is still there after an export began")
	}
	if err := first.WriteDoc(d, []*annotate.Span{sp}, nil); err != nil {
		t.Fatal(err)
	}
	second, err := NewExporter("brat", nil, filepath.Join(parent, "b"))
	if err != nil {
		t.Fatal(err)
	}
	if err := second.WriteDoc(d, []*annotate.Span{sp}, nil); err != nil {
		t.Fatal(err)
	}
	for _, ex := range []Exporter{first, second} {
		if _, err := ex.Close(); err != nil {
			t.Fatalf("an export begun before the other's sweep: %v", err)
		}
	}
	for _, p := range []string{"a/wire/a.tsv", "b/wire/a.ann"} {
		if _, err := os.Stat(filepath.Join(parent, p)); err != nil {
			t.Error(err)
		}
	}
}
