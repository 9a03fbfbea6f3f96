package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/app/frame/frametest"
)

// shownRect is where an object is drawn on the canvas: its place and size,
// clipped by the scrolls it lies in, as a user sees it.
type shownRect struct {
	pos  fyne.Position
	size fyne.Size
	clip [2]fyne.Position // the scrolls' window: top left, bottom right
	in   *container.Scroll
}

func (r shownRect) top() float32    { return max(r.pos.Y, r.clip[0].Y) }
func (r shownRect) bottom() float32 { return min(r.pos.Y+r.size.Height, r.clip[1].Y) }

// shownRects walks the objects shown under o, at o's place on the canvas,
// and gives each's shownRect to fn.
func shownRects(o fyne.CanvasObject, fn func(o fyne.CanvasObject, r shownRect)) {
	var walk func(o fyne.CanvasObject, at fyne.Position, clip [2]fyne.Position, in *container.Scroll)
	walk = func(o fyne.CanvasObject, at fyne.Position, clip [2]fyne.Position, in *container.Scroll) {
		if !o.Visible() {
			return
		}
		p := at.Add(o.Position())
		if s, ok := o.(*container.Scroll); ok {
			end := p.Add(fyne.NewPos(s.Size().Width, s.Size().Height))
			clip = [2]fyne.Position{
				fyne.NewPos(max(clip[0].X, p.X), max(clip[0].Y, p.Y)),
				fyne.NewPos(min(clip[1].X, end.X), min(clip[1].Y, end.Y)),
			}
			in = s
		}
		fn(o, shownRect{pos: p, size: o.Size(), clip: clip, in: in})
		switch c := o.(type) {
		case fyne.Widget:
			for _, k := range test.WidgetRenderer(c).Objects() {
				walk(k, p, clip, in)
			}
		case *fyne.Container:
			for _, k := range c.Objects {
				walk(k, p, clip, in)
			}
		}
	}
	walk(o, fyne.Position{}, [2]fyne.Position{{X: -1e9, Y: -1e9}, {X: 1e9, Y: 1e9}}, nil)
}

// The status dialog fits the window: in a window 300 px high (a window
// manager may allow one below the window's least height) the whole of a
// long message cut short on the status bar is read in a dialog whose text
// scrolls between its title and its OK button, all of it in the window.
// The dialog was as high as its text: squeezed into the window, the text
// ran over the OK button and past the window's bottom edge. At the
// window's smallest size (655×520) the text is shown whole, no scroll
// needed.
func TestStatusDialogFitsALowWindow(t *testing.T) {
	st := realStore(t)
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	open(t, w, docKakar)
	msg := strings.TrimSpace(strings.Repeat("The team folder /media/share/skein-team could not be written: the disk is full or the share went away. ", 8))
	for _, size := range []fyne.Size{fyne.NewSize(1000, 300), {}} {
		w.setStatus("")
		w.setStatusWhole(msg)
		resizeTo(w, size)
		settle(w)
		low := !size.IsZero()
		size = w.win.Canvas().Size()
		if !w.status.Cut() {
			t.Fatalf("%v: the status line is not cut, the test shows nothing", size)
		}
		test.Tap(w.status)
		top := w.win.Canvas().Overlays().Top()
		if top == nil {
			t.Fatalf("%v: a click on the status line shows no dialog", size)
		}
		var box, text, ok shownRect
		var title bool
		shownRects(top, func(o fyne.CanvasObject, r shownRect) {
			if p, isPopUp := o.(*widget.PopUp); isPopUp {
				box = shownRect{pos: r.pos.Add(p.Content.Position()), size: p.Content.Size(), clip: r.clip}
			}
			if l, isLabel := frametest.As[*widget.Label](o); isLabel {
				switch {
				case l.Text == msg:
					text = r
				case l.Text == "Status":
					title = true
				}
			}
			if b, isButton := frametest.As[*widget.Button](o); isButton && b.Text == "OK" {
				ok = r
			}
		})
		canvas := w.win.Canvas().Size()
		if !title || text.size.IsZero() || ok.size.IsZero() || box.size.IsZero() {
			t.Fatalf("%v: the dialog shows title %v, text %v, OK %v, box %v", size, title, text, ok, box)
		}
		if box.pos.Y < 0 || box.pos.Y+box.size.Height > canvas.Height {
			t.Errorf("%v: the dialog runs from y %v to %v, out of the window (0 to %v)", size, box.pos.Y, box.pos.Y+box.size.Height, canvas.Height)
		}
		if ok.pos.Y+ok.size.Height > box.pos.Y+box.size.Height {
			t.Errorf("%v: the OK button ends at y %v, below its dialog's edge (%v)", size, ok.pos.Y+ok.size.Height, box.pos.Y+box.size.Height)
		}
		if text.top() < box.pos.Y || text.bottom() > ok.pos.Y {
			t.Errorf("%v: the message is drawn from y %v to %v, out of the room between the dialog's top (%v) and its OK button (%v)", size, text.top(), text.bottom(), box.pos.Y, ok.pos.Y)
		}
		whole := text.top() <= text.pos.Y && text.bottom() >= text.pos.Y+text.size.Height
		if !low && !whole {
			t.Errorf("%v: the message is cut to y %v–%v of %v–%v in a window with the room for it", size, text.top(), text.bottom(), text.pos.Y, text.pos.Y+text.size.Height)
		}
		if !whole && (text.in == nil || text.in.Content.MinSize().Height < text.size.Height) {
			t.Errorf("%v: the message is cut to y %v–%v of %v–%v and no scroll shows the rest", size, text.top(), text.bottom(), text.pos.Y, text.pos.Y+text.size.Height)
		}
		if !frame.EscapeDialog(w.win.Canvas()) {
			t.Fatalf("%v: Escape does not close the status dialog", size)
		}
	}
}

// A status message cut short at the window's smallest size is a click
// away from whole, as one to be read whole is: Review ▸ Agreement report…
// on a store with less than two annotators' work says what to do next ("Connect
// your team's folder (File ▸ Team ▸ Folder…) or import a colleague's
// work…"), which the smallest window cut to "Connect your team's …", and a
// click on it did nothing. Now the click shows it whole in a dialog, and
// the pointer says it can be clicked. A message that fits is no click
// target.
func TestCutStatusShowsWholeOnAClick(t *testing.T) {
	st := realStore(t)
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	open(t, w, docKakar)
	resizeTo(w, fyne.Size{})
	settle(w)
	menuItem(t, w, "Review", "Agreement report…").Action()
	settle(w)
	msg := w.status.Text
	if !strings.Contains(msg, "import a colleague's work") {
		t.Fatalf("Agreement report… with alice's work alone: the status line says %q", msg)
	}
	lines := frametest.Lines(w.status)
	if len(lines) != 1 || !strings.HasSuffix(lines[0], "…") {
		t.Fatalf("at the smallest window (%v) the status line draws %q, want one line cut with …", w.win.Canvas().Size(), lines)
	}
	if got := w.status.Cursor(); got != desktop.PointerCursor {
		t.Errorf("over the message cut short the pointer is %v, want the hand that says a click shows it", got)
	}
	test.Tap(w.status)
	top := w.win.Canvas().Overlays().Top()
	words := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	if top == nil || !strings.Contains(words(strings.Join(frametest.Drawn(top), " ")), words(msg)) {
		t.Fatalf("a click on the message cut short shows %v, want a dialog with the whole of %q", top, msg)
	}
	if !frame.EscapeDialog(w.win.Canvas()) {
		t.Fatal("Escape does not close the status dialog")
	}
	w.setStatus("Opening…")
	test.Tap(w.status)
	if top := w.win.Canvas().Overlays().Top(); top != nil || w.status.Cursor() != desktop.DefaultCursor {
		t.Errorf("a message that fits: a click shows %v, the pointer %v; want nothing, the default pointer", top, w.status.Cursor())
	}
}

// The Threads tab's hint, shown while no thread is current, is read whole
// at the default window size and at the smallest: its column is 323 px at
// both, and the hint, cut to one line, read "Pick a thread above, or
// select a span and press T to add it t…". It wraps at words now.
func TestThreadsHintReadWhole(t *testing.T) {
	st := realStore(t)
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	open(t, w, docKakar)
	for _, ti := range w.th.Tabs().Items {
		if ti.Text == "Threads" {
			w.th.Tabs().Select(ti)
		}
	}
	hint := w.th.Hint()
	for name, size := range map[string]fyne.Size{"smallest": {}, "1200×700": defaultWindowSize} {
		resizeTo(w, size)
		settle(w)
		var lines []string // the lines drawn of the hint, as a user reads them
		for _, l := range frametest.Lines(w.th.Tabs()) {
			if part := strings.TrimSpace(strings.TrimSuffix(l, "…")); len(part) > 4 && strings.Contains(hint, part) {
				lines = append(lines, l)
			}
		}
		if strings.Join(strings.Fields(strings.Join(lines, " ")), " ") != hint {
			t.Errorf("%s: the Threads tab's hint draws %q, want the whole of %q", name, lines, hint)
		}
		if cut := frametest.CutWord(hint, lines); cut != "" {
			t.Errorf("%s: the hint cuts a word: %q", name, cut)
		}
	}
}

// The article list's filter, empty, says what it filters in words it has
// the room for: at the window's smallest size the list's column clipped
// "Filter titles and text…" to "Filter titles and te", beside its
// magnifier. Its hint is the longest of its forms that fits, and at the
// default size the whole one.
func TestFilterHintFitsTheList(t *testing.T) {
	st := realStore(t)
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	filter := w.docList.Filter()
	for name, size := range map[string]fyne.Size{"smallest": {}, "1200×700": defaultWindowSize} {
		resizeTo(w, size)
		settle(w)
		var hint, icon shownRect
		var drawn string
		shownRects(filter, func(o fyne.CanvasObject, r shownRect) {
			if tx, ok := o.(*canvas.Text); ok && tx.Text == filter.PlaceHolder && tx.Text != "" {
				hint, drawn = r, tx.Text
				hint.size = tx.MinSize()
			}
			if o == filter.ActionItem {
				icon = r
			}
		})
		if drawn == "" || icon.size.IsZero() {
			t.Fatalf("%s: the empty filter draws no hint (%q) or no magnifier (%v)", name, drawn, icon)
		}
		right := min(hint.clip[1].X, icon.pos.X)
		if end := hint.pos.X + hint.size.Width; end > right+0.5 {
			t.Errorf("%s: the filter's hint %q runs to x %v, past its room (to %v): it is clipped", name, drawn, end, right)
		}
		if name == "1200×700" && drawn != "Filter titles and text…" {
			t.Errorf("%s: the filter's hint is %q, want the whole one", name, drawn)
		}
	}
}

// The label bar's hint is read whole or not at all: at the window's
// smallest size, beside "4 more" and +, it was cut to "sel…". There it is
// hidden now (the empty Spans tab says what it said); at the default size
// it is whole.
func TestLabelHintWholeOrNone(t *testing.T) {
	w := openWindow(t, test.NewTempApp(t), newFakeStore(testDocs()...), Options{})
	open(t, w, docKakar)
	for name, size := range map[string]fyne.Size{"smallest": {}, "1200×700": defaultWindowSize} {
		resizeTo(w, size)
		settle(w)
		drawn := strings.Join(frametest.Drawn(w.labelBarBox), " ")
		if strings.Contains(drawn, "…") && !strings.Contains(drawn, labelHint) {
			t.Errorf("%s: the label bar draws %q: its hint cut short", name, drawn)
		}
		if name == "1200×700" && !strings.Contains(drawn, labelHint) {
			t.Errorf("%s: the label bar draws %q, want the whole hint %q", name, drawn, labelHint)
		}
	}
}

// A dialog with the room for its content shows it as it is, unclipped:
// the name question's hint, wider than its field, is drawn whole past the
// field's edge, at the default size as at the smallest. In the scroll
// that fits a dialog to a low window it was clipped at every size to
// "…; colleagues see i".
func TestNameQuestionHintWhole(t *testing.T) {
	w := openWindow(t, test.NewTempApp(t), newFakeStore(testDocs()...), Options{AskUser: true})
	for name, size := range map[string]fyne.Size{"smallest": {}, "1200×700": defaultWindowSize} {
		resizeTo(w, size)
		settle(w)
		top := w.win.Canvas().Overlays().Top()
		if top == nil || w.nameForm == nil {
			t.Fatalf("%s: no name question", name)
		}
		var hint shownRect
		var drawn string
		shownRects(top, func(o fyne.CanvasObject, r shownRect) {
			if tx, ok := o.(*canvas.Text); ok && strings.HasPrefix(tx.Text, "Your spans are stored") {
				hint, drawn = r, tx.Text
				hint.size = tx.MinSize()
			}
		})
		if drawn == "" {
			t.Fatalf("%s: the name question draws no hint", name)
		}
		if end := hint.pos.X + hint.size.Width; end > hint.clip[1].X+0.5 {
			t.Errorf("%s: the hint %q runs to x %v, clipped at %v", name, drawn, end, hint.clip[1].X)
		}
	}
}

// TestCutStatusReadByKeyboard: a status message cut short at the least
// window (review's description of an item, which names the labels its row
// cuts) showed whole only on a click. Tab now reaches it, and Enter shows
// it whole, as the click does; a message that fits is no tab stop.
func TestCutStatusReadByKeyboard(t *testing.T) {
	w := openWindow(t, test.NewTempApp(t), newFakeStore(testDocs()...), Options{})
	open(t, w, docKakar)
	c := w.win.Canvas()
	reach := func() bool {
		c.Unfocus()
		for range 60 {
			if c.FocusNext(); any(c.Focused()) == any(w.status) {
				return true
			}
		}
		return false
	}
	w.setStatus("Short.")
	resizeTo(w, fyne.Size{})
	settle(w)
	if reach() {
		t.Error("Tab reaches the status line with a message that fits")
	}
	msg := "label conflict — ▸1 muhammad.bilal.khan@lums.edu.pk: claim that the closure was ordered by the interior ministry now 10–37; 2 carol: accusation of state sponsorship by the neighbouring government 10–37  ·  A accept, R reject, E edit"
	w.setStatus(msg)
	settle(w)
	if !w.status.Cut() {
		t.Fatal("the message is not cut at the least window: the test shows nothing")
	}
	if !reach() {
		t.Fatal("Tab does not reach the status line cut short")
	}
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	top := c.Overlays().Top()
	words := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	if top == nil || !strings.Contains(words(strings.Join(frametest.Drawn(top), " ")), words(msg)) {
		t.Errorf("Enter on the status line cut short shows %v, want a dialog with the whole of it", top)
	}
}
