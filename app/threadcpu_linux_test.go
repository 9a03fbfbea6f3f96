package app

import (
	"runtime"
	"syscall"
	"time"
)

// threadCPU is the CPU time of the calling goroutine's OS thread, user and
// system, and a function that gives it back to the Go scheduler: the
// goroutine is locked to its thread, so the time is the goroutine's alone
// (its garbage collection assists included), not the store's commit
// running beside it on another.
func threadCPU() (cpu func() time.Duration, unlock func()) {
	runtime.LockOSThread()
	return func() time.Duration {
		var ru syscall.Rusage
		if err := syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru); err != nil {
			return 0
		}
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}, runtime.UnlockOSThread
}
