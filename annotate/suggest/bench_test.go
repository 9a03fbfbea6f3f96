package suggest

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/seeds"
)

// BenchmarkArticleSuggestions gathers what an opened article is offered,
// as the window does off the UI goroutine before drawing: the other
// occurrences of 2,000 strings the annotator labelled across the corpus,
// the figures, and the filter against the article's own spans (one span
// in every 200 characters) and 50 rejections. The articles are the seed
// articles repeated to 30 KB (a long news article) and 300 KB.
func BenchmarkArticleSuggestions(b *testing.B) {
	docs, err := seeds.Documents()
	if err != nil {
		b.Fatal(err)
	}
	var all strings.Builder
	for _, d := range docs {
		all.WriteString(d.Text)
		all.WriteString("\n\n")
	}
	corpus := all.String()
	// 2,000 strings of one to three words taken from the seeds.
	t := annotate.NewText(corpus)
	toks := annotate.Tokens(t)
	r := rand.New(rand.NewPCG(1, 2))
	p := NewPhrases()
	labels := []string{"actor", "claim", "figure", "accusation"}
	for i := 0; i < 2000; i++ {
		j := r.IntN(len(toks) - 3)
		n := 1 + r.IntN(3)
		p.Add(t.Slice(toks[j].Start, toks[j+n-1].End), labels[r.IntN(4)])
	}
	for _, size := range []int{30 << 10, 300 << 10} {
		text := strings.Repeat(corpus, size/len(corpus)+1)[:size]
		for !strings.HasSuffix(text, " ") {
			text = text[:len(text)-1]
		}
		tx := annotate.NewText(text)
		var own []*annotate.Span
		for s := 0; s+10 < tx.Len(); s += 200 {
			own = append(own, &annotate.Span{Label: labels[s%4], Fragments: []annotate.Fragment{{Start: s, End: s + 10}}})
		}
		var rejected []Suggestion
		for i := 0; i < 50; i++ {
			rejected = append(rejected, Suggestion{Doc: "d", Start: i * 100, End: i*100 + 5, Label: "actor"})
		}
		name := "30KB"
		if size > 100<<10 {
			name = "300KB"
		}
		b.Run(name, func(b *testing.B) {
			n := 0
			for i := 0; i < b.N; i++ {
				sugs := p.Find("d", text)
				sugs = append(sugs, Figures("d", text)...)
				n = len(Filter(sugs, own, rejected))
			}
			b.ReportMetric(float64(n), "suggestions")
		})
	}
}
