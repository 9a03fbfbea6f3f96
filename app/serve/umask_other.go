//go:build unix && !linux

package serve

import "syscall"

// umask sets the mask to read it and puts it back; the command line calls
// it once, before it starts other work.
func umask() int {
	m := syscall.Umask(0o022)
	syscall.Umask(m)
	return m
}
