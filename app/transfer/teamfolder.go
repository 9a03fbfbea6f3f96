package transfer

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/skein-news/skein/annotate"
)

// TeamMarker is the file skein writes at the top of a team folder, and
// only there ({"format":1}): what tells a team folder from a corpus, and
// one that is there from a folder moved away (app/team).
const TeamMarker = "skein-team.json"

// isTeamFolder reports whether dir is the top of a skein team folder.
func isTeamFolder(dir string) bool {
	fi, err := os.Stat(filepath.Join(dir, TeamMarker))
	return err == nil && fi.Mode().IsRegular()
}

// teamFolderAround is the team folder dir is, or lies in ("" where none):
// dir itself or the nearest folder above it holding skein-team.json.
func teamFolderAround(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for d := abs; ; {
		if isTeamFolder(d) {
			if d == abs {
				return dir // as given, in the message
			}
			return d
		}
		up := filepath.Dir(d)
		if up == d {
			return ""
		}
		d = up
	}
}

// errTeamFolder is the refusal of a folder to import (dir) that is a team
// folder (team), lies in one, or holds one and nothing else to import: read as a corpus, skein's own files in it
// (owner.json, the layers' JSONL) were taken for Label Studio tasks and
// articles ("task 1: no text in \"data\""), where a team folder is
// connected, and its work comes in by a sync.
func errTeamFolder(dir, team string) error {
	what := "it is a skein team folder (it holds " + TeamMarker + ")"
	if rel, err := filepath.Rel(dir, team); err == nil && rel != "." && filepath.IsLocal(rel) {
		what = "it holds nothing to import but the skein team folder " + team + " (which holds " + TeamMarker + ")"
	} else if dir != team {
		what = "it lies in the skein team folder " + team + " (which holds " + TeamMarker + ")"
	}
	return fmt.Errorf("%s, not a corpus to import: its files (owner.json, layers/…, articles/…) are skein's own, which a sync reads; nothing was imported. "+
		"To work with it, connect it: skein team %s (in the window, File ▸ Team ▸ Folder…); your colleagues' work then comes into the store by itself in the window, or with skein sync", what, annotate.ShellWord(team))
}

// teamNote says which team folders a folder's import left out (paths):
// the corpus beside them is imported, their files are skein's own.
func teamNote(paths []string) string {
	if len(paths) == 0 {
		return ""
	}
	what := "a skein team folder (it holds " + TeamMarker + "), left out: " + paths[0]
	if len(paths) > 1 {
		what = fmt.Sprintf("%d skein team folders (each holds %s), left out: %s and %d more", len(paths), TeamMarker, paths[0], len(paths)-1)
	}
	return what + "; its files are skein's own, which a sync reads, not a corpus. To work with it, connect it: skein team " + annotate.ShellWord(paths[0]) +
		" (in the window, File ▸ Team ▸ Folder…); your colleagues' work then comes into the store by itself in the window, or with skein sync"
}
