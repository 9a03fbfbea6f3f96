package team

import (
	"context"
	"maps"
	"path"
	"runtime/pprof"
	"runtime/trace"
	"slices"
	"sort"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/transfer"
	"github.com/skein-news/skein/store"
)

// newWork reads what a pass found new: the articles the store lacks, in
// chunks of sorted IDs, and, bucket by bucket, the layer files (<xx>.jsonl)
// of the colleagues whose layer the store has never held (what a first
// sync reads), in one pipeline. A bucket is read once every chunk that
// holds its articles has been imported, so a layer line finds its article
// in the store, as it did when the bulk pass began after the last chunk;
// the next chunk is imported while the buckets before it are read, so the
// articles' writes no longer hold the bulk pass back. A chunk's batch has
// no span and leaves the bulk's filter of span IDs exact (store.Bulk).
//
// One import takes every such colleague's file of one bucket, so that
// each article's span list is written once with all their spans, where
// reading one colleague after another rewrote it once per colleague
// (growing with each: at 20 colleagues, ten times the spans written), and
// the import holds one bucket of articles at a time, not a colleague's
// whole layer. Each file is checked as `skein import` checks it, as its
// owner's alone, and refused alone. The files read are taken out of the
// folders' changed lists; their threads, curated layers and decisions are
// left there for importLayer, which reads them after these spans are in.
//
// A colleague with layers from two machines is left to importLayer, which
// reads each copy in an import of its own so that the newer layer on an
// article replaces the older (one import holding both would keep whichever
// it read last). So is a colleague whose layer the store already holds (a
// later change, or a first sync killed part-way and finished by the next
// start): importLayer tells the articles where their layer moved by its
// time before and after, and counts only the spans that changed, where
// here every span given counts, as it does in a layer the store lacked.
func (e *Engine) newWork(ctx context.Context, chunks [][]string, dirs []*layerDir, seen map[string]fileState, resolve func(string) (*annotate.Document, error), rep *Report) (arrived map[string]*Arrival, articles bool, err error) {
	names, buckets, owners, err := e.bulkBuckets(dirs)
	if err != nil {
		return nil, false, err
	}
	order := pipeline(chunks, names)
	var bulk *store.Bulk
	if len(names) > 0 {
		// One bulk load for them all: each span's ID is looked up once,
		// for the import's check and its write together, and not at all
		// where the store cannot hold it (a fresh store, or one whose
		// span IDs the bulk read at its start): see store.Bulk. A layer
		// line carries a span in about a hundred bytes.
		var size int64
		for _, rels := range buckets {
			for _, rel := range rels {
				size += seen[rel].Size
			}
		}
		if bulk, err = e.st.NewBulk(ctx, int(size/100)); err != nil {
			return nil, false, err
		}
		// Each write left a pending record of the articles it wrote spans
		// into: their span IDs go into the store's index here, before the
		// threads that name them are read (a merge cut short is finished
		// by the next one, or the next start).
		fctx := ctx // not the one cancelled below when a bucket fails
		defer func() {
			defer trace.StartRegion(fctx, "team: bulk finish").End()
			if ferr := bulk.Finish(fctx); err == nil {
				err = ferr
			}
		}()
	}
	// A chunk's end, for the buckets that wait on it: closed once its
	// import returned, failed[k] set before when it could not write.
	done := make([]chan struct{}, len(chunks))
	failed := make([]error, len(chunks))
	for k := range done {
		done[k] = make(chan struct{})
	}
	arrived = map[string]*Arrival{}
	defer trace.StartRegion(ctx, "team: new articles and layers").End()
	// Two buckets are read at once, so that one is parsed while the other
	// is checked and written: each import's checks and its batch run on
	// one core; a chunk of articles is read beside them. Their results
	// are recorded in order.
	err = inTurn(ctx, len(order), atOnce+min(1, len(chunks)), func(ctx context.Context, i int) *anImport {
		it := order[i]
		if it.bucket < 0 {
			var imp *anImport
			pprof.Do(ctx, pprof.Labels("team", "articles"), func(ctx context.Context) {
				defer trace.StartRegion(ctx, "team: articles").End()
				imp = e.readImport(ctx, chunks[it.chunk], transfer.NoAnnotations, nil, resolve, nil, seen)
			})
			failed[it.chunk] = imp.err
			close(done[it.chunk])
			return imp
		}
		for k := it.from; k < it.to; k++ {
			select {
			case <-done[k]:
			case <-ctx.Done():
				return &anImport{err: ctx.Err()}
			}
			if failed[k] != nil {
				return &anImport{err: failed[k]} // never used: the chunk's own error stops the pass first
			}
		}
		if bucketHook != nil {
			bucketHook(names[it.bucket])
		}
		rels := buckets[names[it.bucket]]
		sort.Strings(rels)
		// A resolver of its own: the articles of one bucket are looked
		// up once for all colleagues, and let go with it.
		return e.readImport(ctx, rels, transfer.NoAnnotations, owners, e.resolver(), bulk, seen)
	}, func(i int, imp *anImport) error {
		it := order[i]
		res, err := imp.apply(e, rep)
		if err != nil || res == nil {
			return err
		}
		rep.DocsAdded += res.DocsAdded
		if it.bucket < 0 {
			articles = true
			return nil
		}
		for _, rel := range buckets[names[it.bucket]] {
			if e.state.Files[rel].Refused != "" {
				continue
			}
			a := arrived[owners[rel]]
			if a == nil {
				a = &Arrival{Annotator: owners[rel]}
				arrived[owners[rel]] = a
			}
			a.Files++
		}
		for ann, l := range res.Layers {
			a := arrived[ann]
			if a == nil {
				continue // not one of the files' owners: import refuses that
			}
			a.Spans += l.Spans
			a.Docs = append(a.Docs, l.Docs...)
		}
		return nil
	})
	return arrived, articles, err
}

// bucketHook, when set (by a test), is called with a bucket's file name
// as its import begins.
var bucketHook func(name string)

// bulkBuckets takes out of dirs' changed lists the layer files the bulk
// pass reads (see newWork), by bucket: the buckets' file names, sorted,
// the files of each, and each file's owner.
func (e *Engine) bulkBuckets(dirs []*layerDir) (names []string, buckets map[string][]string, owners map[string]string, err error) {
	known, err := e.st.Annotators()
	if err != nil {
		return nil, nil, nil, err
	}
	machines := map[string]int{}
	for _, ld := range dirs {
		machines[ld.annotator]++
	}
	owners = map[string]string{}
	buckets = map[string][]string{}
	for _, ld := range dirs {
		if machines[ld.annotator] != 1 || slices.Contains(known, ld.annotator) {
			continue
		}
		var rest []string
		for _, rel := range ld.changed {
			name := path.Base(rel)
			if fileKind(name) != kindLayer {
				rest = append(rest, rel)
				continue
			}
			owners[rel] = ld.annotator
			buckets[name] = append(buckets[name], rel)
		}
		ld.changed = rest
	}
	names = slices.Sorted(maps.Keys(buckets))
	return names, buckets, owners, nil
}

// step is one import of newWork's pipeline: a chunk of articles (bucket
// -1), or a bucket of layers, which waits for the chunks from to to (end
// excluded), those that may hold its articles, to be imported.
type step struct {
	chunk, bucket int
	from, to      int
}

// pipeline orders the chunks of articles (slash paths, sorted) and the
// buckets (names, sorted) so that each bucket follows the chunks that hold
// its articles and the chunk after them: a chunk is imported while the
// buckets before it are read.
func pipeline(chunks [][]string, names []string) []step {
	first := func(k int) string { return path.Base(chunks[k][0])[:2] }
	last := func(k int) string { c := chunks[k]; return path.Base(c[len(c)-1])[:2] }
	var out []step
	placed := 0 // chunks in out
	place := func(n int) {
		for ; placed < min(n, len(chunks)); placed++ {
			out = append(out, step{chunk: placed, bucket: -1})
		}
	}
	lo := 0 // the first chunk that may hold the bucket's articles
	for j, name := range names {
		b := name[:2]
		for lo < len(chunks) && last(lo) < b {
			lo++
		}
		hi := lo // past the last chunk that may hold them
		for hi < len(chunks) && first(hi) <= b {
			hi++
		}
		place(hi + 1)
		out = append(out, step{bucket: j, from: lo, to: hi})
	}
	place(len(chunks))
	return out
}

// inTurn reads n imports, read(ctx, i) for each i, atOnce of them at a
// time (atOnce is most often the constant of that name), and gives each to use in turn, in the order of i, as it is done:
// one is read (its files parsed on one core) while the one before it is
// checked and written (on the other). When use fails, inTurn cancels the
// reads not given yet, waits for those under way and returns the error.
func inTurn(ctx context.Context, n, atOnce int, read func(ctx context.Context, i int) *anImport, use func(i int, imp *anImport) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := make([]chan *anImport, n)
	for i := range results {
		results[i] = make(chan *anImport, 1)
	}
	running := make(chan struct{}, atOnce)
	go func() {
		for i := range n {
			select {
			case running <- struct{}{}:
			case <-ctx.Done():
				results[i] <- &anImport{err: ctx.Err()}
				continue
			}
			go func() {
				defer func() { <-running }()
				background() // below the window's keys (procsync_linux.go)
				results[i] <- read(ctx, i)
			}()
		}
	}()
	for i := range n {
		if err := use(i, <-results[i]); err != nil {
			cancel()
			for _, r := range results[i+1:] {
				<-r // the imports under way end before the pass does
			}
			return err
		}
	}
	return nil
}

// atOnce is how many imports inTurn reads at once.
const atOnce = 2

// mergeArrivals adds what newWork brought to the report's arrivals, one
// per colleague.
func mergeArrivals(rep *Report, bulk map[string]*Arrival) {
	for _, ann := range slices.Sorted(maps.Keys(bulk)) {
		b := bulk[ann]
		if b.Spans == 0 && b.Files == 0 && len(b.Docs) == 0 {
			continue
		}
		i := slices.IndexFunc(rep.Arrived, func(a Arrival) bool { return a.Annotator == ann })
		if i < 0 {
			sort.Strings(b.Docs)
			rep.Arrived = append(rep.Arrived, *b)
			continue
		}
		a := &rep.Arrived[i]
		a.Spans += b.Spans
		a.Files += b.Files
		a.Docs = append(a.Docs, b.Docs...)
		sort.Strings(a.Docs)
		a.Docs = slices.Compact(a.Docs)
	}
}
