package frame

import (
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Fyne's dialog package makes the buttons of its dialogs itself (Cancel,
// OK, Close, Yes and No), Fyne's widget.Buttons, which take Escape and do
// nothing with it: once Tab had put the keyboard on one, Escape no longer
// closed the dialog. The dialogs below are Fyne's own, made by
// dialog.NewCustomWithoutButtons, with the same buttons in the same places
// made as frame.Buttons, which pass Escape to the dialog on top.

// ConfirmDialog is a dialog with a dismiss and a confirm button, as
// Fyne's dialog.ConfirmDialog and dialog.FormDialog.
type ConfirmDialog struct {
	*dialog.CustomDialog
	confirm, dismiss *Button
	callback         func(bool)
	closed           func()
	// invalid: a form's item is wrong; held: Hold keeps the confirm
	// button off whatever the items say.
	invalid, held bool
}

// NewCustomConfirm is dialog.NewCustomConfirm: content over a dismiss and
// a confirm button; callback is told which was pressed.
func NewCustomConfirm(title, confirm, dismiss string, content fyne.CanvasObject, callback func(bool), parent fyne.Window) *ConfirmDialog {
	d := &ConfirmDialog{CustomDialog: dialog.NewCustomWithoutButtons(title, Fit(content, parent), parent), callback: callback}
	d.dismiss = NewButton(dismiss, theme.CancelIcon(), d.Dismiss)
	d.confirm = NewButton(confirm, theme.ConfirmIcon(), d.Confirm)
	d.confirm.Importance = widget.HighImportance
	d.SetButtons([]fyne.CanvasObject{d.dismiss, d.confirm})
	return d
}

// NewConfirm is dialog.NewConfirm: a question, No and Yes.
func NewConfirm(title, message string, callback func(bool), parent fyne.Window) *ConfirmDialog {
	d := NewCustomConfirm(title, "Yes", "No", messageBody(message), callback, parent)
	d.SetIcon(theme.QuestionIcon())
	return d
}

// NewForm is dialog.NewForm: the items as a form over a dismiss and a
// confirm button, the confirm button off while an item is invalid.
func NewForm(title, confirm, dismiss string, items []*widget.FormItem, callback func(bool), parent fyne.Window) *ConfirmDialog {
	form := widget.NewForm(items...)
	d := NewCustomConfirm(title, confirm, dismiss, form, callback, parent)
	valid := func(err error) {
		d.invalid = err != nil
		d.offOrOn()
	}
	valid(form.Validate())
	form.SetOnValidationChanged(valid)
	return d
}

// Hold keeps the confirm button off while held, whatever a form's items
// say (what it confirms cannot be done now), and lets them say again once
// not.
func (d *ConfirmDialog) Hold(held bool) {
	d.held = held
	d.offOrOn()
}

func (d *ConfirmDialog) offOrOn() {
	if d.invalid || d.held {
		d.confirm.Disable()
	} else {
		d.confirm.Enable()
	}
}

// Confirm closes the dialog as its confirm button does, unless that is
// off (a form with an invalid item).
func (d *ConfirmDialog) Confirm() {
	if !d.confirm.Disabled() {
		d.answer(true)
	}
}

// Submit is Confirm, as a form dialog's.
func (d *ConfirmDialog) Submit() { d.Confirm() }

// Dismiss closes the dialog as its dismiss button does.
func (d *ConfirmDialog) Dismiss() { d.answer(false) }

// Hide closes the dialog as its dismiss button does, as Fyne's does.
func (d *ConfirmDialog) Hide() { d.answer(false) }

// SetOnClosed has closed called after the callback, whichever button
// closed the dialog.
func (d *ConfirmDialog) SetOnClosed(closed func()) { d.closed = closed }

// SetConfirmText and SetDismissText name the buttons.
func (d *ConfirmDialog) SetConfirmText(s string) { d.confirm.SetText(s) }
func (d *ConfirmDialog) SetDismissText(s string) { d.dismiss.SetText(s) }

// SetDismissIcon draws icon (nil: none) on the dismiss button in place of
// the cancel ✕, for a dialog whose dismiss button accepts something too.
func (d *ConfirmDialog) SetDismissIcon(icon fyne.Resource) { d.dismiss.SetIcon(icon) }

// answer closes the dialog and tells the callback, then closed, as
// Fyne's dialogs do.
func (d *ConfirmDialog) answer(ok bool) {
	d.CustomDialog.Hide()
	if d.callback != nil {
		d.callback(ok)
	}
	if d.closed != nil {
		d.closed()
	}
}

// Message is a dialog with one button, which closes it: OK, Close, or a
// picker's Cancel. ShowDialog has Enter close it as Escape does (Fyne's
// information dialogs took Escape alone, and a researcher pressing Enter
// on "Backup written" saw nothing happen); a dialog with a choice keeps
// Enter for its confirm button, or for nothing.
type Message struct {
	*dialog.CustomDialog
	busy func() bool
}

// Confirm closes the dialog, as its one button does.
func (m *Message) Confirm() { m.Hide() }

// KeepOnEnterWhile has Enter leave the dialog up while busy reports true:
// work its closing stops (Check store's check) is never stopped by Enter,
// only by its button or Escape.
func (m *Message) KeepOnEnterWhile(busy func() bool) { m.busy = busy }

// enter is what Enter does: close the dialog, unless it is busy.
func (m *Message) enter() {
	if m.busy == nil || !m.busy() {
		m.Confirm()
	}
}

// NewCustom is dialog.NewCustom: content over one button, dismiss, that
// closes it.
func NewCustom(title, dismiss string, content fyne.CanvasObject, parent fyne.Window) *Message {
	d := dialog.NewCustomWithoutButtons(title, Fit(content, parent), parent)
	d.SetButtons([]fyne.CanvasObject{NewButton(dismiss, nil, d.Hide)})
	return &Message{CustomDialog: d}
}

// NewInformation is dialog.NewInformation: a message and OK.
func NewInformation(title, message string, parent fyne.Window) *Message {
	d := NewCustom(title, "OK", messageBody(message), parent)
	d.SetIcon(theme.InfoIcon())
	return d
}

// NewError is dialog.NewError: the error, its first letter capital, and
// OK.
func NewError(err error, parent fyne.Window) *Message {
	d := NewCustom("Error", "OK", messageBody(Capital(err.Error())), parent)
	d.SetIcon(theme.ErrorIcon())
	return d
}

// messageWidth is the widest a message dialog's text runs before it
// wraps, as Fyne's text dialogs.
const messageWidth = 600

// messageBody is a dialog's message, centred, on one line where it fits
// messageWidth, else wrapped at it.
func messageBody(msg string) fyne.CanvasObject {
	l := widget.NewLabel(msg)
	l.Alignment = fyne.TextAlignCenter
	if l.MinSize().Width <= messageWidth {
		return l
	}
	l.Wrapping = fyne.TextWrapWord
	return container.New(widthLayout(messageWidth), l)
}

// widthLayout gives its one object a fixed width and the height it
// needs at that width.
type widthLayout float32

func (w widthLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	o := objs[0]
	if o.Size().Width != float32(w) {
		o.Resize(fyne.NewSize(float32(w), o.MinSize().Height))
	}
	return fyne.NewSize(float32(w), o.MinSize().Height)
}

func (w widthLayout) Layout(objs []fyne.CanvasObject, s fyne.Size) { objs[0].Resize(s) }

// Capital is s with its first letter a capital, as a sentence begins. A
// letter, not a byte: a message that begins with a name as it is spelled
// ("ümit's folder …", "ñandú") keeps its first letter whole.
func Capital(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError { // empty, or not UTF-8: as it is
		return s
	}
	return string(unicode.ToTitle(r)) + s[n:]
}
