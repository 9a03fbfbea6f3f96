package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// Every binding has its menu item, showing its key; review's are enabled
// only in review; the item and the key do the same.
func TestKeysAndMenusShareOneTable(t *testing.T) {
	w, _, _ := startReview(t)
	for _, b := range bindings {
		it := menuItem(t, w, b.menu, b.label)
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
	menuItem(t, w, "Review", "Next disagreement").Action()
	settle(w)
	if byMenu := current(t, w); byMenu != byKey || byKey == "agreement PM Kakar" {
		t.Errorf("N went to %q, the menu's Next disagreement to %q; want the same next disagreement", byKey, byMenu)
	}

	w.StopReview()
	for _, b := range bindings {
		if it := menuItem(t, w, b.menu, b.label); it.Disabled != (b.mode == inReview) {
			t.Errorf("outside review %s ▸ %s disabled %v, want %v", b.menu, b.label, it.Disabled, b.mode == inReview)
		}
	}
}
