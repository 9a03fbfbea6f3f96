package team

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/transfer"
	"github.com/skein-news/skein/store"
)

func openStore(t testing.TB, dir string) *store.Store {
	t.Helper()
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

const kakar = "Caretaker Prime Minister Anwar ul-Haq Kakar said 60% of attacks came from Afghanistan — a claim Kabul denied.\n"

func addDoc(t testing.TB, st *store.Store, text, title string) *annotate.Document {
	t.Helper()
	d := &annotate.Document{ID: annotate.DocID(text), Title: title, Text: text}
	if _, err := st.PutDocument(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	return d
}

func addSpan(t testing.TB, st *store.Store, doc *annotate.Document, user, label string, start, end int) *annotate.Span {
	t.Helper()
	s := &annotate.Span{ID: annotate.NewID(), Doc: doc.ID, Label: label, Annotator: user, Fragments: []annotate.Fragment{{Start: start, End: end}}}
	if err := st.Apply(context.Background(), annotate.AddSpan(user, s)); err != nil {
		t.Fatal(err)
	}
	return s
}

func export(t testing.TB, st *store.Store, annotators ...string) string {
	t.Helper()
	var b bytes.Buffer
	opt := transfer.ExportOptions{Threads: true}
	if len(annotators) > 0 {
		opt.Annotators = annotators
	}
	if _, err := transfer.Export(context.Background(), st, &b, opt); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func open(t testing.TB, st *store.Store, dir, user string) *Engine {
	t.Helper()
	e, err := Open(st, dir, user)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func syncOnce(t testing.TB, e *Engine) *Report {
	t.Helper()
	rep, err := e.Sync(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// aliceAndBilal are two stores on one folder, each with its engine, and
// an article in alice's store.
func aliceAndBilal(t *testing.T) (a, b *store.Store, ea, eb *Engine, d *annotate.Document) {
	t.Helper()
	folder := t.TempDir()
	a, b = openStore(t, t.TempDir()), openStore(t, t.TempDir())
	ea, eb = open(t, a, folder, "alice"), open(t, b, folder, "bilal")
	return a, b, ea, eb, addDoc(t, a, kakar, "Pakistan Blames Afghanistan")
}

// Two stores and one folder: what alice does reaches bilal, a thread bilal
// makes reaches alice, and a second sync with nothing new writes and reads
// nothing.
func TestTwoStoresOneFolder(t *testing.T) {
	ctx := context.Background()
	a, b, ea, eb, d := aliceAndBilal(t)
	sa := addSpan(t, a, d, "alice", "actor", 25, 47)
	rep := syncOnce(t, ea)
	if rep.Articles != 1 || len(rep.Written) != 1 {
		t.Fatalf("alice's first sync: got %+v, want 1 article and 1 layer file", rep)
	}
	rep = syncOnce(t, eb)
	if rep.DocsAdded != 1 || len(rep.Arrived) != 1 || rep.Arrived[0].Annotator != "alice" || rep.Arrived[0].Spans != 1 {
		t.Fatalf("bilal's sync: got %+v, want alice's article and 1 span", rep)
	}
	if got, want := export(t, b, "alice"), export(t, a, "alice"); got != want {
		t.Fatalf("bilal's copy of alice's layer:\n%s\nwant\n%s", got, want)
	}

	// bilal links his own span to alice's in a thread.
	sb := addSpan(t, b, d, "bilal", "claim", 48, 56)
	th := annotate.NewThread("bilal", "Kakar's figures", sb)
	if err := b.Apply(ctx, th); err != nil {
		t.Fatal(err)
	}
	thread := th.Threads[0].After
	add, err := annotate.AddMember("bilal", thread, sa, 1, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Apply(ctx, add); err != nil {
		t.Fatal(err)
	}
	syncOnce(t, eb)
	rep = syncOnce(t, ea)
	if len(rep.Arrived) != 1 || rep.Arrived[0].Threads != 1 || rep.Arrived[0].Spans != 1 {
		t.Fatalf("alice's sync: got %+v, want bilal's span and thread", rep)
	}
	got, err := a.Thread(thread.ID)
	if err != nil {
		t.Fatalf("bilal's thread is not in alice's store: %v", err)
	}
	if len(got.Members) != 2 || got.Members[1].Span != sa.ID {
		t.Fatalf("bilal's thread in alice's store: got %+v", got.Members)
	}

	// Nothing new: nothing written, nothing read.
	for _, e := range []*Engine{ea, eb} {
		if rep := syncOnce(t, e); len(rep.Written) != 0 || len(rep.Arrived) != 0 || rep.Articles != 0 || rep.DocsAdded != 0 {
			t.Fatalf("%s's sync with nothing new: got %+v", e.user, rep)
		}
	}

	// alice deletes her span: bilal's copy loses it too (and his thread
	// loses the member).
	if err := a.Apply(ctx, annotate.DeleteSpans("alice", []*annotate.Span{sa}, nil)); err != nil {
		t.Fatal(err)
	}
	syncOnce(t, ea)
	syncOnce(t, eb)
	if spans, _ := b.LayerSpans(d.ID, "alice"); len(spans) != 0 {
		t.Fatalf("alice deleted her span; bilal still has %d", len(spans))
	}
	// Neither layer was ever written into the other's own.
	if spans, _ := a.LayerSpans(d.ID, "alice"); len(spans) != 0 {
		t.Fatalf("alice's layer: got %d spans, want 0", len(spans))
	}
	if spans, _ := b.LayerSpans(d.ID, "bilal"); len(spans) != 1 {
		t.Fatalf("bilal's layer: got %d spans, want 1", len(spans))
	}
}

// What arrives is counted as it changed, not as it was written: alice's
// layer file on an article is written anew when one of her threads there
// changes (her layer's time moves), and bilal's store rewrites every span
// of it, but the status line and skein sync said "alice: 2 spans, 1
// thread" for a thread alone, and "alice: 1 span" for one she deleted.
func TestArrivalCountsWhatChanged(t *testing.T) {
	ctx := context.Background()
	a, b, ea, eb, d := aliceAndBilal(t)
	s1 := addSpan(t, a, d, "alice", "actor", 25, 47)
	s2 := addSpan(t, a, d, "alice", "figure", 53, 56)
	syncOnce(t, ea)
	arrived := func(what string) Arrival {
		t.Helper()
		syncOnce(t, ea)
		rep := syncOnce(t, eb)
		if len(rep.Arrived) != 1 {
			t.Fatalf("%s: bilal's sync reports %+v, want alice's arrival", what, rep.Arrived)
		}
		return rep.Arrived[0]
	}
	if got := arrived("first sync"); got.Spans != 2 || got.Removed != 0 {
		t.Fatalf("first sync: %+v, want 2 spans", got)
	}

	if err := a.Apply(ctx, annotate.NewThread("alice", "Kakar's figure", s1)); err != nil {
		t.Fatal(err)
	}
	if got, want := arrived("a thread").Line(""), "alice: 1 thread"; got != want {
		t.Errorf("alice made a thread of a span bilal had: %q, want %q", got, want)
	}
	if err := a.Apply(ctx, annotate.NewThread("alice", "The figure", s2)); err != nil {
		t.Fatal(err)
	}
	if got, want := arrived("a second thread").Line(""), "alice: 1 thread"; got != want {
		t.Errorf("alice made a second thread: %q, want %q", got, want)
	}

	relabelled := *s2
	relabelled.Label = "claim"
	if err := a.Apply(ctx, annotate.EditSpan("alice", "relabel", s2, &relabelled)); err != nil {
		t.Fatal(err)
	}
	if got, want := arrived("a relabel").Line(""), "alice: 1 span"; got != want {
		t.Errorf("alice relabelled one of two spans: %q, want %q", got, want)
	}

	if err := a.Apply(ctx, annotate.DeleteSpans("alice", []*annotate.Span{&relabelled}, nil)); err != nil {
		t.Fatal(err)
	}
	if got, want := arrived("a deletion").Line(""), "alice: 1 span removed"; got != want {
		t.Errorf("alice deleted one of two spans: %q, want %q", got, want)
	}
	if spans, _ := b.LayerSpans(d.ID, "alice"); len(spans) != 1 || spans[0].ID != s1.ID {
		t.Errorf("bilal's copy of alice's layer: %d spans, want her actor alone", len(spans))
	}
}

// labelled adds n articles, each with a claim of alice's.
func labelled(t *testing.T, st *store.Store, n int) []*annotate.Document {
	t.Helper()
	var docs []*annotate.Document
	for i := 0; i < n; i++ {
		d := addDoc(t, st, strings.Repeat("word ", i+1)+kakar, "")
		addSpan(t, st, d, "alice", "claim", 0, 4)
		docs = append(docs, d)
	}
	return docs
}

// Only what changed is written: one span in one of many articles rewrites
// one layer file.
func TestOnlyChangedFilesAreWritten(t *testing.T) {
	folder := t.TempDir()
	a := openStore(t, t.TempDir())
	ea := open(t, a, folder, "alice")
	docs := labelled(t, a, 300)
	first := syncOnce(t, ea)
	if len(first.Written) < 100 {
		t.Fatalf("first sync wrote %d files, want one per bucket used", len(first.Written))
	}
	addSpan(t, a, docs[7], "alice", "actor", 5, 9)
	rep := syncOnce(t, ea)
	want := []string{docs[7].ID[:2] + ".jsonl"}
	if strings.Join(rep.Written, ",") != strings.Join(want, ",") {
		t.Fatalf("after one span: wrote %v, want %v", rep.Written, want)
	}
}

// Bad or hostile content is refused with the file's name; the rest is read.
func TestHostileFilesAreRefusedByName(t *testing.T) {
	folder := t.TempDir()
	a, b := openStore(t, t.TempDir()), openStore(t, t.TempDir())
	ea, eb := open(t, a, folder, "alice"), open(t, b, folder, "bilal")
	d := addDoc(t, a, kakar, "Pakistan Blames Afghanistan")
	addSpan(t, a, d, "alice", "actor", 25, 47)
	syncOnce(t, ea)
	dirA := filepath.Join("layers", "alice", ea.Machine())
	good, err := os.ReadFile(filepath.Join(folder, dirA, d.ID[:2]+".jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	mallory := filepath.Join("layers", "mallory", "00000000000000aa")
	write := func(rel, data string) {
		p := filepath.Join(folder, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// mallory writes spans claiming to be bilal's, and alice's own again.
	write(filepath.Join(mallory, "aa.jsonl"), strings.ReplaceAll(string(good), `"alice"`, `"bilal"`))
	write(filepath.Join(mallory, "ab.jsonl"), string(good))
	// wrong offsets
	bucket := d.ID[:2] + ".jsonl" // the file that holds the article
	write(filepath.Join("layers", "carol", "00000000000000cc", bucket), strings.Replace(string(good), `"start":25`, `"start":24`, 1))
	// odd names
	write(filepath.Join("layers", "carol", "00000000000000cc", "..evil.jsonl"), string(good))
	write(filepath.Join("layers", "carol", "00000000000000cc", "notes.txt"), "hi")
	write(filepath.Join("layers", "carol", "nothex"), "x")
	// a half-copied file
	write(filepath.Join("layers", "dan", "00000000000000dd", bucket), string(good[:len(good)/2]))
	// a huge file (sparse: no disk is used) and a link out of the folder
	huge := filepath.Join(folder, "layers", "frank", "00000000000000ff", "03.jsonl")
	os.MkdirAll(filepath.Dir(huge), 0o755)
	if f, err := os.Create(huge); err == nil {
		f.Truncate(maxLayerFile + 1)
		f.Close()
	}
	os.Symlink("/etc/passwd", filepath.Join(folder, "layers", "frank", "00000000000000ff", "04.jsonl"))
	// a line from a newer skein
	write(filepath.Join("layers", "gina", "00000000000000ab", "05.jsonl"), `{"type":"review-v9","id":"x"}`+"\n")
	// a good colleague beside them
	write(filepath.Join("layers", "erin", "00000000000000ee", bucket), newIDs(strings.ReplaceAll(string(good), `"alice"`, `"erin"`)))

	rep := syncOnce(t, eb)
	msgs := []string{}
	for _, r := range rep.Refused {
		msgs = append(msgs, r.Error())
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{
		"layers/mallory/00000000000000aa/aa.jsonl:1:", "may hold only mallory's work",
		"layers/mallory/00000000000000aa/ab.jsonl:1:",
		"layers/carol/00000000000000cc/" + bucket + ":1:",
		"layers/carol/00000000000000cc/notes.txt: not a file",
		"layers/carol/nothex: not a machine's folder",
		"layers/dan/00000000000000dd/" + bucket,
		"layers/frank/00000000000000ff/03.jsonl: 268435457 bytes, more than the 268435456 a layer file may hold",
		"layers/frank/00000000000000ff/04.jsonl: not a regular file",
		`layers/gina/00000000000000ab/05.jsonl:1: unknown line type "review-v9"`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("refusals lack %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "evil") {
		t.Errorf("a dot-file was read or refused; it is a copier's temporary file and must be left alone:\n%s", all)
	}
	var arrived []string
	for _, a := range rep.Arrived {
		arrived = append(arrived, a.Annotator)
	}
	if got := strings.Join(arrived, ","); got != "alice,erin" {
		t.Fatalf("arrived: got %s, want alice's and erin's good files read beside the bad ones", got)
	}
	n := 0
	b.SpansByAnnotator(context.Background(), "bilal", func(*annotate.Span) error { n++; return nil })
	if n != 0 {
		t.Fatalf("bilal's own layer has %d spans, want none: mallory's copy claiming to be his was refused", n)
	}
	if spans, _ := b.LayerSpans(d.ID, "alice"); len(spans) != 1 {
		t.Fatalf("alice's layer in bilal's store: got %d spans, want her 1 (mallory's copy refused)", len(spans))
	}
	// Refused files are not read again until they change; then they are.
	if rep := syncOnce(t, eb); len(rep.Arrived) != 0 || len(rep.Refused) == 0 {
		t.Fatalf("second sync: got %+v, want the same refusals and nothing read", rep)
	}
	write(filepath.Join("layers", "dan", "00000000000000dd", bucket), newIDs(strings.ReplaceAll(string(good), `"alice"`, `"dan"`)))
	rep = syncOnce(t, eb)
	if len(rep.Arrived) != 1 || rep.Arrived[0].Annotator != "dan" {
		t.Fatalf("after dan's file was copied whole: got %+v, want it read", rep.Arrived)
	}
}

var spanIDRE = regexp.MustCompile(`"id":"[0-9a-f-]{36}"`)

// newIDs gives every span in a layer file a new ID, as a colleague's own
// spans have.
func newIDs(s string) string {
	return spanIDRE.ReplaceAllStringFunc(s, func(string) string { return `"id":"` + annotate.NewID() + `"` })
}

// The same annotator on two machines: both copies are kept, neither is read
// into the other, and the person chooses with Take.
func TestSameAnnotatorOnTwoMachines(t *testing.T) {
	folder, laptop, desktop, el, ed, d := twoMachines(t)
	addSpan(t, desktop, d, "alice", "claim", 48, 56)
	time.Sleep(2 * time.Millisecond) // the laptop's work is the newer
	addSpan(t, laptop, d, "alice", "actor", 25, 47)
	syncOnce(t, el)
	rep := syncOnce(t, ed)
	if len(rep.Twins) != 1 || rep.Twins[0].Machine != el.Machine() {
		t.Fatalf("desktop's sync: twins %+v, want the laptop's copy", rep.Twins)
	}
	if spans, _ := desktop.LayerSpans(d.ID, "alice"); len(spans) != 1 || spans[0].Label != "claim" {
		t.Fatalf("desktop's layer changed without being asked: %v", spans)
	}
	for _, m := range []string{el.Machine(), ed.Machine()} {
		if _, err := os.Stat(filepath.Join(folder, "layers", "alice", m, d.ID[:2]+".jsonl")); err != nil {
			t.Fatalf("copy of machine %s: %v", m, err)
		}
	}
	if _, err := ed.Take(context.Background(), el.Machine()); err != nil {
		t.Fatal(err)
	}
	if spans, _ := desktop.LayerSpans(d.ID, "alice"); len(spans) != 1 || spans[0].Label != "actor" {
		t.Fatalf("after taking the laptop's newer copy: %v", spans)
	}
}

// A newer skein's folder is refused before anything is written.
func TestNewerFolderIsRefused(t *testing.T) {
	folder := t.TempDir()
	os.WriteFile(filepath.Join(folder, "skein-team.json"), []byte(`{"format":2}`), 0o644)
	_, err := Open(openStore(t, t.TempDir()), folder, "alice")
	if err == nil || !strings.Contains(err.Error(), "newer skein") {
		t.Fatalf("got %v, want a refusal naming a newer skein", err)
	}
	if _, err := os.Stat(filepath.Join(folder, "layers")); err == nil {
		t.Fatal("layers/ was created in a folder that was refused")
	}
}

// A write after Changed named the documents reads only their layer files,
// and writes what a whole write would.
func TestHintedWriteMatchesAWholeOne(t *testing.T) {
	ctx := context.Background()
	folder := t.TempDir()
	a := openStore(t, t.TempDir())
	ea := open(t, a, folder, "alice")
	docs := labelled(t, a, 50)
	syncOnce(t, ea)
	// A span added, one deleted, a new article labelled: each named.
	s := addSpan(t, a, docs[3], "alice", "actor", 5, 9)
	ea.Changed(docs[3].ID)
	gone, _ := a.LayerSpans(docs[9].ID, "alice")
	if err := a.Apply(ctx, annotate.DeleteSpans("alice", gone, nil)); err != nil {
		t.Fatal(err)
	}
	ea.Changed(docs[9].ID)
	fresh := addDoc(t, a, "A new one. "+kakar, "")
	addSpan(t, a, fresh, "alice", "figure", 0, 1)
	ea.Changed(fresh.ID)
	rep, err := ea.Publish(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{docs[3].ID[:2] + ".jsonl": true, docs[9].ID[:2] + ".jsonl": true, fresh.ID[:2] + ".jsonl": true}
	for _, name := range rep.Written {
		if !want[name] {
			t.Errorf("the hinted write wrote %s, not a file of the changed documents", name)
		}
	}
	hinted := readLayer(t, folder, ea)
	// A whole write from scratch gives the same files.
	ea.state.Own = map[string]string{}
	if _, err := ea.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if whole := readLayer(t, folder, ea); whole != hinted {
		t.Fatalf("hinted write:\n%s\nwhole write:\n%s", hinted, whole)
	}
	if !strings.Contains(hinted, s.ID) {
		t.Fatal("the added span is not in the folder")
	}
}

func readLayer(t *testing.T, folder string, e *Engine) string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(folder, "layers", e.user, e.machine, "*.jsonl"))
	var b strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(filepath.Base(f) + ":\n" + string(data))
	}
	return b.String()
}

// A person's name as people write it, "Bilal Khan", joins a team: it
// names his folder and reaches alice. A folder named for the curated layer
// is refused by name, so a "colleague" called curated cannot have spans
// read into alice's curated layer, which is hers; and a store cannot join
// under that name.
func TestAnnotatorNamesInTheFolder(t *testing.T) {
	folder := t.TempDir()
	a, b := openStore(t, t.TempDir()), openStore(t, t.TempDir())
	ea, eb := open(t, a, folder, "alice"), open(t, b, folder, "Bilal Khan")
	d := addDoc(t, b, kakar, "Pakistan Blames Afghanistan")
	addSpan(t, b, d, "Bilal Khan", "actor", 25, 47)
	syncOnce(t, eb)
	rep := syncOnce(t, ea)
	if len(rep.Arrived) != 1 || rep.Arrived[0].Annotator != "Bilal Khan" || rep.Arrived[0].Spans != 1 {
		t.Fatalf("alice's sync: got %+v, want Bilal Khan's span", rep)
	}
	good, err := os.ReadFile(filepath.Join(folder, "layers", "Bilal Khan", eb.Machine(), d.ID[:2]+".jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"curated", "Curated"} {
		p := filepath.Join(folder, "layers", name, "00000000000000cc", d.ID[:2]+".jsonl")
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(newIDs(strings.ReplaceAll(string(good), `"Bilal Khan"`, `"`+name+`"`))), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rep = syncOnce(t, ea)
	var refused []string
	for _, r := range rep.Refused {
		refused = append(refused, r.Error())
	}
	all := strings.Join(refused, "\n")
	for _, want := range []string{"layers/curated: not an annotator's folder: it is the curated layer's name", "layers/Curated: not an annotator's folder"} {
		if !strings.Contains(all, want) {
			t.Errorf("refusals lack %q:\n%s", want, all)
		}
	}
	if spans, _ := a.LayerSpans(d.ID, annotate.CuratedLayer); len(spans) != 0 {
		t.Fatalf("alice's curated layer got %d spans from a folder named curated", len(spans))
	}
	for _, name := range []string{"curated", "../x", "con", "bilal."} {
		if _, err := Open(openStore(t, t.TempDir()), folder, name); err == nil || !strings.Contains(err.Error(), "cannot name your folder") {
			t.Errorf("Open as %q: got %v, want it refused", name, err)
		}
	}
}

// macOS's HFS+ gives a folder's name back decomposed: "Zoë" written as one
// ë is read as e and a combining diaeresis. Zoë's layer is still hers (not
// refused as claiming another name's work), she is one colleague in the
// Team panel, and her own folder so read is still her own: never a
// colleague's, and a second machine's copy of it is still a twin she can
// take.
func TestDecomposedFolderNames(t *testing.T) {
	const composed, decomposed = "Zo\u00eb", "Zoe\u0308"
	folder := t.TempDir()
	a, z, z2 := openStore(t, t.TempDir()), openStore(t, t.TempDir()), openStore(t, t.TempDir())
	ea, ez, ez2 := open(t, a, folder, "alice"), open(t, z, folder, composed), open(t, z2, folder, composed)
	d := addDoc(t, z, kakar, "Pakistan Blames Afghanistan")
	addDoc(t, z2, kakar, "Pakistan Blames Afghanistan")
	addSpan(t, z, d, composed, "actor", 25, 47)
	syncOnce(t, ez)
	time.Sleep(2 * time.Millisecond) // the second machine's work is the newer: Zoë is told of it
	addSpan(t, z2, d, composed, "claim", 48, 56)
	syncOnce(t, ez2)
	if err := os.Rename(filepath.Join(folder, "layers", composed), filepath.Join(folder, "layers", decomposed)); err != nil {
		t.Fatal(err)
	}

	rep := syncOnce(t, ea)
	if len(rep.Refused) != 0 {
		t.Fatalf("alice's sync refused %v", rep.Refused)
	}
	if len(rep.Arrived) == 0 {
		t.Fatal("alice's sync: nothing of Zoë's arrived")
	}
	for _, arr := range rep.Arrived {
		if arr.Annotator != composed {
			t.Fatalf("alice's sync: got %+v, want Zoë's work under her composed name", rep.Arrived)
		}
	}
	if spans, _ := a.LayerSpans(d.ID, composed); len(spans) != 1 {
		t.Fatalf("Zoë's layer in alice's store: got %v, want her span", spans)
	}
	var names []string
	for _, c := range ea.Colleagues() {
		names = append(names, fmt.Sprintf("%s×%d", c.Annotator, c.Machines))
	}
	if got := strings.Join(names, ","); got != composed+"×2" {
		t.Fatalf("alice's Team panel: got %s, want Zoë once, with her two machines", got)
	}

	rep = syncOnce(t, ez)
	if len(rep.Arrived) != 0 || len(rep.Twins) != 1 || rep.Twins[0].Machine != ez2.Machine() {
		t.Fatalf("Zoë's sync: arrived %+v, twins %+v; want nothing read into her store and the other machine's copy as a twin", rep.Arrived, rep.Twins)
	}
	if spans, _ := z.LayerSpans(d.ID, decomposed); len(spans) != 0 {
		t.Fatalf("Zoë's own work came back as a colleague's layer %q: %v", decomposed, spans)
	}
	if _, err := ez.Take(context.Background(), ez2.Machine()); err != nil {
		t.Fatalf("taking the other machine's copy from the decomposed folder: %v", err)
	}
}

// A sync's line says plainly what it did: what of the user's work it
// wrote, or that the folder had it already, or that there is none yet;
// and what arrived, or that nothing new did, from whom, and a new
// assignment. It said "wrote 0 files" for all three, and nothing of an
// assignment that arrived.
func TestSyncSaysWhatWasThereAndWhatWasRead(t *testing.T) {
	alone := openStore(t, t.TempDir())
	addDoc(t, alone, kakar, "Pakistan Blames Afghanistan")
	if got, want := syncOnce(t, open(t, alone, t.TempDir(), "alice")).Summary(), "no work of yours to write yet; shared 1 new article; no colleague's work in the folder yet"; got != want {
		t.Errorf("the first in a new folder: got %q, want %q", got, want)
	}
	a, b, ea, eb, d := aliceAndBilal(t)
	for _, c := range []struct {
		e    *Engine
		do   func()
		want string
	}{
		{ea, nil, "no work of yours to write yet; shared 1 new article; nothing new from bilal"},
		{eb, nil, "no work of yours to write yet; received 1 new article"},
		{ea, func() { addSpan(t, a, d, "alice", "actor", 25, 47) }, "wrote 1 file of your work; nothing new from bilal"},
		{ea, nil, "the folder had your work already; nothing new from bilal"},
		{eb, nil, "no work of yours to write yet; alice: 1 span"},
		{eb, func() { addSpan(t, b, d, "bilal", "claim", 48, 56) }, "wrote 1 file of your work; nothing new from alice"},
		{ea, nil, "the folder had your work already; bilal: 1 span"},
		{eb, func() {
			if _, err := ea.Assign(context.Background(), []string{"alice", "bilal"}, 2); err != nil {
				t.Fatal(err)
			}
		}, "the folder had your work already; nothing new from alice; a new assignment in the folder (assign.json)"},
		{eb, nil, "the folder had your work already; nothing new from alice"},
	} {
		if c.do != nil {
			c.do()
		}
		if got := syncOnce(t, c.e).Summary(); got != c.want {
			t.Errorf("%s's sync: got %q, want %q", c.e.User(), got, c.want)
		}
	}
	// A third colleague, and a fourth: named while few, counted after.
	for _, name := range []string{"chen", "dara", "eve"} {
		syncOnce(t, open(t, openStore(t, t.TempDir()), ea.Dir(), name))
		syncOnce(t, ea)
	}
	if got, want := syncOnce(t, ea).Summary(), "the folder had your work already; nothing new from 4 colleagues"; got != want {
		t.Errorf("alice's sync among 4 colleagues: got %q, want %q", got, want)
	}
	if got, want := syncOnce(t, eb).Summary(), "the folder had your work already; nothing new from 4 colleagues"; got != want {
		t.Errorf("bilal's sync among 4 colleagues: got %q, want %q", got, want)
	}
}

// A newcomer's `skein team ~/Shared/team` before making it, or naming a
// file, was told "not a folder", which read as a folder of the wrong
// kind: the message says what is wrong and what to do, and the store is
// not connected.
func TestConnectSaysWhatIsWrongWithTheFolder(t *testing.T) {
	dir := t.TempDir()
	st := openStore(t, filepath.Join(dir, "store"))
	file := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ path, want string }{
		{filepath.Join(dir, "nope"), "does not exist: make it first"},
		{file, "is a file, not a folder"},
	} {
		_, err := Connect(st, c.path, "alice")
		if err == nil || !strings.Contains(err.Error(), c.path) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Connect(%s): %v, want it named with %q", c.path, err, c.want)
		}
		if was, _ := Folder(st); was != "" {
			t.Errorf("Connect(%s) connected the store to %q", c.path, was)
		}
	}
}
