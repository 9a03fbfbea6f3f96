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
	"strings"

	"fyne.io/fyne/v2"
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
}

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
// next at its end, which the ellipsis cut off in a narrow window. The line
// goes back to one line with the next SetText.
func (l *Line) SetWhole(msg string) { l.set(msg, true) }

// Whole reports whether the message shown was set with SetWhole.
func (l *Line) Whole() bool { return l.whole }

func (l *Line) set(msg string, whole bool) {
	l.Text, l.seg.Text, l.whole = msg, msg, whole
	l.Sets++
	l.fit(l.text.Size().Width)
	if l.text.Truncation == fyne.TextTruncateClip {
		l.Fitted++
	}
	l.text.Refresh()
}

// SetWrap, on, shows a message that does not fit on one line on as many
// lines as it needs, the line growing to hold them, where it is otherwise
// cut with an ellipsis: review mode's description of an item names each
// annotator's label and place, and what settles it, which the smallest
// window cut.
func (l *Line) SetWrap(on bool) {
	if l.wrap == on {
		return
	}
	l.wrap = on
	l.fit(l.text.Size().Width)
	l.text.Refresh()
	l.Refresh()
}

// fit sets how the rich text shows the message at width: clipped where it
// fits, else wrapped (SetWrap) or cut with an ellipsis.
func (l *Line) fit(width float32) {
	tr, wrap := l.truncation(l.Text, width), fyne.TextWrapOff
	if (l.wrap || l.whole) && tr == fyne.TextTruncateEllipsis {
		tr, wrap = fyne.TextTruncateOff, fyne.TextWrapWord
	}
	l.text.Truncation, l.text.Wrapping = tr, wrap
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
	return &renderer{l: l, objs: []fyne.CanvasObject{l.text}}
}

type renderer struct {
	l    *Line
	objs []fyne.CanvasObject
}

func (r *renderer) Destroy()                     {}
func (r *renderer) MinSize() fyne.Size           { return r.l.text.MinSize() }
func (r *renderer) Objects() []fyne.CanvasObject { return r.objs }

// Refresh lays the message out again, as for a theme's new text size.
func (r *renderer) Refresh() {
	t := r.l.text
	r.l.fit(t.Size().Width)
	t.Refresh()
}

// Layout gives the rich text the line's size, cut for the new width: a
// message that fitted may not any more.
func (r *renderer) Layout(size fyne.Size) {
	t := r.l.text
	if size != t.Size() {
		r.l.fit(size.Width)
	}
	t.Resize(size)
}
