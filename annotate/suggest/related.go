// Package suggest finds what an annotator may want to label or link next:
// other articles that report the same thing as a span — the same figure,
// by the Figures rules, or a near-duplicate sentence — to offer as members
// of a thread.
package suggest

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"sort"
	"unicode/utf8"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/figures"
	"github.com/skein-news/skein/annotate/search"
)

// Corpus is what suggestions read: the search records to find candidate
// articles in one pass, and the articles themselves.
type Corpus interface {
	search.Source
	Document(id string) (*annotate.Document, error)
}

// Related is a place in another article that reports what a span reports.
type Related struct {
	Doc        string
	Start, End int // code points: the figure, or the sentence
	Text       string
	// Similarity is 1 for the same figure, and for a sentence the share of
	// distinctive words the two sentences have in common (Jaccard).
	Similarity float64
	// Why says it in words: "the same figure: some 2,300" or "a similar
	// sentence (62%)".
	Why string
}

// MinSimilarity is how alike two sentences must be to be offered.
const MinSimilarity = 0.3

// RelatedTo returns the other articles' figures or sentences that report
// what [start, end) of d reports: when the span is a figure (of at most
// four words), the figures that agree with it (figures.Disagree is false,
// same unit); otherwise the sentences most like the one holding the span. The best
// comes first, one per article.
func RelatedTo(ctx context.Context, c Corpus, d *annotate.Document, start, end int) ([]Related, error) {
	t := annotate.NewText(d.Text)
	start, end = max(0, start), min(t.Len(), end)
	if start >= end {
		return nil, nil
	}
	// A figure, perhaps with a word or two ("2,267 casualties"), is
	// compared as a figure; a longer span by its sentence.
	text := t.Slice(start, end)
	if v, ok := figures.Read(text); ok && isQuantity(text) && len(annotate.Tokens(annotate.NewText(text))) <= 4 {
		return sameFigure(ctx, c, d.ID, v)
	}
	s, e := sentenceAround(t, start, end)
	return similarSentences(ctx, c, d.ID, t.Slice(s, e))
}

// isQuantity: figures.Find reads the span as a figure (not a year, a day
// or a name).
func isQuantity(s string) bool { return len(figures.Find(s)) > 0 }

// sameFigure finds the figures of other articles that agree with v: one
// pass over the search records finds the numbers of about its size, and
// each is read as a figure where it stands, in the folded text.
func sameFigure(ctx context.Context, c Corpus, self string, v figures.Value) ([]Related, error) {
	lo, hi := candidateRange(v)
	var out []Related
	err := search.EachRecord(ctx, c, func() func(string, *search.Record) (search.Match, bool, error) {
		return func(doc string, r *search.Record) (search.Match, bool, error) {
			if doc == self {
				return search.Match{}, false, nil
			}
			m, ok := agreeingFigure(r, v, lo, hi)
			return m, ok, nil
		}
	}, func(doc string, m search.Match) error {
		out = append(out, Related{Doc: doc, Start: m.Start, End: m.End, Similarity: 1})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return withTexts(c, out, func(r *Related) { r.Why = "the same figure: " + r.Text })
}

// agreeingFigure finds the first figure of a record that agrees with v:
// each number in [lo, hi] is read as a figure where it stands, in the
// folded text, with its qualifier before and its unit after.
func agreeingFigure(r *search.Record, v figures.Value, lo, hi float64) (search.Match, bool) {
	iv := v.Interval()
	for _, m := range numbersIn(r.Text, lo, hi) {
		// A number with no qualifier and no range around it is the
		// figure exactly: when its value is not one v allows, reading
		// it as a figure (most of a search's time) cannot make it agree.
		if skipExact && !allows(iv, m.value) && !allows(iv, m.scaled) && !figures.Hedged(string(r.Text[max(0, m.start-24):m.start]), string(r.Text[m.end:min(len(r.Text), m.end+24)])) {
			continue
		}
		w0, w1 := max(0, m.start-40), min(len(r.Text), m.end+24)
		for w0 > 0 && r.Text[w0]&0xc0 == 0x80 {
			w0--
		}
		for w1 < len(r.Text) && r.Text[w1]&0xc0 == 0x80 {
			w1++
		}
		win := annotate.NewText(string(r.Text[w0:w1]))
		for _, f := range figures.Find(win.String()) {
			b0, b1 := w0+win.Byte(f.Start), w0+win.Byte(f.End)
			if b1 <= m.start || b0 >= m.end {
				continue // another number in the window
			}
			if w := f.Value; w.Unit == v.Unit && !figures.Disagree([]figures.Value{v, w}) {
				return r.OrigRange(b0, b1), true
			}
		}
	}
	return search.Match{}, false
}

// skipExact is false only in the test that checks the skip changes no
// result.
var skipExact = true

// allows reports whether iv allows x.
func allows(iv figures.Interval, x float64) bool {
	return (x > iv.Lo || x == iv.Lo && !iv.LoOpen) && (x < iv.Hi || x == iv.Hi && !iv.HiOpen)
}

// withTexts fills in each suggestion's text from its article.
func withTexts(c Corpus, rel []Related, why func(*Related)) ([]Related, error) {
	for i := range rel {
		d, err := c.Document(rel[i].Doc)
		if err != nil {
			return nil, err
		}
		rel[i].Text = annotate.NewText(d.Text).Slice(rel[i].Start, rel[i].End)
		why(&rel[i])
	}
	return rel, nil
}

// candidateRange is the numbers, as written, worth reading as a figure
// that may agree with v: those within a quarter of v's interval (an open
// end reaches ten times the bound).
func candidateRange(v figures.Value) (lo, hi float64) {
	iv := v.Interval()
	lo, hi = iv.Lo, iv.Hi
	if math.IsInf(lo, -1) {
		lo = hi / 10
	}
	if math.IsInf(hi, 1) {
		hi = lo * 10
	}
	if lo > hi {
		lo, hi = hi, lo
	}
	return lo * 0.8, hi * 1.25
}

// number is a number in a text: its bytes, its value, and its value times
// the scale word after it (the same when there is none; a word that only
// starts like one, "millions", makes them differ too, so both are kept).
type number struct {
	start, end    int
	value, scaled float64
}

// numbersIn returns the numbers in text (digits with thousands commas and a
// decimal point) whose value lies in [lo, hi], the figure reader to decide
// about each.
func numbersIn(text []byte, lo, hi float64) []number {
	var out []number
	for i := 0; i < len(text); {
		c := text[i]
		if c < '0' || c > '9' || i > 0 && (text[i-1] == '.' || text[i-1] == ',' || text[i-1] >= '0' && text[i-1] <= '9') {
			i++
			continue
		}
		j := i
		var n float64
		frac := 0.0
		for j < len(text) {
			c := text[j]
			switch {
			case c >= '0' && c <= '9':
				if frac > 0 {
					n += float64(c-'0') * frac
					frac /= 10
				} else {
					n = n*10 + float64(c-'0')
				}
			case c == ',' && frac == 0 && j+1 < len(text) && text[j+1] >= '0' && text[j+1] <= '9':
			case c == '.' && frac == 0 && j+1 < len(text) && text[j+1] >= '0' && text[j+1] <= '9':
				frac = 0.1
			default:
				goto done
			}
			j++
		}
	done:
		if x := scaled(text[j:], n); n >= lo && n <= hi || x >= lo && x <= hi {
			out = append(out, number{i, j, n, x})
		}
		i = j + 1
	}
	return out
}

// scaled is n times the scale word after it ("1.7 million"), if any.
func scaled(after []byte, n float64) float64 {
	after = bytes.TrimLeft(after, " ")
	for _, s := range []struct {
		word string
		mul  float64
	}{{"million", 1e6}, {"billion", 1e9}, {"bn", 1e9}, {"m ", 1e6}, {"lakh", 1e5}, {"crore", 1e7}, {"thousand", 1e3}} {
		if bytes.HasPrefix(after, []byte(s.word)) {
			return n * s.mul
		}
	}
	return n
}

// sentences splits rs into sentences, without the white space around them.
func sentences(rs []rune) [][2]int {
	var out [][2]int
	start := 0
	add := func(s, e int) {
		for s < e && isBlank(rs[s]) {
			s++
		}
		for e > s && isBlank(rs[e-1]) {
			e--
		}
		if s < e {
			out = append(out, [2]int{s, e})
		}
	}
	for i := range rs {
		if sentenceBreak(rs, i) {
			add(start, i+1)
			start = i + 1
		}
	}
	add(start, len(rs))
	return out
}

func isBlank(r rune) bool { return r == ' ' || r == '\n' || r == '\t' || r == '\r' }

// sentenceAround widens [start, end) to the sentence that holds it: from
// after the last sentence end (. ! ? or a line break followed by white
// space) before start to the next after end.
func sentenceAround(t *annotate.Text, start, end int) (int, int) {
	rs := []rune(t.String())
	s := start
	for s > 0 && !sentenceBreak(rs, s-1) {
		s--
	}
	e := end
	for e < len(rs) && !sentenceBreak(rs, e-1) {
		e++
	}
	for s < e && isBlank(rs[s]) {
		s++
	}
	for e > s && isBlank(rs[e-1]) {
		e--
	}
	return s, e
}

// sentenceBreak reports whether a sentence ends after rs[i].
func sentenceBreak(rs []rune, i int) bool {
	if rs[i] == '\n' {
		return true
	}
	if rs[i] != '.' && rs[i] != '!' && rs[i] != '?' {
		return false
	}
	return i+1 >= len(rs) || rs[i+1] == ' ' || rs[i+1] == '\n' || rs[i+1] == '”' || rs[i+1] == '"'
}

// words are a text's distinctive words, folded: those of four letters or
// more, which leaves out most function words.
func words(s string) map[string]bool {
	t := annotate.NewText(search.FoldString(s))
	out := map[string]bool{}
	for _, tok := range annotate.Tokens(t) {
		if w := t.Slice(tok.Start, tok.End); utf8.RuneCountInString(w) >= 4 {
			out[w] = true
		}
	}
	return out
}

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	both := 0
	for w := range a {
		if b[w] {
			both++
		}
	}
	return float64(both) / float64(len(a)+len(b)-both)
}

// candidates is how many articles, those holding the most of a sentence's
// longest words, similarSentences compares sentence by sentence.
const candidates = 64

// similarSentences finds, in other articles, the sentence most like
// sentence, when it is alike enough. One pass over the search records
// finds the articles holding most of its longest words; the best of them
// are compared sentence by sentence.
func similarSentences(ctx context.Context, c Corpus, self, sentence string) ([]Related, error) {
	mine := words(sentence)
	if len(mine) < 3 {
		return nil, nil
	}
	probe := make([]string, 0, len(mine))
	for w := range mine {
		probe = append(probe, w)
	}
	// The longest words are the rarest; ties in a fixed order.
	sort.Slice(probe, func(i, j int) bool {
		if len(probe[i]) != len(probe[j]) {
			return len(probe[i]) > len(probe[j])
		}
		return probe[i] < probe[j]
	})
	probe = probe[:min(len(probe), 5)]
	terms := make([]*search.Term, len(probe))
	for i, w := range probe {
		terms[i] = search.WordTerm(w)
	}
	type cand struct {
		doc  string
		held int
	}
	var cands []cand
	err := search.Holding(ctx, c, terms, (len(terms)+1)/2, func(doc string, held int) error {
		if doc != self {
			cands = append(cands, cand{doc, held})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].held > cands[j].held })
	var out []Related
	for _, cd := range cands[:min(len(cands), candidates)] {
		d, err := c.Document(cd.doc)
		if err != nil {
			return nil, err
		}
		t := annotate.NewText(d.Text)
		best := Related{}
		for _, r := range sentences([]rune(d.Text)) {
			if sim := jaccard(mine, words(t.Slice(r[0], r[1]))); sim > best.Similarity {
				best = Related{Doc: cd.doc, Start: r[0], End: r[1], Text: t.Slice(r[0], r[1]), Similarity: sim}
			}
		}
		if best.Similarity >= MinSimilarity {
			best.Why = fmt.Sprintf("a similar sentence (%.0f%%)", 100*best.Similarity)
			out = append(out, best)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Similarity > out[j].Similarity })
	return out, nil
}
