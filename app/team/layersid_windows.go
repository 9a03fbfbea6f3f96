//go:build windows

package team

import (
	"fmt"
	"os"
	"syscall"
)

// folderID names the folder fi is of by when it was made: a folder
// copied or made again in its place (a fresh share, a git clone) was made
// later, though its path is the same. "" where the system does not say.
func folderID(fi os.FileInfo) string {
	d, ok := fi.Sys().(*syscall.Win32FileAttributeData)
	if !ok {
		return ""
	}
	return fmt.Sprintf("made:%d", d.CreationTime.Nanoseconds())
}
