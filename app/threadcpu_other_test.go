//go:build !linux

package app

import "time"

// threadCPU is 0 where the thread's CPU time is not read.
func threadCPU() (cpu func() time.Duration, unlock func()) {
	return func() time.Duration { return 0 }, func() {}
}
