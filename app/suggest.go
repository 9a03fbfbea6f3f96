package app

import (
	"context"
	"errors"
	"image/color"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/suggest"
	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/app/parts"
	"github.com/skein-news/skein/app/phases"
	"github.com/skein-news/skein/app/review"
	"github.com/skein-news/skein/app/suggestpanel"
	"github.com/skein-news/skein/app/textview"
	"github.com/skein-news/skein/app/transfer"
)

// suggestStore is what suggestions read and write (suggestpanel.Store).
type suggestStore = suggestpanel.Store

// prefSuggestOff keeps the sources switched off in View ▸ Suggestions.
const prefSuggestOff = "suggestions.off"

// suggestUI is the open article's suggestions, drawn dashed, and the
// Suggestions tab.
type suggestUI struct {
	f     *suggestpanel.Feature
	panel *suggestpanel.Panel
	tab   *container.TabItem
	menu  *fyne.MenuItem // View ▸ Suggestions
	gen   int            // the latest load, so a slow one is dropped
	// learned is the user whose labelled strings the feature knows;
	// pending the articles changed since, learned when timer fires.
	learned string
	pending map[string]bool
	timer   *time.Timer
	// offerGen tells the latest thread offer; offerTimer waits before it.
	offerGen   int
	offerTimer *time.Timer
	// told is Window.statusSaid just after the status line told how many
	// other articles report the selected span (tellReports): while it is
	// still the count, the status line tells it.
	told int
	// pre is the thread offer's search for the text selected, started
	// when the selection has stayed a moment (preTimer), so that a label
	// key on it finds its offer ready for the key's own frame; fresh is
	// the span the last change added, the one a key just made.
	pre      *offerSearch
	preTimer *time.Timer
	fresh    string
	// drawn counts the article's redraws with its suggestions (each asks
	// suggestionHighlights), for the tests.
	drawn int
	// edited waits for what a change's learning off the UI goroutine found
	// and puts it in place; nil when none is running. Nothing on the UI
	// goroutine touches f before (join).
	edited func()
	// own is ownSpans for the span list's version ownVer and user ownUser.
	own     []*annotate.Span
	ownOK   bool
	ownVer  int
	ownUser string
	ownMade int // counts the times own was made, for the tests
	// inline counts the changes whose learning the UI goroutine did
	// itself, its goroutine not begun when it was wanted (offJob).
	inline int
}

// offJob is a change's learning (suggestpanel.Feature.EditOff), begun on a
// goroutine of its own beside the UI goroutine's work and the store's
// write, that the UI goroutine does itself when it wants the result
// before that goroutine has begun it. On 2 busy cores the goroutine often
// began only once the UI goroutine waited for it, 0.5 ms after (issue 18's
// phases: suggest: join, then suggest: job), and the UI goroutine went on
// another handoff after it ended: done on the UI goroutine, neither wait
// is there.
type offJob struct {
	run     func() suggestpanel.Edited
	claimed atomic.Bool   // by the goroutine or by wait, whichever comes first
	done    chan struct{} // closed when the goroutine has res
	res     suggestpanel.Edited
}

// goOff begins f on a goroutine of its own; tests hold it back.
var goOff = func(f func()) { go f() }

// startOff begins run on a goroutine of its own.
func startOff(run func() suggestpanel.Edited) *offJob {
	j := &offJob{run: run, done: make(chan struct{})}
	goOff(func() {
		if j.claimed.CompareAndSwap(false, true) {
			j.res = j.run()
			close(j.done)
		}
	})
	return j
}

// wait returns what the job found, doing it now if its goroutine has not
// begun it (inline).
func (j *offJob) wait() (e suggestpanel.Edited, inline bool) {
	if j.claimed.CompareAndSwap(false, true) {
		return j.run(), true
	}
	<-j.done
	return j.res, false
}

// join waits for the learning of the last change and puts it in place.
func (s *suggestUI) join() {
	if e := s.edited; e != nil {
		s.edited = nil
		phases.Mark("suggest: join")
		e()
		phases.Mark("suggest: joined")
	}
}

// putLater has put, what an open's gathering off the UI goroutine found,
// put in place at the next join instead of now: the gathering goes on
// beside the UI goroutine's own work until the suggestions are drawn.
func (s *suggestUI) putLater(put func() bool) {
	s.join()
	s.edited = func() { put() }
}

// ownAfter is own, the user's spans in article doc in text order, once
// change ch is made (undone: taken back), as the span list will show them.
func ownAfter(own []*annotate.Span, ch *annotate.Change, undone bool, doc, user string) []*annotate.Span {
	own = slices.Clone(own)
	for _, e := range ch.Spans {
		before, after := e.Sides(undone)
		if before != nil {
			own = slices.DeleteFunc(own, func(s *annotate.Span) bool { return s.ID == before.ID })
		}
		if after != nil && after.Doc == doc && after.Annotator == user {
			i, _ := slices.BinarySearchFunc(own, after, func(x, y *annotate.Span) int {
				if annotate.SpanLess(x, y) {
					return -1
				}
				if annotate.SpanLess(y, x) {
					return 1
				}
				return 0
			})
			own = slices.Insert(own, i, after)
		}
	}
	return own
}

// buildSuggestions adds the Suggestions tab and follows what reaches the
// store.
func (w *Window) buildSuggestions(tabs *container.AppTabs) {
	s := &w.sg
	s.f = suggestpanel.New(w.st)
	for _, src := range strings.Split(w.app.Preferences().String(prefSuggestOff), "\n") {
		if src != "" {
			s.f.SetSource(src, false)
		}
	}
	s.panel = suggestpanel.NewPanel()
	s.panel.OnAccept = func(k suggestpanel.Kind) { w.acceptSuggestions(s.f.Of(k), "") }
	s.panel.OnReject = func(k suggestpanel.Kind) { w.rejectSuggestions(s.f.Of(k)) }
	s.tab = container.NewTabItem("Suggestions", s.panel)
	tabs.Append(s.tab)
	// A change of the user's is followed from the change itself (Edit), while
	// the store writes it; the rest is read from the store later.
	w.onChanging(w.suggestionsChanged)
}

// suggestDelay is how long after a change the strings labelled in the
// articles it changed are read again from the store: a run of label keys
// waits for the last. The open article's offers do not wait for it
// (suggestionsChanged learns them from the change).
const suggestDelay = 300 * time.Millisecond

// suggestDocShown gathers the suggestions of the article shown, off the UI
// goroutine, and draws them when they come: after a change that may bring
// suggestions anywhere (an import, a model). An article opened brings its
// suggestions with it instead (gatherSuggestions).
func (w *Window) suggestDocShown() {
	if w.doc == nil || w.rev.Session() != nil {
		w.sg.f.Clear()
		return
	}
	gather, _ := w.gatherSuggestions(nil)
	d := w.doc
	w.goBG(func(ctx context.Context) {
		w.doRefreshing(gather(ctx, d)(nil))
	})
}

// gatherSuggestions prepares, on the UI goroutine, the gathering of an
// article's suggestions; the gathering runs off it and returns what puts
// them in place, to run on it once the article is w.doc, before the spans
// are drawn. Opening an article gathers them with its other reads, so the
// article and its suggestions reach the screen in one frame (issue 18: one
// screen change per action). In review (rev) there are none.
//
// The first time for a user, what they labelled in the whole corpus is
// learned apart (learnAll), so the open does not wait for it.
//
// fromAhead returns what puts in place the suggestions gathered with the
// article's read ahead (pre, gatherAhead), when they are what the
// gathering would find now: nothing learned or rejected since, the same
// sources on, no change waiting to be learned. Otherwise it returns nil,
// and the article's suggestions are gathered.
func (w *Window) gatherSuggestions(rev *review.Session) (gather func(ctx context.Context, d *annotate.Document) (filter func(own []*annotate.Span) (put func() bool)),
	fromAhead func(d *annotate.Document, pre *suggestionsAhead) (put func() bool)) {
	s := &w.sg
	s.gen++
	gen, user, docs, off, learned := s.gen, w.user, s.takePending(), s.f.OffNow(), s.f.Learned()
	if rev != nil {
		return func(context.Context, *annotate.Document) func([]*annotate.Span) func() bool {
			return func([]*annotate.Span) func() bool {
				return func() bool { s.f.Clear(); return true }
			}
		}, noAhead
	}
	fromAhead = func(d *annotate.Document, pre *suggestionsAhead) func() bool {
		if pre == nil || len(docs) > 0 || pre.user != user || pre.learned != learned || !maps.Equal(pre.off, off) {
			return nil
		}
		return w.showGathered(gen, d, nil, func() bool { return s.f.ShowFiltered(pre.fl, w.ownSpans()) })
	}
	if s.learned != user {
		s.learned = user
		docs = nil
		w.learnAll(user)
		fromAhead = noAhead
	}
	return func(ctx context.Context, d *annotate.Document) func([]*annotate.Span) func() bool {
		var err error
		if len(docs) > 0 {
			err = s.f.Learn(ctx, user, docs)
		}
		var a suggestpanel.Article
		if err == nil {
			a, err = s.f.Load(d, user)
		}
		// Filtered for the user's spans off the UI goroutine too, when the
		// caller has them (an open reads them): thousands of offers of a
		// long article filtered on it before the open's frame.
		return func(own []*annotate.Span) func() bool {
			if own == nil || err != nil {
				return w.showGathered(gen, d, err, func() bool { return s.f.Show(a, w.ownSpans()) })
			}
			fl := suggestpanel.Filter(a, own, off)
			return w.showGathered(gen, d, err, func() bool { return s.f.ShowFiltered(fl, w.ownSpans()) })
		}
	}, fromAhead
}

// noAhead takes no suggestions gathered ahead.
func noAhead(*annotate.Document, *suggestionsAhead) func() bool { return nil }

// suggestionsAhead are an article's suggestions gathered and filtered off
// the UI goroutine with its read ahead (ReadAhead), and what they
// depended on: the user, what was learned (suggestpanel's Learned) and the
// sources switched off. The store's other changes are the read ahead's
// own key's (aheadKey).
type suggestionsAhead struct {
	fl      suggestpanel.Filtered
	user    string
	learned uint64
	off     map[string]bool
}

// gatherAhead returns, on the UI goroutine, what gathers an article's
// suggestions with its read ahead, off it: the labelled strings' other
// places, the figures, the models' offers, filtered for the user's spans
// (the article's index made, if it was not kept), so that the open that
// takes the read ahead neither gathers nor waits for the filtering (issue
// 18: the open's handler waited for it on the other core). It returns nil
// where the open would gather anyway: in review, or with strings still to
// learn.
func (w *Window) gatherAhead() func(ctx context.Context, d *annotate.Document, spans []*annotate.Span) *suggestionsAhead {
	s := &w.sg
	if w.rev.Active() || s.learned != w.user || len(s.pending) > 0 {
		return nil
	}
	user, learned, off := w.user, s.f.Learned(), s.f.OffNow()
	return func(ctx context.Context, d *annotate.Document, spans []*annotate.Span) *suggestionsAhead {
		if ctx.Err() != nil {
			return nil
		}
		a, err := s.f.Load(d, user)
		if err != nil {
			return nil // the open gathers them again, and says what went wrong
		}
		return &suggestionsAhead{fl: suggestpanel.Filter(a, ownOf(spans, user), off), user: user, learned: learned, off: off}
	}
}

// ownOf is user's spans among spans, in their order; empty, not nil, when
// there are none.
func ownOf(spans []*annotate.Span, user string) []*annotate.Span {
	own := []*annotate.Span{}
	for _, s := range spans {
		if s.Annotator == user {
			own = append(own, s)
		}
	}
	return own
}

// learnAll learns, off the UI goroutine, the strings user and the curated
// layer labelled anywhere in the corpus (a second or more for tens of
// thousands of labelled articles), then offers the open article's again.
func (w *Window) learnAll(user string) {
	s := &w.sg
	w.goBG(func(ctx context.Context) {
		if err := s.f.Learn(ctx, user, nil); err != nil {
			w.do(func() { w.fail("learn the labelled strings", err) })
			return
		}
		w.do(func() { w.findLabels(nil) })
	})
}

// showGathered returns what puts in place, on the UI goroutine, what a
// gathering off it found for article d (show does it, and says whether
// what is offered changed), unless another article or a later gathering
// came meanwhile; it reports whether what is offered changed.
func (w *Window) showGathered(gen int, d *annotate.Document, err error, show func() bool) func() bool {
	s := &w.sg
	return func() bool {
		w.relearnLater(s.f.TakeStale())
		if gen != s.gen || w.doc != d {
			return false
		}
		if err != nil {
			w.fail("gather suggestions", err)
			return false
		}
		return show()
	}
}

// doRefreshing runs put on the UI goroutine and draws the spans again if
// what is offered changed: a relearn that finds what is shown already
// draws nothing.
func (w *Window) doRefreshing(put func() bool) {
	w.do(func() {
		if put() {
			w.refreshSpans()
		}
	})
}

// takePending returns the articles changed since the labelled strings were
// last learned, and forgets them.
func (s *suggestUI) takePending() map[string]bool {
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
	docs := s.pending
	s.pending = nil
	return docs
}

// relearnSuggestions learns the strings labelled in the articles changed
// and offers the open article's again, off the UI goroutine.
func (w *Window) relearnSuggestions() {
	if docs := w.sg.takePending(); len(docs) > 0 {
		w.findLabels(docs)
	}
}

// findLabels learns the strings labelled in the articles docs (none when
// nil) and offers the open article's other occurrences again, off the UI
// goroutine.
func (w *Window) findLabels(docs map[string]bool) {
	s := &w.sg
	if w.doc == nil || w.rev.Session() != nil {
		return
	}
	s.gen++
	gen, d, user := s.gen, w.doc, w.user
	w.goBG(func(ctx context.Context) {
		var err error
		if len(docs) > 0 {
			err = s.f.Learn(ctx, user, docs)
		}
		var labels suggest.Offers
		if err == nil {
			labels = s.f.LoadLabels(d)
		}
		w.doRefreshing(w.showGathered(gen, d, err, func() bool { return s.f.ShowLabels(d.ID, labels, w.ownSpans()) }))
	})
}

// suggestionsChanged learns at once, from the change itself, the strings
// a change in the open article labelled or took away (a label key, an
// undo, an accepted suggestion), so their other occurrences are offered in
// the change's own frame: it runs before the span list, which draws the
// article again; the article is not read again from the store for it. The
// other articles a change touched (or all, for records that arrived
// without a change) are read again a moment after the last change
// (suggestDelay), which draws nothing unless it finds something new. An
// import may bring labels anywhere, and models: everything is read again.
func (w *Window) suggestionsChanged(c Changed) {
	s := &w.sg
	if c.All {
		s.takePending()
		s.learned = ""
		w.refreshSuggestionsMenu()
		w.suggestDocShown()
		return
	}
	if len(c.Docs) == 0 {
		return
	}
	learned := ""
	if c.Change != nil && w.doc != nil && c.Docs[w.doc.ID] && s.learned == w.user && w.rev.Session() == nil {
		// Learned and filtered beside the store's write and the span
		// list's work, put in place before the suggestions are drawn
		// (suggestionHighlights), in the change's own frame.
		s.join()
		own := ownAfter(w.ownSpans(), c.Change, c.Undone, w.doc.ID, w.user)
		job := startOff(s.f.EditOff(w.doc.ID, w.text, w.user, c.Change, c.Undone, own))
		s.edited = func() {
			e, inline := job.wait()
			if inline {
				s.inline++
				phases.Mark("suggest: done inline")
			}
			s.f.Put(e, w.ownSpans())
		}
		learned = w.doc.ID
	}
	docs := map[string]bool{}
	for d := range c.Docs {
		if d != learned {
			docs[d] = true
		}
	}
	w.relearnLater(docs)
}

// relearnLater notes articles whose labelled strings are to be read again
// from the store, suggestDelay after the last change.
func (w *Window) relearnLater(docs map[string]bool) {
	s := &w.sg
	if len(docs) == 0 {
		return
	}
	if s.pending == nil {
		s.pending = map[string]bool{}
	}
	for d := range docs {
		s.pending[d] = true
	}
	if s.timer != nil {
		s.timer.Stop()
	}
	s.timer = time.AfterFunc(suggestDelay, func() { w.do(w.relearnSuggestions) })
}

// labelColor is a label's colour, as the label bar shows it.
func (w *Window) labelColor(name string) color.Color { return parts.HexColor(w.label(name).Color) }

// ownSpans are the user's spans in the open article.
func (w *Window) ownSpans() []*annotate.Span {
	// A label key or an undo asks for them three times, each after the
	// same change (the job's start, its end and the redraw): made once.
	s := &w.sg
	if v := w.spanList.Version(); !s.ownOK || v != s.ownVer || w.user != s.ownUser {
		s.own, s.ownOK, s.ownVer, s.ownUser = w.ownSpansNow(), true, v, w.user
		s.ownMade++
	}
	return s.own
}

// ownSpansNow is ownSpans made from the span list.
func (w *Window) ownSpansNow() []*annotate.Span {
	all, n := w.spanList.All(), 0
	for _, sp := range all {
		if sp.Annotator == w.user {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	// Made at its size: an open asks it twice of 5,000 spans, and growing
	// it copied them a dozen times each.
	own := make([]*annotate.Span, 0, n)
	for _, sp := range all {
		if sp.Annotator == w.user {
			own = append(own, sp)
		}
	}
	return own
}

// suggestionHighlights are the suggestions the article draws, after those
// the spans now shown have taken; the Suggestions tab follows.
func (w *Window) suggestionHighlights() []textview.Highlight {
	s := &w.sg
	s.join()
	s.drawn++
	if s.f == nil || w.doc == nil || s.f.Doc() != w.doc.ID {
		if s.panel != nil {
			s.panel.SetKinds(nil, 0)
		}
		return nil
	}
	s.f.Refilter(w.ownSpans())
	s.panel.SetKinds(s.f.Kinds(), s.f.More())
	colours := map[string]color.Color{} // looked up once a label, not once an offer
	return s.f.Highlights(func(label string) color.Color {
		c, ok := colours[label]
		if !ok {
			c = w.labelColor(label)
			colours[label] = c
		}
		return c
	})
}

// suggestionClicked shows what a click on a suggestion offers; it reports
// whether id is a suggestion's.
func (w *Window) suggestionClicked(id string) bool {
	sg, ok := w.sg.f.ByID(id)
	if !ok {
		return false
	}
	w.spanList.SyncRow("")
	w.setStatus(suggestpanel.Describe(sg))
	return true
}

// suggestionKey answers a key pressed with a suggestion selected: Enter
// accepts it, a label key accepts it as that label, Backspace or Delete
// rejects it. It reports whether it took the key.
func (w *Window) suggestionKey(ev *fyne.KeyEvent) bool {
	sg, ok := w.sg.f.ByID(w.view.SelectedSpan())
	if !ok {
		return false
	}
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		w.acceptSuggestions([]suggest.Suggestion{sg}, "")
		return true
	case fyne.KeyBackspace, fyne.KeyDelete:
		w.rejectSuggestions([]suggest.Suggestion{sg})
		return true
	}
	if l, ok := w.labels.ByKey(string(ev.Name)); ok {
		w.acceptSuggestions([]suggest.Suggestion{sg}, l.Name)
		return true
	}
	return false
}

// acceptSuggestions makes sugs spans of the user's layer, of label (their
// own when ""), as one undoable change.
func (w *Window) acceptSuggestions(sugs []suggest.Suggestion, label string) {
	if len(sugs) == 0 || w.doc == nil {
		return
	}
	ch, err := suggest.Accept(w.st, w.user, label, sugs)
	if err != nil {
		w.fail("accept suggestions", err)
		return
	}
	w.view.SelectSpan("")
	if ch == nil {
		w.setStatus("Already labelled.")
		return
	}
	if w.apply(ch) {
		if len(ch.Spans) == 1 {
			w.view.SelectSpan(ch.Spans[0].After.ID)
			w.spanList.SyncRow(ch.Spans[0].After.ID)
			w.noteSpan(ch.Spans[0].After.ID)
		}
		w.setStatus("Accepted " + annotate.Count(len(ch.Spans), "suggestion") + ".")
	}
}

// rejectSuggestions remembers that the user rejected sugs, never to offer
// them again.
func (w *Window) rejectSuggestions(sugs []suggest.Suggestion) {
	if len(sugs) == 0 || w.doc == nil {
		return
	}
	w.view.SelectSpan("")
	if err := w.sg.f.Reject(w.user, sugs, w.ownSpans()); err != nil {
		w.fail("reject suggestions", err)
		return
	}
	w.refreshSpans()
	w.setStatus("Rejected " + annotate.Count(len(sugs), "suggestion") + ": not offered again.")
}

// suggestionsMenuItem is View ▸ Suggestions, which switches each source
// and brings the Suggestions tab forward (the tab row may hide it).
func (w *Window) suggestionsMenuItem() *fyne.MenuItem {
	w.sg.menu = fyne.NewMenuItem("Suggestions", nil)
	w.sg.menu.ChildMenu = fyne.NewMenu("")
	w.fillSuggestionsMenu()
	return w.sg.menu
}

// fillSuggestionsMenu lists the sources, ticked when on.
func (w *Window) fillSuggestionsMenu() {
	s := &w.sg
	sources, err := s.f.Sources()
	if err != nil {
		w.fail("list the models", err)
	}
	s.menu.ChildMenu.Items = nil
	for _, src := range sources {
		it := fyne.NewMenuItem(suggest.SourceTitle(src), nil)
		it.Checked = s.f.On(src)
		it.Action = func() { w.switchSource(src, !s.f.On(src)) }
		s.menu.ChildMenu.Items = append(s.menu.ChildMenu.Items, it)
	}
	s.menu.ChildMenu.Items = append(s.menu.ChildMenu.Items, fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Show the Suggestions tab", w.showSuggestions))
}

// refreshSuggestionsMenu lists the sources again: a model may have come.
func (w *Window) refreshSuggestionsMenu() {
	if w.sg.menu == nil {
		return
	}
	w.fillSuggestionsMenu()
	if w.mainMenu != nil {
		w.mainMenu.Refresh()
	}
}

// switchSource turns a source on or off, remembered between runs.
func (w *Window) switchSource(src string, on bool) {
	s := &w.sg
	s.f.SetSource(src, on)
	w.app.Preferences().SetString(prefSuggestOff, strings.Join(s.f.Off(), "\n"))
	w.refreshSuggestionsMenu()
	w.refreshSpans()
}

// showImportSuggestions is File ▸ Import suggestions…: a file of a model's
// predictions, and the model's name (the file's, unless changed).
func (w *Window) showImportSuggestions() {
	if w.opt.ImportSuggestions == nil || w.refuseWrite() {
		return
	}
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			w.fail("import suggestions", err)
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		w.askModel(path)
	}, w.win)
	d.SetTitleText("Import a model's predictions (skein, Prodigy or spaCy JSONL)")
	d.SetConfirmText("Choose")
	frame.ShowDialog(w.win, d)
	d.Resize(w.dialogSize())
}

// askModel asks the name of the model whose predictions path holds, the
// file's name offered, and imports them under it.
func (w *Window) askModel(path string) {
	name := frame.NewEntry()
	name.SetText(strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)))
	// Enter does what Import does, from the name field or the canvas, as
	// in File ▸ Export…: shown by ShowDialog, Enter did nothing here.
	frame.ShowConfirmDialog(w.win, frame.NewForm("Import suggestions", "Import", "Cancel",
		[]*widget.FormItem{widget.NewFormItem("Model", name)}, func(ok bool) {
			if ok && strings.TrimSpace(name.Text) != "" {
				w.importSuggestions(strings.TrimSpace(name.Text), path)
			}
		}, w.win))
}

// importSuggestions stores a model's predictions off the UI goroutine and
// offers them.
func (w *Window) importSuggestions(name, path string) {
	w.setStatus("Importing suggestions…")
	w.goBG(func(ctx context.Context) {
		summary, err := w.opt.ImportSuggestions(ctx, name, []string{path})
		w.do(func() {
			var refused *transfer.Refused
			if errors.As(err, &refused) { // as an import's refusal is shown
				w.setStatus(refusedStatus(refused))
				w.showReport("Import failed", refusedText(refused, "", ""))
				return
			}
			if err != nil {
				w.showReport("Import suggestions", err.Error())
				w.setStatus("")
				return
			}
			first, notes, _ := strings.Cut(summary, "\n")
			w.setStatus("Imported " + first + ".")
			if notes != "" {
				// What was read otherwise than as written (a line a byte
				// order mark begins: files joined with cat), as skein
				// import -as-suggestions says it: the status line alone
				// said nothing of it.
				w.showReport("Import suggestions", "Imported "+first+".\n"+notes)
			}
			w.refreshSuggestionsMenu()
			w.suggestDocShown()
		})
	})
}

// showSuggestions brings the Suggestions tab forward with the keyboard in
// its list, so A and R act on the selected kind.
func (w *Window) showSuggestions() {
	w.th.Tabs().Select(w.sg.tab)
	w.sg.panel.Focus(w.win.Canvas())
}

// threadOfferDelay is how long a span of the user's stays selected before
// the corpus is searched for the articles that report it (a tenth of a
// second of both cores on 20,000 articles): clicking through spans does
// not start one search per click.
const threadOfferDelay = 400 * time.Millisecond

// selectionSearchDelay is how long a selection stays before the corpus
// is searched for the articles that report its text: long enough that a
// drag's passing selections start none, short enough that the search is
// done when the label key comes.
const selectionSearchDelay = 100 * time.Millisecond

// offerSearch is the search for the articles that report the text of
// article doc from start to end, running off the UI goroutine; done is
// closed once rel and err are set.
type offerSearch struct {
	doc        *annotate.Document
	start, end int
	cancel     context.CancelFunc
	done       chan struct{}
	rel        []suggest.Related
	err        error
}

// ready reports whether the search is done, without waiting.
func (p *offerSearch) ready() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// searchSelectionLater searches, off the UI goroutine and a moment after
// the selection frags stops changing, the corpus for the articles that
// report the selected text: a label key on the selection then offers them
// in the key's own frame (offerThread), instead of 0.4 s later as a
// second change of the screen (issue 18). An empty selection (the one a
// label key leaves) keeps the search.
func (w *Window) searchSelectionLater(frags []annotate.Fragment) {
	s := &w.sg
	if s.preTimer != nil {
		s.preTimer.Stop()
	}
	if w.doc == nil || len(frags) == 0 || w.rev.Session() != nil {
		return
	}
	start, end := spanOf(frags)
	d := w.doc
	if p := s.pre; p != nil && p.doc == d && p.start == start && p.end == end {
		return
	}
	s.preTimer = time.AfterFunc(selectionSearchDelay, func() {
		w.do(func() {
			if sel := w.view.Selection(); w.doc != d || len(sel) == 0 {
				return
			} else if a, b := spanOf(sel); a != start || b != end {
				return
			}
			w.startOfferSearch(d, start, end)
		})
	})
}

// startOfferSearch starts the search for the articles that report the text
// of article d from start to end, in place of the one before.
func (w *Window) startOfferSearch(d *annotate.Document, start, end int) *offerSearch {
	s := &w.sg
	if s.preTimer != nil {
		s.preTimer.Stop()
	}
	if s.pre != nil {
		s.pre.cancel()
	}
	ctx, cancel := context.WithCancel(w.ctx)
	p := &offerSearch{doc: d, start: start, end: end, cancel: cancel, done: make(chan struct{})}
	s.pre = p
	w.goBG(func(context.Context) {
		defer close(p.done)
		p.rel, p.err = suggest.RelatedTo(ctx, w.st, d, start, end)
	})
	return p
}

// spanOf is where fragments begin and end, as a span over them does.
func spanOf(frags []annotate.Fragment) (start, end int) {
	start, end = frags[0].Start, frags[0].End
	for _, f := range frags[1:] {
		start, end = min(start, f.Start), max(end, f.End)
	}
	return start, end
}

// offerThread offers, in the Suggestions tab, the other articles that
// report span sp (the same figure, or a like sentence): "4 other articles
// report this", to add to the span's thread or make a thread of. nil, or
// another's span, takes the offer away.
//
// A span a label key just made from the selection finds the selection's
// search (searchSelectionLater): done, the offer is made in the key's own
// frame and the status line says so; still running, the offer goes to the
// Suggestions tab when it is done, the status line left as the key left
// it — one change of the screen for the key. A key quicker than that
// search has its span searched for threadOfferDelay later (not during the
// key's frame, on the cores that paint it), offered in the tab alone. A
// span clicked is searched for threadOfferDelay later, and the status line
// then says what was found.
func (w *Window) offerThread(sp *annotate.Span) {
	s := &w.sg
	s.offerGen++
	if s.offerTimer != nil {
		s.offerTimer.Stop()
	}
	s.panel.SetOffer("", nil)
	if sp == nil || w.doc == nil || sp.Annotator != w.user {
		return
	}
	gen, d, user := s.offerGen, w.doc, w.user
	fresh := sp.ID == s.fresh
	if p := s.pre; fresh && p != nil && p.doc == d && p.start == sp.Start() && p.end == sp.End() {
		// A new span is in no thread yet: what the search finds is the offer.
		if p.ready() {
			w.showSearched(sp, p, offerInStatus)
		} else {
			w.offerWhenDone(gen, sp, p)
		}
		return
	}
	s.offerTimer = time.AfterFunc(threadOfferDelay, func() {
		w.do(func() {
			if gen != s.offerGen || w.view.SelectedSpan() != sp.ID {
				return
			}
			if fresh {
				// The key came before the selection's search: searched now,
				// well after the key's frame, and offered in the tab alone.
				w.offerWhenDone(gen, sp, w.startOfferSearch(d, sp.Start(), sp.End()))
				return
			}
			w.goBG(func(ctx context.Context) {
				rel, th, err := reportsOf(ctx, w.st, d, sp, user)
				w.do(func() {
					if gen != s.offerGen {
						return
					}
					if err != nil {
						w.fail("look for the articles that report this", err)
						return
					}
					w.showThreadOffer(sp, th, rel, offerSaid)
				})
			})
		})
	})
}

// offerWhenDone offers, in the Suggestions tab alone, what search p finds
// for the new span sp, unless another offer came meanwhile (gen).
func (w *Window) offerWhenDone(gen int, sp *annotate.Span, p *offerSearch) {
	s := &w.sg
	w.goBG(func(ctx context.Context) {
		select {
		case <-p.done:
		case <-ctx.Done():
			return
		}
		w.do(func() {
			if gen == s.offerGen {
				w.showSearched(sp, p, offerInTab)
			}
		})
	})
}

// showSearched offers what search p found for the new span sp; a search
// that failed says so, one overtaken by another selection says nothing.
func (w *Window) showSearched(sp *annotate.Span, p *offerSearch, tell int) {
	switch {
	case errors.Is(p.err, context.Canceled):
	case p.err != nil:
		w.fail("look for the articles that report this", p.err)
	default:
		w.showThreadOffer(sp, nil, p.rel, tell)
	}
}

// How showThreadOffer tells of the offer besides the Suggestions tab.
const (
	offerSaid     = iota // the status line says it, instead of what it said
	offerInStatus        // added to the status line, in the same frame
	offerInTab           // the Suggestions tab only: the screen has changed already
)

// reportsOf finds the articles that report span sp of d, and the thread of
// user's the span is in (nil when none).
func reportsOf(ctx context.Context, st Store, d *annotate.Document, sp *annotate.Span, user string) ([]suggest.Related, *annotate.Thread, error) {
	rel, err := suggest.RelatedTo(ctx, st, d, sp.Start(), sp.End())
	if err != nil || len(rel) == 0 {
		return nil, nil, err
	}
	ths, err := st.ThreadsOfSpan(sp.ID)
	if err != nil {
		return nil, nil, err
	}
	for _, th := range ths {
		if th.Annotator == user && !th.IsLink() {
			return rel, th, nil
		}
	}
	return rel, nil, nil
}

// showThreadOffer puts the thread offer for sp in the Suggestions tab.
func (w *Window) showThreadOffer(sp *annotate.Span, th *annotate.Thread, rel []suggest.Related, tell int) {
	s := &w.sg
	if len(rel) == 0 {
		s.panel.SetOffer("", nil)
		return
	}
	text := reportThis(len(rel)) + ": "
	var why []string
	for _, r := range rel[:min(3, len(rel))] {
		why = append(why, "“"+clip(oneLine(r.Text), 40)+"”")
	}
	text += strings.Join(why, ", ")
	if len(rel) > 3 {
		text += " …"
	}
	var actions []suggestpanel.Action
	if th != nil {
		text += ". Add them to the thread “" + th.Title + "”?"
		actions = append(actions, suggestpanel.Action{Label: "Add to “" + clip(th.Title, 30) + "”", Do: func() {
			w.applyThreadOffer(func() (*annotate.Change, error) { return suggest.AddToThread(w.st, w.user, th, sp.Label, rel) })
		}})
	} else {
		text += ". Make a thread of them?"
	}
	actions = append(actions,
		suggestpanel.Action{Label: "Make a thread", Do: func() {
			title := clip(oneLine(w.text.Slice(sp.Start(), sp.End())), 60)
			w.applyThreadOffer(func() (*annotate.Change, error) { return suggest.MakeThread(w.st, w.user, sp, title, rel) })
		}},
		suggestpanel.Action{Label: "Show them", Do: w.showRelated})
	s.panel.SetOffer(text, actions)
	// With the Search tab in front listing them (Ctrl+Shift+R), the status
	// line sends the user there, not to the tab behind it.
	see := ": see the Suggestions tab."
	if w.srch.relatedOf == sp.ID && w.th.Tabs().Selected() == w.srch.tab {
		see = ": see the Search tab."
	}
	switch {
	case w.reportsTold():
	case tell == offerSaid:
		w.tellReports(reportThis(len(rel)) + see)
	case tell == offerInStatus:
		w.tellReports(w.statusText() + " — " + reportThis(len(rel)) + see)
	}
}

// tellReports puts msg, which tells how many other articles report the
// selected span, on the status line, and notes that it told them: the
// offer that comes after says it no second time.
func (w *Window) tellReports(msg string) {
	w.setStatus(msg)
	w.sg.told = w.statusSaid
}

// reportsTold reports whether the status line still tells how many other
// articles report the selected span: nothing was said since tellReports.
// The count is what is known, not the words: the text "report this" was
// looked for, which "1 other article reports this" is not, and which a
// failure ("look for the articles that report this: …") is.
func (w *Window) reportsTold() bool { return w.sg.told != 0 && w.sg.told == w.statusSaid }

// applyThreadOffer stores the change a thread offer's button makes.
func (w *Window) applyThreadOffer(make func() (*annotate.Change, error)) {
	ch, err := make()
	if err != nil {
		w.fail("thread", err)
		return
	}
	w.sg.panel.SetOffer("", nil)
	if ch == nil {
		w.setStatus("Every one of them is in the thread already.")
		return
	}
	if w.apply(ch) {
		w.setStatus(frame.Capital(ch.Desc) + ". Ctrl+Z takes it back.")
	}
}
