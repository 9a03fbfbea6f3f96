package team

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/skein-news/skein/app/transfer"
)

// connectOther is how a person connects another team folder.
const connectOther = "connect another with skein team FOLDER (in the window, File ▸ Team ▸ Folder…)"

// folderError is err, a failed write of path (a file or a folder) into
// the team folder dir, as a person reads it: that it is the team folder,
// which one, what skein was writing there, the system's reason (without
// the name of the temporary file it was writing first, which a person
// never sees) and what to do. A folder where no file can be made (/proc)
// said only "open /proc/.skein-tmp-…: no such file or directory".
func folderError(dir, path string, err error) error {
	if gone := wentAway(dir); gone != nil {
		// The folder moved, renamed or unplugged while skein wrote in it
		// (a write in a folder that is not there fails "no such file or
		// directory"), said as the next pass says it: a sync during a
		// move said skein could make no files there, as of /proc.
		if filepath.Base(path) == "assign.json" && filepath.Dir(path) == dir {
			return AssignmentError(gone)
		}
		return gone
	}
	why := err
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		why = pe.Err
	case errors.As(err, &le):
		why = le.Err
	}
	what := path
	if rel, rerr := filepath.Rel(dir, path); rerr == nil {
		what = filepath.ToSlash(rel)
	}
	var todo string
	switch {
	case isFolder(path):
		// A folder in the file's place (made by hand, or copied in): it
		// was said to be a system folder such as /proc.
		todo = what + " there is a folder, not a file: move it out of the team folder (or delete it if it holds nothing you want), then "
		if what == "assign.json" {
			todo += "assign again; this assignment was not written"
		} else {
			todo += "sync again; your work is in the store, and the next sync writes it"
		}
	case errors.Is(why, fs.ErrPermission):
		todo = "you may not write in it: make it writable for you, or " + connectOther
	case errors.Is(why, syscall.ENOSPC) && what == "assign.json":
		// An assignment not written is kept nowhere (the store keeps
		// only the last one read): no sync writes it later.
		todo = "its disk is full: make room there and assign again; this assignment was not written, and the folder keeps the one it had"
	case errors.Is(why, syscall.ENOSPC):
		todo = "its disk is full: make room there; your work is in the store, and the next sync writes it"
	case errors.Is(why, syscall.EROFS):
		todo = "its disk is mounted read-only: " + connectOther
	default:
		todo = "skein cannot make files there (a system folder such as /proc holds none): " + connectOther
	}
	return fmt.Errorf("team folder %s: cannot write %s: %w; %s", dir, what, why, todo)
}

// wentAway is the team folder dir not there (folderThere's error) where
// dir itself is gone: moved, renamed, or on a disk unplugged. A folder
// there without a skein-team.json is not taken for gone: one skein team
// FOLDER is making, or a system folder such as /proc, never held one.
func wentAway(dir string) error {
	if _, err := os.Stat(dir); err == nil {
		return nil
	}
	return folderThere(dir)
}

// isDir says whether path is a folder, or a link to one (as os.MkdirAll
// takes it).
func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// isFolder says whether path is a folder (not followed if a link).
func isFolder(path string) bool {
	fi, err := os.Lstat(path)
	return err == nil && fi.IsDir()
}

// writeAtomic is transfer.WriteAtomic of path in the team folder dir, its
// error said as folderError says it.
func writeAtomic(dir, path string, b []byte, prefix string, fsync bool, perm os.FileMode) error {
	if err := transfer.WriteAtomic(path, b, prefix, fsync, perm); err != nil {
		return folderError(dir, path, err)
	}
	return nil
}

// mkdirAll is os.MkdirAll of path in the team folder dir, its error said
// as folderError says it.
// Only the folders below dir are made, never dir itself nor one above
// it: os.MkdirAll made the team folder again, empty but for the user's
// own files, where it was moved away from during a sync (or where its
// disk was unplugged), and the sync wrote the user's work there, where
// no one's sync engine shares it.
func mkdirAll(dir, path string) error {
	if isDir(path) {
		return nil // there already, as at nearly every write: one look, as os.MkdirAll's
	}
	rel, err := filepath.Rel(dir, path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return fmt.Errorf("team folder %s: %s is not in it", dir, path)
	}
	p := dir
	for _, part := range strings.Split(rel, string(filepath.Separator)) {
		if part == "." {
			continue
		}
		p = filepath.Join(p, part)
		if err := os.Mkdir(p, 0o777); err != nil && !(errors.Is(err, fs.ErrExist) && isDir(p)) {
			return folderError(dir, path, err)
		}
	}
	return nil
}
