package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/skein-news/skein/app/serve"
	"github.com/skein-news/skein/seeds"
	"github.com/skein-news/skein/store"
)

// fakeWindow holds the store in dir open and serves the command line as
// the window does (app/run.go serveCLI): what it was asked to open and how
// often it was told the store changed are recorded.
type fakeWindow struct {
	st      *store.Store
	srv     *serve.Server
	opened  chan string
	changes atomic.Int32
}

func openFakeWindow(t testing.TB, dir string) *fakeWindow {
	t.Helper()
	return openFakeWindowAs(t, dir, "")
}

// openFakeWindowAs is openFakeWindow for a window annotating as user ("" the
// window that has not asked yet).
func openFakeWindowAs(t testing.TB, dir, user string) *fakeWindow {
	t.Helper()
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := seeds.Load(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	w := &fakeWindow{st: st, opened: make(chan string, 10)}
	w.srv, err = serve.Listen(dir, func(ctx context.Context, req serve.Request, stdout, stderr io.Writer) int {
		return Serve(ctx, req, Env{
			Stdout: stdout,
			Stderr: stderr,
			Caller: &Caller{Store: st, Dir: req.Dir, Umask: req.Umask, Changed: func() { w.changes.Add(1) },
				User: func() string { return user }},
			Window: func(_ *store.Store, _ string, _ bool, doc string) error {
				w.opened <- doc
				return nil
			},
		})
	})
	if err != nil {
		st.Close()
		t.Fatal(err)
	}
	t.Cleanup(w.close)
	return w
}

// close quits the window: the socket goes, then the store is closed.
func (w *fakeWindow) close() {
	if w.srv != nil {
		w.srv.Close()
		w.st.Close()
		w.srv = nil
	}
}

// servedCorpus imports two annotators' spans and a thread into the store in dir.
func servedCorpus(t *testing.T, dir string) {
	t.Helper()
	bySource := seedsBySource(t)
	a, b := bySource["000_a028c591ba1f5ed0.txt"], bySource["001_f69399a660d41165.txt"]
	lines := []string{
		seedLine(t, a,
			[4]string{"b1", "2,267", "figure", "bob"}, [4]string{"c1", "2,267", "figure", "carol"},
			[4]string{"b3", "60%", "figure", "bob"}, [4]string{"c3", "60%", "claim", "carol"}),
		seedLine(t, b, [4]string{"b4", "some 2,300", "figure", "bob"}),
		fmt.Sprintf(`{"type":"thread","id":"th1","title":"casualties","annotator":"bob","members":[{"doc":%q,"span":"b1"},{"doc":%q,"span":"b4","link":"repeats"}]}`, a.ID, b.ID),
	}
	file := filepath.Join(t.TempDir(), "team.jsonl")
	if err := os.WriteFile(file, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, stderr := run(t, dir, "-user", "bob", "import", file); code != 0 {
		t.Fatalf("import = %d %q %q", code, out, stderr)
	}
}

// TestServedSameAsClosed: with a window holding the store, each command
// prints byte for byte what it prints on the closed store, with the same
// exit status — where it used to fail with "open in another skein process".
func TestServedSameAsClosed(t *testing.T) {
	dir := t.TempDir()
	servedCorpus(t, dir)
	cmds := [][]string{
		{"-user", "bob", "export"},
		{"export", "-all", "-threads"},
		{"export", "-annotator", "bob", "-format", "conll"},
		{"list"},
		{"threads"},
		{"threads", "-json", "-links"},
		{"agree", "-a", "bob", "-b", "carol"},
		{"agree", "-annotators", "bob,carol", "-json"},
		{"search", "Kakar"},
		{"agree", "-a", "bob"},          // a usage error: 2
		{"export", "-format", "nosuch"}, // 2
		{"rm", "nosuch"},                // 1
		{"list", "-h"},                  // 0, the help on stderr
		{"nosuch"},                      // 2
	}
	type result struct {
		code        int
		out, stderr string
	}
	closed := make([]result, len(cmds))
	for i, c := range cmds {
		closed[i].code, closed[i].out, closed[i].stderr = run(t, dir, c...)
	}
	w := openFakeWindow(t, dir)
	for i, c := range cmds {
		var r result
		r.code, r.out, r.stderr = run(t, dir, c...)
		if strings.Contains(r.stderr, "open in another skein process") {
			t.Fatalf("skein %s was not served: %s", strings.Join(c, " "), r.stderr)
		}
		if r != closed[i] {
			t.Errorf("skein %s served = %d\n%s\n%s\nclosed store = %d\n%s\n%s", strings.Join(c, " "),
				r.code, r.out, r.stderr, closed[i].code, closed[i].out, closed[i].stderr)
		}
	}
	if n := w.changes.Load(); n != 1 { // rm nosuch changed nothing, but may have
		t.Errorf("the window was told of %d changes, want 1 (rm)", n)
	}
}

// TestServedChanges: a command that changes the store (curate, import)
// writes into the window's store and tells the window, which shows it.
func TestServedChanges(t *testing.T) {
	dir := t.TempDir()
	servedCorpus(t, dir)
	w := openFakeWindow(t, dir)
	code, out, stderr := run(t, dir, "curate", "-annotators", "bob,carol")
	if code != 0 || !strings.Contains(out, "curated") {
		t.Fatalf("served curate = %d %q %q", code, out, stderr)
	}
	if w.changes.Load() != 1 {
		t.Errorf("curate told the window of %d changes, want 1", w.changes.Load())
	}
	n, err := w.st.Counts(seedsBySource(t)["000_a028c591ba1f5ed0.txt"].ID, "curated")
	if err != nil || n["figure"] != 1 {
		t.Errorf("the window's store holds curated %v, %v; want the one agreed figure", n, err)
	}

	// An import from the caller's working folder, by a relative path.
	t.Chdir(t.TempDir())
	os.WriteFile("new.txt", []byte("A new article\n\nThe minister said 40 people attended.\n"), 0o644)
	code, out, stderr = run(t, dir, "import", "new.txt")
	if code != 0 || !strings.Contains(out, "imported 1 new document") {
		t.Fatalf("served import new.txt = %d %q %q", code, out, stderr)
	}
	if w.changes.Load() != 2 {
		t.Errorf("import told the window of %d changes, want 2 in all", w.changes.Load())
	}
	found := false
	w.st.Documents(context.Background(), func(d store.DocInfo) error {
		found = found || d.Title == "A new article"
		return nil
	})
	if !found {
		t.Error("the imported article is not in the window's store")
	}
}

// TestServedOpen: `skein open ID` and plain `skein` bring the window
// forward (on the article) and print nothing.
func TestServedOpen(t *testing.T) {
	dir := t.TempDir()
	w := openFakeWindow(t, dir)
	id := seedsBySource(t)["001_f69399a660d41165.txt"].ID
	for _, tc := range []struct {
		args []string
		doc  string
	}{{[]string{"open", id}, id}, {nil, ""}, {[]string{"open"}, ""}} {
		var out, errb bytes.Buffer
		code := Main(append([]string{"-store", dir}, tc.args...), Env{Stdout: &out, Stderr: &errb,
			Getenv: func(string) string { return "" },
			Window: func(*store.Store, string, bool, string) error { t.Error("a second window was started"); return nil }})
		if code != 0 || out.Len() > 0 || errb.Len() > 0 {
			t.Errorf("skein %v = %d %q %q", tc.args, code, out.String(), errb.String())
		}
		if got := <-w.opened; got != tc.doc {
			t.Errorf("skein %v opened %q, want %q", tc.args, got, tc.doc)
		}
	}
	code, out, stderr := run(t, dir, "open", "nosuch")
	if code != 1 || out != "" || stderr != "skein open: no document nosuch (skein list shows the IDs)\n" {
		t.Errorf("skein open nosuch = %d %q %q", code, out, stderr)
	}
	if len(w.opened) > 0 {
		t.Errorf("skein open nosuch opened %q", <-w.opened)
	}
}

// TestOpenStartsWindow: with no window, `skein open ID` starts one on
// that article and closes the store after it.
func TestOpenStartsWindow(t *testing.T) {
	dir := t.TempDir()
	id := seedsBySource(t)["001_f69399a660d41165.txt"].ID
	var got string
	var out, errb bytes.Buffer
	code := Main([]string{"-store", dir, "open", id}, Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" },
		Window: func(st *store.Store, _ string, _ bool, doc string) error { got = doc; return nil }})
	if code != 0 || got != id {
		t.Errorf("skein open %s = %d %q, window on %q", id, code, errb.String(), got)
	}
	if code, _, stderr := run(t, dir, "list"); code != 0 {
		t.Errorf("the store was left open: list = %d %q", code, stderr)
	}
}

// TestServedOtherUser: a window annotating as alice is not brought forward
// for bob (it would show and edit alice's layer); the commands that read
// or write the store run for bob as on the closed store.
func TestServedOtherUser(t *testing.T) {
	dir := t.TempDir()
	servedCorpus(t, dir)
	id := seedsBySource(t)["001_f69399a660d41165.txt"].ID
	_, closedExport, _ := run(t, dir, "-user", "bob", "export")
	w := openFakeWindowAs(t, dir, "alice")
	for _, args := range [][]string{{"-user", "bob", "open", id}, {"-user", "bob"}} {
		var out, errb bytes.Buffer
		code := Main(append([]string{"-store", dir}, args...), Env{Stdout: &out, Stderr: &errb,
			Getenv: func(string) string { return "" },
			Window: func(*store.Store, string, bool, string) error { t.Error("a second window was started"); return nil }})
		want := "the window holding store " + dir + " annotates as alice, not bob, so it was not brought forward: quit it, then run skein -user bob"
		if code != 1 || out.Len() > 0 || !strings.Contains(errb.String(), want) {
			t.Errorf("skein %v = %d %q %q; want 1 and a message with %q", args, code, out.String(), errb.String(), want)
		}
		if len(w.opened) > 0 {
			t.Errorf("skein %v brought alice's window forward on %q", args, <-w.opened)
		}
	}
	// The same user, or no -user at all, brings it forward.
	for _, args := range [][]string{{"-user", "alice", "open", id}, {"open", id}} {
		if code, _, stderr := run(t, dir, args...); code != 0 {
			t.Errorf("skein %v = %d %q", args, code, stderr)
		}
		if got := <-w.opened; got != id {
			t.Errorf("skein %v opened %q, want %q", args, got, id)
		}
	}
	// bob's layer, exported beside alice's window, as on the closed store.
	if code, out, stderr := run(t, dir, "-user", "bob", "export"); code != 0 || out != closedExport {
		t.Errorf("served -user bob export = %d %q, want the closed store's %d bytes", code, stderr, len(closedExport))
	}
}

// TestServedSyncRefused: the window runs the team folder itself; a served
// team or sync says so and runs no second engine (which would write the
// folder beside it), while assign writes the assignment and leaves this
// machine's files being written alone.
func TestServedSyncRefused(t *testing.T) {
	dir, folder := t.TempDir(), t.TempDir()
	if code, _, stderr := run(t, dir, "-user", "bob", "team", folder); code != 0 {
		t.Fatalf("team on the closed store = %d %q", code, stderr)
	}
	before := folderFiles(t, folder)
	openFakeWindowAs(t, dir, "bob")
	for _, args := range [][]string{{"sync"}, {"team"}, {"team", folder}, {"sync", "-take", "elsewhere"}} {
		code, out, stderr := run(t, dir, args...)
		want := "skein " + args[0] + ": the window holding store " + dir + " syncs with the team folder itself"
		if code != 1 || out != "" || !strings.HasPrefix(stderr, want) {
			t.Errorf("served %v = %d %q %q; want 1 and %q", args, code, out, stderr, want)
		}
	}
	if after := folderFiles(t, folder); after != before {
		t.Errorf("the refused commands wrote into the team folder:\nbefore %s\nafter  %s", before, after)
	}
	// A file the window's engine is writing right now.
	var pending string
	filepath.WalkDir(folder, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() && filepath.Base(filepath.Dir(p)) == "bob" {
			pending = filepath.Join(p, ".skein-tmp-"+d.Name()+"-123")
		}
		return nil
	})
	if pending == "" {
		t.Fatal("no layers/bob/MACHINE folder in the team folder")
	}
	os.WriteFile(pending, []byte("half written"), 0o644)
	if code, out, stderr := run(t, dir, "-user", "bob", "assign", "-annotators", "bob,carol"); code != 0 || !strings.Contains(out, "bob:") {
		t.Fatalf("served assign = %d %q %q", code, out, stderr)
	}
	if _, err := os.Stat(filepath.Join(folder, "assign.json")); err != nil {
		t.Errorf("served assign wrote no assignment: %v", err)
	}
	if _, err := os.Stat(pending); err != nil {
		t.Errorf("served assign removed the window's file being written: %v", err)
	}
}

// folderFiles lists the files under dir with their sizes.
func folderFiles(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if info, err := d.Info(); err == nil && !d.IsDir() {
			fmt.Fprintf(&b, "%s %d; ", strings.TrimPrefix(p, dir), info.Size())
		}
		return nil
	})
	return b.String()
}
