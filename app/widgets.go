package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// chip is a small rounded tag in a label's colour: a count in the document
// list, a label name in the span list, a key in the label bar.
type chip struct {
	widget.BaseWidget
	text  string
	color color.NRGBA
	size  float32 // text size; 0 means the caption size
	bold  bool
}

func newChip(text string, c color.NRGBA) *chip {
	ch := &chip{text: text, color: c, bold: true}
	ch.ExtendBaseWidget(ch)
	return ch
}

// set changes the text and colour, redrawing only when something changed.
func (c *chip) set(text string, col color.NRGBA) {
	if c.text == text && c.color == col {
		return
	}
	c.text, c.color = text, col
	c.Refresh()
}

func (c *chip) textSize() float32 {
	if c.size > 0 {
		return c.size
	}
	return theme.Size(theme.SizeNameCaptionText)
}

// CreateRenderer draws the rounded background and the text.
func (c *chip) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(c.color)
	bg.CornerRadius = 4
	txt := canvas.NewText(c.text, inkOn(c.color))
	r := &chipRenderer{c: c, bg: bg, txt: txt}
	r.Refresh()
	return r
}

type chipRenderer struct {
	c   *chip
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
	r.txt.Color = inkOn(r.c.color)
	r.txt.TextSize = r.c.textSize()
	r.txt.TextStyle = fyne.TextStyle{Bold: r.c.bold}
	r.bg.Refresh()
	r.txt.Refresh()
}

func (r *chipRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.bg, r.txt} }
func (r *chipRenderer) Destroy()                     {}

// labelButton is a button in a label's colour that creates or relabels a
// span; the row of them is also the legend of the highlight colours.
type labelButton struct {
	widget.BaseWidget
	name  string
	chip  *chip
	base  color.NRGBA
	onTap func()
}

var (
	_ fyne.Tappable      = (*labelButton)(nil)
	_ desktop.Hoverable  = (*labelButton)(nil)
	_ desktop.Cursorable = (*labelButton)(nil)
)

func newLabelButton(name, key string, c color.NRGBA, tap func()) *labelButton {
	text := name
	if key != "" {
		text = key + "  " + name
	}
	b := &labelButton{name: name, base: c, onTap: tap}
	b.chip = newChip(text, c)
	b.chip.size = theme.Size(theme.SizeNameText)
	b.ExtendBaseWidget(b)
	return b
}

// CreateRenderer draws the chip, padded to a comfortable target.
func (b *labelButton) CreateRenderer() fyne.WidgetRenderer {
	return &labelButtonRenderer{b: b}
}

// Tapped runs the button's action.
func (b *labelButton) Tapped(*fyne.PointEvent) {
	if b.onTap != nil {
		b.onTap()
	}
}

// MouseIn darkens the button a little.
func (b *labelButton) MouseIn(*desktop.MouseEvent) { b.chip.set(b.chip.text, shade(b.base, 0.85)) }

// MouseMoved is needed for desktop.Hoverable.
func (b *labelButton) MouseMoved(*desktop.MouseEvent) {}

// MouseOut restores the colour.
func (b *labelButton) MouseOut() { b.chip.set(b.chip.text, b.base) }

// Cursor shows a pointing hand.
func (b *labelButton) Cursor() desktop.Cursor { return desktop.PointerCursor }

type labelButtonRenderer struct{ b *labelButton }

func (r *labelButtonRenderer) Layout(s fyne.Size) { r.b.chip.Resize(s) }
func (r *labelButtonRenderer) MinSize() fyne.Size {
	m := r.b.chip.MinSize()
	return fyne.NewSize(m.Width+8, m.Height+8)
}
func (r *labelButtonRenderer) Refresh()                     { r.b.chip.Refresh() }
func (r *labelButtonRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.b.chip} }
func (r *labelButtonRenderer) Destroy()                     {}
