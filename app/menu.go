package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/formats"
	"github.com/skein-news/skein/app/about"
	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/app/maintenance"
	"github.com/skein-news/skein/app/savefile"
	"github.com/skein-news/skein/app/transfer"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// prefExportFormat remembers the last export format chosen.
const prefExportFormat = "exportformat"

// Text sizes the View menu steps between.
const minTextSize, maxTextSize = 10, 32

// buildMenu makes the main menu: File, Edit, View, Threads, Review and Help.
func (w *Window) buildMenu(mode string) *fyne.MainMenu {
	shortcut := func(k fyne.KeyName, m fyne.KeyModifier) fyne.Shortcut {
		return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault | m}
	}
	quit := fyne.NewMenuItem("Quit", w.quit)
	quit.IsQuit = true
	quit.Shortcut = shortcut(fyne.KeyQ, 0)
	file := fyne.NewMenu("File",
		fyne.NewMenuItem("Import file…", w.showImportFile),
		fyne.NewMenuItem("Import folder…", w.showImportFolder),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Export…", w.showExport),
		fyne.NewMenuItemSeparator(),
		w.teamMenu(),
		fyne.NewMenuItemSeparator(),
		quit,
	)
	if w.opt.ImportSuggestions != nil { // a window with nothing to import them with leaves it out
		file.Items = slices.Insert(file.Items, 2, fyne.NewMenuItem("Import suggestions…", w.showImportSuggestions))
	}
	help := fyne.NewMenu("Help")
	if m := w.opt.Maintenance; m != nil {
		file.Items = slices.Insert(file.Items, len(file.Items)-1,
			fyne.NewMenuItem("Back up…", func() { maintenance.ShowBackup(m, host{w}) }),
			fyne.NewMenuItem("Restore…", func() { maintenance.ShowRestore(w.opt.Restore, host{w}) }),
			fyne.NewMenuItemSeparator())
		help.Items = append(help.Items, fyne.NewMenuItem("Check store…", func() { maintenance.ShowCheck(m, host{w}) }))
	}

	w.undoItem = fyne.NewMenuItem("Undo", w.undo)
	w.undoItem.Shortcut = &fyne.ShortcutUndo{}
	w.redoItem = fyne.NewMenuItem("Redo", w.redo)
	w.redoItem.Shortcut = shortcut(fyne.KeyZ, fyne.KeyModifierShift)
	done := fyne.NewMenuItem("Mark article done / not done", func() {
		if w.doc != nil {
			w.docList.ToggleDone(w.doc.ID)
		}
	})
	done.Shortcut = shortcut(fyne.KeyD, 0)
	edit := fyne.NewMenu("Edit", append([]*fyne.MenuItem{w.undoItem, w.redoItem, fyne.NewMenuItemSeparator(), done,
		fyne.NewMenuItemSeparator()}, w.searchMenuItems()...)...)

	w.themes = map[string]*fyne.MenuItem{}
	themeItem := func(label, m string) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, func() { w.setTheme(m) })
		it.Checked = m == mode
		w.themes[m] = it
		return it
	}
	larger := fyne.NewMenuItem("Larger text", func() { w.setTextSize(w.textSize + 1) })
	larger.Shortcut = shortcut(fyne.KeyEqual, 0)
	smaller := fyne.NewMenuItem("Smaller text", func() { w.setTextSize(w.textSize - 1) })
	smaller.Shortcut = shortcut(fyne.KeyMinus, 0)
	reset := fyne.NewMenuItem("Default text size", func() { w.setTextSize(defaultTextSize) })
	reset.Shortcut = shortcut(fyne.Key0, 0)
	// The themes are a submenu: nine items and two separators made View
	// taller than the least window (655×371, in review), and Fyne scrolls
	// a menu taller than the window with its last item cut.
	themes := fyne.NewMenuItem("Theme", nil)
	themes.ChildMenu = fyne.NewMenu("",
		themeItem("Light theme", themeLight),
		themeItem("Dark theme", themeDark),
		themeItem("Follow the system", themeSystem))
	view := fyne.NewMenu("View",
		themes,
		fyne.NewMenuItemSeparator(),
		larger, smaller, reset,
		fyne.NewMenuItemSeparator(),
		w.arcsMenuItem(),
		w.colleaguesMenuItem(),
		w.suggestionsMenuItem(),
	)
	if w.opt.README != "" {
		keys := fyne.NewMenuItem("Keyboard shortcuts", w.showKeys)
		keys.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyF1}
		help.Items = append([]*fyne.MenuItem{keys, fyne.NewMenuItemSeparator()}, help.Items...)
	}
	help.Items = append(help.Items, about.HelpMenu(w.win).Items...)
	w.mainMenu = fyne.NewMainMenu(file, edit, view, w.threadsMenu(), w.reviewMenu(), help)
	w.updateMenu()
	return w.mainMenu
}

// updateMenu names the change Undo and Redo would take back or make again.
func (w *Window) updateMenu() {
	if w.undoItem == nil {
		return
	}
	label := func(verb, desc string, ok bool) string {
		if ok && desc != "" {
			return verb + " " + desc
		}
		return verb
	}
	ud, uok := w.st.UndoTop(w.user)
	rd, rok := w.st.RedoTop(w.user)
	ul, rl := label("Undo", ud, uok), label("Redo", rd, rok)
	if ul == w.undoItem.Label && rl == w.redoItem.Label && w.undoItem.Disabled == !uok && w.redoItem.Disabled == !rok {
		return
	}
	w.undoItem.Label, w.undoItem.Disabled = ul, !uok
	w.redoItem.Label, w.redoItem.Disabled = rl, !rok
	w.mainMenu.Refresh()
}

// setTheme switches between the light, dark and system themes.
func (w *Window) setTheme(mode string) {
	w.app.Preferences().SetString(prefTheme, mode)
	w.app.Settings().SetTheme(&skeinTheme{mode: mode})
	for m, it := range w.themes {
		it.Checked = m == mode
	}
	w.mainMenu.Refresh()
}

// setTextSize changes the article's text size and remembers it.
func (w *Window) setTextSize(size float32) {
	size = min(max(size, minTextSize), maxTextSize)
	w.textSize = size
	w.view.SetTextSize(size)
	w.app.Preferences().SetFloat(prefTextSize, float64(size))
	w.setStatus(fmt.Sprintf("Text size %g", size))
}

// dialogSize is the size of file dialogs: most of the window.
func (w *Window) dialogSize() fyne.Size {
	s := w.win.Canvas().Size()
	return fyne.NewSize(max(s.Width*0.8, 640), max(s.Height*0.8, 480))
}

// showImportFile asks for one file to import.
func (w *Window) showImportFile() {
	if w.refuseWrite() {
		return
	}
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			w.fail("import", err)
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		w.importPaths([]string{path})
	}, w.win)
	d.SetTitleText("Import a file")
	d.SetConfirmText("Import")
	frame.ShowDialog(w.win, d) // a file dialog is built by Show: Resize before it panics
	d.Resize(w.dialogSize())
}

// showImportFolder asks for a folder to import.
func (w *Window) showImportFolder() {
	if w.refuseWrite() {
		return
	}
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil {
			w.fail("import", err)
			return
		}
		if dir == nil {
			return
		}
		w.importPaths([]string{dir.Path()})
	}, w.win)
	if start := w.importFolderStart(); start != nil {
		d.SetLocation(start)
	}
	d.SetTitleText("Import a folder")
	d.SetConfirmText("Import")
	frame.ShowDialog(w.win, d) // a file dialog is built by Show: Resize before it panics
	d.Resize(w.dialogSize())
}

// importURIs imports files dropped on the window.
func (w *Window) importURIs(uris []fyne.URI) {
	var paths []string
	for _, u := range uris {
		if u != nil && u.Path() != "" {
			paths = append(paths, u.Path())
		}
	}
	if len(paths) > 0 {
		w.importPaths(paths)
	}
}

// importPaths runs the import off the UI goroutine and reports what it
// did. A single folder laid out one folder per annotator (a brat project
// from a team) first asks whether each folder is its annotator's layer.
func (w *Window) importPaths(paths []string) {
	if len(paths) == 0 || w.refuseWrite() {
		return
	}
	w.app.Preferences().SetString(prefImportDir, filepath.Dir(filepath.Clean(paths[0])))
	if len(paths) == 1 {
		if names, ok := transfer.FolderLayers(paths[0]); ok {
			w.askLayersFromFolders(paths, names)
			return
		}
	}
	w.runImport(paths, transfer.ImportOptions{})
}

// askLayersFromFolders asks whether a folder of annotators' brat folders is
// imported as one layer each (-layers-from-folders) or all into the user's.
// Both buttons import; Escape imports nothing.
func (w *Window) askLayersFromFolders(paths, names []string) {
	msg := fmt.Sprintf("%s holds one brat folder per annotator: %s.\n\n"+
		"Import each folder as the layer of the annotator it is named after (to measure agreement between them), "+
		"or everything into your own layer (%s)?", filepath.Base(paths[0]), strings.Join(names, ", "), w.user)
	escaped := false
	d := frame.NewConfirm("One folder per annotator", msg, func(each bool) {
		if escaped {
			w.setStatus("Nothing imported.")
			return
		}
		w.runImport(paths, transfer.ImportOptions{LayersFromFolders: each})
	}, w.win)
	d.SetConfirmText("A layer per folder")
	d.SetDismissText("All into mine")
	frame.ShowDialogOnEscape(w.win, d, func() {
		escaped = true
		d.Hide()
	})
}

// prefImportDir is the folder that held the last import, where Import
// folder… opens next time (Fyne's file dialog remembers its own folder; its
// folder dialog does not).
const prefImportDir = "importdir"

// importFolderStart is where Import folder… opens: the folder that held the
// last import, while it exists.
func (w *Window) importFolderStart() fyne.ListableURI {
	dir := w.app.Preferences().String(prefImportDir)
	if dir == "" {
		return nil
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return nil
	}
	l, err := storage.ListerForURI(storage.NewFileURI(dir))
	if err != nil {
		return nil
	}
	return l
}

// runImport imports paths with opt's flags, as `skein import` does: with
// SkipInvalid what is good goes in and the rest is listed; Encoding decodes
// the plain-text files; Format names the format of files skein cannot tell.
func (w *Window) runImport(paths []string, opt transfer.ImportOptions) {
	if w.opt.Import == nil {
		w.setStatus("Importing is not available here.")
		return
	}
	if opt.User == "" { // else another name typed where the import was refused (showRefused)
		opt.User = w.user
	}
	what := paths[0]
	if len(paths) > 1 {
		what = fmt.Sprintf("%d items", len(paths))
	}
	if opt.Format != "" {
		what += " as " + opt.Format
	}
	if opt.Encoding != "" {
		what += " as " + opt.Encoding
	}
	w.setStatus("Importing " + what + "…")
	w.goBG(func(ctx context.Context) {
		summary, err := w.opt.Import(ctx, paths, opt)
		w.do(func() {
			var refused *transfer.Refused
			if errors.As(err, &refused) {
				w.showRefused(paths, opt, refused)
			} else if errors.Is(err, transfer.ErrNothing) {
				// Files of kinds skein cannot tell: the same dialog, which
				// offers a format to read them as.
				w.showRefused(paths, opt, &transfer.Refused{Problems: []error{err}})
			} else if err != nil {
				w.setStatus("Import failed.")
				w.showReport("Import failed", err.Error())
			} else {
				w.setStatus(firstLine(summary))
				w.showReport("Import", summary)
			}
			w.changed(everything)
		})
	})
}

// ImportEncodings are the encodings the window offers for plain-text files
// that are not UTF-8, the most common legacy one first; `skein import
// -encoding` takes these and any other WHATWG or IANA name.
var ImportEncodings = []string{
	"windows-1252", "latin1", "iso-8859-15", "iso-8859-2", "windows-1250",
	"windows-1251", "koi8-r", "utf-16", "shift_jis", "gb18030", "big5", "euc-kr",
}

// wantsEncoding tells whether err is a plain-text file that is not UTF-8:
// one that reading in another encoding can take in. A JSONL or JSON file
// must be UTF-8 whatever the encoding, so it is not one; nor is a UTF-8
// file with a byte of another encoding (transfer.ErrMixedEncoding).
func wantsEncoding(err error) bool {
	var le *annotate.LineError
	if !errors.Is(err, annotate.ErrNotUTF8) || errors.Is(err, transfer.ErrMixedEncoding) || !errors.As(err, &le) {
		return false
	}
	switch strings.ToLower(filepath.Ext(le.File)) {
	case ".txt", ".text":
		return true
	}
	return false
}

// wantsFormat tells whether err is a file or folder whose kind skein
// cannot tell: naming a format can take it in.
func wantsFormat(err error) bool {
	return errors.Is(err, transfer.ErrUnknownKind) || errors.Is(err, transfer.ErrNothing)
}

// problemText is a problem as the window shows it. The command line's
// advice to pass -encoding or -format, flags nobody in the window can type,
// gives way to the window's own: instead names the encoding choice, and a
// file of unknown kind is pointed at the format choice. below is whether
// the choices stand below the text, as in the refusal; the report of an
// import that left the problems out has none, so there the problem says
// to import it again to choose (a "choose below" over a lone Close sent
// the reader looking for what was not there).
func problemText(err error, instead string, below bool) string {
	choose := func(what string) string {
		if below {
			return " (choose " + what + " below)"
		}
		return " (import it again to choose " + what + ")"
	}
	s := err.Error()
	if i := strings.Index(s, " (try -encoding"); i >= 0 {
		rest := s[i:]
		if j := strings.IndexByte(rest, ')'); j >= 0 {
			rest = rest[j+1:]
		} else {
			rest = ""
		}
		s = s[:i] + rest
	}
	s = strings.TrimPrefix(s, transfer.ErrNothing.Error()+": ") // the dialog says so above
	for _, flag := range []string{"; or name one with -format", "; name another format with -format", transfer.LeaveFormatOut} {
		s = strings.Replace(s, flag, "", 1)
	}
	if instead != "" && wantsEncoding(err) {
		s += " (" + instead + ")"
	}
	if wantsFormat(err) {
		s += choose("a format")
	}
	if errors.Is(err, transfer.ErrOwnLayer) {
		for _, flag := range ownFlags {
			s = strings.Replace(s, flag, "", 1)
		}
		if below {
			s += " (choose below)"
		} else {
			s += choose("whose layer it goes in")
		}
	}
	if wantsOffsets(err) {
		if i := strings.Index(s, ": name the count with -offsets"); i >= 0 {
			s = s[:i]
		}
		s += choose("how they count")
	}
	return s
}

// ownFlags are the command line's advice in a refusal of your own layer
// (transfer.ErrOwnLayer): the window's buttons stand for -own, and the
// name typed beside them for -user or -annotator.
var ownFlags = []string{"; use -own to import it, or -user to import as someone else", "; use -own to import it, or -annotator to put it in another layer"}

// wantsOffsets tells whether err is a Label Studio region whose offsets
// the file does not say how to count: naming the count takes it in.
func wantsOffsets(err error) bool {
	return errors.Is(err, formats.ErrOffsetsUnit)
}

// importOffsets are the counts the window offers for wantsOffsets, with
// the -offsets each stands for.
var importOffsets = []struct{ name, flag string }{{"UTF-16 units", "utf16"}, {"code points", "codepoints"}}

// refusedStatus is the status line of an import that changed nothing.
func refusedStatus(refused *transfer.Refused) string {
	return "Nothing imported: " + annotate.Count(len(refused.Problems), "problem") + "."
}

// refusedText says why an import (of articles or of a model's
// suggestions) changed nothing, a problem an indented line, as skein
// import does; encoding is the one the files were read in, if chosen, and
// instead what to do rather than -encoding (problemText).
func refusedText(refused *transfer.Refused, encoding, instead string) string {
	n := len(refused.Problems)
	problems := annotate.Count(n, "problem")
	var b strings.Builder
	read := ""
	if encoding != "" {
		read = " (read as " + encoding + ")"
	}
	fix, these := "Fix them", "these"
	if n == 1 {
		fix, these = "Fix it", "it"
	}
	if refused.Rest {
		fmt.Fprintf(&b, "Nothing was imported%s: %s. %s and import again, or import the rest and leave %s out:", read, problems, fix, these)
	} else { // every file was bad: there is no rest to import
		fmt.Fprintf(&b, "Nothing was imported%s: %s. %s and import again:", read, problems, fix)
	}
	for _, p := range refused.Problems {
		b.WriteString("\n  " + problemText(p, instead, true))
	}
	return b.String()
}

// showRefused lists why an import changed nothing and offers to import the
// rest and, when plain-text files are not UTF-8, to read them in another
// encoding. The window has no -skip-invalid or -encoding flag to point at:
// the buttons are them.
func (w *Window) showRefused(paths []string, opt transfer.ImportOptions, refused *transfer.Refused) {
	w.setStatus(refusedStatus(refused))
	offer, offerFormat, offerOffsets, offerOwn, named := false, false, false, false, false
	for _, p := range refused.Problems {
		offer = offer || wantsEncoding(p)
		offerFormat = offerFormat || wantsFormat(p)
		offerOffsets = offerOffsets || wantsOffsets(p)
		if errors.Is(p, transfer.ErrOwnLayer) {
			offerOwn = true
			named = named || strings.Contains(p.Error(), ownFlags[0])
		}
	}
	var d *dialog.CustomDialog
	closeB := frame.NewButton("Close", theme.CancelIcon(), func() { d.Hide() })
	rest := frame.NewButton("Import the rest", theme.ConfirmIcon(), func() {
		d.Hide()
		o := opt
		o.SkipInvalid = true
		w.runImport(paths, o)
	})
	rest.Importance = widget.HighImportance
	buttons := []fyne.CanvasObject{closeB}
	if refused.Rest {
		buttons = append(buttons, rest)
	}
	var content fyne.CanvasObject = w.reportBody(refusedText(refused, opt.Encoding, "choose an encoding below"))
	// again offers to import once more with one flag chosen from a list:
	// the list under the problems, its button beside Close.
	again := func(label string, choices []string, set func(*transfer.ImportOptions, string)) {
		as := frame.NewButton("", theme.ConfirmIcon(), nil)
		as.Importance = widget.HighImportance
		sel := frame.NewSelect(choices, func(c string) { as.SetText("Import as " + c) })
		sel.SetSelected(choices[0])
		as.OnTapped = func() {
			d.Hide()
			o := opt
			set(&o, sel.Selected)
			w.runImport(paths, o)
		}
		content = container.NewVBox(content, container.NewBorder(nil, nil, widget.NewLabel(label), nil, sel))
		buttons = append(buttons, as)
	}
	if offer {
		rest.Importance = widget.MediumImportance // reading them is likelier what is wanted
		again("Encoding", ImportEncodings, func(o *transfer.ImportOptions, e string) { o.Encoding = e })
		hint := widget.NewLabel("Files that are not UTF-8 were probably saved in an older encoding. " +
			"They are read in the one chosen; files already in UTF-8 stay as they are.")
		hint.Wrapping = fyne.TextWrapWord
		content = container.NewVBox(content, hint)
	}
	if offerFormat {
		rest.Importance = widget.MediumImportance
		again("Read as", transfer.ImportFormats, func(o *transfer.ImportOptions, f string) { o.Format = f })
	}
	if offerOffsets {
		rest.Importance = widget.MediumImportance
		names := make([]string, len(importOffsets))
		for i, c := range importOffsets {
			names[i] = c.name
		}
		again("Offsets count", names, func(o *transfer.ImportOptions, name string) {
			for _, c := range importOffsets {
				if c.name == name {
					o.Offsets = c.flag
				}
			}
		})
	}
	if offerOwn {
		rest.Importance = widget.MediumImportance
		content, buttons = w.offerOwn(paths, opt, named, content, buttons, func() { d.Hide() })
	}
	d = dialog.NewCustomWithoutButtons("Import failed", frame.Fit(content, w.win), w.win)
	d.SetButtons(buttons)
	frame.ShowDialog(w.win, d) // Escape: Close
}

// offerOwn adds to a refusal of your own layer the command line's two ways
// past it: "Into my layer", -own, and a name typed for "Import as
// another", -user NAME where the file names your layer (named), else -annotator
// NAME, the layer its lines that name none go in. The name is checked as
// -user checks it; the button waits for one it takes. hide closes the
// refusal.
func (w *Window) offerOwn(paths []string, opt transfer.ImportOptions, named bool, content fyne.CanvasObject, buttons []fyne.CanvasObject, hide func()) (fyne.CanvasObject, []fyne.CanvasObject) {
	own := frame.NewButton("Into my layer", theme.ConfirmIcon(), func() {
		hide()
		o := opt
		o.Own = true
		w.runImport(paths, o)
	})
	// The button's text stays as it is: a long name typed in it ran past
	// its edge, over its neighbour's, in a window 800 px wide.
	as := frame.NewButton("Import as another", theme.ConfirmIcon(), nil)
	as.Disable()
	name := frame.NewEntry()
	name.SetPlaceHolder("another annotator's name")
	name.Validator = func(s string) error {
		s = strings.TrimSpace(s)
		if err := annotate.ValidAnnotatorName(s); err != nil {
			return err
		}
		if annotate.NormalName(s) == w.user {
			return fmt.Errorf("that is your own name")
		}
		return nil
	}
	name.OnChanged = func(s string) {
		if name.Validator(s) != nil {
			as.Disable()
			return
		}
		as.Enable()
	}
	as.OnTapped = func() {
		if name.Validator(name.Text) != nil {
			return
		}
		hide()
		o := opt
		if n := annotate.NormalName(strings.TrimSpace(name.Text)); named {
			o.User = n
		} else {
			o.Annotator = n
		}
		w.runImport(paths, o)
	}
	name.OnSubmitted = func(string) { as.OnTapped() }
	// What each does, said as the command line's README says it of
	// -own, -user and -annotator.
	also := "Or import as another annotator (the command line's -user): your layer in the file is then read as a colleague's is, taken where its copy is newer than yours, else yours kept."
	if !named {
		also = "Or put the lines that name no annotator in another annotator's layer (the command line's -annotator); yours stays as it is."
	}
	hint := widget.NewLabel("Into my layer: the file's spans and threads replace yours where they differ (the command line's -own). " + also)
	hint.Wrapping = fyne.TextWrapWord
	content = container.NewVBox(content, hint, container.NewBorder(nil, nil, widget.NewLabel("Name"), nil, name))
	return content, append(buttons, own, as)
}

// prefExportDir is the folder the last export went to, where the next
// export's file dialog opens.
const prefExportDir = "exportdir"

// showExport asks for a format, the layers and whether to add the threads,
// then for where to write it.
func (w *Window) showExport() {
	if w.opt.Export == nil || len(w.opt.Formats) == 0 {
		w.setStatus("Exporting is not available here.")
		return
	}
	// Threads are on by default: with them a skein JSONL export is the
	// bundle a colleague imports whole (`skein export -threads`). Only
	// skein's JSONL can hold them.
	threads := frame.NewCheck("Add the threads (a bundle for a colleague)", nil)
	threads.SetChecked(true)
	sel := frame.NewSelect(w.opt.Formats, func(f string) {
		if f == "skein" {
			threads.Enable()
		} else {
			threads.Disable()
		}
	})
	last := w.app.Preferences().String(prefExportFormat)
	sel.SetSelected(w.opt.Formats[0])
	for _, f := range w.opt.Formats {
		if f == last {
			sel.SetSelected(f)
		}
	}
	item := widget.NewFormItem("Format", sel)
	item.HintText = "brat and webanno write a folder; the others one file"
	mine := "My layer (" + w.user + ")"
	layerNames := []string{mine, "Curated (review decisions)", "Every layer"}
	layers := frame.NewSelect(layerNames, nil)
	layers.SetSelected(mine)
	threadsItem := widget.NewFormItem("Threads", threads)
	threadsItem.HintText = "skein JSONL only"
	d := frame.NewForm("Export the corpus", "Choose where…", "Cancel",
		[]*widget.FormItem{item, widget.NewFormItem("Spans", layers), threadsItem},
		func(ok bool) {
			if !ok || sel.Selected == "" {
				return
			}
			w.app.Preferences().SetString(prefExportFormat, sel.Selected)
			// The note of threads left out names the box, not -threads,
			// which nobody in the window can type.
			opt := transfer.ExportOptions{Format: sel.Selected, Threads: sel.Selected == "skein" && threads.Checked,
				ThreadsHow: "export again with Add the threads ticked"}
			switch layers.SelectedIndex() {
			case 0:
				opt.Annotators = []string{w.user}
			case 1:
				opt.Annotators = []string{annotate.CuratedLayer}
			} // every layer: nil
			w.exportTo(opt)
		}, w.win)
	d.Resize(fyne.NewSize(420, 0))
	// Enter does what the highlighted button does, as in the annotator
	// pickers: shown by ShowDialog, Enter did nothing here.
	frame.ShowConfirmDialog(w.win, d)
}

// exportStart is where the export's file dialog opens: the folder of the
// last export, while it exists.
func (w *Window) exportStart() fyne.ListableURI {
	dir := w.app.Preferences().String(prefExportDir)
	if dir == "" {
		return nil
	}
	l, err := storage.ListerForURI(storage.NewFileURI(dir))
	if err != nil {
		return nil
	}
	return l
}

// exportTo asks where to export: a folder for brat and webanno, a file
// otherwise.
func (w *Window) exportTo(opt transfer.ExportOptions) {
	format := opt.Format
	if formats.WritesFolder(format) {
		d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
			if err != nil {
				w.failDialog("Export failed", err)
				return
			}
			if dir != nil {
				w.app.Preferences().SetString(prefExportDir, dir.Path())
				opt.Dir = dir.Path()
				w.runExport(opt, dir.Path())
			}
		}, w.win)
		if start := w.exportStart(); start != nil {
			d.SetLocation(start)
		}
		d.SetTitleText("Export " + format + " into a folder")
		d.SetConfirmText("Export here")
		frame.ShowDialog(w.win, d)
		d.Resize(w.dialogSize())
		return
	}
	// skein's own save dialog: a typed absolute or ~/ path is honoured
	// (Fyne's joins it to the folder it shows, issue 12.7).
	name := "skein-" + format
	if format == "skein" {
		name = "skein"
	}
	savefile.Show(w.win, savefile.Options{
		Title:   "Export " + format,
		Confirm: "Export",
		Folder:  w.app.Preferences().String(prefExportDir),
		Name:    name + exportExt(format),
		Store:   w.storeDir(),
	}, func(where string) {
		w.app.Preferences().SetString(prefExportDir, filepath.Dir(where))
		if format == "hf" { // its label list goes beside the data: ner.jsonl → ner.labels.json
			opt.Dir = where
		}
		w.runExport(opt, where)
	})
}

// storeDir is the store's folder, where nothing may be saved; "" for a
// store without one.
func (w *Window) storeDir() string {
	if d, ok := w.st.(interface{ Dir() string }); ok {
		return d.Dir()
	}
	return ""
}

// failDialog reports a failure the person must see in a dialog, not only
// on the status bar.
func (w *Window) failDialog(title string, err error) {
	fyne.LogError(title, err)
	w.setStatus(title + ".")
	w.showReport(title, err.Error())
}

// exportExt is the file extension a format's file usually has.
func exportExt(format string) string {
	switch format {
	case "conll":
		return ".conll"
	case "labelstudio", "label-studio", "json":
		return ".json"
	}
	return ".jsonl"
}

// runExport writes the export off the UI goroutine and reports where it
// went and what the format could not hold. A file export is written beside
// where and renamed over it when whole (brat writes its folder, opt.Dir).
func (w *Window) runExport(opt transfer.ExportOptions, where string) {
	format := opt.Format
	w.setStatus("Exporting " + format + "…")
	w.goBG(func(ctx context.Context) {
		left, disk, err := w.export(ctx, opt, where)
		w.do(func() {
			if err != nil {
				w.setStatus("Export failed.")
				w.showReport("Export failed", err.Error())
				return
			}
			what := format
			if opt.Threads {
				what += " with the threads"
			}
			msg := fmt.Sprintf("Exported %s to %s.", what, where)
			if len(left) > 0 {
				// skein's JSONL holds everything: what it leaves out is
				// what was not asked for, the threads.
				// Each line says itself what was left out ("skein: 1
				// thread left out (…)"): the head says it once, not again.
				why := " on what the format cannot hold"
				if format == "skein" {
					why = ""
				}
				msg = fmt.Sprintf("Exported %s to %s, with %s%s:\n\n%s",
					what, where, annotate.Count(len(left), "note"), why, strings.Join(left, "\n"))
			}
			if disk != "" {
				// Of the disk, not the format: a paragraph of its own.
				msg += "\n\n" + disk
			}
			w.setStatus(firstLine(msg))
			w.showReport("Export", msg)
		})
	})
}

// export writes the export to where; brat and webanno write their folder,
// opt.Dir. disk is the note of an export on a disk that cannot lock
// (transfer.OutFile.LockNote), as skein export gives it; a folder
// export's writer gives it among its notes, and it is taken out of them
// (formats.DiskNotes): it was said as something brat cannot hold.
func (w *Window) export(ctx context.Context, opt transfer.ExportOptions, where string) (left []string, disk string, err error) {
	if formats.WritesFolder(opt.Format) {
		left, err = w.opt.Export(ctx, nil, opt)
		disk, left = formats.DiskNotes(opt.Format, left)
		return left, disk, err
	}
	out, err := transfer.CreateOut(where)
	if err != nil {
		return nil, "", err
	}
	if opt.Format == "hf" {
		// Its label list, which the export writes itself, kept in a
		// journal until the rows are in place (as the command line's).
		left, err = transfer.WriteKeeping(out, formats.LabelListPath(where), func(journal *formats.Keeper) ([]string, error) {
			opt.Perms = opt.Perms.Journaled(journal)
			return w.opt.Export(ctx, out, opt)
		})
		return left, out.LockNote(), err
	}
	left, err = w.opt.Export(ctx, out, opt)
	if err != nil {
		out.Abort()
		return left, "", err
	}
	return left, out.LockNote(), out.Commit()
}

// showReport shows a long message in a scrolling dialog, so a list of
// problems by file and line stays readable; Esc closes it.
func (w *Window) showReport(title, text string) {
	frame.ShowDialog(w.win, frame.NewCustom(title, "Close", w.reportBody(text), w.win))
}

// reportBody is text a person can read and copy, scrolling when it is long.
func (w *Window) reportBody(text string) fyne.CanvasObject {
	l := frame.NewText(frame.Shown(text))
	l.Wrapping = fyne.TextWrapWord
	// As tall as the text wrapped at the dialog's width (long file:line
	// messages take two lines), up to a limit, then it scrolls.
	const width, most = 520, 360
	l.Resize(fyne.NewSize(width, l.MinSize().Height))
	scroll := container.NewVScroll(l)
	scroll.SetMinSize(fyne.NewSize(width, min(l.MinSize().Height, most)))
	return scroll
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// threadsMenu is the Threads menu. Its single keys act in the article.
func (w *Window) threadsMenu() *fyne.Menu {
	keys := w.bindingItems("Threads") // add, link, next, previous
	return fyne.NewMenu("Threads",
		fyne.NewMenuItem("New thread from selection", w.th.NewFromSelection),
		keys[0], keys[1],
		fyne.NewMenuItem("Copy to my threads", w.th.CopyCurrent),
		fyne.NewMenuItemSeparator(),
		keys[2], keys[3],
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Show threads", w.th.ShowThreads),
		fyne.NewMenuItem("Show figures", w.th.ShowFigures),
	)
}
