package formats

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// Perms is how an export sets the modes of the files and folders it makes
// (brat's folder, hf's label list). The zero value leaves them to this
// process's umask, as os.Create and os.Mkdir do.
type Perms struct {
	umask fs.FileMode
	set   bool
	// journal, where set, records each file hf's label list is written
	// in before it is renamed over the list (Keeper.Placing): the next
	// export puts the list's old content back only over that file.
	journal *Keeper
}

// Journaled is p with the files an export renames into place itself (hf's
// label list) recorded in k before each rename: the journal of the export
// that kept their old content (Keeper.Keep). A nil k records none.
func (p Perms) Journaled(k *Keeper) Perms {
	p.journal = k
	return p
}

// Umask is Perms for a process whose file-mode creation mask is m, when it
// is not this one (a command a window runs for the command line): the
// files get exactly 0644 and the folders 0755 less m, as that process
// would have made them. m < 0 is this process's own.
func Umask(m int) Perms {
	if m < 0 {
		return Perms{}
	}
	return Perms{umask: fs.FileMode(m) & fs.ModePerm, set: true}
}

// fix gives path, just made with mode base, the mode the asking process's
// mask gives it.
func (p Perms) fix(path string, base fs.FileMode) error {
	if !p.set {
		return nil
	}
	return os.Chmod(path, base&^p.umask)
}

// fixFile is fix for a file made and still open.
func (p Perms) fixFile(f *os.File, base fs.FileMode) error {
	if !p.set {
		return nil
	}
	return f.Chmod(base &^ p.umask)
}

// mkdirAll is os.MkdirAll(dir, 0o755), each folder it makes given its mode.
func (p Perms) mkdirAll(dir string) error {
	if !p.set {
		return os.MkdirAll(dir, 0o755)
	}
	var made []string
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); !errors.Is(err, fs.ErrNotExist) {
			break
		}
		made = append(made, d)
		if filepath.Dir(d) == d {
			break
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, d := range made {
		if err := p.fix(d, 0o755); err != nil {
			return err
		}
	}
	return nil
}
