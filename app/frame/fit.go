package frame

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// A dialog's content is shown whole where the window has the room, and
// scrolls where it has not: Fyne sizes a dialog to its content and, in a
// window lower than that (300 px, which a window manager may allow below
// the window's least height), squeezed it into the window, its text run
// over its buttons and past the window's edge. Fitted asks for no more
// height than the window leaves beside the dialog's title and buttons.

// dialogMargin is the room left between a dialog that fills the window's
// height and the window's edges, above and below.
const dialogMargin = 8

// Fitted is a dialog's content, shown as it is where the window has the
// room for its height, else in a vertical scroll as high as the window
// leaves it; the dialog then keeps its title and buttons in the window.
// Only a content cut short is in the scroll: a scroll clips, and a form's
// hint wider than its field ("…; colleagues see it.") is drawn past the
// field's edge.
type Fitted struct {
	widget.BaseWidget
	content fyne.CanvasObject
	scroll  *container.Scroll
	win     fyne.Window
	title   *widget.Label  // measures the dialog's title
	button  *widget.Button // measures its buttons' row
}

var _ fyne.Widget = (*Fitted)(nil)

// Fit is content fitted to a dialog in win.
func Fit(content fyne.CanvasObject, win fyne.Window) *Fitted {
	f := &Fitted{
		content: content,
		scroll:  container.NewVScroll(canvas.NewRectangle(nil)),
		win:     win,
		title:   widget.NewLabelWithStyle("Title", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		button:  widget.NewButtonWithIcon("OK", theme.ConfirmIcon(), nil),
	}
	f.ExtendBaseWidget(f)
	return f
}

// MinSize is the content's, no higher than the room the window leaves.
func (f *Fitted) MinSize() fyne.Size {
	s := f.content.MinSize()
	if room := f.room(); room > 0 && s.Height > room {
		s.Height = room
	}
	return s
}

// room is the height the window leaves a dialog's content: the canvas's
// less the dialog's title, buttons and padding (Fyne's dialog layout:
// 16 px above the title and below the buttons, a padding between content
// and buttons) and a margin to the window's edges; 0 while the window has
// no size yet. At least one line of text is left.
func (f *Fitted) room() float32 {
	if f.win == nil {
		return 0
	}
	h := f.win.Canvas().Size().Height
	if h <= 0 {
		return 0
	}
	chrome := f.title.MinSize().Height + f.button.MinSize().Height + theme.Padding() + 2*16 + 2*dialogMargin
	return max(h-chrome, f.title.MinSize().Height)
}

// CreateRenderer draws the content, or the scroll holding it.
func (f *Fitted) CreateRenderer() fyne.WidgetRenderer {
	return &fittedRenderer{f: f, objs: []fyne.CanvasObject{f.content}}
}

type fittedRenderer struct {
	f    *Fitted
	objs []fyne.CanvasObject
}

func (r *fittedRenderer) Destroy()                     {}
func (r *fittedRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *fittedRenderer) MinSize() fyne.Size           { return r.f.MinSize() }
func (r *fittedRenderer) Refresh()                     { r.objs[0].Refresh() }

// Layout shows the content in the scroll where size is lower than it,
// else as it is.
func (r *fittedRenderer) Layout(size fyne.Size) {
	f := r.f
	if f.content.MinSize().Height > size.Height+0.5 {
		if r.objs[0] != f.scroll {
			f.scroll.Content = f.content
			f.scroll.Offset = fyne.Position{}
			r.objs = []fyne.CanvasObject{f.scroll}
		}
		f.scroll.Resize(size)
		f.scroll.Refresh()
		return
	}
	if r.objs[0] != f.content {
		f.scroll.Content = canvas.NewRectangle(nil)
		r.objs = []fyne.CanvasObject{f.content}
	}
	f.content.Move(fyne.Position{})
	f.content.Resize(size)
}
