package formats

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// An export that replaces several files (hf's data and its label list; a
// split's parts) keeps each one's old content in a .skein-old-… file
// beside it, to put back if the export fails. Killed, it left those
// files for ever, and, killed between its label list's rename and its
// data's, a label list that named the old rows' tags wrongly. So each
// such export writes a journal beside the files (.skein-keep-…), held
// locked while the export runs (as CreateExportFile holds its file), and
// appends to it, synced, before each step: the old content it is about
// to keep (and under what name), and the file it will rename over a
// target. The next export to the folder (RemoveLeftExports) finds a
// journal no one holds, a dead export's, and puts its folder right: where
// every file the dead export wrote was renamed into place, the old
// content is deleted; where not, each file it kept the old content of
// gets it back, so that the label list matches the rows beside it again.
// A journal another export holds, a live one's, is left alone.

const (
	keepPrefix = ".skein-keep-"
	oldPrefix  = ".skein-old-"
	// maxJournal is the most a journal read back may hold: one of an
	// export of three parts and a label list is a few hundred bytes.
	maxJournal = 1 << 20
)

// keepRecord is a line of a journal: Old, a file holding Target's old
// content (Mark, where set, the split marker that names it too); or
// Target and the device and inode of the file the export will rename
// over it (Placed).
type keepRecord struct {
	Target string `json:"target"`
	Old    string `json:"old,omitempty"`
	Mark   string `json:"mark,omitempty"`
	Placed bool   `json:"placed,omitempty"`
	Dev    uint64 `json:"dev,omitempty"`
	Ino    uint64 `json:"ino,omitempty"`
}

// Keeper is the journal of an export that keeps old content in dir.
type Keeper struct {
	dir string
	f   *os.File
}

// NewKeeper makes a journal in dir, held while it is open.
func NewKeeper(dir string) (*Keeper, error) {
	for range 100 {
		name := filepath.Join(dir, newHiddenName(keepPrefix))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL|os.O_APPEND, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if taken, _ := holdFile(f); taken {
			f.Close()
			continue // another export's sweep, between the open and the lock
		}
		if err := syncDir(dir); err != nil {
			f.Close()
			os.Remove(name)
			return nil, err
		}
		return &Keeper{dir: dir, f: f}, nil
	}
	return nil, fmt.Errorf("no free name for a file in %s", dir)
}

// add appends r to the journal, on the disk before the step it announces.
func (k *Keeper) add(r keepRecord) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	if _, err := k.f.Write(append(b, '\n')); err != nil {
		return err
	}
	return k.f.Sync()
}

// Keep keeps target's content in a new file beside it, linked (or, where
// links cannot be made, copied and synced), and returns its path; "" when
// there is no target. mark is the split marker that will name the file
// ("" for none): while that marker is there, its next export deals with
// the file.
func (k *Keeper) Keep(target, mark string) (string, error) {
	if _, err := os.Lstat(target); errors.Is(err, fs.ErrNotExist) {
		return "", nil
	} else if err != nil {
		return "", err
	}
	for range 100 {
		name := filepath.Join(k.dir, fmt.Sprintf(oldPrefix+"%016x", rand.Uint64()))
		if _, err := os.Lstat(name); !errors.Is(err, fs.ErrNotExist) {
			continue
		}
		r := keepRecord{Target: filepath.Base(target), Old: filepath.Base(name)}
		if mark != "" {
			r.Mark = filepath.Base(mark)
		}
		if err := k.add(r); err != nil {
			return "", err
		}
		// A name taken since the look above is not drawn again: the
		// journal names it now, and another's file is no old content.
		err := os.Link(target, name)
		if err != nil && !errors.Is(err, fs.ErrExist) {
			err = copyOld(target, name)
		}
		if err != nil {
			return "", err
		}
		return name, nil
	}
	return "", fmt.Errorf("no free name beside %s", target)
}

// Placing records that f, open, is the file the export will rename over
// target.
func (k *Keeper) Placing(target string, f *os.File) error {
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	dev, ino, ok := fileID(fi)
	if !ok {
		return nil
	}
	return k.add(keepRecord{Target: filepath.Base(target), Placed: true, Dev: dev, Ino: ino})
}

// Close deletes the journal: the caller has deleted, or put back, what it
// kept.
func (k *Keeper) Close() {
	os.Remove(k.f.Name())
	k.f.Close()
}

// copyOld copies the file at target to name, synced.
func copyOld(target, name string) error {
	src, err := os.Open(target)
	if err != nil {
		return err
	}
	defer src.Close()
	st, err := src.Stat()
	if err != nil {
		return err
	}
	dst, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, st.Mode().Perm())
	if err != nil {
		return err
	}
	_, err = io.Copy(dst, src)
	if err == nil {
		err = dst.Sync()
	}
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
	}
	return err
}

// recoverKept puts right what the dead export of the journal f (in dir,
// locked by the caller) left, as keptPlan says.
func recoverKept(dir string, f *os.File) {
	for _, st := range keptPlan(dir, f) {
		if st.putBack {
			os.Rename(filepath.Join(dir, st.old), filepath.Join(dir, st.target))
		} else {
			os.Remove(filepath.Join(dir, st.old))
		}
	}
	syncDir(dir)
}

// keptStep is what is done with a file holding target's old content that
// a dead export kept: put back over target, or deleted.
type keptStep struct {
	old, target string
	putBack     bool
}

// keptPlan is how what the dead export of the journal f (in dir) left is
// put right: where each file it meant to rename into place is there, it
// finished, and the old content it kept is deleted; else each target
// whose old content it kept gets it back, but only where the target is
// still the file that export renamed there (the device and inode its
// journal recorded before the rename). A journal is a file in the folder
// like any other: a colleague sharing the folder, or an archive unpacked
// there, can put one with this machine's tag and a dead process's ID
// beside a .skein-old-… file of their own, and it named the user's own
// files (their notes, Syncthing's unshared .stignore), which the export
// replaced with the crafted file. A file at the target that export did
// not put there is the user's, and kept; the old content is then deleted,
// as where the export finished. A record naming a file outside dir, or
// other than skein's, is passed over; a torn last line (a kill while it
// was written) announced a step not taken; a file a split's marker names
// is that marker's next export's.
func keptPlan(dir string, f *os.File) []keptStep {
	recs := readJournal(f)
	put := map[string]keepRecord{} // target -> the file the export put there
	for _, r := range recs {
		if r.Placed {
			put[r.Target] = r
		}
	}
	placed := false
	for _, r := range recs {
		if !r.Placed {
			continue
		}
		fi, err := os.Lstat(filepath.Join(dir, r.Target))
		dev, ino, ok := fileID(fi)
		if placed = err == nil && ok && dev == r.Dev && ino == r.Ino; !placed {
			break
		}
	}
	var plan []keptStep
	for _, r := range recs {
		if r.Old == "" {
			continue
		}
		old, target := filepath.Join(dir, r.Old), filepath.Join(dir, r.Target)
		if r.Mark != "" {
			if _, err := os.Lstat(filepath.Join(dir, r.Mark)); err == nil {
				continue // the split's marker names it: its next export's
			}
		}
		ofi, err := os.Lstat(old)
		if err != nil || !ofi.Mode().IsRegular() {
			continue
		}
		tfi, err := os.Lstat(target)
		dev, ino, ok := fileID(tfi)
		p, named := put[r.Target]
		// Else the export finished, or the target is as before it, or
		// not its own: the old content is deleted.
		back := !placed && err == nil && ok && named && dev == p.Dev && ino == p.Ino
		plan = append(plan, keptStep{old: r.Old, target: r.Target, putBack: back})
	}
	return plan
}

// readJournal reads the records of the journal f, those of skein's form.
func readJournal(f *os.File) []keepRecord {
	var recs []keepRecord
	sc := bufio.NewScanner(io.LimitReader(f, maxJournal))
	for sc.Scan() {
		var r keepRecord
		if json.Unmarshal(sc.Bytes(), &r) != nil || !plainName(r.Target) || r.Old != "" && !oldName(r.Old) ||
			r.Mark != "" && !plainName(r.Mark) {
			continue
		}
		recs = append(recs, r)
	}
	return recs
}

// plainName tells a name of a file in the folder itself.
func plainName(s string) bool {
	return s != "" && s != "." && s != ".." && !strings.ContainsAny(s, `/\`)
}
