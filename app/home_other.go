//go:build !unix

package app

import "os"

// ownTempFolder: placeFyneFolders asks for it only on Linux and the BSDs.
func ownTempFolder() string { return os.TempDir() }

// ownFolder: placeFyneFolders asks only on Linux and the BSDs.
func ownFolder(string) error { return nil }
