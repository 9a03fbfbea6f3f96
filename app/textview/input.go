package textview

import (
	"sort"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/phases"
)

// barWidth is the strip at the right edge that holds the scroll bar.
const barWidth = 12

// pressState is a primary button press not yet released.
type pressState struct {
	on      bool
	dragged bool
	pos     fyne.Position
	mods    fyne.KeyModifier
}

// What a drag does.
const (
	dragNew    = iota // a new selection
	dragAdd           // one more fragment (Ctrl)
	dragExtend        // move the end of the selection (Shift)
	dragBar           // the scroll bar's thumb
)

type dragState struct {
	on   bool
	kind int
	mods fyne.KeyModifier // held when the drag began
	grab float32          // where the thumb was grabbed, from its top
}

// clickState remembers the last click handled on MouseUp, to detect double
// clicks without the driver's delay and to ignore the driver's late Tapped
// and DoubleTapped for the same click.
type clickState struct {
	at    time.Time
	pos   fyne.Position
	abs   fyne.Position
	count int
}

const (
	doubleClickDelay = 300 * time.Millisecond
	doubleClickSlop  = 5
)

// Cursor is part of desktop.Cursorable.
func (v *View) Cursor() desktop.Cursor { return desktop.TextCursor }

// boundaryAt returns the code-point boundary nearest to pos (view
// coordinates), clamped to the text.
func (v *View) boundaryAt(pos fyne.Position) int {
	if !v.ensureLayout() {
		return 0
	}
	l := v.lay
	y := pos.Y + v.off
	if y < l.paras[0].y {
		return 0
	}
	if last := &l.paras[len(l.paras)-1]; y >= last.y+max(last.h, l.lineH) {
		return v.text.Len()
	}
	pi, li := l.lineAtY(y)
	var g geom
	g.build(l, l.paras[pi].lines[li])
	return g.cpAt(pos.X-l.marginX, false)
}

// charAt returns the code point of the character under pos, or -1 when pos
// is not over text.
func (v *View) charAt(pos fyne.Position) int {
	if !v.ensureLayout() {
		return -1
	}
	l := v.lay
	y := pos.Y + v.off
	pi, li := l.lineAtY(y)
	top := l.lineY(pi, li) + bandOf(&l.paras[pi], li)
	if y < top || y >= top+l.lineH {
		return -1
	}
	ln := l.paras[pi].lines[li]
	if ln.start == ln.end {
		return -1
	}
	var g geom
	g.build(l, ln)
	x := pos.X - l.marginX
	if left, right := g.ink(); x < left || x >= right {
		return -1
	}
	return g.cpAt(x, true)
}

// driverMods returns the modifier keys the desktop driver says are held
// now, and false when the driver cannot tell (the test driver, mobile).
// Tests replace it.
var driverMods = func() (fyne.KeyModifier, bool) {
	if d, ok := fyne.CurrentApp().Driver().(desktop.Driver); ok {
		return d.CurrentKeyModifiers(), true
	}
	return 0, false
}

// currentMods returns the modifier keys held now. The desktop driver sees
// every key of the window; KeyDown and KeyUp reach the view only while it
// has the keyboard, so a modifier released while the menu bar had it would
// stay held for ever if the view's own record were trusted.
func (v *View) currentMods() fyne.KeyModifier {
	if m, ok := driverMods(); ok {
		return m
	}
	return v.held
}

// dismissMenu deactivates the canvas's menu bar, reporting whether it was
// active. Fyne's desktop canvas has the method; tests replace the function.
var dismissMenu = func(c fyne.Canvas) bool {
	if m, ok := c.(interface{ DismissMenu() bool }); ok {
		return m.DismissMenu()
	}
	return false
}

// altMenuPoll is how often the view looks whether Alt has been released
// after an Alt-click or Alt-drag, and altMenuWait how long it looks.
const (
	altMenuPoll = 20 * time.Millisecond
	altMenuWait = 30 * time.Second
)

// afterPoll runs f on the UI goroutine after d and returns what cancels it.
// Tests replace it to run the polls on their own goroutine.
var afterPoll = func(d time.Duration, f func()) (stop func() bool) {
	return time.AfterFunc(d, func() { fyne.Do(f) }).Stop
}

// keepMenuAway undoes what Fyne's desktop driver does when Alt is released
// after an Alt-drag: it takes the release for a lone tap on Alt, which
// activates the menu bar, and the menu bar then takes the keys meant for
// the selection (1 opened the File menu instead of making a claim). Once
// Alt is up the view deactivates the menu bar, so the keyboard is the
// view's again. The next press or the widget's end stops the polling.
func (v *View) keepMenuAway() {
	v.stopMenuPoll()
	gen := v.menuGen
	deadline := time.Now().Add(altMenuWait)
	var check func()
	check = func() {
		if gen != v.menuGen {
			return // stopped after this poll was due
		}
		v.menuPoll = nil
		if m, ok := driverMods(); ok && m&fyne.KeyModifierAlt != 0 && time.Now().Before(deadline) {
			v.menuPoll = afterPoll(altMenuPoll, check)
			return
		}
		if c := fyne.CurrentApp().Driver().CanvasForObject(v); c != nil && dismissMenu(c) {
			c.Focus(v)
		}
	}
	check()
}

// stopMenuPoll stops keepMenuAway's polling.
func (v *View) stopMenuPoll() {
	v.menuGen++
	if v.menuPoll != nil {
		v.menuPoll()
		v.menuPoll = nil
	}
}

const addMods = fyne.KeyModifierControl | fyne.KeyModifierSuper

func (v *View) requestFocus() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(v); c != nil && c.Focused() != v {
		c.Focus(v)
	}
}

func (v *View) selectionChanged() {
	if v.arc.selected != "" && v.Selection() != nil {
		v.arc.selected = "" // the keys go to the new selection, not the link
		v.Refresh()
	}
	if v.OnSelectionChanged != nil {
		v.OnSelectionChanged(v.Selection())
	}
}

func (v *View) spanChanged() {
	if v.OnSpanSelected != nil {
		v.OnSpanSelected(v.selected)
	}
}

// MouseDown is part of desktop.Mouseable.
func (v *View) MouseDown(ev *desktop.MouseEvent) {
	if ev.Button != desktop.MouseButtonPrimary {
		return
	}
	v.stopMenuPoll()
	v.requestFocus()
	v.press = pressState{on: true, pos: ev.Position, mods: ev.Modifier}
}

// MouseUp is part of desktop.Mouseable. A press released without a drag is
// a click, handled here at once; a second click in the same place soon after
// is a double click.
func (v *View) MouseUp(ev *desktop.MouseEvent) {
	if ev.Button != desktop.MouseButtonPrimary {
		return
	}
	p := v.press
	v.press = pressState{}
	if (p.mods|ev.Modifier)&fyne.KeyModifierAlt != 0 {
		v.keepMenuAway()
	}
	if !p.on || p.dragged {
		return
	}
	now := time.Now()
	d := ev.Position.Subtract(v.click.pos)
	double := v.click.count == 1 && now.Sub(v.click.at) <= doubleClickDelay &&
		d.X*d.X+d.Y*d.Y <= doubleClickSlop*doubleClickSlop
	v.click = clickState{at: now, pos: ev.Position, abs: ev.AbsolutePosition, count: 1}
	if double {
		v.click.count = 2
		v.doubleClick(ev.Position, ev.Modifier)
		return
	}
	v.singleClick(ev.Position, ev.Modifier)
}

// fromMouse reports whether a Tapped or DoubleTapped event repeats a click
// MouseUp already handled.
func (v *View) fromMouse(ev *fyne.PointEvent) bool {
	if v.click.at.IsZero() || time.Since(v.click.at) > time.Second {
		return false
	}
	d := ev.AbsolutePosition.Subtract(v.click.abs)
	return d.X*d.X+d.Y*d.Y <= 4*doubleClickSlop*doubleClickSlop
}

// Tapped is part of fyne.Tappable: for touch screens and test.Tap, since
// mouse clicks are handled on MouseUp.
func (v *View) Tapped(ev *fyne.PointEvent) {
	if v.fromMouse(ev) {
		return
	}
	v.requestFocus()
	v.singleClick(ev.Position, v.currentMods())
}

// DoubleTapped is part of fyne.DoubleTappable; see Tapped.
func (v *View) DoubleTapped(ev *fyne.PointEvent) {
	if v.fromMouse(ev) {
		return
	}
	v.requestFocus()
	v.doubleClick(ev.Position, v.currentMods())
}

// singleClick extends the selection with Shift, and otherwise clears it and
// selects the shortest span under the pointer, or none. A Ctrl-click (a
// Ctrl-drag too short to count) leaves everything as it was, so that a
// discontinuous selection is not lost by accident.
func (v *View) singleClick(pos fyne.Position, mods fyne.KeyModifier) {
	if v.lay == nil || mods&addMods != 0 {
		return
	}
	if mods&fyne.KeyModifierShift != 0 && v.resumeActive() {
		v.extendTo(v.boundaryAt(pos))
		v.settle()
		v.Refresh()
		v.selectionChanged()
		return
	}
	if v.clickArc(pos) {
		return
	}
	had := v.Selection() != nil
	v.sel, v.act = nil, active{}
	id := ""
	if cp := v.charAt(pos); cp >= 0 {
		if hs := v.spansAt(cp); len(hs) > 0 {
			id = v.hls[hs[0]].ID
		}
	}
	changed := id != v.selected
	if changed {
		v.selected = id
		v.stopFlash()
	}
	v.Refresh()
	if had {
		v.selectionChanged()
	}
	if changed {
		v.spanChanged()
	}
}

// doubleClick selects the word under the pointer; with Ctrl it is added as
// one more fragment.
func (v *View) doubleClick(pos fyne.Position, mods fyne.KeyModifier) {
	cp := v.charAt(pos)
	if cp < 0 {
		return
	}
	tok, ok := v.words.Word(cp)
	if !ok {
		return
	}
	add := mods&addMods != 0
	if add {
		v.commitActive()
	} else {
		v.sel = nil
	}
	v.act = active{on: true, anchor: tok.Start, cursor: tok.End}
	changed := !add && v.selected != ""
	if changed {
		v.selected = ""
		v.stopFlash()
	}
	v.Refresh()
	v.selectionChanged()
	if changed {
		v.spanChanged()
	}
}

// commitActive moves the fragment being made into the committed ones.
func (v *View) commitActive() {
	if s, e, ok := v.activeFrag(); ok {
		v.sel = append(v.sel, annotate.Fragment{Start: s, End: e})
	}
	v.act = active{}
}

// resumeActive makes sure there is a fragment to extend, taking back the
// last committed one if need be; false when nothing is selected.
func (v *View) resumeActive() bool {
	if v.act.on {
		return true
	}
	if n := len(v.sel); n > 0 {
		f := v.sel[n-1]
		v.sel = v.sel[:n-1]
		v.act = active{on: true, anchor: f.Start, cursor: f.End, raw: true}
		return true
	}
	return false
}

// extendTo moves the selection's moving end to cp. When cp lies beyond
// the selection's start, the end becomes the fixed one, so that what was
// selected stays selected.
func (v *View) extendTo(cp int) {
	if s, e, ok := v.activeFrag(); ok {
		switch {
		case cp < s:
			v.act.anchor = e
		case cp > e:
			v.act.anchor = s
		}
	}
	v.act.cursor = cp
}

// settle snaps the fragment being made to words and keeps it that way, so
// that later extension steps from whole words; an empty one is dropped.
func (v *View) settle() {
	s, e, ok := v.activeFrag()
	if !ok {
		v.act = active{}
		return
	}
	if v.act.cursor < v.act.anchor {
		v.act.anchor, v.act.cursor = e, s
	} else {
		v.act.anchor, v.act.cursor = s, e
	}
}

// Dragged is part of fyne.Draggable.
func (v *View) Dragged(ev *fyne.DragEvent) {
	if !v.drag.on {
		start := ev.Position.Subtract(ev.Dragged)
		mods := v.currentMods()
		if v.press.on {
			start = v.press.pos
			mods |= v.press.mods
		}
		v.press.dragged = true
		if !v.beginDrag(start, mods) {
			return
		}
	}
	if v.drag.kind == dragBar {
		v.dragBar(ev.Position.Y)
		return
	}
	h := v.Size().Height
	pos := ev.Position
	switch {
	case pos.Y < 0:
		v.scrollBy(pos.Y / 2)
	case pos.Y > h:
		v.scrollBy((pos.Y - h) / 2)
	}
	v.act.cursor = v.boundaryAt(pos)
	v.act.raw = (v.currentMods()|v.drag.mods)&fyne.KeyModifierAlt != 0
	if m, ok := driverMods(); ok {
		// The driver knows whether Alt is held now, so releasing it
		// mid-drag turns snapping back on.
		v.act.raw = m&fyne.KeyModifierAlt != 0
	}
	v.Refresh()
}

// beginDrag decides what a drag from start does.
func (v *View) beginDrag(start fyne.Position, mods fyne.KeyModifier) bool {
	if !v.ensureLayout() {
		return false
	}
	v.drag = dragState{on: true, mods: mods}
	size := v.Size()
	if start.X >= size.Width-barWidth && v.lay.total > size.Height {
		v.drag.kind = dragBar
		top, h := v.thumb()
		if start.Y >= top && start.Y <= top+h {
			v.drag.grab = start.Y - top
		} else {
			v.drag.grab = h / 2
		}
		return true
	}
	cp := v.boundaryAt(start)
	switch {
	case mods&addMods != 0:
		v.drag.kind = dragAdd
		v.commitActive()
		v.act = active{on: true, anchor: cp, cursor: cp}
	case mods&fyne.KeyModifierShift != 0 && v.resumeActive():
		v.drag.kind = dragExtend
		v.extendTo(cp)
	default:
		v.drag.kind = dragNew
		v.sel = nil
		v.act = active{on: true, anchor: cp, cursor: cp}
	}
	return true
}

// thumb returns the scroll bar thumb's top and height.
func (v *View) thumb() (top, h float32) {
	vh := v.Size().Height
	total := v.lay.total
	if total <= vh {
		return 0, vh
	}
	h = max(vh*vh/total, min(24, vh))
	top = v.off / (total - vh) * (vh - h)
	return top, h
}

// dragBar moves the thumb so that the point grabbed follows the pointer.
func (v *View) dragBar(y float32) {
	vh := v.Size().Height
	_, h := v.thumb()
	if vh <= h {
		return
	}
	frac := (y - v.drag.grab) / (vh - h)
	old := v.off
	v.pin = -1
	v.setOffset(frac * (v.lay.total - vh))
	if v.off != old {
		v.refine()
		v.Refresh()
	}
}

// DragEnd is part of fyne.Draggable.
func (v *View) DragEnd() {
	d := v.drag
	v.drag = dragState{}
	if !d.on || d.kind == dragBar {
		return
	}
	if v.act.raw {
		if s, e, ok := v.activeFrag(); !ok || s == e {
			v.act = active{}
		}
	} else {
		v.settle()
	}
	changed := d.kind == dragNew && v.selected != ""
	if changed {
		v.selected = ""
		v.stopFlash()
	}
	v.Refresh()
	v.selectionChanged()
	if changed {
		v.spanChanged()
	}
}

// MouseIn is part of desktop.Hoverable.
func (v *View) MouseIn(ev *desktop.MouseEvent) { v.MouseMoved(ev) }

// MouseMoved is part of desktop.Hoverable: the tooltip shows the spans
// under the pointer.
func (v *View) MouseMoved(ev *desktop.MouseEvent) {
	var hs []int
	if cp := v.charAt(ev.Position); cp >= 0 {
		hs = v.spansAt(cp)
	}
	if equalInts(hs, v.hover) {
		return
	}
	v.hover = hs
	v.hoverPos = ev.Position
	v.Refresh()
	v.hovered()
}

// MouseOut is part of desktop.Hoverable.
func (v *View) MouseOut() {
	if len(v.hover) == 0 {
		return
	}
	v.hover = nil
	v.Refresh()
	v.hovered()
}

// HideTip takes the hover tip away until the pointer moves over a span
// again: a dialog is coming over the window, and the pointer, not moved,
// would leave it standing (frame.OnCover).
func (v *View) HideTip() { v.MouseOut() }

func (v *View) hovered() {
	if v.OnHover == nil {
		return
	}
	var ids []string
	for _, i := range v.hover {
		ids = append(ids, v.hls[i].ID)
	}
	v.OnHover(ids)
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// FocusGained is part of fyne.Focusable.
func (v *View) FocusGained() { v.focused = true }

// FocusLost is part of fyne.Focusable.
func (v *View) FocusLost() {
	v.focused = false
	v.held = 0
}

// TypedRune is part of fyne.Focusable; the view takes keys, not runes.
func (v *View) TypedRune(rune) {}

// TypedKey is part of fyne.Focusable.
func (v *View) TypedKey(ev *fyne.KeyEvent) {
	defer phases.Handler("key")()
	mods := v.currentMods()
	switch {
	case ev.Name == fyne.KeyEscape:
		v.escape()
		if v.OnKey != nil {
			v.OnKey(ev, mods)
		}
		return
	case (ev.Name == fyne.KeyLeft || ev.Name == fyne.KeyRight) && mods&fyne.KeyModifierShift != 0:
		dir := 1
		if ev.Name == fyne.KeyLeft {
			dir = -1
		}
		if v.rtlAtCursor() {
			dir = -dir // the arrow points the way the text runs
		}
		if mods&fyne.KeyModifierAlt != 0 && v.extendByChar(dir) {
			return
		}
		if mods&fyne.KeyModifierAlt == 0 && v.extendByWord(dir) {
			return
		}
	}
	if modOf(ev.Name) != 0 {
		return // modifier keys on their own are tracked by KeyDown and KeyUp
	}
	if v.OnKey != nil && v.OnKey(ev, mods) {
		return
	}
	v.navigate(ev.Name)
}

// escape clears the selection and the selected span.
func (v *View) escape() {
	had, hadSpan := v.Selection() != nil, v.selected != ""
	v.sel, v.act, v.selected = nil, active{}, ""
	v.arc.selected = ""
	v.stopFlash()
	v.Refresh()
	if had {
		v.selectionChanged()
	}
	if hadSpan {
		v.spanChanged()
	}
}

// extendByWord moves the moving end of the selection to the next word end
// (dir > 0) or the previous word start (dir < 0).
func (v *View) extendByWord(dir int) bool {
	if v.words == nil || !v.resumeActive() {
		return false
	}
	toks := v.words.Tokens()
	c := v.act.cursor
	if dir > 0 {
		if i := sort.Search(len(toks), func(i int) bool { return toks[i].End > c }); i < len(toks) {
			c = toks[i].End
		}
	} else {
		if i := sort.Search(len(toks), func(i int) bool { return toks[i].Start >= c }) - 1; i >= 0 {
			c = toks[i].Start
		}
	}
	v.act.cursor = c
	if v.ensureLayout() {
		v.scrollToNow(c)
	}
	v.Refresh()
	v.selectionChanged()
	return true
}

// extendByChar moves the moving end of the selection by one character
// forward (dir > 0) or back; the selection is then exact, not snapped to
// words.
func (v *View) extendByChar(dir int) bool {
	if v.text == nil || !v.resumeActive() {
		return false
	}
	c := min(max(v.act.cursor+dir, 0), v.text.Len())
	v.act.cursor, v.act.raw = c, true
	if v.ensureLayout() {
		v.scrollToNow(c)
	}
	v.Refresh()
	v.selectionChanged()
	return true
}

// rtlAtCursor reports whether the moving end of the selection is in a
// right-to-left paragraph.
func (v *View) rtlAtCursor() bool {
	cp := -1
	if v.act.on {
		cp = v.act.cursor
	} else if n := len(v.sel); n > 0 {
		cp = v.sel[n-1].End
	}
	if cp < 0 || !v.ensureLayout() {
		return false
	}
	bp := v.lay.bidiOf(v.lay.paraOf(cp))
	return bp != nil && bp.rtl
}

// navigate scrolls for the usual reading keys.
func (v *View) navigate(name fyne.KeyName) {
	if !v.ensureLayout() {
		return
	}
	page := max(v.Size().Height-v.lay.lineH, v.lay.lineH)
	switch name {
	case fyne.KeyUp:
		v.scrollBy(-v.lay.lineH)
	case fyne.KeyDown:
		v.scrollBy(v.lay.lineH)
	case fyne.KeyPageUp:
		v.scrollBy(-page)
	case fyne.KeyPageDown:
		v.scrollBy(page)
	case fyne.KeyHome:
		v.scrollBy(-v.off)
	case fyne.KeyEnd:
		v.scrollBy(v.lay.total)
	}
}

func modOf(name fyne.KeyName) fyne.KeyModifier {
	switch name {
	case desktop.KeyShiftLeft, desktop.KeyShiftRight:
		return fyne.KeyModifierShift
	case desktop.KeyControlLeft, desktop.KeyControlRight:
		return fyne.KeyModifierControl
	case desktop.KeyAltLeft, desktop.KeyAltRight:
		return fyne.KeyModifierAlt
	case desktop.KeySuperLeft, desktop.KeySuperRight:
		return fyne.KeyModifierSuper
	}
	return 0
}

// KeyDown is part of desktop.Keyable; it tracks modifier keys.
func (v *View) KeyDown(ev *fyne.KeyEvent) { v.held |= modOf(ev.Name) }

// KeyUp is part of desktop.Keyable.
func (v *View) KeyUp(ev *fyne.KeyEvent) { v.held &^= modOf(ev.Name) }

// TypedShortcut is part of fyne.Shortcutable. Copy is the view's; other
// keyboard shortcuts go to OnKey as a key with modifiers, and then to the
// window's canvas shortcuts.
func (v *View) TypedShortcut(sh fyne.Shortcut) {
	if _, ok := sh.(*fyne.ShortcutCopy); ok && v.copySelection() {
		return
	}
	if ks, ok := sh.(fyne.KeyboardShortcut); ok && ks.Mod() == fyne.KeyModifierShift|fyne.KeyModifierAlt &&
		(ks.Key() == fyne.KeyLeft || ks.Key() == fyne.KeyRight) {
		// Shift+Alt+←/→: the selection's moving end by one character,
		// as Alt+drag selects exact characters.
		dir := 1
		if ks.Key() == fyne.KeyLeft {
			dir = -1
		}
		if v.rtlAtCursor() {
			dir = -dir
		}
		if v.extendByChar(dir) {
			return
		}
	}
	if ks, ok := sh.(fyne.KeyboardShortcut); ok && v.OnKey != nil {
		if v.OnKey(&fyne.KeyEvent{Name: ks.Key()}, ks.Mod()) {
			return
		}
	}
	if c := fyne.CurrentApp().Driver().CanvasForObject(v); c != nil {
		if h, ok := c.(fyne.Shortcutable); ok {
			h.TypedShortcut(sh)
		}
	}
}

// copySelection puts the selected text (fragments joined by a space), or
// else the selected span's text, on the clipboard.
func (v *View) copySelection() bool {
	if v.text == nil {
		return false
	}
	frags := v.Selection()
	if frags == nil && v.selected != "" {
		if i, ok := v.find(v.selected); ok {
			frags = v.hls[i].Fragments
		}
	}
	if len(frags) == 0 {
		return false
	}
	fyne.CurrentApp().Clipboard().SetContent(v.text.Fragments(frags))
	return true
}
