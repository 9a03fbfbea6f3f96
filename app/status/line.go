// Package status is the window's status line: one line of caption text,
// cut with an ellipsis where it does not fit, drawn as a widget.Label with
// fyne.TextTruncateEllipsis draws it.
//
// It costs a fraction of that Label's work per message (issue 18: a label
// key says what it added, an undo what it undid, in the key's own frame).
// The Label lays its text out twice a message (Label.Refresh refreshes its
// rich text, then its renderer does again), and its ellipsis shapes the
// whole message afresh each time with a new shaper, even when the message
// fits: 0.58 ms of the UI goroutine's CPU of a label key's ~2.9 in the
// real binary. A Line lays it out once, and a message that fits — nearly
// every one — is measured once (Fyne caches the measure) and shown with
// clipping, which draws the same pixels as the ellipsis when nothing is cut.
package status

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Line is the status line. Text is the message shown; set it with
// SetText.
type Line struct {
	widget.BaseWidget
	Text string
	text *widget.RichText
	seg  *widget.TextSegment
	// Sets counts the messages shown, Fitted those of them shown without
	// the ellipsis's shaping, for the tests.
	Sets, Fitted int
	wrap         bool
	// whole: the message shown is one to be read whole (SetWhole), wrapped
	// at words where it does not fit whatever SetWrap says.
	whole bool
	// want is the height the message needs, on as many lines as it wraps
	// to, where it is wrapped; one line's otherwise. The line's minimum
	// height is one line's whatever the message: a message never makes the
	// window larger. Where the window has not the room for want (Layout),
	// or a message not wrapped does not fit its line, the line is one line
	// cut with an ellipsis, cut is set, and a click on it calls OnTapped
	// with the whole message.
	want     float32
	cut      bool
	onWant   func()
	OnTapped func(msg string)
	// focused: Tab has put the keyboard on a message cut short, which
	// Enter or Space then shows whole, as a click does.
	focused bool
}

var (
	_ fyne.Focusable   = (*Line)(nil)
	_ fyne.Disableable = (*Line)(nil)
)

// New returns an empty status line.
func New() *Line {
	l := &Line{seg: &widget.TextSegment{Style: widget.RichTextStyle{
		ColorName: theme.ColorNameForeground,
		Inline:    true,
		SizeName:  theme.SizeNameCaptionText,
	}}}
	l.text = widget.NewRichText(l.seg)
	l.text.Truncation = fyne.TextTruncateEllipsis
	l.ExtendBaseWidget(l)
	return l
}

// SetText shows msg.
func (l *Line) SetText(msg string) { l.set(msg, false) }

// SetWhole shows msg, on as many lines as it needs where it does not fit
// on one, each ending at a word: a refusal or a failure says what to do
// next at its end, which the ellipsis cut off in a narrow window. Where the
// window has not the room for the lines (NewContent), it is one line cut
// with an ellipsis, and a click shows it whole (OnTapped). The line goes
// back to one line with the next SetText.
func (l *Line) SetWhole(msg string) { l.set(msg, true) }

// Whole reports whether the message shown was set with SetWhole.
func (l *Line) Whole() bool { return l.whole }

func (l *Line) set(msg string, whole bool) {
	l.Text, l.seg.Text, l.whole = msg, msg, whole
	l.Sets++
	l.fit(l.text.Size())
	if l.text.Truncation == fyne.TextTruncateClip {
		l.Fitted++
	}
	l.text.Refresh()
}

// Cut reports whether the message shown is cut short for want of room,
// its whole a click away (OnTapped).
func (l *Line) Cut() bool { return l.cut }

// Want is the height the line needs to show its message whole: more than
// MinSize's where a message to be read whole wraps.
func (l *Line) Want() float32 { return max(l.want, l.oneLine()) }

// oneLine is the height of one line of the line's text.
func (l *Line) oneLine() float32 {
	th := l.Theme()
	return fyne.MeasureText("M", th.Size(theme.SizeNameCaptionText), l.seg.Style.TextStyle).Height + 2*th.Size(theme.SizeNameInnerPadding)
}

// Tapped shows the whole of a message cut short (OnTapped).
func (l *Line) Tapped(*fyne.PointEvent) {
	if l.cut && l.OnTapped != nil {
		l.OnTapped(l.Text)
	}
}

// FocusGained marks the line as holding the keyboard: Tab reaches a
// message cut short, so that its whole is a key away as it is a click
// away (review's description of an item, whose labels its row cuts, was
// cut so at the least window with no key to read it).
func (l *Line) FocusGained() {
	l.focused = true
	l.Refresh()
}

// FocusLost is part of fyne.Focusable.
func (l *Line) FocusLost() {
	l.focused = false
	l.Refresh()
}

// TypedRune is part of fyne.Focusable: the line takes no typing.
func (l *Line) TypedRune(rune) {}

// TypedKey shows the whole of a message cut short on Enter or Space.
func (l *Line) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeySpace:
		l.Tapped(nil)
	}
}

// Disabled keeps Tab off the line while its message is whole: there is
// nothing more to show.
func (l *Line) Disabled() bool { return !l.cut }

// Enable and Disable do nothing: the line is a tab stop exactly while its
// message is cut short.
func (l *Line) Enable()  {}
func (l *Line) Disable() {}

// Cursor is a pointer over a message cut short, which a click shows
// whole.
func (l *Line) Cursor() desktop.Cursor {
	if l.cut {
		return desktop.PointerCursor
	}
	return desktop.DefaultCursor
}

// SetWrap, on, shows a message that does not fit on one line on as many
// lines as it needs, the line growing to hold them where the window has
// the room (else as SetWhole's cut short), where it is otherwise
// cut with an ellipsis: review mode's description of an item names each
// annotator's label and place, and what settles it, which the smallest
// window cut.
func (l *Line) SetWrap(on bool) {
	if l.wrap == on {
		return
	}
	l.wrap = on
	l.fit(l.text.Size())
	l.text.Refresh()
	l.Refresh()
}

// fit sets how the rich text shows the message at size: clipped where it
// fits, else wrapped (SetWrap, SetWhole) where size is high enough for its
// lines, or cut with an ellipsis. Where the height the message wants
// changed, the window's layout (NewContent) is told.
func (l *Line) fit(size fyne.Size) {
	was := l.want
	tr, wrap := l.truncation(l.Text, size.Width), fyne.TextWrapOff
	l.want, l.cut = 0, false
	if (l.wrap || l.whole) && tr == fyne.TextTruncateEllipsis && size.Width > 0 {
		if l.text.Truncation != fyne.TextTruncateOff || l.text.Wrapping != fyne.TextWrapWord {
			l.text.Truncation, l.text.Wrapping = fyne.TextTruncateOff, fyne.TextWrapWord
			l.text.Refresh() // its rows wrapped, to be measured
		}
		l.text.Resize(fyne.NewSize(size.Width, l.text.Size().Height))
		l.want = l.text.MinSize().Height
		if l.want <= size.Height+0.5 {
			tr, wrap = fyne.TextTruncateOff, fyne.TextWrapWord
		} else {
			l.cut = true
		}
	}
	if tr == fyne.TextTruncateEllipsis && size.Width > 0 && l.Text != "" {
		// Cut short, whatever the message: its end (often what to do
		// next) is a click away, not lost to the ellipsis.
		l.cut = true
	}
	if l.text.Truncation != tr || l.text.Wrapping != wrap {
		l.text.Truncation, l.text.Wrapping = tr, wrap
		if l.want > 0 {
			l.text.Refresh() // its rows, wrapped for want, laid out again
		}
	}
	if l.want != was && l.onWant != nil {
		l.onWant()
	}
}

// truncation is how a line width wide shows msg: clipped, where it fits
// whole (so nothing is clipped), else cut with an ellipsis.
func (l *Line) truncation(msg string, width float32) fyne.TextTruncation {
	if width <= 0 || strings.ContainsAny(msg, "\r\n") {
		return fyne.TextTruncateEllipsis
	}
	th := l.Theme()
	// The rich text's room for its text, as it reckons it (its inset is
	// none), less a pixel against rounding: a message that nearly fits
	// gets the ellipsis's own reckoning.
	room := width - 2*th.Size(theme.SizeNameInnerPadding) - 1
	if fyne.MeasureText(msg, th.Size(theme.SizeNameCaptionText), l.seg.Style.TextStyle).Width > room {
		return fyne.TextTruncateEllipsis
	}
	return fyne.TextTruncateClip
}

// CreateRenderer draws the line's rich text at the line's size.
func (l *Line) CreateRenderer() fyne.WidgetRenderer {
	ring := canvas.NewRectangle(color.Transparent)
	ring.StrokeWidth = 1
	ring.Hide()
	return &renderer{l: l, ring: ring, objs: []fyne.CanvasObject{l.text, ring}}
}

type renderer struct {
	l    *Line
	ring *canvas.Rectangle // around the text while the line has the keyboard
	objs []fyne.CanvasObject
}

func (r *renderer) Destroy()                     {}
func (r *renderer) Objects() []fyne.CanvasObject { return r.objs }

// MinSize is one line high, whatever the message (Want).
func (r *renderer) MinSize() fyne.Size {
	return fyne.NewSize(r.l.text.MinSize().Width, r.l.oneLine())
}

// Refresh lays the message out again, as for a theme's new text size.
func (r *renderer) Refresh() {
	t := r.l.text
	r.l.fit(r.l.Size())
	if r.l.focused && r.l.cut {
		r.ring.StrokeColor = r.l.Theme().Color(theme.ColorNamePrimary, fyne.CurrentApp().Settings().ThemeVariant())
		r.ring.Show()
	} else {
		r.ring.Hide()
	}
	r.ring.Refresh()
	t.Refresh()
}

// Layout gives the rich text the line's size, cut for the new size: a
// message that fitted may not any more.
func (r *renderer) Layout(size fyne.Size) {
	t := r.l.text
	if size != t.Size() {
		r.l.fit(size)
	}
	t.Resize(size)
	r.ring.Resize(size)
}

// NewContent is the window's content: main above, bar below it (the
// status bar, holding line). The bar is as high as its minimum and, where
// line wants more to show a message whole and the window has the room
// for all of it beyond main's minimum, as high as that; never more, nor
// higher for part of it (a line cut short is one line, whatever room). So the window's
// minimum size is main's and a one-line bar's, whatever the message:
// a long one is cut at the smallest window, and a click shows it whole.
func NewContent(main, bar fyne.CanvasObject, line *Line) *fyne.Container {
	lay := &contentLayout{line: line}
	c := container.New(lay, main, bar)
	line.onWant = func() {
		if lay.sized {
			lay.Layout(c.Objects, c.Size())
		}
	}
	return c
}

type contentLayout struct {
	line  *Line
	sized bool // laid out once
	busy  bool // laying out: the line's fit tells of its want
}

// MinSize and Layout put a padding between main and the bar, as
// container.NewBorder did.
func (c *contentLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	m, b := objs[0].MinSize(), objs[1].MinSize()
	return fyne.NewSize(max(m.Width, b.Width), m.Height+theme.Padding()+b.Height)
}

func (c *contentLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if c.busy {
		return
	}
	c.busy, c.sized = true, true
	defer func() { c.busy = false }()
	main, bar := objs[0], objs[1]
	h := bar.MinSize().Height
	// Laid out at its minimum first, the line learns its width and so
	// the height its message wants there.
	bar.Resize(fyne.NewSize(size.Width, h))
	// It grows only where the window has the room for all the lines the
	// message wants: given part of them, it was a bar higher than one
	// line holding one line cut with an ellipsis.
	if more := c.line.Want() - c.line.Size().Height; more > 0 && h+more <= size.Height-theme.Padding()-main.MinSize().Height+0.5 {
		h += more
		bar.Resize(fyne.NewSize(size.Width, h))
	}
	bar.Move(fyne.NewPos(0, size.Height-h))
	main.Move(fyne.NewPos(0, 0))
	main.Resize(fyne.NewSize(size.Width, size.Height-h-theme.Padding()))
}
