//go:build unix

package cli

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/skein-news/skein/annotate/formats"
)

// A split's marker (.skein-split-s) that another machine's export wrote,
// arrived as a sync engine brings it (with the files it names: that
// export's old content and its parts being written), or one of an export
// of this machine still under way (its journal held), has nothing it
// names deleted by the next export here: only the prefix of each name was
// looked at, and the export deleted them all, which the sync then deleted
// on the other machine too. Nor is it written over: the export is refused,
// naming the marker, and changes nothing; skein check -export says so.
func TestForeignSplitMarkerKeepsItsFiles(t *testing.T) {
	dir := splitCorpus(t)
	other := "0123456789abcdef" // another machine's tag
	for _, c := range []struct {
		name    string
		machine string
		hold    bool
		says    string
		check   string // skein check -export's line of the marker
	}{
		{"another machine's, arrived by sync", other, false, "as the parts of another machine's split export",
			": left alone here, and an export -split to them here is refused while it is there; "},
		{"this machine's, its journal held", "", true, "as the parts of a split export under way on this machine (process " + fmt.Sprint(os.Getpid()),
			": the split's marker of an export under way (process " + fmt.Sprint(os.Getpid()) + ", its journal .skein-keep-00000000000000bb-"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			os.MkdirAll(out, 0o755)
			if code, _, stderr := run(t, dir, "-user", "al", "export", "-split", "50/25/25", "-seed", "1", "-o", filepath.Join(out, "s.jsonl")); code != 0 {
				t.Fatalf("export = %d %s", code, stderr)
			}
			pid := os.Getpid()
			machine := c.machine
			if machine == "" {
				machine = strings.Split(formats.ExportFileName(0xaa, pid), "-")[3] // this machine's tag
			}
			exp := fmt.Sprintf(".skein-export-00000000000000aa-%s-%d", machine, pid)
			keep := fmt.Sprintf(".skein-keep-00000000000000bb-%s-%d", machine, pid)
			theirs := []string{".skein-old-00000000000000cc", ".skein-old-00000000000000dd", exp}
			for _, n := range append(theirs, keep) {
				os.WriteFile(filepath.Join(out, n), []byte("theirs"), 0o644)
			}
			if c.hold { // as the live export holds its journal and the part it writes
				for _, n := range []string{keep, exp} {
					f, err := os.Open(filepath.Join(out, n))
					if err != nil {
						t.Fatal(err)
					}
					defer f.Close()
					if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
						t.Skip("no locks here:", err)
					}
				}
			}
			marker := fmt.Sprintf(`{"parts":[{"name":"s.dev.jsonl","old":%q},{"name":"s.test.jsonl","new":%q},{"name":"s.train.jsonl"}],"stale":[%q],"keep":%q}`,
				theirs[0], theirs[2], theirs[1], keep)
			os.WriteFile(filepath.Join(out, ".skein-split-s"), []byte(marker), 0o644)
			before := snapshot(t, out)
			code, _, stderr := run(t, dir, "-user", "al", "export", "-split", "50/25/25", "-seed", "2", "-o", filepath.Join(out, "s.jsonl"))
			want := "cannot write " + filepath.Join(out, "s.dev.jsonl") + ": " + filepath.Join(out, ".skein-split-s") + " marks s.dev.jsonl, s.test.jsonl and s.train.jsonl " + c.says
			if code != 1 || !strings.Contains(stderr, want) || !strings.HasSuffix(stderr, "(nothing was written)\n") {
				t.Errorf("export over the marker = %d %s\nwant 1 and %q", code, stderr, want)
			}
			same(t, before, snapshot(t, out))
			if code, said, _ := run(t, dir, "check", "-export", out); code != 0 || !strings.Contains(said, "\n.skein-split-s: ") || !strings.Contains(said, c.check) {
				t.Errorf("check -export = %d\n%s\nwant the marker's line to say %q", code, said, c.check)
			}
		})
	}
}

// skein export -split, run as a program, to the parts another machine's
// split export is writing or was killed writing, its marker, journal and
// files delivered as Syncthing delivers them: it refuses, naming the
// marker and the command that removes it, and changes nothing (it wrote
// over the marker, then deleted it once done, and the sync carried the
// parts and the deletion to that machine). The command, run by sh,
// removes the marker alone; the export then writes its parts and leaves
// that machine's other files as they came.
func TestSplitOverAnotherMachinesMarker(t *testing.T) {
	if holdBeforeRename(t) {
		return
	}
	store, parent, _ := killedSplit(t, "TestSplitOverAnotherMachinesMarker")
	dir := intoOddFolder(t, parent) // the command must quote its name
	there := asAnotherMachines(t, dir)
	mark := filepath.Join(dir, ".skein-split-ner")
	if b, err := os.ReadFile(mark); err != nil || !strings.Contains(string(b), there) {
		t.Fatalf("the marker delivered: %q, %v", b, err)
	}
	before := snapshot(t, dir)
	skein := func(args ...string) (int, string) {
		cmd := exec.Command(os.Args[0], args...)
		cmd.Env = append(os.Environ(), asSkein+"=1", "SKEIN_STORE="+store)
		var errb strings.Builder
		cmd.Stderr = &errb
		err := cmd.Run()
		code := 0
		if err != nil {
			code = -1
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			}
		}
		return code, errb.String()
	}
	export := []string{"-user", "al", "export", "-format", "hf", "-split", "50/25/25", "-o", filepath.Join(dir, "ner.jsonl")}
	code, stderr := skein(export...)
	want := regexp.MustCompile(`(?s)^skein export: cannot write ` + regexp.QuoteMeta(filepath.Join(dir, "ner.dev.jsonl")+": "+mark) +
		` marks ner\.dev\.jsonl, ner\.test\.jsonl and ner\.train\.jsonl as the parts of another machine's split export \(its journal \.skein-keep-[0-9a-f]{16}-` + there + `-\d+; ` +
		`.*remove the marker yourself: (rm -- '.*') \(nothing was written\)\n$`)
	m := want.FindStringSubmatch(stderr)
	if code != 1 || m == nil {
		t.Fatalf("skein export -split over another machine's marker = %d\n%s\nwant 1 and a message matching %s", code, stderr, want)
	}
	same(t, before, snapshot(t, dir))

	if out, err := exec.Command("sh", "-c", m[1]).CombinedOutput(); err != nil {
		t.Fatalf("sh -c %q: %v %s", m[1], err, out)
	}
	if _, err := os.Lstat(mark); err == nil {
		t.Fatalf("%s is still there after %s", mark, m[1])
	}
	if code, stderr := skein(export...); code != 0 {
		t.Fatalf("skein export -split once the marker is removed = %d %s", code, stderr)
	}
	after := snapshot(t, dir)
	for p, b := range before {
		name := filepath.Base(p)
		if strings.HasPrefix(name, ".skein-") && p != mark && after[p] != b {
			t.Errorf("the export changed %s, another machine's", name)
		}
	}
	if _, err := os.Lstat(mark); err == nil {
		t.Errorf("the export left a marker of its own")
	}
}

// A split's marker of this machine whose journal no one holds but whose
// process number is a running process's (the system gave it again, after
// a reboot say) is neither a killed export's nor a live one's: skein check
// -export called it "an export under way, here or on another machine …:
// left alone", and the next export -split wrote over it. It says now what
// that export does: writes over it, deleting nothing it names.
func TestCheckExportSplitMarkerOfARunningNumber(t *testing.T) {
	store := splitCorpus(t)
	out := t.TempDir()
	if code, _, stderr := run(t, store, "-user", "al", "export", "-split", "50/25/25", "-seed", "1", "-o", filepath.Join(out, "s.jsonl")); code != 0 {
		t.Fatalf("export = %d %s", code, stderr)
	}
	sleep := exec.Command("sleep", "600")
	if err := sleep.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sleep.Process.Kill(); sleep.Wait() })
	pid := sleep.Process.Pid
	machine := strings.Split(formats.ExportFileName(0xaa, pid), "-")[3] // this machine's tag
	keep := fmt.Sprintf(".skein-keep-00000000000000bb-%s-%d", machine, pid)
	old := ".skein-old-00000000000000cc"
	for _, n := range []string{keep, old} {
		os.WriteFile(filepath.Join(out, n), []byte("kept"), 0o644)
	}
	marker := fmt.Sprintf(`{"parts":[{"name":"s.dev.jsonl","old":%q},{"name":"s.test.jsonl"},{"name":"s.train.jsonl"}],"keep":%q}`, old, keep)
	os.WriteFile(filepath.Join(out, ".skein-split-s"), []byte(marker), 0o644)
	want := ".skein-split-s: a split's marker whose export cannot be told killed (its journal " + keep + " is not held, but its process runs or its name is not of skein's form), for s.dev.jsonl, s.test.jsonl and s.train.jsonl: the next export -split to them writes over it and deletes nothing it names\n"
	if code, said, _ := run(t, store, "check", "-export", out); code != 0 || !strings.Contains(said, want) {
		t.Errorf("check -export = %d\n%s\nwant the line\n%s", code, said, want)
	}
	if code, _, stderr := run(t, store, "-user", "al", "export", "-split", "50/25/25", "-seed", "2", "-o", filepath.Join(out, "s.jsonl")); code != 0 {
		t.Fatalf("export -split = %d %s", code, stderr)
	}
	if _, err := os.Lstat(filepath.Join(out, ".skein-split-s")); err == nil {
		t.Error("the marker is still there: the export did not write over it")
	}
	if b, err := os.ReadFile(filepath.Join(out, old)); err != nil || string(b) != "kept" {
		t.Errorf("%s, which the marker named: %q, %v", old, b, err)
	}
}
