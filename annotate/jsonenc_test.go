package annotate

import (
	"bytes"
	"encoding/json"
	"math/rand"
	"testing"
)

// TestAppendDocLineMatchesEncodingJSON holds the hand-written encoder to
// encoding/json's bytes on lines with every optional field and awkward text.
func TestAppendDocLineMatchesEncodingJSON(t *testing.T) {
	awkward := []string{"", "plain", "quote \" and \\ back", "tab\tnl\ncr\r", "\b\f\x01\x1f", "<a href='x'>&</a>",
		"emoji 👍 and é and 中文", "line\u2028sep\u2029", "bad \xff utf8", "Pakistan’s — “quoted”"}
	r := rand.New(rand.NewSource(7))
	pick := func() string { return awkward[r.Intn(len(awkward))] }
	for i := 0; i < 300; i++ {
		d := &DocLine{ID: pick(), Title: pick(), Source: pick(), Date: pick(), Text: pick()}
		if r.Intn(3) == 0 {
			d.Type = "document"
		}
		if r.Intn(3) == 0 {
			d.Meta = map[string]string{pick(): pick(), "b": pick(), "a": pick()}
		}
		if r.Intn(5) != 0 {
			d.Spans = []WireSpan{}
		}
		for k := r.Intn(4); k > 0; k-- {
			w := WireSpan{ID: pick(), Start: r.Intn(100), End: r.Intn(100), Text: pick(), Label: pick()}
			if r.Intn(2) == 0 {
				w.Annotator = pick()
			}
			if r.Intn(3) == 0 {
				w.Fragments = [][2]int{{1, 2}, {5, 9}}
			}
			if r.Intn(3) == 0 {
				w.Threads = []string{pick(), pick()}
			}
			if r.Intn(3) == 0 {
				w.Note = pick()
			}
			if r.Intn(3) == 0 {
				w.Attrs = map[string]string{pick(): pick(), "z": ""}
			}
			if r.Intn(3) == 0 {
				w.Norms = []Norm{{DB: pick(), ID: pick(), Text: pick()}}
			}
			if r.Intn(2) == 0 {
				w.Created = pick()
			}
			d.Spans = append(d.Spans, w)
		}
		for k := r.Intn(3); k > 0; k-- {
			d.Layers = append(d.Layers, Layer{Annotator: pick(), Modified: pick(), Done: r.Intn(2) == 0, Answer: pick()})
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(d); err != nil {
			t.Fatal(err)
		}
		if got := appendDocLine(nil, d); !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("line %d:\ngot  %s\nwant %s", i, got, want.Bytes())
		}
	}
}
