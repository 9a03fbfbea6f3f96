//go:build !linux

package team

import "time"

// cpuTime: measured on Linux only; elsewhere benchmarks report no CPU time.
func cpuTime() time.Duration { return 0 }

// maxRSS: measured on Linux only.
func maxRSS() uint64 { return 0 }

// anonRSS: measured on Linux only.
func anonRSS() uint64 { return 0 }

// diskWritten: measured on Linux only.
func diskWritten() uint64 { return 0 }
