package textview

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Line is a one-line label for titles and excerpts in lists. Text in the
// region's scripts is shaped, put in visual order and right-aligned when it
// runs right to left, as in the article view, and cut with an ellipsis at
// its logical end when it does not fit; other text is an ordinary Fyne label
// with an ellipsis, exactly as before.
type Line struct {
	widget.BaseWidget

	// Text is the text shown; set it with SetText.
	Text string
	// TextStyle and SizeName style the line as a widget.Label's do. Bold
	// applies to text in the theme's font only.
	TextStyle fyne.TextStyle
	SizeName  fyne.ThemeSizeName

	label   *widget.Label // the plain path
	complex bool
	// strong is the part of Text drawn bold, in code points (SetStrong);
	// none where strong[0] >= strong[1].
	strong [2]int
}

var _ fyne.Widget = (*Line)(nil)

// NewLine returns a line showing s.
func NewLine(s string) *Line {
	l := &Line{label: widget.NewLabel("")}
	l.label.Truncation = fyne.TextTruncateEllipsis
	l.ExtendBaseWidget(l)
	l.SetText(s)
	return l
}

// SetText shows s; newlines become spaces. Nothing of it is bold, unless
// SetStrong called it.
func (l *Line) SetText(s string) {
	l.strong = [2]int{}
	l.setText(s)
}

func (l *Line) setText(s string) {
	l.Text = s
	s = strings.ReplaceAll(s, "\n", " ")
	l.complex = isComplex(s)
	if !l.complex {
		// The renderer's Refresh refreshes the label once; SetText would
		// have laid its text out a second time.
		l.label.TextStyle, l.label.SizeName = l.TextStyle, l.SizeName
		l.label.Text = s
	}
	l.Refresh()
}

// SetStrong shows s with its code points start to end (end exclusive)
// drawn bold, as a search result's match in its excerpt, where s is in
// the region's scripts (a plain line draws none of it bold: the rich text
// of a Latin excerpt does that). The embedded Urdu and Arabic faces have
// no bold: the part is drawn twice, a little apart, as type without a
// bold is emboldened. The run is cut at the part's ends, with a joiner
// where a word goes on across an end so its letters keep their joined
// forms.
func (l *Line) SetStrong(s string, start, end int) {
	l.strong = [2]int{start, end}
	l.setText(s)
}

// IsComplex reports whether s is in one of the region's scripts that Line
// shapes and orders itself (a plain label would show it unjoined or in the
// wrong order).
func IsComplex(s string) bool { return isComplex(s) }

// MinSize is a label's with an ellipsis: one line of text high, as wide
// as "M…" whatever the text, also while a text that fits is drawn without
// the ellipsis's cutting (fitTruncation).
func (l *Line) MinSize() fyne.Size {
	l.label.TextStyle, l.label.SizeName = l.TextStyle, l.SizeName
	s := l.label.MinSize()
	if l.label.Truncation == fyne.TextTruncateOff {
		// What a label cut with an ellipsis asks (Fyne's RichText), text
		// size and style as it takes them: the theme's, plain.
		size := l.Theme().Size(theme.SizeNameText)
		s.Width = fyne.MeasureText("M", size, fyne.TextStyle{}).Width + fyne.MeasureText("…", size, fyne.TextStyle{}).Width
	}
	return s
}

// fitTruncation sets how the plain label cuts its text at width: not at
// all when the whole text fits, so that Fyne does not look for where to
// cut it, which it does with a new HarfBuzz shaper for every label it
// lays out (the document list's rows bound to new titles were two fifths
// of a ] jump's handler in a profile, issue 18); with an ellipsis, as
// before, otherwise. A text within a pixel of the width is left to Fyne. It
// reports whether the cut changed, which the label takes on its Refresh.
func (l *Line) fitTruncation(width float32) bool {
	cut := fyne.TextTruncateEllipsis
	if s := l.label.Text; s != "" && width > 0 {
		th := l.Theme()
		name := l.SizeName
		if name == "" {
			name = theme.SizeNameText
		}
		room := width - 2*th.Size(theme.SizeNameInnerPadding)
		if fyne.MeasureText(s, th.Size(name), l.TextStyle).Width+1 <= room {
			cut = fyne.TextTruncateOff
		}
	}
	if l.label.Truncation == cut {
		return false
	}
	l.label.Truncation = cut
	return true
}

// CreateRenderer is part of fyne.Widget.
func (l *Line) CreateRenderer() fyne.WidgetRenderer {
	return &lineRenderer{l: l}
}

type lineRenderer struct {
	l     *Line
	texts []*canvas.Text
	objs  []fyne.CanvasObject
	// what the runs were laid out for
	text   string
	width  float32
	size   float32
	strong [2]int
}

func (r *lineRenderer) Destroy()                     {}
func (r *lineRenderer) MinSize() fyne.Size           { return r.l.MinSize() }
func (r *lineRenderer) Objects() []fyne.CanvasObject { return r.objs }

// Layout resizes the plain label, which lays its text out again only when
// its size changed; a line of runs is laid out by Refresh.
func (r *lineRenderer) Layout(fyne.Size) {
	if !r.l.complex {
		cut := r.l.fitTruncation(r.l.Size().Width)
		r.l.label.Resize(r.l.Size())
		if cut {
			r.l.label.Refresh()
		}
		r.objs = append(r.objs[:0], r.l.label)
		return
	}
	r.Refresh()
}

// lineMetrics are shared by every Line, one per text size.
var lineMetrics = struct {
	sync.Mutex
	m map[float32]*metrics
}{m: map[float32]*metrics{}}

// metricsFor returns the Lines' metrics at size.
func metricsFor(size float32) *metrics {
	lineMetrics.Lock()
	defer lineMetrics.Unlock()
	m := lineMetrics.m[size]
	if m == nil {
		m = newMetrics(size)
		lineMetrics.m[size] = m
	}
	return m
}

func (r *lineRenderer) Refresh() {
	l := r.l
	if !l.complex {
		l.fitTruncation(l.Size().Width)
		l.label.Resize(l.Size())
		l.label.Refresh()
		r.objs = append(r.objs[:0], l.label)
		return
	}
	th := l.Theme()
	name := l.SizeName
	if name == "" {
		name = theme.SizeNameText
	}
	size := th.Size(name)
	pad := th.Size(theme.SizeNameInnerPadding)
	width := l.Size().Width - 2*pad
	s := strings.ReplaceAll(l.Text, "\n", " ")
	fg := th.Color(theme.ColorNameForeground, fyne.CurrentApp().Settings().ThemeVariant())
	if s == r.text && width == r.width && size == r.size && l.strong == r.strong && len(r.texts) > 0 && r.texts[0].Color == fg {
		return
	}
	r.text, r.width, r.size, r.strong = s, width, size, l.strong
	m := metricsFor(size)
	lay, c := lineGeometry(s, m, width)
	if c.right-c.left > width && width > 0 {
		lay, c = lineGeometry(elide(s, c, width-m.exact("…")), m, width)
	}
	r.objs = r.objs[:0]
	n := 0
	for i := range c.runs {
		rn := &c.runs[i]
		dy, h := float32(0), m.textH
		if rn.kind != kindTheme {
			var a float32
			a, h = m.vmetrics(rn.kind)
			dy = m.baseline - a
		}
		pieces := []linePiece{{text: display(lay.doc[rn.b:rn.bEnd]), x: rn.x, w: rn.w}}
		if l.strong[0] < l.strong[1] {
			pieces = strongPieces(lay.doc, rn, c, l.strong)
		}
		for _, pc := range pieces {
			// A strong piece is drawn twice, the second a little to the
			// right: the faces have no bold.
			for k := range 1 + btoi(pc.strong) {
				if n == len(r.texts) {
					r.texts = append(r.texts, &canvas.Text{})
				}
				t := r.texts[n]
				n++
				t.Text, t.TextSize, t.Color, t.FontSource = pc.text, size, fg, textFont(rn.kind)
				t.TextStyle = fyne.TextStyle{}
				if rn.kind == kindTheme {
					t.TextStyle = l.TextStyle
				}
				t.Move(fyne.NewPos(pad+pc.x+float32(k)*emboldenBy(size), pad+dy))
				t.Resize(fyne.NewSize(pc.w, h))
				t.Refresh()
				r.objs = append(r.objs, t)
			}
		}
	}
}

// emboldenBy is how far apart a strong piece's two drawings are at text
// size size.
func emboldenBy(size float32) float32 { return max(0.6, size/22) }

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// linePiece is a run of a Line, or the part of one inside or outside its
// strong part: the text drawn, where and how wide.
type linePiece struct {
	text   string
	x, w   float32
	strong bool
}

// zwj joins a word's letters across a cut.
const zwj = "\u200d"

// strongPieces cuts run rn of line c of doc at the ends of strong, which
// are code points; a run it does not cut is one piece, as it was drawn.
func strongPieces(doc string, rn *crun, c *cline, strong [2]int) []linePiece {
	whole := linePiece{text: display(doc[rn.b:rn.bEnd]), x: rn.x, w: rn.w}
	if strong[0] >= strong[1] || strong[1] <= rn.start || strong[0] >= rn.end {
		return []linePiece{whole}
	}
	if strong[0] <= rn.start && strong[1] >= rn.end {
		whole.strong = true
		return []linePiece{whole}
	}
	cuts := []int{rn.start}
	for _, e := range strong {
		if e > rn.start && e < rn.end {
			cuts = append(cuts, e)
		}
	}
	cuts = append(cuts, rn.end)
	// The byte of each code point of the run.
	bytes := make([]int, 0, rn.end-rn.start+1)
	for i := range doc[rn.b:rn.bEnd] {
		bytes = append(bytes, rn.b+i)
	}
	bytes = append(bytes, rn.bEnd)
	letter := func(cp int) bool {
		if cp < rn.start || cp >= rn.end {
			return false
		}
		r, _ := utf8.DecodeRuneInString(doc[bytes[cp-rn.start]:])
		return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r)
	}
	var out []linePiece
	for k := 0; k+1 < len(cuts); k++ {
		a, b := cuts[k], cuts[k+1]
		if a == b {
			continue
		}
		x0, x1 := float32(-1), float32(0)
		for _, bx := range c.boxes {
			if bx.cp >= a && bx.cp < b {
				if x0 < 0 || bx.x0 < x0 {
					x0 = bx.x0
				}
				x1 = max(x1, bx.x1)
			}
		}
		if x0 < 0 {
			continue // nothing drawn: a space the line ends with
		}
		text := display(doc[bytes[a-rn.start]:bytes[b-rn.start]])
		if rn.kind != kindTheme { // letters that join: keep their forms
			if a > rn.start && letter(a-1) && letter(a) {
				text = zwj + text
			}
			if b < rn.end && letter(b-1) && letter(b) {
				text += zwj
			}
		}
		out = append(out, linePiece{text: text, x: x0, w: x1 - x0, strong: a >= strong[0] && b <= strong[1]})
	}
	return out
}

// lineGeometry lays s out as one unwrapped line in a box width wide.
func lineGeometry(s string, m *metrics, width float32) (*layout, *cline) {
	lay := &layout{doc: s, paras: splitParas(s), m: m, maxW: width}
	p := &lay.paras[0]
	p.complex = true // even once cut down to an ellipsis
	ln := line{start: p.start, end: p.end, bstart: p.bstart, bend: p.bend}
	p.lines = []line{ln}
	return lay, lay.buildComplex(0, ln)
}

// elide returns the longest start of s, in reading order and by whole
// clusters, whose clusters fit in width, followed by an ellipsis.
func elide(s string, c *cline, width float32) string {
	// Clusters in logical order with their widths.
	n := 0
	for _, bx := range c.boxes {
		n = max(n, bx.cpEnd)
	}
	w := make([]float32, n+1)
	starts := make([]bool, n+1)
	for _, bx := range c.boxes {
		w[bx.cp] += bx.x1 - bx.x0
		starts[bx.cp] = true
	}
	var sum float32
	cut := n
	for cp := 0; cp < n; cp++ {
		if !starts[cp] {
			continue
		}
		if sum+w[cp] > width {
			cut = cp
			break
		}
		sum += w[cp]
	}
	rs := []rune(s)
	return strings.TrimRight(string(rs[:min(cut, len(rs))]), " ") + "…"
}
