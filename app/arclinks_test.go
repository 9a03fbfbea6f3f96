package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/arcs"
)

// linkInWindow labels two spans of Kakar and links the first to the second
// with L, as a user does, and returns the link.
func linkInWindow(t *testing.T, w *Window, st *fakeStore, label string) (*annotate.Thread, *annotate.Span, *annotate.Span) {
	t.Helper()
	return linkWords(t, w, st, docKakar, "linked the surge", docKakar, "the TTP", label)
}

// linkWords labels fromWords in from and toWords in to as claims and links
// the first to the second with L and label, as a user does.
func linkWords(t *testing.T, w *Window, st *fakeStore, from *annotate.Document, fromWords string, to *annotate.Document, toWords, label string) (*annotate.Thread, *annotate.Span, *annotate.Span) {
	t.Helper()
	open(t, w, from)
	a := addSpan(t, w, fyne.Key1, frag(t, from, fromWords))
	pickSpan(t, w, a.ID)
	open(t, w, to)
	b := addSpan(t, w, fyne.Key1, frag(t, to, toWords))
	pickSpan(t, w, b.ID)
	w.focusView()
	press(w, fyne.KeyL)
	settle(w)
	f := w.win.Canvas().Focused()
	test.Type(f, label)
	f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	settle(w)
	threads, _ := st.ThreadsOfSpan(b.ID)
	if len(threads) != 1 {
		t.Fatalf("got %d threads of the span, want the link", len(threads))
	}
	return threads[0], a, b
}

// clickArc opens a window on a new store, links two spans of Kakar with
// label, and clicks the link's arc.
func clickArc(t *testing.T, label string) (*Window, *fakeStore, *annotate.Thread, string) {
	t.Helper()
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	w.win.Resize(fyne.NewSize(1200, 800))
	link, _, _ := linkInWindow(t, w, st, label)
	drawArcs(t, w)
	key := arcs.KeyOf(link.ID, 1)
	p, ok := w.view.ArcPoint(key)
	if !ok {
		t.Fatal("no arc drawn for the link just made")
	}
	test.TapAt(w.view, p)
	if got := w.view.SelectedArc(); got != key {
		t.Fatalf("a click on the arc selected %q, want the link %q", got, key)
	}
	return w, st, link, key
}

// drawArcs refreshes the article so its arcs are placed, as a frame does.
func drawArcs(t *testing.T, w *Window) {
	t.Helper()
	test.TempWidgetRenderer(t, w.view).Refresh()
}

func TestArcSelectDeleteUndo(t *testing.T) {
	w, st, _, key := clickArc(t, "targets")
	if s := w.status.Text; !strings.Contains(s, "targets") || !strings.Contains(s, "Delete removes it") {
		t.Errorf("the status bar says %q, want the link and what the keys do", s)
	}

	press(w, fyne.KeyDelete)
	settle(w)
	if n := st.threadCount(); n != 0 {
		t.Fatalf("after Delete got %d threads, want the link gone", n)
	}
	drawArcs(t, w)
	if _, ok := w.view.ArcPoint(key); ok {
		t.Error("the arc is still drawn after Delete")
	}
	if len(w.spanList.All()) != 2 {
		t.Errorf("got %d spans after deleting the link, want both kept", len(w.spanList.All()))
	}

	menuItem(t, w, "Edit", "Undo").Action()
	settle(w)
	if n := st.threadCount(); n != 1 {
		t.Fatalf("after undo got %d threads, want the link back", n)
	}
	drawArcs(t, w)
	if _, ok := w.view.ArcPoint(key); !ok {
		t.Error("undo brought the link back but not its arc")
	}
}

func TestArcRelabelByKey(t *testing.T) {
	w, st, link, key := clickArc(t, "targets")

	press(w, fyne.Key3) // the third link label: contradicts
	settle(w)
	th, err := st.Thread(link.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := th.Members[1].Link; got != annotate.DefaultLinkLabels[2] {
		t.Fatalf("after 3 the link is labelled %q, want %q", got, annotate.DefaultLinkLabels[2])
	}
	if w.view.SelectedArc() != key {
		t.Errorf("the relabelled link is no longer selected: %q", w.view.SelectedArc())
	}
	if n := len(w.spanList.All()); n != 2 {
		t.Errorf("the key labelled a span too: %d spans, want 2", n)
	}
	menuItem(t, w, "Edit", "Undo").Action()
	settle(w)
	th, _ = st.Thread(link.ID)
	if got := th.Members[1].Link; got != "targets" {
		t.Errorf("after undo the link is labelled %q, want “targets” again", got)
	}
}

func TestArcsMenuToggle(t *testing.T) {
	st := newFakeStore(testDocs()...)
	a := test.NewTempApp(t)
	w := openWindow(t, a, st, Options{})
	w.win.Resize(fyne.NewSize(1200, 800))
	link, _, _ := linkInWindow(t, w, st, "targets")
	item := menuItem(t, w, "View", "Arcs")
	if !item.Checked || !w.view.ArcsShown() {
		t.Fatal("arcs are not on by default")
	}
	item.Action()
	drawArcs(t, w)
	if item.Checked || w.view.ArcsShown() {
		t.Error("View ▸ Arcs did not turn them off")
	}
	if _, ok := w.view.ArcPoint(arcs.KeyOf(link.ID, 1)); ok {
		t.Error("an arc is drawn with arcs off")
	}
	if a.Preferences().BoolWithFallback(prefArcs, true) {
		t.Error("arcs off is not remembered")
	}
}

func TestMarkerOpensOtherArticle(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	w.win.Resize(fyne.NewSize(1200, 800))
	_, from, to := linkWords(t, w, st, docKakar, "linked the surge", docTaliban, "denied any responsibility", "")
	drawArcs(t, w)
	mk, ok := w.view.MarkerPoint(to.ID)
	if !ok {
		t.Fatal("no margin marker beside the span linked to Kakar")
	}
	test.TapAt(w.view, mk)
	settle(w)
	if w.doc == nil || w.doc.ID != docKakar.ID {
		t.Fatalf("the marker opened %v, want Kakar", w.doc)
	}
	if got := w.view.SelectedSpan(); got != from.ID {
		t.Errorf("got span %q selected, want the link's other end %q", got, from.ID)
	}
}

// TestArcsInFirstFrame: an article with a link opens with its arc already
// drawn, so the room the arc's line makes does not shift the text down a
// moment later when the threads' own read comes back.
func TestArcsInFirstFrame(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	w.win.Resize(fyne.NewSize(1200, 800))
	link, from, _ := linkInWindow(t, w, st, "targets")
	key := arcs.KeyOf(link.ID, 1)
	open(t, w, docTaliban)

	w.OpenDocument(docKakar.ID) // no settle: what the first frame shows
	if w.doc == nil || w.doc.ID != docKakar.ID {
		t.Fatalf("the window shows %v, want Kakar's article at once", w.doc)
	}
	// The span list names the other end at once too, not “” until then.
	if got := w.th.SpanLinks(from.ID); !strings.Contains(got, "“the TTP”") {
		t.Errorf("the first frame's span row says %q of its link, want “PM Kakar” ▸ targets ▸ “the TTP”", got)
	}
	drawArcs(t, w)
	first, ok := w.view.ArcPoint(key)
	if !ok {
		t.Fatal("the first frame of the article draws no arc for its link")
	}
	settle(w)
	drawArcs(t, w)
	if now, ok := w.view.ArcPoint(key); !ok || now != first {
		t.Errorf("after the threads were read the arc is at %v (%v), want it where the first frame drew it, %v", now, ok, first)
	}
}
