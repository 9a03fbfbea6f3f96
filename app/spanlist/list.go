package spanlist

import (
	"fmt"
	"image/color"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/app/parts"
	"github.com/skein-news/skein/app/textview"
)

// Store is what the span list reads.
type Store interface {
	LayerSpans(docID, annotator string) ([]*annotate.Span, error)
	ThreadsOfSpan(spanID string) ([]*annotate.Thread, error)
}

// Frame is what the span list asks of the window around it, besides what
// every feature asks (frame.Host).
type Frame interface {
	frame.Host
	// Doc is the open article, nil while none is; Text is its indexed text.
	Doc() *annotate.Document
	Text() *annotate.Text
	// RefuseWrite, on a store that cannot be written, says so and reports
	// true, before a dialog asks for what would be written.
	RefuseWrite() bool
	// ShownLayers are the colleagues' layers shown beside the user's;
	// ShowsLayer reports whether an annotator's spans are shown.
	ShownLayers() []string
	ShowsLayer(annotator string) bool
	// Labels are the user's labels; LabelColor is the colour of the label
	// called name; KeyRange the label keys, "1–4".
	Labels() []annotate.Label
	LabelColor(name string) string
	KeyRange() string
	// SelectedSpan is the ID of the span selected in the text;
	// SelectInText selects one there; MarkMade clears the selected text
	// and selects span id without scrolling to it, drawing the text once.
	SelectedSpan() string
	SelectInText(id string)
	MarkMade(id string)
	// SetHighlights draws the article's highlights; FindHighlights are
	// those drawn over the spans: the suggestions (dashed) and the matches
	// of Find in article.
	SetHighlights(hl []textview.Highlight)
	FindHighlights() []textview.Highlight
	// DrawnByReview lets review mode draw the article instead, and
	// reports whether it did.
	DrawnByReview() bool
	// Reviewing reports whether review mode is on.
	Reviewing() bool
	// InThread reports whether a span is a member of the current thread,
	// to outline it; SpanLinks describes its links for its row; NoteSpan
	// tells the threads it was selected.
	InThread(id string) bool
	SpanLinks(id string) string
	NoteSpan(id string)
	// RefreshHead draws the article's header again.
	RefreshHead()
	// ApplyShowing is Apply, with show run while the store writes the
	// change, once the features that follow a change from the change
	// itself (the span list's Changing) have shown it; nothing is painted
	// before the write is done. When Apply fails, undoing what show did
	// is the caller's.
	ApplyShowing(ch *annotate.Change, show func()) bool
	// SetSelection selects text in the article.
	SetSelection(frags []annotate.Fragment)
}

// List is the span list: the spans of the open article shown in the text
// and the list, in text order, and what is done to them — add, relabel,
// note, delete.
type List struct {
	st Store
	f  Frame

	spans []*annotate.Span     // shown spans, in text order
	hl    []textview.Highlight // their highlights, in the same order
	hlOK  bool                 // hl is made for spans (Refresh made it, patch kept it)
	ver   int                  // counts the changes of spans (Version)
	buf   []textview.Highlight // scratch for show
	rows  *Rows
	head  *parts.Caption
	none  *parts.Caption // the hint shown while the article has no spans
	// readOnly: the store cannot be written (SetReadOnly), so the hints
	// offer no key that labels or relabels.
	readOnly bool
	// pick is the span the next change selects in the list instead of
	// the one selected in the text: the span a label key is adding.
	pick string
}

// New makes the span list of a window; Build makes its widgets.
func New(st Store, f Frame) *List { return &List{st: st, f: f} }

// Build makes the right column's first tab: the spans of the open article
// in text order.
func (l *List) Build() fyne.CanvasObject {
	w := l.f
	l.head = parts.NewCaption("Spans", theme.ColorNameForeground, theme.SizeNameText)
	l.head.Style = fyne.TextStyle{Bold: true}
	// Cut where a colleague's long name would widen the column.
	l.head.Truncate = true
	l.rows = NewRows(
		func() int { return len(l.spans) },
		func(i int) string { return l.spans[i].ID },
		func(i int, r *RowView) { r.Set(l.row(l.spans[i])) },
		func() *RowView { return NewRowView(l.menu) },
	)
	l.rows.OnSelected = func(i int) {
		if i >= len(l.spans) {
			return
		}
		w.SelectInText(l.spans[i].ID)
		w.NoteSpan(l.spans[i].ID)
		l.Describe(l.spans[i])
		w.FocusView()
	}
	head := container.New(layout.NewCustomPaddedLayout(theme.Padding()*2, theme.Padding(), theme.Padding()*2, 0), l.head)
	l.none = parts.NewCaption(l.noneText(), theme.ColorNamePlaceHolder, theme.SizeNameCaptionText)
	l.none.Hide()
	hint := container.New(layout.NewCustomPaddedLayout(theme.Padding(), 0, theme.Padding()*2, 0),
		container.NewVBox(l.none))
	// No background of its own: the list lies in the right column's tabs,
	// over the column's background of the same colour, and a second
	// rectangle the column's height was drawn over it in every frame, a
	// fifth of a frame's points that software GL fills (issue 18).
	return container.NewBorder(head, nil, nil, nil, container.NewStack(l.rows, hint))
}

// noneText is the hint shown while the article has no spans.
func (l *List) noneText() string {
	if l.readOnly {
		return "No spans in this article."
	}
	return "No spans yet: select words, then press " + l.f.KeyRange() + "."
}

// SetReadOnly makes the hints of a window on a store that cannot be
// written offer no key that would change it.
func (l *List) SetReadOnly() {
	l.readOnly = true
	l.LabelsChanged()
}

// EmptyHint is the hint shown while the article has no spans.
func (l *List) EmptyHint() string { return l.noneText() }

// LabelsChanged follows a change of the labels: the hint names their keys.
func (l *List) LabelsChanged() {
	if l.none != nil {
		l.none.SetText(l.noneText())
	}
}

// All are the shown spans, in text order.
func (l *List) All() []*annotate.Span { return l.spans }

// Set replaces the shown spans, read for an article being opened; Refresh
// shows them.
func (l *List) Set(spans []*annotate.Span) { l.spans, l.hlOK = spans, false; l.ver++ }

// Version changes whenever the shown spans do: what is made of them may be
// kept while it stays.
func (l *List) Version() int { return l.ver }

// Rows is the list's rows.
func (l *List) Rows() *Rows { return l.rows }

// Refresh redraws the highlights and the span list from the shown spans,
// unless review mode draws the article: each span's highlight is made
// again and every row in view is bound again.
func (l *List) Refresh() {
	if l.f.DrawnByReview() {
		l.hlOK = false
		return
	}
	colour := l.colours()
	l.hl = l.hl[:0]
	for _, s := range l.spans {
		l.hl = append(l.hl, l.highlight(s, colour))
	}
	l.hlOK = true
	l.show(nil)
}

// colours looks a label's colour up and parses it once, not once a span.
func (l *List) colours() func(label string) color.NRGBA {
	colours := map[string]color.NRGBA{}
	return func(label string) color.NRGBA {
		c, ok := colours[label]
		if !ok {
			c = parts.HexColor(l.f.LabelColor(label))
			colours[label] = c
		}
		return c
	}
}

// highlight is span s as the article draws it.
func (l *List) highlight(s *annotate.Span, colour func(string) color.NRGBA) textview.Highlight {
	style := 0
	if s.Annotator != l.f.User() {
		style = 1
	}
	return textview.Highlight{
		ID:        s.ID,
		Fragments: s.Fragments,
		Color:     colour(s.Label),
		Label:     annotate.LabelShown(s.Label),
		Annotator: s.Annotator,
		Style:     style,
		Outline:   l.f.InThread(s.ID),
	}
}

// show draws the spans' highlights (l.hl) with those over them, the
// header and the rows: every row in view bound again when changed is nil,
// else the rows moved, those of the spans changed bound again.
func (l *List) show(changed []string) {
	w := l.f
	// The rows first: the suggestions drawn with the highlights may still
	// be being learned beside this (FindHighlights waits for them).
	if changed == nil {
		l.rows.Refresh()
	} else {
		l.rows.Changed(changed...)
	}
	if w.Doc() != nil {
		// The view patches in what differs from what it shows.
		l.buf = append(append(l.buf[:0], l.hl...), w.FindHighlights()...)
		w.SetHighlights(l.buf)
	}
	head := Head(w.User(), l.spans)
	if l.head.Text() != head {
		l.head.SetText(head)
	}
	if len(l.spans) == 0 && w.Doc() != nil {
		l.none.Show()
	} else {
		l.none.Hide()
	}
	sel := w.SelectedSpan()
	if l.pick != "" {
		sel = l.pick
	}
	l.SyncRow(sel)
}

// HeadText is the heading as shown: "Spans  ·  1 yours, 1 bilal's".
func (l *List) HeadText() string { return l.head.Text() }

// Head is the list's heading over spans, shown to user: "Spans" for none,
// "Spans  ·  3" for the user's own alone. With another's spans shown it
// says whose they are, naming the colleague where there is one ("3 yours,
// 1 bilal's", "0 yours, 2 bilal's") and counting them past one ("1 yours,
// 5 by 2 colleagues"): it read "1 yours, 1 others".
func Head(user string, spans []*annotate.Span) string {
	own := 0
	by := map[string]int{}
	for _, s := range spans {
		if s.Annotator == user {
			own++
		} else {
			by[s.Annotator]++
		}
	}
	switch {
	case len(by) == 0 && own == 0:
		return "Spans"
	case len(by) == 0:
		return fmt.Sprintf("Spans  ·  %d", own)
	}
	if len(by) > 1 {
		return fmt.Sprintf("Spans  ·  %d yours, %d by %d colleagues", own, len(spans)-own, len(by))
	}
	var theirs string
	for a, n := range by {
		theirs = whose(a, n)
	}
	return fmt.Sprintf("Spans  ·  %d yours, %s", own, theirs)
}

// whose counts n spans of layer: "2 bilal's", "2 curated", "2 curated by
// bilal".
func whose(layer string, n int) string {
	if layer == annotate.CuratedLayer {
		return fmt.Sprintf("%d curated", n)
	}
	if r, ok := annotate.CuratorOf(layer); ok {
		return fmt.Sprintf("%d curated by %s", n, r)
	}
	return fmt.Sprintf("%d %s's", n, layer)
}

// Refreshes counts the list's refreshes so far, each of which binds every
// row in view again; Binds the rows bound to a span, one at a time or
// by a refresh.
func (l *List) Refreshes() int { return l.rows.Refreshes() }
func (l *List) Binds() int     { return l.rows.Binds() }

// RefreshRows draws the rows again, as when the spans' links changed.
func (l *List) RefreshRows() { l.rows.Refresh() }

// Read reads the spans of the user's layer and the other shown layers of
// an article, in text order.
func Read(st Store, doc, user string, others []string) ([]*annotate.Span, error) {
	spans, err := st.LayerSpans(doc, user)
	if err != nil {
		return nil, err
	}
	for _, o := range others {
		more, err := st.LayerSpans(doc, o)
		if err != nil {
			return nil, err
		}
		spans = append(spans, more...)
	}
	annotate.SortSpans(spans)
	return spans, nil
}

// Reload reads the open article's spans from the store again.
func (l *List) Reload() {
	w := l.f
	d := w.Doc()
	if d == nil {
		return
	}
	spans, err := Read(l.st, d.ID, w.User(), w.ShownLayers())
	if err != nil {
		w.Fail("read spans", err)
		return
	}
	l.spans = spans
	l.ver++
	l.Refresh()
}

// patch brings the shown spans up to date with a change that just reached
// the store (or, undone, was just taken back), without reading it back: an
// undo read the whole layer on the UI goroutine before its frame (issue 18).
// Only what the change touched is done again: its spans' highlights and
// rows; the other rows move.
func (l *List) patch(ch *annotate.Change, undone bool) {
	doc := l.f.Doc().ID
	l.ver++
	review := l.f.Reviewing() || !l.hlOK
	colour := l.colours()
	changed := []string{}
	for _, e := range ch.Spans {
		before, after := e.Sides(undone)
		if before != nil {
			if i := slices.IndexFunc(l.spans, func(s *annotate.Span) bool { return s.ID == before.ID }); i >= 0 {
				l.spans = slices.Delete(l.spans, i, i+1)
				if len(l.hl) > i {
					l.hl = slices.Delete(l.hl, i, i+1)
				}
			}
		}
		if a := after; a != nil && a.Doc == doc && l.f.ShowsLayer(a.Annotator) {
			a = a.Clone()
			i, _ := slices.BinarySearchFunc(l.spans, a, func(x, y *annotate.Span) int {
				if annotate.SpanLess(x, y) {
					return -1
				}
				if annotate.SpanLess(y, x) {
					return 1
				}
				return 0
			})
			l.spans = slices.Insert(l.spans, i, a)
			if !review && len(l.hl) >= i {
				l.hl = slices.Insert(l.hl, i, l.highlight(a, colour))
			}
			changed = append(changed, a.ID)
		}
	}
	if review || len(l.hl) != len(l.spans) {
		l.Refresh() // made whole again, or drawn by review
		return
	}
	l.show(changed)
}

// Changing patches a change the user made, undid or redid into the shown
// spans from the change itself, without reading the store (the window runs
// it while the store writes the change).
func (l *List) Changing(c frame.Changed) {
	d := l.f.Doc()
	if d == nil || c.Change == nil || !c.Touches(d.ID) {
		return
	}
	l.patch(c.Change, c.Undone)
}

// Changed brings the open article's spans up to date with what reached the
// store another way (Changing has patched in the user's own changes), and
// its header.
func (l *List) Changed(c frame.Changed) {
	d := l.f.Doc()
	if d == nil || !c.Touches(d.ID) {
		return
	}
	if c.Change == nil {
		l.Reload()
	}
	l.f.RefreshHead()
}

// ByID returns a shown span.
func (l *List) ByID(id string) *annotate.Span {
	for _, s := range l.spans {
		if s.ID == id {
			return s
		}
	}
	return nil
}

// SyncRow selects the list row of span id, or none, scrolled into view,
// and reports whether the row changed.
func (l *List) SyncRow(id string) bool {
	row := -1
	if id != "" {
		row = slices.IndexFunc(l.spans, func(s *annotate.Span) bool { return s.ID == id })
	}
	if row < 0 {
		id = ""
	}
	if id == l.rows.Selected() {
		return false
	}
	l.rows.Select(row, id)
	return true
}

// Selected is the selected row, -1 for none.
func (l *List) Selected() int {
	id := l.rows.Selected()
	if id == "" {
		return -1
	}
	return slices.IndexFunc(l.spans, func(s *annotate.Span) bool { return s.ID == id })
}

// Describe shows a span in the status bar.
func (l *List) Describe(s *annotate.Span) {
	msg := fmt.Sprintf("%s by %s, %s", annotate.LabelShown(s.Label), s.Annotator, frame.Where(s))
	if s.Note != "" {
		msg += " — " + s.Note
	}
	if s.Annotator == l.f.User() && !l.readOnly {
		msg += "   (" + l.f.KeyRange() + " relabel, Delete removes)"
	}
	l.f.SetStatus(msg)
}

// Excerpt is a span's text on one line, fragments joined with an ellipsis.
func (l *List) Excerpt(s *annotate.Span) string {
	t := l.f.Text()
	if t == nil {
		return ""
	}
	parts := make([]string, 0, len(s.Fragments))
	for _, f := range s.Fragments {
		x := t.Slice(f.Start, f.End)
		if len(x) > 400 {
			x = x[:400]
		}
		parts = append(parts, x)
	}
	return strings.Join(strings.Fields(strings.Join(parts, " … ")), " ")
}

// Add stores a new span of the user's layer over frags, labelled l.
func (l *List) Add(lb annotate.Label, frags []annotate.Fragment) {
	w := l.f
	n := w.Text().Len()
	var clean []annotate.Fragment
	for _, f := range annotate.NormalizeFragments(frags) {
		f.Start, f.End = max(f.Start, 0), min(f.End, n)
		if f.Start < f.End {
			clean = append(clean, f)
		}
	}
	if len(clean) == 0 {
		w.SetStatus("The selection holds no text.")
		return
	}
	user := w.User()
	s := &annotate.Span{
		ID:        annotate.NewID(),
		Doc:       w.Doc().ID,
		Fragments: clean,
		Label:     lb.Name,
		Annotator: user,
		Created:   annotate.NowMillis(),
	}
	// The new span's row is selected by the refresh that shows it.
	l.pick = s.ID
	// While the store writes it (issue 18: these were done after the
	// write, in the key's time): the selection is gone and the new span
	// is the selected one, so T or L acts on it without a click; it is in
	// view, so it does not blink. The status says so, first: the thread
	// offer, when it is ready in time, is added to it (NoteSpan).
	ok := w.ApplyShowing(annotate.AddSpan(user, s), func() {
		w.MarkMade(s.ID)
		l.SyncRow(s.ID)
		w.SetStatus(fmt.Sprintf("Added %s “%s”", annotate.LabelShown(lb.Name), frame.Clip(l.Excerpt(s), 60)))
	})
	l.pick = ""
	if !ok {
		// The span is gone again and the status says why: the words are
		// selected again, for another try.
		w.SetSelection(frags)
		return
	}
	w.NoteSpan(s.ID)
}

// Own reports whether the user may edit s, and says why not.
func (l *List) Own(s *annotate.Span) bool {
	if s.Annotator == l.f.User() {
		return true
	}
	l.f.SetStatus(fmt.Sprintf("This span is in %s's layer; only your own spans are edited here.", s.Annotator))
	return false
}

// Relabel gives span id another label.
func (l *List) Relabel(id string, lb annotate.Label) {
	w := l.f
	s := l.ByID(id)
	if s == nil || !l.Own(s) || s.Label == lb.Name {
		return
	}
	upd := s.Clone()
	upd.Label = lb.Name
	if w.Apply(annotate.EditSpan(w.User(), "relabel as "+annotate.LabelShown(lb.Name), s, upd)) {
		w.SetStatus(fmt.Sprintf("Relabelled %s as %s", annotate.LabelShown(s.Label), annotate.LabelShown(lb.Name)))
	}
}

// Delete removes span id, and takes it out of the threads that hold it.
func (l *List) Delete(id string) {
	w := l.f
	s := l.ByID(id)
	if s == nil || !l.Own(s) {
		return
	}
	threads, err := l.st.ThreadsOfSpan(id)
	if err != nil {
		w.Fail("read threads of span", err)
		return
	}
	if w.Apply(annotate.DeleteSpans(w.User(), []*annotate.Span{s}, threads)) {
		w.SetStatus(fmt.Sprintf("Deleted %s “%s” — Ctrl+Z brings it back", annotate.LabelShown(s.Label), frame.Clip(l.Excerpt(s), 50)))
	}
}

// EditNote asks for a span's note.
func (l *List) EditNote(id string) {
	w := l.f
	s := l.ByID(id)
	if s == nil || !l.Own(s) || w.RefuseWrite() {
		return
	}
	entry := frame.NewMultiLineEntry()
	entry.SetText(s.Note)
	entry.SetMinRowsVisible(4)
	entry.Wrapping = fyne.TextWrapWord
	d := frame.NewForm("Note on "+annotate.LabelShown(s.Label), "Save", "Cancel",
		[]*widget.FormItem{widget.NewFormItem("", entry)},
		func(ok bool) {
			if !ok {
				return
			}
			l.SetNote(id, strings.TrimSpace(entry.Text))
		}, w.Window())
	d.Resize(fyne.NewSize(460, 0))
	frame.ShowDialog(w.Window(), d)
	w.Window().Canvas().Focus(entry)
}

// SetNote stores a span's note.
func (l *List) SetNote(id, note string) {
	w := l.f
	s := l.ByID(id)
	if s == nil || !l.Own(s) || s.Note == note {
		return
	}
	upd := s.Clone()
	upd.Note = note
	desc, said := "edit note", "Note saved on "
	if note == "" {
		desc, said = "remove note", "Note removed from "
	}
	if w.Apply(annotate.EditSpan(w.User(), desc, s, upd)) {
		w.SetStatus(fmt.Sprintf("%s%s “%s” — Ctrl+Z undoes it", said, annotate.LabelShown(s.Label), frame.Clip(l.Excerpt(s), 50)))
	}
}

// row is span s as its row in the span list shows it.
func (l *List) row(s *annotate.Span) Row {
	user := l.f.User()
	c := parts.HexColor(l.f.LabelColor(s.Label))
	if s.Annotator != user {
		c = parts.Shade(c, 1.5)
	}
	meta := s.Annotator + "  ·  " + frame.Where(s)
	if s.Note != "" {
		meta += "  ·  ✎ " + frame.Clip(strings.Join(strings.Fields(s.Note), " "), 40)
	}
	if links := l.f.SpanLinks(s.ID); links != "" {
		meta += "  ·  " + links
	}
	return Row{ID: s.ID, Label: annotate.LabelShown(s.Label), Color: c, Meta: meta,
		Excerpt: frame.Clip(l.Excerpt(s), 160), Editable: s.Annotator == user}
}

// menu offers the actions on span id, under the row's button.
func (l *List) menu(id string, under fyne.CanvasObject) {
	w := l.f
	s := l.ByID(id)
	if s == nil {
		return
	}
	var items []*fyne.MenuItem
	for _, lb := range w.Labels() {
		mi := fyne.NewMenuItem(annotate.LabelShown(lb.Name), func() { l.Relabel(id, lb) })
		mi.Checked = s.Label == lb.Name
		items = append(items, mi)
	}
	items = append(items,
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Note…", func() { l.EditNote(id) }),
		fyne.NewMenuItem("Show in text", func() { w.SelectInText(id); w.FocusView() }),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Delete", func() { l.Delete(id) }),
	)
	// Right-aligned under the button, so it does not run off the window.
	pop := widget.NewPopUpMenu(fyne.NewMenu("", items...), w.Window().Canvas())
	pop.ShowAtRelativePosition(fyne.NewPos(under.Size().Width-pop.MinSize().Width, under.Size().Height), under)
}

// HintText is what the hint for an article without spans says.
func (l *List) HintText() string { return l.none.Text() }
