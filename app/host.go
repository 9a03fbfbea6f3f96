package app

import (
	"context"
	"time"

	"fyne.io/fyne/v2"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/doclist"
	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/app/review"
	"github.com/skein-news/skein/app/spanlist"
	"github.com/skein-news/skein/app/textview"
	"github.com/skein-news/skein/app/threads"
	"github.com/skein-news/skein/store"
)

// host is the window as the features in packages of their own see it:
// each declares the few of these methods it uses (threads.Frame, …), so
// none holds the *Window itself.
type host struct{ w *Window }

var (
	_ frame.Host     = host{}
	_ threads.Frame  = host{}
	_ review.Frame   = host{}
	_ doclist.Frame  = host{}
	_ spanlist.Frame = host{}
)

// What every feature asks (frame.Host).

func (h host) User() string                   { return h.w.user }
func (h host) SetStatus(msg string)           { h.w.setStatus(msg) }
func (h host) Status() string                 { return h.w.statusText() }
func (h host) Fail(what string, err error)    { h.w.fail(what, err) }
func (h host) Go(f func(ctx context.Context)) { h.w.goBG(f) }
func (h host) Do(f func())                    { h.w.do(f) }
func (h host) GoWait(load func(ctx context.Context) func(), slow func()) {
	h.w.goWait(load, slow)
}
func (h host) Apply(ch *annotate.Change) bool { return h.w.apply(ch) }
func (h host) RefuseWrite() bool              { return h.w.refuseWrite() }
func (h host) ApplyShowing(ch *annotate.Change, show func()) bool {
	return h.w.applyShowing(ch, show)
}
func (h host) FocusView()          { h.w.focusView() }
func (h host) Window() fyne.Window { return h.w.win }

// The open article, its spans and the text view.

func (h host) Doc() *annotate.Document           { return h.w.doc }
func (h host) Text() *annotate.Text              { return h.w.text }
func (h host) SelectedSpan() string              { return h.w.view.SelectedSpan() }
func (h host) SpanByID(id string) *annotate.Span { return h.w.spanList.ByID(id) }
func (h host) Own(s *annotate.Span) bool         { return h.w.spanList.Own(s) }
func (h host) Excerpt(s *annotate.Span) string   { return h.w.spanList.Excerpt(s) }
func (h host) LabelColor(name string) string     { return h.w.label(name).Color }
func (h host) ShowsLayer(annotator string) bool  { return h.w.showsLayer(annotator) }
func (h host) Layers() []string                  { return h.w.others }
func (h host) ShownLayers() []string             { return h.w.shownLayers() }
func (h host) ShowLayers(annotators ...string)   { h.w.ShowLayers(annotators...) }
func (h host) Reviewing() bool                   { return h.w.rev.Active() }
func (h host) OpenDocument(id string)            { h.w.OpenDocument(id) }
func (h host) ReadAhead(id string)               { h.w.ReadAhead(id) }
func (h host) RefreshSpans()                     { h.w.refreshSpans() }
func (h host) RefreshSpanList()                  { h.w.spanList.RefreshRows() }
func (h host) RefreshArcs()                      { h.w.refreshArcs() }
func (h host) TypedKey(ev *fyne.KeyEvent) bool   { return h.w.typedKey(ev, 0) }

func (h host) SelectSpan(id string) {
	h.w.view.SelectSpan(id)
	h.w.spanList.SyncRow(id)
}

func (h host) Spans() []*annotate.Span               { return h.w.spanList.All() }
func (h host) SelectInText(id string)                { h.w.view.SelectSpan(id) }
func (h host) Selection() []annotate.Fragment        { return h.w.view.Selection() }
func (h host) SetSelection(f []annotate.Fragment)    { h.w.view.SetSelection(f) }
func (h host) ClearSelection()                       { h.w.view.ClearSelection() }
func (h host) SetHighlights(hl []textview.Highlight) { h.w.setHighlights(hl) }
func (h host) KeyRange() string                      { return h.w.keyRange() }
func (h host) RefreshRows()                          { h.w.docList.Refresh() }
func (h host) RowArrived(id string)                  { h.w.docList.Arrived(id) }
func (h host) RefreshHead()                          { h.w.refreshHead() }

func (h host) RefreshRow(id string) { h.w.docList.RefreshRow(id) }

// Assignment is the team folder's assignment, nil without one.
func (h host) Assignment() (review.Assignment, error) {
	if h.w.opt.Assignment == nil {
		return nil, nil
	}
	return h.w.opt.Assignment()
}

// DocsAfter lists the articles of the document list after (dir > 0) or
// before the open one, nearest first; all of them when none is open.
func (h host) DocsAfter(dir int) []string {
	id := ""
	if h.w.doc != nil {
		id = h.w.doc.ID
	}
	return h.w.docList.After(id, dir)
}

// The document list's (doclist.Frame).

func (h host) Context() context.Context             { return h.w.ctx }
func (h host) OpenFirst()                           { h.w.openFirst() }
func (h host) Labels() []annotate.Label             { return h.w.labels.All() }
func (h host) ScanLabels()                          { h.w.scanLabels() }
func (h host) Progress(doc string) (string, string) { return h.w.rev.RowProgress(doc) }
func (h host) ForgetProgress(ids ...string)         { h.w.rev.Forget(ids...) }
func (h host) AssignedFirst(docs []store.DocInfo) ([]store.DocInfo, int) {
	return h.w.assignedFirst(docs)
}

// Later runs f off the UI goroutine after d; the window waits for it when
// it closes unless stop, called first, reports it will not run.
func (h host) Later(d time.Duration, f func()) (stop func() bool) {
	w := h.w
	w.bg.Add(1)
	t := time.AfterFunc(d, func() {
		defer w.bg.Done()
		f()
	})
	return func() bool {
		if t.Stop() {
			w.bg.Done()
			return true
		}
		return false
	}
}

// The span list's (spanlist.Frame): the threads and review draw in it too.

func (h host) MarkMade(id string) { h.w.view.MarkMade(id) }
func (h host) FindHighlights() []textview.Highlight {
	return append(h.w.suggestionHighlights(), h.w.findHighlights()...)
}
func (h host) InThread(id string) bool    { return h.w.th.InThread(id) }
func (h host) SpanLinks(id string) string { return h.w.th.SpanLinks(id) }
func (h host) NoteSpan(id string)         { h.w.noteSpan(id) }

// DrawnByReview lets review mode draw the article's items instead of the
// spans, and reports whether it did.
func (h host) DrawnByReview() bool {
	if !h.w.rev.Active() {
		return false
	}
	h.w.rev.Refresh()
	return true
}
