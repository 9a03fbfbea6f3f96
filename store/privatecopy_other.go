//go:build !unix

package store

import "os"

// holdCopy marks nothing where there is no flock: a copy a kill left stays
// until the temporary folder is emptied.
func holdCopy(string) (*os.File, error) { return nil, nil }

// removeLeftCopies removes nothing where there is no flock to tell a copy
// in use from one left.
func removeLeftCopies(string) {}
