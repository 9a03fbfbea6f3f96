package transfer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/tmpfstest"
	"github.com/skein-news/skein/store"
)

// TestBratExportFullDisk exports to brat and to WebAnno TSV on a real tmpfs of 256 KB that the
// corpus (20 articles of 30 KB) does not fit: the export fails saying what
// failed, and leaves nothing on the disk — no folder without its
// annotation.conf, no 0-byte .ann, no temporary folder beside it.
func TestBratExportFullDisk(t *testing.T) {
	disk := tmpfstest.New(t, 256<<10)
	st := openStore(t)
	b := &store.Batch{}
	for i := range 20 {
		text := fmt.Sprintf("Article %d.\n", i) + strings.Repeat("Kakar spoke to the press on Monday. ", 830)
		d := &annotate.Document{ID: annotate.DocID(text), Title: fmt.Sprint("Article ", i), Source: fmt.Sprintf("wire/%02d.txt", i), Text: text}
		b.Docs = append(b.Docs, d)
		b.Spans = append(b.Spans, &annotate.Span{ID: annotate.NewID(), Doc: d.ID, Annotator: "ana", Label: "actor", Fragments: []annotate.Fragment{{Start: 12, End: 17}}})
	}
	if _, err := st.WriteBatch(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"brat", "webanno"} {
		fullDiskExport(t, st, disk, format)
	}
}

// fullDiskExport exports st as format into a folder on the full disk,
// then with room.
func fullDiskExport(t *testing.T, st *store.Store, disk, format string) {
	t.Helper()
	if err := syscall.Mount("tmpfs", disk, "tmpfs", syscall.MS_REMOUNT, "size=256k"); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(disk, "out")
	_, err := Export(context.Background(), st, nil, ExportOptions{Format: format, Dir: out})
	if err == nil || !strings.Contains(err.Error(), "no space left on device") || !strings.Contains(err.Error(), out+string(filepath.Separator)+"wire") {
		t.Fatalf("%s: got %v, want a full disk named with the file under %s", format, err, out)
	}
	t.Log(err)
	ents, err := os.ReadDir(disk)
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) != 0 {
		t.Errorf("%s: the full disk holds %v after the failed export, want nothing", format, ents)
	}

	// With room, the same export is whole.
	if err := syscall.Mount("tmpfs", disk, "tmpfs", syscall.MS_REMOUNT, "size=4m"); err != nil {
		t.Fatal(err)
	}
	if _, err := Export(context.Background(), st, nil, ExportOptions{Format: format, Dir: out}); err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{"brat": {"annotation.conf", "wire/19.ann"}, "webanno": {"wire/00.tsv", "wire/19.tsv"}}
	for _, name := range want[format] {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Error(err)
		}
	}
	if err := os.RemoveAll(out); err != nil {
		t.Fatal(err)
	}
}

// TestHFLabelsFullDisk: the label list an hf export writes beside its data
// is written beside and renamed too; on a full disk the one already there
// stays as it was.
func TestHFLabelsFullDisk(t *testing.T) {
	disk := tmpfstest.New(t, 64<<10)
	labels := filepath.Join(disk, "ner.labels.json")
	if err := os.WriteFile(labels, []byte("[\"O\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tmpfstest.Fill(t, disk, 0)
	st := openStore(t)
	text := "Kakar spoke to the press."
	d := &annotate.Document{ID: annotate.DocID(text), Title: "t", Text: text}
	sp := &annotate.Span{ID: annotate.NewID(), Doc: d.ID, Annotator: "ana", Label: "actor", Fragments: []annotate.Fragment{{Start: 0, End: 5}}}
	if _, err := st.WriteBatch(context.Background(), &store.Batch{Docs: []*annotate.Document{d}, Spans: []*annotate.Span{sp}}); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	_, err := Export(context.Background(), st, &out, ExportOptions{Format: "hf", Dir: filepath.Join(disk, "ner.jsonl")})
	if err == nil || !strings.Contains(err.Error(), "no space left on device") {
		t.Fatalf("got %v, want a full disk", err)
	}
	if b, _ := os.ReadFile(labels); string(b) != "[\"O\"]\n" {
		t.Errorf("ner.labels.json after the failed export: %q, want it as it was", b)
	}
	if left, _ := filepath.Glob(filepath.Join(disk, ".skein-export-*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
