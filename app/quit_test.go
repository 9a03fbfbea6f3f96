package app

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/test"
)

// TestRunStoppedSavesLastPreference: Fyne saves its preferences on each
// change but no more than every 0.1 s, leaving a change made sooner to its
// stopped hook; skein's quit, which never reaches Fyne's shutdown, runs the
// hook itself, and the change is on disk.
func TestRunStoppedSavesLastPreference(t *testing.T) {
	fyneHome(t, "skein-quit-test-")
	a := fyneapp.NewWithID("io.github.skein_news.skein.quittest")
	t.Cleanup(func() { test.NewTempApp(t) }) // Fyne's current app back to a test one
	p := a.Preferences()
	p.SetString(prefTheme, themeDark) // saved at once
	p.SetFloat(prefTextSize, 21)      // within 0.1 s: left to the stopped hook
	runStopped(a)
	dir, _ := os.UserConfigDir()
	b, err := os.ReadFile(filepath.Join(dir, "fyne", "io.github.skein_news.skein.quittest", "preferences.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"textsize":21`) {
		t.Errorf("the preferences on disk are %s, want the text size 21 set last", b)
	}
}

// fyneHome points Fyne's config and cache folders at a new home for a
// test and returns it. Not t.TempDir: Fyne's watcher of the preferences
// file makes its folder again once it is removed, which fails the test's
// clean-up. One folder, named from prefix and emptied as the test starts,
// is all it leaves; each run a folder of its own in it, as an earlier
// run's app may still write.
func fyneHome(t *testing.T, prefix string) string {
	t.Helper()
	parent := filepath.Join(os.TempDir(), prefix+strconv.Itoa(os.Getuid()))
	os.RemoveAll(parent) // an earlier app in this process may be writing there still
	if err := os.MkdirAll(parent, 0o700); err != nil {
		t.Fatal(err)
	}
	home, err := os.MkdirTemp(parent, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "config"))
	t.Setenv("XDG_CACHE_HOME", filepath.Join(home, "cache"))
	return home
}
