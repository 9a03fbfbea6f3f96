//go:build unix

package suggest

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time this process has used, user and system, so a
// benchmark on a shared machine can report work rather than waiting.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
