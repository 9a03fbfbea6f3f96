package store

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/search"
)

// SearchInListOrder with a limit gives exactly what the whole search in
// list order gives cut at the limit — the first articles whose matches
// make it, the last whole — for every limit, on articles that tie on
// date and on title (natural order: "Report 2" before "Report 10"), some
// undated, spread over several of the search's batches so that articles
// are skipped while others are still being searched.
func TestSearchLimitMatchesTheWholeSearch(t *testing.T) {
	s := openTest(t)
	rng := rand.New(rand.NewPCG(11, 12))
	dates := []string{"2024-03-01", "2024-03-01", "2023-12-31", "2024-01-15", ""}
	titles := []string{"Report 2", "Report 10", "Report 02", "report", "Border talks"}
	filler := strings.Repeat("Officials met at the crossing and spoke of trade. ", 80) // ~4 KB: several batches
	var docs []*annotate.Document
	for i := range 320 {
		var b strings.Builder
		fmt.Fprintf(&b, "Article %d. ", i)
		for range rng.IntN(4) { // 0 to 3 matches
			b.WriteString("The ceasefire held. ")
		}
		b.WriteString(filler)
		docs = append(docs, newDoc(titles[rng.IntN(len(titles))], dates[rng.IntN(len(dates))], b.String()))
	}
	if _, err := s.WriteBatch(ctx, &Batch{Docs: docs}); err != nil {
		t.Fatal(err)
	}
	for _, qs := range []string{"ceasefire", `"ceasefire held" date:2024-01-01..2024-12-31`} {
		q := mustParse(t, qs)
		all, err := s.SearchInListOrder(ctx, q, "ana", 0)
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		for _, h := range all {
			total += len(h.Matches)
		}
		if len(all) < 100 || total < 150 {
			t.Fatalf("%s: %d articles, %d matches: too few to test", qs, len(all), total)
		}
		for limit := 1; limit <= total+2; limit++ {
			if limit > 30 && limit%17 != 0 && limit < total-1 {
				continue
			}
			want, n := all, 0
			for i, h := range all {
				if n += len(h.Matches); n >= limit {
					want = all[:i+1]
					break
				}
			}
			got, err := s.SearchInListOrder(ctx, q, "ana", limit)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.EqualFunc(got, want, func(a, b search.Hits) bool { return a.Doc == b.Doc && slices.Equal(a.Matches, b.Matches) }) {
				t.Fatalf("%s -limit %d: %d articles, want %d:\n got %v\nwant %v", qs, limit, len(got), len(want), docsOf(got), docsOf(want))
			}
		}
	}
}

func docsOf(hs []search.Hits) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = h.Doc[:6]
	}
	return out
}

// BenchmarkSearchListOrder is skein search's search and order on 20,000
// articles of ~1.9 KB: with -limit 20, and whole (-limit 0).
func BenchmarkSearchListOrder(b *testing.B) {
	s, _, size := benchStore(b)
	for _, bc := range []struct {
		name, q string
		limit   int
	}{
		{"word/limit20", "ceasefire", 20},
		{"word/all", "ceasefire", 0},
		{"commonword/limit20", "the", 20},
		{"commonword/all", "the", 0},
		{"rarephrase/limit20", `"minister said"`, 20},
		{"regex/limit20", `/minist\w+ (said|warned)/`, 20},
	} {
		b.Run(bc.name, func(b *testing.B) {
			q := mustParse(b, bc.q)
			b.SetBytes(size)
			var n int
			for i := 0; i < b.N; i++ {
				hits, err := s.SearchInListOrder(ctx, q, "ana", bc.limit)
				if err != nil {
					b.Fatal(err)
				}
				n = len(hits)
			}
			if n == 0 {
				b.Fatal("no match")
			}
			b.ReportMetric(float64(n), "articles")
		})
	}
}
