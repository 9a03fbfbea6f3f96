package doclist

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/app/parts"
	"github.com/skein-news/skein/app/phases"
	"github.com/skein-news/skein/store"
)

// Store is what the document list reads.
type Store interface {
	Documents(ctx context.Context, fn func(store.DocInfo) error) error
	EachDocument(ctx context.Context, fn func(*annotate.Document) error) error
	Document(id string) (*annotate.Document, error)
	Counts(docID, annotator string) (map[string]int, error)
	Mark(docID, annotator string) (*annotate.Mark, error)
}

// Frame is what the document list asks of the window around it, besides
// what every feature asks (frame.Host).
type Frame interface {
	frame.Host
	// Context ends when the window closes; Later runs f off the UI
	// goroutine after d, and the window waits for it when it closes unless
	// stop, called first, reports it will not run.
	Context() context.Context
	Later(d time.Duration, f func()) (stop func() bool)
	// Doc is the open article, nil while none is; OpenDocument shows
	// another; OpenFirst the one open last, or the first.
	Doc() *annotate.Document
	OpenDocument(id string)
	OpenFirst()
	// ReadAhead reads an article ahead of its open: its row is the one
	// the pointer rests on or the keyboard highlights.
	ReadAhead(id string)
	// Labels are the user's labels, in the bar's order; LabelColor is
	// the colour of the label called name, which it adds if it is new.
	Labels() []annotate.Label
	LabelColor(name string) string
	// ScanLabels looks for the labels of the store's spans, after an
	// import.
	ScanLabels()
	// Progress is review's count for a document's row, and the same in
	// a word or two for a row too narrow for it, "" outside review;
	// ForgetProgress marks documents' counts stale.
	Progress(doc string) (long, short string)
	ForgetProgress(ids ...string)
	// AssignedFirst orders the documents with those the team folder's
	// assignment gives the user first, and says how many those are.
	AssignedFirst(docs []store.DocInfo) (ordered []store.DocInfo, assigned int)
	// RefreshHead draws the article's header again.
	RefreshHead()
}

// FilterDelay is how long the filter waits after the last keystroke
// before it searches the articles' text.
const FilterDelay = 200 * time.Millisecond

// State is what a document row shows besides the title: the user's span
// counts by label and the done mark.
type State struct {
	Counts map[string]int
	Done   bool
}

// List is the document list: the filter, the count and the rows of the
// articles, what each row shows of the user's layer, and the done mark.
type List struct {
	st Store
	f  Frame

	docs []store.DocInfo // every document, in list order
	// assigned is how many of docs, first in the list, the team folder's
	// assignment gives the user, and isAssigned says which they are.
	assigned   int
	isAssigned map[string]bool
	folded     []string        // their titles in lower case, for the filter
	shown      []store.DocInfo // those the filter lets through
	states     *Cache[State]   // what the rows show of the user's layer

	rows *widget.List
	// views is the row view each document was last bound to, boundTo the
	// document each view shows.
	views   map[string]*RowView
	boundTo map[*RowView]string
	filter  *widget.Entry
	count   *parts.Caption
	syncing bool // set while the list selects a row itself, not the researcher

	filterGen    int
	filterNote   string
	filterStop   func() bool
	filterCancel context.CancelFunc
}

// New makes the document list of a window holding docs; Build makes its
// widgets.
func New(st Store, f Frame, docs []store.DocInfo) *List {
	l := &List{st: st, f: f, views: map[string]*RowView{}, boundTo: map[*RowView]string{}}
	l.states = NewCache(f, "count spans of", func() func(context.Context, string) (State, error) {
		user := f.User()
		return func(_ context.Context, id string) (State, error) { return ReadState(st, id, user) }
	}, l.Arrived)
	l.SetDocs(docs)
	l.shown = l.docs
	return l
}

// Build makes the left column: the filter, the count and the virtualised
// list of articles.
func (l *List) Build() fyne.CanvasObject {
	w := l.f
	l.filter = widget.NewEntry()
	l.filter.SetPlaceHolder(filterHints[0])
	l.filter.ActionItem = widget.NewIcon(theme.SearchIcon())
	l.filter.OnChanged = l.filterChanged

	l.count = parts.NewCaption("", theme.ColorNamePlaceHolder, theme.SizeNameCaptionText)
	// Cut to the column, not widening it as the count's digits change.
	l.count.Truncate = true

	l.rows = widget.NewList(
		func() int { return len(l.shown) },
		func() fyne.CanvasObject {
			return NewRowView(func(id string) {
				l.ToggleDone(id)
				w.FocusView()
			})
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i < len(l.shown) {
				rv := o.(*RowView)
				if old, ok := l.boundTo[rv]; ok && l.views[old] == rv {
					delete(l.views, old)
				}
				l.views[l.shown[i].ID], l.boundTo[rv] = rv, l.shown[i].ID
				rv.Set(l.row(l.shown[i]))
			}
		},
	)
	l.rows.OnSelected = func(i widget.ListItemID) {
		defer phases.Handler("open")()
		if l.syncing || i >= len(l.shown) {
			return
		}
		if d := w.Doc(); d == nil || d.ID != l.shown[i].ID {
			w.OpenDocument(l.shown[i].ID)
		}
	}

	// The row the pointer comes to (or the keyboard moves to) is read
	// before it is clicked, unless it is the open one (issue 18).
	l.rows.OnHighlighted = func(i widget.ListItemID) {
		if i >= 0 && i < len(l.shown) {
			w.ReadAhead(l.shown[i].ID)
		}
	}

	head := container.NewVBox(
		container.New(hintLayout{l.filter, filterHints}, l.filter),
		container.New(layout.NewCustomPaddedLayout(0, theme.Padding(), theme.Padding()*2, 0), l.count),
	)
	return container.NewStack(
		parts.NewBackground(theme.ColorNameHeaderBackground),
		container.NewBorder(container.NewPadded(head), nil, nil, nil, l.rows),
	)
}

// filterHints are what the empty filter says, longest first: the column's
// least width clipped the first to "Filter titles and te".
var filterHints = []string{"Filter titles and text…", "Filter titles, text…", "Filter…"}

// hintLayout gives its one object, entry, the whole of its room, with the
// longest of hints that fits it as its placeholder.
type hintLayout struct {
	entry *widget.Entry
	hints []string
}

func (h hintLayout) MinSize(objs []fyne.CanvasObject) fyne.Size { return objs[0].MinSize() }

func (h hintLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if hint := frame.HintFor(h.hints, frame.HintRoom(size.Width, h.entry.ActionItem)); hint != h.entry.PlaceHolder {
		h.entry.SetPlaceHolder(hint)
	}
	objs[0].Move(fyne.Position{})
	objs[0].Resize(size)
}

// Docs are every document, in list order; Shown those the filter lets
// through.
func (l *List) Docs() []store.DocInfo { return l.docs }

// Shown are the documents the filter lets through, in list order.
func (l *List) Shown() []store.DocInfo { return l.shown }

// Filter is the filter's entry; Rows the list of rows.
func (l *List) Filter() *widget.Entry { return l.filter }

// Rows is the list of rows.
func (l *List) Rows() *widget.List { return l.rows }

// CountText is what the line under the filter says.
func (l *List) CountText() string { return l.count.Text() }

// States holds what the rows show of the user's layer.
func (l *List) States() *Cache[State] { return l.states }

// State returns a document's counts and done mark; the first time a row
// needs them they are read off the UI goroutine, and the row is drawn
// again when they arrive.
func (l *List) State(id string) State {
	s, _ := l.states.Get(id)
	return s
}

// ReadState reads what a document's row shows of the user's layer.
func ReadState(st Store, id, user string) (State, error) {
	var s State
	counts, err := st.Counts(id, user)
	if err != nil {
		return s, err
	}
	s.Counts = counts
	if m, err := st.Mark(id, user); err == nil {
		s.Done = m.Done
	} else if !errors.Is(err, store.ErrNotFound) {
		return s, err
	}
	return s, nil
}

// Forget marks what the rows know about documents a change touched as
// stale, and redraws their rows.
func (l *List) Forget(ids ...string) {
	l.states.Forget(ids...)
	l.f.ForgetProgress(ids...)
	l.refreshRows(ids)
}

// refreshRows draws the rows of documents again.
//
// The row bound to the document is set again by itself: a widget.List's
// RefreshItem refreshes the whole list first, binding every visible row
// again and building a template row, on every label key (issue 18).
func (l *List) refreshRows(ids []string) {
	for _, id := range ids {
		if i, ok := l.RowOf(id); ok {
			if rv := l.views[id]; rv != nil && l.boundTo[rv] == id {
				rv.Set(l.row(l.shown[i]))
			} else {
				l.rows.RefreshItem(i)
			}
		}
	}
}

// Refresh draws every row again.
func (l *List) Refresh() { l.rows.Refresh() }

// RefreshRow draws document id's row again.
func (l *List) RefreshRow(id string) { l.refreshRows([]string{id}) }

// Arrived draws again what shows document id's row values, read off the
// UI goroutine: its row, and the article's header if it is open.
func (l *List) Arrived(id string) {
	l.RefreshRow(id)
	if d := l.f.Doc(); d != nil && d.ID == id {
		l.f.RefreshHead()
	}
}

// UserBecame follows a change of annotator: the rows count the new user's
// layer.
func (l *List) UserBecame() {
	l.states.Reset()
	l.rows.Refresh()
}

// RowOf returns the row showing document id. A scan of 20,000 rows takes
// tens of microseconds, less than keeping a map up to date on every
// keystroke in the filter.
func (l *List) RowOf(id string) (int, bool) {
	for i, d := range l.shown {
		if d.ID == id {
			return i, true
		}
	}
	return 0, false
}

// After lists the documents of the list after (dir > 0) or before
// document id, nearest first; all of them when id is not listed.
func (l *List) After(id string, dir int) []string {
	start, ok := l.RowOf(id)
	if !ok {
		start = -1
		if dir < 0 {
			start = len(l.shown)
		}
	}
	var ids []string
	for i := start + dir; i >= 0 && i < len(l.shown); i += dir {
		ids = append(ids, l.shown[i].ID)
	}
	return ids
}

// SetShown replaces the rows of the document list and keeps the open
// document's row selected; note is said after the count.
func (l *List) SetShown(docs []store.DocInfo, note string) {
	l.shown = docs
	l.filterNote = note
	l.rows.Refresh()
	l.SelectOpen()
	l.refreshCount()
}

func (l *List) refreshCount() {
	noun := "articles"
	if len(l.docs) == 1 {
		noun = "article"
	}
	text := fmt.Sprintf("%s %s", frame.Thousands(len(l.docs)), noun)
	if len(l.shown) != len(l.docs) || l.filter.Text != "" {
		text = fmt.Sprintf("%s of %s %s", frame.Thousands(len(l.shown)), frame.Thousands(len(l.docs)), noun)
	}
	// What the filter's count means comes next to it, before what a
	// narrow column may cut.
	note := ""
	if l.filterNote != "" {
		note = "  ·  " + l.filterNote
	}
	// The rows count the user's layer; `skein list` counts every layer.
	const legend = "  ·  counts: your spans"
	assigned := ""
	if l.assigned > 0 {
		assigned = fmt.Sprintf("  ·  %s assigned first", frame.Thousands(l.assigned))
	}
	// A column too narrow for the whole line (the window's list at 1024
	// px wide read "… counts: your spans  ·  23 assi…") drops the legend
	// first, then the filter's note, rather than cut the count of articles
	// assigned first; the line is cut only where even that is too wide.
	l.count.SetText(text+note+legend+assigned, text+note+assigned, text+assigned)
}

// CountShown is the line under the filter as drawn in the column's
// width: whole, a shorter form (CountText's less the legend, then less the
// filter's note), or cut.
func (l *List) CountShown() string { return l.count.Shown() }

// SelectOpen selects the open document's row without reopening it.
func (l *List) SelectOpen() {
	l.syncing = true
	defer func() { l.syncing = false }()
	d := l.f.Doc()
	if d == nil {
		l.rows.UnselectAll()
		return
	}
	if i, ok := l.RowOf(d.ID); ok {
		l.rows.Select(i)
	} else {
		l.rows.UnselectAll()
	}
}

// filterChanged narrows the list at once by title, then, after a pause in
// typing, by text too, searching every article off the UI goroutine.
func (l *List) filterChanged(q string) {
	w := l.f
	l.filterGen++
	gen := l.filterGen
	if l.filterCancel != nil {
		l.filterCancel()
		l.filterCancel = nil
	}
	l.Stop()
	q = annotate.Fold(strings.TrimSpace(q))
	if q == "" {
		l.SetShown(l.docs, "")
		return
	}
	docs, folded := l.docs, l.folded
	var byTitle []store.DocInfo
	for i, d := range docs {
		if strings.Contains(folded[i], q) {
			byTitle = append(byTitle, d)
		}
	}
	l.SetShown(byTitle, "searching text…")

	ctx, cancel := context.WithCancel(w.Context())
	l.filterCancel = cancel
	l.filterStop = w.Later(FilterDelay, func() {
		hits, err := searchDocs(ctx, l.st, docs, folded, q)
		if ctx.Err() != nil {
			return
		}
		w.Do(func() {
			if gen != l.filterGen {
				return
			}
			if err != nil {
				w.Fail("search text", err)
				l.SetShown(byTitle, "text not searched")
				return
			}
			l.SetShown(hits, "")
		})
	})
}

// Stop stops the search of the articles' text the filter has yet to start.
func (l *List) Stop() {
	if l.filterStop != nil {
		l.filterStop()
		l.filterStop = nil
	}
}

// searchDocs returns the documents whose title or text contains q (folded),
// in the order of docs; folded holds their titles folded (annotate.Fold).
func searchDocs(ctx context.Context, st Store, docs []store.DocInfo, folded []string, q string) ([]store.DocInfo, error) {
	inText := map[string]bool{}
	err := st.EachDocument(ctx, func(d *annotate.Document) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if ContainsFold(d.Text, q) {
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

// ContainsFold reports whether s contains q, which is already folded,
// ignoring case and Arabic-script spelling variants (annotate.Fold).
func ContainsFold(s, q string) bool {
	return strings.Contains(annotate.Fold(s), q)
}

// SetDocs replaces the list of every document.
func (l *List) SetDocs(docs []store.DocInfo) {
	docs, l.assigned = l.f.AssignedFirst(docs) // a team folder's assignment
	l.docs = docs
	l.isAssigned = make(map[string]bool, l.assigned)
	for _, d := range docs[:l.assigned] {
		l.isAssigned[d.ID] = true
	}
	l.folded = make([]string, len(docs))
	for i, d := range docs {
		l.folded[i] = annotate.Fold(d.Title)
	}
}

// Load lists every document, oldest first; undated ones last, by title.
// An article without a title is listed by its opening words, marked as
// having none (annotate.ShownTitle), where the store's order put it: its
// text is read for that alone, and one that cannot be read is listed as
// annotate.NoTitle, to say what is wrong when it is opened.
func Load(ctx context.Context, st Store) ([]store.DocInfo, error) {
	var docs []store.DocInfo
	err := st.Documents(ctx, func(d store.DocInfo) error {
		docs = append(docs, d)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list documents: %w", err)
	}
	store.SortByDate(docs)
	var listed []annotate.Listed
	for i, d := range docs {
		if annotate.Titled(d.Title) {
			if shown := annotate.ShownTitle(d.Title, ""); shown != d.Title {
				docs[i].Title = shown // “(no title) …”, a title of its own
			}
			continue
		}
		docs[i].Title = annotate.NoTitle
		if doc, err := st.Document(d.ID); err == nil {
			docs[i].Title = annotate.ShownTitle(doc.Title, doc.Text)
		}
		listed = append(listed, annotate.Listed{Title: docs[i].Title, Untitled: true, ID: d.ID, Source: d.Source, Date: d.Date})
	}
	// Two with the same opening words are told apart.
	annotate.TellApart(listed)
	for i, j := 0, 0; i < len(docs) && j < len(listed); i++ {
		if docs[i].ID == listed[j].ID {
			docs[i].Title = listed[j].Title
			j++
		}
	}
	return docs, nil
}

// Changed brings the rows of the documents that changed up to date. A
// change the user made here patches the counts and done mark the rows
// already show, so a row changes in the same frame as the article rather
// than a frame later when a read off the UI goroutine comes back (issue
// 18); anything else is read again. After an import it lists them all
// again.
func (l *List) Changed(c frame.Changed) {
	if c.All {
		l.Reload()
		return
	}
	ids := slices.Collect(maps.Keys(c.Docs))
	if c.Change == nil {
		l.Forget(ids...)
		return
	}
	states := map[string]State{}
	for _, id := range ids {
		if s, ok := l.states.Known(id); ok {
			states[id] = s
		}
	}
	if !PatchStates(states, c.Change, c.Undone, l.f.User()) {
		states = nil
	}
	var stale []string
	for _, id := range ids {
		if s, ok := states[id]; ok {
			l.states.Set(id, s)
		} else {
			stale = append(stale, id)
		}
	}
	l.states.Forget(stale...)
	l.f.ForgetProgress(ids...)
	l.refreshRows(ids)
}

// PatchStates applies change ch (taken back when undone) to the rows'
// states of the user's layer, in place; false if a document it touches is
// not among them or the counts do not add up, and the rows must be read
// again.
func PatchStates(states map[string]State, ch *annotate.Change, undone bool, user string) bool {
	for id, s := range states {
		counts := make(map[string]int, len(s.Counts)+1)
		for l, n := range s.Counts {
			counts[l] = n
		}
		states[id] = State{Counts: counts, Done: s.Done}
	}
	for _, e := range ch.Spans {
		before, after := e.Sides(undone)
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
			st.Counts[x.s.Label] += x.d
			switch n := st.Counts[x.s.Label]; {
			case n < 0:
				return false
			case n == 0:
				delete(st.Counts, x.s.Label)
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
		st.Done = m != nil && m.Done
		states[ref.Doc] = st
	}
	return true
}

// Reload lists the documents again off the UI goroutine, after an import
// or when a team folder's assignment changes.
func (l *List) Reload() {
	w := l.f
	w.Go(func(ctx context.Context) {
		docs, err := Load(ctx, l.st)
		w.Do(func() {
			if err != nil {
				w.Fail("list documents", err)
				return
			}
			l.SetDocs(docs)
			l.states.Reset()
			w.ScanLabels() // the import may have brought labels
			l.filterChanged(l.filter.Text)
			if d := w.Doc(); d == nil || !slices.ContainsFunc(docs, func(x store.DocInfo) bool { return x.ID == d.ID }) {
				w.OpenFirst() // none open, or the open one was deleted (`skein rm` beside the window)
			}
		})
	})
}

// ToggleDone flips the user's done mark on a document, as an undoable change.
func (l *List) ToggleDone(id string) {
	w := l.f
	user := w.User()
	old, err := l.st.Mark(id, user)
	notFound := errors.Is(err, store.ErrNotFound)
	if err != nil && !notFound {
		w.Fail("read mark", err)
		return
	}
	if err != nil {
		old = nil
	}
	upd := annotate.Mark{Doc: id, Annotator: user}
	if old != nil {
		upd = *old
	}
	upd.Done = !upd.Done
	desc := "mark done"
	if !upd.Done {
		desc = "mark not done"
	}
	if !w.Apply(annotate.SetMark(user, desc, old, &upd)) {
		l.Forget(id) // the row shows the stored mark again
		return
	}
	w.SetStatus(frame.Capital(desc) + ": " + l.TitleOf(id))
}

// TitleOf returns a document's title from the list.
func (l *List) TitleOf(id string) string {
	for _, d := range l.docs {
		if d.ID == id {
			return d.Title
		}
	}
	return id
}

// AssignedMark is what the date line of an article the team folder's
// assignment gives the user says after the date.
const AssignedMark = "assigned to you"

// AssignedShort is AssignedMark in a word, for a column too narrow for it.
const AssignedShort = "assigned"

// RowShown is what the row bound to document id shows now, and false if no
// row on screen shows it.
func (l *List) RowShown(id string) (title, details string, ok bool) {
	rv := l.views[id]
	if rv == nil || l.boundTo[rv] != id {
		return "", "", false
	}
	return rv.title.Text, rv.details.Line().Lead, true
}

// RowDrawn is what the row bound to document id last drew of its counts
// (strip.Strip.Drawn) and the width it had for them; false if no row on
// screen shows it.
func (l *List) RowDrawn(id string) (counts []string, end, width float32, ok bool) {
	rv := l.views[id]
	if rv == nil || l.boundTo[rv] != id {
		return nil, 0, 0, false
	}
	counts, end = rv.details.Drawn()
	return counts, end, rv.details.Size().Width, true
}

// RowLead is what the row bound to document id last drew of its date
// line: whole, a shorter form, or cut with "…"; false if no row on screen
// shows it.
func (l *List) RowLead(id string) (string, bool) {
	rv := l.views[id]
	if rv == nil || l.boundTo[rv] != id {
		return "", false
	}
	return rv.details.DrawnLead(), true
}

// row is document d as its row shows it.
func (l *List) row(d store.DocInfo) Row {
	st := l.State(d.ID)
	row := Row{ID: d.ID, Title: d.Title, Date: d.Date, Done: st.Done}
	if row.Date == "" {
		row.Date = "undated"
	}
	// In review the row's count comes first: the line is cut at the
	// column's edge, and after the mark it lost what a colleague settled
	// ("(2 more by alice)") even in a window the screen's width.
	// A column too narrow for the line (the window at its least size)
	// leaves out the date, then says the count in a word or two.
	p, short := l.f.Progress(d.ID)
	if p != "" {
		row.Date += "  ·  " + p
		row.Shorter = []string{p, short}
	}
	if l.isAssigned[d.ID] { // a row found by the filter says it too, away from the list's head
		row.Date += "  ·  " + AssignedMark
		for i, s := range row.Shorter {
			row.Shorter[i] = s + "  ·  " + AssignedMark
		}
		if short != "" {
			row.Shorter = append(row.Shorter, short)
		}
		if p == "" {
			// Outside review a narrow column cut the mark to "assig…", then
			// the date to "2023-11-…" (a 1024 and an 800 px window): the
			// mark in a word keeps the date, then goes on alone, as
			// review's count does.
			row.Shorter = []string{row.Date[:len(row.Date)-len(AssignedMark)] + AssignedShort, AssignedMark, AssignedShort}
		}
	}
	labels := l.f.Labels()
	for _, lb := range labels {
		if c := st.Counts[lb.Name]; c > 0 {
			row.Counts = append(row.Counts, Count{N: c, Color: parts.HexColor(lb.Color)})
		}
	}
	for name, c := range st.Counts { // labels the window does not know yet
		if c > 0 && !slices.ContainsFunc(labels, func(lb annotate.Label) bool { return lb.Name == name }) {
			row.Counts = append(row.Counts, Count{N: c, Color: parts.HexColor(l.f.LabelColor(name))})
		}
	}
	return row
}
