// Package threadpanel holds the widgets for threads: the list of a layer's
// threads (Panel), one thread's members in order (ThreadView), the figures a
// thread reports lined up by article and date (FiguresView), and a list to
// pick a thread by title (Picker). The widgets only show and report: every
// edit comes out as a callback, which the window turns into an undoable
// annotate.Change and answers by setting the new state.
package threadpanel

import (
	"image/color"
	"strconv"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate"
)

// Summary is one thread as the Panel and Picker list it.
type Summary struct {
	ID       string
	Title    string
	Members  int
	Articles int
	// Annotator is the colleague whose thread it is, shown beside the title
	// and matched by the filter; "" for the user's own.
	Annotator string
}

// SummaryOf summarises th.
func SummaryOf(th *annotate.Thread) Summary {
	return Summary{ID: th.ID, Title: th.Title, Members: len(th.Members), Articles: len(th.Docs())}
}

// displayTitle is what a list shows for a thread: its title, or for an
// untitled link what it is.
func (s Summary) displayTitle() string {
	if s.Title != "" {
		return s.Title
	}
	if s.Members == 2 {
		return "(untitled link)"
	}
	return "(untitled)"
}

// byline is the line under the title: whose thread it is, if a
// colleague's, and its counts.
func (s Summary) byline() string {
	if s.Annotator != "" {
		return s.Annotator + " · " + s.counts()
	}
	return s.counts()
}

func (s Summary) counts() string {
	return plural(s.Members, "member", "members") + " · " + plural(s.Articles, "article", "articles")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// matches reports whether every word of the filter q occurs in the title,
// ignoring case.
func matches(title, q string) bool {
	title = strings.ToLower(title)
	for _, w := range strings.Fields(strings.ToLower(q)) {
		if !strings.Contains(title, w) {
			return false
		}
	}
	return true
}

// filterSummaries returns the indices of all whose titles, or titles and
// annotators, match q.
func filterSummaries(all []Summary, q string) []int {
	out := make([]int, 0, len(all))
	for i, s := range all {
		if matches(s.displayTitle()+" "+s.Annotator, q) {
			out = append(out, i)
		}
	}
	return out
}

// Member is one member of a thread as the ThreadView shows it.
type Member struct {
	Doc, Span string
	Title     string // the article's title
	Date      string // the article's date, YYYY-MM-DD or empty
	Label     string // the span's label
	Color     string // the label's colour, #rrggbb; empty: looked up by Label
	Excerpt   string // the span's text
	Link      string // label of the link from the previous member
}

// MemberOf builds the Member for m, whose span s lies in article d. labels
// gives user labels their colours; nil knows the four defaults only.
func MemberOf(m annotate.Member, s *annotate.Span, d *annotate.Document, labels *annotate.Labels) Member {
	out := Member{Doc: m.Doc, Span: m.Span, Link: m.Link, Title: annotate.ShownTitle(d.Title, d.Text), Date: d.Date, Label: s.Label}
	if labels == nil {
		labels = annotate.NewLabels()
	}
	if l, ok := labels.Get(s.Label); ok {
		out.Color = l.Color
	}
	out.Excerpt = Excerpt(annotate.NewText(d.Text).Fragments(s.Fragments), 200)
	return out
}

// Excerpt returns text on one line, clipped to at most max characters at a
// word boundary when it can be.
func Excerpt(text string, max int) string {
	text = strings.Join(strings.Fields(text), " ")
	if utf8.RuneCountInString(text) <= max {
		return text
	}
	r := []rune(text)[:max]
	s := string(r)
	if i := strings.LastIndex(s, " "); i > len(s)/2 {
		s = s[:i]
	}
	return s + "…"
}

// labelColor turns "#rrggbb" into a colour; a name without one takes the
// default label's colour, and anything else a neutral grey.
func labelColor(hex, label string) color.Color {
	if hex == "" {
		for _, l := range annotate.DefaultLabels {
			if l.Name == label {
				hex = l.Color
			}
		}
	}
	if len(hex) == 7 && hex[0] == '#' {
		if v, err := strconv.ParseUint(hex[1:], 16, 32); err == nil {
			return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}
		}
	}
	return color.NRGBA{R: 0x9a, G: 0xa5, B: 0xb1, A: 0xff}
}

// commitEntry is a one-line entry that reports its text once the user is
// done with it — on Enter or when focus leaves — and only when it changed,
// so a rename or a relabel is one change, not one per keystroke. An empty
// text is never reported: the field goes back to what it said.
type commitEntry struct {
	widget.Entry
	committed string
	onCommit  func(string)
	onEscape  func() // nil: Escape does nothing special
}

func newCommitEntry() *commitEntry {
	e := &commitEntry{}
	e.ExtendBaseWidget(e)
	e.OnSubmitted = func(string) { e.commit() }
	return e
}

// FocusLost commits what was typed.
func (e *commitEntry) FocusLost() {
	e.Entry.FocusLost()
	e.commit()
}

// TypedKey reports Escape, if asked to, and edits otherwise.
func (e *commitEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && e.onEscape != nil {
		e.onEscape()
		return
	}
	e.Entry.TypedKey(k)
}

// set shows s as the committed text.
func (e *commitEntry) set(s string) {
	e.committed = s
	e.SetText(s)
}

func (e *commitEntry) commit() {
	t := strings.TrimSpace(e.Text)
	if t == e.committed {
		return
	}
	if t == "" {
		e.SetText(e.committed)
		return
	}
	e.committed = t
	if t != e.Text {
		e.SetText(t)
	}
	if e.onCommit != nil {
		e.onCommit(t)
	}
}

// fixedWidth lays its objects out one on top of the other at a fixed width,
// whether or not they are shown, so rows line up.
type fixedWidth struct{ width float32 }

func (f fixedWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		if m := o.MinSize(); m.Height > h {
			h = m.Height
		}
	}
	return fyne.NewSize(f.width, h)
}

func (f fixedWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// tightVBox stacks objects like a VBox but overlaps their padding, so a
// title and its excerpt read as one item.
type tightVBox struct{}

func (tightVBox) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	n := 0
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		s.Width = max(s.Width, m.Width)
		s.Height += m.Height
		n++
	}
	if n > 1 {
		s.Height -= theme.Padding() * float32(n-1)
	}
	return s
}

func (tightVBox) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	y := float32(0)
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h - theme.Padding()
	}
}
