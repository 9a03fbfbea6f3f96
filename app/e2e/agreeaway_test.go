//go:build unix

package e2e

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// kakarBoth is one article with alice's and bob's same span, as two lines
// of skein's JSONL (the second naming the first's article by its text).
const kakarBoth = `{"title":"Pakistan Blames Afghanistan","text":"Caretaker Prime Minister Anwar ul-Haq Kakar said 60% of attacks came from Afghanistan.","spans":[{"id":"s-alice-1","start":25,"end":43,"text":"Anwar ul-Haq Kakar","label":"actor","annotator":"alice"}],"layers":[{"annotator":"alice","modified":"2026-12-01T10:00:00.000Z"}]}
{"title":"Pakistan Blames Afghanistan","text":"Caretaker Prime Minister Anwar ul-Haq Kakar said 60% of attacks came from Afghanistan.","spans":[{"id":"s-bob-1","start":25,"end":43,"text":"Anwar ul-Haq Kakar","label":"actor","annotator":"bob"}],"layers":[{"annotator":"bob","modified":"2026-12-01T10:00:00.000Z"}]}
`

// skeinProg runs a built skein as a program on a store.
type skeinProg struct {
	t          *testing.T
	bin, store string
}

// run runs it with args, returning its exit status, stdout and stderr.
func (p skeinProg) run(args ...string) (int, string, string) {
	p.t.Helper()
	var out, errb bytes.Buffer
	cmd := exec.Command(p.bin, append([]string{"-store", p.store}, args...)...)
	cmd.Env = append(os.Environ(), "SKEIN_USER=")
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		p.t.Fatalf("skein %v: %v", args, err)
	}
	return code, out.String(), errb.String()
}

// must runs it with args and returns its stdout, failing t where it fails.
func (p skeinProg) must(args ...string) string {
	p.t.Helper()
	code, out, stderr := p.run(args...)
	if code != 0 {
		p.t.Fatalf("skein %v = %d: %s", args, code, stderr)
	}
	return out
}

// aliceOnTeam builds skein into a new folder (dir) and makes a store
// there holding kakarBoth (file), connected as alice to the team folder
// dir/team.
func aliceOnTeam(t *testing.T) (p skeinProg, dir, folder, file string) {
	t.Helper()
	dir = t.TempDir()
	p = skeinProg{t: t, bin: filepath.Join(dir, "skein"), store: filepath.Join(dir, "store")}
	if msg, err := exec.Command("go", "build", "-tags", "migrated_fynedo", "-o", p.bin, "../..").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, msg)
	}
	folder, file = filepath.Join(dir, "team"), filepath.Join(dir, "both.jsonl")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(kakarBoth), 0o644); err != nil {
		t.Fatal(err)
	}
	p.must("-user", "alice", "import", file)
	p.must("-user", "alice", "team", folder)
	return p, dir, folder, file
}

// skein agree and skein curate stopped while the team folder was away
// (moved, its disk unplugged), where the window's review and list go on
// with the last assignment read whole, kept in the store. They go on with
// it too, saying so on stderr as a note in the window's words, exit 0,
// with the figures the folder's assignment gives (one article each:
// nothing of alice's and bob's to curate, where work alone would curate
// their span). A store that never kept an assignment of the folder (it
// joined while assign.json was half copied) still stops, saying why; once
// its skein sync has read the assignment whole, it goes on too.
func TestAgreeAndCurateGoOnWithTheKeptAssignment(t *testing.T) {
	skein, dir, folder, file := aliceOnTeam(t)
	skein.must("assign", "-annotators", "alice,bob", "-per-article", "1")
	agree := []string{"agree", "-a", "alice", "-b", "bob"}
	curate := []string{"-user", "carol", "curate", "-annotators", "alice,bob"}
	agreed := skein.must(agree...)

	away := folder + ".away"
	if err := os.Rename(folder, away); err != nil {
		t.Fatal(err)
	}
	note := "skein: note: team folder " + folder + " is not there: it was moved or renamed, or its disk is not plugged in; its assign.json is out of reach: until it is back, skein %s goes on with the assignment read on "
	code, out, stderr := skein.run(agree...)
	if want := strings.Replace(note, "%s", "agree", 1); code != 0 || out != agreed || !strings.Contains(stderr, want) || !strings.Contains(stderr, ", as the window's review and list do. If it moved, connect it where it is now: skein team FOLDER") {
		t.Errorf("agree with the folder away = %d, stdout\n%s\nstderr %q\nwant 0, the table measured with the folder there\n%s\nand %q", code, out, stderr, agreed, want)
	}
	code, out, stderr = skein.run(curate...)
	if want := strings.Replace(note, "%s", "curate", 1); code != 0 || !strings.Contains(out, "curated 0 agreed spans in 0 documents") || !strings.Contains(stderr, want) {
		t.Errorf("curate with the folder away = %d, %q, %q; want 0, nothing curated (the assignment gives the article to one of them), and %q", code, out, stderr, want)
	}
	if _, err := os.Stat(folder); !os.IsNotExist(err) {
		t.Errorf("the folder's old place after agree and curate: %v, want nothing made there", err)
	}

	// Another store joins while assign.json is half copied: it keeps none.
	if err := os.Rename(away, folder); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(folder, "assign.json")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b[:len(b)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	skein.store = filepath.Join(dir, "store2")
	skein.must("-user", "dana", "import", file)
	skein.must("-user", "dana", "team", folder)
	if err := os.Rename(folder, away); err != nil {
		t.Fatal(err)
	}
	for cmd, args := range map[string][]string{"agree": agree, "curate": curate} {
		code, out, stderr := skein.run(args...)
		want := "team folder " + folder + " is not there: it was moved or renamed, or its disk is not plugged in; its assign.json is out of reach, and this store keeps no assignment read from it (the window and skein sync keep the last one they read), so skein " + cmd + " stops at it, measuring nothing: run the command again once the folder is back"
		if code != 1 || out != "" || !strings.Contains(stderr, want) {
			t.Errorf("%v on a store that kept no assignment, the folder away = %d, %q, %q; want 1, nothing measured, and\n%s", args, code, out, stderr, want)
		}
	}

	// Whole again, read by dana's sync, which keeps it.
	if err := os.Rename(away, folder); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	skein.must("sync")
	if err := os.Rename(folder, away); err != nil {
		t.Fatal(err)
	}
	code, out, stderr = skein.run(curate...)
	if want := strings.Replace(note, "%s", "curate", 1); code != 0 || !strings.Contains(out, "curated 0 agreed spans in 0 documents") || !strings.Contains(stderr, want) {
		t.Errorf("curate with the folder away after a sync read the assignment = %d, %q, %q; want 0, nothing curated, and %q", code, out, stderr, want)
	}
}
