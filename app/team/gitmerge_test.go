package team

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skein-news/skein/store"
)

// gitIn runs git in dir, as a person would, and returns its output.
func gitIn(t *testing.T, dir string, ok bool, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.org",
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.CombinedOutput()
	if (err == nil) != ok {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// assignAndCommit writes an assignment of per annotators an article into
// the clone dir from st, and commits everything there.
func assignAndCommit(t *testing.T, st *store.Store, e *Engine, dir string, per int) {
	t.Helper()
	asg, err := Assign(context.Background(), st, []string{"alice", "bilal"}, per)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.WriteAssignment(asg); err != nil {
		t.Fatal(err)
	}
	gitIn(t, dir, true, "add", "-A")
	gitIn(t, dir, true, "commit", "-q", "-m", e.User())
}

// A git pull that meets a colleague's file in two versions (bilal's clone
// changed alice's file by hand) or assign.json (both assigned) leaves
// git's conflict markers in it: the sync and the assignment say it is a
// git merge conflict, where, and what to do; doing it (git checkout
// --theirs) has the file read.
func TestGitConflictMarkersSaid(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	origin := t.TempDir()
	gitIn(t, origin, true, "init", "-q", "--bare", "-b", "main")
	root := t.TempDir()
	ca, cb := filepath.Join(root, "alice"), filepath.Join(root, "bilal")
	gitIn(t, root, true, "clone", "-q", origin, ca)
	a, b := openStore(t, t.TempDir()), openStore(t, t.TempDir())
	ea := open(t, a, ca, "alice")
	d := addDoc(t, a, kakar, "Pakistan Blames Afghanistan")
	addSpan(t, a, d, "alice", "actor", 25, 47)
	syncOnce(t, ea)
	gitIn(t, ca, true, "add", "-A")
	gitIn(t, ca, true, "commit", "-q", "-m", "alice")
	gitIn(t, ca, true, "push", "-q", "origin", "HEAD:main")
	gitIn(t, root, true, "clone", "-q", origin, cb)
	eb := open(t, b, cb, "bilal")
	syncOnce(t, eb)

	// bilal's clone: alice's file changed by hand, and an assignment.
	rel := "layers/alice/" + ea.Machine() + "/" + d.ID[:2] + ".jsonl"
	pb := filepath.Join(cb, filepath.FromSlash(rel))
	old, _ := os.ReadFile(pb)
	os.WriteFile(pb, []byte(strings.Replace(string(old), `"label":"actor"`, `"label":"claim"`, 1)), 0o644)
	assignAndCommit(t, b, eb, cb, 1)
	// alice's: a span more, and an assignment of her own.
	addSpan(t, a, d, "alice", "claim", 48, 56)
	syncOnce(t, ea)
	assignAndCommit(t, a, ea, ca, 2)
	gitIn(t, ca, true, "push", "-q", "origin", "HEAD:main")
	out := gitIn(t, cb, false, "pull", "--no-rebase", "origin", "main")
	if !strings.Contains(out, "CONFLICT") {
		t.Fatalf("git pull met no conflict:\n%s", out)
	}

	rep := syncOnce(t, eb)
	want := rel + ":1: a git merge conflict, git's marker <<<<<<<: the last git pull met two versions of this file and left both in it. Only alice's skein writes it: keep the version the pull brought (git checkout --theirs -- " + rel + ", before you commit the merge) or wait for alice's next push, which writes it whole again; it is read again when it changes"
	if len(rep.Refused) != 1 || rep.Refused[0].Error() != want {
		t.Errorf("bilal's sync after the pull refused %q; want %q", rep.Refused, want)
	}
	_, err := ReadAssignment(cb)
	wantA := filepath.Join(cb, "assign.json") + ":"
	if err == nil || !strings.HasPrefix(err.Error(), wantA) || !strings.Contains(err.Error(), ": a git merge conflict, git's marker <<<<<<<: the last git pull met two versions of this file and left both in it. Keep one of them (git checkout --theirs -- assign.json for the one pulled, --ours for yours, before you commit the merge)") {
		t.Errorf("the assignment after the pull: %v", err)
	}

	gitIn(t, cb, true, "checkout", "--theirs", "--", filepath.FromSlash(rel), "assign.json")
	rep = syncOnce(t, eb)
	if len(rep.Refused) != 0 || len(rep.Arrived) != 1 || rep.Arrived[0].Spans != 1 {
		t.Errorf("bilal's sync after git checkout --theirs: refused %q, arrived %+v; want alice's new span", rep.Refused, rep.Arrived)
	}
	if got, err := ReadAssignment(cb); err != nil || got.PerArticle != 2 {
		t.Errorf("the assignment after git checkout --theirs: %+v %v; want alice's", got, err)
	}
}
