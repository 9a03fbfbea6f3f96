//go:build linux

package store

import (
	"os"
	"strconv"
	"strings"
)

// diskWritten is how many bytes this process has sent to the disk, or
// dirtied in the page cache for it to write, since it started
// (/proc/self/io write_bytes): Badger's mapped value log and memtable logs
// count a page for every page dirtied, whatever the load.
func diskWritten() (uint64, bool) {
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
