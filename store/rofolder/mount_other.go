//go:build !linux

package rofolder

import "errors"

// bindReadOnly is Linux's: elsewhere root cannot be kept out of a folder.
func bindReadOnly(dir string) (undo func(), err error) {
	return nil, errors.New("bind mounts are Linux's")
}
