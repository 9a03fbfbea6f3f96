package app

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"fyne.io/fyne/v2"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/app/phases"
	"github.com/skein-news/skein/store"

	"github.com/skein-news/skein/app/spanlist"
)

// spansStore is what the article's spans, applying a change, undoing and
// redoing need.
type spansStore interface {
	spanlist.Store
	Document(id string) (*annotate.Document, error)
	Mark(docID, annotator string) (*annotate.Mark, error)
	Apply(ctx context.Context, c *annotate.Change) error
	Undo(ctx context.Context, user string) (*annotate.Change, error)
	Redo(ctx context.Context, user string) (*annotate.Change, error)
	PeekUndo(user string) (*annotate.Change, error)
	PeekRedo(user string) (*annotate.Change, error)
	UndoTop(user string) (string, bool)
	RedoTop(user string) (string, bool)
	DiscardUndo(user string) error
}

// refreshSpans redraws the highlights and the span list, or review's
// items in review mode.
func (w *Window) refreshSpans() { w.spanList.Refresh() }

// reloadSpans reads the open document's spans from the store again.
func (w *Window) reloadSpans() { w.spanList.Reload() }

// showsLayer reports whether an annotator's spans are on screen.
func (w *Window) showsLayer(annotator string) bool {
	if annotator == w.user {
		return true
	}
	return slices.Contains(w.others, annotator) ||
		w.colleaguesOn && !w.rev.Active() && slices.Contains(w.teamLayers, annotator)
}

// spanSelectedInText follows a click on a highlight in the list.
func (w *Window) spanSelectedInText(id string) {
	if w.findClicked(id) || w.suggestionClicked(id) {
		return
	}
	if r := w.rev.Session(); r != nil {
		r.Clicked(id)
		return
	}
	w.spanList.SyncRow(id)
	w.noteSpan(id)
	if s := w.spanList.ByID(id); s != nil {
		w.spanList.Describe(s)
	}
}

// noteSpan follows the span that became the selected one, clicked in the
// text or the list or just labelled with a key: L may link it, and the
// articles that report it are offered a moment later (offerThread).
func (w *Window) noteSpan(id string) {
	w.th.NoteSpan(id)
	w.offerThread(w.spanList.ByID(id))
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
	w.setStatus(fmt.Sprintf("%s selected — press %s", annotate.Count(n, "character"), w.keyList()))
	w.searchSelectionLater(frags)
}

// labelKey labels the selected text as a new span, or relabels the
// selected span.
func (w *Window) labelKey(l annotate.Label) {
	if w.doc == nil || w.refuseWrite() { // the store's state before the selection's
		return
	}
	if r := w.rev.Session(); r != nil {
		if len(w.view.Selection()) > 0 {
			r.Label(l)
		} else {
			w.setStatus("In review, E selects the span under review: adjust it, then press " + l.Key + " to put it into the curated layer.")
		}
		return
	}
	if sel := w.view.Selection(); len(sel) > 0 {
		w.spanList.Add(l, sel)
		return
	}
	if id := w.view.SelectedSpan(); id != "" {
		w.spanList.Relabel(id, l)
		return
	}
	w.setStatus("Select some words first, then press " + l.Key + " or click " + annotate.LabelShown(l.Name) + ".")
}

// apply writes a change to the store and shows it: the features that follow
// a change from the change itself do so while the store writes it, the
// others once it is there; nothing is painted before it is there.
func (w *Window) apply(ch *annotate.Change) bool { return w.applyShowing(ch, nil) }

// applyShowing is apply, with show run while the store writes the change,
// once the features that follow it from the change alone have shown it
// (commitWhile's during).
//
// The article is drawn once for the change and what show marks in it
// (textview Hold), while the store writes: a label key's new span among
// the highlights, then marked as the one just made, each drew the lines
// in view again.
func (w *Window) applyShowing(ch *annotate.Change, show func()) bool {
	if w.refuseWrite() {
		return false
	}
	if show != nil {
		release := w.view.Hold()
		defer release() // should show not run
		shown := show
		show = func() { shown(); release() }
	}
	phases.Mark("apply")
	err := w.commitWhile(changeOf(ch, false), func() error { return w.st.Apply(w.ctx, ch) }, show)
	phases.Mark("apply-end")
	if err != nil {
		w.fail("could not "+ch.Desc, err)
		w.reloadSpans()
		return false
	}
	// A span this change added is new: the thread offer for it may be the
	// selection's search (offerThread).
	w.sg.fresh = ""
	if len(ch.Spans) == 1 && ch.Spans[0].Before == nil && ch.Spans[0].After != nil {
		w.sg.fresh = ch.Spans[0].After.ID
	}
	return true
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
	phases.Mark("undo")
	defer phases.Mark("undo-end")
	if e := w.editorFocus(); e != nil {
		e.Undo()
		return
	}
	if w.refuseWrite() {
		return
	}
	if _, ok := w.st.UndoTop(w.user); !ok {
		w.setStatus("Nothing to undo.")
		return
	}
	w.replay("Undid", w.st.PeekUndo, w.st.Undo)
}

// offerDiscard explains an undo the store refused because the records it
// would restore have changed since, and offers to drop it from the history
// so the undo before it can run.
func (w *Window) offerDiscard(err error) {
	desc, _ := w.st.UndoTop(w.user)
	msg := fmt.Sprintf("“%s” cannot be undone: what it changed has been changed since,\n"+
		"perhaps by an import or another skein window.\n\nDrop it from the undo history?", desc)
	frame.ShowDialog(w.win, frame.NewConfirm("Cannot undo", msg, func(ok bool) {
		if !ok {
			return
		}
		if err := w.st.DiscardUndo(w.user); err != nil {
			w.fail("drop from the undo history", err)
		} else {
			w.setStatus("Dropped “" + desc + "” from the undo history.")
		}
		w.updateMenu()
	}, w.win))
	fyne.LogError("undo", err)
}

// redo makes the last undone change again, or the typing undone in the
// focused entry.
func (w *Window) redo() {
	if e := w.editorFocus(); e != nil {
		e.Redo()
		return
	}
	if w.refuseWrite() {
		return
	}
	if _, ok := w.st.RedoTop(w.user); !ok {
		w.setStatus("Nothing to redo.")
		return
	}
	w.replay("Redid", w.st.PeekRedo, w.st.Redo)
}

// replay runs an undo or redo and shows its result; a change made in
// another article opens that article. The change it will replay (peek) is
// shown by the features that follow a change from the change itself while
// the store replays it (op).
func (w *Window) replay(verb string, peek func(string) (*annotate.Change, error), op func(context.Context, string) (*annotate.Change, error)) {
	undone := verb == "Undid"
	var ch *annotate.Change
	var err error
	if next, perr := peek(w.user); perr == nil && next != nil {
		err = w.commitWhile(changeOf(next, undone), func() error {
			var e error
			ch, e = op(w.ctx, w.user)
			if e == nil && !reflect.DeepEqual(ch, next) {
				// Another writer came between the peek and the replay:
				// the change shown is not the one made.
				return errPeekStale
			}
			return e
		}, nil)
		if errors.Is(err, errPeekStale) {
			// What was shown has been taken back: show what was replayed.
			err = nil
			w.changed(changeOf(ch, undone))
		}
	} else {
		ch, err = op(w.ctx, w.user)
		if err == nil && ch != nil {
			w.changed(changeOf(ch, undone))
		}
	}
	phases.Mark("store-end")
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
	// The other features have followed the change; the article it was made
	// in then opens as the store now holds it (the open may show it at once).
	w.setStatus(verb + " " + ch.Desc)
	if w.view.SelectedSpan() == "" {
		// The selected span went with the change: the thread offer made for
		// it, or still being looked for, goes too — its "Make a thread"
		// would make a thread of a span that no longer exists.
		w.offerThread(nil)
	}
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

// errPeekStale says the change an undo or redo replayed is not the one
// peeked at before it.
var errPeekStale = errors.New("the change replayed is not the one peeked at")

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
