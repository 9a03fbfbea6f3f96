package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf16"
)

const kakarLine = `{"id":"8c7d8e3a1a26a1a6","title":"Pakistan Blames Afghanistan","source":"","date":"","text":"Caretaker Prime Minister Anwar ul-Haq Kakar said 60% of attacks came from Afghanistan.","spans":[{"id":"s-alice-1","start":25,"end":43,"text":"Anwar ul-Haq Kakar","label":"actor","annotator":"alice"}],"layers":[{"annotator":"alice","modified":"2026-12-01T10:00:00.000Z"}]}`

// aliceImportsKakar is a team folder and two stores, alice's holding
// kakarLine's article (given no ID: the text's) with her span s-alice-1.
func aliceImportsKakar(t *testing.T) (folder, alice, bilal string) {
	t.Helper()
	folder, alice, bilal = t.TempDir(), t.TempDir(), t.TempDir()
	file := filepath.Join(t.TempDir(), "kakar.jsonl")
	line := strings.Replace(kakarLine, `"8c7d8e3a1a26a1a6"`, `""`, 1)
	if err := os.WriteFile(file, []byte(line+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(t, alice, "-user", "alice", "import", file); code != 0 {
		t.Fatalf("import: %d %s", code, stderr)
	}
	return folder, alice, bilal
}

// Two researchers, two stores, one folder, the command line only: alice's
// span reaches bilal's export, bilal's thread reaches alice's thread list.
func TestTeamAndSyncCommands(t *testing.T) {
	folder, alice, bilal := aliceImportsKakar(t)
	code, out, stderr := run(t, alice, "-user", "alice", "team", folder)
	if code != 0 || !strings.Contains(out, "team folder "+folder) || !strings.Contains(out, "shared 6 new articles") {
		t.Fatalf("skein team = %d\n%s%s", code, out, stderr)
	}
	code, out, stderr = run(t, bilal, "-user", "bilal", "team", folder)
	if code != 0 || !strings.Contains(out, "alice: 1 span") || !strings.Contains(out, "received 1 new article") {
		t.Fatalf("bilal's skein team = %d\n%s%s", code, out, stderr)
	}
	if !strings.Contains(out, "  alice ") || !strings.Contains(out, "1 article") {
		t.Fatalf("bilal's colleague list lacks alice with 1 article:\n%s", out)
	}
	_, exp, _ := run(t, bilal, "export", "-annotator", "alice")
	if !strings.Contains(exp, `"s-alice-1"`) {
		t.Fatalf("bilal's export lacks alice's span:\n%s", exp)
	}

	// bilal threads alice's span; `skein sync` with no folder uses the one
	// `skein team` connected.
	thread := `{"type":"thread","id":"t-bilal-1","title":"Who blames whom","annotator":"bilal","members":[{"doc":"` + annotateDocID(t, exp) + `","span":"s-alice-1"}]}`
	tf := filepath.Join(t.TempDir(), "thread.jsonl")
	os.WriteFile(tf, []byte(thread+"\n"), 0o644)
	if code, _, stderr := run(t, bilal, "-user", "bilal", "import", tf); code != 0 {
		t.Fatalf("bilal's thread import: %d %s", code, stderr)
	}
	if code, out, stderr := run(t, bilal, "-user", "bilal", "sync"); code != 0 || !strings.Contains(out, "wrote 1 file") {
		t.Fatalf("bilal's skein sync = %d\n%s%s", code, out, stderr)
	}
	if code, out, stderr := run(t, alice, "-user", "alice", "sync"); code != 0 || !strings.Contains(out, "bilal: 1 thread") {
		t.Fatalf("alice's skein sync = %d\n%s%s", code, out, stderr)
	}
	_, list, _ := run(t, alice, "threads")
	if !strings.Contains(list, "Who blames whom") {
		t.Fatalf("alice's thread list lacks bilal's thread:\n%s", list)
	}

	// A field this skein does not read in alice's layer file: bilal's sync
	// reads the file and says, as a note, what it left out.
	layer, _ := filepath.Glob(filepath.Join(folder, "layers", "alice", "*", "[0-9a-f][0-9a-f].jsonl"))
	if len(layer) != 1 {
		t.Fatalf("alice's layer files: %v, want one", layer)
	}
	b, err := os.ReadFile(layer[0])
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(layer[0], []byte(strings.Replace(string(b), "{", `{"mood":"calm",`, 1)), 0o644)
	rel, _ := filepath.Rel(folder, layer[0])
	code, out, stderr = run(t, bilal, "-user", "bilal", "sync")
	if want := "note: " + filepath.ToSlash(rel) + ": field mood on 1 line left out"; code != 0 || !strings.Contains(stderr, want) || strings.Contains(stderr, "refused") {
		t.Fatalf("bilal's sync of alice's file with a field it does not read = %d, want %q:\n%s%s", code, want, out, stderr)
	}
}

// The git recipe: `skein -user alice team FOLDER` once, then `skein sync`
// with no -user (by hand, in a git hook, from cron). The sync is alice's:
// it writes the span she labelled since, and no layer named after the
// operating system's user appears in the folder for the team to take for
// a colleague.
func TestSyncWithoutUserIsTheTeamName(t *testing.T) {
	folder, dir := t.TempDir(), t.TempDir()
	if code, out, stderr := run(t, dir, "-user", "alice", "team", folder); code != 0 {
		t.Fatalf("skein -user alice team = %d\n%s%s", code, out, stderr)
	}
	file := filepath.Join(t.TempDir(), "kakar.jsonl")
	if err := os.WriteFile(file, []byte(strings.Replace(kakarLine, `"8c7d8e3a1a26a1a6"`, `""`, 1)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(t, dir, "-user", "alice", "import", file); code != 0 {
		t.Fatalf("import: %d %s", code, stderr)
	}
	if code, out, stderr := run(t, dir, "sync"); code != 0 || !strings.Contains(out, "wrote 1 file") {
		t.Fatalf("skein sync = %d\n%s%s", code, out, stderr)
	}
	ents, err := os.ReadDir(filepath.Join(folder, "layers"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	if len(names) != 1 || names[0] != "alice" {
		t.Errorf("layers in the folder after skein sync without -user: %v, want alice alone", names)
	}
	mine, _ := filepath.Glob(filepath.Join(folder, "layers", "alice", "*", "*.jsonl"))
	found := false
	for _, f := range mine {
		b, _ := os.ReadFile(f)
		found = found || strings.Contains(string(b), "s-alice-1")
	}
	if !found {
		t.Errorf("alice's span, labelled after skein team, is not in her layer in the folder (%v)", mine)
	}
	// An explicit -user still wins.
	if code, out, stderr := run(t, dir, "-user", "bob", "export"); code != 0 || strings.Contains(out, "s-alice-1") {
		t.Errorf("skein -user bob export = %d, exported alice's span\n%s%s", code, out, stderr)
	}
}

// annotateDocID is the ID of the document line of an export that holds
// alice's span.
func annotateDocID(t *testing.T, export string) string {
	t.Helper()
	for _, l := range strings.Split(export, "\n") {
		if !strings.Contains(l, "s-alice-1") {
			continue
		}
		var d struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal([]byte(l), &d); err != nil {
			t.Fatal(err)
		}
		return d.ID
	}
	t.Fatal("no line holds alice's span")
	return ""
}

func TestSyncWithoutFolderAndAssign(t *testing.T) {
	dir, folder := t.TempDir(), t.TempDir()
	code, _, stderr := run(t, dir, "sync")
	if code != 1 || !strings.Contains(stderr, "skein sync: no team folder") {
		t.Fatalf("sync with no folder = %d %q, want 1 and a message naming skein team", code, stderr)
	}
	if code, _, stderr := run(t, dir, "assign", "-annotators", "a,b,c", "-per-article", "4", folder); code != 2 || !strings.Contains(stderr, "between 1 and the 3 annotators") {
		t.Fatalf("assign -per-article 4 of 3 = %d %q", code, stderr)
	}
	code, out, stderr := run(t, dir, "assign", "-annotators", "a,b,c", "-per-article", "2", folder)
	if code != 0 {
		t.Fatalf("assign = %d %s", code, stderr)
	}
	// 5 seed articles × 2 = 10 assignments over 3 annotators: 4, 3, 3 in some order.
	total := 0
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var name string
		var n int
		if _, err := fmt.Sscanf(l, "%s %d", &name, &n); err != nil {
			t.Fatalf("assign printed %q", l)
		}
		if n < 3 || n > 4 {
			t.Errorf("%s: %d articles, want 3 or 4", name, n)
		}
		total += n
	}
	if total != 10 {
		t.Fatalf("assign: %d assignments, want 10:\n%s", total, out)
	}
	b, err := os.ReadFile(filepath.Join(folder, "assign.json"))
	if err != nil || !strings.Contains(string(b), `"per_article": 2`) {
		t.Fatalf("assign.json: %v\n%s", err, b)
	}
}

// With an assignment in the team folder, agreement counts an article for
// exactly the annotators it is assigned to: one nobody touched counts as
// agreed-empty for the pair it was given to.
func TestAgreeUsesTheAssignment(t *testing.T) {
	dir, folder := t.TempDir(), t.TempDir()
	file := filepath.Join(t.TempDir(), "two.jsonl")
	line := strings.Replace(kakarLine, `"8c7d8e3a1a26a1a6"`, `""`, 1)
	bob := strings.ReplaceAll(strings.ReplaceAll(line, "alice", "bob"), `"label":"actor"`, `"label":"claim"`)
	os.WriteFile(file, []byte(line+"\n"+bob+"\n"), 0o644)
	if code, _, stderr := run(t, dir, "-user", "alice", "import", "-own", file); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	kappa := func(out string) float64 {
		var rep struct {
			Overall struct {
				Kappa *float64 `json:"cohen_kappa"`
			} `json:"overall"`
		}
		if err := json.Unmarshal([]byte(out), &rep); err != nil || rep.Overall.Kappa == nil {
			t.Fatalf("agree -json: %v\n%s", err, out)
		}
		return *rep.Overall.Kappa
	}
	_, before, _ := run(t, dir, "agree", "-a", "alice", "-b", "bob", "-json")
	run(t, dir, "-user", "alice", "team", folder)
	if code, _, stderr := run(t, dir, "assign", "-annotators", "alice,bob", "-per-article", "2"); code != 0 {
		t.Fatalf("assign: %s", stderr)
	}
	code, after, stderr := run(t, dir, "agree", "-a", "alice", "-b", "bob", "-json")
	if code != 0 || !strings.Contains(stderr, "assign.json defines (6 articles given to all of them)") {
		t.Fatalf("agree with an assignment = %d, stderr %q", code, stderr)
	}
	// The five articles assigned to both and left empty by both are
	// agreement too: κ rises.
	if b, a := kappa(before), kappa(after); !(a > b) {
		t.Fatalf("Cohen's κ: %.3f without the assignment, %.3f with; want it higher with the empty assigned articles counted", b, a)
	}
}

// An annotator the team folder's assign.json does not name has no article
// counted, whatever her layer holds: skein agree -a alice -b bob with an
// assignment to alice and carol said only that 0 articles were given to
// both and that 6 were articles "only one of them worked on", though both
// had worked on the Kakar article, and skein curate that it was
// "annotated by only one of them". Each says whom the assignment leaves
// out.
func TestAgreeSaysWhomTheAssignmentLeavesOut(t *testing.T) {
	dir, folder := aliceAndBobAgree(t)
	run(t, dir, "-user", "alice", "team", folder)
	if code, _, stderr := run(t, dir, "assign", "-annotators", "alice,carol", "-per-article", "2"); code != 0 {
		t.Fatalf("assign: %s", stderr)
	}
	want := "skein: bob is not among the annotators assign.json names (alice, carol): no article counts for bob\n"
	for _, args := range [][]string{{"agree", "-a", "alice", "-b", "bob"}, {"-user", "alice", "curate", "-annotators", "alice,bob"}} {
		code, out, stderr := run(t, dir, args...)
		if code != 0 || !strings.Contains(stderr, want) {
			t.Errorf("%s = %d\n%s%s\nwant %q", strings.Join(args, " "), code, out, stderr, want)
		}
		if strings.Contains(stderr, "alice is not") {
			t.Errorf("%s says alice is not assigned:\n%s", strings.Join(args, " "), stderr)
		}
	}
}

// A half-copied assign.json stops skein agree and skein curate at the
// file, by name, until it is whole, while the window's review goes on with
// the assignment it read before: the status line says both
// (TestHalfCopiedAssignmentKeepsTheLastWhole), so that they do not seem to
// disagree, and this keeps what it says of the commands true.
func TestAgreeAndCurateStopAtAHalfCopy(t *testing.T) {
	dir, p, b := aliceAndBobAssigned(t)
	if err := os.WriteFile(p, b[:len(b)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"agree", "-a", "alice", "-b", "bob"}, {"-user", "carol", "curate", "-annotators", "alice,bob"}} {
		code, _, stderr := run(t, dir, args...)
		if code != 1 || !strings.Contains(stderr, p+": not an assignment (half copied?)") {
			t.Errorf("%v with assign.json half copied = %d, %q; want 1 and the file's error", args, code, stderr)
		}
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(t, dir, "agree", "-a", "alice", "-b", "bob"); code != 0 || !strings.Contains(stderr, "assign.json defines") {
		t.Errorf("agree with assign.json whole again = %d, %q; want it measured on the assignment", code, stderr)
	}
}

// An assign.json saved in UTF-16 without a byte order mark (a script's
// encoding="utf-16-le") is refused as UTF-16, as one with the mark is: its
// NUL bytes were taken for a half copy's zeros ("not an assignment (half
// copied?)"), a file the next sync would make whole, which none does.
func TestAssignmentInUTF16WithoutMarkNamed(t *testing.T) {
	dir, p, b := aliceAndBobAssigned(t)
	for _, enc := range []string{"UTF-16LE", "UTF-16BE"} {
		var u []byte
		for _, c := range utf16.Encode([]rune(string(b))) {
			if enc == "UTF-16BE" {
				u = append(u, byte(c>>8), byte(c))
			} else {
				u = append(u, byte(c), byte(c>>8))
			}
		}
		if err := os.WriteFile(p, u, 0o644); err != nil {
			t.Fatal(err)
		}
		want := p + ": not an assignment: saved in " + enc + " without a byte order mark (a NUL byte beside each letter, not the zeros of a copy under way), where skein reads UTF-8: save it as UTF-8"
		for _, args := range [][]string{{"agree", "-a", "alice", "-b", "bob"}, {"-user", "carol", "curate", "-annotators", "alice,bob"}} {
			code, _, stderr := run(t, dir, args...)
			if code != 1 || !strings.Contains(stderr, want) || strings.Contains(stderr, "half copied") {
				t.Errorf("%v with assign.json in %s without a mark = %d, %q; want 1 and %q", args, enc, code, stderr, want)
			}
		}
	}
}

// skein assign where the team folder is not there said "your work stays
// in the store, written to the folder when it is back": true of a layer,
// but an assignment not written is kept nowhere and never written later. It says
// to assign again once the folder is back. A folder named assign.json in
// the team folder was "skein cannot make files there (a system folder such
// as /proc holds none)"; it says what is there.
func TestAssignFolderAwaySaysAssignAgain(t *testing.T) {
	dir, folder := aliceAndBobAgree(t)
	if code, _, stderr := run(t, dir, "-user", "alice", "team", folder); code != 0 {
		t.Fatalf("team: %s", stderr)
	}
	assign := func() (int, string) {
		code, _, stderr := run(t, dir, "assign", "-annotators", "alice,bob", "-per-article", "2")
		return code, stderr
	}
	away := folder + ".away"
	for _, c := range []struct {
		name, why string
		empty     bool // an empty folder in its place
	}{
		{"moved", "it was moved or renamed, or its disk is not plugged in", false},
		{"an empty folder in its place", "the folder holds no skein-team.json any more", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			if err := os.Rename(folder, away); err != nil {
				t.Fatal(err)
			}
			defer os.Rename(away, folder)
			if c.empty {
				if err := os.Mkdir(folder, 0o755); err != nil {
					t.Fatal(err)
				}
				defer os.Remove(folder)
			}
			code, stderr := assign()
			want := "skein assign: team folder " + folder + " is not there: " + c.why
			// Since team34 the store keeps the last assignment read, so
			// "as an assignment is kept in no store" was no longer true.
			if code != 1 || !strings.HasPrefix(stderr, want) ||
				!strings.Contains(stderr, "this assignment was not written (nothing is written in its place), and one not written is kept nowhere, so no sync writes it later: assign again once the folder is back") ||
				strings.Contains(stderr, "no store") || strings.Contains(stderr, "your work stays in the store") || strings.Contains(stderr, "next start) writes it") {
				t.Errorf("assign = %d %q; want %q, and to assign again once the folder is back", code, stderr, want)
			}
		})
	}
	if code, stderr := assign(); code != 0 {
		t.Fatalf("assign with the folder back: %s", stderr)
	}
	p := filepath.Join(folder, "assign.json")
	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(p, 0o755); err != nil {
		t.Fatal(err)
	}
	code, stderr := assign()
	if want := "assign.json there is a folder, not a file: move it out of the team folder (or delete it if it holds nothing you want), then assign again; this assignment was not written"; code != 1 ||
		!strings.HasPrefix(stderr, "skein assign: team folder "+folder+": cannot write assign.json: ") || !strings.Contains(stderr, want) || strings.Contains(stderr, "/proc") {
		t.Errorf("assign with a folder named assign.json = %d %q; want it to say %q", code, stderr, want)
	}
}

// aliceAndBobAssigned is aliceAndBobAgree's store connected to its
// folder, both assigned every article by skein assign, and the path and
// bytes of the assign.json written.
func aliceAndBobAssigned(t *testing.T) (dir, p string, b []byte) {
	t.Helper()
	dir, folder := aliceAndBobAgree(t)
	run(t, dir, "-user", "alice", "team", folder)
	if code, _, stderr := run(t, dir, "assign", "-annotators", "alice,bob", "-per-article", "2"); code != 0 {
		t.Fatalf("assign: %s", stderr)
	}
	p = filepath.Join(folder, "assign.json")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return dir, p, b
}

// aliceAndBobAgree makes a store holding the Kakar article with alice's
// and bob's same span, and a folder for a team, not yet connected.
func aliceAndBobAgree(t *testing.T) (dir, folder string) {
	t.Helper()
	dir, folder = t.TempDir(), t.TempDir()
	file := filepath.Join(t.TempDir(), "two.jsonl")
	line := strings.Replace(kakarLine, `"8c7d8e3a1a26a1a6"`, `""`, 1)
	bob := strings.ReplaceAll(line, "alice", "bob")
	os.WriteFile(file, []byte(line+"\n"+bob+"\n"), 0o644)
	if code, _, stderr := run(t, dir, "-user", "alice", "import", "-own", file); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	return dir, folder
}

// Curation follows the assignment too: where it gives an article to alice
// alone, what bob agrees with there is not curated.
func TestCurateUsesTheAssignment(t *testing.T) {
	for _, tc := range []struct {
		name    string
		assign  bool
		curated string
	}{{"without", false, "curated 1 agreed span in 1 document"}, {"with", true, "curated 0 agreed spans in 0 documents"}} {
		t.Run(tc.name, func(t *testing.T) {
			dir, folder := aliceAndBobAgree(t)
			if tc.assign {
				run(t, dir, "-user", "alice", "team", folder)
				// One annotator an article: the Kakar article goes to one of them only.
				if code, _, stderr := run(t, dir, "assign", "-annotators", "alice,bob", "-per-article", "1"); code != 0 {
					t.Fatalf("assign: %s", stderr)
				}
			}
			code, out, stderr := run(t, dir, "-user", "carol", "curate", "-annotators", "alice,bob")
			if code != 0 || !strings.Contains(out, tc.curated) {
				t.Fatalf("curate %s the assignment = %d:\n%s%s\nwant %q", tc.name, code, out, stderr, tc.curated)
			}
		})
	}
}

// alice on two machines, the command line only: the desktop's sync tells
// her the laptop's copy is newer and how to read it in; `skein sync -take`
// says what it read in, and the note is gone from the syncs after it.
func TestSyncTakeSaysWhatItReadIn(t *testing.T) {
	folder := t.TempDir()
	laptop, desktop := t.TempDir(), t.TempDir()
	older := strings.NewReplacer(`"s-alice-1","start":25,"end":43,"text":"Anwar ul-Haq Kakar","label":"actor"`, `"s-alice-0","start":49,"end":52,"text":"60%","label":"figure"`,
		"10:00:00", "09:00:00").Replace(kakarLine)
	done := strings.Replace(kakarLine, `"modified":"2026-12-01T10:00:00.000Z"`, `"modified":"2026-12-01T10:00:00.000Z","done":true`, 1)
	for _, c := range []struct{ store, line string }{{laptop, done}, {desktop, older}} {
		file := filepath.Join(t.TempDir(), "kakar.jsonl")
		if err := os.WriteFile(file, []byte(strings.Replace(c.line, `"8c7d8e3a1a26a1a6"`, `""`, 1)+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if code, _, stderr := run(t, c.store, "-user", "alice", "import", file); code != 0 {
			t.Fatalf("import: %d %s", code, stderr)
		}
	}
	run(t, desktop, "-user", "alice", "team", folder)
	_, out, _ := run(t, laptop, "-user", "alice", "team", folder)
	m := regexp.MustCompile(`on machine ([0-9a-f]{16})\)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("skein team names no machine:\n%s", out)
	}
	_, out, stderr := run(t, desktop, "-user", "alice", "sync")
	if !strings.Contains(stderr, "newer there on 1 article; both copies are kept") || !strings.Contains(stderr, "skein sync -take "+m[1]) {
		t.Fatalf("the desktop's sync tells nothing of the laptop's newer copy:\n%s%s", out, stderr)
	}
	code, out, stderr := run(t, desktop, "-user", "alice", "sync", "-take", m[1])
	if want := "read in from machine " + m[1] + " where newer: your layer on 1 article (1 span, 0 threads, 1 marked done)\n"; code != 0 || !strings.HasPrefix(out, want) || strings.Contains(stderr, "note:") {
		t.Fatalf("skein sync -take = %d\n%s%s\nwant %q first, and no note", code, out, stderr, want)
	}
	if _, out, stderr := run(t, desktop, "-user", "alice", "sync"); strings.Contains(stderr, "note:") || strings.Contains(out, "other machine") {
		t.Fatalf("the sync after the take still tells of the laptop's copy:\n%s%s", out, stderr)
	}
	_, exp, _ := run(t, desktop, "export", "-annotator", "alice")
	if !strings.Contains(exp, `"s-alice-1"`) || strings.Contains(exp, `"s-alice-0"`) {
		t.Fatalf("the desktop's layer after the take:\n%s", exp)
	}
	if _, exp, _ := run(t, desktop, "export", "-annotator", "alice", "-done"); !strings.Contains(exp, `"s-alice-1"`) {
		t.Fatalf("the article the laptop marked done is not done on the desktop after the take:\n%s", exp)
	}
}

// A colleague who connected and has annotated nothing is listed as joined,
// with no work: "last work" with the time they joined said they had worked.
func TestTeamListsAColleagueWhoJoinedWithNoWork(t *testing.T) {
	folder := t.TempDir()
	alice, bilal := t.TempDir(), t.TempDir()
	if code, _, stderr := run(t, bilal, "-user", "bilal", "team", folder); code != 0 {
		t.Fatalf("bilal's skein team: %d %s", code, stderr)
	}
	code, out, stderr := run(t, alice, "-user", "alice", "team", folder)
	if code != 0 {
		t.Fatalf("alice's skein team = %d\n%s%s", code, out, stderr)
	}
	joined := regexp.MustCompile(`(?m)^  bilal +joined \d{4}-\d\d-\d\d \d\d:\d\d:\d\d, no work yet$`)
	if !joined.MatchString(out) || strings.Contains(out, "last work") {
		t.Errorf("alice's colleague list, with bilal connected and nothing annotated:\n%s\nwant bilal's line to say when he joined and that he has no work yet", out)
	}
}

// skein sync with a Dropbox conflicted copy of alice's layer file and a
// Thumbs.db in her folder: the copy is a note saying what it copies and
// what to do, nothing is refused, and the summary counts the copy; a
// sync with the folder gone says so and what to do, and makes nothing.
func TestSyncTellsOfConflictedCopies(t *testing.T) {
	folder, alice, bilal := aliceImportsKakar(t)
	if code, out, stderr := run(t, alice, "-user", "alice", "team", folder); code != 0 {
		t.Fatalf("skein team = %d\n%s%s", code, out, stderr)
	}
	layer, _ := filepath.Glob(filepath.Join(folder, "layers", "alice", "*", "[0-9a-f][0-9a-f].jsonl"))
	if len(layer) != 1 {
		t.Fatalf("alice's layer files: %v, want one", layer)
	}
	dir, name := filepath.Split(layer[0])
	cp := strings.TrimSuffix(name, ".jsonl") + " (Bob's conflicted copy 2026-12-06).jsonl"
	os.WriteFile(filepath.Join(dir, cp), []byte("{}\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "Thumbs.db"), []byte("x"), 0o644)
	rel, _ := filepath.Rel(folder, dir)
	rel = filepath.ToSlash(rel) + "/"
	code, out, stderr := run(t, bilal, "-user", "bilal", "team", folder)
	want := "note: " + rel + cp + ": a conflicted copy of alice's " + name + ", made by Dropbox: skein reads only " + rel + name + ", which only its owner's skein writes, never the copy; the copy can be deleted\n"
	if code != 0 || !strings.Contains(stderr, want) || strings.Contains(stderr, "refused") || strings.Contains(stderr, "Thumbs") ||
		!strings.Contains(out, "; 1 conflicted copy in the folder, not read") {
		t.Fatalf("bilal's skein team = %d, want %q:\n%s%s", code, want, out, stderr)
	}

	if err := os.Rename(folder, folder+"-moved"); err != nil {
		t.Fatal(err)
	}
	code, out, stderr = run(t, bilal, "-user", "bilal", "sync")
	if want := "team folder " + folder + " is not there: it was moved or renamed, or its disk is not plugged in"; code != 1 || !strings.Contains(stderr, want) {
		t.Fatalf("skein sync with the folder moved = %d, want %q:\n%s%s", code, want, out, stderr)
	}
	if _, err := os.Lstat(folder); err == nil {
		t.Errorf("skein sync made the moved folder again")
	}
}
