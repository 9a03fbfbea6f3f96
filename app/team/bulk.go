package team

import (
	"context"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime/trace"
	"slices"
	"sort"

	"github.com/skein-news/skein/app/transfer"
)

// bulkLayers reads, bucket by bucket, the layer files (<xx>.jsonl) of the
// colleagues whose layer the store has never held: what a first sync
// reads. One import takes every such colleague's file of one bucket, so
// that each article's span list is written once with all their spans,
// where reading one colleague after another rewrote it once per colleague
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
func (e *Engine) bulkLayers(ctx context.Context, dirs []*layerDir, rep *Report) (arrived map[string]*Arrival, err error) {
	known, err := e.st.Annotators()
	if err != nil {
		return nil, err
	}
	machines := map[string]int{}
	for _, ld := range dirs {
		machines[ld.annotator]++
	}
	owners := map[string]string{}
	buckets := map[string][]string{}
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
	if len(buckets) == 0 {
		return nil, nil
	}
	names := make([]string, 0, len(buckets))
	for name := range buckets {
		names = append(names, name)
	}
	sort.Strings(names)
	// One bulk load for them all: each span's ID is looked up once, for
	// the import's check and its write together, and not at all where
	// the store cannot hold it (a fresh store, or one whose span IDs the
	// bulk read at its start): see store.Bulk. A layer line carries a
	// span in about a hundred bytes.
	var size int64
	for _, rels := range buckets {
		for _, rel := range rels {
			if fi, err := os.Stat(filepath.Join(e.dir, filepath.FromSlash(rel))); err == nil {
				size += fi.Size()
			}
		}
	}
	bulk, err := e.st.NewBulk(ctx, int(size/100))
	if err != nil {
		return nil, err
	}
	// Each write left a pending record of the articles it wrote spans
	// into: their span IDs go into the store's index here, before the
	// threads that name them are read (a merge cut short is finished by
	// the next one, or the next start).
	fctx := ctx // not the one cancelled below when a bucket fails
	defer func() {
		defer trace.StartRegion(fctx, "team: bulk finish").End()
		if ferr := bulk.Finish(fctx); err == nil {
			err = ferr
		}
	}()
	// Two buckets are read at once, so that one is parsed while the other
	// is checked and written: each import's checks and its batch run on
	// one core. Their results are recorded in bucket order.
	arrived = map[string]*Arrival{}
	defer trace.StartRegion(ctx, "team: bulk pass").End()
	err = inTurn(ctx, len(names), func(ctx context.Context, i int) *anImport {
		rels := buckets[names[i]]
		sort.Strings(rels)
		// A resolver of its own: the articles of one bucket are looked
		// up once for all colleagues, and let go with it.
		return e.readImport(ctx, rels, transfer.NoAnnotations, owners, e.resolver(), bulk)
	}, func(i int, imp *anImport) error {
		res, err := imp.apply(e, rep)
		if err != nil || res == nil {
			return err
		}
		for _, rel := range buckets[names[i]] {
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
		rep.DocsAdded += res.DocsAdded
		return nil
	})
	return arrived, err
}

// inTurn reads n imports, read(ctx, i) for each i, atOnce of them at a
// time, and gives each to use in turn, in the order of i, as it is done:
// one is read (its files parsed on one core) while the one before it is
// checked and written (on the other). When use fails, inTurn cancels the
// reads not given yet, waits for those under way and returns the error.
func inTurn(ctx context.Context, n int, read func(ctx context.Context, i int) *anImport, use func(i int, imp *anImport) error) error {
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

// mergeArrivals adds what bulkLayers brought to the report's arrivals, one
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
