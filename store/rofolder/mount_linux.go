package rofolder

import "syscall"

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
