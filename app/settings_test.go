package app

import (
	"bytes"
	"encoding/json"
	"log"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/app/settingsfile"
)

// TestHealFyneCopy: where a kill cut Fyne's preferences.json short during
// its save in place, and skein-settings.json is whole, the next start
// writes the settings over Fyne's copy before Fyne reads it. Fyne, which
// would say "Preferences load error" on stderr and start from nothing,
// says nothing and reads the annotator's name.
func TestHealFyneCopy(t *testing.T) {
	home := fyneHome(t, "skein-heal-test-")
	dir := filepath.Join(home, "config", "fyne", ID)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, settingsfile.Name), []byte(`{"user":"amina","theme":"light"}`), 0o600)
	os.WriteFile(filepath.Join(dir, settingsfile.FyneName), []byte(`{"user":"ami`), 0o600)
	var logged bytes.Buffer
	log.SetOutput(&logged) // where fyne.LogError writes
	defer log.SetOutput(os.Stderr)
	var stderr bytes.Buffer
	a := NewApp(&stderr)
	t.Cleanup(func() { test.NewTempApp(t) }) // Fyne's current app back to a test one
	if got, want := a.Storage().RootURI().Path(), dir; got != want {
		t.Fatalf("Fyne keeps the app's files in %s, not %s", got, want)
	}
	if ours, err := fyneAppFolder(); ours != dir {
		t.Errorf("fyneAppFolder says %s (%v), Fyne keeps the app's files in %s", ours, err, dir)
	}
	if u := a.Preferences().String("user"); u != "amina" {
		t.Errorf("Fyne read the name %q, want amina", u)
	}
	if logged.Len() > 0 || stderr.Len() > 0 {
		t.Errorf("the start said:\n%s%s", logged.String(), stderr.String())
	}
}

// TestSettingsSavedOffTheUIGoroutine: View ▸ Arcs, View ▸ Colleagues' work,
// View ▸ Larger text and View ▸ Theme ▸ Dark theme each change a setting, whose
// save syncs skein-settings.json and its folder: tens of milliseconds on
// a disk busy with a first sync. Each click returns while the save is
// held, as such a disk holds it; then File ▸ Quit's quit waits for the
// save, slow still, before the process would end (Options.Exit), and the
// file holds all four changes.
func TestSettingsSavedOffTheUIGoroutine(t *testing.T) {
	a := test.NewTempApp(t)
	exited := make(chan struct{})
	w := openWindow(t, a, newFakeStore(testDocs()...), Options{Exit: func(error) { close(exited) }})
	dir := t.TempDir()
	kept, note := settingsfile.Keep(a.Preferences().(settingsfile.Prefs), dir)
	w.settingsKept(kept, note)
	release := make(chan struct{})
	var held atomic.Bool
	kept.BeforeWrite = func([]byte) {
		select {
		case <-release:
			time.Sleep(200 * time.Millisecond) // a slow disk's fsync, as the window quits
		case <-time.After(5 * time.Second):
			held.Store(true) // a click waited for this save
		}
	}
	for _, item := range []string{"Arcs", "Colleagues' work", "Larger text", "Theme ▸ Dark theme"} {
		menuItem(t, w, "View", item).Action()
		if held.Load() {
			t.Fatalf("View ▸ %s returned only once its save was let write: the save runs on the UI goroutine", item)
		}
	}
	close(release)
	menuItem(t, w, "File", "Quit").Action()
	for done := false; !done; {
		runUIQueue()
		select {
		case <-exited:
			done = true
		case <-time.After(10 * time.Millisecond):
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, settingsfile.Name))
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	if got[prefArcs] != false || got[prefColleagues] != true || got[prefTextSize] != float64(defaultTextSize+1) || got[prefTheme] != themeDark {
		t.Errorf("after the clicks and the quit %s holds %s, want arcs off, colleagues' work on, the text a size larger, the dark theme", settingsfile.Name, b)
	}
}

// A name in the window's settings that no annotator may have (a
// skein-settings.json edited, or mailed to the user) is not used: the
// window said nothing, asked nothing, and annotated as "curated" (the
// curated layer's spans edited as the user's own), "../x", a name with a
// line break or one of 5,000 characters, and remembered it in the store.
// The window now says so, without the name, and asks; a text size out of
// the menu's range (100000 drew no article at all) is said and not used.
func TestSettingsNotUsedWhenNoSetting(t *testing.T) {
	for _, bad := range []string{"curated", "../x", "amina\nroot", strings.Repeat("a", 5000)} {
		a := test.NewTempApp(t)
		a.Preferences().SetString(prefUser, bad)
		a.Preferences().SetFloat(prefTextSize, 100000)
		st := newFakeStore(testDocs()...)
		w := openWindow(t, a, st, Options{AskUser: true})
		if w.nameForm == nil {
			t.Errorf("name %.20q in the settings: the window did not ask for a name", bad)
		}
		if w.User() != osUser() {
			t.Errorf("name %.20q in the settings: the window annotates as %.20q, want %q until asked", bad, w.User(), osUser())
		}
		if n, _, _ := st.Meta(MetaUser); n != osUser() {
			t.Errorf("name %.20q in the settings: the store remembers %.20q", bad, n)
		}
		msg := w.statusText()
		if !strings.Contains(msg, "skein-settings.json, field \"user\") is not an annotator's name") || (bad != "curated" && strings.Contains(msg, bad)) {
			t.Errorf("name %.20q in the settings: the status line says %q, want the file and field, not the name", bad, msg)
		}
		if w.textSize != defaultTextSize || !strings.Contains(msg, "(skein-settings.json, field \"textsize\") is 100000, not one from 10 to 32: 15 is used") {
			t.Errorf("text size 100000 in the settings: the article's is %g, the status line says %q", w.textSize, msg)
		}
	}
}
