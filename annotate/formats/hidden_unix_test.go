//go:build unix

package formats

import (
	"os/exec"
	"testing"
)

// deadPID is the ID of a process that has run and exited: what a killed
// export's process is.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}
