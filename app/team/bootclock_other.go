//go:build !linux

package team

// readBootClock is the process's monotonic clock here: a restart between
// two reads leaves the wall clock alone to time them.
func readBootClock() bootStamp { return processClock() }
