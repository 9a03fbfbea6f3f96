package frame

import (
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// Escape closes skein's dialogs. Fyne's dialogs take no keys: Escape did
// nothing while one was up. Every dialog skein shows goes through
// ShowDialog, which remembers the overlay it put over the window and what
// Escape does to it (its dismiss path: Cancel, Close, the file dialog's
// Cancel, which tells its caller nothing was chosen). Escape reaches
// EscapeDialog two ways: the window's own key handler, when nothing in the
// dialog has the keyboard, and the fields below (Entry, Check, Select…),
// when one has. Only the topmost overlay is ever closed, and only when it
// is a dialog shown here: a pop-up menu keeps Fyne's own Escape, and a
// dialog under another is left alone.
//
// Enter confirms a dialog shown by ShowConfirmDialog, as its confirm button
// does, and closes a Message shown by ShowDialog, the same two ways: a field with the keyboard that has no use for
// Enter (a Check, a Select, an Entry with no OnSubmitted of its own)
// passes it on as it passes Escape.
//
// Enter does either only to a dialog that was on top when the key went
// down: Fyne gives a key's KeyDown (to the field with the keyboard, or to
// the canvas with none) and then its TypedKey in one event, and repeats
// of a held key as TypedKey alone. A message from background work (a
// backup's result, an error, a sync refusal) that came up while the
// researcher was pressing Enter for what she was typing had been closed
// unread by that Enter's repeat; it now stays until an Enter pressed on
// it, Escape or a click.

// ShowDialog shows d over win; Escape then dismisses it as its dismiss
// button does (Dismiss: Cancel, Close, or the file dialog's Cancel, which
// calls its callback with nothing chosen), and Enter closes a Message, a
// dialog of one button, as that button does.
func ShowDialog(win fyne.Window, d dialog.Dialog) {
	if m, ok := d.(*Message); ok {
		show(win, d, keys{esc: d.Dismiss, enter: m.enter, one: true})
		return
	}
	ShowDialogOnEscape(win, d, d.Dismiss)
}

// ShowDialogOnEscape shows d over win with esc as what Escape does, for a
// dialog whose dismiss button is not a cancel (its two buttons are both
// answers): esc must close d.
func ShowDialogOnEscape(win fyne.Window, d dialog.Dialog, esc func()) {
	show(win, d, keys{esc: esc})
}

// Confirmable is a dialog with a confirm button: ConfirmDialog, or Fyne's.
type Confirmable interface {
	dialog.Dialog
	Confirm()
}

// ShowConfirmDialog shows d over win; Escape then dismisses it (its
// Cancel), and Enter confirms it, as its confirm button does.
func ShowConfirmDialog(win fyne.Window, d Confirmable) {
	show(win, d, keys{esc: d.Dismiss, enter: d.Confirm})
}

// keys are what Escape and Enter do to a dialog shown; enter is nil for a
// dialog Enter does not confirm. one is a Message's: its one button is
// what Enter presses, whichever of its widgets has the keyboard.
type keys struct {
	esc, enter func()
	one        bool
}

func show(win fyne.Window, d dialog.Dialog, k keys) {
	c := win.Canvas()
	if dc, ok := c.(desktop.Canvas); ok {
		// With nothing in the dialog holding the keyboard, a key goes
		// down to the canvas (the window has no other use for it).
		dc.SetOnKeyDown(func(ev *fyne.KeyEvent) { KeyDown(c, ev) })
	}
	before := c.Overlays().Top()
	shown.cover(c)
	d.Show()
	top := c.Overlays().Top()
	if top == nil || top == before {
		// Shown by the system (a native file dialog, which takes its
		// own Escape) or already up, and so already known.
		return
	}
	shown.add(c, top, k)
}

// EscapeDialog dismisses the dialog on top of c, as its dismiss button
// would, when the topmost overlay is a dialog shown by ShowDialog; it
// reports whether it did. A pop-up menu or anything else on top is left
// to itself.
func EscapeDialog(c fyne.Canvas) bool {
	k := shown.find(c, c.Overlays().Top())
	if k.esc == nil {
		return false
	}
	k.esc()
	return true
}

// EnterDialog confirms the dialog on top of c, as its confirm button
// would, when the topmost overlay is a dialog shown by ShowConfirmDialog
// or a Message shown by ShowDialog; it reports whether it did.
// Only a dialog on top when Enter went down (KeyDown) is confirmed: an
// Enter held since before it came up is not for it.
func EnterDialog(c fyne.Canvas) bool {
	top := c.Overlays().Top()
	k := shown.find(c, top)
	if k.enter == nil || !shown.pressedOn(c, top) {
		return false
	}
	k.enter()
	return true
}

// KeyDown notes, for Enter, the dialog on top of c as the key goes down,
// the one that Enter's TypedKey may then confirm or close. The window's
// canvas calls it when nothing holds the keyboard, frame's fields when
// one of them does, as Fyne gives KeyDown before TypedKey.
func KeyDown(c fyne.Canvas, ev *fyne.KeyEvent) {
	if ev.Name != fyne.KeyReturn && ev.Name != fyne.KeyEnter {
		return
	}
	shown.press(c, c.Overlays().Top())
}

// keyDown is KeyDown for field f, on the canvas where it has the keyboard.
func keyDown(f fyne.Focusable, ev *fyne.KeyEvent) {
	for _, c := range shown.canvases() {
		if c.Focused() == f {
			KeyDown(c, ev)
		}
	}
}

// DialogKey is what a key given to c, with nothing in its dialog holding
// the keyboard, does to the dialog on top: Escape dismisses it, Enter
// confirms one shown by ShowConfirmDialog. It reports whether the key was
// taken.
func DialogKey(c fyne.Canvas, ev *fyne.KeyEvent) bool {
	switch ev.Name {
	case fyne.KeyEscape:
		return EscapeDialog(c)
	case fyne.KeyReturn, fyne.KeyEnter:
		return EnterDialog(c)
	}
	return false
}

// dialogs are the overlays of the dialogs shown, by canvas, and what Escape
// and Enter do to each; one gone from its canvas is forgotten at the next
// look at that canvas, and a canvas with none is dropped. (A window closed with a
// dialog still up stays here, with what its Escape would do, until the
// program ends: skein closes its one window with a dialog up only to quit.)
type dialogs struct {
	mu sync.Mutex
	by map[fyne.Canvas]map[fyne.CanvasObject]keys
	// down is the overlay that was on top of each canvas when Enter last
	// went down there, until that Enter confirms or closes it.
	down map[fyne.Canvas]fyne.CanvasObject
	// covers are called before a dialog is shown over their canvas
	// (OnCover).
	covers map[fyne.Canvas]map[*func()]bool
}

var shown dialogs

// OnCover has f called on the UI goroutine each time a dialog is about to
// be shown over c, until stop is called. The article's hover tip is drawn
// in the window under the dialog, and the pointer, still over the span,
// moved nowhere to take it away: it stayed, under the dialog and over the
// text around it, until the dialog closed and the pointer moved on.
func OnCover(c fyne.Canvas, f func()) (stop func()) {
	shown.mu.Lock()
	defer shown.mu.Unlock()
	if shown.covers == nil {
		shown.covers = map[fyne.Canvas]map[*func()]bool{}
	}
	if shown.covers[c] == nil {
		shown.covers[c] = map[*func()]bool{}
	}
	key := &f
	shown.covers[c][key] = true
	return func() {
		shown.mu.Lock()
		defer shown.mu.Unlock()
		delete(shown.covers[c], key)
		if len(shown.covers[c]) == 0 {
			delete(shown.covers, c) // a closed window's canvas is not kept
		}
	}
}

// cover calls what OnCover registered for c, outside the lock: f may
// show a dialog of its own.
func (s *dialogs) cover(c fyne.Canvas) {
	s.mu.Lock()
	var fs []func()
	for f := range s.covers[c] {
		fs = append(fs, *f)
	}
	s.mu.Unlock()
	for _, f := range fs {
		f()
	}
}

func (s *dialogs) add(c fyne.Canvas, overlay fyne.CanvasObject, k keys) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.by == nil {
		s.by = map[fyne.Canvas]map[fyne.CanvasObject]keys{}
	}
	s.forgetGone(c)
	if s.by[c] == nil {
		s.by[c] = map[fyne.CanvasObject]keys{}
	}
	s.by[c][overlay] = k
}

// press notes that Enter went down on c with overlay on top.
func (s *dialogs) press(c fyne.Canvas, overlay fyne.CanvasObject) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.down == nil {
		s.down = map[fyne.Canvas]fyne.CanvasObject{}
	}
	s.down[c] = overlay
}

// pressedOn reports whether Enter went down on c with overlay on top, and
// forgets it: that press confirms or closes overlay once.
func (s *dialogs) pressedOn(c fyne.Canvas, overlay fyne.CanvasObject) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if overlay == nil || s.down[c] != overlay {
		return false
	}
	delete(s.down, c)
	return true
}

// find is what Escape and Enter do to overlay, neither when it is no
// dialog shown here (or nil).
func (s *dialogs) find(c fyne.Canvas, overlay fyne.CanvasObject) keys {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.forgetGone(c)
	return s.by[c][overlay]
}

// canvases are those with a dialog shown, for a field to find its own.
func (s *dialogs) canvases() []fyne.Canvas {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]fyne.Canvas, 0, len(s.by))
	for c := range s.by {
		out = append(out, c)
	}
	return out
}

// forgetGone drops c's dialogs whose overlay is no longer over it (closed
// by a button, by Escape or by the code that showed it).
func (s *dialogs) forgetGone(c fyne.Canvas) {
	m := s.by[c]
	if m == nil {
		return
	}
	up := map[fyne.CanvasObject]bool{}
	for _, o := range c.Overlays().List() {
		up[o] = true
	}
	for o := range m {
		if !up[o] {
			delete(m, o)
		}
	}
	if len(m) == 0 {
		delete(s.by, c)
	}
}

// escaped dismisses the dialog on top of the canvas where f has the
// keyboard, for a field of a dialog given ev; it reports whether it did,
// and so whether the field is to leave ev alone.
func escaped(f fyne.Focusable, ev *fyne.KeyEvent) bool {
	if ev.Name != fyne.KeyEscape {
		return false
	}
	return passedOn(f, ev)
}

// closedMessage closes the Message on top of the canvas where f has the
// keyboard on Enter; it reports whether it did.
func closedMessage(f fyne.Focusable, ev *fyne.KeyEvent) bool {
	if ev.Name != fyne.KeyReturn && ev.Name != fyne.KeyEnter {
		return false
	}
	for _, c := range shown.canvases() {
		if c.Focused() == f {
			if top := c.Overlays().Top(); shown.find(c, top).one {
				if shown.pressedOn(c, top) {
					shown.find(c, top).enter()
				}
				return true
			}
		}
	}
	return false
}

// passedOn gives ev to the dialog on top of the canvas where f has the
// keyboard, as DialogKey (Escape dismisses, Enter confirms), for a field
// that has no use for either; it reports whether the dialog took it.
// Escape in a window of CloseOnEscape's closes it.
func passedOn(f fyne.Focusable, ev *fyne.KeyEvent) bool {
	for _, c := range shown.canvases() {
		if c.Focused() == f {
			return DialogKey(c, ev)
		}
	}
	return ev.Name == fyne.KeyEscape && ownWindows.escape(f)
}

// Entry is a text field for a dialog: Escape in it dismisses the dialog
// as it does with nothing focused (widget.Entry ignores Escape).
type Entry struct{ widget.Entry }

// NewEntry is a one-line Entry, as widget.NewEntry.
func NewEntry() *Entry {
	e := &Entry{}
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.ExtendBaseWidget(e)
	return e
}

// NewMultiLineEntry is an Entry of several lines, as
// widget.NewMultiLineEntry.
func NewMultiLineEntry() *Entry {
	e := NewEntry()
	e.MultiLine = true
	return e
}

// TypedKey dismisses the dialog on Escape, confirms it on Enter when the
// field has no use for Enter (one line, no OnSubmitted), and edits
// otherwise.
func (e *Entry) TypedKey(ev *fyne.KeyEvent) {
	if !keyFor(e, ev, !e.MultiLine && e.OnSubmitted == nil) {
		e.Entry.TypedKey(ev)
	}
}

// TypedShortcut closes the dialog on Ctrl+W, as Escape does, and edits
// otherwise (copy, paste, undo…).
func (e *Entry) TypedShortcut(sh fyne.Shortcut) {
	if !closing(e, sh) {
		e.Entry.TypedShortcut(sh)
	}
}

// KeyDown notes Enter going down for the dialog, and selects as
// widget.Entry does with Shift.
func (e *Entry) KeyDown(ev *fyne.KeyEvent) {
	keyDown(e, ev)
	e.Entry.KeyDown(ev)
}

// keyFor passes ev on to the dialog of field f, Enter only when f has no
// use for it; it reports whether the dialog took it.
func keyFor(f fyne.Focusable, ev *fyne.KeyEvent, enterFree bool) bool {
	if enterFree {
		return passedOn(f, ev)
	}
	return escaped(f, ev)
}

// SelectEntry is a text field with a list of choices for a dialog, as
// widget.SelectEntry; Escape dismisses the dialog.
type SelectEntry struct{ widget.SelectEntry }

// NewSelectEntry is a SelectEntry offering options.
func NewSelectEntry(options []string) *SelectEntry {
	e := &SelectEntry{}
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.ExtendBaseWidget(e)
	e.SetOptions(options)
	return e
}

// TypedKey dismisses the dialog on Escape, confirms it on Enter when the
// field has no use for Enter, and edits otherwise.
func (e *SelectEntry) TypedKey(ev *fyne.KeyEvent) {
	if !keyFor(e, ev, !e.MultiLine && e.OnSubmitted == nil) {
		e.SelectEntry.TypedKey(ev)
	}
}

// TypedShortcut closes the dialog on Ctrl+W, as Escape does, and edits
// otherwise (copy, paste, undo…).
func (e *SelectEntry) TypedShortcut(sh fyne.Shortcut) {
	if !closing(e, sh) {
		e.SelectEntry.TypedShortcut(sh)
	}
}

// KeyDown notes Enter going down for the dialog, and selects as
// widget.SelectEntry does with Shift.
func (e *SelectEntry) KeyDown(ev *fyne.KeyEvent) {
	keyDown(e, ev)
	e.SelectEntry.KeyDown(ev)
}

// Check is a check box for a dialog: a click gives it the keyboard, and
// Escape then dismisses the dialog.
type Check struct{ widget.Check }

// NewCheck is a Check, as widget.NewCheck.
func NewCheck(label string, changed func(bool)) *Check {
	c := &Check{}
	c.Text, c.OnChanged = label, changed
	c.ExtendBaseWidget(c)
	return c
}

// TypedKey dismisses the dialog on Escape and confirms it on Enter.
func (c *Check) TypedKey(ev *fyne.KeyEvent) {
	if !passedOn(c, ev) {
		c.Check.TypedKey(ev)
	}
}

// KeyDown notes Enter going down for the dialog.
func (c *Check) KeyDown(ev *fyne.KeyEvent) { keyDown(c, ev) }

// KeyUp does nothing.
func (c *Check) KeyUp(*fyne.KeyEvent) {}

// Select is a drop-down list for a dialog: a click gives it the keyboard,
// and Escape then dismisses the dialog (its open list takes Escape itself).
type Select struct{ widget.Select }

// NewSelect is a Select, as widget.NewSelect.
func NewSelect(options []string, changed func(string)) *Select {
	s := &Select{}
	s.Options, s.OnChanged, s.PlaceHolder = options, changed, "(Select one)"
	s.ExtendBaseWidget(s)
	return s
}

// TypedKey dismisses the dialog on Escape, confirms it on Enter, and moves
// the choice otherwise.
func (s *Select) TypedKey(ev *fyne.KeyEvent) {
	if !passedOn(s, ev) {
		s.Select.TypedKey(ev)
	}
}

// KeyDown notes Enter going down for the dialog.
func (s *Select) KeyDown(ev *fyne.KeyEvent) { keyDown(s, ev) }

// KeyUp does nothing.
func (s *Select) KeyUp(*fyne.KeyEvent) {}
