package team

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
)

// checkMovedWhile checks what a sync said of its team folder moved away
// (renamed) while it ran: that it is not there, that it was moved or
// renamed, and how to connect it where it is now; never that skein
// cannot make files there, as of a system folder such as /proc, which a
// sync during a move said.
func checkMovedWhile(t *testing.T, what string, folder string, err error) {
	t.Helper()
	msg := err.Error()
	if !errors.Is(err, ErrFolderGone) || !strings.Contains(msg, "team folder "+folder+" is not there: it was moved or renamed") ||
		!strings.Contains(msg, "If it moved, connect it where it is now: skein team FOLDER") || strings.Contains(msg, "/proc") {
		t.Errorf("%s, the folder moved away meanwhile, said %q; want that the folder is not there, was moved or renamed, and how to connect it where it is now", what, msg)
	}
}

// movableTeam is a team folder (and where a test moves it away to) with
// n articles of alice's, each holding a span of hers, synced; b is
// bilal's store, not connected yet.
func movableTeam(t *testing.T, n int) (folder, away string, a, b *store.Store, ea *Engine, docs []*annotate.Document) {
	t.Helper()
	base := t.TempDir()
	folder, away = filepath.Join(base, "team"), filepath.Join(base, "team-moved")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	a, b = openStore(t, t.TempDir()), openStore(t, t.TempDir())
	ea = open(t, a, folder, "alice")
	for i := range n {
		d := addDoc(t, a, fmt.Sprintf("%s %d", kakar, i), fmt.Sprintf("Article %d", i))
		addSpan(t, a, d, "alice", "actor", 0, 9)
		docs = append(docs, d)
	}
	syncOnce(t, ea)
	return folder, away, a, b, ea, docs
}

// A team folder moved away (renamed) while a sync writes the user's work
// in it: the sync said "cannot write layers/alice/…/59.jsonl: no such file
// or directory; skein cannot make files there (a system folder such as
// /proc holds none)", and, where the move came before it made the user's
// own folder, made the team folder again in its old place, wrote the work
// there and counted it written. Looped, as a move lands anywhere in a
// sync: each sync the move cuts short now says the folder is not there and
// what to do, nothing is made where it was, and once it is moved back the
// next sync writes all the work, which reaches a colleague whole.
func TestFolderMovedDuringSync(t *testing.T) {
	folder, away, a, b, ea, docs := movableTeam(t, 300)
	change := func(i int) {
		for j, d := range docs {
			if j%5 == i%5 {
				addSpan(t, a, d, "alice", "claim", 10, 14+i%7)
			}
		}
	}
	// How long such a sync runs here (slower under -race): each move
	// lands at a random moment within it.
	change(0)
	start := time.Now()
	syncOnce(t, ea)
	took := time.Since(start)
	cut, remade := 0, 0
	for i := 1; i < 80 && cut < 8; i++ {
		change(i)
		start := time.Now()
		done := make(chan error)
		var rep *Report
		go func() {
			var err error
			rep, err = ea.Sync(context.Background())
			done <- err
		}()
		time.Sleep(time.Duration(rand.Int64N(int64(took) + 1)))
		if err := os.Rename(folder, away); err != nil {
			t.Fatal(err)
		}
		err := <-done
		if err == nil {
			took = max(took, time.Since(start)) // over before the move
		}
		if _, serr := os.Lstat(folder); serr == nil {
			remade++
			if err := os.RemoveAll(folder); err != nil {
				t.Fatal(err)
			}
		}
		if err != nil {
			checkMovedWhile(t, fmt.Sprintf("sync %d", i), folder, err)
			if len(rep.Written) > 0 || strings.Contains(err.Error(), "holds no skein-team.json") {
				cut++ // the move landed amid the writes
			}
		}
		if err := os.Rename(away, folder); err != nil {
			t.Fatal(err)
		}
	}
	if remade > 0 {
		t.Errorf("the team folder was made again where it was moved from, during %d of the syncs", remade)
	}
	if cut == 0 {
		t.Fatal("no move landed amid a sync's writes: the loop tested nothing")
	}
	t.Logf("%d moves landed amid a sync's writes", cut)
	if rep, err := ea.Sync(context.Background()); err != nil || len(rep.Refused) > 0 {
		t.Fatalf("the sync once the folder is back: %v, refused %v", err, rep.Refused)
	}
	eb := open(t, b, folder, "bilal")
	if rep, err := eb.Sync(context.Background()); err != nil || len(rep.Refused) > 0 {
		t.Fatalf("a colleague's sync: %v, refused %v", err, rep.Refused)
	}
	if got, want := export(t, b, "alice"), export(t, a, "alice"); got != want {
		t.Errorf("alice's work as it reached bilal differs from her store's:\n%s\nwant\n%s", got, want)
	}
}

// A team folder moved away as a sync begins to read it, once it found it
// there, said "team folder: open …/articles: no such file or directory";
// it now says the folder is not there and what to do, and once it is back
// the next sync reads all of the colleague's work, none of it refused.
func TestFolderMovedDuringRead(t *testing.T) {
	folder, away, a, b, _, _ := movableTeam(t, 40)
	eb := open(t, b, folder, "bilal")
	moved := false
	pullHook = func() {
		if !moved {
			moved = true
			if err := os.Rename(folder, away); err != nil {
				t.Error(err)
			}
		}
	}
	t.Cleanup(func() { pullHook = nil })
	_, err := eb.Sync(context.Background())
	if !moved {
		t.Fatal("the read never began: the folder was never moved")
	}
	if err == nil {
		t.Error("a read with its folder moved away amid it said nothing")
	} else {
		checkMovedWhile(t, "a read", folder, err)
	}
	pullHook = nil
	if err := os.Rename(away, folder); err != nil {
		t.Fatal(err)
	}
	if rep, err := eb.Sync(context.Background()); err != nil || len(rep.Refused) > 0 {
		t.Fatalf("the sync once the folder is back: %v, refused %v", err, rep.Refused)
	}
	if got, want := export(t, b, "alice"), export(t, a, "alice"); got != want {
		t.Errorf("alice's work as it reached bilal differs from her store's:\n%s\nwant\n%s", got, want)
	}
}
