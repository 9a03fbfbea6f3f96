package store

import (
	"context"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate"
)

// latencyStore is a store as app/e2e BenchmarkLatency's window finds it:
// the 300 KB article with 5,000 spans, a 30 KB one with 500 and 1,000 small
// articles imported one after the other, each import a process of its own
// (the store closed after it), then opened again as the window opens it.
// It returns the store, its folder and the 300 KB article.
func latencyStore(b *testing.B, opt Options) (*Store, string, *annotate.Document) {
	b.Helper()
	dir := b.TempDir()
	big, bigSpans := genCorpus(18, 1, 300_000, 5000, "ana", "ben", "curated")
	small, smallSpans := genCorpus(19, 1, 30_000, 500, "ana")
	many, manySpans := genCorpus(20, 1000, 130, 1, "ana")
	for _, batch := range []*Batch{{Docs: small, Spans: smallSpans}, {Docs: big, Spans: bigSpans}, {Docs: many, Spans: manySpans}} {
		s, err := Open(dir, opt)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.WriteBatch(context.Background(), batch); err != nil {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
	s, err := Open(dir, opt)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s, dir, big[0]
}

// logFiles returns the highest numbers of Badger's memtable logs (.mem)
// and value-log files (.vlog) in dir: each new memtable and each value
// log's rotation takes the next number.
func logFiles(b *testing.B, dir string) (mem, vlog int) {
	b.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range ents {
		name, ext, ok := strings.Cut(e.Name(), ".")
		n, err := strconv.Atoi(name)
		if !ok || err != nil {
			continue
		}
		switch ext {
		case "mem":
			mem = max(mem, n)
		case "vlog":
			vlog = max(vlog, n)
		}
	}
	return mem, vlog
}

// BenchmarkKeyWriteTimes is the label key and its undo, one after the
// other, on the 300 KB article of a store as BenchmarkLatency's window
// finds it (latencyStore), each durable when it returns, and reports the
// spread of the writes' times, not only their mean: the median, the 99th
// percentile and the slowest (ms), and how many new memtables
// (mem-switches) and value-log files (vlog-rotations) the writes made
// Badger start — each is paid by the write that finds the old one full.
// It runs as the window writes (sync) and without the fsync (nosync), to
// tell the disk's share of the spread from the store's own work.
func BenchmarkKeyWriteTimes(b *testing.B) {
	for _, mode := range bigSyncModes {
		b.Run(mode.name, func(b *testing.B) { benchKeyWriteTimes(b, mode.opt) })
	}
}

func benchKeyWriteTimes(b *testing.B, opt Options) {
	s, dir, d := latencyStore(b, opt)
	ctx := context.Background()
	times := make([]time.Duration, 0, 2*b.N)
	mem0, vlog0 := logFiles(b, dir)
	if mem0 == 0 || vlog0 == 0 {
		b.Fatalf("no memtable log or value log in %s: Badger names its files otherwise, and the counts would say nothing", dir)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if err := s.Apply(ctx, annotate.AddSpan("ana", bigSpan(d, i))); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if _, err := s.Undo(ctx, "ana"); err != nil {
			b.Fatal(err)
		}
		times = append(times, t1.Sub(t0), time.Since(t1))
	}
	b.StopTimer()
	mem1, vlog1 := logFiles(b, dir)
	slices.Sort(times)
	ms := func(q float64) float64 {
		return float64(times[int(q*float64(len(times)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(ms(0.5), "p50-ms")
	b.ReportMetric(ms(0.99), "p99-ms")
	b.ReportMetric(ms(1), "max-ms")
	b.ReportMetric(float64(mem1-mem0), "mem-switches")
	b.ReportMetric(float64(vlog1-vlog0), "vlog-rotations")
}
