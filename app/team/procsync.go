package team

import "runtime"

// spareProcs is how many processors (Go's Ps) a pull adds to those set
// (GOMAXPROCS, by default the CPUs) while it runs: see syncProcs.
const spareProcs = 1

// procHold is the processors' setting while pulls run; the last to end
// puts back what was set before.
var procHold hold

// syncProcs gives the program spareProcs more processors than were set
// while a pull runs, and restore puts them back when the last pull ends
// (however it ends). The sync's parsing, imports, writes and collections
// keep every processor busy; the window's UI goroutine, woken by a key
// (or back from a system call, the store's sync to disk), then waited in
// the run queue for the runtime to take one of them from a sync goroutine
// (every 10 ms at most), past the 16 ms a key may take (issue 11). With a
// processor to spare it runs at once, on a thread of its own, and the
// operating system's scheduler, which favours a thread that mostly
// sleeps, gives it a CPU at once too.
func syncProcs() (restore func()) {
	return procHold.take(func() func() {
		was := runtime.GOMAXPROCS(0)
		runtime.GOMAXPROCS(was + spareProcs)
		return func() {
			// Back to the runtime's default, which follows the CPUs the
			// program may use, where it was the default; else to what
			// was set (GOMAXPROCS in the environment, or a call).
			runtime.SetDefaultGOMAXPROCS()
			if runtime.GOMAXPROCS(0) != was {
				runtime.GOMAXPROCS(was)
			}
		}
	})
}
