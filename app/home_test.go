//go:build unix

package app

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/app/serve"
	"github.com/skein-news/skein/app/settingsfile"
)

// Where the home cannot be written, the window's settings go under the
// temporary folder, in skein-UID: a name another user of a shared /tmp may
// have made first, or made writable to all, or pointed elsewhere by a
// link. Then skein's settings go into a new folder of its own instead.
func TestOwnTempFolderIsTheUsers(t *testing.T) {
	uid := os.Getuid()
	name := "skein-" + strconv.Itoa(uid)
	mine := func(t *testing.T, dir string) {
		t.Helper()
		if err := serve.PrivateFolder(dir); err != nil {
			t.Fatalf("%s: %v, want a folder of user %d's alone", dir, err, uid)
		}
	}
	t.Run("new", func(t *testing.T) {
		tmp := t.TempDir()
		t.Setenv("TMPDIR", tmp)
		if got := ownTempFolder(); got != filepath.Join(tmp, name) {
			t.Errorf("got %s, want %s", got, filepath.Join(tmp, name))
		}
		mine(t, filepath.Join(tmp, name))
	})
	t.Run("again", func(t *testing.T) {
		tmp := t.TempDir()
		t.Setenv("TMPDIR", tmp)
		ownTempFolder()
		if got := ownTempFolder(); got != filepath.Join(tmp, name) {
			t.Errorf("the second time: got %s, want the same %s", got, filepath.Join(tmp, name))
		}
	})
	elsewhere := func(t *testing.T, tmp string) {
		t.Helper()
		got := ownTempFolder()
		if got == filepath.Join(tmp, name) || !strings.HasPrefix(got, filepath.Join(tmp, name+"-")) {
			t.Fatalf("got %s, want a new folder %s-… beside the one it may not trust", got, filepath.Join(tmp, name))
		}
		mine(t, got)
	}
	t.Run("writable by all", func(t *testing.T) {
		tmp := t.TempDir()
		t.Setenv("TMPDIR", tmp)
		if err := os.Mkdir(filepath.Join(tmp, name), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(filepath.Join(tmp, name), 0o777); err != nil {
			t.Fatal(err)
		}
		elsewhere(t, tmp)
	})
	t.Run("a link", func(t *testing.T) {
		tmp := t.TempDir()
		t.Setenv("TMPDIR", tmp)
		if err := os.Symlink(t.TempDir(), filepath.Join(tmp, name)); err != nil {
			t.Fatal(err)
		}
		elsewhere(t, tmp)
	})
	t.Run("another user's", func(t *testing.T) {
		if uid != 0 {
			t.Skip("only root can give a folder to another user here")
		}
		tmp := t.TempDir()
		t.Setenv("TMPDIR", tmp)
		if err := os.Mkdir(filepath.Join(tmp, name), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(filepath.Join(tmp, name), 65534, 65534); err != nil {
			t.Fatal(err)
		}
		elsewhere(t, tmp)
	})
}

// $XDG_CONFIG_HOME and $XDG_CACHE_HOME may name a folder others can write
// (a shared one, a team's): Fyne's folder in it, made first by another
// user, made writable to all, or a link to a folder of theirs, had the
// window's settings written where they could read and change them. Then
// the settings go to the temporary folder's folder of the user's own, and
// stderr says why.
func TestFyneFoldersOnlyTheUsers(t *testing.T) {
	for _, c := range []struct {
		name string
		make func(t *testing.T, fyneDir string)
		want string
	}{
		{"yours", func(t *testing.T, fyneDir string) {}, ""},
		{"writable by all", func(t *testing.T, fyneDir string) {
			if err := os.MkdirAll(fyneDir, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(fyneDir, 0o777); err != nil {
				t.Fatal(err)
			}
		}, "may be written by others (mode -rwxrwxrwx)"},
		{"a link to a folder writable by all", func(t *testing.T, fyneDir string) {
			theirs := t.TempDir()
			if err := os.Chmod(theirs, 0o777); err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(filepath.Dir(fyneDir), 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(theirs, fyneDir); err != nil {
				t.Fatal(err)
			}
		}, "may be written by others"},
		{"another user's", func(t *testing.T, fyneDir string) {
			if os.Getuid() != 0 {
				t.Skip("only root can give a folder to another user here")
			}
			if err := os.MkdirAll(fyneDir, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.Chown(fyneDir, 65534, 65534); err != nil {
				t.Fatal(err)
			}
		}, "is user 65534's, not yours"},
	} {
		t.Run(c.name, func(t *testing.T) {
			config, cache, own := t.TempDir(), t.TempDir(), t.TempDir()
			t.Setenv("XDG_CONFIG_HOME", config)
			t.Setenv("XDG_CACHE_HOME", cache)
			c.make(t, filepath.Join(config, "fyne", ID))
			c.make(t, filepath.Join(cache, "fyne", ID))
			var stderr strings.Builder
			placeFyneFolders(&stderr, func() string { return own })
			wantConfig, wantCache := config, cache
			if c.want != "" {
				wantConfig, wantCache = filepath.Join(own, "config"), filepath.Join(own, "cache")
			}
			if got := os.Getenv("XDG_CONFIG_HOME"); got != wantConfig {
				t.Errorf("the settings go under %s, want %s", got, wantConfig)
			}
			if got := os.Getenv("XDG_CACHE_HOME"); got != wantCache {
				t.Errorf("Fyne's cache goes under %s, want %s", got, wantCache)
			}
			if c.want == "" && stderr.Len() != 0 || c.want != "" && (!strings.Contains(stderr.String(), c.want) || !strings.Contains(stderr.String(), wantConfig)) {
				t.Errorf("stderr %q, want it to say %q and where the settings are", stderr.String(), c.want)
			}
		})
	}
}

// Fyne's preferences.json a named pipe: Fyne's read of it, as the app is
// made, waited for ever, and the window never showed; so did skein's own
// look at it before Fyne's, where skein-settings.json was whole. Now a
// whole skein-settings.json is written in its place, as over a cut copy;
// with none, the pipe, which holds no settings, is removed and stderr
// says so.
func TestFyneCopyANamedPipe(t *testing.T) {
	for _, ours := range []string{`{"user":"amina"}`, ""} {
		home := fyneHome(t, "skein-pipe-test-")
		dir := filepath.Join(home, "config", "fyne", ID)
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if ours != "" {
			os.WriteFile(filepath.Join(dir, settingsfile.Name), []byte(ours), 0o600)
		}
		pipe := filepath.Join(dir, settingsfile.FyneName)
		if err := syscall.Mkfifo(pipe, 0o600); err != nil {
			t.Skip(err)
		}
		var stderr strings.Builder
		made := make(chan fyne.App, 1)
		go func() { made <- NewApp(&stderr) }()
		var a fyne.App
		select {
		case a = <-made:
		case <-time.After(time.Minute):
			t.Fatalf("skein-settings.json %q, preferences.json a named pipe: the app is not made after a minute", ours)
		}
		if ours != "" {
			if u := a.Preferences().String("user"); u != "amina" {
				t.Errorf("the name read is %q, want amina from skein-settings.json", u)
			}
		} else if want := pipe + " was a named pipe, which Fyne would read without end: it is removed"; !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr %q, want %q", stderr.String(), want)
		}
		test.NewTempApp(t) // Fyne's current app back to a test one
	}
}
