//go:build !linux

package team

// syncFS is syncfs(2), which only Linux has: elsewhere each file is
// synced.
func syncFS(string) error { return errSyncFSNot }
