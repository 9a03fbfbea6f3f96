package settingsfile

import (
	"encoding/json"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// TestChangeDoesNotWaitForSave: a change to the settings (made on the UI
// goroutine, by a click) returns while its save, held here as a slow
// disk's fsync would hold it, has not written; the save then writes it.
func TestChangeDoesNotWaitForSave(t *testing.T) {
	dir := t.TempDir()
	p := test.NewTempApp(t).Preferences()
	f, _ := Keep(p.(Prefs), dir)
	release := make(chan struct{})
	var held atomic.Bool
	f.BeforeWrite = func([]byte) {
		select {
		case <-release:
		case <-time.After(5 * time.Second):
			held.Store(true) // the change waited for this save
		}
	}
	p.SetString("theme", "dark")
	close(release)
	if err := f.Flush(); err != nil {
		t.Fatal(err)
	}
	if held.Load() {
		t.Error("the change returned only once its save was let write: the save runs on the changer's goroutine")
	}
	if m := jsonFile(t, filepath.Join(dir, Name)); m["theme"] != "dark" {
		t.Errorf("after the change and its save %s holds %v, want the theme dark", Name, m)
	}
}

// TestQuickChangesEndWithTheLast: 300 changes in a row, while a quit's
// Save runs beside them again and again, each write slowed as a busy disk
// does. Saves never run two at once, none writes an older state after a
// newer one, the changes made during a save are written together (fewer
// writes than changes), and the file ends with the last change.
func TestQuickChangesEndWithTheLast(t *testing.T) {
	dir := t.TempDir()
	p := test.NewTempApp(t).Preferences()
	f, _ := Keep(p.(Prefs), dir)
	var mu sync.Mutex
	var written []float64
	var inside atomic.Int32
	f.BeforeWrite = func(b []byte) {
		if inside.Add(1) > 1 {
			t.Error("two saves write at once")
		}
		defer inside.Add(-1)
		var m map[string]any
		json.Unmarshal(b, &m)
		n, _ := m["n"].(float64)
		mu.Lock()
		written = append(written, n)
		mu.Unlock()
		time.Sleep(time.Millisecond)
	}
	stop := make(chan struct{})
	beside := make(chan struct{})
	go func() {
		defer close(beside)
		for {
			select {
			case <-stop:
				return
			default:
				f.Save()
			}
		}
	}()
	const changes = 300
	for i := 1; i <= changes; i++ {
		p.SetFloat("n", float64(i))
	}
	close(stop)
	<-beside
	if err := f.Flush(); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	for i := 1; i < len(written); i++ {
		if written[i] <= written[i-1] {
			t.Fatalf("the saves wrote n = %v in this order: %v after %v", written, written[i], written[i-1])
		}
	}
	if len(written) >= changes {
		t.Errorf("%d changes were written by %d saves, want the changes made during a save written together", changes, len(written))
	}
	if m := jsonFile(t, filepath.Join(dir, Name)); m["n"] != float64(changes) {
		t.Errorf("after the changes %s holds n = %v, want the last, %d", Name, m["n"], changes)
	}
}
