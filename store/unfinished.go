package store

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/skein-news/skein/annotate/formats"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	badger "github.com/dgraph-io/badger/v4"
)

// A store opened read-only cannot finish what a kill left under way: the
// recovery keys a writable Open acts on (a whole-batch journal W, a large
// import's split key P, a large thread's N, an article's deletion O, an
// import's journal J). What it reads meanwhile may be half of a write, so
// it refuses, as it refuses a log a kill left; the bulk's pending records
// (pPend) are read as they are, and checked. A damaged key is refused as
// damage, by name.

// unfinished reports, for a store opened read-only, what the store holds
// that a writable Open would finish: nil where nothing, else an error
// saying what (wrapping ErrDamaged where a key does not decode, ErrUnclean
// or ErrDiskFull where it is whole).
func (s *Store) unfinished() error {
	var what string
	var left []string // with LeaveUnfinished
	err := s.db.View(func(txn *badger.Txn) error {
		for _, p := range []byte{pWhole, pSplit, pThrSplit, pDeleting, pJournal, pPend} {
			it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{p}})
			err := func() error {
				defer it.Close()
				for it.Rewind(); it.Valid(); it.Next() {
					k := it.Item().KeyCopy(nil)
					v, err := itemValueCopy(it.Item())
					if err != nil {
						return err
					}
					w, err := recoveryKey(k, v)
					if err != nil && s.opt.LeaveUnfinished {
						w, err = err.Error(), nil
					}
					if err != nil {
						return err
					}
					if w != "" && s.opt.LeaveUnfinished && !slices.Contains(left, w) {
						left = append(left, w)
					}
					if what == "" {
						what = w
					}
				}
				return nil
			}()
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil || what == "" {
		return err
	}
	if s.opt.LeaveUnfinished {
		s.leftOut = strings.Join(left, "; ")
		return nil
	}
	if _, err := s.wholeJournal(); err != nil {
		return fmt.Errorf("cannot open store %s: %w", s.dir, err)
	}
	if s.opt.ReadOnly {
		return uncleanError(s.dir, what)
	}
	return fmt.Errorf("cannot open store %s: its disk is full, and it holds %s, which needs room to be finished before the store is read: "+
		"free some space on the disk and open it again: %w", s.dir, what, ErrDiskFull)
}

// recoveryKey checks the recovery key k (value v) and says what unfinished
// write it stands for ("" for one that leaves nothing to finish: a piece
// of a W journal without its count, a pending record); a key that does not
// decode is an error wrapping ErrDamaged that names it.
func recoveryKey(k, v []byte) (string, error) {
	bad := func(what string) error {
		return damaged("the store's record of an interrupted write (key %x) is damaged: %s", k, what)
	}
	switch k[0] {
	case pWhole:
		switch {
		case len(k) == 1:
			return "a write (a take from another machine) not yet finished, in its journal", nil
		case len(k) == 5:
			return "", nil
		}
		return "", bad("a whole-batch journal's key of a wrong length")
	case pSplit:
		if len(k) != 9 {
			return "", bad("a large import's split key of a wrong length")
		}
		if _, err := decodeSplit(v); err != nil {
			return "", bad("a large import's split key whose list of spans does not decode")
		}
		return fmt.Sprintf("a large import of article %x not yet finished", k[1:]), nil
	case pThrSplit:
		id, rest, err := readID(k[1:])
		if err != nil || len(rest) != 0 {
			return "", bad("a large thread's split key that names no thread")
		}
		if len(v) > 0 {
			if _, err := decodeThread(id, v); err != nil {
				return "", bad("a large thread's split key whose thread does not decode")
			}
		}
		return "a write of thread " + id + " not yet finished", nil
	case pDeleting:
		if len(k) != 9 || len(v) != 0 {
			return "", bad("an article's deletion key of a wrong length")
		}
		return fmt.Sprintf("a deletion of article %x not yet finished", k[1:]), nil
	case pJournal:
		if len(k) != 5 || len(v)%8 != 0 {
			return "", bad("an import's journal of a wrong length")
		}
		return "an import not yet finished", nil
	case pPend:
		if len(k) != 9 || len(v)%8 != 0 {
			return "", bad("a bulk load's pending span-ID record of a wrong length")
		}
		return "", nil
	}
	return "", errors.New("not a recovery key")
}

// ErrUnfinishedWrite: the store holds a write a kill or a crash left under
// way (see the recovery keys above), and finishing it failed in a way that
// would fail again at every open: the store opens only without it, read-only
// (Options.LeaveUnfinished) or once it is set aside (Options.SetAside).
var ErrUnfinishedWrite = errors.New("a write a kill left under way could not be finished")

// UnfinishedError is what Open returns when it cannot finish a write a kill
// left under way. It wraps ErrUnfinishedWrite and why finishing failed
// (which may wrap ErrDamaged).
type UnfinishedError struct {
	Dir string
	// What names the write ("a deletion of article 3f… not yet
	// finished").
	What string
	// Err is why finishing it failed.
	Err error
	// SetAsideErr is why setting it aside failed (Options.SetAside), or
	// nil.
	SetAsideErr error
	// keys are the prefixes of the recovery keys that hold the write:
	// what Options.SetAside sets aside.
	keys [][]byte
}

// Error names the write, what failed and the two ways out.
func (e *UnfinishedError) Error() string {
	if e.SetAsideErr != nil {
		return fmt.Sprintf("cannot open store %s: it holds %s, and finishing it failed: %v; and setting it aside failed: %v",
			e.Dir, e.What, e.Err, e.SetAsideErr)
	}
	return fmt.Sprintf("cannot open store %s: it holds %s, and finishing it failed: %v. "+
		"Nothing else in the store is lost: the commands that read (export, backup, check, list, search, threads, agree) "+
		"read it read-only without that write; 'skein -store %s check -set-aside-unfinished' moves the write into a file "+
		"in the store's folder (send that file to skein's developers) and opens the store without it",
		e.Dir, e.What, e.Err, e.Dir)
}

// Unwrap lets errors.Is match ErrUnfinishedWrite and what Err wraps.
func (e *UnfinishedError) Unwrap() []error { return []error{ErrUnfinishedWrite, e.Err} }

// unfinishedWrite is the *UnfinishedError of the write what, held by the
// keys under prefixes, that finishing failed with err (Open fills in
// the folder).
func unfinishedWrite(what string, err error, prefixes ...[]byte) error {
	return &UnfinishedError{What: what, Err: err, keys: prefixes}
}

// SetAside is a write Options.SetAside moved out of the store: what it was,
// why it could not be finished, and the file that now holds it.
type SetAside struct {
	What, Failed, File string
}

// setAsideFile is what a set-aside file holds: enough for skein's
// developers to see the write, and to put it back.
type setAsideFile struct {
	// Schema is the store's schema version, whose records the keys are
	// (0 in a file of a skein before it: the version then, 9).
	Schema int               `json:"schema,omitempty"`
	Store  string            `json:"store"`
	Write  string            `json:"write"`
	Failed string            `json:"failed"`
	At     string            `json:"at"`
	Keys   []setAsideKeyJSON `json:"keys"`
}

type setAsideKeyJSON struct {
	Key   string `json:"key"`   // hex
	Value []byte `json:"value"` // base64
}

// setAsideDir is the folder in the store's folder that set-aside writes go
// into.
const setAsideDir = "set-aside"

// setAside moves the keys of the write ue names into a file in the store's
// folder (set-aside/TIME.json, synced before anything is deleted), then
// deletes them from the store: the store is then as the write left it,
// without its record, and nothing of the record is lost.
func (s *Store) setAside(ue *UnfinishedError) (SetAside, error) {
	rec := setAsideFile{Schema: s.schema, Store: s.dir, Write: ue.What, Failed: ue.Err.Error(), At: time.Now().UTC().Format(time.RFC3339)}
	var keys [][]byte
	err := s.db.View(func(txn *badger.Txn) error {
		for _, p := range ue.keys {
			it := txn.NewIterator(badger.IteratorOptions{Prefix: p})
			for it.Rewind(); it.Valid(); it.Next() {
				k := it.Item().KeyCopy(nil)
				v, err := itemValueCopy(it.Item())
				if err != nil {
					it.Close()
					return fmt.Errorf("read key %x: %w", k, err)
				}
				keys = append(keys, k)
				rec.Keys = append(rec.Keys, setAsideKeyJSON{Key: hex.EncodeToString(k), Value: v})
			}
			it.Close()
		}
		return nil
	})
	if err != nil {
		return SetAside{}, fmt.Errorf("set aside %s: %w", ue.What, err)
	}
	if len(keys) == 0 { // nothing to move: the open would fail the same way again
		return SetAside{}, fmt.Errorf("set aside %s: its record is not in the store", ue.What)
	}
	enc, err := json.MarshalIndent(rec, "", " ")
	if err != nil {
		return SetAside{}, err
	}
	folder := filepath.Join(s.dir, setAsideDir)
	if err := setAsideFolder(folder); err != nil {
		return SetAside{}, fmt.Errorf("set aside %s: %w; nothing was set aside", ue.What, err)
	}
	name := filepath.Join(folder, time.Now().UTC().Format("2006-01-02T15-04-05.000000000")+".json")
	if err := writeSynced(name, enc); err != nil {
		// A file cut short (the disk full) is no record: gone, and the
		// write stays in the store.
		if !errors.Is(err, fs.ErrExist) {
			os.Remove(name)
		}
		return SetAside{}, fmt.Errorf("set aside %s: %w; nothing was set aside", ue.What, err)
	}
	sw := s.newSplitWriter()
	// The store's record of the file, first: PutBack puts back only a
	// file this store set aside, as it was.
	record := metaKey(SetAsideMeta(enc))
	if err := sw.do(func(txn *badger.Txn) error { return txn.Set(record, []byte(name)) }); err != nil {
		if sw.txn != nil {
			sw.txn.Discard()
		}
		return SetAside{}, fmt.Errorf("set aside %s (its file %s is written): %w", ue.What, name, err)
	}
	for _, k := range keys {
		if err := sw.do(func(txn *badger.Txn) error { return txn.Delete(k) }); err != nil {
			if sw.txn != nil {
				sw.txn.Discard()
			}
			return SetAside{}, fmt.Errorf("set aside %s (its file %s is written): %w", ue.What, name, err)
		}
	}
	if err := sw.flush(); err != nil {
		return SetAside{}, fmt.Errorf("set aside %s (its file %s is written): %w", ue.What, name, err)
	}
	return SetAside{What: ue.What, Failed: ue.Err.Error(), File: name}, nil
}

// setAsideFolder makes the set-aside folder, or checks the one there is a
// folder: a link put there (by whoever else can write the store's folder)
// would have the store's records, its text among them, written wherever it
// points, and a file or a pipe is no folder to write into.
func setAsideFolder(folder string) error {
	fi, err := os.Lstat(folder)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return os.Mkdir(folder, 0o700)
	case err != nil:
		return err
	case fi.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("%s is a symbolic link, not the folder skein makes: move it out of the way", folder)
	case !fi.IsDir():
		return fmt.Errorf("%s is %s, not the folder skein makes: move it out of the way", folder, formats.FileKind(fi.Mode()))
	}
	return nil
}

// SetAsideMeta is the Meta key under which a store keeps its record of
// the set-aside file whose bytes are b (its SHA-256): PutBack puts back
// only a file the store holds such a record of, so that a file mailed "to
// fix your store", or planted in its set-aside folder, is none it writes
// back, however well made.
func SetAsideMeta(b []byte) string {
	sum := sha256.Sum256(b)
	return "set-aside " + hex.EncodeToString(sum[:])
}

// writeSynced writes b to the new file name and syncs it and its folder.
func writeSynced(name string, b []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	d, err := os.Open(filepath.Dir(name))
	if err != nil {
		return err
	}
	defer d.Close()
	d.Sync() // not every system syncs a folder; the file itself is
	return nil
}

// LeftOut says, for a store opened with Options.LeaveUnfinished, the
// writes a kill left under way that it holds and does not finish ("" none).
func (s *Store) LeftOut() string { return s.leftOut }

// ReadOnlyWhy is what a person must be told of a store opened read-only for
// another reason than a folder they cannot write ("" for none): one read
// from a private copy (OpenPrivateCopy), or holding a write it could not
// finish (Options.LeaveUnfinished). What matters comes first, what to do
// last.
func (s *Store) ReadOnlyWhy() string {
	if s.copyOf != "" {
		why := fmt.Sprintf("store %s is read from a private copy (%s in %s, removed at close), read-only: it was not closed cleanly, "+
			"and finishing that means writing, which you cannot in its folder", s.copyOf, mb(s.copySize), s.dir)
		if s.leftOut != "" {
			why += fmt.Sprintf("; the copy holds %s, which could not be finished, so what is shown does not have that write whole", s.leftOut)
		}
		// What to do next, which the note said nothing of.
		return why + "; nothing in it can be changed: to work on it, copy its folder somewhere you can write and give that to -store, where skein finishes it"
	}
	if s.leftOut != "" {
		return fmt.Sprintf("store %s is read-only, as it stands, without an interrupted write that could not be finished "+
			"(skein -store %s check -set-aside-unfinished sets it aside and opens the store without it): it holds %s, "+
			"not whole in what is shown (some of it may be missing, some of it there), and nothing can be changed", s.dir, s.dir, s.leftOut)
	}
	return ""
}
