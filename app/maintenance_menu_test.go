package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/app/maintenance"
	"github.com/skein-news/skein/store"
)

// TestMaintenanceMenus: on a real store the window offers File ▸ Back up…
// and Restore… and Help ▸ Check store…; without one (Maintenance nil) it
// offers none of them.
func TestMaintenanceMenus(t *testing.T) {
	real, err := store.Open(filepath.Join(t.TempDir(), "s"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer real.Close()
	w := openWindow(t, test.NewTempApp(t), newFakeStore(testDocs()...), Options{Maintenance: real, Restore: store.Restore})
	for _, it := range [][2]string{{"File", "Back up…"}, {"File", "Restore…"}, {"Help", "Check store…"}} {
		menuItem(t, w, it[0], it[1])
	}
	// Restore… says what it asks for: Fyne's own title said "Choose File".
	menuItem(t, w, "File", "Restore…").Action()
	if got := dialogText(t, w); !strings.Contains(got, "Restore: choose a backup file (a folder to restore it into comes next)") {
		t.Errorf("File ▸ Restore… opens a dialog saying %q, want what to choose", got)
	}
	w.win.Canvas().Overlays().Remove(topDialog(t, w))
	w = openWindow(t, test.NewTempApp(t), newFakeStore(testDocs()...), Options{})
	for _, m := range w.win.MainMenu().Items {
		for _, it := range m.Items {
			if it.Label == "Back up…" || it.Label == "Check store…" {
				t.Errorf("%s ▸ %s offered without a store to back up", m.Label, it.Label)
			}
		}
	}
}

// File ▸ Back up… with a typed absolute path writes the backup there, not
// under the folder the dialog shows (issue 12.7).
func TestBackUpToATypedPath(t *testing.T) {
	w := maintenanceWindow(t, nil)
	menuItem(t, w, "File", "Back up…").Action()
	target := filepath.Join(t.TempDir(), "monday.skein-backup")
	name := objectsIn[*frame.Entry](topDialog(t, w))[0]
	w.win.Canvas().Focus(name)
	name.TypedShortcut(&fyne.ShortcutSelectAll{})
	test.Type(name, target)
	tapButton(t, w, "Back up")
	// The backup is written beside the target and renamed: once there, it
	// is whole.
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if _, err := os.Stat(target); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no backup at the typed path %s after 30 s", target)
		}
	}
	// The backup is the window's background work: its report comes back
	// through the window, before the test (or a window) may close the store.
	settle(w)
	if got := dialogText(t, w); !strings.Contains(got, "Backed up the store to "+target) {
		t.Errorf("after the backup the window says %q, want it to say where the backup went", got)
	}
	// A small store's backup gives its size in bytes or KB: "(0.0 MB)"
	// read as an empty backup.
	fi, err := os.Stat(target)
	if err != nil || fi.Size() >= 1e6 {
		t.Fatalf("the backup: %v, %v", fi, err)
	}
	want := fmt.Sprintf("(%.1f KB)", float64(fi.Size())/1e3)
	if fi.Size() < 1000 {
		want = fmt.Sprintf("(%d bytes)", fi.Size())
	}
	if got := dialogText(t, w); !strings.Contains(got, want) {
		t.Errorf("after the backup the window says %q, want the backup's size %s", got, want)
	}
	if rep, err := store.Restore(context.Background(), filepath.Join(t.TempDir(), "r"), target); err != nil || !rep.Sound() {
		t.Errorf("the backup at the typed path does not restore: %v, %v", rep, err)
	}
}

// Help ▸ Check store… is the window's background work: its report comes
// back through the window, which a test sees once the window's work is done.
func TestCheckStoreReports(t *testing.T) {
	w := maintenanceWindow(t, nil)
	menuItem(t, w, "Help", "Check store…").Action()
	settle(w)
	if got := dialogText(t, w); !strings.Contains(got, "Store is sound") {
		t.Errorf("after the check the window says %q, want the check's report", got)
	}
}

// heldCheck is a store whose check waits until its context ends, and
// records whether it had returned before the store was closed.
type heldCheck struct {
	*store.Store
	started  chan struct{}
	returned atomic.Bool
}

func (h *heldCheck) Check(ctx context.Context, progress func(done, total int)) (*store.CheckReport, error) {
	defer h.returned.Store(true)
	progress(0, 2)
	close(h.started)
	<-ctx.Done()
	return nil, ctx.Err()
}

// startHeldCheck opens a window whose Help ▸ Check store… is under way
// until stopped.
func startHeldCheck(t *testing.T) (*Window, *heldCheck) {
	t.Helper()
	held := &heldCheck{started: make(chan struct{})}
	w := maintenanceWindow(t, func(real *store.Store) maintenance.Store { held.Store = real; return held })
	menuItem(t, w, "Help", "Check store…").Action()
	select {
	case <-held.started:
	case <-time.After(10 * time.Second):
		t.Fatal("the check did not start")
	}
	drainUI()
	return w, held
}

// Closing the window while Help ▸ Check store… runs stops the check and
// waits for it before the store may close: a check left reading would have
// had the store closed under it.
func TestCheckStoreStopsWithTheWindow(t *testing.T) {
	w, held := startHeldCheck(t)
	stopped := make(chan struct{})
	go func() { w.shutdown(); close(stopped) }()
	select {
	case <-stopped:
	case <-time.After(10 * time.Second):
		t.Fatal("the window did not close in 10 s: it waits for a check that is not stopped")
	}
	if !held.returned.Load() {
		t.Error("the window closed (and its store may close) while the check still ran")
	}
	drainUI() // what the check handed back after the window closed draws nothing
}

// maintenanceWindow opens a window whose File and Help menus back up and
// check a real store of their own (through wrap, when not nil); the store
// closes when the test ends, after the window.
func maintenanceWindow(t *testing.T, wrap func(*store.Store) maintenance.Store) *Window {
	t.Helper()
	real, err := store.Open(filepath.Join(t.TempDir(), "s"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { real.Close() })
	var m maintenance.Store = real
	if wrap != nil {
		m = wrap(real)
	}
	return openWindow(t, test.NewTempApp(t), newFakeStore(testDocs()...), Options{Maintenance: m, Restore: store.Restore})
}

// File ▸ Restore…'s restore is the window's background work: closing the
// window while it runs waits for it (a restore cut short by the program's
// exit left its half-loaded folder beside the one asked for), and its
// report comes back through the window.
func TestRestoreFinishesBeforeTheWindowCloses(t *testing.T) {
	w := maintenanceWindow(t, nil)
	backup := filepath.Join(t.TempDir(), "monday.skein-backup")
	if _, err := w.opt.Maintenance.(*store.Store).BackupFile(context.Background(), backup); err != nil {
		t.Fatal(err)
	}
	started, release := make(chan struct{}), make(chan struct{})
	var returned atomic.Bool
	held := func(ctx context.Context, dir, path string) (*store.CheckReport, error) {
		defer returned.Store(true)
		close(started)
		<-release
		return store.Restore(ctx, dir, path)
	}
	into := filepath.Join(t.TempDir(), "restored")
	maintenance.RestoreInto(host{w}, held, into, backup)
	<-started
	stopped := make(chan struct{})
	go func() { w.shutdown(); close(stopped) }()
	select {
	case <-stopped:
		t.Fatal("the window closed while the restore it started still ran")
	case <-time.After(time.Second):
	}
	close(release)
	select {
	case <-stopped:
	case <-time.After(30 * time.Second):
		t.Fatal("the window did not close in 30 s after the restore was let go")
	}
	if !returned.Load() {
		t.Error("the window closed before the restore returned")
	}
	if _, err := os.Stat(filepath.Join(into, "MANIFEST")); err != nil {
		t.Errorf("the restore asked for is not in place after the window closed: %v", err)
	}
	drainUI() // the report handed back after the window closed draws nothing
}

// Restore's report is drawn by the window, once its work is done.
func TestRestoreReports(t *testing.T) {
	w := maintenanceWindow(t, nil)
	backup := filepath.Join(t.TempDir(), "monday.skein-backup")
	if _, err := w.opt.Maintenance.(*store.Store).BackupFile(context.Background(), backup); err != nil {
		t.Fatal(err)
	}
	into := filepath.Join(t.TempDir(), "restored")
	maintenance.RestoreInto(host{w}, store.Restore, into, backup)
	settle(w)
	if got := dialogText(t, w); !strings.Contains(got, "Restored monday.skein-backup into "+into) {
		t.Errorf("after the restore the window says %q, want what was restored where", got)
	}
}

// Enter pressed on Help ▸ Check store… while the check runs leaves the
// dialog up and the check running: Enter closed the dialog, a Message of
// one button, and its closing stopped the check. Once the report is in,
// Enter closes it, as on any report the user opened.
func TestEnterDoesNotStopTheCheck(t *testing.T) {
	w, held := startHeldCheck(t)
	press(w, fyne.KeyReturn)
	drainUI()
	if w.win.Canvas().Overlays().Top() == nil || held.returned.Load() {
		t.Fatalf("Enter on the running check: dialog up %v, check stopped %v; want up and running",
			w.win.Canvas().Overlays().Top() != nil, held.returned.Load())
	}
	press(w, fyne.KeyEscape) // stops it, as Close does
	settle(w)
	if w.win.Canvas().Overlays().Top() != nil {
		t.Fatal("Escape left the check's dialog up")
	}

	w2 := maintenanceWindow(t, nil)
	menuItem(t, w2, "Help", "Check store…").Action()
	settle(w2)
	press(w2, fyne.KeyReturn)
	if w2.win.Canvas().Overlays().Top() != nil {
		t.Errorf("Enter left the check's report up: %q", dialogText(t, w2))
	}
}
