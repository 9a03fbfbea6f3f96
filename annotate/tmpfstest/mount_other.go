//go:build !linux

package tmpfstest

import (
	"errors"
	"testing"
)

// At skips the test: a tmpfs is Linux's.
func At(t testing.TB, dir string, size int64) {
	t.Helper()
	t.Skipf("no tmpfs to mount at %s here: a full disk is tested on Linux", dir)
}

// Is reports whether dir is on a tmpfs: never, but on Linux.
func Is(dir string) bool { return false }

func freeSpace(dir string) (int64, error) {
	return 0, errors.New("not known but on Linux")
}

// NewExt4 skips the test: an ext4 loop mount is Linux's.
func NewExt4(t testing.TB, size int64) string {
	t.Helper()
	t.Skipf("no ext4 disk to mount here: an ext4 disk is tested on Linux")
	return ""
}
