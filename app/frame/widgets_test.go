package frame

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

// A Text selects and copies as a selectable Label does, by a drag over it,
// but the keyboard stays with the Text: Escape then dismisses the dialog
// (the Label's own selection took the keyboard and ignored Escape).
func TestTextSelectsAndEscapes(t *testing.T) {
	win := escapeWindow(t)
	txt := NewText("blob.txt:1: binary content")
	d := dialog.NewCustom("Import", "Close", txt, win)
	ShowDialog(win, d)
	o := txt.over
	if o == nil {
		t.Fatal("the Text has no catcher over its Label")
	}
	// A press at the start and a drag over the first word, as the mouse does.
	o.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(2, 5)}, Button: desktop.MouseButtonPrimary})
	far := o.Size().Width * 0.3
	o.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(far, 5)}, Dragged: fyne.NewDelta(far-2, 0)})
	o.DragEnd()
	o.MouseUp(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(far, 5)}, Button: desktop.MouseButtonPrimary})
	c := win.Canvas()
	if c.Focused() != txt {
		t.Fatalf("after a drag the keyboard is on %T, want the Text", c.Focused())
	}
	sel := txt.SelectedText()
	if sel == "" || sel != "blob.txt:1: binary content"[:len(sel)] {
		t.Fatalf("the drag selected %q, want the text's start", sel)
	}
	txt.TypedShortcut(&fyne.ShortcutCopy{Clipboard: fyne.CurrentApp().Clipboard()})
	if got := fyne.CurrentApp().Clipboard().Content(); got != sel {
		t.Errorf("Ctrl+C copied %q, want %q", got, sel)
	}
	txt.TypedRune('x')
	txt.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	if txt.Text != "blob.txt:1: binary content" || c.Overlays().Top() == nil {
		t.Fatalf("keys changed the text (%q) or closed the dialog", txt.Text)
	}
	pressEscape(win)
	if c.Overlays().Top() != nil {
		t.Error("Escape with the Text holding the keyboard left the dialog up")
	}
}

// Tab leaves a Text for the next field, never for the Label's selection
// inside it, and Shift+Tab for the one before.
func TestTextTabsPastItsSelection(t *testing.T) {
	win := escapeWindow(t)
	before, after := NewEntry(), NewEntry()
	txt := NewText("read me")
	ShowDialog(win, dialog.NewCustom("Report", "Close", container.NewVBox(before, txt, after), win))
	c := win.Canvas()
	c.Focus(before)
	c.FocusNext()
	if c.Focused() != txt {
		t.Fatalf("Tab from the field before reached %T, want the Text", c.Focused())
	}
	txt.TypedKey(&fyne.KeyEvent{Name: fyne.KeyTab}) // the driver gives it Tab: AcceptsTab
	if c.Focused() != after {
		t.Fatalf("Tab from the Text reached %T, want the next field", c.Focused())
	}
	c.FocusPrevious()
	if c.Focused() != txt {
		t.Fatalf("Shift+Tab from the next field reached %T, want the Text", c.Focused())
	}
	txt.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	txt.TypedKey(&fyne.KeyEvent{Name: fyne.KeyTab})
	txt.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	if c.Focused() != before {
		t.Fatalf("Shift+Tab from the Text reached %T, want the field before", c.Focused())
	}
}

// A Radio chooses one option: clicking one unchooses the one before and
// says so once; clicking the one chosen unchooses it; Escape from an
// option dismisses the dialog and Enter confirms a confirm dialog.
func TestRadioChoosesOne(t *testing.T) {
	win := escapeWindow(t)
	var said []string
	r := NewRadio([]string{"bob", "carol", "dana"}, func(s string) { said = append(said, s) })
	r.SetSelected("bob")
	var answers []bool
	d := dialog.NewCustomConfirm("Adopt", "Adopt", "Cancel", r, func(ok bool) { answers = append(answers, ok) }, win)
	ShowConfirmDialog(win, d)
	box := r.Boxes()
	test.Tap(box[1])
	if r.Selected != "carol" || box[0].Checked || !box[1].Checked || box[2].Checked {
		t.Fatalf("after a click on carol: chosen %q, ticked %v %v %v", r.Selected, box[0].Checked, box[1].Checked, box[2].Checked)
	}
	test.Tap(box[1])
	if r.Selected != "" || box[1].Checked {
		t.Fatalf("carol clicked again: chosen %q, ticked %v; want none", r.Selected, box[1].Checked)
	}
	if want := []string{"bob", "carol", ""}; len(said) != 3 || said[0] != want[0] || said[1] != want[1] || said[2] != want[2] {
		t.Errorf("OnChanged heard %q, want %q", said, want)
	}
	test.Tap(box[2])
	if win.Canvas().Focused() != box[2] {
		t.Fatalf("after a click the keyboard is on %T, want dana's option", win.Canvas().Focused())
	}
	pressEscape(win)
	if win.Canvas().Overlays().Top() != nil || len(answers) != 1 || answers[0] {
		t.Fatalf("Escape on an option: dialog up %v, answers %v", win.Canvas().Overlays().Top() != nil, answers)
	}
	ShowConfirmDialog(win, d)
	win.Canvas().Focus(box[2])
	pressKey(win, fyne.KeyReturn)
	if win.Canvas().Overlays().Top() != nil || len(answers) != 2 || !answers[1] || r.Selected != "dana" {
		t.Errorf("Enter on an option: dialog up %v, answers %v, chosen %q", win.Canvas().Overlays().Top() != nil, answers, r.Selected)
	}
}

// A Button reached by Tab passes Escape to the dialog and keeps Space.
func TestButtonEscapes(t *testing.T) {
	win := escapeWindow(t)
	taps := 0
	b := NewButton("Import the rest", nil, func() { taps++ })
	ShowDialog(win, dialog.NewCustom("Refused", "Close", b, win))
	win.Canvas().Focus(b)
	pressKey(win, fyne.KeySpace)
	if taps != 1 || win.Canvas().Overlays().Top() == nil {
		t.Fatalf("Space: %d taps, dialog up %v; want one tap, the dialog up", taps, win.Canvas().Overlays().Top() != nil)
	}
	pressEscape(win)
	if win.Canvas().Overlays().Top() != nil || taps != 1 {
		t.Errorf("Escape on the button: dialog up %v, %d taps", win.Canvas().Overlays().Top() != nil, taps)
	}
}
