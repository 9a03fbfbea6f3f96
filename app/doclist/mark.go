package doclist

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// DoneMark is a row's done mark: a check box drawn as one icon, where
// Fyne's Check draws a focus circle, the box's fill and the box, every
// frame, in every row.
type DoneMark struct {
	widget.BaseWidget
	// Checked: the article is marked done.
	Checked bool
	// OnChanged reports a change of Checked, by a tap or SetChecked.
	OnChanged func(bool)
	icon      *canvas.Image
}

var (
	_ fyne.Tappable      = (*DoneMark)(nil)
	_ desktop.Cursorable = (*DoneMark)(nil)
)

func newDoneMark() *DoneMark {
	m := &DoneMark{}
	m.ExtendBaseWidget(m)
	return m
}

// SetChecked shows the mark ticked or not, and reports a change.
func (m *DoneMark) SetChecked(on bool) {
	if on == m.Checked {
		return
	}
	m.Checked = on
	if m.OnChanged != nil {
		m.OnChanged(on)
	}
	m.Refresh()
}

// Tapped ticks or unticks the mark.
func (m *DoneMark) Tapped(*fyne.PointEvent) { m.SetChecked(!m.Checked) }

// Cursor shows that the mark is clicked.
func (m *DoneMark) Cursor() desktop.Cursor { return desktop.PointerCursor }

// CreateRenderer draws the box, ticked or not, as one icon.
func (m *DoneMark) CreateRenderer() fyne.WidgetRenderer {
	m.icon = canvas.NewImageFromResource(nil)
	m.icon.FillMode = canvas.ImageFillContain
	// The icon is coloured when first asked for (Objects), not here: a
	// list makes a template row on every refresh or selection only to ask
	// its size, and colouring the icon's SVG for it was a sixth of a ]
	// jump's handler (issue 18).
	return &markRenderer{m: m}
}

type markRenderer struct{ m *DoneMark }

func (r *markRenderer) Layout(s fyne.Size) {
	is := theme.IconInlineSize()
	r.m.icon.Resize(fyne.NewSquareSize(is))
	r.m.icon.Move(fyne.NewPos((s.Width-is)/2, (s.Height-is)/2))
}

func (r *markRenderer) MinSize() fyne.Size {
	return fyne.NewSquareSize(theme.IconInlineSize() + 2*theme.InnerPadding())
}

func (r *markRenderer) Refresh() {
	if r.m.Checked {
		r.m.icon.Resource = theme.NewPrimaryThemedResource(theme.CheckButtonCheckedIcon())
	} else {
		r.m.icon.Resource = theme.CheckButtonIcon()
	}
	r.m.icon.Refresh()
}

func (r *markRenderer) Objects() []fyne.CanvasObject {
	if r.m.icon.Resource == nil {
		r.Refresh()
	}
	return []fyne.CanvasObject{r.m.icon}
}
func (r *markRenderer) Destroy() {}
