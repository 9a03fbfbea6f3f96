//go:build unix

package formats

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// holdFolder locks the folder an export is being written in, for as long
// as the file returned is open: a hidden export folder whose lock no one
// holds is one a kill (or a crash) left, which removeLeftExports removes.
// taken is true where another process's sweep took the folder just made
// (see mkdirBeside): its lock is not this one's, or the folder is gone.
// On a disk that cannot lock (flock refused otherwise than as held:
// ENOLCK, EOPNOTSUPP …) the error is a *noLocksError and the folder is
// there, unheld: a sweep there cannot lock it either, and removes nothing.
// Every refusal was taken for another's lock, and the export made a
// hundred hidden folders and gave up with "no free name".
func holdFolder(dir string) (held *os.File, taken bool, err error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, false, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); errors.Is(err, syscall.EWOULDBLOCK) {
		f.Close()
		return nil, true, nil
	} else if err != nil {
		f.Close()
		return nil, false, &noLocksError{err}
	}
	// A sweep may have removed the folder before the lock was taken.
	locked, err1 := f.Stat()
	now, err2 := os.Lstat(dir)
	if err1 != nil || err2 != nil || !os.SameFile(locked, now) {
		f.Close()
		return nil, true, nil
	}
	return f, false, nil
}

// holdFile locks f, an export's file just made (CreateExportFile), for as
// long as it is open, as holdFolder does a folder. taken is true where
// another process's sweep took it between the open and the lock. On a
// file system that has no locks (flock refused otherwise than as held)
// the error is a *noLocksError and the file is there, unheld: a sweep
// there cannot lock it either, and removes nothing.
func holdFile(f *os.File) (taken bool, err error) {
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); errors.Is(err, syscall.EWOULDBLOCK) {
		return true, nil
	} else if err != nil {
		return false, &noLocksError{err}
	}
	locked, err1 := f.Stat()
	now, err2 := os.Lstat(f.Name())
	return err1 != nil || err2 != nil || !os.SameFile(locked, now), nil
}

// CloseBeforeRename leaves f open: a file is renamed while open here, so
// that its lock (holdFile) is held until it is in place; the caller
// closes it after the rename.
func CloseBeforeRename(*os.File) error { return nil }

// removeLeftExports removes the hidden folders and files in dir that
// exports killed before their rename left (their process gone, their
// lock with it): a later export would otherwise find a folder that looks
// empty refused as not empty, and a killed file export's copy would stay
// beside the exports for ever, another with each kill. Only this user's
// own are touched, never a link (nor what it names), only a name of
// exactly the form skein gives (newHiddenName: a user's own
// .skein-export-draft is theirs), only one this machine made whose
// process is gone (another machine's, arrived through a shared folder, is
// an export under way there that its lock here cannot tell), and never
// one whose lock is held (an export under way, see holdFolder and
// holdFile). A
// split's marker may name such a file as a part written (.skein-split-…):
// the marker's export is dead too, and the next split export says what it
// left, which the file is no part of.
func removeLeftExports(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if ownDead(e.Name(), keepPrefix) && e.Type().IsRegular() {
			recoverLeft(dir, e.Name())
			continue
		}
		if !ownDead(e.Name(), exportPrefix) || !e.IsDir() && !e.Type().IsRegular() { // a link is neither here
			continue
		}
		p := filepath.Join(dir, e.Name())
		fi, err := os.Lstat(p)
		if err != nil || !fi.IsDir() && !fi.Mode().IsRegular() {
			continue
		}
		if st, ok := fi.Sys().(*syscall.Stat_t); !ok || int(st.Uid) != os.Getuid() {
			continue
		}
		flags := os.O_RDONLY | syscall.O_NOFOLLOW | syscall.O_NONBLOCK
		if fi.IsDir() {
			flags |= syscall.O_DIRECTORY
		}
		f, err := os.OpenFile(p, flags, 0)
		if err != nil {
			continue
		}
		if syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil {
			// Still the one looked at, and not renamed into place since.
			if now, err := os.Lstat(p); err == nil && os.SameFile(fi, now) {
				if fi.IsDir() {
					os.RemoveAll(p)
				} else {
					os.Remove(p)
				}
			}
		}
		f.Close()
	}
}

// mountPoint tells whether dir is a disk's own folder, mounted there: on
// another device than the folder it is in.
func mountPoint(dir string) bool {
	a, err := os.Stat(dir)
	if err != nil {
		return false
	}
	b, err := os.Stat(filepath.Dir(filepath.Clean(dir)))
	if err != nil {
		return false
	}
	sa, ok := a.Sys().(*syscall.Stat_t)
	sb, ok2 := b.Sys().(*syscall.Stat_t)
	return ok && ok2 && sa.Dev != sb.Dev
}

// syncDir puts a folder's names on the disk: the files made or renamed in
// it. A folder this user may not read (a drop box, 0733) cannot be opened
// to be synced, and is not.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if errors.Is(err, fs.ErrPermission) {
		return nil
	}
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// recoverLeft puts right what the export of the journal name in dir left,
// if that export is dead (its lock free) and was this user's, and deletes
// the journal (see Keeper).
func recoverLeft(dir, name string) {
	p := filepath.Join(dir, name)
	f, err := os.OpenFile(p, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); !ok || int(st.Uid) != os.Getuid() {
		return
	}
	if syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) != nil {
		return // a live export's, or a disk that cannot tell
	}
	if now, err := os.Lstat(p); err != nil || !os.SameFile(fi, now) {
		return
	}
	recoverKept(dir, f)
	os.Remove(p)
	syncDir(dir)
}

// fileID is the device and inode of the file fi describes.
func fileID(fi fs.FileInfo) (dev, ino uint64, ok bool) {
	if fi == nil {
		return 0, 0, false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, false
	}
	return uint64(st.Dev), st.Ino, true
}

// processAlive tells whether process pid is running here (or may be: one
// this user may not signal is). A zombie, killed but not yet reaped by
// its parent (a script that started the export and has not waited for
// it), answers the signal as a live one does, and its leftovers were
// kept for as long as the parent lived; it has ended (ended), its files
// closed and its locks gone with them.
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return (err == nil || errors.Is(err, syscall.EPERM)) && !ended(pid)
}

// journalHeld tells whether the journal at p is there and locked: a live
// export's (or one on a disk that cannot tell, taken for live).
func journalHeld(p string) bool {
	f, err := os.OpenFile(p, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return false
	}
	if err != nil {
		return true
	}
	defer f.Close()
	return syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB) != nil
}

// lockFree tells whether no process holds the lock of f (a hidden
// export's file or folder, or a journal), taking and dropping a shared
// lock; known is false on a disk that cannot lock, where nothing can be
// told.
func lockFree(f *os.File) (free, known bool) {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB)
	if err == nil {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		return true, true
	}
	return false, errors.Is(err, syscall.EWOULDBLOCK)
}
