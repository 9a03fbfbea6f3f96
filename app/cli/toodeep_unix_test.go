//go:build unix

package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// deep is a JSON array nested n deep.
func deep(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }

// tooDeep is how skein says a file's arrays and objects go deeper than it
// reads; Go's own words ("invalid character '[' exceeded max depth") read
// as one stray bracket.
const tooDeep = "arrays and objects nested more than 10000 deep at byte "

// An assign.json nested 200,000 deep (damaged, or made to harm) stops
// skein agree and skein curate, run as programs, at the file and its
// line, in plain words and with the limit.
func TestAssignmentNestedTooDeepSaidPlainly(t *testing.T) {
	dir, p, _ := aliceAndBobAssigned(t)
	if err := os.WriteFile(p, []byte("{\n  \"format\": 1,\n  \"annotators\": "+deep(200000)+"\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	want := p + ":3: not an assignment: " + tooDeep
	for _, args := range [][]string{{"agree", "-a", "alice", "-b", "bob"}, {"-user", "carol", "curate", "-annotators", "alice,bob"}} {
		code, _, stderr := program(t, dir, args...)
		if code != 1 || !strings.Contains(stderr, want) || strings.Contains(stderr, "exceeded max depth") {
			t.Errorf("%v with assign.json nested 200,000 deep = %d, %.400q; want 1 and %q", args, code, stderr, want)
		}
	}
}

// A team folder's skein-team.json nested 200,000 deep stops skein sync,
// run as a program, at the file and its line in the same words.
func TestTeamFileNestedTooDeepSaidPlainly(t *testing.T) {
	dir, p, _ := aliceAndBobAssigned(t)
	team := filepath.Join(filepath.Dir(p), "skein-team.json")
	if err := os.WriteFile(team, []byte("{\n  \"format\": 1,\n  \"x\": "+deep(200000)+"\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	want := team + ":3: not a skein team file: " + tooDeep
	code, _, stderr := program(t, dir, "-user", "alice", "sync")
	if code != 1 || !strings.Contains(stderr, want) || strings.Contains(stderr, "exceeded max depth") {
		t.Errorf("sync with skein-team.json nested 200,000 deep = %d, %.400q; want 1 and %q", code, stderr, want)
	}
}

// A colleague's owner.json or review decisions nested 20,000 deep (small
// enough to be read) are refused by skein sync, run as a program, in the
// same words: Go's own were shown as they were.
func TestColleagueFilesNestedTooDeepSaidPlainly(t *testing.T) {
	dir, p, _ := aliceAndBobAssigned(t)
	bob := filepath.Join(filepath.Dir(p), "layers", "bob", "0123456789abcdef")
	if err := os.MkdirAll(bob, 0o755); err != nil {
		t.Fatal(err)
	}
	owner := filepath.Join(bob, "owner.json")
	good := `{"annotator":"bob","format":1,"host":"vm","machine":"0123456789abcdef"}`
	for _, c := range []struct {
		name, owner, decisions, want string
	}{
		{"owner.json", `{"annotator":"bob","format":1,"x":` + deep(20000) + "}", "",
			"layers/bob/0123456789abcdef/owner.json: not an owner file (half copied?): " + tooDeep},
		{"decisions", good, `{"doc":"x","x":` + deep(20000) + "}\n",
			"layers/bob/0123456789abcdef/decisions-00.jsonl:1: not a review decision: " + tooDeep},
	} {
		t.Run(c.name, func(t *testing.T) {
			os.WriteFile(owner, []byte(c.owner), 0o644)
			os.Remove(filepath.Join(bob, "decisions-00.jsonl"))
			if c.decisions != "" {
				os.WriteFile(filepath.Join(bob, "decisions-00.jsonl"), []byte(c.decisions), 0o644)
			}
			code, _, stderr := program(t, dir, "-user", "alice", "sync")
			if !strings.Contains(stderr, "refused: "+c.want) || strings.Contains(stderr, "exceeded max depth") {
				t.Errorf("sync = %d, %.400q; want it to refuse %q", code, stderr, c.want)
			}
		})
	}
}

// A file to import nested 200,000 deep, in each JSON format and as a
// model's suggestions, is refused at its file and line in the same plain
// words, and nothing is imported.
func TestImportNestedTooDeepSaidPlainly(t *testing.T) {
	in := t.TempDir()
	d := deep(200000)
	for _, c := range []struct {
		file, content string
		args          []string
	}{
		{"p.jsonl", `{"text":"Kakar said so.","deep":` + d + `,"spans":[],"answer":"accept"}` + "\n", []string{"-format", "prodigy"}},
		{"dc.jsonl", `{"text":"Kakar said so.","label":[],"deep":` + d + "}\n", []string{"-format", "doccano"}},
		{"sk.jsonl", `{"id":"a","title":"t","text":"Kakar said so.","deep":` + d + "}\n", []string{"-format", "skein"}},
		{"ls.json", "[\n" + `{"id":1,"data":{"text":"Kakar said so."},"deep":` + d + "}]\n", []string{"-format", "labelstudio"}},
		{"ner.jsonl", `{"text":"Kakar said so.","spans":[],"deep":` + d + "}\n", []string{"-as-suggestions", "ner"}},
	} {
		t.Run(c.file, func(t *testing.T) {
			path := filepath.Join(in, c.file)
			if err := os.WriteFile(path, []byte(c.content), 0o644); err != nil {
				t.Fatal(err)
			}
			line := "1"
			if c.file == "ls.json" {
				line = "2"
			}
			dir := t.TempDir()
			_, before, _ := program(t, dir, "list") // the seed articles
			code, _, stderr := importProgram(t, dir, append(c.args, path)...)
			if code != 1 || !strings.Contains(stderr, path+":"+line+": ") || !strings.Contains(stderr, tooDeep) || strings.Contains(stderr, "exceeded max depth") {
				t.Errorf("import of %s nested 200,000 deep = %d, %.400q; want 1, %s:%s and %q", c.file, code, stderr, c.file, line, tooDeep)
			}
			if _, after, _ := program(t, dir, "list"); after != before {
				t.Errorf("after the refusal skein list says\n%s\nwant nothing imported:\n%s", after, before)
			}
		})
	}
}
