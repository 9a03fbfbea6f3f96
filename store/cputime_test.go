package store

import "github.com/skein-news/skein/annotate/procstat"

// What the process has used, for the benchmarks (annotate/procstat).
var (
	cpuTime     = procstat.CPU
	diskWritten = procstat.DiskWritten
)
