//go:build !linux

package rofolder

import "errors"

// bindReadOnly is Linux's: elsewhere root cannot be kept out of a folder.
func bindReadOnly(dir string) (undo func(), err error) {
	return nil, errors.New("bind mounts are Linux's")
}

// mountSmall is Linux's.
func mountSmall(dir string, size int) (undo func(), err error) {
	return nil, errors.New("tmpfs mounts are Linux's")
}
