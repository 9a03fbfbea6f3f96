package store

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate/tmpfstest"
)

// A disk without room for the set-aside file (here a tmpfs of 16 KB
// mounted as the set-aside folder) leaves the write in the store, and
// no file cut short: the failure was dropped by Open, which said again
// to run the command that had just failed, and the file's first blocks
// were left behind, a record of no write.
func TestSetAsideOnAFullDisk(t *testing.T) {
	d := newDoc("whole", "2024-05-01", "Kakar said 60% of attacks came from Afghanistan.")
	dir := damagedStore(t, d, func(t *testing.T, s *Store) {
		b, _ := wholeBatch(d, 5)
		sp := newSpan(newDoc("gone", "2024-05-03", "Not stored."), "ana", "claim", 0, 2)
		sp.Note = strings.Repeat("a long note ", 8000)
		b.Spans = append(b.Spans, sp)
		setKeys(t, s, journalOf(t, b)...)
	})
	folder := filepath.Join(dir, setAsideDir)
	if err := os.Mkdir(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	tmpfstest.At(t, folder, 16<<10)
	_, err := openNoPanic(t, dir, Options{SetAside: func(SetAside) {}})
	if err == nil || !strings.Contains(err.Error(), "setting it aside failed") || !strings.Contains(err.Error(), "no space left on device") || !strings.Contains(err.Error(), "nothing was set aside") {
		t.Fatalf("open setting the write aside on a full disk = %v; want it refused, saying the disk has no room", err)
	}
	if entries, _ := os.ReadDir(folder); len(entries) != 0 {
		t.Errorf("the set-aside folder holds %d files after the failure, want none", len(entries))
	}
	if _, err := openNoPanic(t, dir, Options{}); !errorsIsUnfinished(err) {
		t.Errorf("the next open = %v; want the write still in the store, unfinished", err)
	}
}
