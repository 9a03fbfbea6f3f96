package team

import (
	"os"

	"golang.org/x/sys/unix"
)

// syncFS makes durable, with one syncfs(2), every file written on the file
// system holding dir. Not on a network or FUSE file system (remoteFS),
// where syncfs may return without the server having the data (FUSE before
// Linux 5.14 did nothing for it): there, and where it fails (ENOSYS in a
// sandbox, EPERM under a seccomp filter, a write-back error), the caller
// syncs each file instead.
func syncFS(dir string) error {
	if remoteFS(dir) {
		return errSyncFSNot
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return unix.Syncfs(int(d.Fd()))
}
