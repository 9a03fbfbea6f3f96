package team

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
)

// layerSpans counts the spans of each layer in st.
func layerSpans(t *testing.T, st interface {
	EachDocument(context.Context, func(*annotate.Document) error) error
	Spans(string) ([]*annotate.Span, error)
}) map[string]int {
	t.Helper()
	n := map[string]int{}
	err := st.EachDocument(context.Background(), func(d *annotate.Document) error {
		ss, err := st.Spans(d.ID)
		for _, s := range ss {
			n[s.Annotator]++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestFirstSyncReadsColleaguesTogether: a first sync reads every new
// colleague's file of a bucket in one import; a file holding someone
// else's work is refused by its name while the files beside it, read in
// the same import, arrive whole, and each colleague's arrival counts only
// their own spans and articles. Once the file is fixed, the next sync
// reads it (the colleague is known by then: one file at a time). The
// articles are read in chunks, all of them.
func TestFirstSyncReadsColleaguesTogether(t *testing.T) {
	folder := t.TempDir()
	const annotators, articles, spans = 3, 60, 4
	genFolder(t, folder, annotators, articles, spans)
	// ann01's first bucket file claims a span of ann02's.
	dir01 := filepath.Join(folder, "layers", "ann01", fmt.Sprintf("%016x", 2))
	ents, err := os.ReadDir(dir01)
	if err != nil {
		t.Fatal(err)
	}
	names := []string{}
	for _, e := range ents {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	bad := filepath.Join(dir01, names[0])
	good, err := os.ReadFile(bad)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Count(string(good), "\n")
	docsIn := lines // one document a line
	if err := os.WriteFile(bad, []byte(strings.Replace(string(good), `"annotator":"ann01"`, `"annotator":"ann02"`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(good), `"annotator":"ann01"`) {
		t.Fatalf("the generated line names no annotator as expected: %.200s", good)
	}

	// The articles arrive in imports of 7 files.
	st, e, rep := firstSyncInChunks(t, folder, 7)
	if rep.DocsAdded != articles {
		t.Errorf("%d articles added, want %d", rep.DocsAdded, articles)
	}
	rel := "layers/ann01/" + fmt.Sprintf("%016x", 2) + "/" + names[0]
	if len(rep.Refused) != 1 || !strings.Contains(rep.Refused[0].Error(), rel+":1:") || !strings.Contains(rep.Refused[0].Error(), "may hold only ann01's work") {
		t.Fatalf("refused %v, want %s line 1 refused for holding ann02's work", rep.Refused, rel)
	}
	got := layerSpans(t, st)
	want := map[string]int{"ann00": articles * spans, "ann01": (articles - docsIn) * spans, "ann02": articles * spans}
	for a, n := range want {
		if got[a] != n {
			t.Errorf("%s: got %d spans in the store, want %d (all: %v)", a, got[a], n, got)
		}
	}
	if len(got) != len(want) {
		t.Errorf("layers in the store: %v, want %v", got, want)
	}
	arrived := map[string]Arrival{}
	for _, a := range rep.Arrived {
		if _, dup := arrived[a.Annotator]; dup {
			t.Errorf("%s arrived twice in one report", a.Annotator)
		}
		arrived[a.Annotator] = a
	}
	for a, n := range want {
		docs := n / spans
		if arrived[a].Spans != n || len(arrived[a].Docs) != docs {
			t.Errorf("%s arrived with %d spans on %d articles, want %d on %d", a, arrived[a].Spans, len(arrived[a].Docs), n, docs)
		}
	}
	if arrived["ann01"].Files != len(names)-1 || arrived["ann00"].Files != len(names) {
		t.Errorf("files read: ann00 %d, ann01 %d; want %d and %d", arrived["ann00"].Files, arrived["ann01"].Files, len(names), len(names)-1)
	}

	// Nothing changed: nothing read.
	if rep, err := e.Pull(context.Background()); err != nil || len(rep.Arrived) > 0 || len(rep.Refused) != 1 {
		t.Fatalf("second pass: %v, arrived %v, refused %v", err, rep.Arrived, rep.Refused)
	}
	// Fixed: read now, as the known colleague's one file.
	if err := os.WriteFile(bad, good, 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err = e.Pull(context.Background())
	if err != nil || len(rep.Refused) > 0 {
		t.Fatalf("after the fix: %v, refused %v", err, rep.Refused)
	}
	if got := layerSpans(t, st); got["ann01"] != articles*spans {
		t.Fatalf("after the fix ann01 has %d spans, want %d", got["ann01"], articles*spans)
	}
	if len(rep.Arrived) != 1 || rep.Arrived[0].Annotator != "ann01" || rep.Arrived[0].Spans != docsIn*spans {
		t.Fatalf("after the fix arrived %+v, want ann01's %d spans", rep.Arrived, docsIn*spans)
	}
}

// A first sync into a fresh store looks up almost no span ID (the bulk's
// filter knows the store holds none but those the sync wrote), and still
// refuses, by file and line, a colleague's span that reuses the ID of
// another colleague's span, read from an earlier bucket, in another
// article.
func TestFirstSyncLooksUpOnlyWhatMayBeStored(t *testing.T) {
	folder := t.TempDir()
	const annotators, articles, spans = 2, 80, 4
	genFolder(t, folder, annotators, articles, spans)
	files := func(ann string) []string {
		dir := filepath.Join(folder, "layers", ann, fmt.Sprintf("%016x", map[string]int{"ann00": 1, "ann01": 2}[ann]))
		ents, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range ents {
			out = append(out, filepath.Join(dir, e.Name()))
		}
		sort.Strings(out)
		return out
	}
	idOf := func(line string) string {
		i := strings.Index(line, `"spans":[`)
		if i >= 0 {
			if j := strings.Index(line[i:], `"id":"`); j >= 0 {
				i += j
			} else {
				i = -1
			}
		}
		if i < 0 {
			t.Fatalf("no span id in %.200s", line)
		}
		return line[i+6 : i+6+strings.Index(line[i+6:], `"`)]
	}
	first, err := os.ReadFile(files("ann00")[0])
	if err != nil {
		t.Fatal(err)
	}
	taken := idOf(string(first))
	last := files("ann01")[len(files("ann01"))-1]
	body, err := os.ReadFile(last)
	if err != nil {
		t.Fatal(err)
	}
	mine := idOf(string(body))
	if err := os.WriteFile(last, []byte(strings.Replace(string(body), mine, taken, 1)), 0o644); err != nil {
		t.Fatal(err)
	}

	st := openStore(t, t.TempDir())
	e := open(t, st, folder, "reader")
	rep, err := e.Pull(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	rel, _ := filepath.Rel(folder, last)
	if len(rep.Refused) != 1 || !strings.Contains(rep.Refused[0].Error(), filepath.ToSlash(rel)+":1:") || !strings.Contains(rep.Refused[0].Error(), "span id "+taken+" is already used") {
		t.Fatalf("refused %v, want %s line 1 refused for reusing span %s", rep.Refused, rel, taken)
	}
	if sp, err := st.Span(taken); err != nil || sp.Annotator != "ann00" {
		t.Fatalf("span %s: %+v, %v; want ann00's", taken, sp, err)
	}
	got := layerSpans(t, st)
	if got["ann00"] != articles*spans {
		t.Errorf("ann00 has %d spans, want %d", got["ann00"], articles*spans)
	}
	// Every span was checked; about 1 % may be a filter's false hit, and
	// the refused file's spans are looked up again when read alone.
	if n, all := st.SpanIDLookups(), int64(annotators*articles*spans); n > all/10 {
		t.Errorf("%d span IDs looked up for %d spans new to a fresh store", n, all)
	}
}

// A first sync counts each colleague's articles (the lines of their layer
// files) from the import's own read of the files: the Team panel's count.
func TestFirstSyncCountsArticles(t *testing.T) {
	folder := t.TempDir()
	genFolder(t, folder, 2, 40, 3)
	e := open(t, openStore(t, t.TempDir()), folder, "reader")
	rep, err := e.Pull(context.Background())
	if err != nil || len(rep.Refused) > 0 {
		t.Fatalf("pull: %v %v", err, rep.Refused)
	}
	cs := e.Colleagues()
	if len(cs) != 2 {
		t.Fatalf("got %d colleagues, want 2: %+v", len(cs), cs)
	}
	for _, c := range cs {
		if c.Articles != 40 {
			t.Errorf("%s: %d articles, want 40", c.Annotator, c.Articles)
		}
	}
}

// firstSyncInChunks reads folder into a fresh store, its articles in
// imports of chunk files.
func firstSyncInChunks(t *testing.T, folder string, chunk int) (*store.Store, *Engine, *Report) {
	t.Helper()
	defer func(n int) { articleChunk = n }(articleChunk)
	articleChunk = chunk
	st := openStore(t, t.TempDir())
	e := open(t, st, folder, "reader")
	rep, err := e.Pull(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st, e, rep
}

// The articles of a first sync arrive in chunks read two at a time (one
// parsed while the one before it is written): a half-copied article is
// refused by its name while every other one arrives, in whichever chunk,
// and it is read once it is whole.
func TestFirstSyncArticleChunksInTurn(t *testing.T) {
	folder := t.TempDir()
	const articles = 20
	genFolder(t, folder, 0, articles, 0)
	ents, err := os.ReadDir(filepath.Join(folder, "articles"))
	if err != nil || len(ents) != articles {
		t.Fatalf("generated %d articles (%v), want %d", len(ents), err, articles)
	}
	bad := filepath.Join(folder, "articles", ents[articles/2].Name())
	whole, err := os.ReadFile(bad)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, whole[:len(whole)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	_, e, rep := firstSyncInChunks(t, folder, 3)
	if rep.DocsAdded != articles-1 {
		t.Errorf("%d articles added, want %d", rep.DocsAdded, articles-1)
	}
	if len(rep.Refused) != 1 || !strings.Contains(rep.Refused[0].Error(), "articles/"+ents[articles/2].Name()) {
		t.Fatalf("refused %v, want the half-copied articles/%s alone", rep.Refused, ents[articles/2].Name())
	}
	if err := os.WriteFile(bad, whole, 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err = e.Pull(context.Background())
	if err != nil || rep.DocsAdded != 1 || len(rep.Refused) != 0 {
		t.Fatalf("once whole: %v, %d articles added, refused %v; want it read", err, rep.DocsAdded, rep.Refused)
	}
}

// inTurn reads the next import while the one before it is used, no more
// than atOnce at a time, gives them in order, and, when one cannot be
// used, returns its error once the reads under way have ended.
func TestInTurn(t *testing.T) {
	started := make([]chan struct{}, 6)
	for i := range started {
		started[i] = make(chan struct{})
	}
	var used []int
	var reading, most atomic.Int32
	err := inTurn(context.Background(), len(started), atOnce, func(ctx context.Context, i int) *anImport {
		most.Store(max(most.Load(), reading.Add(1)))
		defer reading.Add(-1)
		close(started[i])
		time.Sleep(5 * time.Millisecond)
		return &anImport{}
	}, func(i int, imp *anImport) error {
		if i+1 < len(started) {
			select {
			case <-started[i+1]:
			case <-time.After(10 * time.Second):
				t.Errorf("import %d was not read while import %d was used", i+1, i)
			}
		}
		used = append(used, i)
		if i == 3 {
			return errors.New("disk full")
		}
		return nil
	})
	if err == nil || err.Error() != "disk full" {
		t.Fatalf("got %v, want the error using import 3 gave", err)
	}
	if fmt.Sprint(used) != "[0 1 2 3]" {
		t.Errorf("used %v, want 0 to 3 in order", used)
	}
	if n := reading.Load(); n != 0 {
		t.Errorf("%d reads still under way after inTurn returned", n)
	}
	if m := most.Load(); m > atOnce {
		t.Errorf("%d imports read at once, want at most %d", m, atOnce)
	}
}

// A first sync imports its articles beside the bulk pass: a bucket's
// layers are read once the articles of that bucket are in the store (a
// layer line always finds its article there), while later chunks of
// articles are still being written, and the articles' batches leave the
// bulk's filter of span IDs whole (no span is looked up one by one).
func TestFirstSyncArticlesBesideBuckets(t *testing.T) {
	const annotators, articles, spans = 3, 300, 3
	folder := t.TempDir()
	genFolder(t, folder, annotators, articles, spans)
	ents, err := os.ReadDir(filepath.Join(folder, "articles"))
	if err != nil || len(ents) != articles {
		t.Fatalf("generated %d articles (%v)", len(ents), err)
	}
	defer func(n int) { articleChunk = n }(articleChunk)
	articleChunk = 20
	st := openStore(t, t.TempDir())
	e := open(t, st, folder, "reader")
	var (
		mu             sync.Mutex // the hook runs on the pipeline's goroutines
		buckets, early int
	)
	defer func() { bucketHook = nil }()
	bucketHook = func(name string) {
		mu.Lock()
		defer mu.Unlock()
		buckets++
		for _, ent := range ents {
			id := strings.TrimSuffix(ent.Name(), ".jsonl")
			if id[:2] != name[:2] {
				continue
			}
			if ok, err := st.HasDocument(id); err != nil || !ok {
				t.Errorf("bucket %s read before its article %s was stored (%v)", name, id, err)
			}
		}
		n := 0
		if err := st.Documents(context.Background(), func(store.DocInfo) error { n++; return nil }); err != nil {
			t.Error(err)
		}
		if n < articles {
			early++
		}
	}
	rep, err := e.Pull(context.Background())
	if err != nil || len(rep.Refused) > 0 {
		t.Fatalf("pull: %v %v", err, rep.Refused)
	}
	if rep.DocsAdded != articles {
		t.Errorf("%d articles added, want %d", rep.DocsAdded, articles)
	}
	if buckets == 0 || early == 0 {
		t.Errorf("%d of %d buckets read before the last article was stored: want the bulk pass beside the articles", early, buckets)
	}
	got := layerSpans(t, st)
	for a := range annotators {
		if n := got[fmt.Sprintf("ann%02d", a)]; n != articles*spans {
			t.Errorf("ann%02d has %d spans, want %d", a, n, articles*spans)
		}
	}
	if n, all := st.SpanIDLookups(), int64(annotators*articles*spans); n > all/20 {
		t.Errorf("%d span IDs looked up for %d spans new to a fresh store: the articles dropped the bulk's filter", n, all)
	}
}

// pipeline puts each bucket after the chunks of articles that may hold
// its articles, and the next chunk before it.
func TestPipeline(t *testing.T) {
	chunk := func(ids ...string) []string {
		var out []string
		for _, id := range ids {
			out = append(out, "articles/"+id+"00000000000000.jsonl")
		}
		return out
	}
	chunks := [][]string{chunk("00", "0a", "10"), chunk("10", "10", "3f"), chunk("40", "41"), chunk("f0")}
	names := []string{"00.jsonl", "10.jsonl", "20.jsonl", "41.jsonl", "42.jsonl", "ff.jsonl"}
	got := fmt.Sprint(pipeline(chunks, names))
	want := "[{0 -1 0 0} {1 -1 0 0} {0 0 0 1} {2 -1 0 0} {0 1 0 2} {0 2 1 2} {3 -1 0 0} {0 3 2 3} {0 4 3 3} {0 5 4 4}]"
	if got != want {
		t.Errorf("pipeline:\n got %s\nwant %s", got, want)
	}
}

// A pull's first chunk of articles is small, the first bucket of layers
// waiting for it; the rest are of articleChunk, in order, every article
// once.
func TestArticleChunks(t *testing.T) {
	var docs []string
	for i := range 5000 {
		docs = append(docs, fmt.Sprintf("articles/%016x.jsonl", i))
	}
	chunks := articleChunks(docs)
	var sizes []int
	var all []string
	for _, c := range chunks {
		sizes = append(sizes, len(c))
		all = append(all, c...)
	}
	if got, want := fmt.Sprint(sizes), "[250 2000 2000 750]"; got != want {
		t.Errorf("chunks of %s articles, want %s", got, want)
	}
	if !slices.Equal(all, docs) {
		t.Errorf("the chunks hold other articles than those given, or in another order")
	}
	if n := len(articleChunks(docs[:1])); n != 1 {
		t.Errorf("one article in %d chunks", n)
	}
}
