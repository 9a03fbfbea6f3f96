package team

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// gitMarker finds the first line of git's conflict markers in the file at
// p ("<<<<<<< ", "=======", ">>>>>>> "), which a git pull leaves in a file
// it met in two versions: its line number, and the marker; 0 where there
// is none. A line of skein's JSONL begins with "{", so none is a marker.
func gitMarker(p string) (int, string) {
	f, err := os.Open(p)
	if err != nil {
		return 0, ""
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 64<<10)
	for n := 1; ; n++ {
		line, err := r.ReadSlice('\n')
		for _, m := range []string{"<<<<<<<", "=======", ">>>>>>>"} {
			if bytes.HasPrefix(line, []byte(m)) {
				rest := bytes.TrimRight(line[len(m):], "\r\n")
				if len(rest) == 0 || rest[0] == ' ' {
					return n, m
				}
			}
		}
		switch err {
		case nil:
		case bufio.ErrBufferFull:
			for err == bufio.ErrBufferFull { // the rest of a long line
				_, err = r.ReadSlice('\n')
			}
			if err != nil {
				return 0, ""
			}
		default:
			return 0, ""
		}
	}
}

// gitConflict is why the file rel of the folder dir cannot be read where
// it holds git's conflict markers, as a person can act on it; "" where it
// holds none. A colleague's file is theirs alone: the version the pull
// brought is the one to keep, and their skein writes it whole again. Where
// no merge is under way (the merge was committed with the markers in it,
// as `git add -A` and `git commit` after a pull that stopped do), git
// checkout --theirs has no version to take and silently does nothing: the
// file is then written whole again by its writer.
func gitConflict(dir, rel string) string {
	n, m := gitMarker(filepath.Join(dir, filepath.FromSlash(rel)))
	if n == 0 {
		return ""
	}
	parts := strings.Split(rel, "/")
	owner := ""
	if len(parts) == 4 && parts[0] == "layers" {
		owner = parts[1]
	}
	if !mergeUnderWay(dir) {
		what := fmt.Sprintf("%s:%d: git's conflict marker %s, left by a git merge that is over: it met two versions of this file and was committed with both in it (no merge is under way, so git checkout --theirs has nothing to take)", rel, n, m)
		if owner != "" {
			return what + fmt.Sprintf(". Only %s's skein writes it: %s's next skein sync (or window's start) writes it whole again, and %s's next push brings it; it is read again when it changes", owner, owner, owner)
		}
		return what + ". Assign again (File ▸ Team ▸ Assign…, or skein assign), which writes it whole, then commit and push it; it is read again when it changes"
	}
	what := fmt.Sprintf("%s:%d: a git merge conflict, git's marker %s: the last git pull met two versions of this file and left both in it", rel, n, m)
	if owner != "" {
		return what + fmt.Sprintf(". Only %s's skein writes it: keep the version the pull brought (git checkout --theirs -- %s, before you commit the merge) or wait for %s's next push, which writes it whole again; it is read again when it changes", owner, rel, owner)
	}
	return what + fmt.Sprintf(". Keep one of them (git checkout --theirs -- %s for the one pulled, --ours for yours, before you commit the merge); it is read again when it changes", rel)
}

// mergeUnderWay says whether the git repository holding dir is in the
// middle of a merge (its MERGE_HEAD is there), as a pull that stopped at a
// conflict leaves it; false where dir is in no repository. The repository
// is the nearest folder up from dir holding .git: a folder, or a file
// naming it ("gitdir: …", a linked worktree's or a submodule's).
func mergeUnderWay(dir string) bool {
	d, err := filepath.Abs(dir)
	if err != nil {
		return false
	}
	for {
		g := filepath.Join(d, ".git")
		if fi, err := os.Stat(g); err == nil {
			if !fi.IsDir() {
				b, err := os.ReadFile(g)
				if err != nil {
					return false
				}
				line, _, _ := strings.Cut(string(b), "\n")
				p, ok := strings.CutPrefix(strings.TrimSpace(line), "gitdir:")
				if !ok {
					return false
				}
				g = strings.TrimSpace(p)
				if !filepath.IsAbs(g) {
					g = filepath.Join(d, g)
				}
			}
			_, err := os.Stat(filepath.Join(g, "MERGE_HEAD"))
			return err == nil
		}
		up := filepath.Dir(d)
		if up == d {
			return false
		}
		d = up
	}
}
