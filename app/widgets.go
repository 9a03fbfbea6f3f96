package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/parts"
)

// labelButton is a button in a label's colour that creates or relabels a
// span; the row of them is also the legend of the highlight colours.
type labelButton struct {
	widget.BaseWidget
	name  string
	chip  *parts.Chip
	base  color.NRGBA
	onTap func()
}

var (
	_ fyne.Tappable      = (*labelButton)(nil)
	_ desktop.Hoverable  = (*labelButton)(nil)
	_ desktop.Cursorable = (*labelButton)(nil)
)

func newLabelButton(name, key string, c color.NRGBA, tap func()) *labelButton {
	text := annotate.LabelShown(name)
	if key != "" {
		text = key + "  " + text
	}
	b := &labelButton{name: name, base: c, onTap: tap}
	b.chip = parts.NewChip(text, c)
	b.chip.TextSize = theme.Size(theme.SizeNameText)
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
func (b *labelButton) MouseIn(*desktop.MouseEvent) {
	b.chip.Set(b.chip.Text(), parts.Shade(b.base, 0.85))
}

// MouseMoved is needed for desktop.Hoverable.
func (b *labelButton) MouseMoved(*desktop.MouseEvent) {}

// MouseOut restores the colour.
func (b *labelButton) MouseOut() { b.chip.Set(b.chip.Text(), b.base) }

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
