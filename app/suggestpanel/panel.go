package suggestpanel

import (
	"slices"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate"
)

// Panel is the Suggestions tab: the kinds of suggestions the open article
// is offered, each with its count and buttons to accept or reject all of
// it; in the list, A accepts and R rejects all of the selected kind.
type Panel struct {
	widget.BaseWidget

	// OnAccept and OnReject are called with the kind to accept or reject.
	OnAccept, OnReject func(k Kind)

	head  *widget.Label
	list  *kindList
	kinds []Kind
	more  int
	// shown: kinds and more have been set once (SetKinds); refreshes
	// counts the kinds' refreshes, for the tests.
	shown     bool
	refreshes int
	// headText is the head's line for the kinds set; stale says they
	// were set while the panel was hidden, and are drawn when it shows.
	headText string
	stale    bool

	// The thread offer: what the articles that report the selected span
	// are, and what to do with them.
	offer     *widget.Label
	offerBtns *fyne.Container
	offerBox  *fyne.Container
}

// Action is a button of the thread offer.
type Action struct {
	Label string
	Do    func()
}

// NewPanel returns an empty panel.
func NewPanel() *Panel {
	p := &Panel{head: widget.NewLabel("No suggestions."), headText: "No suggestions."}
	p.head.Wrapping = fyne.TextWrapWord
	p.list = newKindList(p)
	p.offer = widget.NewLabel("")
	p.offer.Wrapping = fyne.TextWrapWord
	p.offerBtns = container.NewHBox()
	p.offerBox = container.NewVBox(p.offer, p.offerBtns, widget.NewSeparator())
	p.offerBox.Hide()
	p.ExtendBaseWidget(p)
	return p
}

// CreateRenderer is part of fyne.Widget.
func (p *Panel) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewBorder(container.NewVBox(p.offerBox, p.head), nil, nil, nil, p.list))
}

// SetOffer shows text over the kinds with a button per action: "4 other
// articles report this", Make a thread. An empty text hides it.
func (p *Panel) SetOffer(text string, actions []Action) {
	if text == "" && p.offer.Text == "" && len(p.offerBtns.Objects) == 0 {
		return // no offer, and none shown: every span selected came here
	}
	p.offer.SetText(text)
	p.offerBtns.Objects = nil
	for _, a := range actions {
		p.offerBtns.Add(widget.NewButton(a.Label, a.Do))
	}
	if text == "" {
		p.offerBox.Hide()
	} else {
		p.offerBox.Show()
	}
	p.offerBox.Refresh()
}

// Offer is the thread offer's text and its buttons' labels.
func (p *Panel) Offer() (string, []string) {
	var labels []string
	for _, o := range p.offerBtns.Objects {
		labels = append(labels, o.(*widget.Button).Text)
	}
	return p.offer.Text, labels
}

// TapOffer presses the thread offer's button labelled label, as a click
// would; it reports whether there was one.
func (p *Panel) TapOffer(label string) bool {
	for _, o := range p.offerBtns.Objects {
		if b := o.(*widget.Button); b.Text == label {
			b.OnTapped()
			return true
		}
	}
	return false
}

// SetKinds lists kinds; more are offers not drawn (Feature.More). While
// the panel is hidden (its tab not the one shown) they are drawn when it
// is shown: every label key and undo changes the counts, and drawing them
// — the head's word-wrapped line shaped again, the list refreshed — was
// 0.17 ms of a label key's UI-thread CPU behind the Spans tab (issue 18).
func (p *Panel) SetKinds(kinds []Kind, more int) {
	if p.shown && slices.Equal(kinds, p.kinds) && more == p.more {
		// Every redraw of the article comes here: a label key's that
		// changed no offer refreshes nothing (issue 18), and the kind
		// selected stays selected.
		return
	}
	p.kinds, p.more, p.shown = kinds, more, true
	total := 0
	for _, k := range kinds {
		total += k.N
	}
	switch total {
	case 0:
		p.headText = "No suggestions in this article."
	default:
		head := annotate.Count(total, "suggestion") + " in this article, drawn dashed"
		if more > 0 {
			head += " (the first " + strconv.Itoa(total) + "; " + strconv.Itoa(more) + " more after them)"
		}
		p.headText = head + ". Click one, then Enter accepts, Backspace rejects. Here A accepts, R rejects all of the selected kind."
	}
	p.list.selected = -1
	p.stale = true
	if p.Visible() {
		p.draw()
	}
}

// draw shows the kinds set last, none selected.
func (p *Panel) draw() {
	p.stale = false
	p.head.SetText(p.headText)
	p.list.UnselectAll()
	p.list.selected = -1
	p.refreshes++
	p.list.Refresh()
}

// Show shows the panel with the kinds set while it was hidden.
func (p *Panel) Show() {
	p.BaseWidget.Show()
	if p.stale {
		p.draw()
	}
}

// Refreshes counts the times the kinds were drawn again.
func (p *Panel) Refreshes() int { return p.refreshes }

// Kinds are the kinds listed.
func (p *Panel) Kinds() []Kind { return p.kinds }

// Head is the line over the list.
func (p *Panel) Head() string { return p.headText }

// Focus puts the keyboard in the list, the first kind selected.
func (p *Panel) Focus(c fyne.Canvas) {
	if len(p.kinds) > 0 && p.list.selected < 0 {
		p.list.Select(0)
	}
	c.Focus(p.list)
}

// kindList lists the kinds; it takes A and R.
type kindList struct {
	widget.List
	p        *Panel
	selected int
}

func newKindList(p *Panel) *kindList {
	l := &kindList{p: p, selected: -1}
	l.Length = func() int { return len(p.kinds) }
	l.CreateItem = func() fyne.CanvasObject {
		// The kind's name and its count on a line of their own, the
		// buttons under them: beside the buttons the name had some 130 px
		// at the default window and "accusation · Your labels" lost its
		// source under the ellipsis. The count is never cut (it came after
		// the name and was cut with it); a name longer than the column
		// still is.
		name := widget.NewLabel("")
		name.Truncation = fyne.TextTruncateEllipsis
		n := widget.NewLabel("")
		accept := widget.NewButton("Accept all", nil)
		reject := widget.NewButton("Reject all", nil)
		return container.NewVBox(container.NewBorder(nil, nil, nil, n, name),
			container.NewHBox(layout.NewSpacer(), accept, reject))
	}
	l.UpdateItem = func(id widget.ListItemID, o fyne.CanvasObject) {
		c := o.(*fyne.Container)
		k := p.kinds[id]
		head, buttons := c.Objects[0].(*fyne.Container), c.Objects[1].(*fyne.Container)
		head.Objects[0].(*widget.Label).SetText(k.Title())
		head.Objects[1].(*widget.Label).SetText(strconv.Itoa(k.N))
		buttons.Objects[1].(*widget.Button).OnTapped = func() { p.act(p.OnAccept, k) }
		buttons.Objects[2].(*widget.Button).OnTapped = func() { p.act(p.OnReject, k) }
	}
	l.OnSelected = func(id widget.ListItemID) { l.selected = id }
	l.OnUnselected = func(widget.ListItemID) { l.selected = -1 }
	l.ExtendBaseWidget(l)
	return l
}

func (p *Panel) act(f func(Kind), k Kind) {
	if f != nil {
		f(k)
	}
}

// TypedRune takes A and R for the selected kind; other runes go to the list.
func (l *kindList) TypedRune(r rune) {
	if l.selected < 0 || l.selected >= len(l.p.kinds) {
		l.List.TypedRune(r)
		return
	}
	k := l.p.kinds[l.selected]
	switch r {
	case 'a', 'A':
		l.p.act(l.p.OnAccept, k)
	case 'r', 'R':
		l.p.act(l.p.OnReject, k)
	default:
		l.List.TypedRune(r)
	}
}

// Selected is the index of the selected kind, or -1.
func (p *Panel) Selected() int { return p.list.selected }
