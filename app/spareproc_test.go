package app

import (
	"os"
	"runtime"
	"slices"
	"syscall"
	"testing"
	"time"
)

// TestSpareProc: the window runs with one P more than the machine has
// cores, and leaves a GOMAXPROCS the user set alone.
func TestSpareProc(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	t.Setenv("GOMAXPROCS", "")
	os.Unsetenv("GOMAXPROCS")
	spareProc()
	if got, want := runtime.GOMAXPROCS(0), runtime.NumCPU()+1; got != want {
		t.Errorf("GOMAXPROCS is %d, want %d (%d cores and one to spare)", got, want, runtime.NumCPU())
	}
	t.Setenv("GOMAXPROCS", "1")
	runtime.GOMAXPROCS(1)
	spareProc()
	if got := runtime.GOMAXPROCS(0); got != 1 {
		t.Errorf("with GOMAXPROCS=1 set, the window made it %d", got)
	}
}

// BenchmarkJobBesideSyscall is a label key's three goroutines (commitWhile)
// reduced to their schedule: the UI goroutine, locked to its thread, starts
// a goroutine that blocks 10 ms in a system call (the store's msync and
// fsync), then a job (the suggestions'), works 3 ms itself and waits for
// the job. job-start-us is the median time from the job made to the job
// running (p90-us its 90th percentile): with as many Ps as cores it waits
// for the P the system call holds (until the runtime's monitor takes it
// back, or the UI goroutine blocks); with a P to spare (spareProc) it
// starts beside the UI goroutine's work. Between ops the program idles
// 20 ms, as between keys.
func BenchmarkJobBesideSyscall(b *testing.B) {
	for _, c := range []struct {
		name  string
		procs int
	}{{"cores", runtime.NumCPU()}, {"spare", runtime.NumCPU() + 1}} {
		b.Run(c.name, func(b *testing.B) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(c.procs))
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			var starts []time.Duration
			for range b.N {
				b.StopTimer()
				time.Sleep(20 * time.Millisecond)
				b.StartTimer()
				written, started := make(chan struct{}), make(chan struct{})
				go func() {
					close(started)
					syscall.Nanosleep(&syscall.Timespec{Nsec: 10e6}, nil)
					close(written)
				}()
				<-started
				t0 := time.Now()
				job := make(chan time.Duration, 1)
				go func() { job <- time.Since(t0); spin(time.Millisecond) }()
				spin(3 * time.Millisecond)
				starts = append(starts, <-job)
				<-written
			}
			slices.Sort(starts)
			b.ReportMetric(float64(starts[len(starts)/2].Microseconds()), "job-start-us")
			b.ReportMetric(float64(starts[len(starts)*9/10].Microseconds()), "p90-us")
		})
	}
}

// spin works on the CPU for d.
func spin(d time.Duration) {
	for t0 := time.Now(); time.Since(t0) < d; {
	}
}
