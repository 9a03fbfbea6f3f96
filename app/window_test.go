package app

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/doclist"
	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/app/frame/frametest"
	"github.com/skein-news/skein/app/spanlist"
	"github.com/skein-news/skein/app/transfer"
	"github.com/skein-news/skein/seeds"
	"github.com/skein-news/skein/store"
)

// Three short articles whose words tests select by offset.
var (
	docKakar   = newDoc("Kakar links attacks to expulsions", "2023-11-10", "PM Kakar linked the surge in attacks to the TTP. Officials counted 60% more incidents.")
	docTaliban = newDoc("Taliban deny responsibility", "2023-12-01", "The Taliban denied any responsibility and urged Pakistan to look inward, Kakar said.")
	docBorder  = newDoc("Border talks stall", "2024-01-15", "Talks on the border stalled again as refugees waited in camps near Torkham.")
)

func testDocs() []*annotate.Document {
	return []*annotate.Document{docKakar, docTaliban, docBorder}
}

// frag returns the fragment of the first occurrence of word in d's text, in
// code points.
func frag(t testing.TB, d *annotate.Document, word string) annotate.Fragment {
	t.Helper()
	i := strings.Index(d.Text, word)
	if i < 0 {
		t.Fatalf("%q not in %s", word, d.Title)
	}
	start := annotate.CodePointLen(d.Text[:i])
	return annotate.Fragment{Start: start, End: start + annotate.CodePointLen(word)}
}

// realStore is a store on disk holding testDocs, closed when the test ends.
func realStore(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.WriteBatch(context.Background(), &store.Batch{Docs: testDocs()}); err != nil {
		t.Fatal(err)
	}
	return st
}

// openWindow builds a window on st, for user alice unless opt says
// otherwise, and waits until the first article is open.
func openWindow(t testing.TB, a fyne.App, st Store, opt Options) *Window {
	t.Helper()
	renderClockNow()
	opt.Store = st
	if opt.User == "" && !opt.AskUser {
		opt.User = "alice"
	}
	w, err := NewWindow(a, opt)
	if err != nil {
		t.Fatalf("NewWindow: %v", err)
	}
	t.Cleanup(w.shutdown)
	settle(w)
	return w
}

// renderClockNow brings the clock of Fyne's renderer cache to now, before
// a window is built. The cache marks each renderer alive until its clock
// plus a minute, and only a Capture moves that clock in the test driver (a
// real window moves it every frame). In this package no test before
// TestRender captures: under -race at load 10 the tests before it took
// more than a minute, so the window's renderers were all born expired, and
// its first Capture (a clean is due 10 s after the last) destroyed them
// all and drew renderers made anew and never laid out — the window with
// its backgrounds, icons and span rows' texts missing, past any wait.
func renderClockNow() { test.NewCanvas().Capture() }

// uiQueue holds what background work hands to the UI goroutine, until the
// test drains it on its own goroutine: the test driver's fyne.Do would run
// it on the background goroutine, racing the test.
var uiQueue struct {
	sync.Mutex
	fns []func()
}

func TestMain(m *testing.M) {
	uiDo = func(f func()) {
		uiQueue.Lock()
		uiQueue.fns = append(uiQueue.fns, f)
		uiQueue.Unlock()
	}
	os.Exit(m.Run())
}

// settle waits for the work the window runs off the UI goroutine and runs
// what it handed back, until nothing is left.
func settle(w *Window) {
	for {
		w.bg.Wait()
		if !runUIQueue() {
			return
		}
	}
}

// runUIQueue runs what background work has handed to the UI goroutine so
// far, and tells whether there was any.
func runUIQueue() bool {
	uiQueue.Lock()
	fns := uiQueue.fns
	uiQueue.fns = nil
	uiQueue.Unlock()
	for _, f := range fns {
		f()
	}
	return len(fns) > 0
}

// open opens a document and waits until it is shown.
func open(t testing.TB, w *Window, d *annotate.Document) {
	t.Helper()
	w.OpenDocument(d.ID)
	settle(w)
	if w.doc == nil || w.doc.ID != d.ID {
		t.Fatalf("open %s: the window shows %v", d.Title, w.doc)
	}
}

// press sends a key to the focused widget, or to the window when nothing
// has the focus, as the desktop driver does.
func press(w *Window, k fyne.KeyName) {
	c := w.win.Canvas()
	ev := &fyne.KeyEvent{Name: k}
	if f := c.Focused(); f != nil {
		if kf, ok := f.(desktop.Keyable); ok {
			kf.KeyDown(ev) // before TypedKey, as the desktop driver
		}
		f.TypedKey(ev)
	} else if h := c.OnTypedKey(); h != nil {
		frame.KeyDown(c, ev) // the canvas's KeyDown with a dialog up
		h(ev)
	}
}

// selectWords selects text in the article as a drag would.
func selectWords(t testing.TB, w *Window, frags ...annotate.Fragment) {
	t.Helper()
	w.view.SetSelection(frags)
	if got := w.view.Selection(); len(got) == 0 {
		t.Fatalf("selection of %v did not take", frags)
	}
}

func spansOf(t testing.TB, st Store, d *annotate.Document, user string) []*annotate.Span {
	t.Helper()
	spans, err := st.LayerSpans(d.ID, user)
	if err != nil {
		t.Fatalf("LayerSpans: %v", err)
	}
	return spans
}

// menuItem finds a main-menu item by the start of its label; "Team ▸
// Assign" finds Assign… in the Team item's submenu.
func menuItem(t testing.TB, w *Window, menu, label string) *fyne.MenuItem {
	t.Helper()
	path := strings.Split(label, " ▸ ")
	for _, m := range w.win.MainMenu().Items {
		if m.Label != menu {
			continue
		}
		items := m.Items
	next:
		for i, step := range path {
			for _, it := range items {
				if !strings.HasPrefix(it.Label, step) {
					continue
				}
				if i == len(path)-1 {
					return it
				}
				if it.ChildMenu != nil {
					items = it.ChildMenu.Items
					continue next
				}
			}
			break
		}
	}
	t.Fatalf("no menu item %s ▸ %s…", menu, label)
	return nil
}

// objects returns the visible objects of type T in the window, as they
// are laid out now (test.LaidOutObjects would lay them out again).
func objects[T fyne.CanvasObject](w *Window) []T { return objectsIn[T](w.win.Content()) }

// objectsIn returns the visible objects of type T under root, in tree order.
func objectsIn[T fyne.CanvasObject](root fyne.CanvasObject) []T {
	var out []T
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		if x, ok := frametest.As[T](o); ok {
			out = append(out, x)
		}
		switch x := o.(type) {
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	walk(root)
	return out
}

// topDialog is the dialog or pop-up on top of the window.
func topDialog(t testing.TB, w *Window) fyne.CanvasObject {
	t.Helper()
	top := w.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog open")
	}
	return top
}

func TestKeyCreatesSpan(t *testing.T) {
	for _, tc := range []struct {
		key   fyne.KeyName
		label string
	}{
		{fyne.Key1, annotate.Claim},
		{fyne.Key2, annotate.Actor},
		{fyne.Key3, annotate.Figure},
		{fyne.Key4, annotate.Accusation},
	} {
		t.Run(tc.label, func(t *testing.T) {
			st := newFakeStore(testDocs()...)
			w := openWindow(t, test.NewTempApp(t), st, Options{})
			open(t, w, docKakar)
			want := frag(t, docKakar, "linked the surge")
			selectWords(t, w, want)
			press(w, tc.key)

			spans := spansOf(t, st, docKakar, "alice")
			if len(spans) != 1 {
				t.Fatalf("got %d spans in the store, want 1", len(spans))
			}
			s := spans[0]
			if s.Label != tc.label || len(s.Fragments) != 1 || s.Fragments[0] != want || s.Annotator != "alice" {
				t.Errorf("got %s %v by %s, want %s %v by alice", s.Label, s.Fragments, s.Annotator, tc.label, want)
			}
			if len(w.spanList.All()) != 1 || w.spanList.All()[0].ID != s.ID || w.spanList.Rows().Length() != 1 {
				t.Errorf("got %d spans on screen, %d rows, want the stored one", len(w.spanList.All()), w.spanList.Rows().Length())
			}
			if got := w.view.Selection(); len(got) != 0 {
				t.Errorf("got selection %v after labelling, want none", got)
			}
			if got := menuItem(t, w, "Edit", "Undo").Label; got != "Undo add "+tc.label {
				t.Errorf("got menu item %q, want %q", got, "Undo add "+tc.label)
			}
			settle(w) // the row's counts are read again off the UI goroutine
			if got := w.docList.State(docKakar.ID).Counts[tc.label]; got != 1 {
				t.Errorf("got %d %s in the document row, want 1", got, tc.label)
			}
		})
	}
}

func TestKeyWithoutSelectionDoesNothing(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	press(w, fyne.Key1)
	if st.applied != 0 {
		t.Errorf("got %d changes, want none", st.applied)
	}
	if !strings.Contains(w.status.Text, "Select some words") {
		t.Errorf("got status %q, want a hint to select words", w.status.Text)
	}
}

func TestLabelBarCreatesSpan(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	open(t, w, docTaliban)
	selectWords(t, w, frag(t, docTaliban, "Taliban"))
	var actor *labelButton
	for _, b := range objects[*labelButton](w) {
		if b.name == annotate.Actor {
			actor = b
		}
	}
	if actor == nil {
		t.Fatal("no actor button in the label bar")
	}
	test.Tap(actor)
	spans := spansOf(t, st, docTaliban, "alice")
	if len(spans) != 1 || spans[0].Label != annotate.Actor {
		t.Fatalf("got %v, want one actor span", spans)
	}
}

// addSpan makes a span through the window as a researcher does.
func addSpan(t testing.TB, w *Window, key fyne.KeyName, f annotate.Fragment) *annotate.Span {
	t.Helper()
	selectWords(t, w, f)
	press(w, key)
	for _, s := range w.spanList.All() {
		if s.Start() == f.Start && s.End() == f.End {
			return s
		}
	}
	t.Fatalf("no span at %v after pressing %s", f, key)
	return nil
}

func TestRelabelAndDelete(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	open(t, w, docKakar)
	s := addSpan(t, w, fyne.Key1, frag(t, docKakar, "Kakar"))

	w.view.SelectSpan(s.ID)
	press(w, fyne.Key2)
	spans := spansOf(t, st, docKakar, "alice")
	if len(spans) != 1 || spans[0].Label != annotate.Actor || spans[0].ID != s.ID {
		t.Fatalf("after relabel got %v, want span %s as actor", spans, s.ID)
	}
	if got := menuItem(t, w, "Edit", "Undo").Label; got != "Undo relabel as actor" {
		t.Errorf("got %q, want Undo relabel as actor", got)
	}

	w.view.SelectSpan(s.ID)
	press(w, fyne.KeyDelete)
	if spans := spansOf(t, st, docKakar, "alice"); len(spans) != 0 {
		t.Fatalf("after delete got %d spans, want 0", len(spans))
	}
	if len(w.spanList.All()) != 0 || w.spanList.Rows().Length() != 0 {
		t.Errorf("got %d spans on screen after delete, want 0", len(w.spanList.All()))
	}
}

func TestDeleteTakesSpanOutOfLinks(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	open(t, w, docKakar)
	a := addSpan(t, w, fyne.Key2, frag(t, docKakar, "Kakar"))
	b := addSpan(t, w, fyne.Key2, frag(t, docKakar, "TTP"))
	link := &annotate.Thread{ID: annotate.NewID(), Annotator: "alice", Members: []annotate.Member{
		{Doc: docKakar.ID, Span: a.ID}, {Doc: docKakar.ID, Span: b.ID, Link: "targets"},
	}}
	if err := st.Apply(context.Background(), annotate.PutThread("alice", "link", nil, link)); err != nil {
		t.Fatal(err)
	}
	w.view.SelectSpan(a.ID)
	press(w, fyne.KeyDelete)
	if n := st.threadCount(); n != 0 {
		t.Errorf("got %d threads after deleting a linked span, want 0", n)
	}
	// Undo brings back the span and the link in one step.
	w.undo()
	if n := st.threadCount(); n != 1 || len(spansOf(t, st, docKakar, "alice")) != 2 {
		t.Errorf("after undo got %d threads and %d spans, want 1 and 2", n, len(spansOf(t, st, docKakar, "alice")))
	}
}

func TestEscapeClearsSelection(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	open(t, w, docKakar)
	selectWords(t, w, frag(t, docKakar, "Kakar"))
	press(w, fyne.KeyEscape)
	if got := w.view.Selection(); len(got) != 0 {
		t.Errorf("got selection %v after Esc, want none", got)
	}
	press(w, fyne.Key1)
	if st.applied != 0 {
		t.Errorf("got %d changes after Esc then 1, want none", st.applied)
	}
}

func TestOtherSpansAreReadOnly(t *testing.T) {
	st := newFakeStore(testDocs()...)
	bob := &annotate.Span{ID: annotate.NewID(), Doc: docKakar.ID, Fragments: []annotate.Fragment{frag(t, docKakar, "TTP")}, Label: annotate.Actor, Annotator: "bob"}
	if err := st.Apply(context.Background(), annotate.AddSpan("bob", bob)); err != nil {
		t.Fatal(err)
	}
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	open(t, w, docKakar)
	if len(w.spanList.All()) != 0 {
		t.Fatalf("got %d spans before showing bob's layer, want 0", len(w.spanList.All()))
	}
	w.ShowLayers("bob")
	if len(w.spanList.All()) != 1 || w.spanList.All()[0].ID != bob.ID {
		t.Fatalf("got %v with bob's layer shown, want bob's span", w.spanList.All())
	}
	w.view.SelectSpan(bob.ID)
	press(w, fyne.KeyDelete)
	press(w, fyne.Key1)
	if got := spansOf(t, st, docKakar, "bob"); len(got) != 1 || got[0].Label != annotate.Actor {
		t.Errorf("alice changed bob's span: got %v", got)
	}
}

func TestSpanListClickSelects(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	open(t, w, docBorder)
	first := addSpan(t, w, fyne.Key1, frag(t, docBorder, "Talks on the border stalled"))
	second := addSpan(t, w, fyne.Key2, frag(t, docBorder, "refugees"))
	w.view.ClearSelection()

	for _, want := range []*annotate.Span{second, first} {
		var row *spanlist.RowView
		for _, it := range objects[*spanlist.RowView](w) {
			if it.ID() == want.ID {
				row = it
			}
		}
		if row == nil {
			t.Fatalf("no row for span %s", want.ID)
		}
		pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(row)
		test.TapCanvas(w.win.Canvas(), pos.Add(fyne.NewPos(30, row.Size().Height/2)))
		if got := w.view.SelectedSpan(); got != want.ID {
			t.Errorf("clicking the %s row selected %q, want %q", want.Label, got, want.ID)
		}
	}
}

func TestUndoRedoAcrossDocuments(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	open(t, w, docKakar)
	s := addSpan(t, w, fyne.Key1, frag(t, docKakar, "linked the surge"))
	open(t, w, docBorder)

	menuItem(t, w, "Edit", "Undo").Action()
	settle(w)
	if w.doc.ID != docKakar.ID {
		t.Errorf("after undo the window shows %s, want %s", w.doc.Title, docKakar.Title)
	}
	if n := len(spansOf(t, st, docKakar, "alice")); n != 0 || len(w.spanList.All()) != 0 {
		t.Errorf("after undo got %d stored and %d shown spans, want 0", n, len(w.spanList.All()))
	}
	if got := menuItem(t, w, "Edit", "Redo").Label; got != "Redo add claim" {
		t.Errorf("got %q, want Redo add claim", got)
	}

	open(t, w, docTaliban)
	menuItem(t, w, "Edit", "Redo").Action()
	settle(w)
	if w.doc.ID != docKakar.ID {
		t.Errorf("after redo the window shows %s, want %s", w.doc.Title, docKakar.Title)
	}
	if len(w.spanList.All()) != 1 || w.spanList.All()[0].ID != s.ID {
		t.Errorf("after redo got %v on screen, want span %s", w.spanList.All(), s.ID)
	}
}

func TestUndoSurvivesReopening(t *testing.T) {
	st := newFakeStore(testDocs()...)
	a := test.NewTempApp(t)
	w := openWindow(t, a, st, Options{})
	open(t, w, docKakar)
	addSpan(t, w, fyne.Key3, frag(t, docKakar, "60%"))
	w.win.Close()
	w.shutdown()

	w2 := openWindow(t, a, st, Options{})
	if w2.doc == nil || w2.doc.ID != docKakar.ID {
		t.Fatalf("the new window opened %v, want the last article", w2.doc)
	}
	undo := menuItem(t, w2, "Edit", "Undo")
	if undo.Label != "Undo add figure" || undo.Disabled {
		t.Fatalf("got %q (disabled %v), want Undo add figure", undo.Label, undo.Disabled)
	}
	undo.Action()
	settle(w2)
	if n := len(spansOf(t, st, docKakar, "alice")); n != 0 {
		t.Errorf("got %d spans after undo in a new window, want 0", n)
	}
}

func TestDoneMark(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	open(t, w, docTaliban)

	var row *doclist.RowView
	for _, it := range objects[*doclist.RowView](w) {
		if it.ID() == docTaliban.ID {
			row = it
		}
	}
	if row == nil {
		t.Fatal("no row for the open article")
	}
	check := objectsIn[*doclist.DoneMark](row)[0] // the row's done mark
	done := func() bool {
		m, err := st.Mark(docTaliban.ID, "alice")
		if errors.Is(err, store.ErrNotFound) {
			return false
		}
		if err != nil {
			t.Fatal(err)
		}
		return m.Done
	}

	test.Tap(check)
	settle(w)
	if !done() || !check.Checked {
		t.Fatalf("after ticking: stored %v, row %v; want both done", done(), check.Checked)
	}
	if got := menuItem(t, w, "Edit", "Undo").Label; got != "Undo mark done" {
		t.Errorf("got %q, want Undo mark done", got)
	}
	w.undo()
	settle(w)
	if done() || check.Checked {
		t.Errorf("after undo: stored %v, row %v; want both not done", done(), check.Checked)
	}
	w.redo()
	settle(w)
	if !done() || !check.Checked {
		t.Errorf("after redo: stored %v, row %v; want both done", done(), check.Checked)
	}
	menuItem(t, w, "Edit", "Mark article done").Action()
	settle(w)
	if done() || check.Checked {
		t.Errorf("after the menu item: stored %v, row %v; want both not done", done(), check.Checked)
	}
}

func TestFilter(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	for _, tc := range []struct {
		name, query string
		want        []*annotate.Document
	}{
		{"title", "taliban deny", []*annotate.Document{docTaliban}},
		{"title or text", "kakar", []*annotate.Document{docKakar, docTaliban}},
		{"text only", "torkham", []*annotate.Document{docBorder}},
		{"case folded text", "OFFICIALS COUNTED", []*annotate.Document{docKakar}},
		{"both ways", "t", []*annotate.Document{docKakar, docTaliban, docBorder}},
		{"nothing", "kabul", nil},
		{"cleared", "", []*annotate.Document{docKakar, docTaliban, docBorder}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w.docList.Filter().SetText("")
			test.Type(w.docList.Filter(), tc.query)
			settle(w)
			var got, want []string
			for _, d := range w.docList.Shown() {
				got = append(got, d.Title)
			}
			for _, d := range tc.want {
				want = append(want, d.Title)
			}
			if strings.Join(got, "|") != strings.Join(want, "|") || w.docList.Rows().Length() != len(want) {
				t.Errorf("filter %q: got %q (%d rows), want %q", tc.query, got, w.docList.Rows().Length(), want)
			}
		})
	}
}

func TestFilterSelectsOpenArticle(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	open(t, w, docBorder)
	test.Type(w.docList.Filter(), "refugees")
	settle(w)
	if len(w.docList.Shown()) != 1 {
		t.Fatalf("got %d rows, want 1", len(w.docList.Shown()))
	}
	// Clicking the only row keeps the article; clearing the filter keeps
	// the open article's row selected.
	w.docList.Filter().SetText("")
	settle(w)
	if i, ok := w.docList.RowOf(docBorder.ID); !ok || w.docList.Rows().Length() != 3 {
		t.Fatalf("got rows %v, want all three", w.docList.Shown())
	} else {
		w.docList.Rows().Select(i)
	}
	if w.doc.ID != docBorder.ID {
		t.Errorf("got %s open, want %s", w.doc.Title, docBorder.Title)
	}
}

func TestDocumentListOpensArticle(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	i, _ := w.docList.RowOf(docTaliban.ID)
	w.docList.Rows().Select(i)
	settle(w)
	if w.doc == nil || w.doc.ID != docTaliban.ID {
		t.Fatalf("got %v, want %s", w.doc, docTaliban.Title)
	}
	if got, want := w.win.Title(), "skein — "+docTaliban.Title; got != want {
		t.Errorf("got title %q, want %q", got, want)
	}
}

func TestNamePrompt(t *testing.T) {
	for _, tc := range []struct {
		name    string
		opt     Options
		pref    string // remembered before the start
		stored  string // the store's name (MetaUser) before the start
		ask     bool
		answer  string
		wantWho string
	}{
		{name: "first start asks", opt: Options{AskUser: true}, ask: true, answer: "carol", wantWho: "carol"},
		{name: "remembered name", opt: Options{AskUser: true}, pref: "dana", wantWho: "dana"},
		{name: "-user never asks", opt: Options{User: "bob"}, wantWho: "bob"},
		{name: "-user beats the remembered name", opt: Options{User: "bob"}, pref: "dana", wantWho: "bob"},
		// skein -user erin team FOLDER, then the window from the menu.
		{name: "the store's name", opt: Options{AskUser: true}, stored: "erin", wantWho: "erin"},
		{name: "the store's name beats the app's", opt: Options{AskUser: true}, pref: "dana", stored: "erin", wantWho: "erin"},
		{name: "-user beats the store's name", opt: Options{User: "bob"}, stored: "erin", wantWho: "bob"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := test.NewTempApp(t)
			if tc.pref != "" {
				a.Preferences().SetString(prefUser, tc.pref)
			}
			st := newFakeStore(testDocs()...)
			if tc.stored != "" {
				if err := st.SetMeta(MetaUser, tc.stored); err != nil {
					t.Fatal(err)
				}
			}
			w := openWindow(t, a, st, tc.opt)
			asked := w.nameForm != nil && w.win.Canvas().Overlays().Top() != nil
			if asked != tc.ask {
				t.Fatalf("asked %v, want %v", asked, tc.ask)
			}
			if asked {
				if got := w.nameForm.entry.Text; got != osUser() {
					t.Errorf("got %q filled in, want the OS user %q", got, osUser())
				}
				w.nameForm.entry.SetText(tc.answer)
				w.nameForm.form.Submit()
			}
			if w.User() != tc.wantWho {
				t.Errorf("got user %q, want %q", w.User(), tc.wantWho)
			}
			// The next start does not ask, and is the same person.
			w2 := openWindow(t, a, st, Options{AskUser: tc.opt.AskUser, User: tc.opt.User})
			if w2.nameForm != nil {
				t.Errorf("asked again on the next start")
			}
			if w2.User() != tc.wantWho {
				t.Errorf("next start: got user %q, want %q", w2.User(), tc.wantWho)
			}
		})
	}
}

func TestNamePromptLayer(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{AskUser: true})
	open(t, w, docKakar)
	w.nameForm.entry.SetText("erin")
	w.nameForm.form.Submit()
	addSpan(t, w, fyne.Key1, frag(t, docKakar, "Kakar"))
	if n := len(spansOf(t, st, docKakar, "erin")); n != 1 {
		t.Errorf("got %d spans in erin's layer, want 1", n)
	}
}

func TestImportAndExport(t *testing.T) {
	st := newFakeStore(docKakar)
	extra := newDoc("Refugees return", "2024-03-02", "Thousands of refugees returned through Chaman.")
	var imported []string
	exportedLayer := "unset"
	opt := Options{
		Import: func(ctx context.Context, paths []string, _ transfer.ImportOptions) (string, error) {
			imported = append(imported, paths...)
			st.put(extra)
			// A bundle brings a span for the open article, as a batch
			// write does: no undo history.
			st.mu.Lock()
			st.spans["imported"] = &annotate.Span{ID: "imported", Doc: docKakar.ID, Label: annotate.Claim,
				Annotator: "alice", Fragments: []annotate.Fragment{{Start: 0, End: 2}}}
			st.mu.Unlock()
			return "1 article added", nil
		},
		Export: func(ctx context.Context, out io.Writer, eo transfer.ExportOptions) ([]string, error) {
			exportedLayer = strings.Join(eo.Annotators, ",")
			if eo.Format == "brat" {
				return nil, errors.New("brat wants a folder: " + eo.Dir)
			}
			_, err := io.WriteString(out, eo.Format+" export")
			return []string{"doc 1: a discontinuous span"}, err
		},
		Formats: []string{"skein", "brat", "conll"},
	}
	w := openWindow(t, test.NewTempApp(t), st, opt)
	w.importURIs([]fyne.URI{uriOf(t, "/tmp/a.txt"), uriOf(t, "/tmp/b")})
	settle(w)
	if strings.Join(imported, ",") != "/tmp/a.txt,/tmp/b" {
		t.Errorf("imported %v, want the dropped paths", imported)
	}
	if len(w.docList.Docs()) != 2 || w.docList.Rows().Length() != 2 {
		t.Errorf("got %d documents listed after import, want 2", len(w.docList.Docs()))
	}
	if len(w.spanList.All()) != 1 || w.spanList.All()[0].ID != "imported" {
		t.Errorf("got %v on screen after import, want the imported span", w.spanList.All())
	}
	if top := w.win.Canvas().Overlays().Top(); top == nil {
		t.Error("no report after the import")
	} else {
		w.win.Canvas().Overlays().Remove(top)
	}

	out := filepath.Join(t.TempDir(), "out.conll")
	w.runExport(transfer.ExportOptions{Format: "conll", Annotators: []string{annotate.CuratedLayer}}, out)
	settle(w)
	data, _ := os.ReadFile(out)
	if exportedLayer != annotate.CuratedLayer {
		t.Errorf("exported layer %q, want the curated one chosen in the dialog", exportedLayer)
	}
	if string(data) != "conll export" {
		t.Errorf("export wrote %q, want %q", data, "conll export")
	}
	if !strings.Contains(w.status.Text, "to "+out+", with 1 note on what the format cannot hold") {
		t.Errorf("got status %q, want the count of what was left out", w.status.Text)
	}

	menuItem(t, w, "File", "Export").Action()
	if w.win.Canvas().Overlays().Top() == nil {
		t.Error("Export… showed no dialog")
	}
}

func uriOf(t testing.TB, path string) fyne.URI {
	t.Helper()
	return storage.NewFileURI(path)
}

func TestEmptyCorpus(t *testing.T) {
	w := openWindow(t, test.NewTempApp(t), newFakeStore(), Options{})
	if w.doc != nil || w.article.Visible() || !w.empty.Visible() {
		t.Errorf("an empty corpus should show the import hint")
	}
	press(w, fyne.Key1) // no article: nothing to do, nothing to crash
	if got := w.win.Title(); got != "skein" {
		t.Errorf("got title %q, want skein", got)
	}
}

func TestTextSizeAndTheme(t *testing.T) {
	a := test.NewTempApp(t)
	w := openWindow(t, a, newFakeStore(testDocs()...), Options{})
	menuItem(t, w, "View", "Larger text").Action()
	menuItem(t, w, "View", "Larger text").Action()
	if got := a.Preferences().Float(prefTextSize); got != defaultTextSize+2 {
		t.Errorf("got text size %v, want %v", got, defaultTextSize+2)
	}
	menuItem(t, w, "View", "Theme ▸ Dark theme").Action()
	if got := a.Settings().Theme().Color("background", 0); got != (&skeinTheme{mode: themeDark}).Color("background", 0) {
		t.Errorf("dark theme not applied: background %v", got)
	}
	if !menuItem(t, w, "View", "Theme ▸ Dark theme").Checked || menuItem(t, w, "View", "Theme ▸ Light theme").Checked {
		t.Error("the View menu does not tick the dark theme")
	}
	if got := a.Preferences().String(prefTheme); got != themeDark {
		t.Errorf("remembered theme %q, want dark", got)
	}
}

// tapButton taps the button labelled text in the top dialog (the last
// one, where several have that text).
func tapButton(t testing.TB, w *Window, text string) {
	t.Helper()
	var found *widget.Button
	for _, b := range objectsIn[*widget.Button](topDialog(t, w)) {
		if b.Text == text {
			found = b
		}
	}
	if found == nil {
		t.Fatalf("no button %q in the dialog", text)
	}
	test.Tap(found)
}

func TestUndoConflictOffersToDrop(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	open(t, w, docKakar)
	s := addSpan(t, w, fyne.Key1, frag(t, docKakar, "Kakar"))
	// Something else — an import, another window — changes the span.
	st.mu.Lock()
	st.spans[s.ID].Label = annotate.Actor
	st.mu.Unlock()

	w.undo()
	if n := len(spansOf(t, st, docKakar, "alice")); n != 1 {
		t.Fatalf("a refused undo changed the store: %d spans, want 1", n)
	}
	tapButton(t, w, "Yes")
	if desc, ok := st.UndoTop("alice"); ok {
		t.Errorf("got %q still on the undo stack, want it dropped", desc)
	}
	if got := menuItem(t, w, "Edit", "Undo"); got.Label != "Undo" || !got.Disabled {
		t.Errorf("got %q (disabled %v), want a disabled Undo", got.Label, got.Disabled)
	}
	if len(w.spanList.All()) != 1 || w.spanList.All()[0].Label != annotate.Actor {
		t.Errorf("the window shows %v, want the stored actor span", w.spanList.All())
	}
}

func TestUndoSurvivesRestartOfRealStore(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range testDocs() {
		if _, err := st.PutDocument(context.Background(), d); err != nil {
			t.Fatal(err)
		}
	}
	a := test.NewTempApp(t)
	w := openWindow(t, a, st, Options{})
	open(t, w, docTaliban)
	want := frag(t, docTaliban, "urged Pakistan to look inward")
	addSpan(t, w, fyne.Key4, want)
	open(t, w, docBorder)
	w.win.Close()
	w.shutdown()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	st, err = store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	w = openWindow(t, a, st, Options{})
	if w.doc == nil || w.doc.ID != docBorder.ID {
		t.Fatalf("reopened on %v, want the article open at closing", w.doc)
	}
	if got := spansOf(t, st, docTaliban, "alice"); len(got) != 1 || got[0].Fragments[0] != want {
		t.Fatalf("after restart got %v, want the accusation at %v", got, want)
	}
	menuItem(t, w, "Edit", "Undo add accusation").Action()
	settle(w)
	if w.doc.ID != docTaliban.ID {
		t.Errorf("undo opened %s, want %s", w.doc.Title, docTaliban.Title)
	}
	if n := len(spansOf(t, st, docTaliban, "alice")); n != 0 || len(w.spanList.All()) != 0 {
		t.Errorf("after undo got %d stored, %d shown; want none", n, len(w.spanList.All()))
	}
	menuItem(t, w, "Edit", "Redo add accusation").Action()
	settle(w)
	if got := spansOf(t, st, docTaliban, "alice"); len(got) != 1 || len(w.spanList.All()) != 1 {
		t.Errorf("after redo got %d stored, %d shown; want 1", len(got), len(w.spanList.All()))
	}
}

func TestFileDialogsOpen(t *testing.T) {
	opt := Options{
		Import:  func(context.Context, []string, transfer.ImportOptions) (string, error) { return "", nil },
		Export:  func(context.Context, io.Writer, transfer.ExportOptions) ([]string, error) { return nil, nil },
		Formats: []string{"skein", "brat"},
		Team:    func(string, string) (TeamFolder, error) { return nil, nil },
	}
	for _, tc := range []struct {
		name string
		open func(w *Window)
	}{
		{"import file", func(w *Window) { menuItem(t, w, "File", "Import file").Action() }},
		// Fyne 2.8.1 panicked, taking the window down, on a file dialog
		// resized before it was shown.
		{"team folder", func(w *Window) { menuItem(t, w, "File", "Team ▸ Folder").Action() }},
		{"team folder from the Team tab", func(w *Window) { w.tm.panel.OnChooseFolder() }},
		{"import folder", func(w *Window) { menuItem(t, w, "File", "Import folder").Action() }},
		{"export file", func(w *Window) {
			menuItem(t, w, "File", "Export").Action()
			tapButton(t, w, "Choose where…")
		}},
		{"export brat folder", func(w *Window) { w.exportTo(transfer.ExportOptions{Format: "brat"}) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := openWindow(t, test.NewTempApp(t), newFakeStore(testDocs()...), opt)
			tc.open(w)
			if w.win.Canvas().Overlays().Top() == nil {
				t.Errorf("no dialog shown")
			}
		})
	}
}

// dialogText is every label's text in the top dialog, joined by newlines.
func dialogText(t testing.TB, w *Window) string {
	t.Helper()
	var b strings.Builder
	for _, l := range objectsIn[*widget.Label](topDialog(t, w)) {
		b.WriteString(l.Text + "\n")
	}
	return b.String()
}

// A folder with one good article and one file that is not UTF-8, imported
// from the File menu: nothing goes in, the dialog names the bad file and
// line and speaks of the window's button, not the command's -skip-invalid
// flag, which nobody in the window can pass; the button imports the rest.
func TestImportRefusedOffersToImportTheRest(t *testing.T) {
	st, _ := reviewStore(t)
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	dir := t.TempDir()
	if err := os.WriteFile(dir+"/kabul.txt", []byte("Kabul denies the claim.\n\nOfficials said 1,200 crossed.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir+"/latin.txt", []byte("caf\xe9 au lait\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := len(w.docList.Docs())

	w.importPaths([]string{dir})
	settle(w)
	if len(w.docList.Docs()) != before {
		t.Fatalf("a refused import listed %d articles, want %d", len(w.docList.Docs()), before)
	}
	msg := dialogText(t, w)
	if !strings.Contains(msg, "latin.txt:1: not UTF-8") || !strings.Contains(msg, "Nothing was imported: 1 problem.") {
		t.Errorf("got %q, want the file, line and problem, and that nothing was imported", msg)
	}
	if strings.Contains(msg, "-skip-invalid") {
		t.Errorf("got %q: the window has no -skip-invalid to use", msg)
	}

	tapButton(t, w, "Import the rest")
	settle(w)
	if len(w.docList.Docs()) != before+1 {
		t.Fatalf("after Import the rest: %d articles, want %d", len(w.docList.Docs()), before+1)
	}
	found := false
	for _, d := range w.docList.Docs() {
		found = found || d.Title == "Kabul denies the claim."
	}
	if !found {
		t.Error("the good article is not in the list")
	}
	if msg := dialogText(t, w); !strings.Contains(msg, "imported 1 new document") || !strings.Contains(msg, "Left out:\n  latin.txt:1: not UTF-8") {
		t.Errorf("got report %q, want what went in and what was left out", msg)
	}
}

// A report whose lines wrap in the dialog is shown whole, not cut off with
// a scroll bar, as long as it fits the window.
func TestReportShowsWrappedLinesWhole(t *testing.T) {
	w := openWindow(t, test.NewTempApp(t), newFakeStore(testDocs()...), Options{})
	text := "Nothing was imported: 2 problems. Fix them and import again, or import the rest and leave these out:\n" +
		"  blob.txt:1: binary content: control byte 0x0e at byte 1\n" +
		"  latin.txt:1: not UTF-8: invalid byte 0xe9 at byte 3 (try -encoding windows-1252 or latin1)"
	scroll := w.reportBody(text).(*container.Scroll)
	l := scroll.Content.(*frame.Text)
	l.Resize(fyne.NewSize(scroll.MinSize().Width, 1))
	if need, got := l.MinSize().Height, scroll.MinSize().Height; got < need {
		t.Errorf("the report is %v tall, its wrapped text %v: cut off", got, need)
	}
}

// A note is written through the ⋮ menu's dialog, says so, and is undone
// and redone like every other action.
func TestNoteSavedAndUndone(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	open(t, w, docKakar)
	s := addSpan(t, w, fyne.Key1, frag(t, docKakar, "linked the surge"))
	stored := func() string {
		t.Helper()
		for _, x := range spansOf(t, st, docKakar, "alice") {
			if x.ID == s.ID {
				return x.Note
			}
		}
		t.Fatalf("span %s is gone", s.ID)
		return ""
	}
	w.spanList.SetNote(s.ID, "check against the Dawn report")
	settle(w)
	if got := stored(); got != "check against the Dawn report" {
		t.Fatalf("stored note %q", got)
	}
	if !strings.HasPrefix(w.status.Text, "Note saved on claim “linked the surge”") {
		t.Errorf("status %q", w.status.Text)
	}
	if got := menuItem(t, w, "Edit", "Undo").Label; got != "Undo edit note" {
		t.Errorf("undo item says %q", got)
	}
	w.undo()
	settle(w)
	if got := stored(); got != "" {
		t.Errorf("after undo the note is %q", got)
	}
	w.redo()
	settle(w)
	if got := stored(); got != "check against the Dawn report" {
		t.Errorf("after redo the note is %q", got)
	}
	w.spanList.SetNote(s.ID, "")
	settle(w)
	if got := stored(); got != "" || !strings.HasPrefix(w.status.Text, "Note removed from claim") {
		t.Errorf("removing: note %q, status %q", got, w.status.Text)
	}
}

// Import folder… opens where the last import came from, while it exists.
func TestImportFolderOpensWhereTheLastImportWas(t *testing.T) {
	st := newFakeStore(testDocs()...)
	var got []string
	w := openWindow(t, test.NewTempApp(t), st, Options{Import: func(_ context.Context, paths []string, _ transfer.ImportOptions) (string, error) {
		got = paths
		return "imported", nil
	}})
	if w.importFolderStart() != nil {
		t.Fatal("a first import folder dialog has a start folder")
	}
	parent := t.TempDir()
	dir := filepath.Join(parent, "dawn")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	w.importPaths([]string{dir})
	settle(w)
	if len(got) != 1 {
		t.Fatalf("imported %v", got)
	}
	start := w.importFolderStart()
	if start == nil || start.Path() != parent {
		t.Fatalf("the folder dialog starts at %v, want %s", start, parent)
	}
	os.RemoveAll(parent)
	if w.importFolderStart() != nil {
		t.Error("a folder that is gone is still offered")
	}
}

// TestHelpAbout: the window's menu ends with Help ▸ About skein, which opens
// the About dialog over the window (its content: app/about's test).
func TestHelpAbout(t *testing.T) {
	w := openWindow(t, test.NewTempApp(t), newFakeStore(testDocs()...), Options{})
	menus := w.win.MainMenu().Items
	if last := menus[len(menus)-1].Label; last != "Help" {
		t.Errorf("last menu %q, want Help", last)
	}
	menuItem(t, w, "Help", "About skein").Action()
	if w.win.Canvas().Overlays().Top() == nil {
		t.Error("Help ▸ About skein opened no dialog")
	}
}

// The name question takes only a name that can name the person's folder
// in a team folder: "curated" (the curated layer's) or "a/b" leave the
// question open with the Start button off; a name as people write it,
// with a space, is taken.
func TestNamePromptTakesAnAnnotatorsName(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{AskUser: true})
	// The question drawn, as a person sees it before typing: a Fyne form
	// watches its fields' checks once it is drawn.
	frametest.Visible[fyne.CanvasObject](w.win.Canvas().Overlays().Top())
	for _, bad := range []string{"curated", "a/b", "../x", "con"} {
		w.nameForm.entry.SetText(bad)
		w.nameForm.form.Submit()
		if w.nameForm == nil || w.User() == bad {
			t.Fatalf("%q was taken as the name (user %q)", bad, w.User())
		}
	}
	w.nameForm.entry.SetText("Bilal Khan")
	w.nameForm.form.Submit()
	if w.nameForm != nil || w.User() != "Bilal Khan" {
		t.Fatalf("Bilal Khan: question open %v, user %q", w.nameForm != nil, w.User())
	}
	// "Zoë" pasted decomposed (e and U+0308, as macOS's Finder gives it) is
	// kept composed, the one form of her name everywhere.
	w = openWindow(t, test.NewTempApp(t), newFakeStore(testDocs()...), Options{AskUser: true})
	frametest.Visible[fyne.CanvasObject](w.win.Canvas().Overlays().Top())
	w.nameForm.entry.SetText("Zoe\u0308")
	w.nameForm.form.Submit()
	if w.User() != "Zo\u00eb" {
		t.Fatalf("Zoe+U+0308 typed: user %q, want Zo\u00eb composed", w.User())
	}
}

// At the window's smallest size the article — what is being annotated —
// has at least articleMinWidth, half the right-hand tabs' column, not 130
// px beside their 323. The tabs keep the 323 px that shows four of them
// (Spans, Threads, Figures, Search) at the default size, so the window's
// smallest width grows by what the article gained: 566 px on the test
// driver, against 534 (647 since the article list has its least width,
// TestListTitlesReadAtTheSmallestWindow).
func TestArticleHasItsShareAtTheSmallestWindow(t *testing.T) {
	st := realStore(t)
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	open(t, w, docKakar)
	resizeTo(w, fyne.Size{})
	if min := w.win.Content().MinSize().Width; min > 647 {
		t.Errorf("the smallest window is %v wide, want no wider than 647", min)
	}
	article, tabs := w.article.Size().Width, w.th.Tabs().Size().Width
	if article < articleMinWidth-8 || article < tabs/2 {
		t.Errorf("at the smallest window the article is %v wide, the tabs beside it %v: want the article at least %v", article, tabs, articleMinWidth-8)
	}
}

// At the window's smallest size the article list shows enough of each
// title to tell the articles apart: its column had 68 px and every seed
// article's title read "…". The list's least width (listMinWidth) shows
// about twelve characters of a title; the window's least size still fits
// a 1280×720 laptop's screen below a panel (the real window adds its menu
// bar: 655×520), and at the default size (1200×700) the list keeps its
// share of the window, the view unchanged.
func TestListTitlesReadAtTheSmallestWindow(t *testing.T) {
	docs, err := seeds.Documents()
	if err != nil {
		t.Fatal(err)
	}
	w := openWindow(t, test.NewTempApp(t), newFakeStore(docs...), Options{})
	resizeTo(w, fyne.Size{})
	settle(w)
	if min := w.win.Content().MinSize(); min.Width > 700 || min.Height > 560 {
		t.Errorf("the smallest window is %v, want it within 700×560", min)
	}
	titles := frametest.Drawn(w.docList.Rows())
	if len(titles) != len(docs) {
		t.Fatalf("the list draws %q, want the %d seed articles' titles", titles, len(docs))
	}
	seen := map[string]bool{}
	for _, title := range titles {
		shown := strings.TrimSuffix(title, "…")
		if n := utf8.RuneCountInString(strings.TrimSpace(shown)); n < 10 {
			t.Errorf("at the smallest window (%v) a title reads %q: %d characters, want at least 10", w.win.Canvas().Size(), title, n)
		}
		if seen[shown] {
			t.Errorf("at the smallest window two titles read %q", title)
		}
		seen[shown] = true
	}
	resizeTo(w, defaultWindowSize)
	settle(w)
	if got, share := w.docList.Rows().Size().Width, defaultWindowSize.Width*0.24; got < share-10 || got > share+10 {
		t.Errorf("at %v the list is %v wide, want its share of the window, about %v", defaultWindowSize, got, share)
	}
}

// A mailed file of many bad lines is refused in a dialog the window lays
// out in good time: its first problems, then how many more there are.
// Listed whole, 1,000 lines took 34 s to lay out and 100,000 hours, the
// window frozen; 300 here, which took a second.
func TestManyProblemsShownInPart(t *testing.T) {
	w := openWindow(t, test.NewTempApp(t), newFakeStore(testDocs()...), Options{User: "alice"})
	refused := &transfer.Refused{Rest: true}
	for i := 1; i <= 300; i++ {
		refused.Problems = append(refused.Problems, errors.New("bad.jsonl:"+strconv.Itoa(i)+": not a JSON object"))
	}
	w.showRefused(nil, transfer.ImportOptions{}, refused)
	msg := dialogText(t, w)
	if n := strings.Count(msg, "not a JSON object"); n != frame.MaxShownLines-1 {
		t.Errorf("%d problems listed, want the first %d", n, frame.MaxShownLines-1)
	}
	if !strings.Contains(msg, "bad.jsonl:59: not a JSON object\n… and 241 more lines, not shown") || !strings.Contains(msg, "Nothing was imported: 300 problems.") {
		t.Errorf("the dialog says:\n%s\nwant 300 problems, the first 59 listed, then that 241 more lines are not shown", msg)
	}
	w.showStatusWhole(strings.Repeat("é", 1<<20))
	if msg := dialogText(t, w); !strings.Contains(msg, "(2088960 more bytes of this line, not shown)") || len(msg) > frame.MaxShownBytes+100 {
		t.Errorf("a status message of 2 MB shown as %d bytes ending %q, want its first 8 KB and how much more there is", len(msg), msg[max(0, len(msg)-80):])
	}
}
