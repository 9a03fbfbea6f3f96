// Package searchpanel holds the widgets of search: the corpus search panel
// (Panel), whose results are grouped by article with each match in context,
// and the find bar over the open article (FindBar). The widgets only show
// and report: a search, a click on a match, a label key on the results come
// out as callbacks, which the window answers by searching, opening the
// article or storing one change.
package searchpanel

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/search"
	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/app/textview"
)

// Item is one match as the panel lists it: the match, in bold, with the
// text before and after it.
type Item struct {
	search.Match
	Before, Text, After string
}

// Group is one article's matches.
type Group struct {
	Doc, Title, Date string
	// Untitled says the article has no title of its own (Title is its
	// opening words, annotate.ShownTitle), and Source is its file: two
	// such with the same opening words are told apart by it, or by the
	// date or ID (annotate.TellApart).
	Untitled bool
	Source   string
	// Total is how many matches the article has; Items may list fewer.
	Total int
	Items []Item
}

// Pick is one ticked match.
type Pick struct {
	Doc string
	search.Match
}

// row is one line of the list: an article's header or one of its matches.
type row struct {
	group, item int // item -1: the header
}

// Panel searches the corpus: a query field, a count, and the results
// grouped by article. Enter in the field asks for a search (OnSearch); a
// click on a match opens it (OnOpen); a label key pressed in the results
// labels the ticked matches, or all when none is ticked (OnLabelKey).
type Panel struct {
	widget.BaseWidget

	// OnSearch is called with the query when the user presses Enter in
	// the query field.
	OnSearch func(query string)
	// OnOpen is called with a match the user clicked.
	OnOpen func(doc string, m search.Match)
	// OnLabelKey is called with a key pressed in the results (1–9) and
	// the ticked matches; picks is nil when none is ticked, meaning every
	// match of the search.
	OnLabelKey func(key string, picks []Pick)

	query  *queryField
	status *widget.Label
	action *widget.Button
	list   *resultList
	groups []Group
	titles []string // the groups' titles as the headers show them: told apart
	rows   []row
	ticked map[Pick]bool
}

// New returns an empty panel.
func New() *Panel {
	p := &Panel{ticked: map[Pick]bool{}}
	p.ExtendBaseWidget(p)
	p.query = newQueryField()
	p.query.OnSubmitted = func(q string) {
		if p.OnSearch != nil {
			p.OnSearch(q)
		}
	}
	p.status = widget.NewLabel(`Search every article: words, "a phrase", /regex/, label:actor, date:2023-11.. A label key on the results labels every match (or the ticked ones).`)
	p.status.Wrapping = fyne.TextWrapWord
	p.status.SizeName = theme.SizeNameCaptionText
	p.action = widget.NewButton("", nil)
	p.action.Hide()
	p.list = newResultList(p)
	return p
}

// CreateRenderer lays out the field, the count and the list.
func (p *Panel) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewBorder(container.NewVBox(p.query, p.status, p.action), nil, nil, nil, p.list))
}

// FocusQuery gives the keyboard to the query field, its text selected.
func (p *Panel) FocusQuery(c fyne.Canvas) {
	if c != nil {
		c.Focus(p.query)
	}
	p.query.DoubleTapped(nil)
}

// Query is the text of the query field.
func (p *Panel) Query() string { return p.query.Text }

// SetQuery puts q in the query field without searching.
func (p *Panel) SetQuery(q string) { p.query.SetText(q) }

// SetStatus shows msg under the query field.
func (p *Panel) SetStatus(msg string) { p.status.SetText(msg) }

// SetResults shows groups, clearing the ticks, with a count of all
// matches: total matches in docs articles, of which the list shows the
// first.
func (p *Panel) SetResults(groups []Group, total, docs int) {
	p.groups = groups
	listed := make([]annotate.Listed, len(groups))
	for i, g := range groups {
		listed[i] = annotate.Listed{Title: g.Title, Untitled: g.Untitled, ID: g.Doc, Source: g.Source, Date: g.Date}
	}
	annotate.TellApart(listed)
	p.titles = p.titles[:0]
	for _, l := range listed {
		p.titles = append(p.titles, l.Title)
	}
	p.ticked = map[Pick]bool{}
	p.rows = p.rows[:0]
	shown := 0
	for g := range groups {
		p.rows = append(p.rows, row{g, -1})
		for i := range groups[g].Items {
			p.rows = append(p.rows, row{g, i})
		}
		shown += len(groups[g].Items)
	}
	msg := search.CountMatches(total) + " in " + count(docs, "article")
	if shown < total {
		msg += " (the first " + strconv.Itoa(shown) + " listed)"
	}
	if total > 0 {
		msg += ". Press a label key here to label them all, or tick some first."
	}
	p.status.SetText(msg)
	p.list.UnselectAll()
	p.list.Refresh()
	p.list.ScrollToTop()
	// The results take the keyboard, so a label key labels them.
	if total > 0 {
		if c := fyne.CurrentApp().Driver().CanvasForObject(p); c != nil {
			c.Focus(p.list)
		}
	}
}

// Groups returns the articles the list shows, in its order.
func (p *Panel) Groups() []Group { return p.groups }

// Picks returns the ticked matches, in list order.
func (p *Panel) Picks() []Pick {
	var out []Pick
	for _, r := range p.rows {
		if r.item < 0 {
			continue
		}
		g := &p.groups[r.group]
		pk := Pick{Doc: g.Doc, Match: g.Items[r.item].Match}
		if p.ticked[pk] {
			out = append(out, pk)
		}
	}
	return out
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// resultList is the list of results; it takes the label keys.
type resultList struct {
	widget.List
	p *Panel
}

func newResultList(p *Panel) *resultList {
	l := &resultList{p: p}
	l.Length = func() int { return len(p.rows) }
	l.CreateItem = func() fyne.CanvasObject {
		// An article's header: its title, cut to the column, and beside
		// it the count of its matches, which a long title must not push
		// out of sight. A title in the region's scripts is shaped and
		// ordered as its excerpts are (a plain label drew an Urdu title's
		// letters unjoined, its words left to right).
		title := textview.NewLine("")
		title.TextStyle = fyne.TextStyle{Bold: true}
		head := container.NewBorder(nil, nil, nil, widget.NewLabel(""), title)
		tick := widget.NewCheck("", nil)
		ctx := widget.NewRichText(
			&widget.TextSegment{Style: widget.RichTextStyleInline},
			&widget.TextSegment{Style: widget.RichTextStyleStrong},
			&widget.TextSegment{Style: widget.RichTextStyleInline})
		ctx.Truncation = fyne.TextTruncateEllipsis
		fit := container.New(&contextFit{rt: ctx}, ctx)
		// An excerpt in the region's scripts is shaped and ordered as the
		// article is: the rich text's segments, each laid left to right,
		// put an Urdu match's words out of order and its letters unjoined.
		shaped := textview.NewLine("")
		shaped.Hide()
		return container.NewStack(head, container.NewBorder(nil, nil, tick, nil, container.NewStack(fit, shaped)))
	}
	l.UpdateItem = func(id widget.ListItemID, o fyne.CanvasObject) {
		st := o.(*fyne.Container)
		head := st.Objects[0].(*fyne.Container)
		line := st.Objects[1].(*fyne.Container)
		r := p.rows[id]
		g := &p.groups[r.group]
		if r.item < 0 {
			line.Hide()
			head.Show()
			text := p.titles[r.group]
			if g.Date != "" {
				text = g.Date + " · " + text
			}
			head.Objects[0].(*textview.Line).SetText(text)
			head.Objects[1].(*widget.Label).SetText(search.CountMatches(g.Total))
			return
		}
		head.Hide()
		line.Show()
		it := g.Items[r.item]
		pk := Pick{Doc: g.Doc, Match: it.Match}
		tick := line.Objects[1].(*widget.Check)
		tick.OnChanged = nil
		tick.SetChecked(p.ticked[pk])
		tick.OnChanged = func(on bool) {
			if on {
				p.ticked[pk] = true
			} else {
				delete(p.ticked, pk)
			}
		}
		excerpt := line.Objects[0].(*fyne.Container)
		fit, shaped := excerpt.Objects[0].(*fyne.Container), excerpt.Objects[1].(*textview.Line)
		if all := it.Before + it.Text + it.After; textview.IsComplex(all) {
			fit.Hide()
			// cut with "…" at its logical end; the match bold
			b := utf8.RuneCountInString(it.Before)
			shaped.SetStrong(all, b, b+utf8.RuneCountInString(it.Text))
			shaped.Show()
			return
		}
		shaped.Hide()
		fit.Show()
		fit.Layout.(*contextFit).parts = [3]string{it.Before, it.Text, it.After}
		fit.Refresh() // lays the line out: its text is cut to the row
	}
	l.OnSelected = func(id widget.ListItemID) {
		r := p.rows[id]
		if r.item < 0 {
			if r.group < len(p.groups) && len(p.groups[r.group].Items) > 0 {
				r.item = 0
			} else {
				return
			}
		}
		g := &p.groups[r.group]
		l.Unselect(id) // so a second click on the same match opens it again
		if p.OnOpen != nil {
			p.OnOpen(g.Doc, g.Items[r.item].Match)
		}
	}
	l.ExtendBaseWidget(l)
	return l
}

// TypedKey takes the label keys 1–9; others move in the list.
func (l *resultList) TypedKey(ev *fyne.KeyEvent) {
	if len(ev.Name) == 1 && '1' <= ev.Name[0] && ev.Name[0] <= '9' {
		if l.p.OnLabelKey != nil && len(l.p.rows) > 0 {
			l.p.OnLabelKey(string(ev.Name), l.p.Picks())
		}
		return
	}
	l.List.TypedKey(ev)
}

// TypedRune ignores the digits TypedKey took.
func (l *resultList) TypedRune(r rune) {
	if '1' <= r && r <= '9' {
		return
	}
	l.List.TypedRune(r)
}

// Status is the text under the query field.
func (p *Panel) Status() string { return p.status.Text }

// SetAction shows a button under the count that calls f, or hides it when
// f is nil: "Make a thread of these" under the articles that report a span.
func (p *Panel) SetAction(label string, f func()) {
	p.action.SetText(label)
	p.action.OnTapped = f
	if f == nil {
		p.action.Hide()
	} else {
		p.action.Show()
	}
}

// queryHints are what the empty query field says can be typed, longest
// first: the field shows the longest that fits it.
var queryHints = []string{
	`words, "a phrase", /regex/, label:actor date:2023-11..`,
	`words, "a phrase", /regex/, label:actor`,
	`words, "a phrase", /regex/, label:…`,
	`words, "a phrase", /regex/…`,
	`words, "phrase", /re/…`,
	`words…`,
}

// queryField is the query field, whose hint (its placeholder) is the
// longest of queryHints that fits it. An empty entry is as wide as its
// placeholder: the whole hint, wider than the right column, gave the field
// a horizontal scroll bar.
type queryField struct {
	widget.Entry
}

func newQueryField() *queryField {
	f := &queryField{}
	f.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	f.ExtendBaseWidget(f)
	f.PlaceHolder = queryHints[0]
	return f
}

// Resize lays the field out at size with the hint that fits it.
func (f *queryField) Resize(size fyne.Size) {
	if h := frame.HintFor(queryHints, frame.HintRoom(size.Width, nil)); h != f.PlaceHolder {
		f.SetPlaceHolder(h)
	}
	f.Entry.Resize(size)
}

// contextFit lays out a match's line, its context cut at a word with "…"
// where the row has not the room for all of it. RichText's own ellipsis
// works on one segment: the context after the bold match was clipped
// mid-word ("…deportation of Afghan refugees pro"), with no "…".
type contextFit struct {
	rt    *widget.RichText
	parts [3]string // before, the match, after
}

func (f *contextFit) MinSize(objs []fyne.CanvasObject) fyne.Size { return f.rt.MinSize() }

func (f *contextFit) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	th := theme.CurrentForWidget(f.rt)
	textSize := th.Size(theme.SizeNameText)
	width := func(s string, bold bool) float32 {
		return fyne.MeasureText(s, textSize, fyne.TextStyle{Bold: bold}).Width
	}
	// A rich text's line starts and ends an inner padding in; a pixel
	// more, as its segments' widths are each rounded.
	room := size.Width - 2*th.Size(theme.SizeNameInnerPadding) - 1
	changed := false
	for i, s := range cutContext(f.parts, room, width) {
		if seg := f.rt.Segments[i].(*widget.TextSegment); seg.Text != s {
			seg.Text, changed = s, true
		}
	}
	f.rt.Move(fyne.NewPos(0, 0))
	f.rt.Resize(size)
	if changed {
		f.rt.Refresh()
	}
}

// cutContext cuts a match's before, match and after texts to room, as
// width measures them (the match is bold): the after text at a word with
// "…", or where the match alone is too long for the row (a sentence that
// reports the same thing), the match at a word with "…" and nothing after.
// Where not even that fits, the parts are as given, for RichText to clip.
func cutContext(p [3]string, room float32, width func(s string, bold bool) float32) [3]string {
	before, match := width(p[0], false), width(p[1], true)
	if before+match+width(p[2], false) <= room {
		return p
	}
	if s, ok := cutAtWord(p[2], room-before-match, func(s string) float32 { return width(s, false) }); ok {
		p[2] = s
		return p
	}
	if s, ok := cutAtWord(p[1], room-before, func(s string) float32 { return width(s, true) }); ok {
		p[1], p[2] = s, ""
	}
	return p
}

// cutAtWord is the longest start of s that ends at a word, with "…",
// which is no wider than room.
func cutAtWord(s string, room float32, width func(string) float32) (string, bool) {
	for i := len(s); i >= 0; i-- {
		if i < len(s) && s[i] != ' ' {
			continue
		}
		c := strings.TrimRight(s[:i], " ") + "…"
		if width(c) <= room {
			return c, true
		}
	}
	return "", false
}
