//go:build unix

package cli

// The served command line's tests that need Unix: file modes and umasks,
// and the socket a killed window leaves.

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/skein-news/skein/app/serve"
	"github.com/skein-news/skein/store"
)

// TestServedPaths: -o names a file in the caller's working folder, not the
// window's, with the mode the caller's umask gives.
func TestServedPaths(t *testing.T) {
	dir := t.TempDir()
	servedCorpus(t, dir)
	_, want, _ := run(t, dir, "export", "-all")
	openFakeWindow(t, dir)
	work := t.TempDir()
	t.Chdir(work)
	for _, tc := range []struct {
		args []string
		file string
	}{
		{[]string{"export", "-all", "-o", "out.jsonl"}, "out.jsonl"},
		{[]string{"export", "-all", "-o", "sub/../split.jsonl", "-split", "100/0/0"}, "split.train.jsonl"},
	} {
		if tc.file == "split.train.jsonl" {
			os.Mkdir("sub", 0o755)
		}
		code, out, stderr := run(t, dir, tc.args...)
		if code != 0 || out != "" {
			t.Fatalf("served %v = %d %q %q", tc.args, code, out, stderr)
		}
		got, err := os.ReadFile(filepath.Join(work, tc.file))
		if err != nil {
			t.Fatalf("served %v: %v", tc.args, err)
		}
		if string(got) != want {
			t.Errorf("served %v wrote %d bytes, want the %d of export -all", tc.args, len(got), len(want))
		}
		st, _ := os.Stat(filepath.Join(work, tc.file))
		if wantMode := os.FileMode(0o666 &^ serve.Umask()); st.Mode().Perm() != wantMode {
			t.Errorf("served %v: mode %v, want %v", tc.args, st.Mode().Perm(), wantMode)
		}
	}
	code, out, _ := run(t, dir, "backup", "-o", "b.skein")
	if _, err := os.Stat(filepath.Join(work, "b.skein")); code != 0 || err != nil {
		t.Errorf("served backup -o b.skein = %d %q; file: %v", code, out, err)
	}
}

// -o /dev/stdout beside a window is the caller's standard output: the
// command runs in the window's process, and the export replaced the
// window's own log (its standard output) while the caller got nothing,
// exit 0. Another file of the process (-o /dev/stderr, /dev/fd/N) is
// refused, exit 2. On a closed store, -o /dev/stdout is standard output
// too (it failed: no file can be made beside it in /dev).
func TestServedStandardOutput(t *testing.T) {
	dir := t.TempDir()
	servedCorpus(t, dir)
	_, want, _ := run(t, dir, "export", "-all")
	if code, out, stderr := run(t, dir, "export", "-all", "-o", "/dev/stdout"); code != 0 || out != want {
		t.Errorf("export -o /dev/stdout on a closed store = %d, %d bytes, %q; want the %d bytes of export -all", code, len(out), stderr, len(want))
	}
	openFakeWindow(t, dir)
	if code, out, stderr := run(t, dir, "export", "-all", "-o", "/dev/stdout"); code != 0 || out != want {
		t.Errorf("served export -o /dev/stdout = %d, %d bytes, %q; want the %d bytes of export -all", code, len(out), stderr, len(want))
	}
	for _, o := range []string{"/dev/stderr", "/dev/fd/2", "/proc/self/fd/7"} {
		code, out, stderr := run(t, dir, "export", "-all", "-o", o)
		if code != 2 || out != "" || !strings.Contains(stderr, "-o "+o+" names a file of the process that runs the command") {
			t.Errorf("served export -o %s = %d %q %q; want 2 and why", o, code, out, stderr)
		}
	}
	for _, args := range [][]string{{"backup", "-o", "/dev/stdout"}, {"export", "-format", "hf", "-o", "/dev/stdout"}} {
		if code, _, stderr := run(t, dir, args...); code != 2 || !strings.Contains(stderr, "is standard output") {
			t.Errorf("served %v = %d %q; want 2", args, code, stderr)
		}
	}
}

// TestServedUmask: a file the window writes for a caller gets the mode the
// caller's umask gives, not the window's.
func TestServedUmask(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(t.TempDir(), "x.jsonl")
	var o, e bytes.Buffer
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	code := Serve(context.Background(), serve.Request{Args: []string{"-user", "x", "export", "-o", out}, Umask: 0o077},
		Env{Stdout: &o, Stderr: &e, Caller: &Caller{Store: st, Umask: 0o077}})
	if code != 0 {
		t.Fatalf("export = %d %q", code, e.String())
	}
	if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600 from the caller's umask 077", fi.Mode().Perm())
	}
}

// TestStaleSocketRemoved: a window killed with SIGKILL leaves its socket;
// the next command opens the store itself, succeeds and removes it.
func TestStaleSocketRemoved(t *testing.T) {
	dir := t.TempDir()
	w := openFakeWindow(t, dir)
	sock := w.srv.Path()
	// A kill: the store's lock goes with the process, and so does the
	// listener, but the socket's file stays (kept here by a second link
	// while the listener's close unlinks the first).
	killed := sock + ".kept"
	if err := os.Link(sock, killed); err != nil {
		t.Fatal(err)
	}
	w.close()
	if err := os.Rename(killed, sock); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := run(t, dir, "list")
	if code != 0 || !strings.Contains(out, "claim") {
		t.Fatalf("list beside a stale socket = %d %q %q", code, out, stderr)
	}
	if _, err := os.Lstat(sock); !os.IsNotExist(err) {
		t.Errorf("the stale socket %s is still there: %v", sock, err)
	}
}

// TestServedModesAsClosed: every file and folder a served command writes (a
// brat folder and the folders above it, a brat split, an hf label list, a
// JSONL file, a backup) gets the mode the same command gives it on a closed
// store under the caller's umask, not the window's.
func TestServedModesAsClosed(t *testing.T) {
	dir := t.TempDir()
	servedCorpus(t, dir)
	commands := func(base string, mask int) [][]string {
		cmds := [][]string{
			{"export", "-all", "-format", "brat", "-o", filepath.Join(base, "new", "deeper", "brat")},
			{"export", "-all", "-format", "brat", "-split", "50/25/25", "-o", filepath.Join(base, "split")},
			{"export", "-all", "-format", "hf", "-o", filepath.Join(base, "data.jsonl")},
			{"export", "-all", "-o", filepath.Join(base, "all.jsonl")},
			{"backup", "-o", filepath.Join(base, "b.skein")},
		}
		if mask&0o200 != 0 {
			// Folders without write permission take no files: only
			// the commands that write a single file.
			cmds = cmds[3:]
		}
		return cmds
	}
	windowMask := syscall.Umask(0o022)
	defer syscall.Umask(windowMask)
	for _, mask := range []int{0o077, 0o027, 0o277} {
		closed, served := t.TempDir(), t.TempDir()
		syscall.Umask(mask)
		for _, args := range commands(closed, mask) {
			if code, _, stderr := run(t, dir, args...); code != 0 {
				t.Fatalf("closed store, umask %03o: %v = %d %q", mask, args, code, stderr)
			}
		}
		syscall.Umask(0o022) // the window's
		st, err := store.Open(dir, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, args := range commands(served, mask) {
			var o, e bytes.Buffer
			if code := Serve(context.Background(), serve.Request{Args: args, Umask: mask},
				Env{Stdout: &o, Stderr: &e, Caller: &Caller{Store: st, Umask: mask}}); code != 0 {
				t.Fatalf("served, umask %03o: %v = %d %q", mask, args, code, e.String())
			}
		}
		st.Close()
		want, got := treeModes(t, closed), treeModes(t, served)
		if got != want {
			t.Errorf("caller's umask %03o, window's 022: served modes\n%s\nwant those of the closed store\n%s", mask, got, want)
		}
		if mask&0o200 == 0 && !strings.Contains(want, fmt.Sprintf("new %v", os.ModeDir|os.FileMode(0o755&^mask))) {
			t.Errorf("umask %03o: the folder made above a brat export is not 0755 less it:\n%s", mask, want)
		}
	}
}

// treeModes lists the paths under dir with their modes.
func treeModes(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if info, err := d.Info(); err == nil && p != dir {
			fmt.Fprintf(&b, "%s %v\n", strings.TrimPrefix(p, dir+"/"), info.Mode())
		}
		return nil
	})
	return b.String()
}

// TestAssignUmask: the assignment file skein assign writes into the team
// folder gets the mode the caller's umask gives, whether the command runs
// on a closed store or a window serves it under a umask of its own.
func TestAssignUmask(t *testing.T) {
	dir := t.TempDir()
	servedCorpus(t, dir)
	windowMask := syscall.Umask(0o022)
	defer syscall.Umask(windowMask)
	for _, mask := range []int{0o077, 0o027, 0o002} {
		want := os.FileMode(0o666 &^ mask)
		args := []string{"-user", "x", "assign", "-annotators", "a,b", t.TempDir()}
		path := filepath.Join(args[len(args)-1], "assign.json")
		syscall.Umask(mask)
		code, _, stderr := run(t, dir, args...)
		syscall.Umask(0o022)
		if code != 0 {
			t.Fatalf("closed store, umask %03o: %v = %d %q", mask, args, code, stderr)
		}
		if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != want {
			t.Errorf("closed store, umask %03o: %s is %v (%v), want %v", mask, path, fi.Mode().Perm(), err, want)
		}

		args[len(args)-1] = t.TempDir()
		path = filepath.Join(args[len(args)-1], "assign.json")
		st, err := store.Open(dir, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var o, e bytes.Buffer
		code = Serve(context.Background(), serve.Request{Args: args, Umask: mask},
			Env{Stdout: &o, Stderr: &e, Caller: &Caller{Store: st, Umask: mask}})
		st.Close()
		if code != 0 {
			t.Fatalf("served, umask %03o: %v = %d %q", mask, args, code, e.String())
		}
		if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != want {
			t.Errorf("served by a window under umask 022, the caller's %03o: %s is %v (%v), want %v", mask, path, fi.Mode().Perm(), err, want)
		}
	}
}
