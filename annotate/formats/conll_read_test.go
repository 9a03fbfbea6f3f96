package formats

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// conllSpans reads CoNLL from a string and returns each article's text
// with its spans as "label:covered text".
func conllSpans(t *testing.T, in string) (texts []string, spans [][]string) {
	t.Helper()
	b, errs := ReadCoNLL(strings.NewReader(in), "x.conll", Options{Annotator: "ana", Now: func() int64 { return 1 }})
	if len(errs) > 0 {
		t.Fatalf("ReadCoNLL: %v", errs)
	}
	byDoc := map[string][]string{}
	for _, s := range b.Spans {
		d := docOf(b, s.Doc)
		r := []rune(d.Text)
		byDoc[s.Doc] = append(byDoc[s.Doc], s.Label+":"+string(r[s.Fragments[0].Start:s.Fragments[0].End]))
		if s.Annotator != "ana" {
			t.Errorf("span in layer %q, want ana", s.Annotator)
		}
	}
	for _, d := range b.Docs {
		texts = append(texts, d.Text)
		spans = append(spans, byDoc[d.ID])
	}
	return texts, spans
}

func docOf(b *Batch, id string) *annotate.Document {
	for _, d := range b.Docs {
		if d.ID == id {
			return d
		}
	}
	return nil
}

func TestReadCoNLL(t *testing.T) {
	for _, c := range []struct {
		name, in string
		texts    []string
		spans    [][]string
	}{
		{"doccano: a block a document", "JAPAN\tB-LOC\nGET\tO\n\nNadim\tB-PER\nLadki\tI-PER\n",
			[]string{"JAPAN GET", "Nadim Ladki"}, [][]string{{"LOC:JAPAN"}, {"PER:Nadim Ladki"}}},
		{"CoNLL-2003: four columns, -DOCSTART- a document, blank lines end sentences",
			"-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP B-MISC\n\nPeter NNP B-NP B-PER\nBlackburn NNP I-NP I-PER\n\n-DOCSTART- -X- -X- O\n\nBRUSSELS NNP B-NP B-LOC\n",
			[]string{"EU rejects German\nPeter Blackburn", "BRUSSELS"}, [][]string{{"ORG:EU", "MISC:German", "PER:Peter Blackburn"}, {"LOC:BRUSSELS"}}},
		{"two spans of one label side by side", "PM B-actor\nKakar I-actor\nTTP B-actor\nsaid O\n",
			[]string{"PM Kakar TTP said"}, [][]string{{"actor:PM Kakar", "actor:TTP"}}},
		{"IOB1: I- after O or another label begins a span", "the O\nTTP I-actor\nblamed I-claim\nKabul I-claim\n",
			[]string{"the TTP blamed Kabul"}, [][]string{{"actor:TTP", "claim:blamed Kabul"}}},
		{"BIOES", "60 B-figure\n% E-figure\nin O\nKabul S-actor\n",
			[]string{"60 % in Kabul"}, [][]string{{"figure:60 %", "actor:Kabul"}}},
		{"BILOU", "Anwar B-actor\nul-Haq I-actor\nKakar L-actor\nand O\nIEA U-actor\n",
			[]string{"Anwar ul-Haq Kakar and IEA"}, [][]string{{"actor:Anwar ul-Haq Kakar", "actor:IEA"}}},
		{"IO: bare labels, a run a span", "Tehrik-e actor\nTaliban actor\nsaid O\n",
			[]string{"Tehrik-e Taliban said"}, [][]string{{"actor:Tehrik-e Taliban"}}},
		{"a span at the end of a sentence ends with it", "-DOCSTART- O\nin O\nKabul B-LOC\n\nPeshawar I-LOC\n",
			[]string{"in Kabul\nPeshawar"}, [][]string{{"LOC:Kabul", "LOC:Peshawar"}}},
		{"Urdu tokens: offsets in code points", "\ufeffشہباز\tB-actor\nشریف\tI-actor\nنے\tO\r\n",
			[]string{"شہباز شریف نے"}, [][]string{{"actor:شہباز شریف"}}},
		{"lone CR line ends (classic Mac OS)", "Kakar B-actor\rsaid O\r\rKabul B-LOC\r",
			[]string{"Kakar said", "Kabul"}, [][]string{{"actor:Kakar"}, {"LOC:Kabul"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			texts, spans := conllSpans(t, c.in)
			if fmt.Sprint(texts) != fmt.Sprint(c.texts) {
				t.Errorf("texts %q, want %q", texts, c.texts)
			}
			if fmt.Sprint(spans) != fmt.Sprint(c.spans) {
				t.Errorf("spans %q, want %q", spans, c.spans)
			}
		})
	}
}

// TestReadCoNLLRefuses: what is wrong is named with its file and line, and
// nothing is read.
func TestReadCoNLLRefuses(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"a line without a tag", "JAPAN B-LOC\nGET\n", `x.conll:2: "GET" has no tag`},
		{"not UTF-8", "JAPAN B-LOC\nG\xffT O\n", "x.conll:2: not UTF-8"},
		{"binary", "JAPAN B-LOC\nG\x00T O\n", "x.conll:2: binary content: a NUL byte, which no CoNLL file has"},
		{"a label skein cannot hold", "JAPAN B-" + strings.Repeat("x", 65) + "\n", "x.conll:1: the span of line 1: label"},
		{"a line without a tag, lone CRs", "JAPAN B-LOC\r\rGET\rO O\r", `x.conll:3: "GET" has no tag`},
		// 1,000 bytes of text a line: the article passes 10 MB at its
		// line 10,486, and is read no further.
		{"an article past 10 MB", "a O\n\n" + strings.Repeat(strings.Repeat("x", 999)+" O\n", 10500),
			"x.conll:3: text: larger than 10 MB (its tokens pass 10 MB at line 10488)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, errs := ReadCoNLL(strings.NewReader(c.in), "x.conll", Options{Annotator: "ana"})
			if b != nil || len(errs) == 0 || !strings.HasPrefix(errs[0].Error(), c.want) {
				t.Errorf("got %v, %v; want nothing read and %q…", b, errs, c.want)
			}
			var le *annotate.LineError
			if len(errs) > 0 && !errors.As(errs[0], &le) {
				t.Errorf("%v is not a LineError", errs[0])
			}
		})
	}
	if _, errs := ReadCoNLL(strings.NewReader("a O\n"), "x.conll", Options{}); len(errs) == 0 || !errors.Is(errs[0], ErrNoAnnotator) {
		t.Errorf("no annotator: %v", errs)
	}
}

// TestCoNLLRoundTrip: what skein's export writes, read back, has the same
// spans over the same words.
func TestCoNLLRoundTrip(t *testing.T) {
	text := "PM Kakar linked the surge in attacks to the TTP. Attacks rose by 60% since 2021.\n\nThe IEA denied it."
	out, _ := exportCoNLL(t, text, []iobSpan{{label: "actor", quote: "PM Kakar"}, {label: "claim", quote: "linked the surge in attacks to the TTP"},
		{label: "figure", quote: "60%"}, {label: "actor", quote: "IEA"}})
	_, spans := conllSpans(t, out)
	want := []string{"actor:PM Kakar", "claim:linked the surge in attacks to the TTP", "figure:60%", "actor:IEA"}
	if len(spans) != 1 || fmt.Sprint(spans[0]) != fmt.Sprint(want) {
		t.Errorf("read back %q, want %q", spans, want)
	}
}

// udFile is a Universal Dependencies file in CoNLL-U, Spanish: a
// multiword token (Vámonos = Vamos + nos, al = a + el), an empty node,
// SpaceAfter=No and the entity tag in MISC as misc holds it.
func udFile(misc func(tag string) string) string {
	row := func(id, form, tag, extra string) string {
		m := misc(tag)
		if extra != "" {
			if m == "_" {
				m = extra
			} else {
				m = extra + "|" + m
			}
		}
		return id + "\t" + form + "\t_\tX\t_\t_\t0\tdep\t_\t" + m + "\n"
	}
	return "# newdoc id = d1\n# sent_id = 1\n# text = Vámonos al Mar Muerto, dijo Ana.\n" +
		"1-2\tVámonos\t_\t_\t_\t_\t_\t_\t_\t_\n" + row("1", "Vamos", "O", "") + row("2", "nos", "O", "") +
		"3-4\tal\t_\t_\t_\t_\t_\t_\t_\t_\n" + row("3", "a", "O", "") + row("4", "el", "O", "") +
		row("5", "Mar", "B-LOC", "") + row("6", "Muerto", "I-LOC", "SpaceAfter=No") +
		"6.1\tir\tir\tVERB\t_\t_\t_\t_\t0:root\t_\n" +
		row("7", ",", "O", "") + row("8", "dijo", "O", "") + row("9", "Ana", "B-PER", "SpaceAfter=No") + row("10", ".", "O", "") + "\n"
}

// TestReadCoNLLU: a 10-column CoNLL-U file is read by its FORM column,
// multiword tokens as their surface word, SpaceAfter=No joining, the tag
// from MISC (NER=, NE=, name=, as UD NER corpora and spaCy's converter
// write it) or from a column after MISC. Its ID column was read as the
// token and MISC as the tag: "1-2 1 2 3-4 …", one span per MISC value.
func TestReadCoNLLU(t *testing.T) {
	const text = "Vámonos al Mar Muerto, dijo Ana."
	want := []string{"LOC:Mar Muerto", "PER:Ana"}
	for _, c := range []struct {
		name string
		misc func(string) string
	}{
		{"MISC NER=", func(tag string) string { return "NER=" + tag }},
		{"MISC name= (NorNE)", func(tag string) string { return "name=" + tag }},
		{"MISC NE=, O left out", func(tag string) string {
			if tag == "O" {
				return "_"
			}
			return "NE=" + tag
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			texts, spans := conllSpans(t, udFile(c.misc))
			if len(texts) != 1 || texts[0] != text {
				t.Errorf("texts %q, want %q", texts, text)
			}
			if len(spans) != 1 || fmt.Sprint(spans[0]) != fmt.Sprint(want) {
				t.Errorf("spans %q, want %q", spans, want)
			}
		})
	}
	t.Run("a column after MISC", func(t *testing.T) {
		in := strings.ReplaceAll(udFile(func(tag string) string { return "_" + "\t" + tag }), "\t_\t_\n", "\t_\t_\tO\n")
		in = strings.ReplaceAll(in, "\t0:root\t_\n", "\t0:root\t_\t_\n")
		texts, spans := conllSpans(t, in)
		if len(texts) != 1 || texts[0] != text || len(spans) != 1 || fmt.Sprint(spans[0]) != fmt.Sprint(want) {
			t.Errorf("texts %q spans %q, want %q %q", texts, spans, text, want)
		}
	})
	t.Run("a multiword token's part tagged: the surface word is", func(t *testing.T) {
		in := strings.Replace(udFile(func(tag string) string { return "NER=" + tag }), "4\tel\t_\tX\t_\t_\t0\tdep\t_\tNER=O", "4\tel\t_\tX\t_\t_\t0\tdep\t_\tNER=B-LOC", 1)
		in = strings.Replace(in, "NER=B-LOC\n6\t", "NER=I-LOC\n6\t", 1)
		_, spans := conllSpans(t, in)
		if w := []string{"LOC:al Mar Muerto", "PER:Ana"}; len(spans) != 1 || fmt.Sprint(spans[0]) != fmt.Sprint(w) {
			t.Errorf("spans %q, want %q", spans, w)
		}
	})
	t.Run("a sentence ending in a multiword token, the next begins at 1", func(t *testing.T) {
		w := func(id, form, misc string) string { return id + "\t" + form + "\t_\t_\t_\t_\t_\t_\t_\t" + misc + "\n" }
		in := w("1", "Vino", "_") + w("2-3", "del", "_") + w("2", "de", "_") + w("3", "el", "_") + "\n" + w("1", "Ana", "NER=B-PER") + w("2", "dijo", "_") + "\n"
		texts, spans := conllSpans(t, in)
		if fmt.Sprint(texts) != fmt.Sprint([]string{"Vino del", "Ana dijo"}) || fmt.Sprint(spans) != fmt.Sprint([][]string{nil, {"PER:Ana"}}) {
			t.Errorf("texts %q spans %q, want the second sentence whole, Ana a PER", texts, spans)
		}
	})
	t.Run("no tags: said, the text read", func(t *testing.T) {
		b, errs := ReadCoNLL(strings.NewReader(udFile(func(string) string { return "_" })), "es.conllu", Options{Annotator: "ana"})
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		if len(b.Docs) != 1 || b.Docs[0].Text != text || len(b.Spans) != 0 {
			t.Errorf("got %d docs, %d spans; want the text without spans", len(b.Docs), len(b.Spans))
		}
		if notes := strings.Join(b.Notes, "\n"); !strings.Contains(notes, "no entity tags in es.conllu") {
			t.Errorf("notes do not say the file has no labels:\n%s", notes)
		}
	})
	t.Run("a line of another shape is refused", func(t *testing.T) {
		in := udFile(func(tag string) string { return "NER=" + tag }) + "1\tX B-LOC\n"
		_, errs := ReadCoNLL(strings.NewReader(in), "es.conllu", Options{Annotator: "ana"})
		if len(errs) == 0 || !strings.Contains(errs[0].Error(), "es.conllu:18: not a CoNLL-U line") {
			t.Errorf("got %v, want line 18 refused", errs)
		}
	})
	// A mailed file whose ranges overlap or run backwards, or whose words
	// are out of order, was read on: 2-3 after 1-2 made 'della lax' of 'di
	// la casa', di's PER on lax; 3-1 took della for a word. Each is now
	// refused at its line, saying what comes next.
	w := func(id, form, misc string) string { return id + "\t" + form + "\t_\t_\t_\t_\t_\t_\t_\t" + misc + "\n" }
	for _, c := range []struct{ name, in, want string }{
		{"ranges overlapping", w("1-2", "della", "_") + w("2-3", "lax", "_") + w("1", "di", "NER=B-PER") + w("2", "la", "_") + w("3", "casa", "_"),
			"x.conllu:2: multiword token 2-3 where word 1 comes next: a multiword token stands before its words, which follow it in order (1-2, 1, 2), and overlaps no other"},
		{"a range inside a range", w("1-2", "della", "_") + w("1", "di", "_") + w("2-3", "lax", "_"),
			"x.conllu:3: multiword token 2-3 where word 2 comes next"},
		{"a range backwards", w("3-1", "della", "_") + w("1", "di", "NER=B-PER"),
			"x.conllu:1: multiword token 3-1 runs backwards: want first-last, the first word before the last (1-2)"},
		{"words out of order", w("2", "casa", "NER=B-PER") + w("1", "la", "_"),
			"x.conllu:1: word 2 where word 1 comes next: a sentence's words are numbered 1, 2, 3 … in order"},
		{"a word left out", w("1", "la", "_") + w("3", "casa", "_"),
			"x.conllu:2: word 3 where word 2 comes next"},
		// A range past the sentence's end was read, its surface word kept
		// for words the sentence never had.
		{"a range past the sentence's last word", w("1", "la", "_") + w("2-4", "della", "_") + w("2", "di", "NER=B-PER") + w("3", "la", "_"),
			"x.conllu:2: multiword token 2-4 runs past the end of its sentence, where word 4 was to come: its words follow it, all in its sentence (1-2, 1, 2)"},
		{"a range with no word after it", w("1", "la", "_") + w("2-3", "della", "NER=B-PER"),
			"x.conllu:2: multiword token 2-3 runs past the end of its sentence, where word 2 was to come"},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, errs := ReadCoNLL(strings.NewReader(c.in+"\n"+w("1", "Ana", "NER=B-PER")), "x.conllu", Options{Annotator: "ana"})
			if b != nil || len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), c.want) {
				t.Errorf("got %v, %v; want nothing read and %q…", b, errs, c.want)
			}
		})
	}
	t.Run("a range past the file's last word", func(t *testing.T) {
		b, errs := ReadCoNLL(strings.NewReader(w("1", "Ana", "NER=B-PER")+"\n"+w("1", "la", "_")+w("2-3", "della", "_")+w("2", "di", "_")), "x.conllu", Options{Annotator: "ana"})
		want := "x.conllu:4: multiword token 2-3 runs past the end of its sentence, where word 3 was to come"
		if b != nil || len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), want) {
			t.Errorf("got %v, %v; want nothing read and %q…", b, errs, want)
		}
	})
}
