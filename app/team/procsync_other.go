//go:build !linux

package team

// background leaves the goroutine as it is where the priority of one
// thread cannot be set alone (see procsync_linux.go).
func background() {}
