//go:build unix

package team

import (
	"os"
	"syscall"
)

// fileID tells the file fi is of from another put in its place by a
// rename (a sync engine's copy) though of the same size and time: its
// inode. 0 where the system does not say.
func fileID(fi os.FileInfo) uint64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Ino)
	}
	return 0
}
