package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A colleague's folder gone from the team folder takes out of the store
// what that folder brought, not what the user imported under their name by
// hand: bilal's span on an article of the folder goes, the one imported
// with -annotator bilal from a file of the user's stays, and skein sync
// says so. It took both ("their 2 spans in 2 articles were removed").
func TestSyncColleagueGoneKeepsWhatWasImportedByHand(t *testing.T) {
	folder, me, bi := t.TempDir(), t.TempDir(), t.TempDir()
	if code, out, stderr := run(t, me, "-user", "me", "team", folder); code != 0 {
		t.Fatalf("skein team = %d\n%s%s", code, out, stderr)
	}
	if code, out, stderr := run(t, bi, "-user", "bilal", "team", folder); code != 0 {
		t.Fatalf("bilal's skein team = %d\n%s%s", code, out, stderr)
	}
	shared := filepath.Join(t.TempDir(), "shared.jsonl")
	line := strings.NewReplacer(`"8c7d8e3a1a26a1a6"`, `""`, "alice", "bilal").Replace(kakarLine)
	if err := os.WriteFile(shared, []byte(line+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, stderr := run(t, bi, "-user", "bilal", "import", shared); code != 0 {
		t.Fatalf("bilal's import = %d\n%s%s", code, out, stderr)
	}
	if code, out, stderr := run(t, bi, "-user", "bilal", "sync"); code != 0 {
		t.Fatalf("bilal's skein sync = %d\n%s%s", code, out, stderr)
	}
	solo := filepath.Join(t.TempDir(), "solo.jsonl")
	soloLine := `{"id":"","title":"Solo","text":"The minister said 12 people were hurt in Quetta.","spans":[{"id":"s-solo-1","start":4,"end":12,"text":"minister","label":"actor"}]}`
	if err := os.WriteFile(solo, []byte(soloLine+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, stderr := run(t, me, "-user", "me", "import", "-annotator", "bilal", solo); code != 0 {
		t.Fatalf("import -annotator bilal = %d\n%s%s", code, out, stderr)
	}
	if code, out, stderr := run(t, me, "-user", "me", "sync"); code != 0 || !strings.Contains(out, "bilal: 1 span") {
		t.Fatalf("skein sync = %d, want bilal's span read\n%s%s", code, out, stderr)
	}
	if _, exp, _ := run(t, me, "export", "-annotator", "bilal"); !strings.Contains(exp, `"s-bilal-1"`) || !strings.Contains(exp, `"s-solo-1"`) {
		t.Fatalf("bilal's layer in the store before his folder went:\n%s", exp)
	}

	if err := os.RemoveAll(filepath.Join(folder, "layers", "bilal")); err != nil {
		t.Fatal(err)
	}
	if code, out, stderr := run(t, me, "-user", "me", "sync"); code != 0 || strings.Contains(out, "folder is gone") {
		t.Fatalf("the first sync after bilal's folder went = %d, want nothing removed yet\n%s%s", code, out, stderr)
	}
	time.Sleep(2500 * time.Millisecond) // the wait between two reads that find it gone
	code, out, stderr := run(t, me, "-user", "me", "sync")
	want := "bilal's folder is gone from the team folder: their 1 span in 1 article was removed from this store; 1 article imported by hand kept"
	if code != 0 || !strings.Contains(out, want) {
		t.Errorf("the sync 2.5 s later = %d, want %q\n%s%s", code, want, out, stderr)
	}
	_, exp, _ := run(t, me, "export", "-annotator", "bilal")
	if !strings.Contains(exp, `"s-solo-1"`) {
		t.Errorf("the span imported by hand with -annotator bilal is gone from the store")
	}
	if strings.Contains(exp, `"s-bilal-1"`) {
		t.Errorf("bilal's span the team folder brought is still in the store")
	}
}
