package app

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/store"
)

// TestMaintenanceMenus: on a real store the window offers File ▸ Back up…
// and Restore… and Help ▸ Check store…; without one (Maintenance nil) it
// offers none of them.
func TestMaintenanceMenus(t *testing.T) {
	real, err := store.Open(filepath.Join(t.TempDir(), "s"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer real.Close()
	w := openWindow(t, test.NewTempApp(t), newFakeStore(testDocs()...), Options{Maintenance: real, Restore: store.Restore})
	for _, it := range [][2]string{{"File", "Back up…"}, {"File", "Restore…"}, {"Help", "Check store…"}} {
		menuItem(t, w, it[0], it[1])
	}
	w = openWindow(t, test.NewTempApp(t), newFakeStore(testDocs()...), Options{})
	for _, m := range w.win.MainMenu().Items {
		for _, it := range m.Items {
			if it.Label == "Back up…" || it.Label == "Check store…" {
				t.Errorf("%s ▸ %s offered without a store to back up", m.Label, it.Label)
			}
		}
	}
}
