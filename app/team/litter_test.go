package team

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate"
)

// What sync engines and systems leave in a team folder: the conflicted
// copies Syncthing, Dropbox, Nextcloud, ownCloud and OneDrive make, and
// Windows' Thumbs.db and desktop.ini, in every folder skein reads. None is
// refused, counted against the colleague whose folder it lies in, or read;
// each copy is told of once a pass, with the file it copies and what to do,
// and a system file not at all. A real file of a name skein does not write
// is still refused.
func TestEnginesLitterIsNotRefused(t *testing.T) {
	ea, eb, d := aliceActorSynced(t)
	folder := ea.Dir()
	mrel := "layers/alice/" + ea.Machine()
	bucket := d.ID[:2]
	src, err := os.ReadFile(filepath.Join(folder, mrel, bucket+".jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	put := func(rel string, b []byte) {
		p := filepath.Join(folder, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A copy holding another span: were it read, alice's layer would change.
	other := []byte(strings.Replace(string(src), `"label":"actor"`, `"label":"claim"`, 1))
	copies := []string{
		mrel + "/" + bucket + ".sync-conflict-20261206-101112-ABCDEFG.jsonl",
		mrel + "/" + bucket + " (Bob's conflicted copy 2026-12-06).jsonl",
		mrel + "/threads (conflicted copy 2026-12-06 101112).jsonl",
		mrel + "/" + bucket + "_conflict-20261206-101112.jsonl",
		mrel + "/" + bucket + "-DESKTOP-7Q2.jsonl",
		mrel + "/" + bucket + " (1).jsonl",
		mrel + "/threads.jsonl.orig",
		"articles/" + d.ID + ".sync-conflict-20261206-101112-ABCDEFG.jsonl",
		"assign (conflicted copy 2026-12-06 101112).json",
	}
	for _, c := range copies {
		put(c, other)
	}
	for _, s := range []string{mrel + "/Thumbs.db", mrel + "/desktop.ini", "layers/alice/desktop.ini", "layers/Thumbs.db", "articles/Thumbs.db", "Thumbs.db",
		".stversions/" + mrel + "/" + bucket + "~20261206-101112.jsonl", mrel + "/.syncthing." + bucket + ".jsonl.tmp", ".DS_Store", ".git/HEAD"} {
		put(s, []byte("x"))
	}
	put(mrel+"/"+bucket+".jsonl.bak", other) // no engine's: refused as ever

	for pass := 0; pass < 2; pass++ {
		rep := syncOnce(t, eb)
		if len(rep.Refused) != 1 || !strings.Contains(rep.Refused[0].Error(), mrel+"/"+bucket+".jsonl.bak: not a file a layer folder holds") {
			t.Errorf("pass %d refused %q; want only the .bak file", pass, rep.Refused)
		}
		if len(rep.Copies) != len(copies) {
			t.Errorf("pass %d told of %d copies, want %d: %q", pass, len(rep.Copies), len(copies), rep.Copies)
		}
		for _, c := range copies {
			if !slices.ContainsFunc(rep.Copies, func(s string) bool { return strings.HasPrefix(s, c+": a conflicted copy of ") }) {
				t.Errorf("pass %d: %s not told of as a conflicted copy: %q", pass, c, rep.Copies)
			}
		}
		if len(rep.Arrived) != 0 {
			t.Errorf("pass %d read a copy: %+v", pass, rep.Arrived)
		}
		if !strings.Contains(rep.Summary(), "; 9 conflicted copies in the folder, not read") {
			t.Errorf("pass %d summary: %q", pass, rep.Summary())
		}
	}
	rep := syncOnce(t, eb)
	want := map[string]string{
		copies[0]: copies[0] + ": a conflicted copy of alice's " + bucket + ".jsonl, made by Syncthing: skein reads only " + mrel + "/" + bucket + ".jsonl, which only its owner's skein writes, never the copy; the copy can be deleted",
		copies[1]: copies[1] + ": a conflicted copy of alice's " + bucket + ".jsonl, made by Dropbox: ",
		copies[2]: copies[2] + ": a conflicted copy of alice's threads.jsonl, made by Nextcloud: ",
		copies[3]: copies[3] + ": a conflicted copy of alice's " + bucket + ".jsonl, made by ownCloud: ",
		copies[4]: copies[4] + ": a conflicted copy of alice's " + bucket + ".jsonl, made by OneDrive: ",
		copies[6]: copies[6] + ": a conflicted copy of alice's threads.jsonl, made by git's merge tool: ",
		copies[7]: copies[7] + ": a conflicted copy of articles/" + d.ID + ".jsonl, made by Syncthing: skein reads only articles/" + d.ID + ".jsonl, never the copy; the copy can be deleted",
		copies[8]: copies[8] + ": a conflicted copy of assign.json, made by Nextcloud: two of you assigned the articles at once, and skein follows assign.json alone. If the copy holds the assignment you want, assign again (File ▸ Team ▸ Assign…, or skein assign); then delete the copy",
	}
	for c, w := range want {
		if !slices.ContainsFunc(rep.Copies, func(s string) bool { return strings.HasPrefix(s, w) }) {
			t.Errorf("%s: told %q; want it to begin %q", c, rep.Copies, w)
		}
	}
	if got := export(t, eb.st, "alice"); strings.Contains(got, `"label":"claim"`) {
		t.Errorf("a copy was read into bilal's store: %s", got)
	}
	for _, c := range eb.Colleagues() {
		if c.Refused != 1 {
			t.Errorf("%s's refused files: %d; want 1, the .bak file", c.Annotator, c.Refused)
		}
	}

	// A store whose earlier skein refused a copy no longer lists it.
	os.Remove(filepath.Join(folder, filepath.FromSlash(mrel+"/"+bucket+".jsonl.bak")))
	eb.state.Files[copies[0]] = fileState{Refused: copies[0] + ": not a file a layer folder holds"}
	if rep := syncOnce(t, eb); len(rep.Refused) != 0 {
		t.Errorf("a copy an earlier skein refused is refused still: %q", rep.Refused)
	}
}

// A copy a sync engine made of a whole folder below layers/ (Dropbox's
// "alice (Bob's conflicted copy …)", Syncthing's ".sync-conflict-" on a
// folder, of an annotator's or a machine's folder, one's own too) is told
// of as the files' copies are, with what to do; never refused as "not an
// annotator's folder", nor read as anyone's work (Syncthing's name is a
// valid annotator's).
func TestFolderCopiesAreListedNotRead(t *testing.T) {
	ea, eb, d := aliceActorSynced(t)
	folder := ea.Dir()
	src := filepath.Join(folder, "layers", "alice", ea.Machine())
	b, err := os.ReadFile(filepath.Join(src, d.ID[:2]+".jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	// Copies holding another span: were one read, alice's layer would change.
	other := []byte(strings.Replace(string(b), `"label":"actor"`, `"label":"claim"`, 1))
	owner, err := os.ReadFile(filepath.Join(src, "owner.json"))
	if err != nil {
		t.Fatal(err)
	}
	put := func(rel string) {
		dir := filepath.Join(folder, filepath.FromSlash(rel))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, b := range map[string][]byte{d.ID[:2] + ".jsonl": other, "owner.json": owner} {
			if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	m := ea.Machine()
	copies := map[string]string{ // the copy's folder, with a machine's folder in it: the note's beginning
		"layers/alice (Bob's conflicted copy 2026-12-06)/" + m: "layers/alice (Bob's conflicted copy 2026-12-06): a conflicted copy of the folder layers/alice, made by Dropbox: " +
			"skein reads only layers/alice, never the copy; only alice's skein writes there, and its next start or skein sync writes again from alice's own store what is missing there, so the copy can be deleted",
		"layers/alice.sync-conflict-20261206-101112-ABCDEFG/" + m:      "layers/alice.sync-conflict-20261206-101112-ABCDEFG: a conflicted copy of the folder layers/alice, made by Syncthing: ",
		"layers/alice/" + m + ".sync-conflict-20261206-101112-ABCDEFG": "layers/alice/" + m + ".sync-conflict-20261206-101112-ABCDEFG: a conflicted copy of the folder layers/alice/" + m + ", made by Syncthing: ",
		"layers/alice/" + m + " (1)":                                   "layers/alice/" + m + " (1): a conflicted copy of the folder layers/alice/" + m + ", made by the copier: ",
		"layers/bilal (conflicted copy 2026-12-06 101112)/" + eb.Machine(): "layers/bilal (conflicted copy 2026-12-06 101112): a conflicted copy of the folder layers/bilal, made by Nextcloud: " +
			"skein reads only layers/bilal, never the copy; only your skein writes there, and its next start or skein sync writes again from your store, which holds your work, what is missing there, so the copy can be deleted",
	}
	for rel := range copies {
		put(rel)
	}
	for pass := 0; pass < 2; pass++ {
		rep := syncOnce(t, eb)
		if len(rep.Refused) != 0 {
			t.Errorf("pass %d refused %q; want nothing", pass, rep.Refused)
		}
		if len(rep.Copies) != len(copies) {
			t.Errorf("pass %d told of %d copies, want %d: %q", pass, len(rep.Copies), len(copies), rep.Copies)
		}
		for rel, w := range copies {
			if !slices.ContainsFunc(rep.Copies, func(s string) bool { return strings.HasPrefix(s, w) }) {
				t.Errorf("pass %d: %s told of as %q; want a line beginning %q", pass, rel, rep.Copies, w)
			}
		}
		if len(rep.Arrived) != 0 {
			t.Errorf("pass %d read a copy: %+v", pass, rep.Arrived)
		}
	}
	if got := export(t, eb.st, "alice"); strings.Contains(got, `"label":"claim"`) {
		t.Errorf("a copy was read into bilal's store: %s", got)
	}
	if cs := eb.Colleagues(); len(cs) != 1 || cs[0].Annotator != "alice" || cs[0].Refused != 0 {
		t.Errorf("bilal's colleagues: %+v; want alice alone, nothing refused", cs)
	}
}

// A conflicted copy of one of the user's own files, in this machine's
// folder, is told of too, as safe to delete: skein writes the file from the
// store, which holds the work, and never reads the copy. It was not
// looked at. Once deleted it is no longer told of.
func TestOwnFilesCopiesListed(t *testing.T) {
	a, _, ea, _, d := aliceAndBilal(t)
	addSpan(t, a, d, "alice", "actor", 25, 47)
	syncOnce(t, ea)
	mrel := "layers/alice/" + ea.Machine()
	bucket := d.ID[:2]
	names := placeCopies(t, ea.Dir(), mrel, bucket)
	want := []string{
		mrel + "/" + names[0] + ": a conflicted copy of your " + bucket + ".jsonl, made by Syncthing: skein writes " + mrel + "/" + bucket + ".jsonl from your store, which holds your work, and never reads the copy; the copy can be deleted",
		mrel + "/" + names[1] + ": a conflicted copy of your threads.jsonl, made by Dropbox: skein writes " + mrel + "/threads.jsonl from your store, which holds your work, and never reads the copy; the copy can be deleted",
	}
	slices.Sort(want)
	rep := syncOnce(t, ea)
	if !slices.Equal(rep.Copies, want) {
		t.Errorf("told of %q; want %q", rep.Copies, want)
	}
	if len(rep.Refused) != 0 {
		t.Errorf("refused %q", rep.Refused)
	}
	addSpan(t, a, d, "alice", "claim", 48, 56)
	ea.Changed(d.ID)
	if _, err := ea.Publish(context.Background()); err != nil {
		t.Fatal(err)
	}
	if rep, err := ea.Pull(context.Background()); err != nil || !slices.Equal(rep.Copies, want) {
		t.Errorf("after a write: told of %q (%v); want %q", rep.Copies, err, want)
	}
	for _, n := range names {
		os.Remove(filepath.Join(ea.Dir(), filepath.FromSlash(mrel), n))
	}
	if rep := syncOnce(t, ea); len(rep.Copies) != 0 {
		t.Errorf("deleted, the copies are still told of: %q", rep.Copies)
	}
}

// aliceActorSynced is aliceAndBilal with an actor span of alice's on d,
// written to the folder and read into bilal's store.
func aliceActorSynced(t *testing.T) (ea, eb *Engine, d *annotate.Document) {
	t.Helper()
	a, _, ea, eb, d := aliceAndBilal(t)
	addSpan(t, a, d, "alice", "actor", 25, 47)
	syncOnce(t, ea)
	syncOnce(t, eb)
	return ea, eb, d
}

// A conflicted copy of a file in the folder of the user's other machine
// (alice's laptop, seen from her desktop) is told of as one in her own
// machine's is, with what it copies, that a take reads only the file and
// never the copy, and that the copy can be deleted: it was never looked at,
// so never said, the copy lying in the folder with no word of what it is.
func TestOtherMachinesCopiesListed(t *testing.T) {
	_, laptop, _, el, ed, d := twoMachines(t)
	addSpan(t, laptop, d, "alice", "actor", 25, 47)
	syncOnce(t, el)
	mrel := "layers/alice/" + el.Machine()
	bucket := d.ID[:2]
	names := placeCopies(t, el.Dir(), mrel, bucket)
	tail := func(orig string) string {
		return ": skein reads only " + mrel + "/" + orig + " (where you take that machine's copy: skein sync -take " + el.Machine() +
			"), never the copy; only that machine's skein writes there, from its store, which holds its work; the copy can be deleted"
	}
	want := []string{
		mrel + "/" + names[0] + ": a conflicted copy of your " + bucket + ".jsonl as your machine " + el.Machine() + " writes it, made by Syncthing" + tail(bucket+".jsonl"),
		mrel + "/" + names[1] + ": a conflicted copy of your threads.jsonl as your machine " + el.Machine() + " writes it, made by Dropbox" + tail("threads.jsonl"),
	}
	slices.Sort(want)
	for _, when := range []string{"first", "again, the folder unchanged"} {
		rep := syncOnce(t, ed)
		if !slices.Equal(rep.Copies, want) || len(rep.Refused) != 0 {
			t.Errorf("the desktop's sync (%s): told of %q, refused %q; want %q", when, rep.Copies, rep.Refused, want)
		}
	}
	for _, n := range names {
		os.Remove(filepath.Join(el.Dir(), filepath.FromSlash(mrel), n))
	}
	if rep := syncOnce(t, ed); len(rep.Copies) != 0 {
		t.Errorf("deleted, the copies are still told of: %q", rep.Copies)
	}
}

// placeCopies puts in the machine's folder mrel of folder a Syncthing copy
// of its layer file of bucket and a Dropbox copy of its threads file, and
// says their names. An hour old, the folder's listing is kept until it
// changes.
func placeCopies(t *testing.T, folder, mrel, bucket string) []string {
	t.Helper()
	names := []string{bucket + ".sync-conflict-20261206-101112-ABCDEFG.jsonl", "threads (alice's conflicted copy 2026-12-06).jsonl"}
	dir := filepath.Join(folder, filepath.FromSlash(mrel))
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("{}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	past := time.Now().Add(-time.Hour)
	if err := os.Chtimes(dir, past, past); err != nil {
		t.Fatal(err)
	}
	return names
}
