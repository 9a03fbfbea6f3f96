package searchpanel

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate/search"
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
	b.entry.SetPlaceHolder("Find in this article")
	b.entry.OnChanged = func(q string) {
		if b.OnChanged != nil {
			b.OnChanged(q)
		}
	}
	b.count = widget.NewLabel("")
	b.count.SizeName = theme.SizeNameCaptionText
	return b
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
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, nil,
		container.NewHBox(b.count, prev, next, closeBtn), b.entry))
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
