package team

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/skein-news/skein/app/transfer"
	"github.com/skein-news/skein/store"
)

// ErrFolderGone: the team folder is not where it was connected (moved,
// renamed, or on a disk that is not plugged in). Errors that say so wrap
// it.
var ErrFolderGone = errors.New("is not there")

// folderThere checks, before a pass writes or reads, that the team folder
// is still where it was connected: its skein-team.json is there. A folder
// moved or renamed, or whose disk was unplugged, was made again by the
// next write, owner file and layer files in an otherwise empty folder that
// no copier shares (and which, under a mount point, hid the disk's own
// folder when it was plugged back); the work written there reached no one.
func folderThere(dir string) error {
	_, err := os.Stat(filepath.Join(dir, transfer.TeamMarker))
	if err == nil {
		return nil
	}
	gone := func(why string) error {
		return &goneError{msg: goneSaid(dir, why, "nothing is written in its place, and your work stays in the store, written to the folder when it is back"), dir: dir, why: why}
	}
	if !errors.Is(err, fs.ErrNotExist) {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return gone(fmt.Sprintf("its skein-team.json cannot be read (%v; a disk unplugged without being ejected?)", err))
	}
	if fi, derr := os.Stat(dir); derr == nil && fi.IsDir() {
		return gone("the folder holds no skein-team.json any more (emptied, or another folder in its place?)")
	}
	return gone("it was moved or renamed, or its disk is not plugged in")
}

// Away says why the team folder dir is not there (moved, renamed, its disk
// unplugged, emptied), or nil: the window's list and review keep to the
// assignment they read before while it is away, where the assign.json
// they could not find read as no assignment and the list stopped putting
// the user's articles first.
func Away(dir string) error { return folderThere(dir) }

// goneSaid is the one sentence every message of the team folder dir not
// there says it in (a sync, skein assign and File ▸ Team ▸ Assign…, a
// take): why it is not there (folderThere's), what was not done and what
// becomes of it (undone), and how to connect it where it moved. A take
// said the raw "take: open …/layers/alice/3f…: no such file or directory".
func goneSaid(dir, why, undone string) string {
	return fmt.Sprintf("team folder %s %v: %s; %s. If it moved, connect it where it is now: skein team FOLDER (in the window, File ▸ Team ▸ Folder…)", dir, ErrFolderGone, why, undone)
}

// goneError is the team folder not there (ErrFolderGone): msg as a sync
// says it, of the work it writes once the folder is back; dir and why for
// an assignment's write to say it of itself (AssignmentError).
type goneError struct{ msg, dir, why string }

func (e *goneError) Error() string { return e.msg }
func (e *goneError) Unwrap() error { return ErrFolderGone }

// AssignmentError is err as skein assign and File ▸ Team ▸ Assign… say
// it. The team folder not there (ErrFolderGone) said "your work stays in
// the store, written to the folder when it is back", true of a layer, but
// an assignment not written is kept nowhere (a store keeps only the last
// one read from the folder), and no sync writes it later.
func AssignmentError(err error) error {
	var g *goneError
	if !errors.As(err, &g) {
		return err
	}
	return &goneError{msg: goneSaid(g.dir, g.why, "this assignment was not written (nothing is written in its place), and one not written is kept nowhere, so no sync writes it later: "+
		"assign again once the folder is back"), dir: g.dir, why: g.why}
}

// AwayForAssign is Away's err as File ▸ Team ▸ Assign… says it in its
// form at once, with its Assign button off: the form had said nothing of
// the folder being away, and promised to write what only pressing Assign
// then said was not written.
func AwayForAssign(err error) string {
	var g *goneError
	if !errors.As(err, &g) {
		return err.Error()
	}
	return goneSaid(g.dir, g.why, "Assign is off, as an assignment is written only there, and one not written is kept nowhere for a sync to write later: "+
		"open this form again once the folder is back")
}

// TakeError is err as a take of the user's layer from machine says it
// (skein sync -take, the Team tab's button): the team folder not there
// (ErrFolderGone) said of a take the sync's "your work stays in the store,
// written to the folder when it is back", of work the take did not read.
func TakeError(err error, machine string) error {
	var g *goneError
	if !errors.As(err, &g) {
		return err
	}
	return &goneError{msg: goneSaid(g.dir, g.why, "nothing was read in from machine "+machine+"'s copy of your layer, which stays in the folder: "+
		"read it in again once the folder is back"), dir: g.dir, why: g.why}
}

// madeOnlyByConnect refuses to make the store's own team folder again
// where it holds no skein-team.json (folderThere): only the user naming a
// folder to join (Connect: skein team FOLDER, File ▸ Team ▸ Folder…) makes
// one. skein sync, skein assign and skein team without FOLDER made it again
// in the empty folder in its place, a disk's mount point while the disk
// is not plugged in, whose files then hid the disk's own folder once it
// was.
func madeOnlyByConnect(st *store.Store, dir string) error {
	if was, _ := Folder(st); was != dir {
		return nil
	}
	return folderThere(dir)
}

// IsTeamFolder says why dir, a folder not connected, is not a team folder
// (it holds no skein-team.json), or nil: a sync there would make it one,
// where an empty folder may be a disk's mount point, the disk not plugged
// in, and making a team folder is skein team FOLDER's.
func IsTeamFolder(dir string) error {
	_, err := os.Stat(filepath.Join(dir, transfer.TeamMarker))
	if !errors.Is(err, fs.ErrNotExist) {
		return nil // there, or a trouble Open says
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return nil // Open says it is not a folder
	}
	return fmt.Errorf("team folder %s is not a team folder: it holds no skein-team.json (an empty mount point, its disk not plugged in?); nothing was written there. "+
		"To make it a new team folder, connect it: skein team FOLDER (in the window, File ▸ Team ▸ Folder…)", dir)
}
