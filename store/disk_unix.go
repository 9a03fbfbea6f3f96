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

// writeDenied says why this user may not write into the store folder dir
// or into one of Badger's files in it (a read-only share or disk, a
// folder made read-only with chmod -w, files copied from a DVD), as the
// system would judge each write. Root, whom the system lets write into a
// folder without write permission, is kept out of one all the same
// (errNoWriteBits): whoever took the write bits off a store folder meant
// it to stay as it is, and Badger would write its logs and tables there.
// (A file's bits are not asked for root: a umask of 0277 makes Badger's
// own files without them, in a folder its owner writes.)
// It is nil where they may, and for a folder that cannot be read.
func writeDenied(dir string) error {
	if err := unix.Access(dir, unix.W_OK); err != nil {
		if deniedWrite(err) {
			return &fs.PathError{Op: "write", Path: dir, Err: err}
		}
		return nil
	}
	if st, err := os.Stat(dir); err == nil && st.Mode().Perm()&0o222 == 0 {
		return &fs.PathError{Op: "write", Path: dir, Err: errNoWriteBits}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || !badgerFile(e.Name()) {
			continue
		}
		path := filepath.Join(dir, e.Name())
		if err := unix.Access(path, unix.W_OK); err != nil && deniedWrite(err) {
			return &fs.PathError{Op: "write", Path: path, Err: err}
		}
	}
	return nil
}

// errNoWriteBits is why a folder or file without write permission is not
// written even where the system would let this user (root) write it.
var errNoWriteBits = errors.New("it has no write permission (chmod -w), which skein keeps to even as root")

func deniedWrite(err error) bool {
	return errors.Is(err, syscall.EACCES) || errors.Is(err, syscall.EROFS) || errors.Is(err, syscall.EPERM)
}
