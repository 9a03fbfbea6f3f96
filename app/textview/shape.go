package textview

import (
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"github.com/clipperhouse/uax29/v2/graphemes"
	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/unicode/bidi"

	"github.com/skein-news/skein/app/fonts"
)

// Paragraphs in scripts that are written right to left or that need a face
// of their own (Arabic, Urdu, Persian, Pashto, Hebrew, Hindi) are "complex":
// their lines are cut into runs of one direction and one face, put in
// visual order by the Unicode Bidirectional Algorithm, and each run is
// drawn by its own text object. Every other paragraph (English, and scripts
// Fyne's fonts and the system's fallbacks draw left to right) keeps the
// plain path: one text object per line.

// faceKind says which face draws a run.
type faceKind uint8

const (
	kindTheme    faceKind = iota // the theme's font, with Fyne's fallbacks
	kindNaskh                    // Arabic, Persian, Pashto
	kindNastaliq                 // Urdu
	kindDeva                     // Hindi and other Devanagari
	numKinds
)

// font returns the embedded font of k, nil for the theme's.
func (k faceKind) font() *fonts.Font {
	switch k {
	case kindNaskh:
		return fonts.Naskh
	case kindNastaliq:
		return fonts.Nastaliq
	case kindDeva:
		return fonts.Devanagari
	}
	return nil
}

// complexRune reports whether r makes its paragraph complex.
func complexRune(r rune) bool {
	switch {
	case r < 0x0590:
		return false
	case r <= 0x08FF: // Hebrew, Arabic, Syriac, Thaana, NKo, Arabic supplements
		return true
	case r <= 0x097F: // Devanagari
		return true
	case r >= 0x200E && r <= 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return true // bidi marks and controls
	case r >= 0xA8E0 && r <= 0xA8FF: // Devanagari Extended
		return true
	case r >= 0xFB1D && r <= 0xFDFF, r >= 0xFE70 && r <= 0xFEFF: // presentation forms
		return true
	}
	return false
}

// isComplex reports whether s needs the complex path.
func isComplex(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0xD6 { // below the lead byte of U+0590
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if complexRune(r) {
			return true
		}
		i += n - 1
	}
	return false
}

// scriptKind returns the face a letter of r's script is drawn in, with
// arabic the face chosen for Arabic script in this paragraph, or false when
// r belongs to no script (spaces, punctuation, marks), which takes its
// neighbour's face.
func scriptKind(r rune, arabic faceKind) (faceKind, bool) {
	switch {
	case r >= 0x0621 && r <= 0x064A, r >= 0x0671 && r <= 0x06D3: // letters: the common case
		return arabic, true
	case r >= 0x0600 && r <= 0x06FF, r >= 0x0750 && r <= 0x077F, r >= 0x08A0 && r <= 0x08FF,
		r >= 0xFB50 && r <= 0xFDFF, r >= 0xFE70 && r <= 0xFEFF:
		if unicode.Is(unicode.Common, r) || unicode.Is(unicode.Inherited, r) {
			return 0, false // Arabic comma and harakat take their neighbour's face
		}
		return arabic, true
	case r >= 0x0900 && r <= 0x097F, r >= 0xA8E0 && r <= 0xA8FF:
		if r == 0x0964 || r == 0x0965 { // danda, shared with other Indic scripts
			return 0, false
		}
		return kindDeva, true
	case r == 0x200C || r == 0x200D: // joiners
		return 0, false
	case r < 0x80:
		if r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' {
			return kindTheme, true
		}
		return 0, false
	}
	if unicode.Is(unicode.Common, r) || unicode.Is(unicode.Inherited, r) {
		return 0, false
	}
	return kindTheme, true
}

// urdu reports whether Arabic-script text s reads as Urdu: it holds letters
// only Urdu uses (ٹ ڈ ڑ ں ے ھ ہ) and none only Pashto uses. Urdu is drawn in
// Nastaliq as its readers expect; Arabic, Persian and Pashto in Naskh.
func urdu(s string) bool {
	u := false
	for _, r := range s {
		switch r {
		case 0x0679, 0x0688, 0x0691, 0x06BA, 0x06D2, 0x06BE, 0x06C1, 0x06D3:
			u = true
		case 0x067C, 0x0689, 0x0693, 0x0696, 0x069A, 0x06AB, 0x06BC, 0x06CD, 0x06D0:
			return false
		}
	}
	return u
}

// bidiPara is what the complex path knows about one paragraph.
type bidiPara struct {
	rtl    bool       // base direction, from the first strong character
	kinds  []faceKind // face of each code point
	levels []uint8    // embedding level of each code point; nil until a line is built
}

// analyse returns the faces of the code points of p; levels come later.
func analyse(doc string, p *para) *bidiPara {
	s := doc[p.bstart:p.bend]
	arabic := kindNaskh
	if urdu(s) {
		arabic = kindNastaliq
	}
	bp := &bidiPara{kinds: make([]faceKind, p.end-p.start)}
	bp.rtl = firstStrongRTL(s)
	pending := 0 // code points waiting for a face
	have := false
	var last faceKind
	i := 0
	for _, r := range s {
		k, ok := scriptKind(r, arabic)
		if !ok {
			bp.kinds[i] = last
			if !have {
				pending++
			}
			i++
			continue
		}
		if k != kindTheme && !covers(k, r) {
			k = kindTheme
		}
		if !have {
			for j := 0; j < pending; j++ {
				bp.kinds[j] = k
			}
			have = true
		}
		bp.kinds[i], last = k, k
		i++
	}
	// A sign that takes its neighbour's face but is missing from it (an
	// ellipsis, curly quotes in Nastaliq) is drawn in the theme's font, in
	// a run of its own: left to Fyne, it would be drawn after its run
	// whatever the direction.
	i = 0
	for _, r := range s {
		if k := bp.kinds[i]; k != kindTheme && r != ' ' && (r < 0x0600 || r > 0x06FF) && !covers(k, r) {
			bp.kinds[i] = kindTheme
		}
		i++
	}
	return bp
}

// coverage says, for the Arabic and Devanagari blocks, which characters
// each embedded face has a glyph for; it is filled on first use.
var coverage struct {
	once [numKinds]sync.Once
	has  [numKinds][0x980 - 0x600]bool
}

// covers reports whether k's face has a glyph for r.
func covers(k faceKind, r rune) bool {
	if r < 0x600 || r >= 0x980 {
		_, ok := k.font().Face().NominalGlyph(r)
		return ok
	}
	coverage.once[k].Do(func() {
		f := k.font().Face()
		for j := range coverage.has[k] {
			_, coverage.has[k][j] = f.NominalGlyph(rune(0x600 + j))
		}
	})
	return coverage.has[k][r-0x600]
}

// firstStrongRTL reports whether the first strong character of s is right
// to left (rules P2 and P3 of the bidi algorithm).
func firstStrongRTL(s string) bool {
	for _, r := range s {
		p, _ := bidi.LookupRune(r)
		switch p.Class() {
		case bidi.L:
			return false
		case bidi.R, bidi.AL:
			return true
		}
	}
	return false
}

// levelsOf resolves the embedding levels of s's code points. The bidi
// package reports runs of one direction; levels follow from the paragraph
// level: in a right-to-left paragraph left-to-right runs are at 2, and in a
// left-to-right one a number that follows right-to-left text (which the
// algorithm keeps a number) is at 2 inside the right-to-left run at 1.
func levelsOf(s string, n int, rtl bool) []uint8 {
	lv := make([]uint8, n)
	base := uint8(0)
	def := bidi.LeftToRight
	if rtl {
		base, def = 1, bidi.RightToLeft
	}
	for i := range lv {
		lv[i] = base
	}
	var p bidi.Paragraph
	if _, err := p.SetString(s, bidi.DefaultDirection(def)); err != nil {
		return lv
	}
	o, err := p.Order()
	if err != nil {
		return lv
	}
	runes := []rune(s)
	for k := 0; k < o.NumRuns(); k++ {
		run := o.Run(k)
		a, b := run.Pos()
		b = min(b+1, n)
		var l uint8
		switch {
		case run.Direction() == bidi.RightToLeft:
			l = 1
		case rtl:
			l = 2
		case !hasL(runes[a:b]) && strongBeforeRTL(runes[:a]):
			l = 2
		default:
			l = 0
		}
		for i := a; i < b; i++ {
			lv[i] = l
		}
	}
	return lv
}

func hasL(rs []rune) bool {
	for _, r := range rs {
		if p, _ := bidi.LookupRune(r); p.Class() == bidi.L {
			return true
		}
	}
	return false
}

func strongBeforeRTL(rs []rune) bool {
	for i := len(rs) - 1; i >= 0; i-- {
		p, _ := bidi.LookupRune(rs[i])
		switch p.Class() {
		case bidi.L:
			return false
		case bidi.R, bidi.AL:
			return true
		}
	}
	return false
}

// crun is one run of a complex line: one direction, one face.
type crun struct {
	start, end int // code points
	b, bEnd    int // bytes
	kind       faceKind
	rtl        bool
	level      uint8
	x, w       float32 // from the line's left edge, alignment included
}

// cbox is one cluster as drawn: the code points a glyph or ligature stands
// for and where it is.
type cbox struct {
	cp, cpEnd int
	x0, x1    float32
	rtl       bool
}

// cline is the geometry of one complex line: runs in visual order and the
// clusters in them, left to right.
type cline struct {
	runs        []crun
	boxes       []cbox
	left, right float32 // ink extent
}

// shaper shapes runs in the embedded faces exactly as Fyne's text painter
// does (same segmenter, same input), so measured and drawn glyphs agree.
type shaper struct {
	hb  shaping.HarfbuzzShaper
	seg shaping.Segmenter
	buf []rune
}

// fixedMap resolves every rune to one face.
type fixedMap struct{ f *font.Face }

func (m fixedMap) ResolveFace(rune) *font.Face { return m.f }

// shape calls fn with each shaped output of s in k's face at size, in the
// order Fyne draws them, and returns the total advance.
func (sh *shaper) shape(s string, k faceKind, size float32, fn func(out *shaping.Output, x float32)) float32 {
	sh.buf = sh.buf[:0]
	for _, r := range s {
		sh.buf = append(sh.buf, r)
	}
	in := shaping.Input{
		Text: sh.buf, RunStart: 0, RunEnd: len(sh.buf),
		Direction: di.DirectionLTR,
		Face:      k.font().Face(),
		Size:      fixed.Int26_6(float64(size) * (1 << 6)),
	}
	var x float32
	for _, part := range sh.seg.Split(in, fixedMap{in.Face}) {
		out := sh.hb.Shape(part)
		if fn != nil {
			fn(&out, x)
		}
		x += fix(out.Advance)
	}
	return x
}

func fix(v fixed.Int26_6) float32 { return float32(v) / 64 }

// vmetrics returns the ascent and height of k's face at the metrics' size.
func (m *metrics) vmetrics(k faceKind) (ascent, height float32) {
	if v := m.vm[k]; v[1] > 0 {
		return v[0], v[1]
	}
	sw := shapeWord(" ", k, m.size)
	m.vm[k] = [2]float32{sw.ascent, sw.height}
	return sw.ascent, sw.height
}

// shaped is a word (or a run of spaces) shaped in one face at one size.
// Arabic letters do not join across a space, so a line's geometry is its
// words' put side by side, and each distinct word is shaped once.
type shaped struct {
	w              float32
	ascent, height float32
	cl             []wcluster // left to right
}

// wcluster is one cluster of a shaped word: runes [a, b) of the word, drawn
// from x0 to x1.
type wcluster struct {
	a, b   int32
	x0, x1 float32
}

type shapeKey struct {
	k    faceKind
	size float32
	s    string
}

// shapes caches shaped words for every view, as Fyne caches the widths of
// the text it measures; maxShapes bounds it.
var shapes = struct {
	sync.Mutex
	sh shaper
	m  map[shapeKey]*shaped
}{m: map[shapeKey]*shaped{}}

const maxShapes = 200000

// shapeWord returns s shaped in k's face at size.
func shapeWord(s string, k faceKind, size float32) *shaped {
	shapes.Lock()
	defer shapes.Unlock()
	key := shapeKey{k, size, s}
	if sw := shapes.m[key]; sw != nil {
		return sw
	}
	sw := &shaped{}
	sw.w = shapes.sh.shape(display(s), k, size, func(out *shaping.Output, ox float32) {
		if sw.height == 0 {
			sw.ascent, sw.height = fix(out.LineBounds.Ascent), fix(out.LineBounds.LineThickness())
		}
		first := len(sw.cl)
		x := ox
		gs := out.Glyphs
		for i := 0; i < len(gs); {
			ci := gs[i].ClusterIndex
			var w float32
			j := i
			for ; j < len(gs) && gs[j].ClusterIndex == ci; j++ {
				w += fix(gs[j].XAdvance)
			}
			sw.cl = append(sw.cl, wcluster{a: int32(ci), x0: x, x1: x + w})
			x += w
			i = j
		}
		// A cluster ends where the next one in logical order starts.
		seg := sw.cl[first:]
		end := int32(out.Runes.Offset + out.Runes.Count)
		for i := range seg {
			e := end
			for _, o := range seg {
				if o.a > seg[i].a && o.a < e {
					e = o.a
				}
			}
			seg[i].b = e
		}
	})
	if len(shapes.m) >= maxShapes {
		clear(shapes.m)
	}
	shapes.m[key] = sw
	return sw
}

// knownWord reports whether s is shaped already.
func knownWord(s string, k faceKind, size float32) (*shaped, bool) {
	shapes.Lock()
	defer shapes.Unlock()
	sw, ok := shapes.m[shapeKey{k, size, s}]
	return sw, ok
}

// kindWidth returns the width of s drawn in k's face; exact false allows an
// estimate from single characters for text not shaped yet.
func (m *metrics) kindWidth(s string, k faceKind, exact bool) (float32, bool) {
	if k == kindTheme {
		if exact {
			return m.exact(display(s)), true
		}
		return m.estimate(display(s))
	}
	if w, ok := m.kw[k][s]; ok {
		return w, true
	}
	sw, ok := knownWord(s, k, m.size)
	if !ok && exact {
		sw, ok = shapeWord(s, k, m.size), true
	}
	if ok {
		if m.kw[k] == nil {
			m.kw[k] = make(map[string]float32, 1024)
		}
		m.kw[k][strings.Clone(s)] = sw.w
		return sw.w, true
	}
	var w float32
	for i, r := range s {
		w += m.runeWidth(s, i, r, k)
	}
	return w, false
}

// runeWidth returns the width of the character r at s[i] on its own in k's
// face, 0 for a mark; Arabic and Devanagari characters are kept in an array.
func (m *metrics) runeWidth(s string, i int, r rune, k faceKind) float32 {
	const lo, hi = 0x0600, 0x0980
	if r >= lo && r < hi {
		if m.kr[k] == nil {
			m.kr[k] = make([]float32, hi-lo)
			for j := range m.kr[k] {
				m.kr[k][j] = -1
			}
		}
		if a := m.kr[k][r-lo]; a >= 0 {
			return a
		}
	}
	var a float32
	if !unicode.Is(unicode.Mn, r) {
		_, n := utf8.DecodeRuneInString(s[i:])
		a = shapeWord(s[i:i+n], k, m.size).w
	}
	if r >= lo && r < hi {
		m.kr[k][r-lo] = a
	}
	return a
}

// bidiOf returns the analysis of paragraph pi, making it on first use.
func (l *layout) bidiOf(pi int) *bidiPara {
	p := &l.paras[pi]
	if !p.complex {
		return nil
	}
	if bp := l.bidi[pi]; bp != nil {
		return bp
	}
	if l.bidi == nil {
		l.bidi = map[int]*bidiPara{}
	}
	bp := analyse(l.doc, p)
	l.bidi[pi] = bp
	return bp
}

// complexWidth is pieceWidth for a piece of a complex paragraph: each
// stretch of one face is measured in that face.
func (l *layout) complexWidth(bp *bidiPara, p *para, pc piece, exact bool) (float32, bool) {
	var w float32
	all := true
	b, cp := pc.b, pc.cp
	for b < pc.bEnd {
		k := bp.kinds[cp-p.start]
		e, ecp := b, cp
		for e < pc.bEnd && bp.kinds[ecp-p.start] == k {
			_, n := utf8.DecodeRuneInString(l.doc[e:])
			e += n
			ecp++
		}
		x, ok := l.m.kindWidth(l.doc[b:e], k, exact)
		w += x
		all = all && ok
		b, cp = e, ecp
	}
	return w, all
}

// buildComplex lays out line ln of paragraph pi in visual order.
func (l *layout) buildComplex(pi int, ln line) *cline {
	if c := l.clines[ln.start]; c != nil {
		return c
	}
	p := &l.paras[pi]
	bp := l.bidiOf(pi)
	if bp.levels == nil {
		bp.levels = levelsOf(l.doc[p.bstart:p.bend], p.end-p.start, bp.rtl)
	}
	c := &cline{}
	// The ink: the line without the spaces where it wraps or ends.
	end, bEnd := ln.end, ln.bend
	for end > ln.start {
		r, n := utf8.DecodeLastRuneInString(l.doc[ln.bstart:bEnd])
		if !isBreakSpace(r) {
			break
		}
		end, bEnd = end-1, bEnd-n
	}
	// Runs in logical order.
	for b, cp := ln.bstart, ln.start; cp < end; {
		i := cp - p.start
		k, lv := bp.kinds[i], bp.levels[i]
		r := crun{start: cp, b: b, kind: k, level: lv, rtl: lv%2 == 1}
		for cp < end && bp.kinds[cp-p.start] == k && bp.levels[cp-p.start] == lv {
			_, n := utf8.DecodeRuneInString(l.doc[b:])
			b += n
			cp++
		}
		r.end, r.bEnd = cp, b
		c.runs = append(c.runs, r)
	}
	reorder(c.runs)
	var x float32
	for i := range c.runs {
		r := &c.runs[i]
		r.x = x
		l.runBoxes(c, r)
		x += r.w
	}
	c.left, c.right = 0, x
	if bp.rtl {
		// Right-aligned.
		off := l.maxW - x
		c.left, c.right = off, off+x
		for i := range c.runs {
			c.runs[i].x += off
		}
		for i := range c.boxes {
			c.boxes[i].x0 += off
			c.boxes[i].x1 += off
		}
	}
	if l.clines == nil {
		l.clines = map[int]*cline{}
	}
	l.clines[ln.start] = c
	return c
}

// reorder puts runs in visual order (rule L2): from the highest level down
// to the lowest odd one, every sequence of runs at that level or above is
// reversed.
func reorder(runs []crun) {
	var hi, lo uint8 = 0, 255
	for _, r := range runs {
		hi = max(hi, r.level)
		if r.level%2 == 1 {
			lo = min(lo, r.level)
		}
	}
	for lv := hi; lv >= lo && lv > 0; lv-- {
		for i := 0; i < len(runs); {
			if runs[i].level < lv {
				i++
				continue
			}
			j := i
			for j < len(runs) && runs[j].level >= lv {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				runs[a], runs[b] = runs[b], runs[a]
			}
			i = j
		}
	}
}

// runBoxes measures run r, whose left edge is at r.x, and appends its
// clusters to c.boxes left to right.
func (l *layout) runBoxes(c *cline, r *crun) {
	s := l.doc[r.b:r.bEnd]
	first := len(c.boxes)
	if r.kind != kindTheme {
		// The run's words and spaces, shaped one by one, side by side: from
		// the last to the first when the run goes right to left.
		type part struct {
			cp int
			sw *shaped
		}
		var parts []part
		for b, cp := r.b, r.start; b < r.bEnd; {
			pc := nextPiece(l.doc, b, cp, r.bEnd)
			parts = append(parts, part{pc.cp, shapeWord(l.doc[pc.b:pc.bEnd], r.kind, l.m.size)})
			b, cp = pc.bEnd, pc.cpEnd
		}
		if r.rtl {
			for a, b := 0, len(parts)-1; a < b; a, b = a+1, b-1 {
				parts[a], parts[b] = parts[b], parts[a]
			}
		}
		x := r.x
		for _, p := range parts {
			for _, cl := range p.sw.cl {
				c.boxes = append(c.boxes, cbox{cp: p.cp + int(cl.a), cpEnd: p.cp + int(cl.b), x0: x + cl.x0, x1: x + cl.x1, rtl: r.rtl})
			}
			x += p.sw.w
		}
		r.w = x - r.x
		c.boxes = mergeGraphemes(c.boxes, first, s, r.start)
	} else {
		// Fyne's fonts draw this run: its width is measured whole and
		// shared out between its characters (marks stay with their base).
		r.w, _ = l.m.kindWidth(s, kindTheme, true)
		var sum float32
		cp := r.start
		for it := graphemes.FromString(s); it.Next(); {
			g := it.Value()
			n := utf8.RuneCountInString(g)
			a, _ := l.m.estimate(display(g))
			c.boxes = append(c.boxes, cbox{cp: cp, cpEnd: cp + n, x1: a, rtl: r.rtl})
			sum += a
			cp += n
		}
		scale := float32(1)
		if sum > 0 {
			scale = r.w / sum
		}
		seg := c.boxes[first:]
		if r.rtl {
			for a, b := 0, len(seg)-1; a < b; a, b = a+1, b-1 {
				seg[a], seg[b] = seg[b], seg[a]
			}
		}
		x := r.x
		for i := range seg {
			w := seg[i].x1 * scale
			seg[i].x0, seg[i].x1 = x, x+w
			x += w
		}
	}
}

// mergeGraphemes joins the clusters from first on where the shaper split a
// grapheme cluster (a joiner, a conjunct): a selection never holds half of
// one. The clusters of one run are in order, so the joined ones touch.
func mergeGraphemes(boxes []cbox, first int, s string, start int) []cbox {
	gb := map[int]bool{}
	cp := start
	for it := graphemes.FromString(s); it.Next(); {
		gb[cp] = true
		cp += utf8.RuneCountInString(it.Value())
	}
	out := boxes[:first]
	for _, bx := range boxes[first:] {
		if n := len(out); n > first {
			prev := &out[n-1]
			shared := bx.cp
			if bx.rtl {
				shared = prev.cp
			}
			if !gb[shared] {
				prev.cp, prev.cpEnd = min(prev.cp, bx.cp), max(prev.cpEnd, bx.cpEnd)
				prev.x1 = bx.x1
				continue
			}
		}
		out = append(out, bx)
	}
	return out
}

// textFont is the font resource a run of kind k is drawn with.
func textFont(k faceKind) fyne.Resource {
	if f := k.font(); f != nil {
		return f.Res
	}
	return nil
}

// x returns where the boundary before code point cp is drawn: the leading
// edge of its cluster (the right edge in a right-to-left run).
func (c *cline) x(cp int) float32 {
	for _, bx := range c.boxes {
		if cp >= bx.cp && cp < bx.cpEnd {
			if bx.rtl {
				return bx.x1
			}
			return bx.x0
		}
	}
	// After the ink: the end of the line in its direction.
	if len(c.runs) > 0 && c.runs[0].rtl && c.runs[len(c.runs)-1].rtl {
		return c.left
	}
	return c.right
}

// cpAt returns the code point boundary nearest to x, or with floor true the
// first code point of the cluster x falls on. Clusters are never split: a
// ligature or a letter with its marks is selected whole.
func (c *cline) cpAt(x float32, floor bool, ln line) int {
	if len(c.boxes) == 0 {
		return ln.start
	}
	bx := c.boxes[0]
	switch {
	case x < bx.x0:
		if bx.rtl {
			return bx.cpEnd
		}
		return bx.cp
	case x >= c.boxes[len(c.boxes)-1].x1:
		bx = c.boxes[len(c.boxes)-1]
		if bx.rtl {
			return bx.cp
		}
		return bx.cpEnd
	}
	i := sort.Search(len(c.boxes), func(i int) bool { return c.boxes[i].x1 > x })
	bx = c.boxes[min(i, len(c.boxes)-1)]
	if floor {
		return bx.cp
	}
	left := x-bx.x0 < bx.x1-x
	if left == bx.rtl {
		return bx.cpEnd
	}
	return bx.cp
}
