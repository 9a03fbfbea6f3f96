package team

import (
	"path/filepath"

	"golang.org/x/sys/windows"
)

// remoteFS says whether dir is on a network drive (a mapped drive letter or
// a \\server\share path), where ReadDirectoryChangesW reports only what
// this machine writes.
func remoteFS(dir string) bool {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return false
	}
	return remoteDrive(abs, func(root string) uint32 {
		p, err := windows.UTF16PtrFromString(root)
		if err != nil {
			return 0
		}
		return windows.GetDriveType(p)
	})
}
