//go:build unix

package cli

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate/formats"
	"github.com/skein-news/skein/annotate/proctest"
)

// A hostile or damaged marker beside an export -split's parts
// (.skein-split-s) never has anything deleted or written but the
// export's own parts: one naming files outside the folder, by ../ or an
// absolute path, or a file of the folder that is no part, is written over
// and nothing it names is touched. One that is no file skein writes — a
// named pipe (read, it would wait for ever), a symbolic link (here to a
// file outside the folder), a file of 64 MB (read whole into memory; a
// link to /dev/zero never ends) — is refused before anything is written,
// saying what it is, and left as it is.
func TestHostileSplitMarker(t *testing.T) {
	dir := splitCorpus(t)
	parts := []string{"s.dev.jsonl", "s.test.jsonl", "s.train.jsonl"}
	setup := func(t *testing.T) (out, victim string, before map[string]string) {
		t.Helper()
		root := t.TempDir()
		out = filepath.Join(root, "out")
		victim = filepath.Join(root, "victim")
		os.MkdirAll(out, 0o755)
		os.WriteFile(victim, []byte("mine"), 0o644)
		os.WriteFile(filepath.Join(out, "notes.txt"), []byte("mine"), 0o644)
		if code, _, stderr := run(t, dir, "-user", "al", "export", "-split", "50/25/25", "-seed", "1", "-o", filepath.Join(out, "s.jsonl")); code != 0 {
			t.Fatalf("export = %d %s", code, stderr)
		}
		before = map[string]string{}
		for _, p := range parts {
			b, _ := os.ReadFile(filepath.Join(out, p))
			before[p] = string(b)
		}
		return out, victim, before
	}
	export := func(t *testing.T, out string) (int, string) {
		t.Helper()
		type result struct {
			code   int
			stderr string
		}
		done := make(chan result, 1)
		go func() {
			code, _, stderr := run(t, dir, "-user", "al", "export", "-split", "50/25/25", "-seed", "2", "-o", filepath.Join(out, "s.jsonl"))
			done <- result{code, stderr}
		}()
		select {
		case r := <-done:
			return r.code, r.stderr
		case <-time.After(time.Minute):
			t.Fatal("export -split has not returned after a minute")
			return 0, ""
		}
	}
	intact := func(t *testing.T, out, victim string) {
		t.Helper()
		for _, p := range []string{victim, filepath.Join(out, "notes.txt")} {
			if b, err := os.ReadFile(p); err != nil || string(b) != "mine" {
				t.Errorf("%s after the export: %q, %v; want it untouched", p, b, err)
			}
		}
		ents, _ := os.ReadDir(out)
		for _, e := range ents {
			if n := e.Name(); strings.HasPrefix(n, ".skein-export-") || strings.HasPrefix(n, ".skein-old-") {
				t.Errorf("left beside the parts: %s", n)
			}
		}
	}
	mark := func(out string) string { return filepath.Join(out, ".skein-split-s") }

	for _, c := range []struct{ name, marker string }{
		{"names files outside", `{"parts":[{"name":"s.dev.jsonl","old":"../victim"},{"name":"s.test.jsonl","new":"../victim"},{"name":"s.train.jsonl"}],"stale":["../victim"]}`},
		{"names absolute paths", `{"parts":[{"name":"s.dev.jsonl"},{"name":"s.test.jsonl"},{"name":"s.train.jsonl"}],"stale":["VICTIM"]}`},
		{"names a file that is no part", `{"parts":[{"name":"notes.txt","old":".skein-old-x"},{"name":"s.test.jsonl"},{"name":"s.train.jsonl"}],"stale":["notes.txt"]}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, victim, _ := setup(t)
			os.WriteFile(mark(out), []byte(strings.ReplaceAll(c.marker, "VICTIM", victim)), 0o644)
			if code, stderr := export(t, out); code != 0 {
				t.Fatalf("export = %d %s", code, stderr)
			}
			intact(t, out, victim)
			if _, err := os.Lstat(mark(out)); err == nil {
				t.Error("the marker is left after the export")
			}
		})
	}

	// A marker whose old content's file is a named pipe, the part beside
	// it as empty as a pipe: the look at whether the part was renamed
	// read the pipe and waited for ever.
	t.Run("names a named pipe as a part's old content", func(t *testing.T) {
		out, victim, _ := setup(t)
		// The marker of an export of this machine, dead: one acted on.
		keep := strings.Replace(filepath.Base(formats.ExportFileName(1, proctest.DeadPID(t))), ".skein-export-", ".skein-keep-", 1)
		if err := syscall.Mkfifo(filepath.Join(out, ".skein-old-00000000000000aa"), 0o644); err != nil {
			t.Skip(err)
		}
		os.WriteFile(filepath.Join(out, "s.dev.jsonl"), nil, 0o644)
		os.WriteFile(mark(out), []byte(`{"parts":[{"name":"s.dev.jsonl","old":".skein-old-00000000000000aa"},{"name":"s.test.jsonl"},{"name":"s.train.jsonl"}],"keep":"`+keep+`"}`), 0o644)
		if code, stderr := export(t, out); code != 0 {
			t.Fatalf("export = %d %s", code, stderr)
		}
		intact(t, out, victim)
	})

	for _, c := range []struct {
		name, want string
		make       func(t *testing.T, path, victim string)
	}{
		{"a named pipe", "(a named pipe)", func(t *testing.T, p, _ string) {
			if err := syscall.Mkfifo(p, 0o644); err != nil {
				t.Skip(err)
			}
		}},
		{"a link out of the folder", "(a symbolic link)", func(t *testing.T, p, victim string) {
			if err := os.Symlink(victim, p); err != nil {
				t.Fatal(err)
			}
		}},
		{"a file of 64 MB", "(67108864 bytes, more than the 1048576 one may hold)", func(t *testing.T, p, _ string) {
			f, err := os.Create(p)
			if err != nil {
				t.Fatal(err)
			}
			f.Truncate(64 << 20) // sparse: no disk is used
			f.Close()
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, victim, before := setup(t)
			c.make(t, mark(out), victim)
			fi, _ := os.Lstat(mark(out))
			code, stderr := export(t, out)
			t.Log(stderr)
			if want := mark(out) + " is not a marker skein wrote " + c.want + ": move it out of the way (nothing was written)"; code == 0 || !strings.Contains(stderr, want) {
				t.Errorf("export = %d %q; want it refused saying %q", code, stderr, want)
			}
			for _, p := range parts {
				if b, _ := os.ReadFile(filepath.Join(out, p)); string(b) != before[p] {
					t.Errorf("%s changed although the export was refused", p)
				}
			}
			intact(t, out, victim)
			if now, err := os.Lstat(mark(out)); err != nil || now.Mode() != fi.Mode() || now.Size() != fi.Size() {
				t.Errorf("the marker after the refusal: %v, %v; want it as it was (%v)", now, err, fi.Mode())
			}
		})
	}
}
