package store

import (
	"fmt"
	"testing"

	"github.com/skein-news/skein/annotate"
)

// BenchmarkThreadEdit adds a member to a thread and takes it out again, as
// the window does on T and on a member's removal: per op, two changes.
// A thread of 3 members, and one of 1,000 (whose keys were all written on
// each change).
func BenchmarkThreadEdit(b *testing.B) {
	for _, n := range []int{3, 1000} {
		b.Run(fmt.Sprintf("members=%d", n), func(b *testing.B) {
			s := openTest(b)
			batch, th := bigThreadBatch(51, 1, n+1)
			if _, err := s.WriteBatch(ctx, batch); err != nil {
				b.Fatal(err)
			}
			extra := th.Members[n]
			th.Members = th.Members[:n]
			apply(b, s, annotate.PutThread("ana", "new thread", nil, th))
			grown := th.Clone()
			grown.Members = append(grown.Members, extra)
			b.ResetTimer()
			for b.Loop() {
				apply(b, s, annotate.PutThread("ana", "add", th, grown))
				apply(b, s, annotate.PutThread("ana", "remove", grown, th))
			}
		})
	}
}

// BenchmarkDeleteDocument deletes an article of 100 spans, in a thread
// with another article.
func BenchmarkDeleteDocument(b *testing.B) {
	s := openTest(b)
	keep := newDoc("kept", "2024-01-01", "The ministry denied it on Monday.")
	putDocs(b, s, keep)
	kept := newSpan(keep, "ana", "claim", 4, 12)
	apply(b, s, annotate.AddSpan("ana", kept))
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		batch, th := bigThreadBatch(uint64(1000+i), 1, 100)
		th.Members = append(th.Members[:5], annotate.Member{Doc: keep.ID, Span: kept.ID, Link: "repeats"})
		batch.Threads = []*annotate.Thread{th}
		if _, err := s.WriteBatch(ctx, batch); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := s.DeleteDocument(ctx, batch.Docs[0].ID); err != nil {
			b.Fatal(err)
		}
	}
}
