package team

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// withholdDeletions syncs alice's engine and takes her deletion file out
// of the folder, as a Nextcloud client that leaves out hidden files
// never copies it to bilal's machine.
func withholdDeletions(t *testing.T, ea *Engine) {
	t.Helper()
	syncOnce(t, ea)
	if err := os.Remove(filepath.Join(ea.ownDir(), deletedFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
}

// wantWithheld fails the test unless rep tells of alice's missing
// deletion file, with n threads, once (want), or says nothing of it.
func wantWithheld(t *testing.T, rep *Report, want bool, n, when string) {
	t.Helper()
	if !want {
		if len(rep.Withheld) != 0 {
			t.Errorf("%s: withheld %q, want nothing", when, rep.Withheld)
		}
		return
	}
	if len(rep.Withheld) != 1 || !strings.HasPrefix(rep.Withheld[0], "alice's folder (layers/alice) has no .threads-deleted.jsonl though "+n) ||
		!strings.Contains(rep.Withheld[0], "Sync hidden files") || !strings.Contains(rep.Summary(), "no deletion file from 1 colleague") {
		t.Errorf("%s: withheld %q (summary %q), want one line of alice's missing deletion file, %s", when, rep.Withheld, rep.Summary(), n)
	}
}

// On a Nextcloud that leaves out hidden files, alice's deletion file never
// reaches bilal: the thread she deleted stays in his store while only one
// version of her threads.jsonl lacks it, and his sync says why and what to
// do; her next change (another version lacking it) deletes it, said as
// her deletions are.
func TestColleagueDeletionFileWithheld(t *testing.T) {
	a, b, ea, eb, _, first, second := twoThreadsOnBoth(t)
	time.Sleep(2 * time.Millisecond)
	deleteThread(t, a, second)
	withholdDeletions(t, ea)
	rep := syncOnce(t, eb)
	wantThread(t, b, second, true, "one version of alice's threads.jsonl without it, no deletion file")
	wantWithheld(t, rep, true, "1 thread of theirs is", "bilal's sync")
	rep = syncOnce(t, eb)
	wantThread(t, b, second, true, "the same version read again")
	wantWithheld(t, rep, true, "1 thread of theirs is", "bilal's next sync, nothing new")

	time.Sleep(2 * time.Millisecond)
	retitle(t, a, first, "renamed")
	withholdDeletions(t, ea)
	rep = syncOnce(t, eb)
	wantThread(t, b, second, false, "a second, different version of alice's threads.jsonl without it")
	wantThread(t, b, first, true, "a second, different version of alice's threads.jsonl")
	if len(rep.Arrived) != 1 || rep.Arrived[0].ThreadsRemoved != 1 || !strings.Contains(rep.Arrived[0].Line(""), "1 thread removed") {
		t.Errorf("bilal's sync of the second version: arrived %+v, want alice's 1 thread removed", rep.Arrived)
	}
	wantWithheld(t, rep, false, "", "once no thread of hers is awaited")
	checkSound(t, b, "after the fallback deletion")
}

// With no deletion file in alice's folder, her threads.jsonl shown cut at
// a line end, then growing as it is copied in place, then gone, deletes
// nothing: each cut copy is a line-prefix of the one after. Whole again,
// nothing is awaited and nothing is said.
func TestColleagueCutCopiesWithoutDeletionFileDeleteNothing(t *testing.T) {
	a, b, ea, eb, sp, first, second := twoThreadsOnBoth(t)
	third := aliceThread(t, a, "Kakar's third", sp)
	syncOnce(t, ea)
	syncOnce(t, eb)
	p := filepath.Join(ea.ownDir(), "threads.jsonl")
	whole, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(ea.ownDir(), deletedFile)); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("alice's deletion file before she deleted anything: %v, want none", err)
	}
	lines := bytes.SplitAfter(whole, []byte{'\n'})
	oneLine, twoLines := lines[0], bytes.Join(lines[:2], nil)
	for i, step := range []struct {
		what string
		b    []byte // nil: gone
	}{{"cut after two lines", twoLines}, {"cut after one line", oneLine}, {"growing to two lines", twoLines}, {"gone", nil}, {"cut after one line again", oneLine}, {"whole", whole}} {
		showCopy(t, p, step.b, i)
		rep := syncOnce(t, eb)
		for _, id := range []string{first, second, third} {
			wantThread(t, b, id, true, "alice's threads file "+step.what)
		}
		wantWithheld(t, rep, step.what != "whole", "", "alice's threads file "+step.what)
	}
	checkSound(t, b, "after the cut copies")
}

// A copy of alice's deletion file that does arrive (hidden files synced
// again) deletes at once what it names, and nothing is said any more.
func TestColleagueDeletionFileArrivesLate(t *testing.T) {
	a, b, ea, eb, _, first, second := twoThreadsOnBoth(t)
	time.Sleep(2 * time.Millisecond)
	deleteThread(t, a, second)
	withholdDeletions(t, ea)
	wantWithheld(t, syncOnce(t, eb), true, "1 thread of theirs is", "bilal's sync without her deletion file")
	retitle(t, a, first, "renamed") // her deletion file written again
	syncOnce(t, ea)
	rep := syncOnce(t, eb)
	wantThread(t, b, second, false, "once her deletion file arrived")
	wantWithheld(t, rep, false, "", "once her deletion file arrived")
	if got, err := b.Thread(first); err != nil || got.Title != "renamed" {
		t.Errorf("alice's renamed thread: %+v %v", got, err)
	}
}

// showCopy puts at p what a sync engine shows of a file at step i of a
// test: b, dated i+1 s ahead so that a read sees it changed, or nothing
// (nil: gone).
func showCopy(t *testing.T, p string, b []byte, i int) {
	t.Helper()
	os.Remove(p)
	if b == nil {
		return
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Duration(i+1) * time.Second)
	os.Chtimes(p, later, later)
}
