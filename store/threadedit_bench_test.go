package store

import (
	"fmt"
	"testing"
	"time"

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
			c0 := cpuTime()
			for b.Loop() {
				apply(b, s, annotate.PutThread("ana", "add", th, grown))
				apply(b, s, annotate.PutThread("ana", "remove", grown, th))
			}
			reportCPU(b, cpuTime()-c0)
		})
	}
}

// BenchmarkDeleteDocument deletes an article of 100 spans, in a thread
// with another article.
func BenchmarkDeleteDocument(b *testing.B) { benchDelete(b, 1000, func(*Store) int { return 100 }) }

// BenchmarkDeleteLargeDocument deletes an article of more spans than a
// transaction holds entries, in a thread with another article: the
// deletion in several transactions.
func BenchmarkDeleteLargeDocument(b *testing.B) {
	benchDelete(b, 2000, func(s *Store) int { return int(s.db.MaxBatchCount()) + 100 })
}

// benchDelete deletes, per op, an article of spans(s) spans, five of them
// in a thread with a span of another article; the articles are made from
// seeds from seed on.
func benchDelete(b *testing.B, seed uint64, spans func(*Store) int) {
	s := openTest(b)
	keep := newDoc("kept", "2024-01-01", "The ministry denied it on Monday.")
	putDocs(b, s, keep)
	kept := newSpan(keep, "ana", "claim", 4, 12)
	apply(b, s, annotate.AddSpan("ana", kept))
	n := spans(s)
	var cpu time.Duration
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		batch, th := bigThreadBatch(seed+uint64(i), 1, n)
		th.Members = append(th.Members[:5], annotate.Member{Doc: keep.ID, Span: kept.ID, Link: "repeats"})
		batch.Threads = []*annotate.Thread{th}
		if _, err := s.WriteBatch(ctx, batch); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		c0 := cpuTime()
		if err := s.DeleteDocument(ctx, batch.Docs[0].ID); err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - c0
	}
	reportCPU(b, cpu)
}

// reportCPU reports the process's CPU time over b.N ops, in ms an op.
func reportCPU(b *testing.B, cpu time.Duration) {
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// BenchmarkDeleteLargeThread deletes a thread of more members than a
// transaction holds entries by one change, and undoes it: per op, two
// changes, each in several transactions.
func BenchmarkDeleteLargeThread(b *testing.B) {
	s := openTest(b)
	batch, th := bigThreadBatch(61, 1, int(s.db.MaxBatchCount())+100)
	batch.Threads = []*annotate.Thread{th}
	if _, err := s.WriteBatch(ctx, batch); err != nil {
		b.Fatal(err)
	}
	c0 := cpuTime()
	for b.Loop() {
		apply(b, s, annotate.DeleteThread("ana", th))
		if _, err := s.Undo(ctx, "ana"); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpuTime()-c0)
}

// BenchmarkThreadMakeDelete makes a thread of 3 members and deletes it, as
// the window does: per op, two changes (the deletion leaves a tombstone,
// the next making looks for one).
func BenchmarkThreadMakeDelete(b *testing.B) {
	s := openTest(b)
	batch, th := bigThreadBatch(71, 1, 3)
	if _, err := s.WriteBatch(ctx, batch); err != nil {
		b.Fatal(err)
	}
	c0 := cpuTime()
	for b.Loop() {
		t := th.Clone()
		t.ID = annotate.NewID()
		apply(b, s, annotate.PutThread("ana", "new thread", nil, t))
		apply(b, s, annotate.PutThread("ana", "delete thread", t, nil))
	}
	reportCPU(b, cpuTime()-c0)
}
