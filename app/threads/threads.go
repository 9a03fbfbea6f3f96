// Package threads is the window's threads feature: the Threads and
// Figures tabs beside the span list, what they do (start a thread, add to
// it with T, link two spans with L, walk the members with ] and [, copy a
// colleague's thread, compare its figures) and what they know. Its widgets
// are in threadpanel; it reaches the window only through Frame and the
// store only through Store.
package threads

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/figures"
	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/app/parts"
	"github.com/skein-news/skein/app/phases"
	"github.com/skein-news/skein/app/preread"
	"github.com/skein-news/skein/app/tabrow"
	"github.com/skein-news/skein/app/threadpanel"
	"github.com/skein-news/skein/store"
)

// Store is what the threads read.
type Store interface {
	ThreadsOfSpan(spanID string) ([]*annotate.Thread, error)
	ThreadsOfDoc(docID string) ([]*annotate.Thread, error)
	Thread(id string) (*annotate.Thread, error)
	Threads(ctx context.Context, fn func(*annotate.Thread) error) error
	Span(id string) (*annotate.Span, error)
	LayerSpans(doc, annotator string) ([]*annotate.Span, error)
	Document(id string) (*annotate.Document, error)
}

// Frame is what the threads ask of the window around them, besides what
// every feature asks (frame.Host).
type Frame interface {
	frame.Host
	// Doc is the open article, nil while none is; Text is its indexed text.
	Doc() *annotate.Document
	Text() *annotate.Text
	// SelectedSpan is the ID of the span selected in the article, or "";
	// SpanByID finds a span shown in it.
	SelectedSpan() string
	SpanByID(id string) *annotate.Span
	// Own reports whether s is in the user's layer, and says why not.
	Own(s *annotate.Span) bool
	// Excerpt is a span's text in the open article.
	Excerpt(s *annotate.Span) string
	// LabelColor is the colour of the label called name.
	LabelColor(name string) string
	// ShowsLayer reports whether annotator's spans are shown; Layers are
	// the colleagues' layers shown beside the user's, and ShowLayers shows
	// others instead.
	ShowsLayer(annotator string) bool
	Layers() []string
	ShowLayers(annotators ...string)
	// Reviewing reports whether review mode decides the layers shown.
	Reviewing() bool
	// OpenDocument shows an article; SelectSpan selects a span of the open
	// one in the text and the span list. ReadAhead reads an article ahead
	// of its open, which then takes the read.
	OpenDocument(id string)
	ReadAhead(id string)
	SelectSpan(id string)
	// RefreshSpans redraws the highlights and the span list;
	// RefreshSpanList only the list.
	RefreshSpans()
	RefreshSpanList()
	// RefreshArcs redraws the links of the open article as arcs, after
	// DocThreads changed.
	RefreshArcs()
	// TypedKey is the window's one entry point for keys.
	TypedKey(ev *fyne.KeyEvent) bool
	// RefuseWrite, on a store that cannot be written, says so and reports
	// true: an action that would write says it before what else it lacks
	// (a selected span) and before it asks anything.
	RefuseWrite() bool
}

// UI is the threads feature: the
// Threads and Figures tabs beside the span list, what they do, and what
// they know: the user's titled threads, colleagues' titled threads (read-only,
// to review and copy), the untitled ones (links imported from brat, Prodigy
// or doccano, or made with L) of the open article, and the current thread,
// whose members are outlined in the text and walked with ] and [.
type UI struct {
	f  Frame // the window it is in
	st Store

	tabs    *container.AppTabs
	thrTab  *container.TabItem
	figTab  *container.TabItem
	panel   *threadpanel.Panel
	view    *threadpanel.ThreadView
	figures *threadpanel.FiguresView
	hint    *widget.Label // shown instead of the view while no thread is current

	chains map[string]*annotate.Thread // the user's titled threads, in every article
	shared map[string]*annotate.Thread // colleagues' titled threads
	// copies are the threads “Copy to my threads” made, by ID, with the
	// thread each copies: undoing a copy goes back to the original.
	copies map[string]string
	// docThreads are the threads of the shown layers with a member in the
	// open article; ends are the excerpts of their members, by span ID.
	docThreads []*annotate.Thread
	ends       map[string]string
	// given are the threads of article givenDoc the window read with its
	// spans (SetDocThreads), for loadDocThreads to take instead of reading
	// them again.
	given    []*annotate.Thread
	givenDoc string

	cur         *annotate.Thread // the current thread, or nil
	members     map[string]int   // its members' span IDs ▸ index
	at          int              // the member last visited
	pending     string           // span to select once its article is shown
	pendingKeys bool             // and then leave the keyboard in the thread view
	saying      string           // and what the status bar says then

	cache   map[string]threadpanel.Member // members as the view shows them, by span ID
	layerOf map[string]string             // the layer each of them is in, by span ID
	// added are the colleagues' layers shown beside the user's for the
	// current thread's members, so they can be seen, outlined and selected.
	added []string

	last, prev *annotate.Span // the span selected last, and the one before it

	loadGen, memGen, docGen, figGen int

	// ahead holds a thread's members read ahead of its open, while the
	// pointer rests on its row; changes counts what reached the store (a
	// read from before one is not used).
	ahead   preread.Slot[aheadKey, readMembers]
	changes int
}

// aheadKey is what members read ahead depend on: the thread and the
// changes that reached the store so far.
type aheadKey struct {
	thread  string
	changes int
}

// readMembers are members read from the store, with their layers.
type readMembers struct {
	loaded map[string]threadpanel.Member
	layers map[string]string
}

// readAheadRest is how long the pointer rests on a thread's row before its
// members are read ahead of its open.
const readAheadRest = 60 * time.Millisecond

// hintText is shown while no thread is current; hintReadOnly instead on a
// store that cannot be written.
const (
	hintText     = "Pick a thread above, or select a span and press T to add it to one."
	hintReadOnly = "Pick a thread above to see its members."
)

// SetReadOnly makes the Threads tab of a window on a store that cannot be
// written offer nothing that would change it: no new thread, no T.
func (t *UI) SetReadOnly() {
	t.panel.SetNewEnabled(false)
	t.hint.SetText(hintReadOnly)
}

// Hint is what the Threads tab says while no thread is current.
func (t *UI) Hint() string { return t.hint.Text }

// New makes the threads feature of a window; Build makes its widgets.
func New(st Store, f Frame) *UI {
	t := &UI{st: st, f: f}
	t.chains = map[string]*annotate.Thread{}
	t.shared = map[string]*annotate.Thread{}
	t.copies = map[string]string{}
	t.ends = map[string]string{}
	t.cache = map[string]threadpanel.Member{}
	t.layerOf = map[string]string{}
	t.members = map[string]int{}
	t.ahead.Rest = readAheadRest
	t.ahead.Go = f.Go
	return t
}

// Build puts the span list, the threads and the figures of the current
// thread in tabs: the window's right column.
func (t *UI) Build(spans fyne.CanvasObject) fyne.CanvasObject {
	w := t.f
	t.panel = threadpanel.NewPanel()
	t.panel.OnSelect = func(id string) { t.SelectThread(id) }
	t.panel.OnHighlight = t.readAhead
	t.panel.OnNew = t.NewFromSelection

	t.view = threadpanel.NewThreadView()
	t.view.OnOpen = func(_, span string) {
		if t.cur != nil {
			if i := t.cur.Index(span); i >= 0 {
				t.OpenMember(i)
			}
		}
	}
	t.view.OnMove = func(from, to int) {
		t.editThread(func(th *annotate.Thread) (*annotate.Change, error) {
			return annotate.MoveMember(w.User(), th, from, to)
		})
	}
	t.view.OnRemove = func(i int) {
		t.editThread(func(th *annotate.Thread) (*annotate.Change, error) {
			if i >= len(th.Members) {
				return nil, annotate.ErrMemberIndex
			}
			return annotate.RemoveMember(w.User(), th, th.Members[i].Span)
		})
	}
	t.view.OnRename = func(title string) {
		t.editThread(func(th *annotate.Thread) (*annotate.Change, error) { return annotate.RenameThread(w.User(), th, title) })
	}
	t.view.OnSetLink = func(i int, label string) { t.setMemberLink(i, label) }
	t.view.OnCopy = t.CopyCurrent
	t.view.OnKey = func(ev *fyne.KeyEvent) bool { return t.f.TypedKey(ev) }
	t.view.Hide()
	// Wrapped at words: cut to its column (323 px at the default window
	// size as at the smallest) it read "… press T to add it t…".
	t.hint = widget.NewLabel(hintText)
	t.hint.Wrapping = fyne.TextWrapWord
	t.hint.SizeName = theme.SizeNameCaptionText

	// The view and the hint take turns in the same place, which is as tall
	// as the view whichever is shown: opening a thread does not raise the
	// window's minimum size, which Fyne learns only in the paint's own
	// layout pass, a second paint ~17 ms after the first (issue 18).
	split := container.NewVSplit(t.panel, container.New(stackAll{}, t.view, container.NewPadded(container.NewVBox(t.hint))))
	split.Offset = 0.45 // room for a few threads whose titles wrap

	t.figures = threadpanel.NewFiguresView()
	t.figures.OnOpen = func(doc, span string) {
		if t.cur != nil {
			if i := t.cur.Index(span); i >= 0 {
				t.OpenMember(i)
				return
			}
		}
		t.ShowSpan(doc, span)
	}

	t.thrTab = container.NewTabItem("Threads", split)
	t.figTab = container.NewTabItem("Figures", container.NewPadded(t.figures))
	t.tabs = container.NewAppTabs(container.NewTabItem("Spans", spans), t.thrTab, t.figTab)
	t.tabs.OnSelected = func(it *container.TabItem) {
		if it == t.figTab {
			t.loadFigures()
		}
	}
	// The column is as wide as the Threads tab needs from the start, so it
	// does not widen when the tab is first shown, and it keeps the widest
	// width it has needed, so it does not narrow when a colleague's thread
	// (no editing buttons) opens and widen again when one's own does.
	// A tab chosen under ⋯ (Suggestions, Team) is shown in the row, so
	// the row always names the tab on screen.
	return container.New(&widestOf{other: t.view}, parts.NewBackground(theme.ColorNameHeaderBackground), tabrow.Keep(t.tabs))
}

// widestOf stacks its objects like a Stack, at least as wide as another
// object needs (a tab that is not shown yet) and never narrower than it
// has been: the column sits at its minimum width beside the article, so a
// minimum that shrank and grew back would move the panels under the
// pointer (issue 12.9).
type widestOf struct {
	other  fyne.CanvasObject
	widest float32
}

func (l *widestOf) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	l.widest = max(l.widest, s.Width, l.other.MinSize().Width)
	return fyne.NewSize(l.widest, s.Height)
}

func (l *widestOf) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// stackAll stacks its objects like a Stack, as big as the biggest of
// them, shown or hidden: a Stack's minimum counts only those shown.
type stackAll struct{}

func (stackAll) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}

func (stackAll) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// Load reads the titled threads, the user's and colleagues', off
// the UI goroutine and lists them.
func (t *UI) Load() {
	w := t.f
	if t.panel == nil {
		return
	}
	t.loadGen++
	gen, user := t.loadGen, w.User()
	w.Go(func(ctx context.Context) {
		chains, shared := map[string]*annotate.Thread{}, map[string]*annotate.Thread{}
		err := t.st.Threads(ctx, func(th *annotate.Thread) error {
			switch {
			case th.Title == "":
			case th.Annotator == user:
				chains[th.ID] = th
			default:
				shared[th.ID] = th
			}
			return nil
		})
		w.Do(func() {
			if gen != t.loadGen {
				return
			}
			if err != nil {
				w.Fail("read threads", err)
			}
			t.chains, t.shared = chains, shared
			if c := t.cur; c != nil {
				// The user may have changed: the thread is theirs now, or
				// a colleague's.
				switch th := t.listedThread(c.ID); {
				case th != nil:
					t.SetCurrent(th)
				case c.Annotator != w.User():
					t.SetCurrent(nil)
				}
			}
			t.refreshThreadList()
		})
	})
}

// loadDocThreads reads the threads of the open article, and the text of
// their members in other articles, off the UI goroutine.
func (t *UI) loadDocThreads() {
	w := t.f
	given, givenDoc := t.given, t.givenDoc
	t.given, t.givenDoc = nil, "" // taken once: a later call reads anew
	if w.Doc() == nil || t.panel == nil {
		return
	}
	t.docGen++
	gen, doc, text := t.docGen, w.Doc().ID, w.Text()
	read := givenDoc == doc
	w.Go(func(ctx context.Context) {
		all, err := given, error(nil)
		if !read {
			all, err = t.st.ThreadsOfDoc(doc)
		}
		ends := map[string]string{}
		docs := map[string]*annotate.Text{doc: text}
		find := spanFinder{st: t.st}
		for _, th := range all {
			if th.Title != "" {
				continue // a chain lists its members in its own view
			}
			for _, m := range th.Members {
				if _, ok := ends[m.Span]; ok || ctx.Err() != nil {
					continue
				}
				s, err := find.span(th, m)
				ends[m.Span] = excerptOf(t.st, docs, m, s, err)
			}
		}
		w.Do(func() {
			if gen != t.docGen || w.Doc() == nil || w.Doc().ID != doc {
				return
			}
			if err != nil {
				w.Fail("read threads of "+annotate.ShownTitle(w.Doc().Title, w.Doc().Text), err)
			} else if t.sameDocThreads(all, ends) {
				// What the open already showed (its threads came with
				// it): drawing the lists again painted the window a
				// second time after the open's frame, unchanged (issue 18).
				return
			}
			t.keepDocThreads(all)
			t.ends = ends
			w.RefreshArcs()
			t.refreshThreadList()
			w.RefreshSpanList()
		})
	})
}

// SetDocThreads takes the threads of the open article, all ThreadsOfDoc
// read, keeping those of the layers shown. The window gives them read with
// the article's spans, so that its links are drawn as arcs in the first
// frame and the room their lines make does not move the text a moment
// later; loadDocThreads takes them from here to read their ends' text.
func (t *UI) SetDocThreads(doc string, all []*annotate.Thread) {
	t.given, t.givenDoc = all, doc
	t.keepDocThreads(all)
}

// sameDocThreads reports whether the open article's threads all, with the
// text of their ends, are those already shown: the same threads of the
// layers shown, and every end's text as t.ends has it.
func (t *UI) sameDocThreads(all []*annotate.Thread, ends map[string]string) bool {
	var kept []*annotate.Thread
	for _, th := range all {
		if t.f.ShowsLayer(th.Annotator) {
			kept = append(kept, th)
		}
	}
	if len(kept) != len(t.docThreads) {
		return false
	}
	for i, th := range kept {
		if th != t.docThreads[i] && !reflect.DeepEqual(th, t.docThreads[i]) {
			return false
		}
	}
	for id, e := range ends {
		if was, ok := t.ends[id]; !ok || was != e {
			return false
		}
	}
	return true
}

// keepDocThreads keeps those of all, the threads of the open article,
// that are of the layers shown.
func (t *UI) keepDocThreads(all []*annotate.Thread) {
	t.docThreads = t.docThreads[:0]
	for _, th := range all {
		if t.f.ShowsLayer(th.Annotator) {
			t.docThreads = append(t.docThreads, th)
		}
	}
}

// SetDocEnds gives the text of the ends of the open article's links that
// are in it, from its spans and text, until loadDocThreads reads them all
// (with those in other articles, "…" meanwhile).
func (t *UI) SetDocEnds(doc string, text *annotate.Text, spans []*annotate.Span) {
	byID := make(map[string]*annotate.Span, len(spans))
	for _, s := range spans {
		byID[s.ID] = s
	}
	t.ends = map[string]string{}
	for _, th := range t.docThreads {
		for _, m := range th.Members {
			if s := byID[m.Span]; s != nil && m.Doc == doc {
				t.ends[m.Span] = threadpanel.Excerpt(text.Fragments(s.Fragments), 60)
			}
		}
	}
}

// endExcerpt is the text of a link's end, for the span list and the panel;
// docs caches the articles' indexed text.
func endExcerpt(st Store, docs map[string]*annotate.Text, m annotate.Member) string {
	s, err := st.Span(m.Span)
	return excerptOf(st, docs, m, s, err)
}

// excerptOf is endExcerpt for a member's span already read (err: not).
func excerptOf(st Store, docs map[string]*annotate.Text, m annotate.Member, s *annotate.Span, err error) string {
	if err != nil {
		return "(missing span)"
	}
	t := docs[m.Doc]
	if t == nil {
		d, err := st.Document(m.Doc)
		if err != nil {
			return "(missing article)"
		}
		t = annotate.NewText(d.Text)
		docs[m.Doc] = t
	}
	return threadpanel.Excerpt(t.Fragments(s.Fragments), 60)
}

// spanFinder finds the spans of threads' members reading each layer of an
// article once: Store.Span decodes the whole span set of the span's
// article for one span, and an article with 2,000 links has 4,000 ends.
type spanFinder struct {
	st     Store
	layers map[[2]string]map[string]*annotate.Span // by article and annotator
}

// span returns member m of th, looked for in the thread's annotator's
// layer of m's article first, then alone.
func (f *spanFinder) span(th *annotate.Thread, m annotate.Member) (*annotate.Span, error) {
	k := [2]string{m.Doc, th.Annotator}
	set, ok := f.layers[k]
	if !ok {
		if f.layers == nil {
			f.layers = map[[2]string]map[string]*annotate.Span{}
		}
		spans, err := f.st.LayerSpans(m.Doc, th.Annotator)
		if err == nil {
			set = make(map[string]*annotate.Span, len(spans))
			for _, s := range spans {
				set[s.ID] = s
			}
		}
		f.layers[k] = set
	}
	if s := set[m.Span]; s != nil {
		return s, nil
	}
	return f.st.Span(m.Span)
}

// DocShown follows an article that was just put on screen: it reads
// its threads and selects the member a jump was heading for.
func (t *UI) DocShown() {
	w := t.f
	if d := w.Doc(); d != nil && t.givenDoc == d.ID && t.panel != nil {
		// The article's threads came with it (SetDocThreads): listed in
		// the open's own frame, so that reading them again after it finds
		// what is shown and draws nothing.
		t.refreshThreadList()
	}
	t.loadDocThreads()
	if id := t.pending; id != "" {
		t.pending = ""
		t.selectShownKeys(id, t.pendingKeys)
		w.SetStatus(t.saying)
		phases.Mark("member: selected")
		t.readNextAhead()
	}
}

// refreshThreadList lists the user's titled threads, then the untitled ones
// of the open article in the user's layer, then colleagues' titled threads
// with their names, by colleague.
func (t *UI) refreshThreadList() {
	w := t.f
	sums := make([]threadpanel.Summary, 0, len(t.chains)+len(t.docThreads)+len(t.shared))
	for _, th := range sortedThreads(t.chains) {
		sums = append(sums, threadpanel.SummaryOf(th))
	}
	for _, th := range t.docThreads {
		if th.Title == "" && th.Annotator == w.User() {
			s := threadpanel.SummaryOf(th)
			s.Title = t.describeLink(th)
			sums = append(sums, s)
		}
	}
	for _, th := range sortedThreads(t.shared) {
		s := threadpanel.SummaryOf(th)
		s.Annotator = th.Annotator
		sums = append(sums, s)
	}
	t.panel.SetThreads(sums)
	id := ""
	if t.cur != nil {
		id = t.cur.ID
	}
	t.panel.Select(id)
}

// sortedThreads lists threads by annotator, then ID (the order they were
// made in).
func sortedThreads(m map[string]*annotate.Thread) []*annotate.Thread {
	out := make([]*annotate.Thread, 0, len(m))
	for _, th := range m {
		out = append(out, th)
	}
	slices.SortFunc(out, func(a, b *annotate.Thread) int {
		if c := strings.Compare(a.Annotator, b.Annotator); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out
}

// describeLink names an untitled thread by its members' text: “A” ▸
// targets ▸ “B”.
func (t *UI) describeLink(th *annotate.Thread) string {
	var b strings.Builder
	for i, m := range th.Members {
		if i > 0 {
			b.WriteString(" ▸ ")
			if m.Link != "" {
				b.WriteString(annotate.LabelShown(m.Link) + " ▸ ")
			}
		}
		b.WriteString("“" + frame.Clip(t.End(m.Span), 30) + "”")
	}
	return b.String()
}

// SpanLinks describes the links and threads a span of the open article is
// in, for its row in the span list: “PM Kakar” ▸ targets ▸ “the TTP”,
// ∈ “Attacks” 2/5. A link is named as the Threads list names it, by both
// ends in its direction and its label between them, so a span's links in
// and out read alike. Links come first: the row's line is cut to the
// column's width, and a span in a thread or two had its link cut off
// behind them.
func (t *UI) SpanLinks(id string) string {
	var links, threads []string
	for _, th := range t.docThreads {
		i := th.Index(id)
		if i < 0 {
			continue
		}
		if th.Title != "" {
			threads = append(threads, fmt.Sprintf("∈ “%s” %d/%d", frame.Clip(th.Title, 24), i+1, len(th.Members)))
			continue
		}
		if i > 0 {
			links = append(links, linkPart(t.End(th.Members[i-1].Span), th.Members[i].Link, t.End(id)))
		}
		if i+1 < len(th.Members) {
			links = append(links, linkPart(t.End(id), th.Members[i+1].Link, t.End(th.Members[i+1].Span)))
		}
	}
	return strings.Join(append(links, threads...), "  ")
}

// linkPart names the link from a span with text from to one with text to:
// “A” ▸ label ▸ “B”, or “A” ▸ “B” without a label. The label is shown as
// a span's is (annotate.LabelShown).
func linkPart(from, label, to string) string {
	mid := " ▸ "
	if label != "" {
		mid += annotate.LabelShown(label) + " ▸ "
	}
	return "“" + frame.Clip(from, 30) + "”" + mid + "“" + frame.Clip(to, 30) + "”"
}

// NoteSpan remembers the spans the researcher selects, so L can link the
// one before to the one now, and follows the current thread's member.
func (t *UI) NoteSpan(id string) {
	w := t.f
	if id == "" || (t.last != nil && t.last.ID == id) {
		return
	}
	s := w.SpanByID(id)
	if s == nil {
		return
	}
	t.prev, t.last = t.last, s.Clone()
	if i, ok := t.members[id]; ok {
		t.at = i
		t.view.Select(i)
	}
}

// selectedOwnSpan returns the selected span if it is in the user's layer,
// and says what to do otherwise.
func (t *UI) selectedOwnSpan(what string) *annotate.Span {
	w := t.f
	s := w.SpanByID(w.SelectedSpan())
	if s == nil {
		w.SetStatus("Click a span first, then " + what + ".")
		return nil
	}
	if !w.Own(s) {
		return nil
	}
	return s
}

// NewFromSelection starts a thread with the selected span, titled by
// its text; the title field renames it.
func (t *UI) NewFromSelection() {
	if t.f.RefuseWrite() {
		return
	}
	w := t.f
	s := t.selectedOwnSpan("start a thread from it")
	if s == nil {
		return
	}
	ch := annotate.NewThread(w.User(), frame.Clip(w.Excerpt(s), 60), s)
	if !w.Apply(ch) {
		return
	}
	t.SetCurrent(ch.Threads[0].After)
	t.tabs.Select(t.thrTab)
	w.SetStatus("New thread “" + ch.Threads[0].After.Title + "” — rename it above its members; T adds spans")
}

// PickForSelection asks which thread the selected span joins: typing
// filters, Enter takes the first match.
func (t *UI) PickForSelection() {
	if t.f.RefuseWrite() {
		return
	}
	w := t.f
	s := t.selectedOwnSpan("press T to add it to a thread")
	if s == nil {
		return
	}
	if len(t.chains) == 0 {
		// Nothing to pick from: offer the one thread it can join, a new one.
		d := frame.NewConfirm("No threads yet", "Start a thread with “"+frame.Clip(w.Excerpt(s), 40)+"”?\n"+
			"Then select a span in any article and press T to add it.", func(ok bool) {
			if ok {
				t.NewFromSelection()
			}
		}, w.Window())
		d.SetConfirmText("New thread…")
		d.SetOnClosed(w.FocusView)
		frame.ShowConfirmDialog(w.Window(), d) // Enter takes New thread…
		return
	}
	picker := threadpanel.NewPicker(t.pickOrder())
	d := frame.NewCustom("Add “"+frame.Clip(w.Excerpt(s), 40)+"” to a thread", "Cancel", picker, w.Window())
	picker.OnChoose = func(id string) {
		d.Hide()
		t.AddToThread(id, s)
	}
	picker.OnCancel = d.Hide
	d.SetOnClosed(w.FocusView)
	frame.ShowDialog(w.Window(), d)
	t.focusLater(picker.Entry())
}

// focusLater focuses f once the events being handled are done: a dialog
// opened by a key must not receive that key's character.
func (t *UI) focusLater(f fyne.Focusable) {
	w := t.f
	w.Go(func(context.Context) { w.Do(func() { w.Window().Canvas().Focus(f) }) })
}

// pickOrder lists the threads the picker offers: the current one first,
// then the newest.
func (t *UI) pickOrder() []threadpanel.Summary {
	chains := make([]*annotate.Thread, 0, len(t.chains))
	for _, th := range t.chains {
		chains = append(chains, th)
	}
	cur := ""
	if t.cur != nil {
		cur = t.cur.ID
	}
	slices.SortFunc(chains, func(a, b *annotate.Thread) int {
		if (a.ID == cur) != (b.ID == cur) {
			if a.ID == cur {
				return -1
			}
			return 1
		}
		return strings.Compare(b.ID, a.ID)
	})
	out := make([]threadpanel.Summary, len(chains))
	for i, th := range chains {
		out[i] = threadpanel.SummaryOf(th)
	}
	return out
}

// AddToThread appends span s to thread id and makes it the current thread.
func (t *UI) AddToThread(id string, s *annotate.Span) {
	w := t.f
	th := t.chains[id]
	if th == nil {
		if th := t.shared[id]; th != nil {
			t.refuseShared(th)
		}
		return
	}
	ch, err := annotate.AddMember(w.User(), th, s, -1, "")
	if errors.Is(err, annotate.ErrAlreadyMember) {
		t.SetCurrent(th)
		t.at = th.Index(s.ID)
		t.view.Select(t.at)
		w.SetStatus("Already in “" + th.Title + "”.")
		return
	}
	if err != nil {
		w.SetStatus(err.Error())
		return
	}
	if !w.Apply(ch) {
		return
	}
	after := ch.Threads[0].After
	t.SetCurrent(after)
	t.at = len(after.Members) - 1
	t.view.Select(t.at)
	w.SetStatus(fmt.Sprintf("Added to “%s”, member %d of %d — ] and [ walk the thread", after.Title, len(after.Members), len(after.Members)))
}

// LinkSelected links the span selected before to the one selected now,
// which may be in another article, after asking for the link's label.
func (t *UI) LinkSelected() {
	if t.f.RefuseWrite() {
		return
	}
	w := t.f
	to := t.selectedOwnSpan("press L to link the span you selected before it to it")
	if to == nil {
		return
	}
	from := t.prev
	if t.last == nil || t.last.ID != to.ID {
		from = t.last
	}
	if from == nil || from.ID == to.ID {
		w.SetStatus("Select one span, then another (in any article), then press L to link the first to the second.")
		return
	}
	if _, err := t.st.Span(from.ID); err != nil {
		w.SetStatus("The span selected before is gone; select two spans again.")
		return
	}
	t.askLinkLabel(from, to)
}

// askLinkLabel asks for a link's label: one of the link labels, one typed
// in, or none.
func (t *UI) askLinkLabel(from, to *annotate.Span) {
	w := t.f
	// Listed as the window names a label elsewhere (annotate.LabelShown:
	// an older store's "cafe\u0301" apart from café), and picked, the
	// label itself, not what the list shows.
	labels := t.LinkLabels()
	shown := make([]string, len(labels))
	picked := map[string]string{}
	for i, l := range labels {
		shown[i] = annotate.LabelShown(l)
		picked[shown[i]] = l
	}
	e := frame.NewSelectEntry(shown)
	e.SetPlaceHolder("label, or none")
	fromText, toText := t.SpanText(from), t.SpanText(to)
	msg := widget.NewLabel(fmt.Sprintf("From %s “%s”\nto %s “%s”", annotate.LabelShown(from.Label), frame.Clip(fromText, 50), annotate.LabelShown(to.Label), frame.Clip(toText, 50)))
	d := frame.NewCustomConfirm("Link two spans", "Link", "Cancel", container.NewVBox(msg, e), func(ok bool) {
		if ok {
			label := strings.TrimSpace(e.Text)
			if l, ok := picked[label]; ok {
				label = l
			}
			t.linkSpans(from, to, label)
		}
		w.FocusView()
	}, w.Window())
	e.OnSubmitted = func(string) { d.Confirm() }
	d.Resize(fyne.NewSize(460, 0))
	frame.ShowDialog(w.Window(), d)
	t.focusLater(e)
}

// linkLabels are the labels offered for links: the defaults, then those
// the user's threads use.
func (t *UI) LinkLabels() []string {
	out := append([]string(nil), annotate.DefaultLinkLabels...)
	seen := map[string]bool{}
	for _, l := range out {
		seen[l] = true
	}
	add := func(th *annotate.Thread) {
		for _, m := range th.Members {
			if m.Link != "" && !seen[m.Link] {
				seen[m.Link] = true
				out = append(out, m.Link)
			}
		}
	}
	for _, th := range t.chains {
		add(th)
	}
	for _, th := range t.docThreads {
		add(th)
	}
	slices.Sort(out[len(annotate.DefaultLinkLabels):])
	return out
}

// SpanText is a span's text, from the open article or the store.
func (t *UI) SpanText(s *annotate.Span) string {
	w := t.f
	if w.Doc() != nil && s.Doc == w.Doc().ID {
		return w.Excerpt(s)
	}
	return endExcerpt(t.st, map[string]*annotate.Text{}, annotate.Member{Doc: s.Doc, Span: s.ID})
}

// linkSpans stores a link from one span to another.
func (t *UI) linkSpans(from, to *annotate.Span, label string) {
	w := t.f
	ch, err := annotate.NewLink(w.User(), from, to, label)
	if err != nil {
		w.SetStatus(err.Error())
		return
	}
	if w.Apply(ch) {
		t.SetCurrent(ch.Threads[0].After)
		what := "Linked"
		if label != "" {
			what += " (" + annotate.LabelShown(label) + ")"
		}
		w.SetStatus(fmt.Sprintf("%s “%s” ▸ “%s”", what, frame.Clip(t.SpanText(from), 30), frame.Clip(t.SpanText(to), 30)))
	}
}

// SelectThread makes the thread picked in the panel the current one.
func (t *UI) SelectThread(id string) {
	w := t.f
	th := t.threadByID(id)
	if th == nil {
		return
	}
	t.SetCurrent(th)
	w.FocusView() // so ] and [ walk it at once
	if th.Annotator != w.User() {
		w.SetStatus(fmt.Sprintf("“%s” is %s's thread, read-only: click a member to open it; ] and [ walk it; Copy to my threads makes it yours to edit",
			t.threadTitle(th), th.Annotator))
		return
	}
	w.SetStatus(fmt.Sprintf("“%s”: click a member to open it; ] and [ walk the thread", t.threadTitle(th)))
}

// listedThread finds a titled thread, the user's or a colleague's.
func (t *UI) listedThread(id string) *annotate.Thread {
	if th := t.chains[id]; th != nil {
		return th
	}
	return t.shared[id]
}

// threadByID finds a listed thread.
func (t *UI) threadByID(id string) *annotate.Thread {
	if th := t.listedThread(id); th != nil {
		return th
	}
	for _, th := range t.docThreads {
		if th.ID == id {
			return th
		}
	}
	return nil
}

func (t *UI) threadTitle(th *annotate.Thread) string {
	if th.Title != "" {
		return th.Title
	}
	return t.describeLink(th)
}

// SetCurrent makes th the current thread (nil: none): it is shown in the
// view, its members are outlined, and ] and [ walk them.
func (t *UI) SetCurrent(th *annotate.Thread) {
	w := t.f
	same := th != nil && t.cur != nil && th.ID == t.cur.ID
	// The article's highlights are drawn again only when the outlines of
	// its spans change: a thread with no member in the open article (a
	// thread opened from the Threads tab, most often) changes none of
	// them, and drawing 5,000 highlights and the span list again cost the
	// thread's frame for nothing (issue 18).
	outlines := t.outlinesShown(t.cur) || t.outlinesShown(th)
	t.cur = th
	t.members = map[string]int{}
	if th == nil {
		t.view.Hide()
		t.hint.Show()
		t.panel.Select("")
		t.at = 0
		t.setThreadLayers(nil)
		if outlines {
			w.RefreshSpans()
		}
		return
	}
	owner := ""
	if th.Annotator != w.User() {
		owner = th.Annotator
	}
	t.view.SetOwner(owner)
	for i, m := range th.Members {
		t.members[m.Span] = i
	}
	if !same {
		t.at = 0
		if sel := w.SelectedSpan(); sel != "" {
			if i, ok := t.members[sel]; ok {
				t.at = i
			}
		}
	}
	t.at = min(t.at, len(th.Members)-1)
	t.hint.Hide()
	t.view.Show()
	t.panel.Select(th.ID)
	t.setThreadLayers(t.threadLayers(th))
	t.showMembers(th, !same)
	if outlines {
		w.RefreshSpans()
	}
	if t.tabs.Selected() == t.figTab {
		t.loadFigures()
	}
	t.readNextAhead()
}

// readNextAhead reads ahead, off the UI goroutine, the article of the
// member ] goes to next, when it is another article than the open one: the
// jump's open then takes that read instead of reading the store itself, as
// an open from a rested row of the list does (issue 18). Called once the
// current member is shown, and when a thread becomes current.
func (t *UI) readNextAhead() {
	w := t.f
	if t.cur == nil {
		return
	}
	i := t.at
	if sel := w.SelectedSpan(); sel != "" {
		if k, ok := t.members[sel]; ok {
			i = k
		}
	}
	if i+1 >= len(t.cur.Members) {
		return
	}
	if doc := t.cur.Members[i+1].Doc; w.Doc() == nil || w.Doc().ID != doc {
		w.ReadAhead(doc)
	}
}

// outlinesShown reports whether th has a member among the spans shown in
// the open article: one whose outline a change of the current thread
// changes.
func (t *UI) outlinesShown(th *annotate.Thread) bool {
	w := t.f
	d := w.Doc()
	if th == nil || d == nil {
		return false
	}
	for _, m := range th.Members {
		if m.Doc == d.ID && w.SpanByID(m.Span) != nil {
			return true
		}
	}
	return false
}

// showMembers shows th in the view. Members seen before come from a cache;
// the others are read off the UI goroutine.
func (t *UI) showMembers(th *annotate.Thread, fresh bool) {
	w := t.f
	t.memGen++
	gen := t.memGen
	ms := make([]threadpanel.Member, len(th.Members))
	var missing []annotate.Member
	for i, m := range th.Members {
		c, ok := t.cache[m.Span]
		if !ok {
			missing = append(missing, m)
			continue
		}
		c.Link = m.Link
		ms[i] = c
	}
	show := func() {
		if fresh {
			t.view.SetThread(th.Title, ms)
		} else {
			t.view.SetTitle(th.Title)
			t.view.SetMembers(ms)
		}
		if sel := w.SelectedSpan(); sel != "" {
			if i, ok := t.members[sel]; ok {
				t.view.Select(i)
			}
		}
	}
	if len(missing) == 0 {
		show()
		return
	}
	st := t.st
	read := func(ctx context.Context) readMembers { return loadMembers(ctx, st, missing) }
	if wait, ok := t.ahead.Take(aheadKey{th.ID, t.changes}); ok {
		read = func(context.Context) readMembers { return wait() }
	}
	// Waited for like an article's open, so the thread's row and its
	// members reach the screen in one frame (issue 18).
	w.GoWait(func(ctx context.Context) func() {
		r := read(ctx)
		loaded, layers := r.loaded, r.layers
		return func() {
			if gen != t.memGen {
				return
			}
			for id, m := range loaded {
				if m.Label != "" {
					m.Color = w.LabelColor(m.Label)
					loaded[id] = m // shown now in its colour, not only next time
					t.cache[id] = m
				}
			}
			maps.Copy(t.layerOf, layers)
			if t.cur != nil && t.cur.ID == th.ID {
				t.setThreadLayers(t.threadLayers(t.cur))
			}
			for i, m := range th.Members {
				if ms[i].Span == "" {
					c := loaded[m.Span]
					c.Link = m.Link
					ms[i] = c
				}
			}
			show()
		}
	}, nil)
}

// readAhead reads, off the UI goroutine, the members of thread id that
// have not been read, once the pointer has rested on its row, so that its
// open shows them without waiting for the store (issue 18: a 1,000-member
// thread's first open).
func (t *UI) readAhead(id string) {
	th := t.threadByID(id)
	if th == nil || (t.cur != nil && t.cur.ID == id) {
		return
	}
	var missing []annotate.Member
	for _, m := range th.Members {
		if _, ok := t.cache[m.Span]; !ok {
			missing = append(missing, m)
		}
	}
	if len(missing) == 0 {
		return
	}
	st := t.st
	t.ahead.Ahead(aheadKey{id, t.changes}, func(ctx context.Context) readMembers {
		return loadMembers(ctx, st, missing)
	})
}

// loadMembers reads members' spans and articles for the view, and the
// layers the spans are in; a member whose span or article is gone says so.
func loadMembers(ctx context.Context, st Store, ms []annotate.Member) readMembers {
	out := make(map[string]threadpanel.Member, len(ms))
	layers := make(map[string]string, len(ms))
	docs := map[string]*annotate.Document{}
	for _, m := range ms {
		if ctx.Err() != nil {
			break
		}
		s, err := st.Span(m.Span)
		if err != nil {
			out[m.Span] = threadpanel.Member{Doc: m.Doc, Span: m.Span, Title: m.Doc, Excerpt: "(span not found)"}
			continue
		}
		layers[m.Span] = s.Annotator
		d := docs[m.Doc]
		if d == nil {
			if d, err = st.Document(m.Doc); err != nil {
				out[m.Span] = threadpanel.Member{Doc: m.Doc, Span: m.Span, Title: m.Doc, Label: s.Label, Excerpt: "(article not found)"}
				continue
			}
			docs[m.Doc] = d
		}
		out[m.Span] = memberOf(m, s, d)
	}
	return readMembers{out, layers}
}

// threadLayers lists the colleagues' layers th's members are in, as far as
// they are known, and th's own layer if it is a colleague's.
func (t *UI) threadLayers(th *annotate.Thread) []string {
	w := t.f
	var out []string
	add := func(a string) {
		if a != "" && a != w.User() && !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	add(th.Annotator)
	for _, m := range th.Members {
		add(t.layerOf[m.Span])
	}
	slices.Sort(out)
	return out
}

// setThreadLayers shows the layers in want beside the user's, striped and
// read-only as review shows them, and hides those it showed for a thread
// before. Review mode decides the layers itself and is left alone.
func (t *UI) setThreadLayers(want []string) {
	w := t.f
	if w.Reviewing() {
		t.added = nil
		return
	}
	var base, added []string // shown for something else; shown for the thread
	for _, o := range w.Layers() {
		if !slices.Contains(t.added, o) {
			base = append(base, o)
		}
	}
	for _, a := range want {
		if a != w.User() && !slices.Contains(base, a) && !slices.Contains(added, a) {
			added = append(added, a)
		}
	}
	t.added = added
	next := append(base, added...)
	if slices.Equal(next, w.Layers()) {
		return
	}
	w.ShowLayers(next...)
	t.loadDocThreads()
}

// memberOf is threadpanel.MemberOf without indexing the whole article: it
// walks the text only as far as the span ends.
func memberOf(m annotate.Member, s *annotate.Span, d *annotate.Document) threadpanel.Member {
	var b strings.Builder
	cp, fi := 0, 0
	for _, r := range d.Text {
		if fi >= len(s.Fragments) {
			break
		}
		f := s.Fragments[fi]
		if cp >= f.Start && cp < f.End {
			b.WriteRune(r)
		}
		cp++
		if cp >= f.End {
			fi++
			if fi < len(s.Fragments) {
				b.WriteString(" … ")
			}
		}
	}
	return threadpanel.Member{Doc: m.Doc, Span: m.Span, Link: m.Link, Title: annotate.ShownTitle(d.Title, d.Text), Date: d.Date,
		Label: s.Label, Excerpt: threadpanel.Excerpt(b.String(), 200)}
}

// InThread reports whether span id is a member of the current thread, to
// outline it.
func (t *UI) InThread(id string) bool {
	_, ok := t.members[id]
	return ok
}

// StepMember goes to the next (+1) or previous (−1) member of the current
// thread, in whatever article it is.
func (t *UI) StepMember(d int) {
	w := t.f
	if t.cur == nil {
		w.SetStatus("No current thread: pick one in the Threads tab, or press T on a span.")
		return
	}
	i := t.at
	if sel := w.SelectedSpan(); sel != "" {
		if k, ok := t.members[sel]; ok {
			i = k
		}
	}
	j := i + d
	switch {
	case j >= len(t.cur.Members):
		w.SetStatus(fmt.Sprintf("That was the last member of “%s”.", t.threadTitle(t.cur)))
		return
	case j < 0:
		w.SetStatus(fmt.Sprintf("That was the first member of “%s”.", t.threadTitle(t.cur)))
		return
	}
	t.OpenMember(j)
}

// OpenMember shows member i of the current thread in its article. A member
// in a colleague's layer that is not shown has it shown first; one review
// mode hides, or one that is gone, is said so.
func (t *UI) OpenMember(i int) {
	w := t.f
	if t.cur == nil || i < 0 || i >= len(t.cur.Members) {
		return
	}
	m := t.cur.Members[i]
	t.at = i
	t.view.Select(i)
	phases.Mark("member: view selected")
	what := fmt.Sprintf("Member %d of %d of “%s”", i+1, len(t.cur.Members), t.threadTitle(t.cur))
	layer, ok := t.layerOf[m.Span]
	if !ok {
		s, err := t.st.Span(m.Span)
		switch {
		case errors.Is(err, store.ErrNotFound):
			w.SetStatus(what + " is not in this store: its span " + m.Span + " was deleted or never imported.")
			return
		case err != nil:
			w.Fail("read "+what, err)
			return
		}
		layer = s.Annotator
		t.layerOf[m.Span] = layer
	}
	t.setThreadLayers(t.threadLayers(t.cur))
	phases.Mark("member: layers set")
	if !w.ShowsLayer(layer) {
		w.SetStatus(fmt.Sprintf("%s is in %s's layer, which this review does not show: Review ▸ Stop review to see it.", what, layer))
	} else {
		w.SetStatus(what + "  —  ] next, [ previous")
	}
	// A member opened from the thread view (a click, or ] there) leaves the
	// keyboard in it, so Alt+Up/Down and Delete go on acting on the thread:
	// given to the article, Delete deleted the span itself.
	t.showSpanKeys(m.Doc, m.Span, t.view.HasKeyboard())
}

// ShowSpan selects a span in its article, opening the article first if
// another one is shown, and gives the keyboard to the article.
func (t *UI) ShowSpan(doc, span string) { t.showSpanKeys(doc, span, false) }

// showSpanKeys is ShowSpan; inView keeps the keyboard in the thread view.
func (t *UI) showSpanKeys(doc, span string, inView bool) {
	w := t.f
	if w.Doc() != nil && w.Doc().ID == doc {
		t.pending = ""
		t.selectShownKeys(span, inView)
		t.readNextAhead()
		return
	}
	t.pending, t.pendingKeys, t.saying = span, inView, w.Status()
	w.OpenDocument(doc)
}

// selectShown selects a span of the open article in the text and the list,
// and gives the keyboard to the article.
func (t *UI) selectShown(id string) { t.selectShownKeys(id, false) }

// selectShownKeys is selectShown; inView keeps the keyboard in the thread
// view.
func (t *UI) selectShownKeys(id string, inView bool) {
	w := t.f
	w.SelectSpan(id)
	t.NoteSpan(id)
	if inView {
		t.view.TakeKeyboard()
	} else {
		w.FocusView()
	}
}

// editThread applies an edit of the current thread; an edit that changes
// nothing is ignored, and one the domain refuses is explained.
func (t *UI) editThread(edit func(th *annotate.Thread) (*annotate.Change, error)) {
	w := t.f
	if t.cur == nil {
		return
	}
	if t.cur.Annotator != w.User() {
		t.refuseShared(t.cur)
		t.showMembers(t.cur, false) // put back what the view shows
		t.view.SetTitle(t.cur.Title)
		return
	}
	ch, err := edit(t.cur)
	switch {
	case errors.Is(err, annotate.ErrUnchanged):
		return
	case err != nil:
		w.SetStatus(err.Error())
		t.showMembers(t.cur, false) // put back what the view shows
		return
	}
	if !w.Apply(ch) {
		t.reloadCurrent() // the store refused it: show what it holds
		return
	}
	w.SetStatus(frame.Capital(ch.Desc) + " — Ctrl+Z undoes it")
}

// refuseShared says why a colleague's thread is not edited, and what to do.
func (t *UI) refuseShared(th *annotate.Thread) {
	w := t.f
	w.SetStatus(fmt.Sprintf("This is %s's thread — Copy to my threads makes one of your own to edit.", th.Annotator))
}

// CopyCurrent copies the current thread, a colleague's, into the user's
// layer with the same title and members, and makes the copy current. One
// undo takes it away again.
func (t *UI) CopyCurrent() {
	if t.f.RefuseWrite() {
		return
	}
	w := t.f
	th := t.cur
	switch {
	case th == nil:
		w.SetStatus("No current thread: pick a colleague's thread in the Threads tab to copy it.")
		return
	case th.Annotator == w.User():
		w.SetStatus(fmt.Sprintf("“%s” is your own thread already.", t.threadTitle(th)))
		return
	}
	cp := th.Clone()
	cp.ID, cp.Annotator, cp.Created = annotate.NewID(), w.User(), annotate.NowMillis()
	ch := annotate.PutThread(w.User(), fmt.Sprintf("copy %s's thread “%s”", th.Annotator, frame.Clip(t.threadTitle(th), 40)), nil, cp)
	if !w.Apply(ch) {
		return
	}
	t.copies[cp.ID] = th.ID
	t.SetCurrent(ch.Threads[0].After)
	w.SetStatus(fmt.Sprintf("Copied %s's “%s” to your threads — edit it freely; Ctrl+Z undoes the copy", th.Annotator, frame.Clip(t.threadTitle(th), 40)))
}

// reloadCurrent reads the current thread from the store again.
func (t *UI) reloadCurrent() {
	w := t.f
	if t.cur == nil {
		return
	}
	th, err := t.st.Thread(t.cur.ID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		t.SetCurrent(nil)
	case err != nil:
		w.Fail("read thread", err)
	default:
		t.SetCurrent(th)
	}
}

// setMemberLink labels the link into member i of the current thread.
func (t *UI) setMemberLink(i int, label string) {
	w := t.f
	t.editThread(func(th *annotate.Thread) (*annotate.Change, error) { return annotate.SetLink(w.User(), th, i, label) })
}

// Changed brings the threads on screen up to date with what reached
// the store: a change of the user's is followed edit by edit; records that
// arrived another way are read again.
func (t *UI) Changed(c frame.Changed) {
	w := t.f
	t.changes++ // members read ahead before it are read again
	if c.Change != nil {
		t.threadsChanged(c.Change, c.Undone)
		return
	}
	if c.All || len(c.Threads) > 0 {
		t.Load()
	}
	if w.Doc() != nil && (c.All || len(c.Threads) > 0 || c.Docs[w.Doc().ID]) {
		t.loadDocThreads()
	}
}

// threadsChanged brings the threads on screen up to date with a change that
// reached the store: applied, redone, or (undone) taken back.
func (t *UI) threadsChanged(ch *annotate.Change, undone bool) {
	w := t.f
	if t.panel == nil {
		return
	}
	if undone {
		ch = ch.Inverse()
	}
	for _, e := range ch.Spans {
		delete(t.cache, e.ID())
		delete(t.layerOf, e.ID())
	}
	if len(ch.Threads) == 0 {
		// A member may have a new label; a change of spans that are not
		// the current thread's members (a label key, most often) leaves
		// its view alone: its 1,000 members were set again before the
		// key's frame (issue 18).
		if t.cur != nil && slices.ContainsFunc(ch.Spans, func(e annotate.SpanEdit) bool { _, ok := t.members[e.ID()]; return ok }) {
			t.showMembers(t.cur, false)
		}
		return
	}
	touchesDoc := false
	curGone, curNew := false, (*annotate.Thread)(nil)
	back := "" // the thread a copy undone was made from
	for _, e := range ch.Threads {
		id := e.ID()
		delete(t.chains, id)
		delete(t.shared, id)
		switch a := e.After; {
		case a == nil || a.Title == "":
		case a.Annotator == w.User():
			t.chains[id] = a.Clone()
		default:
			t.shared[id] = a.Clone()
		}
		for _, th := range []*annotate.Thread{e.Before, e.After} {
			if th != nil && w.Doc() != nil && slices.Contains(th.Docs(), w.Doc().ID) {
				touchesDoc = true
			}
		}
		if t.cur != nil && id == t.cur.ID {
			if e.After == nil {
				curGone = true
				back = t.copies[id]
			} else {
				curNew = e.After.Clone()
			}
		}
	}
	// Keep the open article's list right now; the reload adds the text of
	// new ends.
	for _, e := range ch.Threads {
		id := e.ID()
		t.docThreads = slices.DeleteFunc(t.docThreads, func(th *annotate.Thread) bool { return th.ID == id })
		if a := e.After; a != nil && w.Doc() != nil && slices.Contains(a.Docs(), w.Doc().ID) && w.ShowsLayer(a.Annotator) {
			t.docThreads = append(t.docThreads, a.Clone())
		}
	}
	w.RefreshArcs()
	switch {
	case curGone && t.shared[back] != nil:
		t.SetCurrent(t.shared[back])
	case curGone:
		t.SetCurrent(nil)
	case curNew != nil:
		t.SetCurrent(curNew)
	}
	t.refreshThreadList()
	if touchesDoc {
		w.RefreshSpanList()
		t.loadDocThreads()
	}
}

// loadFigures compares the figures of the current thread off the UI
// goroutine.
func (t *UI) loadFigures() {
	w := t.f
	t.figGen++
	gen, th := t.figGen, t.cur
	if th == nil {
		t.figures.SetNoThread()
		return
	}
	w.Go(func(ctx context.Context) {
		docs := map[string]*annotate.Document{}
		items, unread, err := figures.ThreadFigures(th, func(id string) (*annotate.Span, *annotate.Document, error) {
			s, err := t.st.Span(id)
			if err != nil {
				return nil, nil, err
			}
			d := docs[s.Doc]
			if d == nil {
				if d, err = t.st.Document(s.Doc); err != nil {
					return nil, nil, err
				}
				docs[s.Doc] = d
			}
			return s, d, nil
		})
		w.Do(func() {
			if gen != t.figGen {
				return
			}
			if err != nil {
				w.Fail("compare figures", err)
			}
			t.figures.SetFigures(items, unread)
		})
	})
}

// Recolor shows the members in their labels' colours again, after the
// labels changed.
func (t *UI) Recolor() {
	for id, m := range t.cache {
		if m.Label != "" {
			m.Color = t.f.LabelColor(m.Label)
			t.cache[id] = m
		}
	}
	if t.cur != nil && t.view != nil {
		t.showMembers(t.cur, false)
	}
}

// UserBecame follows a change of annotator: a layer shown for a thread that
// is now the user's own is no longer shown beside it, and the threads are
// read again, split into the user's and the colleagues'.
func (t *UI) UserBecame(name string) {
	t.added = slices.DeleteFunc(t.added, func(a string) bool { return a == name })
	t.Load()
}

// ForgetMembers drops the members read so far, so the next thread shown
// reads them all again.
func (t *UI) ForgetMembers() { clear(t.cache) }

// Current is the current thread, nil if none; At is the member last
// visited.
func (t *UI) Current() *annotate.Thread { return t.cur }

// At is the index of the current thread's member last visited.
func (t *UI) At() int { return t.at }

// Titled lists the user's titled threads, by ID.
func (t *UI) Titled() map[string]*annotate.Thread { return t.chains }

// DocThreads are the threads of the shown layers with a member in the
// open article; End is the text of a member of theirs, by span ID.
func (t *UI) DocThreads() []*annotate.Thread { return t.docThreads }

// End is the text of a span at an end of one of DocThreads.
func (t *UI) End(spanID string) string {
	if e, ok := t.ends[spanID]; ok {
		return e
	}
	return "…" // in another article, not read yet
}

// Tabs are the right column's tabs (Spans, Threads, Figures), where other
// features add theirs.
func (t *UI) Tabs() *container.AppTabs { return t.tabs }

// ShowThreads brings the Threads tab forward; ShowFigures the Figures tab.
func (t *UI) ShowThreads() { t.tabs.Select(t.thrTab) }

// ShowFigures brings the Figures tab forward.
func (t *UI) ShowFigures() { t.tabs.Select(t.figTab) }

// ThreadsShown reports whether the Threads tab is forward; FiguresShown
// the Figures tab.
func (t *UI) ThreadsShown() bool { return t.tabs.Selected() == t.thrTab }

// FiguresShown reports whether the Figures tab is forward.
func (t *UI) FiguresShown() bool { return t.tabs.Selected() == t.figTab }

// Panel is the list of threads; View the current thread's members;
// Figures the comparison of its figures.
func (t *UI) Panel() *threadpanel.Panel { return t.panel }

// View shows the current thread's members.
func (t *UI) View() *threadpanel.ThreadView { return t.view }

// Figures compares the current thread's figures.
func (t *UI) Figures() *threadpanel.FiguresView { return t.figures }
