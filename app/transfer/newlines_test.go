package transfer

import (
	"bytes"
	"context"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// The import counts each skein file's line ends as it reads it (a team
// folder's "articles done" of a colleague), blank lines and a last line
// without one included, as counting the file's bytes would.
func TestImportCountsNewlines(t *testing.T) {
	dir := t.TempDir()
	line := func(text string) string {
		var buf bytes.Buffer
		w := annotate.NewJSONLWriter(&buf)
		w.Write(annotate.EncodeDocLine(&annotate.Document{ID: annotate.DocID(text), Text: text}, nil, nil, nil))
		w.Flush()
		return buf.String()
	}
	a := line("Kakar said the TTP operates from Afghanistan.") + "\n" + bytes.NewBufferString(line("Kabul denied it.")).String()
	a = a[:len(a)-1] // the last line without its end
	b := line("A third article, alone.")
	pa := write(t, dir, "a.jsonl", []byte(a))
	pb := write(t, dir, "b.jsonl", []byte(b))
	res, err := Import(context.Background(), openStore(t), []string{pa, pb}, ImportOptions{Format: "skein", User: "me"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path string
		want int
	}{{pa, 2}, {pb, 1}} {
		if got, ok := res.Newlines[c.path]; !ok || got != c.want {
			t.Errorf("Newlines[%s] = %d, %v; want %d", c.path, got, ok, c.want)
		}
	}
	if res.DocsAdded != 3 {
		t.Errorf("imported %d documents, want 3", res.DocsAdded)
	}
}
