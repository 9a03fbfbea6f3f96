//go:build unix

package cli

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate"
)

// threadedCorpus writes a skein JSONL bundle of n articles, each with two
// of al's spans, and n/3 threads each joining spans of three articles.
func threadedCorpus(t *testing.T, n int) string {
	t.Helper()
	var b strings.Builder
	ids := make([]string, n)
	for i := range n {
		text := fmt.Sprintf("Minister %05d said the budget was late. ", i) + strings.Repeat("The budget office said nothing more. ", 12)
		ids[i] = annotate.DocID(text)
		fmt.Fprintf(&b, `{"text":%q,"source":"wire/%05d.txt","spans":[{"id":"a%05d","start":0,"end":14,"text":%q,"label":"actor","annotator":"al"},{"id":"b%05d","start":20,"end":26,"text":%q,"label":"claim","annotator":"al"}]}`+"\n", text, i, i, text[:14], i, text[20:26])
	}
	for i := 0; i+2 < n; i += 3 {
		fmt.Fprintf(&b, `{"type":"thread","id":"t%05d","title":"budget %d","annotator":"al","members":[{"doc":%q,"span":"a%05d"},{"doc":%q,"span":"b%05d","link":"repeats"},{"doc":%q,"span":"a%05d","link":"repeats"}]}`+"\n",
			i, i, ids[i], i, ids[i+1], i+1, ids[i+2], i+2)
	}
	in := filepath.Join(t.TempDir(), "wire.jsonl")
	if err := os.WriteFile(in, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return in
}

// TestImportKilledSaysWhich: an import killed (a real SIGKILL) after some
// of its articles were written, before their threads, left the store so
// without a word: skein check found it sound and nothing said that the
// threads were missing. The store records the import before its write and
// clears the record after: skein check now names the import cut short and
// the command that completes it, and that command, run again, says it
// completes it and gives the store one whole import gives, after which
// skein check says nothing of it.
func TestImportKilledSaysWhich(t *testing.T) {
	if asChild(t, "SKEIN_TEST_IMPORT_CUT") {
		return
	}
	in := threadedCorpus(t, 6000)
	args := []string{"-user", "al", "import", in}
	clean := t.TempDir()
	if code, out, stderr := run(t, clean, args...); code != 0 {
		t.Fatalf("import = %d %s %s", code, out, stderr)
	}
	want := storeDump(t, clean)
	if code, out, _ := run(t, clean, "check"); code != 0 || strings.Contains(out, "note:") {
		t.Fatalf("skein check after a whole import = %d, said\n%s", code, out)
	}
	store := t.TempDir()
	child := func() error { return childRun("TestImportKilledSaysWhich", "SKEIN_TEST_IMPORT_CUT", store, args).Run() }
	start := time.Now()
	if err := child(); err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	cmd := "skein -user al import " + in
	for kill := 0; ; kill++ {
		if kill == 40 {
			t.Fatal("40 kills, none between the import's articles and its threads: the test proves nothing")
		}
		os.RemoveAll(store)
		before := storeDump(t, store)
		c := childRun("TestImportKilledSaysWhich", "SKEIN_TEST_IMPORT_CUT", store, args)
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		// The write is the import's second half.
		time.Sleep(took/3 + time.Duration(rand.Int64N(int64(took*2/3))))
		c.Process.Signal(syscall.SIGKILL)
		c.Wait()
		got := storeDump(t, store)
		if got == want || got == before {
			continue
		}
		code, out, stderr := run(t, store, "check")
		if code != 0 || !strings.Contains(out, "note: an import begun ") || !strings.Contains(out, "did not finish") ||
			!strings.Contains(out, "without their threads and links. Run it again to complete it (what is in already is not imported twice): "+cmd+"\n") {
			t.Fatalf("skein check after an import killed between its articles and its threads = %d, said\n%s%s\nwant it to name the import and %q", code, out, stderr, cmd)
		}
		code, out, stderr = run(t, store, args...)
		if code != 0 || !strings.Contains(stderr, "note: this import completes the same import begun ") {
			t.Fatalf("the import again = %d, said\n%s%s\nwant that it completes the one cut short", code, out, stderr)
		}
		if got := storeDump(t, store); got != want {
			t.Fatalf("the import run again did not complete it: %s", dumpDiff(got, want))
		}
		if code, out, _ := run(t, store, "check"); code != 0 || strings.Contains(out, "note:") {
			t.Fatalf("skein check once the import is complete = %d, said\n%s", code, out)
		}
		t.Logf("kill %d fell between the articles and the threads", kill)
		return
	}
}
