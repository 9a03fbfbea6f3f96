package rofolder

import (
	"strconv"
	"syscall"
)

// bindReadOnly mounts dir on itself read-only; undo unmounts it.
func bindReadOnly(dir string) (undo func(), err error) {
	if err := syscall.Mount(dir, dir, "", syscall.MS_BIND, ""); err != nil {
		return nil, err
	}
	undo = func() { syscall.Unmount(dir, syscall.MNT_DETACH) }
	if err := syscall.Mount("", dir, "", syscall.MS_REMOUNT|syscall.MS_BIND|syscall.MS_RDONLY, ""); err != nil {
		undo()
		return nil, err
	}
	return undo, nil
}

// mountSmall mounts a tmpfs of size bytes on dir; undo unmounts it.
func mountSmall(dir string, size int) (undo func(), err error) {
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+strconv.Itoa(size)); err != nil {
		return nil, err
	}
	return func() { syscall.Unmount(dir, syscall.MNT_DETACH) }, nil
}
