// Package proctest gives tests the IDs of processes in the states an
// export's sweep must tell apart: one that has run and exited (what a
// killed export's process is once reaped). It lives in annotate/ beside tmpfstest
// so that every package's tests may import it; only tests import it.
package proctest

import (
	"os/exec"
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
