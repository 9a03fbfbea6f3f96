//go:build unix

package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
)

// snapshot is every name in dir with its content ("/" for a folder).
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if d.IsDir() {
			out[p] = "/"
			return nil
		}
		b, _ := os.ReadFile(p)
		out[p] = string(b)
		return nil
	})
	return out
}

// skein check -export DIR, after export -format hf -split was killed
// (a real SIGKILL) between its renames, beside a hidden export folder a
// skein before this one left: each hidden thing is listed with what the
// next export there does with it, the older skein's with the command
// that removes it, and nothing in DIR changes. The command given, run,
// removes it; the next export puts the rest right, and the check then
// finds nothing.
func TestCheckExportFolder(t *testing.T) {
	if holdBeforeRename(t) {
		return
	}
	store := splitCorpus(t)
	dir := t.TempDir()
	export := []string{"-user", "al", "export", "-format", "hf", "-split", "50/25/25", "-o", filepath.Join(dir, "ner.jsonl")}
	if code, _, stderr := run(t, store, export...); code != 0 {
		t.Fatalf("export = %d %s", code, stderr)
	}
	if code, out, _ := run(t, store, "check", "-export", dir); code != 0 || out != "export folder "+dir+" holds nothing exports left\n" {
		t.Fatalf("check -export after a whole export = %d\n%s", code, out)
	}
	ready := filepath.Join(t.TempDir(), "ready")
	cmd := holdChild("TestCheckExportFolder", store, ready, filepath.Join(t.TempDir(), "never"), export)
	done, _ := startHeld(t, cmd, ready)
	cmd.Process.Signal(syscall.SIGKILL)
	<-done
	older := filepath.Join(dir, ".skein-export-0123456789abcdef")
	if err := os.MkdirAll(filepath.Join(older, "wire"), 0o755); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, dir)

	code, out, stderr := run(t, store, "check", "-export", dir)
	if code != 0 || stderr != "" {
		t.Fatalf("check -export = %d %s", code, stderr)
	}
	if after := snapshot(t, dir); len(after) != len(before) {
		t.Errorf("check -export changed the folder: %d names before, %d after", len(before), len(after))
	} else {
		for p, b := range before {
			if after[p] != b {
				t.Errorf("check -export changed %s", p)
			}
		}
	}
	for _, want := range []string{
		`(?m)^\.skein-export-[0-9a-f]{16}-[0-9a-f]{16}-\d+: a hidden export file an export killed here left \(process \d+ is gone\): the next export into this folder removes it$`,
		`(?m)^\.skein-keep-[0-9a-f]{16}-[0-9a-f]{16}-\d+: the journal of an export killed here \(process \d+ is gone; it kept ner\.labels\.json's old content in \.skein-old-[0-9a-f]{16}, `,
		`(?m)^\.skein-split-ner: ner\.dev\.jsonl, ner\.test\.jsonl and ner\.train\.jsonl were left mixed by an export killed here between its renames \(none renamed yet\): the next export -split to them writes them all anew, then deletes \.skein-old-`,
		`(?m)^\.skein-export-0123456789abcdef: a hidden export folder a skein before this one left \(its name holds no machine or process\): no export removes it; once no export is running, remove it: rm -r -- ` + regexp.QuoteMeta(older) + `$`,
		`(?m)^export folder ` + regexp.QuoteMeta(dir) + `: \d+ things exports left \(above\); nothing was changed$`,
	} {
		if !regexp.MustCompile(want).MatchString(out) {
			t.Errorf("check -export said\n%s\nwant a line matching %s", out, want)
		}
	}
	// The command it gives, as a researcher would paste it.
	rm := regexp.MustCompile(`remove it: (rm -r -- .*)`).FindStringSubmatch(out)
	if rm == nil {
		t.Fatal("no command given")
	}
	if b, err := exec.Command("sh", "-c", rm[1]).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v %s", rm[1], err, b)
	}
	if code, _, stderr := run(t, store, export...); code != 0 {
		t.Fatalf("the export after the kill = %d %s", code, stderr)
	}
	if code, out, _ := run(t, store, "check", "-export", dir); code != 0 || out != "export folder "+dir+" holds nothing exports left\n" {
		t.Errorf("check -export after the next export = %d\n%s", code, out)
	}
}

// killedSplit is a store and a folder into which export -format hf
// -split was killed (a real SIGKILL) between its renames: its hidden
// export file, its journal, the copies of old content the journal names
// and the split's marker are left there. pid is the killed process's.
// test is the calling test, which begins with holdBeforeRename.
func killedSplit(t *testing.T, test string) (store, dir string, pid int) {
	t.Helper()
	store = splitCorpus(t)
	dir = t.TempDir()
	export := []string{"-user", "al", "export", "-format", "hf", "-split", "50/25/25", "-o", filepath.Join(dir, "ner.jsonl")}
	if code, _, stderr := run(t, store, export...); code != 0 {
		t.Fatalf("export = %d %s", code, stderr)
	}
	ready := filepath.Join(t.TempDir(), "ready")
	cmd := holdChild(test, store, ready, filepath.Join(t.TempDir(), "never"), export)
	done, _ := startHeld(t, cmd, ready)
	cmd.Process.Signal(syscall.SIGKILL)
	<-done
	return store, dir, cmd.Process.Pid
}

// same reports each name of before that after does not hold as it was,
// and each name after holds that before did not.
func same(t *testing.T, before, after map[string]string) {
	t.Helper()
	for p, b := range before {
		if a, ok := after[p]; !ok || a != b {
			t.Errorf("%s changed", p)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			t.Errorf("%s is new", p)
		}
	}
}

// skein check -export where another machine's export was killed and a
// sync engine (Syncthing, Dropbox) delivered what it left: each hidden
// file, its journal and its marker arrive as that machine wrote them,
// its machine's tag in their names and in what they name. Each is said
// to be that machine's, left alone here, and nothing changes; the next
// export here into the folder indeed leaves them.
func TestCheckExportOfAnotherMachine(t *testing.T) {
	if holdBeforeRename(t) {
		return
	}
	store, dir, _ := killedSplit(t, "TestCheckExportOfAnotherMachine")
	there := asAnotherMachines(t, dir)
	before := snapshot(t, dir)
	code, said, stderr := run(t, store, "check", "-export", dir)
	if code != 0 || stderr != "" {
		t.Fatalf("check -export = %d %s", code, stderr)
	}
	same(t, before, snapshot(t, dir))
	tag := `[0-9a-f]{16}-` + there + `-\d+`
	for _, want := range []string{
		`(?m)^\.skein-export-` + tag + `: a hidden export file of another machine's export \(arrived through a folder a sync engine shares\): left alone here; that machine's next export removes it if it was killed$`,
		`(?m)^\.skein-keep-` + tag + `: the journal of another machine's export \(arrived through a folder a sync engine shares; it kept ner\.labels\.json's old content in \.skein-old-[0-9a-f]{16}, .*\): left alone here; that machine's next export puts it right if it was killed$`,
		`(?m)^\.skein-split-ner: the split's marker of another machine's export \(arrived through a folder a sync engine shares; its journal \.skein-keep-` + tag + `\), for ner\.dev\.jsonl, ner\.test\.jsonl and ner\.train\.jsonl: left alone here, and an export -split to them here is refused while it is there; that machine's next export -split to them puts it right if it was killed$`,
		`(?m)^export folder ` + regexp.QuoteMeta(dir) + `: 5 things exports left \(above\); nothing was changed$`,
	} {
		if !regexp.MustCompile(want).MatchString(said) {
			t.Errorf("check -export said\n%s\nwant a line matching %s", said, want)
		}
	}
	if strings.Contains(said, "rm ") || strings.Contains(said, "killed here") {
		t.Errorf("check -export offered to remove another machine's:\n%s", said)
	}
	// The next export here into the folder, another file: it leaves them.
	if code, _, stderr := run(t, store, "-user", "al", "export", "-o", filepath.Join(dir, "all.jsonl")); code != 0 {
		t.Fatalf("export = %d %s", code, stderr)
	}
	after := snapshot(t, dir)
	for p, b := range before {
		if a, ok := after[p]; !ok || a != b {
			t.Errorf("the next export here changed %s", p)
		}
	}
}

// asAnotherMachines makes what a killed export left in dir another
// machine's, as a sync engine delivers it from there: each hidden file
// is taken away and arrives with that machine's tag wherever this one's
// is (in its name and its content), written as Syncthing writes a file it
// pulls (a hidden .syncthing.<name>.tmp beside it, given the file's mode
// and modification time, then renamed into place). It returns that
// machine's tag.
func asAnotherMachines(t *testing.T, dir string) (there string) {
	t.Helper()
	keep, _ := filepath.Glob(filepath.Join(dir, ".skein-keep-*"))
	if len(keep) != 1 {
		t.Fatalf("the killed export left journals %v", keep)
	}
	here := strings.Split(filepath.Base(keep[0]), "-")[3] // .skein-keep-<drawn>-<machine>-<pid>
	there = strings.Repeat("a", 16)
	if here == there {
		there = strings.Repeat("b", 16)
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if !strings.HasPrefix(e.Name(), ".skein-") {
			continue
		}
		p := filepath.Join(dir, e.Name())
		fi, err := os.Lstat(p)
		if err != nil || !fi.Mode().IsRegular() {
			t.Fatalf("%s: %v, %v; want a file", p, fi, err)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		os.Remove(p)
		name := strings.ReplaceAll(e.Name(), here, there)
		tmp := filepath.Join(dir, ".syncthing."+name+".tmp")
		if err := os.WriteFile(tmp, []byte(strings.ReplaceAll(string(b), here, there)), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(tmp, fi.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(tmp, fi.ModTime(), fi.ModTime()); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	return there
}

// intoOddFolder moves what is in dir into a new folder in it whose name a
// POSIX shell reads otherwise (a space, quotes, $, backquotes, a
// newline), and returns that folder.
func intoOddFolder(t *testing.T, dir string) string {
	t.Helper()
	odd := filepath.Join(dir, "it's a \"$HOME\" `dir`\n(2)")
	if err := os.Mkdir(odd, 0o755); err != nil {
		t.Fatal(err)
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if e.Name() != filepath.Base(odd) {
			if err := os.Rename(filepath.Join(dir, e.Name()), filepath.Join(odd, e.Name())); err != nil {
				t.Fatal(err)
			}
		}
	}
	return odd
}
