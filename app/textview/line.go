package textview

import (
	"strings"
	"sync"

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

// SetText shows s; newlines become spaces.
func (l *Line) SetText(s string) {
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
	text  string
	width float32
	size  float32
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
	if s == r.text && width == r.width && size == r.size && len(r.texts) > 0 && r.texts[0].Color == fg {
		return
	}
	r.text, r.width, r.size = s, width, size
	m := metricsFor(size)
	lay, c := lineGeometry(s, m, width)
	if c.right-c.left > width && width > 0 {
		lay, c = lineGeometry(elide(s, c, width-m.exact("…")), m, width)
	}
	r.objs = r.objs[:0]
	for i := range c.runs {
		rn := &c.runs[i]
		if i == len(r.texts) {
			r.texts = append(r.texts, &canvas.Text{})
		}
		t := r.texts[i]
		t.Text, t.TextSize, t.Color, t.FontSource = display(lay.doc[rn.b:rn.bEnd]), size, fg, textFont(rn.kind)
		t.TextStyle = fyne.TextStyle{}
		if rn.kind == kindTheme {
			t.TextStyle = l.TextStyle
		}
		dy, h := float32(0), m.textH
		if rn.kind != kindTheme {
			var a float32
			a, h = m.vmetrics(rn.kind)
			dy = m.baseline - a
		}
		t.Move(fyne.NewPos(pad+rn.x, pad+dy))
		t.Resize(fyne.NewSize(rn.w, h))
		t.Refresh()
		r.objs = append(r.objs, t)
	}
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
