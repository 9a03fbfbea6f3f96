package frame

import (
	"image/color"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Button is a button for a dialog: Tab gives it the keyboard, and Escape
// then dismisses the dialog, as from frame's fields (widget.Button takes
// Space alone, and Escape did nothing). Enter on a button is not the
// dialog's confirm, except in a Message, whose one button closes it.
type Button struct{ widget.Button }

// NewButton is a Button, as widget.NewButtonWithIcon (icon may be nil).
func NewButton(label string, icon fyne.Resource, tapped func()) *Button {
	b := &Button{}
	b.Text, b.Icon, b.OnTapped = label, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey dismisses the dialog on Escape, closes a Message on Enter, and
// presses the button on Space.
func (b *Button) TypedKey(ev *fyne.KeyEvent) {
	if !escaped(b, ev) && !closedMessage(b, ev) {
		b.Button.TypedKey(ev)
	}
}

// KeyDown notes Enter going down for the dialog (only one on top then is
// closed by it).
func (b *Button) KeyDown(ev *fyne.KeyEvent) { keyDown(b, ev) }

// KeyUp does nothing.
func (b *Button) KeyUp(*fyne.KeyEvent) {}

// Radio is a choice of one of Options for a dialog, as a vertical
// widget.RadioGroup: Escape and Enter with one of its options holding the
// keyboard reach the dialog as from any of frame's fields (the options of
// widget.RadioGroup are Fyne's own and took neither). Each option is a
// Check drawn as a radio button; choosing one unchooses the others, and a
// click on the one chosen unchooses it, as in a RadioGroup that is not
// Required.
type Radio struct {
	widget.BaseWidget
	Options   []string
	Selected  string
	OnChanged func(string)

	boxes   []*Check
	setting bool // SetSelected is ticking the boxes: their changes are its own
}

// NewRadio is a Radio offering options, none chosen.
func NewRadio(options []string, changed func(string)) *Radio {
	r := &Radio{Options: options, OnChanged: changed}
	for _, o := range options {
		r.boxes = append(r.boxes, NewCheck(o, func(on bool) {
			if r.setting {
				return
			}
			switch {
			case on:
				r.SetSelected(o)
			case o == r.Selected:
				r.SetSelected("")
			}
		}))
	}
	r.ExtendBaseWidget(r)
	return r
}

// SetSelected chooses option s ("" for none) and tells OnChanged when it
// changed.
func (r *Radio) SetSelected(s string) {
	if s == r.Selected {
		r.tick()
		return
	}
	r.Selected = s
	r.tick()
	if r.OnChanged != nil {
		r.OnChanged(s)
	}
}

// tick shows the option chosen as the one ticked.
func (r *Radio) tick() {
	r.setting = true
	defer func() { r.setting = false }()
	for i, b := range r.boxes {
		b.SetChecked(r.Options[i] == r.Selected)
	}
}

// Boxes are the options' check boxes, in order, for tests to click.
func (r *Radio) Boxes() []*Check { return r.boxes }

// CreateRenderer lays the options out one under another, drawn as radio
// buttons.
func (r *Radio) CreateRenderer() fyne.WidgetRenderer {
	col := container.NewVBox()
	for _, b := range r.boxes {
		col.Add(b)
	}
	return widget.NewSimpleRenderer(container.NewThemeOverride(col, radioLook{}))
}

// radioLook is the app's theme with a check box's icons swapped for a
// radio button's.
type radioLook struct{}

// appTheme is the app's theme (theme.Current, while radioLook draws, is
// radioLook itself).
func appTheme() fyne.Theme {
	if th := fyne.CurrentApp().Settings().Theme(); th != nil {
		return th
	}
	return theme.DefaultTheme()
}

func (radioLook) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return appTheme().Color(n, v)
}

func (radioLook) Font(s fyne.TextStyle) fyne.Resource { return appTheme().Font(s) }

func (radioLook) Size(n fyne.ThemeSizeName) float32 { return appTheme().Size(n) }

func (radioLook) Icon(n fyne.ThemeIconName) fyne.Resource {
	switch n {
	case theme.IconNameCheckButton:
		n = theme.IconNameRadioButton
	case theme.IconNameCheckButtonChecked:
		n = theme.IconNameRadioButtonChecked
	case theme.IconNameCheckButtonFill:
		n = theme.IconNameRadioButtonFill
	}
	return appTheme().Icon(n)
}

// CloseOnEscape makes Escape and Ctrl+W (CloseShortcut) close win, a
// window of skein's own beside the main one (the agreement report): with
// nothing in it holding the keyboard, and with one of frame's fields or
// buttons, or a table, holding it. Ctrl+W had done nothing there, where a
// researcher closes a window by it.
func CloseOnEscape(win fyne.Window) {
	c := win.Canvas()
	ownWindows.add(c, win)
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if ev.Name == fyne.KeyEscape {
			win.Close()
		}
	})
	c.AddShortcut(CloseShortcut, func(fyne.Shortcut) { win.Close() })
}

// CloseShortcut is Ctrl+W (Cmd+W on a Mac): it closes what Escape closes,
// the dialog on top (CloseDialogOnShortcut) or a window of CloseOnEscape's,
// never the main window (Ctrl+Q quits).
var CloseShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyW, Modifier: fyne.KeyModifierShortcutDefault}

// CloseDialogOnShortcut makes Ctrl+W on win's canvas dismiss the dialog on
// top as Escape does; with none up it does nothing.
func CloseDialogOnShortcut(win fyne.Window) {
	c := win.Canvas()
	c.AddShortcut(CloseShortcut, func(fyne.Shortcut) { EscapeDialog(c) })
}

// closing reports whether s is CloseShortcut, for a field that takes
// shortcuts itself (and so keeps them from the canvas's): it then passes
// it on as Escape.
func closing(f fyne.Focusable, s fyne.Shortcut) bool {
	if s.ShortcutName() != CloseShortcut.ShortcutName() {
		return false
	}
	passedOn(f, &fyne.KeyEvent{Name: fyne.KeyEscape})
	return true
}

// windows are the windows CloseOnEscape was given, by canvas; one closed
// is forgotten at the next look.
type windows struct {
	mu sync.Mutex
	by map[fyne.Canvas]fyne.Window
}

var ownWindows windows

func (s *windows) add(c fyne.Canvas, win fyne.Window) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.by == nil {
		s.by = map[fyne.Canvas]fyne.Window{}
	}
	s.by[c] = win
}

// escape closes the window where f holds the keyboard, when it is one of
// CloseOnEscape's; it reports whether it did.
func (s *windows) escape(f fyne.Focusable) bool {
	s.mu.Lock()
	open := map[fyne.Window]bool{}
	for _, w := range fyne.CurrentApp().Driver().AllWindows() {
		open[w] = true
	}
	var win fyne.Window
	for c, w := range s.by {
		switch {
		case !open[w]:
			delete(s.by, c)
		case c.Focused() == f:
			win = w
		}
	}
	s.mu.Unlock()
	if win == nil {
		return false
	}
	win.Close()
	return true
}

// Text is text a person can read, select and copy in a dialog, as a
// widget.Label with Selectable set, drawn and selected by that Label's own
// selection; but the keyboard comes to the Text itself, on a click, a drag
// or Tab, and Escape then dismisses the dialog and Enter confirms it (the
// Label's selection took the keyboard and ignored both). Tab and Shift+Tab
// leave it for the next field, never for the selection inside.
type Text struct {
	widget.Label
	sel   textSelection // the Label's own: draws, selects and copies
	over  *textCatcher  // over the Label: its mouse goes to sel, its keyboard to the Text
	shift bool          // Shift is held, for Tab
}

// textSelection is what a selectable Label's selection does.
type textSelection interface {
	fyne.Widget
	fyne.Focusable
	fyne.Shortcutable
	fyne.Draggable
	fyne.DoubleTappable
	fyne.SecondaryTappable
	desktop.Mouseable
}

// NewText is a Text showing s (set Wrapping to wrap it).
func NewText(s string) *Text {
	t := &Text{}
	t.Text, t.Selectable = s, true
	t.ExtendBaseWidget(t)
	return t
}

// CreateRenderer is the Label's, with the catcher of its mouse on top.
func (t *Text) CreateRenderer() fyne.WidgetRenderer {
	t.Selectable = true
	r := t.Label.CreateRenderer()
	for _, o := range r.Objects() {
		if s, ok := o.(textSelection); ok {
			t.sel = s
		}
	}
	if t.sel == nil { // a Fyne whose Label selects otherwise: a plain Label
		return r
	}
	t.sel.Hide() // out of Tab's way until the Text has the keyboard
	t.over = &textCatcher{t: t}
	t.over.ExtendBaseWidget(t.over)
	return &textRenderer{WidgetRenderer: r, over: t.over}
}

type textRenderer struct {
	fyne.WidgetRenderer
	over *textCatcher
}

func (r *textRenderer) Layout(s fyne.Size) {
	r.WidgetRenderer.Layout(s)
	r.over.Resize(s)
}

func (r *textRenderer) Objects() []fyne.CanvasObject {
	return append(r.WidgetRenderer.Objects(), r.over)
}

// keep gives the keyboard to the Text where the selection took it.
func (t *Text) keep() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(t); c != nil && c.Focused() != t {
		c.Focus(t)
	}
}

// FocusGained shows the selection as focused.
func (t *Text) FocusGained() {
	if t.sel != nil {
		t.sel.Show()
		t.sel.FocusGained()
	}
}

// FocusLost hides the selection, and the selection from Tab.
func (t *Text) FocusLost() {
	if t.sel != nil {
		t.sel.FocusLost()
		t.sel.Hide()
	}
}

// TypedRune does nothing: the text is read, not edited.
func (t *Text) TypedRune(rune) {}

// TypedKey gives Escape and Enter to the dialog, and Tab to the next field
// (Shift+Tab the one before), past the selection.
func (t *Text) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name != fyne.KeyTab {
		passedOn(t, ev)
		return
	}
	c := fyne.CurrentApp().Driver().CanvasForObject(t)
	if c == nil || c.Focused() != t {
		return
	}
	t.FocusLost() // hidden now, so the walk passes it
	if t.shift {
		c.FocusPrevious()
	} else {
		c.FocusNext()
	}
	if c.Focused() == t { // the only field: keep it shown as focused
		t.FocusGained()
	}
}

// AcceptsTab takes Tab, for TypedKey to pass the selection by.
func (t *Text) AcceptsTab() bool { return true }

// KeyDown notes Shift, for Shift+Tab, and Enter going down for the
// dialog.
func (t *Text) KeyDown(ev *fyne.KeyEvent) {
	keyDown(t, ev)
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		t.shift = true
	}
}

// KeyUp notes Shift let go.
func (t *Text) KeyUp(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		t.shift = false
	}
}

// TypedShortcut copies the selection (Ctrl+C), as the Label does; Ctrl+W
// closes the dialog, as Escape does.
func (t *Text) TypedShortcut(s fyne.Shortcut) {
	if closing(t, s) {
		return
	}
	if t.sel != nil {
		t.sel.TypedShortcut(s)
	}
}

// textCatcher lies over a Text's Label: it gives the mouse to the Label's
// selection, which selects, and then the keyboard back to the Text.
type textCatcher struct {
	widget.BaseWidget
	t *Text
}

func (o *textCatcher) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

func (o *textCatcher) Cursor() desktop.Cursor { return desktop.TextCursor }

func (o *textCatcher) MouseDown(ev *desktop.MouseEvent) {
	o.t.sel.MouseDown(ev)
	o.t.keep()
}

func (o *textCatcher) MouseUp(ev *desktop.MouseEvent) { o.t.sel.MouseUp(ev) }

func (o *textCatcher) Dragged(ev *fyne.DragEvent) {
	o.t.keep()
	o.t.sel.Dragged(ev)
	o.t.keep()
}

func (o *textCatcher) DragEnd() { o.t.sel.DragEnd() }

func (o *textCatcher) DoubleTapped(ev *fyne.PointEvent) {
	o.t.keep()
	o.t.sel.DoubleTapped(ev)
	o.t.keep()
}

func (o *textCatcher) Tapped(*fyne.PointEvent) { o.t.keep() }

func (o *textCatcher) TappedSecondary(ev *fyne.PointEvent) {
	o.t.keep()
	o.t.sel.TappedSecondary(ev)
}
