package frame

import (
	"errors"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// frame's dialogs answer as Fyne's did: the callback hears which button
// closed the dialog, then SetOnClosed's function runs; a form's confirm
// button, and Enter, do nothing while an item is invalid.
func TestConfirmDialogAnswersAsFynes(t *testing.T) {
	win := escapeWindow(t)
	var log []string
	name := NewEntry()
	name.Validator = func(s string) error {
		if s == "" {
			return errors.New("empty")
		}
		return nil
	}
	d := NewForm("New label", "Add", "Cancel", []*widget.FormItem{widget.NewFormItem("Name", name)}, func(ok bool) {
		log = append(log, "answer "+map[bool]string{true: "add", false: "cancel"}[ok])
	}, win)
	d.SetOnClosed(func() { log = append(log, "closed") })
	ShowConfirmDialog(win, d)
	win.Canvas().Focus(name)
	pressKey(win, "Return")
	if len(log) != 0 || win.Canvas().Overlays().Top() == nil {
		t.Fatalf("Enter with the name empty: %v, the dialog up %v; want nothing, up", log, win.Canvas().Overlays().Top() != nil)
	}
	test.Type(name, "Location")
	pressKey(win, "Return")
	if got := log; len(got) != 2 || got[0] != "answer add" || got[1] != "closed" {
		t.Errorf("Enter with a name: %v, want the answer, then closed", got)
	}
	if win.Canvas().Overlays().Top() != nil {
		t.Error("the dialog is still up")
	}

	log = nil
	q := NewConfirm("Cannot undo", "Drop it?", func(ok bool) { log = append(log, map[bool]string{true: "yes", false: "no"}[ok]) }, win)
	ShowConfirmDialog(win, q)
	win.Canvas().Focus(q.dismiss)
	pressEscape(win)
	if len(log) != 1 || log[0] != "no" || win.Canvas().Overlays().Top() != nil {
		t.Errorf("Escape on No: %v, the dialog up %v; want no, gone", log, win.Canvas().Overlays().Top() != nil)
	}
	// A message's OK, reached by Tab, takes Escape to the dialog.
	for _, d := range []*Message{NewInformation("Backup", "written", win), NewError(errors.New("disk full"), win)} {
		ShowDialog(win, d)
		win.Canvas().FocusNext()
		if _, ok := win.Canvas().Focused().(*Button); !ok {
			t.Fatalf("Tab put the keyboard on %T, want frame's OK", win.Canvas().Focused())
		}
		pressEscape(win)
		if win.Canvas().Overlays().Top() != nil {
			t.Error("Escape on OK left the message up")
		}
	}
}

// Capital makes the first letter a capital, whatever its length in bytes:
// a message beginning with a colleague's or a folder's name as spelled
// ("ümit", "ñandú") kept its first byte alone, a broken letter.
func TestCapital(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"this machine's folder", "This machine's folder"},
		{"ümit's folder is gone", "Ümit's folder is gone"},
		{"ñandú: 3 spans", "Ñandú: 3 spans"},
		{"ǆ", "ǅ"}, // a title case apart from its upper case: ToTitle's
		{"日本の記事", "日本の記事"},
		{"Already", "Already"},
		{"\xffbad", "\xffbad"},
	} {
		if got := Capital(tc.in); got != tc.want {
			t.Errorf("Capital(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestEnterClosesAMessage: a dialog of one button (OK, Close, a picker's
// Cancel) closes on Enter, as on Escape, whether nothing has the keyboard
// or Tab put it on the button; a dialog with a choice, shown the same way,
// stays up and hears nothing: Enter does not choose for the researcher.
func TestEnterClosesAMessage(t *testing.T) {
	win := escapeWindow(t)
	for _, key := range []fyne.KeyName{fyne.KeyReturn, fyne.KeyEnter} {
		for _, tab := range []bool{false, true} {
			for _, d := range []*Message{
				NewInformation("Backup", "written", win),
				NewError(errors.New("disk full"), win),
				NewCustom("About skein", "Close", widget.NewLabel("skein"), win),
			} {
				ShowDialog(win, d)
				if tab {
					win.Canvas().FocusNext()
					if _, ok := win.Canvas().Focused().(*Button); !ok {
						t.Fatalf("Tab put the keyboard on %T, want frame's button", win.Canvas().Focused())
					}
				}
				pressKey(win, key)
				if win.Canvas().Overlays().Top() != nil {
					t.Errorf("%s (Tab first %v) left the one-button dialog up", key, tab)
					d.Hide()
				}
			}
		}
	}
	var log []bool
	q := NewConfirm("Cannot undo", "Drop it?", func(ok bool) { log = append(log, ok) }, win)
	ShowDialog(win, q)
	pressKey(win, fyne.KeyReturn)
	if len(log) != 0 || win.Canvas().Overlays().Top() == nil {
		t.Errorf("Enter on a question shown by ShowDialog: answers %v, up %v; want none, still up", log, win.Canvas().Overlays().Top() != nil)
	}
	win.Canvas().FocusNext() // No
	pressKey(win, fyne.KeyReturn)
	if len(log) != 0 || win.Canvas().Overlays().Top() == nil {
		t.Errorf("Enter on its No button: answers %v, up %v; want none, still up", log, win.Canvas().Overlays().Top() != nil)
	}
	q.Dismiss()
}

// A message that comes up while Enter is held down, meant for what the
// researcher was typing, stays: that Enter's repeats (TypedKey with no
// KeyDown, as the desktop driver gives them) closed it unread, and
// confirmed a question shown by ShowConfirmDialog. An Enter pressed on it
// then closes it, as on one the user opened herself.
func TestEnterHeldBeforeAMessageLeavesItUp(t *testing.T) {
	win := escapeWindow(t)
	c := win.Canvas()
	enter := &fyne.KeyEvent{Name: fyne.KeyReturn}
	for _, tab := range []bool{false, true} {
		KeyDown(c, enter) // for the article: no dialog up yet
		d := NewInformation("Backup", "written", win)
		ShowDialog(win, d)
		if tab {
			c.FocusNext()
		}
		for i := 0; i < 3; i++ { // the held key's repeats
			if f := c.Focused(); f != nil {
				f.TypedKey(enter)
			} else {
				DialogKey(c, enter)
			}
		}
		if c.Overlays().Top() == nil {
			t.Fatalf("(Tab first %v) a message shown while Enter was held closed on its repeat", tab)
		}
		pressKey(win, fyne.KeyReturn)
		if c.Overlays().Top() != nil {
			t.Errorf("(Tab first %v) Enter pressed on the message left it up", tab)
			d.Hide()
		}
	}
	var log []bool
	KeyDown(c, enter)
	q := NewConfirm("Sync", "Import the rest?", func(ok bool) { log = append(log, ok) }, win)
	ShowConfirmDialog(win, q)
	DialogKey(c, enter)
	if len(log) != 0 || c.Overlays().Top() == nil {
		t.Errorf("a held Enter on a question shown meanwhile: answers %v, up %v; want none, still up", log, c.Overlays().Top() != nil)
	}
	pressKey(win, fyne.KeyReturn)
	if len(log) != 1 || !log[0] {
		t.Errorf("Enter pressed on the question: answers %v, want [true]", log)
	}
}
