// Package figures reads the numbers news articles report — "2,267",
// "some 2,300", "over 2,200", "60%", "1.7 million" — with the hedge that
// qualifies them, and tells when articles that report the same figure
// disagree. It knows English number words and qualifiers only.
package figures

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Qualifiers: how a figure is hedged.
const (
	Exact = "exact" // "2,267"
	About = "about" // "some 2,300", "around", "approximately", "roughly"
	Over  = "over"  // "over 2,200", "more than", "at least"
	Under = "under" // "nearly", "almost", "less than", "up to"
)

// Percent is the unit of "60%", "60 percent" and "60 per cent". A figure
// with no unit has Unit "".
const Percent = "percent"

// Value is a figure as an article states it.
type Value struct {
	Number    float64 // 1.7 million reads as 1700000
	Qualifier string  // Exact, About, Over or Under
	// Inclusive is true for an Over or Under bound that is itself possible:
	// "at least 500" allows 500, "over 500" does not.
	Inclusive bool
	Unit      string // "" or Percent
	Text      string // the words read, as the text has them: "more than 327,000"
}

// Match is a figure found in a longer text, in code points, end exclusive.
type Match struct {
	Start, End int
	Value      Value
}

// Read reads the figure in s, typically the text of a span labelled figure:
// "2,267", "some 2,300", "60%", "over 2,200 Pakistani lives". Words around
// the figure are ignored. When s holds several numbers, the first that reads
// as a figure wins over years and days of the month ("in 2023, 79%" reads
// 79%); ok is false when s holds no number at all.
func Read(s string) (v Value, ok bool) {
	var weak *Match
	for _, m := range scan(s) {
		if !m.weak {
			return m.Value, true
		}
		if weak == nil {
			mm := m.Match
			weak = &mm
		}
	}
	if weak != nil {
		return weak.Value, true
	}
	return Value{}, false
}

// Find returns the figure-like expressions of text in order, to suggest
// figures to annotate. It leaves out what is not a quantity: years ("in
// 2021"), days ("November 11"), dates ("2023-11-10"), ordinals ("3rd"), names
// ("G20", "COVID-19") and number words standing alone ("one local").
func Find(text string) []Match {
	var out []Match
	for _, m := range scan(text) {
		if !m.weak {
			out = append(out, m.Match)
		}
	}
	return out
}

type qualifier struct {
	q         string
	inclusive bool
}

// qualifiers are the hedges read before a number, by their lower-case words.
var qualifiers = map[string]qualifier{
	"exactly": {Exact, false}, "precisely": {Exact, false},

	"some": {About, false}, "about": {About, false}, "around": {About, false},
	"approximately": {About, false}, "roughly": {About, false}, "circa": {About, false},
	"estimated": {About, false}, "an estimated": {About, false}, "close to": {About, false},
	"~": {About, false},

	"over": {Over, false}, "more than": {Over, false}, "above": {Over, false},
	"in excess of": {Over, false}, "upwards of": {Over, false}, "greater than": {Over, false},
	"just over": {Over, false}, "well over": {Over, false}, "exceeding": {Over, false},
	"at least": {Over, true}, "no fewer than": {Over, true}, "no less than": {Over, true},
	"not less than": {Over, true}, "a minimum of": {Over, true},

	"nearly": {Under, false}, "almost": {Under, false}, "less than": {Under, false},
	"fewer than": {Under, false}, "under": {Under, false}, "below": {Under, false},
	"just under": {Under, false}, "not quite": {Under, false},
	"up to": {Under, true}, "at most": {Under, true}, "no more than": {Under, true},
	"not more than": {Under, true}, "a maximum of": {Under, true}, "as many as": {Under, true},
}

// scales multiply the number before them: "1.7 million".
var scales = map[string]int{"hundred": 2, "thousand": 3, "million": 6, "billion": 9, "trillion": 12}

var ones = map[string]int{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
	"fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}

var tens = map[string]int{
	"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}

// months are matched as written, capitalised, so "may" the verb is not one.
var months = map[string]bool{
	"January": true, "February": true, "March": true, "April": true, "May": true, "June": true,
	"July": true, "August": true, "September": true, "October": true, "November": true, "December": true,
}

const (
	tWord uint8 = iota
	tNum
	tOther
)

type token struct {
	b0, b1 int32 // bytes
	c0, c1 int32 // code points
	kind   uint8
	glued  bool // nothing between the previous token and this one
	spaced bool // only white space between the previous token and this one
	plain  bool // a number with no thousands separator or decimal point
}

// lexed is a text cut into tokens. Tokens hold offsets only, so a long
// article's tokens are one small allocation the collector need not scan.
type lexed struct {
	s    string
	toks []token
}

// text is token i as written.
func (l *lexed) text(i int) string { return l.s[l.toks[i].b0:l.toks[i].b1] }

// low is token i in lower case, for looking words up.
func (l *lexed) low(i int) string { return strings.ToLower(l.text(i)) }

// lex cuts s into words (letters and digits, with inner apostrophes and
// hyphens: "twenty-five", "G20"), numbers that start with a digit ("2,267",
// "1.7"), and single other characters. White space is not a token.
func lex(s string) *lexed {
	toks := make([]token, 0, len(s)/5)
	gap := 0 // white-space runes since the last token
	b, cp := 0, 0
	for b < len(s) {
		r, size := utf8.DecodeRuneInString(s[b:])
		if unicode.IsSpace(r) {
			gap++
			b += size
			cp++
			continue
		}
		t := token{c0: int32(cp), b0: int32(b), glued: gap == 0 && len(toks) > 0, spaced: gap > 0 && len(toks) > 0}
		e, n := b+size, 1 // end in bytes, length in code points
		switch {
		case isDigit(r):
			t.kind = tNum
			e = scanNumber(s, b, &t)
			n = e - b // a number is ASCII
		case unicode.IsLetter(r):
			t.kind = tWord
			for e < len(s) {
				c, cs := utf8.DecodeRuneInString(s[e:])
				if unicode.IsLetter(c) || unicode.IsDigit(c) || unicode.IsMark(c) {
					e += cs
					n++
					continue
				}
				if c == '-' || c == '\'' || c == '’' {
					if d, ds := utf8.DecodeRuneInString(s[e+cs:]); unicode.IsLetter(d) {
						e += cs + ds
						n += 2
						continue
					}
				}
				break
			}
		default:
			t.kind = tOther
		}
		t.c1, t.b1 = int32(cp+n), int32(e)
		toks = append(toks, t)
		gap = 0
		b, cp = e, cp+n
	}
	return &lexed{s: s, toks: toks}
}

func isDigit[T rune | byte](r T) bool { return r >= '0' && r <= '9' }

// scanNumber reads digits from s[i], then thousands groups (",267" — only
// after a first group of at most three digits, and only of exactly three
// digits), then a decimal part. A comma or full stop not followed by digits
// ends the number: "2,267," and "October 3." stop before it. It returns the
// byte offset after the number.
func scanNumber(s string, i int, t *token) int {
	j := i
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	t.plain = true
	if j-i <= 3 {
		for j < len(s) && s[j] == ',' && allDigits(s, j+1, j+4) && (j+4 >= len(s) || !isDigit(s[j+4])) {
			j += 4
			t.plain = false
		}
	}
	if j+1 < len(s) && s[j] == '.' && isDigit(s[j+1]) {
		j++
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		t.plain = false
	}
	return j
}

func allDigits(s string, from, to int) bool {
	if to > len(s) {
		return false
	}
	for i := from; i < to; i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

type found struct {
	Match
	weak bool // a year, a day of the month, or a number word standing alone
}

// scan finds every figure in s, weak ones included.
func scan(s string) []found {
	l := lex(s)
	var out []found
	for i := 0; i < len(l.toks); {
		f, next, ok := figureAt(l, i)
		if !ok {
			i++
			continue
		}
		out = append(out, f)
		i = next
	}
	return out
}

// figureAt reads a figure whose number starts at token i: the number, its
// scale words, its unit, and the qualifier before it.
func figureAt(l *lexed, i int) (found, int, bool) {
	t := l.toks[i]
	var mant string // decimal digits of the number before scaling
	exp := 0
	j := i + 1
	words := false
	switch t.kind {
	case tNum:
		if partOfName(l, i) {
			return found{}, 0, false
		}
		mant = strings.ReplaceAll(l.text(i), ",", "")
	case tWord:
		m, k, ok := wordNumber(l, i)
		if !ok {
			return found{}, 0, false
		}
		mant, j, words = m, k, true
	default:
		return found{}, 0, false
	}
	scaled := false
	for j < len(l.toks) && l.toks[j].kind == tWord && l.toks[j].spaced {
		e, ok := scales[l.low(j)]
		if !ok || (e == 2 && !words) {
			break
		}
		exp += e
		scaled = true
		j++
	}
	unit := ""
	if k, ok := percentAt(l, j); ok {
		unit, j = Percent, k
	}
	start := i
	q := qualifier{q: Exact}
	if k, qq, ok := qualifierBefore(l, i); ok {
		start, q = k, qq
	}
	num, err := strconv.ParseFloat(mant+"e"+strconv.Itoa(exp), 64)
	if err != nil {
		return found{}, 0, false
	}
	end := l.toks[j-1]
	f := found{Match: Match{
		Start: int(l.toks[start].c0),
		End:   int(end.c1),
		Value: Value{Number: num, Qualifier: q.q, Inclusive: q.inclusive, Unit: unit, Text: l.s[l.toks[start].b0:end.b1]},
	}}
	bare := start == i && unit == "" && !scaled
	if bare {
		f.weak = words || nextToMonth(l, i) || (t.plain && t.b1-t.b0 == 4 && num >= 1800 && num <= 2100)
	}
	return f, j, true
}

// partOfName reports whether number token i belongs to something that is not
// a quantity: glued to a word ("G20", "3rd", "10am", "2.3m"), or joined by a
// hyphen, slash or colon to another number or a word ("2023-11-10",
// "COVID-19", "24/7", "10:30").
func partOfName(l *lexed, i int) bool {
	t := l.toks[i]
	if t.glued {
		p := l.toks[i-1]
		if p.kind != tOther {
			return true
		}
		if joiner(l.text(i-1)) && p.glued && i >= 2 && l.toks[i-2].kind != tOther {
			return true
		}
	}
	if i+1 < len(l.toks) && l.toks[i+1].glued {
		n := l.toks[i+1]
		if n.kind == tWord {
			return true
		}
		if joiner(l.text(i+1)) && i+2 < len(l.toks) && l.toks[i+2].glued && l.toks[i+2].kind == tNum {
			return true
		}
	}
	return false
}

func joiner(s string) bool { return s == "-" || s == "/" || s == ":" || s == "." || s == "–" }

// percentAt reads a percent unit at token j: "%" (glued or spaced), "percent",
// "per cent", "pct" or "-percent".
func percentAt(l *lexed, j int) (int, bool) {
	if j >= len(l.toks) {
		return j, false
	}
	t := l.toks[j]
	switch {
	case t.kind == tOther && l.text(j) == "%" && (t.glued || t.spaced):
		return j + 1, true
	case t.kind == tWord && t.spaced && (l.low(j) == "percent" || l.low(j) == "pct"):
		return j + 1, true
	case t.kind == tWord && t.spaced && l.low(j) == "per" && j+1 < len(l.toks) && l.toks[j+1].spaced && l.low(j+1) == "cent":
		return j + 2, true
	case t.kind == tOther && l.text(j) == "-" && t.glued && j+1 < len(l.toks) && l.toks[j+1].glued && l.low(j+1) == "percent":
		return j + 2, true
	}
	return j, false
}

// qualifierBefore looks for a hedge of one to three words, or "~", that ends
// just before token i with only white space between.
func qualifierBefore(l *lexed, i int) (int, qualifier, bool) {
	if i >= 1 && l.text(i-1) == "~" && (l.toks[i].glued || l.toks[i].spaced) {
		return i - 1, qualifiers["~"], true
	}
	if !l.toks[i].spaced {
		return 0, qualifier{}, false
	}
	for n := 3; n >= 1; n-- {
		k := i - n
		if k < 0 {
			continue
		}
		words := make([]string, 0, n)
		ok := true
		for x := k; x < i; x++ {
			if l.toks[x].kind != tWord || (x > k && !l.toks[x].spaced) {
				ok = false
				break
			}
			words = append(words, l.low(x))
		}
		if !ok {
			continue
		}
		if q, found := qualifiers[strings.Join(words, " ")]; found {
			return k, q, true
		}
	}
	return 0, qualifier{}, false
}

// wordNumber reads an English number below a thousand from token i: "two",
// "twenty-five", "a hundred", "two hundred and fifty", "half a" (before a
// scale: "half a million"). Scale words after it ("two million") are read by
// the caller. It returns the number's decimal digits.
func wordNumber(l *lexed, i int) (mant string, next int, ok bool) {
	j := i
	w := l.low(j)
	if w == "half" && j+1 < len(l.toks) && l.toks[j+1].spaced && (l.low(j+1) == "a" || l.low(j+1) == "an") {
		if _, k, ok := wordNumber(l, j+1); ok {
			return "0.5", k, true
		}
		return "", 0, false
	}
	if w == "a" || w == "an" {
		// "a" is a number only before a scale word: "a million".
		if j+1 >= len(l.toks) || !l.toks[j+1].spaced {
			return "", 0, false
		}
		if _, isScale := scales[l.low(j+1)]; !isScale {
			return "", 0, false
		}
		return "1", j + 1, true
	}
	v, ok := below100(w)
	if !ok {
		return "", 0, false
	}
	j++
	if j < len(l.toks) && l.toks[j].spaced && l.low(j) == "hundred" && v < 10 {
		v *= 100
		j++
		k := j
		if k < len(l.toks) && l.toks[k].spaced && l.low(k) == "and" {
			k++
		}
		if k < len(l.toks) && l.toks[k].spaced && l.toks[k].kind == tWord {
			if r, ok := below100(l.low(k)); ok && r > 0 {
				v += r
				j = k + 1
			}
		}
	}
	return strconv.Itoa(v), j, true
}

// below100 reads "seven", "forty" or "forty-two".
func below100(w string) (int, bool) {
	if v, ok := ones[w]; ok {
		return v, true
	}
	if v, ok := tens[w]; ok {
		return v, true
	}
	if t, o, cut := strings.Cut(w, "-"); cut {
		tv, ok1 := tens[t]
		ov, ok2 := ones[o]
		if ok1 && ok2 && ov > 0 && ov < 10 {
			return tv + ov, true
		}
	}
	return 0, false
}

// nextToMonth reports whether number token i is a day or a year beside a
// month name: "November 11", "8 November", "August 2021".
func nextToMonth(l *lexed, i int) bool {
	if i >= 1 && l.toks[i].spaced && l.toks[i-1].kind == tWord && months[l.text(i-1)] {
		return true
	}
	return i+1 < len(l.toks) && l.toks[i+1].spaced && l.toks[i+1].kind == tWord && months[l.text(i+1)]
}
