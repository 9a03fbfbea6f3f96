//go:build linux

package procstat

import (
	"os"
	"strconv"
	"strings"
	"syscall"
)

// DiskWritten is how many bytes this process has sent to the disk, or
// dirtied in the page cache for it to write, since it started
// (/proc/self/io write_bytes): files written and Badger's mapped logs and
// tables alike, whatever the load; false where it cannot be read.
func DiskWritten() (uint64, bool) {
	b, err := os.ReadFile("/proc/self/io")
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "write_bytes: "); ok {
			n, err := strconv.ParseUint(v, 10, 64)
			return n, err == nil
		}
	}
	return 0, false
}

// MaxRSS is the most memory this process has had resident, in bytes, since
// it started.
func MaxRSS() uint64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return uint64(ru.Maxrss) << 10
}

// AnonRSS is the memory resident now that no file backs (the Go heap,
// Badger's tables in memory), in bytes: what is resident minus the pages
// of mapped files, which the kernel can drop (/proc/self/statm).
func AnonRSS() uint64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return 0
	}
	res, _ := strconv.ParseUint(f[1], 10, 64)
	shared, _ := strconv.ParseUint(f[2], 10, 64)
	return (res - min(res, shared)) * uint64(os.Getpagesize())
}
