//go:build unix

package transfer

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process has used, on every thread: under a
// shared machine's load it says what a benchmark costs where wall time
// says mostly how long it waited for a core.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
