// Package proctest gives tests the IDs of processes in the states an
// export's sweep must tell apart: one that has run and exited (what a
// killed export's process is once reaped), and one killed but not yet
// reaped by its parent (a zombie). It lives in annotate/ beside tmpfstest
// so that every package's tests may import it; only tests import it.
package proctest

import (
	"os/exec"
	"syscall"
	"testing"
)

// DeadPID is the ID of a process that has run and exited, and been
// reaped: what a killed export's process is.
func DeadPID(t testing.TB) int {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

// Zombie kills cmd, started, with SIGKILL and does not reap it until the
// test ends: until then the process is a zombie, gone but for its entry
// in the process table (as a killed export is whose parent, a script or
// a job runner, has not yet waited for it).
func Zombie(t testing.TB, cmd *exec.Cmd) {
	t.Helper()
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Wait() })
}
