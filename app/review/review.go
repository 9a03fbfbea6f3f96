// Package review is the window's review mode. It shows two or more
// annotators' layers at once, item by item as agree.Compare lines them up,
// and lets the user settle each disagreement into the curated layer. Every
// decision is one Change holding the curated span edits and the Decision
// edits, so undo takes it back whole. Its widgets are in reviewpanel, its
// rules in annotate/agree; it reaches the window only through Frame and the
// store only through Store.
//
// How an item is drawn says what kind it is:
//
//	agreement          solid (one span drawn for all)
//	label conflict     solid with an outline, each annotator's label its own underline
//	boundary conflict  striped
//	conflict           striped with an outline (label and boundary differ)
//	one-sided          dim
//
// A settled item shows its curated span, solid; an item whose spans were all
// rejected is no longer drawn. The list on the right holds the items.
package review

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/agree"
	"github.com/skein-news/skein/app/doclist"
	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/app/parts"
	"github.com/skein-news/skein/app/reviewpanel"
	"github.com/skein-news/skein/app/team"
	"github.com/skein-news/skein/app/textview"
)

// Store is what review mode reads.
type Store interface {
	LayerSpans(docID, annotator string) ([]*annotate.Span, error)
	Decisions(docID string) ([]*annotate.Decision, error)
	Annotators() ([]string, error)
	// Layers says when each named layer of a document last changed and
	// its done mark: who worked on the article (annotate.LayerInfo.Worked).
	Layers(docID string, annotators []string) ([]annotate.LayerInfo, error)
}

// Frame is what review mode asks of the window around it, besides what
// every feature asks (frame.Host).
type Frame interface {
	frame.Host
	// RefuseWrite, on a store that cannot be written, says so and reports
	// true: a decision says it before what else it lacks (an item under
	// review).
	RefuseWrite() bool
	// Doc is the open article, nil while none is; Text is its indexed
	// text and Spans the spans shown in it, in text order.
	Doc() *annotate.Document
	Text() *annotate.Text
	Spans() []*annotate.Span
	// SelectedSpan is the ID of the span selected in the article;
	// SelectInText selects one in the text.
	SelectedSpan() string
	SelectInText(id string)
	// Selection is the text selected in the article; SetSelection selects
	// fragments, ClearSelection none.
	Selection() []annotate.Fragment
	SetSelection(f []annotate.Fragment)
	ClearSelection()
	// SetHighlights draws the article's highlights.
	SetHighlights(hl []textview.Highlight)
	// LabelColor is the colour of the label called name; KeyRange the
	// label keys, "1–4".
	LabelColor(name string) string
	KeyRange() string
	// Excerpt is a span's text in the open article.
	Excerpt(s *annotate.Span) string
	// ShowLayers shows the annotators' layers beside the user's.
	ShowLayers(annotators ...string)
	// OpenDocument shows an article; DocsAfter lists the articles of the
	// document list after (dir > 0) or before the open one, nearest first.
	OpenDocument(id string)
	DocsAfter(dir int) []string
	// RefreshRows draws the document list again, RefreshRow one row;
	// RowArrived is told a row's review count arrived. RefreshHead draws
	// the article's header again.
	RefreshRows()
	RefreshRow(id string)
	RowArrived(id string)
	RefreshHead()
	// Assignment is the team folder's assignment (assign.json), as
	// `skein agree` and `skein curate` read it: nil without one. It may
	// read a file: call it off the UI goroutine. Where assign.json
	// cannot be read it returns an *Unread: beside the assignment read
	// before where the file was written anew and is cut short (half
	// synced), alone where there is none to keep to. Any other error (the
	// team folder itself cannot be found out) review takes as an *Unread
	// alone: it counts no article, and says why.
	Assignment() (Assignment, error)
}

// Unread is what Frame.Assignment returns when the team folder's
// assign.json cannot be read now. Beside the assignment read before (the
// new file half synced), review goes on with that one, and says once that
// the new file is not read yet, and why. Alone (none read before, or the
// file whole but refused, damaged within or conflicted), review counts no
// article, as `skein agree` measures none: the rows, the header and the
// review column say so, naming the file.
type Unread struct {
	Err error // what is wrong with the file, naming it
}

func (u *Unread) Error() string { return u.Err.Error() }

func (u *Unread) Unwrap() error { return u.Err }

// Assignment is a team folder's assignment: whether an article is given
// to an annotator. The same value stands for the same assignment read, so
// review sees when it changed.
type Assignment interface {
	Has(doc, annotator string) bool
}

// UI is review mode: its widgets, built once with the window, and the
// review under way, nil outside review mode.
type UI struct {
	st Store
	f  Frame
	s  *Session

	panel  *reviewpanel.Panel // replaces the span list
	spans  fyne.CanvasObject  // the span list it replaces
	legend fyne.CanvasObject

	// skip is what SetSkipTheirs last chose, or what RememberSkip gave
	// from an earlier run: each review starts with it.
	skip bool
}

// RememberSkip gives the choice of SetSkipTheirs that the next review
// starts with, as the window kept it from an earlier run.
func (u *UI) RememberSkip(on bool) { u.skip = on }

// New makes review mode for a window; Build and Legend make its widgets.
func New(st Store, f Frame) *UI { return &UI{st: st, f: f} }

// Session is one review: the annotators compared and the open article's
// items.
type Session struct {
	u          *UI      // the review mode it is in
	annotators []string // in the order chosen, the user's own among them or not
	// theirs are the colleagues whose review (their curated layer and
	// decisions, arrived from a team folder) is shown beside each item;
	// skip makes N and P pass over the items one of them settled.
	// theirs changes on the UI goroutine under mu, which LineUp, off it,
	// reads it under.
	mu     sync.Mutex
	theirs []string
	skip   bool
	// asg is the team's assignment as review last read it, under mu;
	// asgRead once it has read one (assignment). said is what was
	// wrong with assign.json as said last, "" while it is whole.
	asg     Assignment
	asgRead bool
	said    string

	// The open article's items and what settles each.
	doc       string
	items     []agree.Item
	states    []agree.State
	their     [][]agree.Their // per item, per colleague of theirs
	curated   []*annotate.Span
	decisions []*annotate.Decision // the review decisions of article decsDoc
	infos     []annotate.LayerInfo // the layers under review of article decsDoc
	assigned  Assignment           // the team's assignment as decsDoc's were read, nil none
	decsDoc   string
	decsGen   int
	pre       *lined               // the article just opened, lined up off the UI goroutine
	open      int                  // unsettled disagreements
	total     int                  // disagreements
	leftOut   bool                 // fewer than two of the annotators worked on the article
	alone     string               // of a left-out article, the one who worked on it, if any
	byAssign  bool                 // left out by the team's assignment, not by work
	unread    string               // not counted: what is wrong with assign.json
	hls       []textview.Highlight // as last given to the view

	cur  int    // the item under review, -1 none
	pick string // whose span of it A and E take

	// When the article landDoc opens, go to its first (land > 0) or last
	// (land < 0) open disagreement.
	landDoc string
	land    int
	seekGen int

	// progress is what the document rows show.
	progress *doclist.Cache[counts]
}

// counts is an article's review count, as its row in the document list
// shows it.
type counts struct {
	resolved, total int
	left            int // open disagreements none of the colleagues shown settled
	// leftOut (lined.leftOut): 1 where none of the annotators worked on
	// the article (or was given it), 2+i where only annotators[i] did.
	leftOut int
	// byAssign: the team's assignment, not their work, left it out.
	byAssign bool
	// unread: assign.json cannot be read, and nothing is counted.
	unread bool
}

// Session is the review under way, nil outside review mode.
func (u *UI) Session() *Session { return u.s }

// Active reports whether a review is under way.
func (u *UI) Active() bool { return u.s != nil }

// Annotators returns the annotators under review, or nil outside review
// mode.
func (u *UI) Annotators() []string {
	if u.s == nil {
		return nil
	}
	return slices.Clone(u.s.annotators)
}

// Start shows the layers of two or more annotators for review and goes to
// the first open disagreement of the open article.
func (u *UI) Start(annotators ...string) error {
	var names []string
	for _, a := range annotators {
		if a != "" && a != annotate.CuratedLayer && !slices.Contains(names, a) {
			names = append(names, a)
		}
	}
	if len(names) < 2 {
		return fmt.Errorf("review %v: %w", annotators, agree.ErrAnnotators)
	}
	w := u.f
	r := &Session{u: u, annotators: names, cur: -1, skip: u.skip}
	// A colleague's curated layer under review brings their decisions
	// with it.
	for _, a := range names {
		if c, ok := annotate.CuratorOf(a); ok {
			r.theirs = append(r.theirs, c)
		}
	}
	u.s = r
	r.newProgress()
	u.panel.Show()
	u.spans.Hide()
	u.legend.Show()
	if d := w.Doc(); d != nil {
		r.landDoc, r.land = d.ID, 1
	}
	r.showLayers()
	w.RefreshRows()
	w.RefreshHead()
	msg := "Reviewing " + strings.Join(names, ", ") + ": N next disagreement, P previous, A accept, R reject, E edit, 1–9 pick a span."
	if len(r.theirs) > 0 {
		msg += " Showing " + possessive(r.theirs) + " review."
	}
	w.SetStatus(msg)
	return nil
}

// newProgress starts the rows' review counts afresh, for the annotators and
// colleagues of the review as they are now.
func (r *Session) newProgress() {
	w, st := r.u.f, r.u.st
	names, theirs := slices.Clone(r.annotators), slices.Clone(r.theirs)
	r.progress = doclist.NewCache(w, "count disagreements of", func() func(context.Context, string) (counts, error) {
		return func(_ context.Context, id string) (counts, error) {
			return reviewCounts(st, r.assignment, id, names, theirs)
		}
	}, w.RowArrived)
}

// showLayers shows the layers under review, the curated layer and the
// curated layers of the colleagues whose review is shown.
func (r *Session) showLayers() {
	layers := append(slices.Clone(r.annotators), annotate.CuratedLayer)
	for _, c := range r.theirs {
		if l := annotate.CuratedBy(c); !slices.Contains(layers, l) {
			layers = append(layers, l)
		}
	}
	r.u.f.ShowLayers(layers...)
}

// possessive names colleagues as owners: "alice's", "alice's and dana's".
func possessive(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = n + "'s"
	}
	return strings.Join(out, " and ")
}

// ReviewOf returns the colleagues whose review is shown, nil outside review
// mode.
func (u *UI) ReviewOf() []string {
	if u.s == nil {
		return nil
	}
	return slices.Clone(u.s.theirs)
}

// ShowReviewOf shows the review of these colleagues (their curated layer
// and decisions, arrived from a team folder) beside each item; none hides
// it. It settles nothing of the user's own review: Adopt does that.
func (u *UI) ShowReviewOf(colleagues ...string) {
	r := u.s
	if r == nil {
		return
	}
	var names []string
	for _, c := range colleagues {
		if c != "" && !slices.Contains(names, c) {
			names = append(names, c)
		}
	}
	r.mu.Lock()
	r.theirs = names
	r.mu.Unlock()
	r.pre = nil
	r.newProgress()
	r.showLayers() // reads the spans again, and review lines them up
	u.f.RefreshRows()
	if len(names) == 0 {
		u.f.SetStatus("Showing no colleague's review.")
		return
	}
	u.f.SetStatus("Showing " + possessive(names) + " review beside each item: it settles nothing of yours until you adopt it (Review ▸ Adopt).")
}

// SkipTheirs reports whether N and P pass over the items a colleague whose
// review is shown settled.
func (u *UI) SkipTheirs() bool { return u.s != nil && u.s.skip }

// SetSkipTheirs makes N and P pass over the items a colleague whose review
// is shown settled (on), or stop at every item open in the user's review;
// the next review starts with the same choice.
func (u *UI) SetSkipTheirs(on bool) {
	if u.s == nil {
		return
	}
	u.s.skip, u.skip = on, on
	if on {
		u.f.SetStatus("N and P now pass over what " + orColleague(u.s.theirs) + " settled.")
	} else {
		u.f.SetStatus("N and P now stop at every disagreement open in your review.")
	}
}

// orColleague names the colleagues whose review is shown, for a message.
func orColleague(names []string) string {
	if len(names) == 0 {
		return "a colleague whose review is shown"
	}
	return strings.Join(names, " or ")
}

// Stop leaves review mode and shows the user's own layer again.
func (u *UI) Stop() {
	if u.s == nil {
		return
	}
	w := u.f
	u.s = nil
	u.panel.Hide()
	u.spans.Show()
	u.legend.Hide()
	w.ShowLayers()
	w.RefreshRows()
	w.RefreshHead()
	w.SetStatus("Review stopped.")
}

// Changed keeps review's decisions up to date: the user's own are patched
// in; others are read again. The rows' counts are read again after an
// import; Forget marks those of other changes.
func (u *UI) Changed(c frame.Changed) {
	r := u.s
	if r == nil {
		return
	}
	if c.All {
		r.progress.Reset()
	}
	switch {
	case c.Change != nil:
		ch := c.Change
		if c.Undone {
			ch = ch.Inverse()
		}
		for _, e := range ch.Decisions {
			if b := e.Before; b != nil && b.Doc == r.decsDoc {
				r.decisions = slices.DeleteFunc(r.decisions, func(d *annotate.Decision) bool {
					return d.Span == b.Span && d.Reviewer == b.Reviewer
				})
			}
			if a := e.After; a != nil && a.Doc == r.decsDoc {
				d := *a
				r.decisions = append(r.decisions, &d)
			}
		}
	case c.Touches(r.decsDoc):
		r.decsDoc = ""
	}
}

// AssignmentArrived is told that the team folder holds a new assign.json
// (a colleague's, synced): the review reads it
// now, and if it is another assignment counts the rows again and lines up
// the open article again (assignment). It read assign.json only when it
// next read something, so a sync bringing the assignment alone left the
// open review counting by the old one.
func (u *UI) AssignmentArrived() {
	r := u.s
	if r == nil {
		return
	}
	r.u.f.Go(func(context.Context) {
		// Read, it counts the rows again where it changed; the store's
		// trouble is said by the rows, which read it as they are counted.
		_, _ = r.assignment()
	})
}

// Forget marks the review counts of documents stale.
func (u *UI) Forget(ids ...string) {
	if u.s != nil {
		u.s.progress.Forget(ids...)
	}
}

// Refresh lines up the open article's layers and draws them as review
// items, in review mode.
func (u *UI) Refresh() {
	if u.s != nil {
		u.s.refresh()
	}
}

// LineUp reads an article's review decisions and lines up its spans for
// the review under way, off the UI goroutine while the article opens; a nil
// session lines up nothing. Keep takes the result back on the UI
// goroutine.
func (r *Session) LineUp(doc string, spans []*annotate.Span) (*Prepared, error) {
	if r == nil {
		return nil, nil
	}
	decs, err := r.u.st.Decisions(doc)
	if err != nil {
		return nil, err
	}
	infos, err := r.u.st.Layers(doc, r.annotators)
	if err != nil {
		return nil, err
	}
	assigned, err := r.assignment()
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	theirs := r.theirs
	r.mu.Unlock()
	return &Prepared{doc: doc, decs: decs, infos: infos, assigned: assigned, theirs: theirs,
		lined: lineUp(doc, spans, r.annotators, theirs, decs, infos, assigned)}, nil
}

// Prepared is an article lined up for review as it opened.
type Prepared struct {
	doc      string
	decs     []*annotate.Decision
	infos    []annotate.LayerInfo
	assigned Assignment
	theirs   []string // the colleagues whose review it lined up
	lined    *lined
}

// Keep keeps what LineUp made for r, if r is still the review under
// way, so the article is not lined up again when it is shown.
func (u *UI) Keep(r *Session, p *Prepared) {
	if r == nil || p == nil || u.s != r {
		return
	}
	r.decisions, r.infos, r.assigned, r.decsDoc, r.pre = p.decs, p.infos, p.assigned, p.doc, p.lined
	if !slices.Equal(p.theirs, r.theirs) {
		r.pre = nil // lined up for other colleagues: refresh lines it up again
	}
	r.decsGen++
}

// Progress is document doc's review count for its row, "" outside review
// mode. The first time a row needs it, it is read off the UI goroutine.
func (u *UI) Progress(doc string) string {
	long, _ := u.RowProgress(doc)
	return long
}

// RowProgress is Progress and, for a row too narrow for it, the same in a
// word or two: "left out", "3 open", "done", "agreed" (nothing to
// resolve). A list column at the window's least size cut every row to
// "left…" or "0 o…".
func (u *UI) RowProgress(doc string) (long, short string) {
	r := u.s
	if r == nil {
		return "", ""
	}
	p, ok := r.progress.Get(doc)
	if !ok {
		return "", ""
	}
	if p.leftOut >= 1 {
		short = "left out"
	}
	switch {
	case p.unread:
		return notCounted, "not counted"
	case p.leftOut == 1 && p.byAssign:
		return "left out: given to none of them", short
	case p.leftOut == 1:
		return "left out: nobody's", short
	case p.leftOut >= 2 && p.leftOut-2 < len(r.annotators) && p.byAssign:
		return "left out: given only to " + r.annotators[p.leftOut-2], short
	case p.leftOut >= 2 && p.leftOut-2 < len(r.annotators):
		return "left out: only " + r.annotators[p.leftOut-2] + "'s", short
	}
	if p.total == 0 {
		return "no disagreements", "agreed"
	}
	long = fmt.Sprintf("%d of %d resolved", p.resolved, p.total)
	if by := p.total - p.resolved - p.left; by > 0 {
		long += fmt.Sprintf(" (%d more by %s)", by, orColleague(r.theirs))
	}
	if p.resolved == p.total {
		return long, "done"
	}
	return long, fmt.Sprintf("%d open", p.total-p.resolved)
}

// Head is the review count in the article's header, "" outside review.
func (u *UI) Head() string {
	r, d := u.s, u.f.Doc()
	if r == nil || d == nil || r.doc != d.ID {
		return ""
	}
	if r.leftOut {
		return r.leftOutText()
	}
	if r.total == 0 {
		return "no disagreements"
	}
	return fmt.Sprintf("%d of %s resolved", r.total-r.open, annotate.Count(r.total, "disagreement"))
}

// AcceptAgreed puts every agreement of the open article that the curated
// layer lacks into it, as `skein curate` does for the corpus, in one
// undoable change recorded as the reviewer's accept decisions.
func (u *UI) AcceptAgreed() {
	r, w := u.s, u.f
	if r == nil || w.Doc() == nil || r.doc != w.Doc().ID || w.RefuseWrite() {
		return
	}
	ch, added, _ := agree.CurateChange(w.Doc().ID, r.items, r.curated, r.decisions, w.User(), "accept")
	if ch == nil {
		w.SetStatus("Every agreed span of this article is in the curated layer already.")
		return
	}
	what := annotate.Count(added, "agreed span")
	if w.Apply(ch) {
		w.SetStatus("Accepted " + what + " into the curated layer — Ctrl+Z undoes it")
	}
}

// Adopt makes colleague's decisions on the open article the user's own:
// each item open in the user's review that they settled is decided as they
// decided it, in one change Ctrl+Z undoes whole. Items the user settled
// already keep the user's decision.
func (u *UI) Adopt(colleague string) {
	r, w := u.s, u.f
	if r == nil || w.Doc() == nil || r.doc != w.Doc().ID {
		return
	}
	k := slices.Index(r.theirs, colleague)
	if k < 0 {
		w.SetStatus("Show " + colleague + "'s review first (Review ▸ Show a colleague's review…).")
		return
	}
	theirs := make([]agree.Their, len(r.items))
	for i := range r.items {
		theirs[i] = r.their[i][k]
	}
	ch, n := agree.Adopt(w.Doc().ID, r.items, r.states, theirs, r.curated, r.decisions, w.User(), colleague)
	if ch == nil {
		w.SetStatus(colleague + " settled nothing here that is still open in your review.")
		return
	}
	if w.Apply(ch) {
		w.SetStatus(fmt.Sprintf("Adopted %s's %s on this article — Ctrl+Z undoes it", colleague, annotate.Count(n, "decision")))
	}
}

// Build makes the right column of review mode, hidden until a review
// starts, and stacks it over spans, the span list.
func (u *UI) Build(spans fyne.CanvasObject) fyne.CanvasObject {
	u.spans = spans
	u.panel = reviewpanel.New(
		func() int {
			if u.s == nil {
				return 0
			}
			return len(u.s.items)
		},
		u.row,
	)
	u.panel.RowHead = u.head
	u.panel.OnSelect = func(i int) {
		if u.s == nil {
			return
		}
		u.s.Goto(i, "")
		u.f.FocusView()
	}
	u.panel.Hide()
	return container.NewStack(spans, u.panel)
}

// row is item i as the review list shows it.
func (u *UI) row(i int) reviewpanel.Row {
	row := u.head(i)
	if u.s == nil || i >= len(u.s.items) {
		return row
	}
	for _, a := range u.s.annotators {
		if s := u.s.items[i].Spans[a]; s != nil {
			row.Excerpt = frame.Clip(u.f.Excerpt(s), 160)
			break
		}
	}
	return row
}

// head is item i as the review list shows it but for its excerpt: what
// the list measures each row's height by.
func (u *UI) head(i int) reviewpanel.Row {
	rv := u.s
	if rv == nil || i >= len(rv.items) {
		return reviewpanel.Row{}
	}
	it := rv.items[i]
	row := reviewpanel.Row{Kind: it.Kind, Who: make([]reviewpanel.Said, 0, len(it.Spans))}
	for _, a := range rv.annotators {
		if s := it.Spans[a]; s != nil {
			row.Who = append(row.Who, reviewpanel.Said{Annotator: a, Label: annotate.LabelShown(s.Label)})
		}
	}
	switch st := rv.states[i]; {
	case st.Curated != nil:
		row.State = "✓ " + annotate.LabelShown(st.Curated.Label)
	case st.Rejected:
		row.State = "✗ rejected"
	case rv.unread != "":
		row.State = "not counted"
	case rv.leftOut:
		// Not work to do: no count or N and P take it in. A click still
		// settles it, as its state then says.
		row.State = "left out"
	case it.Disagreement():
		row.State = "open"
	}
	row.Theirs = rv.theirLine(i)
	return row
}

// theirLine says what the colleagues whose review is shown decided about
// item i, with when: "alice: ✓ accepted bob's claim, 3 Dec 14:02"; "" when
// none of them settled it.
func (r *Session) theirLine(i int) string {
	if i >= len(r.their) {
		return ""
	}
	var out []string
	for _, t := range r.their[i] {
		if d := t.Describe(r.items[i]); d != "" {
			if t.At > 0 {
				d += ", " + When(t.At)
			}
			out = append(out, d)
		}
	}
	return strings.Join(out, " · ")
}

// When is a decision's time as review shows it, in the local time zone:
// "3 Dec 14:02".
func When(ms int64) string { return time.UnixMilli(ms).Local().Format("2 Jan 15:04") }

// Legend makes the key to review mode's highlight styles, hidden until a
// review starts.
func (u *UI) Legend() fyne.CanvasObject {
	u.legend = reviewpanel.NewLegend(reviewpanel.Keys)
	u.legend.Hide()
	return u.legend
}

// Panel is the list of items; SpansShown reports whether the span list it
// replaces is shown, LegendShown the legend.
func (u *UI) Panel() *reviewpanel.Panel { return u.panel }

// SpansShown reports whether the span list the panel replaces is shown.
func (u *UI) SpansShown() bool { return u.spans.Visible() }

// LegendShown reports whether the legend is shown.
func (u *UI) LegendShown() bool { return u.legend.Visible() }

// leftOutText is what the header and the review column say of the open
// article when it is left out.
func (r *Session) leftOutText() string {
	switch {
	case r.unread != "":
		return notCounted + " (" + r.unread + ")"
	case r.byAssign && r.alone == "":
		return "left out of the review: assign.json gives it to none of them"
	case r.byAssign:
		return "left out of the review: assign.json gives it only to " + r.alone
	case r.alone == "":
		return "left out of the review: none of them worked on it"
	}
	return "left out of the review: only " + r.alone + " worked on it"
}

// reviewCounts reads one article's layers, decisions and the team's
// assignment (asg) and returns its review count.
func reviewCounts(st Store, asg func() (Assignment, error), doc string, annotators, theirs []string) (counts, error) {
	var spans []*annotate.Span
	for _, n := range append(append(slices.Clone(annotators), annotate.CuratedLayer), curatedBy(theirs)...) {
		l, err := st.LayerSpans(doc, n)
		if err != nil {
			return counts{}, err
		}
		spans = append(spans, l...)
	}
	decs, err := st.Decisions(doc)
	if err != nil {
		return counts{}, err
	}
	infos, err := st.Layers(doc, annotators)
	if err != nil {
		return counts{}, err
	}
	assigned, err := asg()
	if err != nil {
		return counts{}, err
	}
	return lineUp(doc, spans, annotators, theirs, decs, infos, assigned).counts(), nil
}

// curatedBy names the colleagues' curated layers.
func curatedBy(theirs []string) []string {
	out := make([]string, len(theirs))
	for i, c := range theirs {
		out[i] = annotate.CuratedBy(c)
	}
	return out
}

// lined is an article's spans lined up for review.
type lined struct {
	doc         string
	spans       []*annotate.Span // what it was lined up from
	annotators  []string         // the annotators under review
	curated     []*annotate.Span
	items       []agree.Item
	states      []agree.State
	their       [][]agree.Their
	open, total int
	left        int // open disagreements no colleague shown settled
	// leftOut: fewer than two of the annotators worked on the article, so
	// nothing in it is a disagreement, as agreement leaves it out; its
	// items are drawn, and open to a click, but counted and walked to not.
	leftOut  bool
	alone    string // of a left-out article, the one who worked on it, if any
	byAssign bool   // the team's assignment left it out
	unread   string // assign.json cannot be read (unreadable): counted not at all
}

// counts is what the article's row shows (Session.progress).
func (l *lined) counts() counts {
	c := counts{resolved: l.total - l.open, total: l.total, left: l.left, byAssign: l.byAssign, unread: l.unread != ""}
	if l.leftOut {
		c.leftOut = 1
		if l.alone != "" {
			c.leftOut = 2 + slices.Index(l.annotators, l.alone)
		}
	}
	return c
}

// lineUp lines up an article's spans — the layers under review and the
// curated layer — into items, with what the decisions settle. It reads
// nothing but its arguments, so it runs off the UI goroutine when an article
// opens in review.
//
// As in agreement (and skein curate), an article counts for the
// annotators who worked on it (infos, the annotators' layers there, and
// their spans: annotate.LayerInfo.Worked): the items compare their layers
// alone, and an article fewer than two of them worked on is left out —
// its spans one-sided items no count or N and P take in. With 390
// imported articles in one's own layer N walked through every one. With
// the team's assignment (assigned, nil none) an article counts for exactly
// the annotators it is given to, as in agreement: a colleague's curated
// layer under review is no one's assignment and counts where its reviewer
// worked.
func lineUp(doc string, spans []*annotate.Span, annotators, theirs []string, decisions []*annotate.Decision, infos []annotate.LayerInfo, assigned Assignment) *lined {
	l := &lined{doc: doc, spans: spans, annotators: annotators}
	layers := map[string][]*annotate.Span{}
	theirCurated := map[string][]*annotate.Span{}
	for _, s := range spans {
		if s.Annotator == annotate.CuratedLayer {
			l.curated = append(l.curated, s)
		}
		if slices.Contains(annotators, s.Annotator) {
			layers[s.Annotator] = append(layers[s.Annotator], s)
		}
		if c, ok := annotate.CuratorOf(s.Annotator); ok && slices.Contains(theirs, c) {
			theirCurated[c] = append(theirCurated[c], s)
		}
	}
	var worked []string
	for _, a := range annotators {
		var info annotate.LayerInfo
		if i := slices.IndexFunc(infos, func(in annotate.LayerInfo) bool { return in.Annotator == a }); i >= 0 {
			info = infos[i]
		}
		in := info.Worked(len(layers[a]))
		if assigned != nil && !annotate.IsCurated(a) {
			in = assigned.Has(doc, a)
		}
		if in {
			worked = append(worked, a)
		}
	}
	if u, ok := assigned.(unreadable); ok {
		l.unread = u.err // given to no one, as skein agree measures nothing
	}
	if l.leftOut = len(worked) < 2; l.leftOut {
		l.byAssign = assigned != nil
		if len(worked) == 1 {
			l.alone = worked[0]
		}
		worked = annotators
	}
	l.items = agree.Compare(layers, worked)
	l.states, l.open, l.total = agree.Settle(l.items, l.curated, decisions)
	l.their = make([][]agree.Their, len(l.items))
	for k, c := range theirs {
		for i, t := range agree.Theirs(c, l.items, theirCurated[c], decisions) {
			if k == 0 {
				l.their[i] = make([]agree.Their, len(theirs))
			}
			l.their[i][k] = t
		}
	}
	for i, it := range l.items {
		if it.Disagreement() && !l.states[i].Settled && !settledBy(l.their[i]) {
			l.left++
		}
	}
	if l.leftOut {
		l.open, l.total, l.left = 0, 0, 0
	}
	return l
}

// settledBy reports whether one of the colleagues settled an item.
func settledBy(theirs []agree.Their) bool {
	return slices.ContainsFunc(theirs, func(t agree.Their) bool { return t.Settled })
}

// sameSlice reports whether a and b are the same slice.
func sameSlice[T any](a, b []T) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// assignment reads the team's assignment, off the UI goroutine, for what
// review lines up. When it is another than the one read before (assign.json
// written anew while the review is open: File ▸ Team ▸ Assign…, a
// colleague's, arrived), the rows are counted again and the open article
// lined up again, so that none shows what the old one gave.
//
// A new assign.json cut short (half synced, still being copied) leaves
// the one read before in force (Unread): that is said once, with the file
// and what is wrong with it, and nothing is counted again until the file
// is whole and gives another assignment. Review's counts stopped at every
// row with the file's error. One that cannot be read with none to keep to
// (damaged within, whole but refused, conflicted, or cut short with none
// read before) is an assignment that gives no article to anyone, and says
// why (unreadable): the rows, the header and the review column say alike
// that nothing is counted, as skein agree measures nothing. The rows were
// left blank and the open article counted as if there were no assignment.
func (r *Session) assignment() (Assignment, error) {
	a, err := r.u.f.Assignment()
	var unread *Unread
	if err != nil && !errors.As(err, &unread) {
		// The team folder itself cannot be found out (the store cannot
		// say which it is): what is assigned is as unknown as where
		// assign.json cannot be read. Returned as an error, it left every
		// row blank and said "read spans of …" of the article opened.
		a, unread = nil, &Unread{Err: err}
	}
	msg := ""
	if unread != nil {
		msg = unread.Err.Error()
		if a == nil {
			a = unreadable{msg}
		}
	}
	_, none := a.(unreadable)
	r.mu.Lock()
	changed := r.asgRead && r.asg != a
	r.asg, r.asgRead = a, true
	said := r.said
	r.said = msg
	r.mu.Unlock()
	w := r.u.f
	if msg != said {
		w.Do(func() {
			switch {
			case r.u.s != r:
			case msg != "":
				w.SetStatus(team.AssignUnread(msg, !none))
			case w.Status() == team.AssignUnread(said, true), w.Status() == team.AssignUnread(said, false), saysFailure(w.Status(), said):
				// Said last, it would go on saying the file is not read
				// (or what was wrong with it, as the team pass said it).
				w.SetStatus(AssignReadAgain)
			}
		})
	}
	if changed {
		r.countAgain()
	}
	return a, nil
}

// unreadable is the assignment of an assign.json that cannot be read, with
// none to keep to: it gives no article to anyone, and err says why.
type unreadable struct{ err string }

func (unreadable) Has(string, string) bool { return false }

// notCounted is what a row, the review column and the header say where
// assign.json cannot be read (unreadable); the header adds why.
const notCounted = "not counted: assign.json cannot be read"

// countAgain counts the rows and lines up the open article again, with
// the assignment as it is now.
func (r *Session) countAgain() {
	w := r.u.f
	w.Do(func() {
		if r.u.s != r {
			return
		}
		r.progress.Reset()
		w.RefreshRows()
		if d := w.Doc(); d != nil && r.decsDoc == d.ID {
			r.pre = nil
			r.loadDecisions() // with the assignment as it is now
		}
	})
}

// AssignReadAgain is said once an assign.json that could not be read is
// whole again: by review, which went on with the one it read before, and by
// the window's team pass, whichever of them hears of it first.
const AssignReadAgain = "assign.json in the team folder can be read again: review and your list follow it."

// saysFailure is whether status says failed, assign.json's error, as the
// window's team pass said it: from the file's name on (without the folder)
// as a sentence.
func saysFailure(status, failed string) bool {
	if i := strings.Index(failed, string(filepath.Separator)+"assign.json"); i >= 0 {
		failed = failed[i+1:]
	}
	return strings.HasSuffix(strings.TrimSuffix(status, "."), failed)
}

// loadDecisions reads the open article's review decisions off the UI
// goroutine and draws review again.
func (r *Session) loadDecisions() {
	w := r.u.f
	r.decsGen++
	gen, doc := r.decsGen, w.Doc().ID
	w.Go(func(context.Context) {
		decs, err := r.u.st.Decisions(doc)
		var infos []annotate.LayerInfo
		if err == nil {
			infos, err = r.u.st.Layers(doc, r.annotators)
		}
		var assigned Assignment
		if err == nil {
			assigned, err = r.assignment()
		}
		w.Do(func() {
			if r.u.s != r || gen != r.decsGen {
				return
			}
			if err != nil {
				w.Fail("read review decisions", err)
			}
			r.decisions, r.infos, r.assigned, r.decsDoc = decs, infos, assigned, doc
			if w.Doc() != nil && w.Doc().ID == doc {
				r.refresh()
			}
		})
	})
}

// refresh lines up the open article's layers and draws them as review
// items. It runs wherever refreshSpans does.
func (r *Session) refresh() {
	w := r.u.f
	if w.Doc() == nil {
		return
	}
	// Keep the item under review across the recount: it is the one that
	// holds the same span.
	var keep string
	if it := r.Item(); it != nil {
		for _, s := range it.Spans {
			keep = s.ID
			break
		}
	}
	if r.decsDoc != w.Doc().ID {
		// Shown before its decisions were read (review started on it, or
		// an import changed them): read them, then come back.
		r.loadDecisions()
		return
	}
	l := r.pre
	if l == nil || l.doc != w.Doc().ID || !sameSlice(l.spans, w.Spans()) {
		l = lineUp(w.Doc().ID, w.Spans(), r.annotators, r.theirs, r.decisions, r.infos, r.assigned)
	}
	r.pre = nil
	r.doc = w.Doc().ID
	r.curated, r.items, r.states, r.their, r.open, r.total = l.curated, l.items, l.states, l.their, l.open, l.total
	r.leftOut, r.alone, r.byAssign, r.unread = l.leftOut, l.alone, l.byAssign, l.unread
	r.progress.Set(r.doc, l.counts())
	w.RefreshRow(r.doc)
	r.cur = -1
	if keep != "" {
		r.cur = r.itemOf(keep)
	}
	r.draw()
	r.u.panel.Update()
	w.RefreshHead()
	if r.landDoc == r.doc && r.land != 0 {
		dir := r.land
		r.landDoc, r.land = "", 0
		if i := r.NextOpen(-1, 1); dir > 0 && i >= 0 {
			r.Goto(i, "")
		} else if i := r.NextOpen(len(r.items), -1); dir < 0 && i >= 0 {
			r.Goto(i, "")
		}
		return
	}
	r.showCurrent(false)
}

// draw gives the view the items' highlights.
func (r *Session) draw() {
	w := r.u.f
	hl := r.hls[:0]
	add := func(s *annotate.Span, style int, outline bool) {
		hl = append(hl, textview.Highlight{
			ID: s.ID, Fragments: s.Fragments, Color: parts.HexColor(w.LabelColor(s.Label)),
			Label: annotate.LabelShown(s.Label), Annotator: s.Annotator, Style: style, Outline: outline,
		})
	}
	for _, s := range r.curated {
		add(s, textview.StyleNormal, false)
	}
	for i, it := range r.items {
		if r.states[i].Settled {
			continue
		}
		spans := it.Sorted()
		switch it.Kind {
		case agree.Agreement:
			add(spans[0], textview.StyleNormal, false)
		case agree.LabelConflict:
			for _, s := range spans {
				add(s, textview.StyleNormal, true)
			}
		case agree.BoundaryConflict:
			for _, s := range spans {
				add(s, textview.StyleStriped, false)
			}
		case agree.Conflict:
			for _, s := range spans {
				add(s, textview.StyleStriped, true)
			}
		default:
			for _, s := range spans {
				add(s, textview.StyleDim, false)
			}
		}
	}
	r.hls = hl
	w.SetHighlights(hl)
	n := 0
	for _, it := range r.items {
		if !it.Disagreement() {
			n++
		}
	}
	switch {
	case r.unread != "":
		// The file's error is the header's: in the column it was cut.
		r.u.panel.SetCounts(notCounted)
		return
	case r.leftOut:
		r.u.panel.SetCounts(r.leftOutText())
		return
	}
	r.u.panel.SetCounts(annotate.Count(r.total, "disagreement") + ", " + annotate.Count(n, "agreement"))
}

// Item returns the item under review, or nil.
func (r *Session) Item() *agree.Item {
	if r.cur < 0 || r.cur >= len(r.items) {
		return nil
	}
	return &r.items[r.cur]
}

// itemOf returns the item holding span id (or settled by curated span id),
// or -1.
func (r *Session) itemOf(id string) int {
	for i, it := range r.items {
		for _, s := range it.Spans {
			if s.ID == id {
				return i
			}
		}
		if c := r.states[i].Curated; c != nil && c.ID == id {
			return i
		}
	}
	return -1
}

// NextOpen returns the first open disagreement after item from in
// direction dir, or -1; with SetSkipTheirs, the first no colleague whose
// review is shown settled.
func (r *Session) NextOpen(from, dir int) int {
	if r.leftOut {
		return -1
	}
	for i := from + dir; i >= 0 && i < len(r.items); i += dir {
		if r.items[i].Disagreement() && !r.states[i].Settled && !(r.skip && settledBy(r.their[i])) {
			return i
		}
	}
	return -1
}

// Picked returns the span of the item under review that A and E take: the
// one picked by a click or a number key, else the first annotator's.
func (r *Session) Picked() *annotate.Span {
	it := r.Item()
	if it == nil {
		return nil
	}
	if s := it.Spans[r.pick]; s != nil {
		return s
	}
	for _, a := range r.annotators {
		if s := it.Spans[a]; s != nil {
			return s
		}
	}
	return nil
}

// shown returns the ID of the highlight that stands for the item under
// review: the picked span if it is drawn, else the item's curated span.
func (r *Session) shown() string {
	s := r.Picked()
	if s == nil {
		return ""
	}
	for _, h := range r.hls {
		if h.ID == s.ID {
			return s.ID
		}
	}
	if c := r.states[r.cur].Curated; c != nil {
		return c.ID
	}
	return ""
}

// Goto makes item i the one under review, picking annotator's span
// (or the first), and shows it.
func (r *Session) Goto(i int, annotator string) {
	r.cur, r.pick = i, annotator
	r.showCurrent(true)
}

// showCurrent selects the item under review in the text and the list and
// describes it; scroll brings it into view.
func (r *Session) showCurrent(scroll bool) {
	w := r.u.f
	id := r.shown()
	if scroll || w.SelectedSpan() != id {
		w.SelectInText(id)
	}
	r.u.panel.Select(r.cur)
	if it := r.Item(); it != nil && scroll {
		w.SetStatus(r.describe(r.cur))
	}
}

// describe says what item i is and what has been decided.
func (r *Session) describe(i int) string {
	it := r.items[i]
	var parts []string
	n := 0
	for _, a := range r.annotators {
		if s := it.Spans[a]; s != nil {
			n++
			mark := ""
			if a == r.pick || (r.pick == "" && n == 1) {
				mark = "▸"
			}
			parts = append(parts, fmt.Sprintf("%s%d %s: %s %s", mark, n, a, annotate.LabelShown(s.Label), frame.Where(s)))
		}
	}
	msg := fmt.Sprintf("%s — %s", it.Kind, strings.Join(parts, "; "))
	switch st := r.states[i]; {
	case st.Curated != nil:
		msg += "  ·  ✓ curated as " + annotate.LabelShown(st.Curated.Label)
	case st.Rejected:
		msg += "  ·  ✗ rejected"
	case it.Disagreement():
		msg += "  ·  A accept, R reject, E edit"
	}
	if t := r.theirLine(i); t != "" {
		msg += "  ·  " + t
	}
	return msg
}

// PickSpan picks the k-th span (0-based, in the chosen annotators' order)
// of the item under review.
func (r *Session) PickSpan(k int) {
	w := r.u.f
	it := r.Item()
	if it == nil {
		w.SetStatus("Press N to go to a disagreement first.")
		return
	}
	n := 0
	for _, a := range r.annotators {
		if it.Spans[a] == nil {
			continue
		}
		if n == k {
			r.Goto(r.cur, a)
			return
		}
		n++
	}
	w.SetStatus("This item has " + annotate.Count(n, "span") + ".")
}

// Clicked follows a click on a highlight in review mode: its item
// comes under review, the clicked span picked.
func (r *Session) Clicked(id string) {
	w := r.u.f
	i := r.itemOf(id)
	if i < 0 {
		return
	}
	pick := ""
	for a, s := range r.items[i].Spans {
		if s.ID == id {
			pick = a
		}
	}
	r.cur, r.pick = i, pick
	r.showCurrent(false)
	w.SetStatus(r.describe(i))
}

// Step goes to the next (dir > 0) or previous open disagreement;
// past the last of the article, it opens the next article that has one.
func (r *Session) Step(dir int) {
	if r.unread != "" {
		// No article is counted: searching them all says nothing of why.
		r.u.f.SetStatus(team.AssignUnread(r.unread, false))
		return
	}
	from := r.cur
	if from < 0 && dir < 0 {
		from = len(r.items)
	}
	if i := r.NextOpen(from, dir); i >= 0 {
		r.Goto(i, "")
		return
	}
	r.seekArticle(dir)
}

// seekArticle finds, off the UI goroutine, the nearest article after (dir >
// 0) or before the open one in the list that has an open disagreement, and
// opens it at its first or last one.
func (r *Session) seekArticle(dir int) {
	w := r.u.f
	r.seekGen++
	gen := r.seekGen
	ids := w.DocsAfter(dir)
	names, theirs, skip := slices.Clone(r.annotators), slices.Clone(r.theirs), r.skip
	w.SetStatus("Looking for the next article with open disagreements…")
	w.Go(func(ctx context.Context) {
		found := ""
		seen := map[string]counts{}
		for _, id := range ids {
			if ctx.Err() != nil {
				return
			}
			c, err := reviewCounts(r.u.st, r.assignment, id, names, theirs)
			if err != nil {
				w.Do(func() { w.Fail("count disagreements", err) })
				return
			}
			seen[id] = c
			if c.resolved < c.total && (!skip || c.left > 0) {
				found = id
				break
			}
		}
		w.Do(func() {
			if r.u.s != r || gen != r.seekGen {
				return
			}
			for id, c := range seen {
				r.progress.Set(id, c)
			}
			if found == "" {
				where := "after"
				if dir < 0 {
					where = "before"
				}
				w.SetStatus("No open disagreements " + where + " this article.")
				return
			}
			r.landDoc, r.land = found, dir
			w.OpenDocument(found)
		})
	})
}

// Accept puts the picked span of the item under review into the
// curated layer.
func (r *Session) Accept() {
	w := r.u.f
	if w.RefuseWrite() {
		return
	}
	s := r.Picked()
	if s == nil {
		w.SetStatus("Press N to go to a disagreement first.")
		return
	}
	if r.decide(annotate.VerdictAccept, fmt.Sprintf("accept %s's %s", s.Annotator, annotate.LabelShown(s.Label)), agree.Accepted(s)) {
		w.SetStatus(fmt.Sprintf("Accepted %s's %s “%s” into the curated layer — N for the next", s.Annotator, annotate.LabelShown(s.Label), frame.Clip(w.Excerpt(s), 50)))
	}
}

// Reject rejects every span of the item under review.
func (r *Session) Reject() {
	w := r.u.f
	if w.RefuseWrite() {
		return
	}
	it := r.Item()
	if it == nil {
		w.SetStatus("Press N to go to a disagreement first.")
		return
	}
	if r.decide(annotate.VerdictReject, "reject "+it.Kind.String(), nil) {
		w.SetStatus("Rejected — N for the next")
	}
}

// Edit selects the picked span's fragments so the reviewer can adjust
// them and press a label key.
func (r *Session) Edit() {
	w := r.u.f
	if w.RefuseWrite() {
		return
	}
	s := r.Picked()
	if s == nil {
		w.SetStatus("Press N to go to a disagreement first.")
		return
	}
	w.SetSelection(s.Fragments)
	w.SetStatus(fmt.Sprintf("Editing %s's %s: adjust the selection, then press %s to put it into the curated layer; Esc cancels.", s.Annotator, annotate.LabelShown(s.Label), w.KeyRange()))
}

// Label puts the selected text into the curated layer with label l,
// as the edit of the item under review (or as a new curated span when none
// is under review).
func (r *Session) Label(l annotate.Label) {
	w := r.u.f
	n := w.Text().Len()
	var frags []annotate.Fragment
	for _, f := range annotate.NormalizeFragments(w.Selection()) {
		f.Start, f.End = max(f.Start, 0), min(f.End, n)
		if f.Start < f.End {
			frags = append(frags, f)
		}
	}
	if len(frags) == 0 {
		w.SetStatus("The selection holds no text.")
		return
	}
	c := &annotate.Span{
		ID: annotate.NewID(), Doc: w.Doc().ID, Fragments: frags, Label: l.Name,
		Annotator: annotate.CuratedLayer, Created: annotate.NowMillis(),
	}
	if r.Picked() == nil {
		if w.Apply(annotate.AddSpan(w.User(), c)) {
			w.ClearSelection()
			w.SetStatus("Added a curated " + annotate.LabelShown(l.Name))
		}
		return
	}
	if r.decide(annotate.VerdictEdit, "edit into curated "+annotate.LabelShown(l.Name), c) {
		w.ClearSelection()
		w.SetStatus(fmt.Sprintf("Put the edited %s into the curated layer — N for the next", annotate.LabelShown(l.Name)))
	}
}

// decide stores a decision on the item under review as one undoable
// change: the curated spans that settled it before are removed, curated (if
// any) is added, and the reviewer's decision is recorded on the picked span
// — on every span of the item for a reject.
func (r *Session) decide(verdict, desc string, curated *annotate.Span) bool {
	w := r.u.f
	it, picked := r.Item(), r.Picked()
	if it == nil || picked == nil {
		return false
	}
	ch := agree.Decide(*it, r.states[r.cur], r.curated, r.decisions, agree.Verdict{
		Doc: w.Doc().ID, Reviewer: w.User(), Verdict: verdict, Desc: desc, Picked: picked, Curated: curated,
	})
	return w.Apply(ch)
}

// Items are the open article's items; State says what settles item i.
func (r *Session) Items() []agree.Item { return r.items }

// State says what settles item i.
func (r *Session) State(i int) agree.State { return r.states[i] }

// Cur is the index of the item under review, -1 none.
func (r *Session) Cur() int { return r.cur }

// Total is the number of the open article's disagreements.
func (r *Session) Total() int { return r.total }

// Highlights are the highlights last drawn.
func (r *Session) Highlights() []textview.Highlight { return r.hls }
