package app

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"

	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/app/settingsfile"
)

// keepSettings keeps the app's preferences — the window's settings — in
// settingsfile's skein-settings.json in Fyne's folder for the app, beside
// Fyne's own preferences.json, which a kill or a full disk during Fyne's
// save can leave empty or cut short. note says what could not be read, "" if all
// was; kept is nil where the preferences are not Fyne's.
func keepSettings(a fyne.App) (kept *settingsfile.File, note string) {
	p, ok := a.Preferences().(settingsfile.Prefs)
	if !ok {
		return nil, ""
	}
	dir := a.Storage().RootURI().Path()
	kept, problem := settingsfile.Keep(p, dir)
	if problem == "" {
		return kept, ""
	}
	fmt.Fprintln(os.Stderr, "skein: "+problem)
	// The status line names the file alone, so that what follows fits.
	return kept, sentence(strings.ReplaceAll(problem, dir+string(filepath.Separator), ""))
}

// settingsKept says on the status line what keepSettings could not read,
// and from now on when a save of the settings fails.
func (w *Window) settingsKept(kept *settingsfile.File, note string) {
	if note != "" {
		w.startNote = strings.TrimSpace(note + " " + w.startNote)
		w.setStatus(w.startNote)
	}
	if kept == nil {
		return
	}
	w.kept = kept
	kept.OnError = func(err error) {
		fmt.Fprintln(os.Stderr, "skein: "+err.Error())
		w.do(func() {
			w.setStatus(sentence(err.Error()) + " They are saved again at the next change and as you quit.")
		})
	}
}

// sentence is s with a capital and a full stop.
func sentence(s string) string {
	if s == "" {
		return s
	}
	return frame.Capital(s) + "."
}

// saveSettings, as the window quits, waits for the settings' saves, which
// run off the UI goroutine, and saves them again where the last one failed
// (a full disk since freed); not on the UI goroutine.
func (w *Window) saveSettings() {
	if w.kept == nil {
		return
	}
	if err := w.kept.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "skein: "+err.Error())
	}
}

// noteSettings says, as the window starts, a setting it does not use
// (msg, a sentence; "" for none): on stderr, and with what else the start
// has to say (startNote), which NewWindow puts on the status line.
func (w *Window) noteSettings(msg string) {
	if msg == "" {
		return
	}
	fmt.Fprintln(os.Stderr, "skein: "+msg)
	w.startNote = strings.TrimSpace(w.startNote + " " + msg)
}
