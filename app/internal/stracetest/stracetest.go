// Package stracetest watches a command's syncs and renames as the system
// sees them, under strace, for tests that check a write is on the disk
// before the rename that shows it and the rename after. Only tests import
// it: the program does not depend on it.
package stracetest

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Need skips t where strace is not installed, or is and cannot trace (a
// container that forbids ptrace).
func Need(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("strace"); err != nil {
		t.Skip("no strace to watch the system calls")
	}
	if b, err := exec.Command("strace", "-qq", "-o", os.DevNull, "true").CombinedOutput(); err != nil {
		t.Skipf("strace cannot trace here: %v: %s", err, b)
	}
}

// Dir is a new temporary folder by its real path, the one strace names
// its files by (t.TempDir may be under a link).
func Dir(t testing.TB) string {
	t.Helper()
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// Trace runs cmd (its program, arguments, environment and folder) under
// strace, following its children, and returns the syncs and renames they
// made. A command that fails fails t.
func Trace(t testing.TB, cmd *exec.Cmd) Log {
	t.Helper()
	log := filepath.Join(t.TempDir(), "strace")
	traced := exec.Command("strace", append([]string{"-f", "-y", "-qq", "-s", "4096", "-o", log,
		"-e", "trace=fsync,fdatasync,rename,renameat,renameat2", cmd.Path}, cmd.Args[1:]...)...)
	traced.Env, traced.Dir = cmd.Env, cmd.Dir
	if b, err := traced.CombinedOutput(); err != nil {
		t.Fatalf("%s under strace: %v\n%s", strings.Join(cmd.Args, " "), err, b)
	}
	data, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	return Parse(string(data))
}

// Call is a sync or a rename: Synced is the path of the file or folder
// synced (fsync, fdatasync); From and To a rename's.
type Call struct {
	Synced, From, To string
}

// Log is the calls of a trace in the order they began.
type Log []Call

var (
	// A call another thread interrupts is logged unfinished, its result
	// on a later line: the call is where it began.
	syncLine   = regexp.MustCompile(`f(?:data)?sync\(\d+<([^>]*)>`)
	renameLine = regexp.MustCompile(`rename(?:at2?)?\((?:[^,]*, )?"([^"]*)", (?:[^,]*, )?"([^"]*)"`)
)

// Parse reads the syncs (with strace -y, their file's path) and renames of
// an strace log.
func Parse(log string) Log {
	var l Log
	for _, line := range strings.Split(log, "\n") {
		if m := syncLine.FindStringSubmatch(line); m != nil {
			l = append(l, Call{Synced: m[1]})
		} else if m := renameLine.FindStringSubmatch(line); m != nil {
			l = append(l, Call{From: m[1], To: m[2]})
		}
	}
	return l
}

// Synced reports whether path was synced in l (a slice of a log: l[:i]
// before call i, l[i+1:] after).
func (l Log) Synced(path string) bool {
	for _, c := range l {
		if c.Synced == path {
			return true
		}
	}
	return false
}

// String is the calls a line each: "sync PATH" or "rename FROM TO".
func (l Log) String() string {
	lines := make([]string, len(l))
	for i, c := range l {
		if c.Synced != "" {
			lines[i] = "sync " + c.Synced
		} else {
			lines[i] = "rename " + c.From + " " + c.To
		}
	}
	return strings.Join(lines, "\n")
}
