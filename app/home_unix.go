//go:build unix

package app

import (
	"os"
	"path/filepath"

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
