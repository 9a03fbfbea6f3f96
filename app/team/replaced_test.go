package team

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
)

// bilalsThread is a thread of bilal's in his store linking sp, a span of
// alice's, and its ID.
func bilalsThread(t *testing.T, b *store.Store, sp *annotate.Span) string {
	t.Helper()
	th := annotate.NewThread("bilal", "Alice's claim", sp)
	if err := b.Apply(context.Background(), th); err != nil {
		t.Fatal(err)
	}
	return th.Threads[0].After.ID
}

// bilalLinksHers is leftTeam with a thread of bilal's linking a span of
// alice's (th), read by bilal's engine; later moves the clock on.
func bilalLinksHers(t *testing.T) (later func(time.Duration), b *store.Store, ea, eb *Engine, th string) {
	t.Helper()
	later = laterClock(t)
	a, b, ea, eb, d := leftTeam(t)
	hers, err := a.LayerSpans(d.ID, "alice")
	if err != nil || len(hers) == 0 {
		t.Fatalf("alice's layer: %v %v", hers, err)
	}
	th = bilalsThread(t, b, hers[0])
	syncOnce(t, eb)
	return later, b, ea, eb, th
}

// aliceKept reads the team folder four times, the gone wait apart, and
// wants all of alice's work kept in bilal's store b, his thread th still
// linking her span; of names the folder read.
func aliceKept(t *testing.T, later func(time.Duration), b *store.Store, eb *Engine, th, of string) {
	t.Helper()
	for i := 0; i < 4; i++ {
		rep := syncOnce(t, eb)
		if len(rep.Left) > 0 || aliceIn(t, b) != [4]int{3, 1, 1, 2} || members(t, b, th) != 1 {
			t.Fatalf("read %d of %s: removed %+v, alice's work %v, bilal's thread links %d spans; want nothing removed, 1 span linked",
				i+1, of, rep.Left, aliceIn(t, b), members(t, b, th))
		}
		later(decisionsGoneWait)
	}
}

// members is how many spans the thread id links in st.
func members(t *testing.T, st *store.Store, id string) int {
	t.Helper()
	n := -1
	if err := st.Threads(context.Background(), func(th *annotate.Thread) error {
		if th.ID == id {
			n = len(th.Members)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

// The team folder replaced by a copy still arriving (a fresh Syncthing
// share or git clone in its place: skein-team.json there, alice's folder
// not yet) removes nothing of alice's however long she stays missing
// from it: her folder was never seen in that layers/, so its absence
// there says nothing of her leaving. Her folder arriving 3 s later finds
// her work and bilal's thread linking her span as they were. Her folder
// then deleted in place (she left) removes her work as before.
func TestReplacedTeamFolderRemovesNoColleague(t *testing.T) {
	later, b, ea, eb, th := bilalLinksHers(t)
	syncOnce(t, ea)

	dir := eb.Dir()
	aside := filepath.Join(t.TempDir(), "team-was")
	if err := os.Rename(dir, aside); err != nil {
		t.Fatal(err)
	}
	if _, err := eb.Sync(context.Background()); err == nil {
		t.Fatal("a sync with the team folder moved away: no error")
	}
	// The copy arrives without alice's folder yet.
	if out, err := exec.Command("cp", "-r", aside, dir).CombinedOutput(); err != nil {
		t.Fatalf("cp -r: %v %s", err, out)
	}
	if err := os.RemoveAll(filepath.Join(dir, "layers", "alice")); err != nil {
		t.Fatal(err)
	}
	aliceKept(t, later, b, eb, th, "the copy still arriving")
	// 3 s later her folder arrives.
	later(3 * time.Second)
	if out, err := exec.Command("cp", "-r", filepath.Join(aside, "layers", "alice"), filepath.Join(dir, "layers", "alice")).CombinedOutput(); err != nil {
		t.Fatalf("cp -r: %v %s", err, out)
	}
	rep := syncOnce(t, eb)
	if len(rep.Left) > 0 || aliceIn(t, b) != [4]int{3, 1, 1, 2} || members(t, b, th) != 1 {
		t.Fatalf("once her folder arrived: removed %+v, alice's work %v, bilal's thread links %d spans; want all kept", rep.Left, aliceIn(t, b), members(t, b, th))
	}

	// She leaves: her folder deleted in place.
	if err := os.RemoveAll(filepath.Join(dir, "layers", "alice")); err != nil {
		t.Fatal(err)
	}
	syncOnce(t, eb)
	later(decisionsGoneWait)
	rep = syncOnce(t, eb)
	if len(rep.Left) != 1 || rep.Left[0].Annotator != "alice" || aliceIn(t, b) != [4]int{} {
		t.Errorf("her folder deleted in the team folder: removed %+v, her work %v; want it removed", rep.Left, aliceIn(t, b))
	}
}

// A colleague's folder found gone, then the team folder moved away and
// back: the reads that count are of the folder that came back, the
// first of them starting the wait; a read the wait after it removes.
// skein sync run each time (a new engine on the store) does the same.
func TestTeamFolderBackStartsTheWaitOver(t *testing.T) {
	later := laterClock(t)
	_, b, _, eb, _ := leftTeam(t)
	dir := eb.Dir()
	if err := os.RemoveAll(filepath.Join(dir, "layers", "alice")); err != nil {
		t.Fatal(err)
	}
	syncOnce(t, eb)
	aside := filepath.Join(t.TempDir(), "team-away")
	if err := os.Rename(dir, aside); err != nil {
		t.Fatal(err)
	}
	if _, err := eb.Sync(context.Background()); err == nil {
		t.Fatal("a sync with the team folder moved away: no error")
	}
	if err := os.Rename(aside, dir); err != nil {
		t.Fatal(err)
	}
	later(decisionsGoneWait)
	eb = open(t, b, dir, "bilal")
	if rep := syncOnce(t, eb); len(rep.Left) > 0 || aliceIn(t, b) != [4]int{3, 1, 1, 2} {
		t.Fatalf("the first read of the folder back: removed %+v, alice's work %v; want nothing removed yet", rep.Left, aliceIn(t, b))
	}
	later(decisionsGoneWait)
	if rep := syncOnce(t, eb); len(rep.Left) != 1 || aliceIn(t, b) != [4]int{} {
		t.Errorf("a read the wait after: removed %+v, alice's work %v; want hers removed", rep.Left, aliceIn(t, b))
	}
}

// layers/ deleted and made again in its place (a sync engine or a script
// that clears the team folder and fetches it anew: rm -rf, mkdir) is
// another folder though ext4 gives it the inode of the one deleted: a
// colleague's folder not yet arrived in it removed her work, and bilal's
// thread lost its link to her span, two reads later. Where the file
// system gives the new folder another inode there is nothing to test.
func TestLayersMadeAgainRemovesNoColleague(t *testing.T) {
	later, b, _, eb, th := bilalLinksHers(t)

	// Its folders are moved aside (no inode freed but layers/'s), it is
	// deleted and made again.
	layers := filepath.Join(eb.Dir(), "layers")
	aside := filepath.Join(filepath.Dir(eb.Dir()), "layers-was")
	if out, err := exec.Command("sh", "-c", `mkdir "$1" && mv "$2"/* "$1"/`, "sh", aside, layers).CombinedOutput(); err != nil {
		t.Fatalf("moving layers/'s folders aside: %v %s", err, out)
	}
	before, err := os.Stat(layers)
	if err != nil {
		t.Fatal(err)
	}
	// ext4 gives the inode freed back most times, not always: a few
	// tries.
	same := false
	for range 20 {
		if err := os.Remove(layers); err != nil {
			t.Fatal(err)
		}
		if err := os.Mkdir(layers, 0o755); err != nil {
			t.Fatal(err)
		}
		now, err := os.Stat(layers)
		if err != nil {
			t.Fatal(err)
		}
		if same = os.SameFile(before, now); same {
			break
		}
	}
	if !same {
		t.Skip("the file system gave layers/ made again another inode: nothing to test")
	}
	// Everyone's folder but alice's arrives.
	ents, err := os.ReadDir(aside)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if e.Name() == "alice" {
			continue
		}
		if out, err := exec.Command("cp", "-a", filepath.Join(aside, e.Name()), filepath.Join(layers, e.Name())).CombinedOutput(); err != nil {
			t.Fatalf("cp -a: %v %s", err, out)
		}
	}
	aliceKept(t, later, b, eb, th, "layers/ made again, alice's folder not yet there")
	// Her folder arrives; deleted from there (she left), it removes her.
	if out, err := exec.Command("cp", "-a", filepath.Join(aside, "alice"), filepath.Join(layers, "alice")).CombinedOutput(); err != nil {
		t.Fatalf("cp -a: %v %s", err, out)
	}
	syncOnce(t, eb)
	if err := os.RemoveAll(filepath.Join(layers, "alice")); err != nil {
		t.Fatal(err)
	}
	syncOnce(t, eb)
	later(decisionsGoneWait)
	if rep := syncOnce(t, eb); len(rep.Left) != 1 || aliceIn(t, b) != [4]int{} {
		t.Errorf("her folder deleted from layers/ made again: removed %+v, her work %v; want it removed", rep.Left, aliceIn(t, b))
	}
}
