package team

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
)

// appendLine adds line to the file at p, a new time on it, as a sync tool
// would bring a changed file.
func appendLine(t *testing.T, p, line string) {
	t.Helper()
	b, _ := os.ReadFile(p)
	if err := os.WriteFile(p, append(b, line+"\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Second)
	os.Chtimes(p, later, later)
}

// The team folder's rule (issue 11): a bad file is left out with a note,
// and never stops the rest. A take of the laptop's copy whose threads
// file has one bad line, whose deleted threads' file and decisions file
// are bad, still reads in the laptop's layer on another article; each bad
// file is named with its line, nothing of it is read in (not the good
// thread beside the bad line), and once the file is put right the next
// take reads it. The take failed whole, the laptop's layer not read in.
func TestTakeLeavesOutABadFile(t *testing.T) {
	ctx := context.Background()
	lt := newLaptopThread(t)
	other := "Kabul denied the claim on Tuesday, and said the attacks came from inside Pakistan.\n"
	d2 := addDoc(t, lt.laptop, other, "Kabul Denies")
	addDoc(t, lt.desktop, other, "Kabul Denies")
	addSpan(t, lt.laptop, d2, "alice", "actor", 0, 5)
	syncOnce(t, lt.el)
	dir := filepath.Join(lt.folder, "layers", "alice", lt.el.Machine())
	rel := "layers/alice/" + lt.el.Machine() + "/"
	threads := filepath.Join(dir, "threads.jsonl")
	good, err := os.ReadFile(threads)
	if err != nil {
		t.Fatal(err)
	}
	appendLine(t, threads, `{"type":"thread","id":"bad","annotator":"alice","members":[{"doc":"`+lt.d.ID+`","span":`)
	appendLine(t, filepath.Join(dir, deletedFile), `{"id":"x"}`)
	appendLine(t, filepath.Join(dir, "decisions-"+lt.d.ID[:2]+".jsonl"), `{"doc":"`+lt.d.ID+`","span":"s1","reviewer":"alice","verdict":"maybe","at":1764000000000}`)

	res, err := lt.ed.Take(ctx, lt.el.Machine())
	if err != nil {
		t.Fatalf("take of a copy with a bad threads, deletions and decisions file: %v, want the rest read in", err)
	}
	var msgs []string
	for _, r := range res.Refused {
		msgs = append(msgs, r.Error())
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{rel + "threads.jsonl:2: ", rel + deletedFile + ":1: ", rel + "decisions-" + lt.d.ID[:2] + ".jsonl:1: "} {
		if !strings.Contains(all, want) {
			t.Errorf("take's refusals do not name %q:\n%s", want, all)
		}
	}
	if len(res.Refused) != 3 || !strings.Contains(res.Summary(), "; refused 3 files") {
		t.Errorf("take: %d refused, summary %q; want the 3 files", len(res.Refused), res.Summary())
	}
	for _, d := range []string{lt.d.ID, d2.ID} {
		if spans, err := lt.desktop.LayerSpans(d, "alice"); err != nil || len(spans) != 1 {
			t.Errorf("desktop's layer on %s after the take: %d spans, %v; want the laptop's 1", d, len(spans), err)
		}
	}
	if got, err := lt.desktop.Thread(lt.id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the good thread beside the bad line, after the take: %+v %v; want nothing of that file read in", got, err)
	}
	checkSound(t, lt.desktop, "after a take that left out 3 files")

	// The threads file put right: the next take reads it.
	if err := os.WriteFile(threads, good, 0o644); err != nil {
		t.Fatal(err)
	}
	res, err = lt.ed.Take(ctx, lt.el.Machine())
	if err != nil {
		t.Fatal(err)
	}
	if got, err := lt.desktop.Thread(lt.id); err != nil || got.Title != "Kakar" || res.Threads != 1 {
		t.Errorf("the thread after its file was put right and taken: %+v %v (%d read in); want Kakar", got, err, res.Threads)
	}
}

// A colleague's threads file with one bad line, and a bad decisions file
// of theirs: a sync leaves each out, named with its line, reads their
// layers on both articles, nothing of the threads file (not the good
// thread beside the bad line), and reads it again once it is put right.
func TestSyncLeavesOutAColleaguesBadThreadsFile(t *testing.T) {
	a, b, ea, eb, d := aliceAndBilal(t)
	other := "Kabul denied the claim on Tuesday, and said the attacks came from inside Pakistan.\n"
	d2 := addDoc(t, a, other, "Kabul Denies")
	sp := addSpan(t, a, d, "alice", "actor", 25, 47)
	addSpan(t, a, d2, "alice", "actor", 0, 5)
	th := annotate.NewThread("alice", "Kakar", sp)
	if err := a.Apply(context.Background(), th); err != nil {
		t.Fatal(err)
	}
	id := th.Threads[0].After.ID
	syncOnce(t, ea)
	dir := filepath.Join(ea.Dir(), "layers", "alice", ea.Machine())
	rel := "layers/alice/" + ea.Machine() + "/"
	threads := filepath.Join(dir, "threads.jsonl")
	good, err := os.ReadFile(threads)
	if err != nil {
		t.Fatal(err)
	}
	appendLine(t, threads, `{"type":"thread","id":"bad","annotator":"alice","members":[{"doc":"`+d.ID+`","span":`)
	appendLine(t, filepath.Join(dir, "decisions-"+d2.ID[:2]+".jsonl"), `{"doc":"`+d2.ID+`","span":"s1","reviewer":"alice","verdict":"maybe","at":1764000000000}`)

	rep := syncOnce(t, eb)
	refusalsSay(t, rep, rel+"threads.jsonl:2: ", rel+"decisions-"+d2.ID[:2]+".jsonl:1: ")
	for _, doc := range []string{d.ID, d2.ID} {
		if spans, err := b.LayerSpans(doc, "alice"); err != nil || len(spans) != 1 {
			t.Errorf("alice's layer on %s in bilal's store: %d spans, %v; want her 1", doc, len(spans), err)
		}
	}
	if got, err := b.Thread(id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("alice's good thread beside the bad line, in bilal's store: %+v %v; want nothing of that file", got, err)
	}
	if err := os.WriteFile(threads, good, 0o644); err != nil {
		t.Fatal(err)
	}
	syncOnce(t, eb)
	if got, err := b.Thread(id); err != nil || got.Title != "Kakar" {
		t.Errorf("alice's thread once her file was put right: %+v %v; want Kakar", got, err)
	}
}
