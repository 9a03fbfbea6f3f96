package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate"
)

// typeShortcut delivers a keyboard shortcut as Fyne's desktop driver does
// (internal/driver/glfw/window.go, triggersShortcut): a main-menu item with
// the same shortcut runs first, then the focused widget gets it, then the
// canvas. The test driver has no such routing, so a test that sent the
// shortcut only to the focused widget would miss what the menu does.
func typeShortcut(w *Window, sc fyne.Shortcut) {
	var inMenu func(items []*fyne.MenuItem) bool
	inMenu = func(items []*fyne.MenuItem) bool {
		for _, it := range items {
			if it.Shortcut != nil && it.Shortcut.ShortcutName() == sc.ShortcutName() && it.Action != nil {
				it.Action()
				return true
			}
			if it.ChildMenu != nil && inMenu(it.ChildMenu.Items) {
				return true
			}
		}
		return false
	}
	if mm := w.win.MainMenu(); mm != nil {
		for _, m := range mm.Items {
			if inMenu(m.Items) {
				return
			}
		}
	}
	c := w.win.Canvas()
	if f, ok := c.Focused().(fyne.Shortcutable); ok {
		f.TypedShortcut(sc)
		return
	}
	if h := canvasShortcuts(c); h != nil {
		h.TypedShortcut(sc)
	}
}

// ctrlShiftZ is the redo shortcut as the desktop driver reports it.
var ctrlShiftZ = &desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}

func TestUndoInFilterUndoesTyping(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	open(t, w, docKakar)
	s := addSpan(t, w, fyne.Key1, frag(t, docKakar, "Kakar"))

	w.win.Canvas().Focus(w.docList.Filter())
	test.Type(w.docList.Filter(), "refugees")
	settle(w)
	if len(w.docList.Shown()) != 1 {
		t.Fatalf("the filter shows %d articles, want 1", len(w.docList.Shown()))
	}
	typeShortcut(w, &fyne.ShortcutUndo{})
	settle(w)
	if got := spansOf(t, st, docKakar, "alice"); len(got) != 1 || got[0].ID != s.ID {
		t.Fatalf("Ctrl+Z in the filter undid an annotation: got %v, want the claim still there", got)
	}
	if w.docList.Filter().Text != "" {
		t.Errorf("Ctrl+Z in the filter left %q, want the typing undone", w.docList.Filter().Text)
	}
	if len(w.docList.Shown()) != 3 {
		t.Errorf("after undoing the typing the list shows %d articles, want all 3", len(w.docList.Shown()))
	}

	// Redo, Ctrl+Shift+Z as the Edit menu names it, brings the typing back.
	typeShortcut(w, ctrlShiftZ)
	settle(w)
	if w.docList.Filter().Text != "refugees" || len(spansOf(t, st, docKakar, "alice")) != 1 {
		t.Errorf("Ctrl+Shift+Z in the filter: got %q and %d spans, want the typing back and the span kept",
			w.docList.Filter().Text, len(spansOf(t, st, docKakar, "alice")))
	}

	// With the article focused again, Ctrl+Z is the annotation's undo.
	w.focusView()
	typeShortcut(w, &fyne.ShortcutUndo{})
	if got := spansOf(t, st, docKakar, "alice"); len(got) != 0 {
		t.Errorf("Ctrl+Z in the article left %v, want the span undone", got)
	}
}

func TestKeysInFilterDoNotTouchArticle(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	open(t, w, docKakar)
	s := addSpan(t, w, fyne.Key2, frag(t, docKakar, "Kakar"))
	sel := frag(t, docKakar, "TTP")

	for _, k := range []fyne.KeyName{fyne.Key1, fyne.Key5, fyne.KeyDelete, fyne.KeyBackspace} {
		w.view.SelectSpan(s.ID)
		w.win.Canvas().Focus(w.docList.Filter())
		press(w, k)
		w.view.SetSelection([]annotate.Fragment{sel})
		w.win.Canvas().Focus(w.docList.Filter())
		press(w, k)
	}
	test.Type(w.docList.Filter(), "12")
	settle(w)
	if got := spansOf(t, st, docKakar, "alice"); len(got) != 1 || got[0].ID != s.ID || got[0].Label != annotate.Actor {
		t.Errorf("keys typed in the filter changed the article: got %v, want the one actor span", got)
	}
	if w.docList.Filter().Text != "12" {
		t.Errorf("the filter holds %q, want the typed 12", w.docList.Filter().Text)
	}
}
