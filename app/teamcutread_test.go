package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/team"
	"github.com/skein-news/skein/store"
)

// The team folder away, said on the status line; it came back with
// bilal's new span in it, and the read that found it there was cut short
// by the folder moving away again after it read the span in. The read's
// error was the one said already, so the window heard nothing of the pass:
// the span was in the store but not in the open article, nor on the Team
// tab, until something else refreshed them. What the pass read in is
// shown now, and the folder not there is not said a second time.
func TestReadCutShortAgainShowsWhatItRead(t *testing.T) {
	base := t.TempDir()
	folder, away := filepath.Join(base, "team"), filepath.Join(base, "team-away")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	a, b, eb := aliceAndBilalIn(t, folder)
	first := bilalSpan(t, b, eb, "figure", frag(t, docKakar, "60%"))
	w := openWindow(t, test.NewTempApp(t), a, StoreOptions(a, "alice", false))
	open(t, w, docKakar)
	w.ShowLayers("bilal")
	until(t, w, "bilal's first span in the open article", func() bool { return shown(w, first.ID) })

	if err := os.Rename(folder, away); err != nil {
		t.Fatal(err)
	}
	until(t, w, "the folder's sync to say it is away", func() bool {
		return strings.Contains(w.tm.panel.State().Err, "is not there")
	})
	settle(w)
	said, saidN := w.status.Text, w.statusSaid

	// bilal writes a span into the folder where it is now; it comes back,
	// and moves away again as alice's read of it has read the span in.
	ebAway, err := team.Open(b, away, "bilal")
	if err != nil {
		t.Fatal(err)
	}
	second := bilalSpan(t, b, ebAway, "figure", frag(t, docKakar, "TTP"))
	var armed, moved atomic.Bool
	armed.Store(true)
	t.Cleanup(team.OnImported(func() {
		if armed.CompareAndSwap(true, false) {
			if err := os.Rename(folder, away); err != nil {
				t.Error(err)
			}
			moved.Store(true)
		}
	}))
	if err := os.Rename(away, folder); err != nil {
		t.Fatal(err)
	}
	until(t, w, "a read of the folder back to be cut short", moved.Load)
	until(t, w, "bilal's second span in the open article", func() bool { return shown(w, second.ID) })
	if got := w.tm.panel.State().Last; !strings.HasPrefix(got, "bilal: 1 span") {
		t.Errorf("the Team tab's last arrival says %q; want bilal's span", got)
	}
	if !still(w, said) || w.statusSaid != saidN {
		t.Errorf("the status line said %q again as %q; want the folder not there said once", said, w.status.Text)
	}

	if err := os.Rename(away, folder); err != nil {
		t.Fatal(err)
	}
	until(t, w, "the folder to be back", func() bool { return strings.HasPrefix(w.status.Text, "The team folder "+folder+" is back") })
}

// shown says whether the span id is in the open article's span list.
func shown(w *Window, id string) bool {
	for _, x := range w.spanList.All() {
		if x.ID == id {
			return true
		}
	}
	return false
}

// A first sync of a new colleague (carol, her layer read bucket by bucket
// in one bulk pass) cut short by the team folder moving away after her
// article Kakar's bucket was read in: the window says the folder is not
// there, and what was read in is said on the Team tab and shown in the open
// article; the rest of her work comes at the next pass, the folder back.
func TestFirstSyncCutShortShowsWhatItRead(t *testing.T) {
	base := t.TempDir()
	folder, away := filepath.Join(base, "team"), filepath.Join(base, "team-away")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	// Articles in buckets after Kakar's, so that a read cut short after
	// Kakar's bucket leaves most of carol's work unread.
	docs := []*annotate.Document{docKakar}
	for i := 0; len(docs) < 25; i++ {
		d := newDoc(fmt.Sprintf("District %d", i), "2024-02-01", fmt.Sprintf("Officials counted more incidents in district %d this winter.", i))
		if d.ID[:2] > docKakar.ID[:2] {
			docs = append(docs, d)
		}
	}
	a, c := realStore(t), realStore(t)
	for _, st := range []*store.Store{a, c} {
		if _, err := st.WriteBatch(context.Background(), &store.Batch{Docs: docs[1:]}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := team.Connect(a, folder, "alice"); err != nil {
		t.Fatal(err)
	}
	ec, err := team.Connect(c, folder, "carol")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range docs {
		word := "Officials"
		if d == docKakar {
			word = "60%"
		}
		s := &annotate.Span{ID: annotate.NewID(), Doc: d.ID, Annotator: "carol", Label: "figure", Fragments: []annotate.Fragment{frag(t, d, word)}}
		if err := c.Apply(context.Background(), annotate.AddSpan("carol", s)); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, s.ID)
	}
	if _, err := ec.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	readIn := func() int {
		n := 0
		for _, id := range ids {
			if _, err := a.Span(id); err == nil {
				n++
			}
		}
		return n
	}
	var moved atomic.Bool
	t.Cleanup(team.OnImported(func() {
		if _, err := a.Span(ids[0]); err == nil && moved.CompareAndSwap(false, true) {
			if err := os.Rename(folder, away); err != nil {
				t.Error(err)
			}
		}
	}))
	w := openWindow(t, test.NewTempApp(t), a, StoreOptions(a, "alice", false))
	open(t, w, docKakar)
	w.ShowLayers("carol")
	until(t, w, "the first sync to say the folder is away", func() bool {
		return strings.Contains(w.tm.panel.State().Err, "is not there")
	})
	if !moved.Load() {
		t.Fatal("the first sync read carol's Kakar span in without the folder moved")
	}
	settle(w)
	n := readIn()
	if n == 0 || n == len(ids) {
		t.Fatalf("the first sync cut short read in %d of carol's %d spans; want some, not all", n, len(ids))
	}
	if !strings.Contains(w.status.Text, "is not there") {
		t.Errorf("the status line says %q; want the folder not there", w.status.Text)
	}
	if got, want := w.tm.panel.State().Last, "carol: "+annotate.Count(n, "span"); !strings.HasPrefix(got, want) {
		t.Errorf("the Team tab's last arrival says %q; want it to begin %q", got, want)
	}
	until(t, w, "carol's Kakar span in the open article", func() bool { return shown(w, ids[0]) })

	if err := os.Rename(away, folder); err != nil {
		t.Fatal(err)
	}
	until(t, w, "the folder back", func() bool { return strings.HasPrefix(w.status.Text, "The team folder "+folder+" is back") })
	if got := readIn(); got != len(ids) {
		t.Fatalf("with the folder back, %d of carol's %d spans are in alice's store (status %q, refused %v)", got, len(ids), w.status.Text, w.tm.panel.State().Refused)
	}
	if want := "carol: " + annotate.Count(len(ids)-n, "span"); !strings.Contains(w.status.Text, want) {
		t.Errorf("the status line says %q; want it to tell of %q", w.status.Text, want)
	}
}
