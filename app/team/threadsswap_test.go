package team

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// A copier puts a newer version of alice's threads.jsonl in place just as
// bilal's import of the older one returns: the older held a thread she
// made then deleted (her deletion file names it), the newer no longer.
// The import stored the thread; what the engine records of the file must be
// what the import read, or the thread is never looked for again and stays
// in bilal's store for ever. It recorded the newer version's IDs, read a
// second time: the thread stayed. Now it leaves at the next sync.
func TestThreadsFileSwappedAsItIsImported(t *testing.T) {
	a, b, ea, eb, sp, _, _ := twoThreadsOnBoth(t)
	p := filepath.Join(ea.ownDir(), "threads.jsonl")
	x := aliceThread(t, a, "made, then deleted", sp)
	syncOnce(t, ea)
	older, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	deleteThread(t, a, x)
	syncOnce(t, ea)
	newer, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	// bilal's folder still has the older version; the newer arrives as
	// his import of it returns.
	if err := os.WriteFile(p, older, 0o644); err != nil {
		t.Fatal(err)
	}
	var unset func()
	unset = OnImported(func() {
		unset()
		os.WriteFile(p, newer, 0o644)
		later := time.Now().Add(time.Second)
		os.Chtimes(p, later, later)
	})
	t.Cleanup(func() { unset() })
	syncOnce(t, eb)
	wantThread(t, b, x, true, "after the older threads file was read")
	syncOnce(t, eb)
	wantThread(t, b, x, false, "after the newer threads file, lacking it, was read (her deletion file names it)")
	syncOnce(t, eb)
	wantThread(t, b, x, false, "at the sync after")
}
