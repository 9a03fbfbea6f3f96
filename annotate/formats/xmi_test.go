package formats

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// TestReadXMI reads a CAS as INCEpTION exports it (written by hand from
// the format): the text from the sofaString, offsets in UTF-16 units after
// an emoji, spans of custom layers and named entities, a relation as a
// link, the token-level layers left out.
func TestReadXMI(t *testing.T) {
	b, errs := readFileAs(t, filepath.Join("testdata", "xmi", "news.xmi"), ReadXMI)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(b.Docs) != 1 || b.Docs[0].Text != "Kabul 😠 reported 60 dead.\nMinister Ana said \"fake\" & left." {
		t.Fatalf("docs: %+v", b.Docs)
	}
	// DocumentMetaData's documentTitle is the document's name in
	// INCEpTION: the article's source, as other readers take a document
	// name (it was the file's, news.xmi, and the metadata noted as a type
	// skein does not read).
	if got := b.Docs[0].Source; got != "news.txt" {
		t.Errorf("source %q, want news.txt, DocumentMetaData's documentTitle", got)
	}
	spans, threads := webannoSpans(b)
	want := []string{"LOC Kabul", "PER Ana", "claim reported 60 dead", "figure 60", "Accusation \"fake\""}
	if strings.Join(spans, "|") != strings.Join(want, "|") {
		t.Errorf("spans %q, want %q", spans, want)
	}
	if len(threads) != 1 || threads[0] != "claim:reported 60 dead -made-by-> LOC:Kabul" {
		t.Errorf("threads %q", threads)
	}
	for _, s := range b.Spans {
		if s.Annotator != "alice" {
			t.Errorf("span in layer %q", s.Annotator)
		}
	}
	notesHave(t, b,
		"UIMA CAS XMI: 4 annotations of DKPro Core's token-level layers (tokens, sentences, parts of speech, lemmas, dependencies) left out",
		"1 relation whose ends are not spans skein read left out (testdata/xmi/news.xmi:16)",
		"values of features other than the label left out",
		"identifier=https://www.wikidata.org/wiki/Q1",
		"confidence=0.9",
	)
	if notes := strings.Join(b.Notes, "\n"); strings.Contains(notes, "types skein does not read") {
		t.Errorf("DocumentMetaData noted as not read:\n%s", notes)
	}
	// Its language was passed over without a word: it is counted, with
	// the URIs, as the other values left out are.
	notesHave(t, b, "UIMA CAS XMI: 1 file's language and URIs (DocumentMetaData's language, documentUri, documentBaseUri, collectionId) left out (testdata/xmi/news.xmi:4 language=en)")
	if f, ok := Detect("x.xml", []byte("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xmi:XMI xmlns:xmi=\"http://www.omg.org/XMI\"")); !ok || f != "xmi" {
		t.Errorf("Detect: %q %v", f, ok)
	}
}

// TestReadXMIRefusals: each bad file is refused at its line, saying what
// was wrong, and gives no batch.
func TestReadXMIRefusals(t *testing.T) {
	head := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<xmi:XMI xmlns:xmi="http://www.omg.org/XMI" xmlns:cas="http:///uima/cas.ecore" xmlns:custom="http:///webanno/custom.ecore" xmi:version="2.0">` + "\n"
	sofa := func(text string) string {
		return `<cas:Sofa xmi:id="1" sofaNum="1" sofaID="_InitialView" mimeType="text" sofaString="` + text + `"/>` + "\n"
	}
	tail := "</xmi:XMI>\n"
	for _, c := range []struct{ name, xmi, want string }{
		{"past the end", head + `<custom:Claim xmi:id="5" sofa="1" begin="2" end="40" label="claim"/>` + "\n" + sofa("a b c") + tail,
			"bad.xmi:3: Claim 5: offset 40 past the end of the text (5 UTF-16 units)"},
		{"inside a surrogate pair", head + sofa("a 😠 b") + `<custom:Claim xmi:id="5" sofa="1" begin="3" end="6" label="claim"/>` + "\n" + tail,
			"bad.xmi:4: Claim 5: offsets 3–6 cut a character beyond U+FFFF in two (they count UTF-16 units)"},
		{"reversed", head + `<custom:Claim xmi:id="5" sofa="1" begin="4" end="2"/>` + "\n" + sofa("a b c") + tail,
			"bad.xmi:3: Claim 5: range 4–2 is empty or reversed"},
		{"not a number", head + `<custom:Claim xmi:id="5" sofa="1" begin="x" end="2"/>` + "\n" + sofa("a b c") + tail,
			`bad.xmi:3: Claim 5: begin "x" and end "2": want two whole numbers`},
		{"an id twice", head + `<custom:Claim xmi:id="5" sofa="1" begin="0" end="1"/>` + "\n" + `<custom:Claim xmi:id="5" sofa="1" begin="2" end="3"/>` + "\n" + sofa("a b c") + tail,
			"bad.xmi:4: xmi:id 5 given twice (line 3 and here)"},
		{"no sofa", head + tail, "bad.xmi: no cas:Sofa with a sofaString"},
		{"another root", `<?xml version="1.0"?>` + "\n<uml:Model xmlns:uml=\"http://www.omg.org/spec/UML\"/>\n", "bad.xmi:2: not UIMA CAS XMI: the root element is <Model>"},
		{"not well-formed", head + `<custom:Claim begin="0" end="1">` + "\n" + tail, "bad.xmi:4: not well-formed XML: element <Claim> closed by </XMI>"},
		{"XML 1.1", `<?xml version="1.1" encoding="UTF-8"?>` + "\n" + head[39:] + sofa("a") + tail, "bad.xmi:1: XML 1.1, which skein does not read"},
		{"a DOCTYPE", `<?xml version="1.0"?>` + "\n" + `<!DOCTYPE x [<!ENTITY a "aaaa">]>` + "\n" + head[39:] + tail, "bad.xmi:2: a declaration (<!DOCTYPE"},
		{"deep", head + strings.Repeat("<a>", 40) + "\n", "bad.xmi:3: elements nested 17 deep"},
		{"text not UTF-8", head + sofa("a\xffb") + tail, "bad.xmi:3: not well-formed XML: the value of sofaString is not UTF-8"},
		{"an empty text", head + sofa("") + tail, "bad.xmi:3: text: "},
		{"an entity XML does not define", head + sofa("a &foo; b") + tail, "bad.xmi:3: not well-formed XML: the entity &foo;, which XML does not define"},
		{"cut short", head + sofa("a b"), "bad.xmi:4: not well-formed XML: the file ends before <xmi:XMI> is closed"},
		{"cut inside a tag", head + `<cas:Sofa xmi:id="1" sofaString="a b`, "bad.xmi:3: not well-formed XML: the file ends inside a tag"},
		{"an undeclared prefix", head + `<ner:NamedEntity begin="0" end="1"/>` + "\n" + sofa("a") + tail, "bad.xmi:3: not well-formed XML: the prefix of <ner:NamedEntity> is declared nowhere"},
		{"an attribute twice", head + `<custom:Claim begin="0" begin="1" end="1"/>` + "\n" + sofa("a") + tail, "bad.xmi:3: not well-formed XML: attribute begin given twice"},
		{"a second root", head + sofa("a") + tail + "<xmi:XMI/>\n", "bad.xmi:5: not well-formed XML: a second root element"},
		{"text outside the root", "garbage\n" + head + sofa("a") + tail, "bad.xmi:1: not well-formed XML: text outside the root element"},
		{"a NUL reference", head + sofa("a&#0;b") + tail, "bad.xmi:3: not well-formed XML: the character reference &#0; is no character XML 1.0 allows"},
		{"another encoding", `<?xml version="1.0" encoding="ISO-8859-1"?>` + "\n" + head[39:] + sofa("a") + tail, "bad.xmi:1: the file declares the encoding ISO-8859-1"},
		{"a bad label", head + sofa("a b") + `<custom:Claim xmi:id="5" sofa="1" begin="0" end="1" label="a&#10;b"/>` + "\n" + tail, "bad.xmi:4: Claim 5: "},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, errs := ReadXMI(strings.NewReader(c.xmi), "bad.xmi", Options{Annotator: "alice"})
			if b != nil || len(errs) == 0 || !strings.Contains(errs[0].Error(), c.want) {
				t.Fatalf("got %v, %v; want %q", b, errs, c.want)
			}
			var le *annotate.LineError
			if !errors.As(errs[0], &le) {
				t.Errorf("%T is no LineError", errs[0])
			}
		})
	}
}

// TestReadXMIBounded: files made to fill the memory are refused before
// they do (a huge attribute, elements nested without end) or read past
// without being kept (a huge comment).
func TestReadXMIBounded(t *testing.T) {
	head := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<xmi:XMI xmlns:xmi="http://www.omg.org/XMI" xmlns:cas="http:///uima/cas.ecore" xmi:version="2.0">` + "\n"
	for _, c := range []struct {
		name string
		r    func() *bytes.Reader
		want string
	}{
		{"attribute", func() *bytes.Reader {
			return bytes.NewReader([]byte(head + `<cas:Sofa sofaString="` + strings.Repeat("a", maxXMIRun+10) + `"/>`))
		}, "bad.xmi:3: a tag of more than 41943040 bytes"},
		{"comment", func() *bytes.Reader {
			return bytes.NewReader([]byte(head + "<!--" + strings.Repeat("<a>", 10<<20) + "-->\n</xmi:XMI>\n"))
		}, "bad.xmi: no cas:Sofa with a sofaString"},
		{"references", func() *bytes.Reader {
			// Each &lt; four bytes read, one kept: the limit is on what is kept.
			return bytes.NewReader([]byte(head + `<cas:Sofa sofaString="` + strings.Repeat("&lt;", maxXMIRun+10) + `"/>`))
		}, "bad.xmi:3: a tag of more than 41943040 bytes"},
		{"nesting", func() *bytes.Reader {
			return bytes.NewReader([]byte(head + strings.Repeat("<a>", 10<<20)))
		}, "elements nested 17 deep"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := c.r()
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			b, errs := ReadXMI(r, "bad.xmi", Options{Annotator: "alice"})
			runtime.ReadMemStats(&after)
			if b != nil || len(errs) == 0 || !strings.Contains(errs[0].Error(), c.want) {
				t.Errorf("got %v, %v; want %q", b, errs, c.want)
			}
			// Reading may hold the longest tag, grown to it (doubling), no more.
			if got := after.TotalAlloc - before.TotalAlloc; got > 3*uint64(maxXMIRun) {
				t.Errorf("%d MB allocated", got>>20)
			}
		})
	}
}

// TestReadXMIEmptyNotes: what is left out is said, and a slot feature's
// references are no label.
func TestReadXMIEmptyNotes(t *testing.T) {
	x := fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<xmi:XMI xmlns:xmi="http://www.omg.org/XMI" xmlns:cas="http:///uima/cas.ecore" xmlns:custom="http:///webanno/custom.ecore" xmi:version="2.0">
<custom:Claim xmi:id="5" sofa="1" begin="2" end="2"/>
<custom:Claim xmi:id="6" sofa="9" begin="0" end="1"/>
<custom:Event xmi:id="7" sofa="1" begin="0" end="1" roles="12 13" kind="protest"/>
<cas:Sofa xmi:id="1" sofaNum="1" sofaID="_InitialView" mimeType="text" sofaString="%s"/>
<cas:Sofa xmi:id="9" sofaNum="2" sofaID="other" mimeType="text" sofaString="zz"/>
</xmi:XMI>`, "a b")
	b, errs := ReadXMI(strings.NewReader(x), "n.xmi", Options{Annotator: "alice"})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	// A slot feature's links (roles="12 13") are references, not a label.
	if len(b.Spans) != 1 || b.Spans[0].Label != "protest" || b.Docs[0].Text != "a b" {
		t.Errorf("spans %+v, text %q", b.Spans, b.Docs[0].Text)
	}
	notesHave(t, b, "1 annotation of no width left out", "1 annotation of views other than the initial one left out (n.xmi:4)", "n.xmi:5 roles=12 13", "1 view other than the initial one (sofas) left out")
}

// xmiHead is an XMI file's start, as INCEpTION writes it.
const xmiHead = `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<xmi:XMI xmlns:xmi="http://www.omg.org/XMI" xmlns:cas="http:///uima/cas.ecore" xmlns:custom="http:///webanno/custom.ecore" xmi:version="2.0">` + "\n"

// xmiCovered reads x and gives each span as "label:covered text".
func xmiCovered(t *testing.T, x string) []string {
	t.Helper()
	b, errs := ReadXMI(strings.NewReader(x), "n.xmi", Options{Annotator: "alice"})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var got []string
	for _, s := range b.Spans {
		r := []rune(b.Docs[0].Text)
		got = append(got, s.Label+":"+string(r[s.Fragments[0].Start:s.Fragments[0].End]))
	}
	return got
}

// TestReadXMILineEnds: a line end written as such in the text (a file
// saved on Windows, or by a tool that does not write &#10;) is, as XML
// reads it, one space, \r\n as \n: the spans after it still cover their
// words. As references (&#13;&#10;) it is two characters, kept.
func TestReadXMILineEnds(t *testing.T) {
	for _, c := range []struct{ name, text, want string }{
		{"CRLF", "ab\r\nKabul said", "claim:Kabul|figure:said"},
		{"CR", "ab\rKabul said", "claim:Kabul|figure:said"},
		{"LF", "ab\nKabul said", "claim:Kabul|figure:said"},
		{"CRLF twice", "a\r\n\r\nKabul said", "claim:Kabul|figure:said"},
	} {
		t.Run(c.name, func(t *testing.T) {
			x := xmiHead + `<cas:Sofa xmi:id="1" sofaID="_InitialView" sofaString="` + c.text + `"/>` + "\n" +
				`<custom:Claim xmi:id="5" sofa="1" begin="3" end="8" label="claim"/>` + "\n" +
				`<custom:Claim xmi:id="6" sofa="1" begin="9" end="13" label="figure"/>` + "\n</xmi:XMI>\n"
			if got := strings.Join(xmiCovered(t, x), "|"); got != c.want {
				t.Errorf("spans %q, want %q", got, c.want)
			}
		})
	}
	got := xmiCovered(t, xmiHead+`<cas:Sofa xmi:id="1" sofaID="_InitialView" sofaString="ab&#13;&#10;Kabul"/>`+"\n"+
		`<custom:Claim xmi:id="5" sofa="1" begin="4" end="9" label="claim"/>`+"\n</xmi:XMI>\n")
	if strings.Join(got, "|") != "claim:Kabul" {
		t.Errorf("references: %q", got)
	}
}

// TestReadXMINamespaceOnElement: a namespace declared on an annotation's
// own element, under another prefix or as the default, is no feature:
// the span is labelled by its layer, not by the namespace's name.
func TestReadXMINamespaceOnElement(t *testing.T) {
	x := xmiHead + `<cas:Sofa xmi:id="1" sofaID="_InitialView" sofaString="ab Kabul"/>` + "\n" +
		`<c:Claim xmlns:c="http:///webanno/custom.ecore" xmi:id="5" sofa="1" begin="3" end="8"/>` + "\n" +
		`<Actor xmlns="http:///webanno/custom.ecore" xmi:id="6" sofa="1" begin="0" end="2"/>` + "\n" +
		`<x:Figure xmlns:x="http:///webanno/custom.ecore" xmlns:y="http://example.org/y" xmi:id="7" sofa="1" begin="0" end="1" value="60"/>` + "\n</xmi:XMI>\n"
	got := strings.Join(xmiCovered(t, x), "|")
	if want := "Claim:Kabul|Actor:ab|60:a"; got != want {
		t.Errorf("spans %q, want %q", got, want)
	}
	b, _ := ReadXMI(strings.NewReader(x), "n.xmi", Options{Annotator: "alice"})
	for _, n := range b.Notes {
		if strings.Contains(n, "http:") {
			t.Errorf("a namespace noted as a feature: %s", n)
		}
	}
}

// TestReadXMILineNumbers: a file whose lines end in \r (as XML allows),
// \r\n or \n is refused at the same line.
func TestReadXMILineNumbers(t *testing.T) {
	lines := []string{`<?xml version="1.0" encoding="UTF-8"?>`,
		`<xmi:XMI xmlns:xmi="http://www.omg.org/XMI" xmlns:cas="http:///uima/cas.ecore" xmlns:custom="http:///webanno/custom.ecore"`,
		`  xmi:version="2.0">`,
		`<cas:Sofa xmi:id="1" sofaID="_InitialView" sofaString="a b c"/>`,
		`<custom:Claim xmi:id="5" sofa="1" begin="4" end="2"/>`,
		`</xmi:XMI>`}
	for _, end := range []string{"\n", "\r\n", "\r"} {
		x := strings.Join(lines, end) + end
		_, errs := ReadXMI(strings.NewReader(x), "bad.xmi", Options{Annotator: "alice"})
		if len(errs) == 0 || !strings.HasPrefix(errs[0].Error(), "bad.xmi:5: Claim 5: range 4–2") {
			t.Errorf("lines ending in %q: %v, want bad.xmi:5", end, errs)
		}
	}
}

// TestReadXMIUnseenLabels: a label holding a character that shows nothing
// or turns the text around (showing as another label, or reversed) is
// refused at its line, naming the character; emoji joined by U+200D are
// labels.
func TestReadXMIUnseenLabels(t *testing.T) {
	for _, c := range []struct{ label, want string }{
		{"claim&#x200B;", `n.xmi:4: Claim 5: label "claim\u200b" holds U+200B, which shows nothing`},
		{"&#x202E;claim", `n.xmi:4: Claim 5: label "\u202eclaim" holds U+202E`},
		{"&#x200B;", `holds U+200B`},
		{"a&#x85;b", `label "a\u0085b" holds U+0085`},
		{"x&#x2028;y", `holds U+2028`},
		{"a&#xAD;b", `holds U+00AD`},
		{"claim&#x3164;", "n.xmi:4: Claim 5: label \"claim\u3164\" holds U+3164"},
		{"claim&#x34F;", `holds U+034F`},
		{"claim&#xFE0F;", `holds U+FE0F`},
	} {
		x := xmiHead + `<cas:Sofa xmi:id="1" sofaID="_InitialView" sofaString="ab Kabul"/>` + "\n" +
			`<custom:Claim xmi:id="5" sofa="1" begin="3" end="8" label="` + c.label + `"/>` + "\n</xmi:XMI>\n"
		b, errs := ReadXMI(strings.NewReader(x), "n.xmi", Options{Annotator: "alice"})
		if b != nil || len(errs) == 0 || !strings.Contains(errs[0].Error(), c.want) {
			t.Errorf("%s: %v, %v; want %q", c.label, b, errs, c.want)
		}
	}
	x := xmiHead + `<cas:Sofa xmi:id="1" sofaID="_InitialView" sofaString="ab Kabul"/>` + "\n" +
		`<custom:Claim xmi:id="5" sofa="1" begin="3" end="8" label="👩&#x200D;⚕️ می&#x200C;گوید"/>` + "\n</xmi:XMI>\n"
	if got := xmiCovered(t, x); len(got) != 1 || got[0] != "👩\u200d⚕️ می\u200cگوید:Kabul" {
		t.Errorf("joined: %q", got)
	}
}

// TestReadXMITwoInitialViews: two cas:Sofa both named _InitialView were
// refused saying the initial view "comes after another", which it did
// not; the refusal now says the view is there twice, naming both lines. An
// initial view after another view is still refused as coming after it.
func TestReadXMITwoInitialViews(t *testing.T) {
	x := xmiHead + `<cas:Sofa xmi:id="1" sofaID="_InitialView" sofaString="ab Kabul"/>` + "\n" +
		`<cas:Sofa xmi:id="2" sofaID="_InitialView" sofaString="other"/>` + "\n</xmi:XMI>\n"
	b, errs := ReadXMI(strings.NewReader(x), "t.xmi", Options{Annotator: "alice"})
	for _, want := range []string{"t.xmi:4: a second cas:Sofa named _InitialView (the first at line 3): a CAS has one initial view", "which holds the article's text cannot be told"} {
		if b != nil || len(errs) == 0 || !strings.Contains(errs[0].Error(), want) {
			t.Errorf("%v, %v; want %q", b, errs, want)
		}
	}
	x = xmiHead + `<cas:Sofa xmi:id="1" sofaID="gold" sofaString="ab Kabul"/>` + "\n" +
		`<cas:Sofa xmi:id="2" sofaID="_InitialView" sofaString="other"/>` + "\n</xmi:XMI>\n"
	if _, errs := ReadXMI(strings.NewReader(x), "t.xmi", Options{Annotator: "alice"}); len(errs) == 0 || !strings.Contains(errs[0].Error(), "t.xmi:4: the initial view's cas:Sofa comes after another (line 3)") {
		t.Errorf("initial view after gold: %v", errs)
	}
}

// TestReadLabelsDecomposed: a label written decomposed (e + U+0301, as
// macOS and some tools write it) beside the same label composed showed as
// two "café"s in the label bar, counted apart in every export and
// agreement. A label brought in is composed, so both are one label, in an
// XMI's spans and a brat file's spans, relations and equivalences alike.
func TestReadLabelsDecomposed(t *testing.T) {
	x := xmiHead + `<cas:Sofa xmi:id="1" sofaID="_InitialView" sofaString="ab Kabul"/>` + "\n" +
		`<custom:Claim xmi:id="5" sofa="1" begin="0" end="2" label="café"/>` + "\n" +
		`<custom:Claim xmi:id="6" sofa="1" begin="3" end="8" label="cafe&#x301;"/>` + "\n</xmi:XMI>\n"
	if got := xmiCovered(t, x); len(got) != 2 || got[0] != "café:ab" || got[1] != "café:Kabul" {
		t.Errorf("XMI: %+q, want both labelled café composed", got)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte("ab Kabul"), 0o644); err != nil {
		t.Fatal(err)
	}
	ann := "T1\tcafé 0 2\tab\nT2\tcafe\u0301 3 8\tKabul\nR1\tsaide\u0301 Arg1:T1 Arg2:T2\n*\tsaide\u0301 T1 T2\n"
	if err := os.WriteFile(filepath.Join(dir, "a.ann"), []byte(ann), 0o644); err != nil {
		t.Fatal(err)
	}
	b, errs := ReadBrat(dir, Options{Annotator: "bob"})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	for _, s := range b.Spans {
		if s.Label != "café" {
			t.Errorf("brat span labelled %+q, want café composed", s.Label)
		}
	}
	if len(b.Threads) != 2 {
		t.Fatalf("%d threads, want 2", len(b.Threads))
	}
	for _, th := range b.Threads {
		if l := th.Members[1].Link; l != "saidé" {
			t.Errorf("brat link %+q, want saidé composed", l)
		}
	}
}

// TestReadWebAnnoChainDecomposed: a WebAnno chain's link written
// decomposed comes in composed, as a relation's does.
func TestReadWebAnnoChainDecomposed(t *testing.T) {
	data, err := os.ReadFile("testdata/webanno/news.tsv")
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.Replace(data, []byte("coref->1-1"), []byte("corefe\u0301->1-1"), 1)
	b, errs := ReadWebAnno(bytes.NewReader(data), "news.tsv", Options{Annotator: "alice"})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	found := false
	for _, th := range b.Threads {
		for _, m := range th.Members[1:] {
			if strings.HasPrefix(m.Link, "coref") {
				found = true
				if m.Link != "corefé" {
					t.Errorf("chain link %+q, want corefé composed", m.Link)
				}
			}
		}
	}
	if !found {
		t.Error("no chain read")
	}
}
