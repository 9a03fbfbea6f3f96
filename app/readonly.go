package app

import (
	"errors"

	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/store"
)

// A store the user cannot write (a read-only share or disk, a folder made
// chmod -w) is opened read-only (Options.ReadOnly, store.Options.ReadOnly):
// the window shows its articles, spans and threads, says "read-only" in
// its title and beside the annotator's name, and refuses every action that
// would write — a label key, undo, a done tick, a note, a thread, a
// review's decision, an import, the team folder, a new label — with
// readOnlyMessage in the status line, first (before what else it lacks, a
// selection, an item under review) and before anything is drawn or a dialog
// opens. What the window keeps for itself in the store
// (the annotator's name, the article open last, the labels' order) it
// keeps in memory only. Export, back up, Check store and agreement read,
// and work.

// readOnlyMessage is what the window says of an action it refused on a
// read-only store.
const readOnlyMessage = "This store is read-only (you cannot write into its folder): nothing in it can be changed. " +
	"To work on it, copy its folder somewhere you can write and start skein -store on the copy."

// quitFirst follows the status line's note of a store read-only for a
// write that could not be finished, whose way out (check
// -set-aside-unfinished) cannot run while the window holds the store.
const quitFirst = "Quit skein before you run that check: it needs the store to itself"

// labelHintReadOnly is what the label bar says after its buttons on a
// read-only store, where + is greyed out.
const labelHintReadOnly = "read-only: the labels are the colours' legend"

// readOnlyMark is what the title and the annotator's name carry on a
// read-only store.
const readOnlyMark = "read-only"

// refuseWrite says, on a read-only store, that the action cannot be done
// and reports true: the caller does nothing more.
func (w *Window) refuseWrite() bool {
	if !w.opt.ReadOnly {
		return false
	}
	w.setStatusWhole(w.readOnlyStatus())
	return true
}

// readOnlyStatus is what the status line says of the read-only store.
func (w *Window) readOnlyStatus() string {
	if w.opt.ReadOnlyWhy != "" {
		return frame.Capital(w.opt.ReadOnlyWhy) + "."
	}
	return readOnlyMessage
}

// readOnlyError reports whether err is the store refusing a write because
// it was opened read-only (an action refuseWrite did not stop).
func readOnlyError(err error) bool { return errors.Is(err, store.ErrReadOnly) }

// windowTitle is the window's title with the article titled doc open (""
// none).
func (w *Window) windowTitle(doc string) string {
	t := "skein"
	if w.opt.ReadOnly {
		t += " (" + readOnlyMark + ")"
	}
	if doc != "" {
		t += " — " + doc
	}
	return t
}

// whoText is what the status bar says of the annotator.
func (w *Window) whoText() string {
	if w.opt.ReadOnly {
		return readOnlyMark + " · annotator: " + w.user
	}
	return "annotator: " + w.user
}
