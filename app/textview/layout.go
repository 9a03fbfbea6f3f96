package textview

import (
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
)

// maxLanes is how many underline lanes a line has room for. Spans nested
// deeper than this share the last lane.
const maxLanes = 3

// metrics measures the theme's regular text font at one size. Widths of
// whole words are exact and cached; single characters are cached too and
// summed for estimates of words not measured yet.
type metrics struct {
	size     float32
	words    map[string]float32
	ascii    [128]float32 // negative until measured
	runes    map[rune]float32
	space    float32
	avg      float32 // average advance of a character of running text, for rough layout
	textH    float32 // height of one line of text
	baseline float32 // from the top of the line to the baseline

	vm [numKinds][2]float32         // ascent and height of the embedded faces
	kr [numKinds][]float32          // widths of single Arabic and Devanagari characters, for estimates
	kw [numKinds]map[string]float32 // widths of words in the embedded faces, as in words
}

func newMetrics(size float32) *metrics {
	m := &metrics{size: size, words: make(map[string]float32, 2048), runes: map[rune]float32{}}
	for i := range m.ascii {
		m.ascii[i] = -1
	}
	sz, base := fyne.CurrentApp().Driver().RenderedTextSize("Mg", size, fyne.TextStyle{}, nil)
	m.textH, m.baseline = sz.Height, base
	m.space = m.measure(" ")
	m.avg = m.measure(avgSample) / float32(utf8.RuneCountInString(avgSample))
	return m
}

// avgSample is running English text, letters in about their frequency,
// from which rough layout takes a character's average advance.
const avgSample = "The minister said on Tuesday that the talks, held in the capital, would resume after the elections."

func (m *metrics) measure(s string) float32 {
	return fyne.MeasureText(s, m.size, fyne.TextStyle{}).Width
}

// exact returns the width of s as the text renderer shapes it.
func (m *metrics) exact(s string) float32 {
	if w, ok := m.words[s]; ok {
		return w
	}
	w := m.measure(s)
	m.words[strings.Clone(s)] = w
	return w
}

// estimate returns the exact width of s when it is known, otherwise the sum
// of its characters' advances (which ignores kerning); ok says which.
func (m *metrics) estimate(s string) (w float32, ok bool) {
	if w, ok := m.words[s]; ok {
		return w, true
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			a := m.ascii[c]
			if a < 0 {
				a = m.measure(s[i : i+1])
				m.ascii[c] = a
			}
			w += a
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		a, ok := m.runes[r]
		if !ok {
			a = m.measure(s[i : i+n])
			m.runes[r] = a
		}
		w += a
		i += n
	}
	return w, false
}

// isBreakSpace reports whether a line may wrap at r. No-break spaces do not
// count.
func isBreakSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\r':
		return true
	case 0xA0, 0x2007, 0x202F:
		return false
	}
	return r > utf8.RuneSelf && unicode.IsSpace(r)
}

// simpleSpaces reports whether s holds only spaces, tabs and carriage
// returns, which are all drawn as one space each.
func simpleSpaces(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != ' ' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}

// display returns s as it is drawn: tabs and carriage returns become
// spaces, so that every code point keeps its place.
func display(s string) string {
	if strings.IndexByte(s, '\t') < 0 && strings.IndexByte(s, '\r') < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\r' {
			return ' '
		}
		return r
	}, s)
}

// fallbackTail reports whether s ends in a character the text font lacks
// (emoji, dingbats): the shaper then draws the following spaces with the
// fallback font, whose spaces are narrower.
func fallbackTail(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r >= 0x1F000 || (r >= 0x2600 && r <= 0x27BF) || r == 0xFE0F || r == 0x200D
}

// piece is a run of break spaces, or of other characters, inside one line.
type piece struct {
	cp, cpEnd int
	b, bEnd   int
	space     bool
}

// nextPiece returns the piece of doc that starts at byte b (code point cp)
// and ends at or before byte bEnd.
func nextPiece(doc string, b, cp, bEnd int) piece {
	p := piece{cp: cp, b: b}
	first := true
	for b < bEnd {
		r, n := rune(doc[b]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(doc[b:bEnd])
		}
		sp := isBreakSpace(r)
		if first {
			p.space, first = sp, false
		} else if sp != p.space {
			break
		}
		b += n
		cp++
	}
	p.cpEnd, p.bEnd = cp, b
	return p
}

// pieceWidth returns the width of p; prevB is the byte offset of the piece
// before it on the same line, or -1. With exact false, words not measured yet
// are estimated, and ok is false.
func (m *metrics) pieceWidth(doc string, p piece, prevB int, exact bool) (w float32, ok bool) {
	s := doc[p.b:p.bEnd]
	if p.space {
		if simpleSpaces(s) {
			if exact && prevB >= 0 && fallbackTail(doc[prevB:p.b]) {
				return m.exact(display(doc[prevB:p.bEnd])) - m.exact(doc[prevB:p.b]), true
			}
			return float32(p.cpEnd-p.cp) * m.space, true
		}
		s = display(s)
	}
	if exact {
		return m.exact(s), true
	}
	return m.estimate(s)
}

// line is one wrapped line: a stretch of a paragraph, in code points and
// bytes. A line that ends at a wrap keeps its trailing spaces.
type line struct {
	start, end   int
	bstart, bend int
}

// para is one paragraph (text between newlines) and its wrapped lines.
type para struct {
	start, end   int // code points, end excludes the newline
	bstart, bend int // bytes
	y, h         float32
	lines        []line
	// ys and band, when the paragraph has a line carrying arcs: each
	// line's top below y, and the room above its text for arcs. Empty when
	// no line of it does; every line is then lineH high (arcs.go).
	ys, band []float32
	exact    bool // wrapped with measured widths at the current size and width
	complex  bool // right to left or in an embedded face: see shape.go
}

// blank reports whether p shows nothing: it is empty, or holds only spaces,
// tabs and carriage returns. Such a paragraph takes no height, so that the
// blank line of a file saved with CRLF line ends ("\r\n\r\n"), or a line of
// stray spaces between paragraphs, gives the same gap as an empty one.
func (p *para) blank(doc string) bool {
	return simpleSpaces(doc[p.bstart:p.bend])
}

// layout is the wrapped text at one width and text size.
type layout struct {
	doc   string
	paras []para
	m     *metrics
	maxW  float32 // width available to text

	marginX, top, bottom float32
	lineH, gap           float32
	lane0, laneStep      float32 // first underline's offset from the line top; distance between lanes
	laneThick            float32
	ends                 []arcEnd // link ends, by code point, while arcs are drawn: arcs.go
	total                float32  // height of the whole text

	bidi   map[int]*bidiPara // complex paragraphs' analysis, by index
	clines map[int]*cline    // complex lines' geometry, by first code point

	work layoutWork // what the layout did, for tests
}

// layoutWork counts what a layout did: paragraphs wrapped by measuring (or
// estimating) each of their pieces, the pieces so walked, and paragraphs
// laid out roughly, without looking at their text. Tests hold an open to
// work proportional to the screen with it.
type layoutWork struct {
	wrapped, pieces, rough int
}

// splitParas cuts doc at newlines.
func splitParas(doc string) []para {
	n := strings.Count(doc, "\n") + 1
	ps := make([]para, 0, n)
	cp := 0
	for b := 0; ; {
		i := strings.IndexByte(doc[b:], '\n')
		end := len(doc)
		if i >= 0 {
			end = b + i
		}
		c := utf8.RuneCountInString(doc[b:end])
		ps = append(ps, para{start: cp, end: cp + c, bstart: b, bend: end, complex: isComplex(doc[b:end])})
		cp += c + 1
		if i < 0 {
			break
		}
		b = end + 1
	}
	return ps
}

// setMetrics derives the vertical rhythm from the font: room for the text,
// then for the underline lanes below the baseline, then a little air.
func (l *layout) setMetrics(m *metrics) {
	l.m = m
	clear(l.clines)
	s := m.size
	l.marginX = float32(math.Round(float64(s) * 1.15))
	l.top = float32(math.Round(float64(s) * 0.85))
	l.bottom = l.top
	l.laneStep = float32(math.Max(3, math.Round(float64(s)*0.2)))
	l.laneThick = l.laneStep - 1
	l.lane0 = float32(math.Round(float64(m.baseline) + math.Max(2, float64(s)*0.12)))
	lanesEnd := l.lane0 + maxLanes*l.laneStep
	l.lineH = float32(math.Ceil(float64(max(m.textH, lanesEnd)) + float64(s)*0.15))
	l.gap = float32(math.Round(float64(s) * 0.6))
}

// wrap breaks p into lines no wider than l.maxW, at spaces; a word wider
// than a whole line is broken between characters. With exact false, widths
// not measured yet are estimated.
func (l *layout) wrap(p *para, exact bool) {
	doc, maxW := l.doc, l.maxW
	l.forget(p)
	l.work.wrapped++
	ls, lb := p.start, p.bstart
	var x float32
	all := true
	prevB := -1
	for b, cp := p.bstart, p.start; b < p.bend; {
		pc := nextPiece(doc, b, cp, p.bend)
		l.work.pieces++
		w, ok := l.width(p, pc, prevB, exact)
		all = all && ok
		if !pc.space {
			if x > 0 && x+w > maxW {
				p.lines = append(p.lines, line{ls, pc.cp, lb, pc.b})
				ls, lb, x = pc.cp, pc.b, 0
			}
			prevB = pc.b
			if w > maxW {
				ls, lb, w, ok = l.breakLong(p, pc, exact)
				all = all && ok
				prevB = lb
			}
		}
		x += w
		b, cp = pc.bEnd, pc.cpEnd
	}
	p.lines = append(p.lines, line{ls, p.end, lb, p.bend})
	p.exact = all
	l.room(p)
}

// forget drops p's lines, and the geometry kept for them.
func (l *layout) forget(p *para) {
	if p.complex {
		for _, ln := range p.lines {
			delete(l.clines, ln.start)
		}
	}
	p.lines = p.lines[:0]
}

// roughFill is how full rough layout takes a wrapped line to be: lines
// end at a word, short of the width.
const roughFill = 0.92

// rough lays p out without looking at its words: cut into lines of equal
// numbers of code points, as many lines as its characters take at the
// average advance, so that its height, and the whole text's, are about
// right. An article's paragraphs out of view are laid out so when it is
// opened or the view's width changes, and wrapped with measured widths
// when they come into view (View.refine), before they are drawn or hit:
// an open's work follows the screen, not the article's length.
func (l *layout) rough(p *para) {
	l.forget(p)
	l.work.rough++
	p.exact = false
	n := p.end - p.start
	per := max(int(l.maxW*roughFill/max(l.m.avg, 1)), 1)
	if n <= per {
		p.lines = append(p.lines, line{p.start, p.end, p.bstart, p.bend})
		l.room(p)
		return
	}
	ascii := p.bend-p.bstart == n
	cp, b := p.start, p.bstart
	for cp < p.end {
		next, nb := min(cp+per, p.end), p.bend
		if next < p.end {
			if ascii {
				nb = p.bstart + (next - p.start)
			} else {
				nb = b
				for k := cp; k < next; k++ {
					_, size := utf8.DecodeRuneInString(l.doc[nb:p.bend])
					nb += size
				}
			}
		}
		p.lines = append(p.lines, line{cp, next, b, nb})
		cp, b = next, nb
	}
	l.room(p)
}

// breakLong cuts a word wider than a line into lines of whole characters,
// appending all but the last piece to p.lines. It returns where the last
// piece starts and its width.
func (l *layout) breakLong(p *para, pc piece, exact bool) (cp, b int, w float32, ok bool) {
	doc, m := l.doc, l.m
	cp, b = pc.cp, pc.b
	bp := l.bidiOf(l.paraOf(p.start))
	ok = true
	for {
		rest := doc[b:pc.bEnd]
		var good bool
		w, good = l.width(p, piece{cp: cp, cpEnd: pc.cpEnd, b: b, bEnd: pc.bEnd}, -1, exact)
		ok = ok && good
		if w <= l.maxW {
			return cp, b, w, ok
		}
		// Longest prefix of at least one character that fits.
		n, k := 0, 0
		for i := range rest {
			if i == 0 {
				continue
			}
			var pw float32
			if bp != nil {
				pw, _ = l.complexWidth(bp, p, piece{cp: cp, b: b, bEnd: b + i}, exact)
			} else if exact {
				pw = m.measure(rest[:i])
			} else {
				pw, _ = m.estimate(rest[:i])
			}
			if pw > l.maxW {
				break
			}
			n, k = n+1, i
		}
		if k == 0 {
			_, k = utf8.DecodeRuneInString(rest)
			n = 1
		} else {
			n = utf8.RuneCountInString(rest[:k])
		}
		p.lines = append(p.lines, line{cp, cp + n, b, b + k})
		cp, b = cp+n, b+k
	}
}

// width is pieceWidth for a piece of paragraph p.
func (l *layout) width(p *para, pc piece, prevB int, exact bool) (float32, bool) {
	if p.complex {
		return l.complexWidth(l.bidiOf(l.paraOf(p.start)), p, pc, exact)
	}
	return l.m.pieceWidth(l.doc, pc, prevB, exact)
}

// place recomputes every paragraph's top and the total height.
func (l *layout) place() {
	y := l.top
	for i := range l.paras {
		p := &l.paras[i]
		p.y = y
		y += p.h + l.gap
	}
	l.total = y - l.gap + l.bottom
}

// paraAtY returns the paragraph at height y (the one above it when y falls
// in a gap).
func (l *layout) paraAtY(y float32) int {
	i := sort.Search(len(l.paras), func(i int) bool { return l.paras[i].y > y }) - 1
	return max(i, 0)
}

// lineAtY returns the paragraph and line at height y, clamped to the text.
func (l *layout) lineAtY(y float32) (pi, li int) {
	pi = l.paraAtY(y)
	p := &l.paras[pi]
	if y > p.y+p.h && pi+1 < len(l.paras) {
		// In the gap below: whichever paragraph is nearer.
		if next := &l.paras[pi+1]; next.y-y < y-(p.y+p.h) {
			return pi + 1, 0
		}
	}
	if len(p.ys) == 0 {
		li = int((y - p.y) / l.lineH)
	} else {
		li = sort.Search(len(p.ys), func(i int) bool { return p.ys[i] > y-p.y }) - 1
	}
	return pi, min(max(li, 0), len(p.lines)-1)
}

// paraOf returns the paragraph holding code point cp (a paragraph's end,
// before its newline, belongs to it).
func (l *layout) paraOf(cp int) int {
	i := sort.Search(len(l.paras), func(i int) bool { return l.paras[i].end >= cp })
	return min(i, len(l.paras)-1)
}

// lineOf returns the line of p that holds cp; at a wrap, the line below.
func lineOf(p *para, cp int) int {
	i := sort.Search(len(p.lines), func(i int) bool { return p.lines[i].start > cp }) - 1
	return max(i, 0)
}

// lineY returns the top of line li of paragraph pi, above the room for
// its arcs.
func (l *layout) lineY(pi, li int) float32 {
	p := &l.paras[pi]
	if len(p.ys) == 0 {
		return p.y + float32(li)*l.lineH
	}
	return p.y + p.ys[li]
}

// bandOf returns the room above the text of line li of p for arcs.
func bandOf(p *para, li int) float32 {
	if len(p.band) == 0 {
		return 0
	}
	return p.band[li]
}

// geom holds the x position of every piece of one line, to convert between
// code points and x.
type geom struct {
	l   *layout
	ln  line
	cps []int
	bs  []int
	xs  []float32
	sp  []bool
	c   *cline // a line of a complex paragraph; the fields above are then unused
}

// build measures ln exactly.
func (g *geom) build(l *layout, ln line) {
	g.l, g.ln = l, ln
	g.c = nil
	if pi := l.paraOf(ln.start); l.paras[pi].complex {
		g.c = l.buildComplex(pi, ln)
		return
	}
	g.cps, g.bs, g.xs, g.sp = g.cps[:0], g.bs[:0], g.xs[:0], g.sp[:0]
	var x float32
	prevB := -1
	for b, cp := ln.bstart, ln.start; b < ln.bend; {
		pc := nextPiece(l.doc, b, cp, ln.bend)
		w, _ := l.m.pieceWidth(l.doc, pc, prevB, true)
		g.cps, g.bs, g.xs, g.sp = append(g.cps, pc.cp), append(g.bs, pc.b), append(g.xs, x), append(g.sp, pc.space)
		if !pc.space {
			prevB = pc.b
		}
		x += w
		b, cp = pc.bEnd, pc.cpEnd
	}
	g.cps, g.bs, g.xs = append(g.cps, ln.end), append(g.bs, ln.bend), append(g.xs, x)
}

// width is the width of the whole line, trailing spaces included.
func (g *geom) width() float32 { return g.xs[len(g.xs)-1] }

// ink returns where the line's ink starts and ends, its trailing spaces
// left out.
func (g *geom) ink() (left, right float32) {
	if g.c != nil {
		return g.c.left, g.c.right
	}
	return 0, g.inkWidth()
}

// ranges calls fn with the left and right edge of each stretch of the line
// that shows code points [s, e), left to right: one stretch on a line of
// one direction, several where directions mix.
func (g *geom) ranges(s, e int, fn func(x0, x1 float32)) {
	if g.c == nil {
		if x0, x1 := g.inkX(s), g.inkX(e); x1 > x0 {
			fn(x0, x1)
		}
		return
	}
	on := false
	var a, b float32
	for _, bx := range g.c.boxes {
		if bx.cp < e && bx.cpEnd > s {
			if on && bx.x0-b < 0.5 {
				b = bx.x1
				continue
			}
			if on && b > a {
				fn(a, b)
			}
			on, a, b = true, bx.x0, bx.x1
		}
	}
	if on && b > a {
		fn(a, b)
	}
}

// inkWidth is the width of the line without its trailing spaces.
func (g *geom) inkWidth() float32 {
	n := len(g.sp)
	if n > 0 && g.sp[n-1] {
		return g.xs[n-1]
	}
	return g.width()
}

// x returns the x offset of code point cp from the start of the line.
func (g *geom) x(cp int) float32 {
	if g.c != nil {
		return g.c.x(cp)
	}
	n := len(g.cps) - 1
	if n == 0 || cp <= g.cps[0] {
		return 0
	}
	if cp >= g.cps[n] {
		return g.xs[n]
	}
	i := sort.Search(n, func(i int) bool { return g.cps[i] > cp }) - 1
	if g.cps[i] == cp {
		return g.xs[i]
	}
	s := g.l.doc[g.bs[i]:g.bs[i+1]]
	k := cp - g.cps[i]
	if g.sp[i] && simpleSpaces(s) {
		return g.xs[i] + float32(k)*g.l.m.space
	}
	b := 0
	for ; k > 0; k-- {
		_, n := utf8.DecodeRuneInString(s[b:])
		b += n
	}
	return g.xs[i] + g.l.m.exact(display(s[:b]))
}

// inkX is x clamped to the ink width, so that highlights stop at the last
// character of a line rather than running over the spaces where it wraps.
func (g *geom) inkX(cp int) float32 { return min(g.x(cp), g.inkWidth()) }

// cpAt returns the code point boundary nearest to x, or with floor true the
// start of the character that x falls on.
func (g *geom) cpAt(x float32, floor bool) int {
	if g.c != nil {
		return g.c.cpAt(x, floor, g.ln)
	}
	n := len(g.cps) - 1
	if n == 0 || x <= 0 {
		return g.ln.start
	}
	if x >= g.xs[n] {
		return g.ln.end
	}
	i := sort.Search(n, func(i int) bool { return g.xs[i] > x }) - 1
	cp, prev := g.cps[i], g.xs[i]
	for cp < g.cps[i+1] {
		next := g.x(cp + 1)
		if x < next {
			if floor || x-prev < next-x {
				return cp
			}
			return cp + 1
		}
		cp, prev = cp+1, next
	}
	return cp
}
