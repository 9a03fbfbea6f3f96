package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// A store the user cannot write (on a read-only share or disk, a DVD, a
// colleague's folder, an archive made chmod -w) is opened with
// Options.ReadOnly: Badger reads it under a shared lock, so that readers
// run beside each other, and writes nothing into its folder, not even its
// lock's pid file; every write is refused with a *ReadOnlyError.

// ErrReadOnly: the store was opened read-only (Options.ReadOnly), so
// nothing can be changed in it; nothing was written.
var ErrReadOnly = errors.New("store is read-only")

// ErrUnclean: a store to be opened read-only was not closed cleanly, and
// finishing what it left means writing into its folder.
var ErrUnclean = errors.New("store was not closed cleanly")

// ReadOnlyError is what a write to a store opened read-only returns. It
// wraps ErrReadOnly.
type ReadOnlyError struct {
	Dir string
}

// Error says why and what to do.
func (e *ReadOnlyError) Error() string {
	return fmt.Sprintf("store %s is open read-only (you cannot write into its folder), so nothing can be changed in it: "+
		"copy the folder somewhere you can write and give that to -store", e.Dir)
}

// Unwrap lets errors.Is(err, ErrReadOnly) match.
func (e *ReadOnlyError) Unwrap() error { return ErrReadOnly }

// CannotWrite reports whether dir is an existing store folder this user
// cannot write into (or one of Badger's files in it), where it
// must be opened with Options.ReadOnly to be read at all. A folder that
// does not exist is not; on systems where Badger cannot open a store
// read-only (Windows), none is.
func CannotWrite(dir string) bool {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return false
	}
	return writeDenied(dir) != nil
}

// badgerFile reports whether name is one of the files Badger writes in a
// store folder.
func badgerFile(name string) bool {
	switch filepath.Ext(name) {
	case ".sst", ".vlog", ".mem":
		return true
	}
	switch name {
	case "MANIFEST", "KEYREGISTRY", "DISCARD", "LOCK":
		return true
	}
	return false
}

// ReadOnly reports whether the store was opened with Options.ReadOnly.
func (s *Store) ReadOnly() bool { return s.opt.ReadOnly && !s.opt.InMemory }

// uncleanError says that the store in dir, to be opened read-only, holds
// what a kill left (what names the file or what it is) for the next
// writable open to finish.
func uncleanError(dir, what string) error {
	return fmt.Errorf("cannot open store %s read-only: it was not closed cleanly (skein was killed, or the machine stopped, while it was open; "+
		"it holds %s), or skein on another machine has it open, and finishing that means writing into its folder, which you cannot. "+
		"Have someone who can write the folder open it in skein once and quit, or copy the folder somewhere you can write and give that to -store: %w",
		dir, what, ErrUnclean)
}

// readOnlyOpenError is openError for a store opened read-only. Badger
// refuses a log it would have to cut (ErrTruncateNeeded: "Log truncate
// required") and fails to delete what a kill left; prepareDir finds
// these first, and this names them the same way should one come between.
func readOnlyOpenError(dir string, err error) error {
	msg := err.Error()
	if strings.Contains(msg, "truncate required") || strings.Contains(msg, "While removing table") {
		return uncleanError(dir, "what Badger would finish: "+firstLine(msg))
	}
	if strings.Contains(msg, "no manifest found") {
		return fmt.Errorf("cannot open store %s: the folder holds no skein store", dir)
	}
	return openError(dir, err)
}
