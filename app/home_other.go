//go:build !unix

package app

import "os"

// ownTempFolder: placeFyneFolders asks for it only on Linux and the BSDs.
func ownTempFolder() string { return os.TempDir() }
