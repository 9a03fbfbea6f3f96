//go:build unix

package team

import (
	"fmt"
	"os"
	"syscall"
)

// folderID names the folder fi is of, as the file system knows it (its
// device and inode): a folder copied or made again in its place (a fresh
// Syncthing share, a git clone, cp -r) is another, though its path is
// the same. "" where the system does not say.
func folderID(fi os.FileInfo) string {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return ""
	}
	return fmt.Sprintf("%d:%d", uint64(st.Dev), uint64(st.Ino))
}
