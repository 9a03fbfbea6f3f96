//go:build unix

package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate/formats"
	"github.com/skein-news/skein/annotate/proctest"
)

// holdChild is a child process running skein args on store: the test
// named test, again, whose export (through holdBeforeRename) stops with
// its file written beside the target, says so in ready, and waits for
// gate to exist before it renames it.
func holdChild(test, store, ready, gate string, args []string) *exec.Cmd {
	cmd := childRun(test, "SKEIN_TEST_HOLD", store, args)
	cmd.Env = append(cmd.Env, "SKEIN_TEST_HOLD_AT="+ready+"\n"+gate)
	return cmd
}

// holdAt is, in a holdChild, the hold: it says so in ready and waits for
// gate to exist; elsewhere it is nil.
func holdAt() func() {
	at := strings.Split(os.Getenv("SKEIN_TEST_HOLD_AT"), "\n")
	if len(at) != 2 {
		return nil
	}
	return func() {
		os.WriteFile(at[0], nil, 0o644)
		for {
			if _, err := os.Stat(at[1]); err == nil {
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
}

// holdBeforeRename, in a holdChild, runs the command with its rename held.
func holdBeforeRename(t *testing.T) bool {
	hold := holdAt()
	if hold == nil {
		return false
	}
	beforeRename = func(string) { hold() }
	return asChild(t, "SKEIN_TEST_HOLD")
}

// startHeld starts cmd, a holdChild, and waits until it is held (ready
// exists); it returns what cmd.Wait will return and what cmd writes.
func startHeld(t *testing.T, cmd *exec.Cmd, ready string) (<-chan error, *strings.Builder) {
	t.Helper()
	out := new(strings.Builder)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	return waitFor(t, ready, cmd, out), out
}

// waitFor waits for the file at path, as long as cmd (started) runs, and
// returns what cmd.Wait will return.
func waitFor(t *testing.T, path string, cmd *exec.Cmd, out *strings.Builder) <-chan error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	for {
		if _, err := os.Stat(path); err == nil {
			return done
		}
		select {
		case err := <-done:
			t.Fatalf("the export ended before it was held: %v\n%s", err, out.String())
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// exportLeft lists the hidden files exports left in dir.
func exportLeft(dir string) []string {
	left, _ := filepath.Glob(filepath.Join(dir, ".skein-export-*"))
	return left
}

// export -all -o DIR/all.jsonl killed (a real SIGKILL) once its file is
// written beside all.jsonl, before the rename, three times: each kill
// left a whole copy of the export hidden in DIR, for ever, one more with
// each kill. The next export to DIR removes what the killed ones left;
// all.jsonl is the export before or the whole new one.
func TestExportFileKilledLeavesNothing(t *testing.T) {
	if holdBeforeRename(t) {
		return
	}
	store := killCorpus(t)
	dir := t.TempDir()
	target := filepath.Join(dir, "all.jsonl")
	export := []string{"-user", "al", "export", "-all", "-o", target}
	if code, _, stderr := run(t, store, export...); code != 0 {
		t.Fatalf("export = %d %s", code, stderr)
	}
	want, err := os.ReadFile(target)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		ready := filepath.Join(t.TempDir(), "ready")
		cmd := holdChild("TestExportFileKilledLeavesNothing", store, ready, filepath.Join(t.TempDir(), "never"), export)
		var out strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := waitFor(t, ready, cmd, &out)
		cmd.Process.Signal(syscall.SIGKILL)
		<-done
		left := exportLeft(dir)
		if len(left) != 1 {
			t.Fatalf("after kill %d %s holds %d hidden export files %v, want the one the kill left", i, dir, len(left), left)
		}
		if got, _ := os.ReadFile(target); string(got) != string(want) {
			t.Fatalf("after kill %d all.jsonl is not the export before", i)
		}
	}
	if code, _, stderr := run(t, store, export...); code != 0 {
		t.Fatalf("the export after the kills = %d %s", code, stderr)
	}
	if left := exportLeft(dir); len(left) != 0 {
		t.Errorf("left in %s after the export: %v", dir, left)
	}
	if got, _ := os.ReadFile(target); string(got) != string(want) {
		t.Error("all.jsonl after the kills is not the whole export")
	}
}

// Two exports to one folder at once (from two stores of the same
// articles): the first (another process) has its
// file written beside a.jsonl and not yet renamed when the second, to
// b.jsonl, removes what a killed export left there. The first's file is
// not taken for one: it arrives whole as a.jsonl, and the killed one's is
// gone.
func TestExportFileUnderWayNotSwept(t *testing.T) {
	if holdBeforeRename(t) {
		return
	}
	store, other := killCorpus(t), killCorpus(t) // the first export's store is held by it
	dir := t.TempDir()
	exportTo := func(name string) []string {
		return []string{"-user", "al", "export", "-all", "-o", filepath.Join(dir, name)}
	}
	// What a killed export leaves: a file no one holds.
	dead := filepath.Join(dir, formats.ExportFileName(0x0123456789abcdef, proctest.DeadPID(t)))
	if err := os.WriteFile(dead, []byte("half an export"), 0o644); err != nil {
		t.Fatal(err)
	}
	ready, gate := filepath.Join(t.TempDir(), "ready"), filepath.Join(t.TempDir(), "go")
	cmd := holdChild("TestExportFileUnderWayNotSwept", store, ready, gate, exportTo("a.jsonl"))
	done, out := startHeld(t, cmd, ready)
	var live []string
	for _, f := range exportLeft(dir) {
		if f != dead {
			live = append(live, f)
		}
	}
	if len(live) != 1 {
		t.Fatalf("the first export's files beside a.jsonl: %v, want one", live)
	}
	// skein check -export tells it from one a kill left.
	if code, said, _ := run(t, other, "check", "-export", dir); code != 0 || !strings.Contains(said, filepath.Base(live[0])+": a hidden export file of an export under way (process ") {
		t.Errorf("check -export = %d\n%s\nwant the held file told as an export under way's", code, said)
	}
	if code, _, stderr := run(t, other, exportTo("b.jsonl")...); code != 0 {
		t.Fatalf("the second export = %d %s", code, stderr)
	}
	if _, err := os.Stat(live[0]); err != nil {
		t.Fatalf("the second export removed the first's file, being written: %v", err)
	}
	if _, err := os.Stat(dead); err == nil {
		t.Error("the second export left the file a killed export left")
	}
	os.WriteFile(gate, nil, 0o644)
	if err := <-done; err != nil {
		t.Fatalf("the first export: %v\n%s", err, out.String())
	}
	ref := filepath.Join(t.TempDir(), "ref.jsonl")
	if code, _, stderr := run(t, store, "-user", "al", "export", "-all", "-o", ref); code != 0 {
		t.Fatalf("export = %d %s", code, stderr)
	}
	a, _ := os.ReadFile(filepath.Join(dir, "a.jsonl"))
	want, _ := os.ReadFile(ref)
	if len(a) == 0 || string(a) != string(want) {
		t.Errorf("a.jsonl (%d bytes) is not the whole export (%d bytes)", len(a), len(want))
	}
	if left := exportLeft(dir); len(left) != 0 {
		t.Errorf("left in %s after both exports: %v", dir, left)
	}
}
