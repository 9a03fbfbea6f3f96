package agree

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math/bits"
	"runtime"
	"slices"
	"sort"
	"sync"

	"github.com/skein-news/skein/annotate"
)

// Measures is one row of an agreement report. A nil field is a measure the
// data do not define (no units, Dₑ = 0, 1 − pₑ = 0, both sides empty …); it
// is null in JSON and "undefined" in tables.
type Measures struct {
	// CohenKappa is Cohen's κ for two annotators and, for three or more, the
	// mean of the pairwise Cohen's κ (Light's κ) over the pairs where it is
	// defined.
	CohenKappa *float64 `json:"cohen_kappa"`
	// FleissKappa is Fleiss' κ over all annotators.
	FleissKappa *float64 `json:"fleiss_kappa"`
	// KrippendorffAlpha is Krippendorff's α for nominal data.
	KrippendorffAlpha *float64 `json:"krippendorff_alpha"`
	// UnitizedAlpha is Krippendorff's α_U on code points; it needs no tokens.
	UnitizedAlpha *float64 `json:"unitized_alpha"`
	// F1Exact is span F1 with spans matching on fragments and label.
	F1Exact *float64 `json:"f1_exact"`
	// F1Overlap is span F1 with spans matching on label and any shared code
	// point.
	F1Overlap *float64 `json:"f1_overlap"`
	// LinkF1 is F1 on the links of threads. Links have no span label, so
	// per-label rows leave it undefined.
	LinkF1 *float64 `json:"link_f1"`
}

// DocReport is one document's row: its measures over all labels.
type DocReport struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Untitled is what the table and the window show for an article
	// without a title: its opening words (annotate.ShownTitle); "" for one
	// with a title. Not in the JSON, whose title is the article's own.
	Untitled string `json:"-"`
	Measures
	// Worked counts the annotators with a layer in the document: with
	// fewer than two it has nothing to compare, and the table (and the
	// window's report) leaves its row of "undefined" out unless asked for
	// every row. Not in the JSON, which lists every document.
	Worked int `json:"-"`
}

// ShownTitle is the article's title as the table and the window show it:
// its title, or for an article without one its opening words (Untitled),
// or, in a report that holds neither, its ID.
func (d *DocReport) ShownTitle() string {
	if annotate.Titled(d.Title) {
		return d.Title
	}
	return cmp.Or(d.Untitled, d.ID)
}

// Report is agreement between annotators over a corpus.
type Report struct {
	Annotators []string            `json:"annotators"`
	Overall    Measures            `json:"overall"`
	Labels     map[string]Measures `json:"labels"`
	// Documents are worst first: by Krippendorff's α, lowest first, then by
	// overlap F1, lowest first; documents where a key is undefined come after
	// those where it is defined, and ties keep input order.
	Documents []DocReport `json:"documents"`
	// Unworked counts the documents none of the annotators worked on (no
	// layer in DocInput), left out of Documents: a store of 200 articles
	// of which a model or two people saw 5 listed 195 rows of
	// "undefined".
	Unworked int `json:"unworked_documents,omitempty"`
}

// DocInput is one document with each annotator's layer. An annotator missing
// from Layers has not annotated the document and is left out of its
// measures; an annotator present with no spans says the document holds
// nothing, and that counts.
type DocInput struct {
	Doc    *annotate.Document
	Layers map[string][]*annotate.Span
}

// ErrAnnotators is returned when fewer than two distinct annotators are
// compared.
var ErrAnnotators = errors.New("agreement needs two or more distinct annotators")

// Compute measures agreement between annotators over the documents docs
// yields, and over the links of their threads (threads[annotator]).
//
// Token measures (Cohen's κ, Fleiss' κ, Krippendorff's α) code every token of
// annotate.Tokens: an annotator's value for a token is the label of the span
// that overlaps it (shares a code point with one of its fragments), or
// "none". When several of one annotator's spans overlap a token, the first in
// annotate.SortSpans order wins — the outermost, since longer spans sort
// first at equal starts. Per label, the coding is binary: whether any of the
// annotator's spans of that label overlaps the token. Over the corpus the
// tokens of all documents are pooled; a token counts for the annotators with
// a layer in its document, Cohen's κ for a pair uses the documents both
// annotated, and Fleiss' κ lets the number of raters vary by item (see
// Fleiss).
//
// Unitized α works on code points per document; over the corpus the
// documents that every annotator has a layer for are laid end to end, in the
// order docs yields them, on one continuum, so a rater's gap may run from one
// article into the next. Each fragment of a discontinuous span is a unit,
// and one annotator's overlapping units of a label are merged first.
//
// Span F1 pairs annotators over the documents both annotated; with three or
// more annotators it is the mean over pairs. Link F1 matches links by the
// documents and fragments of both ends (span IDs differ between layers). A
// link end is found through its member's document and span ID; links with an
// end in no document measured are left out. A document's links are those
// whose first end lies in it; a pair's overall link F1 takes the links of
// the documents both of them worked on, as its span F1 does.
//
// A document none of them has a layer in is left out of the report's
// Documents and counted in its Unworked.
//
// docs must not change a DocInput after handing it to yield: documents are
// measured on other goroutines. Work stops when ctx is cancelled.
func Compute(ctx context.Context, annotators []string, docs func(yield func(DocInput) error) error, threads map[string][]*annotate.Thread) (*Report, error) {
	names := append([]string(nil), annotators...)
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			return nil, fmt.Errorf("annotator %q named twice: %w", n, ErrAnnotators)
		}
		seen[n] = true
	}
	if len(names) < 2 {
		return nil, fmt.Errorf("got %d: %w", len(names), ErrAnnotators)
	}
	var pairs [][2]int
	for a := range names {
		for b := a + 1; b < len(names); b++ {
			pairs = append(pairs, [2]int{a, b})
		}
	}
	// Where each thread member's span may turn up, so workers can note the
	// place of the spans links need as they pass.
	linked := map[string][]linkedSpan{}
	for a, n := range names {
		for t, th := range threads[n] {
			for m, mem := range th.Members {
				linked[mem.Doc] = append(linked[mem.Doc], linkedSpan{mem.Span, memberRef{a, t, m}})
			}
		}
	}

	type job struct {
		seq int
		in  DocInput
	}
	workers := min(max(runtime.GOMAXPROCS(0), 1), 8)
	jobs := make(chan job, 2*workers)
	results := make(chan *docResult, 2*workers)
	// window bounds the documents between yield and the collector, so one
	// slow article cannot make the others pile up waiting for their turn.
	window := make(chan struct{}, 16*workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := &worker{names: names, pairs: pairs, linked: linked}
			for j := range jobs {
				r := w.process(j.in)
				r.seq = j.seq
				results <- r
			}
		}()
	}
	c := newCorpus(names, pairs, threads)
	collected := make(chan struct{})
	go func() {
		defer close(collected)
		// Results arrive out of order; the continuum and the document list
		// follow input order.
		pending := map[int]*docResult{}
		next := 0
		for r := range results {
			pending[r.seq] = r
			for p, ok := pending[next]; ok; p, ok = pending[next] {
				delete(pending, next)
				c.add(p)
				next++
				<-window
			}
		}
	}()
	seq, unworked := 0, 0
	err := docs(func(in DocInput) error {
		if in.Doc == nil {
			return fmt.Errorf("document %d: no document", seq+unworked+1)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if len(in.Layers) == 0 {
			unworked++ // no one's: nothing in it is measured
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case window <- struct{}{}:
		}
		jobs <- job{seq, in}
		seq++
		return nil
	})
	close(jobs)
	wg.Wait()
	close(results)
	<-collected
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		return nil, fmt.Errorf("agreement: %w", err)
	}
	rep := c.report()
	rep.Unworked = unworked
	return rep, nil
}

// docResult is one document measured: its own measures and the tallies the
// corpus adds up.
type docResult struct {
	seq       int
	id, title string
	untitled  string   // DocReport.Untitled
	length    int      // code points
	present   []bool   // per annotator: has a layer
	labels    []string // the document's labels, sorted; category i+1 is labels[i]
	overall   block
	binary    []block     // per label: covered or not
	walk      []float64   // per label: Σ of unitized pair distances
	units     [][][]seg   // per label, per annotator: merged units
	f1        [][]f1Count // per pair (nil unless both have a layer), per label
	ends      []memberEnd // thread members found here
	m         Measures
}

// memberRef names member m of annotator a's thread t.
type memberRef struct{ a, t, m int }

// linkedSpan is a thread member's span ID.
type linkedSpan struct {
	id  string
	ref memberRef
}

// memberEnd is where a thread member's span lies: its document and fragments.
type memberEnd struct {
	ref memberRef
	key string
}

// worker measures documents; its buffers are reused from one to the next.
type worker struct {
	names  []string
	pairs  [][2]int
	linked map[string][]linkedSpan // by document

	present []int              // annotators with a layer in the document
	sorted  [][]*annotate.Span // per annotator, in text order
	byLabel [][]*annotate.Span // the same, grouped by label
	bounds  [][]int            // byLabel[a][bounds[a][l]:bounds[a][l+1]] has label l
	codes   [][]uint16         // per token: 0 or 1 + the label index
	masks   [][]uint64         // per token: a bit per label
	counts  []uint32           // a contingency table being counted
	toks    []annotate.Token   // the document's tokens
	tally   unitTally
	match   matcher
	doc     coding // the document's own tally
}

// process measures one document: it tokenizes the text once and derives
// every measure from those tokens and the layers.
func (w *worker) process(in DocInput) *docResult {
	text := annotate.NewText(in.Doc.Text)
	w.toks = annotate.AppendTokens(w.toks[:0], text)
	r := &docResult{id: in.Doc.ID, title: in.Doc.Title, length: text.Len(), present: make([]bool, len(w.names))}
	if !annotate.Titled(in.Doc.Title) {
		r.untitled = annotate.ShownTitle(in.Doc.Title, in.Doc.Text)
	}
	frags := w.collect(in, r)
	w.groupByLabel(r)
	w.codeTokens(r)
	w.compareLayers(r)
	sumO, sumE := w.unitize(r, frags)
	w.measure(r, sumO, sumE)
	return r
}

// collect takes the layers of the document in: which annotators have one,
// their spans in text order, the labels used, and where thread members lie.
// It returns the number of fragments.
func (w *worker) collect(in DocInput, r *docResult) (frags int) {
	if w.sorted == nil {
		R := len(w.names)
		w.sorted = make([][]*annotate.Span, R)
		w.byLabel = make([][]*annotate.Span, R)
		w.bounds = make([][]int, R)
		w.codes = make([][]uint16, R)
		w.masks = make([][]uint64, R)
	}
	members := w.linked[in.Doc.ID]
	w.present = w.present[:0]
	for a, name := range w.names {
		spans, ok := in.Layers[name]
		r.present[a] = ok
		w.sorted[a] = w.sorted[a][:0]
		if !ok {
			continue
		}
		w.present = append(w.present, a)
		for _, s := range spans {
			if s == nil || len(s.Fragments) == 0 {
				continue
			}
			w.sorted[a] = append(w.sorted[a], s)
			frags += len(s.Fragments)
			for _, l := range members {
				if l.id == s.ID {
					r.ends = append(r.ends, memberEnd{l.ref, fragmentKey(in.Doc.ID, s.Fragments)})
				}
			}
			if labelIndex(r.labels, s.Label) < 0 {
				r.labels = append(r.labels, s.Label)
			}
		}
		slices.SortFunc(w.sorted[a], spanCmp)
	}
	sort.Strings(r.labels)
	return frags
}

// groupByLabel groups each annotator's spans by label, in text order within
// a label: a counting sort into reused buffers.
func (w *worker) groupByLabel(r *docResult) {
	K := len(r.labels)
	for _, a := range w.present {
		bounds := slices.Grow(w.bounds[a][:0], K+1)[:K+1]
		clear(bounds)
		for _, s := range w.sorted[a] {
			bounds[labelIndex(r.labels, s.Label)+1]++
		}
		for l := 1; l <= K; l++ {
			bounds[l] += bounds[l-1]
		}
		grouped := slices.Grow(w.byLabel[a][:0], len(w.sorted[a]))[:len(w.sorted[a])]
		next := append([]int(nil), bounds[:K]...)
		for _, s := range w.sorted[a] {
			li := labelIndex(r.labels, s.Label)
			grouped[next[li]] = s
			next[li]++
		}
		w.bounds[a], w.byLabel[a] = bounds, grouped
	}
}

// ofLabel is annotator a's spans of label l, in text order.
func (w *worker) ofLabel(a, l int) []*annotate.Span {
	return w.byLabel[a][w.bounds[a][l]:w.bounds[a][l+1]]
}

// codeTokens codes every token for every annotator with a layer: the first
// span in text order that overlaps it gives the overall code (1 + its label
// index; 0 is none), and the mask has a bit for every label that overlaps it.
func (w *worker) codeTokens(r *docResult) {
	toks, n := w.toks, len(w.toks)
	W := (len(r.labels) + 63) / 64
	for _, a := range w.present {
		codes := resize(w.codes[a], n)
		masks := resize(w.masks[a], n*W)
		for _, s := range w.sorted[a] {
			li := labelIndex(r.labels, s.Label)
			for _, f := range s.Fragments {
				i := sort.Search(n, func(i int) bool { return toks[i].End > f.Start })
				for t := i; t < n && toks[t].Start < f.End; t++ {
					if codes[t] == 0 {
						codes[t] = uint16(li + 1)
					}
					masks[t*W+li/64] |= 1 << (li % 64)
				}
			}
		}
		w.codes[a], w.masks[a] = codes, masks
	}
}

// compareLayers builds, for every pair of annotators with a layer, the
// contingency tables of the token codes — overall and per label — and counts
// their span matches. Each annotator's category totals are the margins of the
// first table it is in.
func (w *worker) compareLayers(r *docResult) {
	n, K, m := len(w.toks), len(r.labels), len(w.present)
	k, W := K+1, (K+63)/64
	pairsHere := m * (m - 1) / 2
	r.overall = block{k: k, n: n, m: m, marg: make([]float64, k), pairs: make([]pairTable, 0, pairsHere)}
	r.binary = make([]block, K)
	margs := make([]float64, 2*K)
	for l := range r.binary {
		r.binary[l] = block{k: 2, n: n, m: m, marg: margs[2*l : 2*l+2 : 2*l+2], pairs: make([]pairTable, 0, pairsHere)}
	}
	counted := make([]bool, len(w.names))
	r.f1 = make([][]f1Count, len(w.pairs))
	for p, pr := range w.pairs {
		a, b := pr[0], pr[1]
		if !r.present[a] || !r.present[b] {
			continue
		}
		ca, cb := w.codes[a], w.codes[b]
		counts := resize(w.counts, k*k)
		for t := range n {
			counts[int(ca[t])*k+int(cb[t])]++
		}
		w.counts = counts
		cells := make([]float64, k*k)
		for i, x := range counts {
			cells[i] = float64(x)
		}
		r.overall.pairs = append(r.overall.pairs, pairTable{p: p, cells: cells})

		// Per label, only tokens some label covers need looking at; the
		// rest are (not covered, not covered).
		bin := make([]float64, 4*K)
		ma, mb := w.masks[a], w.masks[b]
		for i := range ma {
			x, y := ma[i], mb[i]
			for z := x | y; z != 0; z &= z - 1 {
				bit := bits.TrailingZeros64(z)
				l := (i%W)*64 + bit
				bin[4*l+int(x>>bit&1)*2+int(y>>bit&1)]++
			}
		}
		for l := range K {
			c := bin[4*l : 4*l+4 : 4*l+4]
			c[0] = float64(n) - c[1] - c[2] - c[3]
			r.binary[l].pairs = append(r.binary[l].pairs, pairTable{p: p, cells: c})
		}

		for side, who := range pr {
			if counted[who] {
				continue
			}
			counted[who] = true
			for i := range k {
				for j := range k {
					if side == 0 {
						r.overall.marg[i] += cells[i*k+j]
					} else {
						r.overall.marg[j] += cells[i*k+j]
					}
				}
			}
			for l := range K {
				c := bin[4*l : 4*l+4]
				yes := c[2] + c[3] // the first of the pair covers the token
				if side == 1 {
					yes = c[1] + c[3]
				}
				r.binary[l].marg[0] += float64(n) - yes
				r.binary[l].marg[1] += yes
			}
		}

		r.f1[p] = make([]f1Count, K)
		for l := range K {
			sa, sb := w.ofLabel(a, l), w.ofLabel(b, l)
			e, o := w.match.match(sa, sb)
			r.f1[p][l] = f1Count{exact: float64(e), overlap: float64(o), a: float64(len(sa)), b: float64(len(sb))}
		}
	}
}

// unitize cuts each label's spans into units per annotator on [0, length) —
// all in one backing array — and returns the document's Σ Dₒ(c) and Σ Dₑ(c)
// over its labels, which the corpus also needs as units and walk sums.
func (w *worker) unitize(r *docResult, frags int) (sumO, sumE float64) {
	K, m := len(r.labels), len(w.present)
	r.walk = make([]float64, K)
	r.units = make([][][]seg, K)
	backing := make([]seg, 0, frags)
	raters := make([][]seg, 0, m)
	for l := range K {
		r.units[l] = make([][]seg, len(w.names))
		raters = raters[:0]
		for _, a := range w.present {
			from := len(backing)
			for _, s := range w.ofLabel(a, l) {
				for _, f := range s.Fragments {
					if lo, hi := max(f.Start, 0), min(f.End, r.length); hi > lo {
						backing = append(backing, seg{lo, hi})
					}
				}
			}
			us := mergeSegs(backing[from:len(backing):len(backing)])
			backing = backing[:from+len(us)]
			r.units[l][a] = us
			raters = append(raters, us)
		}
		for i := range raters {
			for j := i + 1; j < len(raters); j++ {
				r.walk[l] += observedSum(raters[i], raters[j], 0, r.length)
			}
		}
		if m >= 2 {
			w.tally.units, w.tally.gaps = w.tally.units[:0], w.tally.gaps[:0]
			for _, us := range raters {
				w.tally.addRater(0, r.length, us)
			}
			sumO += observed(r.walk[l], m, r.length)
			sumE += w.tally.expected(m, r.length)
		}
	}
	return sumO, sumE
}

// measure fills in the document's own row.
func (w *worker) measure(r *docResult, sumO, sumE float64) {
	w.doc.reset()
	w.doc.addBlock(&r.overall, nil)
	r.m.CohenKappa = w.doc.cohen()
	r.m.FleissKappa = w.doc.fleiss().Value
	r.m.KrippendorffAlpha = w.doc.krippendorff().Value
	r.m.UnitizedAlpha = alphaOf(sumO, sumE)
	var exact, overlap []*float64
	for _, counts := range r.f1 {
		if counts == nil {
			continue
		}
		var c f1Count
		for _, x := range counts {
			c.add(x)
		}
		exact = append(exact, f1(c.exact, c.a, c.b))
		overlap = append(overlap, f1(c.overlap, c.a, c.b))
	}
	r.m.F1Exact, r.m.F1Overlap = meanOf(exact), meanOf(overlap)
}

// spanCmp is annotate.SpanLess as a three-way comparison.
func spanCmp(x, y *annotate.Span) int {
	switch {
	case annotate.SpanLess(x, y):
		return -1
	case annotate.SpanLess(y, x):
		return 1
	}
	return 0
}

// resize returns s with length n, all zero, reusing its storage.
func resize[T uint16 | uint32 | uint64](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}

func labelIndex(labels []string, name string) int {
	for i, l := range labels {
		if l == name {
			return i
		}
	}
	return -1
}

// corpus adds up documents, in input order.
type corpus struct {
	names  []string
	pairs  [][2]int
	labels []string       // in order of first appearance
	cats   map[string]int // label → category of the overall coding (0 is none)

	overall coding
	binary  map[string]*coding
	f1      map[string][]f1Count // label → per pair

	length int // of the unitized continuum so far
	uni    map[string]*uniCorpus

	docs    []DocReport
	present [][]bool

	places  map[string]int32 // document and fragments → place, from 1
	docOf   []int            // place → index into docs
	members [][][]int32      // annotator, thread, member → place (0: not found)
}

// uniCorpus is one label's unitized α over the corpus continuum.
type uniCorpus struct {
	walk  float64
	tally unitTally
	last  []int // per annotator: where its last unit of the label ended
}

func newCorpus(names []string, pairs [][2]int, threads map[string][]*annotate.Thread) *corpus {
	c := &corpus{
		names: names, pairs: pairs,
		cats:    map[string]int{},
		binary:  map[string]*coding{},
		f1:      map[string][]f1Count{},
		uni:     map[string]*uniCorpus{},
		places:  map[string]int32{},
		docOf:   []int{-1},
		members: make([][][]int32, len(names)),
	}
	for a, n := range names {
		c.members[a] = make([][]int32, len(threads[n]))
		for t, th := range threads[n] {
			c.members[a][t] = make([]int32, len(th.Members))
		}
	}
	return c
}

func (c *corpus) add(r *docResult) {
	catMap := make([]int, len(r.labels)+1)
	all := true
	for _, p := range r.present {
		all = all && p
	}
	for l, name := range r.labels {
		cat, ok := c.cats[name]
		if !ok {
			cat = len(c.cats) + 1
			c.cats[name] = cat
			c.labels = append(c.labels, name)
			c.binary[name] = &coding{}
			c.f1[name] = make([]f1Count, len(c.pairs))
		}
		catMap[l+1] = cat
		c.binary[name].addBlock(&r.binary[l], nil)
		for p, counts := range r.f1 {
			if counts != nil {
				c.f1[name][p].add(counts[l])
			}
		}
		if all {
			u := c.uni[name]
			if u == nil {
				u = &uniCorpus{last: make([]int, len(c.names))}
				c.uni[name] = u
			}
			u.walk += r.walk[l]
			for a, us := range r.units[l] {
				for _, s := range us {
					u.tally.addGap(c.length + s.start - u.last[a])
					u.tally.addUnit(s.end - s.start)
					u.last[a] = c.length + s.end
				}
			}
		}
	}
	c.overall.addBlock(&r.overall, catMap)
	if all {
		c.length += r.length
	}
	for _, e := range r.ends {
		p, ok := c.places[e.key]
		if !ok {
			p = int32(len(c.docOf))
			c.places[e.key] = p
			c.docOf = append(c.docOf, len(c.docs))
		}
		c.members[e.ref.a][e.ref.t][e.ref.m] = p
	}
	worked := 0
	for _, p := range r.present {
		if p {
			worked++
		}
	}
	c.docs = append(c.docs, DocReport{ID: r.id, Title: r.title, Untitled: r.untitled, Measures: r.m, Worked: worked})
	c.present = append(c.present, r.present)
}

func (c *corpus) report() *Report {
	rep := &Report{
		Annotators: c.names,
		Labels:     map[string]Measures{},
		Documents:  c.docs,
	}
	if rep.Documents == nil {
		rep.Documents = []DocReport{}
	}
	rep.Overall.CohenKappa = c.overall.cohen()
	rep.Overall.FleissKappa = c.overall.fleiss().Value
	rep.Overall.KrippendorffAlpha = c.overall.krippendorff().Value

	R := len(c.names)
	total := make([]f1Count, len(c.pairs))
	var sumO, sumE float64
	for _, name := range c.labels {
		var m Measures
		b := c.binary[name]
		b.fillZeros(&c.overall)
		m.CohenKappa = b.cohen()
		m.FleissKappa = b.fleiss().Value
		m.KrippendorffAlpha = b.krippendorff().Value
		if u := c.uni[name]; u != nil {
			for a := range c.names {
				u.tally.addGap(c.length - u.last[a])
			}
			do := observed(u.walk, R, c.length)
			de := u.tally.expected(R, c.length)
			m.UnitizedAlpha = alphaOf(do, de)
			sumO += do
			sumE += de
		}
		var exact, overlap []*float64
		for p, x := range c.f1[name] {
			total[p].add(x)
			exact = append(exact, f1(x.exact, x.a, x.b))
			overlap = append(overlap, f1(x.overlap, x.a, x.b))
		}
		m.F1Exact, m.F1Overlap = meanOf(exact), meanOf(overlap)
		rep.Labels[name] = m
	}
	rep.Overall.UnitizedAlpha = alphaOf(sumO, sumE)
	var exact, overlap []*float64
	for _, x := range total {
		exact = append(exact, f1(x.exact, x.a, x.b))
		overlap = append(overlap, f1(x.overlap, x.a, x.b))
	}
	rep.Overall.F1Exact, rep.Overall.F1Overlap = meanOf(exact), meanOf(overlap)

	// Links.
	lt := tallyLinks(c.members)
	var corpusLinks []*float64
	perDoc := make([][]*float64, len(c.docs))
	for p, pr := range c.pairs {
		// Over the corpus, the links of the articles both worked on, as
		// their rows and the span measures have them: links in an article
		// one of them never opened are no disagreement.
		var tot f1Count
		for i, x := range lt.pair(pr[0], pr[1], c.docOf) {
			if !c.present[i][pr[0]] || !c.present[i][pr[1]] {
				continue
			}
			tot.add(*x)
			if perDoc[i] == nil {
				perDoc[i] = make([]*float64, len(c.pairs))
			}
			perDoc[i][p] = f1(x.exact, x.a, x.b)
		}
		corpusLinks = append(corpusLinks, f1(tot.exact, tot.a, tot.b))
	}
	rep.Overall.LinkF1 = meanOf(corpusLinks)
	for i, vs := range perDoc {
		rep.Documents[i].LinkF1 = meanOf(vs)
	}
	sortDocuments(rep.Documents)
	return rep
}

// sortDocuments puts the worst documents first: see Report.Documents.
func sortDocuments(docs []DocReport) {
	cmp := func(x, y *float64) int {
		switch {
		case x == nil && y == nil:
			return 0
		case x == nil:
			return 1
		case y == nil:
			return -1
		case *x < *y:
			return -1
		case *x > *y:
			return 1
		}
		return 0
	}
	slices.SortStableFunc(docs, func(x, y DocReport) int {
		if c := cmp(x.KrippendorffAlpha, y.KrippendorffAlpha); c != 0 {
			return c
		}
		return cmp(x.F1Overlap, y.F1Overlap)
	})
}
