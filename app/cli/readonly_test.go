package cli

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/skein-news/skein/store"
	"github.com/skein-news/skein/store/rofolder"
	"github.com/skein-news/skein/store/stuck"
)

// readOnlyFixture is a closed store in a new folder with bob's and carol's
// spans on two seed articles and a thread of bob's, and a file of new
// articles to import.
func readOnlyFixture(t *testing.T) (dir, more string) {
	t.Helper()
	dir = t.TempDir()
	bySource := seedsBySource(t)
	a, b := bySource["000_a028c591ba1f5ed0.txt"], bySource["001_f69399a660d41165.txt"]
	lines := []string{
		seedLine(t, a, [4]string{"b1", "2,267", "figure", "bob"}, [4]string{"c1", "2,267", "figure", "carol"},
			[4]string{"b2", "Anwar ul-Haq Kakar", "actor", "bob"}),
		seedLine(t, b, [4]string{"b3", "some 2,300", "figure", "bob"}, [4]string{"c3", "some 2,300", "figure", "carol"}),
		fmt.Sprintf(`{"type":"thread","id":"cas","title":"casualties","annotator":"bob","members":[{"doc":%q,"span":"b1"},{"doc":%q,"span":"b3","link":"repeats"}]}`, a.ID, b.ID),
	}
	file := filepath.Join(t.TempDir(), "bob.jsonl")
	if err := os.WriteFile(file, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(t, dir, "-user", "bob", "import", file); code != 0 {
		t.Fatalf("import = %d %q", code, stderr)
	}
	more = filepath.Join(t.TempDir(), "more.jsonl")
	if err := os.WriteFile(more, []byte(`{"title":"New","text":"A new article."}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, more
}

// readCommands are the commands that only read, with their arguments.
var readCommands = [][]string{
	{"list"},
	{"export", "-all", "-threads"},
	{"-user", "bob", "export", "-format", "brat", "-o", "BRAT"},
	{"search", "Kakar"},
	{"threads"},
	{"threads", "-json", "-links"},
	{"agree", "-a", "bob", "-b", "carol"},
	{"check"},
	{"backup", "-o", "BACKUP"},
}

// argsIn is args with BRAT or BACKUP made a path in out, the name of the
// test args give, and that path ("" for none).
func argsIn(args []string, out string) (got []string, name, path string) {
	for _, a := range args {
		switch a {
		case "BRAT", "BACKUP":
			path = filepath.Join(out, strings.ToLower(a))
			a = path
		}
		got = append(got, a)
	}
	return got, strings.Join(args, " "), path
}

// withoutPath is out with path, where the run wrote, said as OUT, and a
// backup's size said as SIZE: the store holding a write not yet finished
// backs up a few hundred bytes more than before it, which the size in KB
// shows (in MB both read "0.0 MB").
func withoutPath(out, path string) string {
	if path == "" {
		return out
	}
	out = strings.ReplaceAll(out, path, "OUT")
	return backupSize.ReplaceAllString(out, "(SIZE)")
}

var backupSize = regexp.MustCompile(`\([0-9.]+ (bytes?|KB|MB)\)`)

// readOutputs is what each of readCommands prints on the writable store in
// dir, which they must read without a word on stderr but their own.
func readOutputs(t *testing.T, dir string) map[string]string {
	t.Helper()
	want := map[string]string{}
	for _, args := range readCommands {
		args, name, path := argsIn(args, t.TempDir())
		code, out, stderr := run(t, dir, args...)
		if code != 0 {
			t.Fatalf("%s on the writable store = %d %q", name, code, stderr)
		}
		if strings.Contains(stderr, "read-only") {
			t.Errorf("%s on a writable store says %q", name, stderr)
		}
		want[name] = withoutPath(out, path)
	}
	return want
}

// The commands that only read work on a store whose folder the user cannot
// write, as they do on a writable one, saying once that it was opened
// read-only; those that write are refused saying why and what to do; and
// nothing in the folder changes.
func TestReadOnlyStoreCommands(t *testing.T) {
	dir, more := readOnlyFixture(t)
	want := readOutputs(t, dir)

	rofolder.Make(t, dir)
	before := rofolder.State(t, dir)
	note := "skein: note: store " + dir + " is opened read-only, as you cannot write into its folder: nothing in it can be changed\n"
	for _, args := range readCommands {
		args, name, path := argsIn(args, t.TempDir())
		code, stdout, stderr := run(t, dir, args...)
		if code != 0 || !strings.HasPrefix(stderr, note) || strings.Count(stderr, "read-only") != 1 {
			t.Errorf("%s on the read-only store = %d, stderr %q; want 0 and the note once", name, code, stderr)
			continue
		}
		if got := withoutPath(stdout, path); got != want[name] {
			t.Errorf("%s on the read-only store printed\n%s\nwant, as on the writable one,\n%s", name, got, want[name])
		}
		switch {
		case strings.HasSuffix(path, "backup"):
			if err := store.VerifyBackup(path); err != nil {
				t.Errorf("the backup of the read-only store: %v", err)
			}
		case path != "":
			if files, _ := filepath.Glob(filepath.Join(path, "*.ann")); len(files) == 0 {
				t.Errorf("%s wrote no .ann file", name)
			}
		}
	}

	// A reader beside them (a window, an export) does not make them say
	// the store is open in another process: they could not write it at all.
	reader, err := store.Open(dir, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	for _, args := range [][]string{
		{"import", more},
		{"rm", "someid"},
		{"curate", "-annotators", "bob,carol"},
		{"team", t.TempDir()},
		{"sync", t.TempDir()},
		{"assign", "-annotators", "bob,carol", t.TempDir()},
	} {
		code, _, stderr := run(t, dir, append([]string{"-user", "bob"}, args...)...)
		if code != 1 || !strings.Contains(stderr, "you cannot write into its folder") || !strings.Contains(stderr, "copy the folder somewhere you can write") {
			t.Errorf("%s on the read-only store = %d %q; want 1 and why, with what to do", args[0], code, stderr)
		}
	}
	if after := rofolder.State(t, dir); !reflect.DeepEqual(before, after) {
		t.Errorf("the read-only store's folder changed:\nbefore %v\nafter  %v", before, after)
	}
}

// Two exports of a read-only store run at once: the second reads it while
// the first still has it open.
func TestReadOnlyStoreTwoExports(t *testing.T) {
	dir, _ := readOnlyFixture(t)
	rofolder.Make(t, dir)
	pr, pw := io.Pipe()
	first := make(chan int)
	var firstErr bytes.Buffer
	go func() {
		env := Env{Stdout: pw, Stderr: &firstErr, Getenv: func(k string) string {
			if k == "SKEIN_STORE" {
				return dir
			}
			return ""
		}}
		code := Main([]string{"export", "-all", "-threads"}, env)
		pw.Close()
		first <- code
	}()
	// The first export has written its first line, and waits for it to
	// be read with the store open.
	r := bufio.NewReader(pr)
	line, err := r.ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	code, second, stderr := run(t, dir, "export", "-all", "-threads")
	if code != 0 {
		t.Fatalf("the second export = %d %q", code, stderr)
	}
	rest, _ := io.ReadAll(r)
	if code := <-first; code != 0 {
		t.Fatalf("the first export = %d %q", code, firstErr.String())
	}
	if got := line + string(rest); got != second || strings.Count(second, "\n") < 6 {
		t.Errorf("the two exports differ:\n%s\n---\n%s", got, second)
	}
}

// A store left open by a kill, in a folder the user cannot write, is read
// by the commands that read from a private copy in the temporary folder,
// where the kill's logs are replayed: they print what they print on the
// store closed cleanly, say so once with the copy's size, leave no copy
// behind, and nothing in the folder changes. Where the temporary folder
// has not the room, they refuse, saying so.
func TestReadOnlyStoreNotClosedCleanly(t *testing.T) {
	dir, _ := readOnlyFixture(t)
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.SetMeta("x", "y"); err != nil {
		t.Fatal(err)
	}
	killed := stuck.Killed(t, dir)
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	want := readOutputs(t, dir)
	for name, out := range want {
		want[name] = strings.ReplaceAll(out, dir, killed) // backup names the store
	}

	rofolder.Make(t, killed)
	before := rofolder.State(t, killed)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	note := "skein: note: store " + killed + " is read from a private copy ("
	for _, args := range readCommands {
		args, name, path := argsIn(args, t.TempDir())
		code, out, stderr := run(t, killed, args...)
		if code != 0 || !strings.HasPrefix(stderr, note) || !strings.Contains(stderr, " MB in "+tmp) || !strings.Contains(stderr, "not closed cleanly") || strings.Count(stderr, "skein: note:") != 1 ||
			!strings.Contains(stderr, "to work on it, copy its folder somewhere you can write and give that to -store") {
			t.Errorf("%s = %d %q; want 0 and the note once, with the copy's size and what to do", name, code, stderr)
			continue
		}
		if got := withoutPath(out, path); got != want[name] {
			t.Errorf("%s on the killed store printed\n%s\nwant, as on the store closed cleanly,\n%s", name, got, want[name])
		}
		if left, _ := os.ReadDir(tmp); len(left) != 0 {
			t.Errorf("%s left %d files in the temporary folder", name, len(left))
		}
	}
	if after := rofolder.State(t, killed); !reflect.DeepEqual(before, after) {
		t.Errorf("the killed store's folder changed:\nbefore %v\nafter  %v", before, after)
	}

	// No room for the copy: refused with the figures and what to do.
	small := rofolder.Small(t, 1<<20)
	t.Setenv("TMPDIR", small)
	code, out, stderr := run(t, killed, "list")
	if code != 1 || out != "" || !strings.Contains(stderr, "the copy needs") || !strings.Contains(stderr, "the temporary folder "+small) || !strings.Contains(stderr, "set TMPDIR") {
		t.Errorf("list without room for the copy = %d %q %q; want 1, the figures and what to do", code, out, stderr)
	}
	if left, _ := os.ReadDir(small); len(left) != 0 {
		t.Errorf("the refused copy left %d files", len(left))
	}
	if after := rofolder.State(t, killed); !reflect.DeepEqual(before, after) {
		t.Errorf("the killed store's folder changed")
	}
}

// Root, whom the system lets write anywhere, reads a store folder made
// chmod -R a-w as the user who made it so expects: read-only, saying so;
// the commands that write are refused, and nothing in the folder changes.
func TestReadOnlyStoreChmodAsRoot(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("root only: a user who is not root is kept out by the system (TestReadOnlyStoreCommands)")
	}
	dir, more := readOnlyFixture(t)
	rofolder.Chmod(t, dir)
	before := rofolder.State(t, dir)
	code, out, stderr := run(t, dir, "list")
	if code != 0 || !strings.Contains(stderr, "is opened read-only") || !strings.Contains(out, "Kakar") {
		t.Errorf("list = %d, stdout %q, stderr %q; want the articles and the note", code, out, stderr)
	}
	code, _, stderr = run(t, dir, "-user", "bob", "import", more)
	if code != 1 || !strings.Contains(stderr, "no write permission") {
		t.Errorf("import = %d %q; want 1 and the folder said to have no write permission", code, stderr)
	}
	if after := rofolder.State(t, dir); !reflect.DeepEqual(before, after) {
		t.Errorf("the chmod -w store's folder changed:\nbefore %v\nafter  %v", before, after)
	}
}
