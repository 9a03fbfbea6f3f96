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
//
// A button that came to stand under a pointer that has not moved since
// takes no click: after + added a label, its button took the place of +
// under the pointer, and a second click meant for + labelled the
// selection (or relabelled the selected span) with it. fresh and moved
// buttons wait for the pointer to come onto them (MouseIn, MouseMoved).
type labelButton struct {
	widget.BaseWidget
	name  string
	key   string
	chip  *parts.Chip
	base  color.NRGBA
	onTap func()
	// armed is whether a click runs onTap; placed, whether the bar has
	// laid it out before.
	armed, placed bool
}

var (
	_ fyne.Tappable      = (*labelButton)(nil)
	_ desktop.Hoverable  = (*labelButton)(nil)
	_ desktop.Cursorable = (*labelButton)(nil)
)

func newLabelButton(name, key string, c color.NRGBA, tap func(), armed bool) *labelButton {
	text := annotate.LabelShown(name)
	if key != "" {
		text = key + "  " + text
	}
	b := &labelButton{name: name, key: key, base: c, onTap: tap, armed: armed}
	b.chip = parts.NewChip(text, c)
	b.chip.TextSize = theme.Size(theme.SizeNameText)
	b.ExtendBaseWidget(b)
	return b
}

// CreateRenderer draws the chip, padded to a comfortable target.
func (b *labelButton) CreateRenderer() fyne.WidgetRenderer {
	return &labelButtonRenderer{b: b}
}

// Tapped runs the button's action, once the pointer has come onto it.
func (b *labelButton) Tapped(*fyne.PointEvent) {
	if b.onTap != nil && b.armed {
		b.onTap()
	}
}

// MouseIn darkens the button a little, and arms it.
func (b *labelButton) MouseIn(*desktop.MouseEvent) {
	b.armed = true
	b.chip.Set(b.chip.Text(), parts.Shade(b.base, 0.85))
}

// MouseMoved arms the button: the pointer moved over it.
func (b *labelButton) MouseMoved(*desktop.MouseEvent) { b.armed = true }

// place moves the button to pos in the bar; a button the bar has shown
// elsewhere before, or made anew after its first fill, is disarmed until
// the pointer comes onto it.
func (b *labelButton) place(pos fyne.Position) {
	if b.placed && b.Position() != pos {
		b.armed = false
	}
	b.placed = true
	b.Move(pos)
}

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
