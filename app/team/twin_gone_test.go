package team

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
)

// deleteThread deletes thread id in st as the window does.
func deleteThread(t *testing.T, st *store.Store, id string) {
	t.Helper()
	old, err := st.Thread(id)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Apply(context.Background(), annotate.PutThread(old.Annotator, "delete thread", old, nil)); err != nil {
		t.Fatal(err)
	}
}

// checkSound fails the test unless skein check finds st sound.
func checkSound(t *testing.T, st *store.Store, when string) {
	t.Helper()
	rep, err := st.Check(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Sound() {
		t.Errorf("skein check %s:\n%s", when, rep.Lines())
	}
}

// wantTaken checks a take into st: the threads it read in, kept deleted
// and brought back (n), that its summary says says, and that st is sound.
func wantTaken(t *testing.T, st *store.Store, res *TakeResult, n [3]int, says string) {
	t.Helper()
	if got := [3]int{res.Threads, res.ThreadsStayDeleted, res.ThreadsBack}; got != n {
		t.Errorf("take: %d threads read in, %d kept deleted, %d back; want %d, %d and %d", got[0], got[1], got[2], n[0], n[1], n[2])
	}
	if got := res.Summary(); !strings.Contains(got, says) {
		t.Errorf("take's summary %q does not say %q", got, says)
	}
	checkSound(t, st, "after the take that says "+says)
}

// renamedOnLaptop is threadOnBoth with the thread renamed on the laptop
// afterwards, and the laptop's copy written.
func renamedOnLaptop(t *testing.T) (laptop, desktop *store.Store, el, ed *Engine, id string) {
	t.Helper()
	laptop, desktop, el, ed, id = threadOnBoth(t)
	time.Sleep(2 * time.Millisecond)
	retitle(t, laptop, id, "laptop's title")
	syncOnce(t, el)
	time.Sleep(2 * time.Millisecond)
	return laptop, desktop, el, ed, id
}

// alice's thread, on both her machines: renamed on the laptop and written
// to the folder, then deleted on the desktop. The desktop's deletion is
// the later: the notice does not offer the laptop's thread and a take
// keeps it deleted, saying so. Renamed on the laptop after that, the
// thread is newer there than the deletion: offered, and a take brings it
// back, saying so.
func TestTakeKeepsAThreadDeletedHereLater(t *testing.T) {
	ctx := context.Background()
	laptop, desktop, el, ed, id := renamedOnLaptop(t)
	deleteThread(t, desktop, id)

	if rep := syncOnce(t, ed); len(rep.Twins) != 0 {
		t.Errorf("desktop's sync after it deleted the thread the laptop renamed earlier: twins %+v, want none", rep.Twins)
	}
	res, err := ed.Take(ctx, el.Machine())
	if err != nil {
		t.Fatal(err)
	}
	if got, err := desktop.Thread(id); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("desktop's thread, deleted after the laptop's copy was written, after a take: %+v %v, want it kept deleted", got, err)
	}
	wantTaken(t, desktop, res, [3]int{0, 1, 0}, "kept deleted 1 thread you deleted here later than that copy's changed")

	// Renamed on the laptop after the desktop's deletion: it comes back.
	time.Sleep(2 * time.Millisecond)
	retitle(t, laptop, id, "laptop's later title")
	syncOnce(t, el)
	rep := syncOnce(t, ed)
	if len(rep.Twins) != 1 || rep.Twins[0].Threads != 1 {
		t.Errorf("desktop's sync after the laptop renamed the thread it deleted: twins %+v, want the laptop's newer on 1 thread", rep.Twins)
	}
	res, err = ed.Take(ctx, el.Machine())
	if err != nil {
		t.Fatal(err)
	}
	if got, err := desktop.Thread(id); err != nil || got.Title != "laptop's later title" {
		t.Fatalf("desktop's thread after taking the laptop's renamed after the deletion: %+v %v, want it back", got, err)
	}
	wantTaken(t, desktop, res, [3]int{1, 0, 1}, "1 thread you deleted here came back, changed there later")
	// The desktop edits the thread that came back.
	retitle(t, desktop, id, "desktop again")
}

// The notice counts only the threads a take brings: a thread whose span
// is in the copy's layer alone is counted; one naming a span neither
// store nor copy holds makes the take leave out the threads file (the
// rest read in), and the notice then counts none of it.
func TestTwinNoticeCountsOnlyThreadsATakeBrings(t *testing.T) {
	ctx := context.Background()
	lt := newLaptopThread(t)
	folder, desktop, el, ed, d := lt.folder, lt.desktop, lt.el, lt.ed, lt.d
	syncOnce(t, el)
	rep := syncOnce(t, ed)
	if len(rep.Twins) != 1 || rep.Twins[0].Threads != 1 {
		t.Fatalf("desktop's sync after the laptop made a thread of a span of its own: twins %+v, want 1 thread newer", rep.Twins)
	}

	tf := filepath.Join(folder, "layers", "alice", el.Machine(), "threads.jsonl")
	b, err := os.ReadFile(tf)
	if err != nil {
		t.Fatal(err)
	}
	stray := `{"type":"thread","id":"` + annotate.NewID() + `","title":"stray","annotator":"alice","modified":"` +
		time.Now().UTC().Format(time.RFC3339Nano) + `","members":[{"doc":"` + d.ID + `","span":"` + annotate.NewID() + `"}]}` + "\n"
	if err := os.WriteFile(tf, append(b, stray...), 0o644); err != nil {
		t.Fatal(err)
	}
	rep = syncOnce(t, ed)
	if len(rep.Twins) != 1 || rep.Twins[0].Threads != 0 {
		t.Errorf("desktop's sync after a thread naming an unknown span came in the laptop's copy: twins %+v, want 0 threads newer", rep.Twins)
	}
	if res, err := ed.Take(ctx, el.Machine()); err != nil || len(res.Refused) != 1 || !strings.Contains(res.Refused[0].Error(), "names unknown span") {
		t.Errorf("take of a copy with a thread naming an unknown span: %v %v, want its threads file refused", res, err)
	}
	if _, err := desktop.Thread(lt.id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the laptop's thread after the take was refused: %v, want it not read in", err)
	}
}

// An undo of a thread's change is the user's latest word on it: stamped
// when undone, it is newer than the other machine's copy of the change it
// undid. alice renames on the desktop, the laptop takes it, she undoes the
// rename on the desktop: a take on the desktop of the laptop's copy keeps
// the undo, and a take on the laptop brings it.
func TestTakeCarriesAnUndoneThreadChange(t *testing.T) {
	ctx := context.Background()
	laptop, desktop, el, ed, id := threadOnBoth(t)
	time.Sleep(2 * time.Millisecond)
	retitle(t, desktop, id, "desktop's title")
	syncOnce(t, ed)
	if _, err := el.Take(ctx, ed.Machine()); err != nil {
		t.Fatal(err)
	}
	syncOnce(t, el)
	time.Sleep(2 * time.Millisecond)
	if _, err := desktop.Undo(ctx, "alice"); err != nil {
		t.Fatal(err)
	}
	syncOnce(t, ed)

	res, err := ed.Take(ctx, el.Machine())
	if err != nil {
		t.Fatal(err)
	}
	if got, err := desktop.Thread(id); err != nil || got.Title != "Kakar" || res.Threads != 0 {
		t.Errorf("desktop's thread after the undo and a take of the laptop's copy of the rename: %+v %v (%d read in), want the undo kept", got, err, res.Threads)
	}
	res, err = el.Take(ctx, ed.Machine())
	if err != nil {
		t.Fatal(err)
	}
	if got, err := laptop.Thread(id); err != nil || got.Title != "Kakar" || res.Threads != 1 {
		t.Errorf("laptop's thread after a take of the desktop's undo: %+v %v (%d read in), want the title as undone", got, err, res.Threads)
	}
}

// The reverse: alice deletes the thread on her laptop. The laptop writes
// the deletion to the folder; the desktop is told of it and a take
// deletes the thread there, saying so. A thread she renamed on the desktop
// after the laptop deleted it is not told of, and a take keeps it. A
// colleague's skein reads the folder without refusing the file.
func TestTakeCarriesAThreadDeletedThere(t *testing.T) {
	ctx := context.Background()
	laptop, desktop, el, ed, id := threadOnBoth(t)
	time.Sleep(2 * time.Millisecond)
	deleteThread(t, laptop, id)
	at, _, err := laptop.ThreadDeleted(id)
	if err != nil {
		t.Fatal(err)
	}
	syncOnce(t, el)
	rep := syncOnce(t, ed)
	// The deletion changed no layer: the thread's article is not
	// counted newer there (it was when a deletion stamped the layers of
	// its articles, which the take then read in as newer, unchanged).
	if len(rep.Twins) != 1 || rep.Twins[0].Deleted != 1 || rep.Twins[0].What() != "1 deleted thread" {
		t.Fatalf("desktop's sync after the laptop deleted the thread: twins %+v, want 1 deleted thread newer there, no article", rep.Twins)
	}
	res, err := ed.Take(ctx, el.Machine())
	if err != nil {
		t.Fatal(err)
	}
	if res.Articles != 0 || res.Spans != 0 {
		t.Errorf("take of the laptop's deletion: %d articles, %d spans read in; want none, the layer unchanged", res.Articles, res.Spans)
	}
	if got, err := desktop.Thread(id); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("desktop's thread after a take of the laptop's deletion: %+v %v, want it deleted", got, err)
	}
	if res.ThreadsDeleted != 1 || len(res.Twins) != 0 {
		t.Errorf("take: %d threads deleted, twins after %+v; want 1 and none", res.ThreadsDeleted, res.Twins)
	}
	if got, want := res.Summary(), "where newer: the deletion of 1 thread"; !strings.Contains(got, want) {
		t.Errorf("take's summary %q does not say %q", got, want)
	}
	if got, ok, _ := desktop.ThreadDeleted(id); !ok || got != at {
		t.Errorf("desktop's record of the deletion: %d %v, want the laptop's time %d", got, ok, at)
	}
	checkSound(t, desktop, "after the take of the deletion")
	for i := 0; i < 2; i++ {
		if rep := syncOnce(t, ed); len(rep.Twins) != 0 {
			t.Fatalf("desktop's sync %d after the take: twins %+v, want none", i+1, rep.Twins)
		}
	}

	// Deleted on the laptop, renamed later on the desktop: kept.
	lt := newLaptopThread(t)
	laptop2, desktop2, el2, ed2, id2 := lt.laptop, lt.desktop, lt.el, lt.ed, lt.id
	syncOnce(t, el2)
	if _, err := ed2.Take(ctx, el2.Machine()); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Millisecond)
	deleteThread(t, laptop2, id2)
	syncOnce(t, el2)
	time.Sleep(2 * time.Millisecond)
	retitle(t, desktop2, id2, "desktop's title")
	if rep := syncOnce(t, ed2); len(rep.Twins) != 0 {
		t.Errorf("desktop's sync after it renamed the thread the laptop deleted earlier: twins %+v, want none", rep.Twins)
	}
	res, err = ed2.Take(ctx, el2.Machine())
	if err != nil {
		t.Fatal(err)
	}
	if got, err := desktop2.Thread(id2); err != nil || got.Title != "desktop's title" || res.ThreadsDeleted != 0 || res.ThreadsKept != 1 {
		t.Errorf("desktop's thread renamed after the laptop's deletion, after a take: %+v %v (%d deleted, %d kept), want it kept", got, err, res.ThreadsDeleted, res.ThreadsKept)
	}
	checkSound(t, desktop2, "after the take that kept the renamed thread")
}

// A colleague reads alice's folder, which holds her deleted threads'
// file, without refusing anything: a skein reads no file whose name
// begins with a dot, before this one too.
func TestColleagueReadsAFolderWithDeletions(t *testing.T) {
	lt := newLaptopThread(t)
	folder, el := lt.folder, lt.el
	deleteThread(t, lt.laptop, lt.id)
	syncOnce(t, el)
	if _, err := os.Stat(filepath.Join(folder, "layers", "alice", el.Machine(), deletedFile)); err != nil {
		t.Fatalf("the laptop's folder after it deleted a thread: %v, want %s", err, deletedFile)
	}
	bilal := open(t, openStore(t, t.TempDir()), folder, "bilal")
	rep := syncOnce(t, bilal)
	if len(rep.Refused) != 0 {
		t.Errorf("bilal's sync: refused %v, want nothing", rep.Refused)
	}
	if _, err := bilal.st.Span(lt.sp.ID); err != nil {
		t.Errorf("alice's span in bilal's store: %v", err)
	}
}

// A deletion in the copy's file stamped far past the clock (a clock set
// wrong, or a hand-made line) would win every later take of the thread:
// the take refuses the file, naming its line, and deletes nothing.
func TestFarFutureDeletionRefused(t *testing.T) {
	ctx := context.Background()
	desktop, el, ed, id, file, b := deletedOnLaptop(t)
	stamp := regexp.MustCompile(`"deleted":"[^"]*"`)
	if !stamp.Match(b) {
		t.Fatalf("%s holds no deletion time: %s", file, b)
	}
	if err := os.WriteFile(file, stamp.ReplaceAll(b, []byte(`"deleted":"9999-12-31T00:00:00Z"`)), 0o644); err != nil {
		t.Fatal(err)
	}
	syncOnce(t, ed)
	res, err := ed.Take(ctx, el.Machine())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := desktop.Thread(id); err != nil {
		t.Fatalf("desktop's thread after a take of a deletion stamped 9999: %v, want it kept", err)
	}
	if len(res.Refused) != 1 || !strings.Contains(res.Refused[0].Error(), deletedFile+":1:") || !strings.Contains(res.Refused[0].Error(), "after this machine's clock") {
		t.Errorf("take refused %v, want %s:1 refused as far past the clock", res.Refused, deletedFile)
	}
	checkSound(t, desktop, "after the refused deletion")
}

// A thread's change moves no layer's time (it records its own): a
// colleague still reads alice's renamed thread in, her layer file the
// same, and her deletion of it leaves her layer's time as it was.
func TestColleagueReadsAThreadChangeWithNoLayerTime(t *testing.T) {
	a, b, ea, eb, d := aliceAndBilal(t)
	sp := addSpan(t, a, d, "alice", "actor", 25, 47)
	th := annotate.NewThread("alice", "Kakar", sp)
	if err := a.Apply(context.Background(), th); err != nil {
		t.Fatal(err)
	}
	id := th.Threads[0].After.ID
	syncOnce(t, ea)
	syncOnce(t, eb)
	before, _ := a.LayerModified(d.ID, "alice")
	time.Sleep(2 * time.Millisecond)
	retitle(t, a, id, "renamed")
	if now, _ := a.LayerModified(d.ID, "alice"); now != before {
		t.Errorf("alice's layer time after she renamed her thread: %d, want it unmoved (%d)", now, before)
	}
	syncOnce(t, ea)
	syncOnce(t, eb)
	if got, err := b.Thread(id); err != nil || got.Title != "renamed" {
		t.Fatalf("alice's thread in bilal's store after her rename: %+v %v, want renamed", got, err)
	}
	deleteThread(t, a, id)
	if now, _ := a.LayerModified(d.ID, "alice"); now != before {
		t.Errorf("alice's layer time after she deleted her thread: %d, want it unmoved (%d)", now, before)
	}
}

// deletedOnLaptop is threadOnBoth with the thread deleted on the laptop
// afterwards and the laptop's copy written: its deletion file, and what
// that holds.
func deletedOnLaptop(t *testing.T) (desktop *store.Store, el, ed *Engine, id, file string, b []byte) {
	t.Helper()
	laptop, desktop, el, ed, id := threadOnBoth(t)
	time.Sleep(2 * time.Millisecond)
	deleteThread(t, laptop, id)
	syncOnce(t, el)
	file = filepath.Join(el.ownDir(), deletedFile)
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return desktop, el, ed, id, file, b
}
