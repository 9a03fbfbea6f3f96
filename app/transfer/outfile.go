package transfer

import (
	"bufio"
	"errors"
	"fmt"
	iofs "io/fs"
	"os"
	"path/filepath"

	"github.com/skein-news/skein/annotate/formats"
)

// CreateBeside creates a new temporary file in path's folder, to be renamed
// to path when it is complete (while still open: formats.CloseBeforeRename),
// and removes those killed exports left there (formats.RemoveLeftExports). It gets the mode of the file it will replace,
// or else 0666 less the umask, as a file os.Create makes would: a temporary
// file from os.CreateTemp is 0600, and renamed into place it would hide an
// export from colleagues who share the folder. umask, unless -1, is the
// mask of the process that asked for the file (a command served by the
// window): the mode is then 0666 less it, whatever the window's own. On a
// disk that cannot lock, the file is written unheld and unlocked says why
// (formats.FileLockNote).
func CreateBeside(path string, umask int) (f *os.File, unlocked, err error) {
	perm := iofs.FileMode(0o666)
	replaced := false
	if st, err := os.Stat(path); err == nil && st.Mode().IsRegular() {
		perm, replaced = st.Mode().Perm(), true
	} else if umask >= 0 {
		perm, replaced = perm&^iofs.FileMode(umask), true // set exactly, as for a replaced file
	}
	dir := filepath.Dir(path)
	// What exports killed before their rename left here goes first: each
	// kill left a whole copy, hidden, for ever.
	formats.RemoveLeftExports(dir)
	f, unlocked, err = formats.CreateExportFile(dir, perm)
	if err != nil {
		return nil, nil, err
	}
	if replaced {
		// The umask applied to perm above; the file replaced had
		// its mode without it (and the caller's mask is not ours).
		if err := os.Chmod(f.Name(), perm); err != nil {
			f.Close()
			os.Remove(f.Name())
			return nil, nil, err
		}
	}
	return f, unlocked, nil
}

// OutFile is an export file being written: its bytes go to a temporary
// file beside it, renamed over it by Commit, so a failed export never
// leaves half a file where a good one was.
type OutFile struct {
	path     string
	tmp      *os.File
	unlocked error // why the disk would not lock tmp; nil where it did
	*bufio.Writer
}

// CreateOut starts writing the file at path. The error names path, not the
// temporary file.
func CreateOut(path string) (*OutFile, error) {
	tmp, unlocked, err := CreateBeside(path, -1)
	if err != nil {
		var pe *iofs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("cannot write %s: %w", path, err)
	}
	return &OutFile{path: path, tmp: tmp, unlocked: unlocked, Writer: bufio.NewWriterSize(tmp, 1<<20)}, nil
}

// LockNote is "" where the disk locked the file being written; on a disk
// that cannot lock, it says what the next export beside it cannot then
// tell (formats.FileLockNote), the note skein export gives there.
func (o *OutFile) LockNote() string {
	if o.unlocked == nil {
		return ""
	}
	return formats.FileLockNote(o.path, o.unlocked)
}

// Commit puts what was written in place of the file: synced before the
// rename, and the rename synced, so that a power loss after the export was
// said to be written leaves the file, not an empty one under its name.
func (o *OutFile) Commit() error {
	err := o.Flush()
	if err == nil {
		err = o.tmp.Sync()
	}
	if cerr := formats.CloseBeforeRename(o.tmp); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(o.tmp.Name(), o.path)
	}
	o.tmp.Close() // held until renamed (formats.CreateExportFile)
	if err != nil {
		os.Remove(o.tmp.Name())
		return fmt.Errorf("cannot write %s: %w", o.path, err)
	}
	SyncDir(filepath.Dir(o.path))
	return nil
}

// SyncDir puts the names in dir on the disk where the system lets a
// folder be synced (not Windows): after a rename into dir, a power loss
// leaves the new file under its name, not the old one or none.
// WriteAtomic leaves it to its caller, who may rename many files first.
func SyncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// Abort drops what was written; the file at path is left as it was.
func (o *OutFile) Abort() {
	o.tmp.Close()
	os.Remove(o.tmp.Name())
}

// WriteAtomic writes b beside path and renames it into place, so a reader
// (or a sync engine) sees the old file or the new one, never half of one.
// The file gets mode perm; prefix begins the name of the file beside
// (".skein-tmp-" when empty); with fsync, it is synced before the rename.
func WriteAtomic(path string, b []byte, prefix string, fsync bool, perm os.FileMode) error {
	dir := filepath.Dir(path)
	if prefix == "" {
		prefix = ".skein-tmp-"
	}
	f, err := os.CreateTemp(dir, prefix+"*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(b)
	if err == nil && fsync {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, perm)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// WriteKeeping runs write, which writes out's data and replaces the file
// keep itself (hf's label list, beside the data), recording in journal the
// file it renames over keep (formats.Perms.Journaled), then commits out. keep's
// old content is kept beside it, announced first in a journal
// (formats.Keeper), as the command line's export keeps it: a failed
// export puts it back, and one killed between writing the list and
// committing the rows, which left a new list beside the old rows (their
// tags then named wrongly), has it put back by the next export to the
// folder. out is committed or aborted either way.
func WriteKeeping(out *OutFile, keep string, write func(journal *formats.Keeper) ([]string, error)) ([]string, error) {
	dir := filepath.Dir(keep)
	formats.RemoveLeftExports(dir) // a killed export's list back before this one keeps it
	k, err := formats.NewKeeper(dir)
	if err != nil {
		out.Abort()
		return nil, fmt.Errorf("cannot write %s: keeping a copy of it to put back if the export fails: %w (nothing was written)", keep, err)
	}
	defer k.Close() // once what it kept is deleted or put back
	old, err := k.Keep(keep, "")
	if err == nil {
		err = k.Placing(out.path, out.tmp)
	}
	if err != nil {
		out.Abort()
		if old != "" {
			os.Remove(old)
		}
		return nil, fmt.Errorf("cannot write %s: keeping a copy of it to put back if the export fails: %w (nothing was written)", keep, err)
	}
	left, err := write(k)
	if err != nil {
		out.Abort()
	} else {
		err = out.Commit()
	}
	if err == nil {
		if old != "" {
			os.Remove(old)
		}
		return left, nil
	}
	return left, PutBack(err, keep, old)
}

// PutBack gives the file p, which a failed export (err) replaced, back
// the old content kept in old, or, where there was none (old ""), deletes
// it, and returns err, saying so where that failed: p is new, and its old
// content, if any, is left in old for the user.
func PutBack(err error, p, old string) error {
	var perr error
	if old != "" {
		perr = os.Rename(old, p)
	} else if perr = os.Remove(p); errors.Is(perr, iofs.ErrNotExist) {
		perr = nil
	}
	var le *os.LinkError
	var pe *iofs.PathError
	if errors.As(perr, &le) {
		perr = le.Err
	} else if errors.As(perr, &pe) {
		perr = pe.Err
	}
	switch {
	case perr == nil:
		return err
	case old != "":
		return fmt.Errorf("%w; %s is new (putting back its old content failed: %v; it is in %s)", err, p, perr, old)
	}
	return fmt.Errorf("%w; %s is new (there was none before; deleting it failed: %v)", err, p, perr)
}
