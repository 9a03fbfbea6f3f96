package threadpanel

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/app/textview"
)

// Picker is the content of a dialog that chooses a thread by title, for "T,
// then pick a thread": typing filters the list, Enter takes the first match,
// a tap takes any, Escape gives up.
type Picker struct {
	widget.BaseWidget

	// OnChoose is called with the chosen thread.
	OnChoose func(threadID string)
	// OnCancel is called when the user presses Escape.
	OnCancel func()

	all   []Summary
	shown []int

	entry *pickerEntry
	list  *widget.List
	none  *widget.Label
}

// NewPicker returns a picker over threads.
func NewPicker(threads []Summary) *Picker {
	p := &Picker{all: append([]Summary(nil), threads...)}
	p.ExtendBaseWidget(p)
	p.entry = &pickerEntry{onEscape: func() {
		if p.OnCancel != nil {
			p.OnCancel()
		}
	}}
	p.entry.ExtendBaseWidget(p.entry)
	p.entry.SetPlaceHolder("Thread title — Enter takes the first match")
	p.entry.OnChanged = func(string) { p.refilter() }
	p.entry.OnSubmitted = func(string) { p.choose(0) }
	p.none = widget.NewLabel("No thread matches")
	p.none.Importance = widget.LowImportance
	p.list = widget.NewList(
		func() int { return len(p.shown) },
		func() fyne.CanvasObject {
			title := textview.NewLine("")
			counts := widget.NewLabel("")
			counts.Importance = widget.LowImportance
			return container.NewBorder(nil, nil, nil, counts, title)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(p.shown) {
				return
			}
			s := p.all[p.shown[id]]
			c := o.(*fyne.Container)
			c.Objects[0].(*textview.Line).SetText(s.displayTitle())
			c.Objects[1].(*widget.Label).SetText(s.counts())
		},
	)
	p.list.OnSelected = func(id widget.ListItemID) {
		p.list.UnselectAll()
		p.choose(id)
	}
	p.refilter()
	return p
}

// CreateRenderer puts the entry above the matches.
func (p *Picker) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewBorder(p.entry, p.none, nil, nil, p.list))
}

// MinSize leaves room for several matches.
func (p *Picker) MinSize() fyne.Size {
	return p.BaseWidget.MinSize().Max(fyne.NewSize(360, 320))
}

// Entry is the field to focus when the picker is shown.
func (p *Picker) Entry() fyne.Focusable { return p.entry }

// Matches returns the threads the typed text matches, in list order.
func (p *Picker) Matches() []Summary {
	out := make([]Summary, len(p.shown))
	for i, k := range p.shown {
		out[i] = p.all[k]
	}
	return out
}

func (p *Picker) refilter() {
	p.shown = filterSummaries(p.all, p.entry.Text)
	if len(p.shown) == 0 {
		p.none.Show()
	} else {
		p.none.Hide()
	}
	p.list.Refresh()
	if len(p.shown) > 0 {
		p.list.ScrollToTop()
	}
}

func (p *Picker) choose(i int) {
	if i < 0 || i >= len(p.shown) || p.OnChoose == nil {
		return
	}
	p.OnChoose(p.all[p.shown[i]].ID)
}

// pickerEntry is the picker's filter field; Escape cancels the pick.
type pickerEntry struct {
	widget.Entry
	onEscape func()
}

// TypedKey cancels on Escape and edits otherwise.
func (e *pickerEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape {
		e.onEscape()
		return
	}
	e.Entry.TypedKey(k)
}
