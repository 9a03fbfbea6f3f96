package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// The span list's selected row follows the span selected in the text
// through every change, though the window now refreshes the list once a
// change (selecting a row refreshes it already) instead of twice.
func TestSpanRowFollowsTheSelection(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	open(t, w, docKakar)
	row := func(when string) {
		t.Helper()
		want := -1
		for i, s := range w.spanList.All() {
			if s.ID == w.view.SelectedSpan() {
				want = i
			}
		}
		if w.spanList.Selected() != want {
			t.Errorf("after %s the list's selected row is %d, want %d (the span selected in the text)", when, w.spanList.Selected(), want)
		}
	}
	ttp := addSpan(t, w, fyne.Key1, frag(t, docKakar, "TTP"))
	row("labelling TTP")
	kakar := addSpan(t, w, fyne.Key2, frag(t, docKakar, "Kakar")) // before TTP: TTP's row moves down
	row("labelling Kakar")
	w.view.SelectSpan(ttp.ID)
	w.spanSelectedInText(ttp.ID)
	row("selecting TTP in the text")
	press(w, fyne.Key3) // relabel TTP, which stays selected
	row("relabelling TTP")
	w.view.SelectSpan(kakar.ID)
	press(w, fyne.KeyDelete)
	row("deleting Kakar")
	menuItem(t, w, "Edit", "Undo").Action()
	settle(w)
	row("undoing the delete")
}
