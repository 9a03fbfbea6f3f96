package team

import (
	"context"
	"errors"
	"os"
	"slices"
	"testing"

	"github.com/skein-news/skein/store"
)

// A team folder moved away after a read listed it, amid its imports (one
// colleague's work read in, the next colleague's not yet): the read passed
// over the files it then found gone and finished as if it had read
// everything, the rest waiting, unsaid, for the next pass. It now says the
// folder is not there, keeps what it read in reported, and once the folder
// is back the next read brings the rest.
func TestFolderMovedAmidTheImports(t *testing.T) {
	folder, away, a, b, ea, docs := movableTeam(t, 10)
	eb := open(t, b, folder, "bilal")
	syncOnce(t, eb)
	c := openStore(t, t.TempDir())
	ec := open(t, c, folder, "carol")
	syncOnce(t, ec)
	syncOnce(t, eb)
	addSpan(t, a, docs[0], "alice", "claim", 10, 14)
	syncOnce(t, ea)
	addSpan(t, c, docs[1], "carol", "claim", 10, 14)
	syncOnce(t, ec)
	moved := false
	unset := OnImported(func() {
		if !moved {
			moved = true
			if err := os.Rename(folder, away); err != nil {
				t.Error(err)
			}
		}
	})
	t.Cleanup(unset)
	rep, err := eb.Pull(context.Background())
	unset()
	if !moved {
		t.Fatal("no import ran: the folder was never moved")
	}
	if !errors.Is(err, ErrFolderGone) {
		t.Fatalf("a read cut short by the folder moved away said %v, arrived %+v; want the folder not there", err, rep.Arrived)
	}
	checkMovedWhile(t, "a read cut short", folder, err)
	if len(rep.Arrived) != 1 {
		t.Errorf("the read cut short reported %+v; want the one colleague's work it read in", rep.Arrived)
	}
	if err := os.Rename(away, folder); err != nil {
		t.Fatal(err)
	}
	next, err := eb.Pull(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var who []string
	for _, r := range append(rep.Arrived, next.Arrived...) {
		who = append(who, r.Annotator)
	}
	slices.Sort(who)
	if !slices.Equal(who, []string{"alice", "carol"}) {
		t.Errorf("the two reads brought the work of %v; want alice's and carol's, once each", who)
	}
	for name, st := range map[string]*store.Store{"alice": a, "carol": c} {
		if got, want := export(t, b, name), export(t, st, name); got != want {
			t.Errorf("%s's work as it reached bilal differs from her store's:\n%s\nwant\n%s", name, got, want)
		}
	}
}
