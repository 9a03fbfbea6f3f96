package textview

import (
	"image/color"
	"math"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"

	"github.com/skein-news/skein/app/arcs"
)

// arcState is what the view knows of the open article's links: the arcs it
// draws above the text and the markers in the margin, which one is
// selected, and where the last frame put them, for clicks.
type arcState struct {
	on       bool // View ▸ Arcs
	links    []arcs.Link
	marks    []arcs.Marker
	selected string // Key of the selected link, or ""
	labelW   map[string]float32
	labelAt  float32 // text size labelW was measured at
	labelH   float32 // a label's box's height (arcLabelH), at text size labelHAt
	labelHAt float32
	spare    []arcEnd // the layout's last ends, reused by updateBand

	// The last frame: where the visible lines' text starts, the arcs it
	// placed (placed[i] is links[idx[i]]), their runs and the markers shown.
	tops    []float32
	bands   []float32 // the room above each of those lines
	placed  []arcs.Arc
	idx     []int
	segs    []arcs.Seg
	shown   []markAt
	visible []int
	ends    []endRef
}

// markAt is a marker as the last frame drew it.
type markAt struct {
	m    int // index into marks
	x, y float32
}

// endRef is one end of a visible link, waiting for its line.
type endRef struct {
	cp   int
	arc  int // index into placed
	to   bool
	frag int // index into links
}

// SetArcs gives the links of the open article to draw as arcs, and the
// spans linked to other articles to mark in the margin. The view keeps the
// slices. The lines make room for arcs only while there are some to draw.
func (v *View) SetArcs(links []arcs.Link, marks []arcs.Marker) {
	if slices.Equal(links, v.arc.links) && slices.Equal(marks, v.arc.marks) {
		return
	}
	v.arc.links, v.arc.marks = links, marks
	if v.arc.selected != "" && !slices.ContainsFunc(links, func(l arcs.Link) bool { return l.Is(v.arc.selected) }) {
		v.arc.selected = ""
	}
	v.updateBand()
	v.Refresh()
}

// SetArcsShown turns the arcs and margin markers on or off.
func (v *View) SetArcsShown(on bool) {
	if v.arc.on == on {
		return
	}
	v.arc.on = on
	if !on {
		v.arc.selected = ""
	}
	v.updateBand()
	v.Refresh()
}

// ArcsShown reports whether arcs are drawn.
func (v *View) ArcsShown() bool { return v.arc.on }

// SelectedArc returns the Key of the selected link, or "".
func (v *View) SelectedArc() string { return v.arc.selected }

// SelectArc selects the link with the given Key ("" none) without calling
// OnArcSelected. A selected link unselects the span.
func (v *View) SelectArc(key string) {
	v.arc.selected = key
	if key != "" {
		v.selected = ""
		v.stopFlash()
	}
	v.Refresh()
}

// ArcAt returns the Key of the link whose arc is drawn at pos, or "".
func (v *View) ArcAt(pos fyne.Position) string {
	if i := v.arcHit(pos); i >= 0 {
		return v.arc.links[v.arc.idx[v.arc.segs[i].Arc]].Key()
	}
	return ""
}

// ArcPoint returns a point on the arc of the link with the given Key as
// the last frame drew it, for tests and the end-to-end test's clicks; false
// when it is not on screen.
func (v *View) ArcPoint(key string) (fyne.Position, bool) {
	a := &v.arc
	for _, sg := range a.segs {
		if v.arc.links[a.idx[sg.Arc]].Is(key) {
			x := sg.X0 + (sg.X1-sg.X0)/4
			return fyne.NewPos(x, a.tops[sg.Line]-v.levelY(sg.Level)), true
		}
	}
	return fyne.Position{}, false
}

// MarkerPoint returns where the last frame drew the margin marker of span
// id; false when it is not on screen.
func (v *View) MarkerPoint(id string) (fyne.Position, bool) {
	for _, s := range v.arc.shown {
		if v.arc.marks[s.m].Span == id {
			return fyne.NewPos(s.x, s.y), true
		}
	}
	return fyne.Position{}, false
}

// ArcLinks returns the links the view was given, in text order.
func (v *View) ArcLinks() []arcs.Link { return v.arc.links }

// arcsDrawn reports whether the view draws arcs now.
func (v *View) arcsDrawn() bool { return v.arc.on && len(v.arc.links) > 0 }

// arcEnd is one end of a link, for the room its line makes: the code point
// it starts at, and its link's other end's. A link with both ends on one
// line is one arc there, counted at its first end only.
type arcEnd struct {
	cp, other int
	second    bool // the later of the two ends (the To end when they start together)
}

// updateBand lists the links' ends for the layout, so that each line makes
// room above its text for the arcs it carries and no other does, and lays
// the paragraphs out again. The line at the top of the view keeps its place.
func (v *View) updateBand() {
	l := v.lay
	if l == nil {
		return
	}
	ends := v.arc.spare[:0]
	if v.arcsDrawn() {
		for _, lk := range v.arc.links {
			f, t := lk.From.Start, lk.To.Start
			ends = append(ends, arcEnd{cp: f, other: t, second: f > t}, arcEnd{cp: t, other: f, second: t >= f})
		}
		slices.SortFunc(ends, func(x, y arcEnd) int {
			if c := x.cp - y.cp; c != 0 {
				return c
			}
			return x.other - y.other
		})
	}
	same := slices.Equal(ends, l.ends)
	l.ends, v.arc.spare = ends, l.ends
	if same {
		return // a link relabelled: no line's room changes
	}
	if l.m == nil || len(l.paras) == 0 || l.paras[0].lines == nil {
		return // laid out with the ends when it first is
	}
	anchor, delta := v.topAnchor()
	changed := false
	for i := range l.paras {
		p := &l.paras[i]
		h := p.h
		l.room(p)
		changed = changed || p.h != h
	}
	if changed {
		l.place()
		v.restoreAnchor(anchor, delta)
	}
}

// room sets p's height from its lines: each is lineH high, plus, above its
// text, room for as many levels of arcs as arcs run over it, which is as
// many as the stacking in arcs.PlaceInto can use there: every arc has a
// level of its own, none shares one with another it overlaps. It needs no widths, so the room does not change when p is wrapped
// again with measured ones.
func (l *layout) room(p *para) {
	p.ys, p.band = p.ys[:0], p.band[:0]
	if p.blank(l.doc) {
		p.h = 0
		return
	}
	n := len(p.lines)
	p.h = float32(n) * l.lineH
	ends := l.ends
	i, _ := slices.BinarySearchFunc(ends, p.start, func(e arcEnd, cp int) int { return e.cp - cp })
	if i == len(ends) || ends[i].cp >= p.end {
		return
	}
	y, some := float32(0), false
	for li, ln := range p.lines {
		k := 0
		for ; i < len(ends) && ends[i].cp < ln.end; i++ {
			e := ends[i]
			if e.cp < ln.start || e.second && e.other >= ln.start && e.other < ln.end {
				continue
			}
			k++
		}
		b := arcBand(l.m.size, k)
		if b > 0 && !some {
			some = true
			p.band = append(p.band, make([]float32, li)...)
			for j := range li {
				p.ys = append(p.ys, float32(j)*l.lineH)
			}
		}
		if some {
			p.ys = append(p.ys, y)
			p.band = append(p.band, b)
		}
		y += l.lineH + b
	}
	p.h = y
}

// arcBand is the room above a line's text for n levels of arcs at text
// size s; none for none.
func arcBand(s float32, n int) float32 {
	if n == 0 {
		return 0
	}
	return float32(n)*arcStep(s) + float32(math.Round(float64(s)*0.3))
}

func arcStep(s float32) float32 { return float32(math.Round(float64(s) * 0.65)) }

func arcLabelSize(s float32) float32 { return float32(math.Round(float64(s) * 0.68)) }

// levelY is the height above the text's top of arc level k.
func (v *View) levelY(k int) float32 {
	s := v.lay.m.size
	return float32(math.Round(float64(s)*0.3)) + arcStep(s)*(float32(k)+0.5)
}

// labelGap is the room kept between the boxes of two labels, across
// levels as along one.
const labelGap = 3

// arcLabelH is the height of a link label's box at label text size size.
func (v *View) arcLabelH(size float32) float32 {
	a := &v.arc
	if a.labelH == 0 || a.labelHAt != size {
		a.labelH, a.labelHAt = fyne.MeasureText("Mg", size, fyne.TextStyle{}).Height, size
	}
	return a.labelH
}

// labelInBand is the middle of a label's box at y, moved down where the
// box would reach above bandTop, the top of its line's room for arcs: the
// top level's box rose above it, into the line before, or past the view's
// top on its first line.
func labelInBand(y, bandTop, labelH float32) float32 {
	return max(y, bandTop+labelH/2)
}

// shortLabel is a link label shortened where its line has no room for
// the whole one clear of the others (arcs.Spread): a click on the arc
// names it whole in the status line.
const shortLabel = "…"

// labelWidth is the width of a link label's box.
func (v *View) labelWidth(label string) float32 {
	if label == "" {
		return 0
	}
	a := &v.arc
	size := arcLabelSize(v.lay.m.size)
	if a.labelW == nil || a.labelAt != size {
		a.labelW, a.labelAt = map[string]float32{}, size
	}
	w, ok := a.labelW[label]
	if !ok {
		w = fyne.MeasureText(label, size, fyne.TextStyle{}).Width + 6
		a.labelW[label] = w
	}
	return w
}

// arcHit returns the index of the run of the last frame's arcs at pos, or -1.
func (v *View) arcHit(pos fyne.Position) int {
	a := &v.arc
	if !v.arcsDrawn() || v.lay == nil || v.lay.m == nil {
		return -1
	}
	l := v.lay
	for k, top := range a.tops {
		if pos.Y < top-a.bands[k]-1 || pos.Y > top+2 {
			continue
		}
		size := arcLabelSize(l.m.size)
		// A label's box is where it is drawn: moved down into the line's
		// room (labelInBand), not around its run.
		drawnH, bandTop := v.arcLabelH(size), top-a.bands[k]
		labelY := func(level int) float32 { return top - labelInBand(top-v.levelY(level), bandTop, drawnH) }
		return arcs.Hit(a.segs, a.placed, k, pos.X, top-pos.Y, v.levelY, labelY, size+4, 4)
	}
	return -1
}

// markerHit returns the marker drawn at pos, or -1.
func (v *View) markerHit(pos fyne.Position) int {
	if !v.arc.on || v.lay == nil || v.lay.m == nil || pos.X > v.lay.marginX {
		return -1
	}
	r := v.lay.m.textH / 2
	for _, s := range v.arc.shown {
		if dx, dy := pos.X-s.x, pos.Y-s.y; dx*dx+dy*dy <= r*r*1.5 {
			return s.m
		}
	}
	return -1
}

// clickArc handles a click on an arc or a margin marker, and reports
// whether it was one; a click anywhere else unselects the link.
func (v *View) clickArc(pos fyne.Position) bool {
	if m := v.markerHit(pos); m >= 0 {
		if v.OnMarker != nil {
			v.OnMarker(v.arc.marks[m])
		}
		return true
	}
	key := v.ArcAt(pos)
	if key == "" {
		if v.arc.selected != "" {
			v.arc.selected = ""
			v.Refresh()
			if v.OnArcSelected != nil {
				v.OnArcSelected("")
			}
		}
		return false
	}
	had, hadSpan := v.Selection() != nil, v.selected != ""
	v.sel, v.act, v.selected = nil, active{}, ""
	v.stopFlash()
	if had {
		v.selectionChanged()
	}
	if hadSpan {
		v.spanChanged()
	}
	v.arc.selected = key
	v.Refresh()
	if v.OnArcSelected != nil {
		v.OnArcSelected(key)
	}
	return true
}

// arcRender is what the renderer keeps for arcs: pooled strokes, labels and
// markers.
type arcRender struct {
	strokes pool[canvas.Line]
	boxes   rectPool
	texts   pool[canvas.Text]
	dots    pool[canvas.Circle]
	visLo   int // first code point of the first visible line
	nLines  int
	ptr     int
	same    int // ends before this one at the same code point
}

// pool hands out canvas objects of one kind, reusing those of the last
// frame, as rectPool does rectangles.
type pool[T any] struct {
	items []*T
	n     int
}

func (p *pool[T]) next() *T {
	if p.n == len(p.items) {
		p.items = append(p.items, new(T))
	}
	o := p.items[p.n]
	p.n++
	return o
}

// used is the objects handed out this frame.
func (p *pool[T]) used() []*T { return p.items[:p.n] }

// arcsBegin starts a frame: it picks the links that touch the code points
// between the view's top and bottom and lists their ends by position.
func (r *viewRenderer) arcsBegin(top, bottom float32) {
	v := r.v
	a := &v.arc
	ar := &r.arc
	ar.strokes.n, ar.texts.n, ar.dots.n, ar.ptr, ar.nLines = 0, 0, 0, 0, 0
	ar.boxes.n = 0
	a.tops, a.bands, a.placed, a.idx, a.segs, a.shown = a.tops[:0], a.bands[:0], a.placed[:0], a.idx[:0], a.segs[:0], a.shown[:0]
	a.ends = a.ends[:0]
	if !v.arc.on {
		return
	}
	l := v.lay
	pi, li := l.lineAtY(top)
	ar.visLo = l.paras[pi].lines[li].start
	pj, lj := l.lineAtY(bottom)
	hi := l.paras[pj].lines[lj].end + 1
	a.visible = arcs.Visible(a.links, ar.visLo, hi, a.visible[:0])
	for _, k := range a.visible {
		lk := &a.links[k]
		n := len(a.placed)
		w := v.labelWidth(lk.Label)
		a.placed = append(a.placed, arcs.Arc{From: arcs.End{Line: -1}, To: arcs.End{Line: -1}, LabelW: w, ShortW: min(w, v.labelWidth(shortLabel))})
		a.idx = append(a.idx, k)
		a.ends = append(a.ends, endRef{cp: lk.From.Start, arc: n, frag: k}, endRef{cp: lk.To.Start, arc: n, to: true, frag: k})
	}
	slices.SortFunc(a.ends, func(x, y endRef) int { return x.cp - y.cp })
}

// arcsLine notes a visible line, whose text starts at sy with band above
// it for arcs: the ends of links on it get their place, measured with r.g,
// which holds its geometry.
func (r *viewRenderer) arcsLine(ln line, sy, band float32) {
	v := r.v
	a := &v.arc
	if !a.on {
		return
	}
	ar := &r.arc
	k := ar.nLines
	ar.nLines++
	a.tops = append(a.tops, sy)
	a.bands = append(a.bands, band)
	l := v.lay
	for ; ar.ptr < len(a.ends) && a.ends[ar.ptr].cp < ln.end; ar.ptr++ {
		e := a.ends[ar.ptr]
		if e.cp < ln.start {
			continue // above the view, or in a blank line: Line stays -1
		}
		lk := &a.links[e.frag]
		f := lk.From
		if e.to {
			f = lk.To
		}
		x := float32(-1)
		r.g.ranges(max(f.Start, ln.start), min(f.End, ln.end), func(x0, x1 float32) {
			if x < 0 {
				x = (x0 + x1) / 2
			}
		})
		if x < 0 {
			x = r.g.inkX(f.Start)
		}
		// Arcs that meet at one span come down side by side, not on top of
		// each other: 0, +5, −5, +10, … from its middle.
		if ar.ptr > 0 && a.ends[ar.ptr-1].cp == e.cp {
			ar.same++
		} else {
			ar.same = 0
		}
		x += float32((ar.same+1)/2*5) * float32(1-2*(ar.same%2))
		end := arcs.End{Line: k, X: l.marginX + x}
		if e.to {
			a.placed[e.arc].To = end
		} else {
			a.placed[e.arc].From = end
		}
	}
	// Markers of spans starting on this line.
	if len(a.marks) > 0 {
		i, _ := slices.BinarySearchFunc(a.marks, ln.start, func(m arcs.Marker, cp int) int { return m.At - cp })
		if i < len(a.marks) && a.marks[i].At < max(ln.end, ln.start+1) {
			a.shown = append(a.shown, markAt{m: i, x: l.marginX / 2, y: sy + l.m.textH/2})
		}
	}
}

// arcsEnd places the frame's arcs and draws them.
func (r *viewRenderer) arcsEnd(col colours) {
	v := r.v
	a := &v.arc
	ar := &r.arc
	if !v.arcsDrawn() {
		r.markers(col)
		return
	}
	// The ends after the last visible line are below the view.
	for ; ar.ptr < len(a.ends); ar.ptr++ {
		e := a.ends[ar.ptr]
		if e.to {
			a.placed[e.arc].To.Line = ar.nLines
		} else {
			a.placed[e.arc].From.Line = ar.nLines
		}
	}
	l := v.lay
	// As many levels as arcs: a line's runs stack at most that high, and
	// room gave each line as many as it carries.
	left, right := l.marginX/2, l.marginX+l.maxW
	a.segs = arcs.PlaceInto(a.segs, a.placed, ar.nLines, left, right, max(len(a.placed), 1), 6)
	size := arcLabelSize(l.m.size)
	labelH := v.arcLabelH(size)
	step := arcStep(l.m.size)
	// A label's box is taller than a level: the top level's is moved down
	// into its line's room (labelInBand), and boxes on levels nearer than
	// a box and a gap are kept apart along their runs.
	down := max(0, (labelH-step)/2)
	if near := step - down; near > 0 {
		arcs.Spread(a.segs, a.placed, int(math.Ceil(float64((labelH+labelGap)/near)))-1, labelGap, left, right)
	}
	fg := nrgba(col.fg)
	plain := withAlpha(fg, 0xb0)
	sel := nrgba(col.primary)
	bg := v.Theme().Color(theme.ColorNameBackground, fyne.CurrentApp().Settings().ThemeVariant())
	for _, sg := range a.segs {
		lk := &a.links[a.idx[sg.Arc]]
		c, w := plain, float32(1.2)
		if lk.Is(a.selected) {
			c, w = sel, 2.5
		}
		top := a.tops[sg.Line]
		y := top - v.levelY(sg.Level)
		r.arcStroke(sg.X0, y, sg.X1, y, c, w)
		if sg.DropL {
			r.arcStroke(sg.X0, y, sg.X0, top-1, c, w)
		}
		if sg.DropR {
			r.arcStroke(sg.X1, y, sg.X1, top-1, c, w)
		}
		for _, hx := range []float32{sg.X0, sg.X1} {
			if (hx == sg.X0 && sg.HeadL) || (hx == sg.X1 && sg.HeadR && !(sg.HeadL && sg.X0 == sg.X1)) {
				r.arcStroke(hx-3.5, top-6, hx, top-1, c, w)
				r.arcStroke(hx+3.5, top-6, hx, top-1, c, w)
			}
		}
		if lw := sg.BoxW(a.placed); lw > 0 {
			text := lk.Label
			if sg.Short {
				text = shortLabel
			}
			bx := sg.LabelX - lw/2
			y := labelInBand(y, top-a.bands[sg.Line], labelH)
			box := r.arc.boxes.next()
			setRect(box, bg, bx, y-labelH/2, lw, labelH)
			box.StrokeColor, box.StrokeWidth, box.CornerRadius = c, 1, 3
			t := ar.texts.next()
			if t.Text != text || t.Color != color.Color(c) || t.TextSize != size {
				t.Text, t.Color, t.TextSize = text, c, size
				t.Refresh()
			}
			t.Move(fyne.NewPos(bx+3, y-labelH/2))
			t.Resize(fyne.NewSize(lw-6, labelH))
		}
	}
	r.markers(col)
}

// markers draws a dot in the margin beside each span linked to another
// article.
func (r *viewRenderer) markers(col colours) {
	v := r.v
	ar := &r.arc
	d := v.lay.m.textH * 0.45
	for _, s := range v.arc.shown {
		c := ar.dots.next()
		c.FillColor = col.primary
		c.StrokeColor, c.StrokeWidth = col.fg, 1
		c.Move(fyne.NewPos(s.x-d/2, s.y-d/2))
		c.Resize(fyne.NewSize(d, d))
	}
}

// arcStroke draws one straight stroke.
func (r *viewRenderer) arcStroke(x0, y0, x1, y1 float32, c color.Color, w float32) {
	s := r.arc.strokes.next()
	if s.StrokeColor != c || s.StrokeWidth != w {
		s.StrokeColor, s.StrokeWidth = c, w
	}
	s.Position1, s.Position2 = fyne.NewPos(x0, y0), fyne.NewPos(x1, y1)
}

// arcObjects appends the frame's arc objects.
func (r *viewRenderer) arcObjects(objs []fyne.CanvasObject) []fyne.CanvasObject {
	ar := &r.arc
	for _, s := range ar.strokes.used() {
		objs = append(objs, s)
	}
	objs = ar.boxes.appendTo(objs)
	for _, t := range ar.texts.used() {
		objs = append(objs, t)
	}
	for _, c := range ar.dots.used() {
		objs = append(objs, c)
	}
	return objs
}
