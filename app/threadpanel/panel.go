package threadpanel

import (
	"slices"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/app/textview"
)

// Panel lists threads with their member and article counts, a filter, and a
// button that starts a thread from the selected span. Colleagues' threads
// carry their annotator's name, muted, after the title; while there are
// any, "Mine / Everyone" hides or shows them.
type Panel struct {
	widget.BaseWidget

	// OnSelect is called with the thread the user picked in the list.
	OnSelect func(threadID string)
	// OnNew is called when the user asks for a new thread from the selected
	// span.
	OnNew func()

	all      []Summary
	shown    []int // indices into all that pass the filter
	selected string
	quiet    bool // selecting from code: no OnSelect

	filter *widget.Entry
	scope  *widget.RadioGroup // mine or everyone's, shown while colleagues' threads are listed
	list   *widget.List
	newBtn *widget.Button
	count  *widget.Label
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
			title := textview.NewLine("") // titles in the region's scripts shaped and ordered
			title.TextStyle.Bold = true
			who := widget.NewLabel("")
			who.Importance = widget.LowImportance
			// Not italic: the italic face is another font of several MB to load and keep.
			counts := widget.NewLabel("")
			counts.Importance = widget.LowImportance
			return container.NewBorder(nil, nil, nil, counts, container.NewBorder(nil, nil, nil, who, title))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(p.shown) {
				return
			}
			s := p.all[p.shown[id]]
			c := o.(*fyne.Container)
			head := c.Objects[0].(*fyne.Container)
			head.Objects[0].(*textview.Line).SetText(s.displayTitle())
			who := head.Objects[1].(*widget.Label)
			if s.Annotator == "" {
				who.Hide()
			} else {
				who.SetText("— " + s.Annotator)
				who.Show()
			}
			c.Objects[1].(*widget.Label).SetText(s.counts())
			// A recycled row keeps the widths of its last texts unless it
			// is laid out again: the counts and the name were clipped.
			c.Layout.Layout(c.Objects, c.Size())
			head.Layout.Layout(head.Objects, head.Size())
		},
	)
	p.list.OnSelected = func(id widget.ListItemID) {
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
func (p *Panel) SetThreads(threads []Summary) {
	p.all = append([]Summary(nil), threads...)
	p.refilter()
}

// Select marks the thread id as the current one without calling OnSelect;
// an empty id clears the selection.
func (p *Panel) Select(id string) {
	p.selected = id
	p.showSelection()
}

// Selected returns the current thread's ID, or "".
func (p *Panel) Selected() string { return p.selected }

// SetNewEnabled enables the new-thread button; the window disables it while
// no span is selected.
func (p *Panel) SetNewEnabled(on bool) {
	if on {
		p.newBtn.Enable()
	} else {
		p.newBtn.Disable()
	}
}

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
	p.list.Refresh()
	p.showSelection()
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
