package app

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/app/textview"
	"github.com/skein-news/skein/store"

	"github.com/skein-news/skein/app/parts"
	"github.com/skein-news/skein/app/spanlist"
)

// layerReader reads annotators' layers of an article.
type layerReader interface {
	LayerSpans(docID, annotator string) ([]*annotate.Span, error)
}

// spansStore is what editing the article's spans, and undoing, needs.
type spansStore interface {
	layerReader
	Document(id string) (*annotate.Document, error)
	ThreadsOfSpan(spanID string) ([]*annotate.Thread, error)
	Mark(docID, annotator string) (*annotate.Mark, error)
	Apply(ctx context.Context, c *annotate.Change) error
	Undo(ctx context.Context, user string) (*annotate.Change, error)
	Redo(ctx context.Context, user string) (*annotate.Change, error)
	UndoTop(user string) (string, bool)
	RedoTop(user string) (string, bool)
	DiscardUndo(user string) error
}

// buildSpanList makes the right column: the spans of the open article in
// text order.
func (w *Window) buildSpanList() fyne.CanvasObject {
	w.spanHead = parts.NewCaption("Spans", theme.ColorNameForeground, theme.SizeNameText)
	w.spanHead.Style = fyne.TextStyle{Bold: true}
	w.spanList = widget.NewList(
		func() int { return len(w.spans) },
		func() fyne.CanvasObject { return spanlist.NewRowView(w.spanMenu) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i < len(w.spans) {
				o.(*spanlist.RowView).Set(w.spanRow(w.spans[i]))
			}
		},
	)
	w.spanSel = -1
	w.spanList.OnUnselected = func(i widget.ListItemID) {
		if i == w.spanSel {
			w.spanSel = -1
		}
	}
	w.spanList.OnSelected = func(i widget.ListItemID) {
		w.spanSel = i
		if w.syncing || i >= len(w.spans) {
			return
		}
		w.view.SelectSpan(w.spans[i].ID)
		w.th.NoteSpan(w.spans[i].ID)
		w.describe(w.spans[i])
		w.focusView()
	}
	head := container.New(layout.NewCustomPaddedLayout(theme.Padding()*2, theme.Padding(), theme.Padding()*2, 0), w.spanHead)
	w.noSpans = parts.NewCaption(w.noSpansText(), theme.ColorNamePlaceHolder, theme.SizeNameCaptionText)
	w.noSpans.Hide()
	hint := container.New(layout.NewCustomPaddedLayout(theme.Padding(), 0, theme.Padding()*2, 0),
		container.NewVBox(w.noSpans))
	return container.NewStack(
		parts.NewBackground(theme.ColorNameHeaderBackground),
		container.NewBorder(head, nil, nil, nil, container.NewStack(w.spanList, hint)),
	)
}

// refreshSpans redraws the highlights and the span list from w.spans.
func (w *Window) refreshSpans() {
	if w.rev != nil {
		w.rev.refresh()
		return
	}
	hl := make([]textview.Highlight, 0, len(w.spans))
	own := 0
	for _, s := range w.spans {
		style := 0
		if s.Annotator != w.user {
			style = 1
		} else {
			own++
		}
		hl = append(hl, textview.Highlight{
			ID:        s.ID,
			Fragments: s.Fragments,
			Color:     w.labelColor(s.Label),
			Label:     s.Label,
			Annotator: s.Annotator,
			Style:     style,
			Outline:   w.th.InThread(s.ID),
		})
	}
	if w.doc != nil {
		w.view.SetHighlights(append(hl, w.findHighlights()...))
	}
	head := "Spans"
	switch {
	case len(w.spans) != own:
		head = fmt.Sprintf("Spans  ·  %d yours, %d others", own, len(w.spans)-own)
	case own > 0:
		head = fmt.Sprintf("Spans  ·  %d", own)
	}
	w.spanHead.SetText(head)
	if len(w.spans) == 0 && w.doc != nil {
		w.noSpans.Show()
	} else {
		w.noSpans.Hide()
	}
	// One refresh of the list a frame: selecting a row refreshes it whole
	// already, and each refresh binds every visible row again (issue 18).
	if !w.syncSpanRow(w.view.SelectedSpan()) {
		w.spanList.Refresh()
	}
}

// labelColor returns a label's colour, as the label bar shows it.
func (w *Window) labelColor(name string) color.Color {
	return parts.HexColor(w.label(name).Color)
}

// reloadSpans reads the open document's spans from the store again.
func (w *Window) reloadSpans() {
	if w.doc == nil {
		return
	}
	spans, err := layerSpans(w.st, w.doc.ID, w.user, w.others)
	if err != nil {
		w.fail("read spans", err)
		return
	}
	w.spans = spans
	w.refreshSpans()
}

// patchSpans brings w.spans up to date with a change that just reached the
// store (or, undone, was just taken back), without reading it back: an
// undo read the whole layer on the UI goroutine before its frame (issue 18).
func (w *Window) patchSpans(ch *annotate.Change, undone bool) {
	for _, e := range ch.Spans {
		before, after := e.Before, e.After
		if undone {
			before, after = after, before
		}
		if before != nil {
			for i, s := range w.spans {
				if s.ID == before.ID {
					w.spans = append(w.spans[:i], w.spans[i+1:]...)
					break
				}
			}
		}
		if a := after; a != nil && a.Doc == w.doc.ID && w.showsLayer(a.Annotator) {
			w.spans = append(w.spans, a.Clone())
		}
	}
	annotate.SortSpans(w.spans)
	w.refreshSpans()
}

// showsLayer reports whether an annotator's spans are on screen.
func (w *Window) showsLayer(annotator string) bool {
	if annotator == w.user {
		return true
	}
	for _, o := range w.others {
		if o == annotator {
			return true
		}
	}
	return false
}

// spanByID returns a shown span.
func (w *Window) spanByID(id string) *annotate.Span {
	for _, s := range w.spans {
		if s.ID == id {
			return s
		}
	}
	return nil
}

// spanSelectedInText follows a click on a highlight in the list.
func (w *Window) spanSelectedInText(id string) {
	if w.findClicked(id) {
		return
	}
	if w.rev != nil {
		w.rev.clicked(id)
		return
	}
	w.syncSpanRow(id)
	w.th.NoteSpan(id)
	if s := w.spanByID(id); s != nil {
		w.describe(s)
	}
}

// syncSpanRow selects the list row of span id, or none, and reports
// whether the row changed, which refreshed the list.
func (w *Window) syncSpanRow(id string) bool {
	row := -1
	for i, s := range w.spans {
		if s.ID == id && id != "" {
			row = i
			break
		}
	}
	if row == w.spanSel {
		return false
	}
	w.syncing = true
	defer func() { w.syncing = false }()
	if row >= 0 {
		w.spanList.Select(row)
	} else {
		w.spanList.UnselectAll()
	}
	return true
}

// selectionChanged tells the researcher what the keys will do.
func (w *Window) selectionChanged(frags []annotate.Fragment) {
	if len(frags) == 0 || w.text == nil {
		return
	}
	n := 0
	for _, f := range frags {
		n += f.End - f.Start
	}
	w.setStatus(fmt.Sprintf("%d characters selected — press %s", n, w.keyList()))
}

// describe shows a span in the status bar.
func (w *Window) describe(s *annotate.Span) {
	msg := fmt.Sprintf("%s by %s, %s", s.Label, s.Annotator, where(s))
	if s.Note != "" {
		msg += " — " + s.Note
	}
	if s.Annotator == w.user {
		msg += "   (" + w.keyRange() + " relabel, Delete removes)"
	}
	w.setStatus(msg)
}

// where gives a span's offsets as a reader sees them: 120–164, or
// 120–130 + 150–164 for a discontinuous span.
func where(s *annotate.Span) string {
	parts := make([]string, len(s.Fragments))
	for i, f := range s.Fragments {
		parts[i] = fmt.Sprintf("%d–%d", f.Start, f.End)
	}
	return strings.Join(parts, " + ")
}

// excerpt is a span's text on one line, fragments joined with an ellipsis.
func (w *Window) excerpt(s *annotate.Span) string {
	if w.text == nil {
		return ""
	}
	parts := make([]string, 0, len(s.Fragments))
	for _, f := range s.Fragments {
		t := w.text.Slice(f.Start, f.End)
		if len(t) > 400 {
			t = t[:400]
		}
		parts = append(parts, t)
	}
	return strings.Join(strings.Fields(strings.Join(parts, " … ")), " ")
}

// labelKey labels the selected text as a new span, or relabels the
// selected span.
func (w *Window) labelKey(l annotate.Label) {
	if w.doc == nil {
		return
	}
	if w.rev != nil {
		if len(w.view.Selection()) > 0 {
			w.rev.label(l)
		} else {
			w.setStatus("In review, E selects the span under review: adjust it, then press " + l.Key + " to put it into the curated layer.")
		}
		return
	}
	if sel := w.view.Selection(); len(sel) > 0 {
		w.addSpan(l, sel)
		return
	}
	if id := w.view.SelectedSpan(); id != "" {
		w.relabel(id, l)
		return
	}
	w.setStatus("Select some words first, then press " + l.Key + " or click " + l.Name + ".")
}

// addSpan stores a new span of the user's layer over frags.
func (w *Window) addSpan(l annotate.Label, frags []annotate.Fragment) {
	n := w.text.Len()
	var clean []annotate.Fragment
	for _, f := range annotate.NormalizeFragments(frags) {
		f.Start, f.End = max(f.Start, 0), min(f.End, n)
		if f.Start < f.End {
			clean = append(clean, f)
		}
	}
	if len(clean) == 0 {
		w.setStatus("The selection holds no text.")
		return
	}
	s := &annotate.Span{
		ID:        annotate.NewID(),
		Doc:       w.doc.ID,
		Fragments: clean,
		Label:     l.Name,
		Annotator: w.user,
		Created:   annotate.NowMillis(),
	}
	if w.apply(annotate.AddSpan(w.user, s)) {
		w.view.ClearSelection()
		// The new span is the selected one, so T or L acts on it without
		// a click; it is in view, so it does not blink.
		w.view.MarkSelected(s.ID)
		w.syncSpanRow(s.ID)
		w.th.NoteSpan(s.ID)
		w.setStatus(fmt.Sprintf("Added %s “%s”", l.Name, clip(w.excerpt(s), 60)))
	}
}

// own reports whether the user may edit s, and says why not.
func (w *Window) own(s *annotate.Span) bool {
	if s.Annotator == w.user {
		return true
	}
	w.setStatus(fmt.Sprintf("This span is in %s's layer; only your own spans are edited here.", s.Annotator))
	return false
}

// relabel gives span id another label.
func (w *Window) relabel(id string, l annotate.Label) {
	s := w.spanByID(id)
	if s == nil || !w.own(s) || s.Label == l.Name {
		return
	}
	upd := s.Clone()
	upd.Label = l.Name
	if w.apply(annotate.EditSpan(w.user, "relabel as "+l.Name, s, upd)) {
		w.setStatus(fmt.Sprintf("Relabelled %s as %s", s.Label, l.Name))
	}
}

// deleteSpan removes span id, and takes it out of the threads that hold it.
func (w *Window) deleteSpan(id string) {
	s := w.spanByID(id)
	if s == nil || !w.own(s) {
		return
	}
	threads, err := w.st.ThreadsOfSpan(id)
	if err != nil {
		w.fail("read threads of span", err)
		return
	}
	if w.apply(annotate.DeleteSpans(w.user, []*annotate.Span{s}, threads)) {
		w.setStatus(fmt.Sprintf("Deleted %s “%s” — Ctrl+Z brings it back", s.Label, clip(w.excerpt(s), 50)))
	}
}

// editNote asks for a span's note.
func (w *Window) editNote(id string) {
	s := w.spanByID(id)
	if s == nil || !w.own(s) {
		return
	}
	entry := widget.NewMultiLineEntry()
	entry.SetText(s.Note)
	entry.SetMinRowsVisible(4)
	entry.Wrapping = fyne.TextWrapWord
	d := dialog.NewForm("Note on "+s.Label, "Save", "Cancel",
		[]*widget.FormItem{widget.NewFormItem("", entry)},
		func(ok bool) {
			if !ok {
				return
			}
			w.setNote(id, strings.TrimSpace(entry.Text))
		}, w.win)
	d.Resize(fyne.NewSize(460, 0))
	d.Show()
	w.win.Canvas().Focus(entry)
}

// setNote stores a span's note.
func (w *Window) setNote(id, note string) {
	s := w.spanByID(id)
	if s == nil || !w.own(s) || s.Note == note {
		return
	}
	upd := s.Clone()
	upd.Note = note
	desc, said := "edit note", "Note saved on "
	if note == "" {
		desc, said = "remove note", "Note removed from "
	}
	if w.apply(annotate.EditSpan(w.user, desc, s, upd)) {
		w.setStatus(fmt.Sprintf("%s%s “%s” — Ctrl+Z undoes it", said, s.Label, clip(w.excerpt(s), 50)))
	}
}

// apply writes a change to the store and, once it is there, shows it.
func (w *Window) apply(ch *annotate.Change) bool {
	if err := w.st.Apply(w.ctx, ch); err != nil {
		w.fail("could not "+ch.Desc, err)
		w.reloadSpans()
		return false
	}
	w.changed(changeOf(ch, false))
	return true
}

// spansChanged brings the open article's spans up to date: a change the
// user made is patched in without reading the store; anything else is
// read again.
func (w *Window) spansChanged(c Changed) {
	if w.doc == nil || !c.Touches(w.doc.ID) {
		return
	}
	if c.Change != nil {
		w.patchSpans(c.Change, c.Undone)
	} else {
		w.reloadSpans()
	}
	w.refreshHead()
}

// textEditor is a focused widget with its own undo history: an entry such
// as the document filter or a dialog's field.
type textEditor interface {
	Undo()
	Redo()
}

// editorFocus returns the focused entry, if one has the keyboard. Fyne's
// desktop driver gives Ctrl+Z to the Edit menu before the focused widget,
// so Undo and Redo hand it on to the entry themselves; a click on the menu
// has taken the focus from the entry already.
func (w *Window) editorFocus() textEditor {
	e, _ := w.win.Canvas().Focused().(textEditor)
	return e
}

// undo takes back the user's last change, wherever it was made, or the
// typing in the focused entry.
func (w *Window) undo() {
	if e := w.editorFocus(); e != nil {
		e.Undo()
		return
	}
	if _, ok := w.st.UndoTop(w.user); !ok {
		w.setStatus("Nothing to undo.")
		return
	}
	w.replay("Undid", w.st.Undo)
}

// offerDiscard explains an undo the store refused because the records it
// would restore have changed since, and offers to drop it from the history
// so the undo before it can run.
func (w *Window) offerDiscard(err error) {
	desc, _ := w.st.UndoTop(w.user)
	msg := fmt.Sprintf("“%s” cannot be undone: what it changed has been changed since,\n"+
		"perhaps by an import or another skein window.\n\nDrop it from the undo history?", desc)
	dialog.ShowConfirm("Cannot undo", msg, func(ok bool) {
		if !ok {
			return
		}
		if err := w.st.DiscardUndo(w.user); err != nil {
			w.fail("drop from the undo history", err)
		} else {
			w.setStatus("Dropped “" + desc + "” from the undo history.")
		}
		w.updateMenu()
	}, w.win)
	fyne.LogError("undo", err)
}

// redo makes the last undone change again, or the typing undone in the
// focused entry.
func (w *Window) redo() {
	if e := w.editorFocus(); e != nil {
		e.Redo()
		return
	}
	if _, ok := w.st.RedoTop(w.user); !ok {
		w.setStatus("Nothing to redo.")
		return
	}
	w.replay("Redid", w.st.Redo)
}

// replay runs an undo or redo and shows its result; a change made in
// another article opens that article.
func (w *Window) replay(verb string, op func(context.Context, string) (*annotate.Change, error)) {
	ch, err := op(w.ctx, w.user)
	if err != nil && verb == "Undid" && errors.Is(err, store.ErrConflict) {
		w.offerDiscard(err)
		w.reloadSpans()
		return
	}
	if err != nil {
		w.fail(strings.ToLower(verb[:len(verb)-1]), err)
		w.reloadSpans()
		w.updateMenu()
		return
	}
	if ch == nil {
		w.updateMenu()
		return
	}
	// The other features follow the change first; the article it was made
	// in then opens as the store now holds it (the open may show it at once).
	undone := verb == "Undid"
	w.changed(changeOf(ch, undone))
	w.setStatus(verb + " " + ch.Desc)
	if ch.Doc == "" {
		return
	}
	// Open the article it changed, scrolled to the span, which flashes; a
	// span the change took away leaves the article where it was.
	id, at := replayedSpan(ch, undone)
	switch {
	case id != "":
		w.th.ShowSpan(ch.Doc, id)
	case w.doc == nil || w.doc.ID != ch.Doc:
		w.OpenDocument(ch.Doc)
	default:
		w.view.ScrollTo(at)
	}
}

// replayedSpan is the span of article ch.Doc that an undo (undone) or redo
// of ch changed and that exists now, to show; or, when it changed none that
// exists, where the one it took away began (in the open article).
func replayedSpan(ch *annotate.Change, undone bool) (id string, at int) {
	now := func(before, after *annotate.Span) *annotate.Span {
		if undone {
			return before
		}
		return after
	}
	for _, e := range ch.Spans {
		if s := now(e.Before, e.After); s != nil && s.Doc == ch.Doc {
			return s.ID, 0
		}
		if s := now(e.After, e.Before); s != nil && s.Doc == ch.Doc && len(s.Fragments) > 0 {
			at = s.Fragments[0].Start
		}
	}
	if len(ch.Spans) > 0 {
		return "", at
	}
	// A thread's edit: the member of the article that came or went, else
	// its first member there.
	for _, e := range ch.Threads {
		var before, after []annotate.Member
		if e.Before != nil {
			before = e.Before.Members
		}
		if e.After != nil {
			after = e.After.Members
		}
		in := func(ms []annotate.Member, span string) bool {
			return slices.ContainsFunc(ms, func(m annotate.Member) bool { return m.Span == span })
		}
		first := ""
		for _, pair := range [][2][]annotate.Member{{after, before}, {before, after}} {
			for _, m := range pair[0] {
				if m.Doc != ch.Doc {
					continue
				}
				if !in(pair[1], m.Span) {
					return m.Span, 0
				}
				if first == "" {
					first = m.Span
				}
			}
		}
		if first != "" {
			return first, 0
		}
	}
	return "", 0
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// clip shortens s to about n characters at a word boundary.
var clip = frame.Clip

// spanRow is span s as its row in the span list shows it.
func (w *Window) spanRow(s *annotate.Span) spanlist.Row {
	c := parts.HexColor(w.label(s.Label).Color)
	if s.Annotator != w.user {
		c = parts.Shade(c, 1.5)
	}
	meta := s.Annotator + "  ·  " + where(s)
	if s.Note != "" {
		meta += "  ·  ✎ " + clip(strings.Join(strings.Fields(s.Note), " "), 40)
	}
	if l := w.th.SpanLinks(s.ID); l != "" {
		meta += "  ·  " + l
	}
	return spanlist.Row{ID: s.ID, Label: s.Label, Color: c, Meta: meta,
		Excerpt: clip(w.excerpt(s), 160), Editable: s.Annotator == w.user}
}

// spanMenu offers the actions on span id, under the row's button.
func (w *Window) spanMenu(id string, under fyne.CanvasObject) {
	s := w.spanByID(id)
	if s == nil {
		return
	}
	var items []*fyne.MenuItem
	for _, l := range w.labels.All() {
		l := l
		mi := fyne.NewMenuItem(l.Name, func() { w.relabel(id, l) })
		mi.Checked = s.Label == l.Name
		items = append(items, mi)
	}
	items = append(items,
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Note…", func() { w.editNote(id) }),
		fyne.NewMenuItem("Show in text", func() { w.view.SelectSpan(id); w.focusView() }),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Delete", func() { w.deleteSpan(id) }),
	)
	// Right-aligned under the button, so it does not run off the window.
	pop := widget.NewPopUpMenu(fyne.NewMenu("", items...), w.win.Canvas())
	pop.ShowAtRelativePosition(fyne.NewPos(under.Size().Width-pop.MinSize().Width, under.Size().Height), under)
}
