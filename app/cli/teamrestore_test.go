package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A store restored from an older backup, synced: it wrote its older layer
// file over the folder's newer one of the same machine, and chen, joining
// the team after, never had alice's later span (bilal, who had it, kept it:
// an older layer never replaces a newer one). Now the folder's newer file
// is kept and the sync says so, what a take would replace (the folder's 2
// spans on the article for the store's 1), and what to choose; chen joining gets the
// later span; skein sync -take of this machine reads it into the restored
// store, whose next sync writes the file again with it. The other choice,
// the folder's file deleted, has the next sync write the store's.
func TestRestoredStoreKeepsTheFoldersNewerWork(t *testing.T) {
	folder, alice, bilal := aliceImportsKakar(t)
	if code, out, stderr := run(t, alice, "-user", "alice", "team", folder); code != 0 {
		t.Fatalf("skein team = %d\n%s%s", code, out, stderr)
	}
	bak := filepath.Join(t.TempDir(), "alice.skein-backup")
	if code, out, stderr := run(t, alice, "backup", "-o", bak); code != 0 {
		t.Fatalf("skein backup = %d\n%s%s", code, out, stderr)
	}
	importLaterSpan(t, alice)
	if code, out, stderr := run(t, alice, "-user", "alice", "sync"); code != 0 {
		t.Fatalf("alice's sync = %d\n%s%s", code, out, stderr)
	}
	has := func(dir, who, when string, want bool) {
		t.Helper()
		_, out, _ := run(t, dir, "export", "-annotator", "alice")
		if got := strings.Contains(out, "s-alice-2"); got != want {
			t.Errorf("%s: alice's later span in %s's store: %v, want %v", when, who, got, want)
		}
	}
	run(t, bilal, "-user", "bilal", "team", folder)
	has(bilal, "bilal", "before the restore", true)

	restored := filepath.Join(t.TempDir(), "restored")
	if code, out, stderr := run(t, restored, "restore", bak); code != 0 {
		t.Fatalf("skein restore = %d\n%s%s", code, out, stderr)
	}
	layers := aliceLayerFiles(t, folder)
	machine := filepath.Base(filepath.Dir(layers[0]))
	rel := "layers/alice/" + machine
	code, out, stderr := run(t, restored, "-user", "alice", "sync")
	want := "note: this machine's folder " + rel + " holds your work newer than this store on 1 article (2 spans there, in place of this store's 1): this store was restored from an older backup, or another store writes as this machine. " +
		"Both are kept: the folder's files that hold it are not written over. To read that work into this store where it is newer: skein sync -take " + machine +
		" (the next sync then writes the rest); to write this store's work over it instead, delete " + rel + "/" + filepath.Base(layers[0]) + " from the folder\n"
	if code != 0 || !strings.Contains(stderr, want) || !strings.Contains(out, "this machine's folder holds your work newer than this store, kept (see the note)") {
		t.Errorf("the restored store's sync = %d, want 0 and %q:\n%s%s", code, want, out, stderr)
	}
	if b, _ := os.ReadFile(layers[0]); !strings.Contains(string(b), "s-alice-2") {
		t.Errorf("the restored store's sync wrote its older layer over the folder's newer:\n%s", b)
	}
	chen := t.TempDir()
	run(t, chen, "-user", "chen", "team", folder)
	has(chen, "chen", "joining after the restored store's sync", true)
	has(bilal, "bilal", "after the restored store's sync", true)

	// The other choice, on a second store restored: the file deleted, its
	// next sync writes the store's.
	second := filepath.Join(t.TempDir(), "second")
	run(t, second, "restore", bak)
	aside, _ := os.ReadFile(layers[0])
	os.Remove(layers[0])
	if code, out, stderr := run(t, second, "-user", "alice", "sync"); code != 0 || strings.Contains(stderr, "note:") || !strings.Contains(out, "wrote 1 file") {
		t.Errorf("the second restored store's sync, the file deleted = %d, want its file written and no note:\n%s%s", code, out, stderr)
	}
	os.WriteFile(layers[0], aside, 0o644) // as alice's store wrote it

	code, out, stderr = run(t, restored, "-user", "alice", "sync", "-take", machine)
	if code != 0 || strings.Contains(stderr, "note:") || !strings.Contains(out, "read in from machine "+machine+" where newer: your layer on 1 article") {
		t.Errorf("skein sync -take %s on the restored store = %d:\n%s%s", machine, code, out, stderr)
	}
	has(restored, "the restored", "after the take", true)
	if b, _ := os.ReadFile(layers[0]); !strings.Contains(string(b), "s-alice-2") {
		t.Errorf("after the take, the folder's file lacks the later span:\n%s", b)
	}
	if code, out, stderr := run(t, restored, "-user", "alice", "sync"); code != 0 || strings.Contains(stderr, "note:") {
		t.Errorf("the restored store's sync after the take = %d, want no note:\n%s%s", code, out, stderr)
	}
}

// A colleague, who can write anywhere in the team folder, puts into
// alice's machine's folder her own layer file with an "at" of the year 2100
// on its line (a layer line has no such time): that file was weighed as
// newer than every later edit, kept, and alice's later span never reached
// the folder nor chen, who joined after. Now the forged time weighs nothing:
// alice's sync writes her work over the file.
func TestForgedTimeHoldsNoOwnWorkBack(t *testing.T) {
	folder, alice, _ := aliceImportsKakar(t)
	if code, out, stderr := run(t, alice, "-user", "alice", "team", folder); code != 0 {
		t.Fatalf("skein team = %d\n%s%s", code, out, stderr)
	}
	layers := aliceLayerFiles(t, folder)
	b, _ := os.ReadFile(layers[0])
	forged := strings.Replace(string(b), `{"id":`, `{"at":4102444800000,"id":`, 1)
	if forged == string(b) {
		t.Fatalf("no line to forge in:\n%s", b)
	}
	if err := os.WriteFile(layers[0], []byte(forged), 0o644); err != nil {
		t.Fatal(err)
	}
	importLaterSpan(t, alice)
	code, out, stderr := run(t, alice, "-user", "alice", "sync")
	if code != 0 || strings.Contains(stderr, "holds your work newer") {
		t.Errorf("alice's sync = %d, want 0 and no word of newer work in her folder:\n%s%s", code, out, stderr)
	}
	if b, _ := os.ReadFile(layers[0]); !strings.Contains(string(b), "s-alice-2") {
		t.Errorf("alice's later span did not reach the folder:\n%s", b)
	}
	chen := t.TempDir()
	run(t, chen, "-user", "chen", "team", folder)
	if _, exp, _ := run(t, chen, "export", "-annotator", "alice"); !strings.Contains(exp, "s-alice-2") {
		t.Errorf("chen, joining after, lacks alice's later span s-alice-2")
	}
}

// importLaterSpan imports into alice's store, as her own, a later layer of
// Kakar's article with a second span, s-alice-2.
func importLaterSpan(t *testing.T, alice string) {
	t.Helper()
	later := strings.Replace(kakarLine, `"8c7d8e3a1a26a1a6"`, `""`, 1)
	later = strings.Replace(later, `}],"layers"`, `},{"id":"s-alice-2","start":49,"end":52,"text":"60%","label":"figure","annotator":"alice"}],"layers"`, 1)
	later = strings.Replace(later, "2026-12-01T10", "2026-12-02T10", 1)
	file := filepath.Join(t.TempDir(), "later.jsonl")
	os.WriteFile(file, []byte(later+"\n"), 0o644)
	if code, out, stderr := run(t, alice, "-user", "alice", "import", "-own", file); code != 0 {
		t.Fatalf("import of the later span = %d\n%s%s", code, out, stderr)
	}
}

// aliceLayerFiles are alice's layer files in the team folder: one.
func aliceLayerFiles(t *testing.T, folder string) []string {
	t.Helper()
	layers, _ := filepath.Glob(filepath.Join(folder, "layers", "alice", "*", "[0-9a-f][0-9a-f].jsonl"))
	if len(layers) != 1 {
		t.Fatalf("alice's layer files: %v, want one", layers)
	}
	return layers
}
