package team

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// A team folder that comes back is read at once: the nearest folder above
// it that is there is watched while it is away, so its coming back (moved
// back, or a copy of it put in its place, here with the folder above it)
// is heard. It was found only at the next rescan (10 s; an hour here, so
// that only an event finds it).
func TestFolderComingBackIsHeard(t *testing.T) {
	for _, tc := range []struct {
		name    string
		atStart bool // away when the engine starts (OpenLater), not while it runs
		copied  bool // a copy put back (new folders), not the folder moved back
	}{
		{"away at start, moved back", true, false},
		{"away while running, a copy put back", false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			usb, folder, a, b, d, eb := usbTeam(t)
			aside := filepath.Join(t.TempDir(), "usb")
			goAway := func() {
				if err := os.Rename(usb, aside); err != nil {
					t.Fatal(err)
				}
			}
			if tc.atStart {
				goAway()
			}
			ea, err := OpenLater(a, folder, "alice")
			if err != nil {
				t.Fatal(err)
			}
			var mu sync.Mutex
			var errs []error
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan struct{})
			go func() {
				defer close(done)
				ea.Run(ctx, RunOptions{slow: time.Hour}, func(rep *Report, err error) {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				})
			}()
			t.Cleanup(func() { cancel(); <-done })
			last := func() (int, error) {
				mu.Lock()
				defer mu.Unlock()
				if len(errs) == 0 {
					return 0, nil
				}
				return len(errs), errs[len(errs)-1]
			}
			waitFor(t, 10*time.Second, func() bool { n, _ := last(); return n > 0 }, func() { t.Fatal("no first pass") })
			if !tc.atStart {
				goAway()
			}
			// A span labelled while it is away: its write finds it gone.
			sp := addSpan(t, a, d, "alice", "claim", 48, 56)
			ea.Changed(d.ID)
			waitFor(t, 10*time.Second, func() bool { _, err := last(); return err != nil }, func() { t.Fatal("the folder's going was not said") })
			time.Sleep(time.Second) // the write tried (after 0.4 s), the folder still away
			if tc.copied {
				cp := filepath.Join(t.TempDir(), "usb")
				if out, err := exec.Command("cp", "-a", aside, cp).CombinedOutput(); err != nil {
					t.Fatalf("copying the folder: %v %s", err, out)
				}
				aside = cp
			}
			if err := os.Rename(aside, usb); err != nil {
				t.Fatal(err)
			}
			waitFor(t, 5*time.Second, func() bool { _, err := last(); return err == nil }, func() {
				_, err := last()
				t.Fatalf("the folder back for 5 s, its rescan an hour away: the last pass still says %v; want it found at once", err)
			})
			waitFor(t, 5*time.Second, func() bool {
				syncOnce(t, eb)
				_, err := b.Span(sp.ID)
				return err == nil
			}, func() {
				t.Fatal("alice's span labelled while the folder was away did not reach bilal once it was back")
			})
			// The folder is watched again: bilal's work is heard.
			bs := addSpan(t, b, d, "bilal", "figure", 60, 63)
			syncOnce(t, eb)
			waitFor(t, 5*time.Second, func() bool { _, err := a.Span(bs.ID); return err == nil }, func() {
				t.Fatal("bilal's span written once the folder was back did not arrive: the folder is not watched again")
			})
		})
	}
}
