package team

import (
	"runtime"
	"syscall"
)

// backgroundNice is the nice value of the threads that read a sync's
// imports (see background).
const backgroundNice = 10

// background runs the calling goroutine, until it ends, on a thread of its
// own at a lower priority (nice backgroundNice), so that the operating
// system gives the window's thread the CPU first: with a processor to
// spare (syncProcs) the UI goroutine is on a thread at once, but its
// thread then shared the two cores with the sync's, and a key's work was
// spread out over their time slices. An unprivileged program cannot raise a
// thread's priority again, so the goroutine never unlocks: the runtime
// ends the thread with it, and no other goroutine ever runs there (the
// threads the runtime starts meanwhile come from its template thread, not
// from this one, and keep the program's priority).
func background() {
	runtime.LockOSThread()
	if syscall.Setpriority(syscall.PRIO_PROCESS, syscall.Gettid(), backgroundNice) != nil {
		runtime.UnlockOSThread()
	}
}
