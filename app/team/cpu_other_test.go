//go:build !linux

package team

import "time"

// cpuTime: measured on Linux only; elsewhere benchmarks report no CPU time.
func cpuTime() time.Duration { return 0 }
