package frame

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func escapeWindow(t *testing.T) fyne.Window {
	t.Helper()
	test.NewTempApp(t)
	win := test.NewTempWindow(t, widget.NewLabel("the article"))
	win.Resize(fyne.NewSize(900, 700))
	return win
}

// pressEscape sends Escape as the desktop driver does: to the focused
// widget, else to the window's handler, which here is DialogKey as the
// window's typedKey is.
func pressEscape(win fyne.Window) { pressKey(win, fyne.KeyEscape) }

// pressKey sends the key named as pressEscape sends Escape, its KeyDown
// first as the desktop driver does (to the focused widget when it is
// Keyable, to the canvas when nothing is focused).
func pressKey(win fyne.Window, name fyne.KeyName) {
	ev := &fyne.KeyEvent{Name: name}
	if f := win.Canvas().Focused(); f != nil {
		if k, ok := f.(desktop.Keyable); ok {
			k.KeyDown(ev)
		}
		f.TypedKey(ev)
		return
	}
	KeyDown(win.Canvas(), ev)
	DialogKey(win.Canvas(), ev)
}

// Escape takes a form's dismiss path (its callback hears false), from the
// window and from each kind of field, typed into or chosen.
func TestEscapeDismissesTheForm(t *testing.T) {
	for _, tc := range []struct {
		name  string
		field func() (fyne.Focusable, func())
	}{
		{"nothing focused", nil},
		{"entry", func() (fyne.Focusable, func()) {
			e := NewEntry()
			return e, func() { test.Type(e, "typed") }
		}},
		{"multi-line entry", func() (fyne.Focusable, func()) {
			e := NewMultiLineEntry()
			return e, func() { test.Type(e, "typed") }
		}},
		{"select entry", func() (fyne.Focusable, func()) {
			e := NewSelectEntry([]string{"supports"})
			return e, func() { test.Type(e, "typed") }
		}},
		{"check", func() (fyne.Focusable, func()) {
			c := NewCheck("threads", nil)
			return c, func() { c.SetChecked(true) }
		}},
		{"select", func() (fyne.Focusable, func()) {
			s := NewSelect([]string{"skein", "conll"}, nil)
			return s, func() { s.SetSelected("conll") }
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			win := escapeWindow(t)
			var item fyne.CanvasObject = widget.NewLabel("no field")
			var f fyne.Focusable
			var change func()
			if tc.field != nil {
				f, change = tc.field()
				item = f.(fyne.CanvasObject)
			}
			var answers []bool
			d := dialog.NewForm("Form", "Save", "Cancel", []*widget.FormItem{widget.NewFormItem("Field", item)},
				func(ok bool) { answers = append(answers, ok) }, win)
			ShowDialog(win, d)
			if f != nil {
				win.Canvas().Focus(f)
				change()
			}
			pressEscape(win)
			if top := win.Canvas().Overlays().Top(); top != nil {
				t.Fatal("Escape left the form up")
			}
			if len(answers) != 1 || answers[0] {
				t.Errorf("the form's callback heard %v, want its dismiss (false) once", answers)
			}
			// Shown again, it is Escape's again.
			ShowDialog(win, d)
			pressEscape(win)
			if win.Canvas().Overlays().Top() != nil || len(answers) != 2 {
				t.Errorf("shown again, Escape left it up or was not heard: %v", answers)
			}
		})
	}
}

// A field keeps the keys that are not Escape, and Escape in a field of no
// dialog does nothing.
func TestEscapeFieldsKeepOtherKeys(t *testing.T) {
	win := escapeWindow(t)
	e := NewEntry()
	win.SetContent(e)
	win.Canvas().Focus(e)
	test.Type(e, "abc")
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if e.Text != "ab" {
		t.Errorf("the entry says %q, want ab (Backspace edits, Escape leaves it)", e.Text)
	}
	s := NewSelect([]string{"a", "b"}, nil)
	s.SetSelected("a")
	win.SetContent(s)
	win.Canvas().Focus(s)
	s.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	if s.Selected != "b" {
		t.Errorf("Right in the select chose %q, want b", s.Selected)
	}
}

// Escape dismisses a file dialog as its Cancel does: the callback hears
// that nothing was chosen (FileDialog.Hide would tell it nothing at all).
func TestEscapeCancelsAFileDialog(t *testing.T) {
	win := escapeWindow(t)
	called, chose := 0, false
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		called++
		chose = r != nil || err != nil
	}, win)
	ShowDialog(win, d)
	pressEscape(win)
	if win.Canvas().Overlays().Top() != nil {
		t.Fatal("Escape left the file dialog up")
	}
	if called != 1 || chose {
		t.Errorf("the file dialog's callback ran %d times, with a choice %v; want once with none", called, chose)
	}
}

// Only the dialog on top is dismissed, and only one shown here: a pop-up
// menu over it, or a dialog not shown through ShowDialog, is left alone.
func TestEscapeOnlyTheTopDialog(t *testing.T) {
	win := escapeWindow(t)
	var under, over []bool
	d1 := dialog.NewConfirm("Under", "under", func(ok bool) { under = append(under, ok) }, win)
	d2 := dialog.NewConfirm("Over", "over", func(ok bool) { over = append(over, ok) }, win)
	ShowDialog(win, d1)
	ShowDialog(win, d2)
	pressEscape(win)
	if len(over) != 1 || len(under) != 0 || win.Canvas().Overlays().Top() == nil {
		t.Fatalf("Escape with two dialogs: over heard %v, under %v; want only the one on top dismissed", over, under)
	}

	menu := widget.NewPopUpMenu(fyne.NewMenu("", fyne.NewMenuItem("an item", nil)), win.Canvas())
	menu.Show()
	if EscapeDialog(win.Canvas()) || len(under) != 0 {
		t.Fatal("Escape with a pop-up menu on top dismissed the dialog under it")
	}
	pressEscape(win) // the menu has the keyboard: Fyne's own Escape closes it
	if win.Canvas().Overlays().Top() == menu || len(under) != 0 {
		t.Fatalf("Escape to the pop-up menu: menu still up %v, dialog heard %v", win.Canvas().Overlays().Top() == menu, under)
	}

	other := dialog.NewInformation("Not skein's", "shown by Show", win)
	other.Show()
	if EscapeDialog(win.Canvas()) {
		t.Error("Escape dismissed a dialog not shown through ShowDialog")
	}
	other.Hide()
	pressEscape(win)
	if win.Canvas().Overlays().Top() != nil || len(under) != 1 || under[0] {
		t.Errorf("the last Escape: dialog heard %v, want its dismiss once", under)
	}
}

// ShowDialogOnEscape runs what the caller gives instead of the dismiss
// button, for a dialog whose two buttons are both answers.
func TestEscapeOwnAction(t *testing.T) {
	win := escapeWindow(t)
	var answers []bool
	escaped := false
	d := dialog.NewConfirm("Both answers", "?", func(ok bool) {
		if !escaped {
			answers = append(answers, ok)
		}
	}, win)
	ShowDialogOnEscape(win, d, func() {
		escaped = true
		d.Hide()
	})
	pressEscape(win)
	if win.Canvas().Overlays().Top() != nil || len(answers) != 0 || !escaped {
		t.Errorf("Escape: up %v, answers %v, escaped %v; want it closed with no answer", win.Canvas().Overlays().Top() != nil, answers, escaped)
	}
}

// A dialog closed by its buttons is forgotten: the canvases known are
// those with a dialog up.
func TestEscapeForgetsClosedDialogs(t *testing.T) {
	win := escapeWindow(t)
	for range 3 {
		d := dialog.NewInformation("Info", "closed by its button", win)
		ShowDialog(win, d)
		d.Hide()
	}
	if EscapeDialog(win.Canvas()) {
		t.Error("Escape with no dialog up dismissed something")
	}
	for _, c := range shown.canvases() {
		if c == win.Canvas() {
			t.Error("a window whose dialogs are all closed is still known")
		}
	}
}

// Enter confirms a dialog shown by ShowConfirmDialog, as its confirm button
// does, from the window and from a field with no use for Enter; a field
// that has one (an entry's OnSubmitted, a new line) keeps it, and a dialog
// shown by ShowDialog is not confirmed by Enter.
func TestEnterConfirms(t *testing.T) {
	for _, tc := range []struct {
		name    string
		field   func() (fyne.Focusable, func() bool)
		confirm bool // Enter confirms the dialog
	}{
		{"nothing focused", nil, true},
		{"entry", func() (fyne.Focusable, func() bool) {
			return NewEntry(), nil
		}, true},
		{"entry with its own Enter", func() (fyne.Focusable, func() bool) {
			e, submitted := NewEntry(), false
			e.OnSubmitted = func(string) { submitted = true }
			return e, func() bool { return submitted }
		}, false},
		{"multi-line entry", func() (fyne.Focusable, func() bool) {
			e := NewMultiLineEntry()
			return e, func() bool { return e.Text == "\n" }
		}, false},
		{"select entry", func() (fyne.Focusable, func() bool) {
			return NewSelectEntry([]string{"supports"}), nil
		}, true},
		{"check", func() (fyne.Focusable, func() bool) {
			return NewCheck("bob", nil), nil
		}, true},
		{"select", func() (fyne.Focusable, func() bool) {
			return NewSelect([]string{"skein", "conll"}, nil), nil
		}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			win := escapeWindow(t)
			var item fyne.CanvasObject = widget.NewLabel("no field")
			var f fyne.Focusable
			var kept func() bool
			if tc.field != nil {
				f, kept = tc.field()
				item = f.(fyne.CanvasObject)
			}
			var answers []bool
			d := dialog.NewCustomConfirm("Pick", "Start", "Cancel", item, func(ok bool) { answers = append(answers, ok) }, win)
			ShowConfirmDialog(win, d)
			if f != nil {
				win.Canvas().Focus(f)
			}
			pressKey(win, fyne.KeyReturn)
			if !tc.confirm {
				if !kept() || len(answers) != 0 || win.Canvas().Overlays().Top() == nil {
					t.Errorf("Enter: the field's own use %v, the dialog heard %v; want the field's, the dialog up", kept(), answers)
				}
				return
			}
			if win.Canvas().Overlays().Top() != nil || len(answers) != 1 || !answers[0] {
				t.Errorf("Enter: dialog up %v, heard %v; want it confirmed once", win.Canvas().Overlays().Top() != nil, answers)
			}
		})
	}
	// ShowDialog's dialogs are not confirmed by Enter (Escape still
	// dismisses them).
	win := escapeWindow(t)
	var answers []bool
	d := dialog.NewConfirm("Delete?", "an answer that Enter must not give", func(ok bool) { answers = append(answers, ok) }, win)
	ShowDialog(win, d)
	pressKey(win, fyne.KeyEnter)
	if win.Canvas().Overlays().Top() == nil || len(answers) != 0 {
		t.Errorf("Enter in a dialog shown by ShowDialog: closed %v, heard %v", win.Canvas().Overlays().Top() == nil, answers)
	}
	pressEscape(win)
	if len(answers) != 1 || answers[0] {
		t.Errorf("Escape after Enter: heard %v, want the dismiss", answers)
	}
}
