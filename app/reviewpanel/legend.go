package reviewpanel

import (
	"image/color"
	"strings"

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
// each kind of item as the article draws it, its word beside it, and under
// them keys, the keys of review mode, parted by " · ".
//
// The kinds flow left to right, well apart, and go on to a further line
// where the column is too narrow for them (flow): spread on one line, at
// the smallest review window each word ran into the next kind's sample,
// as near to it as to its own.
func NewLegend(keys string) fyne.CanvasObject {
	var entries []fyne.CanvasObject
	for _, k := range []agree.Kind{agree.Agreement, agree.LabelConflict, agree.BoundaryConflict, agree.Conflict, agree.OneSided} {
		entries = append(entries, container.New(layout.NewCustomPaddedHBoxLayout(theme.Padding()),
			container.NewCenter(newSwatch(k)),
			parts.NewCaption(k.String(), theme.ColorNameForeground, theme.SizeNameCaptionText)))
	}
	// The keys flow too, a key and what it does kept together: cut to
	// one line, at the least window they read "N/P next/previous
	// disagreement · A accept…", the rest of review's keys not there.
	var help []fyne.CanvasObject
	keyParts := strings.Split(keys, keySep)
	for i, k := range keyParts {
		if i < len(keyParts)-1 {
			k += strings.TrimRight(keySep, " ")
		}
		help = append(help, parts.NewCaption(k, theme.ColorNamePlaceHolder, theme.SizeNameCaptionText))
	}
	return container.New(layout.NewCustomPaddedLayout(0, theme.Padding(), theme.Padding()*2, 0),
		container.NewVBox(container.New(&flow{gap: 4 * theme.Padding(), lineGap: theme.Padding()}, entries...),
			container.New(&flow{gap: theme.Padding()}, help...)))
}

// keySep parts the keys given to NewLegend, one key from the next.
const keySep = " · "

// Keys are review mode's keys as the legend says them.
const Keys = "N/P next/previous disagreement · A accept · R reject · E edit · 1–9 pick a span · Ctrl+Z undo"

// flow lays its objects out left to right at their minimum sizes, gap
// apart, going on to a further line, lineGap below, where the next does
// not fit. It asks for the width of its widest object, and for as many
// lines as it took at the width it was last given (one
// before it is laid out): the window lays out again what holds it when
// that changes.
//
// Asking for all of them on
// one line, it made the article's column 475 px at least, and review's
// smallest window 765 px wide where the README and the window outside
// review say 655. The columns' own least widths (the article's, the
// tabs', the list's) keep the window from narrowing further.
type flow struct {
	gap, lineGap float32
	width        float32 // the width last laid out at; 0 before
}

// lines places objects in lines width wide (0: one line), calling at with
// each visible object, the top left of its place and the lines' height;
// it returns the number of lines and their height.
func (f *flow) lines(objects []fyne.CanvasObject, width float32, at func(o fyne.CanvasObject, top fyne.Position, h float32)) (int, float32) {
	var h float32
	for _, o := range objects {
		if o.Visible() {
			h = max(h, o.MinSize().Height)
		}
	}
	x, n := float32(0), 0
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		w := o.MinSize().Width
		switch {
		case n == 0:
			n = 1
		case width > 0 && x+f.gap+w > width:
			x, n = 0, n+1
		default:
			x += f.gap
		}
		if at != nil {
			at(o, fyne.NewPos(x, float32(n-1)*(h+f.lineGap)), h)
		}
		x += w
	}
	return n, h
}

// MinSize is the widest object's width and the height of the lines at
// the width last laid out.
func (f *flow) MinSize(objects []fyne.CanvasObject) fyne.Size {
	n, h := f.lines(objects, f.width, nil)
	if n == 0 {
		return fyne.NewSize(0, 0)
	}
	var w float32
	for _, o := range objects {
		if o.Visible() {
			w = max(w, o.MinSize().Width)
		}
	}
	return fyne.NewSize(w, float32(n)*h+float32(n-1)*f.lineGap)
}

// Layout places the objects in lines size.Width wide, each at its minimum
// size, centred in its line's height.
func (f *flow) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	f.width = size.Width
	f.lines(objects, size.Width, func(o fyne.CanvasObject, top fyne.Position, h float32) {
		m := o.MinSize()
		o.Resize(m)
		o.Move(fyne.NewPos(top.X, top.Y+(h-m.Height)/2))
	})
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
