package team

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
)

// aliceThread makes a thread of alice's of span sp in st, titled title.
func aliceThread(t *testing.T, st *store.Store, title string, sp *annotate.Span) string {
	t.Helper()
	th := annotate.NewThread(sp.Annotator, title, sp)
	if err := st.Apply(context.Background(), th); err != nil {
		t.Fatal(err)
	}
	return th.Threads[0].After.ID
}

// twoThreadsOnBoth is aliceAndBilal with two threads of alice's (Kakar
// and Kakar's figure) of her span sp, in both stores.
func twoThreadsOnBoth(t *testing.T) (a, b *store.Store, ea, eb *Engine, sp *annotate.Span, first, second string) {
	t.Helper()
	a, b, ea, eb, d := aliceAndBilal(t)
	sp = addSpan(t, a, d, "alice", "actor", 25, 47)
	first = aliceThread(t, a, "Kakar", sp)
	second = aliceThread(t, a, "Kakar's figure", sp)
	syncOnce(t, ea)
	syncOnce(t, eb)
	return a, b, ea, eb, sp, first, second
}

// wantThread fails the test unless st holds thread id (want) or not.
func wantThread(t *testing.T, st *store.Store, id string, want bool, when string) {
	t.Helper()
	_, err := st.Thread(id)
	switch {
	case want && err != nil:
		t.Errorf("%s: thread %s: %v, want it kept", when, id, err)
	case !want && !errors.Is(err, store.ErrNotFound):
		t.Errorf("%s: thread %s still in bilal's store (err %v), want it gone", when, id, err)
	}
}

// A thread alice deletes leaves bilal's store at his next sync (its
// thread panel, skein threads and exports read the store), a thread she
// renames is renamed there, and bilal's own thread of her span stays; once
// she deletes her last thread (her threads file goes from the folder) that
// one goes too. Her layer file written with it holds no thread line and
// deletes none.
func TestColleagueDeletedThreadLeaves(t *testing.T) {
	ctx := context.Background()
	a, b, ea, eb, sp, gone, kept := twoThreadsOnBoth(t)
	d := &annotate.Document{ID: sp.Doc}
	wantThread(t, b, gone, true, "after alice's thread arrived")
	// bilal's own thread holding alice's span.
	mine := annotate.NewThread("bilal", "bilal's", sp)
	if err := b.Apply(ctx, mine); err != nil {
		t.Fatal(err)
	}
	his := mine.Threads[0].After.ID
	syncOnce(t, eb)

	time.Sleep(2 * time.Millisecond)
	deleteThread(t, a, gone)
	retitle(t, a, kept, "renamed")
	addSpan(t, a, d, "alice", "claim", 48, 56) // her layer file changes too
	syncOnce(t, ea)
	rep := syncOnce(t, eb)
	wantThread(t, b, gone, false, "after alice deleted it")
	if got, err := b.Thread(kept); err != nil || got.Title != "renamed" {
		t.Errorf("alice's renamed thread in bilal's store: %+v %v, want renamed", got, err)
	}
	wantThread(t, b, his, true, "bilal's own thread of alice's span, after she deleted hers")
	if len(rep.Arrived) != 1 || rep.Arrived[0].ThreadsRemoved != 1 || !strings.Contains(rep.Arrived[0].Line(""), "1 thread removed") {
		t.Errorf("bilal's sync: arrived %+v, want alice's 1 thread removed", rep.Arrived)
	}
	if ex := export(t, b); strings.Contains(ex, gone) {
		t.Errorf("bilal's export still holds alice's deleted thread %s", gone)
	}
	checkSound(t, b, "after alice's deletion was read")

	// Her last thread: her threads.jsonl is removed from the folder.
	deleteThread(t, a, kept)
	syncOnce(t, ea)
	if _, err := os.Stat(filepath.Join(ea.ownDir(), "threads.jsonl")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("alice's threads.jsonl with no thread left: %v, want it removed", err)
	}
	syncOnce(t, eb)
	wantThread(t, b, kept, false, "after alice deleted her last thread")
	wantThread(t, b, his, true, "bilal's own thread, after alice deleted her last")
	// Nothing new: nothing more.
	if rep := syncOnce(t, eb); len(rep.Arrived) != 0 {
		t.Errorf("bilal's next sync: arrived %+v, want nothing", rep.Arrived)
	}
	checkSound(t, b, "after alice's last thread was deleted")
}

// A threads file of alice's that bilal refuses (half copied: cut in its
// last line) deletes nothing; the whole file, arriving after, deletes the
// thread it no longer holds.
func TestColleagueHalfCopiedThreadsFileDeletesNothing(t *testing.T) {
	a, b, ea, eb, _, first, second := twoThreadsOnBoth(t)
	deleteThread(t, a, first)
	syncOnce(t, ea)
	p := filepath.Join(ea.ownDir(), "threads.jsonl")
	whole, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, whole[:len(whole)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	rep := syncOnce(t, eb)
	if len(rep.Refused) != 1 || !strings.Contains(rep.Refused[0].Error(), "threads.jsonl") {
		t.Errorf("bilal's sync of a half-copied threads file: refused %v, want threads.jsonl", rep.Refused)
	}
	wantThread(t, b, first, true, "after a half-copied threads file")
	wantThread(t, b, second, true, "after a half-copied threads file")
	if err := os.WriteFile(p, whole, 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chtimes(p, time.Now().Add(time.Second), time.Now().Add(time.Second))
	syncOnce(t, eb)
	wantThread(t, b, first, false, "after the whole threads file arrived")
	wantThread(t, b, second, true, "after the whole threads file arrived")
}

// alice on two machines: a thread she deleted on her laptop while her
// desktop's file still holds it stays in bilal's store until it is gone
// from both.
func TestColleagueThreadOnTwoMachines(t *testing.T) {
	ctx := context.Background()
	laptop, desktop, el, ed, id := threadOnBoth(t)
	syncOnce(t, ed)
	bilal := open(t, openStore(t, t.TempDir()), el.Dir(), "bilal")
	syncOnce(t, bilal)
	wantThread(t, bilal.st, id, true, "after alice's thread arrived from both machines")
	time.Sleep(2 * time.Millisecond)
	deleteThread(t, laptop, id)
	syncOnce(t, el)
	syncOnce(t, bilal)
	wantThread(t, bilal.st, id, true, "deleted on her laptop, still on her desktop")
	if _, err := ed.Take(ctx, el.Machine()); err != nil {
		t.Fatal(err)
	}
	wantThread(t, desktop, id, false, "on alice's desktop after the take")
	syncOnce(t, ed)
	syncOnce(t, bilal)
	wantThread(t, bilal.st, id, false, "deleted on both her machines")
}

// bilal's sync killed just before and just after it writes alice's
// deletion: the store holds her thread or not, never half of it (skein
// check finds it sound), and his next sync deletes it, the engine's state
// not saved with her new file before the deletion was written. So too
// where her deletion file is withheld (a Nextcloud leaving out hidden
// files) and the deletion is the fallback's, at her next change.
func TestColleagueDeletionKilled(t *testing.T) {
	for _, withheld := range []bool{false, true} {
		for _, when := range []string{"before", "after"} {
			name := when
			if withheld {
				name = "withheld/" + when
			}
			t.Run(name, func(t *testing.T) { killDeletion(t, when, withheld) })
		}
	}
}

func killDeletion(t *testing.T, when string, withheld bool) {
	folder, dirB := t.TempDir(), t.TempDir()
	a := openStore(t, t.TempDir())
	ea := open(t, a, folder, "alice")
	d := addDoc(t, a, kakar, "Pakistan Blames Afghanistan")
	sp := addSpan(t, a, d, "alice", "actor", 25, 47)
	id := aliceThread(t, a, "Kakar", sp)
	other := aliceThread(t, a, "Kakar's figure", sp) // her file stays
	syncOnce(t, ea)
	b := openStore(t, dirB)
	eb := open(t, b, folder, "bilal")
	syncOnce(t, eb)
	wantThread(t, b, id, true, "after alice's thread arrived")
	time.Sleep(2 * time.Millisecond)
	deleteThread(t, a, id)
	if withheld {
		withholdDeletions(t, ea)
		syncOnce(t, eb)
		wantThread(t, b, id, true, "one version of her file without it, her deletion file withheld")
		time.Sleep(2 * time.Millisecond)
		retitle(t, a, other, "renamed")
		withholdDeletions(t, ea)
	} else {
		syncOnce(t, ea)
	}
	b.Close()

	cmd := startChild(t, "sync-killed-deleting", dirB, folder, "bilal", when)
	cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("bilal's sync was not killed %s the deletion: %v", when, cmd.ProcessState)
	}
	b = openStore(t, dirB)
	checkSound(t, b, "after the kill "+when+" the deletion")
	wantThread(t, b, id, when == "before", "after the kill "+when+" the deletion")
	syncOnce(t, open(t, b, folder, "bilal"))
	wantThread(t, b, id, false, "after the sync that followed the kill "+when+" the deletion")
	wantThread(t, b, other, true, "after the sync that followed the kill "+when+" the deletion")
	checkSound(t, b, "after the sync that followed the kill")
}

// A sync tool that copies alice's threads.jsonl in place shows it, for a
// moment, cut at the end of a line or gone; neither is her deletion, and
// bilal's sync then deletes none of her threads (they were deleted from
// every store on the team that synced in that moment). Only a thread her
// folder's deletion file names goes: her deletion, arriving before that
// file or after it, is read once both are there.
func TestColleagueThreadsFileCutOrGoneDeletesNothing(t *testing.T) {
	a, b, ea, eb, _, first, second := twoThreadsOnBoth(t)
	p := filepath.Join(ea.ownDir(), "threads.jsonl")
	whole, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	firstLine := whole[:bytes.IndexByte(whole, '\n')+1]
	for _, step := range []struct {
		what string
		b    []byte // nil: gone
	}{{"cut at the end of its first line", firstLine}, {"whole again", whole}, {"gone for a moment", nil}, {"back", whole}} {
		os.Remove(p)
		if step.b != nil {
			if err := os.WriteFile(p, step.b, 0o644); err != nil {
				t.Fatal(err)
			}
			later := time.Now().Add(time.Second)
			os.Chtimes(p, later, later)
		}
		syncOnce(t, eb)
		wantThread(t, b, first, true, "alice's threads file "+step.what)
		wantThread(t, b, second, true, "alice's threads file "+step.what)
	}

	// Her deletion of the second: her threads file arrives before her
	// deletion file, then the deletion file.
	time.Sleep(2 * time.Millisecond)
	deleteThread(t, a, second)
	syncOnce(t, ea)
	df := filepath.Join(ea.ownDir(), deletedFile)
	aside := filepath.Join(t.TempDir(), deletedFile)
	if err := os.Rename(df, aside); err != nil {
		t.Fatalf("alice's deletion file after she deleted a thread: %v", err)
	}
	syncOnce(t, eb)
	wantThread(t, b, second, true, "alice's threads file without it, her deletion file not yet there")
	if err := os.Rename(aside, df); err != nil {
		t.Fatal(err)
	}
	rep := syncOnce(t, eb)
	wantThread(t, b, second, false, "once her deletion file arrived")
	wantThread(t, b, first, true, "once her deletion file arrived")
	if len(rep.Arrived) != 1 || rep.Arrived[0].ThreadsRemoved != 1 {
		t.Errorf("bilal's sync once her deletion file arrived: %+v, want 1 thread removed", rep.Arrived)
	}
	checkSound(t, b, "after alice's deletion was read")
}
