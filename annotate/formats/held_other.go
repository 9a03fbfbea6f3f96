//go:build !unix

package formats

import (
	"io/fs"
	"os"
)

// holdFolder marks nothing where there is no flock: a folder a killed
// export left stays beside the export.
func holdFolder(string) (held *os.File, taken bool, err error) { return nil, false, nil }

// holdFile holds nothing where there is no flock.
func holdFile(*os.File) (taken bool, err error) { return false, nil }

// CloseBeforeRename closes f: Windows renames no file that is open.
func CloseBeforeRename(f *os.File) error { return f.Close() }

// removeLeftExports removes nothing where there is no flock to tell a
// folder an export is writing from one a kill left.
func removeLeftExports(string) {}

// syncDir does nothing where a folder cannot be opened to be synced
// (Windows, whose renames the file system itself journals).
func syncDir(string) error { return nil }

// mountPoint tells no disk's own folder here: a rename onto one fails as
// it would, and says so.
func mountPoint(string) bool { return false }

// fileID tells no file's identity here: a journal records none, and
// removeLeftExports, which would read it, removes nothing.
func fileID(fs.FileInfo) (dev, ino uint64, ok bool) { return 0, 0, false }

// processAlive takes every process for running where nothing sweeps.
func processAlive(int) bool { return true }

// journalHeld takes every journal for held where there is no flock.
func journalHeld(string) bool { return true }

// lockFree tells nothing where there is no flock.
func lockFree(*os.File) (free, known bool) { return false, false }
