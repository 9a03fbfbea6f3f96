//go:build unix

package cli

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// export -format webanno -o DIR killed at random moments, again and again
// (a real SIGKILL of a child process running the command): after each
// kill DIR is absent or the whole export, never a part of it. What a kill
// left beside DIR (the hidden folder the export was written in) does not
// trip a later export: one to DIR's parent, which holds nothing else and
// looks empty, is not refused as "not empty", and once an export has run
// no hidden folder of a killed one is left.
func TestExportWebAnnoKilled(t *testing.T) {
	if asChild(t, "SKEIN_TEST_WEBANNO_KILL") {
		return
	}
	store := killCorpus(t)
	parent := filepath.Join(t.TempDir(), "exports")
	dir := filepath.Join(parent, "web")
	export := []string{"-user", "al", "export", "-format", "webanno", "-o", dir}
	child := func() *exec.Cmd { return childRun("TestExportWebAnnoKilled", "SKEIN_TEST_WEBANNO_KILL", store, export) }
	// One whole run: what a complete export holds, and how long it takes.
	start := time.Now()
	if out, err := child().CombinedOutput(); err != nil {
		t.Fatalf("the whole export: %v\n%s", err, out)
	}
	took := time.Since(start)
	want := readTree(t, dir)
	if len(want) < 400 {
		t.Fatalf("the whole export holds %d files", len(want))
	}
	killed, whole := 0, 0
	leftovers := func() []string {
		left, _ := filepath.Glob(filepath.Join(parent, ".skein-export-*"))
		return left
	}
	// 30 kills, then more until one has left a hidden folder (each export
	// removes those before it: under load a last kill may fall before the
	// folder is made or after its rename).
	for i := 0; i < 30 || len(leftovers()) == 0; i++ {
		if i == 90 {
			t.Fatal("no kill left a hidden folder: the test kills too late")
		}
		os.RemoveAll(dir)
		cmd := child()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rand.Int64N(int64(took) * 13 / 10)))
		cmd.Process.Signal(syscall.SIGKILL)
		if err := cmd.Wait(); err != nil {
			killed++
		}
		if _, err := os.Stat(dir); err != nil {
			continue // old: no folder
		}
		whole++
		wholeAfterKill(t, i, dir, want)
	}
	t.Logf("%d runs killed, %d left the whole export (a run takes %v)", killed, whole, took)
	os.RemoveAll(dir)
	// The parent now looks empty: an export to it is not refused.
	code, _, stderr := run(t, store, "-user", "al", "export", "-format", "webanno", "-o", parent)
	if code != 0 {
		t.Fatalf("export to %s, which only the killed exports' hidden folders are in = %d %s", parent, code, stderr)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(parent), ".skein-export-*")); len(left) != 0 {
		t.Errorf("left beside %s after the export: %v", parent, left)
	}
	if got := readTree(t, parent); len(got) != len(want) {
		t.Errorf("the export to %s holds %d files, want %d", parent, len(got), len(want))
	}
}

// killCorpus is a store of 400 articles of al's, each from its own source
// file, that takes a folder export long enough to be killed in.
func killCorpus(t *testing.T) (store string) {
	t.Helper()
	store = t.TempDir()
	var b strings.Builder
	for i := 0; i < 400; i++ {
		text := fmt.Sprintf("Minister %03d said the budget was late. ", i) + strings.Repeat("The budget office said nothing more. ", 20)
		fmt.Fprintf(&b, `{"text":%q,"source":"wire/%03d.txt","spans":[{"id":"%016x","start":0,"end":12,"text":%q,"label":"actor","annotator":"al"}]}`+"\n", text, i, i+1, text[:12])
	}
	in := filepath.Join(t.TempDir(), "c.jsonl")
	if err := os.WriteFile(in, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(t, store, "-user", "al", "import", in); code != 0 {
		t.Fatalf("import = %d %s", code, stderr)
	}
	return store
}

// export -format brat -split 80/10/10 -o DIR killed at random moments,
// again and again (real SIGKILLs of a child running the command): after
// each kill DIR is as before the export (absent) or the whole export, its
// three parts together — never some parts in it and others not, as when
// each part was renamed into DIR on its own, nor an empty DIR — and the
// export run after a kill is never refused (it was: "DIR/dev is not
// empty").
func TestExportSplitFolderKilled(t *testing.T) {
	if asChild(t, "SKEIN_TEST_SPLIT_FOLDER_KILL") {
		return
	}
	store := killCorpus(t)
	parent := filepath.Join(t.TempDir(), "exports")
	dir := filepath.Join(parent, "brat")
	export := []string{"-user", "al", "export", "-format", "brat", "-split", "80/10/10", "-o", dir}
	child := func() *exec.Cmd {
		return childRun("TestExportSplitFolderKilled", "SKEIN_TEST_SPLIT_FOLDER_KILL", store, export)
	}
	start := time.Now()
	if out, err := child().CombinedOutput(); err != nil {
		t.Fatalf("the whole export: %v\n%s", err, out)
	}
	took := time.Since(start)
	want := readTree(t, dir)
	for _, part := range []string{"train", "dev", "test"} {
		if want[filepath.Join(part, "annotation.conf")] == "" {
			t.Fatalf("the whole export has no %s part", part)
		}
	}
	os.RemoveAll(dir)
	killed, whole := 0, 0
	for i := 0; i < 30; i++ {
		cmd := child()
		var out strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rand.Int64N(int64(took) * 3 / 2))) // some kills after the end
		cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		if ee, ok := err.(*exec.ExitError); ok && ee.Sys().(syscall.WaitStatus).Signaled() {
			killed++
		} else if err != nil {
			t.Fatalf("export %d, after %d kills: %v\n%s", i, killed, err, out.String())
		}
		if _, err := os.Stat(dir); err != nil {
			continue // as before: no folder, and the next export writes it
		}
		whole++
		wholeAfterKill(t, i, dir, want)
		os.RemoveAll(dir) // the researcher takes the export away
	}
	t.Logf("%d runs killed, %d left the whole export (a run takes %v)", killed, whole, took)
	if code, _, stderr := run(t, store, export...); code != 0 {
		t.Fatalf("the export after the kills = %d %s", code, stderr)
	}
	if left, _ := filepath.Glob(filepath.Join(parent, ".skein-export-*")); len(left) != 0 {
		t.Errorf("left beside %s after the export: %v", dir, left)
	}
}

// wholeAfterKill fails the test unless dir, there after kill i, holds the
// whole export want (readTree's).
func wholeAfterKill(t *testing.T, i int, dir string, want map[string]string) {
	t.Helper()
	got := readTree(t, dir)
	if len(got) != len(want) {
		t.Fatalf("after kill %d %s holds %d files, want none or all %d", i, dir, len(got), len(want))
	}
	for name, b := range want {
		if got[name] != b {
			t.Fatalf("after kill %d %s differs from the whole export", i, name)
		}
	}
}
