package store

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// A store the user cannot write that a kill left unclean (ErrUnclean: its
// logs must be replayed, its unfinished writes finished, and Badger does
// that only by writing) is read from a private copy: its files are copied
// into a new temporary folder, opened there to write once, which finishes
// them, then opened read-only; the copy goes when the store is closed.
// Nothing is written into the original folder.

// OpenPrivateCopy opens, read-only, a private copy of the store in dir,
// made in the temporary folder (os.TempDir, $TMPDIR). It refuses, saying
// the figures, where the temporary folder has not the room for the copy.
// The copy is removed by Close; one a kill left (its process gone) is
// removed by the next OpenPrivateCopy in the same temporary folder. A write the copy cannot finish
// (*UnfinishedError) is left unfinished in it (Options.LeaveUnfinished).
func OpenPrivateCopy(dir string) (*Store, error) {
	files, size, err := copyList(dir)
	if err != nil {
		return nil, fmt.Errorf("cannot open store %s read-only from a private copy: %w", dir, err)
	}
	tmp := os.TempDir()
	if free, ok := freeSpace(tmp); ok && free < size+minFree {
		return nil, fmt.Errorf("cannot open store %s read-only: it was not closed cleanly, and finishing that means writing, "+
			"which you cannot in its folder, so skein reads it from a private copy; but the copy needs %s and the temporary folder %s "+
			"has %s free (%s are kept free): free some space there, or set TMPDIR to a folder with room",
			dir, mb(size), tmp, mb(free), mb(minFree))
	}
	removeLeftCopies(tmp)
	copyDir, err := os.MkdirTemp(tmp, copyPrefix)
	if err != nil {
		return nil, fmt.Errorf("cannot open store %s read-only from a private copy: %w", dir, err)
	}
	held, err := holdCopy(copyDir)
	if err != nil {
		os.RemoveAll(copyDir)
		return nil, fmt.Errorf("cannot open store %s read-only from a private copy: %w", dir, err)
	}
	s, err := openCopy(dir, copyDir, files)
	if err != nil {
		os.RemoveAll(copyDir)
		if held != nil {
			held.Close()
		}
		return nil, err
	}
	s.copyOf, s.copySize, s.copyHeld = dir, size, held
	return s, nil
}

// copyPrefix begins the name of a private copy's folder.
const copyPrefix = "skein-copy-"

// openCopy copies files of the store in dir into copyDir and opens the
// copy read-only, once a writable open there has finished what it holds.
func openCopy(dir, copyDir string, files []string) (*Store, error) {
	for _, name := range files {
		if err := copySparse(filepath.Join(dir, name), filepath.Join(copyDir, name)); err != nil {
			return nil, fmt.Errorf("cannot open store %s read-only from a private copy: copy %s: %w", dir, name, err)
		}
	}
	opt := Options{ReadOnly: true}
	w, err := Open(copyDir, Options{})
	switch {
	case errors.Is(err, ErrUnfinishedWrite):
		opt.LeaveUnfinished = true
	case err != nil:
		return nil, fmt.Errorf("cannot open store %s read-only from a private copy in %s: %w", dir, copyDir, err)
	default:
		if err := w.Close(); err != nil {
			return nil, fmt.Errorf("cannot open store %s read-only from a private copy in %s: %w", dir, copyDir, err)
		}
	}
	s, err := Open(copyDir, opt)
	if err != nil {
		return nil, fmt.Errorf("cannot open store %s read-only from a private copy in %s: %w", dir, copyDir, err)
	}
	return s, nil
}

// copyList is the files of the store in dir a copy needs (Badger's, but
// its lock), and the bytes they hold.
func copyList(dir string) (files []string, size int64, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, 0, err
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || !badgerFile(e.Name()) || e.Name() == "LOCK" {
			continue
		}
		info, err := e.Info()
		if err != nil {
			return nil, 0, err
		}
		files = append(files, e.Name())
		size += allocated(info)
	}
	return files, size, nil
}

// copySparse copies the file from to the new file to, leaving its blocks
// of zeros as holes: Badger's logs are sparse pre-allocations, mostly
// empty.
func copySparse(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	buf := make([]byte, 1<<20)
	zero := make([]byte, len(buf))
	var n int64
	for {
		k, rerr := io.ReadFull(in, buf)
		if k > 0 {
			if bytes.Equal(buf[:k], zero[:k]) {
				_, err = out.Seek(int64(k), io.SeekCurrent)
			} else {
				_, err = out.Write(buf[:k])
			}
			if err != nil {
				out.Close()
				return err
			}
			n += int64(k)
		}
		if rerr == io.EOF || rerr == io.ErrUnexpectedEOF {
			break
		}
		if rerr != nil {
			out.Close()
			return rerr
		}
	}
	if err := out.Truncate(n); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// CopyOf is, for a store read from a private copy (OpenPrivateCopy), the
// folder it is a copy of ("" for any other).
func (s *Store) CopyOf() string { return s.copyOf }
