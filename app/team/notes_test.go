package team

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
)

// aliceShared is a team folder where alice's store shared an article with
// her spans on it, and bilal's store connected to it, not yet synced.
type aliceShared struct {
	folder string
	b      *store.Store
	eb     *Engine
	d      *annotate.Document
	bucket string // the layer file that holds the article
	good   string // alice's layer file
}

// shareAlice makes an aliceShared with alice's actor span and the spans
// more adds.
func shareAlice(t *testing.T, more func(a *store.Store, d *annotate.Document)) aliceShared {
	t.Helper()
	folder := t.TempDir()
	a, b := openStore(t, t.TempDir()), openStore(t, t.TempDir())
	ea, eb := open(t, a, folder, "alice"), open(t, b, folder, "bilal")
	d := addDoc(t, a, kakar, "Pakistan Blames Afghanistan")
	addSpan(t, a, d, "alice", "actor", 25, 47)
	if more != nil {
		more(a, d)
	}
	syncOnce(t, ea)
	bucket := d.ID[:2] + ".jsonl"
	good, err := os.ReadFile(filepath.Join(folder, "layers", "alice", ea.Machine(), bucket))
	if err != nil {
		t.Fatal(err)
	}
	return aliceShared{folder, b, eb, d, bucket, string(good)}
}

// colleagueFolder writes, under layers/NAME/MACHINE of folder, alice's
// layer file good as NAME's, edited by edit, and an owner file (none when
// owner is "").
func colleagueFolder(t *testing.T, folder, name, machine, bucket, good, owner string, edit func(string) string) {
	t.Helper()
	dir := filepath.Join(folder, "layers", name, machine)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	data := newIDs(strings.ReplaceAll(good, `"alice"`, `"`+name+`"`))
	if edit != nil {
		data = edit(data)
	}
	if err := os.WriteFile(filepath.Join(dir, bucket), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	if owner != "" {
		if err := os.WriteFile(filepath.Join(dir, "owner.json"), []byte(owner), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// A colleague's layer file with fields this skein does not read is read
// without them, and said once for the file, naming the fields — at every
// sync while the file is as it was, in Notes beside Refused (skein sync
// prints them as notes); the fields were dropped without a word. The
// folder's format marks what an older skein cannot read: a field beside
// it is left out as skein import leaves it.
func TestUnknownFieldsAreNoted(t *testing.T) {
	sh := shareAlice(t, func(a *store.Store, d *annotate.Document) { addSpan(t, a, d, "alice", "claim", 48, 56) })
	folder, b, eb, d, bucket, good := sh.folder, sh.b, sh.eb, sh.d, sh.bucket, sh.good
	colleagueFolder(t, folder, "erin", "00000000000000ee", bucket, good, "", func(s string) string {
		s = strings.Replace(s, "{", `{"mood":"calm",`, 1)
		return strings.ReplaceAll(s, `"label":`, `"weight":0.5,"label":`)
	})
	rel := "layers/erin/00000000000000ee/" + bucket
	for pass := 1; pass <= 2; pass++ {
		rep := syncOnce(t, eb)
		if len(rep.Refused) != 0 {
			t.Fatalf("pass %d refused %v", pass, rep.Refused)
		}
		if len(rep.Notes) != 1 {
			t.Fatalf("pass %d: notes %q, want one for erin's file", pass, rep.Notes)
		}
		for _, want := range []string{rel + ": fields ", "mood on 1 line", "spans[].weight on 1 line", "the first at line 1", "does not read them"} {
			if !strings.Contains(rep.Notes[0], want) {
				t.Errorf("pass %d: note %q lacks %q", pass, rep.Notes[0], want)
			}
		}
	}
	if spans, _ := b.LayerSpans(d.ID, "erin"); len(spans) != 2 {
		t.Fatalf("erin's layer in bilal's store: %d spans, want 2 (read, the fields left out)", len(spans))
	}
	// Written again without them: read again, and no note from then on.
	colleagueFolder(t, folder, "erin", "00000000000000ee", bucket, good, "", nil)
	for pass := 1; pass <= 2; pass++ {
		if rep := syncOnce(t, eb); len(rep.Notes) != 0 || len(rep.Refused) != 0 {
			t.Fatalf("erin's file without the fields, pass %d: notes %q, refused %v; want neither", pass, rep.Notes, rep.Refused)
		}
	}
}

// A colleague's owner.json from a newer skein is refused as a newer
// skein's folder is, and one naming another annotator or machine than its
// folder as a foreign file is: by name, with the folder's files not read
// until it changes. A good one, or none yet, lets the folder be read.
func TestOwnerFilesAreChecked(t *testing.T) {
	sh := shareAlice(t, nil)
	folder, b, eb, bucket, good := sh.folder, sh.b, sh.eb, sh.bucket, sh.good
	owner := func(format int, name, machine string) string {
		return `{"format":` + string(rune('0'+format)) + `,"annotator":"` + name + `","machine":"` + machine + `","host":"h"}` + "\n"
	}
	colleagueFolder(t, folder, "gina", "00000000000000ab", bucket, good, owner(2, "gina", "00000000000000ab"), nil)
	colleagueFolder(t, folder, "hank", "00000000000000ac", bucket, good, owner(1, "mallory", "00000000000000ac"), nil)
	colleagueFolder(t, folder, "ivan", "00000000000000ad", bucket, good, `{"format":1,"annot`, nil)
	colleagueFolder(t, folder, "jade", "00000000000000ae", bucket, good, owner(1, "jade", "00000000000000ae"), nil)
	colleagueFolder(t, folder, "kim", "00000000000000af", bucket, good, "", nil)
	rep := syncOnce(t, eb)
	all := refusalsSay(t, rep,
		"layers/gina/00000000000000ab/owner.json: written by a newer skein (format 2; this skein reads 1): update skein; the folder's files are not read",
		"layers/hank/00000000000000ac/owner.json: names mallory's layer on machine 00000000000000ac, not this folder's hank on 00000000000000ac; the folder's files are not read",
		"layers/ivan/00000000000000ad/owner.json: not an owner file (half copied?)",
	)
	if len(rep.Refused) != 3 {
		t.Errorf("%d refusals, want the three owner files:\n%s", len(rep.Refused), all)
	}
	count := func(name string) int {
		n := 0
		b.SpansByAnnotator(context.Background(), name, func(*annotate.Span) error { n++; return nil })
		return n
	}
	for name, want := range map[string]int{"gina": 0, "hank": 0, "ivan": 0, "jade": 1, "kim": 1} {
		if got := count(name); got != want {
			t.Errorf("%s's spans in bilal's store: %d, want %d", name, got, want)
		}
	}
	if rep := syncOnce(t, eb); len(rep.Refused) != 3 || len(rep.Arrived) != 0 {
		t.Fatalf("again, nothing changed: refused %v, arrived %+v; want the same three, nothing read", rep.Refused, rep.Arrived)
	}
	// hank's owner file set right: his folder is read.
	colleagueFolder(t, folder, "hank", "00000000000000ac", bucket, good, owner(1, "hank", "00000000000000ac"), nil)
	rep = syncOnce(t, eb)
	if len(rep.Refused) != 2 || count("hank") != 1 {
		t.Fatalf("hank's owner file fixed: refused %v, hank's spans %d; want two refusals left, his span read", rep.Refused, count("hank"))
	}
}

// A key given twice in a colleague's files (owner.json, a layer line, a
// decision) or in the folder's own (skein-team.json, assign.json) is
// refused by file, naming the key: encoding/json would take the last in
// silence, so an owner file naming two annotators was read as the last
// one's, and a span with two labels as the last. So is the key given
// again in another case ("Label"), which encoding/json reads as the key,
// or alone in another case ("Verdict", "Per_Article").
func TestTeamFilesWithAKeyTwice(t *testing.T) {
	for _, c := range []struct {
		name, annotator, label, says string
		decision, team, assign       string
		wantDecision, wantTeam       string
		wantAssign                   string
	}{
		{"the same", "annotator", "label", "", `"verdict":"accept","verdict":"reject"`, `{"format":9,"format":1}`, `"per_article":1,"articles":{},"per_article":2`,
			`key "verdict" given twice`, `key "format" given twice`, `key "per_article" given twice`},
		{"in another case", "Annotator", "Label", ` (the second spelled "`, `"Verdict":"reject"`, `{"format":1,"FORMAT":9}`, `"Per_Article":2,"articles":{}`,
			`key "Verdict" at byte 90 of the line is not "verdict"`, `key "format" given twice in one object (the second spelled "FORMAT"`, `key "Per_Article" at byte 37 is not "per_article"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			sh := shareAlice(t, nil)
			folder, b, eb := sh.folder, sh.b, sh.eb
			colleagueFolder(t, folder, "lena", "00000000000000b1", sh.bucket, sh.good, `{"format":1,"annotator":"mallory","`+c.annotator+`":"lena","machine":"00000000000000b1","host":"h"}`+"\n", nil)
			colleagueFolder(t, folder, "mona", "00000000000000b2", sh.bucket, sh.good, "", func(s string) string {
				return strings.Replace(s, `"label":`, `"label":"claim","`+c.label+`":`, 1)
			})
			refusalsSay(t, syncOnce(t, eb),
				`layers/lena/00000000000000b1/owner.json: key "annotator" given twice in one object`+c.says,
				`layers/mona/00000000000000b2/`+sh.bucket+`:1: key "label" given twice in one object`+c.says,
			)
			for _, name := range []string{"lena", "mona"} {
				n := 0
				b.SpansByAnnotator(context.Background(), name, func(*annotate.Span) error { n++; return nil })
				if n != 0 {
					t.Errorf("%s's spans in bilal's store: %d, want none", name, n)
				}
			}

			// A decision with two verdicts, in its reviewer's own folder.
			spans, err := b.LayerSpans(sh.d.ID, "alice")
			if err != nil || len(spans) == 0 {
				t.Fatalf("alice's spans in bilal's store: %v, %v", spans, err)
			}
			dir := filepath.Join(folder, "layers", "nina", "00000000000000b3")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			decisions := "decisions-" + sh.d.ID[:2] + ".jsonl"
			if err := os.WriteFile(filepath.Join(dir, decisions), []byte(`{"doc":"`+sh.d.ID+`","span":"`+spans[0].ID+`","reviewer":"nina",`+c.decision+`,"at":1}`+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			refusalsSay(t, syncOnce(t, eb), "layers/nina/00000000000000b3/"+decisions+":1: "+c.wantDecision)
			if decs, _ := b.Decisions(sh.d.ID); len(decs) != 0 {
				t.Errorf("a decision with %s was stored: %+v", c.decision, decs)
			}

			// The folder's own format file, and its assignment.
			team := t.TempDir()
			if err := os.WriteFile(filepath.Join(team, "skein-team.json"), []byte(c.team), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := checkFormat(team); err == nil || !strings.Contains(err.Error(), "skein-team.json: "+c.wantTeam) {
				t.Errorf("skein-team.json %s: %v, want it refused naming the key", c.team, err)
			}
			p := filepath.Join(folder, "assign.json")
			if err := os.WriteFile(p, []byte(`{"format":1,"annotators":["al","bo"],`+c.assign+`}`), 0o644); err != nil {
				t.Fatal(err)
			}
			if _, err := ReadAssignment(folder); err == nil || !strings.Contains(err.Error(), "assign.json: "+c.wantAssign) {
				t.Errorf("assignment with %s: %v, want it refused naming the key", c.assign, err)
			}
		})
	}
}

// refusalsSay checks that a sync's refusals say each of want, and returns
// them, a line each.
func refusalsSay(t *testing.T, rep *Report, want ...string) string {
	t.Helper()
	var msgs []string
	for _, r := range rep.Refused {
		msgs = append(msgs, r.Error())
	}
	all := strings.Join(msgs, "\n")
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("refusals lack %q:\n%s", w, all)
		}
	}
	return all
}
