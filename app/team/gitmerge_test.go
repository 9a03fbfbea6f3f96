package team

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
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

// gitTeam is the README's git set-up: a bare origin; alice's clone, where
// she connects, labels Kakar's article (d) and pushes; then bilal's clone
// of that push, connected. Skipped where git is not installed.
func gitTeam(t *testing.T) (ca, cb string, a, b *store.Store, ea, eb *Engine, d *annotate.Document) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	origin := t.TempDir()
	gitIn(t, origin, true, "init", "-q", "--bare", "-b", "main")
	root := t.TempDir()
	ca, cb = filepath.Join(root, "alice"), filepath.Join(root, "bilal")
	gitIn(t, root, true, "clone", "-q", origin, ca)
	a, b = openStore(t, t.TempDir()), openStore(t, t.TempDir())
	ea = open(t, a, ca, "alice")
	d = addDoc(t, a, kakar, "Pakistan Blames Afghanistan")
	addSpan(t, a, d, "alice", "actor", 25, 47)
	syncOnce(t, ea)
	gitIn(t, ca, true, "add", "-A")
	gitIn(t, ca, true, "commit", "-q", "-m", "alice")
	gitIn(t, ca, true, "push", "-q", "origin", "HEAD:main")
	gitIn(t, root, true, "clone", "-q", origin, cb)
	eb = open(t, b, cb, "bilal")
	syncOnce(t, eb)
	return ca, cb, a, b, ea, eb, d
}

// A git pull that meets a colleague's file in two versions (bilal's clone
// changed alice's file by hand) or assign.json (both assigned) leaves
// git's conflict markers in it: the sync and the assignment say it is a
// git merge conflict, where, and what to do; doing it (git checkout
// --theirs) has the file read.
func TestGitConflictMarkersSaid(t *testing.T) {
	ca, cb, a, b, ea, eb, d := gitTeam(t)

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
	wantAsg := "assign.json:7: a git merge conflict, git's marker <<<<<<<: the last git pull met two versions of this file and left both in it. Keep one of them (git checkout --theirs -- assign.json for the one pulled, --ours for yours, before you commit the merge); it is read again when it changes"
	if len(rep.Refused) != 2 || rep.Refused[0].Error() != wantAsg || rep.Refused[1].Error() != want {
		t.Errorf("bilal's sync after the pull refused %q; want %q and %q", rep.Refused, wantAsg, want)
	}
	if s := rep.Summary(); strings.Contains(s, "a new assignment") {
		t.Errorf("bilal's sync after the pull says %q: an assignment it cannot read told of as a new one", s)
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

// The README's git round followed on after a pull that stopped at a
// conflict: bilal's git add -A, git commit and git push commit assign.json
// with git's markers in it, and alice pulls it without a conflict of her
// own. Her sync refuses it saying the merge is over (git checkout --theirs
// there does nothing) and to assign again; doing so, committed and pushed,
// reaches bilal whole. A pass with nothing else new still lists it.
func TestGitMarkersCommittedSaid(t *testing.T) {
	ca, cb, a, b, ea, eb, _ := gitTeam(t)

	// Both assign; alice pushes first, bilal's pull stops at assign.json.
	assignAndCommit(t, a, ea, ca, 2)
	gitIn(t, ca, true, "push", "-q", "origin", "HEAD:main")
	assignAndCommit(t, b, eb, cb, 1)
	if out := gitIn(t, cb, false, "pull", "--no-rebase", "origin", "main"); !strings.Contains(out, "CONFLICT") {
		t.Fatalf("git pull met no conflict:\n%s", out)
	}
	// bilal goes on with the round as it stands: the markers are committed.
	syncOnce(t, eb)
	gitIn(t, cb, true, "add", "-A")
	gitIn(t, cb, true, "commit", "-q", "-m", "bilal")
	gitIn(t, cb, true, "push", "-q", "origin", "HEAD:main")
	gitIn(t, ca, true, "pull", "-q", "--no-rebase", "origin", "main")

	want := "assign.json:7: git's conflict marker <<<<<<<, left by a git merge that is over: it met two versions of this file and was committed with both in it (no merge is under way, so git checkout --theirs has nothing to take). Assign again (File ▸ Team ▸ Assign…, or skein assign), which writes it whole, then commit and push it; it is read again when it changes"
	rep := syncOnce(t, ea)
	if len(rep.Refused) != 1 || rep.Refused[0].Error() != want {
		t.Errorf("alice's sync after the pull refused %q; want %q", rep.Refused, want)
	}
	if _, err := ReadAssignment(ca); err == nil || err.Error() != filepath.Join(ca, want) {
		t.Errorf("the assignment after the pull: %v; want %q", err, filepath.Join(ca, want))
	}
	if rep = syncOnce(t, ea); len(rep.Refused) != 1 || rep.Refused[0].Error() != want {
		t.Errorf("alice's next sync, nothing new, refused %q; want %q still", rep.Refused, want)
	}

	assignAndCommit(t, a, ea, ca, 2)
	if rep = syncOnce(t, ea); len(rep.Refused) != 0 {
		t.Errorf("alice's sync after assigning again refused %q", rep.Refused)
	}
	gitIn(t, ca, true, "push", "-q", "origin", "HEAD:main")
	gitIn(t, cb, true, "pull", "-q", "--no-rebase", "origin", "main")
	if rep = syncOnce(t, eb); len(rep.Refused) != 0 || !strings.Contains(rep.Summary(), "a new assignment in the folder (assign.json)") {
		t.Errorf("bilal's sync after alice assigned again: refused %q, %q", rep.Refused, rep.Summary())
	}
	if got, err := ReadAssignment(cb); err != nil || got.PerArticle != 2 {
		t.Errorf("bilal's assignment after alice assigned again: %+v %v; want alice's", got, err)
	}
}

// A store whose skein noted assign.json, markers and all, without reading
// it (skein before 7 December 2026 did): the first sync of a skein that
// reads it refuses it though it has not changed since, and says it at each
// sync after.
func TestAssignNotedByAnOlderSkeinRefused(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t, t.TempDir())
	e := open(t, st, dir, "alice")
	syncOnce(t, e)
	conflicted := "{\n \"format\": 1,\n<<<<<<< HEAD\n \"annotators\": [\"alice\"],\n=======\n \"annotators\": [\"bilal\"],\n>>>>>>> 671c320 (bilal: assign)\n \"per_article\": 1,\n \"articles\": {}\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "assign.json"), []byte(conflicted), 0o644); err != nil {
		t.Fatal(err)
	}
	syncOnce(t, e)
	// As the older skein left its state: the file noted, nothing refused.
	e.mu.Lock()
	f := e.state.Files["assign.json"]
	if f.Size == 0 {
		t.Fatalf("assign.json not noted in the state: %+v", f)
	}
	f.Refused = ""
	e.state.Files["assign.json"] = f
	e.unsaved = true
	err := e.saveState()
	e.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}

	e = open(t, st, dir, "alice")
	want := "assign.json:3: git's conflict marker <<<<<<<, left by a git merge that is over"
	for i := range 2 {
		rep := syncOnce(t, e)
		if len(rep.Refused) != 1 || !strings.HasPrefix(rep.Refused[0].Error(), want) || strings.Contains(rep.Summary(), "a new assignment") {
			t.Errorf("sync %d after the update: refused %q, %q; want assign.json's %q… and no new assignment", i+1, rep.Refused, rep.Summary(), want)
		}
	}
}
