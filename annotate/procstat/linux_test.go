//go:build linux

package procstat

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/skein-news/skein/annotate/tmpfstest"
)

// On Linux, a file written and synced counts in DiskWritten, and the
// process has memory resident.
func TestDiskWrittenAndMemory(t *testing.T) {
	before, ok := DiskWritten()
	if !ok {
		t.Skip("/proc/self/io cannot be read here")
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "x"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(make([]byte, 1<<20)); err != nil {
		t.Fatal(err)
	}
	if err := f.Sync(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if after, _ := DiskWritten(); after < before+1<<20 && !tmpfstest.Is(t.TempDir()) {
		t.Errorf("1 MB written and synced: DiskWritten went from %d to %d", before, after)
	}
	if MaxRSS() == 0 || AnonRSS() == 0 {
		t.Errorf("MaxRSS %d, AnonRSS %d: want both above 0", MaxRSS(), AnonRSS())
	}
}
