package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/team"
)

// until drains the window's hand-backs until ok or the deadline.
func until(t *testing.T, w *Window, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("waited 20 s for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
		settle(w)
	}
}

// The window on a store with a team folder: a colleague's span arrives in
// the open article (with his layer shown), the status bar names it, the
// Team panel lists him; the user's own span reaches the folder by itself.
func TestTeamFolderInTheWindow(t *testing.T) {
	folder := t.TempDir()
	a, b := realStore(t), realStore(t)
	if _, err := team.Connect(a, folder, "alice"); err != nil {
		t.Fatal(err)
	}
	eb, err := team.Open(b, folder, "bilal")
	if err != nil {
		t.Fatal(err)
	}
	w := openWindow(t, test.NewTempApp(t), a, StoreOptions(a, "alice", false))
	open(t, w, docKakar)
	w.ShowLayers("bilal")
	settle(w)
	until(t, w, "the team folder to open", func() bool { return w.tm.folder != nil })

	s := &annotate.Span{ID: annotate.NewID(), Doc: docKakar.ID, Annotator: "bilal", Label: "figure", Fragments: []annotate.Fragment{frag(t, docKakar, "60%")}}
	if err := b.Apply(context.Background(), annotate.AddSpan("bilal", s)); err != nil {
		t.Fatal(err)
	}
	if _, err := eb.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	until(t, w, "bilal's span in the open article", func() bool {
		for _, x := range w.spanList.All() {
			if x.ID == s.ID {
				return true
			}
		}
		return false
	})
	if got, want := w.status.Text, "bilal: 1 span in 'Kakar links attacks to e…'"; got != want {
		t.Errorf("status bar: got %q, want %q", got, want)
	}
	rows := w.tm.panel.State().Colleagues
	if len(rows) != 1 || rows[0].Annotator != "bilal" || rows[0].Articles != 1 {
		t.Errorf("Team panel: got %+v, want bilal with 1 article", rows)
	}

	// bilal assigns the articles: alice's come first in her list.
	asg := &team.Assignment{Format: team.Format, Annotators: []string{"alice", "bilal"}, PerArticle: 1,
		Articles: map[string][]string{docBorder.ID: {"alice"}, docKakar.ID: {"bilal"}, docTaliban.ID: {"bilal"}}}
	if err := eb.WriteAssignment(asg); err != nil {
		t.Fatal(err)
	}
	until(t, w, "alice's assigned article first in her list", func() bool { return len(w.docList.Docs()) > 0 && w.docList.Docs()[0].ID == docBorder.ID })

	// alice labels a word: her layer file is in the folder soon after.
	selectWords(t, w, frag(t, docKakar, "TTP"))
	press(w, "2")
	settle(w)
	mine := spansOf(t, a, docKakar, "alice")
	if len(mine) != 1 {
		t.Fatalf("alice's spans: %d", len(mine))
	}
	layer := filepath.Join(folder, "layers", "alice")
	until(t, w, "alice's span in the folder", func() bool {
		found := false
		filepath.Walk(layer, func(p string, fi os.FileInfo, err error) error {
			if err == nil && !fi.IsDir() {
				b, _ := os.ReadFile(p)
				found = found || strings.Contains(string(b), mine[0].ID)
			}
			return nil
		})
		return found
	})
}
