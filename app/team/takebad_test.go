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

// A forged copy of the laptop's folder under another spelling of the
// user's name (zoë decomposed, zoe + U+0308, which sorts first and reads
// as the same name) made a take of the laptop read the forged copy and
// leave out the laptop's own. A take where two spellings hold the
// machine's folder now reads neither, and names both.
func TestTakeRefusesTwoSpellingsOfOneMachine(t *testing.T) {
	folder := t.TempDir()
	laptop, desktop := openStore(t, t.TempDir()), openStore(t, t.TempDir())
	const zoe = "zo\u00eb"
	el, ed := open(t, laptop, folder, zoe), open(t, desktop, folder, zoe)
	d := addDoc(t, laptop, kakar, "Pakistan Blames Afghanistan")
	addDoc(t, desktop, kakar, "Pakistan Blames Afghanistan")
	addSpan(t, laptop, d, zoe, "actor", 25, 47)
	syncOnce(t, el)
	real := filepath.Join(folder, "layers", zoe, el.Machine())
	forged := filepath.Join(folder, "layers", "zoe\u0308", el.Machine())
	if err := os.MkdirAll(forged, 0o755); err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(real)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(real, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(forged, e.Name()), []byte(strings.ReplaceAll(string(b), `"actor"`, `"accusation"`)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err = ed.Take(context.Background(), el.Machine())
	if err == nil || !strings.Contains(err.Error(), "layers/"+zoe+"/"+el.Machine()) || !strings.Contains(err.Error(), "layers/zoe\u0308/"+el.Machine()) {
		t.Errorf("take with two spellings of the laptop's folder: %v, want both named and nothing read in", err)
	}
	if spans, _ := desktop.LayerSpans(d.ID, zoe); len(spans) != 0 {
		t.Errorf("the desktop's layer after the take: %d spans (%s), want none", len(spans), spans[0].Label)
	}
	// The forged folder gone: the take reads the laptop's.
	os.RemoveAll(forged)
	if _, err := ed.Take(context.Background(), el.Machine()); err != nil {
		t.Fatal(err)
	}
	if spans, _ := desktop.LayerSpans(d.ID, zoe); len(spans) != 1 || spans[0].Label != "actor" {
		t.Errorf("the desktop's layer after the take of the laptop's folder alone: %v, want its actor", spans)
	}
}
