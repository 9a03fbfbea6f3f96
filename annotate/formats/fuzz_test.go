package formats

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"unicode"
	"unicode/utf8"

	"github.com/skein-news/skein/annotate"
)

// fuzzText is the fixed article FuzzReadBrat annotates: an emoji, a
// combining mark, CRLF line ends.
const fuzzText = "Sony 👍 said North and South America grew 5%.\r\nAnwar ul-Haq Kakar denied it — “fake”, said cafe\u0301 owners.\r\n"

func addFiles(f *testing.F, pattern string) {
	files, _ := filepath.Glob(pattern)
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
}

// spansQuoteTheText checks that every span's text is one the input quoted,
// where the input quotes every span (quoted is nil when it does not).
func spansQuoteTheText(t *testing.T, b *Batch, quoted map[string]bool) {
	if quoted == nil {
		return
	}
	for _, d := range b.Docs {
		tx := annotate.NewText(d.Text)
		for _, s := range b.Spans {
			if s.Doc == d.ID && !quoted[tx.Fragments(s.Fragments)] {
				t.Fatalf("span %+v covers %q, which the input never quotes", s, tx.Fragments(s.Fragments))
			}
		}
	}
}

func FuzzReadBrat(f *testing.F) {
	f.Add([]byte("T1\tactor 0 4\tSony\nT2\tclaim 12 17;28 35\tNorth America\nR1\tsupports Arg1:T2 Arg2:T1\t\n*\tEquiv T1 T2\n"))
	f.Add([]byte("T1\tfigure 41 43\t5%\r\nE1\tfigure:T1 Theme:T1 Cause:E1\r\nA1\tX E1 v\r\n#1\tAnnotatorNotes E1\tn\r\nN1\tReference T1 a:b\tc\r\n"))
	f.Add([]byte("T1\tactor 47 65\tAnwar ul-Haq Kakar\nM1\tNegated T1\nA2\tConf R9 x\n"))
	f.Add([]byte("T1\tx 0 1;0 1\tS S\nT2\tx 99999999999999999999 1\t\n*\tA T1 T1\n"))
	for _, ann := range []string{"testdata/brat/*.ann", "testdata/brat/sub/*.ann"} {
		addFiles(f, ann)
	}
	f.Fuzz(func(t *testing.T, ann []byte) {
		fsys := fstest.MapFS{"doc.txt": {Data: []byte(fuzzText)}, "doc.ann": {Data: ann}}
		b, errs := readBratFS(fsys, []string{"doc.ann", "doc.txt"}, func(p string) string { return p }, Options{Annotator: "fuzz", SkipInvalid: true})
		if b == nil {
			t.Fatalf("SkipInvalid gave no batch (%v)", errs)
		}
		checkBatch(t, b)
		quoted := map[string]bool{}
		for _, line := range strings.Split(string(ann), "\n") {
			f := strings.SplitN(strings.TrimSuffix(line, "\r"), "\t", 3)
			if strings.HasPrefix(line, "T") {
				if len(f) < 3 {
					return // a T line without its text: nothing to compare
				}
				quoted[f[2]] = true
			}
		}
		spansQuoteTheText(t, b, quoted)
	})
}

// quotedTexts collects the "text" of every object in a JSON value that has
// "start" and "end" — Prodigy's spans, Label Studio's region values — or
// nil when some such object quotes nothing.
func quotedTexts(data []byte) map[string]bool {
	set := map[string]bool{}
	all := true
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			// encoding/json matches field names without regard to case,
			// as the readers do.
			low := map[string]any{}
			for k, y := range x {
				low[strings.ToLower(k)] = y
			}
			_, s := low["start"]
			_, e := low["end"]
			if s && e {
				if q, ok := low["text"].(string); ok {
					set[q] = true
				} else {
					all = false
				}
			}
			for _, y := range x {
				walk(y)
			}
		case []any:
			for _, y := range x {
				walk(y)
			}
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	for {
		var v any
		if err := dec.Decode(&v); err == io.EOF {
			break
		} else if err != nil {
			return nil // the readers keep what came before the break: no telling
		}
		walk(v)
	}
	if !all {
		return nil
	}
	return set
}

func fuzzJSON(f *testing.F, read func(r *bytes.Reader, file string, opt Options) (*Batch, []error), quotes bool) {
	f.Fuzz(func(t *testing.T, data []byte) {
		b, errs := read(bytes.NewReader(data), "fuzz", Options{Annotator: "fuzz", SkipInvalid: true})
		if b == nil {
			t.Fatalf("SkipInvalid gave no batch (%v)", errs)
		}
		checkBatch(t, b)
		if quotes {
			spansQuoteTheText(t, b, quotedTexts(data))
		}
	})
}

func FuzzReadDoccano(f *testing.F) {
	f.Add([]byte(`{"id":1,"text":"Sony 👍 said","label":[[0,4,"actor"],[5,6,"x"]]}`))
	f.Add([]byte(`{"text":"a\r\nb","entities":[{"id":0,"label":"a","start_offset":0,"end_offset":1}],"relations":[{"from_id":0,"to_id":0,"type":"t"}]}`))
	f.Add([]byte(`{"column_data":"x","column_label":[[0,1,"a"],[0,1,"a"]],"meta":{"k":[1]},"Comments":["c"],"label":["pos"]}`))
	addFiles(f, "testdata/doccano.jsonl")
	fuzzJSON(f, func(r *bytes.Reader, file string, opt Options) (*Batch, []error) { return ReadDoccano(r, file, opt) }, false)
}

func FuzzReadCoNLL(f *testing.F) {
	f.Add([]byte("-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\n\nPeter B-PER\nBlackburn I-PER\n"))
	f.Add([]byte("JAPAN\tB-LOC\nGET\tO\n\nNadim\tB-PER\nLadki\tI-PER\n\n60 S-figure\nx E-a\ny U-b\nz L-b\nw c\n"))
	f.Add([]byte("\ufeffشہباز\tB-actor\r\nشریف\tI-actor\nnotag\n"))
	fuzzJSON(f, func(r *bytes.Reader, file string, opt Options) (*Batch, []error) { return ReadCoNLL(r, file, opt) }, false)
}

func FuzzReadHF(f *testing.F) {
	f.Add([]byte(`{"id":"0","tokens":["Sony","👍","said"],"pos_tags":[1,2,3],"ner_tags":[3,0,4]}`))
	f.Add([]byte(`{"doc":"d","tokens":["a","b"],"ner_tags":["B-x","I-x"]}` + "\n" + `{"doc":"d","tokens":["c"],"ner_tags":["S-y"]}` + "\n" + `{"tokens":["e"],"ner_tags":[9]}`))
	addFiles(f, "testdata/others/hf-*.jsonl")
	names := []string{"O", "B-PER", "I-PER", "B-ORG", "I-ORG"}
	fuzzJSON(f, func(r *bytes.Reader, file string, opt Options) (*Batch, []error) { return ReadHF(r, file, names, opt) }, false)
}

func FuzzReadProdigy(f *testing.F) {
	f.Add([]byte(`{"text":"Sony 👍 said","spans":[{"start":0,"end":4,"text":"Sony","label":"actor","token_end":0}],"relations":[{"head":0,"child":0,"label":"x"}],"answer":"accept"}`))
	f.Add([]byte(`{"text":"ab","spans":[{"start":0,"end":1,"label":"a"}],"relations":[{"head_span":{"start":1,"end":2,"label":"b"},"child_span":{"start":0,"end":1}}],"answer":"reject"}`))
	addFiles(f, "testdata/prodigy.jsonl")
	fuzzJSON(f, func(r *bytes.Reader, file string, opt Options) (*Batch, []error) { return ReadProdigy(r, file, opt) }, true)
}

func FuzzReadLabelStudio(f *testing.F) {
	f.Add([]byte(`[{"data":{"text":"🎉 Sony"},"annotations":[{"completed_by":{"email":"a@b"},"result":[{"id":"a","type":"labels","value":{"start":3,"end":7,"text":"Sony","labels":["x","y"]}},{"id":"a","type":"textarea","value":{"text":["n"]}},{"type":"relation","from_id":"a","to_id":"a","direction":"bi"}]}]}]`))
	f.Add([]byte(`{"data":{"t":"x"},"completions":[{"completed_by":2,"result":[{"type":"labels","to_name":"t","value":{"start":0,"end":1,"labels":["a"]}}]}],"predictions":[{}]}`))
	addFiles(f, "testdata/labelstudio.json")
	fuzzJSON(f, func(r *bytes.Reader, file string, opt Options) (*Batch, []error) {
		return ReadLabelStudio(r, file, opt)
	}, true)
}

// FuzzProdigyTokens checks the tokens the Prodigy export writes for any
// text and any span: they spell the text, none is empty, every span edge
// inside a word is a token edge, and a span is only ever trimmed of white
// space.
func FuzzProdigyTokens(f *testing.F) {
	f.Add(fuzzText, 5, 30)
	f.Add("Uber’s Lesson: N.S.A.", 0, 4)
	f.Add("  a\r\n\n b  ", 1, 8)
	f.Fuzz(func(t *testing.T, text string, start, end int) {
		if !utf8.ValidString(text) {
			return
		}
		runes := []rune(text)
		if start < 0 || end > len(runes) || start >= end {
			return
		}
		tx := annotate.NewText(text)
		toks := prodigyTokens(runes, annotate.NewWords(tx).Tokens(), []int{start, end})
		var spelt strings.Builder
		edges := map[int]bool{}
		for i, tk := range toks {
			if tk.start >= tk.end || (i > 0 && tk.start < toks[i-1].end) {
				t.Fatalf("token %d %+v: empty or out of order", i, tk)
			}
			spelt.WriteString(string(runes[tk.start:tk.end]))
			if tk.ws {
				spelt.WriteByte(' ')
			}
			edges[tk.start], edges[tk.end] = true, true
		}
		if spelt.String() != text {
			t.Fatalf("tokens spell %q, want %q", spelt.String(), text)
		}
		var lo tally
		first, last, ok := fitTokens(toks, piece{start: start, end: end}, &lo)
		inner := strings.TrimFunc(string(runes[start:end]), unicode.IsSpace)
		if !ok {
			if inner != "" {
				t.Fatalf("span %d–%d %q left out, but it holds more than white space", start, end, string(runes[start:end]))
			}
			return
		}
		if got := string(runes[toks[first].start:toks[last].end]); got != inner {
			t.Fatalf("span %d–%d written as %q, want %q", start, end, got, inner)
		}
	})
}

// FuzzIOB exports any text with one span as CoNLL: the tokens must spell
// the text without its white space, the tags must be IOB2, and the span,
// unless it is white space alone, must be tagged on exactly the tokens it
// touches — B- on the first, I- on the rest, O everywhere else.
func FuzzIOB(f *testing.F) {
	f.Add(fuzzText, 5, 30)
	f.Add("Uber’s Lesson: N.S.A. (“fake”)...", 1, 20)
	f.Add("  a\r\n\n b  \u0301 c.", 1, 8)
	f.Add("Sony 👍 said 𝔘𝔫𝔦 grew 🇵🇰 👩‍👩‍👧 fast.", 5, 12)
	f.Fuzz(func(t *testing.T, text string, start, end int) {
		if !utf8.ValidString(text) {
			return
		}
		runes := []rune(text)
		if start < 0 || end > len(runes) || start >= end {
			return
		}
		out, _ := exportCoNLL(t, text, []iobSpan{{label: "x", start: start, end: end}})
		sents := parseCoNLL(t, out)
		checkIOB(t, text, sents)
		if t.Failed() {
			return
		}
		blank := strings.TrimFunc(string(runes[start:end]), unicode.IsSpace) == ""
		pos, tagged := 0, 0
		for _, sent := range sents {
			for _, tk := range sent {
				for unicode.IsSpace(runes[pos]) {
					pos++
				}
				s, e := pos, pos+utf8.RuneCountInString(tk[0])
				pos = e
				want := "O"
				if !blank && s < end && start < e {
					want = "I-x"
					if tagged == 0 {
						want = "B-x"
					}
					tagged++
				}
				if tk[1] != want {
					t.Fatalf("token %q at %d–%d tagged %s, want %s (span %d–%d)", tk[0], s, e, tk[1], want, start, end)
				}
			}
		}
		if !blank && tagged == 0 {
			t.Fatalf("span %d–%d %q tagged on no token", start, end, string(runes[start:end]))
		}
	})
}

func FuzzReadWebAnno(f *testing.F) {
	f.Add([]byte(webannoHead + "#Text=👍 ab\n1-1\t0-2\t👍\tx[1]\t_\t_\t\n1-2\t3-5\tab\tx[1]|y\tr\t1-1[1_0]\t\n1-2.1\t3-4\ta\tz\t_\t_\t\n"))
	addFiles(f, "testdata/webanno/*.tsv")
	fuzzJSON(f, func(r *bytes.Reader, file string, opt Options) (*Batch, []error) { return ReadWebAnno(r, file, opt) }, false)
}

// FuzzWebAnnoExport exports any text with a span and a link, and reads
// the file back: the text is the article's (but for a line break before
// its first word, which the format cannot hold and the export reports),
// and the span and link come back, the span trimmed of white space at
// its edges as reported.
func FuzzWebAnnoExport(f *testing.F) {
	f.Add(fuzzText, 5, 30, "x\\")
	f.Add("a\\[1] b\t\r\n\nc|d", 0, 3, "l[1]|m_")
	f.Add(" 👍 𝔘x\n y", 2, 6, "*->1-1")
	f.Fuzz(func(t *testing.T, text string, start, end int, label string) {
		if annotate.CheckText([]byte(text)) != nil || annotate.ValidLabelName(label) != nil || !utf8.ValidString(label) || strings.ContainsFunc(label, unicode.IsControl) || label == "other" {
			return
		}
		runes := []rune(text)
		if start < 0 || end > len(runes) || start >= end {
			return
		}
		doc := &annotate.Document{ID: annotate.DocID(text), Text: text, Source: "a.txt"}
		s1 := &annotate.Span{ID: "s1", Doc: doc.ID, Label: label, Annotator: "a", Fragments: []annotate.Fragment{{Start: start, End: end}}}
		s2 := &annotate.Span{ID: "s2", Doc: doc.ID, Label: "other", Annotator: "a", Fragments: []annotate.Fragment{{Start: 0, End: len(runes)}}}
		th := &annotate.Thread{ID: "t", Annotator: "a", Members: []annotate.Member{{Doc: doc.ID, Span: "s1"}, {Doc: doc.ID, Span: "s2", Link: label}}}
		dir := filepath.Join(t.TempDir(), "out")
		ex, err := NewExporter("webanno", nil, dir)
		if err != nil {
			t.Fatal(err)
		}
		if err := ex.WriteDoc(doc, []*annotate.Span{s1, s2}, []*annotate.Thread{th}); err != nil {
			t.Fatal(err)
		}
		lo, err := ex.Close()
		if err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join(dir, "a.tsv"))
		if err != nil {
			if strings.Contains(strings.Join(lo, "\n"), "without a word left out") {
				return
			}
			t.Fatalf("no file, left out %q", lo)
		}
		b, errs := ReadWebAnno(bytes.NewReader(data), "a.tsv", Options{Annotator: "a"})
		if len(errs) > 0 {
			t.Fatalf("reading the export: %v\n%s", errs, data)
		}
		got := b.Docs[0].Text
		if strings.Contains(strings.Join(lo, "\n"), "begins with a line break") {
			if len([]rune(got)) != len(runes) {
				t.Fatalf("text %q, want %q but for its leading line breaks", got, text)
			}
			return
		}
		if got != text {
			t.Fatalf("text %q, want %q\n%s", got, text, data)
		}
		tx := annotate.NewText(text)
		want := strings.TrimFunc(tx.Slice(start, end), unicode.IsSpace)
		found := false
		for _, s := range b.Spans {
			if s.Label == label && tx.Fragments(s.Fragments) == want {
				found = true
			}
		}
		if want != "" && !found {
			t.Fatalf("span %q %q not read back from\n%s", label, want, data)
		}
		if want != "" && len(b.Threads) != 1 {
			t.Fatalf("%d links read back, want 1:\n%s", len(b.Threads), data)
		}
	})
}

func FuzzReadXMI(f *testing.F) {
	f.Add([]byte(`<?xml version="1.0" encoding="UTF-8"?><xmi:XMI xmlns:xmi="http://www.omg.org/XMI" xmlns:cas="http:///uima/cas.ecore" xmlns:custom="http:///webanno/custom.ecore"><custom:C xmi:id="2" sofa="1" begin="0" end="3" v="x"/><custom:R xmi:id="3" Governor="2" Dependent="2"/><cas:Sofa xmi:id="1" sofaID="_InitialView" sofaString="👍 ab&#10;c"/></xmi:XMI>`))
	// What attack27 found misread: a line end written as such in the text
	// (\r\n, \r), lines ending in \r, a namespace declared on an
	// annotation's element, a value of references; and what it tried.
	h := "<?xml version=\"1.0\"?>\r<xmi:XMI xmlns:xmi=\"http://www.omg.org/XMI\" xmlns:cas=\"http:///uima/cas.ecore\">\r"
	f.Add([]byte(h + "<cas:Sofa xmi:id=\"1\" sofaID=\"_InitialView\" sofaString=\"ab\r\nKabul\rx\"/>\r<c:Claim xmlns:c=\"http:///webanno/custom.ecore\" xmi:id=\"5\" sofa=\"1\" begin=\"3\" end=\"8\"/>\r\n<Actor xmlns=\"http:///webanno/custom.ecore\" begin=\"0\" end=\"2\"/>\r</xmi:XMI>\r"))
	f.Add([]byte(h + "<cas:Sofa xmi:id=\"1\" sofaString=\"&lt;&amp;&#x1F620;&#13;&#10;&#x202E;x\"/><x:C xmlns:x=\"http:///webanno/custom.ecore\" begin=\"2\" end=\"4\" label=\"&#x202E;a&#x85;b\"/><x:C xmlns:x=\"http:///webanno/custom.ecore\" begin=\"3\" end=\"9\"/></xmi:XMI>"))
	addFiles(f, "testdata/xmi/*.xmi")
	fuzzJSON(f, func(r *bytes.Reader, file string, opt Options) (*Batch, []error) { return ReadXMI(r, file, opt) }, false)
}
