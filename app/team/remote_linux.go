package team

import "syscall"

// remoteFS says whether dir is on a network file system, where fsnotify
// hears only what this machine writes.
func remoteFS(dir string) bool {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return false
	}
	_, ok := remoteMagic[int64(st.Type)]
	return ok
}
