package team

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
)

// olderSkeinsState is bilal's folder, with his span on his article, read
// into my store by a skein that did not record what a layer file carried
// (its state's files have no Carried), and a span of his on another
// article of the same bucket imported by hand into my store: the store,
// the team folder and the two articles.
func olderSkeinsState(t *testing.T) (ms *store.Store, dir string, his, hers *annotate.Document) {
	t.Helper()
	dir = t.TempDir()
	bs := openStore(t, t.TempDir())
	ms = openStore(t, t.TempDir())
	hisText, hersText := bucketOfTwo()
	his, hers = addDoc(t, bs, hisText, "His"), addDoc(t, ms, hersText, "Hers")
	addSpan(t, bs, his, "bilal", "actor", 4, 12)
	syncOnce(t, open(t, bs, dir, "bilal"))
	em := open(t, ms, dir, "me")
	if rep := syncOnce(t, em); len(rep.Arrived) != 1 {
		t.Fatalf("my first sync: arrived %+v, want bilal's", rep.Arrived)
	}
	n := 0
	for rel, f := range em.state.Files {
		if f.Carried != nil {
			f.Carried = nil
			em.state.Files[rel] = f
			n++
		}
	}
	if n == 0 {
		t.Fatal("the state records no file's articles")
	}
	em.unsaved = true
	if err := em.saveState(); err != nil {
		t.Fatal(err)
	}
	addSpan(t, ms, hers, "bilal", "claim", 0, 6) // imported by hand under his name
	return ms, dir, his, hers
}

// bilalSpans counts bilal's spans in st on d.
func bilalSpans(t *testing.T, st *store.Store, d *annotate.Document) int {
	t.Helper()
	spans, err := st.LayerSpans(d.ID, "bilal")
	if err != nil {
		t.Fatal(err)
	}
	return len(spans)
}

// A skein after one that did not record what a layer file carried reads
// such a file again once, at its first pass, while it is still there:
// bilal's folder gone later takes his span the folder brought and leaves
// the one imported by hand on another article of its bucket. Without that
// read his file counted for its whole bucket, and took both.
func TestUpgradeRecordsWhatAFileCarried(t *testing.T) {
	later := laterClock(t)
	ms, dir, his, hers := olderSkeinsState(t)
	em := open(t, ms, dir, "me") // the skein after the upgrade
	if rep := syncOnce(t, em); len(rep.Arrived) != 0 || len(rep.Refused) != 0 {
		t.Errorf("the first pass after the upgrade: arrived %+v, refused %v; want nothing new", rep.Arrived, rep.Refused)
	}
	if rep := syncOnce(t, em); len(rep.Arrived) != 0 {
		t.Errorf("the second pass after the upgrade: arrived %+v, want nothing", rep.Arrived)
	}
	if err := os.RemoveAll(filepath.Join(dir, "layers", "bilal")); err != nil {
		t.Fatal(err)
	}
	syncOnce(t, em)
	later(decisionsGoneWait)
	rep := syncOnce(t, em)
	want := "bilal's folder is gone from the team folder: their 1 span in 1 article was removed from this store; 1 article imported by hand kept"
	if len(rep.Left) != 1 || rep.Left[0].Line() != want {
		t.Errorf("bilal's folder gone: %+v, want %q", rep.Left, want)
	}
	if n := bilalSpans(t, ms, hers); n != 1 {
		t.Errorf("bilal's span imported by hand: %d in the store, want it kept", n)
	}
	if n := bilalSpans(t, ms, his); n != 0 {
		t.Errorf("bilal's span his folder brought: %d in the store, want it removed", n)
	}
}

// bilal's folder gone before any skein recorded what its files carried
// (gone at the first pass after the upgrade) removes none of his layer:
// skein cannot tell what his folder brought from what was imported by
// hand, and the line says what was kept and how it can go. Without, his
// file counted for its whole bucket and took the span imported by hand.
func TestUpgradeFolderGoneFirstKeepsTheLayer(t *testing.T) {
	later := laterClock(t)
	ms, dir, his, hers := olderSkeinsState(t)
	if err := os.RemoveAll(filepath.Join(dir, "layers", "bilal")); err != nil {
		t.Fatal(err)
	}
	em := open(t, ms, dir, "me") // the skein after the upgrade
	syncOnce(t, em)
	later(decisionsGoneWait)
	rep := syncOnce(t, em)
	if len(rep.Left) != 1 || rep.Left[0].Kept != 2 || rep.Left[0].Unknown != 2 || rep.Left[0].Any() {
		t.Fatalf("bilal's folder gone: %+v, want nothing removed and 2 articles kept, not known", rep.Left)
	}
	line := rep.Left[0].Line()
	for _, want := range []string{"bilal's folder is gone from the team folder", "their work on 2 articles kept", "skein rm"} {
		if !strings.Contains(line, want) {
			t.Errorf("the line %q does not say %q", line, want)
		}
	}
	if n := bilalSpans(t, ms, hers); n != 1 {
		t.Errorf("bilal's span imported by hand: %d in the store, want it kept", n)
	}
	if n := bilalSpans(t, ms, his); n != 1 {
		t.Errorf("bilal's span on his article: %d in the store, want it kept (not known to be the folder's)", n)
	}
}

// KeptLine says what of a colleague's work stayed in the store when their
// folder left, and why, for the Team tab.
func TestDepartureKeptLine(t *testing.T) {
	for _, c := range []struct {
		kept, unknown int
		want          string
	}{
		{0, 0, ""},
		{1, 0, "bilal's work on 1 article, imported by hand"},
		{2, 2, "bilal's work on 2 articles, not known to be their folder's (read by an older skein)"},
		{3, 1, "bilal's work on 3 articles, 2 imported by hand, 1 not known to be their folder's (read by an older skein)"},
	} {
		d := Departure{Annotator: "bilal", Removed: store.Removed{Kept: c.kept}, Unknown: c.unknown}
		if got := d.KeptLine(); got != c.want {
			t.Errorf("kept %d, %d not known: got %q, want %q", c.kept, c.unknown, got, c.want)
		}
	}
}
