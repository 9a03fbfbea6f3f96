//go:build linux

package store

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate/tmpfstest"
)

// TestKeyOnALargeStoresFullDisk: skein kept 48 MB free, but on a store of
// tens of MB of keys the compaction that a key's memtable flush sets off
// (level 0's eight tables and the base level written again, ~63 MB here)
// writes more than that: keys accepted with 60 MB free were followed by a
// SIGBUS in Badger's compactor. The first key is now refused, saying what
// the store keeps for its own upkeep, and the store reopens whole.
func TestKeyOnALargeStoresFullDisk(t *testing.T) {
	keyOnALargeStoresFullDisk(t, tmpfstest.New(t, 192<<20))
}

// TestKeyOnALargeStoresFullExt4 is TestKeyOnALargeStoresFullDisk on an
// ext4 disk, as most desktops have.
func TestKeyOnALargeStoresFullExt4(t *testing.T) {
	keyOnALargeStoresFullDisk(t, tmpfstest.NewExt4(t, 192<<20))
}

func keyOnALargeStoresFullDisk(t *testing.T, disk string) {
	t.Helper()
	dir := filepath.Join(disk, "store")
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// About 31 MB of records in the tree, all in the base level (level 6)
	// once closed: Close compacts level 0 into it.
	for i := range 40 {
		if _, err := s.WriteBatch(ctx, upkeepBatch(i, 1000)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	out := fullHelper(t, disk, "upkeep-full", 0)
	want := `refused: apply "add claim": disk full: 60 MB free, the change needs about `
	if !strings.HasPrefix(out, want) || !strings.Contains(firstLines(out, 1), "free: under 1 MB for what it writes and ") ||
		!strings.Contains(firstLines(out, 1), " for the tables the store writes and merges on its own after it, on the disk of store "+dir) {
		t.Fatalf("a key with 60 MB free: the store said\n%s\nwant %q…", firstLines(out, 12), want)
	}
	var keys, articles int
	if _, err := fmt.Sscanf(strings.SplitN(out, "\n", 2)[1], "keys %d\narticles %d", &keys, &articles); err != nil {
		t.Fatalf("the helper said\n%s\n(%v)", firstLines(out, 12), err)
	}
	if keys != 0 {
		t.Errorf("%d keys stored before the refusal, want none", keys)
	}

	os.Remove(filepath.Join(disk, tmpfstest.Filler))
	s, err = Open(dir, Options{})
	if err != nil {
		t.Fatalf("open with room: %v", err)
	}
	defer s.Close()
	if n, err := s.DocumentCount(); n != 40*1000+articles || err != nil {
		t.Errorf("articles after the refusal: %d, %v; want %d", n, err, 40*1000+articles)
	}
	if err := checkKeys(s); err != nil {
		t.Error(err)
	}
}
