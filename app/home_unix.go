//go:build unix

package app

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"

	"github.com/skein-news/skein/app/serve"
)

// ownTempFolder is the folder under the temporary folder for what Fyne
// writes where the home cannot be written: the user's skein-UID, if it is
// (or can be made) private to the user, as the window's socket's fallback
// folder must be; else, as another user of a shared temporary folder may
// have made that name first (and would then read and write the window's
// settings), a new folder of a random name.
func ownTempFolder() string {
	dir := serve.TempFolder()
	if serve.PrivateFolder(dir) == nil {
		return dir
	}
	if d, err := os.MkdirTemp(filepath.Dir(dir), filepath.Base(dir)+"-"); err == nil {
		return d
	}
	return dir
}

// ownFolder says, where the folder dir (a link followed) is not the
// user's alone to write, why: another user's, or one others may write.
func ownFolder(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	switch {
	case ok && int(st.Uid) != os.Getuid():
		return fmt.Errorf("%s is user %d's, not yours", dir, st.Uid)
	case fi.Mode().Perm()&0o022 != 0:
		return fmt.Errorf("%s may be written by others (mode %v)", dir, fi.Mode().Perm())
	}
	return nil
}
