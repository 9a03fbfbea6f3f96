package formats

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// CreateExportFile creates a new hidden file in dir (.skein-export-…, see
// newHiddenName, mode perm less the umask) for an export to write and
// rename into place, and holds it while it is open (holdFile): a file of
// that name no one holds is one a killed export left, which the next
// export to dir removes (RemoveLeftExports), never one another export is
// writing. The caller renames it while it is still open
// (CloseBeforeRename) and closes it after. On a disk that cannot lock,
// the file is made unheld and unlocked says why (FileLockNote says what
// that leaves undone).
func CreateExportFile(dir string, perm fs.FileMode) (f *os.File, unlocked, err error) {
	for range 100 {
		name := filepath.Join(dir, newHiddenName(exportPrefix))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) {
			continue // another export's name: draw again
		}
		if err != nil {
			return nil, nil, err
		}
		taken, err := holdFile(f)
		if taken {
			f.Close()
			continue // another export's sweep, between the open and the lock
		}
		var nl *noLocksError
		if errors.As(err, &nl) {
			return f, nl.err, nil
		}
		if err != nil {
			f.Close()
			os.Remove(name)
			return nil, nil, err
		}
		return f, nil, nil
	}
	return nil, nil, fmt.Errorf("no free name for a file in %s", dir)
}

// RemoveLeftExports removes what exports killed before their rename left
// in dir (see removeLeftExports): a folder export's hidden folder, a file
// export's hidden file.
func RemoveLeftExports(dir string) { removeLeftExports(dir) }
