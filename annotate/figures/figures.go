// Package figures reads the numbers news articles report — "2,267",
// "some 2,300", "over 2,200", "60%", "1.7 million" — with the hedge that
// qualifies them, and tells when articles that report the same figure
// disagree. It knows English number words and qualifiers, the digits of
// Arabic, Urdu, Persian and Hindi, and their scale words and percent.
package figures

import (
	"math"
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
	// Near is true for a bound the figure is close to: "nearly 2,300" is
	// under 2,300 but within AboutPercent of it, "just over 2,200" over
	// 2,200 and as close; "under 2,300" and "over 2,200" reach as far as
	// they like.
	Near bool
	// To is the upper end of a range — "10 to 15", "60-70%", "between 2,000
	// and 3,000" — whose lower end is Number; 0 when the figure is one
	// number. A qualifier before the range hedges both ends.
	To   float64
	Unit string // "" or Percent
	Text string // the words read, as the text has them: "more than 327,000"
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
// ("G20", "COVID-19"), numbers that name a thing ("Article 245", "Section
// 144", "Resolution 2593") and number words standing alone ("one local").
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
	near      bool
}

// qualifiers are the hedges read before a number, by their lower-case words.
var qualifiers = map[string]qualifier{
	"exactly": {Exact, false, false}, "precisely": {Exact, false, false},

	"some": {About, false, false}, "about": {About, false, false}, "around": {About, false, false},
	"approximately": {About, false, false}, "roughly": {About, false, false}, "circa": {About, false, false},
	"estimated": {About, false, false}, "an estimated": {About, false, false}, "close to": {About, false, false},
	"~": {About, false, false},

	"over": {Over, false, false}, "more than": {Over, false, false}, "above": {Over, false, false},
	"in excess of": {Over, false, false}, "upwards of": {Over, false, false}, "greater than": {Over, false, false},
	"just over": {Over, false, true}, "well over": {Over, false, false}, "exceeding": {Over, false, false},
	"at least": {Over, true, false}, "no fewer than": {Over, true, false}, "no less than": {Over, true, false},
	"not less than": {Over, true, false}, "a minimum of": {Over, true, false},

	"nearly": {Under, false, true}, "almost": {Under, false, true}, "less than": {Under, false, false},
	"fewer than": {Under, false, false}, "under": {Under, false, false}, "below": {Under, false, false},
	"just under": {Under, false, true}, "not quite": {Under, false, true},
	"up to": {Under, true, false}, "at most": {Under, true, false}, "no more than": {Under, true, false},
	"not more than": {Under, true, false}, "a maximum of": {Under, true, false}, "as many as": {Under, true, false},
}

// scales multiply the number before them: "1.7 million", "10 lakh" (a
// hundred thousand, as South Asian papers count), "2 crore" (ten million).
// Urdu, Persian and Hindi papers write theirs in words: ہزار and हज़ार
// (thousand), لاکھ and लाख (lakh), کروڑ and करोड़ (crore), ارب and अरब (a
// hundred crore), each in the spellings and Unicode forms in use.
var scales = map[string]int{
	"hundred": 2, "thousand": 3, "lakh": 5, "million": 6, "crore": 7, "billion": 9, "trillion": 12,

	"ہزار": 3, "هزار": 3, "لاکھ": 5, "لاكھ": 5, "ملین": 6, "میلیون": 6, "کروڑ": 7, "كروڑ": 7,
	"ارب": 9, "میلیارد": 9, "کھرب": 11,

	"हज़ार": 3, "ह\u095Bार": 3, "हजार": 3, "लाख": 5, "करोड़": 7, "करो\u095C": 7, "करोड": 7, "अरब": 9, "खरब": 11,
}

// dozen is the one scale that is not a power of ten: "two dozen" is 24.
const dozen = "dozen"

// plurals are the scale words that, in the plural, state a figure with no
// number: "thousands" is at least two thousand, "dozens" at least two dozen.
// "tens of" and "hundreds of" before another plural multiply it: "hundreds
// of thousands" is at least 200,000.
var plurals = map[string]float64{
	"dozens": 12, "hundreds": 100, "thousands": 1e3, "lakhs": 1e5, "millions": 1e6,
	"crores": 1e7, "billions": 1e9, "trillions": 1e12,
}

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
		case digitValue(r) >= 0:
			t.kind = tNum
			e, n = scanWideNumber(s, b, &t)
		case unicode.IsLetter(r):
			t.kind = tWord
			for e < len(s) {
				c, cs := utf8.DecodeRuneInString(s[e:])
				if unicode.IsDigit(c) && strings.EqualFold(s[b:e], "rs") {
					break // "Rs10 billion": rupees, then the amount
				}
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
// digits) or South Asian groups ("1,00,000", "12,34,567": pairs after a
// first group of one or two digits, then three), then a decimal part. A comma or full stop not followed by digits
// ends the number: "2,267," and "October 3." stop before it. It returns the
// byte offset after the number.
func scanNumber(s string, i int, t *token) int {
	j := i
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	t.plain = true
	if j-i <= 2 {
		k, pairs := j, 0
		for k+3 < len(s) && s[k] == ',' && allDigits(s, k+1, k+3) && s[k+3] == ',' {
			k += 3
			pairs++
		}
		if pairs > 0 && allDigits(s, k+1, k+4) && (k+4 >= len(s) || !isDigit(s[k+4])) {
			j = k + 4
			t.plain = false
		}
	}
	if j-i <= 3 && t.plain {
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

// digitValue returns the value of a decimal digit of the region's scripts —
// Arabic-Indic (٠–٩, in Arabic), Extended Arabic-Indic (۰–۹, in Urdu,
// Persian and Pashto) and Devanagari (०–९) — or of an ASCII digit, and -1
// for anything else.
func digitValue(r rune) int {
	switch {
	case r >= '0' && r <= '9':
		return int(r - '0')
	case r >= 0x0660 && r <= 0x0669:
		return int(r - 0x0660)
	case r >= 0x06F0 && r <= 0x06F9:
		return int(r - 0x06F0)
	case r >= 0x0966 && r <= 0x096F:
		return int(r - 0x0966)
	}
	return -1
}

// scanWideNumber reads a number written in digits of the region's scripts
// from s[i]: digits, groups after a thousands separator ("," or the Arabic
// "٬") and a decimal part after "." or the Arabic "٫". It returns the byte
// offset after the number and its length in code points.
func scanWideNumber(s string, i int, t *token) (end, n int) {
	t.plain = true
	j := i
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if digitValue(r) >= 0 {
			j += size
			n++
			continue
		}
		if r == ',' || r == '٬' || r == '.' || r == '٫' {
			if d, _ := utf8.DecodeRuneInString(s[j+size:]); digitValue(d) >= 0 {
				j += size
				n++
				t.plain = false
				continue
			}
		}
		break
	}
	return j, n
}

// asciiNumber writes a number token in ASCII digits with a decimal point
// and no separators, for strconv.
func asciiNumber(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case digitValue(r) >= 0:
			b.WriteByte(byte('0' + digitValue(r)))
		case r == '.' || r == '٫':
			b.WriteByte('.')
		}
	}
	return b.String()
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

// number is a number read from the text, before its unit: "2,267",
// "1.7 million", "two dozen".
type number struct {
	value  float64
	next   int     // the token after it
	words  bool    // spelt in words: "two hundred"
	scaled bool    // followed by a scale word: "1.7 million"
	factor float64 // what the scale words multiply by: 1e6 for "million"
	plain  bool    // digits only, no separator, point or scale: "2023"
}

// numberAt reads the number that starts at token i, with its scale words.
func numberAt(l *lexed, i int) (number, bool) {
	t := l.toks[i]
	var mant string // decimal digits of the number before scaling
	exp := 0
	j := i + 1
	n := number{}
	switch t.kind {
	case tNum:
		if txt := l.text(i); txt[0] < utf8.RuneSelf {
			mant = strings.ReplaceAll(txt, ",", "")
		} else {
			mant = asciiNumber(txt)
		}
		n.plain = t.plain
	case tWord:
		m, k, ok := wordNumber(l, i)
		if !ok {
			return number{}, false
		}
		mant, j, n.words = m, k, true
	default:
		return number{}, false
	}
	mult := 1.0
	for j < len(l.toks) && l.toks[j].kind == tWord && l.toks[j].spaced {
		w := l.low(j)
		if w == dozen && mult == 1 && exp == 0 {
			mult = 12
			n.scaled = true
			j++
			continue
		}
		e, ok := scales[w]
		if !ok || (e == 2 && !n.words) {
			break
		}
		exp += e
		n.scaled = true
		j++
	}
	num, err := strconv.ParseFloat(mant+"e"+strconv.Itoa(exp), 64)
	if err != nil {
		return number{}, false
	}
	n.value, n.next = num*mult, j
	n.factor, _ = strconv.ParseFloat("1e"+strconv.Itoa(exp), 64)
	n.factor *= mult
	n.plain = n.plain && !n.scaled
	return n, true
}

// figureAt reads a figure whose number starts at token i: the number, its
// scale words, its unit, a second number that makes it a range, and the
// qualifier before it.
func figureAt(l *lexed, i int) (found, int, bool) {
	t := l.toks[i]
	if f, next, ok := pluralAt(l, i); ok {
		return f, next, true
	}
	rangeStart, rangeEnd := dashRange(l, i)
	if t.kind == tNum && !rangeStart && partOfName(l, i) {
		return found{}, 0, false
	}
	n, ok := numberAt(l, i)
	if !ok {
		return found{}, 0, false
	}
	j := n.next
	unit := ""
	if k, ok := percentAt(l, j); ok {
		unit, j = Percent, k
	}
	start := i
	q := qualifier{q: Exact}
	if k, qq, ok := qualifierBefore(l, i); ok {
		start, q = k, qq
	}
	to, plainRange := 0.0, false
	if k, lo, hi, between, ok := rangeAfter(l, i, j, n, &unit, rangeStart, rangeEnd); ok {
		n.value, to, j = lo, hi.value, k
		plainRange = n.plain && hi.plain && isYear(n.value) && isYear(hi.value)
		if between {
			start = i - 1
		}
	} else if rangeStart {
		// A dash between numbers that do not make a range ("2021-22",
		// "3-2") joins them into a name.
		return found{}, 0, false
	}
	if q.q == Exact && to == 0 {
		if k, qq, ok := qualifierAfter(l, j); ok {
			q, j = qq, k
		}
	}
	end := l.toks[j-1]
	f := found{Match: Match{
		Start: int(l.toks[start].c0),
		End:   int(end.c1),
		Value: Value{Number: n.value, Qualifier: q.q, Inclusive: q.inclusive, Near: q.near, To: to, Unit: unit, Text: l.s[l.toks[start].b0:end.b1]},
	}}
	if start == i && unit == "" && !n.scaled && j == n.next {
		f.weak = n.words || nextToMonth(l, i) || (n.plain && t.b1-t.b0 == 4 && isYear(n.value))
	}
	if to != 0 && q.q == Exact && unit == "" && !n.scaled {
		// "2019-2021", "from 2019 to 2021": years; "November 10-12",
		// "10-12 November": days.
		f.weak = plainRange || nextToMonth(l, i) || (j < len(l.toks) && l.toks[j].spaced && l.toks[j].kind == tWord && months[l.text(j)])
	}
	if q.q == Exact && unit == "" && !n.scaled && n.plain && t.kind == tNum && designated(l, i) {
		// "Article 6", "Section 144", "Resolution 2593", "No. 10":
		// a number that names a thing counts nothing.
		f.weak = true
	}
	return f, j, true
}

// pluralAt reads a figure stated by plural scale words alone: "thousands",
// "hundreds of thousands", "tens of millions", "dozens". It is an inclusive
// lower bound, twice the scale: "hundreds of thousands" is at least 200,000.
func pluralAt(l *lexed, i int) (found, int, bool) {
	if l.toks[i].kind != tWord {
		return found{}, 0, false
	}
	j := i
	x, ok := 1.0, false
	if w := l.low(j); w == "tens" || w == "hundreds" {
		// "tens of thousands": the plural after "of" is the scale.
		if j+2 < len(l.toks) && l.toks[j+1].spaced && l.low(j+1) == "of" && l.toks[j+2].spaced {
			if p, isPlural := plurals[l.low(j+2)]; isPlural && p >= 1e3 {
				x = 10 * p
				if w == "hundreds" {
					x = 100 * p
				}
				j, ok = j+3, true
			}
		}
	}
	if !ok {
		p, isPlural := plurals[l.low(j)]
		if !isPlural {
			return found{}, 0, false
		}
		x, j = p, j+1
	}
	end := l.toks[j-1]
	return found{Match: Match{
		Start: int(l.toks[i].c0),
		End:   int(end.c1),
		Value: Value{Number: 2 * x, Qualifier: Over, Inclusive: true, Text: l.s[l.toks[i].b0:end.b1]},
	}}, j, true
}

// qualifierAfter reads a hedge after a figure: "2,300-plus", "2,000 or
// more" (at least), "2,000 or so" (about).
func qualifierAfter(l *lexed, j int) (int, qualifier, bool) {
	if j+1 < len(l.toks) && l.text(j) == "-" && l.toks[j].glued && l.toks[j+1].glued && l.low(j+1) == "plus" {
		return j + 2, qualifier{q: Over, inclusive: true}, true
	}
	if j+1 < len(l.toks) && l.toks[j].spaced && l.toks[j+1].spaced && l.low(j) == "or" {
		switch l.low(j + 1) {
		case "more":
			return j + 2, qualifier{q: Over, inclusive: true}, true
		case "so":
			return j + 2, qualifier{q: About}, true
		}
	}
	return j, qualifier{}, false
}

func isYear(x float64) bool { return x >= 1800 && x <= 2100 && x == math.Trunc(x) }

// dashRange reports whether number token i is the first of two numbers
// joined by a dash with nothing around it ("10-15", "2,000–3,000",
// "60-70%"); end is the token of the second number. Anything glued on
// either side — a word ("COVID-19"), another joined number ("2023-11-10") —
// makes it a name instead.
func dashRange(l *lexed, i int) (ok bool, end int) {
	if l.toks[i].kind != tNum || i+2 >= len(l.toks) {
		return false, 0
	}
	d, n := l.toks[i+1], l.toks[i+2]
	if d.kind != tOther || !d.glued || !n.glued || n.kind != tNum || (l.text(i+1) != "-" && l.text(i+1) != "–") {
		return false, 0
	}
	if t := l.toks[i]; t.glued && (l.toks[i-1].kind != tOther || joiner(l.text(i-1))) {
		return false, 0
	}
	if i+3 < len(l.toks) && l.toks[i+3].glued {
		if a := l.toks[i+3]; a.kind == tWord && l.low(i+3) != "pc" || a.kind == tOther && joiner(l.text(i+3)) {
			return false, 0
		}
	}
	return true, i + 2
}

// rangeAfter reads the second number of a range whose first, lo, starts at
// token i and whose unit (if any) ends before token j: "10 to 15", "between
// 10 and 15", "60-70%", "60% to 70%", "1.5 to 2 million". The second
// number's scale applies to the first when that keeps lo below hi, its unit
// when the first has none; a range whose ends are not in order, or in
// different units, is no range. It returns the token after the range.
func rangeAfter(l *lexed, i, j int, lo number, unit *string, dash bool, dashEnd int) (next int, from float64, hi number, between, ok bool) {
	k := -1
	switch {
	case dash:
		if j != i+1 { // "60%-70%" is read as two figures
			return 0, 0, number{}, false, false
		}
		k = dashEnd
	case j+1 < len(l.toks) && l.toks[j].spaced && l.toks[j+1].spaced && l.toks[j].kind == tWord:
		w := l.low(j)
		between = w == "and" && i >= 1 && l.toks[i].spaced && l.low(i-1) == "between"
		if w == "to" || between {
			k = j + 1
		}
	}
	if k < 0 || (l.toks[k].kind == tNum && !dash && partOfName(l, k)) {
		return 0, 0, number{}, false, false
	}
	if hi, ok = numberAt(l, k); !ok {
		return 0, 0, number{}, false, false
	}
	next = hi.next
	hiUnit := ""
	if m, ok := percentAt(l, next); ok {
		hiUnit, next = Percent, m
	}
	switch {
	case *unit == "" && hiUnit != "" && j == lo.next:
		*unit = hiUnit
	case *unit != hiUnit:
		return 0, 0, number{}, false, false
	}
	from = lo.value
	if hi.scaled && !lo.scaled && lo.value*hi.factor < hi.value {
		from *= hi.factor // "1.5 to 2 million", "two to three thousand"
	}
	if !(from < hi.value) {
		return 0, 0, number{}, false, false
	}
	return next, from, hi, between, true
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
			return !currency(l, i-1)
		}
		if l.text(i-1) == "." && p.glued && currency(l, i-2) { // "Rs.500"
			return false
		}
		if joiner(l.text(i-1)) && p.glued && i >= 2 && l.toks[i-2].kind != tOther {
			return true
		}
	}
	if i+1 < len(l.toks) && l.toks[i+1].glued {
		n := l.toks[i+1]
		if n.kind == tWord {
			return l.low(i+1) != "pc"
		}
		if joiner(l.text(i+1)) && i+2 < len(l.toks) && l.toks[i+2].glued && l.toks[i+2].kind == tNum {
			return true
		}
	}
	return false
}

// designators are the nouns a number after them names a thing with, not a
// quantity: "Article 6 of the constitution", "Section 144", "UN Security
// Council Resolution 2593", "Phase 2", "Flight 370". Those of laws and
// documents are read in any case ("imposed section 144"); the rest only
// capitalised, as names are written, since in lower case they also come
// before quantities ("in case 3 soldiers", "part 2,000").
var designators = map[string]bool{
	"article": true, "articles": true, "section": true, "sections": true, "subsection": true, "sub-section": true,
	"clause": true, "clauses": true, "paragraph": true, "paragraphs": true, "para": true, "resolution": true,
	"resolutions": true, "chapter": true, "chapters": true, "annex": true, "annexure": true, "appendix": true,
	"schedule": true, "amendment": true, "amendments": true,
}

var capitalDesignators = map[string]bool{
	"No": true, "Nos": true, "Number": true, "Part": true, "Rule": true, "Order": true, "Ordinance": true,
	"Act": true, "Bill": true, "Case": true, "Phase": true, "Stage": true, "Round": true, "Level": true,
	"Grade": true, "Class": true, "Category": true, "Tier": true, "Page": true, "Item": true, "Point": true,
	"Room": true, "Gate": true, "Flight": true, "Unit": true, "Block": true, "Sector": true, "Zone": true,
	"Ward": true, "Route": true, "Highway": true, "Corps": true, "Brigade": true, "Division": true,
	"Battalion": true, "Squadron": true, "Regiment": true, "Platoon": true, "Wing": true, "Camp": true,
	"Post": true, "Station": true, "Terminal": true, "Platform": true, "Volume": true, "Vol": true,
	"Episode": true, "Season": true, "Version": true, "Model": true, "Type": true, "Figure": true,
	"Table": true, "Chart": true, "Question": true, "Proposition": true, "Day": true, "Boeing": true,
	"Airbus": true, "Apollo": true, "Formula": true,
}

// designated reports whether number token i names a thing: it follows a
// designator ("Article 6", "No. 10", "Section 144", "#5"), or is the next
// of a list of such numbers ("Articles 62 and 63", "Sections 3, 4 or 5").
func designated(l *lexed, i int) bool {
	for {
		t := l.toks[i]
		if i == 0 {
			return false
		}
		p := i - 1
		if t.glued && l.text(p) == "#" {
			return true
		}
		if !t.spaced && !(t.glued && l.text(p) == ".") {
			return false
		}
		if l.text(p) == "." && p >= 1 && l.toks[p].glued && (l.text(p-1) == "No" || l.text(p-1) == "no" || l.text(p-1) == "Nos" || l.text(p-1) == "Vol") {
			return true // "No. 10", "no.5"
		}
		if !t.spaced {
			return false
		}
		if l.toks[p].kind == tWord {
			w := l.text(p)
			if designators[strings.ToLower(w)] || capitalDesignators[w] {
				return true
			}
			if lw := strings.ToLower(w); lw != "and" && lw != "or" && lw != "to" {
				return false
			}
		} else if l.text(p) != "," {
			return false
		}
		// "62 and 63", "3, 4 or 5": the number before the conjunction.
		if p < 1 || l.toks[p-1].kind != tNum || !l.toks[p-1].plain {
			return false
		}
		i = p - 1
	}
}

// currency reports whether token i is a currency written before an amount,
// glued to it: "Rs10 billion", "Rs.500".
func currency(l *lexed, i int) bool {
	if i < 0 || l.toks[i].kind != tWord {
		return false
	}
	switch l.low(i) {
	case "rs", "pkr", "inr", "usd", "afn":
		return true
	}
	return false
}

func joiner(s string) bool { return s == "-" || s == "/" || s == ":" || s == "." || s == "–" }

// percentAt reads a percent unit at token j: "%" (glued or spaced), "percent",
// "per cent", "pct", "pc" (glued or spaced) or "-percent".
func percentAt(l *lexed, j int) (int, bool) {
	if j >= len(l.toks) {
		return j, false
	}
	t := l.toks[j]
	switch {
	case t.kind == tOther && l.text(j) == "%" && (t.glued || t.spaced):
		return j + 1, true
	case t.kind == tOther && l.text(j) == "٪" && (t.glued || t.spaced):
		return j + 1, true
	case t.kind == tWord && t.spaced && (l.low(j) == "فیصد" || l.low(j) == "प्रतिशत" || l.low(j) == "درصد"):
		return j + 1, true
	case t.kind == tWord && t.spaced && (l.low(j) == "percent" || l.low(j) == "pct"):
		return j + 1, true
	case t.kind == tWord && (t.spaced || t.glued) && l.low(j) == "pc": // "60pc", as Pakistani papers write it
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
		// "a" is a number only before a scale word: "a million", "a dozen".
		if j+1 >= len(l.toks) || !l.toks[j+1].spaced {
			return "", 0, false
		}
		if _, isScale := scales[l.low(j+1)]; !isScale && l.low(j+1) != dozen {
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
