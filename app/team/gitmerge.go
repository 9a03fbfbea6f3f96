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
// brought is the one to keep, and their skein writes it whole again.
func gitConflict(dir, rel string) string {
	n, m := gitMarker(filepath.Join(dir, filepath.FromSlash(rel)))
	if n == 0 {
		return ""
	}
	what := fmt.Sprintf("%s:%d: a git merge conflict, git's marker %s: the last git pull met two versions of this file and left both in it", rel, n, m)
	if parts := strings.Split(rel, "/"); len(parts) == 4 && parts[0] == "layers" {
		return what + fmt.Sprintf(". Only %s's skein writes it: keep the version the pull brought (git checkout --theirs -- %s, before you commit the merge) or wait for %s's next push, which writes it whole again; it is read again when it changes", parts[1], rel, parts[1])
	}
	return what + fmt.Sprintf(". Keep one of them (git checkout --theirs -- %s for the one pulled, --ours for yours, before you commit the merge); it is read again when it changes", rel)
}
