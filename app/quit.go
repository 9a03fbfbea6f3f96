package app

import (
	"fmt"
	"os"

	"fyne.io/fyne/v2"
)

// quit ends the window, from File ▸ Quit (Ctrl+Q), the window's close
// button or a signal (quitOnSignals), on the UI goroutine. The window goes
// at once; then the command line is no longer served, the background work
// and the team folder's last write end, the automatic backup is made,
// Fyne's last save of the preferences runs, and skein's of its settings
// is waited for (and made again where the last one failed: settings.go);
// then Options.Exit ends the process.
//
// It never leaves through Fyne's own shutdown. Fyne v2.8.1's loop, as it
// ends, queues its stopped hook (that same preferences save) for another
// goroutine to hand back, and closes the queue it hands work back on:
// whichever goroutine hands work back just then (that hook, or a team
// folder's pass, or a served command) may send on the closed queue, and the
// program dies with "panic: send on closed channel" and status 2
// (internal/driver/glfw/loop.go, runOnMainWithWait). While skein quits, the
// loop runs on, so nothing handed back can meet a closed queue.
func (w *Window) quit() {
	if w.quitting {
		return
	}
	w.quitting = true
	if w.opt.Exit == nil {
		w.app.Quit()
		return
	}
	for _, win := range w.app.Driver().AllWindows() {
		win.Hide()
	}
	w.stopWork()
	go func() {
		err := w.finish()
		saved := make(chan struct{})
		// Not w.do: the window's context has ended.
		uiDo(func() {
			runStopped(w.app)
			close(saved)
		})
		<-saved
		w.saveSettings()
		w.opt.Exit(err)
	}()
}

// runStopped runs what Fyne runs when its loop ends: the app's stopped
// hook, which saves the preferences a change less than 0.1 s after the
// last save left unsaved (Fyne saves on each Set, but no more often).
func runStopped(a fyne.App) {
	l, ok := a.Lifecycle().(interface{ OnStopped() func() })
	if !ok {
		return
	}
	if f := l.OnStopped(); f != nil {
		f()
	}
}

// quitOnSignals quits the window, as Ctrl+Q does, on the first signal that
// asks it to end (SIGINT, SIGTERM, SIGHUP; app/sigquit takes them from
// Fyne, whose own quit is the racy shutdown). A signal while it quits cuts
// nothing short: the team folder's last write, the day's backup and the
// settings' last save still run to their end, and stderr says so.
func (w *Window) quitOnSignals(c <-chan os.Signal) {
	for s := range c {
		uiDo(func() {
			if w.quitting {
				fmt.Fprintf(os.Stderr, "skein: %v: quitting already; the team folder's last write and the day's backup finish first, then the window ends by itself\n", s)
				return
			}
			w.quit()
		})
	}
}
