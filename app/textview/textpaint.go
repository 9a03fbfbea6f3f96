package textview

import (
	"bytes"
	"image"
	"image/color"
	"math"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"github.com/go-text/render"
	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
)

// A line with highlights had two objects on every frame: its layer, and
// its text object over it, each a draw call and a texture that software GL
// fills point by point, the text's points over the layer's. Such a line's
// text is painted into its layer's raster instead, over the rectangles, with
// the pixels Fyne's GL painter would have given the text object's texture
// (internal/painter DrawString: the same segmenter, HarfBuzz shaper and
// go-text renderer, runs placed alike), at the place the painter would
// have put that texture. A line without highlights keeps its text object,
// whose texture Fyne caches by its text. The faces are Fyne's, in its order
// (internal/painter lookupFaces): the theme's font, Fyne's own text font,
// its emoji and symbol fonts; a line with a character none of them has
// keeps its text object too, since Fyne looks for a system font for it.

// textKey is what a line's painted text depends on.
type textKey struct {
	s           string
	c           color.NRGBA
	size, scale float32
	res         fyne.Resource // the theme's font
}

// themeFace is the theme's regular font and Fyne's fallbacks for it,
// parsed, with what they cover.
type themeFace struct {
	faces faceList
	ascii [128]bool
}

// faceList resolves a character to the first face that has it, as Fyne's
// font map does (dynamicFontMap).
type faceList []*font.Face

func (l faceList) ResolveFace(r rune) *font.Face {
	for _, f := range l {
		if _, ok := f.NominalGlyph(r); ok {
			return f
		}
	}
	return l[0]
}

// has reports whether some face has r.
func (l faceList) has(r rune) bool {
	for _, f := range l {
		if _, ok := f.NominalGlyph(r); ok {
			return true
		}
	}
	return false
}

var themeFaces = struct {
	sync.Mutex
	m map[faceKey]*themeFace
}{m: map[faceKey]*themeFace{}}

// faceOf returns the faces text in the font resource res is drawn with:
// with fallbacks, those of the theme's font (Fyne's text, emoji and symbol
// fonts after it); without, res's alone, as Fyne draws a text object whose
// FontSource it is. Nil when one does not parse.
func faceOf(res fyne.Resource, fallbacks bool) *themeFace {
	themeFaces.Lock()
	defer themeFaces.Unlock()
	k := faceKey{res, fallbacks}
	tf, ok := themeFaces.m[k]
	if !ok {
		tf = parseFaces(res, fallbacks)
		themeFaces.m[k] = tf
	}
	return tf
}

type faceKey struct {
	res       fyne.Resource
	fallbacks bool
}

func parseFaces(res fyne.Resource, fallbacks bool) *themeFace {
	all := []fyne.Resource{res}
	if def := theme.DefaultTextFont(); fallbacks && def != res {
		all = append(all, def)
	}
	if emoji := theme.DefaultEmojiFont(); fallbacks && emoji != nil {
		all = append(all, emoji)
	}
	if fallbacks {
		all = append(all, theme.DefaultSymbolFont())
	}
	tf := &themeFace{}
	for _, r := range all {
		f, err := font.ParseTTF(bytes.NewReader(r.Content()))
		if err != nil {
			return nil
		}
		tf.faces = append(tf.faces, f)
	}
	for r := range tf.ascii {
		tf.ascii[r] = tf.faces.has(rune(r))
	}
	return tf
}

// drawsAll reports whether the faces have a glyph for every character of
// s, so that Fyne would draw all of s in them, with no system font.
func (tf *themeFace) drawsAll(s string) bool {
	for _, r := range s {
		if r < 0x80 {
			if !tf.ascii[r] || r < ' ' {
				return false
			}
			continue
		}
		if r == 0xFE0F { // emoji presentation: Fyne looks for an emoji face
			return false
		}
		if !tf.faces.has(r) {
			return false
		}
	}
	return true
}

// textPainter shapes and rasterises lines' texts; one a view.
type textPainter struct {
	hb    shaping.HarfbuzzShaper
	seg   shaping.Segmenter
	runes []rune
	outs  []textRun
	rend  render.Renderer
}

type textRun struct {
	out shaping.Output
	x   float32
}

// textSize returns the size in device pixels of the texture Fyne's GL
// painter makes for a text object of minimum size ms (newGlTextTexture):
// that size at the scale, rounded, and a pixel below for descenders.
func textSize(ms fyne.Size, scale float32) image.Point {
	return image.Pt(
		int(math.Ceil(float64(texScale(ms.Width, scale)))),
		int(math.Ceil(float64(texScale(ms.Height, scale)+1))))
}

// texScale is the painter's textureScale.
func texScale(v, scale float32) float32 {
	if scale == 1 {
		return float32(math.Round(float64(v)))
	}
	return float32(math.Round(float64(v * scale)))
}

// paint rasterises k's text in faces into dst, a transparent image of the
// texture's size, as Fyne's DrawString does. (Fyne draws a replacement
// character where the shaper finds no glyph; drawsAll keeps such text out
// of the layers, whose faces have a glyph for every character.)
func (tp *textPainter) paint(dst *image.RGBA, k textKey, faces faceList) {
	tp.runes = tp.runes[:0]
	for _, r := range k.s {
		tp.runes = append(tp.runes, r)
	}
	in := shaping.Input{
		Text: tp.runes, RunStart: 0, RunEnd: len(tp.runes),
		Direction: di.DirectionLTR,
		Face:      faces[0],
		Size:      fixed.Int26_6(float64(k.size) * (1 << 6)),
	}
	tp.outs = tp.outs[:0]
	var x float32
	ascent := fixed.Int26_6(0)
	for _, part := range tp.seg.Split(in, faces) {
		out := tp.hb.Shape(part)
		adv := fixed.I(0)
		for _, g := range out.Glyphs {
			adv += g.Advance
		}
		ascent = max(ascent, out.LineBounds.Ascent)
		tp.outs = append(tp.outs, textRun{out, x})
		x += fix(adv) * k.scale
	}
	y := int(math.Ceil(float64(fix(ascent) * k.scale)))
	tp.rend.FontSize, tp.rend.PixScale, tp.rend.Color = k.size, k.scale, k.c
	for _, r := range tp.outs {
		tp.rend.DrawShapedRunAt(r.out, dst, int(r.x), y)
	}
	clear(tp.outs)
}

// overImage puts the premultiplied txt over dst with its corner at at,
// as the GL painter blends a texture (one, one minus the source's alpha).
func overImage(dst, txt *image.RGBA, at image.Point) {
	r := txt.Rect.Add(at).Intersect(dst.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		srow := txt.Pix[(y-at.Y)*txt.Stride:]
		drow := dst.Pix[y*dst.Stride:]
		for x := r.Min.X; x < r.Max.X; x++ {
			sp := srow[(x-at.X)*4 : (x-at.X)*4+4 : (x-at.X)*4+4]
			if sp[3] == 0 {
				continue
			}
			s := src{r: uint32(sp[0]), g: uint32(sp[1]), b: uint32(sp[2]), a: uint32(sp[3]), inv: 0xff - uint32(sp[3])}
			s.over(drow[x*4 : x*4+4 : x*4+4])
		}
	}
}
