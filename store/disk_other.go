//go:build !unix

package store

import "io/fs"

// allocated is the space a file takes; without block counts, its length.
func allocated(info fs.FileInfo) int64 { return info.Size() }
