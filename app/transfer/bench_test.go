package transfer

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
)

var benchWords = strings.Fields(`the minister said that attacks in the province rose sharply after
the government announced deportation of undocumented Afghan nationals while officials in Kabul
denied that militants used Afghan soil to plan strikes across the border and analysts warned
that the security situation could worsen before elections according to a report by the institute
for conflict and security studies which counted casualties among soldiers police and civilians
Pakistan’s caretaker prime minister Kakar Taliban TTP Islamabad Peshawar Khyber Pakhtunkhwa —`)

// article makes a news-like article of about n bytes: sentences in
// paragraphs, with the curly quotes and dashes real articles carry.
func article(r *rand.Rand, n int) string {
	var b strings.Builder
	for b.Len() < n {
		words := 12 + r.Intn(14)
		for i := 0; i < words; i++ {
			w := benchWords[r.Intn(len(benchWords))]
			if i == 0 {
				rs := []rune(w)
				w = strings.ToUpper(string(rs[:1])) + string(rs[1:])
			} else {
				b.WriteByte(' ')
			}
			b.WriteString(w)
		}
		if r.Intn(4) == 0 {
			fmt.Fprintf(&b, " %d,%03d", 1+r.Intn(9), r.Intn(1000))
		}
		b.WriteString(". ")
		if r.Intn(5) == 0 {
			b.WriteString("\n\n")
		}
	}
	return b.String()
}

// corpusDir writes n articles of about 1.9 KB into a folder, once per size.
func corpusDir(b *testing.B, n int) string {
	b.Helper()
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("skein-bench-corpus-%d", n))
	if _, err := os.Stat(filepath.Join(dir, "done")); err == nil {
		return dir
	}
	os.RemoveAll(dir)
	r := rand.New(rand.NewSource(int64(n)))
	for i := 0; i < n; i++ {
		sub := filepath.Join(dir, fmt.Sprintf("%03d", i/1000))
		if i%1000 == 0 {
			if err := os.MkdirAll(sub, 0o755); err != nil {
				b.Fatal(err)
			}
		}
		text := fmt.Sprintf("Article %d\n\n%s\n", i, article(r, 1900))
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("%05d.txt", i)), []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(dir, "done"), nil, 0o644)
	return dir
}

// BenchmarkImport20k imports 20,000 articles (about 36 MB) from a folder
// into a new store, as `skein import DIR` does: read, check, index, write.
// Before each import it times the floor, a pass that walks the folder and
// reads every file and does nothing else, so the two are measured side by
// side under the same load: read-ms/op is that pass, x-read the import's
// time over it (the goal is at most 1.5).
func BenchmarkImport20k(b *testing.B) {
	benchImportFolder(b, corpusDir(b, 20000), 20000)
}

// BenchmarkImportUsenet imports, the same way and beside the same floor,
// a corpus laid out as the 20 Newsgroups one is: 18,846 posts of about
// 1.5 KB in 20 folders, named by number without an extension, each with a
// header and a quoted reply, and 31 with a stray escape or backspace.
func BenchmarkImportUsenet(b *testing.B) {
	benchImportFolder(b, usenetDir(b), usenetPosts)
}

const usenetPosts = 18846

// usenetDir writes the Usenet-like corpus once.
func usenetDir(b *testing.B) string {
	b.Helper()
	dir := filepath.Join(os.TempDir(), "skein-bench-usenet")
	if _, err := os.Stat(filepath.Join(dir, ".done")); err == nil {
		return dir
	}
	os.RemoveAll(dir)
	r := rand.New(rand.NewSource(20))
	for i := 0; i < usenetPosts; i++ {
		group := filepath.Join(dir, fmt.Sprintf("group.%02d", i%20))
		if i < 20 {
			if err := os.MkdirAll(group, 0o755); err != nil {
				b.Fatal(err)
			}
		}
		body := article(r, 1100)
		if i%600 == 0 {
			body = strings.Replace(body, " ", " \x1b[1m", 1) // a stray escape, kept as the code point it is
		}
		text := fmt.Sprintf("From: poster%d@example.org (Poster %d)\nSubject: Re: %s\nOrganization: Example University\nLines: %d\n\n> %s\n\n%s\n",
			i, i, strings.Join(strings.Fields(body)[:6], " "), 12+r.Intn(30), strings.Join(strings.Fields(body)[6:30], " "), body)
		if err := os.WriteFile(filepath.Join(group, fmt.Sprintf("%d", 50000+i)), []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(dir, ".done"), nil, 0o644)
	return dir
}

// benchImportFolder imports the folder dir of docs articles into a new
// store b.N times, timing before each import a pass that reads every
// file and does nothing else: read-ms/op is that pass, x-read the
// import's time over it (the goal is at most 1.5).
func benchImportFolder(b *testing.B, dir string, docs int) {
	var size int64
	filepath.Walk(dir, func(_ string, info os.FileInfo, _ error) error {
		if info != nil && !info.IsDir() {
			size += info.Size()
		}
		return nil
	})
	b.SetBytes(size)
	b.ReportAllocs()
	var read, readCPU time.Duration
	imp, impCPU := benchImport(b, dir, docs, 0, func() {
		start, c0 := time.Now(), cpuTime()
		n := 0
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") || d.Name() == "done" {
				return err
			}
			data, err := os.ReadFile(path)
			n += len(data)
			return err
		})
		if err != nil || n == 0 {
			b.Fatal(err)
		}
		read += time.Since(start)
		readCPU += cpuTime() - c0
	})
	b.ReportMetric(float64(read.Milliseconds())/float64(b.N), "read-ms/op")
	b.ReportMetric(float64(imp)/float64(read), "x-read")
	if readCPU > 0 {
		b.ReportMetric(float64(impCPU.Milliseconds())/float64(b.N), "cpu-ms/op")
		b.ReportMetric(float64(readCPU.Milliseconds())/float64(b.N), "read-cpu-ms/op")
	}
}

// benchImport imports path into a new store b.N times, checking that each
// import adds docs documents and writes spans spans, and returns the time
// the imports took, and the CPU time they used. before, if set, runs
// before each import, untimed. commits/op is the write transactions the
// store committed per import: a count the machine's load does not change.
func benchImport(b *testing.B, path string, docs, spans int, before func()) (took, cpu time.Duration) {
	var commits uint64
	defer func() { b.ReportMetric(float64(commits)/float64(b.N), "commits/op") }()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st, err := store.Open(b.TempDir(), store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		if before != nil {
			before()
			runtime.GC()
		}
		start, c0, n0 := time.Now(), cpuTime(), st.Commits()
		b.StartTimer()
		res, err := Import(context.Background(), st, []string{path}, ImportOptions{User: "bench"})
		b.StopTimer()
		took += time.Since(start)
		cpu += cpuTime() - c0
		commits += st.Commits() - n0
		if err != nil {
			b.Fatal(err)
		}
		if res.DocsAdded != docs || res.Spans != spans {
			b.Fatalf("imported %d documents and %d spans, want %d and %d", res.DocsAdded, res.Spans, docs, spans)
		}
		st.Close()
		b.StartTimer()
	}
	return took, cpu
}

// BenchmarkWalkFolder lists the 20,000 articles of BenchmarkImport20k, as
// an import does before it reads any (the walk, names and order).
func BenchmarkWalkFolder(b *testing.B) {
	dir := corpusDir(b, 20000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		found, _, problems := walkFolder(dir, "")
		if len(found) < 20000 || len(problems) > 0 {
			b.Fatalf("found %d files, problems %v", len(found), problems)
		}
	}
}

// exportStore builds a store of n articles with 10 spans each.
func exportStore(b *testing.B, n int) *store.Store {
	b.Helper()
	st, err := store.Open(b.TempDir(), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewSource(1))
	batch := &store.Batch{}
	for i := 0; i < n; i++ {
		text := article(r, 1900)
		d := &annotate.Document{ID: annotate.DocID(text), Title: fmt.Sprintf("Article %d", i), Source: fmt.Sprintf("%05d.txt", i), Date: "2024-01-01", Text: text}
		batch.Docs = append(batch.Docs, d)
		t := annotate.NewText(text)
		toks := annotate.Tokens(t)
		for k := 0; k < 10; k++ {
			tk := toks[(k*len(toks))/10]
			batch.Spans = append(batch.Spans, &annotate.Span{ID: annotate.NewID(), Doc: d.ID, Fragments: []annotate.Fragment{{Start: tk.Start, End: tk.End}},
				Label: annotate.DefaultLabels[k%4].Name, Annotator: "bench", Created: 1700000000000})
		}
		if len(batch.Docs) == 2000 {
			if _, err := st.WriteBatch(context.Background(), batch); err != nil {
				b.Fatal(err)
			}
			batch = &store.Batch{}
		}
	}
	if _, err := st.WriteBatch(context.Background(), batch); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}

type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// BenchmarkExport exports n articles with 10 spans each as skein's JSONL;
// MB/s is of JSONL written.
func BenchmarkExport(b *testing.B) { benchExport(b, false) }

// BenchmarkExportMemory runs the same export and, every 500 lines written,
// collects garbage and reads the live heap: live-growth-MB is how far the
// live heap rose above what the open store held before the export, and
// stays flat as the corpus grows four-fold. (A sampled peak of the heap
// including garbage would not: the garbage the collector lets pile up is a
// share of the store's own live heap, which grows with the corpus.)
func BenchmarkExportMemory(b *testing.B) { benchExport(b, true) }

// liveWriter collects garbage every 500 lines and keeps the highest live
// heap it sees.
type liveWriter struct {
	lines int
	max   uint64
}

func (l *liveWriter) Write(p []byte) (int, error) {
	l.lines += bytes.Count(p, []byte{'\n'})
	if l.lines >= 500 {
		l.lines = 0
		l.sample()
	}
	return len(p), nil
}

func (l *liveWriter) sample() {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	l.max = max(l.max, m.HeapAlloc)
}

func benchExport(b *testing.B, memory bool) {
	for _, n := range []int{5000, 20000} {
		b.Run(fmt.Sprintf("docs=%d", n), func(b *testing.B) {
			st := exportStore(b, n)
			var probe countingWriter
			if _, err := Export(context.Background(), st, &probe, ExportOptions{Annotators: []string{"bench"}}); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(probe.n)
			runtime.GC()
			var base runtime.MemStats
			runtime.ReadMemStats(&base)
			var w io.Writer = io.Discard
			live := &liveWriter{}
			if memory {
				w = live
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := Export(context.Background(), st, w, ExportOptions{Annotators: []string{"bench"}}); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			if memory {
				growth := 0.0
				if live.max > base.HeapAlloc {
					growth = float64(live.max-base.HeapAlloc) / (1 << 20)
				}
				b.ReportMetric(growth, "live-growth-MB")
			}
		})
	}
}

// BenchmarkImportBigArticle imports, as `skein import FILE` does, a JSONL
// file holding one article of 9.9 MB with 100,000 spans (one every ~100
// bytes, in two layers) into a new store.
func BenchmarkImportBigArticle(b *testing.B) {
	path := filepath.Join(b.TempDir(), "big.jsonl")
	r := rand.New(rand.NewSource(3))
	text := article(r, 9_900_000)
	d := &annotate.Document{ID: annotate.DocID(text), Title: "One big article", Source: "big.txt", Date: "2024-01-01", Text: text}
	toks := annotate.Tokens(annotate.NewText(text))
	const n = 100_000
	spans := make([]*annotate.Span, 0, n)
	for k := 0; k < n; k++ {
		tk := toks[(k*len(toks))/n]
		spans = append(spans, &annotate.Span{ID: annotate.NewID(), Doc: d.ID, Fragments: []annotate.Fragment{{Start: tk.Start, End: tk.End}},
			Label: annotate.DefaultLabels[k%4].Name, Annotator: []string{"ana", "ben"}[k%2], Created: 1700000000000})
	}
	annotate.SortSpans(spans)
	var buf bytes.Buffer
	jw := annotate.NewJSONLWriter(&buf)
	if err := jw.Write(annotate.EncodeDocLine(d, spans, nil, nil)); err != nil {
		b.Fatal(err)
	}
	if err := jw.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	benchImport(b, path, 1, n, nil)
}
