//go:build linux

package transfer

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The window's file export (OutFile) is on the disk before its rename and
// the rename after: it was renamed unsynced, so a power loss after "wrote"
// could leave the file empty under its name. Watched as the system sees
// it, in a child under strace, which logs each fsync with its file's path.
func TestOutFileSyncedBeforeRename(t *testing.T) {
	if path := os.Getenv("SKEIN_TEST_OUTFILE_SYNC"); path != "" {
		out, err := CreateOut(path)
		if err == nil {
			out.WriteString("{\"text\":\"a\"}\n")
			err = out.Commit()
		}
		if err != nil {
			t.Fatal(err)
		}
		return
	}
	if _, err := exec.LookPath("strace"); err != nil {
		t.Skip("no strace to watch the system calls")
	}
	if b, err := exec.Command("strace", "-qq", "-o", os.DevNull, "true").CombinedOutput(); err != nil {
		// A container that forbids ptrace: strace is there and cannot watch.
		t.Skipf("strace cannot trace here: %v: %s", err, b)
	}
	dir, err := filepath.EvalSymlinks(t.TempDir()) // strace names files by their real path
	if err != nil {
		t.Fatal(err)
	}
	path, log := filepath.Join(dir, "all.jsonl"), filepath.Join(t.TempDir(), "strace")
	cmd := exec.Command("strace", "-f", "-y", "-qq", "-o", log, "-e", "trace=fsync,fdatasync,rename,renameat,renameat2",
		os.Args[0], "-test.run=^TestOutFileSyncedBeforeRename$", "-test.count=1")
	cmd.Env = append(os.Environ(), "SKEIN_TEST_OUTFILE_SYNC="+path)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("under strace: %v\n%s", err, b)
	}
	data, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	// fsync(3</…/.skein-export-…>, rename("/…/.skein-export-…", "/…/all.jsonl"), fsync(3</…>)
	var calls []string
	call := regexp.MustCompile(`(fsync|fdatasync)\(\d+<([^>]*)>|rename(?:at2?)?\((?:[^,]*, )?"([^"]*)", (?:[^,]*, )?"([^"]*)"`)
	for _, line := range strings.Split(string(data), "\n") {
		if m := call.FindStringSubmatch(line); m != nil && m[1] != "" {
			calls = append(calls, "sync "+m[2])
		} else if m != nil {
			calls = append(calls, "rename "+m[3]+" "+m[4])
		}
	}
	got := strings.Join(calls, "\n")
	tmp := regexp.MustCompile(`rename (\S+) ` + regexp.QuoteMeta(path)).FindStringSubmatch(got)
	if tmp == nil {
		t.Fatalf("no rename to %s:\n%s", path, got)
	}
	want := "sync " + tmp[1] + "\nrename " + tmp[1] + " " + path + "\nsync " + dir
	if !strings.Contains(got, want) {
		t.Errorf("calls:\n%s\nwant among them:\n%s", got, want)
	}
}
