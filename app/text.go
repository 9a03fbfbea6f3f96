package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// caption is a line of secondary text in a theme colour; unlike a bare
// canvas.Text it follows a switch between light and dark themes.
type caption struct {
	widget.BaseWidget
	text  string
	color fyne.ThemeColorName
	size  fyne.ThemeSizeName
	style fyne.TextStyle
}

func newCaption(text string, c fyne.ThemeColorName, s fyne.ThemeSizeName) *caption {
	t := &caption{text: text, color: c, size: s}
	t.ExtendBaseWidget(t)
	return t
}

// setText changes the text, redrawing only when it changed.
func (t *caption) setText(s string) {
	if s == t.text {
		return
	}
	t.text = s
	t.Refresh()
}

// CreateRenderer draws the text.
func (t *caption) CreateRenderer() fyne.WidgetRenderer {
	r := &captionRenderer{t: t, txt: canvas.NewText(t.text, nil)}
	r.Refresh()
	return r
}

type captionRenderer struct {
	t   *caption
	txt *canvas.Text
}

func (r *captionRenderer) Layout(s fyne.Size) {
	m := r.txt.MinSize()
	r.txt.Resize(fyne.NewSize(s.Width, m.Height))
	r.txt.Move(fyne.NewPos(0, (s.Height-m.Height)/2))
}
func (r *captionRenderer) MinSize() fyne.Size { return r.txt.MinSize() }
func (r *captionRenderer) Refresh() {
	th := r.t.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.txt.Text = r.t.text
	r.txt.Color = th.Color(r.t.color, v)
	r.txt.TextSize = th.Size(r.t.size)
	r.txt.TextStyle = r.t.style
	r.txt.Refresh()
}
func (r *captionRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.txt} }
func (r *captionRenderer) Destroy()                     {}

// panel is a background in a theme colour that follows theme switches.
type panel struct {
	widget.BaseWidget
	color fyne.ThemeColorName
}

func newPanel(c fyne.ThemeColorName) *panel {
	p := &panel{color: c}
	p.ExtendBaseWidget(p)
	return p
}

// CreateRenderer draws the rectangle.
func (p *panel) CreateRenderer() fyne.WidgetRenderer {
	r := &panelRenderer{p: p, rect: canvas.NewRectangle(nil)}
	r.Refresh()
	return r
}

type panelRenderer struct {
	p    *panel
	rect *canvas.Rectangle
}

func (r *panelRenderer) Layout(s fyne.Size) { r.rect.Resize(s) }
func (r *panelRenderer) MinSize() fyne.Size { return fyne.Size{} }
func (r *panelRenderer) Refresh() {
	r.rect.FillColor = r.p.Theme().Color(r.p.color, fyne.CurrentApp().Settings().ThemeVariant())
	r.rect.Refresh()
}
func (r *panelRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.rect} }
func (r *panelRenderer) Destroy()                     {}
