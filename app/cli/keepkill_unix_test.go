//go:build unix

package cli

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// keepChild is the child of TestKeptByAKilledExport: it runs the export
// in args and, at the moment mode names, kills itself (a real SIGKILL)
// or waits for the file go to exist (an export still running).
func keepChild(t *testing.T, mode string, args []string) {
	stop := func() {
		if strings.HasPrefix(mode, "wait:") {
			dir := strings.TrimPrefix(mode, "wait:")
			os.WriteFile(filepath.Join(dir, "ready"), nil, 0o644)
			for {
				if _, err := os.Stat(filepath.Join(dir, "go")); err == nil {
					return
				}
				time.Sleep(10 * time.Millisecond)
			}
		}
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
	}
	switch {
	case mode == "keep":
		afterKeep = stop
	default:
		once := false
		beforeRename = func(string) {
			if !once {
				once = true
				stop()
			}
		}
	}
	code, _, stderr := run(t, args[0], args[1:]...)
	if strings.HasPrefix(mode, "wait:") {
		fmt.Printf("exit %d\n%s", code, stderr)
		return
	}
	t.Fatalf("the export was not killed: %d %s", code, stderr)
}

// hiddenIn lists the files of skein's own in dir (.skein-…).
func hiddenIn(dir string) []string {
	var names []string
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".skein-") {
			names = append(names, e.Name())
		}
	}
	return names
}

// readAll reads the files names in dir.
func readAll(t *testing.T, dir string, names ...string) map[string]string {
	t.Helper()
	got := map[string]string{}
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		got[n] = string(b)
	}
	return got
}

// TestKeptByAKilledExport: an export that replaces several files keeps
// each one's old content beside it (.skein-old-…) to put back if it
// fails. Killed (a real SIGKILL), it left them for ever: an hf export
// killed between its label list's rename and its rows' left the new list
// beside the old rows, naming their tags wrongly, and a split killed
// between keeping its parts' old content and writing its marker left
// copies no marker named. Now the next export to the folder, of any
// file, puts back the label list (the rows and the list as before the
// killed export) or deletes what was only a copy, and leaves nothing of
// skein's; while an export is still running, what it kept is left alone.
func TestKeptByAKilledExport(t *testing.T) {
	if args := os.Getenv("SKEIN_TEST_KEEP_CHILD"); args != "" {
		a := strings.Split(args, "\n")
		keepChild(t, a[0], a[1:])
		return
	}
	store := t.TempDir()
	var lines []string
	for i := range 6 {
		text := fmt.Sprintf("Minister %03d said the budget was late.", i)
		lines = append(lines, fmt.Sprintf(`{"text":%q,"spans":[{"start":0,"end":12,"text":%q,"label":"actor","annotator":"al"},{"start":13,"end":17,"text":"said","label":"claim","annotator":"al"}]}`, text, text[:12]))
	}
	importAl(t, store, lines)
	child := func(mode string, args ...string) *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKeptByAKilledExport$", "-test.count=1")
		cmd.Env = append(os.Environ(), "SKEIN_TEST_KEEP_CHILD="+strings.Join(append([]string{mode, store, "-user", "al", "export"}, args...), "\n"))
		return cmd
	}
	killed := func(t *testing.T, cmd *exec.Cmd) {
		t.Helper()
		out, err := cmd.CombinedOutput()
		if ee, ok := err.(*exec.ExitError); !ok || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Fatalf("the child export: %v, want it killed\n%s", err, out)
		}
	}
	export := func(t *testing.T, args ...string) {
		t.Helper()
		if code, _, stderr := run(t, store, append([]string{"-user", "al", "export"}, args...)...); code != 0 {
			t.Fatalf("export %v = %d %s", args, code, stderr)
		}
	}
	hf := []string{"ner.jsonl", "ner.labels.json"}

	t.Run("hf killed with its label list new", func(t *testing.T) {
		out := t.TempDir()
		ner := filepath.Join(out, "ner.jsonl")
		export(t, "-format", "hf", "-labels", "claim", "-o", ner)
		before := readAll(t, out, hf...)
		killed(t, child("rename", "-format", "hf", "-o", ner))
		after := readAll(t, out, hf...)
		if after["ner.labels.json"] == before["ner.labels.json"] || after["ner.jsonl"] != before["ner.jsonl"] || len(hiddenIn(out)) == 0 {
			t.Fatalf("killed before its rows' rename, the export left %v and the label list %s, want a new label list beside the old rows, and its old content kept", hiddenIn(out), after["ner.labels.json"])
		}
		export(t, "-o", filepath.Join(out, "other.jsonl")) // the next export to the folder
		if got := readAll(t, out, hf...); got["ner.labels.json"] != before["ner.labels.json"] || got["ner.jsonl"] != before["ner.jsonl"] {
			t.Errorf("after the next export the label list is %s (rows as before: %v), want the rows and their label list as before the killed export: %s",
				got["ner.labels.json"], got["ner.jsonl"] == before["ner.jsonl"], before["ner.labels.json"])
		}
		if left := hiddenIn(out); len(left) > 0 {
			t.Errorf("after the next export the folder holds %v", left)
		}
	})

	t.Run("split killed before its marker", func(t *testing.T) {
		out := t.TempDir()
		s := filepath.Join(out, "s.jsonl")
		parts := []string{"s.train.jsonl", "s.dev.jsonl", "s.test.jsonl"}
		export(t, "-split", "50/25/25", "-seed", "1", "-o", s)
		before := readAll(t, out, parts...)
		killed(t, child("keep", "-split", "50/25/25", "-seed", "2", "-o", s))
		if !slices.ContainsFunc(hiddenIn(out), func(n string) bool { return strings.HasPrefix(n, ".skein-old-") }) {
			t.Fatalf("killed after keeping its parts, the export left %v, want their old content kept", hiddenIn(out))
		}
		export(t, "-o", filepath.Join(out, "other.jsonl"))
		if got := readAll(t, out, parts...); !sameFiles(got, before) {
			t.Errorf("after the next export the parts are not as before the killed export")
		}
		if left := hiddenIn(out); len(left) > 0 {
			t.Errorf("after the next export the folder holds %v", left)
		}
	})

	t.Run("a live export's kept content is left alone", func(t *testing.T) {
		out := t.TempDir()
		sync := t.TempDir()
		ner := filepath.Join(out, "ner.jsonl")
		export(t, "-format", "hf", "-labels", "claim", "-o", ner)
		clean := t.TempDir()
		export(t, "-format", "hf", "-o", filepath.Join(clean, "ner.jsonl"))
		want := readAll(t, clean, hf...)
		cmd := child("wait:"+sync, "-format", "hf", "-o", ner)
		var said strings.Builder
		cmd.Stdout, cmd.Stderr = &said, &said
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		for {
			if _, err := os.Stat(filepath.Join(sync, "ready")); err == nil {
				break
			}
			if cmd.ProcessState != nil {
				t.Fatalf("the child ended: %s", said.String())
			}
			time.Sleep(10 * time.Millisecond)
		}
		held := hiddenIn(out)
		if !slices.ContainsFunc(held, func(n string) bool { return strings.HasPrefix(n, ".skein-old-") }) {
			t.Fatalf("the running export keeps %v, want its label list's old content", held)
		}
		// While it runs (it holds its store: another store exports).
		other := t.TempDir()
		importAl(t, other, lines)
		if code, _, stderr := run(t, other, "-user", "al", "export", "-o", filepath.Join(out, "other.jsonl")); code != 0 {
			t.Fatalf("export beside it = %d %s", code, stderr)
		}
		if got := hiddenIn(out); !slices.Equal(got, held) {
			t.Errorf("an export beside a running one changed what it kept: %v, then %v", held, got)
		}
		os.WriteFile(filepath.Join(sync, "go"), nil, 0o644)
		if err := cmd.Wait(); err != nil || !strings.Contains(said.String(), "exit 0\n") {
			t.Fatalf("the running export: %v\n%s", err, said.String())
		}
		if got := readAll(t, out, hf...); !sameFiles(got, want) {
			t.Errorf("the running export wrote the label list %s, want %s (rows alike: %v)", got["ner.labels.json"], want["ner.labels.json"], got["ner.jsonl"] == want["ner.jsonl"])
		}
		if left := hiddenIn(out); len(left) > 0 {
			t.Errorf("once it ended the folder holds %v", left)
		}
	})
}

func sameFiles(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
