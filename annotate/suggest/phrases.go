package suggest

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/search"
)

// Phrases are the strings an annotator (or the curated layer) labelled,
// folded as search folds them, each with the label it was given most often;
// Find and FindIn offer their other occurrences. What each article
// contributes is kept apart, so an edit replaces one article's strings
// (SetDoc) or one span's (Edit), and the index of the strings is brought up
// to date for the strings that changed only, not built again. Not safe for
// concurrent use.
type Phrases struct {
	byDoc map[string][]labelled
	// votes counts, per folded string, the spans of each label.
	votes map[string]map[string]int
	// byFirst indexes the strings offered, each with its winning label, by
	// their first word, longest first.
	byFirst map[string][]phrase
	// gen counts the changes to what is offered (a string come or gone,
	// or its label changed); log holds the first words of the latest of
	// them, so an article whose words hold none of them keeps what was
	// found in it (FindIn). Changes up to floor have left the log.
	gen     uint64
	log     []logged
	floor   uint64
	touched map[string]bool // strings whose votes changed, until commit
}

// labelled is a span's string: id is the span's ("" for Add).
type labelled struct{ id, text, label string }

type phrase struct {
	text  string
	label string
	runes int // code points in text
}

type logged struct {
	gen         uint64
	first, text string // the string changed, and its first word
}

// maxLog is how many changes the log keeps: past that (learning a whole
// corpus), every article's findings are made again.
const maxLog = 4096

// NewPhrases returns an empty set.
func NewPhrases() *Phrases {
	return &Phrases{byDoc: map[string][]labelled{}, votes: map[string]map[string]int{},
		byFirst: map[string][]phrase{}, touched: map[string]bool{}}
}

// Add counts text as labelled label once, in no article in particular. A
// text that does not start with a letter or digit, or is a single
// character, is not offered elsewhere.
func (p *Phrases) Add(text, label string) {
	if f, ok := phraseText(text); ok {
		p.byDoc[""] = append(p.byDoc[""], labelled{"", f, label})
		p.vote(f, label, 1)
		p.commit()
	}
}

func phraseText(text string) (string, bool) {
	f := strings.TrimSpace(search.FoldString(text))
	if utf8.RuneCountInString(f) < 2 {
		return "", false
	}
	if r, _ := utf8.DecodeRuneInString(f); !isWord(r) {
		return "", false
	}
	return f, true
}

// spanPhrase is the string span sp of t offers, if any (discontinuous
// spans are left out: they are not one string).
func spanPhrase(t *annotate.Text, sp *annotate.Span) (labelled, bool) {
	if len(sp.Fragments) != 1 {
		return labelled{}, false
	}
	f := sp.Fragments[0]
	if f.Start < 0 || f.End > t.Len() || f.Start >= f.End {
		return labelled{}, false
	}
	text, ok := phraseText(t.Slice(f.Start, f.End))
	return labelled{sp.ID, text, sp.Label}, ok
}

// SetDoc replaces what article doc contributes with the texts of spans in
// t.
func (p *Phrases) SetDoc(doc string, t *annotate.Text, spans []*annotate.Span) {
	var ls []labelled
	for _, sp := range spans {
		if l, ok := spanPhrase(t, sp); ok {
			ls = append(ls, l)
		}
	}
	old := p.byDoc[doc]
	if slices.Equal(ls, old) {
		return
	}
	for _, l := range old {
		p.vote(l.text, l.label, -1)
	}
	for _, l := range ls {
		p.vote(l.text, l.label, 1)
	}
	p.keep(doc, ls)
}

// Edit takes the spans removed out of what article doc (of text t)
// contributes and puts the spans added in: what one change to the article
// did, learned without reading the article's other spans. A span already
// there (by ID) is replaced, so an edit learned twice counts once.
func (p *Phrases) Edit(doc string, t *annotate.Text, removed, added []*annotate.Span) {
	ls := p.byDoc[doc]
	drop := func(id string) {
		if i := slices.IndexFunc(ls, func(l labelled) bool { return l.id == id }); i >= 0 && id != "" {
			p.vote(ls[i].text, ls[i].label, -1)
			ls = slices.Delete(ls, i, i+1)
		}
	}
	for _, sp := range removed {
		drop(sp.ID)
	}
	for _, sp := range added {
		drop(sp.ID)
		if l, ok := spanPhrase(t, sp); ok {
			ls = append(ls, l)
			p.vote(l.text, l.label, 1)
		}
	}
	p.keep(doc, ls)
}

// keep makes ls what article doc contributes, and commits the counts.
func (p *Phrases) keep(doc string, ls []labelled) {
	if len(ls) == 0 {
		delete(p.byDoc, doc)
	} else {
		p.byDoc[doc] = ls
	}
	p.commit()
}

// vote counts one span of label more (d = 1) or less (-1) for text.
func (p *Phrases) vote(text, label string, d int) {
	v := p.votes[text]
	if v == nil {
		if d < 0 {
			return
		}
		v = map[string]int{}
		p.votes[text] = v
	}
	if v[label] += d; v[label] <= 0 {
		delete(v, label)
	}
	if len(v) == 0 {
		delete(p.votes, text)
	}
	p.touched[text] = true
}

// commit brings byFirst up to date for the strings whose votes changed,
// and logs those whose offer changed.
func (p *Phrases) commit() {
	for text := range p.touched {
		best := ""
		for l, n := range p.votes[text] {
			if best == "" || n > p.votes[text][best] || n == p.votes[text][best] && l < best {
				best = l
			}
		}
		first := text[:wordEnd(text, 0)]
		ps := p.byFirst[first]
		i := slices.IndexFunc(ps, func(ph phrase) bool { return ph.text == text })
		switch {
		case i < 0 && best == "":
			continue
		case i >= 0 && best == ps[i].label:
			continue
		case i < 0:
			ph := phrase{text, best, utf8.RuneCountInString(text)}
			// Longer strings first, so "Tehrik-e Taliban Pakistan" wins
			// over "Tehrik-e" where both start.
			j, _ := slices.BinarySearchFunc(ps, ph, func(a, b phrase) int {
				return cmp.Or(cmp.Compare(len(b.text), len(a.text)), strings.Compare(a.text, b.text))
			})
			p.byFirst[first] = slices.Insert(ps, j, ph)
		case best == "":
			if ps = slices.Delete(ps, i, i+1); len(ps) == 0 {
				delete(p.byFirst, first)
			} else {
				p.byFirst[first] = ps
			}
		default:
			ps[i].label = best
		}
		p.gen++
		p.log = append(p.log, logged{p.gen, first, text})
	}
	clear(p.touched)
	if len(p.log) > maxLog {
		drop := len(p.log) - maxLog/2
		p.floor = p.log[drop-1].gen
		p.log = append(p.log[:0], p.log[drop:]...)
	}
}

// Len is how many different strings the set holds.
func (p *Phrases) Len() int { return len(p.votes) }

// Find returns every occurrence in text of a labelled string, as whole
// words, with its label; where several start at one place the longest
// wins, and occurrences do not overlap.
func (p *Phrases) Find(doc, text string) []Suggestion {
	if len(p.byFirst) == 0 {
		return nil
	}
	out, _ := p.scan(NewIndex(doc, text))
	return out
}

// FindIn is Find on an indexed article. What it found is kept in the index;
// after strings changed, only the places where a changed string's first
// word stands are searched again (and what follows them, as far as a match
// found again reaches past where the last search's did), so a label key
// costs the occurrences of the word it labelled, not a search of the
// article. The offers are never changed, so may be read on any goroutine.
func (p *Phrases) FindIn(ix *Index) Offers {
	found, _ := p.FindChanged(ix)
	return found
}

// Changes says where what FindChanged gives differs from what the index
// gave the time before: everywhere (All), or only the offers whose Start
// lies in one of Starts; MaxLen is at least the End−Start of every offer
// added there. Offers elsewhere are the same, in the same order (for
// FilterAgain).
type Changes struct {
	All    bool
	Starts []Range
	MaxLen int
}

// FindChanged is FindIn, and where what it found differs from what it
// found in the index the time before.
func (p *Phrases) FindChanged(ix *Index) (Offers, Changes) {
	var ch Changes
	switch {
	case ix.p != p || ix.gen < p.floor:
		ix.found = p.scanOffers(ix)
		ch.All = true
	case ix.gen < p.gen:
		if aff, ok := p.affected(ix); !ok {
			if found := p.scanOffers(ix); !found.Equal(ix.found) {
				ix.found = found // else the same findings given back
				ch.All = true
			}
		} else if len(aff) > 0 {
			ix.found, ch = p.update(ix, aff)
		}
	}
	ix.p, ix.gen = p, p.gen
	return ix.found, ch
}

// affected lists, in order, the words of the article where a string
// changed since the index's findings stands; not ok when its first words
// stand at so many places that searching the whole article again is
// cheaper. Where a changed string does not stand, the longest string
// there is what it was, and so is what is found from there on: a string
// labelled whose first word is common ("sharply announced Islamabad" in
// an article with "sharply" at 1,400 places) is searched again where it
// stands, not where its first word does.
func (p *Phrases) affected(ix *Index) (aff []int32, ok bool) {
	i, _ := slices.BinarySearchFunc(p.log, ix.gen+1, func(l logged, g uint64) int { return cmp.Compare(l.gen, g) })
	type changed struct {
		id    int32    // the first word
		texts []string // the strings changed that start with it
	}
	var cs []changed
	n := 0
	for _, l := range p.log[i:] {
		id, ok := ix.ids[l.first]
		if !ok {
			continue
		}
		k := slices.IndexFunc(cs, func(c changed) bool { return c.id == id })
		if k < 0 {
			if n += int(ix.posAt[id+1] - ix.posAt[id]); n > len(ix.words)/4 {
				return nil, false
			}
			cs, k = append(cs, changed{id: id}), len(cs)
		}
		if !slices.Contains(cs[k].texts, l.text) {
			cs[k].texts = append(cs[k].texts, l.text)
		}
	}
	for _, c := range cs {
		for _, j := range ix.pos[ix.posAt[c.id]:ix.posAt[c.id+1]] {
			if slices.ContainsFunc(c.texts, func(t string) bool { return ix.stands(int(j), t) }) {
				aff = append(aff, j)
			}
		}
	}
	if len(cs) > 1 {
		slices.Sort(aff)
	}
	return aff, true
}

// stands reports whether text stands at word j of the article, as whole
// words.
func (ix *Index) stands(j int, text string) bool {
	b0 := int(ix.words[j].b0)
	e := b0 + len(text)
	// The last byte first: most strings that start with the word differ
	// there, without a call to compare them whole.
	return e <= len(ix.ft) && ix.ft[e-1] == text[len(text)-1] && ix.ft[b0:e] == text && wordEnd(ix.ft, e) == e
}

// wordSpan is the words an occurrence found takes: k0 to k1, exclusive.
type wordSpan struct{ k0, k1 int32 }

// matchAt is the longest of the strings cands at word j of the article, and
// the word after it; nil when none is there (next is then j+1).
func (p *Phrases) matchAt(ix *Index, j int, cands []phrase) (next int, ph *phrase) {
	for i := range cands {
		ph := &cands[i]
		if !ix.stands(j, ph.text) {
			continue // not here, or it ends inside a word
		}
		e := int(ix.words[j].b0) + len(ph.text)
		k := j + 1
		for k < len(ix.words) && int(ix.words[k].b0) < e {
			k++
		}
		return k, ph
	}
	return j + 1, nil
}

// offer is string ph found at word j.
func (ix *Index) offer(j int, ph *phrase) Suggestion {
	cp := int(ix.words[j].cp)
	return Suggestion{Doc: ix.doc, Start: ix.f.Orig(cp, false), End: ix.f.Orig(cp+ph.runes, true),
		Label: ph.label, Source: SourceLabels, Score: NoScore}
}

// scan finds the strings in the whole of an indexed article: at each word
// not inside an occurrence already found, the longest string there.
func (p *Phrases) scan(ix *Index) ([]Suggestion, []wordSpan) {
	if len(p.byFirst) == 0 {
		return nil, nil
	}
	// The strings starting with each of the article's words, from the
	// smaller of the two maps.
	cands := make([][]phrase, len(ix.uniq))
	if len(p.byFirst) < len(ix.uniq) {
		for first, ps := range p.byFirst {
			if id, ok := ix.ids[first]; ok {
				cands[id] = ps
			}
		}
	} else {
		for id, w := range ix.uniq {
			cands[id] = p.byFirst[w]
		}
	}
	// Where first, then the offers, made at their number: growing a slice
	// of tens of thousands of offers as they come cost more than finding
	// them.
	at := make([]wordSpan, 0, ix.found.Len())
	var phs []*phrase
	for j := 0; j < len(ix.words); {
		k, ph := p.matchAt(ix, j, cands[ix.words[j].id])
		if ph != nil {
			at = append(at, wordSpan{int32(j), int32(k)})
			phs = append(phs, ph)
		}
		j = k
	}
	out := make([]Suggestion, len(at))
	for i, a := range at {
		out[i] = ix.offer(int(a.k0), phs[i])
	}
	return out, at
}

// scanOffers is scan's findings as FindIn gives them.
func (p *Phrases) scanOffers(ix *Index) Offers {
	s, at := p.scan(ix)
	return newOffers(s, at, true)
}

// update finds the strings again at the words aff (in order) of an indexed
// article, keeping what the last search found elsewhere. The search runs,
// as scan does, from an affected word until it lands on a word that is not
// affected and that the last search landed on too (not inside an
// occurrence it found): from there on both agree, up to the next affected
// word. When the search finds again just what was there (a string labelled
// that occurs nowhere else), the last findings are given back as they are;
// otherwise the new ones share with them every chunk no region found again
// touches (Offers.replace), so a change costs the offers near it, not a
// copy of all.
func (p *Phrases) update(ix *Index, aff []int32) (Offers, Changes) {
	old := ix.found
	n := old.Len()
	// What the search found again, region by region: the old findings
	// from-to, replaced by hits[h0:h1] (one slice for all: an undo finds
	// again at a thousand places on a long article).
	type hit struct {
		at wordSpan
		ph *phrase
	}
	type found struct {
		from   place
		to     int
		h0, h1 int
	}
	regions, hits := make([]found, 0, len(aff)), make([]hit, 0, len(aff))
	w := walk{chunks: old.chunks} // the next old finding
	j := 0                        // the next word the search lands on; before it all is settled
	for ai := 0; ai < len(aff); {
		a := int(aff[ai])
		if a < j {
			ai++
			continue
		}
		if i := w.i; w.to(a) > i {
			j = int(w.before().k1) // an old finding before a stands
		}
		if j > a {
			ai++
			continue // inside an occurrence found before, which stands
		}
		r := found{from: w.place, h0: len(hits)}
		for j = a; j < len(ix.words); {
			for ai < len(aff) && int(aff[ai]) < j {
				ai++
			}
			if j > a && (ai == len(aff) || int(aff[ai]) != j) {
				for w.i < n && int(w.words().k0) < j {
					w.next()
				}
				if w.i == 0 || int(w.before().k1) <= j {
					break // the last search landed here too
				}
			}
			k, ph := p.matchAt(ix, j, p.byFirst[ix.uniq[ix.words[j].id]])
			if ph != nil {
				hits = append(hits, hit{wordSpan{int32(j), int32(k)}, ph})
			}
			j = k
		}
		for w.i < n && int(w.words().k0) < j {
			w.next()
		}
		r.to, r.h1 = w.i, len(hits)
		regions = append(regions, r)
	}
	// The regions found again as they were are left out; the others'
	// offers made.
	var ch Changes
	var put []region
	var offers []Suggestion // the offers of every region put, in one slice
	var at []wordSpan
	var bounds []int // where the offers of each region put end in them
	for _, r := range regions {
		same := r.h1-r.h0 == r.to-r.from.i
		for w, h := (walk{r.from, old.chunks}), hits[r.h0:r.h1]; same && w.i < r.to; w.next() {
			same = w.words() == h[0].at && w.offer().Label == h[0].ph.label
			h = h[1:]
		}
		cr := Range{math.MaxInt, math.MinInt}
		for w := (walk{r.from, old.chunks}); w.i < r.to; w.next() {
			s := w.offer()
			if same {
				ch.MaxLen = max(ch.MaxLen, s.End-s.Start)
			}
			cr = Range{min(cr.Lo, s.Start), max(cr.Hi, s.Start+1)}
		}
		if same {
			continue
		}
		for _, h := range hits[r.h0:r.h1] {
			s := ix.offer(int(h.at.k0), h.ph)
			offers, at = append(offers, s), append(at, h.at)
			cr = Range{min(cr.Lo, s.Start), max(cr.Hi, s.Start+1)}
			ch.MaxLen = max(ch.MaxLen, s.End-s.Start)
		}
		if cr.Lo < cr.Hi {
			ch.Starts = append(ch.Starts, cr)
		}
		put = append(put, region{from: r.from.i, to: r.to})
		bounds = append(bounds, len(offers))
	}
	if len(put) == 0 {
		return old, Changes{}
	}
	for i, b := 0, 0; i < len(put); i++ {
		e := bounds[i]
		put[i].s, put[i].at = offers[b:e:e], at[b:e:e]
		b = e
	}
	return old.replace(put), ch
}

// Index is an article's words, folded, for finding labelled strings in it
// again and again (Phrases.FindIn), and its figures, read once. An article's
// text never changes (its ID is its text's), so neither does an index, but
// for what FindIn keeps in it. Not safe for concurrent use, but for
// Figures.
type Index struct {
	doc, text string
	f         *search.Folded
	ft        string
	words     []iword          // the words of ft, in order
	uniq      []string         // the different words
	ids       map[string]int32 // a word's place in uniq

	// pos lists, for each word of uniq, where it stands (its indexes in
	// words): those of word id are pos[posAt[id]:posAt[id+1]].
	pos   []int32
	posAt []int32

	p     *Phrases // what FindIn found, and when
	gen   uint64
	found Offers

	figures []Suggestion
	figOnce sync.Once
}

// iword is a word of the folded text: bytes b0–b1, cp its first code point,
// id its place in Index.uniq.
type iword struct{ b0, b1, cp, id int32 }

// NewIndex indexes article doc, of text text.
func NewIndex(doc, text string) *Index {
	ix := &Index{doc: doc, text: text, f: search.Fold(text), ids: map[string]int32{}}
	ix.ft = string(ix.f.Text)
	ft := ix.ft
	ix.words = make([]iword, 0, len(ft)/5) // about a word in 6 bytes of news
	for i, cp := 0, 0; i < len(ft); {
		r, n := utf8.DecodeRuneInString(ft[i:])
		if !isWord(r) {
			i += n
			cp++
			continue
		}
		j := wordEnd(ft, i)
		id, ok := ix.ids[ft[i:j]]
		if !ok {
			id = int32(len(ix.uniq))
			ix.uniq = append(ix.uniq, ft[i:j])
			ix.ids[ft[i:j]] = id
		}
		ix.words = append(ix.words, iword{int32(i), int32(j), int32(cp), id})
		if ix.f.ASCII {
			cp += j - i
		} else {
			cp += utf8.RuneCountInString(ft[i:j])
		}
		i = j
	}
	ix.posAt = make([]int32, len(ix.uniq)+1)
	for _, w := range ix.words {
		ix.posAt[w.id+1]++
	}
	for id := range ix.uniq {
		ix.posAt[id+1] += ix.posAt[id]
	}
	ix.pos = make([]int32, len(ix.words))
	fill := slices.Clone(ix.posAt[:len(ix.uniq)])
	for k, w := range ix.words {
		ix.pos[fill[w.id]] = int32(k)
		fill[w.id]++
	}
	return ix
}

// Doc is the article indexed.
func (ix *Index) Doc() string { return ix.doc }

// Found is what FindIn gave last for the index (none before it ran).
func (ix *Index) Found() Offers { return ix.found }

// Text is the article's text.
func (ix *Index) Text() string { return ix.text }

// Figures are the article's figures (Figures) in text order, read the
// first time asked. The slice is shared, not to be changed. Figures may
// run while FindIn searches the index, on another goroutine.
func (ix *Index) Figures() []Suggestion {
	ix.figOnce.Do(func() {
		ix.figures = Figures(ix.doc, ix.text)
		slices.SortStableFunc(ix.figures, func(a, b Suggestion) int {
			return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End))
		})
	})
	return ix.figures
}
