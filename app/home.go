package app

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"github.com/skein-news/skein/app/settingsfile"
)

// NewApp makes the Fyne app the window runs in. Fyne keeps a cache under
// the user's cache folder and the preferences (theme, text size, last
// folders) under the config folder; where it cannot make them (no ~/.cache
// yet, a home that cannot be written) it writes lines such as "Fyne error:
// Failed to create fyne cache space" on stderr. skein makes the folders
// first; where it cannot, Fyne's go under the temporary folder instead, and
// skein says so in one line on stderr when the preferences are among them.
func NewApp(stderr io.Writer) fyne.App {
	placeFyneFolders(stderr, ownTempFolder)
	if dir, err := fyneAppFolder(); err == nil {
		if err := settingsfile.HealFyneCopy(dir); err != nil { // before Fyne reads it
			fmt.Fprintln(stderr, "skein: "+err.Error())
		}
	}
	return fyneapp.NewWithID(ID)
}

// fyneAppFolder is the folder Fyne keeps skein's preferences in, as Fyne
// v2.8.1 places it (internal/app/config_*.go), known before the app is
// made (TestHealFyneCopy checks it against the app's).
func fyneAppFolder() (string, error) {
	var base string
	switch runtime.GOOS {
	case "windows", "darwin":
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		base = filepath.Join(home, "AppData", "Roaming")
		if runtime.GOOS == "darwin" {
			base = filepath.Join(home, "Library", "Preferences")
		}
	default:
		dir, err := os.UserConfigDir()
		if err != nil {
			return "", err
		}
		base = dir
	}
	return filepath.Join(base, "fyne", ID), nil
}

// placeFyneFolders makes the folders Fyne writes into, or points Fyne at
// ones under tmp() through $XDG_CACHE_HOME and $XDG_CONFIG_HOME, which Go
// (and so Fyne) reads on Linux and the BSDs; on Windows and macOS the
// folders are the system's own and always there.
func placeFyneFolders(stderr io.Writer, tmp func() string) {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		return
	}
	if err := makeFyneFolder(os.UserCacheDir); err != nil {
		os.Setenv("XDG_CACHE_HOME", filepath.Join(tmp(), "cache")) // skein keeps nothing in Fyne's cache
		makeFyneFolder(os.UserCacheDir)
	}
	if err := makeFyneFolder(os.UserConfigDir); err != nil {
		instead := filepath.Join(tmp(), "config")
		os.Setenv("XDG_CONFIG_HOME", instead)
		makeFyneFolder(os.UserConfigDir)
		fmt.Fprintf(stderr, "skein: the window's settings (theme, text size, last folders) cannot be kept in your home folder (%v); they are kept in %s for now\n", err, instead)
	}
}

// makeFyneFolder makes skein's folder where Fyne looks for it under the
// folder base returns, and checks it is the user's alone: $XDG_CONFIG_HOME
// (or $XDG_CACHE_HOME) may name a folder others can write, in which
// another user could have made that folder first, or a link to one of
// theirs, and read and change the settings written there.
func makeFyneFolder(base func() (string, error)) error {
	dir, err := base()
	if err != nil {
		return err
	}
	dir = filepath.Join(dir, "fyne", ID)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	return ownFolder(dir)
}
