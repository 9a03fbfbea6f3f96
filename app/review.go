package app

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/agree"
	"github.com/skein-news/skein/app/doclist"
	"github.com/skein-news/skein/app/reviewpanel"
	"github.com/skein-news/skein/app/textview"

	"github.com/skein-news/skein/app/parts"
)

// Review mode shows two or more annotators' layers at once, item by item as
// agree.Compare lines them up, and lets the user settle each disagreement
// into the curated layer. Every decision is one Change holding the curated
// span edits and the Decision edits, so undo takes it back whole.
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

// review is review mode: its state and what it does, a type of its own;
// Window.rev is nil outside it. Its widgets are in reviewpanel, its rules
// in annotate/agree.
type review struct {
	w          *Window  // the window it is in
	annotators []string // in the order chosen, the user's own among them or not

	// The open article's items and what settles each.
	doc       string
	items     []agree.Item
	states    []agree.State
	curated   []*annotate.Span
	decisions []*annotate.Decision // the review decisions of article decsDoc
	decsDoc   string
	decsGen   int
	pre       *lined               // the article just opened, lined up off the UI goroutine
	open      int                  // unsettled disagreements
	total     int                  // disagreements
	hls       []textview.Highlight // as last given to the view

	cur  int    // the item under review, -1 none
	pick string // whose span of it A and E take

	// When the article landDoc opens, go to its first (land > 0) or last
	// (land < 0) open disagreement.
	landDoc string
	land    int
	seekGen int

	// progress is what the document rows show: resolved and total.
	progress *doclist.Cache[[2]int]
}

// reviewUI holds review mode's widgets, built once with the window.
type reviewUI struct {
	panel  *reviewpanel.Panel // replaces the span list
	spans  fyne.CanvasObject  // the span list it replaces
	legend fyne.CanvasObject
	menu   struct {
		start, stop, agreed *fyne.MenuItem
		keys                []*fyne.MenuItem // the bindings of review mode (keys.go)
	}
	report *reportView // the last agreement report shown
}

// reviewReader is what review mode reads.
type reviewReader interface {
	layerReader
	Decisions(docID string) ([]*annotate.Decision, error)
	Annotators() ([]string, error)
}

// reviewCounts reads one article's layers and decisions and returns how
// many of its disagreements are settled, of how many.
func reviewCounts(st reviewReader, doc string, annotators []string) (resolved, total int, err error) {
	layers := map[string][]*annotate.Span{}
	for _, n := range annotators {
		if layers[n], err = st.LayerSpans(doc, n); err != nil {
			return 0, 0, err
		}
	}
	curated, err := st.LayerSpans(doc, annotate.CuratedLayer)
	if err != nil {
		return 0, 0, err
	}
	decs, err := st.Decisions(doc)
	if err != nil {
		return 0, 0, err
	}
	resolved, total = agree.Progress(layers, annotators, curated, decs)
	return resolved, total, nil
}

// lined is an article's spans lined up for review.
type lined struct {
	doc         string
	spans       []*annotate.Span // what it was lined up from
	curated     []*annotate.Span
	items       []agree.Item
	states      []agree.State
	open, total int
}

// lineUp lines up an article's spans — the layers under review and the
// curated layer — into items, with what the decisions settle. It reads
// nothing but its arguments, so it runs off the UI goroutine when an article
// opens in review.
func lineUp(doc string, spans []*annotate.Span, annotators []string, decisions []*annotate.Decision) *lined {
	l := &lined{doc: doc, spans: spans}
	layers := map[string][]*annotate.Span{}
	for _, s := range spans {
		switch {
		case s.Annotator == annotate.CuratedLayer:
			l.curated = append(l.curated, s)
		case slices.Contains(annotators, s.Annotator):
			layers[s.Annotator] = append(layers[s.Annotator], s)
		}
	}
	l.items = agree.Compare(layers, annotators)
	l.states, l.open, l.total = agree.Settle(l.items, l.curated, decisions)
	return l
}

// sameSlice reports whether a and b are the same slice.
func sameSlice[T any](a, b []T) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// reviewChanged keeps review's decisions up to date: the user's own are
// patched in; others are read again. The rows' counts of the documents
// that changed are forgotten by forget, after an import all of them.
func (w *Window) reviewChanged(c Changed) {
	r := w.rev
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

// loadDecisions reads the open article's review decisions off the UI
// goroutine and draws review again.
func (r *review) loadDecisions() {
	w := r.w
	r.decsGen++
	gen, doc := r.decsGen, w.doc.ID
	w.goBG(func(context.Context) {
		decs, err := w.st.Decisions(doc)
		w.do(func() {
			if w.rev != r || gen != r.decsGen {
				return
			}
			if err != nil {
				w.fail("read review decisions", err)
			}
			r.decisions, r.decsDoc = decs, doc
			if w.doc != nil && w.doc.ID == doc {
				r.refresh()
			}
		})
	})
}

// Reviewing returns the annotators under review, or nil outside review mode.
func (w *Window) Reviewing() []string {
	if w.rev == nil {
		return nil
	}
	return slices.Clone(w.rev.annotators)
}

// StartReview shows the layers of two or more annotators for review and goes
// to the first open disagreement of the open article.
func (w *Window) StartReview(annotators ...string) error {
	var names []string
	for _, a := range annotators {
		if a != "" && a != annotate.CuratedLayer && !slices.Contains(names, a) {
			names = append(names, a)
		}
	}
	if len(names) < 2 {
		return fmt.Errorf("review %v: %w", annotators, agree.ErrAnnotators)
	}
	w.rev = &review{w: w, annotators: names, cur: -1}
	w.rev.progress = doclist.NewCache(host{w}, "count disagreements of", func() func(context.Context, string) ([2]int, error) {
		st := w.st
		return func(_ context.Context, id string) ([2]int, error) {
			res, total, err := reviewCounts(st, id, names)
			return [2]int{res, total}, err
		}
	}, w.rowArrived)
	w.revUI.panel.Show()
	w.revUI.spans.Hide()
	w.revUI.legend.Show()
	w.revUI.menu.stop.Disabled = false
	w.revUI.menu.agreed.Disabled = false
	for _, it := range w.revUI.menu.keys {
		it.Disabled = false
	}
	w.mainMenu.Refresh()
	if w.doc != nil {
		w.rev.landDoc, w.rev.land = w.doc.ID, 1
	}
	w.ShowLayers(append(slices.Clone(names), annotate.CuratedLayer)...)
	w.docList.Refresh()
	w.refreshHead()
	w.setStatus("Reviewing " + strings.Join(names, ", ") + ": N next disagreement, P previous, A accept, R reject, E edit, 1–9 pick a span.")
	return nil
}

// StopReview leaves review mode and shows the user's own layer again.
func (w *Window) StopReview() {
	if w.rev == nil {
		return
	}
	w.rev = nil
	w.revUI.panel.Hide()
	w.revUI.spans.Show()
	w.revUI.legend.Hide()
	w.revUI.menu.stop.Disabled = true
	w.revUI.menu.agreed.Disabled = true
	for _, it := range w.revUI.menu.keys {
		it.Disabled = true
	}
	w.mainMenu.Refresh()
	w.ShowLayers()
	w.docList.Refresh()
	w.refreshHead()
	w.setStatus("Review stopped.")
}

// reviewMenu is the Review menu.
func (w *Window) reviewMenu() *fyne.Menu {
	w.revUI.menu.start = fyne.NewMenuItem("Start review…", w.showStartReview)
	w.revUI.menu.stop = fyne.NewMenuItem("Stop review", w.StopReview)
	w.revUI.menu.stop.Disabled = true
	w.revUI.menu.agreed = fyne.NewMenuItem("Accept the agreed spans of this article", w.reviewAcceptAgreed)
	w.revUI.menu.agreed.Disabled = true
	items := []*fyne.MenuItem{w.revUI.menu.start, w.revUI.menu.stop, w.revUI.menu.agreed, fyne.NewMenuItemSeparator()}
	items = append(items, w.bindingItems("Review")...)
	items = append(items, fyne.NewMenuItemSeparator(), fyne.NewMenuItem("Agreement report…", w.showAgreementReport))
	return fyne.NewMenu("Review", items...)
}

// askAnnotators asks which annotators to compare, two or more, with a
// checkbox per annotator in the store; then calls done with them.
func (w *Window) askAnnotators(title, confirm string, done func([]string)) {
	all, err := w.st.Annotators()
	if err != nil {
		w.fail("list annotators", err)
		return
	}
	var names []string
	for _, a := range all {
		if a != annotate.CuratedLayer {
			names = append(names, a)
		}
	}
	if len(names) < 2 {
		w.setStatus("Review needs two or more annotators' layers: import a colleague's bundle first.")
		return
	}
	chosen := map[string]bool{}
	if w.rev != nil {
		for _, a := range w.rev.annotators {
			chosen[a] = true
		}
	}
	if len(chosen) == 0 && len(names) == 2 {
		chosen[names[0]], chosen[names[1]] = true, true
	}
	checks := container.NewVBox()
	for _, a := range names {
		a := a
		c := widget.NewCheck(a, func(on bool) { chosen[a] = on })
		c.SetChecked(chosen[a])
		checks.Add(c)
	}
	note := parts.NewCaption("Pick two or more.", theme.ColorNamePlaceHolder, theme.SizeNameCaptionText)
	scroll := container.NewVScroll(checks)
	scroll.SetMinSize(fyne.NewSize(300, min(float32(40*len(names)), 320)))
	d := dialog.NewCustomConfirm(title, confirm, "Cancel", container.NewBorder(nil, note, nil, nil, scroll), func(ok bool) {
		if !ok {
			return
		}
		var picked []string
		for _, a := range names {
			if chosen[a] {
				picked = append(picked, a)
			}
		}
		if len(picked) < 2 {
			w.setStatus("Pick two or more annotators.")
			return
		}
		done(picked)
	}, w.win)
	d.Show()
}

// showStartReview asks for the annotators to review.
func (w *Window) showStartReview() {
	w.askAnnotators("Review annotators", "Start review", func(names []string) {
		if err := w.StartReview(names...); err != nil {
			w.fail("start review", err)
		}
	})
}

// refresh lines up the open article's layers and draws them as review
// items. It runs wherever refreshSpans does.
func (r *review) refresh() {
	w := r.w
	if w.doc == nil {
		return
	}
	// Keep the item under review across the recount: it is the one that
	// holds the same span.
	var keep string
	if it := r.item(); it != nil {
		for _, s := range it.Spans {
			keep = s.ID
			break
		}
	}
	if r.decsDoc != w.doc.ID {
		// Shown before its decisions were read (review started on it, or
		// an import changed them): read them, then come back.
		r.loadDecisions()
		return
	}
	l := r.pre
	if l == nil || l.doc != w.doc.ID || !sameSlice(l.spans, w.spans) {
		l = lineUp(w.doc.ID, w.spans, r.annotators, r.decisions)
	}
	r.pre = nil
	r.doc = w.doc.ID
	r.curated, r.items, r.states, r.open, r.total = l.curated, l.items, l.states, l.open, l.total
	r.progress.Set(r.doc, [2]int{r.total - r.open, r.total})
	if i, ok := w.rowOf(r.doc); ok {
		w.docList.RefreshItem(i)
	}
	r.cur = -1
	if keep != "" {
		r.cur = r.itemOf(keep)
	}
	r.draw()
	w.revUI.panel.Update()
	w.refreshHead()
	if r.landDoc == r.doc && r.land != 0 {
		dir := r.land
		r.landDoc, r.land = "", 0
		if i := r.nextOpen(-1, 1); dir > 0 && i >= 0 {
			r.gotoItem(i, "")
		} else if i := r.nextOpen(len(r.items), -1); dir < 0 && i >= 0 {
			r.gotoItem(i, "")
		}
		return
	}
	r.showCurrent(false)
}

// draw gives the view the items' highlights.
func (r *review) draw() {
	w := r.w
	hl := r.hls[:0]
	add := func(s *annotate.Span, style int, outline bool) {
		hl = append(hl, textview.Highlight{
			ID: s.ID, Fragments: s.Fragments, Color: w.labelColor(s.Label),
			Label: s.Label, Annotator: s.Annotator, Style: style, Outline: outline,
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
	w.view.SetHighlights(hl)
	n := 0
	for _, it := range r.items {
		if !it.Disagreement() {
			n++
		}
	}
	w.revUI.panel.SetHead(fmt.Sprintf("Review  ·  %s, %s", annotate.Count(r.total, "disagreement"), annotate.Count(n, "agreement")))
}

// item returns the item under review, or nil.
func (r *review) item() *agree.Item {
	if r.cur < 0 || r.cur >= len(r.items) {
		return nil
	}
	return &r.items[r.cur]
}

// itemOf returns the item holding span id (or settled by curated span id),
// or -1.
func (r *review) itemOf(id string) int {
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

// nextOpen returns the first open disagreement after item from in
// direction dir, or -1.
func (r *review) nextOpen(from, dir int) int {
	for i := from + dir; i >= 0 && i < len(r.items); i += dir {
		if r.items[i].Disagreement() && !r.states[i].Settled {
			return i
		}
	}
	return -1
}

// picked returns the span of the item under review that A and E take: the
// one picked by a click or a number key, else the first annotator's.
func (r *review) picked() *annotate.Span {
	it := r.item()
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
func (r *review) shown() string {
	s := r.picked()
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

// gotoItem makes item i the one under review, picking annotator's span
// (or the first), and shows it.
func (r *review) gotoItem(i int, annotator string) {
	r.cur, r.pick = i, annotator
	r.showCurrent(true)
}

// showCurrent selects the item under review in the text and the list and
// describes it; scroll brings it into view.
func (r *review) showCurrent(scroll bool) {
	w := r.w
	id := r.shown()
	if scroll || w.view.SelectedSpan() != id {
		w.view.SelectSpan(id)
	}
	w.revUI.panel.Select(r.cur)
	if it := r.item(); it != nil && scroll {
		w.setStatus(r.describe(r.cur))
	}
}

// describe says what item i is and what has been decided.
func (r *review) describe(i int) string {
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
			parts = append(parts, fmt.Sprintf("%s%d %s: %s %s", mark, n, a, s.Label, where(s)))
		}
	}
	msg := fmt.Sprintf("%s — %s", it.Kind, strings.Join(parts, "; "))
	switch st := r.states[i]; {
	case st.Curated != nil:
		msg += "  ·  ✓ curated as " + st.Curated.Label
	case st.Rejected:
		msg += "  ·  ✗ rejected"
	case it.Disagreement():
		msg += "  ·  A accept, R reject, E edit"
	}
	return msg
}

// reviewProgress is the document row's review count, "" outside review
// mode. The first time a row needs it, it is read off the UI goroutine.
func (w *Window) reviewProgress(doc string) string {
	r := w.rev
	if r == nil {
		return ""
	}
	p, ok := r.progress.Get(doc)
	if !ok {
		return ""
	}
	if p[1] == 0 {
		return "no disagreements"
	}
	return fmt.Sprintf("%d of %d resolved", p[0], p[1])
}

// reviewHead is the review count in the article's header.
func (w *Window) reviewHead() string {
	r := w.rev
	if r == nil || w.doc == nil || r.doc != w.doc.ID {
		return ""
	}
	if r.total == 0 {
		return "no disagreements"
	}
	return fmt.Sprintf("%d of %s resolved", r.total-r.open, annotate.Count(r.total, "disagreement"))
}

// pickSpan picks the k-th span (0-based, in the chosen annotators' order)
// of the item under review.
func (r *review) pickSpan(k int) {
	w := r.w
	it := r.item()
	if it == nil {
		w.setStatus("Press N to go to a disagreement first.")
		return
	}
	n := 0
	for _, a := range r.annotators {
		if it.Spans[a] == nil {
			continue
		}
		if n == k {
			r.gotoItem(r.cur, a)
			return
		}
		n++
	}
	w.setStatus(fmt.Sprintf("This item has %d spans.", n))
}

// clicked follows a click on a highlight in review mode: its item
// comes under review, the clicked span picked.
func (r *review) clicked(id string) {
	w := r.w
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
	w.setStatus(r.describe(i))
}

// step goes to the next (dir > 0) or previous open disagreement;
// past the last of the article, it opens the next article that has one.
func (r *review) step(dir int) {
	from := r.cur
	if from < 0 && dir < 0 {
		from = len(r.items)
	}
	if i := r.nextOpen(from, dir); i >= 0 {
		r.gotoItem(i, "")
		return
	}
	r.seekArticle(dir)
}

// seekArticle finds, off the UI goroutine, the nearest article after (dir >
// 0) or before the open one in the list that has an open disagreement, and
// opens it at its first or last one.
func (r *review) seekArticle(dir int) {
	w := r.w
	r.seekGen++
	gen := r.seekGen
	start, ok := 0, false
	if w.doc != nil {
		start, ok = w.rowOf(w.doc.ID)
	}
	if !ok {
		start = -1
		if dir < 0 {
			start = len(w.shown)
		}
	}
	var ids []string
	for i := start + dir; i >= 0 && i < len(w.shown); i += dir {
		ids = append(ids, w.shown[i].ID)
	}
	names := slices.Clone(r.annotators)
	w.setStatus("Looking for the next article with open disagreements…")
	w.goBG(func(ctx context.Context) {
		found := ""
		counts := map[string][2]int{}
		for _, id := range ids {
			if ctx.Err() != nil {
				return
			}
			res, total, err := reviewCounts(w.st, id, names)
			if err != nil {
				w.do(func() { w.fail("count disagreements", err) })
				return
			}
			counts[id] = [2]int{res, total}
			if res < total {
				found = id
				break
			}
		}
		w.do(func() {
			if w.rev != r || gen != r.seekGen {
				return
			}
			for id, c := range counts {
				r.progress.Set(id, c)
			}
			if found == "" {
				where := "after"
				if dir < 0 {
					where = "before"
				}
				w.setStatus("No open disagreements " + where + " this article.")
				return
			}
			r.landDoc, r.land = found, dir
			w.OpenDocument(found)
		})
	})
}

// accept puts the picked span of the item under review into the
// curated layer.
func (r *review) accept() {
	w := r.w
	s := w.rev.picked()
	if s == nil {
		w.setStatus("Press N to go to a disagreement first.")
		return
	}
	if r.decide(annotate.VerdictAccept, fmt.Sprintf("accept %s's %s", s.Annotator, s.Label), agree.Accepted(s)) {
		w.setStatus(fmt.Sprintf("Accepted %s's %s “%s” into the curated layer — N for the next", s.Annotator, s.Label, clip(w.excerpt(s), 50)))
	}
}

// reviewAcceptAgreed puts every agreement of the open article that the
// curated layer lacks into it, as `skein curate` does for the corpus, in
// one undoable change recorded as the reviewer's accept decisions.
func (w *Window) reviewAcceptAgreed() {
	r := w.rev
	if r == nil || w.doc == nil || r.doc != w.doc.ID {
		return
	}
	ch, added, _ := agree.CurateChange(w.doc.ID, r.items, r.curated, r.decisions, w.user, "accept")
	if ch == nil {
		w.setStatus("Every agreed span of this article is in the curated layer already.")
		return
	}
	what := annotate.Count(added, "agreed span")
	if w.apply(ch) {
		w.setStatus("Accepted " + what + " into the curated layer — Ctrl+Z undoes it")
	}
}

// reject rejects every span of the item under review.
func (r *review) reject() {
	w := r.w
	it := w.rev.item()
	if it == nil {
		w.setStatus("Press N to go to a disagreement first.")
		return
	}
	if r.decide(annotate.VerdictReject, "reject "+it.Kind.String(), nil) {
		w.setStatus("Rejected — N for the next")
	}
}

// edit selects the picked span's fragments so the reviewer can adjust
// them and press a label key.
func (r *review) edit() {
	w := r.w
	s := w.rev.picked()
	if s == nil {
		w.setStatus("Press N to go to a disagreement first.")
		return
	}
	w.view.SetSelection(s.Fragments)
	w.setStatus(fmt.Sprintf("Editing %s's %s: adjust the selection, then press %s to put it into the curated layer; Esc cancels.", s.Annotator, s.Label, w.keyRange()))
}

// label puts the selected text into the curated layer with label l,
// as the edit of the item under review (or as a new curated span when none
// is under review).
func (r *review) label(l annotate.Label) {
	w := r.w
	n := w.text.Len()
	var frags []annotate.Fragment
	for _, f := range annotate.NormalizeFragments(w.view.Selection()) {
		f.Start, f.End = max(f.Start, 0), min(f.End, n)
		if f.Start < f.End {
			frags = append(frags, f)
		}
	}
	if len(frags) == 0 {
		w.setStatus("The selection holds no text.")
		return
	}
	c := &annotate.Span{
		ID: annotate.NewID(), Doc: w.doc.ID, Fragments: frags, Label: l.Name,
		Annotator: annotate.CuratedLayer, Created: annotate.NowMillis(),
	}
	if w.rev.picked() == nil {
		if w.apply(annotate.AddSpan(w.user, c)) {
			w.view.ClearSelection()
			w.setStatus("Added a curated " + l.Name)
		}
		return
	}
	if r.decide(annotate.VerdictEdit, "edit into curated "+l.Name, c) {
		w.view.ClearSelection()
		w.setStatus(fmt.Sprintf("Put the edited %s into the curated layer — N for the next", l.Name))
	}
}

// decide stores a decision on the item under review as one undoable
// change: the curated spans that settled it before are removed, curated (if
// any) is added, and the reviewer's decision is recorded on the picked span
// — on every span of the item for a reject.
func (r *review) decide(verdict, desc string, curated *annotate.Span) bool {
	w := r.w
	it, picked := r.item(), r.picked()
	if it == nil || picked == nil {
		return false
	}
	ch := agree.Decide(*it, r.states[r.cur], r.curated, r.decisions, agree.Verdict{
		Doc: w.doc.ID, Reviewer: w.user, Verdict: verdict, Desc: desc, Picked: picked, Curated: curated,
	})
	return w.apply(ch)
}

// buildReviewPanel makes the right column of review mode, hidden until a
// review starts, and stacks it over spans, the span list.
func (w *Window) buildReviewPanel(spans fyne.CanvasObject) fyne.CanvasObject {
	u := &w.revUI
	u.spans = spans
	u.panel = reviewpanel.New(
		func() int {
			if w.rev == nil {
				return 0
			}
			return len(w.rev.items)
		},
		w.reviewRow,
	)
	u.panel.OnSelect = func(i int) {
		if w.rev == nil {
			return
		}
		w.rev.gotoItem(i, "")
		w.focusView()
	}
	u.panel.Hide()
	return container.NewStack(spans, u.panel)
}

// reviewRow is item i as the review list shows it.
func (w *Window) reviewRow(i int) reviewpanel.Row {
	rv := w.rev
	if rv == nil || i >= len(rv.items) {
		return reviewpanel.Row{}
	}
	it := rv.items[i]
	row := reviewpanel.Row{Kind: it.Kind}
	var who []string
	var first *annotate.Span
	for _, a := range rv.annotators {
		if s := it.Spans[a]; s != nil {
			who = append(who, a+" "+s.Label)
			if first == nil {
				first = s
			}
		}
	}
	row.Who = strings.Join(who, " · ")
	switch st := rv.states[i]; {
	case st.Curated != nil:
		row.State = "✓ " + st.Curated.Label
	case st.Rejected:
		row.State = "✗ rejected"
	case it.Disagreement():
		row.State = "open"
	}
	if first != nil {
		row.Excerpt = clip(w.excerpt(first), 160)
	}
	return row
}

// reviewLegend makes the key to review mode's highlight styles, hidden
// until a review starts.
func (w *Window) reviewLegend() fyne.CanvasObject {
	w.revUI.legend = reviewpanel.NewLegend("N/P next/previous disagreement · A accept · R reject · E edit · 1–9 pick a span · Ctrl+Z undo")
	w.revUI.legend.Hide()
	return w.revUI.legend
}
