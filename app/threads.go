package app

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/figures"
	"github.com/skein-news/skein/app/threadpanel"

	"github.com/skein-news/skein/app/parts"
)

// Keys of the article that act on threads; the Threads menu names them.
const (
	keyAddToThread = fyne.KeyT            // add the selected span to a thread
	keyLink        = fyne.KeyL            // link the previous span to the selected one
	keyNextMember  = fyne.KeyRightBracket // next member of the current thread
	keyPrevMember  = fyne.KeyLeftBracket  // previous member
)

// threadsStore is what the threads read.
type threadsStore interface {
	ThreadsOfSpan(spanID string) ([]*annotate.Thread, error)
	ThreadsOfDoc(docID string) ([]*annotate.Thread, error)
	Thread(id string) (*annotate.Thread, error)
	Threads(ctx context.Context, fn func(*annotate.Thread) error) error
	Span(id string) (*annotate.Span, error)
	Document(id string) (*annotate.Document, error)
}

// threadsUI is the threads feature, a type of its own (Window.th): the
// Threads and Figures tabs beside the span list, what they do, and what
// they know: the user's titled threads, colleagues' titled threads (read-only,
// to review and copy), the untitled ones (links imported from brat, Prodigy
// or doccano, or made with L) of the open article, and the current thread,
// whose members are outlined in the text and walked with ] and [.
type threadsUI struct {
	w *Window // the window it is in

	tabs    *container.AppTabs
	thrTab  *container.TabItem
	figTab  *container.TabItem
	panel   *threadpanel.Panel
	view    *threadpanel.ThreadView
	figures *threadpanel.FiguresView
	hint    *parts.Caption // shown instead of the view while no thread is current

	chains map[string]*annotate.Thread // the user's titled threads, in every article
	shared map[string]*annotate.Thread // colleagues' titled threads
	// copies are the threads “Copy to my threads” made, by ID, with the
	// thread each copies: undoing a copy goes back to the original.
	copies map[string]string
	// docThreads are the threads of the shown layers with a member in the
	// open article; ends are the excerpts of their members, by span ID.
	docThreads []*annotate.Thread
	ends       map[string]string

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
}

// buildRightColumn puts the span list, the threads and the figures of the
// current thread in tabs.
func (w *Window) buildRightColumn(spans fyne.CanvasObject) fyne.CanvasObject {
	t := &w.th
	t.w = w
	t.chains = map[string]*annotate.Thread{}
	t.shared = map[string]*annotate.Thread{}
	t.copies = map[string]string{}
	t.ends = map[string]string{}
	t.cache = map[string]threadpanel.Member{}
	t.layerOf = map[string]string{}
	t.members = map[string]int{}

	t.panel = threadpanel.NewPanel()
	t.panel.OnSelect = func(id string) { t.selectThread(id) }
	t.panel.OnNew = t.newThreadFromSelection

	t.view = threadpanel.NewThreadView()
	t.view.OnOpen = func(_, span string) {
		if t.cur != nil {
			if i := t.cur.Index(span); i >= 0 {
				t.openMember(i)
			}
		}
	}
	t.view.OnMove = func(from, to int) {
		t.editThread(func(th *annotate.Thread) (*annotate.Change, error) { return annotate.MoveMember(w.user, th, from, to) })
	}
	t.view.OnRemove = func(i int) {
		t.editThread(func(th *annotate.Thread) (*annotate.Change, error) {
			if i >= len(th.Members) {
				return nil, annotate.ErrMemberIndex
			}
			return annotate.RemoveMember(w.user, th, th.Members[i].Span)
		})
	}
	t.view.OnRename = func(title string) {
		t.editThread(func(th *annotate.Thread) (*annotate.Change, error) { return annotate.RenameThread(w.user, th, title) })
	}
	t.view.OnSetLink = func(i int, label string) { t.setMemberLink(i, label) }
	t.view.OnCopy = t.copyThread
	t.view.OnKey = func(ev *fyne.KeyEvent) bool { return w.typedKey(ev, 0) }
	t.view.Hide()
	t.hint = parts.NewCaption("Pick a thread above, or select a span and press T to add it to one.",
		theme.ColorNamePlaceHolder, theme.SizeNameCaptionText)
	t.hint.Truncate = true

	split := container.NewVSplit(t.panel, container.NewStack(t.view, container.NewPadded(container.NewVBox(t.hint))))
	split.Offset = 0.32

	t.figures = threadpanel.NewFiguresView()
	t.figures.OnOpen = func(doc, span string) {
		if t.cur != nil {
			if i := t.cur.Index(span); i >= 0 {
				t.openMember(i)
				return
			}
		}
		t.showSpan(doc, span)
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
	// does not widen when the tab is first shown.
	return container.New(widestOf{t.view}, parts.NewBackground(theme.ColorNameHeaderBackground), t.tabs)
}

// widestOf stacks its objects like a Stack, at least as wide as another
// object needs: a tab that is not shown yet.
type widestOf struct{ other fyne.CanvasObject }

func (l widestOf) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return fyne.NewSize(max(s.Width, l.other.MinSize().Width), s.Height)
}

func (l widestOf) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// threadsMenu is the Threads menu. Its single keys act in the article.
func (w *Window) threadsMenu() *fyne.Menu {
	keys := w.bindingItems("Threads") // add, link, next, previous
	return fyne.NewMenu("Threads",
		fyne.NewMenuItem("New thread from selection", w.th.newThreadFromSelection),
		keys[0], keys[1],
		fyne.NewMenuItem("Copy to my threads", w.th.copyThread),
		fyne.NewMenuItemSeparator(),
		keys[2], keys[3],
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Show threads", func() { w.th.tabs.Select(w.th.thrTab) }),
		fyne.NewMenuItem("Show figures", func() { w.th.tabs.Select(w.th.figTab) }),
	)
}

// loadThreads reads the titled threads, the user's and colleagues', off
// the UI goroutine and lists them.
func (t *threadsUI) loadThreads() {
	w := t.w
	if t.panel == nil {
		return
	}
	t.loadGen++
	gen, user := t.loadGen, w.user
	w.goBG(func(ctx context.Context) {
		chains, shared := map[string]*annotate.Thread{}, map[string]*annotate.Thread{}
		err := w.st.Threads(ctx, func(th *annotate.Thread) error {
			switch {
			case th.Title == "":
			case th.Annotator == user:
				chains[th.ID] = th
			default:
				shared[th.ID] = th
			}
			return nil
		})
		w.do(func() {
			if gen != t.loadGen {
				return
			}
			if err != nil {
				w.fail("read threads", err)
			}
			t.chains, t.shared = chains, shared
			if c := t.cur; c != nil {
				// The user may have changed: the thread is theirs now, or
				// a colleague's.
				switch th := t.listedThread(c.ID); {
				case th != nil:
					t.setCurrent(th)
				case c.Annotator != w.user:
					t.setCurrent(nil)
				}
			}
			t.refreshThreadList()
		})
	})
}

// loadDocThreads reads the threads of the open article, and the text of
// their members in other articles, off the UI goroutine.
func (t *threadsUI) loadDocThreads() {
	w := t.w
	if w.doc == nil || t.panel == nil {
		return
	}
	t.docGen++
	gen, doc, text := t.docGen, w.doc.ID, w.text
	w.goBG(func(ctx context.Context) {
		all, err := w.st.ThreadsOfDoc(doc)
		ends := map[string]string{}
		docs := map[string]*annotate.Text{doc: text}
		for _, th := range all {
			if th.Title != "" {
				continue // a chain lists its members in its own view
			}
			for _, m := range th.Members {
				if _, ok := ends[m.Span]; ok || ctx.Err() != nil {
					continue
				}
				ends[m.Span] = endExcerpt(w.st, docs, m)
			}
		}
		w.do(func() {
			if gen != t.docGen || w.doc == nil || w.doc.ID != doc {
				return
			}
			if err != nil {
				w.fail("read threads of "+w.doc.Title, err)
			}
			t.docThreads = t.docThreads[:0]
			for _, th := range all {
				if w.showsLayer(th.Annotator) {
					t.docThreads = append(t.docThreads, th)
				}
			}
			t.ends = ends
			t.refreshThreadList()
			w.spanList.Refresh()
		})
	})
}

// endExcerpt is the text of a link's end, for the span list and the panel;
// docs caches the articles' indexed text.
func endExcerpt(st threadsStore, docs map[string]*annotate.Text, m annotate.Member) string {
	s, err := st.Span(m.Span)
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

// threadsDocShown follows an article that was just put on screen: it reads
// its threads and selects the member a jump was heading for.
func (t *threadsUI) threadsDocShown() {
	w := t.w
	t.loadDocThreads()
	if id := t.pending; id != "" {
		t.pending = ""
		t.selectShownKeys(id, t.pendingKeys)
		w.setStatus(t.saying)
	}
}

// refreshThreadList lists the user's titled threads, then the untitled ones
// of the open article in the user's layer, then colleagues' titled threads
// with their names, by colleague.
func (t *threadsUI) refreshThreadList() {
	w := t.w
	sums := make([]threadpanel.Summary, 0, len(t.chains)+len(t.docThreads)+len(t.shared))
	for _, th := range sortedThreads(t.chains) {
		sums = append(sums, threadpanel.SummaryOf(th))
	}
	for _, th := range t.docThreads {
		if th.Title == "" && th.Annotator == w.user {
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
func (t *threadsUI) describeLink(th *annotate.Thread) string {
	var b strings.Builder
	for i, m := range th.Members {
		if i > 0 {
			b.WriteString(" ▸ ")
			if m.Link != "" {
				b.WriteString(m.Link + " ▸ ")
			}
		}
		b.WriteString("“" + clip(t.ends[m.Span], 30) + "”")
	}
	return b.String()
}

// spanLinks describes the links and threads a span of the open article is
// in, for its row in the span list: ▸ targets “the TTP”, ∈ “Attacks” 2/5.
// Links come first: the row's line is cut to the column's width, and a
// span in a thread or two had its link cut off behind them.
func (t *threadsUI) spanLinks(id string) string {
	var links, threads []string
	for _, th := range t.docThreads {
		i := th.Index(id)
		if i < 0 {
			continue
		}
		if th.Title != "" {
			threads = append(threads, fmt.Sprintf("∈ “%s” %d/%d", clip(th.Title, 24), i+1, len(th.Members)))
			continue
		}
		if i+1 < len(th.Members) {
			links = append(links, linkPart("▸", th.Members[i+1].Link, t.ends[th.Members[i+1].Span]))
		}
		if i > 0 {
			links = append(links, linkPart("◂", th.Members[i].Link, t.ends[th.Members[i-1].Span]))
		}
	}
	return strings.Join(append(links, threads...), "  ")
}

func linkPart(arrow, label, excerpt string) string {
	if label != "" {
		arrow += " " + label
	}
	return arrow + " “" + clip(excerpt, 30) + "”"
}

// noteSpan remembers the spans the researcher selects, so L can link the
// one before to the one now, and follows the current thread's member.
func (t *threadsUI) noteSpan(id string) {
	w := t.w
	if id == "" || (t.last != nil && t.last.ID == id) {
		return
	}
	s := w.spanByID(id)
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
func (t *threadsUI) selectedOwnSpan(what string) *annotate.Span {
	w := t.w
	s := w.spanByID(w.view.SelectedSpan())
	if s == nil {
		w.setStatus("Click a span first, then " + what + ".")
		return nil
	}
	if !w.own(s) {
		return nil
	}
	return s
}

// newThreadFromSelection starts a thread with the selected span, titled by
// its text; the title field renames it.
func (t *threadsUI) newThreadFromSelection() {
	w := t.w
	s := t.selectedOwnSpan("start a thread from it")
	if s == nil {
		return
	}
	ch := annotate.NewThread(w.user, clip(w.excerpt(s), 60), s)
	if !w.apply(ch) {
		return
	}
	t.setCurrent(ch.Threads[0].After)
	t.tabs.Select(t.thrTab)
	w.setStatus("New thread “" + ch.Threads[0].After.Title + "” — rename it above its members; T adds spans")
}

// pickThreadForSelection asks which thread the selected span joins: typing
// filters, Enter takes the first match.
func (t *threadsUI) pickThreadForSelection() {
	w := t.w
	s := t.selectedOwnSpan("press T to add it to a thread")
	if s == nil {
		return
	}
	if len(t.chains) == 0 {
		// Nothing to pick from: offer the one thread it can join, a new one.
		d := dialog.NewConfirm("No threads yet", "Start a thread with “"+clip(w.excerpt(s), 40)+"”?\n"+
			"Then select a span in any article and press T to add it.", func(ok bool) {
			if ok {
				t.newThreadFromSelection()
			}
		}, w.win)
		d.SetConfirmText("New thread…")
		d.SetOnClosed(w.focusView)
		d.Show()
		return
	}
	picker := threadpanel.NewPicker(t.pickOrder())
	d := dialog.NewCustom("Add “"+clip(w.excerpt(s), 40)+"” to a thread", "Cancel", picker, w.win)
	picker.OnChoose = func(id string) {
		d.Hide()
		t.addToThread(id, s)
	}
	picker.OnCancel = d.Hide
	d.SetOnClosed(w.focusView)
	d.Show()
	t.focusLater(picker.Entry())
}

// focusLater focuses f once the events being handled are done: a dialog
// opened by a key must not receive that key's character.
func (t *threadsUI) focusLater(f fyne.Focusable) {
	w := t.w
	w.goBG(func(context.Context) { w.do(func() { w.win.Canvas().Focus(f) }) })
}

// pickOrder lists the threads the picker offers: the current one first,
// then the newest.
func (t *threadsUI) pickOrder() []threadpanel.Summary {
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

// addToThread appends span s to thread id and makes it the current thread.
func (t *threadsUI) addToThread(id string, s *annotate.Span) {
	w := t.w
	th := t.chains[id]
	if th == nil {
		if th := t.shared[id]; th != nil {
			t.refuseShared(th)
		}
		return
	}
	ch, err := annotate.AddMember(w.user, th, s, -1, "")
	if errors.Is(err, annotate.ErrAlreadyMember) {
		t.setCurrent(th)
		t.at = th.Index(s.ID)
		t.view.Select(t.at)
		w.setStatus("Already in “" + th.Title + "”.")
		return
	}
	if err != nil {
		w.setStatus(err.Error())
		return
	}
	if !w.apply(ch) {
		return
	}
	after := ch.Threads[0].After
	t.setCurrent(after)
	t.at = len(after.Members) - 1
	t.view.Select(t.at)
	w.setStatus(fmt.Sprintf("Added to “%s”, member %d of %d — ] and [ walk the thread", after.Title, len(after.Members), len(after.Members)))
}

// linkSelected links the span selected before to the one selected now,
// which may be in another article, after asking for the link's label.
func (t *threadsUI) linkSelected() {
	w := t.w
	to := t.selectedOwnSpan("press L to link the span you selected before it to it")
	if to == nil {
		return
	}
	from := t.prev
	if t.last == nil || t.last.ID != to.ID {
		from = t.last
	}
	if from == nil || from.ID == to.ID {
		w.setStatus("Select one span, then another (in any article), then press L to link the first to the second.")
		return
	}
	if _, err := w.st.Span(from.ID); err != nil {
		w.setStatus("The span selected before is gone; select two spans again.")
		return
	}
	t.askLinkLabel(from, to)
}

// askLinkLabel asks for a link's label: one of the link labels, one typed
// in, or none.
func (t *threadsUI) askLinkLabel(from, to *annotate.Span) {
	w := t.w
	e := widget.NewSelectEntry(t.linkLabels())
	e.SetPlaceHolder("label, or none")
	fromText, toText := t.spanText(from), t.spanText(to)
	msg := widget.NewLabel(fmt.Sprintf("From %s “%s”\nto %s “%s”", from.Label, clip(fromText, 50), to.Label, clip(toText, 50)))
	d := dialog.NewCustomConfirm("Link two spans", "Link", "Cancel", container.NewVBox(msg, e), func(ok bool) {
		if ok {
			t.linkSpans(from, to, strings.TrimSpace(e.Text))
		}
		w.focusView()
	}, w.win)
	e.OnSubmitted = func(string) { d.Confirm() }
	d.Resize(fyne.NewSize(460, 0))
	d.Show()
	t.focusLater(e)
}

// linkLabels are the labels offered for links: the defaults, then those
// the user's threads use.
func (t *threadsUI) linkLabels() []string {
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

// spanText is a span's text, from the open article or the store.
func (t *threadsUI) spanText(s *annotate.Span) string {
	w := t.w
	if w.doc != nil && s.Doc == w.doc.ID {
		return w.excerpt(s)
	}
	return endExcerpt(w.st, map[string]*annotate.Text{}, annotate.Member{Doc: s.Doc, Span: s.ID})
}

// linkSpans stores a link from one span to another.
func (t *threadsUI) linkSpans(from, to *annotate.Span, label string) {
	w := t.w
	ch, err := annotate.NewLink(w.user, from, to, label)
	if err != nil {
		w.setStatus(err.Error())
		return
	}
	if w.apply(ch) {
		t.setCurrent(ch.Threads[0].After)
		what := "Linked"
		if label != "" {
			what += " (" + label + ")"
		}
		w.setStatus(fmt.Sprintf("%s “%s” ▸ “%s”", what, clip(t.spanText(from), 30), clip(t.spanText(to), 30)))
	}
}

// selectThread makes the thread picked in the panel the current one.
func (t *threadsUI) selectThread(id string) {
	w := t.w
	th := t.threadByID(id)
	if th == nil {
		return
	}
	t.setCurrent(th)
	w.focusView() // so ] and [ walk it at once
	if th.Annotator != w.user {
		w.setStatus(fmt.Sprintf("“%s” is %s's thread, read-only: click a member to open it; ] and [ walk it; Copy to my threads makes it yours to edit",
			t.threadTitle(th), th.Annotator))
		return
	}
	w.setStatus(fmt.Sprintf("“%s”: click a member to open it; ] and [ walk the thread", t.threadTitle(th)))
}

// listedThread finds a titled thread, the user's or a colleague's.
func (t *threadsUI) listedThread(id string) *annotate.Thread {
	if th := t.chains[id]; th != nil {
		return th
	}
	return t.shared[id]
}

// threadByID finds a listed thread.
func (t *threadsUI) threadByID(id string) *annotate.Thread {
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

func (t *threadsUI) threadTitle(th *annotate.Thread) string {
	if th.Title != "" {
		return th.Title
	}
	return t.describeLink(th)
}

// setCurrent makes th the current thread (nil: none): it is shown in the
// view, its members are outlined, and ] and [ walk them.
func (t *threadsUI) setCurrent(th *annotate.Thread) {
	w := t.w
	same := th != nil && t.cur != nil && th.ID == t.cur.ID
	t.cur = th
	t.members = map[string]int{}
	if th == nil {
		t.view.Hide()
		t.hint.Show()
		t.panel.Select("")
		t.at = 0
		t.setThreadLayers(nil)
		w.refreshSpans()
		return
	}
	owner := ""
	if th.Annotator != w.user {
		owner = th.Annotator
	}
	t.view.SetOwner(owner)
	for i, m := range th.Members {
		t.members[m.Span] = i
	}
	if !same {
		t.at = 0
		if sel := w.view.SelectedSpan(); sel != "" {
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
	w.refreshSpans()
	if t.tabs.Selected() == t.figTab {
		t.loadFigures()
	}
}

// showMembers shows th in the view. Members seen before come from a cache;
// the others are read off the UI goroutine.
func (t *threadsUI) showMembers(th *annotate.Thread, fresh bool) {
	w := t.w
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
		if sel := w.view.SelectedSpan(); sel != "" {
			if i, ok := t.members[sel]; ok {
				t.view.Select(i)
			}
		}
	}
	if len(missing) == 0 {
		show()
		return
	}
	// Waited for like an article's open, so the thread's row and its
	// members reach the screen in one frame (issue 18).
	w.loadShow(func(ctx context.Context) func() {
		loaded, layers := loadMembers(ctx, w.st, missing)
		return func() {
			if gen != t.memGen {
				return
			}
			for id, m := range loaded {
				if m.Label != "" {
					m.Color = w.label(m.Label).Color
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

// loadMembers reads members' spans and articles for the view, and the
// layers the spans are in; a member whose span or article is gone says so.
func loadMembers(ctx context.Context, st Store, ms []annotate.Member) (map[string]threadpanel.Member, map[string]string) {
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
	return out, layers
}

// threadLayers lists the colleagues' layers th's members are in, as far as
// they are known, and th's own layer if it is a colleague's.
func (t *threadsUI) threadLayers(th *annotate.Thread) []string {
	w := t.w
	var out []string
	add := func(a string) {
		if a != "" && a != w.user && !slices.Contains(out, a) {
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
func (t *threadsUI) setThreadLayers(want []string) {
	w := t.w
	if w.rev != nil {
		t.added = nil
		return
	}
	var base, added []string // shown for something else; shown for the thread
	for _, o := range w.others {
		if !slices.Contains(t.added, o) {
			base = append(base, o)
		}
	}
	for _, a := range want {
		if a != w.user && !slices.Contains(base, a) && !slices.Contains(added, a) {
			added = append(added, a)
		}
	}
	t.added = added
	next := append(base, added...)
	if slices.Equal(next, w.others) {
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
	return threadpanel.Member{Doc: m.Doc, Span: m.Span, Link: m.Link, Title: d.Title, Date: d.Date,
		Label: s.Label, Excerpt: threadpanel.Excerpt(b.String(), 200)}
}

// inThread reports whether span id is a member of the current thread, to
// outline it.
func (t *threadsUI) inThread(id string) bool {
	_, ok := t.members[id]
	return ok
}

// stepMember goes to the next (+1) or previous (−1) member of the current
// thread, in whatever article it is.
func (t *threadsUI) stepMember(d int) {
	w := t.w
	if t.cur == nil {
		w.setStatus("No current thread: pick one in the Threads tab, or press T on a span.")
		return
	}
	i := t.at
	if sel := w.view.SelectedSpan(); sel != "" {
		if k, ok := t.members[sel]; ok {
			i = k
		}
	}
	j := i + d
	switch {
	case j >= len(t.cur.Members):
		w.setStatus(fmt.Sprintf("That was the last member of “%s”.", t.threadTitle(t.cur)))
		return
	case j < 0:
		w.setStatus(fmt.Sprintf("That was the first member of “%s”.", t.threadTitle(t.cur)))
		return
	}
	t.openMember(j)
}

// openMember shows member i of the current thread in its article. A member
// in a colleague's layer that is not shown has it shown first; one review
// mode hides, or one that is gone, is said so.
func (t *threadsUI) openMember(i int) {
	w := t.w
	if t.cur == nil || i < 0 || i >= len(t.cur.Members) {
		return
	}
	m := t.cur.Members[i]
	t.at = i
	t.view.Select(i)
	what := fmt.Sprintf("Member %d of %d of “%s”", i+1, len(t.cur.Members), t.threadTitle(t.cur))
	layer, ok := t.layerOf[m.Span]
	if !ok {
		s, err := w.st.Span(m.Span)
		switch {
		case isNotFound(err):
			w.setStatus(what + " is not in this store: its span " + m.Span + " was deleted or never imported.")
			return
		case err != nil:
			w.fail("read "+what, err)
			return
		}
		layer = s.Annotator
		t.layerOf[m.Span] = layer
	}
	t.setThreadLayers(t.threadLayers(t.cur))
	if !w.showsLayer(layer) {
		w.setStatus(fmt.Sprintf("%s is in %s's layer, which this review does not show: Review ▸ Stop review to see it.", what, layer))
	} else {
		w.setStatus(what + "  —  ] next, [ previous")
	}
	// A member opened from the thread view (a click, or ] there) leaves the
	// keyboard in it, so Alt+Up/Down and Delete go on acting on the thread:
	// given to the article, Delete deleted the span itself.
	t.showSpanKeys(m.Doc, m.Span, t.view.HasKeyboard())
}

// showSpan selects a span in its article, opening the article first if
// another one is shown, and gives the keyboard to the article.
func (t *threadsUI) showSpan(doc, span string) { t.showSpanKeys(doc, span, false) }

// showSpanKeys is showSpan; inView keeps the keyboard in the thread view.
func (t *threadsUI) showSpanKeys(doc, span string, inView bool) {
	w := t.w
	if w.doc != nil && w.doc.ID == doc {
		t.pending = ""
		t.selectShownKeys(span, inView)
		return
	}
	t.pending, t.pendingKeys, t.saying = span, inView, w.status.Text
	w.OpenDocument(doc)
}

// selectShown selects a span of the open article in the text and the list,
// and gives the keyboard to the article.
func (t *threadsUI) selectShown(id string) { t.selectShownKeys(id, false) }

// selectShownKeys is selectShown; inView keeps the keyboard in the thread
// view.
func (t *threadsUI) selectShownKeys(id string, inView bool) {
	w := t.w
	w.view.SelectSpan(id)
	w.syncSpanRow(id)
	t.noteSpan(id)
	if inView {
		t.view.TakeKeyboard()
	} else {
		w.focusView()
	}
}

// editThread applies an edit of the current thread; an edit that changes
// nothing is ignored, and one the domain refuses is explained.
func (t *threadsUI) editThread(edit func(th *annotate.Thread) (*annotate.Change, error)) {
	w := t.w
	if t.cur == nil {
		return
	}
	if t.cur.Annotator != w.user {
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
		w.setStatus(err.Error())
		t.showMembers(t.cur, false) // put back what the view shows
		return
	}
	if !w.apply(ch) {
		t.reloadCurrent() // the store refused it: show what it holds
		return
	}
	w.setStatus(strings.ToUpper(ch.Desc[:1]) + ch.Desc[1:] + " — Ctrl+Z undoes it")
}

// refuseShared says why a colleague's thread is not edited, and what to do.
func (t *threadsUI) refuseShared(th *annotate.Thread) {
	w := t.w
	w.setStatus(fmt.Sprintf("This is %s's thread — Copy to my threads makes one of your own to edit.", th.Annotator))
}

// copyThread copies the current thread, a colleague's, into the user's
// layer with the same title and members, and makes the copy current. One
// undo takes it away again.
func (t *threadsUI) copyThread() {
	w := t.w
	th := t.cur
	switch {
	case th == nil:
		w.setStatus("No current thread: pick a colleague's thread in the Threads tab to copy it.")
		return
	case th.Annotator == w.user:
		w.setStatus(fmt.Sprintf("“%s” is your own thread already.", t.threadTitle(th)))
		return
	}
	cp := th.Clone()
	cp.ID, cp.Annotator, cp.Created = annotate.NewID(), w.user, annotate.NowMillis()
	ch := annotate.PutThread(w.user, fmt.Sprintf("copy %s's thread “%s”", th.Annotator, clip(t.threadTitle(th), 40)), nil, cp)
	if !w.apply(ch) {
		return
	}
	t.copies[cp.ID] = th.ID
	t.setCurrent(ch.Threads[0].After)
	w.setStatus(fmt.Sprintf("Copied %s's “%s” to your threads — edit it freely; Ctrl+Z undoes the copy", th.Annotator, clip(t.threadTitle(th), 40)))
}

// reloadCurrent reads the current thread from the store again.
func (t *threadsUI) reloadCurrent() {
	w := t.w
	if t.cur == nil {
		return
	}
	th, err := w.st.Thread(t.cur.ID)
	switch {
	case isNotFound(err):
		t.setCurrent(nil)
	case err != nil:
		w.fail("read thread", err)
	default:
		t.setCurrent(th)
	}
}

// setMemberLink labels the link into member i of the current thread.
func (t *threadsUI) setMemberLink(i int, label string) {
	w := t.w
	t.editThread(func(th *annotate.Thread) (*annotate.Change, error) { return annotate.SetLink(w.user, th, i, label) })
}

// threadsNotified brings the threads on screen up to date with what reached
// the store: a change of the user's is followed edit by edit; records that
// arrived another way are read again.
func (t *threadsUI) threadsNotified(c Changed) {
	w := t.w
	if c.Change != nil {
		t.threadsChanged(c.Change, c.Undone)
		return
	}
	if c.All || len(c.Threads) > 0 {
		t.loadThreads()
	}
	if w.doc != nil && (c.All || len(c.Threads) > 0 || c.Docs[w.doc.ID]) {
		t.loadDocThreads()
	}
}

// threadsChanged brings the threads on screen up to date with a change that
// reached the store: applied, redone, or (undone) taken back.
func (t *threadsUI) threadsChanged(ch *annotate.Change, undone bool) {
	w := t.w
	if t.panel == nil {
		return
	}
	if undone {
		ch = ch.Inverse()
	}
	for _, e := range ch.Spans {
		delete(t.cache, editedSpan(e.Before, e.After))
		delete(t.layerOf, editedSpan(e.Before, e.After))
	}
	if len(ch.Threads) == 0 {
		if len(ch.Spans) > 0 && t.cur != nil {
			t.showMembers(t.cur, false) // a member may have a new label
		}
		return
	}
	touchesDoc := false
	curGone, curNew := false, (*annotate.Thread)(nil)
	back := "" // the thread a copy undone was made from
	for _, e := range ch.Threads {
		id := editedThread(e.Before, e.After)
		delete(t.chains, id)
		delete(t.shared, id)
		switch a := e.After; {
		case a == nil || a.Title == "":
		case a.Annotator == w.user:
			t.chains[id] = a.Clone()
		default:
			t.shared[id] = a.Clone()
		}
		for _, th := range []*annotate.Thread{e.Before, e.After} {
			if th != nil && w.doc != nil && slices.Contains(th.Docs(), w.doc.ID) {
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
		id := editedThread(e.Before, e.After)
		t.docThreads = slices.DeleteFunc(t.docThreads, func(th *annotate.Thread) bool { return th.ID == id })
		if a := e.After; a != nil && w.doc != nil && slices.Contains(a.Docs(), w.doc.ID) && w.showsLayer(a.Annotator) {
			t.docThreads = append(t.docThreads, a.Clone())
		}
	}
	switch {
	case curGone && t.shared[back] != nil:
		t.setCurrent(t.shared[back])
	case curGone:
		t.setCurrent(nil)
	case curNew != nil:
		t.setCurrent(curNew)
	}
	t.refreshThreadList()
	if touchesDoc {
		w.spanList.Refresh()
		t.loadDocThreads()
	}
}

// editedThread returns the ID of the thread an edit touches.
func editedThread(before, after *annotate.Thread) string {
	if before != nil {
		return before.ID
	}
	return after.ID
}

// editedSpan returns the ID of the span an edit touches.
func editedSpan(before, after *annotate.Span) string {
	if before != nil {
		return before.ID
	}
	return after.ID
}

// loadFigures compares the figures of the current thread off the UI
// goroutine.
func (t *threadsUI) loadFigures() {
	w := t.w
	t.figGen++
	gen, th := t.figGen, t.cur
	if th == nil {
		t.figures.SetItems(nil)
		return
	}
	w.goBG(func(ctx context.Context) {
		docs := map[string]*annotate.Document{}
		items, err := figures.ThreadItems(th, func(id string) (*annotate.Span, *annotate.Document, error) {
			s, err := w.st.Span(id)
			if err != nil {
				return nil, nil, err
			}
			d := docs[s.Doc]
			if d == nil {
				if d, err = w.st.Document(s.Doc); err != nil {
					return nil, nil, err
				}
				docs[s.Doc] = d
			}
			return s, d, nil
		})
		w.do(func() {
			if gen != t.figGen {
				return
			}
			if err != nil {
				w.fail("compare figures", err)
			}
			t.figures.SetItems(items)
		})
	})
}
