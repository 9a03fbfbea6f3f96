package textview

import (
	"image"
	"image/color"
	"math"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"

	"github.com/skein-news/skein/annotate"
)

// maxTips is how many spans the hover tooltip lists.
const maxTips = 6

// viewRenderer draws the lines in view. Text objects stay bound to their
// line while it is visible, so scrolling only moves them and the driver
// keeps their textures; every other object comes from a pool and is
// reassigned on each refresh.
type viewRenderer struct {
	v *View

	texts, old map[int]*canvas.Text // by first code point of the line
	spare      []*canvas.Text
	textList   []fyne.CanvasObject

	members       int                     // thread members' outlines drawn, this refresh
	lays, oldLays map[lineKey]*lineLayers // by article and first code point of the line
	kept          map[lineKey]*lineLayers // of lines gone out of view, for when they return
	gen           int                     // refreshes so far
	laidOut       fyne.Size               // the size of the last Layout
	seenBuf       []int                   // scratch for trimKept
	spareLays     []*lineLayers
	layList       []*lineLayers // the lines' layers, in order
	cur           *layer        // the current line's
	pixels        pixels        // what the layers paint into
	abs           fyne.Position // the view's on its canvas, this refresh
	scale         float32       // the canvas's
	arc           arcRender     // relation arcs: arcs.go

	thumb *canvas.Rectangle
	tipBg *canvas.Rectangle
	tipSw rectPool
	tipTx []*canvas.Text

	objects []fyne.CanvasObject
	g       geom
	selBuf  []annotate.Fragment
}

// rectPool hands out rectangles, reusing those of the last refresh.
type rectPool struct {
	items []*canvas.Rectangle
	n     int
}

func (p *rectPool) next() *canvas.Rectangle {
	if p.n == len(p.items) {
		p.items = append(p.items, &canvas.Rectangle{})
	}
	r := p.items[p.n]
	p.n++
	return r
}

func (p *rectPool) appendTo(objs []fyne.CanvasObject) []fyne.CanvasObject {
	for _, r := range p.items[:p.n] {
		objs = append(objs, r)
	}
	return objs
}

// lineLayers are a line's layer (paint.go), beneath its text: its spans'
// fills and stripes, the selection, underlines, suggestions' dashes, the
// selected span's and thread members' outlines and the selected span's
// blink. One object a line: an underline, a dash or an outline under a
// letter's ink is hidden by it where it was drawn over it before (a
// descender over an underline), which is all the difference it makes to
// the look.
type lineLayers struct {
	lay  *layer
	seen int // the refresh that last drew the line, while kept
}

// lineKey names a line: its article, by length (a hint only: a layer
// makes its texture again whenever what it paints differs), and its
// first code point.
type lineKey struct{ doc, cp int }

// keptLines is how many lines out of view keep their layers, and so
// their textures, for when they come back (Page Down and Page Up, the
// article opened again): a few screens. The driver frees the texture of
// an object not drawn for a minute; the layer then paints it again.
const keptLines = 256

// layersFor returns the layers bound to the line starting at code point cp,
// begun for a line drawn at y.
func (r *viewRenderer) layersFor(cp int, y float32) *lineLayers {
	k := lineKey{len(r.v.lay.doc), cp}
	ll := r.oldLays[k]
	if ll != nil {
		delete(r.oldLays, k)
	} else if ll = r.kept[k]; ll != nil {
		delete(r.kept, k)
	} else if n := len(r.spareLays); n > 0 {
		ll = r.spareLays[n-1]
		r.spareLays = r.spareLays[:n-1]
	} else {
		ll = &lineLayers{lay: newLayer(passes, &r.pixels)}
	}
	r.lays[k] = ll
	r.layList = append(r.layList, ll)
	// On a device pixel of the screen, so that the rectangles, rounded to
	// pixels from there, fall on the pixels the driver drew them on as
	// objects of their own (it rounds their position on the screen).
	s, abs := float64(r.scale), r.abs
	dx, dy := math.Floor(float64(abs.X)*s), math.Floor(float64(abs.Y+y)*s)
	origin := fyne.NewPos(float32(dx/s)-abs.X, float32(dy/s)-abs.Y)
	ll.lay.begin(origin, r.scale, image.Pt(int(dx), int(dy)))
	r.cur = ll.lay
	return ll
}

// The passes of a line's layer: each is painted over the one before.
const (
	underFills   = iota // spans' translucent fills
	underStripes        // spans of another layer under review
	underSel            // the selection
	overLanes           // spans' underlines
	overDashes          // suggestions' outlines
	overOutlines        // the selected span's outline, thread members'
	overFlash           // the selected span's blink (SelectSpan)
	passes
)

func newRenderer(v *View) *viewRenderer {
	r := &viewRenderer{
		v:       v,
		texts:   map[int]*canvas.Text{},
		old:     map[int]*canvas.Text{},
		lays:    map[lineKey]*lineLayers{},
		oldLays: map[lineKey]*lineLayers{},
		kept:    map[lineKey]*lineLayers{},
		thumb:   &canvas.Rectangle{},
		tipBg:   &canvas.Rectangle{},
	}
	v.pixels = &r.pixels
	return r
}

// Destroy is part of fyne.WidgetRenderer.
func (r *viewRenderer) Destroy() {
	r.v.stopFlash()
	r.v.stopMenuPoll()
}

// Layout is part of fyne.WidgetRenderer. The view places its lines
// itself, so only a new size lays them out again: the canvas also asks
// for a layout, at the start of the next frame, whenever a child's minimum
// size changed — every new line's text, after an open or a Page Down —
// and laying the screen out again then, within the frame, cost the frame
// a second refresh before its paint and marked the canvas dirty for a
// second paint of the whole window after it (issue 18, seen with
// SKEIN_PHASES).
func (r *viewRenderer) Layout(size fyne.Size) {
	if size == r.laidOut {
		return
	}
	r.laidOut = size
	r.Refresh()
}

// MinSize is part of fyne.WidgetRenderer.
func (r *viewRenderer) MinSize() fyne.Size { return r.v.MinSize() }

// Objects is part of fyne.WidgetRenderer.
func (r *viewRenderer) Objects() []fyne.CanvasObject { return r.objects }

// colours are the theme colours of one refresh.
type colours struct {
	fg, primary, bar, tipBg, tipLine color.Color
	sel                              color.NRGBA
}

func nrgba(c color.Color) color.NRGBA {
	if c == nil {
		return color.NRGBA{R: 0x80, G: 0x80, B: 0x80, A: 0xff}
	}
	return color.NRGBAModel.Convert(c).(color.NRGBA)
}

func withAlpha(c color.NRGBA, a uint8) color.NRGBA {
	c.A = uint8(uint16(c.A) * uint16(a) / 0xff)
	return c
}

// Refresh is part of fyne.WidgetRenderer: it lays out the visible lines.
func (r *viewRenderer) Refresh() {
	v := r.v
	r.tipSw.n = 0
	r.members = 0
	r.oldLays, r.lays = r.lays, r.oldLays
	r.layList = r.layList[:0]
	r.gen++
	r.abs, r.scale = fyne.Position{}, 1
	if d := fyne.CurrentApp().Driver(); d != nil {
		if c := d.CanvasForObject(v); c != nil && c.Scale() > 0 {
			r.abs, r.scale = d.AbsolutePositionForObject(v), c.Scale()
		}
	}
	r.old, r.texts = r.texts, r.old
	r.textList = r.textList[:0]

	th := v.Theme()
	vr := fyne.CurrentApp().Settings().ThemeVariant()
	col := colours{
		fg:      th.Color(theme.ColorNameForeground, vr),
		sel:     nrgba(th.Color(theme.ColorNameSelection, vr)),
		primary: th.Color(theme.ColorNamePrimary, vr),
		bar:     th.Color(theme.ColorNameScrollBar, vr),
		tipBg:   th.Color(theme.ColorNameOverlayBackground, vr),
		tipLine: withAlpha(nrgba(th.Color(theme.ColorNameForeground, vr)), 0x50),
	}

	if v.ensureLayout() {
		// Paragraphs laid out roughly that came into view some other way
		// than a scroll (a highlight that moved the lines, a resize) are
		// wrapped before they are drawn.
		v.refine()
		r.lines(col)
	}
	v.outlined = r.members

	for k, t := range r.old {
		r.spare = append(r.spare, t)
		delete(r.old, k)
	}
	for k, ll := range r.oldLays {
		ll.seen = r.gen
		r.kept[k] = ll
		delete(r.oldLays, k)
	}
	if len(r.kept) > keptLines {
		r.trimKept()
	}

	objs := r.objects[:0]
	for _, ll := range r.layList {
		objs = ll.lay.appendTo(objs)
	}
	objs = append(objs, r.textList...)
	objs = r.arcObjects(objs)
	if r.layoutThumb(col) {
		objs = append(objs, r.thumb)
	}
	objs = r.tooltip(objs, col)
	r.objects = objs
	// Moving objects does not repaint; one refreshed object marks the
	// canvas dirty without freeing every line's texture.
	r.thumb.Refresh()
}

// lines lays out every line that shows.
func (r *viewRenderer) lines(col colours) {
	v := r.v
	l := v.lay
	m := l.m
	top := v.off
	bottom := top + v.Size().Height

	sel := r.selBuf[:0]
	sel = append(sel, v.sel...)
	if s, e, ok := v.activeFrag(); ok {
		sel = append(sel, annotate.Fragment{Start: s, End: e})
	}
	r.selBuf = sel

	selHL := -1
	if v.selected != "" {
		if i, ok := v.find(v.selected); ok {
			selHL = i
		}
	}

	r.arcsBegin(top, bottom)
	for pi := l.paraAtY(top); pi < len(l.paras) && l.paras[pi].y < bottom; pi++ {
		p := &l.paras[pi]
		if p.h == 0 {
			continue // empty or blank: nothing to draw
		}
		refs := v.parRefs(pi)
		for li, ln := range p.lines {
			y, band := l.lineY(pi, li), bandOf(p, li)
			if y+band+l.lineH <= top {
				continue
			}
			if y >= bottom {
				break
			}
			sy := y - top + band // the band above the text holds arcs
			r.g.build(l, ln)
			r.layersFor(ln.start, sy)
			r.arcsLine(ln, sy, band)
			for _, rf := range refs {
				f := v.hls[rf.hl].Fragments[rf.frag]
				s, e := max(f.Start, ln.start), min(f.End, ln.end)
				if s >= e {
					continue
				}
				r.segment(int(rf.hl), int(rf.frag), s, e, sy, int(rf.hl) == selHL, col)
			}
			for _, f := range sel {
				s, e := max(f.Start, ln.start), min(f.End, ln.end)
				if s >= e {
					continue
				}
				r.g.ranges(s, e, func(x0, x1 float32) {
					r.cur.fill(underSel, col.sel, l.marginX+x0, sy-1, x1-x0, m.textH+2)
				})
			}
			if r.g.c != nil {
				r.runs(r.g.c, sy, col.fg)
			} else {
				r.text(ln, ln.end < p.end, sy, col.fg)
			}
		}
	}
	r.arcsEnd(col)
}

// trimKept hands the layers of the lines longest out of view to the
// spares, down to three quarters of keptLines.
func (r *viewRenderer) trimKept() {
	seen := r.seenBuf[:0]
	for _, ll := range r.kept {
		seen = append(seen, ll.seen)
	}
	slices.Sort(seen)
	r.seenBuf = seen
	cut := seen[len(seen)-keptLines*3/4]
	for k, ll := range r.kept {
		if ll.seen < cut {
			r.spareLays = append(r.spareLays, ll)
			delete(r.kept, k)
		}
	}
}

// setRect fills a plain rectangle.
func setRect(rc *canvas.Rectangle, c color.Color, x, y, w, h float32) {
	rc.FillColor = c
	rc.StrokeWidth = 0
	rc.StrokeColor = nil
	rc.CornerRadius = 0
	rc.Move(fyne.NewPos(x, y))
	rc.Resize(fyne.NewSize(w, h))
}

// segment draws the part [s, e) of fragment j of highlight i on the
// current line.
func (r *viewRenderer) segment(i, j, s, e int, sy float32, selected bool, col colours) {
	r.g.ranges(s, e, func(x0, x1 float32) {
		l := r.v.lay
		r.rect(i, j, l.marginX+x0, l.marginX+x1, sy, selected, col)
	})
}

// rect draws one rectangle of fragment j of highlight i, from x0 to x1.
func (r *viewRenderer) rect(i, j int, x0, x1, sy float32, selected bool, col colours) {
	v := r.v
	l := v.lay
	h := &v.hls[i]
	if h.Style == StyleSuggested {
		r.suggested(i, x0, x1, sy, selected, col)
		return
	}
	c := nrgba(h.Color)
	w := x1 - x0
	th := l.m.textH

	bgA, laneA := uint8(0x50), uint8(0xff)
	switch h.Style {
	case StyleStriped:
		r.cur.stripe(underStripes, withAlpha(c, 0x80), x0, sy, w, th)
		laneA = 0xb0
	case StyleDim:
		bgA, laneA = 0x22, 0x70
	}
	if h.Style != StyleStriped {
		r.cur.fill(underFills, withAlpha(c, bgA), x0, sy, w, th)
	}

	lane := float32(v.fragLane[int(v.fragBase[i])+j])
	r.cur.fill(overLanes, withAlpha(c, laneA), x0, sy+l.lane0+lane*l.laneStep, w, l.laneThick)

	if selected {
		r.cur.outline(overOutlines, nrgba(col.fg), x0-1, sy-1, w+2, th+2, 2, 2)
	} else if h.Outline {
		r.cur.outline(overOutlines, darken(c), x0-1, sy-1, w+2, th+2, 1.5, 2)
		r.members++
	}
	if selected && v.flashLevel > 0 {
		a := uint8(v.flashLevel * 0xa0)
		r.cur.fill(overFlash, withAlpha(nrgba(col.primary), a), x0-2, sy-2, w+4, th+4)
	}
}

// darken returns an opaque, darker version of a label colour for borders.
func darken(c color.NRGBA) color.NRGBA {
	return color.NRGBA{R: uint8(uint16(c.R) * 7 / 10), G: uint8(uint16(c.G) * 7 / 10), B: uint8(uint16(c.B) * 7 / 10), A: 0xff}
}

// text binds a text object to line ln and places it.
func (r *viewRenderer) text(ln line, wrapped bool, sy float32, fg color.Color) {
	if ln.start == ln.end {
		return
	}
	l := r.v.lay
	s := display(r.v.lay.doc[ln.bstart:ln.bend])
	if wrapped {
		// Trailing spaces at a wrap are not drawn.
		s = strings.TrimRight(s, " ")
	}
	if r.layerText(s, nil, l.marginX, sy, r.g.inkWidth(), l.m.textH, fg) {
		return
	}
	t := r.textFor(ln.start)
	r.setText(t, s, nil, fg)
	t.Move(fyne.NewPos(l.marginX, sy))
	t.Resize(fyne.NewSize(r.g.inkWidth(), l.m.textH))
	r.textList = append(r.textList, t)
}

// layerText has the current line's layer paint s, a text object's text in
// font (nil for the theme's) at (x, y), laid out w wide and h high (its
// face's height, as the GL painter makes the text: it centres a text only
// in a taller object), when the layer paints rectangles: one object for
// the line where there were two (textpaint.go). False when the text keeps
// its object.
func (r *viewRenderer) layerText(s string, font fyne.Resource, x, y, w, h float32, fg color.Color) bool {
	if s == "" || strings.TrimLeft(s, " ") == "" || !r.cur.hasOps() {
		return false
	}
	l := r.v.lay
	res, fallbacks := font, false
	if res == nil {
		res, fallbacks = r.v.Theme().Font(fyne.TextStyle{}), true
	}
	face := faceOf(res, fallbacks)
	if face == nil {
		return false
	}
	k := textKey{s: s, c: nrgba(fg), size: l.m.size, scale: r.scale, res: res}
	return r.cur.addText(k, face, font, r.abs.Add(fyne.NewPos(x, y)), w, h)
}

// textFor returns the text object bound to the run or line starting at
// code point cp.
func (r *viewRenderer) textFor(cp int) *canvas.Text {
	t := r.old[cp]
	if t != nil {
		delete(r.old, cp)
	} else if n := len(r.spare); n > 0 {
		t = r.spare[n-1]
		r.spare = r.spare[:n-1]
	} else {
		t = &canvas.Text{}
	}
	r.texts[cp] = t
	return t
}

// setText sets what t shows, refreshing it only when that changed.
func (r *viewRenderer) setText(t *canvas.Text, s string, font fyne.Resource, fg color.Color) {
	size := r.v.lay.m.size
	if t.Text != s || t.Color != fg || t.TextSize != size || t.FontSource != font {
		t.Text, t.Color, t.TextSize, t.FontSource = s, fg, size, font
		t.Refresh()
	}
}

// runs binds a text object to each run of a complex line, in its face, on
// the theme font's baseline.
func (r *viewRenderer) runs(c *cline, sy float32, fg color.Color) {
	l := r.v.lay
	m := l.m
	for i := range c.runs {
		rn := &c.runs[i]
		s, font := display(l.doc[rn.b:rn.bEnd]), textFont(rn.kind)
		dy, h := float32(0), m.textH
		if rn.kind != kindTheme {
			var a float32
			a, h = m.vmetrics(rn.kind)
			dy = m.baseline - a
		}
		if r.layerText(s, font, l.marginX+rn.x, sy+dy, rn.w, h, fg) {
			continue
		}
		t := r.textFor(rn.start)
		r.setText(t, s, font, fg)
		t.Move(fyne.NewPos(l.marginX+rn.x, sy+dy))
		t.Resize(fyne.NewSize(rn.w, h))
		r.textList = append(r.textList, t)
	}
}

// layoutThumb places the scroll bar thumb; false when everything fits.
func (r *viewRenderer) layoutThumb(col colours) bool {
	v := r.v
	if v.lay == nil || v.lay.m == nil || v.lay.total <= v.Size().Height {
		return false
	}
	top, h := v.thumb()
	w := float32(6)
	r.thumb.FillColor = col.bar
	r.thumb.CornerRadius = w / 2
	r.thumb.Move(fyne.NewPos(v.Size().Width-barWidth+(barWidth-w)/2, top))
	r.thumb.Resize(fyne.NewSize(w, h))
	return true
}

// tooltip appends the hover tooltip: one row per span under the pointer,
// with a swatch of its label colour, its label and its annotator.
func (r *viewRenderer) tooltip(objs []fyne.CanvasObject, col colours) []fyne.CanvasObject {
	v := r.v
	if len(v.hover) == 0 || v.lay == nil || v.lay.m == nil {
		return objs
	}
	size := v.lay.m.size * 0.9
	pad := float32(6)
	sw := size * 0.75
	rowH := fyne.MeasureText("Mg", size, fyne.TextStyle{}).Height
	n := min(len(v.hover), maxTips)
	for len(r.tipTx) < n {
		r.tipTx = append(r.tipTx, &canvas.Text{})
	}
	var width float32
	for k := 0; k < n; k++ {
		h := &v.hls[v.hover[k]]
		s := h.Label
		if h.Annotator != "" {
			s += " — " + h.Annotator
		}
		if k == maxTips-1 && len(v.hover) > maxTips {
			s = "…"
		}
		t := r.tipTx[k]
		if t.Text != s || t.Color != col.fg || t.TextSize != size {
			t.Text, t.Color, t.TextSize = s, col.fg, size
			t.Refresh()
		}
		width = max(width, t.MinSize().Width)
	}
	bw := pad*3 + sw + width
	bh := pad*2 + rowH*float32(n)
	vs := v.Size()
	x := min(v.hoverPos.X+12, vs.Width-bw-barWidth)
	y := v.hoverPos.Y + 20
	if y+bh > vs.Height {
		y = v.hoverPos.Y - bh - 8
	}
	x, y = max(x, 0), max(y, 0)
	r.tipBg.FillColor = col.tipBg
	r.tipBg.StrokeColor = col.tipLine
	r.tipBg.StrokeWidth = 1
	r.tipBg.CornerRadius = 4
	r.tipBg.Move(fyne.NewPos(x, y))
	r.tipBg.Resize(fyne.NewSize(bw, bh))
	objs = append(objs, r.tipBg)
	for k := 0; k < n; k++ {
		ry := y + pad + rowH*float32(k)
		setRect(r.tipSw.next(), nrgba(v.hls[v.hover[k]].Color), x+pad, ry+(rowH-sw)/2, sw, sw)
		t := r.tipTx[k]
		t.Move(fyne.NewPos(x+pad*2+sw, ry))
		t.Resize(fyne.NewSize(width, rowH))
	}
	objs = r.tipSw.appendTo(objs)
	for _, t := range r.tipTx[:n] {
		objs = append(objs, t)
	}
	return objs
}
