//go:build darwin || freebsd

package team

import "golang.org/x/sys/unix"

// remoteFS says whether dir is on a network or cloud file system (SMB,
// NFS, AFP, WebDAV, FUSE), where the system's file events report only what
// this machine writes: statfs(2) names the file system's type.
func remoteFS(dir string) bool {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return false
	}
	return remoteTypeName(fstypename(st.Fstypename[:]))
}
