package cli

import (
	"errors"
	"fmt"
	iofs "io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/skein-news/skein/annotate/formats"
)

// outPaths checks each file of names (as -o gave them) with outPath and
// returns where to write each.
func (g *globals) outPaths(names map[string]string, folder bool, hint outHint) (map[string]string, error) {
	targets := map[string]string{}
	for key, name := range names {
		p, err := g.outPath(name, folder, hint)
		if err != nil {
			return nil, err
		}
		targets[key] = p
	}
	return targets, nil
}

// outPath checks the file that -o names before anything is written, and
// returns where to write it: the file itself, or the file a symbolic link
// to one names (renamed over, the link would become a file of its own and
// the file it names keep the old content). A file is written beside its
// place and renamed there, so -o may not name a folder (unless folder: a
// brat export's), nor a named pipe, a device or a socket, which the rename
// would replace (as root, -o /dev/null would put a file in the place of
// the system's /dev/null). hint says what to do instead.
func (g *globals) outPath(out string, folder bool, hint outHint) (string, error) {
	if isStdout(out) {
		if hint.stdout && !folder {
			return "", nil
		}
		return "", usageError{fmt.Sprintf("-o %s is standard output: %s", out, hint.folder)}
	}
	if g.env.Caller != nil && processPath(out) {
		// Served, the command runs in the window's process: -o
		// /dev/stderr wrote into the window's own log.
		return "", usageError{fmt.Sprintf("-o %s names a file of the process that runs the command, which beside a window is the window: %s", out, hint.special)}
	}
	p := g.path(out)
	if !folder && (strings.HasSuffix(out, "/") || strings.HasSuffix(out, string(filepath.Separator))) {
		return "", usageError{fmt.Sprintf("-o %s names a folder: %s", out, hint.folder)}
	}
	st, err := os.Stat(p)
	if errors.Is(err, iofs.ErrNotExist) {
		// A link whose file or folder is not there (a disk not mounted)
		// was renamed over: the link was gone and the export on this
		// disk, said written as if where the link led.
		if to, lerr := os.Readlink(p); lerr == nil {
			return "", fmt.Errorf("cannot write %s: it is a symbolic link to %s, which does not exist: make it, mount the disk it is on, or give -o another name (nothing was written)", out, to)
		}
		if !folder {
			// "cannot write out/x.jsonl: no such file or directory" read
			// as if the file had to exist already: say it is the folder.
			if err := parentFolder(p, out); err != nil {
				return "", err
			}
		}
		return p, nil // a new file
	}
	if err != nil {
		if !folder {
			if err := parentFolder(p, out); err != nil {
				return "", err // not a directory: a file where its folder should be
			}
		}
		return "", fmt.Errorf("cannot write %s: %w", out, unwrapPathErr(err))
	}
	switch {
	case st.IsDir() && !folder:
		return "", usageError{fmt.Sprintf("-o %s is a folder: %s", out, hint.folder)}
	case !st.IsDir() && folder:
		if st.Mode().IsRegular() {
			return "", usageError{fmt.Sprintf("-o %s is a file: name a new or empty folder", out)}
		}
		return "", usageError{fmt.Sprintf("-o %s is %s, not a folder: name a new or empty folder", out, formats.FileKind(st.Mode()))}
	case !st.IsDir() && !st.Mode().IsRegular():
		return "", usageError{fmt.Sprintf("-o %s is %s, not a file: skein writes a file beside it and renames it into its place, "+
			"which would replace it: %s", out, formats.FileKind(st.Mode()), hint.special)}
	}
	if real, err := filepath.EvalSymlinks(p); err == nil {
		p = real
	}
	return p, nil
}

// parentFolder says, naming it as -o gave it (out), why the folder a new
// file p is to be written into cannot hold it: it does not exist, or it
// is a file.
func parentFolder(p, out string) error {
	dir, given := filepath.Dir(p), filepath.Dir(out)
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, iofs.ErrNotExist):
		return fmt.Errorf("cannot write %s: there is no folder %s: make it first, or give -o a file in a folder that exists (nothing was written)", out, given)
	case err == nil && !st.IsDir():
		return fmt.Errorf("cannot write %s: %s is a file, not a folder: give -o a file in a folder (nothing was written)", out, given)
	}
	return nil
}

// outHint says what to give -o instead of a folder, or instead of a named
// pipe, a device or a socket; stdout, whether -o /dev/stdout may stand for
// standard output.
type outHint struct {
	folder, special string
	stdout          bool
}

// isStdout says whether -o out names standard output. Served, the command
// runs in the window's process, whose standard output is not the
// caller's: -o /dev/stdout replaced the window's log with the export, and
// the caller got nothing.
func isStdout(out string) bool {
	return out == "/dev/stdout" || out == "/dev/fd/1" || out == "/proc/self/fd/1"
}

// processPath says whether p names a file of the process that opens it.
func processPath(p string) bool {
	p = filepath.ToSlash(filepath.Clean(p))
	for _, pre := range []string{"/dev/fd", "/dev/stdin", "/dev/stdout", "/dev/stderr", "/proc/self", "/proc/thread-self"} {
		if p == pre || strings.HasPrefix(p, pre+"/") {
			return true
		}
	}
	return false
}

// outsideStore refuses files (targets, named as names give them) to be
// written into the store's own folder, where Badger keeps its files: an
// export or a backup renamed over one of them (-o STORE/MANIFEST) destroys
// the store, and a new name there may be one Badger makes next. Call it
// once the store is open.
func (g *globals) outsideStore(names, targets map[string]string) error {
	dir := g.storeDir
	if g.st != nil {
		dir = g.st.Dir()
	}
	sd, err := os.Stat(dir)
	if err != nil {
		return nil // no store folder: nothing in it to overwrite
	}
	for key, p := range targets {
		if p == "" {
			continue // standard output
		}
		for _, d := range []string{p, filepath.Dir(p)} {
			if st, err := os.Stat(d); err == nil && os.SameFile(st, sd) {
				return usageError{fmt.Sprintf("-o %s is in the store folder %s, which holds the store's own files: write it somewhere else", names[key], dir)}
			}
		}
	}
	return nil
}

// unwrapPathErr drops the path an os error names, for a message that names
// the path as the user gave it.
func unwrapPathErr(err error) error {
	var pe *iofs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
