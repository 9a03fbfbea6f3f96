package formats

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/skein-news/skein/annotate"
)

// What exports leave in a folder is dealt with by the next export there,
// or left for the user (another machine's, an older skein's, one on a
// disk that cannot lock), and a researcher saw none of it: the names are
// hidden. Left describes it, changing nothing, for `skein check -export`.

// Left is what exports left in a folder: a line for each hidden export
// folder or file and each journal, and the copies of old content
// (.skein-old-…) no journal there names, which a split's marker may.
type Left struct {
	Lines []string
	// Olds are the names of .skein-old-… files no journal names.
	Olds []string
}

// LeftIn reads dir for what exports left, without changing anything.
func LeftIn(dir string) (*Left, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	left := &Left{}
	named := map[string]bool{} // .skein-old-… files a journal names
	var olds []string
	for _, e := range entries {
		name := e.Name()
		p := filepath.Join(dir, name)
		switch {
		case oldName(name):
			olds = append(olds, name)
		case strings.HasPrefix(name, keepPrefix):
			if line := journalLine(dir, name, named); line != "" {
				left.Lines = append(left.Lines, line)
			}
		case strings.HasPrefix(name, exportPrefix):
			what := "file"
			rm := "rm -- " + annotate.ShellWord(p)
			if e.IsDir() {
				what, rm = "folder", "rm -r -- "+annotate.ShellWord(p)
			}
			if hex16(strings.TrimPrefix(name, exportPrefix)) {
				left.Lines = append(left.Lines, fmt.Sprintf("%s: a hidden export %s a skein before this one left (its name holds no machine or process): no export removes it; once no export is running, remove it: %s", name, what, rm))
				continue
			}
			machine, pid, ok := hiddenOwner(name, exportPrefix)
			if !ok || e.Type()&fs.ModeSymlink != 0 {
				continue // a user's own (.skein-export-draft)
			}
			left.Lines = append(left.Lines, name+": "+exportState(p, what, machine, pid, rm))
		}
	}
	for _, o := range olds {
		if !named[o] {
			left.Olds = append(left.Olds, o)
		}
	}
	return left, nil
}

// exportState says of the hidden export folder or file at p, of process
// pid on machine, whether it is an export under way or one a kill left,
// and what becomes of it.
func exportState(p, what, machine string, pid int, rm string) string {
	if machine != thisMachine {
		return fmt.Sprintf("a hidden export %s of another machine's export (arrived through a folder a sync engine shares): left alone here; that machine's next export removes it if it was killed", what)
	}
	free, known := held(p)
	switch {
	case !known:
		return fmt.Sprintf("a hidden export %s of process %d, on a disk that cannot lock files (or a system without file locks), where no export can tell a killed one's from one being written: no export removes it; once no export is running, remove it: %s", what, pid, rm)
	case !free || pid != os.Getpid() && processAlive(pid):
		return fmt.Sprintf("a hidden export %s of an export under way (process %d): left alone", what, pid)
	}
	return fmt.Sprintf("a hidden export %s an export killed here left (process %d is gone): the next export into this folder removes it", what, pid)
}

// held opens p, not following a link, and tells whether its lock is free.
func held(p string) (free, known bool) {
	f, err := os.Open(p)
	if err != nil {
		return false, false
	}
	defer f.Close()
	return lockFree(f)
}

// journalLine says of the journal name in dir whose export it is and what
// the next export does with what it kept; the old content it names is
// added to named. "" for a name not of skein's form.
func journalLine(dir, name string, named map[string]bool) string {
	machine, pid, ok := hiddenOwner(name, keepPrefix)
	if !ok {
		return ""
	}
	f, err := os.OpenFile(filepath.Join(dir, name), openFlags|noFollowFlag, 0)
	if err != nil {
		return ""
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return ""
	}
	var kept []string
	rm := []string{annotate.ShellWord(filepath.Join(dir, name))} // it and the copies it kept still there
	for _, r := range readJournal(f) {
		if r.Old != "" {
			named[r.Old] = true
			kept = append(kept, fmt.Sprintf("%s's old content in %s", annotate.FileName(r.Target), r.Old))
			w := annotate.ShellWord(filepath.Join(dir, r.Old))
			if fi, err := os.Lstat(filepath.Join(dir, r.Old)); err == nil && fi.Mode().IsRegular() && !slices.Contains(rm, w) {
				rm = append(rm, w)
			}
		}
	}
	keeps := "it kept no old content"
	if len(kept) > 0 {
		keeps = "it kept " + strings.Join(kept, ", ")
	}
	if machine != thisMachine {
		return fmt.Sprintf("%s: the journal of another machine's export (arrived through a folder a sync engine shares; %s): left alone here; that machine's next export puts it right if it was killed", name, keeps)
	}
	free, known := lockFree(f)
	switch {
	case !known:
		return fmt.Sprintf("%s: the journal of an export of process %d, on a disk that cannot lock files (or a system without file locks), where no export can tell a killed one's from one under way (%s): no export acts on it; once no export is running, remove it and the copies it kept (export again first if a kill left the files it wrote mixed): rm -- %s", name, pid, keeps, strings.Join(rm, " "))
	case !free || pid != os.Getpid() && processAlive(pid):
		return fmt.Sprintf("%s: the journal of an export under way (process %d; %s): left alone", name, pid, keeps)
	}
	f.Seek(0, 0)
	var does []string
	for _, st := range keptPlan(dir, f) {
		if st.putBack {
			does = append(does, fmt.Sprintf("puts %s back over %s", st.old, annotate.FileName(st.target)))
		} else {
			does = append(does, fmt.Sprintf("deletes %s (%s is the export's, in place)", st.old, annotate.FileName(st.target)))
		}
	}
	slices.Sort(does)
	if len(does) == 0 {
		does = []string{"finds nothing to put right"}
	}
	return fmt.Sprintf("%s: the journal of an export killed here (process %d is gone; %s): the next export into this folder %s, and deletes the journal", name, pid, keeps, strings.Join(does, ", "))
}

// UnlockableJournal tells whether name, in dir, is the journal
// (Keeper.Name) of an export this machine ran, of process pid, on a disk
// that cannot lock files (or a system without file locks): there no one
// can tell a killed export's journal from one under way, and no export
// acts on it or on the split's marker that names it.
func UnlockableJournal(dir, name string) (pid int, ok bool) {
	machine, pid, ok := hiddenOwner(name, keepPrefix)
	p := filepath.Join(dir, name)
	if fi, err := os.Lstat(p); !ok || machine != thisMachine || err != nil || !fi.Mode().IsRegular() {
		return 0, false
	}
	if _, known := held(p); known {
		return 0, false
	}
	return pid, true
}
