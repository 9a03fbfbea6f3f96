package threadpanel

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/textview"
)

// ThreadView shows one thread's members in order: the article's title and
// date, the span's label colour and text, and the label of the link into
// each member, which a click on it changes (a default label, the user's own,
// or a new one typed in). A click on a member selects and opens it; the
// selected member moves with the Move buttons or Alt+Up and Alt+Down, any
// member moves by dragging it to another row (drag.go), and the selected one
// leaves the thread with Remove or Delete. The view changes nothing itself:
// it reports each edit, and the window answers with SetMembers.
//
// A colleague's thread (SetOwner) is shown read-only: the title cannot be
// typed in, the Move and Remove buttons give way to "Copy to my threads",
// the links are not menus and the rows cannot be dragged. Delete and Alt+Up/Down are still reported,
// so the window can say why they do nothing.
//
// Rows hold labels only, and the buttons act on the selection, so a long
// thread costs little to draw.
type ThreadView struct {
	widget.BaseWidget

	// sets counts SetMembers (Sets), for the tests.
	sets int

	// OnOpen is called with the member the user clicked, to show it in its
	// article.
	OnOpen func(doc, span string)
	// OnMove is called to move the member at from to to.
	OnMove func(from, to int)
	// OnRemove is called to take member i out of the thread.
	OnRemove func(i int)
	// OnRename is called with the new title.
	OnRename func(title string)
	// OnSetLink is called with the new label of the link into member i
	// (i ≥ 1); "" clears it.
	OnSetLink func(i int, label string)
	// OnCopy is called to copy a colleague's thread into the user's layer.
	OnCopy func()
	// OnKey gets the keys the member list does not take itself — ] and [,
	// T, the label keys, Esc — for the window to act on as in the article,
	// so a click on a member leaves the keyboard here and both kinds work.
	// It reports whether it acted.
	OnKey func(*fyne.KeyEvent) bool

	members    []Member
	articles   int
	linkLabels []string
	selected   int    // index of the selected member, or -1
	selSpan    string // its span, to follow it when the members change
	owner      string // the colleague whose thread is shown; "": the user's own
	// bound is the row last bound to each member, for Select to
	// highlight the member and take the highlight off another without
	// the list's Select, which binds every row in view again and makes
	// a row to measure (half of a ] jump's thread view, issue 18). A row
	// that was bound to another member since is not the member's.
	bound map[int]*memberRow
	binds int // rows bound so far (Binds)

	title     *commitEntry
	readTitle *widget.Label   // a colleague's title, read-only, wrapped whole
	top       *fyne.Container // the title, counts and buttons, laid out again when the owner changes
	info      *widget.Label
	list      *memberList
	upBtn     *widget.Button
	downBtn   *widget.Button
	removeBtn *widget.Button
	copyBtn   *widget.Button
	hint      *widget.Label
	bar       *fyne.Container // the buttons and the hint, laid out again when they change
	custom    *commitEntry    // the field for a new link label, while shown

	drag     *rowDrag          // the member being dragged, or nil
	dropLine *canvas.Rectangle // where the dragged member would land
	// repeat calls step again and again while the pointer rests near the
	// list's top or bottom during a drag, to scroll it, until stop is
	// called; nil: every autoScrollEvery on the UI goroutine.
	repeat func(step func()) (stop func())
}

var (
	_ fyne.Shortcutable  = (*memberList)(nil)
	_ fyne.Tappable      = (*memberRow)(nil)
	_ fyne.Draggable     = (*memberRow)(nil)
	_ fyne.Tappable      = (*linkChip)(nil)
	_ desktop.Cursorable = (*linkChip)(nil)
)

// NewThreadView returns an empty view offering annotate.DefaultLinkLabels.
func NewThreadView() *ThreadView {
	v := &ThreadView{selected: -1, linkLabels: annotate.DefaultLinkLabels, bound: map[int]*memberRow{}}
	v.ExtendBaseWidget(v)
	v.title = newCommitEntry()
	v.title.SetPlaceHolder("Thread title")
	v.title.onCommit = func(t string) {
		if v.OnRename != nil {
			v.OnRename(t)
		}
	}
	v.readTitle = widget.NewLabel("")
	v.readTitle.TextStyle.Bold = true
	v.readTitle.Wrapping = fyne.TextWrapWord
	v.readTitle.Hide()
	v.info = widget.NewLabel("")
	v.info.Importance = widget.LowImportance
	// "Up" and "Down", not "Move up" and "Move down": the row of buttons
	// is the right-hand column's widest part, which at the window's
	// smallest size took the article's room.
	v.upBtn = widget.NewButtonWithIcon("Up", theme.MoveUpIcon(), func() { v.MoveSelected(-1) })
	v.downBtn = widget.NewButtonWithIcon("Down", theme.MoveDownIcon(), func() { v.MoveSelected(+1) })
	v.removeBtn = widget.NewButtonWithIcon("Remove", theme.DeleteIcon(), func() { v.remove(v.selected) })
	v.copyBtn = widget.NewButtonWithIcon("Copy to my threads", theme.ContentCopyIcon(), func() {
		if v.OnCopy != nil {
			v.OnCopy()
		}
	})
	v.copyBtn.Hide()
	v.hint = widget.NewLabel(hintOwn)
	v.hint.Importance = widget.LowImportance
	v.hint.Truncation = fyne.TextTruncateEllipsis
	v.bar = container.NewVBox(container.NewHBox(v.upBtn, v.downBtn, v.removeBtn, v.copyBtn), v.hint) // the keys on a line of their own: beside the buttons a narrow column cut them to "…"
	v.list = &memberList{view: v}
	v.list.Length = func() int { return len(v.members) }
	v.list.CreateItem = func() fyne.CanvasObject { return newMemberRow(v) }
	v.list.UpdateItem = func(id widget.ListItemID, o fyne.CanvasObject) { o.(*memberRow).bind(id) }
	// The rows show the selected member themselves (Select): the
	// list's own selection, which Space on the highlighted row makes,
	// is taken back at once and made the view's.
	v.list.OnSelected = func(id widget.ListItemID) {
		v.list.UnselectAll()
		v.open(id)
	}
	v.list.ExtendBaseWidget(v.list)
	v.dropLine = canvas.NewRectangle(theme.Color(theme.ColorNamePrimary))
	v.dropLine.Hide()
	v.updateButtons()
	return v
}

// CreateRenderer puts the title, counts and buttons above the members.
func (v *ThreadView) CreateRenderer() fyne.WidgetRenderer {
	v.top = container.NewVBox(
		v.title, // the whole width: beside the counts a long title was cut after a few words
		v.readTitle,
		v.info,
		v.bar,
	)
	// The drop line lies over the list, placed by hand as a drag goes.
	members := container.NewStack(v.list, container.NewWithoutLayout(v.dropLine))
	return widget.NewSimpleRenderer(container.NewBorder(v.top, nil, nil, nil, members))
}

func (v *ThreadView) updateButtons() {
	i, n := v.selected, len(v.members)
	enable(v.upBtn, i > 0 && i < n)
	enable(v.downBtn, i >= 0 && i < n-1)
	enable(v.removeBtn, i >= 0 && i < n)
}

// hintOwn is the line beside the buttons for the user's own thread.
const hintOwn = "Drag, Alt+Up/Down move · Delete removes"

// SetOwner shows the thread as the colleague owner's, read-only, with
// "Copy to my threads"; "" shows it as the user's own, to edit.
func (v *ThreadView) SetOwner(owner string) {
	if owner == v.owner {
		return
	}
	v.owner = owner
	v.cancelDrag()
	for _, b := range []*widget.Button{v.upBtn, v.downBtn, v.removeBtn} {
		if owner == "" {
			b.Show()
		} else {
			b.Hide()
		}
	}
	if owner == "" {
		v.copyBtn.Hide()
		v.readTitle.Hide()
		v.title.Show()
		v.title.Enable()
		v.hint.SetText(hintOwn)
	} else {
		v.copyBtn.Show()
		// A colleague's title cannot be edited: shown as text it wraps
		// whole, where a disabled field cut it at the column's edge.
		v.title.Disable()
		v.title.Hide()
		v.readTitle.Show()
		v.hint.SetText(owner + "'s thread · read-only")
	}
	v.bar.Refresh()
	v.relayout()
	v.list.Refresh()
}

// relayout lays the view out again: the title's height changed.
func (v *ThreadView) relayout() {
	if v.top != nil {
		v.Refresh()
	}
}

// Owner returns the colleague whose thread is shown, or "" for the user's own.
func (v *ThreadView) Owner() string { return v.owner }

// Sets counts the times the members were set, each a refresh of the view.
func (v *ThreadView) Sets() int { return v.sets }

// SetThread shows another thread: its title and members, from the top,
// nothing selected. Use SetMembers and SetTitle to show edits of the same one.
func (v *ThreadView) SetThread(title string, members []Member) {
	v.selSpan = ""
	v.SetTitle(title)
	v.SetMembers(members)
	v.list.ScrollToTop()
}

// SetTitle shows the thread's title.
func (v *ThreadView) SetTitle(title string) {
	v.title.set(title)
	if v.readTitle.Text != title {
		v.readTitle.SetText(title)
		if v.owner != "" {
			v.relayout()
		}
	}
}

// Title returns the title shown.
func (v *ThreadView) Title() string { return v.title.committed }

// SetMembers shows members in order. The selection follows the selected
// member's span to its new place, so Alt+Down can be pressed again.
func (v *ThreadView) SetMembers(members []Member) {
	v.sets++
	v.members = append(v.members[:0:0], members...)
	docs := make(map[string]struct{}, len(members))
	for _, m := range members {
		docs[m.Doc] = struct{}{}
	}
	v.articles = len(docs)
	v.info.SetText(plural(len(members), "member", "members") + " · " + plural(v.articles, "article", "articles"))
	clear(v.bound) // the rows in view are bound again
	v.list.Refresh()
	sel := -1
	for i, m := range v.members {
		if m.Span == v.selSpan && v.selSpan != "" {
			sel = i
			break
		}
	}
	v.Select(sel)
}

// Members returns the members shown.
func (v *ThreadView) Members() []Member { return append([]Member(nil), v.members...) }

// SetLinkLabels sets the labels offered for links: the defaults and the
// user's own.
func (v *ThreadView) SetLinkLabels(labels []string) {
	v.linkLabels = append([]string(nil), labels...)
	v.list.Refresh()
}

// Select selects member i (-1: none) without calling OnOpen, and scrolls
// the list to it when it is not in view.
func (v *ThreadView) Select(i int) {
	if i < 0 || i >= len(v.members) {
		i = -1
	}
	was := v.selected
	v.selected, v.selSpan = i, ""
	if i >= 0 {
		v.selSpan = v.members[i].Span
	}
	v.highlight(was)
	v.highlight(i)
	if i >= 0 {
		v.scrollTo(i)
	}
	v.updateButtons()
}

// highlight shows on member i's row, if one is bound to it, whether it is
// the selected member.
func (v *ThreadView) highlight(i int) {
	if r := v.bound[i]; r != nil && r.id == i {
		r.showSelected(i == v.selected)
	}
}

// scrollTo scrolls the list the least that shows member i's row whole,
// as the list's own ScrollTo does, placing the rows as it does: all as
// high as one, with a padding between. The list's ScrollTo binds every row
// in view again; scrolled by offset, it binds those that come into view.
func (v *ThreadView) scrollTo(i int) {
	var h float32
	for _, r := range v.bound {
		h = r.Size().Height
		break
	}
	if h <= 0 {
		v.list.ScrollTo(i) // not laid out yet: the list places it
		return
	}
	y := float32(i) * (h + v.list.Theme().Size(theme.SizeNamePadding))
	top, height := v.list.GetScrollOffset(), v.list.Size().Height
	switch {
	case y < top:
		v.list.ScrollToOffset(y)
	case y+h > top+height:
		v.list.ScrollToOffset(y + h - height)
	}
}

// Binds counts the rows bound to a member so far.
func (v *ThreadView) Binds() int { return v.binds }

// Selected returns the index of the selected member, or -1.
func (v *ThreadView) Selected() int { return v.selected }

// MoveSelected asks to move the selected member by delta places (−1 up,
// +1 down); it does nothing at either end.
func (v *ThreadView) MoveSelected(delta int) {
	v.move(v.selected, v.selected+delta)
}

func (v *ThreadView) move(from, to int) {
	if from < 0 || from >= len(v.members) || to < 0 || to >= len(v.members) || from == to {
		return
	}
	// Follow the member, whether or not the window answers at once.
	v.selSpan = v.members[from].Span
	if v.OnMove != nil {
		v.OnMove(from, to)
	}
}

func (v *ThreadView) remove(i int) {
	if i >= 0 && i < len(v.members) && v.OnRemove != nil {
		v.OnRemove(i)
	}
}

func (v *ThreadView) setLink(i int, label string) {
	if i >= 1 && i < len(v.members) && v.OnSetLink != nil {
		v.OnSetLink(i, label)
	}
}

// HasKeyboard reports whether the member list has the keyboard, so that
// Alt+Up, Alt+Down and Delete act on the thread.
func (v *ThreadView) HasKeyboard() bool {
	c := fyne.CurrentApp().Driver().CanvasForObject(v.list)
	return c != nil && c.Focused() == fyne.Focusable(v.list)
}

// TakeKeyboard gives the keyboard to the member list.
func (v *ThreadView) TakeKeyboard() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(v.list); c != nil {
		c.Focus(v.list)
	}
}

// open selects member i and reports it, also when it was selected already.
func (v *ThreadView) open(i int) {
	if i < 0 || i >= len(v.members) {
		return
	}
	v.TakeKeyboard() // so Alt+Up, Alt+Down and Delete act on it
	if v.selected != i {
		v.Select(i)
	}
	if v.OnOpen != nil {
		v.OnOpen(v.members[i].Doc, v.members[i].Span)
	}
}

// memberList is the list of members; it takes the move and remove keys.
type memberList struct {
	widget.List
	view *ThreadView
}

// TypedShortcut moves the selected member on Alt+Up and Alt+Down.
func (l *memberList) TypedShortcut(s fyne.Shortcut) {
	cs, ok := s.(*desktop.CustomShortcut)
	if !ok || cs.Modifier != fyne.KeyModifierAlt {
		return
	}
	switch cs.KeyName {
	case fyne.KeyUp:
		l.view.MoveSelected(-1)
	case fyne.KeyDown:
		l.view.MoveSelected(+1)
	}
}

// TypedKey removes the selected member on Delete or Backspace (from the
// thread: the span stays in its article), moves the highlight on the arrow
// keys and hands the rest to OnKey.
func (l *memberList) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyDelete, fyne.KeyBackspace:
		l.view.remove(l.view.selected)
		return
	case fyne.KeyUp, fyne.KeyDown, fyne.KeyLeft, fyne.KeyRight, fyne.KeySpace:
		l.List.TypedKey(k)
		return
	}
	if l.view.OnKey != nil && l.view.OnKey(k) {
		return
	}
	l.List.TypedKey(k)
}

// memberRow is one member in the list: the link into it, the label colour,
// the article and the span's text. Rows are recycled as the list scrolls;
// bind points one at a member.
type memberRow struct {
	widget.BaseWidget
	view *ThreadView
	id   int

	link    *linkChip
	swatch  *canvas.Rectangle
	head    *textview.Line // the article's title and the span's text may be in any script
	excerpt *textview.Line
	// sel is the selection's background, shown on the selected member
	// (ThreadView.Select), as the list shows its own selection.
	sel *canvas.Rectangle
}

func newMemberRow(v *ThreadView) *memberRow {
	r := &memberRow{view: v}
	r.ExtendBaseWidget(r)
	r.link = newLinkChip(func() { v.showLinkMenu(r.id, r.link) })
	r.swatch = canvas.NewRectangle(labelColor("", ""))
	r.swatch.SetMinSize(fyne.NewSize(6, 6))
	r.head = textview.NewLine("")
	r.head.TextStyle.Bold = true
	r.excerpt = textview.NewLine("")
	r.sel = canvas.NewRectangle(color.Transparent)
	r.sel.Hide()
	return r
}

// showSelected shows or hides the selection's background: a widget.List's
// selected row's, in the list's theme (taken again at each bind, so a
// change of theme reaches it).
func (r *memberRow) showSelected(on bool) {
	if !on {
		if r.sel.Visible() {
			r.sel.Hide()
		}
		return
	}
	th := r.view.list.Theme()
	c := th.Color(theme.ColorNameSelection, fyne.CurrentApp().Settings().ThemeVariant())
	radius := th.Size(theme.SizeNameSelectionRadius)
	if r.sel.Visible() && r.sel.FillColor == c && r.sel.CornerRadius == radius {
		return
	}
	r.sel.FillColor, r.sel.CornerRadius = c, radius
	r.sel.Show()
	r.sel.Refresh() // Show alone does not repaint a rectangle
}

// CreateRenderer lays the row out: link, colour, article and text.
func (r *memberRow) CreateRenderer() fyne.WidgetRenderer {
	left := container.NewHBox(container.New(fixedWidth{linkChipWidth}, r.link), r.swatch)
	text := container.New(&tightVBox{}, r.head, r.excerpt)
	return widget.NewSimpleRenderer(container.NewStack(r.sel, container.NewBorder(nil, nil, left, nil, text)))
}

// Tapped opens the member.
func (r *memberRow) Tapped(*fyne.PointEvent) { r.view.open(r.id) }

func (r *memberRow) bind(id int) {
	v := r.view
	if id >= len(v.members) {
		return
	}
	if v.bound[r.id] == r {
		delete(v.bound, r.id)
	}
	r.id = id
	v.bound[id] = r
	v.binds++
	r.showSelected(id == v.selected)
	m := v.members[id]
	if c := labelColor(m.Color, m.Label); c != r.swatch.FillColor {
		r.swatch.FillColor = c
		r.swatch.Refresh()
	}
	// Date and label first: a long title is clipped, and the date is what
	// orders a claim's travel from outlet to outlet.
	title := m.Title
	if title == "" {
		title = m.Doc
	}
	date := m.Date
	if date == "" {
		date = "undated"
	}
	head := date
	if m.Label != "" {
		head += " · " + annotate.LabelShown(m.Label)
	}
	head += " · " + title
	setText(r.head, head)
	setText(r.excerpt, m.Excerpt)
	r.link.show(id, m.Link, v.owner != "")
}

// setText skips the costly re-shaping of a label whose text is unchanged.
func setText(l *textview.Line, s string) {
	if l.Text != s {
		l.SetText(s)
	}
}

func enable(b *widget.Button, on bool) {
	if on == b.Disabled() {
		if on {
			b.Enable()
		} else {
			b.Disable()
		}
	}
}

// linkMenu is the menu a click on member i's link shows: the link labels,
// "(none)" to clear, and "Other…" to type a new one.
func (v *ThreadView) linkMenu(i int, at fyne.CanvasObject) *fyne.Menu {
	items := make([]*fyne.MenuItem, 0, len(v.linkLabels)+3)
	cur := ""
	if i < len(v.members) {
		cur = v.members[i].Link
	}
	for _, l := range v.linkLabels {
		it := fyne.NewMenuItem(annotate.LabelShown(l), func() { v.setLink(i, l) })
		it.Checked = l == cur
		items = append(items, it)
	}
	items = append(items,
		fyne.NewMenuItem("(none)", func() { v.setLink(i, "") }),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Other…", func() { v.showCustomLink(i, at) }),
	)
	return fyne.NewMenu("", items...)
}

func (v *ThreadView) showLinkMenu(i int, at fyne.CanvasObject) {
	if i < 1 || i >= len(v.members) || v.owner != "" {
		return
	}
	d := fyne.CurrentApp().Driver()
	c := d.CanvasForObject(at)
	if c == nil {
		return
	}
	pos := d.AbsolutePositionForObject(at).Add(fyne.NewPos(0, at.Size().Height))
	widget.ShowPopUpMenuAtPosition(v.linkMenu(i, at), c, pos)
}

// showCustomLink shows a field over member i's link to type a new label:
// Enter sets it, Escape or a click elsewhere leaves it.
func (v *ThreadView) showCustomLink(i int, at fyne.CanvasObject) {
	d := fyne.CurrentApp().Driver()
	c := d.CanvasForObject(at)
	if c == nil {
		return
	}
	e := newCommitEntry()
	e.SetPlaceHolder("new link label")
	pop := widget.NewPopUp(e, c)
	e.onCommit = func(label string) {
		pop.Hide()
		v.custom = nil
		v.setLink(i, label)
	}
	e.onEscape = func() {
		e.onCommit = nil // leaving is not setting
		pop.Hide()
		v.custom = nil
	}
	v.custom = e
	pop.ShowAtPosition(d.AbsolutePositionForObject(at))
	pop.Resize(fyne.NewSize(220, e.MinSize().Height))
	c.Focus(e)
}

// linkChip shows the label of the link into a member — "repeats ▾", or
// "link ▾" when it has none — and opens the link menu when clicked. The
// first member has no link and says so; in a colleague's thread the chip
// only shows the label.
type linkChip struct {
	widget.BaseWidget
	text     *widget.Label
	first    bool
	readOnly bool
	onTap    func()
}

func newLinkChip(onTap func()) *linkChip {
	c := &linkChip{onTap: onTap}
	c.ExtendBaseWidget(c)
	c.text = widget.NewLabel("")
	c.text.Truncation = fyne.TextTruncateEllipsis
	return c
}

// CreateRenderer shows the text.
func (c *linkChip) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(c.text) }

// Tapped opens the link menu.
func (c *linkChip) Tapped(*fyne.PointEvent) {
	if !c.first && !c.readOnly && c.onTap != nil {
		c.onTap()
	}
}

// Cursor is a pointer over a link that can be changed.
func (c *linkChip) Cursor() desktop.Cursor {
	if c.first || c.readOnly {
		return desktop.DefaultCursor
	}
	return desktop.PointerCursor
}

func (c *linkChip) show(id int, link string, readOnly bool) {
	c.first, c.readOnly = id == 0, readOnly
	link = annotate.LabelShown(link)
	text, imp := link+" ▾", widget.MediumImportance
	switch {
	case c.first:
		text, imp = "first", widget.LowImportance
	case readOnly && link == "":
		text, imp = "link", widget.LowImportance
	case readOnly:
		text = link
	case link == "":
		text, imp = "link ▾", widget.LowImportance
	}
	// Measured again at every bind: a change of theme may change the fit.
	if tr := chipTruncation(text); c.text.Text != text || c.text.Importance != imp || c.text.Truncation != tr {
		c.text.Importance, c.text.Truncation = imp, tr
		c.text.SetText(text)
	}
}

// linkChipWidth is the width of a member's link chip.
const linkChipWidth = 100

// chipTruncation is how the chip's label cuts text: not at all when it fits
// whole, as the link labels offered do. A label that may cut its text lays
// it out with a shaper of its own at each refresh, and a list row recycled
// on a ] jump took a new link text: that was half of the thread view's
// part of the jump (BenchmarkThreadViewSelectNext). Whether it fits is
// measured by fyne.MeasureText, whose sizes Fyne keeps.
func chipTruncation(text string) fyne.TextTruncation {
	room := linkChipWidth - 2*theme.InnerPadding()
	if fyne.MeasureText(text, theme.TextSize(), fyne.TextStyle{}).Width+1 <= room {
		return fyne.TextTruncateOff
	}
	return fyne.TextTruncateEllipsis
}
