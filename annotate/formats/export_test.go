package formats

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// corpus builds two documents in two layers with what formats find hard:
// an emoji, a discontinuous span, overlaps, a span whose edge is inside a
// word, one edged with punctuation, a chain, an equivalence set, a note and
// attributes, a span identical in both layers and a thread across documents.
func corpus(t testing.TB) *Batch {
	t.Helper()
	b := &Batch{}
	texts := []string{
		"Sony 👍 said North and South America grew 12 percent.\nAnwar ul-Haq Kakar denied it; critics called it “fake news”.",
		"A week later Kakar said exports grew 12 percent.",
	}
	for i, text := range texts {
		b.Docs = append(b.Docs, &annotate.Document{ID: annotate.DocID(text), Text: text, Source: fmt.Sprintf("wire/doc%d.txt", i+1), Title: fmt.Sprint("doc ", i+1)})
	}
	span := func(doc int, who, label string, quotes ...string) *annotate.Span {
		text := b.Docs[doc].Text
		var frags []annotate.Fragment
		from := 0
		for _, q := range quotes {
			i := strings.Index(text[from:], q) + from
			if i < from {
				t.Fatalf("%q not in doc %d", q, doc)
			}
			start := annotate.CodePointLen(text[:i])
			frags = append(frags, annotate.Fragment{Start: start, End: start + annotate.CodePointLen(q)})
			from = i + len(q)
		}
		s := &annotate.Span{ID: annotate.NewID(), Doc: b.Docs[doc].ID, Fragments: frags, Label: label, Annotator: who, Created: 1700000000000}
		b.Spans = append(b.Spans, s)
		return s
	}
	link := func(who, title, kind string, labels []string, spans ...*annotate.Span) *annotate.Thread {
		th := &annotate.Thread{ID: annotate.NewID(), Annotator: who, Title: title, Kind: kind}
		for i, s := range spans {
			m := annotate.Member{Doc: s.Doc, Span: s.ID}
			if i > 0 {
				m.Link = labels[i-1]
			}
			th.Members = append(th.Members, m)
		}
		b.Threads = append(b.Threads, th)
		return th
	}
	sony := span(0, "alice", "actor", "Sony")
	span(0, "bob", "actor", "Sony") // identical in bob's layer
	span(0, "alice", "claim", "North", "America")
	claim := span(0, "alice", "claim", "North and South America grew 12 percent")
	fig := span(0, "alice", "figure", "12 percent")
	kakar := span(0, "alice", "actor", "Anwar ul-Haq Kakar")
	kakar.Note = "caretaker PM"
	kakar.Attrs = map[string]string{"Verified": ""}
	kakar.Norms = []annotate.Norm{{DB: "Wikipedia", ID: "71526016"}}
	span(0, "alice", "claim", "orth and South") // edges inside a word
	fake := span(0, "bob", "accusation", "“fake news”")
	crit := span(0, "bob", "actor", "critics")
	kakar2 := span(1, "alice", "actor", "Kakar")
	claim2 := span(1, "alice", "claim", "exports grew 12 percent")
	link("alice", "", "", []string{"supports"}, fig, claim)
	link("alice", "", "", []string{"made-by"}, claim, sony)
	link("bob", "", "", []string{"made-by"}, fake, crit)
	link("alice", "growth story", "", []string{"repeats", ""}, sony, claim, kakar)
	link("alice", "", annotate.KindEquiv, []string{"Equiv"}, kakar, kakar2)
	link("alice", "", "", []string{"repeats"}, claim, claim2)
	b.Marks = []*annotate.Mark{{Doc: b.Docs[0].ID, Annotator: "alice", Done: true, Answer: "accept"}}
	return b
}

func contains1(t *testing.T, lines []string, want ...string) {
	t.Helper()
	all := strings.Join(lines, "\n")
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("leftOut lacks %q; got:\n%s", w, all)
		}
	}
}

func TestProdigyExportTokens(t *testing.T) {
	b := corpus(t)
	var out bytes.Buffer
	ex, _ := NewExporter("prodigy", &out, "")
	left := exportBatch(t, ex, b)
	contains1(t, left,
		"prodigy: 1 discontinuous span written as one entity per fragment",
		"prodigy: 1 span identical to another layer's written once",
		"prodigy: 1 span note left out",
		"prodigy: 1 thread of more than two spans",
		"prodigy: 1 thread title left out",
		"prodigy: 2 threads across documents left out", // the equivalence and the repeat
		"prodigy: 1 document of several annotators written as one task, their layers merged (a task names one _annotator_id)",
	)
	sc := bufio.NewScanner(&out)
	n := 0
	for sc.Scan() {
		var task struct {
			Text   string
			Meta   map[string]string
			Answer string
			Tokens []struct {
				Text       string
				Start, End int
				ID         int
				WS         bool
			}
			Spans []struct {
				Start, End  int
				Text, Label string
				TS          int `json:"token_start"`
				TE          int `json:"token_end"`
			}
			Relations []struct {
				Head, Child int
				Label       string
				HeadSpan    struct {
					TokenEnd int `json:"token_end"`
				} `json:"head_span"`
				ChildSpan struct {
					TokenEnd int `json:"token_end"`
				} `json:"child_span"`
			}
		}
		if err := json.Unmarshal(sc.Bytes(), &task); err != nil {
			t.Fatal(err)
		}
		d := b.Docs[n]
		n++
		runes := []rune(task.Text)
		// Every edge of a word of annotate.Tokens is an edge of a token
		// (spans may cut words further), and the tokens spell the text.
		edges := map[int]bool{}
		var spelt strings.Builder
		for i, tk := range task.Tokens {
			if tk.ID != i || tk.Start >= tk.End || tk.Text != string(runes[tk.Start:tk.End]) {
				t.Errorf("token %d: got %+v", i, tk)
			}
			if ws := tk.End < len(runes) && runes[tk.End] == ' '; tk.WS && !ws {
				t.Errorf("token %d %q: ws true, but no space follows", i, tk.Text)
			}
			edges[tk.Start], edges[tk.End] = true, true
			spelt.WriteString(tk.Text)
			if tk.WS {
				spelt.WriteByte(' ')
			}
		}
		if spelt.String() != task.Text {
			t.Errorf("doc %d: tokens spell %q, want the text %q", n, spelt.String(), task.Text)
		}
		for _, w := range annotate.Tokens(annotate.NewText(task.Text)) {
			if !edges[w.Start] || !edges[w.End] {
				t.Errorf("doc %d: word %q is not whole tokens", n, string(runes[w.Start:w.End]))
			}
		}
		for _, want := range map[int][]string{1: {"orth and South", "“fake news”"}}[n] {
			found := false
			for _, s := range task.Spans {
				found = found || s.Text == want
			}
			if !found {
				t.Errorf("doc %d: no span %q", n, want)
			}
		}
		for _, s := range task.Spans {
			if s.Text != string(runes[s.Start:s.End]) {
				t.Errorf("span %+v: text is not the document's", s)
			}
			if task.Tokens[s.TS].Start != s.Start || task.Tokens[s.TE].End != s.End {
				t.Errorf("span %+v: token_start/token_end do not agree with start/end", s)
			}
		}
		for _, r := range task.Relations {
			if r.Head != r.HeadSpan.TokenEnd || r.Child != r.ChildSpan.TokenEnd {
				t.Errorf("relation %+v: head/child are not the spans' last tokens", r)
			}
		}
		if task.Meta["doc"] != d.ID || task.Meta["source"] != d.Source {
			t.Errorf("meta: %v", task.Meta)
		}
		if want := map[int]string{1: "accept", 2: ""}[n]; task.Answer != want {
			t.Errorf("doc %d answer: got %q, want %q", n, task.Answer, want)
		}
		if n == 1 && len(task.Relations) != 5 { // supports, made-by, made-by, and the chain's two links
			t.Errorf("doc 1: got %d relations, want 5", len(task.Relations))
		}
	}
	if n != 2 {
		t.Errorf("got %d lines, want 2", n)
	}
}

// conllSentences parses CoNLL output into documents of sentences of
// "token TAG" pairs.
func conllSentences(t *testing.T, s string) [][][][2]string {
	var docs [][][][2]string
	for _, block := range strings.Split(s, "-DOCSTART- -X- O O\n\n")[1:] {
		var doc [][][2]string
		for _, sent := range strings.Split(strings.TrimRight(block, "\n"), "\n\n") {
			var toks [][2]string
			for _, line := range strings.Split(sent, "\n") {
				f := strings.Split(line, " ")
				if len(f) != 2 {
					t.Fatalf("line %q: want \"token TAG\"", line)
				}
				toks = append(toks, [2]string{f[0], f[1]})
			}
			doc = append(doc, toks)
		}
		docs = append(docs, doc)
	}
	return docs
}

func TestCoNLLAndHF(t *testing.T) {
	b := corpus(t)
	var conll, hf bytes.Buffer
	ex, _ := NewExporter("conll", &conll, "")
	left := exportBatch(t, ex, b)
	contains1(t, left,
		// The long claim is tagged first; North, America, "orth and South"
		// and "12 percent" overlap it.
		"conll: 4 overlapping spans left out (IOB2 cannot nest)",
		"conll: 1 discontinuous span written as one entity per fragment",
		"conll: 2 threads across documents left out",
	)
	docs := conllSentences(t, conll.String())
	if len(docs) != 2 {
		t.Fatalf("got %d documents, want 2", len(docs))
	}
	for _, l := range left {
		// “fake news” takes in its quotes, which are tokens of their own.
		if strings.Contains(l, "widened") || strings.Contains(l, "trimmed") {
			t.Errorf("left out: %s", l)
		}
	}
	want := []string{
		"Sony 👍 said North and South America grew 12 percent . | Anwar ul - Haq Kakar denied it ; critics called it “ fake news ” .",
		"A week later Kakar said exports grew 12 percent .",
	}
	for i, doc := range docs {
		checkIOB(t, b.Docs[i].Text, doc)
		var sents []string
		for _, sent := range doc {
			var toks []string
			for _, tk := range sent {
				toks = append(toks, tk[0])
			}
			sents = append(sents, strings.Join(toks, " "))
		}
		if got := strings.Join(sents, " | "); got != want[i] {
			t.Errorf("doc %d tokens:\ngot  %s\nwant %s", i+1, got, want[i])
		}
	}
	var quoted [][2]string
	for _, tk := range docs[0][1] {
		if tk[1] != "O" && strings.HasSuffix(tk[1], "accusation") {
			quoted = append(quoted, tk)
		}
	}
	if fmt.Sprint(quoted) != "[[“ B-accusation] [fake I-accusation] [news I-accusation] [” I-accusation]]" {
		t.Errorf("“fake news” tagged %v", quoted)
	}
	if len(docs[0]) != 2 {
		t.Errorf("doc 1: got %d sentences, want 2", len(docs[0]))
	}
	// Sony is B-actor once, though both layers hold it.
	if tk := docs[0][0][0]; tk != [2]string{"Sony", "B-actor"} {
		t.Errorf("first token: got %v", tk)
	}

	dir := t.TempDir()
	ex, err := NewExporter("hf", &hf, filepath.Join(dir, "ner.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	exportBatch(t, ex, b)
	raw, err := os.ReadFile(filepath.Join(dir, "ner.labels.json"))
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	if err := json.Unmarshal(raw, &labels); err != nil || labels[0] != "O" {
		t.Fatalf("labels.json: %s (%v)", raw, err)
	}
	// The Hugging Face export says what the CoNLL one says.
	var fromHF [][][2]string
	sc := bufio.NewScanner(&hf)
	for sc.Scan() {
		var line struct {
			ID      string
			Doc     string
			Tokens  []string
			NerTags []int `json:"ner_tags"`
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatal(err)
		}
		var sent [][2]string
		for i, tk := range line.Tokens {
			sent = append(sent, [2]string{tk, labels[line.NerTags[i]]})
		}
		fromHF = append(fromHF, sent)
	}
	var fromCoNLL [][][2]string
	for _, doc := range docs {
		fromCoNLL = append(fromCoNLL, doc...)
	}
	if fmt.Sprint(fromHF) != fmt.Sprint(fromCoNLL) {
		t.Errorf("hf and conll differ:\nhf    %v\nconll %v", fromHF, fromCoNLL)
	}
}

func TestIOBKeepsSpansInOneSentence(t *testing.T) {
	text := "He said. Prices rose. Then fell."
	d := &annotate.Document{ID: annotate.DocID(text), Text: text}
	s := &annotate.Span{ID: "s", Doc: d.ID, Label: "claim", Annotator: "a", Fragments: []annotate.Fragment{{Start: 3, End: 20}}}
	var out bytes.Buffer
	ex, _ := NewExporter("conll", &out, "")
	if err := ex.WriteDoc(d, []*annotate.Span{s}, nil); err != nil {
		t.Fatal(err)
	}
	left, _ := ex.Close()
	want := "-DOCSTART- -X- O O\n\nHe O\nsaid B-claim\n. I-claim\nPrices I-claim\nrose I-claim\n. O\n\nThen O\nfell O\n. O\n\n"
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
	contains1(t, left, "conll: 1 sentence break inside a span ignored")
}

func TestW3CExport(t *testing.T) {
	b := corpus(t)
	var out bytes.Buffer
	ex, _ := NewExporter("w3c", &out, "")
	left := exportBatch(t, ex, b)
	contains1(t, left, "w3c: 1 span's attributes left out")
	var coll struct {
		Context string `json:"@context"`
		ID      string
		Type    string
		Total   int
		First   struct {
			ID    string
			Type  string
			Items []struct {
				ID         string
				Type       string
				Motivation string
				Creator    struct{ Type, Name string }
				Created    string
				Body       []struct{ Type, Value, Purpose string }
				Target     json.RawMessage
			}
		}
	}
	if err := json.Unmarshal(out.Bytes(), &coll); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out.String())
	}
	if coll.Context != "http://www.w3.org/ns/anno.jsonld" || coll.Type != "AnnotationCollection" || coll.First.Type != "AnnotationPage" {
		t.Errorf("collection: %+v", coll)
	}
	// The model's MUSTs (§5.1, §5.2): the collection and its page each have
	// exactly one IRI, and they are not the same.
	for what, id := range map[string]string{"collection": coll.ID, "page": coll.First.ID} {
		if u, err := url.Parse(id); err != nil || !u.IsAbs() {
			t.Errorf("%s id %q is not an absolute IRI", what, id)
		}
	}
	if coll.ID == coll.First.ID {
		t.Errorf("the collection and its page share the id %q", coll.ID)
	}
	items := coll.First.Items
	if coll.Total != len(items) || len(items) != len(b.Spans)+len(b.Threads) {
		t.Errorf("total %d, items %d, want %d", coll.Total, len(items), len(b.Spans)+len(b.Threads))
	}
	texts := map[string]*annotate.Text{}
	for _, d := range b.Docs {
		texts["urn:skein:doc:"+d.ID] = annotate.NewText(d.Text)
	}
	ids := map[string]bool{}
	for _, it := range items {
		ids[it.ID] = true
	}
	var multi, linking int
	for _, it := range items {
		switch it.Motivation {
		case "tagging":
			type target struct {
				Source   string
				Selector []struct {
					Type                  string
					Exact, Prefix, Suffix string
					Start, End            int
				}
			}
			var ts []target
			if json.Unmarshal(it.Target, &ts) != nil {
				var one target
				if err := json.Unmarshal(it.Target, &one); err != nil {
					t.Fatal(err)
				}
				ts = []target{one}
			} else {
				multi++
			}
			for _, tg := range ts {
				tx := texts[tg.Source]
				q, p := tg.Selector[0], tg.Selector[1]
				if q.Type != "TextQuoteSelector" || p.Type != "TextPositionSelector" {
					t.Fatalf("selectors: %+v", tg.Selector)
				}
				if q.Exact != tx.Slice(p.Start, p.End) {
					t.Errorf("exact %q is not the text at %d–%d", q.Exact, p.Start, p.End)
				}
				if q.Prefix != tx.Slice(max(0, p.Start-32), p.Start) || q.Suffix != tx.Slice(p.End, min(tx.Len(), p.End+32)) {
					t.Errorf("prefix %q / suffix %q do not surround %q", q.Prefix, q.Suffix, q.Exact)
				}
			}
			if it.Body[0].Purpose != "tagging" || it.Creator.Name == "" || it.Created != "2023-11-14T22:13:20.000Z" {
				t.Errorf("span annotation: %+v", it)
			}
		case "linking":
			linking++
			var targets []string
			if err := json.Unmarshal(it.Target, &targets); err != nil {
				t.Fatal(err)
			}
			for _, tg := range targets {
				if !ids[tg] {
					t.Errorf("linking target %s is no annotation of the export", tg)
				}
			}
		default:
			t.Errorf("motivation %q", it.Motivation)
		}
	}
	if multi != 1 || linking != len(b.Threads) {
		t.Errorf("got %d multi-target spans and %d linking annotations, want 1 and %d", multi, linking, len(b.Threads))
	}
}

func TestLabelStudioExportLayers(t *testing.T) {
	b := corpus(t)
	var out bytes.Buffer
	ex, _ := NewExporter("labelstudio", &out, "")
	left := exportBatch(t, ex, b)
	contains1(t, left, "labelstudio: 1 discontinuous span written as one region per fragment", "labelstudio: 2 threads across documents left out")
	var tasks []struct {
		Annotations []struct {
			CompletedBy json.RawMessage `json:"completed_by"`
		}
	}
	if err := json.Unmarshal(out.Bytes(), &tasks); err != nil {
		t.Fatal(err)
	}
	if len(tasks) != 2 || len(tasks[0].Annotations) != 2 || string(tasks[0].Annotations[0].CompletedBy) != `{"email":"alice"}` {
		t.Errorf("tasks: %s", out.String())
	}
	b2, errs := ReadLabelStudio(bytes.NewReader(out.Bytes()), "ls.json", Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	count := func(b *Batch) string {
		m := map[string]int{}
		for _, s := range b.Spans {
			m[s.Annotator]++
		}
		return fmt.Sprint(m)
	}
	// The discontinuous span comes back as two.
	if got, want := count(b2), "map[alice:9 bob:3]"; got != want {
		t.Errorf("layers back: got %s, want %s (from %s)", got, want, count(b))
	}
	var empty bytes.Buffer
	ex, _ = NewExporter("labelstudio", &empty, "")
	ex.Close()
	if empty.String() != "[]\n" {
		t.Errorf("empty export: got %q", empty.String())
	}
	if got := lsCompletedBy("labelstudio-12"); got != 12 {
		t.Errorf("completed_by of labelstudio-12: got %v", got)
	}
}

func TestBratExportNames(t *testing.T) {
	text := "Line one says a thing\nthat crosses lines.\n"
	mk := func(source string) *annotate.Document {
		return &annotate.Document{ID: annotate.DocID(text + source), Text: text, Source: source}
	}
	dir := filepath.Join(t.TempDir(), "out")
	ex, err := NewExporter("brat", nil, dir)
	if err != nil {
		t.Fatal(err)
	}
	docs := []*annotate.Document{mk("a/b.txt"), mk("a/b.txt"), mk("../evil.txt"), mk(""), mk("feed.jsonl#3"), mk("/etc/passwd"), mk(`c:\x.txt`)}
	span := &annotate.Span{ID: "s", Label: "my label", Annotator: "a", Fragments: []annotate.Fragment{{Start: 16, End: 34}}}
	for _, d := range docs {
		s := *span
		s.Doc = d.ID
		if err := ex.WriteDoc(d, []*annotate.Span{&s}, nil); err != nil {
			t.Fatal(err)
		}
	}
	left, err := ex.Close()
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if !d.IsDir() && strings.HasSuffix(p, ".txt") {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(files)
	want := []string{docs[2].ID + ".txt", docs[3].ID + ".txt", docs[5].ID + ".txt", "a/b-" + docs[1].ID + ".txt", "a/b.txt", docs[6].ID + ".txt", "feed.jsonl_3.txt"}
	sort.Strings(want)
	if strings.Join(files, " ") != strings.Join(want, " ") {
		t.Errorf("files:\ngot  %s\nwant %s", strings.Join(files, " "), strings.Join(want, " "))
	}
	ann, _ := os.ReadFile(filepath.Join(dir, "a", "b.ann"))
	if got, want := string(ann), "T1\tmy_label 16 21;22 34\tthing that crosses\n"; got != want {
		t.Errorf(".ann: got %q, want %q", got, want)
	}
	contains1(t, left, `brat: 1 name changed to fit brat (accents dropped; spaces, punctuation and other characters become _) (type "my label" → my_label)`, "brat: 7 spans crossing a line break split into fragments")
	if _, err := NewExporter("brat", nil, dir); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("exporting into a full folder: got %v", err)
	}
}

func TestUnknownExportFormat(t *testing.T) {
	_, err := NewExporter("excel", nil, "")
	if err == nil || !strings.Contains(err.Error(), `"excel"`) || !strings.Contains(err.Error(), "brat, conll, doccano, hf, labelstudio, prodigy, w3c") {
		t.Errorf("got %v", err)
	}
}

// TestProdigyKeepsSpans reads Prodigy records whose spans do not end on
// skein's word boundaries — "Uber" in "Uber’s", "N.S.A." with its final
// full stop, a lone comma — writes them back and reads them again: every
// span must come back with its offsets, and the tokens with their ws flags
// must spell the text exactly, as spaCy builds a Doc from them.
func TestProdigyKeepsSpans(t *testing.T) {
	cases := []struct {
		name, text string
		spans      [][2]int
	}{
		{"inside a word", "Uber’s Lesson: Silicon Valley’s Start-Up Machine", [][2]int{{0, 4}, {15, 29}, {32, 40}}},
		{"ends on punctuation", "Web’s Reach Binds N.S.A. and Silicon Valley", [][2]int{{18, 24}, {29, 43}}},
		{"punctuation only", "Kakar said, again.", [][2]int{{10, 11}, {0, 5}}},
		{"line breaks and spaces", "Kakar 😀 said\r\nthe  TTP 🇵🇰 killed\n\n 60%.", [][2]int{{8, 17}, {19, 22}, {23, 25}, {35, 38}}},
		{"space at the start", "  Leading and trailing  ", [][2]int{{2, 9}, {14, 22}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			runes := []rune(c.text)
			var in bytes.Buffer
			type span struct {
				Start int    `json:"start"`
				End   int    `json:"end"`
				Text  string `json:"text"`
				Label string `json:"label"`
			}
			rec := struct {
				Text  string `json:"text"`
				Spans []span `json:"spans"`
			}{Text: c.text}
			want := map[string]bool{}
			for _, s := range c.spans {
				rec.Spans = append(rec.Spans, span{s[0], s[1], string(runes[s[0]:s[1]]), "ORG"})
				want[fmt.Sprintf("%d-%d %q", s[0], s[1], string(runes[s[0]:s[1]]))] = true
			}
			if err := json.NewEncoder(&in).Encode(rec); err != nil {
				t.Fatal(err)
			}
			b, errs := ReadProdigy(&in, "in.jsonl", Options{Annotator: "alice"})
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			var out bytes.Buffer
			ex, _ := NewExporter("prodigy", &out, "")
			if left := exportBatch(t, ex, b); len(left) > 0 {
				t.Errorf("got leftOut %q, want none", left)
			}
			var task struct {
				Tokens []struct {
					Text       string
					Start, End int
					ID         int
					WS         bool
				}
				Spans []struct {
					Start, End int
					TS         int `json:"token_start"`
					TE         int `json:"token_end"`
				}
			}
			if err := json.Unmarshal(out.Bytes(), &task); err != nil {
				t.Fatal(err)
			}
			var spelt strings.Builder
			for i, tk := range task.Tokens {
				if tk.ID != i || tk.Text != string(runes[tk.Start:tk.End]) || tk.Start >= tk.End {
					t.Errorf("token %d: got %+v", i, tk)
				}
				spelt.WriteString(tk.Text)
				if tk.WS {
					spelt.WriteByte(' ')
				}
			}
			if got := spelt.String(); got != c.text {
				t.Errorf("tokens spell %q, want %q", got, c.text)
			}
			for _, s := range task.Spans {
				if task.Tokens[s.TS].Start != s.Start || task.Tokens[s.TE].End != s.End {
					t.Errorf("span %+v: token_start/token_end do not agree with start/end", s)
				}
			}
			b2, errs := ReadProdigy(bytes.NewReader(out.Bytes()), "out.jsonl", Options{Annotator: "alice"})
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			got := map[string]bool{}
			for _, s := range b2.Spans {
				got[fmt.Sprintf("%d-%d %q", s.Start(), s.End(), string(runes[s.Start():s.End()]))] = true
			}
			sameSets(t, "prodigy → skein → prodigy → skein", got, want)
		})
	}
}

// TestBratExportUnfitNames: a source that cannot be a file name — a
// component over 255 bytes, a path 2,100 folders deep, characters Windows
// refuses, a Windows device name — is cleaned or shortened with the
// document's ID, the same way every time; the export completes, with its
// annotation.conf, and reads back whole.
func TestBratExportUnfitNames(t *testing.T) {
	mk := func(source string) *annotate.Document {
		text := "Kakar spoke to the press about " + source + ".\n"
		return &annotate.Document{ID: annotate.DocID(text), Text: text, Source: source}
	}
	long := strings.Repeat("x", 300)
	accents := strings.Repeat("é", 200) // 400 bytes
	docs := []*annotate.Document{
		mk(long + ".txt"),
		mk(accents),
		mk(strings.Repeat("d/", 2100) + "deep.txt"),
		mk(long + "/in-a-long-folder.txt"),
		mk(`wire/a<b>c|d?e*f"g.txt`),
		mk("wire/CON.txt"),
		mk("wire/trailing. "),
	}
	want := []string{
		strings.Repeat("x", 183) + "-" + docs[0].ID,
		strings.Repeat("é", 91) + "-" + docs[1].ID,
		"deep",
		"in-a-long-folder",
		"wire/a_b_c_d_e_f_g",
		"wire/CON_",
		"wire/trailing__",
	}
	export := func() []string {
		dir := filepath.Join(t.TempDir(), "out")
		ex, err := NewExporter("brat", nil, dir)
		if err != nil {
			t.Fatal(err)
		}
		span := &annotate.Span{ID: "s", Label: "actor", Annotator: "a", Fragments: []annotate.Fragment{{Start: 0, End: 5}}}
		for _, d := range docs {
			s := *span
			s.Doc = d.ID
			if err := ex.WriteDoc(d, []*annotate.Span{&s}, nil); err != nil {
				t.Fatalf("%.40s…: %v", d.Source, err)
			}
		}
		left, err := ex.Close()
		if err != nil {
			t.Fatal(err)
		}
		contains1(t, left, "brat: 4 file names shortened to fit a file system (a name over 200 bytes is cut and ends with the document ID; folders too long or too deep are left out)")
		if _, err := os.Stat(filepath.Join(dir, "annotation.conf")); err != nil {
			t.Error(err)
		}
		var files []string
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Name()) > 255 {
				t.Errorf("%s: a name of %d bytes", p, len(d.Name()))
			}
			if !d.IsDir() && strings.HasSuffix(p, ".txt") {
				rel, _ := filepath.Rel(dir, p)
				files = append(files, strings.TrimSuffix(filepath.ToSlash(rel), ".txt"))
			}
			return nil
		})
		b, errs := ReadBrat(dir, Options{Annotator: "a"})
		if len(errs) > 0 || len(b.Docs) != len(docs) || len(b.Spans) != len(docs) {
			t.Errorf("read back: %d documents, %d spans, %v; want %d of each", len(b.Docs), len(b.Spans), errs, len(docs))
		}
		sort.Strings(files)
		return files
	}
	got := export()
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("files:\ngot  %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
	if again := export(); strings.Join(again, "\n") != strings.Join(got, "\n") {
		t.Errorf("a second export names files differently:\n%s\n%s", again, got)
	}
}

// TestBratExportAllOrNothing: the folder appears only when the export is
// complete; one that fails leaves neither it nor anything beside it.
func TestBratExportAllOrNothing(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	text := "Kakar spoke to the press.\n"
	d := &annotate.Document{ID: annotate.DocID(text), Text: text, Source: "a.txt"}
	ex, err := NewExporter("brat", nil, dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := ex.WriteDoc(d, nil, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the folder exists before the export is complete: %v", err)
	}
	if _, err := ex.Close(); err != nil {
		t.Fatal(err)
	}
	ents, _ := os.ReadDir(parent)
	if len(ents) != 1 || ents[0].Name() != "out" {
		t.Errorf("beside the export: %v, want only out", ents)
	}
	for _, name := range []string{"a.txt", "a.ann", "annotation.conf", "visual.conf"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}

	// Abandoned half way (the caller's write failed), nothing is left.
	dir2 := filepath.Join(parent, "out2")
	ex, err = NewExporter("brat", nil, dir2)
	if err != nil {
		t.Fatal(err)
	}
	if err := ex.WriteDoc(d, nil, nil); err != nil {
		t.Fatal(err)
	}
	ex.(Aborter).Abort()
	if ents, _ := os.ReadDir(parent); len(ents) != 1 {
		t.Errorf("after an abandoned export: %v, want only out", ents)
	}

	// An empty folder named is replaced by the export, which keeps its mode.
	dir3 := filepath.Join(parent, "empty")
	if err := os.Mkdir(dir3, 0o700); err != nil {
		t.Fatal(err)
	}
	ex, err = NewExporter("brat", nil, dir3)
	if err != nil {
		t.Fatal(err)
	}
	if err := ex.WriteDoc(d, nil, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := ex.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir3, "a.ann")); err != nil {
		t.Error(err)
	} else if st, _ := os.Stat(dir3); st.Mode().Perm() != 0o700 {
		t.Errorf("the folder's mode: got %v, want 0700 as it was", st.Mode().Perm())
	}
}
