//go:build unix

package store

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"golang.org/x/sys/unix"
)

// allocated is the space a file takes: its allocated blocks, which for the
// sparse files Badger preallocates is less than its length.
func allocated(info fs.FileInfo) int64 {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return int64(st.Blocks) * 512
	}
	return info.Size()
}

// lockDir takes the lock Badger takes (flock on the folder itself), so that
// prepareDir never touches the files of a store another process has open:
// shared, as Badger takes it read-only, lets readers in beside each other
// and keeps a writer out.
func lockDir(dir string, shared bool) (unlock func(), err error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	how := syscall.LOCK_EX
	if shared {
		how = syscall.LOCK_SH
	}
	if err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, err
	}
	return func() { f.Close() }, nil // closing the last descriptor releases the flock
}

// freeSpace is the space free to this user on the disk holding dir.
func freeSpace(dir string) (int64, bool) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, false
	}
	return int64(st.Bavail) * int64(st.Bsize), true
}

// cannotWrite says whether this user may not write into the store folder
// dir or into one of the files in it (a read-only share or disk, a folder
// made read-only with chmod -w, files copied from a DVD), as the system
// would judge each write: root may write anywhere but on a read-only disk.
// A folder that does not exist, or cannot be read, is not judged here.
func cannotWrite(dir string) bool {
	if err := unix.Access(dir, unix.W_OK); err != nil {
		return deniedWrite(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		if err := unix.Access(filepath.Join(dir, e.Name()), unix.W_OK); err != nil && deniedWrite(err) {
			return true
		}
	}
	return false
}

func deniedWrite(err error) bool {
	return errors.Is(err, syscall.EACCES) || errors.Is(err, syscall.EROFS) || errors.Is(err, syscall.EPERM)
}
