//go:build unix

package cli

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// asChild runs, in the child process a kill test starts (childRun), the
// command its variable env names, and reports whether this is that child.
func asChild(t *testing.T, env string) bool {
	args := os.Getenv(env)
	if args == "" {
		return false
	}
	a := strings.Split(args, "\n")
	if code, _, stderr := run(t, a[0], a[1:]...); code != 0 {
		t.Fatalf("skein %v = %d %s", a[1:], code, stderr)
	}
	return true
}

// childRun is a process, to kill, that runs skein args on store dir: the
// test named test, again, in which asChild runs them.
func childRun(test, env, dir string, args []string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), env+"="+strings.Join(append([]string{dir}, args...), "\n"))
	return cmd
}
