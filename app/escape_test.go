package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/agree"
	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/app/frame/frametest"
	"github.com/skein-news/skein/app/keyhelp"
	"github.com/skein-news/skein/app/transfer"
)

// behind is what the article behind a dialog shows and what the store
// holds, to see that Escape reached neither.
type behind struct {
	spans     string // the user's spans of Kakar, with their labels and notes
	applied   int    // changes the store took
	threads   int
	labels    int
	selected  string // the selected span
	selection string // the selected text
}

func articleBehind(t testing.TB, w *Window, st *fakeStore) behind {
	t.Helper()
	var b strings.Builder
	for _, s := range spansOf(t, st, docKakar, w.user) {
		fmt.Fprintf(&b, "%s %s %v %q; ", s.ID, s.Label, s.Fragments, s.Note)
	}
	return behind{
		spans:     b.String(),
		applied:   st.applied,
		threads:   st.threadCount(),
		labels:    len(w.labels.All()),
		selected:  w.view.SelectedSpan(),
		selection: fmt.Sprint(w.view.Selection()),
	}
}

// escapeWindow is a window on Kakar with a span of alice's labelled and
// selected, an import and an export that count their calls.
func escapeWindow(t *testing.T) (*Window, *fakeStore, *annotate.Span, *int) {
	t.Helper()
	st := newFakeStore(testDocs()...)
	calls := 0
	w := openWindow(t, test.NewTempApp(t), st, Options{
		Import: func(context.Context, []string, transfer.ImportOptions) (string, error) {
			calls++
			return "imported", nil
		},
		Export: func(context.Context, io.Writer, transfer.ExportOptions) ([]string, error) {
			calls++
			return nil, nil
		},
		Formats: []string{"skein", "conll"},
	})
	open(t, w, docKakar)
	s := addSpan(t, w, fyne.Key1, frag(t, docKakar, "linked the surge"))
	if w.view.SelectedSpan() != s.ID {
		t.Fatalf("the span just labelled is not selected")
	}
	return w, st, s, &calls
}

// escapeGone presses Escape as the desktop driver sends it (to the field
// with the keyboard, else to the window) and checks the dialog went and
// nothing behind it changed.
func escapeGone(t *testing.T, w *Window, st *fakeStore, before behind) {
	t.Helper()
	gone(t, w, st, before, "Escape", func() { press(w, fyne.KeyEscape) })
}

// gone presses key (its name) and checks the dialog went and nothing
// behind it changed.
func gone(t *testing.T, w *Window, st *fakeStore, before behind, name string, key func()) {
	t.Helper()
	key()
	settle(w)
	if top := w.win.Canvas().Overlays().Top(); top != nil {
		t.Fatalf("%s left the dialog up", name)
	}
	if after := articleBehind(t, w, st); after != before {
		t.Errorf("%s changed what is behind the dialog:\n got %+v\nwant %+v", name, after, before)
	}
}

// TestEscapeCancelsDialogs: Escape cancels the dialog on top as its Cancel
// or Close does — with nothing in it focused, and with one of its fields
// holding the keyboard and text typed into it — and reaches neither the
// store nor the article behind it (Fyne's dialogs took no Escape at all).
func TestEscapeCancelsDialogs(t *testing.T) {
	typed := func(t *testing.T, w *Window, text string) {
		t.Helper()
		f := w.win.Canvas().Focused()
		if f == nil {
			t.Fatal("no field of the dialog has the keyboard")
		}
		test.Type(f, text)
	}
	unfocus := func(w *Window) { w.win.Canvas().Unfocus() }
	for _, tc := range []struct {
		name string
		open func(t *testing.T, w *Window)
	}{
		{"new label, its name typed", func(t *testing.T, w *Window) {
			test.Tap(w.addLabelBtn)
			typed(t, w, "Location")
		}},
		{"new label, nothing focused", func(t *testing.T, w *Window) {
			test.Tap(w.addLabelBtn)
			test.Type(dialogEntry(t, w), "Location")
			unfocus(w)
		}},
		{"note, typed", func(t *testing.T, w *Window) {
			test.Tap(objectsIn[*widget.Button](w.spanList.Rows())[0]) // the row's ⋮
			tapPopUpItem(t, w, "Note…")
			typed(t, w, "check against the Dawn report")
		}},
		{"export, nothing focused", func(t *testing.T, w *Window) {
			menuItem(t, w, "File", "Export").Action()
		}},
		{"export, its format chosen", func(t *testing.T, w *Window) {
			menuItem(t, w, "File", "Export").Action()
			format := objectsIn[*frame.Select](topDialog(t, w))[0]
			test.Tap(format) // the keyboard goes to it, its list opens
			tapPopUpItem(t, w, "conll")
			if w.win.Canvas().Focused() != format {
				t.Fatalf("after choosing a format the keyboard is on %v", w.win.Canvas().Focused())
			}
		}},
		{"export's save dialog, a name typed", func(t *testing.T, w *Window) {
			menuItem(t, w, "File", "Export").Action()
			tapButton(t, w, "Choose where…")
			typed(t, w, "-elsewhere")
		}},
		{"import a file", func(t *testing.T, w *Window) {
			menuItem(t, w, "File", "Import file").Action()
		}},
		{"link two spans, a label typed", func(t *testing.T, w *Window) {
			w.focusView()
			press(w, fyne.KeyL)
			settle(w)
			typed(t, w, "supports")
		}},
		{"no threads yet", func(t *testing.T, w *Window) {
			w.focusView()
			press(w, fyne.KeyT)
			settle(w)
		}},
		{"a report", func(t *testing.T, w *Window) {
			w.showReport("Import", "imported 1 new document")
		}},
		{"about", func(t *testing.T, w *Window) {
			menuItem(t, w, "Help", "About skein").Action()
		}},
	} {
		for _, key := range []string{"Escape", "Ctrl+W"} {
			t.Run(tc.name+", "+key, func(t *testing.T) {
				w, st, a, calls := escapeWindow(t)
				if strings.HasPrefix(tc.name, "link") { // a second span, picked after the first
					pickSpan(t, w, a.ID)
					pickSpan(t, w, addSpan(t, w, fyne.Key1, frag(t, docKakar, "the TTP")).ID)
				}
				before := articleBehind(t, w, st)
				tc.open(t, w)
				settle(w)
				if w.win.Canvas().Overlays().Top() == nil {
					t.Fatal("no dialog opened")
				}
				if key == "Ctrl+W" {
					closeGone(t, w, st, before)
				} else {
					escapeGone(t, w, st, before)
				}
				if *calls != 0 {
					t.Errorf("%s imported or exported (%d calls)", key, *calls)
				}
			})
		}
	}
}

// closeGone presses Ctrl+W as the desktop driver sends it and checks the
// dialog went, as on Escape, and nothing behind it changed; it did nothing.
func closeGone(t *testing.T, w *Window, st *fakeStore, before behind) {
	t.Helper()
	gone(t, w, st, before, "Ctrl+W", func() { typeShortcut(w, frame.CloseShortcut) })
}

// Ctrl+W with no dialog up leaves the main window, its article and its
// selection as they are: only Ctrl+Q quits.
func TestCloseShortcutLeavesTheMainWindow(t *testing.T) {
	w, st, _, _ := escapeWindow(t)
	w.focusView()
	before := articleBehind(t, w, st)
	windows := len(fyne.CurrentApp().Driver().AllWindows())
	typeShortcut(w, frame.CloseShortcut)
	settle(w)
	if after := articleBehind(t, w, st); after != before {
		t.Errorf("Ctrl+W changed the article:\n got %+v\nwant %+v", after, before)
	}
	if n := len(fyne.CurrentApp().Driver().AllWindows()); n != windows {
		t.Errorf("after Ctrl+W %d windows, want %d", n, windows)
	}
}

// Escape on the first start's "Who is annotating?" is its dismiss button,
// "Use NAME": the name filled in at the start, whatever was typed, is the
// user's and is remembered, so the window never runs without one.
func TestEscapeOnTheNamePrompt(t *testing.T) {
	a := test.NewTempApp(t)
	st := newFakeStore(testDocs()...)
	w := openWindow(t, a, st, Options{AskUser: true})
	if w.nameForm == nil || w.win.Canvas().Focused() != w.nameForm.entry {
		t.Fatal("the first start does not ask for a name in a field with the keyboard")
	}
	test.Type(w.nameForm.entry, "zed")
	press(w, fyne.KeyEscape)
	if w.win.Canvas().Overlays().Top() != nil || w.nameForm != nil {
		t.Fatal("Escape left the name prompt up")
	}
	if w.User() != osUser() || a.Preferences().String(prefUser) != osUser() {
		t.Errorf("after Escape the user is %q, remembered %q; want the name filled in, %q", w.User(), a.Preferences().String(prefUser), osUser())
	}
	if w2 := openWindow(t, a, st, Options{AskUser: true}); w2.nameForm != nil || w2.User() != osUser() {
		t.Errorf("the next start asks again (%v) or is %q", w2.nameForm != nil, w2.User())
	}
}

// Both buttons of "One folder per annotator" import; Escape imports
// nothing, and says so.
func TestEscapeImportsNoFolderOfLayers(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"al", "bo"} {
		os.MkdirAll(filepath.Join(dir, name), 0o755)
		os.WriteFile(filepath.Join(dir, name, "a.txt"), []byte("Sony said Ayesha left.\n"), 0o644)
		os.WriteFile(filepath.Join(dir, name, "a.ann"), []byte("T1\tOrganization 0 4\tSony\n"), 0o644)
	}
	w, st, _, calls := escapeWindow(t)
	before := articleBehind(t, w, st)
	w.importPaths([]string{dir})
	if msg := dialogText(t, w); !strings.Contains(msg, "one brat folder per annotator") {
		t.Fatalf("the window asks %q, want the folders' question", msg)
	}
	escapeGone(t, w, st, before)
	if *calls != 0 || w.status.Text != "Nothing imported." {
		t.Errorf("after Escape: %d imports, status %q; want none, said", *calls, w.status.Text)
	}
}

// Escape closes only what is on top: a pop-up menu with Fyne's own Escape
// (over the article, which keeps its selection, or over a dialog, which
// stays), and of two dialogs the upper.
func TestEscapeOnlyWhatIsOnTop(t *testing.T) {
	w, st, _, _ := escapeWindow(t)
	before := articleBehind(t, w, st)
	test.Tap(objectsIn[*widget.Button](w.spanList.Rows())[0]) // the row's ⋮ menu
	if _, ok := w.win.Canvas().Focused().(*widget.PopUpMenu); !ok {
		t.Fatalf("the row's menu does not have the keyboard: %v", w.win.Canvas().Focused())
	}
	escapeGone(t, w, st, before)

	menuItem(t, w, "File", "Export").Action()
	form := topDialog(t, w)
	test.Tap(objectsIn[*frame.Select](form)[0]) // its list of formats opens
	press(w, fyne.KeyEscape)
	if top := w.win.Canvas().Overlays().Top(); top != form {
		t.Fatalf("Escape with the format list open: the export form is not on top (%T)", top)
	}
	w.showReport("Import", "imported 1 new document")
	press(w, fyne.KeyEscape)
	if top := w.win.Canvas().Overlays().Top(); top != form {
		t.Fatalf("Escape with a report over the export form: the form is not on top (%T)", top)
	}
	escapeGone(t, w, st, before)
}

// The agreement report is a window of its own, with a Close button of its
// own (without a window manager it has no title bar to close it by) and
// closed by Escape, with nothing focused and with its table holding the
// keyboard after a click (neither closed it, nor did anything but the
// window manager), and with its Close button reached by Tab (Escape on
// it did nothing).
func TestAgreementReportCloses(t *testing.T) {
	rep := &agree.Report{Annotators: []string{"bob", "carol"}, Documents: []agree.DocReport{{ID: docKakar.ID, Title: docKakar.Title}}}
	for _, how := range []string{"Close", "Escape", "Escape in the table", "Escape on Close, reached by Tab",
		"Ctrl+W", "Ctrl+W in the table", "Ctrl+W on Close, reached by Tab", "Ctrl+W on the check box"} {
		t.Run(how, func(t *testing.T) {
			a := test.NewTempApp(t)
			w := openWindow(t, a, newFakeStore(testDocs()...), Options{})
			windows := len(a.Driver().AllWindows())
			w.showReportTable(rep, nil)
			rv := w.agreeReport
			if rv == nil || len(a.Driver().AllWindows()) != windows+1 {
				t.Fatal("no report window shown")
			}
			c := rv.win.Canvas()
			switch how {
			case "Close":
				var close *widget.Button
				for _, b := range frametest.Visible[*widget.Button](rv.win.Content()) {
					if b.Text == "Close" {
						close = b
					}
				}
				if close == nil {
					t.Fatal("the report window shows no Close button")
				}
				test.Tap(close)
			case "Escape":
				h := c.OnTypedKey()
				if h == nil {
					t.Fatal("the report window takes no keys")
				}
				h(&fyne.KeyEvent{Name: fyne.KeyEscape})
			case "Escape in the table":
				c.Focus(rv.table)
				if c.Focused() != rv.table {
					t.Fatal("the table does not take the keyboard")
				}
				c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
			case "Escape on Close, reached by Tab":
				for range 3 {
					if tab(c); c.Focused() == rv.close {
						break
					}
				}
				if c.Focused() != rv.close {
					t.Fatalf("Tab does not reach Close (the keyboard is on %T)", c.Focused())
				}
				c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
			case "Ctrl+W":
				shortcutOn(c, frame.CloseShortcut)
			case "Ctrl+W in the table":
				c.Focus(rv.table)
				shortcutOn(c, frame.CloseShortcut)
			case "Ctrl+W on Close, reached by Tab":
				for range 3 {
					if tab(c); c.Focused() == rv.close {
						break
					}
				}
				shortcutOn(c, frame.CloseShortcut)
			case "Ctrl+W on the check box":
				c.Focus(rv.all)
				shortcutOn(c, frame.CloseShortcut)
			}
			if n := len(a.Driver().AllWindows()); n != windows || w.agreeReport != nil {
				t.Errorf("after %s: %d windows, want %d; the report still known: %v", how, n, windows, w.agreeReport != nil)
			}
		})
	}
}

// Enter in the pickers that open review and the agreement report does what
// their confirm button does, with nothing in them focused and with a check
// box clicked (it then holds the keyboard), as Enter does in skein's other
// dialogs; it did nothing.
func TestEnterConfirmsTheAnnotatorPickers(t *testing.T) {
	for _, tc := range []struct {
		name  string
		open  func(w *Window)
		check bool // click carol's box twice first, so that it has the keyboard
		done  func(w *Window) bool
	}{
		{"review", (*Window).showStartReview, false, func(w *Window) bool { return w.rev.Active() }},
		{"review, a box clicked", (*Window).showStartReview, true, func(w *Window) bool { return w.rev.Active() }},
		{"agreement report", (*Window).showAgreementReport, false, func(w *Window) bool { return w.agreeReport != nil }},
		{"agreement report, a box clicked", (*Window).showAgreementReport, true, func(w *Window) bool { return w.agreeReport != nil }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, _ := reviewStore(t)
			w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
			open(t, w, docKakar)
			tc.open(w)
			if tc.check {
				var carol *frame.Check
				for _, c := range objectsIn[*frame.Check](topDialog(t, w)) {
					if c.Text == "carol" {
						carol = c
					}
				}
				if carol == nil {
					t.Fatal("the picker has no box for carol")
				}
				test.Tap(carol)
				test.Tap(carol)
				if w.win.Canvas().Focused() != carol || !carol.Checked {
					t.Fatalf("carol's box, clicked twice: ticked %v, has the keyboard %v", carol.Checked, w.win.Canvas().Focused() == carol)
				}
			}
			press(w, fyne.KeyReturn)
			settle(w)
			if w.win.Canvas().Overlays().Top() != nil || !tc.done(w) {
				t.Errorf("Enter: picker up %v, done %v; status %q", w.win.Canvas().Overlays().Top() != nil, tc.done(w), w.status.Text)
			}
		})
	}
}

// The Agreement report offers the curated layer beside the annotators, as
// skein agree -b curated measures against it: alice's curated span, and
// bob ticked with it, give the report of bob against the curated layer.
// Review's picker does not offer it (review compares annotators).
func TestAgreementReportOffersTheCuratedLayer(t *testing.T) {
	st, _ := reviewStore(t)
	s := &annotate.Span{ID: annotate.NewID(), Doc: docKakar.ID, Label: "actor", Annotator: annotate.CuratedLayer,
		Fragments: []annotate.Fragment{frag(t, docKakar, "Kakar")}}
	if err := st.Apply(context.Background(), annotate.AddSpan("alice", s)); err != nil {
		t.Fatal(err)
	}
	opt := StoreOptions(st, "alice", false)
	var measured []string
	agreeOn := opt.Agree
	opt.Agree = func(ctx context.Context, names []string) (*agree.Report, []string, error) {
		measured = names
		return agreeOn(ctx, names)
	}
	w := openWindow(t, test.NewTempApp(t), st, opt)
	open(t, w, docKakar)
	boxes := func() map[string]*frame.Check {
		m := map[string]*frame.Check{}
		for _, c := range objectsIn[*frame.Check](topDialog(t, w)) {
			m[c.Text] = c
		}
		return m
	}
	w.showStartReview()
	if _, ok := boxes()[annotate.CuratedLayer]; ok {
		t.Error("the review picker offers the curated layer")
	}
	press(w, fyne.KeyEscape)
	w.showAgreementReport()
	b := boxes()
	if b[annotate.CuratedLayer] == nil || b["bob"] == nil {
		t.Fatalf("the agreement picker offers %v, want bob and curated among them", b)
	}
	for name, c := range b {
		c.SetChecked(name == "bob" || name == annotate.CuratedLayer)
	}
	press(w, fyne.KeyReturn)
	settle(w)
	if strings.Join(measured, ",") != "bob,curated" || w.agreeReport == nil {
		t.Fatalf("measured %q (report shown %v), want bob against curated; status %q", measured, w.agreeReport != nil, w.status.Text)
	}
}

// Each picker ticks, when it opens next, the annotators picked in it last
// (where they are still offered): a reviewer comparing bob and carol of
// three does not tick them again every time.
func TestPickersRememberThePick(t *testing.T) {
	st, _ := reviewStore(t)
	putSpan(t, st, docKakar, annotate.Actor, "dana", "Kakar")
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	open(t, w, docKakar)
	ticked := func() string {
		var on []string
		for _, c := range objectsIn[*frame.Check](topDialog(t, w)) {
			if c.Checked {
				on = append(on, c.Text)
			}
		}
		return strings.Join(on, ",")
	}
	w.showStartReview()
	if got := ticked(); got != "" {
		t.Fatalf("the first review picker ticks %q, want none of three", got)
	}
	for _, c := range objectsIn[*frame.Check](topDialog(t, w)) {
		c.SetChecked(c.Text == "bob" || c.Text == "carol")
	}
	press(w, fyne.KeyReturn)
	settle(w)
	w.StopReview()
	w.showStartReview()
	if got := ticked(); got != "bob,carol" {
		t.Errorf("the review picker opened again ticks %q, want bob,carol", got)
	}
	press(w, fyne.KeyEscape)
	w.showAgreementReport()
	if got := ticked(); got != "" {
		t.Errorf("the Agreement report's picker ticks %q; it keeps its own pick", got)
	}
}

// shortcutOn gives sh as the desktop driver does a key with Ctrl in a
// window with no menu (the report's): to the widget holding the keyboard
// when it takes shortcuts, else to the canvas's own.
func shortcutOn(c fyne.Canvas, sh fyne.Shortcut) {
	if f, ok := c.Focused().(fyne.Shortcutable); ok {
		f.TypedShortcut(sh)
		return
	}
	if h := canvasShortcuts(c); h != nil {
		h.TypedShortcut(sh)
	}
}

// canvasShortcuts is what runs c's shortcuts (those AddShortcut gave it):
// the desktop canvas itself, or under the test driver the software canvas
// it wraps, whose handler its wrapper does not pass on.
func canvasShortcuts(c fyne.Canvas) fyne.Shortcutable {
	if h, ok := c.(fyne.Shortcutable); ok {
		return h
	}
	v := reflect.ValueOf(c)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return nil
	}
	if f := v.Elem().FieldByName("WindowlessCanvas"); f.IsValid() && f.CanInterface() {
		h, _ := f.Interface().(fyne.Shortcutable)
		return h
	}
	return nil
}

// tab moves the keyboard on as the desktop driver does with Tab: into the
// widget holding it, when that one takes Tab, else to the next.
func tab(c fyne.Canvas) {
	if f, ok := c.Focused().(fyne.Tabbable); ok && f.AcceptsTab() {
		c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyTab})
		return
	}
	c.FocusNext()
}

// TestEscapeFromEveryTabStop: Escape cancels a dialog wherever Tab put
// the keyboard in it — on a button of skein's (Close, Import the rest,
// Cancel in the save dialog), an option of the radio group (Review ▸
// Adopt with two colleagues' reviews shown), a report's selectable text —
// as it does from a text field. Escape on those did nothing. The dialogs
// whose buttons Fyne's dialog package made (Cancel, OK, Close, Yes, No:
// confirmations, forms, pickers, messages) now have frame's, and Escape on
// them did nothing either: no stop of any dialog here may keep it.
func TestEscapeFromEveryTabStop(t *testing.T) {
	refused := &transfer.Refused{Rest: true, Problems: []error{
		fmt.Errorf("blob.txt:1: binary content: control byte 0x0e at byte 1"),
		fmt.Errorf("latin.txt:1: not UTF-8: invalid byte 0xe9 at byte 3")}}
	for _, tc := range []struct {
		name string
		open func(t *testing.T, w *Window)
	}{
		{"a report", func(t *testing.T, w *Window) { w.showReport("Import", "imported 1 new document") }},
		{"about", func(t *testing.T, w *Window) { menuItem(t, w, "Help", "About skein").Action() }},
		{"import refused", func(t *testing.T, w *Window) { w.showRefused(nil, transfer.ImportOptions{}, refused) }},
		{"export's save dialog", func(t *testing.T, w *Window) {
			menuItem(t, w, "File", "Export").Action()
			tapButton(t, w, "Choose where…")
		}},
		{"adopt a colleague's decisions", func(t *testing.T, w *Window) {
			w.rev.ShowReviewOf("bob", "carol")
			w.adoptTheirs()
		}},
		{"the review picker", func(t *testing.T, w *Window) { w.showStartReview() }},
		{"a new label's form", func(t *testing.T, w *Window) { test.Tap(w.addLabelBtn) }},
		{"keyboard shortcuts", func(t *testing.T, w *Window) {
			keyhelp.Show(w.win, []keyhelp.Row{{Keys: "Esc", What: "cancel the dialog"}})
		}},
		{"a question", func(t *testing.T, w *Window) { w.offerDiscard(errors.New("changed since")) }},
		{"an error", func(t *testing.T, w *Window) {
			frame.ShowDialog(w.win, frame.NewError(errors.New("no space left on device"), w.win))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, _, _ := startReview(t)
			c := w.win.Canvas()
			stops := func() []fyne.Focusable { // the dialog's, in Tab's order
				tc.open(t, w)
				settle(w)
				var seen []fyne.Focusable
				for tab(c); c.Focused() != nil && !slices.Contains(seen, c.Focused()); tab(c) {
					seen = append(seen, c.Focused())
				}
				press(w, fyne.KeyEscape) // from the last: gone, or Fyne's own button
				c.Unfocus()
				for c.Overlays().Top() != nil {
					c.Overlays().Top().Hide()
					c.Overlays().Remove(c.Overlays().Top())
				}
				return seen
			}()
			for i, f := range stops {
				tc.open(t, w)
				settle(w)
				dlg := c.Overlays().Top()
				for range i + 1 {
					tab(c)
				}
				if c.Focused() != f && fmt.Sprintf("%T", c.Focused()) != fmt.Sprintf("%T", f) {
					t.Fatalf("Tab %d times reached %T, the first time %T", i+1, c.Focused(), f)
				}
				press(w, fyne.KeyEscape)
				settle(w)
				if top := c.Overlays().Top(); top == dlg && top != nil {
					t.Errorf("Escape with the keyboard on %T (Tab %d times) left the dialog up", c.Focused(), i+1)
					c.Overlays().Remove(top)
				}
			}
			if len(stops) == 0 {
				t.Fatal("Tab reached nothing in the dialog")
			}
		})
	}
}

// TestNameQuestionButtonsAccept: both buttons of the first start's name
// question accept a name — Start the one typed, "Use NAME" the one filled
// in — and neither draws the ✕ of a cancel: "Use root" carried it.
func TestNameQuestionButtonsAccept(t *testing.T) {
	w := openWindow(t, test.NewTempApp(t), newFakeStore(testDocs()...), Options{AskUser: true})
	var texts []string
	for _, b := range objectsIn[*widget.Button](topDialog(t, w)) {
		texts = append(texts, b.Text)
		if b.Icon == theme.CancelIcon() {
			t.Errorf("the button %q draws the cancel icon", b.Text)
		}
	}
	if want := []string{"Use " + osUser(), "Start"}; !slices.Equal(texts, want) {
		t.Errorf("buttons %q, want %q", texts, want)
	}
}
