package transfer

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/formats"
	"github.com/skein-news/skein/store"
)

// plan gathers everything read from the inputs before anything is written.
type plan struct {
	docs     map[string]*annotate.Document
	docOrder []string
	spans    map[string]*annotate.Span
	spanAt   map[string]where
	// spanOrder is p.spans' IDs in the order they were read (file by
	// file, line by line), with those left out since dropped by spanIDs.
	spanOrder []string
	// spanList is p.spans in spanOrder's order while no span was put
	// again under its ID (spanPut) nor left out: what the checks and the
	// batch walk without asking the map once a span (spansRead).
	spanList []*annotate.Span
	spanPut  bool
	threads  map[string]*annotate.Thread
	threadAt map[string]where
	// threadNamed holds the threads whose line names their annotator (a
	// thread line without one falls in -annotator's layer).
	threadNamed map[string]bool
	marks       map[[2]string]*annotate.Mark
	layers      map[[2]string]layerIn // (doc, annotator) -> what the file says of that layer
	named       map[[2]string]where   // layers a file names explicitly
	notes       []string
	present     int
	// fresh holds the IDs of spans and threads a format reader made up
	// (brat, doccano, Prodigy, Label Studio): see matchStored.
	fresh map[string]bool
	// worked holds the layers a file shows someone worked on, spans or
	// none (a brat .ann, a bundle's layer entry): see batch.
	worked map[[2]string]bool
	// newlines counts the line ends of each skein file read, by path.
	newlines map[string]int
}

type where struct {
	file string
	line int
}

type layerIn struct {
	modified int64
	at       where
}

func newPlan() *plan {
	return &plan{docs: map[string]*annotate.Document{}, spans: map[string]*annotate.Span{}, spanAt: map[string]where{},
		threads: map[string]*annotate.Thread{}, threadAt: map[string]where{}, threadNamed: map[string]bool{}, marks: map[[2]string]*annotate.Mark{},
		layers: map[[2]string]layerIn{}, named: map[[2]string]where{}, fresh: map[string]bool{}, worked: map[[2]string]bool{}}
}

func (p *plan) addDoc(d *annotate.Document) {
	if _, ok := p.docs[d.ID]; ok {
		p.present++
		return
	}
	p.docs[d.ID] = d
	p.docOrder = append(p.docOrder, d.ID)
}

// putSpan adds s, read at at, to the plan; a span with an ID already
// there takes its place (and its place in the order).
func (p *plan) putSpan(s *annotate.Span, at where) {
	if _, ok := p.spans[s.ID]; !ok {
		p.spanOrder = append(p.spanOrder, s.ID)
		p.spanList = append(p.spanList, s)
	} else {
		p.spanPut = true
	}
	p.spans[s.ID] = s
	p.spanAt[s.ID] = at
}

func (p *plan) addBatch(b *formats.Batch, name string) {
	for _, d := range b.Docs {
		p.addDoc(d)
	}
	for _, s := range b.Spans {
		p.putSpan(s, where{file: name})
		p.fresh[s.ID] = true
	}
	for _, t := range b.Threads {
		p.threads[t.ID] = t
		p.threadAt[t.ID] = where{file: name}
		p.fresh[t.ID] = true
	}
	for _, m := range b.Marks {
		p.marks[[2]string{m.Doc, m.Annotator}] = m
	}
	for _, k := range b.Worked {
		p.worked[k] = true
	}
	for _, n := range b.Notes {
		// Files read one after another each say "label ORG becomes user
		// label ORG": once is enough.
		if !slices.Contains(p.notes, n) {
			p.notes = append(p.notes, n)
		}
	}
}

// batch turns the plan into one store batch, deciding for each layer a
// bundle describes whether it replaces the stored one (the bundle is newer),
// is already there (the same time) or is older and left alone.
//
// A layer a file shows someone worked on without a span in it (an empty
// brat .ann) is stamped with the time now where the store has no time for
// it, so agreement counts the other annotator's spans there as misses.
func (p *plan) batch(st Store, now int64) (*store.Batch, int, error) {
	b := &store.Batch{}
	for _, id := range p.docOrder {
		b.Docs = append(b.Docs, p.docs[id])
	}
	skip := map[[2]string]bool{}
	replaced := 0
	lkeys := make([][2]string, 0, len(p.layers))
	for k := range p.layers {
		lkeys = append(lkeys, k)
	}
	slices.SortFunc(lkeys, cmpLayer)
	times, err := st.LayerTimes(lkeys)
	if err != nil {
		return nil, 0, err
	}
	for i, k := range lkeys {
		l := p.layers[k]
		have := times[i]
		switch {
		case l.modified > have:
			if have > 0 {
				replaced++
			}
			b.Replace = append(b.Replace, store.LayerStamp{Doc: k[0], Annotator: k[1], Modified: l.modified})
		case l.modified == have:
			skip[k] = true
		default:
			skip[k] = true
			p.notes = append(p.notes, fmt.Sprintf("%s:%d: %s's layer on document %s is older than the one in the store (%s < %s); kept the store's", l.at.file, l.at.line, k[1], k[0], annotate.FormatMillis(l.modified), annotate.FormatMillis(have)))
		}
	}
	// A line's spans are one layer's: the maps are asked once a run of
	// spans of one layer, not once a span.
	b.Spans = make([]*annotate.Span, 0, len(p.spans))
	withSpans := map[[2]string]bool{}
	var last [2]string
	skipLast := false
	for i, s := range p.spansRead() {
		if i == 0 || s.Doc != last[0] || s.Annotator != last[1] {
			last = [2]string{s.Doc, s.Annotator}
			if skipLast = skip[last]; !skipLast {
				withSpans[last] = true
			}
		}
		if !skipLast {
			b.Spans = append(b.Spans, s)
		}
	}
	tids := make([]string, 0, len(p.threads))
	for id := range p.threads {
		tids = append(tids, id)
	}
	sort.Strings(tids)
	for _, id := range tids {
		b.Threads = append(b.Threads, p.threads[id])
	}
	wkeys := make([][2]string, 0, len(p.worked))
	for k := range p.worked {
		if _, ok := p.layers[k]; !ok && !withSpans[k] {
			wkeys = append(wkeys, k)
		}
	}
	slices.SortFunc(wkeys, cmpLayer)
	if times, err = st.LayerTimes(wkeys); err != nil {
		return nil, 0, err
	}
	for i, k := range wkeys {
		if have := times[i]; have == 0 {
			b.Stamps = append(b.Stamps, store.LayerStamp{Doc: k[0], Annotator: k[1], Modified: now})
		}
	}
	for k, m := range p.marks {
		if !skip[k] {
			b.Marks = append(b.Marks, m)
		}
	}
	slices.SortFunc(b.Marks, func(x, y *annotate.Mark) int {
		return cmpLayer([2]string{x.Doc, x.Annotator}, [2]string{y.Doc, y.Annotator})
	})
	return b, replaced, nil
}

// cmpLayer orders layers (document, annotator) by document, then
// annotator: the order of their keys joined where document IDs have one
// length (skein's are 16 hex digits), without a join, which was an
// allocation for each comparison.
func cmpLayer(x, y [2]string) int {
	if c := strings.Compare(x[0], y[0]); c != 0 {
		return c
	}
	return strings.Compare(x[1], y[1])
}

// spanIDs returns the IDs of p.spans in the order they were read, a slice
// that stays as it is until the next call (deleting spans meanwhile is
// fine): the checks only ever leave spans out. The order is the files'
// and their lines', as deterministic as sorting the IDs and free: a first
// sync's bucket holds tens of thousands of spans, and sorting their IDs
// (UUIDs that share their first digits) was a tenth of the import's reading.
func (p *plan) spanIDs() []string {
	if len(p.spanOrder) == len(p.spans) {
		return p.spanOrder
	}
	kept := p.spanOrder[:0]
	for _, id := range p.spanOrder {
		if _, ok := p.spans[id]; ok {
			kept = append(kept, id)
		}
	}
	if len(kept) != len(p.spans) {
		// An ID put again after it was left out is in the order twice:
		// kept once, where it came first.
		seen := make(map[string]bool, len(p.spans))
		kept = slices.DeleteFunc(kept, func(id string) bool {
			dup := seen[id]
			seen[id] = true
			return dup
		})
	}
	p.spanOrder = kept
	return kept
}

// spansRead returns p.spans in the order they were read, as spanIDs gives
// their IDs, a slice that stays as it is until the next call. While no
// span was left out or put again under its ID, it is the list the reading
// built, and asks the map nothing: a first sync's bucket holds tens of
// thousands of spans, which the checks and the batch walk under the
// store's bulk lock (a map look-up a span was a third of their time).
func (p *plan) spansRead() []*annotate.Span {
	if !p.spanPut && len(p.spanList) == len(p.spans) && len(p.spanOrder) == len(p.spans) {
		return p.spanList
	}
	ids := p.spanIDs()
	list := make([]*annotate.Span, len(ids))
	for i, id := range ids {
		list[i] = p.spans[id]
	}
	p.spanList, p.spanPut = list, false
	return list
}
