package searchpanel

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate/search"
	"github.com/skein-news/skein/app/frame"
)

// FindBar finds in the open article: typing searches (OnChanged), Enter
// goes to the next match and Shift+Enter to the previous one, Esc closes
// the bar (OnClose).
type FindBar struct {
	widget.BaseWidget

	OnChanged func(query string)
	OnNext    func()
	OnPrev    func()
	OnClose   func()

	entry *findEntry
	count *widget.Label
}

// NewFindBar returns a find bar.
func NewFindBar() *FindBar {
	b := &FindBar{}
	b.ExtendBaseWidget(b)
	b.entry = &findEntry{bar: b}
	b.entry.ExtendBaseWidget(b.entry)
	b.entry.SetPlaceHolder(findHints[0])
	b.entry.OnChanged = func(q string) {
		if b.OnChanged != nil {
			b.OnChanged(q)
		}
	}
	b.count = widget.NewLabel("")
	b.count.SizeName = theme.SizeNameCaptionText
	b.count.Truncation = fyne.TextTruncateEllipsis // when the bar has not the room (findLayout)
	return b
}

// findHints are what the empty field says, longest first: it shows the
// longest that fits it.
var findHints = []string{"Find in this article", "Find…"}

// fieldLeast is the least width of the find field: about ten characters
// of a query, and its short hint whole.
func fieldLeast() float32 {
	return fyne.MeasureText("0000000000", theme.TextSize(), fyne.TextStyle{}).Width + 2*(theme.InnerPadding()+theme.InputBorderSize())
}

// findLayout lays the bar out: the field, the count, ↑, ↓ and ✕. The bar
// is no wider at least than the field at its least and ✕: under the
// article at the smallest window it had no room beside the article's
// least width, so it raised the window's, and its field, the one part
// that gives way in a Border, shrank to 40 px. Where the room is short,
// ↑ and ↓ give way first (Enter and Shift+Enter walk the matches), then
// the count is cut; the field never goes below its least.
type findLayout struct {
	count      *widget.Label
	prev, next fyne.CanvasObject
}

// objs: field, count, prev, next, close.
func (l *findLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(fieldLeast()+theme.Padding()+objs[4].MinSize().Width, h)
}

func (l *findLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	field, count, closeBtn := objs[0], objs[1], objs[4]
	pad := theme.Padding()
	least := fieldLeast()
	// What the count needs to be read whole, not its least (it truncates).
	var countW float32
	if l.count.Text != "" {
		countW = labelWidth(l.count.Text)
	}
	arrowsW := l.prev.MinSize().Width + l.next.MinSize().Width + 2*pad
	room := size.Width - closeBtn.MinSize().Width - pad - least // beside the field at its least and ✕
	arrows := room >= arrowsW+countW+pad
	if arrows {
		room -= arrowsW
	}
	for _, a := range []fyne.CanvasObject{l.prev, l.next} {
		if arrows && !a.Visible() {
			a.Show()
		} else if !arrows && a.Visible() {
			a.Hide()
		}
	}
	if countW > room-pad {
		// Cut, or left out where not even a few characters of it fit: a
		// lone "…" says nothing.
		if room-pad < labelWidth("000…") {
			countW = 0
		} else {
			countW = room - pad
		}
	}
	x := size.Width
	place := func(o fyne.CanvasObject, w float32) {
		x -= w
		o.Move(fyne.NewPos(x, (size.Height-o.MinSize().Height)/2))
		o.Resize(fyne.NewSize(w, o.MinSize().Height))
		x -= pad
	}
	place(closeBtn, closeBtn.MinSize().Width)
	if arrows {
		place(l.next, l.next.MinSize().Width)
		place(l.prev, l.prev.MinSize().Width)
	}
	if countW > 0 {
		place(count, countW)
		count.Show()
	} else {
		count.Hide()
	}
	// x is now a pad left of what was placed: the field fills up to it
	// (at its least only in a bar narrower than it should be).
	field.Move(fyne.NewPos(0, 0))
	field.Resize(fyne.NewSize(max(x, min(least, size.Width)), size.Height))
}

// labelWidth is the width the count needs to show text whole.
func labelWidth(text string) float32 {
	l := widget.NewLabel(text)
	l.SizeName = theme.SizeNameCaptionText
	// A pixel more: a truncating label given exactly its text's width
	// rounds it to a hair short and cuts the last letters ("24 match…").
	return l.MinSize().Width + 1
}

// CreateRenderer lays out the field, the count and the buttons.
func (b *FindBar) CreateRenderer() fyne.WidgetRenderer {
	call := func(f *func()) func() {
		return func() {
			if *f != nil {
				(*f)()
			}
		}
	}
	prev := widget.NewButtonWithIcon("", theme.MoveUpIcon(), call(&b.OnPrev))
	next := widget.NewButtonWithIcon("", theme.MoveDownIcon(), call(&b.OnNext))
	closeBtn := widget.NewButtonWithIcon("", theme.CancelIcon(), call(&b.OnClose))
	for _, btn := range []*widget.Button{prev, next, closeBtn} {
		btn.Importance = widget.LowImportance
	}
	return widget.NewSimpleRenderer(container.New(&findLayout{count: b.count, prev: prev, next: next},
		b.entry, b.count, prev, next, closeBtn))
}

// Focus gives the keyboard to the field, its text selected.
func (b *FindBar) Focus(c fyne.Canvas) {
	// A canvas looks for what it is to focus among the widgets it has
	// drawn: a bar hidden until now (the window's, until the first Ctrl+F)
	// has not been, and the keyboard would stay where it was, typing into
	// the article. Refresh makes the bar's parts.
	b.Refresh()
	if c != nil {
		c.Focus(b.entry)
	}
	b.entry.DoubleTapped(nil)
}

// Query is the text of the field.
func (b *FindBar) Query() string { return b.entry.Text }

// SetCount shows which match is current (from 1; 0 for none) of total, or
// msg instead when it is not "".
func (b *FindBar) SetCount(cur, total int, msg string) {
	was := b.count.Text
	defer func() {
		if b.count.Text != was {
			b.Refresh() // lays the bar out for the count's width (findLayout)
		}
	}()
	switch {
	case msg != "":
		b.count.SetText(msg)
	case b.entry.Text == "":
		b.count.SetText("")
	case total == 0:
		b.count.SetText("no match")
	case cur == 0:
		b.count.SetText(search.CountMatches(total))
	default:
		b.count.SetText(strconv.Itoa(cur) + " of " + strconv.Itoa(total))
	}
}

// findEntry is the field; it tells Enter from Shift+Enter and takes Esc.
type findEntry struct {
	widget.Entry
	bar   *FindBar
	shift bool
}

// Resize lays the field out at size with the hint that fits it: "Find in
// this article" wider than the field gave it a scroll bar.
func (e *findEntry) Resize(size fyne.Size) {
	if h := frame.HintFor(findHints, frame.HintRoom(size.Width, nil)); h != e.PlaceHolder {
		e.SetPlaceHolder(h)
	}
	e.Entry.Resize(size)
}

// KeyDown notes Shift.
func (e *findEntry) KeyDown(ev *fyne.KeyEvent) {
	if ev.Name == "LeftShift" || ev.Name == "RightShift" {
		e.shift = true
	}
	e.Entry.KeyDown(ev)
}

// KeyUp notes Shift.
func (e *findEntry) KeyUp(ev *fyne.KeyEvent) {
	if ev.Name == "LeftShift" || ev.Name == "RightShift" {
		e.shift = false
	}
	e.Entry.KeyUp(ev)
}

// TypedKey walks the matches on Enter and closes on Esc.
func (e *findEntry) TypedKey(ev *fyne.KeyEvent) {
	var f func()
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		f = e.bar.OnNext
		if e.shift {
			f = e.bar.OnPrev
		}
	case fyne.KeyEscape:
		f = e.bar.OnClose
	default:
		e.Entry.TypedKey(ev)
		return
	}
	if f != nil {
		f()
	}
}

// SetQuery puts q in the field, which finds it (OnChanged).
func (b *FindBar) SetQuery(q string) { b.entry.SetText(q) }
