package formats

import (
	"bytes"
	"errors"
	"os"
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

func readWebAnnoFile(t *testing.T, path string) (*Batch, []error) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return ReadWebAnno(bytes.NewReader(data), path, Options{Annotator: "alice"})
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
	notes := strings.Join(b.Notes, "\n")
	for _, want := range []string{
		"WebAnno TSV: 1 value of features other than the label left out (testdata/webanno/news.tsv:9 identifier=http://www.wikidata.org/entity/Q1)",
		"WebAnno TSV label PER becomes user label PER",
		"WebAnno TSV: 1 identical span imported once",
	} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
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
	if notes := strings.Join(b.Notes, "\n"); !strings.Contains(notes, "WebAnno TSV: 6 values of layer de.tudarmstadt.ukp.dkpro.core.api.lexmorph.type.pos.POS left out (token-level linguistics") {
		t.Errorf("no note of the parts of speech:\n%s", notes)
	}
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
