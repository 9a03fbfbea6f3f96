package app

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/agree"

	"github.com/skein-news/skein/app/frame"
)

// reportColumns are the measure columns of the agreement report, named as
// `skein agree` names them.
var reportColumns = []string{"Cohen κ", "Fleiss κ", "Krippendorff α", "unitized α", "F1 exact", "F1 overlap", "link F1"}

// reportRow is one row of the agreement report table.
type reportRow struct {
	name string // "overall", a label, or a document's title
	doc  string // the document's ID; "" for the overall and label rows
	m    agree.Measures
}

// cells returns the row's measures in column order.
func (r *reportRow) cells() []*float64 {
	m := &r.m
	return []*float64{m.CohenKappa, m.FleissKappa, m.KrippendorffAlpha, m.UnitizedAlpha, m.F1Exact, m.F1Overlap, m.LinkF1}
}

// cell formats a measure as `skein agree` does: three decimals, or
// "undefined".
func cell(v *float64) string { return agree.Format(v) }

// reportRows lays a report out as the table shows it: the overall row, the
// labels (the default ones in key order, then the others alphabetically),
// then the documents worst first, as the report orders them. Unless all is
// set, it leaves out, as `skein agree` does without -all, the rows that can
// only read "undefined": an article fewer than two of them worked on, a
// label used only in such articles. It counts those left out.
func reportRows(rep *agree.Report, all bool) (rows []reportRow, hiddenLabels, hiddenDocs int) {
	rows = []reportRow{{name: "overall", m: rep.Overall}}
	label := func(name string) {
		m := rep.Labels[name]
		if !all && m.Undefined() {
			hiddenLabels++
			return
		}
		rows = append(rows, reportRow{name: "label: " + annotate.LabelShown(name), m: m})
	}
	var rest []string
	for _, l := range annotate.DefaultLabels {
		if _, ok := rep.Labels[l.Name]; ok {
			label(l.Name)
		}
	}
	for name := range rep.Labels {
		if !annotate.IsDefaultLabel(name) {
			rest = append(rest, name)
		}
	}
	sort.Strings(rest)
	for _, name := range rest {
		label(name)
	}
	for _, d := range rep.Documents {
		if !all && d.Worked < 2 {
			hiddenDocs++
			continue
		}
		title := d.ShownTitle()
		rows = append(rows, reportRow{name: title, doc: d.ID, m: d.Measures})
	}
	return rows, hiddenLabels, hiddenDocs
}

// reportView is a window showing an agreement report.
type reportView struct {
	win fyne.Window
	rep *agree.Report
	// leftOut are those measured whom assign.json leaves out, in skein
	// agree's words, said in the caption.
	leftOut []string
	rows    []reportRow
	table   *reportTable
	close   *frame.Button
	note    *widget.Label // over the table: whose, in what order, what was left out
	// all lists the rows only one of them could fill, as skein agree -all;
	// shown only when the report has such rows.
	all *widget.Check
}

// reportTable is the report's table: Escape in it closes the report's
// window, as Escape with nothing focused does (widget.Table takes the
// keyboard on a click and ignores Escape).
type reportTable struct {
	widget.Table
	escape func()
}

// TypedKey closes the window on Escape and moves the highlight otherwise.
func (t *reportTable) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape {
		t.escape()
		return
	}
	t.Table.TypedKey(ev)
}

// showAgreementReport asks which annotators to compare (those under review,
// when reviewing, are ticked), the curated layer among them, then computes
// the report.
func (w *Window) showAgreementReport() {
	if w.opt.Agree == nil {
		w.setStatus("The agreement report is not available here.")
		return
	}
	w.askLayers("Agreement report", "Compute", true, w.ComputeReport)
}

// ComputeReport measures agreement between annotators over the corpus off
// the UI goroutine, then shows the report in a window of its own.
func (w *Window) ComputeReport(annotators []string) {
	if w.opt.Agree == nil {
		w.setStatus("The agreement report is not available here.")
		return
	}
	names := append([]string(nil), annotators...)
	w.setStatus("Measuring agreement between " + strings.Join(names, ", ") + "…")
	w.goBG(func(ctx context.Context) {
		rep, leftOut, err := w.opt.Agree(ctx, names)
		w.do(func() {
			if err != nil {
				w.fail("measure agreement", err)
				return
			}
			w.setStatus(agreementStatus(names, rep, leftOut))
			w.showReportTable(rep, leftOut)
		})
	})
}

// agreementStatus says whose agreement the report measures and over how
// many articles: those with a measure, of the report's rows, as `skein
// agree` counts them. An article fewer than two of them worked on is
// undefined in every column: it is no row unless asked for, and counted
// apart, as the command's table counts it ("measured on 1 of 3 articles"
// had counted two that nothing could measure). The articles none of them
// worked on are counted apart too, as the command's table ends with them
// ("measured on 3 of 8" had counted the whole corpus). It ends with whom
// the team folder's assign.json leaves out (leftOut), as skein agree says
// it: "measured on 0 articles" said nothing of why.
func agreementStatus(names []string, rep *agree.Report, leftOut []string) string {
	measured, rows, oneSided := 0, 0, 0
	for _, d := range rep.Documents {
		if d.Worked < 2 {
			oneSided++
			continue
		}
		rows++
		if !d.Measures.Undefined() {
			measured++
		}
	}
	msg := "Agreement between " + strings.Join(names, ", ") + ": measured on "
	if measured < rows {
		msg += fmt.Sprintf("%s of %s (undefined in the others: nothing to compare)",
			frame.Thousands(measured), frame.CountThousands(rows, "article"))
	} else {
		msg += frame.CountThousands(measured, "article")
	}
	if oneSided > 0 {
		msg += "; " + frame.CountThousands(oneSided, "article") + " only one of them worked on left out"
	}
	if rep.Unworked > 0 {
		msg += "; " + unworkedNote(rep)
	}
	for _, s := range leftOut {
		msg += "; " + s
	}
	return msg + "."
}

// unworkedNote says how many articles the report has no row for, none of
// its annotators having worked on them, in the words of `skein agree`'s
// table, for the status line and the report's caption alike.
func unworkedNote(rep *agree.Report) string {
	return frame.CountThousands(rep.Unworked, "article") + " none of them worked on left out"
}

// showReportTable shows a report as a table of rows × measures; clicking an
// article's row opens it in the main window.
func (w *Window) showReportTable(rep *agree.Report, leftOut []string) {
	rv := &reportView{rep: rep, leftOut: leftOut}
	if old := w.agreeReport; old != nil && old.win != nil {
		old.win.Close()
	}
	w.agreeReport = rv
	rv.table = &reportTable{escape: func() { rv.win.Close() }}
	rv.table.Length = func() (int, int) { return len(rv.rows) + 1, len(reportColumns) + 1 }
	rv.table.CreateCell = func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	rv.table.UpdateCell = func(id widget.TableCellID, o fyne.CanvasObject) {
		l := o.(*widget.Label)
		l.TextStyle = fyne.TextStyle{}
		l.Alignment = fyne.TextAlignTrailing
		l.SetText(rv.text(id.Row, id.Col))
		if id.Row == 0 || id.Col == 0 {
			l.Alignment = fyne.TextAlignLeading
			if id.Row == 0 || rv.rows[id.Row-1].doc == "" {
				l.TextStyle = fyne.TextStyle{Bold: true}
			}
			l.Refresh()
		}
	}
	rv.table.ExtendBaseWidget(rv.table)
	rv.table.StickyRowCount = 1
	rv.table.StickyColumnCount = 1
	rv.table.SetColumnWidth(0, 340)
	for c := 1; c <= len(reportColumns); c++ {
		rv.table.SetColumnWidth(c, 118)
	}
	rv.table.OnSelected = func(id widget.TableCellID) {
		if id.Row < 1 || id.Row > len(rv.rows) {
			return
		}
		if doc := rv.rows[id.Row-1].doc; doc != "" {
			w.OpenDocument(doc)
			w.win.RequestFocus()
		}
	}
	// Wrapped, not one line: a note of a folder away (the kept assignment,
	// what to do) ran the window past the screen's edge, wider than any.
	rv.note = &widget.Label{Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText}
	rv.note.ExtendBaseWidget(rv.note)
	rv.all = widget.NewCheck("Show the rows only one of them worked on (undefined in every column)", func(bool) { rv.layOut() })
	rv.layOut()
	rv.win = w.app.NewWindow("skein — agreement: " + strings.Join(rep.Annotators, ", "))
	// A Close of its own, and Escape: without a window manager (Xvfb, some
	// tiling setups) the window has no title bar to close it by.
	rv.close = frame.NewButton("Close", nil, rv.win.Close)
	frame.CloseOnEscape(rv.win) // with nothing focused, and with Close reached by Tab
	var left fyne.CanvasObject
	if _, labels, docs := reportRows(rep, false); labels+docs > 0 {
		left = rv.all
	}
	bottom := container.NewBorder(nil, nil, left, rv.close)
	rv.win.SetContent(container.NewBorder(container.NewPadded(rv.note), container.NewPadded(bottom), nil, nil, rv.table))
	rv.win.Resize(reportWindowSize(w.win))
	rv.win.CenterOnScreen()
	rv.win.SetOnClosed(func() {
		if w.agreeReport == rv {
			w.agreeReport = nil
		}
	})
	rv.win.Show()
}

// reportWindowSize is the agreement report's window's size: 1200×640, or
// less where the screen is smaller (its work area, less room for the
// window's title bar), else where main, the main window, is smaller and
// the screen cannot be known. A plain 1200×640 ran off a 1024×600 laptop's
// screen, its Close and the table's right-hand columns out of reach; the
// table scrolls in a smaller window, its header row and article column
// staying in place.
func reportWindowSize(main fyne.Window) fyne.Size {
	want := fyne.NewSize(1200, 640)
	room, ok := frame.ScreenRoom(main)
	if !ok {
		room = main.Canvas().Size()
	}
	if room.Width <= 0 || room.Height <= 0 {
		return want
	}
	return fyne.NewSize(min(want.Width, room.Width), min(want.Height, room.Height))
}

// layOut fills the table with the rows the check box asks for, and says in
// the caption what it leaves out, in the words of `skein agree`'s table.
// The report had listed every article only one of them worked on, and
// every label used only there, as rows of "undefined" that the command's
// table counts instead.
func (rv *reportView) layOut() {
	rows, labels, docs := reportRows(rv.rep, rv.all.Checked)
	rv.rows = rows
	// The caption stays while the status line moves on: it says what the
	// table leaves out as the status line did.
	caption := "Annotators: " + strings.Join(rv.rep.Annotators, ", ") + "  ·  worst articles first"
	var one []string
	if docs > 0 {
		one = append(one, frame.CountThousands(docs, "article")+" only one of them worked on")
	}
	if labels > 0 && docs > 0 {
		one = append(one, frame.CountThousands(labels, "label")+" used only there")
	} else if labels > 0 {
		one = append(one, frame.CountThousands(labels, "label")+" with no measure defined")
	}
	if len(one) > 0 {
		caption += "  ·  " + strings.Join(one, " and ") + " left out"
	}
	if rv.rep.Unworked > 0 {
		caption += "  ·  " + unworkedNote(rv.rep)
	}
	for _, s := range rv.leftOut {
		caption += "  ·  " + s
	}
	rv.note.SetText(caption + "  ·  click an article to open it")
	rv.table.Refresh()
}

// text is the table's cell at row and column, row 0 being the header.
func (rv *reportView) text(row, col int) string {
	if row == 0 {
		if col == 0 {
			return ""
		}
		return reportColumns[col-1]
	}
	r := &rv.rows[row-1]
	if col == 0 {
		return r.name
	}
	return cell(r.cells()[col-1])
}
