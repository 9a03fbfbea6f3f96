package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An article file emptied in the team folder after alice shared it (a
// crash on another machine) is refused by bilal's skein sync; alice's next
// skein sync writes it again and says so, and bilal's next one gets it.
func TestSyncWritesADamagedArticleAgain(t *testing.T) {
	folder, alice, bilal := aliceImportsKakar(t)
	if code, out, stderr := run(t, alice, "-user", "alice", "team", folder); code != 0 {
		t.Fatalf("alice's skein team = %d\n%s%s", code, out, stderr)
	}
	var p, id string
	var good []byte
	all, _ := filepath.Glob(filepath.Join(folder, "articles", "*.jsonl"))
	for _, f := range all {
		if b, err := os.ReadFile(f); err == nil && strings.Contains(string(b), "Pakistan Blames Afghanistan") {
			p, id, good = f, strings.TrimSuffix(filepath.Base(f), ".jsonl"), b
		}
	}
	if p == "" {
		t.Fatalf("alice's article is not among the folder's: %v", all)
	}
	rel := "articles/" + id + ".jsonl"
	if err := os.Truncate(p, 0); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := run(t, bilal, "-user", "bilal", "team", folder)
	if code != 0 || !strings.Contains(stderr, "refused: "+rel) {
		t.Fatalf("bilal's skein team with the article emptied = %d; want it refused\n%s%s", code, out, stderr)
	}
	code, out, stderr = run(t, alice, "-user", "alice", "sync")
	if want := "note: " + rel + " was damaged (empty): written again from this store"; code != 0 || !strings.Contains(stderr, want) || !strings.Contains(out, "wrote again 1 article file found damaged in the folder") {
		t.Fatalf("alice's skein sync = %d; want %q and the summary saying it\n%s%s", code, want, out, stderr)
	}
	if b, _ := os.ReadFile(p); string(b) != string(good) {
		t.Fatalf("%s after alice's sync: %q, want %q", rel, b, good)
	}
	code, out, stderr = run(t, bilal, "-user", "bilal", "sync")
	if code != 0 || !strings.Contains(out, "received 1 new article") || strings.Contains(stderr, "refused") {
		t.Fatalf("bilal's skein sync after the repair = %d; want the article\n%s%s", code, out, stderr)
	}
	if _, list, _ := run(t, bilal, "list"); !strings.Contains(list, id) {
		t.Fatalf("bilal's skein list lacks the article:\n%s", list)
	}
}
