package app

import (
	"bytes"
	"log"
	"os"
	"path/filepath"
	"testing"

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
