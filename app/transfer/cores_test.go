package transfer

import (
	"runtime"
	"testing"
)

// A team pull sets one processor more than the CPUs as room for the
// window's UI goroutine: the import's workers must not take it.
func TestCoresLeavesTheSpareProcessor(t *testing.T) {
	was := runtime.GOMAXPROCS(runtime.NumCPU() + 1)
	defer runtime.GOMAXPROCS(was)
	if got := cores(); got != runtime.NumCPU() {
		t.Fatalf("cores() = %d with GOMAXPROCS %d on %d CPUs, want %d", got, runtime.NumCPU()+1, runtime.NumCPU(), runtime.NumCPU())
	}
	runtime.GOMAXPROCS(1)
	if got := cores(); got != 1 {
		t.Fatalf("cores() = %d with GOMAXPROCS 1, want 1", got)
	}
}
