// Package doclist is the document list: every article (List), the filter
// over titles and text, what each row shows of the user's layer — span
// counts in the labels' colours, the done mark, review's progress — read
// off the UI goroutine (Cache) and patched from the user's changes, and the
// row that shows one (Row, RowView), which only shows and reports through
// callbacks. The List reaches the window only through Frame and the store
// only through Store.
package doclist

import (
	"fmt"
	"image/color"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/app/strip"
	"github.com/skein-news/skein/app/textview"
)

// Row is one document as its row shows it.
type Row struct {
	ID, Title string
	// Date is the date line: "2023-11-10", "undated", with review's
	// progress after it; Shorter are shorter forms of it, in order, for a
	// column too narrow for it whole (strip.Line.Shorter).
	Date    string
	Shorter []string
	Counts  []Count
	Done    bool
}

// Count is the number of spans of one label, in its colour.
type Count struct {
	N     int
	Color color.NRGBA
}

// RowView is one row of the document list. It draws three objects: the
// title, one strip with the date and the counts' chips, and the done mark
// (a row of four chips and a check box was thirteen; issue 18).
type RowView struct {
	widget.BaseWidget
	id      string
	onDone  func(id string)
	title   *textview.Line // shaped and ordered for titles in the region's scripts
	details *strip.Strip   // the date and the counts
	done    *DoneMark
	root    *fyne.Container
}

// NewRowView makes a row; onDone reports a tick of its done mark.
func NewRowView(onDone func(id string)) *RowView {
	it := &RowView{onDone: onDone}
	it.title = textview.NewLine("")
	it.details = strip.New()
	it.details.ChipSize = theme.Size(theme.SizeNameCaptionText) - 1
	it.details.Gap = 3
	it.details.Shorten = ShortCount
	it.done = newDoneMark()

	// The title above, the details below, the done mark on the right.
	details := container.New(layout.NewCustomPaddedLayout(0, theme.Padding(), theme.Padding()*2, 0), it.details)
	body := container.New(layout.NewCustomPaddedVBoxLayout(0), it.title,
		container.New(layout.NewCustomPaddedLayout(-theme.Padding()*1.5, 0, 0, 0), details))
	it.root = container.NewBorder(nil, nil, nil, container.NewCenter(it.done), body)
	it.ExtendBaseWidget(it)
	return it
}

// CreateRenderer draws the row built by NewRowView.
func (it *RowView) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(it.root)
}

// ID is the document the row shows.
func (it *RowView) ID() string { return it.id }

// Set fills the row.
func (it *RowView) Set(r Row) {
	it.id = r.ID
	if it.title.Text != r.Title { // setting a label's text shapes it again: a millisecond per row on every span added
		it.title.SetText(r.Title)
	}
	chips := make([]strip.Chip, len(r.Counts))
	for i, c := range r.Counts {
		chips[i] = strip.Chip{Text: fmt.Sprint(c.N), Color: c.Color}
	}
	it.details.Set(strip.Line{Lead: r.Date, Shorter: r.Shorter, Chips: chips})

	it.done.OnChanged = nil
	it.done.SetChecked(r.Done)
	id := r.ID
	it.done.OnChanged = func(bool) {
		if it.onDone != nil {
			it.onDone(id)
		}
	}
}

// ShortCount is a row's count shorter, for a column too narrow for the
// counts whole (the window at its least size): at level 1 a count from
// 1,000 in thousands with a tenth below 10,000 ("9.8k", "12k"), at level 2
// in whole thousands ("9k"); past a million in millions alike. It cuts,
// never rounds up: "9.8k" is at least 9,800. Below 1,000 there is nothing
// shorter.
func ShortCount(text string, level int) (string, bool) {
	n, err := strconv.Atoi(text)
	if err != nil || n < 1000 || level < 1 || level > 2 {
		return "", false
	}
	unit, suffix := 1000, "k"
	if n >= 1000000 {
		unit, suffix = 1000000, "M"
	}
	whole, tenth := n/unit, n%unit/(unit/10)
	if level == 1 && whole < 10 && tenth > 0 {
		return fmt.Sprintf("%d.%d%s", whole, tenth, suffix), true
	}
	return fmt.Sprintf("%d%s", whole, suffix), true
}
