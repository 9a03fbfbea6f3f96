//go:build unix

package formats

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/syncthingtest"
)

// In a folder two real Syncthing instances share (on 127.0.0.1), machine
// A's brat export is under way: its hidden folder, locked on A, holds the
// first article and arrives on B, where no lock holds it. B's export to
// the same folder leaves it (another machine's), so the sync deletes
// nothing on A, and A's export, finished, holds both articles. Each
// instance here is a machine of its own by the machine part of the hidden
// names (thisMachine), as two computers' are; both run in this process.
func TestSyncedLiveExportOfAnotherMachineNotSwept(t *testing.T) {
	_, sa, sb, failf := syncthingtest.Pair(t)
	arrives := func(p string, d time.Duration, what string) {
		t.Helper()
		for deadline := time.Now().Add(d); ; time.Sleep(100 * time.Millisecond) {
			if b, err := os.ReadFile(p); err == nil && len(b) > 0 {
				return
			}
			if time.Now().After(deadline) {
				failf("%s never arrived (%s)", what, p)
			}
		}
	}
	if err := os.WriteFile(filepath.Join(sa.Folder, "warm"), []byte("warm\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	arrives(filepath.Join(sb.Folder, "warm"), 90*time.Second, "a file from A on B")

	doc := func(text, src string) (*annotate.Document, []*annotate.Span) {
		d := &annotate.Document{ID: annotate.DocID(text), Title: src, Source: src, Text: text}
		return d, []*annotate.Span{{ID: annotate.NewID(), Doc: d.ID, Annotator: "ana", Label: "actor", Fragments: []annotate.Fragment{{Start: 0, End: 5}}}}
	}
	defer func(m string) { thisMachine = m }(thisMachine)

	thisMachine = "aaaaaaaaaaaaaaaa"
	a, err := NewExporter("brat", nil, filepath.Join(sa.Folder, "exports", "a"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.(interface{ Abort() }).Abort()
	d1, s1 := doc("Kakar spoke to the press.", "first.txt")
	if err := a.WriteDoc(d1, s1, nil); err != nil {
		t.Fatal(err)
	}
	hidden := filepath.Base(a.(*bratWriter).tmp)
	onB := filepath.Join(sb.Folder, "exports", hidden)
	arrives(filepath.Join(onB, "first.txt"), 60*time.Second, "A's export under way, on B")

	thisMachine = "bbbbbbbbbbbbbbbb"
	b, err := NewExporter("brat", nil, filepath.Join(sb.Folder, "exports", "b"))
	if err != nil {
		t.Fatal(err)
	}
	d3, s3 := doc("Mahmood denied it.", "other.txt")
	if err := b.WriteDoc(d3, s3, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(onB, "first.txt")); err != nil {
		t.Errorf("B's export swept A's export under way from the folder they share: %v", err)
	}
	// B's export, arrived on A, came after anything B's sweep did there.
	arrives(filepath.Join(sa.Folder, "exports", "b", "other.ann"), 60*time.Second, "B's export on A")

	thisMachine = "aaaaaaaaaaaaaaaa"
	d2, s2 := doc("Islamabad said so.", "second.txt")
	if err := a.WriteDoc(d2, s2, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Close(); err != nil {
		t.Fatalf("A's export, after B's: %v", err)
	}
	for _, f := range []string{"first.txt", "first.ann", "second.txt", "second.ann"} {
		if _, err := os.Stat(filepath.Join(sa.Folder, "exports", "a", f)); err != nil {
			t.Errorf("A's finished export lacks %s: %v", f, err)
		}
	}
}
