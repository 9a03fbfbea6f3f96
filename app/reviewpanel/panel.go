// Package reviewpanel holds review mode's widgets: the list of the items of
// the article under review (Panel) and the key to how each kind of item is
// drawn (Legend). Shaped like threadpanel, they only show and report: a
// click on a row comes out as OnSelect, which the window answers by making
// that item the one under review.
package reviewpanel

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate/agree"
	"github.com/skein-news/skein/app/parts"
)

// Row is one item as the list shows it.
type Row struct {
	Kind agree.Kind
	// Who is each annotator's label, shown "bob actor · carol claim".
	Who     []Said
	Excerpt string
	// State is what has been decided: "✓ claim", "✗ rejected", "open", "".
	State string
	// Theirs is what the colleagues whose review is shown decided, one
	// line: "alice: ✓ accepted bob's claim, 3 Dec 14:02"; "" for none.
	Theirs string
}

// Said is an annotator's label for an item.
type Said struct{ Annotator, Label string }

// whoKey is who as one string, for a map's key: names and labels hold
// neither tabs nor newlines.
func whoKey(who []Said) string {
	n := 0
	for _, w := range who {
		n += len(w.Annotator) + len(w.Label) + 2
	}
	var b strings.Builder
	b.Grow(n)
	for _, w := range who {
		b.WriteString(w.Annotator)
		b.WriteByte('\t')
		b.WriteString(w.Label)
		b.WriteByte('\n')
	}
	return b.String()
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
	// RowHead gives row i but for its Excerpt, where that is quicker than
	// the whole row: Update measures every row's height by it. Nil: the
	// whole row.
	RowHead func(i int) Row

	length func() int
	row    func(i int) Row
	head   *parts.Caption
	counts *parts.Caption // beneath the heading: "3 disagreements, 1 agreement"
	list   *widget.List
	quiet  bool // set while Select moves the selection itself
	root   fyne.CanvasObject

	// A row is as tall as its head's lines at the list's width and its
	// Theirs line: heads holds what each row's head asks for, as Update
	// last read it, so that a new width lays them out again without
	// asking for the rows.
	heads   []rowHead
	widths  map[headKey][]float32 // the heads measured
	chips   map[agree.Kind]float32
	fitW    float32         // the width the heights were fitted to
	heights map[int]float32 // the rows given a height of their own, as the list has it
	base    [3]float32      // a row's height with one head line, a further line, a Theirs line
}

// headKey is what a row's head shows.
type headKey struct {
	kind       agree.Kind
	who, state string
}

// rowHead is what a row's height is made of: its head's elements' widths
// and whether it has a Theirs line.
type rowHead struct {
	ws     []float32
	theirs bool
}

// New makes the panel; length and row give the rows, which it asks for as
// they scroll into view.
func New(length func() int, row func(i int) Row) *Panel {
	p := &Panel{length: length, row: row, widths: map[headKey][]float32{}, heights: map[int]float32{}}
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

// Update draws the rows again, each as tall as its head's lines at the
// list's width and its Theirs line.
func (p *Panel) Update() {
	if p.chips == nil {
		p.chips = chipWidths()
		r := newRowView()
		p.base[0], p.base[1], p.base[2] = r.heights()
	}
	n := p.length()
	p.heads = p.heads[:0]
	if len(p.widths) > 4096 { // kinds × labels × states seen: few
		clear(p.widths)
	}
	head := p.row
	if p.RowHead != nil {
		head = p.RowHead
	}
	for i := 0; i < n; i++ {
		row := head(i)
		key := headKey{row.Kind, whoKey(row.Who), row.State}
		ws, ok := p.widths[key]
		if !ok {
			ws = headWidths(p.chips[row.Kind], whoPieces(row.Who), row.State)
			p.widths[key] = ws
		}
		p.heads = append(p.heads, rowHead{ws: ws, theirs: row.Theirs != ""})
	}
	p.fit(p.list.Size().Width)
	p.list.Refresh()
}

// fit gives each row the height its head and Theirs line need in a list
// width wide. Only the rows whose height changes are told: an article of
// thousands of items costs a sum per row, nothing more.
func (p *Panel) fit(width float32) {
	p.fitW = width
	_, _, _, gap := headPad()
	for i, h := range p.heads {
		lines := 1
		if width > 0 {
			lines = flowHead(h.ws, headWidth(width), gap, nil, nil)
		}
		want := p.base[0] + float32(lines-1)*p.base[1]
		if h.theirs {
			want += p.base[2]
		}
		if had, ok := p.heights[i]; ok && had == want || !ok && lines == 1 && !h.theirs {
			continue
		}
		if lines == 1 && !h.theirs {
			delete(p.heights, i)
		} else {
			p.heights[i] = want
		}
		p.list.SetItemHeight(i, want)
	}
}

// Resize lays the panel out at size s; a new width fits the rows' heights
// to it.
func (p *Panel) Resize(s fyne.Size) {
	p.BaseWidget.Resize(s)
	if w := p.list.Size().Width; w != p.fitW && p.chips != nil {
		p.fit(w)
	}
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
