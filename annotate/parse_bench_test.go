package annotate

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
)

// layerLine builds what a team folder's layer file holds for one article,
// as app/team writes it: the document's ID and no text, ten spans of one
// annotator, and the layer's mark. The article is the benchmark's (about
// 1,900 bytes, with a dash and a curly apostrophe, so not ASCII).
func layerLine(tb testing.TB, spans int, withText bool) (line []byte, doc *Document) {
	tb.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("Pakistan blames Afghanistan for attacks; Kabul denies it. The caretaker prime minister said 60% of suicide bombers were Afghan nationals, a figure officials could not confirm — the Taliban’s spokesman called it baseless.")
	var sb strings.Builder
	sb.WriteString("Article 7. ")
	for sb.Len() < 1900 {
		sb.WriteString(words[rng.IntN(len(words))])
		sb.WriteByte(' ')
	}
	text := sb.String()
	doc = &Document{ID: DocID(text), Title: "Article 7", Text: text}
	n := CodePointLen(text)
	var ss []*Span
	for k := 0; k < spans; k++ {
		start := k * (n / spans)
		ss = append(ss, &Span{ID: fmt.Sprintf("019a%04x-7c1e-7d2a-9b3c-%012x", k, rng.Uint64()>>16), Doc: doc.ID, Annotator: "ann00", Label: "claim",
			Fragments: []Fragment{{Start: start, End: start + 5 + rng.IntN(20)}}, Created: 1764000000000})
	}
	dl := EncodeDocLine(doc, ss, []LayerInfo{{Annotator: "ann00", Modified: 1764000000000}}, nil)
	if !withText {
		dl.Text, dl.Title, dl.Source, dl.Date = "", "", "", ""
	}
	line = bytes.TrimSpace(appendDocLine(nil, dl))
	return line, doc
}

// BenchmarkParseLine parses one layer line of a team folder (10 spans, the
// text given by ReadOptions.Doc, as a sync reads it) and one document line
// that carries its text (as `skein import` of an export reads it), on the
// fast path and (json) on the path through encoding/json that it leaves
// the lines it is not sure of to.
func BenchmarkParseLine(b *testing.B) {
	line, doc := layerLine(b, 10, false)
	opt := ReadOptions{Doc: func(string) (*Document, error) { return doc, nil }}
	full, _ := layerLine(b, 10, true)
	for _, c := range []struct {
		name string
		line []byte
		opt  ReadOptions
	}{{"layer", line, opt}, {"document", full, ReadOptions{}}} {
		for _, fast := range []bool{true, false} {
			name := c.name
			if !fast {
				name += "/json"
			}
			b.Run(name, func(b *testing.B) {
				if _, err := parseLine(c.line, c.opt, fast); err != nil {
					b.Fatal(err)
				}
				b.SetBytes(int64(len(c.line)))
				b.ReportAllocs()
				for b.Loop() {
					if _, err := parseLine(c.line, c.opt, fast); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/10, "ns/span")
			})
		}
	}
}

// A layer line whose document ReadOptions.Doc gives is parsed into a
// record that holds that document, not a copy of it, and the answer asked
// for stays off the heap: what a first sync's tens of thousands of lines a
// bucket allocate (10 objects a line of ten spans, 12 before).
func TestParseLayerLineAllocs(t *testing.T) {
	line, doc := layerLine(t, 10, false)
	opt := ReadOptions{Doc: func(string) (*Document, error) { return doc, nil }}
	rec, err := ParseLine(line, opt)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Doc != doc || len(rec.Spans) != 10 {
		t.Fatalf("parsed %d spans on %p, want 10 on the document given (%p)", len(rec.Spans), rec.Doc, doc)
	}
	// The fewest of three measurements, after a collection (the parser's
	// wire spans come from a sync.Pool, which a collection empties). The
	// parser makes 10 a line here. Under the race detector (CI runs the
	// tests with -race) it makes 11: sync.Pool's Put lets one thing in
	// four drop, at random, so one parse in four makes its wire spans
	// anew (the array and its growth to ten, 1.5 allocations a line on
	// average), whatever the load.
	runtime.GC()
	n := testing.AllocsPerRun(50, func() { ParseLine(line, opt) })
	for range 2 {
		n = min(n, testing.AllocsPerRun(50, func() { ParseLine(line, opt) }))
	}
	want := 10.0
	if raceOn {
		want = 11
	}
	if n > want {
		t.Errorf("%.0f allocations a layer line, want at most %.0f", n, want)
	}
}
