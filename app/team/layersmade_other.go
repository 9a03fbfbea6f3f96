//go:build !linux

package team

import "os"

// madeAt is "" here: folderID tells a folder made again by itself (macOS
// and the BSDs do not give a deleted folder's inode to the next one soon;
// Windows's folderID is when the folder was made).
func madeAt(*os.File) string { return "" }
