package app

import (
	"context"

	"fyne.io/fyne/v2"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/app/threads"
)

// host is the window as the features in packages of their own see it:
// each declares the few of these methods it uses (threads.Frame, …), so
// none holds the *Window itself.
type host struct{ w *Window }

var (
	_ frame.Host    = host{}
	_ threads.Frame = host{}
)

func (h host) User() string                   { return h.w.user }
func (h host) SetStatus(msg string)           { h.w.setStatus(msg) }
func (h host) Status() string                 { return h.w.status.Text }
func (h host) Fail(what string, err error)    { h.w.fail(what, err) }
func (h host) Go(f func(ctx context.Context)) { h.w.goBG(f) }
func (h host) Do(f func())                    { h.w.do(f) }
func (h host) GoWait(load func(ctx context.Context) func(), slow func()) {
	h.w.goWait(load, slow)
}
func (h host) Apply(ch *annotate.Change) bool { return h.w.apply(ch) }
func (h host) FocusView()                     { h.w.focusView() }
func (h host) Window() fyne.Window            { return h.w.win }

func (h host) Doc() *annotate.Document           { return h.w.doc }
func (h host) Text() *annotate.Text              { return h.w.text }
func (h host) SelectedSpan() string              { return h.w.view.SelectedSpan() }
func (h host) SpanByID(id string) *annotate.Span { return h.w.spanByID(id) }
func (h host) Own(s *annotate.Span) bool         { return h.w.own(s) }
func (h host) Excerpt(s *annotate.Span) string   { return h.w.excerpt(s) }
func (h host) LabelColor(name string) string     { return h.w.label(name).Color }
func (h host) ShowsLayer(annotator string) bool  { return h.w.showsLayer(annotator) }
func (h host) Layers() []string                  { return h.w.others }
func (h host) ShowLayers(annotators ...string)   { h.w.ShowLayers(annotators...) }
func (h host) Reviewing() bool                   { return h.w.rev != nil }
func (h host) OpenDocument(id string)            { h.w.OpenDocument(id) }
func (h host) RefreshSpans()                     { h.w.refreshSpans() }
func (h host) RefreshSpanList()                  { h.w.spanList.Refresh() }
func (h host) TypedKey(ev *fyne.KeyEvent) bool   { return h.w.typedKey(ev, 0) }

func (h host) SelectSpan(id string) {
	h.w.view.SelectSpan(id)
	h.w.syncSpanRow(id)
}
