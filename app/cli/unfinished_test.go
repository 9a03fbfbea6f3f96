package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skein-news/skein/store/stuck"
)

// A store holding a write a kill left under way that no open can finish
// leaves the researcher a way out: the commands that read read the rest,
// read-only, saying that write is not in what they show; those that write
// are refused naming the write, what failed and what to do; and check
// -set-aside-unfinished moves the write into a file in the store's folder
// and opens the store without it, after which everything works. check
// -put-back brings it back.
func TestUnfinishedWriteCommands(t *testing.T) {
	dir, more := readOnlyFixture(t)
	want := readOutputs(t, dir)
	// A write no open could finish is not put back: its span is on an
	// article the store does not hold.
	take := stuck.File(t)
	code, _, stderr := run(t, dir, "check", "-put-back", take)
	if code != 1 || !strings.Contains(stderr, take+": a take's journal: Spans[0]") || !strings.Contains(stderr, stuck.Article.ID) || !strings.Contains(stderr, "nothing was written") {
		t.Fatalf("check -put-back of a write on an article not in the store = %d %q; want 1, the file and the field named, nothing written", code, stderr)
	}
	if code, _, stderr := run(t, dir, "list"); code != 0 || stderr != "" {
		t.Fatalf("list after the refused put-back = %d %q; want the store as it was", code, stderr)
	}
	stuck.Take(t, dir)

	// The commands that write: refused, naming the write and the way out.
	for range 2 {
		code, _, stderr = run(t, dir, "-user", "bob", "import", more)
		for _, w := range []string{"cannot open store " + dir, "a take from another machine", "finishing it failed", "store refuses its batch", "check -set-aside-unfinished"} {
			if code != 1 || !strings.Contains(stderr, w) {
				t.Errorf("import = %d %q; want 1, saying %q", code, stderr, w)
			}
		}
		if strings.Contains(stderr, "restore FILE") {
			t.Errorf("import's refusal %q sends the researcher to a backup, not the way out", stderr)
		}
	}
	// The commands that read: as before, read-only, saying what they leave out.
	for _, args := range readCommands {
		args, name, path := argsIn(args, t.TempDir())
		code, out, stderr := run(t, dir, args...)
		if code != 0 || !strings.Contains(stderr, "skein: note: store "+dir+" is read-only, as it stands, without an interrupted write that could not be finished (skein -store "+dir+" check -set-aside-unfinished") ||
			!strings.Contains(stderr, "it holds a write (a take from another machine)") {
			t.Errorf("%s = %d %q; want 0 and the note", name, code, stderr)
			continue
		}
		if got := withoutPath(out, path); got != want[name] {
			t.Errorf("%s printed\n%s\nwant, as before the write,\n%s", name, got, want[name])
		}
	}

	// Set aside: into a file in the store's folder, and the store is whole.
	code, out, stderr := run(t, dir, "check", "-set-aside-unfinished")
	files, _ := filepath.Glob(filepath.Join(dir, "set-aside", "*.json"))
	if code != 0 || len(files) != 1 || !strings.Contains(stderr, "set aside a write (a take from another machine)") || !strings.Contains(stderr, files[0]) ||
		!strings.Contains(out, "store is sound") {
		t.Fatalf("check -set-aside-unfinished = %d %q %q, files %v; want the write set aside into one file, named, and the store sound", code, out, stderr, files)
	}
	// What is safe and how to undo it, as a stranger needs it said.
	for _, w := range []string{"can be changed again", "what the write had written before the kill stays", "skein -store " + dir + " check -put-back " + files[0] + " puts it back"} {
		if !strings.Contains(stderr, w) {
			t.Errorf("check -set-aside-unfinished says %q; want it to say %q", stderr, w)
		}
	}
	if data, err := os.ReadFile(files[0]); err != nil || !strings.Contains(string(data), "00000000000000aa") && !strings.Contains(string(data), "store refuses its batch") {
		t.Errorf("the set-aside file: %v %s", err, data)
	}
	code, _, stderr = run(t, dir, "-user", "bob", "import", more)
	if code != 0 {
		t.Errorf("import after the set-aside = %d %q", code, stderr)
	}
	code, out, stderr = run(t, dir, "check", "-set-aside-unfinished")
	if files, _ := filepath.Glob(filepath.Join(dir, "set-aside", "*.json")); code != 0 || len(files) != 1 || !strings.Contains(stderr, "nothing was set aside") {
		t.Errorf("check -set-aside-unfinished again = %d %q %q, %d files; want nothing set aside, and said", code, out, stderr, len(files))
	}
	code, out, stderr = run(t, dir, "list")
	if code != 0 || stderr != "" || !strings.Contains(out, "New") {
		t.Errorf("list after the set-aside = %d %q %q", code, out, stderr)
	}

	// Put back once the store holds the article again: the next open
	// finishes the write, and its span is there.
	article := filepath.Join(t.TempDir(), "article.jsonl")
	if err := os.WriteFile(article, []byte(fmt.Sprintf(`{"title":%q,"text":%q}`+"\n", stuck.Article.Title, stuck.Article.Text)), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(t, dir, "-user", "bob", "import", article); code != 0 {
		t.Fatalf("import of the article = %d %q", code, stderr)
	}
	code, out, stderr = run(t, dir, "check", "-put-back", files[0])
	if code != 0 || !strings.Contains(stderr, "put back a write (a take from another machine)") || !strings.Contains(out, "store is sound") {
		t.Fatalf("check -put-back once the article is back = %d %q %q; want 0, the write put back and finished", code, out, stderr)
	}
	code, out, stderr = run(t, dir, "export", "-all")
	if code != 0 || !strings.Contains(out, `"label":"claim"`) || !strings.Contains(out, stuck.Article.ID) {
		t.Errorf("export after the put-back = %d %q %q; want the write's claim on the article", code, out, stderr)
	}
}

// The refusal of a store holding a write that cannot be finished says one
// thing, read whole: this write cannot be finished, and the rest of the
// store is read as it was. It said "nothing of it was written: the store
// is damaged. Nothing else in the store is lost" (damaged, then not; and
// nothing written, where a kill during the write may have left part of it
// written, which the set-aside keeps). The README quotes it as printed.
func TestUnfinishedWriteSaysOneThing(t *testing.T) {
	dir, more := readOnlyFixture(t)
	stuck.Take(t, dir)
	code, _, stderr := run(t, dir, "-user", "bob", "import", more)
	parts := []string{
		"it holds a write (a take from another machine) not yet finished, in its journal, and finishing it failed: finish an interrupted write: " +
			"the journal of a write a kill interrupted (a take from another machine) cannot be finished: ",
		"; finishing it wrote nothing. Nothing else in the store is lost: ",
	}
	for _, w := range parts {
		if code != 1 || !strings.Contains(stderr, w) {
			t.Errorf("import = %d %q; want it to say %q", code, stderr, w)
		}
	}
	for _, w := range []string{"the store is damaged", "nothing of it was written"} {
		if strings.Contains(stderr, w) {
			t.Errorf("import's refusal says %q, and then that nothing else is lost: %q", w, stderr)
		}
	}
	md := strings.Join(strings.Fields(readme(t)), " ")
	for _, w := range parts {
		if !strings.Contains(md, w) {
			t.Errorf("the README does not quote the refusal as printed: it lacks %q", w)
		}
	}
}
