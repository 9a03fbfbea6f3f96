package frame

import (
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
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

// ShowDialog shows d over win; Escape then dismisses it as its dismiss
// button does (Dismiss: Cancel, Close, or the file dialog's Cancel, which
// calls its callback with nothing chosen).
func ShowDialog(win fyne.Window, d dialog.Dialog) {
	ShowDialogOnEscape(win, d, d.Dismiss)
}

// ShowDialogOnEscape shows d over win with esc as what Escape does, for a
// dialog whose dismiss button is not a cancel (its two buttons are both
// answers): esc must close d.
func ShowDialogOnEscape(win fyne.Window, d dialog.Dialog, esc func()) {
	c := win.Canvas()
	before := c.Overlays().Top()
	d.Show()
	top := c.Overlays().Top()
	if top == nil || top == before {
		// Shown by the system (a native file dialog, which takes its
		// own Escape) or already up, and so already known.
		return
	}
	shown.add(c, top, esc)
}

// EscapeDialog dismisses the dialog on top of c, as its dismiss button
// would, when the topmost overlay is a dialog shown by ShowDialog; it
// reports whether it did. A pop-up menu or anything else on top is left
// to itself.
func EscapeDialog(c fyne.Canvas) bool {
	esc := shown.find(c, c.Overlays().Top())
	if esc == nil {
		return false
	}
	esc()
	return true
}

// dialogs are the overlays of the dialogs shown, by canvas, and what Escape
// does to each; one gone from its canvas is forgotten at the next look at
// that canvas, and a canvas with none is dropped. (A window closed with a
// dialog still up stays here, with what its Escape would do, until the
// program ends: skein closes its one window with a dialog up only to quit.)
type dialogs struct {
	mu sync.Mutex
	by map[fyne.Canvas]map[fyne.CanvasObject]func()
}

var shown dialogs

func (s *dialogs) add(c fyne.Canvas, overlay fyne.CanvasObject, esc func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.by == nil {
		s.by = map[fyne.Canvas]map[fyne.CanvasObject]func(){}
	}
	s.forgetGone(c)
	if s.by[c] == nil {
		s.by[c] = map[fyne.CanvasObject]func(){}
	}
	s.by[c][overlay] = esc
}

// find is what Escape does to overlay, nil when it is no dialog shown
// here (or nil).
func (s *dialogs) find(c fyne.Canvas, overlay fyne.CanvasObject) func() {
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
	for _, c := range shown.canvases() {
		if c.Focused() == f {
			return EscapeDialog(c)
		}
	}
	return false
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

// TypedKey dismisses the dialog on Escape and edits otherwise.
func (e *Entry) TypedKey(ev *fyne.KeyEvent) {
	if !escaped(e, ev) {
		e.Entry.TypedKey(ev)
	}
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

// TypedKey dismisses the dialog on Escape and edits otherwise.
func (e *SelectEntry) TypedKey(ev *fyne.KeyEvent) {
	if !escaped(e, ev) {
		e.SelectEntry.TypedKey(ev)
	}
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

// TypedKey dismisses the dialog on Escape.
func (c *Check) TypedKey(ev *fyne.KeyEvent) {
	if !escaped(c, ev) {
		c.Check.TypedKey(ev)
	}
}

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

// TypedKey dismisses the dialog on Escape and moves the choice otherwise.
func (s *Select) TypedKey(ev *fyne.KeyEvent) {
	if !escaped(s, ev) {
		s.Select.TypedKey(ev)
	}
}
