//go:build linux

// Package nolocktest makes this process meet a disk that cannot lock
// files (an NFS mount without its lock daemon), for tests of what skein
// says there: the kernel itself refuses flock with ENOLCK, as that disk
// does. Only tests import it: the program does not depend on it.
package nolocktest

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Refuse makes every flock of this process that takes a lock on a
// descriptor from from up fail with ENOLCK, for good: a seccomp filter on
// every thread, so a test calls it in a child process of its own. A lock
// taken before, on any descriptor (a store's, opened first), stays, and
// unlocking it still works: the store closes as usual. It skips t where
// the system has no seccomp filters.
func Refuse(t testing.TB, from int) {
	t.Helper()
	const (
		ldW  = unix.BPF_LD | unix.BPF_W | unix.BPF_ABS
		jeq  = unix.BPF_JMP | unix.BPF_JEQ | unix.BPF_K
		jge  = unix.BPF_JMP | unix.BPF_JGE | unix.BPF_K
		jset = unix.BPF_JMP | unix.BPF_JSET | unix.BPF_K
		ret  = unix.BPF_RET | unix.BPF_K
		nr   = 0  // seccomp_data.nr
		arg0 = 16 // seccomp_data.args[0], its low half (little-endian): the descriptor
		arg1 = 24 // seccomp_data.args[1], its low half: the operation
	)
	// Each false jump goes to the last instruction, which allows the call.
	filter := []unix.SockFilter{
		{Code: ldW, K: nr},
		{Code: jeq, Jt: 0, Jf: 5, K: unix.SYS_FLOCK},
		{Code: ldW, K: arg0},
		{Code: jge, Jt: 0, Jf: 3, K: uint32(from)},
		{Code: ldW, K: arg1},
		{Code: jset, Jt: 0, Jf: 1, K: unix.LOCK_SH | unix.LOCK_EX},
		{Code: ret, K: unix.SECCOMP_RET_ERRNO | uint32(unix.ENOLCK)},
		{Code: ret, K: unix.SECCOMP_RET_ALLOW},
	}
	prog := unix.SockFprog{Len: uint16(len(filter)), Filter: &filter[0]}
	if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err != nil {
		t.Fatal(err)
	}
	if _, _, e := unix.Syscall(unix.SYS_SECCOMP, unix.SECCOMP_SET_MODE_FILTER, unix.SECCOMP_FILTER_FLAG_TSYNC, uintptr(unsafe.Pointer(&prog))); e != 0 {
		t.Skipf("no seccomp filter here: %v", e)
	}
}

// childEnv carries InChild's argument to the child.
const childEnv = "SKEIN_TEST_NOLOCKS_CHILD"

// InChild runs t's test again in a child process, which finds arg in
// ChildArg, for a test whose child calls Refuse (which is for good), and
// returns what the child wrote. It skips t where the child skipped and
// fails it where the child failed.
func InChild(t *testing.T, arg string) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+t.Name()+"$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), childEnv+"="+arg)
	out, err := cmd.CombinedOutput()
	if strings.Contains(string(out), "--- SKIP") {
		t.Skipf("the child skipped:\n%s", out)
	}
	if err != nil || !strings.Contains(string(out), "--- PASS") {
		t.Fatalf("the child: %v\n%s", err, out)
	}
	return string(out)
}

// ChildArg is the argument InChild gave this process; "" in the test's
// own process.
func ChildArg() string { return os.Getenv(childEnv) }
