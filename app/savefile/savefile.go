// Package savefile is skein's dialog for where to save a file. Fyne's own
// save dialog joins whatever is typed to the folder it shows, so a typed
// absolute path lands under that folder (issue 12.7). Here the typed text
// is the path: an absolute path is taken as it is, ~ and ~/… are the home
// folder, and anything else is relative to the folder shown above it
// (chosen with Fyne's folder dialog). The dialog says where the file will
// go as one types, and a path that cannot be saved to gets a dialog saying
// why, with the save dialog left open to fix it.
package savefile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate/formats"
	"github.com/skein-news/skein/app/frame"
)

// Resolve returns the file that typed stands for, shown with folder above
// it: typed itself when it is absolute, under home when it is ~ or starts
// with ~/, and otherwise joined to folder. Surrounding spaces are dropped.
func Resolve(folder, typed, home string) (string, error) {
	typed = strings.TrimSpace(typed)
	switch {
	case typed == "":
		return "", errors.New("type a file name")
	case typed == "~" || strings.HasPrefix(typed, "~/") || strings.HasPrefix(typed, "~"+string(filepath.Separator)):
		if home == "" {
			return "", fmt.Errorf("%s starts with ~ but the home folder is not known: type the whole path", typed)
		}
		return filepath.Join(home, typed[1:]), nil
	case filepath.IsAbs(typed):
		return filepath.Clean(typed), nil
	}
	return filepath.Join(folder, typed), nil
}

// Check reports why path cannot be saved to: it is a folder, a named pipe,
// a device or a socket (the save writes beside it and renames over it,
// which would replace it), it is in the folder storeDir ("" for none)
// where the store keeps its own files (a file saved over one of them
// destroys the store), or its folder does not exist or is not a folder. A
// file already there is no problem (the dialog asks before replacing it).
func Check(path, storeDir string) error {
	if st, err := os.Stat(path); err == nil {
		switch {
		case st.IsDir():
			return fmt.Errorf("%s is a folder: type a file name after it", path)
		case !st.Mode().IsRegular():
			return fmt.Errorf("cannot save %s: it is %s, not a file, and saving would replace it: choose a file", path, formats.FileKind(st.Mode()))
		}
	}
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("cannot save %s: the folder %s does not exist", path, dir)
	case err != nil:
		return fmt.Errorf("cannot save %s: %w", path, err)
	case !st.IsDir():
		return fmt.Errorf("cannot save %s: %s is a file, not a folder", path, dir)
	}
	if storeDir != "" {
		if sd, err := os.Stat(storeDir); err == nil && os.SameFile(st, sd) {
			return fmt.Errorf("cannot save %s: %s is the store's folder, which holds the store's own files: choose another folder", path, dir)
		}
	}
	return nil
}

// Options describe one save dialog.
type Options struct {
	Title   string // the dialog's title, like "Export skein"
	Confirm string // the confirm button, like "Export"; "Save" if empty
	Folder  string // the folder shown first; the home folder if empty or gone
	Name    string // the file name offered
	// Store is the store's folder, where nothing is saved (Check).
	Store string
}

// Dialog is an open save dialog.
type Dialog struct {
	win    fyne.Window
	d      *dialog.CustomDialog
	home   string
	folder string
	save   func(path string)
	store  string // the store's folder (Options.Store)

	// Folder shows the folder a typed name is relative to, Name the typed
	// text, Where the file it stands for (or what is wrong with it).
	Folder *widget.Label
	Name   *frame.Entry
	Where  *widget.Label
}

// Show opens a save dialog on win; save is called with the chosen path,
// once the person confirmed it and, for a file already there, agreed to
// replace it. Nothing is called if the dialog is cancelled.
func Show(win fyne.Window, opt Options, save func(path string)) *Dialog {
	home, _ := os.UserHomeDir()
	s := &Dialog{win: win, home: home, save: save, folder: opt.Folder, store: opt.Store}
	if st, err := os.Stat(s.folder); s.folder == "" || err != nil || !st.IsDir() {
		s.folder = home
	}
	s.Folder = widget.NewLabel(s.folder)
	s.Folder.Wrapping = fyne.TextWrapWord
	s.Name = frame.NewEntry()
	s.Name.SetText(opt.Name)
	s.Where = widget.NewLabel("")
	s.Where.Wrapping = fyne.TextWrapWord
	s.Name.OnChanged = func(string) { s.showWhere() }
	s.Name.OnSubmitted = func(string) { s.Confirm() }
	s.showWhere()

	choose := frame.NewButton("Choose folder…", theme.FolderOpenIcon(), s.chooseFolder)
	hint := widget.NewLabel("A name is saved in the folder above. A path starting with " +
		string(filepath.Separator) + " or ~" + string(filepath.Separator) + " is taken as it is.")
	hint.Wrapping = fyne.TextWrapWord
	hint.Importance = widget.LowImportance
	form := widget.NewForm(
		widget.NewFormItem("Folder", container.NewBorder(nil, nil, nil, choose, s.Folder)),
		widget.NewFormItem("File", s.Name),
		widget.NewFormItem("Saves to", s.Where),
	)
	content := container.NewVBox(form, hint)

	confirm := opt.Confirm
	if confirm == "" {
		confirm = "Save"
	}
	title := opt.Title
	if title == "" {
		title = "Save"
	}
	ok := frame.NewButton(confirm, theme.DocumentSaveIcon(), s.Confirm)
	ok.Importance = widget.HighImportance
	cancel := frame.NewButton("Cancel", theme.CancelIcon(), func() { s.d.Hide() })
	s.d = dialog.NewCustomWithoutButtons(title, frame.Fit(content, win), win)
	s.d.SetButtons([]fyne.CanvasObject{cancel, ok})
	s.d.Resize(fyne.NewSize(min(max(win.Canvas().Size().Width*0.7, 520), 760), 0))
	frame.ShowDialog(win, s.d) // Escape: Cancel
	win.Canvas().Focus(s.Name)
	return s
}

// Path is the file the typed text stands for now, or why there is none.
func (s *Dialog) Path() (string, error) { return Resolve(s.folder, s.Name.Text, s.home) }

// showWhere says where the typed text will save, so a path that would go
// somewhere unexpected is seen before it is confirmed.
func (s *Dialog) showWhere() {
	p, err := s.Path()
	if err != nil {
		s.Where.SetText(err.Error())
		return
	}
	s.Where.SetText(p)
}

// SetFolder shows dir as the folder a typed name is relative to.
func (s *Dialog) SetFolder(dir string) {
	s.folder = dir
	s.Folder.SetText(dir)
	s.showWhere()
}

// chooseFolder lets the person pick the folder with Fyne's folder dialog.
func (s *Dialog) chooseFolder() {
	f := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil {
			frame.ShowDialog(s.win, frame.NewError(err, s.win))
			return
		}
		if dir != nil {
			s.SetFolder(dir.Path())
		}
	}, s.win)
	if l, err := storage.ListerForURI(storage.NewFileURI(s.folder)); err == nil {
		f.SetLocation(l)
	}
	f.SetConfirmText("Choose")
	frame.ShowDialog(s.win, f)
	sz := s.win.Canvas().Size()
	f.Resize(fyne.NewSize(max(sz.Width*0.8, 640), max(sz.Height*0.8, 480)))
}

// Confirm saves to the typed path, as the confirm button and Enter do: a
// path that cannot be saved to is explained in a dialog and the save dialog
// stays open; a file already there is replaced only when the person agrees.
func (s *Dialog) Confirm() {
	p, err := s.Path()
	if err == nil {
		err = Check(p, s.store)
	}
	if err != nil {
		s.ask("Cannot save", frame.Capital(err.Error())+".", nil, "OK", nil)
		return
	}
	if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
		s.ask("Replace "+filepath.Base(p)+"?", p+" already exists. Replace it?", func() {
			s.d.Hide()
			s.save(p)
		}, "No", theme.CancelIcon())
		return
	}
	s.d.Hide()
	s.save(p)
}

// ask shows a message over the save dialog that the keyboard answers: the
// focused button (close, or "No" when yes is given) takes Enter or Space,
// Esc closes, and the file field has the keyboard again afterwards. Fyne's
// own message dialogs take no keys, so what one typed next went to the
// window behind them.
func (s *Dialog) ask(title, msg string, yes func(), close string, icon fyne.Resource) {
	text := widget.NewLabel(msg)
	text.Wrapping = fyne.TextWrapWord
	var d *dialog.CustomDialog
	done := func(then func()) func() {
		return func() {
			d.Hide()
			s.win.Canvas().Focus(s.Name)
			if then != nil {
				then()
			}
		}
	}
	no := newKeyButton(close, icon, done(nil))
	buttons := []fyne.CanvasObject{no}
	if yes != nil {
		replace := newKeyButton("Replace", theme.ConfirmIcon(), done(yes))
		replace.Importance = widget.DangerImportance
		replace.onEscape = no.OnTapped
		buttons = append(buttons, replace)
	}
	no.onEscape = no.OnTapped
	d = dialog.NewCustomWithoutButtons(title, frame.Fit(text, s.win), s.win)
	d.SetButtons(buttons)
	d.Resize(fyne.NewSize(min(max(s.win.Canvas().Size().Width*0.5, 420), 640), 0))
	frame.ShowDialogOnEscape(s.win, d, no.OnTapped) // its Escape key
	s.win.Canvas().Focus(no)
}

// keyButton is a button the keyboard presses: Enter and Space tap it, Esc
// calls onEscape.
type keyButton struct {
	widget.Button
	onEscape func()
}

func newKeyButton(label string, icon fyne.Resource, tapped func()) *keyButton {
	b := &keyButton{}
	b.Text, b.Icon, b.OnTapped = label, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey taps on Enter or Space and calls onEscape on Esc.
func (b *keyButton) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeySpace:
		b.OnTapped()
	case fyne.KeyEscape:
		if b.onEscape != nil {
			b.onEscape()
		}
	}
}

// Hide closes the dialog without saving.
func (s *Dialog) Hide() { s.d.Hide() }
