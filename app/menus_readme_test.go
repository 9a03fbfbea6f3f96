package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/store"
)

// TestMenusFromTheREADME: the README's **Menus:** item names every item of
// every menu the window shows, submenus too, as the menu spells it, so a
// researcher reading it finds each item where the window has it. A new
// researcher's pass found View ▸ Arcs and Colleagues' work, the Threads
// and Review items and the whole of Help named nowhere in that list.
func TestMenusFromTheREADME(t *testing.T) {
	md, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	menus := readmeMenus(t, string(md))
	real, err := store.Open(filepath.Join(t.TempDir(), "s"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer real.Close()
	imp := func(context.Context, string, []string) (string, error) { return "", nil }
	w := openWindow(t, test.NewTempApp(t), newFakeStore(testDocs()...), Options{
		README: string(md), Maintenance: real, Restore: store.Restore, ImportSuggestions: imp})
	var walk func(path string, items []*fyne.MenuItem)
	walk = func(path string, items []*fyne.MenuItem) {
		for _, it := range items {
			if it.IsSeparator {
				continue
			}
			if !strings.Contains(menus, it.Label) {
				t.Errorf("%s ▸ %s is not named in the README's Menus", path, it.Label)
			}
			if it.ChildMenu != nil {
				walk(path+" ▸ "+it.Label, it.ChildMenu.Items)
			}
		}
	}
	for _, m := range w.win.MainMenu().Items {
		if !strings.Contains(menus, m.Label+" (") {
			t.Errorf("the menu %s is not in the README's Menus as \"%s (…)\"", m.Label, m.Label)
		}
		walk(m.Label, m.Items)
	}
}

// readmeMenus is the README's **Menus:** item, its lines joined by spaces.
func readmeMenus(t *testing.T, md string) string {
	t.Helper()
	_, rest, ok := strings.Cut(md, "- **Menus:**")
	if !ok {
		t.Fatal("the README has no **Menus:** item")
	}
	end := strings.Index(rest, "\n\n")
	if end < 0 {
		t.Fatal("the README's **Menus:** item does not end")
	}
	return strings.Join(strings.Fields(rest[:end]), " ")
}
