package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestThreadsText checks `skein threads` as a researcher reads it: a thread
// of one member says "1 member", each figure shows how it was read, and a
// misspelt -annotator is named rather than listing nothing in silence;
// threads are listed by title.
func TestThreadsText(t *testing.T) {
	dir := t.TempDir()
	bySource := seedsBySource(t)
	a, b, c := bySource["000_a028c591ba1f5ed0.txt"], bySource["001_f69399a660d41165.txt"], bySource["002_b575546220e49dce.txt"]
	lines := []string{
		seedLine(t, a, [4]string{"f1", "2,267", "figure", "al"}, [4]string{"o1", "over 300,000", "figure", "al"}),
		seedLine(t, b, [4]string{"f2", "some 2,300", "figure", "al"}),
		seedLine(t, c, [4]string{"h1", "hundreds of thousands", "figure", "al"}, [4]string{"k1", "Kakar further mentioned", "claim", "al"}),
		fmt.Sprintf(`{"type":"thread","id":"cas","title":"casualties","annotator":"al","members":[{"doc":%q,"span":"f1"},{"doc":%q,"span":"f2","link":"repeats"}]}`, a.ID, b.ID),
		fmt.Sprintf(`{"type":"thread","id":"dep","title":"deported","annotator":"al","members":[{"doc":%q,"span":"h1"},{"doc":%q,"span":"o1","link":"repeats"}]}`, c.ID, a.ID),
		fmt.Sprintf(`{"type":"thread","id":"a1","title":"Kakar says","annotator":"al","members":[{"doc":%q,"span":"k1"}]}`, c.ID),
	}
	file := filepath.Join(t.TempDir(), "al.jsonl")
	if err := os.WriteFile(file, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, stderr := run(t, dir, "-user", "al", "import", file); code != 0 {
		t.Fatalf("import = %d %q %q", code, out, stderr)
	}
	code, out, stderr := run(t, dir, "-user", "al", "threads")
	if code != 0 || stderr != "" {
		t.Fatalf("threads = %d, stderr %q", code, stderr)
	}
	want := "cas  al  casualties  2 members\n" +
		"  1. [figure] 2,267  (" + a.ID + ")  = 2,267\n" +
		"  2. [figure] some 2,300  (" + b.ID + ") ←repeats  = about 2,300\n" +
		"dep  al  deported  2 members\n" +
		"  1. [figure] hundreds of thousands  (" + c.ID + ")  = at least 200,000\n" +
		"  2. [figure] over 300,000  (" + a.ID + ") ←repeats  = over 300,000\n" +
		"a1  al  Kakar says  1 member\n" + // by title, though its ID sorts first
		"  1. [claim] Kakar further mentioned  (" + c.ID + ")\n"
	if out != want {
		t.Errorf("threads printed\n%s\nwant\n%s", out, want)
	}

	code, out, stderr = run(t, dir, "-user", "al", "threads", "-annotator", "aal")
	if code != 0 || out != "" || !strings.Contains(stderr, `no spans or threads by annotator "aal"; annotators in this store: al`) {
		t.Errorf("threads -annotator aal = %d %q %q, want nothing listed and a warning naming al", code, out, stderr)
	}
	code, out, stderr = run(t, dir, "-user", "al", "threads", "-annotator", "al")
	if code != 0 || stderr != "" || !strings.Contains(out, "1 member\n") {
		t.Errorf("threads -annotator al = %d %q %q", code, out, stderr)
	}
}
