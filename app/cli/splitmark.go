package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/formats"
	"github.com/skein-news/skein/app/transfer"
)

// An export of several files (a split's parts) renames them over their
// targets one by one; a kill between the renames leaves some parts new
// and the others from the export before, with the old content of each in
// a .skein-old-… file beside it. So that the next export to the same
// place can tell, the renames are recorded first in a marker beside the
// parts (.skein-split-<the parts' common name>): each part and the file
// holding its old content. The marker goes once the renames are all done
// (or put back). The next export finds a marker left, says which parts
// were left mixed, writes them all anew, and deletes what the interrupted
// export left only once its own parts are all in place.

// splitMark is the marker's content: the parts (their file names, beside
// the marker) and their old content's files ("" where there was none), the
// files an export interrupted before left, not yet deleted, and the
// journal of the export that wrote it (formats.Keeper.Name), which tells
// the machine and the process.
type splitMark struct {
	Parts []markPart `json:"parts"`
	Stale []string   `json:"stale,omitempty"`
	Keep  string     `json:"keep,omitempty"`
}

type markPart struct {
	Name string `json:"name"`
	Old  string `json:"old,omitempty"`
	// New is the part as written, beside, until renamed over Name.
	New string `json:"new,omitempty"`
}

// markPath is the marker of the files at targets: beside the first, named
// after their common beginning.
func markPath(targets []string) string {
	names := make([]string, len(targets))
	for i, t := range targets {
		names[i] = filepath.Base(t)
	}
	prefix := names[0]
	for _, n := range names[1:] {
		for !strings.HasPrefix(n, prefix) {
			prefix = prefix[:len(prefix)-1]
		}
	}
	prefix = strings.TrimRight(strings.ToValidUTF8(prefix, ""), ".-_ ") // not cut inside a character
	if prefix == "" {
		prefix = "export"
	}
	return filepath.Join(filepath.Dir(targets[0]), ".skein-split-"+prefix)
}

// maxMark is the most a marker may hold: one of three parts is a few
// hundred bytes.
const maxMark = 1 << 20

// readMark reads the marker at path: nil where there is none, or where it
// is not one this skein wrote for these parts (then it is written over,
// and nothing it names is touched). A marker is acted on as the sweep of
// dead exports acts (formats.DeadJournal): only one an export of this
// machine wrote whose process is gone and whose journal no one holds,
// naming files of exactly skein's form. One arrived from another
// machine through a shared folder (Syncthing, Dropbox) names the files of
// that machine's export, perhaps under way there: only the prefix of each
// name was looked at, and deleting them here had the sync delete that
// machine's files.
// What is there and is no regular file of at most maxMark bytes (a named
// pipe, a device or a link to one, a link, a huge file) is an error: it
// is not skein's, and reading it could wait for ever or fill the memory.
//
// The marker is opened first, without blocking and not following a link,
// and the open file looked at (formats.OpenFile): a look at the path and
// then os.ReadFile let a marker swapped for a named pipe in between be
// waited on for ever.
func readMark(path string, targets []string) (*splitMark, error) {
	m, err := loadMark(path)
	if m == nil || len(m.Parts) != len(targets) || !formats.DeadJournal(filepath.Dir(path), m.Keep) {
		return nil, err
	}
	want := map[string]bool{}
	for _, t := range targets {
		want[filepath.Base(t)] = true
	}
	for _, p := range m.Parts {
		if !want[p.Name] || p.Old != "" && !formats.OldName(p.Old) || p.New != "" && !formats.DeadExportName(p.New) {
			return nil, nil
		}
	}
	for _, s := range m.Stale {
		if !formats.OldName(s) && !formats.DeadExportName(s) {
			return nil, nil
		}
	}
	return m, nil
}

// loadMark reads the marker at path as readMark does, whoever wrote it:
// nil where there is none or it is not of skein's form, an error where
// it is no regular file of at most maxMark bytes.
func loadMark(path string) (*splitMark, error) {
	f, fi, err := formats.OpenFile(path, 0, "", true)
	switch {
	case errors.Is(err, iofs.ErrNotExist):
		return nil, nil
	case fi != nil && fi.Mode()&iofs.ModeSymlink != 0:
		return nil, fmt.Errorf("%s is not a marker skein wrote (a symbolic link): move it out of the way", path)
	case fi != nil && !fi.Mode().IsRegular():
		return nil, fmt.Errorf("%s is not a marker skein wrote (%s): move it out of the way", path, formats.FileKind(fi.Mode()))
	case err != nil:
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	defer f.Close()
	if fi.Size() > maxMark {
		return nil, fmt.Errorf("%s is not a marker skein wrote (%d bytes, more than the %d one may hold): move it out of the way", path, fi.Size(), maxMark)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxMark+1))
	if err != nil || len(data) > maxMark {
		return nil, nil
	}
	var m splitMark
	if json.Unmarshal(data, &m) != nil || len(m.Parts) == 0 {
		return nil, nil
	}
	return &m, nil
}

// liveParts is liveMark for the marker of the parts at targets, where
// they share a folder; first is the first part as the user named it.
func liveParts(first string, targets []string) error {
	if len(targets) < 2 || !sameDir(targets) {
		return nil
	}
	if err := liveMark(markPath(targets)); err != nil {
		return fmt.Errorf("cannot write %s: %w (nothing was written)", first, err)
	}
	return nil
}

// liveMark refuses to write the parts of a split over the marker at path
// where its export may be under way (formats.LiveJournal): another
// machine's, arrived through a folder a sync engine shares, or one
// running here. The next export -split to the same names wrote over that
// marker and, done, deleted it: the sync carried both the parts and the
// deletion to the other machine, over the export writing there, and one
// killed there lost what tells its next export to put the folder right.
// nil for any other marker, or none (readMark deals with those).
func liveMark(path string) error {
	m, err := loadMark(path)
	if m == nil {
		return err
	}
	pid, elsewhere, live := formats.LiveJournal(filepath.Dir(path), m.Keep)
	if !live {
		return nil
	}
	var parts []string
	for _, p := range m.Parts {
		parts = append(parts, p.Name)
	}
	sort.Strings(parts)
	if elsewhere {
		return fmt.Errorf("%s marks %s as the parts of another machine's split export (its journal %s; the marker arrived through a folder a sync engine shares), which may be writing them there now: "+
			"writing them here too would have the sync carry these parts to that machine over its export's, and then this marker's removal. "+
			"Wait until that export is done (its marker goes when it is), or export under another name (-o); "+
			"if it was killed on that machine and will not run there again, remove the marker yourself: rm -- %s",
			path, joinAnd(parts), m.Keep, annotate.ShellWord(path))
	}
	return fmt.Errorf("%s marks %s as the parts of a split export under way on this machine (process %d, which holds its journal %s): wait until it is done, or export under another name (-o)",
		path, joinAnd(parts), pid, m.Keep)
}

// leftMixed says in one line which parts an interrupted export left
// mixed, as the marker m beside them says: those it had renamed (new)
// and those still as before.
func leftMixed(dir string, m *splitMark) string {
	all, what := m.mixed(dir)
	return fmt.Sprintf("export: %s in %s were left mixed by an export interrupted between its renames (%s); writing them all anew",
		joinAnd(all), dir, what)
}

// mixed is the parts of m, sorted, and which of them are new and which
// as before, as leftMixed says it: each named as a message names a file
// (annotate.FileName), a line break in it no line of its own.
func (m *splitMark) mixed(dir string) (all []string, what string) {
	var fresh, before []string
	for _, p := range m.Parts {
		shown := annotate.FileName(p.Name)
		all = append(all, shown)
		if p.Old != "" && sameContent(filepath.Join(dir, p.Old), filepath.Join(dir, p.Name)) {
			before = append(before, shown)
		} else {
			fresh = append(fresh, shown)
		}
	}
	sort.Strings(all)
	sort.Strings(fresh)
	sort.Strings(before)
	what = "new"
	if len(before) > 0 {
		what = joinAnd(fresh) + " new, " + joinAnd(before) + " from the export before it"
		if len(fresh) == 0 {
			what = "none renamed yet"
		}
	}
	return all, what
}

// sameContent reports whether the files at a and b are one file (a link)
// or hold the same bytes. Each is opened first, without waiting, and only
// a regular file read (formats.OpenFile): a marker can name any file of
// the folder as a part's old content, and a named pipe there, read, was
// waited on for ever.
func sameContent(a, b string) bool {
	fa, ia, err := formats.OpenFile(a, 0, "", false)
	if err != nil {
		return false
	}
	defer fa.Close()
	fb, ib, err := formats.OpenFile(b, 0, "", false)
	if err != nil {
		return false
	}
	defer fb.Close()
	if os.SameFile(ia, ib) {
		return true
	}
	if ia.Size() != ib.Size() {
		return false
	}
	ba, bb := make([]byte, 64<<10), make([]byte, 64<<10)
	for {
		na, erra := io.ReadFull(fa, ba)
		nb, errb := io.ReadFull(fb, bb)
		if na != nb || !bytes.Equal(ba[:na], bb[:nb]) {
			return false
		}
		if erra != nil || errb != nil {
			return (erra == io.EOF || erra == io.ErrUnexpectedEOF) && erra == errb
		}
	}
}

// writeMark writes m at path, synced, beside and renamed: a kill leaves
// the marker before or after, whole.
func writeMark(path string, m *splitMark) error {
	data, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return transfer.WriteAtomic(path, data, ".skein-split-tmp-", true, 0o644)
}

// leftovers is what the interrupted export of m left beside its parts:
// the files of the parts' old content, and those of an export before it.
func (m *splitMark) leftovers() []string {
	if m == nil {
		return nil
	}
	var out []string
	for _, p := range m.Parts {
		for _, f := range []string{p.Old, p.New} {
			if f != "" {
				out = append(out, f)
			}
		}
	}
	return append(out, m.Stale...)
}

// removeAll deletes the files names in dir, those already gone aside.
func removeAll(dir string, names []string) error {
	var errs []error
	for _, n := range names {
		if err := os.Remove(filepath.Join(dir, n)); err != nil && !errors.Is(err, iofs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// sameDir reports whether the files at paths are all in one folder.
func sameDir(paths []string) bool {
	for _, p := range paths[1:] {
		if filepath.Dir(p) != filepath.Dir(paths[0]) {
			return false
		}
	}
	return true
}
