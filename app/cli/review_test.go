package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
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

// seedsBySource is the seed articles by file name.
func seedsBySource(t *testing.T) map[string]*annotate.Document {
	t.Helper()
	docs, err := seeds.Documents()
	if err != nil {
		t.Fatal(err)
	}
	bySource := map[string]*annotate.Document{}
	for _, d := range docs {
		bySource[d.Source] = d
	}
	return bySource
}

func TestAgreeCurateThreads(t *testing.T) {
	dir := t.TempDir()
	bySource := seedsBySource(t)
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
	// bob alone annotated article b: carol has no layer there, so it is not
	// measured for the pair.
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
	// Exact F1 = 2·2 / (3 + 3): in article a bob has 3 spans, carol 3, two
	// match.
	if f := rep.Overall["f1_exact"]; f == nil || fmt.Sprintf("%.3f", *f) != "0.667" {
		t.Errorf("f1_exact = %s, want 0.667", num(f))
	}
	if len(rep.Documents) != 2 {
		t.Errorf("agree lists %d documents, want the 2 seeds bob or carol worked on", len(rep.Documents))
	}
	if code, out, _ = run(t, dir, "agree", "-a", "bob", "-b", "carol"); code != 0 || !strings.Contains(out, "f1") {
		t.Errorf("agree table = %d %q", code, out)
	}
	if code, _, stderr = run(t, dir, "agree", "-a", "bob", "-b", "nobody"); code != 1 || stderr != "skein agree: no spans or threads by annotator \"nobody\"; annotators in this store: bob, carol\n" {
		t.Errorf("agree with an unknown annotator = %d %q", code, stderr)
	}

	// curate copies the two agreed spans; the label conflict remains.
	// Article b, which carol never opened, is not a page of disagreements:
	// it is left alone, and said so.
	code, out, stderr = run(t, dir, "-user", "al", "curate", "-annotators", "bob,carol")
	if code != 0 || out != "curated 2 agreed spans in 1 document; 1 disagreement remains for review\n"+
		"1 document annotated by only one of them left alone, nothing there being agreed (2 spans to review one by one in the window)\n" {
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

// TestAgreeMeasuresOnlyAnnotatedArticles checks skein agree by hand on one
// short article that alice and bob annotated, in a store that also holds the
// five seed articles nobody opened. Its 9 tokens (Kakar said the TTP killed
// 60 people in Kabul) are coded
//
//	alice  actor  –  –  actor       –  figure  figure  –  actor
//	bob    actor  –  –  accusation  –  figure  –       –  –
//
// so pₒ = 6/9, pₑ = (3·1 + 2·1 + 4·6)/81 = 29/81 and Cohen's κ = 25/52;
// Fleiss' P̄ = 6/9, P̄ₑ = (4² + 1² + 3² + 10²)/18² = 126/324, κ = 5/11;
// Krippendorff's Dₒ = 6/18, Dₑ = (18² − 126)/(18·17), α = 16/33. Span F1:
// one exact match of 4 + 3 spans, 2/7; by overlap the figures pair too, 4/7.
// α_U = 0.2498 comes from a brute-force Python transcription of Krippendorff
// (2004) run on these units. The seed articles, where neither has a layer,
// must not count: they were read as 13,000 tokens both left unlabelled, and
// the overall κ rose to 0.625. Nor are they rows of the report: each was a
// row of "undefined" (a model's 5 articles in a corpus of 200 listed 195);
// they are counted once.
func TestAgreeMeasuresOnlyAnnotatedArticles(t *testing.T) {
	dir := t.TempDir()
	text := "Kakar said the TTP killed 60 people in Kabul."
	id := annotate.DocID(text)
	span := func(who string, n, start, end int, label string) string {
		return fmt.Sprintf(`{"id":"%s%d","start":%d,"end":%d,"text":%q,"label":%q,"annotator":%q}`, who, n, start, end, text[start:end], label, who)
	}
	lines := []string{
		fmt.Sprintf(`{"id":%q,"title":"tiny","text":%q,"spans":[%s,%s,%s,%s]}`, id, text,
			span("alice", 1, 0, 5, "actor"), span("alice", 2, 15, 18, "actor"), span("alice", 3, 26, 35, "figure"), span("alice", 4, 39, 44, "actor")),
		fmt.Sprintf(`{"id":%q,"title":"tiny","text":%q,"spans":[%s,%s,%s]}`, id, text,
			span("bob", 1, 0, 5, "actor"), span("bob", 2, 15, 18, "accusation"), span("bob", 3, 26, 28, "figure")),
	}
	file := filepath.Join(t.TempDir(), "tiny.jsonl")
	if err := os.WriteFile(file, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, stderr := run(t, dir, "-user", "me", "import", file); code != 0 {
		t.Fatalf("import = %d %q %q", code, out, stderr)
	}
	code, out, stderr := run(t, dir, "agree", "-a", "alice", "-b", "bob", "-json")
	if code != 0 {
		t.Fatalf("agree = %d %q", code, stderr)
	}
	var rep struct {
		Overall   map[string]*float64 `json:"overall"`
		Documents []map[string]any    `json:"documents"`
		Unworked  int                 `json:"unworked_documents"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("agree -json does not parse: %v\n%s", err, out)
	}
	want := map[string]float64{
		"cohen_kappa": 25.0 / 52, "fleiss_kappa": 5.0 / 11, "krippendorff_alpha": 16.0 / 33,
		"unitized_alpha": 0.2498, "f1_exact": 2.0 / 7, "f1_overlap": 4.0 / 7,
	}
	if len(rep.Documents) != 1 || rep.Documents[0]["id"] != id || rep.Unworked != 5 {
		t.Fatalf("documents = %v, %d unworked; want the tiny article alone, the 5 seed articles counted", rep.Documents, rep.Unworked)
	}
	for k, v := range want {
		if got := rep.Overall[k]; got == nil || fmt.Sprintf("%.3f", *got) != fmt.Sprintf("%.3f", v) {
			t.Errorf("overall %s = %s, want %.3f", k, num(got), v)
		}
		if got, _ := rep.Documents[0][k].(float64); fmt.Sprintf("%.3f", got) != fmt.Sprintf("%.3f", v) {
			t.Errorf("tiny article's %s = %v, want %.3f", k, rep.Documents[0][k], v)
		}
	}
	if rep.Overall["link_f1"] != nil {
		t.Errorf("overall link_f1 = %v, want null: nobody linked anything", *rep.Overall["link_f1"])
	}
	// curate copies the one agreed span, Kakar; the label conflict, the
	// boundary conflict and Kabul remain, and the summary reads as English.
	code, out, stderr = run(t, dir, "-user", "me", "curate", "-annotators", "alice,bob")
	if want := "curated 1 agreed span in 1 document; 3 disagreements remain for review\n"; code != 0 || out != want {
		t.Errorf("curate = %d %q %q, want %q", code, out, stderr, want)
	}
	code, out, stderr = run(t, dir, "agree", "-a", "alice", "-b", "bob")
	if code != 0 || strings.Contains(out, "undefined  undefined") || !strings.Contains(out, "(5 articles none of them worked on left out)") {
		t.Errorf("agree = %d %q %q: want no row of undefined measures, the 5 seed articles counted once", code, out, stderr)
	}
}

// num prints a measure as the table does.
func num(p *float64) string {
	if p == nil {
		return "null"
	}
	return fmt.Sprintf("%.3f", *p)
}

// With three annotators, an article one of them never opened is curated
// from the two who worked on it.
func TestCurateCountsOnlyWhoWorkedOnAnArticle(t *testing.T) {
	dir := t.TempDir()
	bySource := seedsBySource(t)
	a, b := bySource["000_a028c591ba1f5ed0.txt"], bySource["001_f69399a660d41165.txt"]
	lines := []string{
		seedLine(t, a, [4]string{"b1", "2,267", "figure", "bob"}, [4]string{"c1", "2,267", "figure", "carol"}),
		seedLine(t, b, [4]string{"d1", "79%", "figure", "dave"}, [4]string{"b2", "79%", "figure", "bob"}, [4]string{"c2", "79%", "figure", "carol"}),
	}
	file := filepath.Join(t.TempDir(), "team.jsonl")
	os.WriteFile(file, []byte(strings.Join(lines, "\n")+"\n"), 0o644)
	if code, out, stderr := run(t, dir, "-user", "al", "import", file); code != 0 {
		t.Fatalf("import = %d %q %q", code, out, stderr)
	}
	code, out, stderr := run(t, dir, "-user", "al", "curate", "-annotators", "bob,carol,dave")
	if code != 0 || out != "curated 2 agreed spans in 2 documents; 0 disagreements remain for review\n" {
		t.Errorf("curate = %d %q %q", code, out, stderr)
	}
}

// A listing keeps one line per item: a line break in a thread's title, a
// member's text (a span across paragraphs) or an article's title is shown
// as ⏎, where printed raw it broke the line a script reads.
func TestOneLine(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                           "plain",
		"two\nlines":                      "two ⏎ lines",
		"crlf\r\nend":                     "crlf ⏎ end",
		"cr\rsep\u2028par\u2029nel\u0085": "cr ⏎ sep ⏎ par ⏎ nel ⏎ ",
	} {
		if got := oneLine(in); got != want || strings.ContainsAny(got, "\r\n\u2028\u2029\u0085") {
			t.Errorf("oneLine(%q) = %q, want %q", in, got, want)
		}
	}
}

// skein list of an article whose title holds a line break prints it on its
// one line.
func TestListKeepsOneLineAnArticle(t *testing.T) {
	dir := t.TempDir()
	text := "Kakar said the TTP operates from Afghanistan.\n"
	line := `{"title":"Kakar\nsays","text":` + strconv.Quote(text) + `}` + "\n"
	src := filepath.Join(t.TempDir(), "a.jsonl")
	if err := os.WriteFile(src, []byte(line), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := run(t, dir, "import", src); code != 0 {
		t.Fatalf("import = %d: %s", code, stderr)
	}
	_, out, _ := run(t, dir, "list")
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if strings.HasPrefix(l, "says") {
			t.Fatalf("the title's second line is a line of its own:\n%s", out)
		}
	}
	if !strings.Contains(out, "Kakar ⏎ says") {
		t.Errorf("skein list:\n%s", out)
	}
}

// TestAgreeLeavesOutWhatOnlyOneWorkedOn: a corpus received from others, a
// brat folder per annotator where bob annotated one article of three and
// alice used a label of her own (Person) only where bob never looked. The
// table listed the two articles and Person as rows of "undefined"; it now
// counts them under their block and -all lists them. -json keeps them all.
func TestAgreeLeavesOutWhatOnlyOneWorkedOn(t *testing.T) {
	dir := t.TempDir()
	corpus := t.TempDir()
	texts := []string{
		"Kakar said the TTP killed 60 people in Kabul.\n",
		"Mujahid denied that 300 families had left Quetta.\n",
		"The ministry said 1,200 people crossed at Chaman.\n",
	}
	anns := map[string][]string{
		"alice": {"T1\tactor 0 5\tKakar\n", "T1\tPerson 0 7\tMujahid\n", "T1\tactor 4 12\tministry\n"},
		"bob":   {"T1\tactor 0 5\tKakar\n", "-", "-"}, // bob never opened two: no .ann
	}
	writeBratPerAnnotator(t, corpus, texts, anns)
	if code, out, stderr := run(t, dir, "-user", "me", "import", "-layers-from-folders", corpus); code != 0 {
		t.Fatalf("import = %d %q %q", code, out, stderr)
	}
	only := []string{annotate.DocID(texts[1]), annotate.DocID(texts[2])}
	code, out, stderr := run(t, dir, "agree", "-a", "alice", "-b", "bob")
	if code != 0 {
		t.Fatalf("agree = %d %q %q", code, out, stderr)
	}
	for _, id := range only {
		if strings.Contains(out, id) {
			t.Errorf("agree lists %s, which only alice worked on:\n%s", id, out)
		}
	}
	if strings.Contains(out, "\nPerson ") {
		t.Errorf("agree lists the label Person, used only where bob never worked:\n%s", out)
	}
	for _, want := range []string{
		"\n(1 label used only in articles fewer than two of them worked on left out, undefined: skein agree -all lists them)\n",
		"\n(2 articles only one of them worked on left out, undefined: skein agree -all lists them)\n",
		"\n(5 articles none of them worked on left out)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("agree: got\n%s\nwant a line %q", out, want[1:len(want)-1])
		}
	}
	if !strings.Contains(out, annotate.DocID(texts[0])+"  ") || !strings.Contains(out, "\nactor ") {
		t.Errorf("agree: got\n%s\nwant the article both worked on and its label actor", out)
	}
	code, out, stderr = run(t, dir, "agree", "-a", "alice", "-b", "bob", "-all")
	if code != 0 {
		t.Fatalf("agree -all = %d %q %q", code, out, stderr)
	}
	for _, id := range only {
		if !regexpUndefinedRow(id).MatchString(out) {
			t.Errorf("agree -all: got\n%s\nwant a row of undefined for %s", out, id)
		}
	}
	if !strings.Contains(out, "\nPerson ") || strings.Contains(out, "left out, undefined") {
		t.Errorf("agree -all: got\n%s\nwant the label Person listed and nothing said left out", out)
	}
	code, out, stderr = run(t, dir, "agree", "-a", "alice", "-b", "bob", "-json")
	if code != 0 {
		t.Fatalf("agree -json = %d %q %q", code, out, stderr)
	}
	var rep struct {
		Labels    map[string]any   `json:"labels"`
		Documents []map[string]any `json:"documents"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if _, ok := rep.Labels["Person"]; !ok || len(rep.Documents) != 3 {
		t.Errorf("agree -json: labels %v, %d documents; want Person among the labels and all 3 articles", rep.Labels, len(rep.Documents))
	}
}

// regexpUndefinedRow matches a table row of document id that is undefined
// in all seven columns.
func regexpUndefinedRow(id string) *regexp.Regexp {
	return regexp.MustCompile(`(?m)^` + id + `  .*(undefined +){6}undefined$`)
}

// TestDoccanoFilesPerUserSaySo: doccano exports one file per user, none
// naming its user. Imported together (the folder as received), all their
// spans go into one layer; that happened in silence, and agreement between
// the two was then nowhere to be had. A note now names the two files, the
// articles they share and how to import each into its own layer; files
// imported one by one with -annotator say nothing of it.
func TestDoccanoFilesPerUserSaySo(t *testing.T) {
	texts := []string{
		"Mujahid denied that 300 families had left Quetta.",
		"The ministry said 1,200 people crossed at Chaman.",
		"Kakar said the TTP killed 60 people in Kabul.",
	}
	line := func(i int, label string) string {
		return fmt.Sprintf(`{"id":%d,"text":%q,"entities":[{"id":1,"label":%q,"start_offset":0,"end_offset":3}],"relations":[],"Comments":[]}`, i+1, texts[i], label)
	}
	for _, ext := range []string{".jsonl", ".json"} {
		t.Run(ext, func(t *testing.T) {
			corpus := t.TempDir()
			files := map[string][]string{
				"admin": {line(0, "actor"), line(1, "actor"), line(2, "actor")},
				"carol": {line(0, "claim"), line(1, "actor")},
			}
			for user, lines := range files {
				body := strings.Join(lines, "\n") + "\n"
				if ext == ".json" {
					body = "[" + strings.Join(lines, ",\n") + "]\n"
				}
				if err := os.WriteFile(filepath.Join(corpus, user+ext), []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			code, _, stderr := run(t, t.TempDir(), "-user", "me", "import", corpus)
			want := "note: doccano: admin" + ext + " and carol" + ext + " hold the same 2 articles and name no annotator: the spans of both went into one layer (me); if each file is one annotator's work (doccano exports a file per user), import each into its own layer: skein import -annotator NAME FILE\n"
			if code != 0 || !strings.Contains(stderr, want) {
				t.Errorf("import = %d %q, want the note %q", code, stderr, want)
			}
			dir := t.TempDir()
			for user := range files {
				code, _, stderr := run(t, dir, "-user", "me", "import", "-annotator", user, filepath.Join(corpus, user+ext))
				if code != 0 || strings.Contains(stderr, "name no annotator") {
					t.Errorf("import -annotator %s = %d %q, want no note of one layer", user, code, stderr)
				}
			}
			if code, out, stderr := run(t, dir, "agree", "-a", "admin", "-b", "carol"); code != 0 || !strings.Contains(out, "(1 article only one of them worked on left out") {
				t.Errorf("agree = %d %q %q, want admin and carol measured apart", code, out, stderr)
			}
		})
	}
}

// TestSameSpansFromTwoFilesOnce: two doccano files with the same article
// and some of the same spans and relation, imported together into one
// layer (a folder of per-user files, or one file named twice), stored each
// shared span and relation twice: the layer held two "Mujahid" actors at
// one place, inflating every count. A span or relation another file
// brought into the same layer is now that one, as within one file.
func TestSameSpansFromTwoFilesOnce(t *testing.T) {
	text := "Mujahid denied that 300 families had left Quetta."
	rel := func(from, to int) string {
		return fmt.Sprintf(`{"id":%d,"from_id":%d,"to_id":%d,"type":"denies"}`, from, from, to)
	}
	line := func(figure string, rels string) string {
		return fmt.Sprintf(`{"id":1,"text":%q,"entities":[{"id":1,"label":"actor","start_offset":0,"end_offset":7},{"id":2,"label":"figure","start_offset":%s}],"relations":[%s],"Comments":[]}`, text, figure, rels)
	}
	corpus := t.TempDir()
	a, b := filepath.Join(corpus, "admin.jsonl"), filepath.Join(corpus, "carol.jsonl")
	if err := os.WriteFile(a, []byte(line(`20,"end_offset":32`, rel(1, 2))+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(b, []byte(line(`20,"end_offset":23`, rel(1, 2))+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	spans := func(dir string) (n int, out string) {
		_, out, _ = run(t, dir, "-user", "me", "export", "-threads")
		return strings.Count(out, `"label":`), out
	}
	dir := t.TempDir()
	code, _, stderr := run(t, dir, "-user", "me", "import", corpus)
	if code != 0 || !strings.Contains(stderr, "note: 1 span that another file brought too (the same article, layer, label, place, note, attributes and normalizations) imported once\n") {
		t.Errorf("import = %d %q, want the shared actor said imported once", code, stderr)
	}
	// Mujahid once, and the two figures; two relations, one per figure.
	if n, out := spans(dir); n != 3 || strings.Count(out, `"type":"thread"`) != 2 {
		t.Errorf("after importing admin and carol: %d spans, %d threads, want 3 and 2:\n%s", n, strings.Count(out, `"type":"thread"`), out)
	}
	// The same files again: nothing is imported, so nothing was "imported
	// once" either (the second run said the shared actor and relation were).
	code, stdout, stderr := run(t, dir, "-user", "me", "import", corpus)
	if code != 0 || !strings.Contains(stdout, " 0 spans, 0 threads") || strings.Contains(stderr, "another file brought too") {
		t.Errorf("import again = %d %q %q, want 0 spans and no note of spans imported once", code, stdout, stderr)
	}
	dir = t.TempDir()
	code, _, stderr = run(t, dir, "-user", "me", "import", a, a)
	if code != 0 || !strings.Contains(stderr, "note: 2 spans that another file brought too") || !strings.Contains(stderr, "note: 1 thread that another file brought too (the same layer, title, note, members in order and link labels) imported once\n") {
		t.Errorf("import a a = %d %q, want both spans and the relation said imported once", code, stderr)
	}
	if n, out := spans(dir); n != 2 || strings.Count(out, `"type":"thread"`) != 1 {
		t.Errorf("after importing admin.jsonl twice: %d spans, %d threads, want 2 and 1:\n%s", n, strings.Count(out, `"type":"thread"`), out)
	}
}

// TestSpanWithANoteNotTakenForItsCopy: a brat .ann giving one span twice,
// the second with an annotator's note, imports both: the reader took the
// second for an identical copy of the first (same label and place) and
// dropped it with its note, saying "1 identical span imported once". A
// true copy is still imported once.
func TestSpanWithANoteNotTakenForItsCopy(t *testing.T) {
	corpus := t.TempDir()
	text := "Mujahid denied that 300 families had left Quetta.\n"
	ann := "T1\tactor 0 7\tMujahid\nT2\tactor 0 7\tMujahid\n#1\tAnnotatorNotes T2\tthe spokesman\nT3\tfigure 20 32\t300 families\nT4\tfigure 20 32\t300 families\n"
	if err := os.WriteFile(filepath.Join(corpus, "doc.txt"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(corpus, "doc.ann"), []byte(ann), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if code, out, stderr := run(t, dir, "-user", "me", "import", corpus); code != 0 || !strings.Contains(out, " 3 spans,") {
		t.Errorf("import = %d %q %q, want 3 spans (two actors, one figure)", code, out, stderr)
	}
	_, all, _ := run(t, dir, "-user", "me", "export")
	out := ""
	for _, l := range strings.Split(all, "\n") {
		if strings.Contains(l, `"text":"Mujahid denied`) {
			out = l // the article's line, not the store's other articles
		}
	}
	if strings.Count(out, `"label":"actor"`) != 2 || !strings.Contains(out, `"note":"the spokesman"`) || strings.Count(out, `"label":"figure"`) != 1 {
		t.Errorf("export holds, want both actors, the note and one figure:\n%s", out)
	}
	// Imported again, nothing more.
	if code, out, stderr := run(t, dir, "-user", "me", "import", corpus); code != 0 || !strings.Contains(out, " 0 spans,") {
		t.Errorf("import again = %d %q %q, want 0 spans", code, out, stderr)
	}
}
