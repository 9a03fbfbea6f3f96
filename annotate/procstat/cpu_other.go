//go:build !unix && !windows

package procstat

import "time"

// Process is not measured on this system: benchmarks report 0 CPU time.
func CPU() time.Duration { return 0 }
