package team

import (
	"strings"
	"testing"
	"time"
)

// On Linux the clock a gone colleague's folder is timed by beside the wall
// clock is the boot's (CLOCK_BOOTTIME), named by the boot's ID, so that two
// skein syncs, two processes, compare on it.
func TestReadBootClockIsTheBoots(t *testing.T) {
	a := readBootClock()
	time.Sleep(10 * time.Millisecond) // a step for the clock to show
	b := readBootClock()
	if !strings.HasPrefix(a.Boot, "boot ") || a.Boot != b.Boot {
		t.Fatalf("readings %+v and %+v: want both named by this boot's ID", a, b)
	}
	if d, same := b.since(a); !same || d < 10*time.Millisecond {
		t.Errorf("the second reading is %v after the first (comparable %v), want ≥ 10 ms", d, same)
	}
}
