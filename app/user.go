package app

import (
	"fmt"
	"os/user"
	"strings"

	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/app/settingsfile"
)

// startUser is the annotator the window starts with: -user, else stored,
// the name the store annotates under (MetaUser: the one last used in a
// window on it, or given to skein team with a folder), else the name
// remembered in the preferences, else the operating system's user name.
func (w *Window) startUser(stored string) string {
	if w.opt.User != "" {
		return w.opt.User
	}
	if stored != "" {
		return stored
	}
	if n, _ := w.prefName(); n != "" {
		return n
	}
	return osUser()
}

// prefName is the annotator's name the window's settings remember, ""
// where they remember none, or one no annotator may have (a
// skein-settings.json edited or mailed: "curated", "../x", a control
// character, a megabyte), which bad then says, the name not repeated.
func (w *Window) prefName() (name, bad string) {
	n := w.app.Preferences().String(prefUser)
	if n == "" {
		return "", ""
	}
	if err := annotate.ValidAnnotatorName(n); err != nil {
		return "", fmt.Sprintf("The name the window's settings remember (%s, field %q) is not an annotator's name (%v): it is not used.", settingsfile.Name, prefUser, err)
	}
	return annotate.NormalName(n), ""
}

// storeUser is the name the store annotates under, "" when it has none
// (or one no annotator may have, from before names were checked).
func (w *Window) storeUser() string {
	n, ok, err := w.st.Meta(MetaUser)
	if err != nil || !ok || annotate.ValidAnnotatorName(n) != nil {
		return ""
	}
	return n
}

// osUser is the operating system's name for the person at the keyboard.
func osUser() string {
	u, err := user.Current()
	if err != nil || u.Username == "" {
		return "annotator"
	}
	name := u.Username
	if i := strings.LastIndexAny(name, `\/`); i >= 0 { // DOMAIN\name on Windows
		name = name[i+1:]
	}
	return annotate.AnnotatorNameFrom(name)
}

// nameDialog is the first-start question for the annotator's name.
type nameDialog struct {
	entry *frame.Entry
	form  *frame.ConfirmDialog
}

// askName asks once for the name the user's spans are stored under, the
// operating system's user name filled in, and remembers the answer — or the
// filled-in name when the question is dismissed ("Use NAME" or Escape) — so
// it is never asked again.
func (w *Window) askName() {
	e := frame.NewEntry()
	e.SetText(w.user)
	e.Validator = func(s string) error {
		return annotate.ValidAnnotatorName(strings.TrimSpace(s))
	}
	// A Fyne field keeps its check to itself while it holds the keyboard,
	// so Start (and Enter) would take "curated" or "a/b" as typed: the
	// check is shown, and Start greyed out, as the name is typed.
	e.AlwaysShowValidationError = true
	item := widget.NewFormItem("Your name", e)
	item.HintText = "Your spans are stored under this name; colleagues see it."
	suggested := w.user
	form := frame.NewForm("Who is annotating?", "Start", "Use "+suggested, []*widget.FormItem{item},
		func(ok bool) {
			name := suggested
			if typed := strings.TrimSpace(e.Text); ok && annotate.ValidAnnotatorName(typed) == nil {
				name = annotate.NormalName(typed)
			}
			w.app.Preferences().SetString(prefUser, name)
			w.setUser(name)
			w.nameForm = nil
			w.focusView()
		}, w.win)
	// "Use NAME" accepts the name filled in: not the ✕ of a cancel.
	form.SetDismissIcon(nil)
	e.OnSubmitted = func(string) { form.Submit() } // Enter starts
	w.nameForm = &nameDialog{entry: e, form: form}
	// Escape is its dismiss button: the name filled in, so the window
	// always has its annotator.
	frame.ShowDialog(w.win, form)
	w.win.Canvas().Focus(e)
}
