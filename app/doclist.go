package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/doclist"
	"github.com/skein-news/skein/app/parts"
	"github.com/skein-news/skein/store"
)

// buildDocList makes the left column: the filter, the count and the
// virtualised list of articles.
func (w *Window) buildDocList() fyne.CanvasObject {
	w.filter = widget.NewEntry()
	w.filter.SetPlaceHolder("Filter titles and text…")
	w.filter.ActionItem = widget.NewIcon(theme.SearchIcon())
	w.filter.OnChanged = w.filterChanged

	w.docCount = parts.NewCaption("", theme.ColorNamePlaceHolder, theme.SizeNameCaptionText)

	w.docList = widget.NewList(
		func() int { return len(w.shown) },
		func() fyne.CanvasObject {
			return doclist.NewRowView(func(id string) {
				w.toggleDone(id)
				w.focusView()
			})
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i < len(w.shown) {
				o.(*doclist.RowView).Set(w.docRow(w.shown[i]))
			}
		},
	)
	w.docList.OnSelected = func(i widget.ListItemID) {
		if w.syncing || i >= len(w.shown) {
			return
		}
		if w.doc == nil || w.doc.ID != w.shown[i].ID {
			w.OpenDocument(w.shown[i].ID)
		}
	}

	head := container.NewVBox(
		w.filter,
		container.New(layout.NewCustomPaddedLayout(0, theme.Padding(), theme.Padding()*2, 0), w.docCount),
	)
	return container.NewStack(
		parts.NewBackground(theme.ColorNameHeaderBackground),
		container.NewBorder(container.NewPadded(head), nil, nil, nil, w.docList),
	)
}

// docsStore is what the document list reads.
type docsStore interface {
	Documents(ctx context.Context, fn func(store.DocInfo) error) error
	EachDocument(ctx context.Context, fn func(*annotate.Document) error) error
	Document(id string) (*annotate.Document, error)
	Counts(docID, annotator string) (map[string]int, error)
	Mark(docID, annotator string) (*annotate.Mark, error)
}

// state returns a document's counts and done mark; the first time a row
// needs them they are read off the UI goroutine, and the row is drawn
// again when they arrive.
func (w *Window) state(id string) *docState {
	s, _ := w.states.Get(id)
	return &s
}

// readState reads what a document's row shows of the user's layer.
func readState(st docsStore, id, user string) (docState, error) {
	var s docState
	counts, err := st.Counts(id, user)
	if err != nil {
		return s, err
	}
	s.counts = counts
	if m, err := st.Mark(id, user); err == nil {
		s.done = m.Done
	} else if !isNotFound(err) {
		return s, err
	}
	return s, nil
}

// forget marks what the rows know about documents a change touched as
// stale, and redraws their rows.
func (w *Window) forget(ids ...string) {
	w.states.Forget(ids...)
	if w.rev != nil {
		w.rev.progress.Forget(ids...)
	}
	for _, id := range ids {
		if i, ok := w.rowOf(id); ok {
			w.docList.RefreshItem(i)
		}
	}
}

// rowOf returns the row showing document id. A scan of 20,000 rows takes
// tens of microseconds, less than keeping a map up to date on every
// keystroke in the filter.
func (w *Window) rowOf(id string) (int, bool) {
	for i, d := range w.shown {
		if d.ID == id {
			return i, true
		}
	}
	return 0, false
}

// setShown replaces the rows of the document list and keeps the open
// document's row selected.
func (w *Window) setShown(docs []store.DocInfo, note string) {
	w.shown = docs
	w.filterNote = note
	w.docList.Refresh()
	w.selectDocRow()
	w.refreshDocCount()
}

func (w *Window) refreshDocCount() {
	noun := "articles"
	if len(w.docs) == 1 {
		noun = "article"
	}
	text := fmt.Sprintf("%s %s", thousands(len(w.docs)), noun)
	if len(w.shown) != len(w.docs) || w.filter.Text != "" {
		text = fmt.Sprintf("%s of %s %s", thousands(len(w.shown)), thousands(len(w.docs)), noun)
	}
	// The rows count the user's layer; `skein list` counts every layer.
	text += "  ·  counts: your spans"
	if w.filterNote != "" {
		text += "  ·  " + w.filterNote
	}
	w.docCount.SetText(text)
}

// selectDocRow selects the open document's row without reopening it.
func (w *Window) selectDocRow() {
	w.syncing = true
	defer func() { w.syncing = false }()
	if w.doc == nil {
		w.docList.UnselectAll()
		return
	}
	if i, ok := w.rowOf(w.doc.ID); ok {
		w.docList.Select(i)
	} else {
		w.docList.UnselectAll()
	}
}

// filterChanged narrows the list at once by title, then, after a pause in
// typing, by text too, searching every article off the UI goroutine.
func (w *Window) filterChanged(q string) {
	w.filterGen++
	gen := w.filterGen
	if w.filterCancel != nil {
		w.filterCancel()
		w.filterCancel = nil
	}
	if w.filterTimer != nil && w.filterTimer.Stop() {
		w.bg.Done()
	}
	w.filterTimer = nil
	q = annotate.Fold(strings.TrimSpace(q))
	if q == "" {
		w.setShown(w.docs, "")
		return
	}
	docs, folded := w.docs, w.folded
	var byTitle []store.DocInfo
	for i, d := range docs {
		if strings.Contains(folded[i], q) {
			byTitle = append(byTitle, d)
		}
	}
	w.setShown(byTitle, "searching text…")

	ctx, cancel := context.WithCancel(w.ctx)
	w.filterCancel = cancel
	w.bg.Add(1)
	w.filterTimer = time.AfterFunc(filterDelay, func() {
		defer w.bg.Done()
		hits, err := searchDocs(ctx, w.st, docs, folded, q)
		if ctx.Err() != nil {
			return
		}
		w.do(func() {
			if gen != w.filterGen {
				return
			}
			if err != nil {
				w.fail("search text", err)
				w.setShown(byTitle, "text not searched")
				return
			}
			w.setShown(hits, "")
		})
	})
}

// searchDocs returns the documents whose title or text contains q (folded),
// in the order of docs; folded holds their titles folded (annotate.Fold).
func searchDocs(ctx context.Context, st docsStore, docs []store.DocInfo, folded []string, q string) ([]store.DocInfo, error) {
	inText := map[string]bool{}
	err := st.EachDocument(ctx, func(d *annotate.Document) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if containsFold(d.Text, q) {
			inText[d.ID] = true
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var hits []store.DocInfo
	for i, d := range docs {
		if inText[d.ID] || strings.Contains(folded[i], q) {
			hits = append(hits, d)
		}
	}
	return hits, nil
}

// containsFold reports whether s contains q, which is already folded,
// ignoring case and Arabic-script spelling variants (annotate.Fold).
func containsFold(s, q string) bool {
	return strings.Contains(annotate.Fold(s), q)
}

// setDocs replaces the list of every document.
func (w *Window) setDocs(docs []store.DocInfo) {
	docs = w.assignedFirst(docs) // a team folder's assignment (team.go)
	w.docs = docs
	w.folded = make([]string, len(docs))
	for i, d := range docs {
		w.folded[i] = annotate.Fold(d.Title)
	}
}

// docsChanged brings the rows of the documents that changed up to date. A
// change the user made here patches the counts and done mark the rows
// already show, so a row changes in the same frame as the article rather
// than a frame later when a read off the UI goroutine comes back (issue
// 18); anything else is read again. After an import it lists them all
// again.
func (w *Window) docsChanged(c Changed) {
	if c.All {
		w.reloadDocs()
		return
	}
	ids := keys(c.Docs)
	if c.Change == nil {
		w.forget(ids...)
		return
	}
	states := map[string]docState{}
	for _, id := range ids {
		if s, ok := w.states.Known(id); ok {
			states[id] = s
		}
	}
	if !patchStates(states, c.Change, c.Undone, w.user) {
		states = nil
	}
	var stale []string
	for _, id := range ids {
		if s, ok := states[id]; ok {
			w.states.Set(id, s)
		} else {
			stale = append(stale, id)
		}
	}
	w.states.Forget(stale...)
	if w.rev != nil {
		w.rev.progress.Forget(ids...)
	}
	for _, id := range ids {
		if i, ok := w.rowOf(id); ok {
			w.docList.RefreshItem(i)
		}
	}
}

// patchStates applies change ch (taken back when undone) to the rows'
// states of the user's layer, in place; false if a document it touches is
// not among them or the counts do not add up, and the rows must be read
// again.
func patchStates(states map[string]docState, ch *annotate.Change, undone bool, user string) bool {
	for id, s := range states {
		counts := make(map[string]int, len(s.counts)+1)
		for l, n := range s.counts {
			counts[l] = n
		}
		states[id] = docState{counts: counts, done: s.done}
	}
	for _, e := range ch.Spans {
		before, after := e.Before, e.After
		if undone {
			before, after = after, before
		}
		for _, x := range []struct {
			s *annotate.Span
			d int
		}{{before, -1}, {after, +1}} {
			if x.s == nil || x.s.Annotator != user {
				continue
			}
			st, ok := states[x.s.Doc]
			if !ok {
				return false
			}
			st.counts[x.s.Label] += x.d
			switch n := st.counts[x.s.Label]; {
			case n < 0:
				return false
			case n == 0:
				delete(st.counts, x.s.Label)
			}
		}
	}
	for _, e := range ch.Marks {
		m, other := e.After, e.Before
		if undone {
			m, other = other, m
		}
		ref := m
		if ref == nil {
			ref = other
		}
		if ref == nil || ref.Annotator != user {
			continue
		}
		st, ok := states[ref.Doc]
		if !ok {
			return false
		}
		st.done = m != nil && m.Done
		states[ref.Doc] = st
	}
	return true
}

// reloadDocs lists the documents again off the UI goroutine, after an import.
func (w *Window) reloadDocs() {
	w.goBG(func(ctx context.Context) {
		docs, err := loadDocs(ctx, w.st)
		w.do(func() {
			if err != nil {
				w.fail("list documents", err)
				return
			}
			w.setDocs(docs)
			w.states.Reset()
			w.scanLabels() // the import may have brought labels
			w.filterChanged(w.filter.Text)
			if w.doc == nil {
				w.openFirst()
			}
		})
	})
}

// toggleDone flips the user's done mark on a document, as an undoable change.
func (w *Window) toggleDone(id string) {
	old, err := w.st.Mark(id, w.user)
	if err != nil && !isNotFound(err) {
		w.fail("read mark", err)
		return
	}
	if err != nil {
		old = nil
	}
	upd := annotate.Mark{Doc: id, Annotator: w.user}
	if old != nil {
		upd = *old
	}
	upd.Done = !upd.Done
	desc := "mark done"
	if !upd.Done {
		desc = "mark not done"
	}
	if !w.apply(annotate.SetMark(w.user, desc, old, &upd)) {
		w.forget(id) // the row shows the stored mark again
		return
	}
	w.setStatus(strings.ToUpper(desc[:1]) + desc[1:] + ": " + w.titleOf(id))
}

// titleOf returns a document's title from the list.
func (w *Window) titleOf(id string) string {
	for _, d := range w.docs {
		if d.ID == id {
			return d.Title
		}
	}
	return id
}

// docRow is document d as its row shows it.
func (w *Window) docRow(d store.DocInfo) doclist.Row {
	st := w.state(d.ID)
	row := doclist.Row{ID: d.ID, Title: d.Title, Date: d.Date, Done: st.done}
	if row.Date == "" {
		row.Date = "undated"
	}
	if p := w.reviewProgress(d.ID); p != "" {
		row.Date += "  ·  " + p
	}
	for _, l := range w.labels.All() {
		if c := st.counts[l.Name]; c > 0 {
			row.Counts = append(row.Counts, doclist.Count{N: c, Color: parts.HexColor(l.Color)})
		}
	}
	for name, c := range st.counts { // labels the window does not know yet
		if _, known := w.labels.Get(name); !known && c > 0 {
			row.Counts = append(row.Counts, doclist.Count{N: c, Color: parts.HexColor(w.label(name).Color)})
		}
	}
	return row
}

// rowArrived draws again what shows document id's row values, read off the
// UI goroutine: its row, and the article's header if it is open.
func (w *Window) rowArrived(id string) {
	if r, ok := w.rowOf(id); ok {
		w.docList.RefreshItem(r)
	}
	if w.doc != nil && w.doc.ID == id {
		w.refreshHead()
	}
}
