package app

import (
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/app/frame/frametest"
	"github.com/skein-news/skein/app/keyhelp"
)

// bindingItem is b's menu item: review's are in Review ▸ Review items.
func bindingItem(t testing.TB, w *Window, b binding) *fyne.MenuItem {
	t.Helper()
	if b.menu == "Review" {
		return menuItem(t, w, b.menu, reviewKeysMenu+" ▸ "+b.label)
	}
	return menuItem(t, w, b.menu, b.label)
}

// Every binding has its menu item, showing its key; review's are enabled
// only in review; the item and the key do the same.
func TestKeysAndMenusShareOneTable(t *testing.T) {
	w, _, _ := startReview(t)
	for _, b := range bindings {
		it := bindingItem(t, w, b)
		sc, ok := it.Shortcut.(*desktop.CustomShortcut)
		if !ok || sc.KeyName != b.key || sc.Modifier != 0 {
			t.Errorf("%s ▸ %s shows %v, want the single key %s", b.menu, b.label, it.Shortcut, b.key)
		}
		if it.Disabled {
			t.Errorf("%s ▸ %s disabled in review", b.menu, b.label)
		}
	}

	itemAt(t, w, "PM Kakar")
	press(w, fyne.KeyN)
	settle(w)
	byKey := current(t, w)
	itemAt(t, w, "PM Kakar")
	menuItem(t, w, "Review", reviewKeysMenu+" ▸ Next disagreement").Action()
	settle(w)
	if byMenu := current(t, w); byMenu != byKey || byKey == "agreement PM Kakar" {
		t.Errorf("N went to %q, the menu's Next disagreement to %q; want the same next disagreement", byKey, byMenu)
	}

	w.StopReview()
	for _, b := range bindings {
		if it := bindingItem(t, w, b); it.Disabled != (b.mode == inReview) {
			t.Errorf("outside review %s ▸ %s disabled %v, want %v", b.menu, b.label, it.Disabled, b.mode == inReview)
		}
	}
}

// TestKeysWaitForTheDialog: with a dialog up and nothing in it holding the
// keyboard, a label key or Delete does not reach the article behind it;
// once the dialog is gone they do.
func TestKeysWaitForTheDialog(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	open(t, w, docKakar)
	selectWords(t, w, frag(t, docKakar, "PM Kakar"))
	d := dialog.NewInformation("Something else", "A dialog over the article.", w.win)
	d.Show()
	press(w, fyne.Key1)
	settle(w)
	if got := spansOf(t, st, docKakar, w.user); len(got) != 0 {
		t.Fatalf("the label key behind the dialog made %d spans", len(got))
	}
	d.Hide()
	press(w, fyne.Key1)
	settle(w)
	got := spansOf(t, st, docKakar, w.user)
	if len(got) != 1 {
		t.Fatalf("the label key once the dialog is gone: %d spans, want 1", len(got))
	}
	w.view.SelectSpan(got[0].ID)
	d.Show()
	press(w, fyne.KeyDelete)
	settle(w)
	if n := len(spansOf(t, st, docKakar, w.user)); n != 1 {
		t.Errorf("Delete behind the dialog: %d spans left, want 1", n)
	}
	d.Hide()
}

// F1 and Help ▸ Keyboard shortcuts show the README's table of keys, over
// the article or with nothing focused; Escape closes it. Every key of the
// bindings table is in it, so a key added to the window and not to the
// README fails here.
func TestKeyboardShortcutsFromTheREADME(t *testing.T) {
	md, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := keyhelp.Parse(string(md))
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bindings {
		found := false
		for _, r := range rows {
			for _, k := range strings.FieldsFunc(r.Keys, func(c rune) bool { return c == ' ' || c == '/' || c == ',' }) {
				found = found || k == string(b.key) || (b.key == fyne.KeyRightBracket && k == "]") || (b.key == fyne.KeyLeftBracket && k == "[")
			}
		}
		if !found {
			t.Errorf("the key %s (%s ▸ %s) is not in the README's table of keys", b.key, b.menu, b.label)
		}
	}

	w := openWindow(t, test.NewTempApp(t), newFakeStore(testDocs()...), Options{README: string(md)})
	open(t, w, docKakar)
	for _, show := range []func(){
		func() { w.focusView(); press(w, fyne.KeyF1) },
		func() { w.win.Canvas().Unfocus(); press(w, fyne.KeyF1) },
		menuItem(t, w, "Help", "Keyboard shortcuts").Action,
	} {
		show()
		top := w.win.Canvas().Overlays().Top()
		if top == nil {
			t.Fatal("no dialog")
		}
		labels := 0
		for _, l := range frametest.Visible[*widget.Label](top) {
			if l.Text == rows[0].Keys || l.Text == rows[len(rows)-1].What {
				labels++
			}
		}
		if labels != 2 {
			t.Errorf("the dialog lacks the table's first or last row")
		}
		press(w, fyne.KeyEscape)
		if w.win.Canvas().Overlays().Top() != nil {
			t.Fatal("Escape left the keys shown")
		}
	}
	if it := menuItem(t, w, "Help", "Keyboard shortcuts"); it.Shortcut.(*desktop.CustomShortcut).KeyName != fyne.KeyF1 {
		t.Errorf("the menu item shows %v, want F1", it.Shortcut)
	}
}
