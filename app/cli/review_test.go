package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/seeds"
)

// seedLine writes a skein JSONL document line for a seed article with spans
// given as (id, text to find, label, annotator); the offsets are found in
// the article, in code points.
func seedLine(t *testing.T, doc *annotate.Document, spans ...[4]string) string {
	t.Helper()
	var ws []string
	for _, s := range spans {
		i := strings.Index(doc.Text, s[1])
		if i < 0 {
			t.Fatalf("%q not in %s", s[1], doc.Source)
		}
		start := annotate.CodePointLen(doc.Text[:i])
		end := start + annotate.CodePointLen(s[1])
		ws = append(ws, fmt.Sprintf(`{"id":%q,"start":%d,"end":%d,"text":%q,"label":%q,"annotator":%q}`, s[0], start, end, s[1], s[2], s[3]))
	}
	text, _ := json.Marshal(doc.Text)
	return fmt.Sprintf(`{"id":%q,"title":%q,"source":%q,"text":%s,"spans":[%s]}`, doc.ID, doc.Title, doc.Source, text, strings.Join(ws, ","))
}

func TestAgreeCurateThreads(t *testing.T) {
	dir := t.TempDir()
	docs, err := seeds.Documents()
	if err != nil {
		t.Fatal(err)
	}
	bySource := map[string]*annotate.Document{}
	for _, d := range docs {
		bySource[d.Source] = d
	}
	a, b := bySource["000_a028c591ba1f5ed0.txt"], bySource["001_f69399a660d41165.txt"]
	lines := []string{
		seedLine(t, a,
			[4]string{"b1", "2,267", "figure", "bob"}, [4]string{"c1", "2,267", "figure", "carol"},
			[4]string{"b2", "Anwar ul-Haq Kakar", "actor", "bob"}, [4]string{"c2", "Anwar ul-Haq Kakar", "actor", "carol"},
			[4]string{"b3", "60%", "figure", "bob"}, [4]string{"c3", "60%", "claim", "carol"}),
		seedLine(t, b, [4]string{"b4", "some 2,300", "figure", "bob"}, [4]string{"b5", "79%", "figure", "bob"}),
		fmt.Sprintf(`{"type":"thread","id":"th1","title":"casualties","annotator":"bob","members":[{"doc":%q,"span":"b1"},{"doc":%q,"span":"b4","link":"repeats"}]}`, a.ID, b.ID),
		fmt.Sprintf(`{"type":"thread","id":"th2","title":"rise in attacks","annotator":"bob","members":[{"doc":%q,"span":"b3"},{"doc":%q,"span":"b5","link":"contradicts"}]}`, a.ID, b.ID),
	}
	file := filepath.Join(t.TempDir(), "team.jsonl")
	os.WriteFile(file, []byte(strings.Join(lines, "\n")+"\n"), 0o644)
	if code, out, stderr := run(t, dir, "-user", "al", "import", file); code != 0 {
		t.Fatalf("import = %d %q %q", code, out, stderr)
	}

	// agree -json: bob and carol share 2 of their 3 spans in article a, and
	// bob alone annotated article b (carol has nothing there).
	code, out, stderr := run(t, dir, "agree", "-a", "bob", "-b", "carol", "-json")
	if code != 0 {
		t.Fatalf("agree = %d %q", code, stderr)
	}
	var rep struct {
		Annotators []string                       `json:"annotators"`
		Overall    map[string]*float64            `json:"overall"`
		Labels     map[string]map[string]*float64 `json:"labels"`
		Documents  []map[string]any               `json:"documents"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("agree -json does not parse: %v\n%s", err, out)
	}
	for _, k := range []string{"cohen_kappa", "fleiss_kappa", "krippendorff_alpha", "unitized_alpha", "f1_exact", "f1_overlap", "link_f1"} {
		if _, ok := rep.Overall[k]; !ok {
			t.Errorf("overall has no %s", k)
		}
	}
	// Exact F1 = 2·2 / (5 + 3): bob has 5 spans, carol 3, two match.
	if f := rep.Overall["f1_exact"]; f == nil || fmt.Sprintf("%.3f", *f) != "0.500" {
		t.Errorf("f1_exact = %v, want 0.500", f)
	}
	if len(rep.Documents) != 5 {
		t.Errorf("agree lists %d documents, want the 5 seeds", len(rep.Documents))
	}
	if code, out, _ = run(t, dir, "agree", "-a", "bob", "-b", "carol"); code != 0 || !strings.Contains(out, "f1") {
		t.Errorf("agree table = %d %q", code, out)
	}
	if code, _, stderr = run(t, dir, "agree", "-a", "bob", "-b", "nobody"); code != 1 || stderr != "skein agree: no spans or threads by annotator \"nobody\"; annotators in this store: bob, carol\n" {
		t.Errorf("agree with an unknown annotator = %d %q", code, stderr)
	}

	// curate copies the two agreed spans; the label conflict and bob's
	// one-sided spans remain.
	code, out, stderr = run(t, dir, "-user", "al", "curate", "-annotators", "bob,carol")
	if code != 0 || !strings.Contains(out, "curated 2 agreed spans in 1 documents") {
		t.Fatalf("curate = %d %q %q", code, out, stderr)
	}
	code, out, _ = run(t, dir, "export", "-annotator", "curated")
	curated := 0
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var line struct {
			Spans []struct{ Annotator, Label, Text string }
		}
		if err := json.Unmarshal([]byte(l), &line); err != nil {
			t.Fatal(err)
		}
		for _, s := range line.Spans {
			if s.Annotator == "curated" {
				curated++
			}
		}
	}
	if code != 0 || curated != 2 {
		t.Errorf("curated export has %d spans, want 2", curated)
	}
	// Curating again adds nothing.
	if _, out, _ = run(t, dir, "-user", "al", "curate", "-annotators", "bob,carol"); !strings.Contains(out, "curated 0 agreed spans") {
		t.Errorf("second curate: %q", out)
	}

	// threads -json reads the figures and flags where outlets disagree.
	code, out, stderr = run(t, dir, "threads", "-json")
	if code != 0 {
		t.Fatalf("threads = %d %q", code, stderr)
	}
	var ths []struct {
		ID           string `json:"id"`
		Title        string `json:"title"`
		Disagreement bool   `json:"disagreement"`
		Members      []struct {
			Doc, Span, Text, Label, Link string
			Value                        *struct {
				Number    float64 `json:"number"`
				Qualifier string  `json:"qualifier"`
			} `json:"value"`
		} `json:"members"`
	}
	if err := json.Unmarshal([]byte(out), &ths); err != nil {
		t.Fatalf("threads -json does not parse: %v\n%s", err, out)
	}
	got := map[string]bool{}
	for _, th := range ths {
		got[th.Title] = th.Disagreement
		if th.Title == "casualties" {
			m := th.Members
			if len(m) != 2 || m[0].Value == nil || m[0].Value.Number != 2267 || m[0].Value.Qualifier != "exact" ||
				m[1].Value == nil || m[1].Value.Number != 2300 || m[1].Value.Qualifier != "about" || m[1].Link != "repeats" {
				t.Errorf("casualties members = %+v", m)
			}
		}
	}
	if d, ok := got["casualties"]; !ok || d {
		t.Errorf("2,267 and some 2,300 should agree: %v", got)
	}
	if d, ok := got["rise in attacks"]; !ok || !d {
		t.Errorf("60%% and 79%% should disagree: %v", got)
	}
}
