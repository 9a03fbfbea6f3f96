package team

import "github.com/skein-news/skein/annotate/procstat"

// What the process has used, for the benchmarks (annotate/procstat).
var (
	cpuTime         = procstat.CPU
	maxRSS, anonRSS = procstat.MaxRSS, procstat.AnonRSS
)

// diskWritten is the bytes the process has written to the disk, 0 where
// that is not measured.
func diskWritten() uint64 {
	n, _ := procstat.DiskWritten()
	return n
}
