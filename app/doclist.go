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
	"github.com/skein-news/skein/store"
)

// buildDocList makes the left column: the filter, the count and the
// virtualised list of articles.
func (w *Window) buildDocList() fyne.CanvasObject {
	w.filter = widget.NewEntry()
	w.filter.SetPlaceHolder("Filter titles and text…")
	w.filter.ActionItem = widget.NewIcon(theme.SearchIcon())
	w.filter.OnChanged = w.filterChanged

	w.docCount = newCaption("", theme.ColorNamePlaceHolder, theme.SizeNameCaptionText)

	w.docList = widget.NewList(
		func() int { return len(w.shown) },
		func() fyne.CanvasObject { return newDocItem(w) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i < len(w.shown) {
				o.(*docItem).show(w.shown[i], w.state(w.shown[i].ID))
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
		newPanel(theme.ColorNameHeaderBackground),
		container.NewBorder(container.NewPadded(head), nil, nil, nil, w.docList),
	)
}

// state returns a document's counts and done mark, reading them from the
// store the first time a row needs them.
func (w *Window) state(id string) *docState {
	if s, ok := w.states[id]; ok {
		return s
	}
	s := &docState{}
	counts, err := w.st.Counts(id, w.user)
	if err != nil {
		fyne.LogError("count spans of "+id, err)
	}
	s.counts = counts
	if m, err := w.st.Mark(id, w.user); err == nil {
		s.done = m.Done
	} else if !isNotFound(err) {
		fyne.LogError("read mark of "+id, err)
	}
	w.states[id] = s
	return s
}

// forget drops what the rows know about documents a change touched, and
// redraws their rows.
func (w *Window) forget(ids ...string) {
	for _, id := range ids {
		delete(w.states, id)
		if w.rev != nil {
			delete(w.rev.progress, id)
		}
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
	if w.filterNote != "" {
		text += "  ·  " + w.filterNote
	}
	w.docCount.setText(text)
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
	q = strings.ToLower(strings.TrimSpace(q))
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

// searchDocs returns the documents whose title or text contains q (lower
// case), in the order of docs; folded holds their titles in lower case.
func searchDocs(ctx context.Context, st Store, docs []store.DocInfo, folded []string, q string) ([]store.DocInfo, error) {
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

// containsFold reports whether s contains q, which is already lower case,
// ignoring case.
func containsFold(s, q string) bool {
	return strings.Contains(strings.ToLower(s), q)
}

// setDocs replaces the list of every document.
func (w *Window) setDocs(docs []store.DocInfo) {
	w.docs = docs
	w.folded = make([]string, len(docs))
	for i, d := range docs {
		w.folded[i] = strings.ToLower(d.Title)
	}
}

// docsChanged forgets the rows of the documents that changed; after an
// import it lists them all again.
func (w *Window) docsChanged(c Changed) {
	if c.All {
		w.reloadDocs()
		return
	}
	w.forget(keys(c.Docs)...)
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
			w.states = map[string]*docState{}
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

// docItem is one row of the document list: the title, then the date, the
// user's span counts by label and the done mark.
type docItem struct {
	widget.BaseWidget
	w     *Window
	id    string
	title *widget.Label
	date  *caption
	chips *fyne.Container
	done  *widget.Check
	// details holds the date and the chips; it is laid out again when they
	// change width.
	details *fyne.Container
	root    *fyne.Container
}

func newDocItem(w *Window) *docItem {
	it := &docItem{w: w}
	it.title = widget.NewLabel("")
	it.title.Truncation = fyne.TextTruncateEllipsis
	it.date = newCaption("", theme.ColorNamePlaceHolder, theme.SizeNameCaptionText)
	it.chips = container.New(layout.NewCustomPaddedHBoxLayout(3))
	it.done = widget.NewCheck("", nil)

	// The title above, the details below, the done mark on the right.
	it.details = container.NewHBox(it.date, it.chips)
	details := container.New(layout.NewCustomPaddedLayout(0, theme.Padding(), theme.Padding()*2, 0), it.details)
	body := container.New(layout.NewCustomPaddedVBoxLayout(0), it.title,
		container.New(layout.NewCustomPaddedLayout(-theme.Padding()*1.5, 0, 0, 0), details))
	it.root = container.NewBorder(nil, nil, nil, container.NewCenter(it.done), body)
	it.ExtendBaseWidget(it)
	return it
}

// CreateRenderer draws the row built by newDocItem.
func (it *docItem) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(it.root)
}

// show fills the row for a document.
func (it *docItem) show(d store.DocInfo, s *docState) {
	it.id = d.ID
	if it.title.Text != d.Title { // setting a label's text shapes it again: a millisecond per row on every span added
		it.title.SetText(d.Title)
	}
	date := d.Date
	if date == "" {
		date = "undated"
	}
	if p := it.w.reviewProgress(d.ID); p != "" {
		date += "  ·  " + p
	}
	it.date.setText(date)

	n := 0
	for _, l := range it.w.labels.All() {
		c := s.counts[l.Name]
		if c == 0 {
			continue
		}
		it.chip(n).set(fmt.Sprint(c), hexColor(l.Color))
		n++
	}
	for name, c := range s.counts { // labels the window does not know yet
		if _, known := it.w.labels.Get(name); known || c == 0 {
			continue
		}
		it.chip(n).set(fmt.Sprint(c), hexColor(it.w.label(name).Color))
		n++
	}
	for i, o := range it.chips.Objects {
		if i < n {
			o.Show()
		} else {
			o.Hide()
		}
	}
	it.details.Refresh()

	it.done.OnChanged = nil
	it.done.SetChecked(s.done)
	id := d.ID
	it.done.OnChanged = func(bool) {
		it.w.toggleDone(id)
		it.w.focusView()
	}
}

// chip returns the row's i-th count chip, making it when needed.
func (it *docItem) chip(i int) *chip {
	for len(it.chips.Objects) <= i {
		c := newChip("", hexColor(""))
		c.size = theme.Size(theme.SizeNameCaptionText) - 1
		it.chips.Add(c)
	}
	return it.chips.Objects[i].(*chip)
}
