package tmpfstest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// NewExt4 makes an ext4 file system of size bytes in an image file and
// mounts it (a loop device) on a new folder, unmounted when the test ends,
// and returns the folder: a disk as most desktops have, where a tmpfs is
// one in memory. It skips the test where mkfs.ext4 or a loop mount is not
// to be had (not root, no loop devices).
func NewExt4(t testing.TB, size int64) string {
	t.Helper()
	mkfs, err := exec.LookPath("mkfs.ext4")
	if err != nil {
		t.Skipf("no mkfs.ext4 to make an ext4 disk (%v): install e2fsprogs to test one", err)
	}
	img := filepath.Join(t.TempDir(), "ext4.img")
	if err := os.WriteFile(img, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(img, size); err != nil {
		t.Fatal(err)
	}
	// Blocks of 4 KB, as a desktop's disk has (mkfs.ext4 makes a small
	// one's of 1 KB); -m 0: no blocks kept for root, so that Fill, run as
	// root, leaves what statfs counts as free.
	if out, err := exec.Command(mkfs, "-q", "-F", "-b", "4096", "-m", "0", img).CombinedOutput(); err != nil {
		t.Fatalf("mkfs.ext4 %s: %v\n%s", img, err, out)
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-o", "loop", img, dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount an ext4 image at %s (%v: %s): run as root, with loop devices, to test one", dir, err, strings.TrimSpace(string(out)))
	}
	// Lazily: a file a test left open (a store's) does not keep it; the
	// loop device goes with the last of them.
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
	return dir
}
