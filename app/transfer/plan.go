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
	// The spans read, in the order read (file by file, line by line):
	// spanList[i], read at spanAt[i], nil once left out; spanIdx gives an
	// ID's place, kept when the span is left out, so that a span put
	// again under its ID takes its first place again. One map a span,
	// asked once a span as a file is taken in, where a map of the spans,
	// a map of their places and a list of their IDs were kept: a first
	// sync's imports take four million spans (see span, putSpan, dropSpan).
	spanIdx  map[string]int
	spanList []*annotate.Span
	spanAt   []where
	spanGone int // spans of spanList left out
	// live and liveIDs are what spansRead and spanIDs last gave, until a
	// span is put or left out.
	live    []*annotate.Span
	liveIDs []string
	// idsRoom is room for spanIDs' first list (spanTables).
	idsRoom  []string
	threads  map[string]*annotate.Thread
	threadAt map[string]where
	// threadNamed holds the threads whose line names their annotator (a
	// thread line without one falls in -annotator's layer).
	threadNamed map[string]bool
	marks       map[[2]string]*annotate.Mark
	layers      map[[2]string]layerIn // (doc, annotator) -> what the file says of that layer
	lkeys       [][2]string           // the keys of layers, sorted (prepareBatch), nil when not yet
	named       map[[2]string]where   // layers a file names explicitly
	notes       formats.ImportNotes
	unknown     []UnknownField // the fields of skein's JSONL not read, as notes name them
	present     int
	// folder is the annotator's folder being read (-layers-from-folders),
	// docFolder the one that brought each article first, and inFolders
	// counts the articles read again from another annotator's folder: each
	// folder holds the texts its annotator worked on, so those repeats are
	// the layout, not a problem, and are said apart from present.
	folder    string
	docFolder map[string]string
	inFolders int
	// fresh holds the IDs of spans and threads a format reader made up
	// (brat, doccano, Prodigy, Label Studio): see matchStored.
	fresh map[string]bool
	// worked holds the layers a file shows someone worked on, spans or
	// none (a brat .ann, a bundle's layer entry): see batch.
	worked map[[2]string]bool
	// newlines counts the line ends of each skein file read, by path.
	newlines map[string]int
	// threadIDs lists the IDs of each skein file's thread lines, by path.
	threadIDs map[string][]string
	// doccano is what doccano files, which name no annotator, hold in
	// common: see doccanoFiles.
	doccano doccanoFiles
	// beside are the spans a format reader made up added at the place of
	// a stored span of their layer with another label (findBeside).
	beside []besidePair
	// matched holds the IDs of the spans a format reader made up that
	// matchStored found stored already, under the stored span's ID.
	matched map[string]bool
	// keepKept says to gather keptSpans: the spans read in layers kept as
	// the store has them (no newer in the files), for keptNote. A team
	// folder's imports do not: a layer kept there is a colleague's
	// unchanged file.
	keepKept  bool
	keptSpans []*annotate.Span
	// keptUntimed are the spans left out where the store holds their IDs
	// in the same layer, another's than the importer's, with other
	// content, and the files give that layer no time (checkSpanIDs): the
	// stored ones stay, and keptNote says so.
	keptUntimed []*annotate.Span
	// keptThreads are the IDs of the threads left out where the store
	// holds them in the same layer, another's than the importer's, with
	// other content, and the files' copies are no newer (checkThreadIDs),
	// and keptThreadOwner their layers.
	keptThreads     []string
	keptThreadOwner map[string]string
	// batches counts the batches of format readers added; freshSpans and
	// freshThreads are the batch each of their spans and threads came in,
	// by layer and signature; sameSpans and sameThreads hold, for each
	// left out as another batch's (addBatch), the ID of the one kept: it
	// is said as imported once only if that one is stored (sameCounts).
	batches                int
	freshSpans             map[string]freshFrom
	freshThreads           map[string]freshFrom
	sameSpans, sameThreads []string
}

// freshKey is what makes a span a format reader brought the same as one
// another brought: its article, its layer and spanSig.
func freshKey(s *annotate.Span) string {
	return s.Doc + "\x00" + s.Annotator + "\x00" + spanSig(s)
}

// freshFrom is the span a format reader's batch brought, and which batch.
type freshFrom struct {
	id    string
	batch int
}

// doccanoFiles tells which doccano file brought each article first, and
// how many articles each pair of files shares. doccano exports one file
// per user (admin.jsonl, carol.jsonl), none naming its user: imported
// together, every user's spans go into one layer, which a folder of them
// did in silence.
type doccanoFiles struct {
	first map[string]string // document ID → the file that brought it first
	both  map[[2]string]int // (earlier file, later file) → articles in both
	pairs [][2]string       // the keys of both, in the order met
}

// add notes the articles of a doccano file.
func (d *doccanoFiles) add(b *formats.Batch, file string) {
	if d.first == nil {
		d.first, d.both = map[string]string{}, map[[2]string]int{}
	}
	for _, doc := range b.Docs {
		first, ok := d.first[doc.ID]
		if !ok {
			d.first[doc.ID] = file
			continue
		}
		if first == file {
			continue
		}
		k := [2]string{first, file}
		if d.both[k] == 0 {
			d.pairs = append(d.pairs, k)
		}
		d.both[k]++
	}
}

// notes says, for each pair of doccano files holding the same articles,
// that their spans went into one layer, and how to keep them apart.
func (d *doccanoFiles) notes(layer string) []string {
	var out []string
	for _, k := range d.pairs {
		same := "the same " + annotate.Count(d.both[k], "article")
		if d.both[k] == 1 {
			same = "the same article"
		}
		out = append(out, fmt.Sprintf("doccano: %s and %s hold %s and name no annotator: the spans of both went into one layer (%s); if each file is one annotator's work (doccano exports a file per user), import each into its own layer: skein import -annotator NAME FILE",
			k[0], k[1], same, layer))
	}
	return out
}

type where struct {
	file string
	line int
}

// String is w as a message names it, file:line (the file alone where
// line is 0), the file quoted where its name holds a line break or
// U+202E (annotate.FileName), as a problem names it: a brat .ann named
// so forged a line of the import's notes.
func (w where) String() string {
	if w.line == 0 {
		return annotate.FileName(w.file)
	}
	return fmt.Sprintf("%s:%d", annotate.FileName(w.file), w.line)
}

type layerIn struct {
	modified int64
	at       where
}

func newPlan() *plan {
	return &plan{docs: map[string]*annotate.Document{}, spanIdx: map[string]int{},
		threads: map[string]*annotate.Thread{}, threadAt: map[string]where{}, threadNamed: map[string]bool{}, marks: map[[2]string]*annotate.Mark{},
		layers: map[[2]string]layerIn{}, named: map[[2]string]where{}, fresh: map[string]bool{}, worked: map[[2]string]bool{}}
}

func (p *plan) addDoc(d *annotate.Document) {
	if _, ok := p.docs[d.ID]; ok {
		if first := p.docFolder[d.ID]; p.folder != "" && first != "" && first != p.folder {
			p.inFolders++
		} else {
			p.present++
		}
		return
	}
	if p.folder != "" {
		if p.docFolder == nil {
			p.docFolder = map[string]string{}
		}
		p.docFolder[d.ID] = p.folder
	}
	p.docs[d.ID] = d
	p.docOrder = append(p.docOrder, d.ID)
}

// span gives the span read under id, unless it was left out.
func (p *plan) span(id string) (*annotate.Span, bool) {
	if i, ok := p.spanIdx[id]; ok && p.spanList[i] != nil {
		return p.spanList[i], true
	}
	return nil, false
}

// spanWhere is where the span read under id was read.
func (p *plan) spanWhere(id string) where {
	if i, ok := p.spanIdx[id]; ok {
		return p.spanAt[i]
	}
	return where{}
}

// spanCount is how many spans the plan holds.
func (p *plan) spanCount() int { return len(p.spanList) - p.spanGone }

// putSpan adds s, read at at, to the plan; a span with an ID already
// there, or left out, takes its place (its first place in the order).
func (p *plan) putSpan(s *annotate.Span, at where) {
	i, ok := p.spanIdx[s.ID]
	p.putSpanAt(i, ok, s, at)
}

// putSpanAt is putSpan where the caller asked the map already: i is s.ID's
// place when known.
func (p *plan) putSpanAt(i int, known bool, s *annotate.Span, at where) {
	p.live, p.liveIDs = nil, nil
	if known {
		if p.spanList[i] == nil {
			p.spanGone--
		}
		p.spanList[i], p.spanAt[i] = s, at
		return
	}
	p.spanIdx[s.ID] = len(p.spanList)
	p.spanList = append(p.spanList, s)
	p.spanAt = append(p.spanAt, at)
}

// dropSpan leaves out the span read under id.
func (p *plan) dropSpan(id string) {
	if i, ok := p.spanIdx[id]; ok && p.spanList[i] != nil {
		p.spanList[i] = nil
		p.spanGone++
		p.live, p.liveIDs = nil, nil
	}
}

// addBatch adds what a format reader read of in. A span is placed where
// the reader says it read it, named as in's problems are (fileName), or
// at in where the reader does not say.
func (p *plan) addBatch(b *formats.Batch, in input) {
	name := in.label()
	for _, d := range b.Docs {
		p.addDoc(d)
	}
	// A span another file brought into the same layer is that span, as
	// one a file gives twice is (formats' "identical spans imported
	// once"): two doccano files of one text, or one file named twice,
	// stored every span twice. The signatures are made from the second
	// batch on: an import of one file or folder makes none.
	p.batches++
	if p.batches == 2 {
		p.freshSpans, p.freshThreads = map[string]freshFrom{}, map[string]freshFrom{}
		for id := range p.fresh {
			if s, ok := p.span(id); ok {
				p.freshSpans[freshKey(s)] = freshFrom{id: id, batch: 1}
			}
			if t, ok := p.threads[id]; ok {
				p.freshThreads[threadSig(t)] = freshFrom{id: id, batch: 1}
			}
		}
	}
	alias := map[string]string{}
	// A reader's name of a file, and fileName's, asked once a run of
	// spans read in one file.
	var from, named string
	for i, s := range b.Spans {
		if p.batches > 1 {
			k := freshKey(s)
			if f, ok := p.freshSpans[k]; ok && f.batch != p.batches {
				alias[s.ID] = f.id
				p.sameSpans = append(p.sameSpans, f.id)
				continue
			}
			p.freshSpans[k] = freshFrom{id: s.ID, batch: p.batches}
		}
		at := where{file: name}
		if i < len(b.SpanAt) && b.SpanAt[i].File != "" {
			if b.SpanAt[i].File != from {
				from, named = b.SpanAt[i].File, in.fileName(b.SpanAt[i].File)
			}
			at = where{file: named, line: b.SpanAt[i].Line}
		}
		p.putSpan(s, at)
		p.fresh[s.ID] = true
	}
	for _, t := range b.Threads {
		if p.batches > 1 {
			for i, m := range t.Members {
				if id, ok := alias[m.Span]; ok {
					t.Members[i].Span = id
				}
			}
			sig := threadSig(t)
			if f, ok := p.freshThreads[sig]; ok && f.batch != p.batches {
				p.sameThreads = append(p.sameThreads, f.id)
				continue
			}
			p.freshThreads[sig] = freshFrom{id: t.ID, batch: p.batches}
		}
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
	// Files read one after another each say "label ORG becomes user label
	// ORG": once is enough; what they each count is summed.
	p.notes.Add(b)
}

// sameCounts is how many of the spans and threads left out as another
// file's (addBatch) b stores once: a copy whose kept span the store holds
// already, or that was refused (-skip-invalid) or is in a layer kept as the
// store has it, was not stored twice by this import, and saying it "imported
// once" told of spans a second import of the same files did not import.
func (p *plan) sameCounts(b *store.Batch) (spans, threads int) {
	return countWritten(p.sameSpans, b.Spans, func(s *annotate.Span) string { return s.ID }),
		countWritten(p.sameThreads, b.Threads, func(t *annotate.Thread) string { return t.ID })
}

// countWritten counts the IDs of kept that are the ID of one of written.
func countWritten[T any](kept []string, written []T, id func(T) string) int {
	if len(kept) == 0 {
		return 0
	}
	in := make(map[string]bool, len(written))
	for _, x := range written {
		in[id(x)] = true
	}
	n := 0
	for _, k := range kept {
		if in[k] {
			n++
		}
	}
	return n
}

// replacedNote says that replaced layers, the first k (stored as of had),
// were replaced by the files' newer copies, and how to get one back: an
// import is written without undo, and "replaced 1 layer" said no more.
// A team folder's imports (not keepKept) say nothing: a colleague's newer
// file replaces their layer at every sync, as it should.
func (p *plan) replacedNote(k [2]string, had int64, replaced int) string {
	l := p.layers[k]
	what := fmt.Sprintf("replaced %s's layer on article %s (as of %s in the store) with the file's newer copy (%s)", k[1], k[0], annotate.FormatMillis(had), annotate.FormatMillis(l.modified))
	if replaced > 1 {
		what += fmt.Sprintf(", and %s more", annotate.Count(replaced-1, "layer"))
	}
	return fmt.Sprintf("%s: %s; an import keeps no undo, so what a replaced layer held is in no store but a backup made before this import (the window's daily ones are in the store folder's backups/): to get it back, restore that backup into a new folder (skein -store NEW restore FILE, or File ▸ Restore…) and export the layer from there (skein -store NEW export -annotator %s)", l.at, what, annotate.ShellWord(k[1]))
}

// batch turns the plan into one store batch, deciding for each layer a
// bundle describes whether it replaces the stored one (the bundle is newer),
// is already there (the same time) or is older and left alone.
//
// A layer a file shows someone worked on without a span in it (an empty
// brat .ann) is stamped with the time now where the store has no time for
// it, so agreement counts the other annotator's spans there as misses.
func (p *plan) batch(st Store, now int64) (*store.Batch, int, error) {
	b := &store.Batch{Docs: p.batchDocs()}
	skip := map[[2]string]bool{}
	replaced := 0
	lkeys := p.layerKeys()
	times, err := st.LayerTimes(lkeys)
	if err != nil {
		return nil, 0, err
	}
	var first [2]string // the first layer replaced, for replacedNote
	var firstHad int64
	for i, k := range lkeys {
		l := p.layers[k]
		have := times[i]
		switch {
		case l.modified > have:
			if have > 0 {
				if replaced == 0 {
					first, firstHad = k, have
				}
				replaced++
			}
			b.Replace = append(b.Replace, store.LayerStamp{Doc: k[0], Annotator: k[1], Modified: l.modified})
		case l.modified == have:
			skip[k] = true
		default:
			skip[k] = true
			p.notes.Say(fmt.Sprintf("%s: %s's layer on document %s is older than the one in the store (%s < %s); kept the store's", l.at, k[1], k[0], annotate.FormatMillis(l.modified), annotate.FormatMillis(have)))
		}
	}
	if replaced > 0 && p.keepKept {
		p.notes.Say(p.replacedNote(first, firstHad, replaced))
	}
	// A line's spans are one layer's: the maps are asked once a run of
	// spans of one layer, not once a span.
	b.Spans = make([]*annotate.Span, 0, p.spanCount())
	withSpans := map[[2]string]bool{}
	var last [2]string
	skipLast := false
	for i, s := range p.spansRead() {
		if i == 0 || s.Doc != last[0] || s.Annotator != last[1] {
			last = [2]string{s.Doc, s.Annotator}
			if skipLast = skip[last]; !skipLast && len(p.worked) > 0 {
				withSpans[last] = true // asked only of p.worked below
			}
		}
		if !skipLast {
			b.Spans = append(b.Spans, s)
		} else if p.keepKept {
			p.keptSpans = append(p.keptSpans, s)
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

// batchDocs is the documents the batch brings, in the order read.
func (p *plan) batchDocs() []*annotate.Document {
	var docs []*annotate.Document
	for _, id := range p.docOrder {
		docs = append(docs, p.docs[id])
	}
	return docs
}

// prepareBatch does what of batch needs neither the store nor the checks:
// the layers the files describe, sorted. Under a bulk load it runs before
// the bulk's lock is taken (a first sync's bucket describes 20 colleagues'
// layers on each of its articles, sorted under the lock, where the next
// bucket waited on it).
func (p *plan) prepareBatch() {
	p.lkeys = make([][2]string, 0, len(p.layers))
	for k := range p.layers {
		p.lkeys = append(p.lkeys, k)
	}
	slices.SortFunc(p.lkeys, cmpLayer)
}

// layerKeys is the layers the files describe, sorted: prepareBatch's,
// less those the checks left out since, or sorted now.
func (p *plan) layerKeys() [][2]string {
	if p.lkeys == nil {
		p.prepareBatch()
	}
	keys := p.lkeys
	p.lkeys = nil
	if len(keys) == len(p.layers) {
		return keys // the checks only ever leave layers out
	}
	return slices.DeleteFunc(keys, func(k [2]string) bool {
		_, ok := p.layers[k]
		return !ok
	})
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

// spanIDs returns the IDs of the plan's spans in the order they were
// read, a slice that stays as it is (the same slice, for as long as no
// span is put or left out; deleting meanwhile is fine): the checks only
// ever leave spans out. The order is the files' and their lines', as
// deterministic as sorting the IDs and free: a first sync's bucket holds
// tens of thousands of spans, and sorting their IDs (UUIDs that share
// their first digits) was a tenth of the import's reading.
func (p *plan) spanIDs() []string {
	if p.liveIDs != nil {
		return p.liveIDs
	}
	ids := p.idsRoom[:0]
	p.idsRoom = nil // the list given stays as it is
	for _, s := range p.spansRead() {
		ids = append(ids, s.ID)
	}
	p.liveIDs = ids
	return ids
}

// spansRead returns the plan's spans in the order they were read, as
// spanIDs gives their IDs, a slice that stays as it is (spans left out
// meanwhile are nil in it). While no span was left out, it is the list
// the reading built: a first sync's bucket holds tens of thousands of
// spans, which the checks and the batch walk under the store's bulk lock
// (a map look-up a span was a third of their time).
func (p *plan) spansRead() []*annotate.Span {
	if p.spanGone == 0 {
		return p.spanList
	}
	if p.live == nil {
		p.live = make([]*annotate.Span, 0, p.spanCount())
		for _, s := range p.spanList {
			if s != nil {
				p.live = append(p.live, s)
			}
		}
	}
	return p.live
}
