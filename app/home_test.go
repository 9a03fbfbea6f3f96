//go:build unix

package app

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/skein-news/skein/app/serve"
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
