package parts

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver"
	"fyne.io/fyne/v2/widget"
)

// Background is a background in a theme colour that follows theme switches.
//
// The window's side columns and its status bar are Backgrounds: half the
// points of a frame (issue 18), and Fyne's GL painter draws every point of
// every object again on every frame. A canvas.Rectangle is drawn by its
// rectangle shader, which works out a stroke and a shadow for every point
// whether the rectangle has them or not; on software GL (Mesa's llvmpipe)
// that was a third of the frame's rasterising after a Page Down or a label
// key. Under the GL painter a Background is drawn by a shader of its own
// that only fills: the same points (the rectangle's vertices and its test
// of its bounds, in the same rounding), the same colour and blend, half the
// work. Fyne's software painter (its test driver) draws no shader, so there
// a Background is the rectangle it was.
type Background struct {
	widget.BaseWidget
	color fyne.ThemeColorName
}

// NewBackground makes a background in theme colour c.
func NewBackground(c fyne.ThemeColorName) *Background {
	p := &Background{color: c}
	p.ExtendBaseWidget(p)
	return p
}

// CreateRenderer draws the fill: a flat shader under Fyne's GL painter,
// a rectangle under its software painter.
func (p *Background) CreateRenderer() fyne.WidgetRenderer {
	return newPanelRenderer(p, glPainted())
}

// newPanelRenderer makes p's renderer, for the GL painter or for the
// software painter.
func newPanelRenderer(p *Background, gl bool) *panelRenderer {
	r := &panelRenderer{p: p}
	if gl {
		r.flat = canvas.NewShader(flatName, []byte(flatSource), []byte(flatSourceES))
		r.flat.Uniforms = map[string]float32{}
		r.obj = r.flat
	} else {
		r.rect = canvas.NewRectangle(nil)
		r.obj = r.rect
	}
	r.Refresh()
	return r
}

// glPainted reports whether the app's windows are painted by Fyne's GL
// painter, which draws a canvas.Shader: its desktop and mobile drivers'
// windows are native ones, its test driver's (drawn by its software
// painter, which draws no shader) are not.
func glPainted() bool {
	for _, w := range fyne.CurrentApp().Driver().AllWindows() {
		if _, ok := w.(driver.NativeWindow); ok {
			return true
		}
	}
	return false
}

// flatName names the flat shader's program: Fyne compiles it once for all
// the Backgrounds.
const flatName = "skein-parts-flat-fill"

// flatSource is Fyne's rectangle shader (internal/painter/gl/shaders/
// rectangle.frag, Fyne 2.8) without its stroke and shadow: the bounds test
// that discards the points of the quad outside the rectangle (the painter
// pads the quad by the edges' softness), then the fill colour, which the
// painter blends by its alpha as it does a rectangle's. The colour comes
// as four floats, the only uniforms a canvas.Shader is given.
const flatSource = "#version 110\n" + flatBody

// flatSourceES is flatSource for OpenGL ES, with the precision header of
// Fyne's ES shaders.
const flatSourceES = `#version 100

#ifdef GL_ES
# ifdef GL_FRAGMENT_PRECISION_HIGH
precision highp float;
# else
precision mediump float;
#endif
precision mediump int;
precision lowp sampler2D;
#endif
` + flatBody

const flatBody = `
uniform vec2 frame;
uniform vec4 bounds;
uniform float fillR, fillG, fillB, fillA;

void main()
{
    if (gl_FragCoord.x < bounds[0] || gl_FragCoord.x > bounds[2] || gl_FragCoord.y < frame.y - bounds[3] || gl_FragCoord.y > frame.y - bounds[1])
    {
        discard;
    }
    gl_FragColor = vec4(fillR, fillG, fillB, fillA);
}
`

type panelRenderer struct {
	p    *Background
	obj  fyne.CanvasObject
	flat *canvas.Shader    // under the GL painter
	rect *canvas.Rectangle // under the software painter
}

func (r *panelRenderer) Layout(s fyne.Size) { r.obj.Resize(s) }
func (r *panelRenderer) MinSize() fyne.Size { return fyne.Size{} }
func (r *panelRenderer) Refresh() {
	c := r.p.Theme().Color(r.p.color, fyne.CurrentApp().Settings().ThemeVariant())
	if r.rect != nil {
		r.rect.FillColor = c
		r.rect.Refresh()
		return
	}
	u := r.flat.Uniforms
	u["fillR"], u["fillG"], u["fillB"], u["fillA"] = fillColor(c)
	r.flat.Refresh()
}
func (r *panelRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.obj} }
func (r *panelRenderer) Destroy()                     {}

// fillColor is the GL painter's fill colour of c (getFragmentColor): not
// premultiplied, each channel of its 16 bits.
func fillColor(c color.Color) (r, g, b, a float32) {
	if c == nil {
		return 0, 0, 0, 0
	}
	cr, cg, cb, ca := c.RGBA()
	if ca == 0 {
		return 0, 0, 0, 0
	}
	alpha := float32(ca)
	return float32(cr) / alpha, float32(cg) / alpha, float32(cb) / alpha, alpha / 0xffff
}
