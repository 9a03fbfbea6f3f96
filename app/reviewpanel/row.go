package reviewpanel

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate/agree"
	"github.com/skein-news/skein/app/parts"
	"github.com/skein-news/skein/app/textview"
)

// rowView is one row: the kind, each annotator's label, what has been
// decided, the text, and a colleague's decision where there is one.
//
// The kind, the labels and the state flow left to right and go on to a
// further line where the column is too narrow for them (flowHead), so that
// every annotator's label is read whole: on one line after the kind they
// were cut to the column, "alice actor · bilal accu…" in a 1200-wide
// window. An annotator's name and label stay on one line where a line
// holds them; where it does not, the label goes on to the next line, under
// the name: "muhammad.bilal.khan@lums.edu.pk accusa…" was cut so in a
// 1200-wide window. Panel.Update makes each row as tall as its lines.
type rowView struct {
	widget.BaseWidget
	kind    *parts.Chip
	who     []*parts.Caption // an annotator's name and label each: "bob", "actor ·", "carol", "claim"
	state   *parts.Caption
	excerpt *textview.Line
	theirs  *parts.Caption // shown only when a colleague decided the item
	// minWidth is the widest kind's chip: the row asks for room for it,
	// so that any row's head holds at least one element a line.
	minWidth float32
}

func newRowView() *rowView {
	r := &rowView{}
	r.kind = parts.NewChip("", parts.HexColor(""))
	r.excerpt = textview.NewLine("")
	r.state = newHeadCaption(theme.ColorNamePlaceHolder)
	r.theirs = parts.NewCaption("", theme.ColorNamePrimary, theme.SizeNameCaptionText)
	r.theirs.Truncate = true
	r.theirs.Hide()
	for _, w := range chipWidths() {
		r.minWidth = max(r.minWidth, w)
	}
	r.ExtendBaseWidget(r)
	return r
}

// newHeadCaption is a label or the state in a row's head: cut to the
// column only where even a line of its own cannot hold it.
func newHeadCaption(c fyne.ThemeColorName) *parts.Caption {
	t := parts.NewCaption("", c, theme.SizeNameCaptionText)
	t.Truncate = true
	return t
}

// whoText is the annotators' labels as one line: "bob actor · carol claim".
func (r *rowView) whoText() string {
	var b strings.Builder
	for _, c := range r.who {
		if c.Visible() {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(c.Text())
		}
	}
	return b.String()
}

func (r *rowView) show(row Row) {
	r.kind.Set(row.Kind.String(), parts.HexColor(KindColors[row.Kind]))
	pieces := whoPieces(row.Who)
	for len(r.who) < len(pieces) {
		r.who = append(r.who, newHeadCaption(theme.ColorNameForeground))
	}
	for i, c := range r.who {
		if i < len(pieces) {
			c.SetText(pieces[i])
			c.Show()
		} else {
			c.Hide()
		}
	}
	r.state.SetText(row.State)
	r.theirs.SetText(row.Theirs)
	if row.Theirs != "" {
		r.theirs.Show()
	} else {
		r.theirs.Hide()
	}
	if row.Excerpt != "" {
		r.excerpt.SetText(row.Excerpt)
	}
	r.Refresh()
}

// whoPieces is Row.Who as the head lays it out, each piece whole: an
// annotator's name, then their label, the separator kept with the label
// before it: "bob", "actor ·", "carol", "claim".
func whoPieces(who []Said) []string {
	pieces := make([]string, 0, 2*len(who))
	for i, w := range who {
		label := w.Label
		if i < len(who)-1 {
			label += " ·"
		}
		pieces = append(pieces, w.Annotator, label)
	}
	return pieces
}

// headWidths are the widths the head's elements ask for, in the order
// flowHead takes them: the kind's chip, each annotator's name and label,
// the state (0 when there is none).
func headWidths(chip float32, pieces []string, state string) []float32 {
	size := theme.Size(theme.SizeNameCaptionText)
	ws := make([]float32, 0, len(pieces)+2)
	ws = append(ws, chip)
	for _, p := range pieces {
		ws = append(ws, fyne.MeasureText(p, size, fyne.TextStyle{}).Width)
	}
	st := float32(0)
	if state != "" {
		st = fyne.MeasureText(state, size, fyne.TextStyle{}).Width
	}
	return append(ws, st)
}

// flowHead lays out elements of widths ws (as headWidths gives them) in
// lines width wide, gap apart: each goes after the one before where it
// fits, else at the start of the next line; an annotator's name goes on to
// the next line with its label where the two do not fit after what is
// before them, and starts a line above its label where no line holds the
// two (so that a name is read with its own label, never after another's,
// "actor · muhammad.bilal.khan@lums.edu.pk"); the last (the state) is
// right-aligned on its line; one of width 0 takes no room. It puts each
// element's x and line in xs and lines where they are not nil, and
// returns the number of lines. An element wider than a line has a line of
// its own.
func flowHead(ws []float32, width, gap float32, xs []float32, lines []int) int {
	x, line := float32(0), 0
	for i, w := range ws {
		if w > 0 {
			need := w
			if name := i%2 == 1 && i < len(ws)-2; name {
				need = min(w+gap+ws[i+1], width)
			}
			if x > 0 && x+gap+need > width {
				x, line = 0, line+1
			}
			if x > 0 {
				x += gap
			}
			if xs != nil {
				xs[i] = x
				if i == len(ws)-1 {
					xs[i] = max(x, width-w)
				}
			}
			x += w
		}
		if lines != nil {
			lines[i] = line
		}
	}
	return line + 1
}

// Paddings around the head: the row's edges, the gap between elements and
// between lines. On the right the list's scroll bar is drawn over the
// rows: the state ("open") keeps the left edge's padding clear of the
// room it takes (two thin bars' width), where it sat against the bar.
func headPad() (left, right, top, gap float32) {
	p := theme.Padding()
	return 2 * p, 2*p + 2*theme.Size(theme.SizeNameScrollBarSmall), p, p
}

// lineHeight is the height of a line of the head.
func (r *rowView) lineHeight() float32 {
	return max(r.kind.MinSize().Height, r.state.MinSize().Height)
}

// chipWidths are the widths of the kinds' chips.
func chipWidths() map[agree.Kind]float32 {
	out := map[agree.Kind]float32{}
	chip := parts.NewChip("", parts.HexColor(""))
	for k := range KindColors {
		chip.Set(k.String(), parts.HexColor(KindColors[k]))
		out[k] = chip.MinSize().Width
	}
	return out
}

func (r *rowView) widths() []float32 {
	var pieces []string
	for _, c := range r.who {
		if c.Visible() {
			pieces = append(pieces, c.Text())
		}
	}
	return headWidths(r.kind.MinSize().Width, pieces, r.state.Text())
}

func (r *rowView) gap() float32 { _, _, _, g := headPad(); return g }

// headWidth is the room for the head in a row width wide.
func headWidth(width float32) float32 {
	l, rt, _, _ := headPad()
	return width - l - rt
}

// CreateRenderer draws the row built by newRowView.
func (r *rowView) CreateRenderer() fyne.WidgetRenderer { return &rowRenderer{r: r} }

type rowRenderer struct{ r *rowView }

func (rr *rowRenderer) Objects() []fyne.CanvasObject {
	r := rr.r
	objs := []fyne.CanvasObject{r.kind, r.state, r.excerpt, r.theirs}
	for _, c := range r.who {
		objs = append(objs, c)
	}
	return objs
}

// heights returns the height of the row with one line of head and none of
// theirs, and what each further head line and the theirs line add.
func (r *rowView) heights() (base, line, theirs float32) {
	_, _, top, _ := headPad()
	line = r.lineHeight()
	// The excerpt's own padding overlaps the head's by a padding, as the
	// row always was.
	base = top + line + r.excerpt.MinSize().Height - theme.Padding()
	return base, line + r.gap()/2, r.theirs.MinSize().Height
}

func (rr *rowRenderer) MinSize() fyne.Size {
	r := rr.r
	l, rt, _, _ := headPad()
	base, _, th := r.heights()
	if r.theirs.Visible() {
		base += th
	}
	return fyne.NewSize(l+rt+r.minWidth, base)
}

func (rr *rowRenderer) Layout(size fyne.Size) {
	r := rr.r
	left, _, top, gap := headPad()
	width := headWidth(size.Width)
	ws := r.widths()
	xs, lines := make([]float32, len(ws)), make([]int, len(ws))
	n := flowHead(ws, width, gap, xs, lines)
	lh := r.lineHeight()
	_, step, _ := r.heights()
	place := func(o fyne.CanvasObject, i int) {
		h := o.MinSize().Height
		o.Move(fyne.NewPos(left+xs[i], top+float32(lines[i])*step+(lh-h)/2))
		o.Resize(fyne.NewSize(min(ws[i], width), h))
	}
	place(r.kind, 0)
	k := 1
	for _, c := range r.who {
		if c.Visible() {
			place(c, k)
			k++
		}
	}
	place(r.state, len(ws)-1)
	y := top + float32(n-1)*step + lh - theme.Padding()
	eh := r.excerpt.MinSize().Height
	r.excerpt.Move(fyne.NewPos(0, y))
	// Clear of the scroll bar as the state is: a right-to-left excerpt
	// (Urdu) ends at the row's right edge.
	r.excerpt.Resize(fyne.NewSize(size.Width-2*theme.Size(theme.SizeNameScrollBarSmall), eh))
	if r.theirs.Visible() {
		_, rt, _, _ := headPad()
		r.theirs.Move(fyne.NewPos(left, y+eh))
		r.theirs.Resize(fyne.NewSize(size.Width-left-rt, r.theirs.MinSize().Height))
	}
}

func (rr *rowRenderer) Refresh() {
	r := rr.r
	rr.Layout(r.Size())
	for _, o := range rr.Objects() {
		o.Refresh()
	}
}

func (rr *rowRenderer) Destroy() {}
