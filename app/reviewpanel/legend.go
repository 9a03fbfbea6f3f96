package reviewpanel

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate/agree"
	"github.com/skein-news/skein/app/parts"
)

// NewLegend makes the key to review mode's highlight styles: a sample of
// each kind of item as the article draws it, and under them keys, the
// keys of review mode.
func NewLegend(keys string) fyne.CanvasObject {
	row := container.NewHBox()
	for _, k := range []agree.Kind{agree.Agreement, agree.LabelConflict, agree.BoundaryConflict, agree.Conflict, agree.OneSided} {
		row.Add(container.NewCenter(newSwatch(k)))
		row.Add(parts.NewCaption(k.String(), theme.ColorNameForeground, theme.SizeNameCaptionText))
		row.Add(layout.NewSpacer())
	}
	help := parts.NewCaption(keys, theme.ColorNamePlaceHolder, theme.SizeNameCaptionText)
	help.Truncate = true
	return container.New(layout.NewCustomPaddedLayout(0, theme.Padding(), theme.Padding()*2, 0),
		container.NewVBox(row, help))
}

// swatch is a small sample of how a kind of item is drawn.
type swatch struct {
	widget.BaseWidget
	kind agree.Kind
}

func newSwatch(k agree.Kind) *swatch {
	s := &swatch{kind: k}
	s.ExtendBaseWidget(s)
	return s
}

// swatchColor is the neutral colour samples are drawn in.
var swatchColor = color.NRGBA{R: 0x5b, G: 0x9b, B: 0xf0, A: 0xff}

// CreateRenderer draws the sample as the article view draws the kind.
func (s *swatch) CreateRenderer() fyne.WidgetRenderer {
	c := swatchColor
	bg := canvas.NewRectangle(color.NRGBA{R: c.R, G: c.G, B: c.B, A: 0x50})
	line := canvas.NewRectangle(c)
	outline := canvas.NewRectangle(color.Transparent)
	stripes := canvas.NewRasterWithPixels(func(x, y, _, _ int) color.Color {
		if (x+y)/3%2 == 0 {
			return color.NRGBA{R: c.R, G: c.G, B: c.B, A: 0x80}
		}
		return color.Transparent
	})
	stripes.Hide()
	switch s.kind {
	case agree.BoundaryConflict, agree.Conflict:
		bg.Hide()
		stripes.Show()
		line.FillColor = color.NRGBA{R: c.R, G: c.G, B: c.B, A: 0xb0}
	case agree.OneSided:
		bg.FillColor = color.NRGBA{R: c.R, G: c.G, B: c.B, A: 0x22}
		line.FillColor = color.NRGBA{R: c.R, G: c.G, B: c.B, A: 0x70}
	}
	if s.kind == agree.LabelConflict || s.kind == agree.Conflict {
		outline.StrokeColor, outline.StrokeWidth = darken(c), 1.5
		outline.CornerRadius = 2
	} else {
		outline.Hide()
	}
	return &swatchRenderer{objs: []fyne.CanvasObject{bg, stripes, line, outline}}
}

type swatchRenderer struct{ objs []fyne.CanvasObject }

func (r *swatchRenderer) Layout(s fyne.Size) {
	h := s.Height - 4
	for _, o := range r.objs[:2] {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(fyne.NewSize(s.Width, h))
	}
	r.objs[2].Move(fyne.NewPos(0, h+1))
	r.objs[2].Resize(fyne.NewSize(s.Width, 2))
	r.objs[3].Move(fyne.NewPos(-1, -1))
	r.objs[3].Resize(fyne.NewSize(s.Width+2, h+2))
}
func (r *swatchRenderer) MinSize() fyne.Size           { return fyne.NewSize(26, 16) }
func (r *swatchRenderer) Refresh()                     {}
func (r *swatchRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *swatchRenderer) Destroy()                     {}

// darken returns an opaque, darker colour for borders, as the view draws them.
func darken(c color.NRGBA) color.NRGBA {
	return color.NRGBA{R: uint8(uint16(c.R) * 7 / 10), G: uint8(uint16(c.G) * 7 / 10), B: uint8(uint16(c.B) * 7 / 10), A: 0xff}
}
