package threadpanel

import (
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate/figures"
	"github.com/skein-news/skein/app/textview"
)

// FiguresView lines up the figures a thread reports — one row per figure
// member, by unit, then by date and article — with the number read and its
// qualifier, and flags the figures that cannot all be true in the error
// colour, saying which articles disagree.
type FiguresView struct {
	widget.BaseWidget

	// OnOpen is called with the figure the user clicked.
	OnOpen func(doc, span string)

	report figures.Report
	status *widget.Label
	detail *widget.Label
	rows   *fyne.Container
}

// NewFiguresView returns an empty view.
func NewFiguresView() *FiguresView {
	v := &FiguresView{}
	v.ExtendBaseWidget(v)
	v.status = widget.NewLabel("")
	v.status.TextStyle.Bold = true
	v.detail = widget.NewLabel("")
	v.detail.Wrapping = fyne.TextWrapWord
	v.rows = container.NewVBox()
	v.SetNoThread()
	return v
}

// CreateRenderer puts the verdict above the rows.
func (v *FiguresView) CreateRenderer() fyne.WidgetRenderer {
	top := container.NewVBox(v.status, v.detail)
	return widget.NewSimpleRenderer(container.NewBorder(top, nil, nil, nil, container.NewVScroll(v.rows)))
}

// SetNoThread says no thread is chosen, and how to choose or start one,
// where an empty thread's "no figures in this thread" named a thread there
// was none of.
func (v *FiguresView) SetNoThread() {
	v.SetItems(nil)
	v.status.SetText("No thread chosen")
	v.detail.SetText("Choose a thread in the Threads tab, or select a span and press T to start one: the figures it reports are compared here.")
}

// SetItems shows items, typically figures.ThreadItems of the thread.
func (v *FiguresView) SetItems(items []figures.Item) { v.SetFigures(items, nil) }

// SetFigures shows items and says which figure members hold no number it
// could read, unread (figures.ThreadFigures), so none is left out unsaid:
// a thread of "Kakar’s" labelled figure and "79%" said the figures agree,
// with one figure shown and nothing of the other.
func (v *FiguresView) SetFigures(items []figures.Item, unread []string) {
	v.setItems(items)
	if len(unread) == 0 {
		return
	}
	quoted := make([]string, len(unread))
	for i, u := range unread {
		quoted[i] = "“" + u + "”"
	}
	note := "Not compared, no number read: " + strings.Join(quoted, ", ")
	if len(items) == 0 {
		v.status.SetText("No figures read in this thread")
		v.detail.SetText(note)
		return
	}
	v.detail.SetText(v.detail.Text + "\n" + note)
}

func (v *FiguresView) setItems(items []figures.Item) {
	v.report = figures.Compare(items)
	v.rows.RemoveAll()
	switch {
	case len(items) == 0:
		v.status.SetText("No figures in this thread")
		v.status.Importance = widget.LowImportance
		v.detail.SetText("Label spans “figure” and add them to the thread to compare them.")
	case v.report.Disagree:
		v.status.SetText("The figures disagree")
		v.status.Importance = widget.DangerImportance
		v.detail.SetText(strings.Join(v.report.Summary(), "\n"))
	default:
		v.status.SetText("The figures agree")
		v.status.Importance = widget.SuccessImportance
		var fits []string
		for _, g := range v.report.Groups {
			fits = append(fits, unitName(g.Unit)+": "+describeRange(g))
		}
		v.detail.SetText(strings.Join(fits, "\n"))
	}
	v.status.Refresh()
	for gi := range v.report.Groups {
		g := &v.report.Groups[gi]
		head := widget.NewLabel(unitName(g.Unit))
		head.TextStyle.Bold = true
		v.rows.Add(head)
		order := make([]int, len(g.Items))
		for i := range order {
			order[i] = i
		}
		sort.SliceStable(order, func(a, b int) bool {
			x, y := g.Items[order[a]], g.Items[order[b]]
			if x.Date != y.Date {
				return x.Date < y.Date
			}
			return articleName(x) < articleName(y)
		})
		for _, i := range order {
			v.rows.Add(newFigureRow(v, g, i))
		}
	}
	v.rows.Refresh()
}

// Report returns the comparison shown.
func (v *FiguresView) Report() figures.Report { return v.report }

func unitName(unit string) string {
	if unit == figures.Percent {
		return "Percentages"
	}
	return "Counts"
}

// describeRange says what number every figure of an agreeing group allows.
func describeRange(g figures.Group) string {
	r := g.Range
	switch {
	case r.Lo == r.Hi:
		return "all fit " + figures.FormatNumber(r.Lo)
	case r.HiOpen && r.Hi > 1e300:
		return "all fit anything above " + figures.FormatNumber(r.Lo)
	case r.LoOpen && r.Lo < -1e300:
		return "all fit anything below " + figures.FormatNumber(r.Hi)
	}
	return "all fit " + figures.FormatNumber(r.Lo) + " to " + figures.FormatNumber(r.Hi)
}

func articleName(it figures.Item) string {
	switch {
	case it.Title != "":
		return it.Title
	case it.Source != "":
		return it.Source
	}
	return it.Doc
}

// figureRow is one figure: date, article, value read, qualifier, the words
// as written, and whether it disagrees.
type figureRow struct {
	widget.BaseWidget
	view     *FiguresView
	item     figures.Item
	disputed bool
	against  []string // the articles it disagrees with
}

func newFigureRow(v *FiguresView, g *figures.Group, i int) *figureRow {
	r := &figureRow{view: v, item: g.Items[i], disputed: g.Disputed(i)}
	for _, c := range g.Conflicts {
		switch i {
		case c.A:
			r.against = append(r.against, articleName(g.Items[c.B]))
		case c.B:
			r.against = append(r.against, articleName(g.Items[c.A]))
		}
	}
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer draws the row with a stripe in the error or success colour.
func (r *figureRow) CreateRenderer() fyne.WidgetRenderer {
	th := r.Theme()
	variant := fyne.CurrentApp().Settings().ThemeVariant()
	stripe := canvas.NewRectangle(th.Color(theme.ColorNameSuccess, variant))
	if r.disputed {
		stripe.FillColor = th.Color(theme.ColorNameError, variant)
	}
	stripe.SetMinSize(fyne.NewSize(4, 4))

	it := r.item
	date := it.Date
	if date == "" {
		date = "undated" // as the document list says
	}
	article := textview.NewLine(date + " · " + articleName(it)) // titles and quotes in the region's scripts shaped and ordered
	value := widget.NewLabel(it.Value.String())
	value.TextStyle.Bold = true
	qual := widget.NewLabel(it.Value.Qualifier)
	qual.Importance = widget.LowImportance
	said := textview.NewLine("“" + it.Value.Text + "”")
	line := container.NewBorder(nil, nil, container.NewHBox(value, qual), nil, said)
	parts := []fyne.CanvasObject{article, line}
	if r.disputed {
		flag := widget.NewLabel("disagrees with " + strings.Join(dedupe(r.against), ", "))
		flag.Importance = widget.DangerImportance
		flag.Truncation = fyne.TextTruncateEllipsis
		value.Importance = widget.DangerImportance
		parts = append(parts, flag)
	}
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, stripe, nil, container.New(&tightVBox{}, parts...)))
}

// Tapped opens the figure in its article.
func (r *figureRow) Tapped(*fyne.PointEvent) {
	if r.view.OnOpen != nil {
		r.view.OnOpen(r.item.Doc, r.item.Span)
	}
}

func dedupe(s []string) []string {
	seen := map[string]bool{}
	out := s[:0:0]
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
