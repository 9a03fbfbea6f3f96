package store

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate"
)

const (
	benchDocs    = 20000
	benchDocSize = 1900
)

var benchCorpus struct {
	docs  []*annotate.Document
	spans []*annotate.Span
	bytes int64
}

func corpus(b *testing.B) ([]*annotate.Document, []*annotate.Span, int64) {
	if benchCorpus.docs == nil {
		benchCorpus.docs, benchCorpus.spans = genCorpus(1, benchDocs, benchDocSize, 10, "ana", "ben")
		for _, d := range benchCorpus.docs {
			benchCorpus.bytes += int64(len(d.Text))
		}
	}
	return benchCorpus.docs, benchCorpus.spans, benchCorpus.bytes
}

// BenchmarkWriteBatch imports 20,000 articles of ~1.9 KB (36 MB) into a new
// store, with no spans and with 10 spans each.
func BenchmarkWriteBatch(b *testing.B) {
	docs, spans, size := corpus(b)
	for _, bc := range []struct {
		name  string
		batch *Batch
	}{
		{"docs", &Batch{Docs: docs}},
		{"docs+spans", &Batch{Docs: docs, Spans: spans}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			benchWriteBatch(b, bc.batch, BatchResult{DocsAdded: len(docs), SpansWritten: len(bc.batch.Spans)})
		})
	}
}

// benchWriteBatch writes batch into a new store b.N times, checking that
// each write gives want, and reports the CPU time it takes.
func benchWriteBatch(b *testing.B, batch *Batch, want BatchResult) {
	var cpu time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s, err := Open(b.TempDir(), Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		c0 := cpuTime()
		res, err := s.WriteBatch(context.Background(), batch)
		if err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - c0
		b.StopTimer()
		if res != want {
			b.Fatalf("got %+v, want %+v", res, want)
		}
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
}

func benchStore(b *testing.B) (*Store, []*annotate.Document, int64) {
	docs, spans, size := corpus(b)
	dir := b.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.WriteBatch(context.Background(), &Batch{Docs: docs, Spans: spans}); err != nil {
		b.Fatal(err)
	}
	// Closed and opened again: a store at rest, as a researcher searches
	// it. Left open, Badger's compaction of the 20,000 articles just
	// written ran through the benchmark's first seconds, on the cores it
	// measures.
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	if s, err = Open(dir, Options{}); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s, docs, size
}

// BenchmarkEachDocumentSpans reads the whole corpus the way an export does:
// every document and its spans.
func BenchmarkEachDocumentSpans(b *testing.B) {
	s, docs, size := benchStore(b)
	b.SetBytes(size)
	b.ReportAllocs()
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	c0 := cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n, nspans := 0, 0
		err := s.EachDocument(context.Background(), func(d *annotate.Document) error {
			spans, err := s.Spans(d.ID)
			n++
			nspans += len(spans)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
		if n != len(docs) || nspans != 10*len(docs) {
			b.Fatalf("got %d documents and %d spans, want %d and %d", n, nspans, len(docs), 10*len(docs))
		}
	}
	b.StopTimer()
	cpu := cpuTime() - c0
	runtime.ReadMemStats(&ms1)
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
	perDoc := float64(b.N) * float64(len(docs))
	b.ReportMetric(float64(ms1.Mallocs-ms0.Mallocs)/perDoc, "allocs/doc")
	b.ReportMetric(float64(ms1.TotalAlloc-ms0.TotalAlloc)/perDoc, "B/doc")
}

// BenchmarkDocuments lists 20,000 documents' infos in display order.
func BenchmarkDocuments(b *testing.B) {
	s, docs, _ := benchStore(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n := 0
		if err := s.Documents(context.Background(), func(DocInfo) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
		if n != len(docs) {
			b.Fatalf("got %d documents, want %d", n, len(docs))
		}
	}
}

// BenchmarkApply is the key press that adds a span to an article that
// already has 300: one Apply, durable when it returns. syncwrites lets
// Badger fsync each commit (the store's choice); syncafter commits without
// it and calls DB.Sync; nosync skips the fsync (the floor).
func BenchmarkApply(b *testing.B) {
	docs, spans := genCorpus(2, 20, benchDocSize, 300, "ana", "ben")
	for _, bc := range []struct {
		name       string
		syncWrites bool
		noSync     bool
	}{
		{"syncwrites", true, false},
		{"syncafter", false, false},
		{"nosync", true, true},
	} {
		b.Run(bc.name, func(b *testing.B) {
			defer func(v bool) { syncWrites = v }(syncWrites)
			syncWrites = bc.syncWrites
			s, err := Open(b.TempDir(), Options{NoSync: bc.noSync})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			if _, err := s.WriteBatch(context.Background(), &Batch{Docs: docs, Spans: spans}); err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				d := docs[i%len(docs)]
				sp := &annotate.Span{ID: annotate.NewID(), Doc: d.ID, Label: "claim", Annotator: "ana",
					Fragments: []annotate.Fragment{{Start: i % 1000, End: i%1000 + 12}}, Created: annotate.NowMillis()}
				if err := s.Apply(ctx, annotate.AddSpan("ana", sp)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSpansOfDocument is what opening an article in the window reads:
// the spans of every layer of one document with 300 spans.
func BenchmarkSpansOfDocument(b *testing.B) {
	docs, spans := genCorpus(9, 1, 20000, 300, "ana", "ben", "curated")
	s, err := Open(b.TempDir(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if _, err := s.WriteBatch(context.Background(), &Batch{Docs: docs, Spans: spans}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		got, err := s.Spans(docs[0].ID)
		if err != nil || len(got) != 300 {
			b.Fatalf("got %d spans, %v; want 300", len(got), err)
		}
	}
}

// BenchmarkWriteBatchBigArticle imports one article of 9.9 MB with 100,000
// spans into a new store: its span index keys do not fit in one
// transaction with it, so the batch takes the split way (writeGroupSplit).
func BenchmarkWriteBatchBigArticle(b *testing.B) {
	docs, spans := genCorpus(21, 1, 9_900_000, 100_000, "ana", "ben")
	b.SetBytes(int64(len(docs[0].Text)))
	benchWriteBatch(b, &Batch{Docs: docs, Spans: spans}, BatchResult{DocsAdded: 1, SpansWritten: len(spans)})
}

// BenchmarkBulkWrite is a first sync's write side at a tenth of the
// issue's size: 2,000 stored articles, 20 colleagues × 10 spans on each,
// written under one Bulk in buckets of 78 articles (the 20,000
// over 256 layer files), each checked (SpanDocs) and written, then
// Finish. It reports the commits, the CPU and what was allocated.
func BenchmarkBulkWrite(b *testing.B) {
	var names []string
	for i := range 20 {
		names = append(names, fmt.Sprintf("ann%02d", i))
	}
	docs, spans := genCorpus(13, 2000, 1900, 200, names...)
	var cpu, finish time.Duration
	var commits, written uint64
	var lookups int64
	breakdown := os.Getenv("SKEIN_BULK_BREAKDOWN") != ""
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		dir := b.TempDir()
		s, err := Open(dir, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.WriteBatch(ctx, &Batch{Docs: docs}); err != nil {
			b.Fatal(err)
		}
		var before keyKinds
		if breakdown {
			if before, err = storeKinds(s); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		w0, _ := diskWritten()
		c0, k0 := cpuTime(), s.Commits()
		bulk, err := s.NewBulk(ctx, len(spans))
		if err != nil {
			b.Fatal(err)
		}
		for at := 0; at < len(docs); at += 78 {
			end := min(at+78, len(docs))
			batch := &Batch{Docs: docs[at:end], Spans: spans[at*200 : end*200]}
			ids := make([]string, len(batch.Spans))
			for j, sp := range batch.Spans {
				ids[j] = sp.ID
			}
			for _, d := range batch.Docs {
				for _, n := range names {
					batch.Replace = append(batch.Replace, LayerStamp{Doc: d.ID, Annotator: n, Modified: 1764000000000})
				}
			}
			if err := bulk.Lock(); err != nil {
				b.Fatal(err)
			}
			if _, err := bulk.SpanDocs(ctx, ids); err != nil {
				b.Fatal(err)
			}
			res, err := bulk.WriteBatch(ctx, batch)
			bulk.Unlock()
			if err != nil || res.SpansWritten != len(batch.Spans) {
				b.Fatalf("%+v %v", res, err)
			}
		}
		if breakdown {
			b.StopTimer()
			kk, err := storeKinds(s)
			if err != nil {
				b.Fatal(err)
			}
			fmt.Fprintf(os.Stderr, "before the bulk load:\n%v\n", before)
			fmt.Fprintf(os.Stderr, "before Finish:\n%v%s\n", kk, dirSizes(dir))
			b.StartTimer()
		}
		f0 := time.Now()
		if err := bulk.Finish(ctx); err != nil {
			b.Fatal(err)
		}
		finish += time.Since(f0)
		cpu += cpuTime() - c0
		commits += s.Commits() - k0
		w1, _ := diskWritten()
		written += w1 - w0
		lookups += s.SpanIDLookups()
		b.StopTimer()
		if breakdown {
			kk, err := storeKinds(s)
			if err != nil {
				b.Fatal(err)
			}
			fmt.Fprintf(os.Stderr, "after Finish:\n%v%s\n", kk, dirSizes(dir))
		}
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
	// Finish's share of the wall time: the merge of the packed index,
	// which a first sync waits for after its last bucket.
	b.ReportMetric(finish.Seconds()*1000/float64(b.N), "finish-ms/op")
	// What the load wrote to disk (value log, memtable logs, tables and
	// the compactions that ran before Finish returned).
	b.ReportMetric(float64(written)/(1<<20)/float64(b.N), "disk-write-MB/op")
	b.ReportMetric(float64(commits)/float64(b.N), "commits/op")
	// Span IDs looked up in the store: the filter's false hits.
	b.ReportMetric(float64(lookups)/float64(b.N), "lookups/op")
}

// BenchmarkBulkFinish is Bulk.Finish alone at two fifths of the issue's
// first sync: 8,000 articles × 20 colleagues × 10 spans bulk-loaded in
// buckets of 78 articles (not timed), then merged into the pages. It
// reports Finish's CPU (the process's, while it runs), its commits, its
// allocations and the span lists it read again.
func BenchmarkBulkFinish(b *testing.B) {
	b.ReportAllocs()
	var names []string
	for i := range 20 {
		names = append(names, fmt.Sprintf("ann%02d", i))
	}
	docs, spans := genCorpus(17, 8000, 600, 200, names...)
	var cpu time.Duration
	var commits uint64
	var lists int64
	var inflight atomic.Int64 // the most page commits in flight as one was stamped
	pageStamping = func(n int, _ bool) { raise(&inflight, int64(n)) }
	defer func() { pageStamping = nil }()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s, err := Open(b.TempDir(), Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.WriteBatch(ctx, &Batch{Docs: docs}); err != nil {
			b.Fatal(err)
		}
		bulk, err := s.NewBulk(ctx, len(spans))
		if err != nil {
			b.Fatal(err)
		}
		for at := 0; at < len(docs); at += 78 {
			end := min(at+78, len(docs))
			if err := bulk.Lock(); err != nil {
				b.Fatal(err)
			}
			_, err := bulk.WriteBatch(ctx, &Batch{Spans: spans[at*200 : end*200]})
			bulk.Unlock()
			if err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		c0, k0 := cpuTime(), s.Commits()
		if err := bulk.Finish(ctx); err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - c0
		commits += s.Commits() - k0
		lists += s.pending.listsRead.Load()
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(commits)/float64(b.N), "commits/op")
	b.ReportMetric(float64(lists)/float64(b.N), "lists-read/op")
	b.ReportMetric(float64(inflight.Load()), "most-page-commits-in-flight")
}
