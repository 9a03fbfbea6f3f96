//go:build unix

package store

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// heldName is the file in a private copy's folder its process holds a
// lock on while the copy is open: a copy whose lock no one holds is one a
// kill (or a crash) left, which removeLeftCopies removes.
const heldName = ".skein-held"

// holdCopy makes the held file in the private copy's folder dir and locks
// it, for as long as the file returned is open.
func holdCopy(dir string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, heldName), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// removeLeftCopies removes the private copies in tmp that a kill or a
// crash left (their process gone, their held file's lock with it): each
// holds the text of a store, and was kept until the temporary folder was
// emptied. Only this user's own folders are touched, never a link, and
// never a copy whose lock is held (open in another skein) or not yet made.
func removeLeftCopies(tmp string) {
	entries, err := os.ReadDir(tmp)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), copyPrefix) || !e.IsDir() { // a link is not a folder here
			continue
		}
		dir := filepath.Join(tmp, e.Name())
		fi, err := os.Lstat(dir)
		if err != nil || !fi.IsDir() {
			continue
		}
		if st, ok := fi.Sys().(*syscall.Stat_t); !ok || int(st.Uid) != os.Getuid() {
			continue
		}
		f, err := os.OpenFile(filepath.Join(dir, heldName), os.O_RDONLY|syscall.O_NOFOLLOW, 0)
		if err != nil {
			continue
		}
		if syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil {
			os.RemoveAll(dir)
		}
		f.Close()
	}
}
