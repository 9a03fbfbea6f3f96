//go:build unix

package sigquit

import (
	"os"
	"os/signal"
	"syscall"
	"testing"
	"time"
)

// TestFyneRequestWithdrawn: a request for SIGINT and SIGTERM made as
// Fyne's driver makes it — on a goroutine of its own, after Take, at a
// moment Take cannot know — no longer receives them; the Catcher does.
// Without the withdrawal Go hands the signal to both, and Fyne's loop ends
// under skein's quit.
func TestFyneRequestWithdrawn(t *testing.T) {
	for _, delay := range []time.Duration{0, 30 * time.Millisecond} {
		for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
			c := Catch()
			fyne := make(chan os.Signal, 1)
			c.Take()
			go func() {
				time.Sleep(delay)
				signal.Notify(fyne, syscall.SIGINT, syscall.SIGTERM) // catchTerm
			}()
			<-c.Taken()
			syscall.Kill(os.Getpid(), sig)
			select {
			case got := <-c.C():
				if got != sig {
					t.Errorf("the Catcher received %v, want %v", got, sig)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("%v after a request %v late: the Catcher received nothing", sig, delay)
			}
			// Go hands a signal to every channel in one pass: Fyne's would
			// hold it by now.
			select {
			case got := <-fyne:
				t.Errorf("%v after a request %v late: Fyne's request received %v too, and would end its loop under skein's quit", sig, delay, got)
			default:
			}
			signal.Stop(fyne)
			c.Stop()
		}
	}
}

// TestSignalWhileBuilding: a signal sent while the window is still being
// built, before Fyne's loop, waits on C rather than killing the program
// (Go's default for SIGTERM and SIGINT).
func TestSignalWhileBuilding(t *testing.T) {
	c := Catch()
	defer c.Stop()
	syscall.Kill(os.Getpid(), syscall.SIGTERM)
	select {
	case got := <-c.C():
		if got != syscall.SIGTERM {
			t.Errorf("received %v, want SIGTERM", got)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a SIGTERM sent while building never reached C")
	}
}
