//go:build windows

package team

import (
	"os"
	"syscall"
)

// fileID tells the file fi is of from another put in its place by a
// rename (a sync engine's copy) though of the same size and time: when it
// was made. 0 where the system does not say.
func fileID(fi os.FileInfo) uint64 {
	if d, ok := fi.Sys().(*syscall.Win32FileAttributeData); ok {
		return uint64(d.CreationTime.Nanoseconds())
	}
	return 0
}
