package agree

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/skein-news/skein/annotate"
)

var benchWords = strings.Fields(`the government said on Tuesday that army police killed ten people in
	northern province after protests over fuel prices minister denied reports claimed officials
	accused opposition of spreading false figures election commission announced results were
	delayed because of violence caretaker prime Pakistan’s spokesman told reporters percent
	rose fell million refugees border security forces rebels attack capital city hospital
	sources confirmed at least wounded while others remain missing according to witnesses`)

// benchText writes English-like prose of about n bytes: sentences of 8–24
// words with commas, figures, curly quotes and em dashes.
func benchText(r *rand.Rand, n int) string {
	var b strings.Builder
	for b.Len() < n {
		words := 8 + r.IntN(17)
		for i := range words {
			w := benchWords[r.IntN(len(benchWords))]
			switch {
			case i == 0:
				w = strings.ToUpper(w[:1]) + w[1:]
			case r.IntN(25) == 0:
				w = fmt.Sprintf("%d,%03d", 1+r.IntN(99), r.IntN(1000))
			case r.IntN(40) == 0:
				w = "—" + w
			}
			b.WriteString(w)
			if i < words-1 {
				if r.IntN(12) == 0 {
					b.WriteByte(',')
				}
				b.WriteByte(' ')
			}
		}
		b.WriteString(". ")
	}
	return b.String()
}

var benchLabels = []string{annotate.Claim, annotate.Actor, annotate.Figure, annotate.Accusation}

// benchLayers marks n random word-aligned spans for the first annotator and
// a noisy copy for each other one: most spans kept, some moved by a word,
// relabelled or replaced.
func benchLayers(r *rand.Rand, docID string, toks []annotate.Token, names []string, n int) map[string][]*annotate.Span {
	pick := func() (int, int) {
		i := r.IntN(len(toks))
		j := min(i+r.IntN(6), len(toks)-1)
		return i, j
	}
	type mark struct {
		i, j  int
		label string
	}
	base := make([]mark, n)
	for k := range base {
		i, j := pick()
		base[k] = mark{i, j, benchLabels[r.IntN(len(benchLabels))]}
	}
	layers := map[string][]*annotate.Span{}
	for a, name := range names {
		for k, m := range base {
			if a > 0 {
				switch x := r.IntN(10); {
				case x < 2:
					m.j = min(m.j+1, len(toks)-1)
				case x < 3:
					m.label = benchLabels[r.IntN(len(benchLabels))]
				case x < 4:
					m.i, m.j = pick()
				}
			}
			layers[name] = append(layers[name], &annotate.Span{
				ID: fmt.Sprintf("%s-%s-%d", docID, name, k), Doc: docID, Label: m.label, Annotator: name,
				Fragments: []annotate.Fragment{{Start: toks[m.i].Start, End: toks[m.j].End}},
			})
		}
	}
	return layers
}

type benchData struct {
	inputs  []DocInput
	threads map[string][]*annotate.Thread
	bytes   int64
}

var (
	benchOnce   sync.Once
	benchCorpus benchData
	benchNames  = []string{"alice", "bob", "carol"}
)

// corpus20k is 20,000 articles of about 1.9 KB, three annotators with ten
// spans each per article, and a link between each annotator's first two
// spans of every article.
func corpus20k() benchData {
	benchOnce.Do(func() {
		r := rand.New(rand.NewPCG(1, 2))
		d := &benchCorpus
		d.threads = map[string][]*annotate.Thread{}
		for i := range 20000 {
			text := benchText(r, 1900)
			doc := &annotate.Document{ID: fmt.Sprintf("%016x", i), Title: fmt.Sprintf("Article %d", i), Text: text}
			layers := benchLayers(r, doc.ID, annotate.Tokens(annotate.NewText(text)), benchNames, 10)
			d.inputs = append(d.inputs, DocInput{Doc: doc, Layers: layers})
			d.bytes += int64(len(text))
			for _, name := range benchNames {
				s := layers[name]
				d.threads[name] = append(d.threads[name], &annotate.Thread{
					ID: doc.ID + name, Annotator: name,
					Members: []annotate.Member{{Doc: doc.ID, Span: s[0].ID}, {Doc: doc.ID, Span: s[1].ID}},
				})
			}
		}
	})
	return benchCorpus
}

func BenchmarkCompute(b *testing.B) {
	d := corpus20k()
	b.SetBytes(d.bytes)
	b.ReportAllocs()
	cpu := cpuTime()
	for b.Loop() {
		rep, err := Compute(context.Background(), benchNames, feed(d.inputs...), d.threads)
		if err != nil {
			b.Fatal(err)
		}
		if len(rep.Documents) != len(d.inputs) || rep.Overall.KrippendorffAlpha == nil {
			b.Fatalf("got %d documents, α %v", len(rep.Documents), rep.Overall.KrippendorffAlpha)
		}
	}
	// The machine is shared: CPU time per run says what the work costs when
	// wall time includes waiting for other processes.
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
}

// BenchmarkTokens is the tokenizer alone over the same corpus, on one
// goroutine: the floor under BenchmarkCompute.
func BenchmarkTokens(b *testing.B) {
	d := corpus20k()
	b.SetBytes(d.bytes)
	cpu := cpuTime()
	for b.Loop() {
		for _, in := range d.inputs {
			annotate.Tokens(annotate.NewText(in.Doc.Text))
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
}

// BenchmarkCompare lines up two layers of 2,500 spans each on one long
// article, as the review window does before it jumps to the next
// disagreement.
func BenchmarkCompare(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	text := benchText(r, 200_000)
	toks := annotate.Tokens(annotate.NewText(text))
	layers := benchLayers(r, "long", toks, []string{"alice", "bob"}, 2500)
	names := []string{"alice", "bob"}
	b.ReportAllocs()
	for b.Loop() {
		items := Compare(layers, names)
		next := -1
		for i, it := range items {
			if it.Kind != Agreement && it.Start >= len(text)/2 {
				next = i
				break
			}
		}
		if next < 0 {
			b.Fatal("no disagreement in the second half")
		}
	}
}
