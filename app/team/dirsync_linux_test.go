package team

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/skein-news/skein/app/internal/stracetest"
)

// The user's work written to the team folder (a layer file, the
// assignment; an article: TestArticlesOnDiskBeforeRename) is synced,
// renamed into its folder and the folder then synced: the rename was left
// unsynced, so a power loss after "wrote 1 file of your work" could leave
// the file before it, or none, under its name, while the store's sync
// state said it was written and nothing wrote it again. An article was not
// synced at all: a colleague's sync engine could take it, and a power loss
// leave it empty here.
// Watched as the system sees it, in a child under strace, which logs each
// fsync with its file's path.
func TestTeamFolderWritesSyncTheirFolder(t *testing.T) {
	if folder := os.Getenv("SKEIN_TEST_TEAM_DIRSYNC"); folder != "" {
		st := openStore(t, t.TempDir())
		e := open(t, st, folder, "alice")
		d := addDoc(t, st, kakar, "Pakistan Blames Afghanistan")
		addSpan(t, st, d, "alice", "actor", 25, 47)
		syncOnce(t, e)
		if err := e.WriteAssignment(&Assignment{Format: 1, Annotators: []string{"alice"}, PerArticle: 1, Articles: map[string][]string{d.ID: {"alice"}}}); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(folder, "machine"), []byte(e.Machine()), 0o644)
		return
	}
	stracetest.Need(t)
	folder := stracetest.Dir(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestTeamFolderWritesSyncTheirFolder$", "-test.count=1")
	cmd.Env = append(os.Environ(), "SKEIN_TEST_TEAM_DIRSYNC="+folder)
	calls := stracetest.Trace(t, cmd)
	machine, err := os.ReadFile(filepath.Join(folder, "machine"))
	if err != nil {
		t.Fatal(err)
	}
	own := filepath.Join(folder, "layers", "alice", string(machine))
	for _, c := range []struct{ what, dir, file string }{
		{"the layer file", own, `[0-9a-f]{2}\.jsonl`},
		{"the assignment", folder, `assign\.json`},
	} {
		renamed := -1
		re := regexp.MustCompile(`^` + regexp.QuoteMeta(c.dir+"/") + c.file + `$`)
		var from string
		for i, l := range calls {
			if re.MatchString(l.To) {
				renamed, from = i, l.From
			}
		}
		if renamed < 0 {
			t.Errorf("%s: no rename into %s:\n%s", c.what, c.dir, calls)
			continue
		}
		if !calls[:renamed].Synced(from) {
			t.Errorf("%s: %s not synced before its rename (%s):\n%s", c.what, from, calls[renamed:renamed+1], calls[:renamed+1])
		}
		if !calls[renamed+1:].Synced(c.dir) {
			t.Errorf("%s: %s not synced after its rename (%s):\n%s", c.what, c.dir, calls[renamed:renamed+1], calls[renamed:])
		}
	}
}
