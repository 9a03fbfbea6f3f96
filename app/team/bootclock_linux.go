package team

import (
	"os"
	"strings"
	"sync"

	"golang.org/x/sys/unix"
)

// bootID names this boot of the machine ("" where /proc does not say).
var bootID = sync.OnceValue(func() string {
	b, err := os.ReadFile("/proc/sys/kernel/random/boot_id")
	if err != nil {
		return ""
	}
	return "boot " + strings.TrimSpace(string(b))
})

// readBootClock reads CLOCK_BOOTTIME, which no setting of the wall clock
// moves and which every process of one boot shares: two skein syncs a
// moment apart are a moment apart by it whatever the wall clock did.
func readBootClock() bootStamp {
	var ts unix.Timespec
	id := bootID()
	if id == "" || unix.ClockGettime(unix.CLOCK_BOOTTIME, &ts) != nil {
		return processClock()
	}
	return bootStamp{Boot: id, NS: ts.Nano()}
}
