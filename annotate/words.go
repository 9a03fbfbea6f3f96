package annotate

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clipperhouse/uax29/v2/words"
)

// Token is one word of an article, in code points, found by the Unicode word
// boundary rules (UAX #29). Spaces and punctuation between words are not
// tokens.
type Token struct {
	Start, End int
}

// Tokens splits text into words with UAX #29 and drops the pieces that are
// only spaces or punctuation. It is the one tokenizer skein uses: snapping,
// agreement on tokens, CoNLL and Prodigy tokens all agree with it.
func Tokens(t *Text) []Token { return AppendTokens(nil, t) }

// AppendTokens appends t's tokens to dst and returns the longer slice, so
// that code tokenizing many articles can reuse one buffer.
func AppendTokens(dst []Token, t *Text) []Token {
	// About one word in six bytes of running text: growing the list once
	// up front spares a large article's copies of it as it grows.
	out := slices.Grow(dst, len(t.String())/6)
	it := words.FromString(t.String())
	cp := 0 // the iterator is contiguous: each token starts where the last ended
	for it.Next() {
		start := cp
		if t.byteAt == nil {
			cp = it.End()
		} else {
			cp += utf8.RuneCountInString(it.Value())
		}
		v := it.Value()
		if !isWordToken(v) {
			continue
		}
		// UAX #29 splits "60%" in two; a figure is one word to a reader, so
		// a percent sign joins the number it follows.
		if n := len(out); n > len(dst) && out[n-1].End == start && (v == "%" || v == "‰" || v == "‱") {
			out[n-1].End = cp
			continue
		}
		out = append(out, Token{Start: start, End: cp})
	}
	return out
}

func isWordToken(v string) bool {
	if len(v) == 1 { // the common case: one space, one ASCII sign or letter
		switch c := v[0]; {
		case c == ' ' || c == '\n' || c == '\t' || c == '\r':
			return false
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9':
			return true
		}
	}
	for _, r := range v {
		if unicode.IsSpace(r) {
			continue
		}
		// Letters, digits, marks and symbols (currency, emoji) make a word;
		// so do the punctuation signs that carry meaning in news figures and
		// names: "60 %", "AT&T", "#1". Other punctuation separates words.
		if !unicode.IsPunct(r) || strings.ContainsRune("%‰‱&#@§°", r) {
			return true
		}
	}
	return false
}

// Words is a text's tokens, searchable by offset.
type Words struct {
	toks []Token
	t    *Text
}

// NewWords tokenizes t.
func NewWords(t *Text) *Words { return &Words{toks: Tokens(t), t: t} }

// PossessiveEnd reports whether the last two code points of a word of
// three or more, apos and s, are a possessive 's ("Kakar’s"), which UAX #29
// keeps inside the word and a selection, the search and the token-level
// exports take as a part of its own.
func PossessiveEnd(apos, s rune) bool {
	return (apos == '\'' || apos == '’') && (s == 's' || s == 'S')
}

// possessive reports whether tok ends in a possessive 's.
func (w *Words) possessive(tok Token) bool {
	if w.t == nil || tok.End-tok.Start < 3 {
		return false
	}
	tail := w.t.Slice(tok.End-2, tok.End)
	a, n := utf8.DecodeRuneInString(tail)
	b, _ := utf8.DecodeRuneInString(tail[n:])
	return PossessiveEnd(a, b)
}

// Tokens returns the tokens in order.
func (w *Words) Tokens() []Token { return w.toks }

// At returns the token containing code point cp.
func (w *Words) At(cp int) (Token, bool) {
	i := sort.Search(len(w.toks), func(i int) bool { return w.toks[i].End > cp })
	if i < len(w.toks) && w.toks[i].Start <= cp {
		return w.toks[i], true
	}
	return Token{}, false
}

// Snap widens [start, end) to whole words: a start inside a word moves to the
// word's start, an end inside a word moves to its end, and spaces or
// punctuation at either edge are trimmed away. A possessive 's is a part of
// its own: an end before it stops there ("Kakar" of "Kakar’s", as spaCy
// and a reader take it), an end on it takes it. A selection that holds no
// word at all is returned unchanged with ok false.
func (w *Words) Snap(start, end int) (s, e int, ok bool) {
	if end < start {
		start, end = end, start
	}
	// First token that ends after start.
	i := sort.Search(len(w.toks), func(i int) bool { return w.toks[i].End > start })
	// Last token that starts before end.
	j := sort.Search(len(w.toks), func(i int) bool { return w.toks[i].Start >= end }) - 1
	if i >= len(w.toks) || j < 0 || i > j {
		return start, end, false
	}
	e = w.toks[j].End
	if end <= e-2 && w.possessive(w.toks[j]) {
		e -= 2
	}
	return w.toks[i].Start, e, true
}

// Word is the word a click at code point cp selects: the token there, less
// a possessive 's when the click is before it.
func (w *Words) Word(cp int) (Token, bool) {
	tok, ok := w.At(cp)
	if ok && cp < tok.End-2 && w.possessive(tok) {
		tok.End -= 2
	}
	return tok, ok
}

// Range returns the indices [first, last] of tokens that overlap [start, end).
func (w *Words) Range(start, end int) (first, last int, ok bool) {
	i := sort.Search(len(w.toks), func(i int) bool { return w.toks[i].End > start })
	j := sort.Search(len(w.toks), func(i int) bool { return w.toks[i].Start >= end }) - 1
	if i >= len(w.toks) || j < 0 || i > j {
		return 0, 0, false
	}
	return i, j, true
}

// Fold returns s as search compares it: in lower case, with the letters
// Arabic-script languages write in several forms brought to one (Arabic ي
// and ى and Persian ی; Arabic ك and Urdu ک; Arabic ه, ة and Urdu ہ, ۃ),
// without harakat and other vowel marks, and without the tatweel that
// stretches a joined letter. A reader of Urdu, Persian or Arabic finds a word
// however the article spelled it.
func Fold(s string) string {
	arabic := false
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0xD8 && c <= 0xDB { // lead bytes of U+0600–U+06FF
			arabic = true
			break
		}
	}
	s = strings.ToLower(s)
	if !arabic {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == 'ي' || r == 'ى':
			return 'ی'
		case r == 'ك':
			return 'ک'
		case r == 'ه' || r == 'ة' || r == 'ۃ' || r == 'ۀ' || r == 'ۂ':
			return 'ہ' // not ھ, which makes a different Urdu word (بھی, بہی)
		case r == 'ـ', // tatweel
			r >= 0x064B && r <= 0x065F, r == 0x0670, // harakat, superscript alef
			r >= 0x06D6 && r <= 0x06ED: // Quranic marks
			return -1
		}
		return r
	}, s)
}
