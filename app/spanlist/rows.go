package spanlist

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Rows is the span list's column of rows, one a shown span, of which only
// those in view exist, drawn as a widget.List draws its items (the same
// heights, separators, hover and selection backgrounds). Unlike a
// widget.List, whose items are bound to places, a row here stays with its
// span: a span added or taken away moves the rows after it, which keep
// what they show (their text and its texture), and only a span coming into
// view is bound to a row. A widget.List knows no change but a Refresh of
// everything: a label key bound every visible row again and built a
// template row, with its button's icon, to measure it (issue 18).
type Rows struct {
	widget.BaseWidget

	// OnSelected reports a click on row i, which selects it.
	OnSelected func(i int)

	length func() int
	id     func(i int) string
	bind   func(i int, r *RowView)
	newRow func() *RowView

	scroll *container.Scroll
	body   *rowsBody
	items  map[string]*rowItem // the rows in view, by span
	place0 map[string]*rowItem // scratch for place
	spare  []*rowItem
	seps   []*widget.Separator
	objs   []fyne.CanvasObject
	itemH  float32 // a row's height, measured once
	itemW  float32
	// selected is the span of the selected row, "" for none.
	selected string
	// focused: the keyboard is in the rows; cur is the row Up and Down
	// move and Space selects, drawn as hovered while focused.
	focused bool
	cur     int
	// binds counts the rows bound to a span, refreshes the binds of every
	// row in view (Refresh), for the tests.
	binds, refreshes int
}

// NewRows makes the rows of length() spans: id(i) is the span of row i,
// bind(i, r) fills view r with it, newRow makes a view.
func NewRows(length func() int, id func(i int) string, bind func(i int, r *RowView), newRow func() *RowView) *Rows {
	r := &Rows{length: length, id: id, bind: bind, newRow: newRow,
		items: map[string]*rowItem{}, place0: map[string]*rowItem{}}
	r.body = &rowsBody{rows: r, mark: canvas.NewRectangle(color.Transparent)}
	r.body.ExtendBaseWidget(r.body)
	r.scroll = container.NewVScroll(r.body)
	r.scroll.OnScrolled = func(fyne.Position) { r.place(false) }
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer is part of fyne.Widget.
func (r *Rows) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(r.scroll)
}

// Length is how many rows there are, in view or not.
func (r *Rows) Length() int { return r.length() }

// step is a row's height and the gap below it; pad the gap.
func (r *Rows) step() (step, pad float32) {
	if r.itemH == 0 {
		s := r.newRow().MinSize()
		r.itemW, r.itemH = s.Width, s.Height
	}
	pad = r.Theme().Size(theme.SizeNamePadding)
	return r.itemH + pad, pad
}

// Changed shows the rows after spans were added or taken away (their
// rows come or go, the others move) or changed: the rows of the spans ids
// are bound again, if they stay in view.
func (r *Rows) Changed(ids ...string) {
	for _, id := range ids {
		if it := r.items[id]; it != nil {
			it.stale = true
		}
	}
	r.scroll.Refresh() // the body's height, so the scroll bar; places the rows
	r.place(false)     // when the scroll's refresh did not
}

// Refresh binds every row in view again, as after a change of what rows
// show beyond their spans (the labels' colours, the spans' links); a row
// whose span shows what it showed changes nothing.
func (r *Rows) Refresh() {
	r.refreshes++
	r.place(true)
	r.BaseWidget.Refresh()
}

// Binds counts the rows bound to a span so far; Refreshes the binds of
// every row in view.
func (r *Rows) Binds() int     { return r.binds }
func (r *Rows) Refreshes() int { return r.refreshes }

// Selected is the span of the selected row, "" for none.
func (r *Rows) Selected() string { return r.selected }

// Select selects the row of span id at index i (-1 and "" for none),
// scrolled into view, without reporting it.
func (r *Rows) Select(i int, id string) {
	if old := r.items[r.selected]; old != nil && r.selected != id {
		old.setSelected(false)
	}
	r.selected = id
	if i < 0 {
		return
	}
	r.scrollTo(i)
	if it := r.items[id]; it != nil {
		it.setSelected(true)
	}
}

// FocusGained is part of fyne.Focusable: the current row is drawn as
// hovered, as a widget.List draws it.
func (r *Rows) FocusGained() { r.focused = true; r.paintCur() }

// FocusLost is part of fyne.Focusable.
func (r *Rows) FocusLost() { r.focused = false; r.paintCur() }

// TypedRune is part of fyne.Focusable.
func (r *Rows) TypedRune(rune) {}

// TypedKey moves the current row with Up and Down and selects it with
// Space, as in a widget.List.
func (r *Rows) TypedKey(ev *fyne.KeyEvent) {
	n := r.length()
	switch ev.Name {
	case fyne.KeySpace:
		r.Tap(r.cur)
	case fyne.KeyDown, fyne.KeyUp:
		to := r.cur + 1
		if ev.Name == fyne.KeyUp {
			to = r.cur - 1
		}
		if to < 0 || to >= n {
			return
		}
		r.cur = to
		r.scrollTo(to)
		r.paintCur()
	}
}

// paintCur draws each row in view hovered or not.
func (r *Rows) paintCur() {
	for _, it := range r.items {
		it.paintBg()
	}
}

// scrollTo scrolls row i into view, as a widget.List does, and places the
// rows.
func (r *Rows) scrollTo(i int) {
	step, _ := r.step()
	y := float32(i) * step
	off := r.scroll.Offset
	switch h := r.scroll.Size().Height; {
	case y < off.Y:
		off.Y = y
	case y+r.itemH > off.Y+h:
		off.Y = y + r.itemH - h
	}
	r.scroll.ScrollToOffset(off)
	r.place(false)
}

// Tap selects row i as a click on it does, and reports it.
func (r *Rows) Tap(i int) {
	if i < 0 || i >= r.length() || r.id(i) == r.selected {
		return // as a widget.List, a click on the selected row does nothing
	}
	r.Select(i, r.id(i))
	if r.OnSelected != nil {
		r.OnSelected(i)
	}
}

// InView returns the row views in view, top to bottom, for the tests.
func (r *Rows) InView() []*RowView {
	var out []*RowView
	for _, o := range r.objs {
		if it, ok := o.(*rowItem); ok {
			out = append(out, it.view)
		}
	}
	return out
}

// place puts the rows in view where they go, binding a row to each span
// that came into view (every row in view when all).
func (r *Rows) place(all bool) {
	size := r.scroll.Size()
	if size.Height <= 0 || r.newRow == nil {
		return
	}
	step, pad := r.step()
	n := r.length()
	first := int(math.Floor(float64(r.scroll.Offset.Y / step)))
	last := int(math.Ceil(float64((r.scroll.Offset.Y + size.Height) / step)))
	first, last = max(0, min(first, n-1)), min(last, n-1)

	old := r.items
	r.items, r.place0 = r.place0, old
	var need []int
	for i := first; i <= last && i >= 0; i++ {
		id := r.id(i)
		if it := old[id]; it != nil {
			delete(old, id)
			it.idx = i
			r.items[id] = it
			if all || it.stale {
				it.stale = false
				r.binds++
				r.bind(i, it.view)
			}
			continue
		}
		need = append(need, i)
	}
	for id, it := range old {
		delete(old, id)
		it.stale = false
		r.spare = append(r.spare, it)
	}
	th := r.Theme()
	for _, i := range need {
		var it *rowItem
		if k := len(r.spare); k > 0 {
			it, r.spare = r.spare[k-1], r.spare[:k-1]
		} else {
			it = newRowItem(r, r.newRow())
		}
		it.idx = i
		r.items[r.id(i)] = it
		r.binds++
		r.bind(i, it.view)
	}
	// As a widget.List lays them out: the rows, then a separator above
	// each but the first.
	width := r.Size().Width
	sepH := th.Size(theme.SizeNameSeparatorThickness)
	dividerOff := (pad + sepH) / 2
	objs := r.objs[:0]
	k := 0
	for i := first; i <= last && i >= 0; i++ {
		id := r.id(i)
		it := r.items[id]
		y := float32(i) * step
		it.Move(fyne.NewPos(0, y))
		it.Resize(fyne.NewSize(width, r.itemH))
		it.setSelected(id == r.selected)
		if r.focused {
			it.paintBg() // the current row may have moved
		}
		objs = append(objs, it)
	}
	for i := first + 1; i <= last; i++ {
		if k == len(r.seps) {
			r.seps = append(r.seps, widget.NewSeparator())
		}
		s := r.seps[k]
		k++
		s.Move(fyne.NewPos(0, float32(i)*step-dividerOff))
		s.Resize(fyne.NewSize(width, sepH))
		objs = append(objs, s)
	}
	for j := len(objs); j < len(r.objs); j++ {
		r.objs[j] = nil
	}
	objs = append(objs, r.body.mark)
	r.objs = objs
	r.body.objs = objs
	// The canvas is painted again for the rows moved, come or gone: one
	// refreshed object marks it dirty. A refresh of the body would have
	// the driver free the textures of everything in it, every row's
	// label chip made and uploaded again in the next frame.
	r.body.mark.Refresh()
}

// rowsBody is the scrolled content: as tall as every row, holding those in
// view. Its refresh places them; it does not refresh each row, as a
// container's would.
type rowsBody struct {
	widget.BaseWidget
	rows *Rows
	objs []fyne.CanvasObject
	mark *canvas.Rectangle // draws nothing; refreshed to have the rows painted
}

func (b *rowsBody) MinSize() fyne.Size {
	r := b.rows
	n := r.length()
	if n == 0 {
		return fyne.NewSize(0, 0)
	}
	step, pad := r.step()
	return fyne.NewSize(r.itemW, step*float32(n)-pad)
}

func (b *rowsBody) CreateRenderer() fyne.WidgetRenderer { return &bodyRenderer{b} }

type bodyRenderer struct{ b *rowsBody }

func (br *bodyRenderer) Destroy()                     {}
func (br *bodyRenderer) Layout(fyne.Size)             { br.b.rows.place(false) }
func (br *bodyRenderer) MinSize() fyne.Size           { return br.b.MinSize() }
func (br *bodyRenderer) Objects() []fyne.CanvasObject { return br.b.objs }
func (br *bodyRenderer) Refresh()                     { br.b.rows.place(false) }

// rowItem is a row's view with the background a widget.List item draws
// when hovered or selected; a click selects it.
type rowItem struct {
	widget.BaseWidget
	rows     *Rows
	idx      int
	view     *RowView
	bg       *canvas.Rectangle
	hovered  bool
	selected bool
	stale    bool // its span changed: bound again when next placed
}

var (
	_ fyne.Focusable    = (*Rows)(nil)
	_ fyne.Tappable     = (*rowItem)(nil)
	_ desktop.Hoverable = (*rowItem)(nil)
)

func newRowItem(r *Rows, v *RowView) *rowItem {
	it := &rowItem{rows: r, view: v, bg: canvas.NewRectangle(nil)}
	it.bg.Hide()
	it.ExtendBaseWidget(it)
	return it
}

func (it *rowItem) CreateRenderer() fyne.WidgetRenderer {
	return &itemRenderer{it: it, objs: []fyne.CanvasObject{it.bg, it.view}}
}

func (it *rowItem) MinSize() fyne.Size { return it.view.MinSize() }

// setSelected draws the row selected or not.
func (it *rowItem) setSelected(on bool) {
	if it.selected != on {
		it.selected = on
		it.paintBg()
	}
}

// paintBg draws the background as the row's state asks.
func (it *rowItem) paintBg() {
	th := it.rows.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	it.bg.CornerRadius = th.Size(theme.SizeNameSelectionRadius)
	switch {
	case it.selected:
		it.bg.FillColor = th.Color(theme.ColorNameSelection, v)
		it.bg.Show()
	case it.hovered || it.rows.focused && it.idx == it.rows.cur:
		it.bg.FillColor = th.Color(theme.ColorNameHover, v)
		it.bg.Show()
	default:
		it.bg.Hide()
	}
	it.bg.Refresh()
}

// Tapped gives the rows the keyboard, as a click on a widget.List does,
// and selects the row.
func (it *rowItem) Tapped(*fyne.PointEvent) {
	r := it.rows
	r.cur = it.idx
	if c := fyne.CurrentApp().Driver().CanvasForObject(r); c != nil {
		c.Focus(r)
	}
	r.Tap(it.idx)
}

func (it *rowItem) MouseIn(*desktop.MouseEvent)    { it.hovered = true; it.paintBg() }
func (it *rowItem) MouseMoved(*desktop.MouseEvent) {}
func (it *rowItem) MouseOut()                      { it.hovered = false; it.paintBg() }

type itemRenderer struct {
	it   *rowItem
	objs []fyne.CanvasObject
}

func (ir *itemRenderer) Destroy()                     {}
func (ir *itemRenderer) MinSize() fyne.Size           { return ir.it.view.MinSize() }
func (ir *itemRenderer) Objects() []fyne.CanvasObject { return ir.objs }
func (ir *itemRenderer) Layout(size fyne.Size) {
	ir.it.bg.Resize(size)
	ir.it.view.Resize(size)
}
func (ir *itemRenderer) Refresh() { ir.it.paintBg(); ir.it.view.Refresh() }
