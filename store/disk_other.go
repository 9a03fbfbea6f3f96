//go:build !unix

package store

import "io/fs"

// allocated is the space a file takes; without block counts, its length.
func allocated(info fs.FileInfo) int64 { return info.Size() }

// lockDir takes no lock where flock is missing: Badger's own lock still
// keeps a second process out, a moment later.
func lockDir(dir string, shared bool) (unlock func(), err error) { return func() {}, nil }

// freeSpace is not known here: writes are not checked in advance.
func freeSpace(dir string) (int64, bool) { return 0, false }

// writeDenied is nil here: Badger cannot open a store read-only on
// Windows, so a store is opened as it always was.
func writeDenied(dir string) error { return nil }
