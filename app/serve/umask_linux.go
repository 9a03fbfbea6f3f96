package serve

import (
	"bufio"
	"os"
	"strconv"
	"strings"
)

// umask reads the mask from /proc (Linux 4.7 and later), which leaves it
// as it is; syscall.Umask would set it, briefly, for every thread.
func umask() int {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return -1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "Umask:"); ok {
			n, err := strconv.ParseUint(strings.TrimSpace(v), 8, 32)
			if err != nil {
				return -1
			}
			return int(n)
		}
	}
	return -1
}
