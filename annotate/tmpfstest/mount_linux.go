package tmpfstest

import (
	"strconv"
	"syscall"
	"testing"
)

// At mounts a tmpfs of size bytes at the folder dir, unmounted when the
// test ends; it skips the test where mounting is not permitted (not root).
func At(t testing.TB, dir string, size int64) {
	t.Helper()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+strconv.FormatInt(size, 10)); err != nil {
		t.Skipf("cannot mount a tmpfs of %d bytes at %s (%v): run as root to test a full disk", size, dir, err)
	}
	// Detached: a file a test left open (a store's) does not keep it.
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
}

// magic is statfs's f_type of a tmpfs.
const magic = 0x01021994

// Is reports whether dir is on a tmpfs, a disk in memory.
func Is(dir string) bool {
	var st syscall.Statfs_t
	return syscall.Statfs(dir, &st) == nil && st.Type == magic
}

// freeSpace is the space free to this user on the disk holding dir.
func freeSpace(dir string) (int64, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, err
	}
	return int64(st.Bavail) * st.Bsize, nil
}
