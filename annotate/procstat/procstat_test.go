package procstat

import (
	"runtime"
	"testing"
)

// Work on the CPU shows in Process; waiting does not make it go back.
func TestCPUCountsWork(t *testing.T) {
	before := CPU()
	if before == 0 {
		if runtime.GOOS == "linux" || runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
			t.Fatal("no CPU time read on a system that reports it")
		}
		t.Skip("CPU time is not measured on " + runtime.GOOS)
	}
	x := uint64(1)
	for after := CPU(); after-before < 20e6; after = CPU() {
		for i := 0; i < 1e6; i++ {
			x = x*6364136223846793005 + 1442695040888963407
		}
		if after < before {
			t.Fatalf("CPU time went back: %v then %v", before, after)
		}
	}
	if x == 0 {
		t.Log(x)
	}
}
