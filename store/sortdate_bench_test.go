package store

import (
	"fmt"
	"testing"
)

// BenchmarkSortByDate orders 20,000 articles as the list does when it
// loads: a fifth dated (on 30 days), the rest undated, titles numbered as
// a generated corpus's are ("Article 123 headline").
func BenchmarkSortByDate(b *testing.B) {
	docs := make([]DocInfo, 20000)
	for i := range docs {
		d := DocInfo{ID: fmt.Sprintf("%016x", uint64(i)*0x9e3779b97f4a7c15), Title: fmt.Sprintf("Article %d headline", (i*7919)%20000)}
		if i%5 == 0 {
			d.Date = fmt.Sprintf("2023-11-%02d", 1+i%30)
		}
		docs[i] = d
	}
	work := make([]DocInfo, len(docs))
	b.ReportAllocs()
	for b.Loop() {
		copy(work, docs)
		SortByDate(work)
	}
}
