package tmpfstest

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// Fill leaves the room asked for, then none; removing its file makes the
// room again.
func TestFill(t *testing.T) {
	disk := New(t, 1<<20)
	if !Is(disk) {
		t.Fatalf("%s, a tmpfs mounted, is not one by statfs", disk)
	}
	Fill(t, disk, 256<<10)
	if free, _ := freeSpace(disk); free > 256<<10 || free < 128<<10 {
		t.Errorf("filled leaving 256 KB: %d bytes free", free)
	}
	filler := Fill(t, disk, 0)
	if free, _ := freeSpace(disk); free != 0 {
		t.Errorf("filled full: %d bytes free", free)
	}
	if err := os.WriteFile(filepath.Join(disk, "one"), make([]byte, 4096), 0o644); !errors.Is(err, syscall.ENOSPC) {
		t.Errorf("a write on the full disk: %v, want no space left", err)
	}
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	if free, _ := freeSpace(disk); free < 1<<20-64<<10 {
		t.Errorf("the filler removed: %d bytes free", free)
	}
}

// NewExt4 gives an ext4 disk, not a tmpfs, which Fill fills to the last
// byte.
func TestNewExt4(t *testing.T) {
	disk := NewExt4(t, 16<<20)
	var st syscall.Statfs_t
	if err := syscall.Statfs(disk, &st); err != nil || st.Type != 0xEF53 || Is(disk) {
		t.Fatalf("%s: statfs type %#x, %v; want ext4's 0xef53", disk, st.Type, err)
	}
	Fill(t, disk, 0)
	if free, _ := freeSpace(disk); free != 0 {
		t.Errorf("filled full: %d bytes free", free)
	}
	if err := os.WriteFile(filepath.Join(disk, "one"), make([]byte, 4096), 0o644); !errors.Is(err, syscall.ENOSPC) {
		t.Errorf("a write on the full disk: %v, want no space left", err)
	}
}
