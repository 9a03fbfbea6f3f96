package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBratLabelSaidOnceNew: a brat folder imported again said "brat type
// Person becomes user label Person" each time, though the store held
// Person from the first import: the note is said where it tells something
// new, a label new to the store, or one the files name otherwise (-map
// Person=Person_2), every time, as that name changes.
func TestBratLabelSaidOnceNew(t *testing.T) {
	store, b := bratFolder(t)
	writeFile(t, b, "a.ann", "T1\tPerson 0 5\tKakar\nT2\tOrg 11 18\tMujahid\n")
	imp := func(args ...string) string {
		t.Helper()
		code, _, stderr := run(t, store, append(append([]string{"-user", "dee", "import"}, args...), b)...)
		if code != 0 {
			t.Fatalf("skein import %q = %d %q", args, code, stderr)
		}
		return stderr
	}
	person, org := "note: brat type Person becomes user label Person\n", "note: brat type Org becomes user label Org\n"
	if got := imp(); !strings.Contains(got, person) || !strings.Contains(got, org) {
		t.Errorf("the first import said %q; want %q and %q", got, person, org)
	}
	if got := imp(); strings.Contains(got, "becomes user label") {
		t.Errorf("the folder imported again said %q; want no note of the labels the store holds", got)
	}
	// A type new to the store is said, the ones it holds are not.
	writeFile(t, b, "c.txt", "Aziz in Kabul.\n")
	writeFile(t, b, "c.ann", "T1\tPerson 0 4\tAziz\nT2\tPlace 8 13\tKabul\n")
	if got, place := imp(), "note: brat type Place becomes user label Place\n"; !strings.Contains(got, place) || strings.Contains(got, person) {
		t.Errorf("a folder with a new type said %q; want %q and not %q", got, place, person)
	}
	// Where -map names it otherwise, the note is said each time: the
	// second time the store holds Person_2 already.
	renamed := "note: brat type Person becomes user label Person_2\n"
	for i := range 2 {
		if got := imp("-map", "Person=Person_2"); !strings.Contains(got, renamed) || strings.Contains(got, org) {
			t.Errorf("import %d with -map Person=Person_2 said %q; want %q and not %q", i+1, got, renamed, org)
		}
	}
}

// bratFolder makes a store's path and a brat folder b holding a.txt,
// "Kakar said Mujahid lied.", for a test to write a.ann beside.
func bratFolder(t *testing.T) (store, b string) {
	t.Helper()
	dir := t.TempDir()
	b = filepath.Join(dir, "b")
	if err := os.Mkdir(b, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, b, "a.txt", "Kakar said Mujahid lied.\n")
	return filepath.Join(dir, "s"), b
}
