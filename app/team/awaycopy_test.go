package team

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
)

// inotifyWatches counts the watches this process holds in the kernel.
func inotifyWatches(t *testing.T) int {
	t.Helper()
	fds, _ := filepath.Glob("/proc/self/fdinfo/*")
	n := 0
	for _, f := range fds {
		b, _ := os.ReadFile(f)
		n += strings.Count(string(b), "inotify wd:")
	}
	return n
}

// usbTeam is a team folder on a disk (media/usb/team), alice's store
// connected to it with Kakar's article shared, and bilal's engine on it.
func usbTeam(t *testing.T) (usb, folder string, a, b *store.Store, d *annotate.Document, eb *Engine) {
	t.Helper()
	usb = filepath.Join(t.TempDir(), "media", "usb")
	folder = filepath.Join(usb, "team")
	if err := os.MkdirAll(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	a, b = openStore(t, t.TempDir()), openStore(t, t.TempDir())
	if _, err := Connect(a, folder, "alice"); err != nil {
		t.Fatal(err)
	}
	d = addDoc(t, a, kakar, "Pakistan Blames Afghanistan")
	syncOnce(t, open(t, a, folder, "alice"))
	eb = open(t, b, folder, "bilal")
	syncOnce(t, eb)
	return usb, folder, a, b, d, eb
}

// A team folder moved aside and a copy of it put back before the read its
// going set off (the old one deleted: heard, read 200 ms later, found
// there) was never watched again: the watches had gone with the old
// folders, no read had failed, so none was added, and bilal's work came
// only at the rescans (10 s; an hour here). Now a read watches the folder
// again where it is not the one watched, and drops the old one's watches:
// a copy put back while the old one is kept aside left the kernel holding
// a set of watches on it each time.
func TestCopyPutBackIsWatched(t *testing.T) {
	if _, err := os.Stat("/proc/self/fdinfo"); err != nil {
		t.Skip("no /proc to count watches in")
	}
	usb, folder, a, b, d, eb := usbTeam(t)
	ea, err := OpenLater(a, folder, "alice")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	passes := 0
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		ea.Run(ctx, RunOptions{slow: time.Hour}, func(*Report, error) {
			mu.Lock()
			passes++
			mu.Unlock()
		})
	}()
	t.Cleanup(func() { cancel(); <-done })
	count := func() int { mu.Lock(); defer mu.Unlock(); return passes }
	waitFor(t, 10*time.Second, func() bool { return count() > 0 }, func() { t.Fatal("no first pass") })
	watches := inotifyWatches(t)
	copyBack := func(keep bool) {
		t.Helper()
		aside := filepath.Join(t.TempDir(), "usb")
		cp := filepath.Join(t.TempDir(), "usb")
		if err := os.Rename(usb, aside); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command("cp", "-a", aside, cp).CombinedOutput(); err != nil {
			t.Fatalf("copying the folder: %v %s", err, out)
		}
		if keep {
			// Something changes in the folder kept aside: heard, as its
			// watches are the team folder's, and read.
			os.WriteFile(filepath.Join(aside, "team", "layers", "x.tmp"), nil, 0o644)
		} else {
			os.RemoveAll(aside)
		}
		if err := os.Rename(cp, usb); err != nil {
			t.Fatal(err)
		}
	}
	for i, keep := range []bool{false, true, true} {
		copyBack(keep)
		time.Sleep(time.Second) // the read after the event, found back
		bs := addSpan(t, b, d, "bilal", "figure", 60+i, 63+i)
		syncOnce(t, eb)
		waitFor(t, 5*time.Second, func() bool { _, err := a.Span(bs.ID); return err == nil }, func() {
			t.Fatalf("copy %d put back: bilal's span written in it did not arrive in 5 s (rescan an hour away): the folder is not watched", i+1)
		})
		if n := inotifyWatches(t); n != watches {
			t.Errorf("copy %d put back: %d watches in the kernel, want %d as before (one per folder of the team folder)", i+1, n, watches)
		}
	}
}
