package formats

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/skein-news/skein/annotate"
)

// iobSpan is a span of an IOB test: the first occurrence of quote, or
// start–end when quote is empty.
type iobSpan struct {
	label, quote string
	start, end   int
}

// iobDoc makes the document and spans of an IOB test.
func iobDoc(t testing.TB, text string, spans []iobSpan) (*annotate.Document, []*annotate.Span) {
	t.Helper()
	d := &annotate.Document{ID: annotate.DocID(text), Text: text}
	var ss []*annotate.Span
	for i, sp := range spans {
		start, end := sp.start, sp.end
		if sp.quote != "" {
			at := strings.Index(text, sp.quote)
			if at < 0 {
				t.Fatalf("%q not in %q", sp.quote, text)
			}
			start = annotate.CodePointLen(text[:at])
			end = start + annotate.CodePointLen(sp.quote)
		}
		ss = append(ss, &annotate.Span{ID: string(rune('a' + i)), Doc: d.ID, Label: sp.label, Annotator: "alice",
			Fragments: []annotate.Fragment{{Start: start, End: end}}})
	}
	return d, ss
}

// exportCoNLL writes text with spans as CoNLL and returns the output and
// what was reported left out.
func exportCoNLL(t testing.TB, text string, spans []iobSpan) (conll string, leftOut []string) {
	t.Helper()
	d, ss := iobDoc(t, text, spans)
	var out bytes.Buffer
	ex, _ := NewExporter("conll", &out, "")
	if err := ex.WriteDoc(d, ss, nil); err != nil {
		t.Fatal(err)
	}
	leftOut, err := ex.Close()
	if err != nil {
		t.Fatal(err)
	}
	return out.String(), leftOut
}

// exportIOB writes text with spans as CoNLL and as Hugging Face and returns
// the CoNLL output, the Hugging Face sentences as "token TAG" pairs, and
// what CoNLL reported as left out.
func exportIOB(t testing.TB, text string, spans []iobSpan) (conll string, hf [][][2]string, leftOut []string) {
	t.Helper()
	conll, leftOut = exportCoNLL(t, text, spans)
	d, ss := iobDoc(t, text, spans)
	dir := t.TempDir()
	var hfOut bytes.Buffer
	ex, err := NewExporter("hf", &hfOut, filepath.Join(dir, "ner.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if err := ex.WriteDoc(d, ss, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := ex.Close(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "ner.labels.json"))
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	if err := json.Unmarshal(raw, &labels); err != nil {
		t.Fatalf("labels.json: %v", err)
	}
	sc := bufio.NewScanner(&hfOut)
	for sc.Scan() {
		var line struct {
			Tokens  []string
			NerTags []int `json:"ner_tags"`
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatal(err)
		}
		if len(line.Tokens) != len(line.NerTags) {
			t.Fatalf("hf: %d tokens but %d tags", len(line.Tokens), len(line.NerTags))
		}
		var sent [][2]string
		for i, tk := range line.Tokens {
			sent = append(sent, [2]string{tk, labels[line.NerTags[i]]})
		}
		hf = append(hf, sent)
	}
	return conll, hf, leftOut
}

// parseCoNLL reads the output of one article: sentences of "token TAG".
func parseCoNLL(t testing.TB, out string) [][][2]string {
	t.Helper()
	const head = "-DOCSTART- -X- O O\n\n"
	if !strings.HasPrefix(out, head) {
		t.Fatalf("output does not begin with %q:\n%s", head, out)
	}
	body := strings.TrimPrefix(out, head)
	if body == "" {
		return nil
	}
	if !strings.HasSuffix(body, "\n\n") {
		t.Fatalf("output does not end with a blank line:\n%q", out)
	}
	var sents [][][2]string
	for _, block := range strings.Split(strings.TrimSuffix(body, "\n\n"), "\n\n") {
		var sent [][2]string
		for _, line := range strings.Split(block, "\n") {
			f := strings.Split(line, " ")
			if len(f) != 2 || f[0] == "" {
				t.Fatalf("line %q: want \"token TAG\"", line)
			}
			sent = append(sent, [2]string{f[0], f[1]})
		}
		sents = append(sents, sent)
	}
	return sents
}

// checkIOB checks what every CoNLL export must be: its tokens, joined,
// spell the text without its white space, so every word and punctuation
// sign is there in text order, and the tags are IOB2 — each I- follows a
// B- or I- of the same label in the same sentence.
func checkIOB(t testing.TB, text string, sents [][][2]string) {
	t.Helper()
	var spelt strings.Builder
	for _, sent := range sents {
		prev := "O"
		for _, tk := range sent {
			spelt.WriteString(tk[0])
			tag := tk[1]
			switch {
			case tag == "O":
			case strings.HasPrefix(tag, "B-") && len(tag) > 2:
			case strings.HasPrefix(tag, "I-") && len(tag) > 2:
				if prev == "O" || prev[2:] != tag[2:] {
					t.Errorf("%s after %s is not IOB2 (token %q)", tag, prev, tk[0])
				}
			default:
				t.Errorf("tag %q of token %q is not O, B-label or I-label", tag, tk[0])
			}
			prev = tag
		}
	}
	want := strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, text)
	if spelt.String() != want {
		t.Errorf("tokens spell\n%q\nwant the text without white space\n%q", spelt.String(), want)
	}
}

// TestIOBKeepsEveryToken exports texts with punctuation, quotes, emoji,
// letters beyond the BMP, CRLF line ends and spans whose edges fall in
// awkward places as CoNLL and Hugging Face: every word and every
// punctuation sign must be a token, tagged O outside the spans, and what
// could not be kept must be reported.
func TestIOBKeepsEveryToken(t *testing.T) {
	cases := []struct {
		name  string
		text  string
		spans []iobSpan
		want  string   // the CoNLL lines after -DOCSTART-
		left  []string // what is reported left out, in full
	}{{
		name:  "punctuation",
		text:  `Kakar said, again: "No (never)!" – and left...`,
		spans: []iobSpan{{label: "actor", quote: "Kakar"}, {label: "claim", quote: `"No (never)!"`}},
		want: `Kakar B-actor
said O
, O
again O
: O
" B-claim
No I-claim
( I-claim
never I-claim
) I-claim
! I-claim
" I-claim
– O
and O
left O
. O
. O
. O
`,
	}, {
		name:  "a span that includes a closing quote",
		text:  "Critics called it “fake news”, Kakar said.",
		spans: []iobSpan{{label: "accusation", quote: "fake news”"}, {label: "actor", quote: "Critics"}},
		want: `Critics B-actor
called O
it O
“ O
fake B-accusation
news I-accusation
” I-accusation
, O
Kakar O
said O
. O
`,
	}, {
		name: "a span ending right before a comma",
		text: "Anwar ul-Haq Kakar, the caretaker PM, said 60% of attacks rose.",
		spans: []iobSpan{{label: "actor", quote: "Anwar ul-Haq Kakar"}, {label: "actor", quote: "the caretaker PM"},
			{label: "figure", quote: "60%"}},
		want: `Anwar B-actor
ul I-actor
- I-actor
Haq I-actor
Kakar I-actor
, O
the B-actor
caretaker I-actor
PM I-actor
, O
said O
60% B-figure
of O
attacks O
rose O
. O
`,
	}, {
		name:  "apostrophe and dashes",
		text:  "Kakar’s aide — who spoke — said: ‘no’.",
		spans: []iobSpan{{label: "actor", quote: "Kakar’s aide"}, {label: "claim", quote: "‘no’"}},
		want: `Kakar B-actor
’s I-actor
aide I-actor
— O
who O
spoke O
— O
said O
: O
‘ B-claim
no I-claim
’ I-claim
. O
`,
	}, {
		name: "emoji and letters beyond the BMP",
		text: "Sony 👍 said 𝔘𝔫𝔦 grew 🇵🇰 👩‍👩‍👧 fast.",
		spans: []iobSpan{{label: "claim", quote: "👍 said"}, {label: "actor", quote: "𝔘𝔫𝔦"},
			{label: "figure", quote: "👩‍👩‍👧 fast."}},
		want: `Sony O
👍 B-claim
said I-claim
𝔘𝔫𝔦 B-actor
grew O
🇵🇰 O
👩‍👩‍👧 B-figure
fast I-figure
. I-figure
`,
	}, {
		name:  "a possessive is a token of its own",
		text:  "Kakar’s aide met Pakistan's envoy.",
		spans: []iobSpan{{label: "actor", quote: "Kakar"}, {label: "actor", quote: "Pakistan"}},
		want: `Kakar B-actor
’s O
aide O
met O
Pakistan B-actor
's O
envoy O
. O
`,
	}, {
		name:  "CRLF",
		text:  "Kakar said it.\r\nThe TTP denied it.\r\n",
		spans: []iobSpan{{label: "actor", quote: "TTP"}, {label: "claim", quote: "it.\r\n"}},
		want: `Kakar O
said O
it B-claim
. I-claim

The O
TTP B-actor
denied O
it O
. O
`,
		left: []string{"conll: 1 span trimmed of the white space at their edges"},
	}, {
		name:  "a combining mark after a space",
		text:  "a \u0301 b.",
		spans: []iobSpan{{label: "x", start: 2, end: 3}},
		want:  "a O\n\u0301 B-x\nb O\n. O\n",
	}, {
		name:  "an edge inside a word",
		text:  "North and South America grew.",
		spans: []iobSpan{{label: "claim", quote: "orth and Sou"}},
		want: `North B-claim
and I-claim
South I-claim
America O
grew O
. O
`,
		left: []string{`conll: 1 span widened to whole words (an edge fell inside a word) ("orth and Sou" → "North and South")`},
	}, {
		name:  "white space",
		text:  "Kakar  said.",
		spans: []iobSpan{{label: "x", start: 5, end: 7}, {label: "claim", start: 6, end: 11}},
		want: `Kakar O
said B-claim
. O
`,
		left: []string{
			"conll: 1 span of white space only left out",
			"conll: 1 span trimmed of the white space at their edges",
		},
	}, {
		name:  "overlapping spans",
		text:  "North and South America grew.",
		spans: []iobSpan{{label: "claim", quote: "North and South America"}, {label: "actor", quote: "South America"}},
		want: `North B-claim
and I-claim
South I-claim
America I-claim
grew O
. O
`,
		left: []string{"conll: 1 overlapping span left out (IOB2 cannot nest)"},
	}, {
		name:  "spans sharing a word",
		text:  "They don’t know.",
		spans: []iobSpan{{label: "actor", quote: "don"}, {label: "claim", quote: "’t"}},
		want: `They O
don’t B-actor
know O
. O
`,
		left: []string{
			`conll: 1 span widened to whole words (an edge fell inside a word) ("don" → "don’t")`,
			`conll: 1 span left out that shares a word with another span (IOB2 tags whole words) ("’t" beside "don")`,
		},
	}, {
		name:  "a possessive shared no more",
		text:  "Uber’s Lesson.",
		spans: []iobSpan{{label: "actor", quote: "Uber"}, {label: "claim", quote: "’s"}},
		want: `Uber B-actor
’s B-claim
Lesson O
. O
`,
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			conll, hf, left := exportIOB(t, c.text, c.spans)
			if want := "-DOCSTART- -X- O O\n\n" + c.want + "\n"; conll != want {
				t.Errorf("got\n%s\nwant\n%s", conll, want)
			}
			sents := parseCoNLL(t, conll)
			checkIOB(t, c.text, sents)
			// The last line says whose spans they were, which CoNLL cannot.
			if name := "conll: 1 annotator's name not written (the format has no annotators: read back, its work goes to the layer -annotator names) (alice)"; len(c.spans) > 0 {
				if len(left) == 0 || left[len(left)-1] != name {
					t.Errorf("left out %q lacks %q", left, name)
				} else {
					left = left[:len(left)-1]
				}
			}
			if !slices.Equal(left, c.left) {
				t.Errorf("left out:\ngot  %q\nwant %q", left, c.left)
			}
			if !slices.EqualFunc(hf, sents, slices.Equal) {
				t.Errorf("hf and conll differ:\nhf    %q\nconll %q", hf, sents)
			}
		})
	}
}

// The hf export is given its data file, beside which its label list goes;
// a folder there is refused, not given a list beside it.
func TestHFLabelListBesideTheData(t *testing.T) {
	dir := t.TempDir()
	if got, want := LabelListPath(filepath.Join(dir, "ner.jsonl")), filepath.Join(dir, "ner.labels.json"); got != want {
		t.Errorf("LabelListPath = %q, want %q", got, want)
	}
	if _, err := NewExporter("hf", &bytes.Buffer{}, dir); err == nil || !strings.Contains(err.Error(), "is a folder") {
		t.Errorf("an hf export given a folder: %v", err)
	}
}
