package formats

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// webannoSpans renders a batch's spans as "label text", in order, and its
// threads as "text -link-> text …".
func webannoSpans(b *Batch) (spans, threads []string) {
	tx := annotate.NewText(b.Docs[0].Text)
	byID := map[string]*annotate.Span{}
	for _, s := range b.Spans {
		byID[s.ID] = s
		spans = append(spans, s.Label+" "+tx.Fragments(s.Fragments))
	}
	for _, th := range b.Threads {
		var parts []string
		for i, m := range th.Members {
			if i > 0 {
				parts = append(parts, "-"+m.Link+"->")
			}
			s := byID[m.Span]
			parts = append(parts, s.Label+":"+tx.Fragments(s.Fragments))
		}
		threads = append(threads, strings.Join(parts, " "))
	}
	return spans, threads
}

// notesHave checks that b's notes say each of want.
func notesHave(t *testing.T, b *Batch, want ...string) {
	t.Helper()
	notes := strings.Join(b.Notes, "\n")
	for _, w := range want {
		if !strings.Contains(notes, w) {
			t.Errorf("notes lack %q:\n%s", w, notes)
		}
	}
}

func readWebAnnoFile(t *testing.T, path string) (*Batch, []error) {
	t.Helper()
	return readFileAs(t, path, ReadWebAnno)
}

// readFileAs reads the file at path with read, into alice's layer.
func readFileAs(t *testing.T, path string, read func(io.Reader, string, Options) (*Batch, []error)) (*Batch, []error) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return read(bytes.NewReader(data), path, Options{Annotator: "alice"})
}

// TestReadWebAnno reads an INCEpTION export by hand from the format's
// documentation: offsets in UTF-16 units after an emoji and a character
// beyond U+FFFF, a span over four tokens, stacked spans, a span on a
// sub-token, a span across a sentence break, a relation naming the IDs
// of its ends, a chain, an escaped token and an identifier left out.
func TestReadWebAnno(t *testing.T) {
	b, errs := readWebAnnoFile(t, "testdata/webanno/news.tsv")
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	wantText := "Kakar 👍 said 𝔘nity costs 2,300 rupees .\nHe denied it , the_minister said ."
	if len(b.Docs) != 1 || b.Docs[0].Text != wantText {
		t.Fatalf("text %q, want %q", b.Docs[0].Text, wantText)
	}
	spans, threads := webannoSpans(b)
	wantSpans := []string{"PER Kakar", "actor Kakar", "claim 𝔘nity costs 2,300 rupees", "figure 2,300 rupees", "NUM 2", "accusation .\nHe denied", "actor He"}
	if strings.Join(spans, "|") != strings.Join(wantSpans, "|") {
		t.Errorf("spans\n got %q\nwant %q", spans, wantSpans)
	}
	wantThreads := []string{"actor:Kakar -says-> claim:𝔘nity costs 2,300 rupees", "actor:Kakar -coref-> actor:He"}
	if strings.Join(threads, "|") != strings.Join(wantThreads, "|") {
		t.Errorf("threads\n got %q\nwant %q", threads, wantThreads)
	}
	for _, s := range b.Spans {
		if s.Annotator != "alice" {
			t.Errorf("span %s in %q's layer, want alice's", s.Label, s.Annotator)
		}
	}
	notesHave(t, b,
		"WebAnno TSV: 1 value of features other than the label left out (testdata/webanno/news.tsv:10 identifier=http://www.wikidata.org/entity/Q1)",
		"WebAnno TSV label PER becomes user label PER",
		"WebAnno TSV: 1 identical span imported once",
		"WebAnno TSV: 1 sentence header line other than #Text= (#Sentence.id=) left out (testdata/webanno/news.tsv:8)")
}

// TestReadWebAnno32 reads version 3.2 with a layer without features (its
// spans take the layer's name), a relation layer without features, an
// escaped tab in the text and an escaped token, and leaves the parts of
// speech out with a note.
func TestReadWebAnno32(t *testing.T) {
	b, errs := readWebAnnoFile(t, "testdata/webanno/rates.tsv")
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	if want := "Rates\trose ; prices fell ."; b.Docs[0].Text != want {
		t.Fatalf("text %q, want %q", b.Docs[0].Text, want)
	}
	spans, threads := webannoSpans(b)
	if got, want := strings.Join(spans, "|"), "Claim Rates\trose|Claim prices fell"; got != want {
		t.Errorf("spans %q, want %q", got, want)
	}
	if got, want := strings.Join(threads, "|"), "Claim:Rates\trose --> Claim:prices fell"; got != want {
		t.Errorf("threads %q, want %q", got, want)
	}
	notesHave(t, b, "WebAnno TSV: 6 values of layer de.tudarmstadt.ukp.dkpro.core.api.lexmorph.type.pos.POS left out (token-level linguistics")
}

const webannoHead = "#FORMAT=WebAnno TSV 3.3\n#T_SP=webanno.custom.Skein|label\n#T_RL=webanno.custom.Link|label|BT_webanno.custom.Skein\n\n\n"

// TestReadWebAnnoRefuses: bad input is refused at its line, saying what is
// wrong, and nothing is read.
func TestReadWebAnnoRefuses(t *testing.T) {
	for _, c := range []struct {
		name, data, want string
		is               error
	}{
		{"version 4", "#FORMAT=WebAnno TSV 4\n", `f:1: WebAnno TSV version "4", which skein does not read (it reads 3.1, 3.2, 3.3)`, ErrSyntax},
		{"not webanno", "#FORMAT=CoNLL\n", `f:1: not WebAnno TSV: the first line is "#FORMAT=CoNLL"`, ErrSyntax},
		{"offsets past the text", webannoHead + "#Text=ab cd\n1-1\t0-2\tab\tx\t_\t_\t\n1-2\t3-9\tcd\t_\t_\t_\t\n", "f:8: token 1-2: offset 9 past the end of the text (6 UTF-16 units)", annotate.ErrOffsets},
		{"token text differs", webannoHead + "#Text=ab cd\n1-1\t0-2\tab\tx\t_\t_\t\n1-2\t3-5\tce\t_\t_\t_\t\n", `f:8: token 1-2 is "ce" but the text at 3–5 is "cd" (offsets count UTF-16 units)`, annotate.ErrMismatch},
		{"code points not units", webannoHead + "#Text=👍 cd\n1-1\t0-2\t👍\t_\t_\t_\t\n1-2\t2-4\tcd\t_\t_\t_\t\n", `f:8: token 1-2 is "cd" but the text at 2–4 is " c"`, annotate.ErrMismatch},
		{"inside a surrogate pair", webannoHead + "#Text=👍 cd\n1-1\t0-1\t👍\t_\t_\t_\t\n", "f:7: token 1-1: offsets 0–1 cut a character beyond U+FFFF in two", annotate.ErrOffsets},
		{"ID for two labels", webannoHead + "#Text=ab cd\n1-1\t0-2\tab\tclaim[1]\t_\t_\t\n1-2\t3-5\tcd\tactor[1]\t_\t_\t\n", `f:8: ID [1] names an annotation labelled "claim" at line 7 and one labelled "actor" here`, ErrSyntax},
		{"missing column", webannoHead + "#Text=ab\n1-1\t0-2\tab\tx\t\n", "f:7: 4 columns: want 6", ErrSyntax},
		{"relation to nothing", webannoHead + "#Text=ab cd\n1-1\t0-2\tab\t_\t_\t_\t\n1-2\t3-5\tcd\tx\tr\t1-1\t\n", "f:8: relation source 1-1: no annotation of webanno.custom.Skein there", ErrUnknownRef},
		{"relation to no token", webannoHead + "#Text=ab cd\n1-1\t0-2\tab\ty\t_\t_\t\n1-2\t3-5\tcd\tx\tr\t1-9\t\n", "f:8: relation source 1-9: no such token in the file", ErrUnknownRef},
		{"token before text", webannoHead + "1-1\t0-2\tab\tx\t_\t_\t\n", "f:6: a token line before any #Text= line", ErrSyntax},
		{"bad offsets", webannoHead + "#Text=ab\n1-1\t0-b\tab\tx\t_\t_\t\n", `f:7: offsets "0-b": want begin-end`, ErrSyntax},
		{"bad header", "#FORMAT=WebAnno TSV 3.3\n#T_XX=a|b\n\n\n", `f:2: "#T_XX=a|b" in the header`, ErrSyntax},
		// Refused at the #Text= line the first control byte is on (it
		// was said at line 1, as if the file's first line held it).
		{"control bytes", webannoHead + "#Text=ab\n1-1\t0-2\tab\t_\t_\t_\t\n\n#Text=c\x01\x02\x03\x04\n2-1\t3-4\tc\t_\t_\t_\t\n",
			"f:9: text: binary content: 4 control bytes in 8, the first 0x01 at byte 4", annotate.ErrBinary},
		{"NUL byte", webannoHead + "#Text=a\x00b\n", "f:6: binary content: a NUL byte, which no WebAnno TSV file has; the rest of the file was not read", annotate.ErrBinary},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, errs := ReadWebAnno(strings.NewReader(c.data), "f", Options{Annotator: "alice"})
			if b != nil {
				t.Fatalf("got a batch of %d spans, want none", len(b.Spans))
			}
			if len(errs) == 0 || !strings.Contains(errs[0].Error(), c.want) {
				t.Fatalf("errors %v, want one saying %q", errs, c.want)
			}
			if !errors.Is(errs[0], c.is) {
				t.Errorf("%v is not %v", errs[0], c.is)
			}
		})
	}
}

// exportWebAnno writes b's documents with their spans and links into a new
// folder, returning it and what was left out.
func exportWebAnno(t *testing.T, b *Batch) (string, []string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "out")
	ex, err := NewExporter("webanno", nil, dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range b.Docs {
		var spans []*annotate.Span
		for _, s := range b.Spans {
			if s.Doc == d.ID {
				spans = append(spans, s)
			}
		}
		var links []*annotate.Thread
		for _, th := range b.Threads {
			if th.Members[0].Doc == d.ID {
				links = append(links, th)
			}
		}
		if err := ex.WriteDoc(d, spans, links); err != nil {
			t.Fatal(err)
		}
	}
	lo, err := ex.Close()
	if err != nil {
		t.Fatal(err)
	}
	return dir, lo
}

// TestWebAnnoRoundTrip: INCEpTION's file read, exported and read again
// gives the same article and spans, and export → import → export the same
// bytes; the chain of the file comes back as its links.
func TestWebAnnoRoundTrip(t *testing.T) {
	b, errs := readWebAnnoFile(t, "testdata/webanno/news.tsv")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	dir, _ := exportWebAnno(t, b)
	first, err := os.ReadFile(filepath.Join(dir, "testdata/webanno/news.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	b2, errs := ReadWebAnno(bytes.NewReader(first), "testdata/webanno/news.tsv", Options{Annotator: "alice"})
	if len(errs) > 0 {
		t.Fatalf("reading the export: %v\n%s", errs, first)
	}
	if b2.Docs[0].Text != b.Docs[0].Text {
		t.Fatalf("text %q, want %q", b2.Docs[0].Text, b.Docs[0].Text)
	}
	s1, th1 := webannoSpans(b)
	s2, th2 := webannoSpans(b2)
	if strings.Join(s2, "|") != strings.Join(s1, "|") || strings.Join(th2, "|") != strings.Join(th1, "|") {
		t.Errorf("read back\n%q %q\nwant\n%q %q", s2, th2, s1, th1)
	}
	dir2, _ := exportWebAnno(t, b2)
	second, err := os.ReadFile(filepath.Join(dir2, "testdata/webanno/news.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, second) {
		t.Errorf("export → import → export differs:\n%s\n---\n%s", first, second)
	}
}

// TestWebAnnoExport writes what skein holds and INCEpTION's form cannot
// hold as is: span edges inside words (sub-tokens), a span with white space
// at its edges (trimmed, said), a span across a line break, stacked spans,
// a thread of three (links between consecutive members), an emoji and a
// letter beyond U+FFFF (offsets in UTF-16 units), a tab, a backslash, a
// paragraph break and CRLF line ends; read back, the text is the same and
// every span but the trimmed one.
func TestWebAnnoExport(t *testing.T) {
	text := "Sony 👍 said 𝔘nited\\Kingdom grew\t5%.\r\nAnwar Kakar\ndenied it.\n\nSuper_man won."
	doc := &annotate.Document{ID: annotate.DocID(text), Text: text, Source: "wire/a.txt"}
	tx := annotate.NewText(text)
	at := func(sub string, n int) (int, int) {
		b := 0
		for range n + 1 {
			i := strings.Index(text[b:], sub)
			if i < 0 {
				t.Fatalf("%q not in the text", sub)
			}
			b += i + len(sub)
		}
		return tx.CodePoint(b - len(sub)), tx.CodePoint(b)
	}
	var spans []*annotate.Span
	add := func(label string, s, e int) *annotate.Span {
		sp := &annotate.Span{ID: annotate.NewID(), Doc: doc.ID, Label: label, Annotator: "al", Fragments: []annotate.Fragment{{Start: s, End: e}}}
		spans = append(spans, sp)
		return sp
	}
	s, e := at("Sony", 0)
	sony := add("actor", s, e)
	s, e = at("nited\\King", 0)
	part := add("claim", s, e) // edges inside words
	s, e = at("Kakar\ndenied", 0)
	kakar := add("accusation", s, e) // across a line break
	s, e = at("Anwar Kakar", 0)
	add("actor", s, e) // stacked with the accusation on Kakar
	s, e = at("\t5%", 0)
	add("figure", s, e) // a tab at its start
	s, e = at("Super_man", 0)
	add("actor", s, e)
	th := &annotate.Thread{ID: annotate.NewID(), Annotator: "al", Members: []annotate.Member{{Doc: doc.ID, Span: sony.ID}, {Doc: doc.ID, Span: part.ID, Link: "supports"}, {Doc: doc.ID, Span: kakar.ID, Link: "repeats"}}}
	b := &Batch{Docs: []*annotate.Document{doc}, Spans: spans, Threads: []*annotate.Thread{th}}
	dir, lo := exportWebAnno(t, b)
	out, err := os.ReadFile(filepath.Join(dir, "wire", "a.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"#Text=Sony 👍 said 𝔘nited\\\\Kingdom grew\\t5%.\\r\n",
		"1-4\t13-20\t𝔘nited\t_\t_\t_\t\n1-4.1\t15-20\tnited\tclaim[1]\tsupports\t1-1[0_1]\t\n1-5\t20-21\t\\\tclaim[1]\t_\t_\t\n",
		"2-2\t45-50\tKakar\tactor[2]|accusation[3]\trepeats\t1-4.1[1_3]\t\n",
		"#Text=Anwar Kakar\n2-1\t",
		"#Text=denied it.\n#Text=\n3-1\t",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the export lacks %q:\n%s", want, out)
		}
	}
	los := strings.Join(lo, "\n")
	for _, want := range []string{"webanno: 1 span trimmed of the white space at their edges (\"\\t5%\" → \"5%\")", "webanno: 1 thread of more than two spans written as links between consecutive members", "webanno: 1 annotator's name not written"} {
		if !strings.Contains(los, want) {
			t.Errorf("left out lacks %q:\n%s", want, los)
		}
	}
	back, errs := ReadWebAnno(bytes.NewReader(out), "a.tsv", Options{Annotator: "al"})
	if len(errs) > 0 {
		t.Fatalf("reading the export: %v\n%s", errs, out)
	}
	if back.Docs[0].Text != text {
		t.Fatalf("text read back %q, want %q", back.Docs[0].Text, text)
	}
	got, threads := webannoSpans(back)
	want := []string{"actor Sony", "claim nited\\King", "figure 5%", "actor Anwar Kakar", "accusation Kakar\ndenied", "actor Super_man"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("spans read back %q, want %q", got, want)
	}
	if wantTh := "actor:Sony -supports-> claim:nited\\King|claim:nited\\King -repeats-> accusation:Kakar\ndenied"; strings.Join(threads, "|") != wantTh {
		t.Errorf("links read back %q, want %q", threads, wantTh)
	}
}

// A label ending with a backslash is written x\\ before its ID: the ID is
// still an ID (the backslash before [ is itself escaped), where it was read
// as part of the label, two spans "x\[1]" instead of one "x\".
func TestReadWebAnnoEscapedBackslash(t *testing.T) {
	data := webannoHead + "#Text=ab cd\n1-1\t0-2\tab\tx\\\\[1]\t_\t_\t\n1-2\t3-5\tcd\tx\\\\[1]\t_\t_\t\n"
	b, errs := ReadWebAnno(strings.NewReader(data), "f", Options{Annotator: "al"})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if got, _ := webannoSpans(b); strings.Join(got, "|") != `x\ ab cd` {
		t.Errorf("spans %q, want one x\\ over ab cd", got)
	}
}

// A file of a few bytes whose first token begins at 30,000,000 is refused
// before the text is padded to it: the padding was made first and weighed
// after, so a token at 999999990 (nine digits, as offsets may have) took
// 20 GB and two minutes before the refusal.
func TestReadWebAnnoFarOffsetRefusedFirst(t *testing.T) {
	data := webannoHead + "#Text=x\n1-1\t30000000-30000001\tx\ty\t_\t_\t\n"
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b, errs := ReadWebAnno(strings.NewReader(data), "f", Options{Annotator: "alice"})
	runtime.ReadMemStats(&after)
	if b != nil || len(errs) != 1 || !errors.Is(errs[0], annotate.ErrTooLarge) || !strings.Contains(errs[0].Error(), "f:6: text: larger than 10 MB (its first token begins at 30000000)") {
		t.Errorf("batch %v, errors %v, want f:6 refused as larger than 10 MB, naming where the token begins", b, errs)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 1<<20 {
		t.Errorf("reading it allocated %d bytes, want under 1 MB: the text was padded before it was weighed", got)
	}
}

// A mailed file made to fill the memory is read in bounded memory or
// refused at its line: 400,000 copies of one label stacked on a token
// (one span, the rest counted once in a note, where each was a span and a
// note made and dropped after: a gigabyte for two million), and tokens of
// no width piled on one place beyond the text's room (a million took 3 GB
// and four minutes from a 100 MB file).
func TestReadWebAnnoFloods(t *testing.T) {
	t.Run("one label stacked", func(t *testing.T) {
		data := webannoHead + "#Text=ab\n1-1\t0-2\tab\t" + strings.Repeat("a|", 400000) + "a\t_\t_\t\n"
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		b, errs := ReadWebAnno(strings.NewReader(data), "f", Options{Annotator: "alice"})
		runtime.ReadMemStats(&after)
		if len(errs) > 0 || len(b.Spans) != 1 {
			t.Fatalf("errors %v, batch %v: want one span", errs, b)
		}
		notesHave(t, b, "400000 identical spans imported once")
		if got := after.TotalAlloc - before.TotalAlloc; got > 16<<20 {
			t.Errorf("reading it allocated %d MB, want under 16 (the cell's %d bytes split)", got>>20, len(data))
		}
	})
	t.Run("tokens of no width", func(t *testing.T) {
		var data strings.Builder
		data.WriteString(webannoHead + "#Text=ab\n")
		for i := 1; i <= 2000; i++ {
			fmt.Fprintf(&data, "1-%d\t0-0\t\ta\t_\t_\t\n", i)
		}
		b, errs := ReadWebAnno(strings.NewReader(data.String()), "f", Options{Annotator: "alice"})
		want := "f:1037: token 1-1031: 1031 tokens and sub-tokens on a text of 3 UTF-16 units, more than it has room for: tokens overlap or have no width"
		if b != nil || len(errs) != 1 || errs[0].Error() != want || !errors.Is(errs[0], ErrSyntax) {
			t.Errorf("batch %v, errors %v, want %q", b, errs, want)
		}
	})
}
