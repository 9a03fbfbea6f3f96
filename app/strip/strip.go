// Package strip draws a line of a list's row — a caption, small chips in
// labels' colours, another caption — as one image, one object for the
// window's paint where a caption and a chip each were one or two. Fyne
// repaints the whole window every frame, and under software GL (llvmpipe)
// every object is a draw call rasterised on the CPU, so a list of rows of
// chips cost most of a frame (issue 18). The strip is drawn again only
// when what it shows, its size or the theme changes; a frame only copies it.
package strip

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"slices"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/skein-news/skein/app/parts"
)

// Chip is a count or a label on a colour.
type Chip struct {
	Text  string
	Color color.NRGBA
}

// Line is what a strip shows, left to right.
type Line struct {
	// Lead is a caption before the chips (a date), in the theme's
	// placeholder colour.
	Lead string
	// Shorter are shorter forms of the lead, in order, for a strip too
	// narrow for the line whole: the first that fits beside the chips is
	// drawn, else the last, cut with an ellipsis ("2023-11-10  ·  3 of 5
	// resolved", then "3 of 5 resolved", then "2 open").
	Shorter []string
	Chips   []Chip
	// Tail is a caption after the chips, cut with an ellipsis to the
	// strip's width; a strip with a tail asks for no width of its own.
	Tail string
}

// Strip is one line of a row drawn as one image.
type Strip struct {
	widget.BaseWidget
	// ChipSize is the chips' text size; 0 is the caption size.
	ChipSize float32
	// Gap is the room between chips, and between a caption and a chip.
	Gap float32
	// Shorten, where set, gives a chip's text shorter at level 1, 2, …
	// (a count 12345 as 12k), and false past its last level: a line whose
	// chips the strip's width cannot hold draws them at the first level
	// that fits, the lead cut first. Set it before the strip is shown.
	Shorten func(text string, level int) (string, bool)

	line Line
	// sized is the key of min, the size rasterMinSize last gave: Fyne
	// asks every object in view its MinSize at every frame's layout, and
	// a frame's span rows each measured their chips' text again with the
	// font (issue 18: a third of the 300 KB open's layout).
	sized minKey
	min   fyne.Size
	set   int // Set's changes of the line, for minKey
	// shown and shownEnd are what Drawn reports, shownLead what
	// DrawnLead does.
	shown     []string
	shownEnd  float32
	shownLead string
}

// minKey is what a strip's minimum size depends on.
type minKey struct {
	set           int
	caption, chip float32
	gap           float32
	reg, bold     *fontSet
	ok            bool
}

// measures counts the texts measured with the font, for the tests;
// refreshes the images drawn again, each a texture made again.
var measures, refreshes int

// New makes an empty strip.
func New() *Strip {
	s := &Strip{Gap: 4}
	s.ExtendBaseWidget(s)
	return s
}

// Line is what the strip shows.
func (s *Strip) Line() Line { return s.line }

// Set changes what the strip shows, drawing it again only when it changed.
func (s *Strip) Set(l Line) {
	if same(s.line, l) {
		return
	}
	s.line = Line{Lead: l.Lead, Shorter: slices.Clone(l.Shorter), Chips: append([]Chip(nil), l.Chips...), Tail: l.Tail}
	s.set++
	s.Refresh()
}

func same(a, b Line) bool {
	if a.Lead != b.Lead || a.Tail != b.Tail || len(a.Chips) != len(b.Chips) || !slices.Equal(a.Shorter, b.Shorter) {
		return false
	}
	for i := range a.Chips {
		if a.Chips[i] != b.Chips[i] {
			return false
		}
	}
	return true
}

// The chips' room around their text, as parts.Chip has it.
const padX, padY, radius = 6, 1, 4

// tightX is a chip's room beside its text where the chips are drawn
// shorter (Strip.Shorten), to leave them more of a narrow column.
const tightX = 3

func (s *Strip) sizes() (caption, chip float32) {
	th := s.Theme()
	caption = th.Size(theme.SizeNameCaptionText)
	chip = s.ChipSize
	if chip <= 0 {
		chip = caption
	}
	return caption, chip
}

// rasterMinSize is the line's width (none with a tail, which is cut to
// fit) and the height of a caption line or a chip, whichever is taller.
func (s *Strip) rasterMinSize() fyne.Size {
	caption, chip := s.sizes()
	reg, bold := s.faces()
	key := minKey{set: s.set, caption: caption, chip: chip, gap: s.Gap, reg: reg, bold: bold, ok: true}
	if key == s.sized {
		return s.min
	}
	using.Lock() // the faces keep buffers of their own
	defer using.Unlock()
	h := max(textHeight(caption, false), chipHeight(chip))
	s.min = fyne.NewSize(0, h)
	if s.line.Tail == "" {
		s.min.Width = s.width(reg, bold, 1)
	}
	s.sized = key
	return s.min
}

// width is the width of the lead and the chips, at scale.
func (s *Strip) width(reg, bold *fontSet, scale float32) float32 {
	caption, chip := s.sizes()
	w := float32(0)
	if s.line.Lead != "" {
		w += advance(reg, caption*scale, s.line.Lead) + s.Gap*scale
	}
	for _, c := range s.line.Chips {
		w += advance(bold, chip*scale, c.Text) + (2*padX+s.Gap)*scale
	}
	return w
}

// CreateRenderer draws the strip as one image, or, for a line with a
// character the theme's font lacks or a script that needs shaping, as
// Fyne's own texts and rectangles, which find a font for it and shape it.
//
// The image is a canvas.Image holding the line drawn, not a
// canvas.Raster drawing it when painted: a refresh of a list (a selection
// in it, or its rows bound again) or of a row has the driver free the
// texture of every object inside but images, each made and uploaded again
// at the next paint. Every open so remade the textures of all the rows of
// both lists in view (issue 18). An image's texture is made again only
// when the image itself is refreshed: here, when what it shows changed.
func (s *Strip) CreateRenderer() fyne.WidgetRenderer {
	r := &renderer{s: s, img: &canvas.Image{FillMode: canvas.ImageFillStretch, ScaleMode: canvas.ImageScaleSmooth}}
	r.Refresh()
	return r
}

type renderer struct {
	s   *Strip
	img *canvas.Image
	// look is what the image was last drawn as: a row's refresh
	// refreshes every object in it, and an image refreshed has its
	// texture made again at the next paint, although it shows the same.
	look look
	// plain: the line is drawn as the objects below, not the image.
	plain bool
	lead  *canvas.Text
	bgs   []*canvas.Rectangle
	texts []*canvas.Text
	tail  *canvas.Text
	objs  []fyne.CanvasObject
}

func (r *renderer) Layout(size fyne.Size) {
	if r.plain {
		r.layoutPlain(size)
		return
	}
	r.paint()
}

func (r *renderer) MinSize() fyne.Size {
	if r.plain {
		return r.plainMinSize()
	}
	return r.s.rasterMinSize()
}

func (r *renderer) Refresh() {
	r.plain = !drawable(r.s.Theme(), r.s.line)
	if r.plain {
		r.refreshPlain()
		r.layoutPlain(r.s.Size())
		for _, o := range r.objs {
			o.Refresh()
		}
		r.look = look{}
		return
	}
	r.paint()
}

// paint draws the line into the image, at the strip's size in the
// canvas's pixels, when that or what it shows changed: in as many whole
// pixels as the painter gave the raster it replaced, and the image object
// sized as that raster was, the strip's size, so that the painter draws
// the image into the pixels it drew the raster into, resampled as it was
// where the strip's edges fall between pixels. Fyne's two painters size a
// raster differently: the GL painter of the desktop driver rounds its
// size to the nearest pixel (textureScale), the software painter of the
// test driver rounds it up (ToScreenCoordinate). With pixels of the other
// rounding, the GL screen drew the strips crisper than before (1,424
// pixels of the window after an open and a Page Down), or the software
// one resampled them (1,874 pixels of the golden window).
func (r *renderer) paint() {
	s := r.s
	size, sc := s.Size(), float32(1)
	if c := fyne.CurrentApp().Driver().CanvasForObject(s); c != nil {
		sc = c.Scale()
	}
	w, h := pixels(size.Width*sc), pixels(size.Height*sc)
	if r.img.Size() != size {
		r.img.Resize(size) // as the raster was laid out
	}
	l := s.lookOf(w, h)
	if l == r.look {
		return
	}
	r.look = l
	r.img.Image = r.draw(w, h)
	r.img.Refresh()
	refreshes++
}

// pixels is v whole pixels as the painter in use sizes a raster: rounded
// by the desktop driver's GL painter, rounded up by the others' (the test
// driver's software painter).
func pixels(v float32) int {
	if _, gl := fyne.CurrentApp().Driver().(desktop.Driver); gl {
		return int(math.Round(float64(v)))
	}
	return int(math.Ceil(float64(v)))
}

// look is what a strip's image shows: its size in pixels, the line (by
// Set's count of its changes), the theme's sizes, ink and fonts. Compared
// at every layout of the row, it is compared as it is, not printed.
type look struct {
	w, h, set     int
	caption, chip float32
	gap           float32
	ink           color.Color
	reg, bold     *fontSet
}

func (s *Strip) lookOf(w, h int) look {
	caption, chip := s.sizes()
	reg, bold := s.faces()
	ink := s.Theme().Color(theme.ColorNamePlaceHolder, fyne.CurrentApp().Settings().ThemeVariant())
	return look{w: w, h: h, set: s.set, caption: caption, chip: chip, gap: s.Gap, ink: ink, reg: reg, bold: bold}
}

func (r *renderer) Objects() []fyne.CanvasObject {
	if r.plain {
		return r.objs
	}
	return []fyne.CanvasObject{r.img}
}

func (r *renderer) Destroy() {}

// refreshPlain makes the objects of a line the image cannot hold.
func (r *renderer) refreshPlain() {
	s := r.s
	th := s.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	caption, chip := s.sizes()
	ink := th.Color(theme.ColorNamePlaceHolder, v)
	if r.lead == nil {
		r.lead, r.tail = canvas.NewText("", nil), canvas.NewText("", nil)
	}
	for _, t := range []*canvas.Text{r.lead, r.tail} {
		t.Color, t.TextSize = ink, caption
	}
	r.lead.Text = s.line.Lead
	for len(r.bgs) < len(s.line.Chips) {
		bg := canvas.NewRectangle(nil)
		bg.CornerRadius = radius
		r.bgs = append(r.bgs, bg)
		r.texts = append(r.texts, canvas.NewText("", nil))
	}
	r.objs = append(r.objs[:0], r.lead)
	for i, c := range s.line.Chips {
		r.bgs[i].FillColor = c.Color
		r.texts[i].Text, r.texts[i].Color, r.texts[i].TextSize = c.Text, parts.InkOn(c.Color), chip
		r.texts[i].TextStyle = fyne.TextStyle{Bold: true}
		r.objs = append(r.objs, r.bgs[i], r.texts[i])
	}
	r.objs = append(r.objs, r.tail)
}

func (r *renderer) plainMinSize() fyne.Size {
	s := r.s
	w, h := float32(0), float32(0)
	if s.line.Lead != "" {
		m := fyne.MeasureText(s.line.Lead, r.lead.TextSize, r.lead.TextStyle) // whole: layoutPlain may cut r.lead's
		w, h = m.Width+s.Gap, r.lead.MinSize().Height
	}
	for i := range s.line.Chips {
		m := r.texts[i].MinSize()
		w += m.Width + 2*padX + s.Gap
		h = max(h, m.Height+2*padY)
	}
	h = max(h, r.tail.MinSize().Height)
	if s.line.Tail != "" {
		w = 0
	}
	return fyne.NewSize(w, h)
}

func (r *renderer) layoutPlain(size fyne.Size) {
	s := r.s
	x := float32(0)
	place := func(o fyne.CanvasObject, w, h float32) {
		o.Resize(fyne.NewSize(w, h))
		o.Move(fyne.NewPos(x, (size.Height-h)/2))
	}
	pad, n := float32(padX), len(s.line.Chips)
	least := s.leastLead(func(t string) float32 { return fyne.MeasureText(t, r.lead.TextSize, fyne.TextStyle{}).Width }, 1)
	ellipsis := float32(0) // measured only for a lead the chips may give way to
	if least > 0 {
		ellipsis = fyne.MeasureText("…", r.lead.TextSize, fyne.TextStyle{}).Width
	}
	if s.line.Tail == "" && len(s.line.Chips) > 0 {
		chip := func(t string) float32 {
			return fyne.MeasureText(t, r.texts[0].TextSize, r.texts[0].TextStyle).Width
		}
		var texts []string
		texts, pad = s.chipTexts(chip, ellipsis, 1, size.Width, least)
		n = len(texts)
		for i, t := range texts {
			r.texts[i].Text = t
		}
	}
	more := n < len(s.line.Chips) // the chips after n give way to the lead, "…" after those drawn
	if s.line.Lead != "" {
		// Cut, as leadIn cuts the drawn one, where the chips would
		// not fit after it.
		room := size.Width - s.Gap
		for i := range n {
			room -= r.texts[i].MinSize().Width + 2*pad + s.Gap
		}
		if more {
			room -= ellipsis + s.Gap
		}
		r.lead.Text = s.line.Lead
		if s.line.Tail == "" {
			r.lead.Text = s.shorter(max(room, 0), func(t string) float32 {
				return fyne.MeasureText(t, r.lead.TextSize, fyne.TextStyle{}).Width
			}, func(t string, width float32) string { return plainFit(t, width, r.lead.TextSize) })
		}
		m := r.lead.MinSize()
		place(r.lead, m.Width, m.Height)
		x += m.Width + s.Gap
	}
	s.shownLead = ""
	if s.line.Lead != "" {
		s.shownLead = r.lead.Text
	}
	s.shown = nil // not the slice a drawn line keeps
	for i := range s.line.Chips {
		if i >= n {
			r.texts[i].Text = ""
			place(r.bgs[i], 0, 0)
			continue
		}
		m := r.texts[i].MinSize()
		place(r.bgs[i], m.Width+2*pad, m.Height+2*padY)
		x += pad
		place(r.texts[i], m.Width, m.Height)
		x += m.Width + pad + s.Gap
		s.shown = append(s.shown, r.texts[i].Text)
	}
	s.shownEnd = x - s.Gap
	r.tail.Text = plainFit(s.line.Tail, size.Width-x, r.tail.TextSize)
	if more {
		r.tail.Text = "…"
		s.shownEnd = x + ellipsis
	}
	m := r.tail.MinSize()
	place(r.tail, max(0, size.Width-x), m.Height)
}

// plainFit cuts t with an ellipsis to at most width, as Fyne measures it.
func plainFit(t string, width, size float32) string {
	if fyne.MeasureText(t, size, fyne.TextStyle{}).Width <= width {
		return t
	}
	r := []rune(t)
	lo, hi := 0, len(r)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if fyne.MeasureText(string(r[:mid])+"…", size, fyne.TextStyle{}).Width <= width {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return parts.CutText(r, lo)
}

// drawable reports whether the image draws every character of the line
// as Fyne would: Latin, Greek and Cyrillic letters and the common
// punctuation, each in the theme's fonts. Anything else (a script that
// needs shaping, a sign such as ✎ that Fyne finds in another font) is
// left to Fyne's texts.
func drawable(th fyne.Theme, l Line) bool {
	reg, bold := fontOf(th.Font(fyne.TextStyle{})), fontOf(th.Font(fyne.TextStyle{Bold: true}))
	ok := func(f *fontSet, t string) bool {
		for _, c := range t {
			if !(c < 0x0300 || 0x0370 <= c && c < 0x0530 || 0x2000 <= c && c < 0x2070) || !f.has(c) {
				return false
			}
		}
		return true
	}
	if !ok(reg, l.Lead) || !ok(reg, l.Tail) {
		return false
	}
	for _, t := range l.Shorter {
		if !ok(reg, t) {
			return false
		}
	}
	for _, c := range l.Chips {
		if !ok(bold, c.Text) {
			return false
		}
	}
	return true
}

// draw paints the line at w × h pixels.
// A line drawn is kept for the next strip that shows it at the same size:
// a span added moves every row below it one down, and each row's strip
// then shows what the row above showed (half a millisecond a row to draw
// again; BenchmarkDrawRow).
var (
	drawn    = map[string]drawnLine{}
	drawnCap = 256 // lines kept; all are forgotten when it is reached
)

// drawnLine is a line drawn: its image, its chips' texts as drawn and where
// the last chip ends (Strip.Drawn).
type drawnLine struct {
	img   *image.NRGBA
	chips []string
	end   float32
	lead  string
}

// texts are the chips' texts.
func (l Line) texts() []string {
	out := make([]string, len(l.Chips))
	for i, c := range l.Chips {
		out[i] = c.Text
	}
	return out
}

// Drawn is what the strip last drew of its chips: their texts, and where
// the last one ends, from the strip's left; a chip past the strip's width
// is cut there.
func (s *Strip) Drawn() (chips []string, end float32) { return s.shown, s.shownEnd }

// DrawnLead is the lead as the strip last drew it: whole, shorter, or cut
// with an ellipsis.
func (s *Strip) DrawnLead() string { return s.shownLead }

func (r *renderer) draw(w, h int) image.Image {
	s := r.s
	size := s.Size()
	if w <= 0 || h <= 0 || size.Width <= 0 {
		return image.NewNRGBA(image.Rect(0, 0, w, h))
	}
	scale := float32(w) / size.Width
	using.Lock()
	defer using.Unlock()
	th := s.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	caption, chip := s.sizes()
	reg, bold := s.faces()
	ink := th.Color(theme.ColorNamePlaceHolder, v)
	key := fmt.Sprintf("%d×%d %v %v %v %v %v %p %p %q %q %q %v %v", w, h, scale, caption, chip, s.Gap, ink, reg, bold, s.line.Lead, s.line.Shorter, s.line.Tail, s.line.Chips, s.Shorten != nil)
	if d, ok := drawn[key]; ok {
		s.shown, s.shownEnd, s.shownLead = d.chips, d.end, d.lead
		return d.img
	}
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	var chips []string
	lead := ""
	defer func() {
		if len(drawn) >= drawnCap {
			clear(drawn)
		}
		drawn[key] = drawnLine{img, chips, s.shownEnd, lead}
		s.shown, s.shownLead = chips, lead
	}()
	chips, pad := s.line.texts(), float32(padX)
	if s.line.Tail == "" {
		least, ellipsis := s.leastLead(func(t string) float32 { return advance(reg, caption*scale, t) }, scale), float32(0)
		if least > 0 { // a lead the chips may give way to
			ellipsis = advance(reg, caption*scale, "…")
		}
		chips, pad = s.chipTexts(func(t string) float32 { return advance(bold, chip*scale, t) }, ellipsis, scale, float32(w), least)
	}
	more := len(chips) < len(s.line.Chips) // the rest give way to the lead, "…" after those drawn
	x := float32(0)
	if s.line.Lead != "" {
		lead = s.leadIn(reg, bold, scale, float32(w), chips, pad, more)
		x = text(img, reg, caption*scale, ink, x, float32(h)/2, lead)
		x += s.Gap * scale
	}
	for i, t := range chips {
		c := s.line.Chips[i]
		tw := advance(bold, chip*scale, t)
		cw := tw + 2*pad*scale
		ch := chipHeight(chip) * scale
		y0 := (float32(h) - ch) / 2
		roundRect(img, x, y0, cw, ch, radius*scale, c.Color)
		text(img, bold, chip*scale, parts.InkOn(c.Color), x+pad*scale, float32(h)/2, t)
		x += cw + s.Gap*scale
	}
	s.shownEnd = (x - s.Gap*scale) / scale
	if more {
		s.shownEnd = text(img, reg, caption*scale, ink, x, float32(h)/2, "…") / scale
	}
	if s.line.Tail != "" {
		room := float32(w) - x
		tail := fit(reg, caption*scale, s.line.Tail, room)
		text(img, reg, caption*scale, ink, x, float32(h)/2, tail)
	}
	return img
}

// chipTexts are the chips' texts as drawn in width pixels at scale: whole
// where they fit, the lead or not, else at the first level of Shorten that
// fits, else the shortest. measure is a text's width at the chips' size.
// A narrow list column (the window at its least size) cut a row's counts
// "9876 12345 32", the rest not drawn.
// pad is the room beside each text: padX whole, tightX shortened.
//
// lead is the room the lead's last shorter form takes, whole, before the
// chips (leastLead): the chips leave it that, drawn tighter first (tightX,
// their texts whole), then shorter, and where even that is not enough
// (five labels' counts), the last of them give way: fewer texts are
// returned, drawn with an ellipsis, ellipsis wide, after them. A row of
// four counts left "3 open" 17 px at the window's least size, in review,
// and it was drawn "3…".
func (s *Strip) chipTexts(measure func(string) float32, ellipsis, scale, width, lead float32) (texts []string, pad float32) {
	texts, pad = s.line.texts(), padX
	fits := func() bool {
		need := lead
		for _, t := range texts {
			need += measure(t) + (2*pad+s.Gap)*scale
		}
		if len(texts) < len(s.line.Chips) {
			need += ellipsis + s.Gap*scale
		}
		return need <= width+0.5
	}
	if fits() {
		return texts, pad
	}
	if lead > 0 {
		if pad = tightX; fits() {
			return texts, pad
		}
		pad = padX
	}
	for level := 1; s.Shorten != nil; level++ {
		shorter, any := make([]string, len(texts)), false
		for i, c := range s.line.Chips {
			shorter[i] = texts[i]
			if t, ok := s.Shorten(c.Text, level); ok {
				shorter[i], any = t, true
			}
		}
		if !any {
			break
		}
		if texts, pad = shorter, tightX; fits() {
			break
		}
	}
	if lead > 0 {
		pad = tightX // as tight as they go, however short their texts
		for len(texts) > 0 && !fits() {
			texts = texts[:len(texts)-1]
		}
	}
	return texts, pad
}

// leastLead is the room the lead's last shorter form takes whole, with the
// gap after it, at scale: what says what matters of the line in a word or
// two ("3 open"), which the chips leave room for. 0 for a line without
// shorter forms, whose lead (a date) gives way to the chips.
func (s *Strip) leastLead(measure func(string) float32, scale float32) float32 {
	if len(s.line.Shorter) == 0 || s.line.Lead == "" {
		return 0
	}
	last := s.line.Shorter[len(s.line.Shorter)-1]
	if last == "" {
		return 0
	}
	return measure(last) + s.Gap*scale
}

// leadIn is the lead as it is drawn in width pixels at scale: whole where
// the line fits, else cut with an ellipsis to leave the chips their room.
// A list column narrower than its rows (the window at its smallest, in
// review: "2023-11-10 · 2 of 3 resolved") cut the lead mid-word, and the
// chips after it were not drawn at all. more: chips gave way to it
// (chipTexts), an ellipsis drawn after those that did not.
func (s *Strip) leadIn(reg, bold *fontSet, scale, width float32, chips []string, pad float32, more bool) string {
	if s.line.Tail != "" {
		return s.line.Lead
	}
	caption, chip := s.sizes()
	// The width MinSize found at this layout, kept (draw holds using, which
	// rasterMinSize takes): the usual case measures no text again.
	full := s.min.Width * scale
	if key := (minKey{set: s.set, caption: caption, chip: chip, gap: s.Gap, reg: reg, bold: bold, ok: true}); key != s.sized {
		full = s.width(reg, bold, scale)
	}
	if full <= width+0.5 {
		return s.line.Lead
	}
	room := width - s.Gap*scale
	for _, t := range chips {
		room -= advance(bold, chip*scale, t) + (2*pad+s.Gap)*scale
	}
	size := caption * scale
	if more { // the chips that gave way leave "…"
		room -= advance(reg, size, "…") + s.Gap*scale
	}
	return s.shorter(max(room, 0), func(t string) float32 { return advance(reg, size, t) },
		func(t string, width float32) string { return fit(reg, size, t, width) })
}

// shorter is the lead, or the first of its shorter forms, that measures at
// most room; else the last of them cut to room by cut.
func (s *Strip) shorter(room float32, measure func(string) float32, cut func(string, float32) string) string {
	last := s.line.Lead
	for _, t := range append([]string{s.line.Lead}, s.line.Shorter...) {
		if t == "" {
			continue
		}
		if measure(t) <= room {
			return t
		}
		last = t
	}
	return cut(last, room)
}

// fit cuts t with an ellipsis to at most width.
func fit(f *fontSet, size float32, t string, width float32) string {
	if advance(f, size, t) <= width {
		return t
	}
	r := []rune(t)
	lo, hi := 0, len(r)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if advance(f, size, string(r[:mid])+"…") <= width {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return parts.CutText(r, lo)
}

// text draws t with its left at x and its middle at y, and returns where
// it ends.
func text(img draw.Image, f *fontSet, size float32, c color.Color, x, y float32, t string) float32 {
	face := f.face(size)
	m := face.Metrics()
	asc, desc := float32(m.Ascent)/64, float32(m.Descent)/64
	d := font.Drawer{Dst: img, Src: image.NewUniform(c), Face: face,
		Dot: fixed.Point26_6{X: fixed.Int26_6(x * 64), Y: fixed.Int26_6(math.Round(float64(y+(asc-desc)/2)) * 64)}}
	d.DrawString(t)
	return float32(d.Dot.X) / 64
}

// roundRect fills a rectangle with rounded corners, its edges smoothed.
func roundRect(img *image.NRGBA, x, y, w, h, rad float32, c color.NRGBA) {
	rad = min(rad, w/2, h/2)
	b := img.Bounds()
	for py := max(b.Min.Y, int(y)); py < min(b.Max.Y, int(math.Ceil(float64(y+h)))); py++ {
		for px := max(b.Min.X, int(x)); px < min(b.Max.X, int(math.Ceil(float64(x+w)))); px++ {
			// Coverage of the pixel's centre, smoothed over one pixel.
			cx, cy := float32(px)+0.5, float32(py)+0.5
			dx := max(x+rad-cx, cx-(x+w-rad), 0)
			dy := max(y+rad-cy, cy-(y+h-rad), 0)
			dist := float32(math.Sqrt(float64(dx*dx+dy*dy))) - rad
			edge := min(cx-x, x+w-cx, cy-y, y+h-cy) // to the straight edges
			cover := min(max(0.5-dist, 0), 1, max(edge+0.5, 0))
			if cover <= 0 {
				continue
			}
			a := uint8(float32(c.A) * cover)
			img.SetNRGBA(px, py, color.NRGBA{R: c.R, G: c.G, B: c.B, A: a})
		}
	}
}

// fontSet is a parsed font and its faces by size in pixels.
type fontSet struct {
	mu    sync.Mutex
	f     *opentype.Font
	faces map[float32]font.Face
	buf   sfnt.Buffer
}

func (f *fontSet) face(size float32) font.Face {
	f.mu.Lock()
	defer f.mu.Unlock()
	if fc, ok := f.faces[size]; ok {
		return fc
	}
	fc, err := opentype.NewFace(f.f, &opentype.FaceOptions{Size: float64(size), DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		fyne.LogError("strip: a face of the theme's font", err)
		return nil
	}
	f.faces[size] = fc
	return fc
}

// has reports whether the font has a glyph for c.
func (f *fontSet) has(c rune) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	i, err := f.f.GlyphIndex(&f.buf, c)
	return err == nil && i != 0
}

func advance(f *fontSet, size float32, t string) float32 {
	measures++
	return float32(font.MeasureString(f.face(size), t)) / 64
}

// textHeight is the height Fyne gives a line of text of size, so that a
// row keeps the height it had with Fyne's texts.
func textHeight(size float32, bold bool) float32 {
	return fyne.MeasureText("0", size, fyne.TextStyle{Bold: bold}).Height
}

// chipHeight is a chip's height, as parts.Chip has it.
func chipHeight(size float32) float32 { return textHeight(size, true) + 2*padY }

var (
	// using is held while the faces measure or draw: a face is not safe
	// for use by two goroutines at once.
	using   sync.Mutex
	fontsMu sync.Mutex
	fonts   = map[fyne.Resource]*fontSet{}
)

// faces are the theme's regular and bold fonts.
func (s *Strip) faces() (reg, bold *fontSet) {
	th := s.Theme()
	return fontOf(th.Font(fyne.TextStyle{})), fontOf(th.Font(fyne.TextStyle{Bold: true}))
}

// fontOf parses a theme's font once; a font it cannot parse falls back to
// Fyne's own.
func fontOf(res fyne.Resource) *fontSet {
	fontsMu.Lock()
	defer fontsMu.Unlock()
	if f, ok := fonts[res]; ok {
		return f
	}
	f, err := opentype.Parse(res.Content())
	if err != nil {
		fyne.LogError("strip: parse the theme's font "+res.Name(), err)
		f, _ = opentype.Parse(theme.DefaultTextFont().Content())
	}
	fs := &fontSet{f: f, faces: map[float32]font.Face{}}
	fonts[res] = fs
	return fs
}
