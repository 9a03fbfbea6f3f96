package team

import (
	"crypto/rand"
	"encoding/hex"
	"time"
)

// bootStamp is a reading of a clock that setting the wall clock does not
// move (readBootClock): Boot names the span in which its readings compare
// (one boot of the machine, or one process), NS counts from its start.
type bootStamp struct {
	Boot string `json:"boot"`
	NS   int64  `json:"ns"`
}

// since is how long after b now is, and whether the two compare (the same
// boot, or the same process): a reading saved before a restart of the
// machine, or of a process whose clock lives only in it, does not.
func (now bootStamp) since(b bootStamp) (time.Duration, bool) {
	if now.Boot == "" || b.Boot != now.Boot {
		return 0, false
	}
	return time.Duration(now.NS - b.NS), true
}

// bootClock is the clock a colleague's folder found gone is timed by
// besides goneClock (left.go): a variable for a test's sake.
var bootClock = readBootClock

// processStart and processID are this process's monotonic start and a
// name for it: where the system gives no clock that outlives a process,
// its readings compare within the process alone.
var (
	processStart = time.Now()
	processID    = func() string {
		b := make([]byte, 8)
		rand.Read(b)
		return "process " + hex.EncodeToString(b)
	}()
)

// processClock reads the process's monotonic clock.
func processClock() bootStamp {
	return bootStamp{Boot: processID, NS: int64(time.Since(processStart))}
}

// waited says whether a wait of d that began at at (Unix ns on goneClock)
// and b (on bootClock; nil or of another boot: not known) is over at now
// and boot: d or more on both clocks, where the two bootClock readings
// compare. The wall clock set forward between two reads a moment apart is
// no wait.
func waited(d time.Duration, at int64, b *bootStamp, now int64, boot bootStamp) bool {
	if now < at || now-at < int64(d) {
		return false
	}
	if b != nil {
		if since, same := boot.since(*b); same && since < d {
			return false
		}
	}
	return true
}
