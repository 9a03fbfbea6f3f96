package transfer

import (
	"context"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// A line with only id, text and spans (each with id and annotator) is the
// contract's own shape, what a script writes: it is skein's, and every span
// keeps its author and its ID.
func TestImportMinimalSkeinLineKeepsAuthors(t *testing.T) {
	st := openStore(t)
	text := "Sony said the deal was off."
	doc := annotate.DocID(text)
	line := `{"id":"` + doc + `","text":"Sony said the deal was off.","spans":[` +
		`{"id":"00000000000000a1","start":0,"end":4,"text":"Sony","label":"actor","annotator":"al"},` +
		`{"id":"00000000000000b2","start":10,"end":26,"text":"the deal was off","label":"claim","annotator":"bo"}]}` + "\n"
	path := write(t, t.TempDir(), "script.jsonl", []byte(line))
	if _, err := Import(context.Background(), st, []string{path}, ImportOptions{User: "me"}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ id, annotator string }{{"00000000000000a1", "al"}, {"00000000000000b2", "bo"}} {
		s, err := st.Span(c.id)
		if err != nil {
			t.Fatalf("span %s: %v; want it under its own ID", c.id, err)
		}
		if s.Annotator != c.annotator {
			t.Errorf("span %s is in %s's layer, want %s's", c.id, s.Annotator, c.annotator)
		}
	}
	if mine, _ := st.LayerSpans(doc, "me"); len(mine) != 0 {
		t.Errorf("the importer's layer got %d spans, want none", len(mine))
	}
}
