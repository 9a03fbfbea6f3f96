// Package spanlist is the span list: the spans of the open article in
// text order (List), what is done to them — add, relabel, note, delete —
// and the row that shows one (a span's label in its colour, who made it
// and where, its note and links, its text, and a button for its actions).
// The row only shows and reports through callbacks; the List reaches the
// window only through Frame and the store only through Store.
package spanlist

import (
	"image/color"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/app/parts"
	"github.com/skein-news/skein/app/strip"
	"github.com/skein-news/skein/app/textview"
)

// Row is one span as its row shows it.
type Row struct {
	ID string
	// Label is the span's label as lists show it (annotate.LabelShown).
	Label string
	Color color.NRGBA
	// Meta is the line beside the label: who, where, note, links.
	Meta    string
	Excerpt string
	// Editable: the span is in the user's layer, so its actions are offered.
	Editable bool
}

// RowView is one row of the span list. It draws four objects: the colour
// bar, one strip with the label's chip and the details, the text and the
// actions button's icon (it was six: a chip is a rectangle and a text, and
// the details a text of their own; issue 18).
type RowView struct {
	widget.BaseWidget
	id      string
	onMore  func(id string, under fyne.CanvasObject)
	bar     *canvas.Rectangle
	top     *strip.Strip // the label and, cut to the width, the details
	excerpt *textview.Line
	more    *widget.Button
	root    *fyne.Container
	// shown is what the row shows: a list's refresh binds every visible
	// row again, and a row bound to what it shows refreshes nothing.
	shown Row
	// filled: Set was called; a row never filled is a list's template.
	filled bool
}

// templateSizes are the minimum sizes of rows never filled, by the theme's
// sizes they were measured at (templateKey).
var templateSizes sync.Map

// templateKey is what a row's minimum size depends on: the theme's sizes,
// and the height of its text at the two text sizes (its font).
type templateKey struct {
	pad, inner, text, caption, icon, spacing float32
	textH, captionH                          float32
}

// MinSize is the row's minimum size. A row never filled — the template
// row a list makes on every refresh and selection only to ask its size —
// is given what the first such row measured at the same theme sizes:
// measuring one made its renderer, and the actions button's renderer
// coloured its icon's SVG, 3 ms of each open's handler and twice that
// of a ] jump's (issue 18, `app` BenchmarkOpenReadAhead,
// BenchmarkThreadNextMember).
func (it *RowView) MinSize() fyne.Size {
	if it.filled {
		return it.BaseWidget.MinSize()
	}
	th := it.Theme()
	text, caption := th.Size(theme.SizeNameText), th.Size(theme.SizeNameCaptionText)
	k := templateKey{th.Size(theme.SizeNamePadding), th.Size(theme.SizeNameInnerPadding), text, caption,
		th.Size(theme.SizeNameInlineIcon), th.Size(theme.SizeNameLineSpacing),
		fyne.MeasureText("M", text, fyne.TextStyle{}).Height, fyne.MeasureText("M", caption, fyne.TextStyle{}).Height}
	if s, ok := templateSizes.Load(k); ok {
		return s.(fyne.Size)
	}
	s := it.BaseWidget.MinSize()
	templateSizes.Store(k, s)
	return s
}

// NewRowView makes a row; onMore reports a click on its actions button,
// with the button to show them under.
func NewRowView(onMore func(id string, under fyne.CanvasObject)) *RowView {
	it := &RowView{onMore: onMore}
	it.bar = canvas.NewRectangle(parts.HexColor(""))
	it.bar.SetMinSize(fyne.NewSize(4, 0))
	it.bar.CornerRadius = 2
	it.top = strip.New()
	it.excerpt = textview.NewLine("") // excerpts in the region's scripts shaped and ordered
	it.more = widget.NewButtonWithIcon("", theme.MoreVerticalIcon(), func() {
		if it.onMore != nil {
			it.onMore(it.id, it.more)
		}
	})
	it.more.Importance = widget.LowImportance

	// Colour bar, label and details on top, the text below, the menu on
	// the right.
	top := container.New(layout.NewCustomPaddedLayout(theme.Padding(), 0, theme.Padding()*2, 0), it.top)
	body := container.New(layout.NewCustomPaddedVBoxLayout(0), top,
		container.New(layout.NewCustomPaddedLayout(-theme.Padding(), 0, 0, 0), it.excerpt))
	bar := container.New(layout.NewCustomPaddedLayout(theme.Padding(), theme.Padding(), theme.Padding(), 0), it.bar)
	it.root = container.NewBorder(nil, nil, bar, container.NewCenter(it.more), body)
	it.ExtendBaseWidget(it)
	return it
}

// CreateRenderer draws the row built by NewRowView.
func (it *RowView) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(it.root)
}

// ID is the span the row shows.
func (it *RowView) ID() string { return it.id }

// Set fills the row.
func (it *RowView) Set(r Row) {
	it.filled = true
	if r == it.shown && r.ID != "" {
		return
	}
	it.shown = r
	it.id = r.ID
	it.bar.FillColor = r.Color
	it.bar.Refresh()
	it.top.Set(strip.Line{Chips: []strip.Chip{{Text: r.Label, Color: r.Color}}, Tail: r.Meta})
	if it.excerpt.Text != r.Excerpt { // shaping it again costs more than the rest of the row
		it.excerpt.SetText(r.Excerpt)
	}
	if r.Editable {
		it.more.Enable()
	} else {
		it.more.Disable()
	}
}
