package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

// The flow of issue 12.8: a span just labelled is the selected span, so T
// follows without a click; T with no thread yet offers "New thread…",
// which starts one with that span; Esc closes a report dialog.
func TestLabelThenTStartsAThread(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	open(t, w, docKakar)
	s := addSpan(t, w, fyne.Key1, frag(t, docKakar, "linked the surge in attacks"))
	if got := w.view.SelectedSpan(); got != s.ID {
		t.Fatalf("after labelling, the selected span is %q, want the new one", got)
	}
	w.focusView()
	press(w, fyne.KeyT)
	settle(w)
	if msg := dialogText(t, w); msg == "" {
		t.Fatal("T with no thread showed an empty dialog")
	}
	tapButton(t, w, "New thread…")
	settle(w)
	if n := st.threadCount(); n != 1 {
		t.Fatalf("after New thread… there are %d threads, want 1", n)
	}
	if w.th.Current() == nil || len(w.th.Current().Members) != 1 || w.th.Current().Members[0].Span != s.ID {
		t.Errorf("the current thread is %+v, want one holding the span just labelled", w.th.Current())
	}

	w.showReport("Import", "imported 1 new document")
	w.focusView()
	press(w, fyne.KeyEscape)
	if w.win.Canvas().Overlays().Top() != nil {
		t.Error("Esc left the report open")
	}
}

// The keyboard alone: label, T, Enter starts the thread, as its
// highlighted "New thread…" button says. Before, Enter did nothing there.
func TestLabelThenTThenEnterStartsAThread(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	open(t, w, docKakar)
	s := addSpan(t, w, fyne.Key1, frag(t, docKakar, "linked the surge in attacks"))
	w.focusView()
	press(w, fyne.KeyT)
	settle(w)
	press(w, fyne.KeyReturn)
	settle(w)
	if n := st.threadCount(); n != 1 || w.th.Current() == nil || w.th.Current().Members[0].Span != s.ID {
		t.Fatalf("after T and Enter: %d threads, current %+v; want one holding the span", n, w.th.Current())
	}
	if w.win.Canvas().Overlays().Top() != nil {
		t.Error("the question is still shown after Enter")
	}
}

// Shift+Alt+→ and ← move the selection's end by one character (issue
// 12.8), so an exact span needs no Alt+drag.
func TestShiftAltArrowMovesSelectionEnd(t *testing.T) {
	w := openWindow(t, test.NewTempApp(t), newFakeStore(testDocs()...), Options{})
	open(t, w, docKakar)
	f := frag(t, docKakar, "attacks")
	selectWords(t, w, f)
	w.focusView()
	key := func(k fyne.KeyName) {
		w.view.TypedShortcut(&desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShift | fyne.KeyModifierAlt})
	}
	key(fyne.KeyRight)
	key(fyne.KeyRight)
	key(fyne.KeyLeft)
	got := w.view.Selection()
	if len(got) != 1 || got[0].Start != f.Start || got[0].End != f.End+1 {
		t.Fatalf("after Shift+Alt+→ →, ← the selection is %v, want %d–%d", got, f.Start, f.End+1)
	}
	press(w, fyne.Key1)
	settle(w)
	if s := w.spanList.ByID(w.view.SelectedSpan()); s == nil || s.Fragments[0] != got[0] {
		t.Errorf("labelled %v, want the exact selection %v", s, got[0])
	}
}

// The first window fits a 1280×800 screen with its title bar and a panel
// (issue 12.9), and what it holds fits in it, so the status bar shows.
func TestDefaultWindowFitsA1280x800Screen(t *testing.T) {
	w := openWindow(t, test.NewTempApp(t), newFakeStore(testDocs()...), Options{})
	open(t, w, docKakar)
	size := w.win.Canvas().Size()
	if size.Width > 1280 || size.Height > 800-80 {
		t.Errorf("the window is %v, more than a 1280×800 screen leaves", size)
	}
	if min := w.win.Content().MinSize(); min.Width > size.Width || min.Height > size.Height {
		t.Errorf("the window's content needs %v, more than its %v: the status bar is cut off", min, size)
	}
}

// The document list says whose spans its counts are (issue 12.9): the
// user's layer, while `skein list` counts every layer.
func TestDocListSaysWhoseSpansItCounts(t *testing.T) {
	w := openWindow(t, test.NewTempApp(t), newFakeStore(testDocs()...), Options{})
	if got := w.docList.CountText(); got != "3 articles  ·  counts: your spans" {
		t.Errorf("the list's caption says %q, want the articles and whose spans are counted", got)
	}
}
