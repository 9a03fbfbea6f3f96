package search

import (
	"bytes"
	"context"
	"errors"
	"runtime"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/skein-news/skein/annotate"
)

// Source is what a search reads: the store, or a fake in tests.
type Source interface {
	// ScanRecords calls fn with every article's ID and its record
	// (AppendRecord), in ID order; rec is valid only during the call. An
	// error from fn stops the scan and is returned.
	ScanRecords(ctx context.Context, fn func(doc string, rec []byte) error) error
	Spans(doc string) ([]*annotate.Span, error)
	ThreadsOfDoc(doc string) ([]*annotate.Thread, error)
	// Done reports whether annotator marked the article done.
	Done(doc, annotator string) (bool, error)
	// DocsWith returns the articles where some layer has spans labelled
	// name (byLabel), or where annotator name has spans.
	DocsWith(byLabel bool, name string) (map[string]bool, error)
}

// Match is one match in an article, in code points of its text, end
// exclusive.
type Match struct {
	Start, End int
}

// Hits are the matches in one article, in text order.
type Hits struct {
	Doc     string
	Matches []Match
}

// Stop, returned by the function given to Run, ends the search early
// without an error: a caller that wants one page stops after it.
var Stop = errors.New("stop the search")

// Run calls fn with the matches of every article that has any, in article
// ID order. user is whose done marks done: reads when the query names no
// annotator. The articles are searched on every core; fn is called from
// the calling goroutine.
func Run(ctx context.Context, src Source, q *Query, user string, fn func(Hits) error) error {
	return RunSkipping(ctx, src, q, user, nil, fn)
}

// RunSkipping is Run that does not search the articles skip names: a
// caller that knows, from the hits it was given so far, that an article
// cannot be among those it wants. skip is called from the goroutine that
// reads the articles, at the same time as fn (nil: none skipped).
func RunSkipping(ctx context.Context, src Source, q *Query, user string, skipAlso func(doc string) bool, fn func(Hits) error) error {
	r := &runner{src: src, q: q, user: user}
	if err := r.prefilter(); err != nil {
		return err
	}
	skip := skipAlso
	if r.docs != nil {
		skip = func(doc string) bool { return !r.docs[doc] || skipAlso != nil && skipAlso(doc) }
	}
	return eachRecord(ctx, src, skip, func() func(string, []byte) (Hits, bool, error) {
		var sc scanner
		return func(doc string, rec []byte) (Hits, bool, error) {
			h, err := r.doc(&sc, doc, rec)
			return h, h.Matches != nil, err
		}
	}, func(_ string, h Hits) error { return fn(h) })
}

// EachRecord calls work with every article's decoded record, on every
// core, and emit, in article ID order from the calling goroutine, with what
// work found where it reported found. newWork makes one work function per
// goroutine, so each may keep buffers. The record given to work is valid
// only during the call (each goroutine folds every article into the same
// buffers). emit may return Stop to end early.
func EachRecord[T any](ctx context.Context, src Source, newWork func() func(doc string, r *Record) (T, bool, error), emit func(doc string, v T) error) error {
	return eachRecord(ctx, src, nil, func() func(string, []byte) (T, bool, error) {
		work := newWork()
		var dec Decoder
		return func(doc string, rec []byte) (T, bool, error) {
			r, err := dec.Decode(rec)
			if err != nil {
				var zero T
				return zero, false, errDamaged(doc)
			}
			return work(doc, r)
		}
	}, emit)
}

// runner is one search.
type runner struct {
	src  Source
	q    *Query
	user string
	// docs, when not nil, are the only articles that can match: those
	// with spans of a label: or an annotator: the query names.
	docs map[string]bool
}

// prefilter finds, for a query filtering on labels or annotators, the
// articles that have such spans, from the store's indexes.
func (r *runner) prefilter() error {
	for _, f := range []struct {
		byLabel bool
		names   []string
	}{{true, r.q.Labels}, {false, r.q.Annotators}} {
		if len(f.names) == 0 {
			continue
		}
		union := map[string]bool{}
		for _, n := range f.names {
			docs, err := r.src.DocsWith(f.byLabel, n)
			if err != nil {
				return err
			}
			for d := range docs {
				if r.docs == nil || r.docs[d] {
					union[d] = true
				}
			}
		}
		r.docs = union
	}
	return nil
}

// doc searches one article; Hits.Matches is nil when it has none.
func (r *runner) doc(sc *scanner, doc string, rec []byte) (Hits, error) {
	q := r.q
	if r.docs != nil && !r.docs[doc] {
		return Hits{}, nil
	}
	rd, err := sc.dec.Decode(rec)
	if err != nil {
		return Hits{}, errDamaged(doc)
	}
	if !q.DateIn(rd.Date) {
		return Hits{}, nil
	}
	if q.Done != 0 {
		who := r.user
		if len(q.Annotators) > 0 {
			who = q.Annotators[0]
		}
		done, err := r.src.Done(doc, who)
		if err != nil {
			return Hits{}, err
		}
		if done != (q.Done > 0) {
			return Hits{}, nil
		}
	}
	ms := sc.doc(rd, q.Terms)
	if len(q.Terms) > 0 && ms == nil {
		return Hits{}, nil
	}
	if q.SpanFilters() || len(q.Terms) == 0 {
		spans, err := passingSpans(r.src, doc, q)
		if err != nil {
			return Hits{}, err
		}
		ms = within(ms, spans, len(q.Terms) == 0)
		if len(ms) == 0 {
			return Hits{}, nil
		}
	}
	return Hits{Doc: doc, Matches: ms}, nil
}

// A batch is articles searched together by one worker.
type batch[T any] struct {
	docs  []string
	ends  []int // the end of each record in buf
	buf   []byte
	found []string
	vals  []T
	err   error
	done  chan struct{}
}

const batchBytes = 256 << 10

// eachRecord is EachRecord on raw records, skipping the articles skip
// names: with one core in the calling goroutine, else in batches on every
// core, handing what they found to emit in article order.
func eachRecord[T any](ctx context.Context, src Source, skip func(string) bool, newWork func() func(string, []byte) (T, bool, error), emit func(string, T) error) error {
	workers := runtime.GOMAXPROCS(0)
	var err error
	if workers < 2 {
		work := newWork()
		err = src.ScanRecords(ctx, func(doc string, rec []byte) error {
			if skip != nil && skip(doc) {
				return nil
			}
			v, found, err := work(doc, rec)
			if err != nil || !found {
				return err
			}
			return emit(doc, v)
		})
	} else {
		err = parallel(ctx, src, workers, skip, newWork, emit)
	}
	if errors.Is(err, Stop) {
		return nil
	}
	return err
}

func parallel[T any](ctx context.Context, src Source, workers int, skip func(string) bool, newWork func() func(string, []byte) (T, bool, error), emit func(string, T) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	todo := make(chan *batch[T], 2*workers)
	order := make(chan *batch[T], 4*workers)
	var scanErr error
	go func() {
		defer close(order)
		defer close(todo)
		cur := &batch[T]{done: make(chan struct{})}
		send := func() bool {
			select {
			case order <- cur:
			case <-ctx.Done():
				return false
			}
			todo <- cur
			cur = &batch[T]{done: make(chan struct{}), buf: make([]byte, 0, batchBytes+batchBytes/4)}
			return true
		}
		scanErr = src.ScanRecords(ctx, func(doc string, rec []byte) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			if skip != nil && skip(doc) {
				return nil
			}
			cur.docs = append(cur.docs, doc)
			cur.buf = append(cur.buf, rec...)
			cur.ends = append(cur.ends, len(cur.buf))
			if len(cur.buf) >= batchBytes && !send() {
				return ctx.Err()
			}
			return nil
		})
		if scanErr == nil && len(cur.docs) > 0 {
			send()
		}
	}()
	for i := 0; i < workers; i++ {
		go func() {
			work := newWork()
			for b := range todo {
				start := 0
				for j, doc := range b.docs {
					v, found, err := work(doc, b.buf[start:b.ends[j]])
					start = b.ends[j]
					if err != nil {
						b.err = err
						break
					}
					if found {
						b.found = append(b.found, doc)
						b.vals = append(b.vals, v)
					}
				}
				close(b.done)
			}
		}()
	}
	var err error
	for b := range order {
		if err != nil {
			continue // drain, so the scan can end
		}
		<-b.done
		if err = b.err; err != nil {
			cancel()
			continue
		}
		for i, doc := range b.found {
			if err = emit(doc, b.vals[i]); err != nil {
				cancel()
				break
			}
		}
	}
	if err != nil {
		return err
	}
	return scanErr
}

// passingSpans returns the spans of doc that pass the query's span filters.
func passingSpans(src Source, doc string, q *Query) ([]*annotate.Span, error) {
	spans, err := src.Spans(doc)
	if err != nil {
		return nil, err
	}
	var inThread map[string]bool
	if q.InThread {
		ths, err := src.ThreadsOfDoc(doc)
		if err != nil {
			return nil, err
		}
		inThread = map[string]bool{}
		for _, t := range ths {
			for _, m := range t.Members {
				if m.Doc == doc {
					inThread[m.Span] = true
				}
			}
		}
	}
	out := spans[:0]
	for _, s := range spans {
		if spanPasses(s, q, inThread) {
			out = append(out, s)
		}
	}
	return out, nil
}

func spanPasses(s *annotate.Span, q *Query, inThread map[string]bool) bool {
	if len(q.Labels) > 0 && !contains(q.Labels, s.Label) {
		return false
	}
	if len(q.Annotators) > 0 && !contains(q.Annotators, s.Annotator) {
		return false
	}
	if len(q.Notes) > 0 {
		note := FoldString(s.Note)
		for _, n := range q.Notes {
			if !strings.Contains(note, n) {
				return false
			}
		}
	}
	if q.InThread && !inThread[s.ID] {
		return false
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// within keeps the matches that lie inside one of spans; with spansOnly
// the spans themselves are the matches (a query of filters alone).
func within(ms []Match, spans []*annotate.Span, spansOnly bool) []Match {
	if spansOnly {
		out := make([]Match, 0, len(spans))
		for _, s := range spans {
			out = append(out, Match{s.Start(), s.End()})
		}
		sortMatches(out)
		return dedupe(out)
	}
	out := ms[:0]
	for _, m := range ms {
		for _, s := range spans {
			if s.Start() <= m.Start && m.End <= s.End() {
				out = append(out, m)
				break
			}
		}
	}
	return out
}

// dedupe drops repeats from sorted matches.
func dedupe(ms []Match) []Match {
	out := ms[:0]
	for _, m := range ms {
		if n := len(out); n > 0 && out[n-1] == m {
			continue
		}
		out = append(out, m)
	}
	return out
}

func sortMatches(ms []Match) {
	sort.Slice(ms, func(i, j int) bool {
		if ms[i].Start != ms[j].Start {
			return ms[i].Start < ms[j].Start
		}
		return ms[i].End < ms[j].End
	})
}

// scanner finds terms in one folded article; it keeps its buffers between
// articles.
type scanner struct {
	dec  Decoder
	r    *Record
	toks []tokRange // the article's words in bytes, made only when needed
	tokd bool
	// cpR, cpB, cpN: in record cpR, byte cpB is code point cpN — the last
	// offset cp converted, so that the next, usually just after it, is
	// counted from there and not from the text's start (a common word's
	// thousands of matches in a 300 KB article counted the article over
	// and over: seconds of both cores for the articles that report a span).
	cpR      *Record
	cpB, cpN int
}

type tokRange struct{ s, e int }

// doc returns the matches of every term in r, or nil when a term has none.
func (sc *scanner) doc(r *Record, terms []*Term) []Match {
	sc.r, sc.toks, sc.tokd, sc.cpR = r, sc.toks[:0], false, nil
	var ms []Match
	for _, t := range terms {
		n := len(ms)
		if t.Re != nil {
			for _, loc := range t.Re.FindAllIndex(r.Text, -1) {
				if loc[1] > loc[0] {
					ms = append(ms, sc.match(loc[0], loc[1]))
				}
			}
		} else {
			ms = sc.phrase(ms, t.Words)
		}
		if len(ms) == n {
			return nil
		}
	}
	if len(terms) > 1 {
		sortMatches(ms)
	}
	return ms
}

// match converts a match in bytes of the folded text to code points of
// the original.
func (sc *scanner) match(b0, b1 int) Match {
	if sc.r.ASCII && len(sc.r.Drops) == 0 {
		return Match{b0, b1}
	}
	s := sc.cp(b0)
	e := sc.cp(b1)
	return Match{sc.r.Orig(s, false), sc.r.Orig(e, true)}
}

func (sc *scanner) cp(b int) int {
	if sc.r.ASCII {
		return b
	}
	t := sc.r.Text
	if sc.cpR != sc.r {
		sc.cpR, sc.cpB, sc.cpN = sc.r, 0, 0
	}
	var n int
	switch {
	case b >= sc.cpB:
		n = sc.cpN + utf8.RuneCount(t[sc.cpB:b])
	case b >= sc.cpB-b:
		n = sc.cpN - utf8.RuneCount(t[b:sc.cpB])
	default:
		n = utf8.RuneCount(t[:b])
	}
	// Only a rune's first byte is a place to count on from: counted from
	// inside a rune, its bytes would count as runes of their own.
	if b == len(t) || utf8.RuneStart(t[b]) {
		sc.cpB, sc.cpN = b, n
	}
	return n
}

// phrase appends the occurrences of words, consecutive words of the text.
// It looks for the longest word and checks its neighbours.
func (sc *scanner) phrase(ms []Match, words [][]byte) []Match {
	k := 0
	for i, w := range words {
		if len(w) > len(words[k]) {
			k = i
		}
	}
	text := sc.r.Text
	anchor := words[k]
	for from := 0; ; {
		i := bytes.Index(text[from:], anchor)
		if i < 0 {
			break
		}
		h0 := from + i
		h1 := h0 + len(anchor)
		from = h0 + 1
		last := len(words) - 1
		if !sc.isStart(h0) || !(sc.isEnd(h1) || k == last && sc.isPossessive(h1)) {
			continue
		}
		start, end, ok := h0, h1, true
		for j := k + 1; j < len(words) && ok; j++ {
			q := sc.nextStart(end)
			if q < 0 || !bytes.HasPrefix(text[q:], words[j]) || !sc.isStart(q) ||
				!(sc.isEnd(q+len(words[j])) || j == last && sc.isPossessive(q+len(words[j]))) {
				ok = false
				break
			}
			end = q + len(words[j])
		}
		for j := k - 1; j >= 0 && ok; j-- {
			q := sc.prevEnd(start)
			if q < 0 || !bytes.HasSuffix(text[:q], words[j]) || !sc.isEnd(q) || !sc.isStart(q-len(words[j])) {
				ok = false
				break
			}
			start = q - len(words[j])
		}
		if ok {
			ms = append(ms, sc.match(start, end))
			if len(words) > 1 {
				from = end
			}
		}
	}
	return ms
}

// isGap reports whether an ASCII byte is never part of a word: spaces and
// the punctuation that makes no word on its own (annotate.Tokens keeps %, &,
// #, @ and symbols such as $ and + as words).
func isGap(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '\v', '\f', '!', '"', '\'', '(', ')', '*', ',', '-', '.', '/', ':', ';', '?', '[', '\\', ']', '{', '}':
		return true
	}
	return false
}

func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || 'A' <= c && c <= 'Z' || c == '_'
}

// isMid is the ASCII punctuation UAX #29 lets join two letters or two
// digits ("U.S", "don't", "3,000", "3.5").
func isMid(c byte) bool { return c == '.' || c == '\'' || c == ',' || c == ';' || c == ':' }

// boundary says, for ASCII text around p, whether a word boundary lies at
// p; known is false where the rules need the whole text.
func (sc *scanner) boundary(p int) (at, known bool) {
	t := sc.r.Text
	if p == 0 || p == len(t) {
		return true, true
	}
	x, y := t[p-1], t[p]
	if x >= utf8.RuneSelf || y >= utf8.RuneSelf || x == '%' || y == '%' {
		return false, false
	}
	if x == ' ' || x == '\n' || y == ' ' || y == '\n' {
		return true, true
	}
	xw, yw := isWordByte(x), isWordByte(y)
	switch {
	case xw && yw:
		return false, true
	case xw && isMid(y):
		if p+1 < len(t) && (isWordByte(t[p+1]) || t[p+1] >= utf8.RuneSelf) {
			return false, false
		}
	case yw && isMid(x):
		if p >= 2 && (isWordByte(t[p-2]) || t[p-2] >= utf8.RuneSelf) {
			return false, false
		}
	case x == '_' || y == '_':
		return false, false
	}
	return true, true
}

func (sc *scanner) isStart(p int) bool {
	if at, known := sc.boundary(p); known {
		return at
	}
	toks := sc.tokens()
	i := sort.Search(len(toks), func(i int) bool { return toks[i].s >= p })
	return i < len(toks) && toks[i].s == p
}

func (sc *scanner) isEnd(p int) bool {
	if at, known := sc.boundary(p); known {
		return at
	}
	toks := sc.tokens()
	i := sort.Search(len(toks), func(i int) bool { return toks[i].e >= p })
	return i < len(toks) && toks[i].e == p
}

// isPossessive reports whether a possessive 's follows p to the end of
// a word ("Kakar’s", folded "kakar's"): a search for "kakar" finds
// "Kakar’s", the 's left out of the match, where UAX #29 makes it one word.
func (sc *scanner) isPossessive(p int) bool {
	t := sc.r.Text
	return p+2 <= len(t) && t[p] == '\'' && t[p+1] == 's' && sc.isEnd(p+2)
}

// nextStart is where the first word at or after p begins, or -1.
func (sc *scanner) nextStart(p int) int {
	t := sc.r.Text
	q := p
	for q < len(t) && t[q] < utf8.RuneSelf && isGap(t[q]) {
		q++
	}
	if q < len(t) && t[q] < utf8.RuneSelf {
		return q
	}
	if q == len(t) {
		return -1
	}
	toks := sc.tokens()
	i := sort.Search(len(toks), func(i int) bool { return toks[i].s >= p })
	if i == len(toks) {
		return -1
	}
	return toks[i].s
}

// prevEnd is where the last word ending at or before p ends, or -1.
func (sc *scanner) prevEnd(p int) int {
	t := sc.r.Text
	q := p
	for q > 0 && t[q-1] < utf8.RuneSelf && isGap(t[q-1]) {
		q--
	}
	if q > 0 && t[q-1] < utf8.RuneSelf {
		return q
	}
	if q == 0 {
		return -1
	}
	toks := sc.tokens()
	i := sort.Search(len(toks), func(i int) bool { return toks[i].e > p }) - 1
	if i < 0 {
		return -1
	}
	return toks[i].e
}

// tokens are the article's words in byte offsets of the folded text, by
// the tokenizer every other part of skein uses.
func (sc *scanner) tokens() []tokRange {
	if sc.tokd {
		return sc.toks
	}
	sc.tokd = true
	sc.toks = sc.toks[:0]
	t := annotate.NewText(string(sc.r.Text))
	for _, tok := range annotate.Tokens(t) {
		sc.toks = append(sc.toks, tokRange{t.Byte(tok.Start), t.Byte(tok.End)})
	}
	return sc.toks
}

// Find returns the matches of the query's words, phrases and regexes in one
// text, in text order, ignoring its filters: the find bar over the open
// article.
func Find(q *Query, text string) []Match {
	f := Fold(text)
	r := &Record{Folded: *f}
	var sc scanner
	var ms []Match
	for _, t := range q.Terms {
		ms = append(ms, sc.doc(r, []*Term{t})...)
	}
	sortMatches(ms)
	return dedupe(ms)
}

// Holding calls fn for every article that holds at least min of terms (in
// any order, anywhere), with how many it holds, in article ID order. It is
// one pass over the corpus, on every core: suggestions use it to find the
// articles that share the rare words of a sentence.
func Holding(ctx context.Context, src Source, terms []*Term, min int, fn func(doc string, held int) error) error {
	return EachRecord(ctx, src, func() func(string, *Record) (int, bool, error) {
		var sc scanner
		one := make([]*Term, 1)
		return func(doc string, r *Record) (int, bool, error) {
			held := 0
			for i, t := range terms {
				if held+len(terms)-i < min {
					return 0, false, nil // cannot reach min
				}
				one[0] = t
				if sc.doc(r, one) != nil {
					held++
				}
			}
			return held, held >= min, nil
		}
	}, fn)
}

// WordTerm is the term for one folded word, as Parse makes it.
func WordTerm(word string) *Term {
	return &Term{Src: word, Words: [][]byte{[]byte(FoldString(word))}}
}

// ByteMatches returns the matches of the query's terms in a record, as byte
// offsets of its folded text, in text order (filters are not applied). With
// Orig they become offsets of the original text; suggestions read figures
// and sentences in the folded text itself.
func ByteMatches(q *Query, r *Record) [][2]int {
	var sc scanner
	sc.r = r
	var out [][2]int
	for _, t := range q.Terms {
		if t.Re != nil {
			for _, loc := range t.Re.FindAllIndex(r.Text, -1) {
				if loc[1] > loc[0] {
					out = append(out, [2]int{loc[0], loc[1]})
				}
			}
			continue
		}
		sc.toks, sc.tokd = sc.toks[:0], false
		sc.r = &Record{Folded: Folded{Text: r.Text, ASCII: true}} // bytes, not code points
		for _, m := range sc.phrase(nil, t.Words) {
			out = append(out, [2]int{m.Start, m.End})
		}
		sc.r = r
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

// OrigRange maps a range of bytes of the folded text to code points of the
// original text.
func (r *Record) OrigRange(b0, b1 int) Match {
	sc := scanner{r: r}
	return sc.match(b0, b1)
}

func errDamaged(doc string) error {
	return errors.New("article " + doc + " cannot be searched: its record is damaged: run skein check")
}
