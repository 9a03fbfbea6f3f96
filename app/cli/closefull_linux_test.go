//go:build linux

package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/skein-news/skein/annotate/tmpfstest"
)

// TestImportThenDiskFull: skein import into a store on a disk that
// another program filled once the import's last write was done said
// "imported …", then died of SIGBUS with a Go stack as the store closed
// (Badger writing its memtable into a table through a memory map). It now
// says the disk is full, that everything is kept, and what to do, and
// exits 1; skein check and list read the store on the full disk, and
// with room it is whole.
func TestImportThenDiskFull(t *testing.T) {
	if beforeClose = holdAt(); beforeClose != nil { // the child, held before the store closes
		args := strings.Split(os.Getenv("SKEIN_TEST_HOLD"), "\n")
		code, out, stderr := run(t, args[0], args[1:]...)
		fmt.Printf("exit %d\n%s%s", code, out, stderr)
		return
	}
	disk := tmpfstest.New(t, 96<<20)
	store := filepath.Join(disk, "store")
	var b strings.Builder
	for i := range 2000 {
		text := fmt.Sprintf("Minister %04d said the budget was late. ", i) + strings.Repeat("The budget office said nothing more. ", 20)
		fmt.Fprintf(&b, `{"text":%q,"source":"wire/%04d.txt","spans":[{"id":"%016x","start":0,"end":13,"text":%q,"label":"actor","annotator":"al"}]}`+"\n", text, i, i+1, text[:13])
	}
	in := filepath.Join(t.TempDir(), "wire.jsonl")
	if err := os.WriteFile(in, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	ready, gate := filepath.Join(t.TempDir(), "ready"), filepath.Join(t.TempDir(), "gate")
	cmd := holdChild("TestImportThenDiskFull", store, ready, gate, []string{"-user", "al", "import", in})
	done, out := startHeld(t, cmd, ready)
	tmpfstest.Fill(t, disk, 0) // another program fills the disk
	os.WriteFile(gate, nil, 0o644)
	if err := <-done; err != nil || cmd.ProcessState.Sys().(syscall.WaitStatus).Signaled() {
		t.Fatalf("skein import, the disk filled after its last write: %v\n%s", err, out.String())
	}
	got := out.String()
	want := "skein import: the disk of store " + store + " is full (0 MB free; closing the store writes about "
	if !strings.Contains(got, "imported 2000 new documents") || !strings.Contains(got, want) ||
		!strings.Contains(got, "everything said to be stored is kept") || !strings.HasPrefix(got, "exit 1\n") || strings.Contains(got, "goroutine") {
		t.Fatalf("skein import, the disk filled after its last write, said\n%s\nwant exit 1, imported 2000 new documents and %q…", got, want)
	}
	for _, args := range [][]string{{"check"}, {"list"}} {
		code, out, stderr := run(t, store, args...)
		if code != 0 || args[0] == "list" && strings.Count(out, "actor 1 ") != 2000 {
			t.Errorf("skein %s on the full disk = %d:\n%.400s\n%s", args[0], code, out, stderr)
		}
	}
	os.Remove(filepath.Join(disk, tmpfstest.Filler))
	if code, out, stderr := run(t, store, "check"); code != 0 {
		t.Errorf("skein check with room = %d:\n%s%s", code, out, stderr)
	}
	if code, out, stderr := run(t, store, "-user", "al", "import", in); code != 0 || !strings.Contains(out, "2000 already present") {
		t.Errorf("the import again with room = %d:\n%s%s", code, out, stderr)
	}
}
