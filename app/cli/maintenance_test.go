package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
)

// annotatedStore makes a store with the seeds, spans of one annotator and
// a thread, and returns its folder.
func annotatedStore(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	bySource := seedsBySource(t)
	a, b := bySource["000_a028c591ba1f5ed0.txt"], bySource["001_f69399a660d41165.txt"]
	lines := []string{
		seedLine(t, a, [4]string{"f1", "2,267", "figure", "al"}),
		seedLine(t, b, [4]string{"f2", "some 2,300", "figure", "al"}),
		fmt.Sprintf(`{"type":"thread","id":"cas","title":"casualties","annotator":"al","members":[{"doc":%q,"span":"f1"},{"doc":%q,"span":"f2","link":"repeats"}]}`, a.ID, b.ID),
	}
	importAl(t, dir, lines)
	return dir
}

// importAl imports lines, skein's JSONL, into the store in dir as al.
func importAl(t *testing.T, dir string, lines []string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "al.jsonl")
	if err := os.WriteFile(file, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, stderr := run(t, dir, "-user", "al", "import", file); code != 0 {
		t.Fatalf("import = %d %q %q", code, out, stderr)
	}
}

func TestCheckCommand(t *testing.T) {
	dir := annotatedStore(t)
	code, out, stderr := run(t, dir, "check")
	if code != 0 || out != "store is sound: 5 articles, 2 spans, 1 thread\n" || stderr != "" {
		t.Errorf("check = %d %q %q", code, out, stderr)
	}
	if code, _, stderr := run(t, filepath.Join(dir, "nope"), "check"); code != 1 || !strings.Contains(stderr, "no store at") {
		t.Errorf("check of no store = %d %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "nope")); err == nil {
		t.Error("check made a store")
	}
}

// TestDamagedArticle is issue 10.1: a flipped bit in an article's text in
// the value log made `skein export -all` exit 0 with the changed text.
func TestDamagedArticle(t *testing.T) {
	dir := annotatedStore(t)
	a := seedsBySource(t)["000_a028c591ba1f5ed0.txt"]
	logs, _ := filepath.Glob(filepath.Join(dir, "*.vlog"))
	flipped := false
	needle := []byte(a.Text[200:260])
	for _, l := range logs {
		b, err := os.ReadFile(l)
		if err != nil {
			t.Fatal(err)
		}
		if i := bytes.Index(b, needle); i >= 0 {
			b[i+10] ^= 0x20 // a letter changes case
			if err := os.WriteFile(l, b, 0o644); err != nil {
				t.Fatal(err)
			}
			flipped = true
		}
	}
	if !flipped {
		t.Fatal("the article's text is not in a value-log file")
	}
	code, out, stderr := run(t, dir, "export", "-all")
	if code != 1 || strings.Contains(out, a.Text[:100]) && !strings.Contains(out, a.Text) {
		t.Errorf("export -all of a damaged store = %d, wrote %d bytes", code, len(out))
	}
	for _, want := range []string{a.ID, "damaged", "skein check", "restore", filepath.Join(dir, "backups")} {
		if !strings.Contains(stderr, want) {
			t.Errorf("export's message %q does not name %q", stderr, want)
		}
	}
	code, out, _ = run(t, dir, "check")
	if code != 1 || !strings.Contains(out, "article "+a.ID) || !strings.Contains(out, "store is damaged") {
		t.Errorf("check = %d %q", code, out)
	}
}

// TestMissingManifestCommand is issue 10.2: without its MANIFEST the store
// was taken for a new one, its tables deleted and the seeds put back.
func TestMissingManifestCommand(t *testing.T) {
	dir := annotatedStore(t)
	os.Remove(filepath.Join(dir, "MANIFEST"))
	before, _ := os.ReadDir(dir)
	code, out, stderr := run(t, dir, "list")
	if code != 1 || out != "" || !strings.Contains(stderr, "no MANIFEST") || !strings.Contains(stderr, "restore") {
		t.Errorf("list = %d %q %q", code, out, stderr)
	}
	if after, _ := os.ReadDir(dir); len(after) != len(before) {
		t.Errorf("the folder held %d files, now %d", len(before), len(after))
	}
	if code, out, _ := run(t, dir, "check"); code != 1 || !strings.Contains(out, "no MANIFEST") {
		t.Errorf("check = %d %q", code, out)
	}
}

// TestEmptyMemtableCommand is issue 10.3's reproduction: `: > S/00001.mem;
// skein -store S list` failed on the first try.
func TestEmptyMemtableCommand(t *testing.T) {
	dir := annotatedStore(t)
	if err := os.WriteFile(filepath.Join(dir, "00001.mem"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, stderr := run(t, dir, "list"); code != 0 || strings.Count(out, "\n") != 5 {
		t.Errorf("list = %d %q %q", code, out, stderr)
	}
}

// TestTruncatedTableCommand is issue 10.7: a table cut short gave a Go
// panic trace and exit 2.
func TestTruncatedTableCommand(t *testing.T) {
	dir := annotatedStore(t)
	tables, _ := filepath.Glob(filepath.Join(dir, "*.sst"))
	if len(tables) == 0 {
		t.Fatal("no table")
	}
	st, _ := os.Stat(tables[0])
	os.Truncate(tables[0], st.Size()/2)
	code, _, stderr := run(t, dir, "list")
	if code != 1 || strings.Contains(stderr, "goroutine") || !strings.Contains(stderr, "damaged") || strings.Count(stderr, "\n") > 2 {
		t.Errorf("list = %d %q", code, stderr)
	}
}

// TestBackupRestoreCommands: a restored store exports byte for byte what
// the original did.
func TestBackupRestoreCommands(t *testing.T) {
	dir := annotatedStore(t)
	_, want, _ := run(t, dir, "export", "-all", "-threads")
	file := filepath.Join(t.TempDir(), "team.skein-backup")
	code, out, stderr := run(t, dir, "backup", "-o", file)
	if code != 0 || !strings.Contains(out, "backed up") {
		t.Fatalf("backup = %d %q %q", code, out, stderr)
	}
	// A first store's backup is some 20 KB: it says so, where "(0.0 MB)"
	// read as a backup holding nothing.
	if fi, err := os.Stat(file); err != nil || fi.Size() >= 1e6 || !strings.Contains(out, fmt.Sprintf("(%.1f KB)", float64(fi.Size())/1e3)) {
		t.Errorf("backup of a small store printed %q, want its size in KB (%v)", out, err)
	}
	restored := filepath.Join(t.TempDir(), "restored")
	code, out, stderr = run(t, restored, "restore", file)
	if code != 0 || !strings.Contains(out, "store is sound: 5 articles, 2 spans, 1 thread") {
		t.Fatalf("restore = %d %q %q", code, out, stderr)
	}
	code, got, stderr := run(t, restored, "export", "-all", "-threads")
	if code != 0 || got != want || !strings.Contains(got, `"type":"thread"`) {
		t.Errorf("export after restore = %d %q: differs from before the backup", code, stderr)
	}
	if code, _, stderr := run(t, dir, "restore", file); code != 1 || !strings.Contains(stderr, "new or empty folder") {
		t.Errorf("restore over a store = %d %q", code, stderr)
	}
	if code, _, stderr := run(t, dir, "backup"); code != 2 || !strings.Contains(stderr, "-o FILE") {
		t.Errorf("backup without -o = %d %q", code, stderr)
	}
}

// A store holding a thread stamped in 9999, as an older skein took it in
// from a file: skein check names it, its field and its time, and says
// how to repair it; check -repair-times sets it to now, and the store is
// sound.
func TestCheckRepairTimes(t *testing.T) {
	dir := annotatedStore(t)
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	th, err := st.Thread("cas")
	if err != nil {
		t.Fatal(err)
	}
	th.Created, th.Modified = 253402300799999, 253402300799999
	if _, err := st.WriteBatch(context.Background(), &store.Batch{Threads: []*annotate.Thread{th}}); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	code, out, _ := run(t, dir, "check")
	want := "thread cas: created is 9999-12-31 23:59:59 UTC, more than a day after this machine's clock\n" +
		"thread cas: modified is 9999-12-31 23:59:59 UTC, more than a day after this machine's clock\n" +
		"store is damaged: 2 times of change far past the clock ('skein check -repair-times' sets them to sane times)\n"
	if code != 1 || out != want {
		t.Errorf("check = %d\n%s\nwant 1\n%s", code, out, want)
	}
	code, out, stderr := run(t, dir, "check", "-repair-times")
	if code != 0 || out != "store is sound: 5 articles, 2 spans, 1 thread\n" ||
		stderr != "skein check: set the times of change far past the clock of 1 record to sane ones (now, a thread's created to its modified, or a span's created to its layer's time)\n" {
		t.Errorf("check -repair-times = %d %q %q", code, out, stderr)
	}
	code, _, stderr = run(t, dir, "check", "-repair-times")
	if code != 0 || stderr != "skein check: the store holds no time of change far past the clock: nothing was repaired\n" {
		t.Errorf("check -repair-times again = %d %q", code, stderr)
	}
}
