package store

import (
	"container/heap"
	"context"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/skein-news/skein/annotate/search"
)

// SearchInListOrder runs q for user and gives its hits in the order the
// list shows their articles (SortByDate), the articles found but gone from
// the list since last, in ID order: what skein search prints. With limit
// above 0 it gives only the first of them whose matches make limit (the
// last may hold more), exactly those: once the hits so far make limit,
// the articles the list puts after the last of them cannot be among the
// first, and are not searched (the search reads in ID order, so it cannot
// simply stop), and only the few kept are sorted.
func (s *Store) SearchInListOrder(ctx context.Context, q *search.Query, user string, limit int) ([]search.Hits, error) {
	if limit <= 0 {
		var hits []search.Hits
		if err := search.Run(ctx, s, q, user, func(h search.Hits) error {
			hits = append(hits, h)
			return nil
		}); err != nil {
			return nil, err
		}
		return s.inListOrder(ctx, hits)
	}
	infos := map[string]DocInfo{}
	if err := s.Documents(ctx, func(d DocInfo) error {
		infos[d.ID] = d
		return nil
	}); err != nil {
		return nil, err
	}
	key := func(doc string) listKey {
		d, listed := infos[doc]
		if !listed {
			d = DocInfo{ID: doc}
		}
		return listKey{d, listed}
	}
	var first firstHits
	var bound atomic.Pointer[listKey] // the last of the first, once they make limit
	beyond := func(k listKey) bool {
		b := bound.Load()
		return b != nil && k.compare(*b) > 0
	}
	err := search.RunSkipping(ctx, s, q, user, func(doc string) bool { return beyond(key(doc)) }, func(h search.Hits) error {
		k := key(h.Doc)
		if beyond(k) {
			return nil // found before the bound moved past it
		}
		heap.Push(&first, keptHit{k, h})
		first.matches += len(h.Matches)
		for first.matches-len(first.hits[0].h.Matches) >= limit {
			first.matches -= len(heap.Pop(&first).(keptHit).h.Matches)
		}
		if first.matches >= limit {
			last := first.hits[0].k
			bound.Store(&last)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(first.hits, func(a, b keptHit) int { return a.k.compare(b.k) })
	out := make([]search.Hits, len(first.hits))
	for i, k := range first.hits {
		out[i] = k.h
	}
	return out, nil
}

// listKey is where an article stands in the list: listed ones by
// CompareByDate, then those gone from it by ID.
type listKey struct {
	info   DocInfo
	listed bool
}

func (a listKey) compare(b listKey) int {
	switch {
	case a.listed && b.listed:
		return CompareByDate(a.info, b.info)
	case a.listed != b.listed:
		if a.listed {
			return -1
		}
		return 1
	}
	return strings.Compare(a.info.ID, b.info.ID)
}

type keptHit struct {
	k listKey
	h search.Hits
}

// firstHits is a heap of the hits kept, the last in list order on top,
// and their matches.
type firstHits struct {
	hits    []keptHit
	matches int
}

func (f *firstHits) Len() int           { return len(f.hits) }
func (f *firstHits) Less(i, j int) bool { return f.hits[i].k.compare(f.hits[j].k) > 0 }
func (f *firstHits) Swap(i, j int)      { f.hits[i], f.hits[j] = f.hits[j], f.hits[i] }
func (f *firstHits) Push(x any)         { f.hits = append(f.hits, x.(keptHit)) }
func (f *firstHits) Pop() any {
	x := f.hits[len(f.hits)-1]
	f.hits = f.hits[:len(f.hits)-1]
	return x
}

// inListOrder orders hits as the list orders their articles, those gone
// from it since last.
func (s *Store) inListOrder(ctx context.Context, hits []search.Hits) ([]search.Hits, error) {
	if len(hits) < 2 {
		return hits, nil
	}
	of := make(map[string]search.Hits, len(hits))
	for _, h := range hits {
		of[h.Doc] = h
	}
	var docs []DocInfo
	if err := s.Documents(ctx, func(d DocInfo) error {
		if _, ok := of[d.ID]; ok {
			docs = append(docs, d)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	SortByDate(docs)
	out := hits[:0:0]
	for _, d := range docs {
		out = append(out, of[d.ID])
		delete(of, d.ID)
	}
	for _, h := range hits { // found by the search, gone from the list since
		if _, ok := of[h.Doc]; ok {
			out = append(out, h)
		}
	}
	return out, nil
}
