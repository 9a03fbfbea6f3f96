//go:build unix

package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestQuitBySignal labels a claim in a window connected to a team folder
// and, as soon as the store holds it, sends the window SIGTERM (kill, a
// logout), SIGINT (Ctrl+C in its terminal) or SIGHUP (the terminal
// closed). Each quits as Ctrl+Q does: exit status 0, no panic, the claim
// in the store and in the team folder (whose write comes 0.4 s after a
// change, so the quit's last write makes it), and the day's backup made;
// a second signal sent at once changes none of that.
func TestQuitBySignal(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			var folder string
			s := startSessionThen(t, connectTeam(t, &folder))
			s.drag(s.x+s.w*34/100, s.x+s.w*58/100, s.y+articleLineY(s.h))
			s.xdo("key", "1")
			s.checkClaim(s.export(), "with the window open") // served by the window: the store has it
			if err := s.app.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			// A second signal at once cuts nothing short, and says so.
			// Another than the first: Go merges a signal into the same
			// one still pending, and hands pending ones on in the
			// order of their numbers, not of their sending.
			second := syscall.SIGINT
			if sig == syscall.SIGINT {
				second = syscall.SIGTERM
			}
			s.app.Process.Signal(second)
			s.waitExit()
			out := s.appOut.String()
			if strings.Contains(out, "panic") {
				t.Errorf("quitting on %v printed a panic:\n%s", sig, out)
			}
			if strings.Count(out, ": quitting already;") != 1 {
				t.Errorf("%v and %v: want one of them to say it is quitting already:\n%s", sig, second, out)
			}
			s.checkClaim(s.export(), "after "+sig.String())
			if !ownClaimInFolder(folder) {
				t.Errorf("after %v the claim is not in the team folder's layer of e2e", sig)
			}
			// app/maintenance's folder and name (which this package,
			// vetted for macOS without cgo, cannot import: it imports Fyne).
			backup := filepath.Join(s.store, "backups", time.Now().Format("2006-01-02")+".skein-backup")
			if _, err := os.Stat(backup); err != nil {
				t.Errorf("after %v no automatic backup: %v", sig, err)
			}
		})
	}
}

// TestQuitBySignalWithStderrGone: the window started as `skein 2>&1 |
// tee skein.log` from a terminal, then Ctrl+C twice there: tee ends at
// the first, and the window's stderr is a pipe no one reads. The second
// signal's "quitting already" on it killed skein with SIGPIPE (status 141)
// as it quit, before the team folder's last write and the day's backup.
// Now a write there fails and the quit runs to its end, as with a reader.
func TestQuitBySignalWithStderrGone(t *testing.T) {
	var folder string
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	s := startSessionThen(t, func(s *session) {
		connectTeam(t, &folder)(s)
		s.stderr = w
	})
	s.drag(s.x+s.w*34/100, s.x+s.w*58/100, s.y+articleLineY(s.h))
	s.xdo("key", "1")
	s.checkClaim(s.export(), "with the window open")
	r.Close() // tee has ended
	s.app.Process.Signal(syscall.SIGINT)
	s.app.Process.Signal(syscall.SIGTERM)
	s.waitExit()
	s.checkClaim(s.export(), "after two signals, stderr gone")
	if !ownClaimInFolder(folder) {
		t.Errorf("after two signals with stderr gone the claim is not in the team folder's layer of e2e")
	}
	backup := filepath.Join(s.store, "backups", time.Now().Format("2006-01-02")+".skein-backup")
	if _, err := os.Stat(backup); err != nil {
		t.Errorf("after two signals with stderr gone no automatic backup: %v", err)
	}
}

// TestSignalWhileFyneCloses sends SIGTERM, then SIGINT while it quits, to
// a skein built against the copy of Fyne whose loop holds open its
// shutdown race (buildWithWidenedQuit). Fyne's driver asks for both
// signals itself and ends its loop on the first: through that shutdown the
// program dies with "panic: send on closed channel" and status 2. skein
// takes the signals from Fyne (app/sigquit) and quits its own way; the
// second signal only says on stderr that it is quitting already.
func TestSignalWhileFyneCloses(t *testing.T) {
	s := startSessionThen(t, func(s *session) {
		s.bin = buildWithWidenedQuit(t, s.dir)
	})
	s.app.Process.Signal(syscall.SIGTERM)
	s.app.Process.Signal(syscall.SIGINT)
	s.waitExit()
	if out := s.appOut.String(); strings.Contains(out, "panic") {
		t.Errorf("quitting on SIGTERM printed a panic:\n%s", out)
	}
}
