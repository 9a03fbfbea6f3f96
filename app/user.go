package app

import (
	"errors"
	"os/user"
	"strings"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/frame"
)

// startUser is the annotator the window starts with: -user, else the name
// remembered in the preferences, else the operating system's user name.
func (w *Window) startUser() string {
	if w.opt.User != "" {
		return w.opt.User
	}
	if n := w.app.Preferences().String(prefUser); n != "" {
		return n
	}
	return osUser()
}

// osUser is the operating system's name for the person at the keyboard.
func osUser() string {
	u, err := user.Current()
	if err != nil || u.Username == "" {
		return "annotator"
	}
	name := u.Username
	if i := strings.LastIndexByte(name, '\\'); i >= 0 { // DOMAIN\name on Windows
		name = name[i+1:]
	}
	return name
}

// nameDialog is the first-start question for the annotator's name.
type nameDialog struct {
	entry *frame.Entry
	form  *dialog.FormDialog
}

// askName asks once for the name the user's spans are stored under, the
// operating system's user name filled in, and remembers the answer — or the
// filled-in name when the question is dismissed ("Use NAME" or Escape) — so
// it is never asked again.
func (w *Window) askName() {
	e := frame.NewEntry()
	e.SetText(w.user)
	e.Validator = func(s string) error {
		s = strings.TrimSpace(s)
		if s == "" {
			return errors.New("a name is needed")
		}
		return annotate.ValidLabelName(s)
	}
	item := widget.NewFormItem("Your name", e)
	item.HintText = "Your spans are stored under this name; colleagues see it."
	suggested := w.user
	form := dialog.NewForm("Who is annotating?", "Start", "Use "+suggested, []*widget.FormItem{item},
		func(ok bool) {
			name := suggested
			if ok {
				name = strings.TrimSpace(e.Text)
			}
			w.app.Preferences().SetString(prefUser, name)
			w.setUser(name)
			w.nameForm = nil
			w.focusView()
		}, w.win)
	e.OnSubmitted = func(string) { form.Submit() } // Enter starts
	w.nameForm = &nameDialog{entry: e, form: form}
	// Escape is its dismiss button: the name filled in, so the window
	// always has its annotator.
	frame.ShowDialog(w.win, form)
	w.win.Canvas().Focus(e)
}
