package doclist

import (
	"fmt"
	"image/color"

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

// Refresh refreshes the icon only when it is another: a list's refresh
// refreshes every row, and an image refreshed has its texture made again
// at the next paint (issue 18: every open remade the ten marks' in view).
func (r *markRenderer) Refresh() {
	icon := markIcon(r.m.Checked)
	if icon == r.m.icon.Resource {
		return
	}
	r.m.icon.Resource = icon
	r.m.icon.Refresh()
	markIcons.refreshed++
}

// markIcons are the mark's two icons, coloured for the theme's colours of
// the time (fg, primary). A themed icon is coloured every time an image
// of it is refreshed, twice (its Content, then canvas.Image for the
// widget's theme), and a list makes new rows as it scrolls, each drawn
// once first: an open or a ] jump to an article far down the list
// coloured the SVG of every mark come into view (issue 18). These are
// coloured once, until the theme's colours change.
var markIcons struct {
	fg, primary color.Color
	on, off     fyne.Resource
	coloured    int // counts the colourings, for the tests
	refreshed   int // and the marks' icons refreshed
}

// markIcon is the mark's icon, ticked (on) or not.
func markIcon(on bool) fyne.Resource {
	c := &markIcons
	fg, primary := theme.Color(theme.ColorNameForeground), theme.Color(theme.ColorNamePrimary)
	if c.on == nil || c.fg != fg || c.primary != primary {
		c.fg, c.primary = fg, primary
		c.on = colouredIcon(theme.NewPrimaryThemedResource(theme.CheckButtonCheckedIcon()), primary)
		c.off = colouredIcon(theme.CheckButtonIcon(), fg)
		c.coloured++
	}
	if on {
		return c.on
	}
	return c.off
}

// colouredIcon is a themed SVG icon's content coloured now (col being the
// colour it takes), as a resource named for its colour: Fyne keeps an
// SVG's rendering by its resource's name.
func colouredIcon(themed fyne.Resource, col color.Color) fyne.Resource {
	r, g, b, a := col.RGBA()
	name := fmt.Sprintf("skein-%02x%02x%02x%02x-%s", r>>8, g>>8, b>>8, a>>8, themed.Name())
	return fyne.NewStaticResource(name, themed.Content())
}

func (r *markRenderer) Objects() []fyne.CanvasObject {
	if r.m.icon.Resource == nil {
		r.Refresh()
	}
	return []fyne.CanvasObject{r.m.icon}
}
func (r *markRenderer) Destroy() {}
