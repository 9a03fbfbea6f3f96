//go:build linux

package cli

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate/proctest"
)

// export -all -o DIR/all.jsonl run by a parent that has not yet reaped it
// (a script, a job runner), killed with SIGKILL once its file is written
// beside all.jsonl: the process is a zombie, which answers a signal as a
// live one does, and its hidden file was kept, as an export under way's,
// for as long as the parent lived. The next export to DIR now reads the
// zombie's state (Z in /proc/PID/stat) and removes the file.
func TestExportOfAZombieSwept(t *testing.T) {
	if holdBeforeRename(t) {
		return
	}
	store := killCorpus(t)
	dir := t.TempDir()
	ready := filepath.Join(t.TempDir(), "ready")
	cmd := holdChild("TestExportOfAZombieSwept", store, ready, filepath.Join(t.TempDir(), "never"),
		[]string{"-user", "al", "export", "-all", "-o", filepath.Join(dir, "all.jsonl")})
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(5 * time.Millisecond) {
		if _, err := os.Stat(ready); err == nil {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("the export was not held within a minute:\n%s", out.String())
		}
	}
	proctest.Zombie(t, cmd) // killed, and not waited for: this test is its parent
	// A zombie, its threads all gone (the first one is Z while the others
	// still exit, the store's lock still open in them).
	status := "/proc/" + strconv.Itoa(cmd.Process.Pid) + "/status"
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		b, err := os.ReadFile(status)
		if err != nil {
			t.Fatalf("the killed export is not in the process table: %v", err)
		}
		if strings.Contains(string(b), "\nState:\tZ") && strings.Contains(string(b), "\nThreads:\t1\n") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the killed export is no zombie: %s", b)
		}
	}
	left := exportLeft(dir)
	if len(left) != 1 {
		t.Fatalf("the killed export left %v in %s, want its one hidden file", left, dir)
	}
	// skein check -export tells it so too.
	pid := strconv.Itoa(cmd.Process.Pid)
	if code, said, _ := run(t, store, "check", "-export", dir); code != 0 || !strings.Contains(said, "a hidden export file an export killed here left (process "+pid+" is gone)") {
		t.Errorf("check -export = %d\n%s\nwant the zombie's file told as a killed export's", code, said)
	}
	if code, _, stderr := run(t, store, "-user", "al", "export", "-all", "-o", filepath.Join(dir, "again.jsonl")); code != 0 {
		t.Fatalf("the export after the kill = %d %s", code, stderr)
	}
	if left := exportLeft(dir); len(left) != 0 {
		t.Errorf("the export beside it left what the killed (not yet reaped) export wrote: %v", left)
	}
}
