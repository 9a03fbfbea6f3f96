//go:build unix

package store

import (
	"io/fs"
	"syscall"
)

// allocated is the space a file takes: its allocated blocks, which for the
// sparse files Badger preallocates is less than its length.
func allocated(info fs.FileInfo) int64 {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return int64(st.Blocks) * 512
	}
	return info.Size()
}
