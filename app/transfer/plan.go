package transfer

import (
	"fmt"
	"slices"
	"sort"

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
	// spanOrder is p.spans' IDs in order, as spanIDs last sorted them.
	spanOrder []string
	threads   map[string]*annotate.Thread
	threadAt  map[string]where
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

func (p *plan) addBatch(b *formats.Batch, name string) {
	for _, d := range b.Docs {
		p.addDoc(d)
	}
	for _, s := range b.Spans {
		p.spans[s.ID] = s
		p.spanAt[s.ID] = where{file: name}
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
	sort.Slice(lkeys, func(i, j int) bool { return lkeys[i][0]+lkeys[i][1] < lkeys[j][0]+lkeys[j][1] })
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
	for _, id := range p.spanIDs() {
		s := p.spans[id]
		if !skip[[2]string{s.Doc, s.Annotator}] {
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
	withSpans := map[[2]string]bool{}
	for _, s := range b.Spans {
		withSpans[[2]string{s.Doc, s.Annotator}] = true
	}
	wkeys := make([][2]string, 0, len(p.worked))
	for k := range p.worked {
		if _, ok := p.layers[k]; !ok && !withSpans[k] {
			wkeys = append(wkeys, k)
		}
	}
	sort.Slice(wkeys, func(i, j int) bool { return wkeys[i][0]+wkeys[i][1] < wkeys[j][0]+wkeys[j][1] })
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
	sort.Slice(b.Marks, func(i, j int) bool { return b.Marks[i].Doc+b.Marks[i].Annotator < b.Marks[j].Doc+b.Marks[j].Annotator })
	return b, replaced, nil
}

// spanIDs returns the IDs of p.spans in order, a slice that stays as it
// is until the next call (deleting spans meanwhile is fine). The checks only ever leave
// spans out, so the order sorted by the first call stays true for the
// next ones with the IDs left out skipped; should the spans have grown
// since, they are sorted again. A first sync's bucket holds tens of
// thousands of spans, which the three checks and the batch each sorted.
func (p *plan) spanIDs() []string {
	kept := p.spanOrder[:0]
	for _, id := range p.spanOrder {
		if _, ok := p.spans[id]; ok {
			kept = append(kept, id)
		}
	}
	p.spanOrder = kept
	if len(kept) == len(p.spans) {
		return kept
	}
	p.spanOrder = sortedIDs(p.spans)
	return p.spanOrder
}
