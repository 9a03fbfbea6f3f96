package store

import (
	"context"
	"runtime"
	"testing"
	"time"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/skein-news/skein/annotate"
)

// bigDoc opens a store holding the article of issue 18's latency
// benchmark: about 300 KB of text with 5,000 spans in three layers.
func bigDoc(b *testing.B, opt Options) (*Store, *annotate.Document) {
	b.Helper()
	docs, spans := genCorpus(18, 1, 300_000, 5000, "ana", "ben", "curated")
	s, err := Open(b.TempDir(), opt)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if _, err := s.WriteBatch(context.Background(), &Batch{Docs: docs, Spans: spans}); err != nil {
		b.Fatal(err)
	}
	return s, docs[0]
}

// bigSpan is the span a label key adds on the article: two words somewhere
// in it, in ana's layer.
func bigSpan(d *annotate.Document, i int) *annotate.Span {
	start := (i * 7919) % (len(d.Text) - 40) // ASCII text: bytes are code points
	return &annotate.Span{ID: annotate.NewID(), Doc: d.ID, Label: testLabels[i%len(testLabels)], Annotator: "ana",
		Fragments: []annotate.Fragment{{Start: start, End: start + 12}}, Created: annotate.NowMillis()}
}

// opMeter sums, over the operations it is started and stopped around, the
// CPU time (all threads), the bytes the process dirtied for the disk
// (/proc/self/io) and the allocations: measures that other work on the
// machine does not change.
type opMeter struct {
	cpu          time.Duration
	disk         uint64
	diskOK       bool
	ms0          runtime.MemStats
	c0           time.Duration
	d0           uint64
	mallocs, mem uint64
}

func (m *opMeter) start() {
	runtime.ReadMemStats(&m.ms0)
	m.d0, m.diskOK = diskWritten()
	m.c0 = cpuTime()
}

func (m *opMeter) stop() {
	m.cpu += cpuTime() - m.c0
	d1, ok := diskWritten()
	m.diskOK = m.diskOK && ok
	m.disk += d1 - m.d0
	var ms1 runtime.MemStats
	runtime.ReadMemStats(&ms1)
	m.mallocs += ms1.Mallocs - m.ms0.Mallocs
	m.mem += ms1.TotalAlloc - m.ms0.TotalAlloc
}

func (m *opMeter) report(b *testing.B) {
	n := float64(b.N)
	b.ReportMetric(float64(m.cpu.Microseconds())/1000/n, "cpu-ms/op")
	if m.diskOK {
		b.ReportMetric(float64(m.disk)/1024/n, "disk-KB/op")
	}
	b.ReportMetric(float64(m.mallocs)/n, "mallocs/op")
	b.ReportMetric(float64(m.mem)/1024/n, "alloc-KB/op")
}

// bigSyncModes are the two ways the big benchmarks run: as the window
// does (sync: durable when the call returns) and without the fsync
// (Options.NoSync), to tell the fsync from the rest.
var bigSyncModes = []struct {
	name string
	opt  Options
}{{"sync", Options{}}, {"nosync", Options{NoSync: true}}}

// BenchmarkApplyOneSpanBig is the label key on the 300 KB article with
// 5,000 spans: one span added, durable when Apply returns, with its undo
// entry.
func BenchmarkApplyOneSpanBig(b *testing.B) {
	for _, mode := range bigSyncModes {
		b.Run(mode.name, func(b *testing.B) {
			s, d := bigDoc(b, mode.opt)
			ctx := context.Background()
			var m opMeter
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				c := annotate.AddSpan("ana", bigSpan(d, i))
				m.start()
				if err := s.Apply(ctx, c); err != nil {
					b.Fatal(err)
				}
				m.stop()
			}
			b.StopTimer()
			m.report(b)
		})
	}
}

// BenchmarkUndoOneSpanBig is the undo of that label key: each round adds
// a span (not timed) and undoes it.
func BenchmarkUndoOneSpanBig(b *testing.B) {
	for _, mode := range bigSyncModes {
		b.Run(mode.name, func(b *testing.B) {
			s, d := bigDoc(b, mode.opt)
			ctx := context.Background()
			var m opMeter
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				if err := s.Apply(ctx, annotate.AddSpan("ana", bigSpan(d, i))); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				m.start()
				if _, err := s.Undo(ctx, "ana"); err != nil {
					b.Fatal(err)
				}
				m.stop()
			}
			b.StopTimer()
			m.report(b)
		})
	}
}

// BenchmarkSpansOfBigDocument is what opening the 300 KB article reads:
// all 5,000 spans of every layer, from its list alone (list) and from its
// list with a tail of 50 added and 10 removed spans merged in (tail).
func BenchmarkSpansOfBigDocument(b *testing.B) {
	for _, withTail := range []bool{false, true} {
		name := "list"
		if withTail {
			name = "tail"
		}
		b.Run(name, func(b *testing.B) {
			s, d := bigDoc(b, Options{})
			want := 5000
			if withTail {
				spans, err := s.Spans(d.ID)
				if err != nil {
					b.Fatal(err)
				}
				for i := 0; i < 50; i++ {
					if err := s.Apply(context.Background(), annotate.AddSpan("ana", bigSpan(d, i))); err != nil {
						b.Fatal(err)
					}
				}
				if err := s.Apply(context.Background(), annotate.DeleteSpans("ana", spans[100:110], nil)); err != nil {
					b.Fatal(err)
				}
				want += 40
				doc, _ := docBytes(d.ID)
				if err := s.view(func(txn *badger.Txn) error { _, err := txn.Get(docKey(pSpanTail, doc)); return err }); err != nil {
					b.Fatalf("no tail: %v", err)
				}
			}
			var m opMeter
			b.ResetTimer()
			m.start()
			for i := 0; i < b.N; i++ {
				got, err := s.Spans(d.ID)
				if err != nil || len(got) != want {
					b.Fatalf("got %d spans, %v; want %d", len(got), err, want)
				}
			}
			m.stop()
			b.StopTimer()
			m.report(b)
		})
	}
}
