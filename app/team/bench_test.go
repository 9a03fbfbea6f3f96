package team

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"runtime/trace"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
)

// genFolder is GenFolder, failing b on an error.
func genFolder(b testing.TB, dir string, annotators, articles, spans int) {
	b.Helper()
	if err := GenFolder(dir, annotators, articles, spans); err != nil {
		b.Fatal(err)
	}
}

func folderSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

// heapPeak samples the heap's live objects and the memory resident that no
// file backs every few milliseconds until stopped, and then gives the most
// it saw of each: what a sync holds at once.
func heapPeak() (stop func() (heap, anon uint64)) {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak, anon uint64
	quit, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			anon = max(anon, anonRSS())
			select {
			case <-quit:
				return
			case <-t.C:
			}
		}
	}()
	return func() (uint64, uint64) { close(quit); <-done; return peak, anon }
}

// sizes: the last is the (minutes to set up; pick the others with -bench '/2x'); 10 × 2,000 against 2 × 2,000 shows what more colleagues cost; 10 × 10,000 is a quarter of the issue's, large enough for Badger's compactions to show.
var sizes = []struct{ annotators, articles int }{{2, 2000}, {10, 2000}, {5, 5000}, {10, 10000}, {20, 20000}}

// BenchmarkFirstSync reads a whole team folder into a fresh store (the
// issue's size is 20 annotators × 20,000 articles × 10 spans; see the
// README for what was measured here), then rescans it with nothing changed,
// and reports the folder's size against `skein export -all -threads`.
func BenchmarkFirstSync(b *testing.B) {
	for _, sz := range sizes {
		b.Run(fmt.Sprintf("%dx%d", sz.annotators, sz.articles), func(b *testing.B) {
			folder := benchFolder(b, sz.annotators, sz.articles)
			ctx := context.Background()
			var e *Engine
			var cpu time.Duration
			var peak, anon, allocs, objects, gcs, commits, written uint64
			gcm := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}, {Name: "/gc/cycles/total:gc-cycles"}, {Name: "/gc/heap/allocs:objects"}}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				st := openStore(b, b.TempDir())
				e = open(b, st, folder, "reader")
				b.StartTimer()
				c := cpuTime()
				heap := heapPeak()
				metrics.Read(gcm)
				a0, g0, o0, c0, w0 := gcm[0].Value.Uint64(), gcm[1].Value.Uint64(), gcm[2].Value.Uint64(), st.Commits(), diskWritten()
				stopProf := syncProfile(b)
				rep, err := e.Pull(ctx)
				stopProf()
				commits += st.Commits() - c0
				written += diskWritten() - w0
				metrics.Read(gcm)
				allocs += gcm[0].Value.Uint64() - a0
				gcs += gcm[1].Value.Uint64() - g0
				objects += gcm[2].Value.Uint64() - o0
				h, a := heap()
				peak, anon = max(peak, h), max(anon, a)
				cpu += cpuTime() - c
				if err != nil || len(rep.Refused) > 0 {
					b.Fatalf("pull: %v %v", err, rep.Refused)
				}
			}
			b.StopTimer()
			spans := sz.annotators * sz.articles * 10
			b.ReportMetric(float64(spans)/(float64(b.Elapsed().Seconds())/float64(b.N)), "spans/s")
			// On a busy machine the wall clock says more of the machine
			// than of the sync: the CPU it took, on all cores, says less.
			b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
			// The most the heap held during a sync (live objects and garbage
			// not yet collected): flat as the folder grows, or not.
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			// What the sync allocated, and the collections it caused:
			// load does not change them (the heap-peak sampler's own
			// share is a few KB).
			b.ReportMetric(float64(allocs)/(1<<20)/float64(b.N), "alloc-MB/op")
			b.ReportMetric(float64(gcs)/float64(b.N), "gcs/op")
			// Heap objects allocated for each span the folder holds.
			b.ReportMetric(float64(objects)/float64(spans)/float64(b.N), "allocs/span")
			b.ReportMetric(float64(commits)/float64(b.N), "commits/op")
			// What the sync wrote to disk, Badger's compactions included
			// (those that ran before Pull returned): a store whose
			// tables are rewritten many times over shows here.
			b.ReportMetric(float64(written)/(1<<20)/float64(b.N), "disk-write-MB/op")
			// Resident at most, since the process started: the Go heap,
			// Badger's tables and the folder's setup.
			b.ReportMetric(float64(maxRSS())/(1<<20), "maxrss-MB")
			// … and of it, what no file backs, at most during a sync: the
			// rest is Badger's files mapped into memory, which the kernel
			// can drop.
			b.ReportMetric(float64(anon)/(1<<20), "peak-anon-MB")
			// What the sync wrote to the store's disk: load does not change
			// it (a span list rewritten once per colleague shows here).
			b.ReportMetric(float64(folderSize(e.st.Dir()))/(1<<20), "store-MB")
			// Span IDs looked up one by one in the store, per span: the
			// checks' share of the sync, which load does not change.
			b.ReportMetric(float64(e.st.SpanIDLookups())/float64(spans), "lookups/span")
			var exp bytes.Buffer
			exp.WriteString(export(b, e.st))
			b.ReportMetric(float64(folderSize(folder))/float64(exp.Len()), "folder/export")
		})
	}
}

// syncProfile writes a CPU profile of the sync alone (not the folder's
// set-up, nor the export after it) to the file SKEIN_SYNC_PROFILE names,
// and an execution trace of it (where a core idles, which goroutine
// waits on which) to the file SKEIN_SYNC_TRACE names.
func syncProfile(b *testing.B) (stop func()) {
	var stops []func()
	record := func(env string, start func(io.Writer) error, stop func()) {
		name := os.Getenv(env)
		if name == "" {
			return
		}
		f, err := os.Create(name)
		if err != nil {
			b.Fatal(err)
		}
		if err := start(f); err != nil {
			b.Fatal(err)
		}
		stops = append(stops, func() { stop(); f.Close() })
	}
	record("SKEIN_SYNC_PROFILE", pprof.StartCPUProfile, pprof.StopCPUProfile)
	record("SKEIN_SYNC_TRACE", trace.Start, trace.Stop)
	return func() {
		for _, stop := range stops {
			stop()
		}
	}
}

// benchFolder is a team folder of annotators × articles × 10 spans,
// generated in a temporary folder, or, when SKEIN_SYNC_FOLDER names a
// folder, there once and read again by the next runs: old and new code
// can then be run in turn in the same minutes, without minutes of set-up
// each.
func benchFolder(b *testing.B, annotators, articles int) string {
	if d := os.Getenv("SKEIN_SYNC_FOLDER"); d != "" {
		folder, err := GenFolderOnce(d, annotators, articles)
		if err != nil {
			b.Fatal(err)
		}
		return folder
	}
	folder := b.TempDir()
	genFolder(b, folder, annotators, articles, 10)
	return folder
}

// BenchmarkRescanNoChange is a pass over a folder where nothing changed.
func BenchmarkRescanNoChange(b *testing.B) {
	for _, sz := range sizes {
		b.Run(fmt.Sprintf("%dx%d", sz.annotators, sz.articles), func(b *testing.B) {
			folder := b.TempDir()
			genFolder(b, folder, sz.annotators, sz.articles, 10)
			e := open(b, openStore(b, b.TempDir()), folder, "reader")
			ctx := context.Background()
			if _, err := e.Pull(ctx); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				rep, err := e.Pull(ctx)
				if err != nil || len(rep.Arrived) > 0 {
					b.Fatalf("rescan read something: %v %+v", err, rep)
				}
			}
		})
	}
}

// BenchmarkPublishOneChange: the own layer at 5,000 articles × 10 spans,
// one span added, written to the folder (what the window does ≤ 2 s after
// a key press, off the UI goroutine).
func BenchmarkPublishOneChange(b *testing.B) {
	b.Run("named", func(b *testing.B) { benchPublish(b, true) })
	b.Run("whole", func(b *testing.B) { benchPublish(b, false) })
}

// benchPublish: the window names the changed article (hinted); a write
// without a name reads the whole own layer.
func benchPublish(b *testing.B, hinted bool) {
	st, e, _, doc := ownLayer(b, 5000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		addOne(b, st, doc, i)
		if hinted {
			e.Changed(doc.ID) // as the window does
		}
		b.StartTimer()
		rep, err := e.Publish(context.Background())
		if err != nil || len(rep.Written) != 1 {
			b.Fatalf("publish: %v, wrote %v", err, rep.Written)
		}
	}
}

// BenchmarkPullOneChange: a colleague's layer of 20,000 articles × 10
// spans is in the store; they add one span, their window writes its layer
// file (about 80 articles), and the reader's engine reads it in: the part
// of "a colleague's arrived change is on screen ≤ 2 s" after the file
// arrives and before the window draws it.
func BenchmarkPullOneChange(b *testing.B) {
	ctx := context.Background()
	w, ew, folder, doc := ownLayer(b, 20000)
	er := open(b, openStore(b, b.TempDir()), folder, "reader")
	if _, err := er.Pull(ctx); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		addOne(b, w, doc, i)
		ew.Changed(doc.ID)
		if rep, err := ew.Publish(ctx); err != nil || len(rep.Written) != 1 {
			b.Fatalf("publish: %v, wrote %v", err, rep.Written)
		}
		b.StartTimer()
		rep, err := er.Pull(ctx)
		if err != nil || len(rep.Arrived) != 1 {
			b.Fatalf("pull: %v, arrived %+v", err, rep.Arrived)
		}
	}
}

// ownLayer makes a generated layer of articles × 10 spans a store's own,
// ann00's, written into a team folder of its own: the store, its engine
// on that folder, the folder and the store's first article.
func ownLayer(b *testing.B, articles int) (*store.Store, *Engine, string, *annotate.Document) {
	st := generated(b, articles, 10)
	ctx := context.Background()
	folder := b.TempDir()
	e := open(b, st, folder, "ann00")
	if _, err := e.Publish(ctx); err != nil {
		b.Fatal(err)
	}
	var doc *annotate.Document
	st.EachDocument(ctx, func(d *annotate.Document) error {
		if doc == nil {
			doc = d
		}
		return nil
	})
	return st, e, folder, doc
}

// generated is a store holding a generated layer of articles × spans,
// ann00's, read from a team folder of its own.
func generated(b *testing.B, articles, spans int) *store.Store {
	src := b.TempDir()
	genFolder(b, src, 1, articles, spans)
	st := openStore(b, b.TempDir())
	if _, err := open(b, st, src, "reader").Pull(context.Background()); err != nil {
		b.Fatal(err)
	}
	return st
}

// addOne adds the i-th span of a run to ann00's layer on doc.
func addOne(b *testing.B, st *store.Store, doc *annotate.Document, i int) {
	s := &annotate.Span{ID: annotate.NewID(), Doc: doc.ID, Annotator: "ann00", Label: "actor", Fragments: []annotate.Fragment{{Start: i % 100, End: i%100 + 3}}}
	if err := st.Apply(context.Background(), annotate.AddSpan("ann00", s)); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkPublishArticles: a store of 2,000 or 20,000 articles publishes
// them into an empty team folder (a first connect): each article's file
// written beside, renamed into articles/.
func BenchmarkPublishArticles(b *testing.B) {
	for _, n := range []int{2000, 20000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			st := generated(b, n, 1)
			ctx := context.Background()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				e := open(b, st, b.TempDir(), "ann01")
				b.StartTimer()
				rep, err := e.Publish(ctx)
				if err != nil || rep.Articles != n {
					b.Fatalf("publish: %v, wrote %d articles, want %d", err, rep.Articles, n)
				}
			}
		})
	}
}
