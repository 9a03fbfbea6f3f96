package suggest

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/figures"
	"github.com/skein-news/skein/annotate/search"
)

// Suggestion is a span offered to the annotator, drawn apart from real
// spans, that enters their layer only when accepted.
type Suggestion struct {
	Doc        string
	Start, End int // code points, end exclusive
	Label      string
	// Source is where it comes from: SourceLabels, SourceFigures or
	// ModelSource(NAME).
	Source string
	// Score is a model's confidence in [0, 1], or NoScore.
	Score float64
}

// NoScore is the Score of a suggestion that has none.
const NoScore = -1

// The sources of suggestions besides models.
const (
	SourceLabels  = "labels"  // other occurrences of strings already labelled
	SourceFigures = "figures" // numbers with their qualifiers, as figure
)

// modelPrefix starts the Source of a model's suggestions.
const modelPrefix = "model:"

// ModelSource is the Source of the suggestions imported as from model name.
func ModelSource(name string) string { return modelPrefix + name }

// ModelName is the model a Source names, or "" when it names none.
func ModelName(source string) string {
	if n, ok := strings.CutPrefix(source, modelPrefix); ok {
		return n
	}
	return ""
}

// SourceTitle is a source as the window names it.
func SourceTitle(source string) string {
	switch source {
	case SourceLabels:
		return "Your labels"
	case SourceFigures:
		return "Figures"
	}
	if n := ModelName(source); n != "" {
		return "Model " + n
	}
	return source
}

// Same reports whether a and b offer the same label at the same place, as a
// rejection remembers it (the source does not matter: a rejected place is
// not offered again by any source).
func (s Suggestion) Same(o Suggestion) bool {
	return s.Doc == o.Doc && s.Start == o.Start && s.End == o.End && s.Label == o.Label
}

// String names a suggestion for a person: `figure "some 2,300" (Figures)`.
func (s Suggestion) String() string {
	out := s.Label + " (" + SourceTitle(s.Source)
	if s.Score != NoScore {
		out += fmt.Sprintf(", %.0f%%", 100*s.Score)
	}
	return out + ")"
}

// Figures are the figures of text, as the Figures reader finds them, offered
// as figure.
func Figures(doc, text string) []Suggestion {
	var out []Suggestion
	for _, m := range figures.Find(text) {
		out = append(out, Suggestion{Doc: doc, Start: m.Start, End: m.End, Label: annotate.Figure, Source: SourceFigures, Score: NoScore})
	}
	return out
}

// Phrases are the strings an annotator (or the curated layer) labelled,
// folded as search folds them, each with the label it was given most often;
// Find offers their other occurrences. What each article contributes is
// kept apart, so an edit replaces one article's strings (SetDoc). Not safe
// for concurrent use.
type Phrases struct {
	byDoc map[string][]labelled
	// byFirst indexes the folded strings by their first word, built on the
	// first Find after a change.
	byFirst map[string][]phrase
	n       int // strings in byFirst
}

type labelled struct{ text, label string }

type phrase struct {
	text  string
	label string
}

// NewPhrases returns an empty set.
func NewPhrases() *Phrases { return &Phrases{byDoc: map[string][]labelled{}} }

// Add counts text as labelled label once, in no article in particular. A
// text that does not start with a letter or digit, or is a single
// character, is not offered elsewhere.
func (p *Phrases) Add(text, label string) {
	if f, ok := phraseText(text); ok {
		p.byDoc[""] = append(p.byDoc[""], labelled{f, label})
		p.byFirst = nil
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

// SetDoc replaces what article doc contributes with the texts of spans in
// t (discontinuous spans are left out: they are not one string).
func (p *Phrases) SetDoc(doc string, t *annotate.Text, spans []*annotate.Span) {
	var ls []labelled
	for _, sp := range spans {
		if len(sp.Fragments) != 1 {
			continue
		}
		if f, ok := phraseText(t.Slice(sp.Fragments[0].Start, sp.Fragments[0].End)); ok {
			ls = append(ls, labelled{f, sp.Label})
		}
	}
	if len(ls) == 0 && len(p.byDoc[doc]) == 0 {
		return
	}
	if len(ls) == 0 {
		delete(p.byDoc, doc)
	} else {
		p.byDoc[doc] = ls
	}
	p.byFirst = nil
}

// Len is how many different strings the set holds.
func (p *Phrases) Len() int {
	if p.byFirst == nil {
		p.index()
	}
	return p.n
}

func (p *Phrases) index() {
	votes := map[string]map[string]int{}
	for _, ls := range p.byDoc {
		for _, l := range ls {
			v := votes[l.text]
			if v == nil {
				v = map[string]int{}
				votes[l.text] = v
			}
			v[l.label]++
		}
	}
	p.n = len(votes)
	p.byFirst = map[string][]phrase{}
	for text, v := range votes {
		best := ""
		for l, n := range v {
			if best == "" || n > v[best] || n == v[best] && l < best {
				best = l
			}
		}
		first := text[:wordEnd(text, 0)]
		p.byFirst[first] = append(p.byFirst[first], phrase{text, best})
	}
	// Longer strings first, so "Tehrik-e Taliban Pakistan" wins over
	// "Tehrik-e" where both start.
	for _, ps := range p.byFirst {
		slices.SortFunc(ps, func(a, b phrase) int {
			return cmp.Or(cmp.Compare(len(b.text), len(a.text)), strings.Compare(a.text, b.text))
		})
	}
}

// Find returns every occurrence in text of a labelled string, as whole
// words, with its label; where several start at one place the longest
// wins, and occurrences do not overlap.
func (p *Phrases) Find(doc, text string) []Suggestion {
	if p.byFirst == nil {
		p.index()
	}
	if p.n == 0 {
		return nil
	}
	f := search.Fold(text)
	ft := string(f.Text)
	var out []Suggestion
	// i is always at a word's start or outside words; cp is its code
	// point offset in the folded text.
	for i, cp := 0, 0; i < len(ft); {
		r, n := utf8.DecodeRuneInString(ft[i:])
		if !isWord(r) {
			i += n
			cp++
			continue
		}
		j := wordEnd(ft, i)
		matched := false
		for _, ph := range p.byFirst[ft[i:j]] {
			k := i + len(ph.text)
			if !strings.HasPrefix(ft[i:], ph.text) || wordEnd(ft, k) != k {
				continue // not here, or it ends inside a word
			}
			end := cp + utf8.RuneCountInString(ph.text)
			out = append(out, Suggestion{Doc: doc, Start: f.Orig(cp, false), End: f.Orig(end, true),
				Label: ph.label, Source: SourceLabels, Score: NoScore})
			i, cp, matched = k, end, true
			break
		}
		if !matched {
			cp += utf8.RuneCountInString(ft[i:j])
			i = j
		}
	}
	return out
}

func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }

// wordEnd is the end of the run of word runes starting at byte i of s.
func wordEnd(s string, i int) int {
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isWord(r) {
			break
		}
		i += n
	}
	return i
}

// Filter returns sugs without what is not worth offering: a place a span of
// the same label in the user's layer overlaps already (the string labelled
// there, or a figure labelled), a place rejected (Same as one in
// rejected), and a second offer of the same label at the same place (the
// first source in sugs wins). The rest is sorted in text order.
func Filter(sugs []Suggestion, own []*annotate.Span, rejected []Suggestion) []Suggestion {
	labelled := map[string]*intervals{}
	for _, sp := range own {
		iv := labelled[sp.Label]
		if iv == nil {
			iv = &intervals{}
			labelled[sp.Label] = iv
		}
		iv.frags = append(iv.frags, sp.Fragments...)
	}
	for _, iv := range labelled {
		iv.sort()
	}
	type place struct {
		start, end int
		label      string
	}
	seen := make(map[place]bool, len(sugs)+len(rejected))
	for _, r := range rejected {
		seen[place{r.Start, r.End, r.Label}] = true
	}
	out := make([]Suggestion, 0, len(sugs))
	for _, s := range sugs {
		at := place{s.Start, s.End, s.Label}
		if s.Start >= s.End || seen[at] {
			continue
		}
		if iv := labelled[s.Label]; iv != nil && iv.overlaps(s.Start, s.End) {
			continue
		}
		seen[at] = true
		out = append(out, s)
	}
	slices.SortStableFunc(out, func(a, b Suggestion) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End))
	})
	return out
}

// intervals are fragments sorted by start, with the greatest end up to
// each, to tell in O(log n) whether any overlaps a range.
type intervals struct {
	frags  []annotate.Fragment
	maxEnd []int
}

func (iv *intervals) sort() {
	slices.SortFunc(iv.frags, func(a, b annotate.Fragment) int { return cmp.Compare(a.Start, b.Start) })
	iv.maxEnd = make([]int, len(iv.frags))
	m := 0
	for i, f := range iv.frags {
		m = max(m, f.End)
		iv.maxEnd[i] = m
	}
}

// overlaps reports whether a fragment overlaps [s, e): among those starting
// before e, one ends after s.
func (iv *intervals) overlaps(s, e int) bool {
	n, _ := slices.BinarySearchFunc(iv.frags, e, func(f annotate.Fragment, e int) int { return cmp.Compare(f.Start, e) })
	return n > 0 && iv.maxEnd[n-1] > s
}

// Accept returns the one change that makes sugs ordinary spans in user's
// layer, each of label (its own when label is ""), exactly where it was
// offered (a suggestion lies on whole words already: a drag's snapping
// would widen "Kakar" in "Kakar’s" to the whole word); a place a span of
// that label in user's layer holds already is skipped. The change is nil
// when there is nothing to add.
func Accept(src search.Layers, user, label string, sugs []Suggestion) (*annotate.Change, error) {
	c := &annotate.Change{ID: annotate.NewID(), User: user, At: annotate.NowMillis()}
	own := map[string][]*annotate.Span{}
	for _, s := range sugs {
		l := cmp.Or(label, s.Label)
		spans, ok := own[s.Doc]
		if !ok {
			var err error
			if spans, err = src.LayerSpans(s.Doc, user); err != nil {
				return nil, err
			}
		}
		if holds(spans, l, s.Start, s.End) {
			continue
		}
		sp := &annotate.Span{ID: annotate.NewID(), Doc: s.Doc, Label: l, Annotator: user,
			Fragments: []annotate.Fragment{{Start: s.Start, End: s.End}}, Created: c.At}
		own[s.Doc] = append(spans, sp)
		c.Spans = append(c.Spans, annotate.SpanEdit{After: sp})
		if c.Doc == "" {
			c.Doc = s.Doc
		}
	}
	if len(c.Spans) == 0 {
		return nil, nil
	}
	c.Desc = "accept " + annotate.Count(len(c.Spans), "suggestion")
	return c, nil
}

// holds reports whether a span labelled label has a fragment holding all of
// [s, e).
func holds(spans []*annotate.Span, label string, s, e int) bool {
	for _, sp := range spans {
		if sp.Label != label {
			continue
		}
		for _, f := range sp.Fragments {
			if f.Start <= s && e <= f.End {
				return true
			}
		}
	}
	return false
}
