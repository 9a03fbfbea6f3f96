package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// skein team on a folder where no file can be made (/proc) says it is the
// team folder, which one, what it could not write and what to do; it said
// only "open /proc/.skein-tmp-…: no such file or directory", a name the
// user never made, and no word of the team folder.
func TestTeamFolderOnProc(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "store")
	code, _, stderr := run(t, dir, "-user", "alice", "team", "/proc")
	want := "skein team: team folder /proc: cannot write skein-team.json: no such file or directory; " +
		"skein cannot make files there (a system folder such as /proc holds none): connect another with skein team FOLDER (in the window, File ▸ Team ▸ Folder…)"
	if code != 1 || !strings.Contains(stderr, want) || strings.Contains(stderr, ".skein-tmp") {
		t.Errorf("skein team /proc = %d %q; want 1 and %q", code, stderr, want)
	}
	if code, _, stderr := run(t, dir, "sync"); code != 1 || !strings.Contains(stderr, "no team folder") {
		t.Errorf("skein sync after the refused team folder = %d %q; want no folder connected", code, stderr)
	}
}
