// Package sigquit takes the signals that ask the window to end — SIGINT
// (Ctrl+C in the terminal that started it), SIGTERM (kill, a logout) and
// SIGHUP (the terminal closed); on Windows Ctrl+C or Ctrl+Break and the
// console closed, a logoff or a shutdown — away from Fyne, so that skein
// quits its own way (app/quit.go) and not through Fyne's shutdown.
//
// Fyne v2.8.1's GL driver starts, as its loop starts, a goroutine of its
// own that asks for SIGINT and SIGTERM (signal.Notify) and ends Fyne's loop
// on the first one (internal/driver/glfw/driver_desktop.go, catchTerm).
// Go hands a signal to every channel that asked for it, so asking for them
// too is not enough: whichever ran first, Fyne's loop would end, and with
// it the queue skein's goroutines hand work back on — the shutdown race
// that kills the program with "panic: send on closed channel". Go offers no
// way to withdraw another package's request but signal.Ignore, which
// withdraws every request for a signal; so skein withdraws them once Fyne
// has asked, and then asks again for itself alone. That Fyne has asked
// shows without reading Fyne: with the two signals ignored just before its
// loop starts, a request for them is what makes them no longer ignored
// (signal.Ignored).
package sigquit

import (
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"time"
)

// fyneSignals are the signals Fyne's driver asks for.
var fyneSignals = []os.Signal{os.Interrupt, syscall.SIGTERM}

// quitSignals are the signals that quit the window. SIGHUP is never sent
// on Windows; there Go sends SIGTERM for the console's close, a logoff and
// a shutdown, and waits for the program before Windows ends it.
var quitSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}

// fyneWait is how long Take waits for Fyne's request before it asks for
// the signals anyway (a Fyne that no longer asks).
var fyneWait = 10 * time.Second

// Catcher receives the signals that quit the window.
type Catcher struct {
	c    chan os.Signal
	sigs []os.Signal
	// taken is closed once Fyne's request has been withdrawn (Take).
	taken chan struct{}
}

// Catch starts receiving the signals that quit the window, at once, so
// that one sent while the window is being built waits on C rather than
// killing the program. A signal ignored when the program started (nohup
// ignores SIGHUP, a shell's background job SIGINT) stays ignored.
//
// It also takes SIGPIPE, for good: Go ends a program that writes to a
// stdout or stderr whose reader has gone (`skein 2>&1 | tee log` in a
// terminal closed or Ctrl+C'd, which ends tee too) with that signal, and
// the window's quit writes there ("quitting already", a failed save):
// the team folder's last write and the day's backup were cut short.
// Taken, such a write fails and the quit goes on.
func Catch() *Catcher {
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE) // never read: dropped
	c := &Catcher{c: make(chan os.Signal, 4), taken: make(chan struct{})}
	for _, s := range quitSignals {
		if !signal.Ignored(s) {
			c.sigs = append(c.sigs, s)
		}
	}
	signal.Notify(c.c, c.sigs...)
	return c
}

// C delivers each signal that asks the window to end.
func (c *Catcher) C() <-chan os.Signal { return c.c }

// Take is called just before Fyne's loop starts (ShowAndRun): it ignores
// SIGINT and SIGTERM, waits, off the caller's goroutine, until Fyne's
// driver has asked for them, withdraws that request and asks again for
// this Catcher alone. A signal sent in the instant around the start of
// Fyne's loop (Take, then the start of Fyne's goroutine) is ignored or
// reaches Fyne alone; those received earlier stay on C.
func (c *Catcher) Take() {
	signal.Ignore(fyneSignals...)
	go func() {
		defer close(c.taken)
		start := time.Now()
		for i := 0; !asked(); i++ {
			if time.Since(start) > fyneWait {
				break
			}
			if i < 1000 {
				runtime.Gosched()
			} else {
				time.Sleep(time.Millisecond)
			}
		}
		signal.Ignore(fyneSignals...) // Fyne's request, and only that
		signal.Notify(c.c, c.sigs...)
	}()
}

// Taken is closed once Take has withdrawn Fyne's request.
func (c *Catcher) Taken() <-chan struct{} { return c.taken }

// asked reports whether some channel asks for both of Fyne's signals,
// which Take left ignored.
func asked() bool {
	for _, s := range fyneSignals {
		if signal.Ignored(s) {
			return false
		}
	}
	return true
}

// Stop stops receiving the signals.
func (c *Catcher) Stop() { signal.Stop(c.c) }
