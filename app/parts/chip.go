package parts

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Chip is a small rounded tag in a label's colour: a count in the document
// list, a label name in the span list, a key in the label bar.
type Chip struct {
	widget.BaseWidget
	// TextSize is the text size; 0 means the caption size.
	TextSize float32

	text  string
	color color.NRGBA
	bold  bool
}

// NewChip makes a chip of bold text on colour c.
func NewChip(text string, c color.NRGBA) *Chip {
	ch := &Chip{text: text, color: c, bold: true}
	ch.ExtendBaseWidget(ch)
	return ch
}

// Text returns the chip's text.
func (c *Chip) Text() string { return c.text }

// Set changes the text and colour, redrawing only when something changed.
func (c *Chip) Set(text string, col color.NRGBA) {
	if c.text == text && c.color == col {
		return
	}
	c.text, c.color = text, col
	c.Refresh()
}

func (c *Chip) textSize() float32 {
	if c.TextSize > 0 {
		return c.TextSize
	}
	return theme.Size(theme.SizeNameCaptionText)
}

// CreateRenderer draws the rounded background and the text.
func (c *Chip) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(c.color)
	bg.CornerRadius = 4
	txt := canvas.NewText(c.text, InkOn(c.color))
	r := &chipRenderer{c: c, bg: bg, txt: txt}
	r.Refresh()
	return r
}

type chipRenderer struct {
	c   *Chip
	bg  *canvas.Rectangle
	txt *canvas.Text
}

const chipPadX, chipPadY = 6, 1

func (r *chipRenderer) Layout(s fyne.Size) {
	r.bg.Resize(s)
	ts := r.txt.MinSize()
	r.txt.Resize(ts)
	r.txt.Move(fyne.NewPos((s.Width-ts.Width)/2, (s.Height-ts.Height)/2))
}

func (r *chipRenderer) MinSize() fyne.Size {
	ts := r.txt.MinSize()
	return fyne.NewSize(ts.Width+2*chipPadX, ts.Height+2*chipPadY)
}

func (r *chipRenderer) Refresh() {
	r.bg.FillColor = r.c.color
	r.txt.Text = r.c.text
	r.txt.Color = InkOn(r.c.color)
	r.txt.TextSize = r.c.textSize()
	r.txt.TextStyle = fyne.TextStyle{Bold: r.c.bold}
	r.bg.Refresh()
	r.txt.Refresh()
}

func (r *chipRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.bg, r.txt} }
func (r *chipRenderer) Destroy()                     {}
