package formats

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// CreateExportFile creates a new hidden file in dir (.skein-export-…, see
// newHiddenName,
// mode perm less the umask) for an export to write and rename into place,
// and holds it while it is open (holdFile): a file of that name no one
// holds is one a killed export left, which the next export to dir removes
// (RemoveLeftExports), never one another export is writing. The caller
// renames it while it is still open (CloseBeforeRename) and closes it
// after.
func CreateExportFile(dir string, perm fs.FileMode) (*os.File, error) {
	for range 100 {
		name := filepath.Join(dir, newHiddenName(exportPrefix))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) {
			continue // another export's name: draw again
		}
		if err != nil {
			return nil, err
		}
		if taken, herr := holdFile(f); taken || herr != nil {
			f.Close()
			if taken {
				continue // another export's sweep, between the open and the lock
			}
			os.Remove(name)
			return nil, herr
		}
		return f, nil
	}
	return nil, fmt.Errorf("no free name for a file in %s", dir)
}

// RemoveLeftExports removes what exports killed before their rename left
// in dir (see removeLeftExports): a folder export's hidden folder, a file
// export's hidden file.
func RemoveLeftExports(dir string) { removeLeftExports(dir) }
