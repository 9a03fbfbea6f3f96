// Package reviewpanel holds review mode's widgets: the list of the items of
// the article under review (Panel) and the key to how each kind of item is
// drawn (Legend). Shaped like threadpanel, they only show and report: a
// click on a row comes out as OnSelect, which the window answers by making
// that item the one under review.
package reviewpanel

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate/agree"
	"github.com/skein-news/skein/app/parts"
	"github.com/skein-news/skein/app/textview"
)

// Row is one item as the list shows it.
type Row struct {
	Kind agree.Kind
	// Who is each annotator's label: "bob actor · carol claim".
	Who     string
	Excerpt string
	// State is what has been decided: "✓ claim", "✗ rejected", "open", "".
	State string
	// Theirs is what the colleagues whose review is shown decided, one
	// line: "alice: ✓ accepted bob's claim, 3 Dec 14:02"; "" for none.
	Theirs string
}

// KindColors are the colours of the kinds in the list and the legend.
var KindColors = map[agree.Kind]string{
	agree.Agreement:        "#3f9b5f",
	agree.LabelConflict:    "#e08a00",
	agree.BoundaryConflict: "#6f5cc2",
	agree.Conflict:         "#cf4444",
	agree.OneSided:         "#8a9099",
}

// Panel is the right column of review mode: a heading and the items.
type Panel struct {
	widget.BaseWidget

	// OnSelect reports a click on row i.
	OnSelect func(i int)
	// Tall reports whether row i has a colleague's decision to show
	// (Row.Theirs), for a line more; nil for none.
	Tall func(i int) bool

	length      func() int
	row         func(i int) Row
	head        *parts.Caption
	counts      *parts.Caption // beneath the heading: "3 disagreements, 1 agreement"
	list        *widget.List
	quiet       bool         // set while Select moves the selection itself
	short, tall float32      // a row's height without and with its Theirs line
	talls       map[int]bool // the rows made tall
	root        fyne.CanvasObject
}

// New makes the panel; length and row give the rows, which it asks for as
// they scroll into view.
func New(length func() int, row func(i int) Row) *Panel {
	p := &Panel{length: length, row: row, talls: map[int]bool{}}
	p.head = parts.NewCaption("Review", theme.ColorNameForeground, theme.SizeNameText)
	p.head.Style = fyne.TextStyle{Bold: true}
	p.head.Truncate = true
	// The counts have a line of their own: after "Review" on the
	// heading's line they were cut to the column ("Review · 8
	// disagreements, 6 agr…"). They are cut only where even their line
	// cannot hold them, so that they never widen the column.
	p.counts = parts.NewCaption("", theme.ColorNameForeground, theme.SizeNameCaptionText)
	p.counts.Truncate = true
	p.list = widget.NewList(
		func() int { return p.length() },
		func() fyne.CanvasObject { return newRowView() },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i < p.length() {
				o.(*rowView).show(p.row(i))
			}
		},
	)
	p.list.OnSelected = func(i widget.ListItemID) {
		if !p.quiet && p.OnSelect != nil && i < p.length() {
			p.OnSelect(i)
		}
	}
	head := container.New(layout.NewCustomPaddedLayout(theme.Padding()*2, theme.Padding(), theme.Padding()*2, 0),
		container.New(layout.NewCustomPaddedVBoxLayout(0), p.head, p.counts))
	p.root = container.NewStack(
		parts.NewBackground(theme.ColorNameHeaderBackground),
		container.NewBorder(head, nil, nil, nil, p.list),
	)
	p.ExtendBaseWidget(p)
	return p
}

// CreateRenderer draws the panel built by New.
func (p *Panel) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(p.root) }

// SetCounts sets the counts beneath the heading: "3 disagreements, 1
// agreement".
func (p *Panel) SetCounts(s string) { p.counts.SetText(s) }

// Head returns the heading with its counts: "Review  ·  3 disagreements,
// 1 agreement".
func (p *Panel) Head() string {
	if c := p.counts.Text(); c != "" {
		return p.head.Text() + "  ·  " + c
	}
	return p.head.Text()
}

// Update draws the rows again, each as tall as Tall says.
func (p *Panel) Update() {
	if p.Tall != nil {
		if p.short == 0 {
			r := newRowView()
			p.short = r.MinSize().Height
			r.show(Row{Theirs: "x"})
			p.tall = r.MinSize().Height
		}
		// Only the rows whose height changes are told: an article of
		// thousands of items without a colleague's review costs a call
		// of Tall per row, nothing more.
		for i, n := 0, p.length(); i < n; i++ {
			tall := p.Tall(i)
			if tall == p.talls[i] {
				continue
			}
			h := p.short
			if tall {
				h = p.tall
				p.talls[i] = true
			} else {
				delete(p.talls, i)
			}
			p.list.SetItemHeight(i, h)
		}
	}
	p.list.Refresh()
}

// Length is the number of rows.
func (p *Panel) Length() int { return p.list.Length() }

// Select highlights row i (none for i < 0) without reporting it.
func (p *Panel) Select(i int) {
	p.quiet = true
	if i >= 0 {
		p.list.Select(i)
	} else {
		p.list.UnselectAll()
	}
	p.quiet = false
}

// rowView is one row: the kind, each annotator's label, what has been
// decided, and the text.
type rowView struct {
	widget.BaseWidget
	kind    *parts.Chip
	who     *parts.Caption
	excerpt *textview.Line
	state   *parts.Caption
	theirs  *parts.Caption // shown only when a colleague decided the item
	top     *fyne.Container
	root    fyne.CanvasObject
}

func newRowView() *rowView {
	r := &rowView{}
	r.kind = parts.NewChip("", parts.HexColor(""))
	r.who = parts.NewCaption("", theme.ColorNameForeground, theme.SizeNameCaptionText)
	r.who.Truncate = true
	r.excerpt = textview.NewLine("")
	r.state = parts.NewCaption("", theme.ColorNamePlaceHolder, theme.SizeNameCaptionText)
	r.theirs = parts.NewCaption("", theme.ColorNamePrimary, theme.SizeNameCaptionText)
	r.theirs.Truncate = true
	r.theirs.Hide()
	r.top = container.NewBorder(nil, nil, container.NewHBox(r.kind, layout.NewSpacer()), r.state, r.who)
	top := container.New(layout.NewCustomPaddedLayout(theme.Padding(), 0, theme.Padding()*2, theme.Padding()), r.top)
	r.root = container.New(layout.NewCustomPaddedVBoxLayout(0), top,
		container.New(layout.NewCustomPaddedLayout(-theme.Padding(), 0, 0, 0), r.excerpt),
		container.New(layout.NewCustomPaddedLayout(0, 0, theme.Padding()*2, theme.Padding()), r.theirs))
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer draws the row built by newRowView.
func (r *rowView) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.root) }

func (r *rowView) show(row Row) {
	r.kind.Set(row.Kind.String(), parts.HexColor(KindColors[row.Kind]))
	r.who.SetText(row.Who)
	r.state.SetText(row.State)
	r.theirs.SetText(row.Theirs)
	if (row.Theirs != "") != r.theirs.Visible() {
		if row.Theirs != "" {
			r.theirs.Show()
		} else {
			r.theirs.Hide()
		}
		r.root.Refresh()
	}
	if row.Excerpt != "" {
		r.excerpt.SetText(row.Excerpt)
	}
	r.top.Refresh()
}
