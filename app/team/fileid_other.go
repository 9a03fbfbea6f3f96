//go:build !unix && !windows

package team

import "os"

// fileID is 0 where the system names no file: an article file is then
// told changed by its size and time alone (heal.go).
func fileID(os.FileInfo) uint64 { return 0 }
