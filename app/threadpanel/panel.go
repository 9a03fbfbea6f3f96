package threadpanel

import (
	"slices"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/app/phases"
	"github.com/skein-news/skein/app/textview"
)

// Panel lists threads with their member and article counts, a filter, and a
// button that starts a thread from the selected span. Colleagues' threads
// carry their annotator's name, muted, after the title; while there are
// any, "Mine / Everyone" hides or shows them.
type Panel struct {
	widget.BaseWidget

	// OnSelect is called with the thread the user picked in the list;
	// OnHighlight with the one the pointer came to rest on (or the
	// keyboard moved to), which it may be about to pick.
	OnSelect    func(threadID string)
	OnHighlight func(threadID string)
	// OnNew is called when the user asks for a new thread from the selected
	// span.
	OnNew func()

	all      []Summary
	shown    []int // indices into all that pass the filter
	binds    int   // the rows bound to a thread, for the tests
	selected string
	quiet    bool // selecting from code: no OnSelect

	filter *widget.Entry
	scope  *widget.RadioGroup // mine or everyone's, shown while colleagues' threads are listed
	list   *widget.List
	newBtn *widget.Button
	count  *widget.Label

	// Row heights: the width they were fitted to, the label that measures
	// a wrapped title, and the heights of one title line and a whole row.
	fitWidth float32
	measure  *widget.Label
	oneLine  float32
	row      float32
	// tall holds the extra height of each title that wraps, at tallWidth.
	tall      map[string]float32
	tallWidth float32
}

// NewPanel returns an empty panel.
func NewPanel() *Panel {
	p := &Panel{}
	p.ExtendBaseWidget(p)
	p.filter = widget.NewEntry()
	p.filter.SetPlaceHolder("Filter threads")
	p.filter.OnChanged = func(string) { p.refilter() }
	p.newBtn = widget.NewButtonWithIcon("New thread from selected span", theme.ContentAddIcon(), func() {
		if p.OnNew != nil {
			p.OnNew()
		}
	})
	p.scope = widget.NewRadioGroup([]string{scopeMine, scopeEveryone}, func(string) { p.refilter() })
	p.scope.Horizontal = true
	p.scope.Required = true
	p.scope.Selected = scopeEveryone
	p.scope.Hide()
	p.count = widget.NewLabel("")
	p.count.Importance = widget.LowImportance
	p.list = widget.NewList(
		func() int { return len(p.shown) },
		func() fyne.CanvasObject {
			// The title has the row's whole width and wraps, so it is
			// read whole; whose it is and its counts go on the line under
			// it (issue 12.9: titles were cut to "De… — bilal").
			title := widget.NewLabel("")
			title.TextStyle.Bold = true
			title.Wrapping = fyne.TextWrapWord
			shaped := textview.NewLine("") // titles in the region's scripts shaped and ordered
			shaped.TextStyle.Bold = true
			shaped.Hide()
			// Not italic: the italic face is another font of several MB to load and keep.
			sub := widget.NewLabel("")
			sub.Importance = widget.LowImportance
			sub.SizeName = theme.SizeNameCaptionText
			sub.Truncation = fyne.TextTruncateEllipsis
			return container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()), container.NewStack(title, shaped), sub)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(p.shown) {
				return
			}
			s := p.all[p.shown[id]]
			p.binds++
			c := o.(*fyne.Container)
			head := c.Objects[0].(*fyne.Container)
			title, shaped := head.Objects[0].(*widget.Label), head.Objects[1].(*textview.Line)
			// A click on a row refreshes the whole list before its handler
			// runs (widget.List.Select): a row whose texts are already set
			// is left alone, since setting a word-wrapped label's text again
			// measures and wraps it again — 720 KB and 2 ms before a thread
			// opened (issue 18).
			if d := s.displayTitle(); textview.IsComplex(d) {
				title.Hide()
				setText(shaped, d)
				shaped.Show()
			} else {
				shaped.Hide()
				if title.Text != d {
					title.SetText(d)
				}
				title.Show()
			}
			if sub := c.Objects[1].(*widget.Label); sub.Text != s.byline() {
				sub.SetText(s.byline())
			}
		},
	)
	p.list.OnHighlighted = func(id widget.ListItemID) {
		if id >= 0 && id < len(p.shown) && p.OnHighlight != nil {
			p.OnHighlight(p.all[p.shown[id]].ID)
		}
	}
	p.list.OnSelected = func(id widget.ListItemID) {
		defer phases.Handler("thread-open")()
		if id >= len(p.shown) {
			return
		}
		p.selected = p.all[p.shown[id]].ID
		if !p.quiet && p.OnSelect != nil {
			p.OnSelect(p.selected)
		}
	}
	p.refilter()
	return p
}

// CreateRenderer lays out the filter and button above the list.
func (p *Panel) CreateRenderer() fyne.WidgetRenderer {
	top := container.NewVBox(p.newBtn, p.filter)
	bottom := container.NewBorder(nil, nil, nil, p.scope, p.count)
	return widget.NewSimpleRenderer(container.NewBorder(top, bottom, nil, nil, p.list))
}

// SetThreads replaces the listed threads, keeping the filter and, if it is
// still there, the selected thread.
//
// The same threads again (an article opened lists the user's threads
// anew) change nothing: every row in view was bound again, a wrapped
// title shaped again, within each open's handler (issue 18).
func (p *Panel) SetThreads(threads []Summary) {
	if slices.Equal(p.all, threads) {
		return
	}
	p.all = append([]Summary(nil), threads...)
	p.refilter()
}

// Binds counts the rows bound to a thread so far.
func (p *Panel) Binds() int { return p.binds }

// Select marks the thread id as the current one without calling OnSelect;
// an empty id clears the selection.
func (p *Panel) Select(id string) {
	p.selected = id
	p.showSelection()
}

// Selected returns the current thread's ID, or "".
func (p *Panel) Selected() string { return p.selected }

// SetNewEnabled enables the new-thread button; a window on a store that
// cannot be written disables it.
func (p *Panel) SetNewEnabled(on bool) {
	if on {
		p.newBtn.Enable()
	} else {
		p.newBtn.Disable()
	}
}

// NewEnabled reports whether the new-thread button can be pressed.
func (p *Panel) NewEnabled() bool { return !p.newBtn.Disabled() }

// SetFilter sets the filter text, as if typed.
func (p *Panel) SetFilter(q string) { p.filter.SetText(q) }

// Shown returns the threads that pass the filter, in list order.
func (p *Panel) Shown() []Summary {
	out := make([]Summary, len(p.shown))
	for i, k := range p.shown {
		out[i] = p.all[k]
	}
	return out
}

// The choices of the scope switch.
const (
	scopeMine     = "Mine"
	scopeEveryone = "Everyone"
)

func (p *Panel) refilter() {
	p.shown = filterSummaries(p.all, p.filter.Text)
	shared := false
	for _, s := range p.all {
		shared = shared || s.Annotator != ""
	}
	if shared {
		p.scope.Show()
	} else {
		p.scope.Hide()
	}
	if shared && p.scope.Selected == scopeMine {
		p.shown = slices.DeleteFunc(p.shown, func(i int) bool { return p.all[i].Annotator != "" })
	}
	switch {
	case len(p.all) == 0:
		p.count.SetText("No threads yet")
	case len(p.shown) == len(p.all):
		p.count.SetText(plural(len(p.all), "thread", "threads"))
	default:
		p.count.SetText(strconv.Itoa(len(p.shown)) + " of " + plural(len(p.all), "thread", "threads"))
	}
	p.fitRows()
	p.list.Refresh()
	p.showSelection()
}

// Resize fits the rows to the new width: a title wraps to as many lines as
// it needs.
func (p *Panel) Resize(size fyne.Size) {
	p.BaseWidget.Resize(size)
	if size.Width != p.fitWidth {
		p.fitRows()
	}
}

// fitRows makes each listed row as tall as its title wrapped at the
// list's width needs. Shaped titles (Urdu, Arabic, Devanagari) stay on one
// line, cut with an ellipsis. A title that fits on one line (measured
// without laying it out) keeps the plain height; the others are laid out
// once per width and remembered, so a key typed in the filter stays cheap.
func (p *Panel) fitRows() {
	p.fitWidth = p.Size().Width
	width := p.list.Size().Width
	if width <= 0 {
		width = p.fitWidth
	}
	if p.measure == nil {
		p.measure = widget.NewLabel("")
		p.measure.TextStyle.Bold = true
		p.measure.Wrapping = fyne.TextWrapWord
		p.oneLine = p.measure.MinSize().Height
	}
	// The list item's own padding and the scroll bar take their part.
	width -= 2*theme.Padding() + theme.ScrollBarSize()
	if width != p.tallWidth {
		p.tall, p.tallWidth = map[string]float32{}, width
	}
	textWidth := width - 2*theme.InnerPadding()
	size := theme.TextSize()
	row := p.rowHeight()
	for i, k := range p.shown {
		h := row
		if t := p.all[k].displayTitle(); width > 0 && !textview.IsComplex(t) &&
			fyne.MeasureText(t, size, p.measure.TextStyle).Width > textWidth {
			extra, ok := p.tall[t]
			if !ok {
				p.measure.SetText(t)
				p.measure.Resize(fyne.NewSize(width, p.oneLine))
				extra = p.measure.MinSize().Height - p.oneLine
				p.tall[t] = extra
			}
			h += extra
		}
		p.list.SetItemHeight(i, h)
	}
}

// rowHeight is the height of a row whose title is one line.
func (p *Panel) rowHeight() float32 {
	if p.row == 0 {
		p.row = p.list.CreateItem().MinSize().Height
	}
	return p.row
}

// showSelection highlights the selected thread if the filter shows it.
func (p *Panel) showSelection() {
	p.quiet = true
	defer func() { p.quiet = false }()
	for i, k := range p.shown {
		if p.all[k].ID == p.selected && p.selected != "" {
			p.list.Select(i)
			return
		}
	}
	p.list.UnselectAll()
}
