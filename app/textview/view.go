package textview

import (
	"cmp"
	"image/color"
	"math"
	"slices"
	"sort"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/arcs"
)

// Highlight is one span as the view draws it.
type Highlight struct {
	ID        string              // span ID
	Fragments []annotate.Fragment // code points
	Color     color.Color         // label colour
	Label     string              // shown on hover
	Annotator string              // shown on hover
	Outline   bool                // e.g. member of the current thread: draw a border
	Style     int                 // StyleNormal, StyleStriped, StyleDim or StyleSuggested
}

// Highlight styles.
const (
	StyleNormal  = 0 // translucent background and a solid underline
	StyleStriped = 1 // striped background: another layer, under review
	StyleDim     = 2 // faint background and underline
)

// View shows one article with its highlights and lets the reader select
// text, discontinuously if they like, and pick spans.
//
// Mouse: press, drag and release selects, snapped to whole words unless Alt
// is held; Ctrl (Cmd) while dragging adds a fragment; Shift-click extends;
// double-click selects a word; a click on a highlight selects its span (the
// shortest one when several overlap), a click elsewhere clears. Keys:
// Shift+Left/Right extend the selection by a word, Esc clears selection and
// span, Ctrl+C copies; everything else goes to OnKey first, and if OnKey
// does not take them Up, Down, Page Up, Page Down, Home and End scroll.
//
// The callbacks report what the user did; the setters (SetSelection,
// ClearSelection, SelectSpan, SetDocument, SetHighlights) do not call them.
// All methods must be called on the Fyne main goroutine.
type View struct {
	widget.BaseWidget
	refreshes int // Refresh's count
	// holding: redraws wait for Hold's release; heldRefresh, one was asked.
	holding, heldRefresh bool

	// OnSelectionChanged is called when the user changes the selection,
	// with nil when it is cleared.
	OnSelectionChanged func(frags []annotate.Fragment)
	// OnSpanSelected is called when the user selects a span by clicking it,
	// or clears the selected span ("").
	OnSpanSelected func(id string)
	// OnKey receives the keys the view does not handle itself, with the
	// modifiers held; it returns true when it handled the key.
	OnKey func(ev *fyne.KeyEvent, mods fyne.KeyModifier) bool
	// OnArcSelected is called when the user selects a link by clicking its
	// arc, with its arcs.Link Key, or clears it ("").
	OnArcSelected func(key string)
	// OnMarker is called when the user clicks the margin marker of a span
	// linked to another article.
	OnMarker func(m arcs.Marker)
	// OnHover is called when the pointer moves onto or off highlights, with
	// the IDs under it, shortest first (nil when none). The view shows them
	// in a tooltip itself; this is for status bars.
	OnHover func(ids []string)

	text  *annotate.Text
	words *annotate.Words
	lay   *layout
	size  float32 // text size asked for; 0 for the theme's
	cache map[float32]*metrics
	font  string  // name of the font the cache was measured with
	laidW float32 // widget width the layout was wrapped for
	dirty bool    // wrapping must be redone
	laidH float32 // widget height the offset was clamped for
	off   float32 // scroll offset
	goTo  int     // code point to bring into view once laid out; -1 none
	pin   int     // code point ScrollTo placed, kept in place on resize until the user scrolls; -1 none

	hls      []Highlight
	found    int     // the index find found last, tried first
	fragBase []int32 // fragments of highlight i are fragLane[fragBase[i]:fragBase[i+1]]
	fragLane []uint8 // underline lane of each fragment
	spanLen  []int
	refStart []int32 // refs of paragraph i are refs[refStart[i]:refStart[i+1]]
	refs     []ref
	order    []interval  // the fragments in the lanes' order, as index sorted them
	remap    []int       // scratch for patchHighlights
	spare    []Highlight // the highlights before the last patch, their storage reused
	patched  int         // highlights indexed so far (Indexed)
	// The storage of the index before the last patch, reused by the next.
	pBase, pKTo, pStart []int32
	pSpanLen            []int
	pOrder              []interval
	pRefs               []ref
	laneEnd             []int   // scratch for index
	fill                []int32 // scratch for index

	sel      []annotate.Fragment // committed fragments of a discontinuous selection
	act      active              // the fragment being made
	selected string              // the selected span
	hover    []int               // highlights under the pointer, shortest first
	hoverPos fyne.Position

	focused bool
	held    fyne.KeyModifier // modifier keys held, from KeyDown/KeyUp
	press   pressState
	drag    dragState
	click   clickState

	arc arcState // relation arcs and margin markers: arcs.go

	flashLevel float32
	anim       *fyne.Animation
	outlined   int     // thread members' outlines the last layout of the lines drew
	pixels     *pixels // the renderer's, which counts the layers remade

	// menuPoll cancels keepMenuAway's next poll; menuGen tells its latest run.
	menuPoll func() bool
	menuGen  int
}

// ref points at one fragment of one highlight.
type ref struct {
	hl, frag int32
}

// interval is one highlight fragment, k its index in fragLane.
type interval struct {
	k, s, e int
}

// active is the fragment the user is making or extending.
type active struct {
	on             bool
	anchor, cursor int
	raw            bool // not snapped to words (Alt was held)
}

var (
	_ fyne.Widget         = (*View)(nil)
	_ fyne.Scrollable     = (*View)(nil)
	_ fyne.Draggable      = (*View)(nil)
	_ fyne.Tappable       = (*View)(nil)
	_ fyne.DoubleTappable = (*View)(nil)
	_ fyne.Focusable      = (*View)(nil)
	_ fyne.Shortcutable   = (*View)(nil)
	_ desktop.Mouseable   = (*View)(nil)
	_ desktop.Hoverable   = (*View)(nil)
	_ desktop.Keyable     = (*View)(nil)
	_ desktop.Cursorable  = (*View)(nil)
	_ fyne.WidgetRenderer = (*viewRenderer)(nil)
)

// New returns an empty view.
func New() *View {
	v := &View{goTo: -1, pin: -1, cache: map[float32]*metrics{}, arc: arcState{on: true}}
	v.ExtendBaseWidget(v)
	return v
}

// CreateRenderer is part of fyne.Widget.
func (v *View) CreateRenderer() fyne.WidgetRenderer {
	return newRenderer(v)
}

// MinSize is small: the view scrolls.
func (v *View) MinSize() fyne.Size {
	return fyne.NewSize(120, 60)
}

// SetDocument shows a new article. Highlights, selection, selected span and
// scroll position are reset. w may be nil; the text is then tokenized here.
func (v *View) SetDocument(t *annotate.Text, w *annotate.Words) {
	if t != nil && w == nil {
		w = annotate.NewWords(t)
	}
	v.text, v.words = t, w
	v.lay = nil
	if t != nil {
		v.lay = &layout{doc: t.String(), paras: splitParas(t.String())}
	}
	v.arc.links, v.arc.marks, v.arc.selected = nil, nil, ""
	v.dirty = true
	v.off = 0
	v.goTo, v.pin = -1, -1
	v.sel, v.act, v.selected, v.hover = nil, active{}, "", nil
	v.drag, v.press = dragState{}, pressState{}
	v.stopFlash()
	v.hls = v.hls[:0] // its storage kept for the next article's
	v.index()
	v.Refresh()
}

// SetHighlights replaces all highlights. Fragments outside the text are
// clipped. If the selected span is gone, nothing is selected any more. The
// view keeps the Fragments slices: do not change them afterwards.
//
// Highlights that differ from those shown by a few taken out, put in or
// changed (IDs compared) are patched in: only those are indexed.
func (v *View) SetHighlights(hs []Highlight) {
	if !v.patchHighlights(hs) {
		v.hls = append(v.hls[:0], hs...)
		v.patched += len(hs)
		v.index()
	}
	if _, ok := v.find(v.selected); !ok {
		v.selected = ""
	}
	v.hover = nil
	v.Refresh()
}

// find returns the index of highlight id. A map of 5,000 IDs was made
// again whenever a span came or went before the others (issue 18); the
// few look-ups a change asks for (the selected span's) walk the list, the
// last found tried first.
func (v *View) find(id string) (int, bool) {
	if id == "" {
		return 0, false
	}
	if v.found < len(v.hls) && v.hls[v.found].ID == id {
		return v.found, true
	}
	for i := range v.hls {
		if v.hls[i].ID == id {
			v.found = i
			return i, true
		}
	}
	return 0, false
}

// index assigns underline lanes and lists each paragraph's highlights.
func (v *View) index() {
	v.fragLane = v.fragLane[:0]
	v.spanLen = v.spanLen[:0]
	v.refs = v.refs[:0]
	if v.lay == nil {
		v.refStart = v.refStart[:0]
		return
	}
	limit := v.text.Len()
	order := v.order[:0]
	v.fragBase = append(v.fragBase[:0], 0)
	for i := range v.hls {
		h := &v.hls[i]
		l := 0
		for _, f := range h.Fragments {
			fs, fe := max(f.Start, 0), min(f.End, limit)
			if fs < fe {
				l += fe - fs
				order = append(order, interval{len(v.fragLane), fs, fe})
			}
			v.fragLane = append(v.fragLane, 0)
		}
		v.spanLen = append(v.spanLen, l)
		v.fragBase = append(v.fragBase, int32(len(v.fragLane)))
	}
	// Lanes: each fragment takes the lowest lane free where it starts,
	// longer ones first, so that nested spans stack outside in and a
	// fragment keeps one lane along its whole extent.
	// Fragments over the same text keep the order of their highlights, so
	// that a change elsewhere does not swap their lanes (and repaint their
	// lines).
	v.order, v.pOrder = sortIntervals(order, v.pOrder)
	v.sweepLanes()
	// Paragraph index, built by counting first so it is two flat slices.
	paras := v.lay.paras
	if cap(v.refStart) < len(paras)+1 {
		v.refStart = make([]int32, len(paras)+1)
	}
	v.refStart = v.refStart[:len(paras)+1]
	clear(v.refStart)
	v.eachRef(func(pi int, _ ref) { v.refStart[pi+1]++ })
	for i := 1; i < len(v.refStart); i++ {
		v.refStart[i] += v.refStart[i-1]
	}
	total := int(v.refStart[len(paras)])
	if cap(v.refs) < total {
		v.refs = make([]ref, total)
	}
	v.refs = v.refs[:total]
	v.fill = append(v.fill[:0], v.refStart[:len(paras)]...)
	v.eachRef(func(pi int, r ref) {
		v.refs[v.fill[pi]] = r
		v.fill[pi]++
	})
}

// laneOrder orders fragments for the lanes: by start, the longer first,
// then as their highlights come.
func laneOrder(a, b interval) int {
	if a.s != b.s {
		return cmp.Compare(a.s, b.s)
	}
	if a.e != b.e {
		return cmp.Compare(b.e, a.e)
	}
	return cmp.Compare(a.k, b.k)
}

// sortIntervals puts order in laneOrder, into order itself or into
// scratch's storage; it returns the sorted slice and the one left over
// for scratch. An open gives the spans in text order and the suggestions
// after them, in text order too: two runs already in order, merged in one
// pass here instead of sorted again (the sort was half of the index of
// the 300 KB article's 6,000 highlights, in its open's handler: issue
// 18). More runs than two are sorted.
func sortIntervals(order, scratch []interval) (sorted, spare []interval) {
	cut := -1 // where the second run begins
	for i := 1; i < len(order); i++ {
		if laneOrder(order[i-1], order[i]) > 0 {
			if cut >= 0 {
				slices.SortFunc(order, laneOrder)
				return order, scratch
			}
			cut = i
		}
	}
	if cut < 0 {
		return order, scratch
	}
	out := resize(scratch, len(order))
	a, b := order[:cut], order[cut:]
	i, j := 0, 0
	for k := range out {
		if j == len(b) || (i < len(a) && laneOrder(a[i], b[j]) < 0) {
			out[k] = a[i]
			i++
		} else {
			out[k] = b[j]
			j++
		}
	}
	return out, order
}

// eachRef calls fn for every paragraph each highlight fragment touches.
func (v *View) eachRef(fn func(pi int, r ref)) {
	paras := v.lay.paras
	limit := v.text.Len()
	for i := range v.hls {
		for j, f := range v.hls[i].Fragments {
			fs, fe := max(f.Start, 0), min(f.End, limit)
			if fs >= fe {
				continue
			}
			for pi := v.lay.paraOf(fs); pi < len(paras) && paras[pi].start < fe; pi++ {
				if paras[pi].end > fs {
					fn(pi, ref{int32(i), int32(j)})
				}
			}
		}
	}
}

// parRefs returns the highlight fragments touching paragraph pi.
func (v *View) parRefs(pi int) []ref {
	if pi+1 >= len(v.refStart) {
		return nil
	}
	return v.refs[v.refStart[pi]:v.refStart[pi+1]]
}

// spansAt returns the highlights containing code point cp, shortest first,
// the user's own before others of the same length.
func (v *View) spansAt(cp int) []int {
	if v.lay == nil || cp < 0 || cp >= v.text.Len() {
		return nil
	}
	var out []int
	for _, r := range v.parRefs(v.lay.paraOf(cp)) {
		f := v.hls[r.hl].Fragments[r.frag]
		if cp >= f.Start && cp < f.End && !containsInt(out, int(r.hl)) {
			out = append(out, int(r.hl))
		}
	}
	sort.SliceStable(out, func(a, b int) bool {
		la, lb := v.spanLen[out[a]], v.spanLen[out[b]]
		if la != lb {
			return la < lb
		}
		// Of spans over the same stretch, the user's own (drawn plain)
		// comes first: with View ▸ Colleagues' work on, a click on a word
		// both they and a colleague labelled took the colleague's span,
		// read-only, so Delete, a label key and L said it was not theirs.
		if na, nb := v.hls[out[a]].Style == StyleNormal, v.hls[out[b]].Style == StyleNormal; na != nb {
			return na
		}
		return v.hls[out[a]].ID < v.hls[out[b]].ID
	})
	return out
}

func containsInt(s []int, x int) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}

// Selection returns the selected text as fragments in text order, or nil
// when nothing is selected. More than one fragment is a discontinuous
// selection.
func (v *View) Selection() []annotate.Fragment {
	frags := append([]annotate.Fragment(nil), v.sel...)
	if s, e, ok := v.activeFrag(); ok {
		frags = append(frags, annotate.Fragment{Start: s, End: e})
	}
	if len(frags) == 0 {
		return nil
	}
	return annotate.NormalizeFragments(frags)
}

// activeFrag returns the fragment being made, snapped unless it is raw.
func (v *View) activeFrag() (s, e int, ok bool) {
	if !v.act.on || v.text == nil {
		return 0, 0, false
	}
	s, e = min(v.act.anchor, v.act.cursor), max(v.act.anchor, v.act.cursor)
	if !v.act.raw {
		if s, e, ok = v.words.Snap(s, e); !ok {
			return 0, 0, false
		}
	}
	return s, e, s < e
}

// SetSelection selects the given fragments exactly (no snapping).
func (v *View) SetSelection(frags []annotate.Fragment) {
	var clean []annotate.Fragment
	if v.text != nil {
		for _, f := range frags {
			if s, e := max(f.Start, 0), min(f.End, v.text.Len()); s < e {
				clean = append(clean, annotate.Fragment{Start: s, End: e})
			}
		}
	}
	clean = annotate.NormalizeFragments(clean)
	v.sel, v.act = nil, active{}
	if n := len(clean); n > 0 {
		v.sel = clean[:n-1]
		v.act = active{on: true, anchor: clean[n-1].Start, cursor: clean[n-1].End, raw: true}
	}
	v.Refresh()
}

// ClearSelection removes the text selection.
func (v *View) ClearSelection() {
	v.sel, v.act = nil, active{}
	v.Refresh()
}

// Outlines returns how many thread members' outlines (Highlight.Outline)
// the view drew when it last laid out its lines, the selected span's left
// out: they are painted into the lines' layers, not objects a test can
// find.
func (v *View) Outlines() int { return v.outlined }

// LayersRemade counts the lines' layers whose raster was refreshed since
// the view was made: each is a texture the GL driver makes again, and a
// generator's painting of the line's pixels, in the next frame.
func (v *View) LayersRemade() int {
	if v.pixels == nil {
		return 0
	}
	return v.pixels.remade
}

// SelectedSpan returns the ID of the selected span, or "".
func (v *View) SelectedSpan() string { return v.selected }

// MarkSelected makes span id the selected one without scrolling or
// blinking: the span the researcher just made, which is in view. An ID
// that is not highlighted is ignored.
func (v *View) MarkSelected(id string) {
	if v.mark(id) {
		v.Refresh()
	}
}

// MarkMade clears the text selection and marks span id the selected one,
// as MarkSelected does, drawing the view once: the span a label key just
// made of the selection (the two drew the lines in view twice, after the
// key's highlights had drawn them once).
func (v *View) MarkMade(id string) {
	v.sel, v.act = nil, active{}
	v.mark(id)
	v.Refresh()
}

// mark makes span id the selected one, and reports whether it is shown.
func (v *View) mark(id string) bool {
	if _, ok := v.find(id); !ok {
		return false
	}
	v.stopFlash()
	v.selected = id
	v.arc.selected = ""
	return true
}

// Refresh draws the view again; Refreshes counts the times, for the tests
// that hold an action to its redraws. While the view is held (Hold) it
// only notes that it is to be drawn.
func (v *View) Refresh() {
	if v.holding {
		v.heldRefresh = true
		return
	}
	v.refreshes++
	v.BaseWidget.Refresh()
}

// Hold holds the view's redraws until the function it returns is called,
// which draws it once if any was asked for meanwhile: a label key sets the
// highlights with its new span, then marks that span the one just made,
// and each drew the lines in view again (issue 18: 0.26 ms of the key's
// UI-thread CPU the second time). Nothing paints in between: both run
// within one event of the UI goroutine. A Hold within a Hold does nothing;
// a release after the first does nothing.
func (v *View) Hold() (release func()) {
	if v.holding {
		return func() {}
	}
	v.holding, v.heldRefresh = true, false
	done := false
	return func() {
		if done {
			return
		}
		done, v.holding = true, false
		if v.heldRefresh {
			v.Refresh()
		}
	}
}

// Refreshes is how many times the view was drawn again (Refresh).
func (v *View) Refreshes() int { return v.refreshes }

// SelectSpan selects span id, scrolls it into view and makes it blink. An
// ID that is not highlighted is ignored; "" clears the selected span.
func (v *View) SelectSpan(id string) {
	if id == "" {
		v.selected = ""
		v.stopFlash()
		v.Refresh()
		return
	}
	i, ok := v.find(id)
	if !ok {
		return
	}
	v.selected = id
	v.arc.selected = ""
	if fr := v.hls[i].Fragments; len(fr) > 0 {
		v.ScrollTo(fr[0].Start)
	}
	v.startFlash()
}

// ScrollTo brings code point cp into view: if its line is not fully
// visible, it is placed a third of the way down.
func (v *View) ScrollTo(cp int) {
	if v.lay == nil {
		return
	}
	type laid struct {
		off, w, h float32
		m         *metrics
		dirty     bool
	}
	before := laid{v.off, v.laidW, v.laidH, v.lay.m, v.dirty}
	if !v.ensureLayout() {
		v.goTo = cp
		return
	}
	// Already in view and laid out as it was, as the place an undo took a
	// span from is: the lines in view are not drawn again for nothing (a
	// second redraw in the undo's frame).
	if v.scrollToNow(cp) || before != (laid{v.off, v.laidW, v.laidH, v.lay.m, v.dirty}) {
		v.Refresh()
	}
}

// scrollToNow brings cp into view, and reports whether that changed what
// the view shows (it scrolled, or wrapped cp's paragraph exactly).
func (v *View) scrollToNow(cp int) bool {
	l := v.lay
	cp = min(max(cp, 0), v.text.Len())
	pi := l.paraOf(cp)
	changed := false
	if p := &l.paras[pi]; !p.exact {
		h := p.h
		l.wrap(p, true)
		changed = true
		if p.h != h {
			l.place()
		}
	}
	li := lineOf(&l.paras[pi], cp)
	y := l.lineY(pi, li)
	if y >= v.off && y+bandOf(&l.paras[pi], li)+l.lineH <= v.off+v.Size().Height {
		return changed
	}
	v.pin = cp
	v.placeAt(cp)
	return true
}

// placeAt scrolls so that the line holding cp is a third of the way down.
func (v *View) placeAt(cp int) {
	l := v.lay
	pi := l.paraOf(cp)
	y := l.lineY(pi, lineOf(&l.paras[pi], cp))
	v.setOffset(y - v.Size().Height/3)
	v.refine()
}

// SetTextSize sets the size of the text; 0 means the theme's text size.
func (v *View) SetTextSize(size float32) {
	if size == v.size {
		return
	}
	v.size = size
	v.dirty = true
	v.Refresh()
}

// TextSize returns the size the text is drawn at.
func (v *View) TextSize() float32 {
	if v.size > 0 {
		return v.size
	}
	return v.Theme().Size(theme.SizeNameText)
}

// ensureLayout wraps the text for the current width and text size when
// either changed, keeping the line at the top of the view in place. It
// reports whether there is a layout to draw.
func (v *View) ensureLayout() bool {
	l := v.lay
	if l == nil {
		return false
	}
	w := v.Size().Width
	if w <= 0 {
		return false
	}
	size := v.TextSize()
	font := ""
	if r := v.Theme().Font(fyne.TextStyle{}); r != nil {
		font = r.Name()
	}
	if font != v.font {
		v.font = font
		clear(v.cache)
		v.dirty = true
	}
	m := v.cache[size]
	if m == nil {
		m = newMetrics(size)
		v.cache[size] = m
		v.dirty = true
	}
	h := v.Size().Height
	if !v.dirty && w == v.laidW && l.m == m {
		if h != v.laidH {
			v.laidH = h
			if v.pin >= 0 {
				v.placeAt(v.pin)
			} else {
				v.setOffset(v.off)
				v.refine()
			}
		}
		return true
	}
	anchor, delta := -1, float32(0)
	if l.m != nil && len(l.paras) > 0 && l.paras[0].lines != nil {
		anchor, delta = v.topAnchor()
	}
	l.setMetrics(m)
	l.maxW = max(w-2*l.marginX-barWidth, 4*m.textH)
	for i := range l.paras {
		l.rough(&l.paras[i])
	}
	l.place()
	v.laidW, v.laidH, v.dirty = w, h, false
	switch {
	case v.goTo >= 0:
		cp := v.goTo
		v.goTo = -1
		v.scrollToNow(cp)
	case v.pin >= 0:
		v.placeAt(v.pin)
	case anchor >= 0:
		v.restoreAnchor(anchor, delta)
	default:
		v.setOffset(v.off)
	}
	v.refine()
	return true
}

// topAnchor returns the first code point of the line at the top of the
// view and how far the view's top is below that line's top.
func (v *View) topAnchor() (int, float32) {
	l := v.lay
	pi, li := l.lineAtY(v.off)
	return l.paras[pi].lines[li].start, v.off - l.lineY(pi, li)
}

// restoreAnchor scrolls so that the line holding cp is where topAnchor
// found it.
func (v *View) restoreAnchor(cp int, delta float32) {
	l := v.lay
	pi := l.paraOf(cp)
	li := lineOf(&l.paras[pi], cp)
	v.setOffset(l.lineY(pi, li) + min(delta, l.lineH+bandOf(&l.paras[pi], li)))
}

// refine re-wraps with measured widths every paragraph in view that was
// wrapped with estimates, keeping the top line in place.
func (v *View) refine() {
	l := v.lay
	h := v.Size().Height
	for round := 0; round < 16; round++ {
		anchor, delta := v.topAnchor()
		changed := false
		for pi := l.paraAtY(v.off); pi < len(l.paras) && l.paras[pi].y < v.off+h; pi++ {
			p := &l.paras[pi]
			if p.exact {
				continue
			}
			old := p.h
			l.wrap(p, true)
			changed = changed || p.h != old
		}
		if !changed {
			return
		}
		l.place()
		v.restoreAnchor(anchor, delta)
	}
}

// setOffset scrolls to y, clamped to the text.
func (v *View) setOffset(y float32) {
	limit := float32(0)
	if v.lay != nil {
		limit = max(v.lay.total-v.Size().Height, 0)
	}
	v.off = min(max(y, 0), limit)
}

// scrollBy scrolls by dy and redraws; it reports whether the view moved.
func (v *View) scrollBy(dy float32) bool {
	if !v.ensureLayout() {
		return false
	}
	old := v.off
	v.pin = -1
	v.setOffset(v.off + dy)
	if v.off == old {
		return false
	}
	if len(v.hover) > 0 {
		// The text moved under the pointer: the tooltip is stale.
		v.hover = nil
		v.hovered()
	}
	v.refine()
	v.Refresh()
	return true
}

// Scrolled is part of fyne.Scrollable.
func (v *View) Scrolled(ev *fyne.ScrollEvent) {
	v.scrollBy(-ev.Scrolled.DY)
}

// startFlash makes the selected span blink.
func (v *View) startFlash() {
	v.stopFlash()
	v.anim = fyne.NewAnimation(900*time.Millisecond, v.flashTick)
	v.anim.Curve = fyne.AnimationLinear
	v.anim.Start()
}

// flashTick sets the flash overlay for animation progress f: three pulses
// that fade out by the end.
func (v *View) flashTick(f float32) {
	s := math.Sin(float64(f) * 3 * math.Pi)
	v.flashLevel = float32(s*s) * (1 - f*0.5)
	if f >= 1 {
		v.flashLevel = 0
	}
	v.Refresh()
}

func (v *View) stopFlash() {
	if v.anim != nil {
		v.anim.Stop()
		v.anim = nil
	}
	v.flashLevel = 0
}
