package textview

import (
	"image"
	"image/color"
	"math"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

// layer paints the plain rectangles of one line into one raster. Fyne's
// GL painter draws every canvas object of the window on every frame, one
// draw call each, and on a software driver (Mesa's llvmpipe) that costs
// about as much for a dash of 4×1.5 pixels as for a large image: a screen
// of suggestions, 20–30 dashes each, was hundreds of objects. A layer is
// one object whatever it paints.
//
// A layer is bound to a line, as the line's text object is, and holds its
// rectangles relative to the line, so scrolling only moves it and its
// texture is made again only when what it paints changes (a label key
// uploads the changed line's, not the screen's). A layer for the whole
// view was tried: fewer objects still, but every change uploaded a texture
// of the view's size, and llvmpipe's allocation of it (fresh pages, each
// faulted in and cleared) cost more than the objects it saved.
//
// The raster covers the bounding box of the rectangles; the generator is
// given its size in device pixels (the canvas scale applied by the driver),
// so it paints at the screen's resolution, each rectangle on whole pixels
// as the drivers draw a canvas.Rectangle.
type layer struct {
	r      *canvas.Raster
	origin fyne.Position // of the line, in the view; rectangles are relative to it
	scale  float32       // the canvas's: device pixels a unit

	passes  [][]paintOp // this refresh's rectangles, painted pass after pass
	ops     []paintOp   // the passes in order
	shown   []paintOp   // what the raster paints: the last placed ops
	box     fyne.Position
	size    fyne.Size
	buf     *pixels         // shared by a view's layers
	painted image.Point     // the size of the last painting, in device pixels
	dev     image.Rectangle // the pixels the shown rectangles cover, relative to origin
	// refreshes counts the raster's refreshes, for tests: the GL driver
	// makes its texture again only after one.
	refreshes int

	// The line's texts, when the layer paints them over its rectangles
	// (textpaint.go; a plain line's one, a complex line's runs): this
	// refresh's and the shown ones, and their pixels, the i-th text's in
	// imgs[i], rasterised when the raster is painted, as Fyne makes a text
	// object's texture when it paints it (on the screen, odev is origin's
	// pixel).
	texts, shownTexts []layerText
	imgs              []textImg
	odev              image.Point
}

// layerText is a text a layer paints, in faces, with the pixels its
// texture may cover, relative to the layer's origin: from its corner, as
// wide as the line's layout says and a pixel, the texture's own width
// being known only once Fyne has measured the text.
type layerText struct {
	key  textKey
	src  fyne.Resource // the text object's FontSource: nil for the theme's font
	face *themeFace
	dev  image.Rectangle
}

// textImg is a text's pixels, as Fyne's texture of it holds them.
type textImg struct {
	key textKey
	img *image.RGBA
}

// pixels is the image a view's layers paint into, one after the other: the
// drivers copy it into a texture, or onto the screen, before the generator
// is called again.
type pixels struct {
	img *image.RGBA
	tp  textPainter // the layers' texts'
	// remade counts the layers whose texture was made again (their
	// raster refreshed), for tests: a refresh in which a line's
	// rectangles did not change remakes none of its.
	remade int
}

// paintOp is one rectangle in the view's coordinates.
type paintOp struct {
	x, y, w, h float32
	c          color.NRGBA
	stripes    bool // diagonal stripes in c (StyleStriped) instead of a fill
	// stroke, when above 0, makes the rectangle an outline of that width
	// in c, inside its edges, with corners of the radius (no fill), as the
	// GL driver draws a canvas.Rectangle with a stroke.
	stroke, radius float32
}

// newLayer makes a layer whose rectangles are painted in n passes, each
// over the ones before, whatever order they were added in, into buf.
func newLayer(n int, buf *pixels) *layer {
	l := &layer{passes: make([][]paintOp, n), buf: buf}
	l.r = canvas.NewRaster(l.paint)
	l.r.ScaleMode = canvas.ImageScalePixels
	return l
}

// begin starts a refresh, with the line at origin, which falls on a
// device pixel at this scale.
func (l *layer) begin(origin fyne.Position, scale float32, odev image.Point) {
	l.origin, l.scale, l.odev = origin, scale, odev
	for i := range l.passes {
		l.passes[i] = l.passes[i][:0]
	}
	l.texts = l.texts[:0]
}

// hasOps reports whether this refresh put a rectangle in the layer.
func (l *layer) hasOps() bool {
	for _, p := range l.passes {
		if len(p) > 0 {
			return true
		}
	}
	return false
}

// addText has the layer paint k's text over its rectangles, in face, as a
// text object of FontSource src, with its texture's corner on the screen's
// pixel at (units, rounded as the GL painter rounds a text object's
// position), the text laid out w wide and h high; false, and nothing
// added, when the faces do not draw it whole.
func (l *layer) addText(k textKey, face *themeFace, src fyne.Resource, at fyne.Position, w, h float32) bool {
	if !face.drawsAll(k.s) {
		return false
	}
	s := float64(k.scale)
	corner := image.Pt(int(math.Round(float64(at.X)*s)), int(math.Round(float64(at.Y)*s))).Sub(l.odev)
	sz := textSize(fyne.NewSize(w, h), k.scale).Add(image.Pt(1, 0))
	l.texts = append(l.texts, layerText{k, src, face, image.Rectangle{Min: corner, Max: corner.Add(sz)}})
	return true
}

// textImage returns the pixels of the i-th shown text, rasterised if they
// are not yet: Fyne's texture of a text object of it.
func (l *layer) textImage(i int) *image.RGBA {
	for len(l.imgs) <= i {
		l.imgs = append(l.imgs, textImg{})
	}
	t, ti := &l.shownTexts[i], &l.imgs[i]
	if ti.img != nil && ti.key == t.key {
		return ti.img
	}
	ms, _ := fyne.CurrentApp().Driver().RenderedTextSize(t.key.s, t.key.size, fyne.TextStyle{}, t.src)
	sz := textSize(ms, t.key.scale)
	if ti.img != nil && cap(ti.img.Pix) >= sz.X*sz.Y*4 {
		ti.img.Pix = ti.img.Pix[:sz.X*sz.Y*4]
		ti.img.Stride, ti.img.Rect = sz.X*4, image.Rectangle{Max: sz}
		clear(ti.img.Pix)
	} else {
		ti.img = image.NewRGBA(image.Rectangle{Max: sz})
	}
	l.buf.tp.paint(ti.img, t.key, t.face.faces)
	ti.key = t.key
	return ti.img
}

// fill adds to a pass a rectangle filled with c.
func (l *layer) fill(pass int, c color.NRGBA, x, y, w, h float32) {
	if w <= 0 || h <= 0 || c.A == 0 {
		return
	}
	l.passes[pass] = append(l.passes[pass], paintOp{x: x - l.origin.X, y: y - l.origin.Y, w: w, h: h, c: c})
}

// stripe adds to a pass a rectangle of diagonal stripes in c.
func (l *layer) stripe(pass int, c color.NRGBA, x, y, w, h float32) {
	if w <= 0 || h <= 0 || c.A == 0 {
		return
	}
	l.passes[pass] = append(l.passes[pass], paintOp{x: x - l.origin.X, y: y - l.origin.Y, w: w, h: h, c: c, stripes: true})
}

// outline adds to a pass the outline of a rectangle: a stroke of width sw
// in c inside its edges, its corners rounded to radius rad.
func (l *layer) outline(pass int, c color.NRGBA, x, y, w, h, sw, rad float32) {
	if w <= 0 || h <= 0 || c.A == 0 || sw <= 0 {
		return
	}
	l.passes[pass] = append(l.passes[pass], paintOp{x: x - l.origin.X, y: y - l.origin.Y, w: w, h: h, c: c, stroke: sw, radius: rad})
}

// appendTo places the raster over this refresh's rectangles and appends it
// to objs, refreshing its texture only when they changed; with no
// rectangles it appends nothing.
func (l *layer) appendTo(objs []fyne.CanvasObject) []fyne.CanvasObject {
	l.ops = l.ops[:0]
	for _, p := range l.passes {
		l.ops = append(l.ops, p...)
	}
	if len(l.ops) == 0 {
		// Not drawn; what it showed is kept, with the driver's texture,
		// for when the same rectangles come back (an article opened
		// again shows its lines before its spans).
		return objs
	}
	// The pixels the rectangles are painted on, each rounded as fillRect
	// rounds it: the raster covers them all on whole device pixels, so that
	// its pixels are the screen's and none is cut off at its edge.
	sc := l.scale
	x0, y0, x1, y1 := math.MaxInt, math.MaxInt, math.MinInt, math.MinInt
	soft := round(edgeSoftness * sc)
	for _, o := range l.ops {
		px, py := round(o.x*sc), round(o.y*sc)
		pw, ph := round(o.w*sc), round(o.h*sc)
		if o.stroke > 0 {
			// The driver's outline is soft over a pixel around it.
			px, py, pw, ph = px-soft, py-soft, pw+2*soft, ph+2*soft
		}
		x0, y0 = min(x0, px), min(y0, py)
		x1, y1 = max(x1, px+pw), max(y1, py+ph)
	}
	if x1 <= x0 || y1 <= y0 {
		return objs
	}
	l.dev = image.Rect(x0, y0, x1, y1)
	for _, t := range l.texts {
		l.dev = l.dev.Union(t.dev)
	}
	x0, y0, x1, y1 = l.dev.Min.X, l.dev.Min.Y, l.dev.Max.X, l.dev.Max.Y
	s := float32(sc)
	box := fyne.NewPos(float32(x0)/s, float32(y0)/s)
	size := fyne.NewSize(float32(x1-x0)/s, float32(y1-y0)/s)
	if box != l.box || size != l.size || !slices.Equal(l.ops, l.shown) || !slices.Equal(l.texts, l.shownTexts) {
		l.shown = append(l.shown[:0], l.ops...)
		l.shownTexts = append(l.shownTexts[:0], l.texts...)
		l.box, l.size = box, size
		l.r.Resize(size)
		l.r.Refresh()
		l.refreshes++
		l.buf.remade++
	}
	l.r.Move(l.origin.Add(box))
	return append(objs, l.r)
}

// paint is the raster's generator: the shown rectangles at w×h device
// pixels, in the view's shared image.
func (l *layer) paint(w, h int) image.Image {
	b := l.buf
	if b.img == nil || cap(b.img.Pix) < w*h*4 {
		b.img = image.NewRGBA(image.Rect(0, 0, w, h))
	} else {
		b.img.Pix = b.img.Pix[:w*h*4]
		b.img.Stride, b.img.Rect = w*4, image.Rect(0, 0, w, h)
		clear(b.img.Pix)
	}
	l.painted = image.Pt(w, h)
	img := b.img
	if l.size.Width <= 0 || l.size.Height <= 0 {
		return img
	}
	sc := l.scale
	for _, o := range l.shown {
		x, y := round(o.x*sc)-l.dev.Min.X, round(o.y*sc)-l.dev.Min.Y
		w, h := round(o.w*sc), round(o.h*sc)
		switch {
		case o.stroke > 0:
			outlineRect(img, x, y, w, h, round(o.stroke*sc), round(o.radius*sc), round(edgeSoftness*sc), o.c)
		case o.stripes:
			stripeRect(img, x, y, w, h, o.c)
		default:
			fillRect(img, x, y, w, h, o.c)
		}
	}
	for i, t := range l.shownTexts {
		overImage(img, l.textImage(i), t.dev.Min.Sub(l.dev.Min))
	}
	return img
}

// fillRect blends c over the w×h pixels from (px, py), the rectangle's
// corner and size each rounded to whole pixels, as the drivers round those
// of a canvas.Rectangle.
func fillRect(img *image.RGBA, px, py, w, h int, c color.NRGBA) {
	xa, xb := max(px, 0), min(px+w, img.Rect.Dx())
	if xa >= xb {
		return
	}
	s := premul(c, uint32(c.A))
	for y := max(py, 0); y < min(py+h, img.Rect.Dy()); y++ {
		row := img.Pix[y*img.Stride+xa*4 : y*img.Stride+xb*4]
		for i := 0; i < len(row); i += 4 {
			s.over(row[i : i+4 : i+4])
		}
	}
}

func round(v float32) int { return int(math.Round(float64(v))) }

// edgeSoftness is the GL driver's: how far, in units, a rounded
// rectangle's edges fade.
const edgeSoftness = 0.5

// outlineRect paints the outline of the w×h pixels from (px, py) as the GL
// driver's rounded-rectangle shader does: a stroke sw pixels wide inside
// the edges, corners of radius rad, the edges faded over soft pixels each
// side, a transparent fill.
func outlineRect(img *image.RGBA, px, py, w, h, sw, rad, soft int, c color.NRGBA) {
	sh := float64(sw) / 2
	hx, hy := (float64(w)-float64(sw))/2, (float64(h)-float64(sw))/2
	cx, cy := float64(px)+float64(w)/2, float64(py)+float64(h)/2
	r := float64(rad) - sh
	e := float64(soft)
	ca := float64(c.A) / 0xff
	for y := max(py-soft, 0); y < min(py+h+soft, img.Rect.Dy()); y++ {
		row := img.Pix[y*img.Stride:]
		qy := math.Abs(float64(y)+0.5-cy) - hy + r
		for x := max(px-soft, 0); x < min(px+w+soft, img.Rect.Dx()); x++ {
			qx := math.Abs(float64(x)+0.5-cx) - hx + r
			d := min(max(qx, qy), 0) + math.Hypot(max(qx, 0), max(qy, 0)) - r
			fa := 1 - smoothstep(sh-e, sh+e, d)
			t := smoothstep(-sh-e, -sh+e, d)
			a := ca * t * fa
			if a <= 0 {
				continue
			}
			// The shader mixes the stroke with the transparent fill (its
			// colour too), then the driver blends by the alpha.
			s := src{
				r: uint32(float64(c.R)*t*a + 0.5), g: uint32(float64(c.G)*t*a + 0.5), b: uint32(float64(c.B)*t*a + 0.5),
				a: uint32(a*0xff + 0.5),
			}
			s.inv = 0xff - s.a
			s.over(row[x*4 : x*4+4 : x*4+4])
		}
	}
}

// smoothstep is GLSL's.
func smoothstep(e0, e1, x float64) float64 {
	t := min(max((x-e0)/(e1-e0), 0), 1)
	return t * t * (3 - 2*t)
}

// stripeRect paints diagonal stripes in c over the w×h pixels from
// (px, py): two pixels in every six, counted from the rectangle's corner,
// as the per-span stripe rasters did.
func stripeRect(img *image.RGBA, px, py, w, h int, c color.NRGBA) {
	s := premul(c, uint32(c.A))
	for y := max(py, 0); y < min(py+h, img.Rect.Dy()); y++ {
		row := img.Pix[y*img.Stride:]
		for x := max(px, 0); x < min(px+w, img.Rect.Dx()); x++ {
			if (x-px+y-py)%6 < 2 {
				s.over(row[x*4 : x*4+4 : x*4+4])
			}
		}
	}
}

// src is a colour at an alpha, premultiplied, ready to blend.
type src struct{ r, g, b, a, inv uint32 }

func premul(c color.NRGBA, a uint32) src {
	a = min(a, 0xff)
	return src{
		r: (uint32(c.R)*a + 0x7f) / 0xff, g: (uint32(c.G)*a + 0x7f) / 0xff, b: (uint32(c.B)*a + 0x7f) / 0xff,
		a: a, inv: 0xff - a,
	}
}

// over puts s over the premultiplied pixel p.
func (s src) over(p []uint8) {
	if s.inv == 0 || p[3] == 0 {
		p[0], p[1], p[2], p[3] = uint8(s.r), uint8(s.g), uint8(s.b), uint8(s.a)
		return
	}
	p[0] = uint8(s.r + (uint32(p[0])*s.inv+0x7f)/0xff)
	p[1] = uint8(s.g + (uint32(p[1])*s.inv+0x7f)/0xff)
	p[2] = uint8(s.b + (uint32(p[2])*s.inv+0x7f)/0xff)
	p[3] = uint8(s.a + (uint32(p[3])*s.inv+0x7f)/0xff)
}
