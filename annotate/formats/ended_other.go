//go:build unix && !linux

package formats

// ended tells no process ended here that the signal of processAlive
// takes for alive: only Linux's /proc is read for a zombie.
func ended(int) bool { return false }
