package suggest

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// texts of suggestions, for messages.
func texts(d *annotate.Document, sugs []Suggestion) []string {
	t := annotate.NewText(d.Text)
	var out []string
	for _, s := range sugs {
		out = append(out, fmt.Sprintf("%s %q", s.Label, t.Slice(s.Start, s.End)))
	}
	return out
}

// TestPhrasesFind: a string labelled once is found again as whole words,
// whatever its case and accents, the longest labelled string winning where
// several start, never inside a longer word.
func TestPhrasesFind(t *testing.T) {
	p := NewPhrases()
	p.Add("Kakar", "actor")
	p.Add("kakar", "actor")
	p.Add("Kakar", "claim") // outvoted
	p.Add("Tehrik-e Taliban Pakistan", "actor")
	p.Add("Tehrik-e", "claim")
	p.Add("Café Noir", "actor")
	p.Add("x", "actor")     // one character: not offered
	p.Add("(TTP)", "actor") // starts with punctuation: not offered
	d := &annotate.Document{ID: "d", Text: "KAKAR met the Tehrik-e Taliban Pakistan at the cafe noir; Kakari and Tehrik-e x (TTP) kakar."}
	got := texts(d, p.Find(d.ID, d.Text))
	want := []string{`actor "KAKAR"`, `actor "Tehrik-e Taliban Pakistan"`, `actor "cafe noir"`, `claim "Tehrik-e"`, `actor "kakar"`}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if p.Len() != 4 {
		t.Errorf("got %d strings, want 4", p.Len())
	}
}

// TestPhrasesFindOffsets: offsets are code points of the original text,
// also where folding dropped a combining accent.
func TestPhrasesFindOffsets(t *testing.T) {
	p := NewPhrases()
	p.Add("José", "actor")
	d := &annotate.Document{ID: "d", Text: "قال Jose\u0301 and José."}
	got := texts(d, p.Find(d.ID, d.Text))
	want := []string{"actor \"Jose\u0301\"", `actor "José"`}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestFiguresSource: the figures of a seed article, as the Figures reader
// reads them, offered as figure.
func TestFiguresSource(t *testing.T) {
	c, _ := seedCorpus(t)
	d := c.docs[0]
	sugs := Figures(d.ID, d.Text)
	if len(sugs) == 0 {
		t.Fatal("no figure suggested in a seed article")
	}
	tx := annotate.NewText(d.Text)
	for _, s := range sugs {
		if s.Label != annotate.Figure || s.Source != SourceFigures || s.Score != NoScore {
			t.Errorf("got %+v, want a figure from figures without a score", s)
		}
		if got := Figures("", tx.Slice(s.Start, s.End)); len(got) != 1 {
			t.Errorf("%q does not read as one figure again", tx.Slice(s.Start, s.End))
		}
	}
}

// TestFilter: what the user labelled with the same label, what they
// rejected, and a second source's offer of the same place are left out;
// another label at a labelled place is still offered.
func TestFilter(t *testing.T) {
	own := []*annotate.Span{{Label: "figure", Fragments: []annotate.Fragment{{Start: 10, End: 15}}}}
	sugs := []Suggestion{
		{Doc: "d", Start: 30, End: 35, Label: "actor", Source: SourceLabels},
		{Doc: "d", Start: 11, End: 14, Label: "figure", Source: SourceFigures}, // inside the span
		{Doc: "d", Start: 10, End: 15, Label: "claim", Source: ModelSource("m"), Score: 0.5},
		{Doc: "d", Start: 20, End: 25, Label: "actor", Source: SourceLabels},
		{Doc: "d", Start: 20, End: 25, Label: "actor", Source: ModelSource("m"), Score: 0.9}, // the same again
		{Doc: "d", Start: 40, End: 45, Label: "actor", Source: SourceLabels},                 // rejected
		{Doc: "d", Start: 50, End: 50, Label: "actor", Source: SourceLabels},                 // empty
	}
	rejected := []Suggestion{{Doc: "d", Start: 40, End: 45, Label: "actor", Source: ModelSource("x")}}
	got := Filter(sugs, own, rejected)
	want := []Suggestion{sugs[2], sugs[3], sugs[0]}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v,\nwant %+v", got, want)
	}
}

// layers is one article and the user's spans in memory.
type layers struct {
	d   *annotate.Document
	own []*annotate.Span
}

func (l *layers) Document(string) (*annotate.Document, error) { return l.d, nil }
func (l *layers) LayerSpans(string, string) ([]*annotate.Span, error) {
	return l.own, nil
}

// TestAccept: accepted suggestions become ordinary spans of the user's layer,
// in one change, exactly where offered, with the key's label when one is
// given; a place already labelled is skipped.
func TestAccept(t *testing.T) {
	d := &annotate.Document{ID: "d", Text: "Kakar said 2,300 people left Kakar’s office."}
	l := &layers{d: d, own: []*annotate.Span{{ID: "x", Label: "actor", Annotator: "ann", Fragments: []annotate.Fragment{{Start: 0, End: 5}}}}}
	sugs := []Suggestion{
		{Doc: "d", Start: 0, End: 5, Label: "actor", Source: SourceLabels},
		{Doc: "d", Start: 11, End: 16, Label: "figure", Source: SourceFigures},
		{Doc: "d", Start: 29, End: 34, Label: "actor", Source: SourceLabels}, // not widened to Kakar’s
		{Doc: "d", Start: 17, End: 23, Label: "actor", Source: ModelSource("m"), Score: 0.7},
	}
	c, err := Accept(l, "ann", "", sugs)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range c.Spans {
		s := e.After
		got = append(got, fmt.Sprintf("%s %s %q", s.Annotator, s.Label, annotate.NewText(d.Text).Slice(s.Start(), s.End())))
	}
	want := []string{`ann figure "2,300"`, `ann actor "Kakar"`, `ann actor "people"`}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if c.Desc != "accept 3 suggestions" {
		t.Errorf("got %q", c.Desc)
	}
	c, err = Accept(l, "ann", "claim", sugs[3:])
	if err != nil || len(c.Spans) != 1 || c.Spans[0].After.Label != "claim" {
		t.Errorf("a label key's label: got %+v, %v", c, err)
	}
	if c, err := Accept(l, "ann", "", sugs[:1]); c != nil || err != nil {
		t.Errorf("a labelled place: got %+v, %v, want nothing", c, err)
	}
}
