package app

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/frame/frametest"
	"github.com/skein-news/skein/store"
)

// pickSpan selects span id as a click on its row in the span list does.
func pickSpan(t testing.TB, w *Window, id string) {
	t.Helper()
	for i, s := range w.spanList.All() {
		if s.ID == id {
			w.spanList.Rows().Select(-1, "")
			w.spanList.Rows().Tap(i)
			if w.view.SelectedSpan() != id {
				t.Fatalf("clicking row %d did not select span %s", i, id)
			}
			return
		}
	}
	t.Fatalf("span %s is not in the list of %s", id, w.doc.Title)
}

// storedThread reads a thread back from the store.
func storedThread(t testing.TB, st Store, id string) *annotate.Thread {
	t.Helper()
	th, err := st.Thread(id)
	if err != nil {
		t.Fatalf("thread %s: %v", id, err)
	}
	return th
}

// memberSpans lists the span IDs of a thread's members, in order.
func memberSpans(th *annotate.Thread) []string {
	out := make([]string, len(th.Members))
	for i, m := range th.Members {
		out[i] = m.Span
	}
	return out
}

// viewSpans lists the span IDs the thread view shows, in order.
func viewSpans(w *Window) []string {
	ms := w.th.View().Members()
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Span
	}
	return out
}

// threeArticleThread makes, through the window, a thread of a claim in each
// of the three articles, in date order, and leaves it current.
func threeArticleThread(t testing.TB, w *Window) (*annotate.Thread, []*annotate.Span) {
	t.Helper()
	open(t, w, docKakar)
	a := addSpan(t, w, fyne.Key1, frag(t, docKakar, "linked the surge in attacks"))
	pickSpan(t, w, a.ID)
	menuItem(t, w, "Threads", "New thread").Action()
	settle(w)
	spans := []*annotate.Span{a}
	for _, tc := range []struct {
		d    *annotate.Document
		word string
	}{{docTaliban, "denied any responsibility"}, {docBorder, "stalled again"}} {
		open(t, w, tc.d)
		s := addSpan(t, w, fyne.Key1, frag(t, tc.d, tc.word))
		pickSpan(t, w, s.ID)
		w.th.AddToThread(w.th.Current().ID, s)
		settle(w)
		spans = append(spans, s)
	}
	if w.th.Current() == nil || len(w.th.Current().Members) != 3 {
		t.Fatalf("got current thread %v, want one of 3 members", w.th.Current())
	}
	return w.th.Current(), spans
}

func TestThreadNewFromSelectedSpan(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	open(t, w, docKakar)
	s := addSpan(t, w, fyne.Key1, frag(t, docKakar, "linked the surge in attacks"))
	press(w, fyne.KeyEscape) // the span just labelled is selected: Esc deselects it

	menuItem(t, w, "Threads", "New thread").Action()
	if n := st.threadCount(); n != 0 {
		t.Fatalf("with no span selected got %d threads, want 0", n)
	}
	pickSpan(t, w, s.ID)
	menuItem(t, w, "Threads", "New thread").Action()
	settle(w)

	if n := st.threadCount(); n != 1 {
		t.Fatalf("got %d threads, want 1", n)
	}
	th := storedThread(t, st, w.th.Current().ID)
	if got, want := memberSpans(th), []string{s.ID}; !reflect.DeepEqual(got, want) {
		t.Errorf("got members %v, want %v", got, want)
	}
	if th.Title != "linked the surge in attacks" || th.Annotator != "alice" {
		t.Errorf("got title %q by %s, want the span's text by alice", th.Title, th.Annotator)
	}
	if got := w.th.Panel().Shown(); len(got) != 1 || got[0].ID != th.ID || got[0].Members != 1 || got[0].Articles != 1 {
		t.Errorf("panel lists %+v, want the thread with 1 member in 1 article", got)
	}
	if got := viewSpans(w); !reflect.DeepEqual(got, []string{s.ID}) || w.th.View().Title() != th.Title {
		t.Errorf("view shows %q %v, want %q [%s]", w.th.View().Title(), got, th.Title, s.ID)
	}
	if !w.th.ThreadsShown() {
		t.Errorf("the Threads tab is not shown after making a thread")
	}
	m := w.th.View().Members()[0]
	if m.Title != docKakar.Title || m.Date != docKakar.Date || m.Label != annotate.Claim || m.Excerpt != "linked the surge in attacks" {
		t.Errorf("member shows %+v, want the article's title and date, the label and the text", m)
	}
}

func TestThreadAddWithPicker(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	open(t, w, docKakar)
	a := addSpan(t, w, fyne.Key1, frag(t, docKakar, "linked the surge in attacks"))
	b := addSpan(t, w, fyne.Key3, frag(t, docKakar, "60%"))
	pickSpan(t, w, a.ID)
	menuItem(t, w, "Threads", "New thread").Action()
	pickSpan(t, w, b.ID)
	menuItem(t, w, "Threads", "New thread").Action()
	settle(w)
	var surge, pct string
	for id, th := range w.th.Titled() {
		if strings.HasPrefix(th.Title, "linked") {
			surge = id
		} else {
			pct = id
		}
	}
	if surge == "" || pct == "" {
		t.Fatalf("got threads %v, want one titled by each span", w.th.Titled())
	}

	open(t, w, docTaliban)
	s := addSpan(t, w, fyne.Key1, frag(t, docTaliban, "denied any responsibility"))
	pickSpan(t, w, s.ID)
	w.focusView()
	press(w, fyne.KeyT)
	settle(w)
	if f := w.win.Canvas().Focused(); f == nil || fmt.Sprintf("%T", f) != "*threadpanel.pickerEntry" {
		t.Fatalf("after T the focus is on %T, want the picker's field", f)
	}
	test.Type(w.win.Canvas().Focused(), "surge")
	press(w, fyne.KeyReturn)
	settle(w)

	th := storedThread(t, st, surge)
	if got, want := memberSpans(th), []string{a.ID, s.ID}; !reflect.DeepEqual(got, want) {
		t.Fatalf("got members %v, want %v", got, want)
	}
	if got := th.Docs(); !reflect.DeepEqual(got, []string{docKakar.ID, docTaliban.ID}) {
		t.Errorf("got articles %v, want Kakar then Taliban", got)
	}
	if len(storedThread(t, st, pct).Members) != 1 {
		t.Errorf("the thread that did not match changed")
	}
	if w.th.Current() == nil || w.th.Current().ID != surge || !reflect.DeepEqual(viewSpans(w), []string{a.ID, s.ID}) {
		t.Errorf("view shows %v, want the thread added to", viewSpans(w))
	}
	if w.th.View().Selected() != 1 {
		t.Errorf("got member %d selected, want the one added (1)", w.th.View().Selected())
	}
	if w.win.Canvas().Overlays().Top() != nil {
		t.Errorf("the picker is still shown after Enter")
	}

	// T again on the same span: it is already there, nothing changes.
	w.focusView()
	press(w, fyne.KeyT)
	settle(w)
	press(w, fyne.KeyReturn)
	settle(w)
	if n := len(storedThread(t, st, surge).Members); n != 2 {
		t.Errorf("adding a member twice gave %d members, want 2", n)
	}
}

func TestThreadEditsUndoRedo(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(w *Window)
		want func(t *testing.T, before, after *annotate.Thread, spans []*annotate.Span)
	}{
		{"move down", func(w *Window) { w.th.View().Select(0); w.th.View().MoveSelected(+1) },
			func(t *testing.T, _, after *annotate.Thread, spans []*annotate.Span) {
				if got, want := memberSpans(after), []string{spans[1].ID, spans[0].ID, spans[2].ID}; !reflect.DeepEqual(got, want) {
					t.Errorf("got order %v, want %v", got, want)
				}
			}},
		{"remove", func(w *Window) { w.th.View().OnRemove(1) },
			func(t *testing.T, _, after *annotate.Thread, spans []*annotate.Span) {
				if got, want := memberSpans(after), []string{spans[0].ID, spans[2].ID}; !reflect.DeepEqual(got, want) {
					t.Errorf("got members %v, want %v", got, want)
				}
			}},
		{"rename", func(w *Window) { w.th.View().OnRename("Who is to blame") },
			func(t *testing.T, _, after *annotate.Thread, _ []*annotate.Span) {
				if after.Title != "Who is to blame" {
					t.Errorf("got title %q, want %q", after.Title, "Who is to blame")
				}
			}},
		{"set link", func(w *Window) { w.th.View().OnSetLink(2, "contradicts") },
			func(t *testing.T, _, after *annotate.Thread, _ []*annotate.Span) {
				if got := after.Members[2].Link; got != "contradicts" {
					t.Errorf("got link %q into member 2, want contradicts", got)
				}
			}},
		{"set own link label", func(w *Window) { w.th.View().OnSetLink(1, "echoes") },
			func(t *testing.T, _, after *annotate.Thread, _ []*annotate.Span) {
				if got := after.Members[1].Link; got != "echoes" {
					t.Errorf("got link %q into member 1, want echoes", got)
				}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := newFakeStore(testDocs()...)
			w := openWindow(t, test.NewTempApp(t), st, Options{})
			before, spans := threeArticleThread(t, w)
			before = before.Clone()

			tc.edit(w)
			settle(w)
			after := storedThread(t, st, before.ID)
			tc.want(t, before, after, spans)
			if got := viewSpans(w); !reflect.DeepEqual(got, memberSpans(after)) || w.th.View().Title() != after.Title {
				t.Errorf("view shows %q %v, want %q %v", w.th.View().Title(), got, after.Title, memberSpans(after))
			}
			links := func() []string {
				var out []string
				for _, m := range w.th.View().Members() {
					out = append(out, m.Link)
				}
				return out
			}
			wantLinks := func(th *annotate.Thread) []string {
				var out []string
				for _, m := range th.Members {
					out = append(out, m.Link)
				}
				return out
			}
			if !reflect.DeepEqual(links(), wantLinks(after)) {
				t.Errorf("view shows links %q, want %q", links(), wantLinks(after))
			}

			menuItem(t, w, "Edit", "Undo").Action()
			settle(w)
			if got := storedThread(t, st, before.ID); !reflect.DeepEqual(got, before) {
				t.Errorf("after undo got %+v, want %+v", got, before)
			}
			if got := viewSpans(w); !reflect.DeepEqual(got, memberSpans(before)) || w.th.View().Title() != before.Title {
				t.Errorf("after undo view shows %q %v, want %q %v", w.th.View().Title(), got, before.Title, memberSpans(before))
			}
			if !reflect.DeepEqual(links(), wantLinks(before)) {
				t.Errorf("after undo view shows links %q, want %q", links(), wantLinks(before))
			}
			if got := w.th.Panel().Shown(); len(got) != 1 || got[0].Members != len(before.Members) || got[0].Title != before.Title {
				t.Errorf("after undo panel lists %+v, want %q of %d members", got, before.Title, len(before.Members))
			}

			menuItem(t, w, "Edit", "Redo").Action()
			settle(w)
			if got := storedThread(t, st, before.ID); !reflect.DeepEqual(got, after) {
				t.Errorf("after redo got %+v, want %+v", got, after)
			}
			if got := viewSpans(w); !reflect.DeepEqual(got, memberSpans(after)) {
				t.Errorf("after redo view shows %v, want %v", got, memberSpans(after))
			}
		})
	}
}

func TestThreadMemberClickOpensArticle(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	_, spans := threeArticleThread(t, w)
	open(t, w, docBorder)

	w.th.View().OnOpen(docTaliban.ID, spans[1].ID) // as a click on the row does
	settle(w)
	if w.doc.ID != docTaliban.ID {
		t.Fatalf("clicking a member in %s shows %s", docTaliban.Title, w.doc.Title)
	}
	if got := w.view.SelectedSpan(); got != spans[1].ID {
		t.Errorf("got span %q selected, want the member %s", got, spans[1].ID)
	}
	if w.th.View().Selected() != 1 {
		t.Errorf("got member %d selected in the view, want 1", w.th.View().Selected())
	}
}

func TestThreadNextPreviousAcrossArticles(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	_, spans := threeArticleThread(t, w)
	open(t, w, docKakar)
	pickSpan(t, w, spans[0].ID)

	steps := []struct {
		key  fyne.KeyName
		doc  *annotate.Document
		span int
	}{
		{fyne.KeyRightBracket, docTaliban, 1},
		{fyne.KeyRightBracket, docBorder, 2},
		{fyne.KeyRightBracket, docBorder, 2}, // the last: stays
		{fyne.KeyLeftBracket, docTaliban, 1},
		{fyne.KeyLeftBracket, docKakar, 0},
		{fyne.KeyLeftBracket, docKakar, 0}, // the first: stays
	}
	for i, s := range steps {
		w.focusView()
		press(w, s.key)
		settle(w)
		if w.doc.ID != s.doc.ID || w.view.SelectedSpan() != spans[s.span].ID {
			t.Fatalf("step %d (%s): got %s with span %q, want %s with member %d", i, s.key, w.doc.Title, w.view.SelectedSpan(), s.doc.Title, s.span)
		}
		if w.th.View().Selected() != s.span {
			t.Errorf("step %d: got member %d selected in the view, want %d", i, w.th.View().Selected(), s.span)
		}
	}
	if !strings.Contains(w.status.Text, "first member") {
		t.Errorf("at the first member the status says %q", w.status.Text)
	}
	for _, label := range []string{"Next member", "Previous member"} {
		if it := menuItem(t, w, "Threads", label); it.Shortcut == nil {
			t.Errorf("%s has no key in the menu", label)
		}
	}
	menuItem(t, w, "Threads", "Next member").Action()
	settle(w)
	if w.doc.ID != docTaliban.ID {
		t.Errorf("Threads ▸ Next member shows %s, want %s", w.doc.Title, docTaliban.Title)
	}
}

// outlines counts the thread outlines the article draws (painted into
// its lines' layers, textview.View.Outlines).
func outlines(w *Window) int {
	test.WidgetRenderer(w.view).Refresh()
	return w.view.Outlines()
}

func TestThreadOutlinesCurrentMembers(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	open(t, w, docKakar)
	a := addSpan(t, w, fyne.Key1, frag(t, docKakar, "linked the surge"))
	b := addSpan(t, w, fyne.Key2, frag(t, docKakar, "Kakar"))
	c := addSpan(t, w, fyne.Key3, frag(t, docKakar, "60%"))
	w.win.Resize(fyne.NewSize(1320, 840))

	if n := outlines(w); n != 0 {
		t.Fatalf("with no thread got %d outlines, want 0", n)
	}
	pickSpan(t, w, a.ID)
	menuItem(t, w, "Threads", "New thread").Action()
	pickSpan(t, w, c.ID)
	w.th.AddToThread(w.th.Current().ID, c)
	settle(w)
	w.view.SelectSpan("") // a selected span is drawn with its own border

	for _, s := range []*annotate.Span{a, c} {
		if !w.th.InThread(s.ID) {
			t.Errorf("member %s is not outlined", s.Label)
		}
	}
	if w.th.InThread(b.ID) {
		t.Errorf("the actor, not a member, is outlined")
	}
	if n := outlines(w); n != 2 {
		t.Errorf("got %d outlines, want the 2 members", n)
	}
	w.th.SetCurrent(nil)
	if n := outlines(w); n != 0 {
		t.Errorf("with no current thread got %d outlines, want 0", n)
	}
}

func TestThreadDeleteMemberSpanUndo(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	before, spans := threeArticleThread(t, w)
	before = before.Clone()
	open(t, w, docTaliban)
	pickSpan(t, w, spans[1].ID)
	w.focusView()
	press(w, fyne.KeyDelete)
	settle(w)

	want := []string{spans[0].ID, spans[2].ID}
	if got := memberSpans(storedThread(t, st, before.ID)); !reflect.DeepEqual(got, want) {
		t.Fatalf("after deleting member 2 got %v, want %v", got, want)
	}
	if got := viewSpans(w); !reflect.DeepEqual(got, want) {
		t.Errorf("after deleting member 2 the view shows %v, want %v", got, want)
	}
	menuItem(t, w, "Edit", "Undo").Action()
	settle(w)
	if got := storedThread(t, st, before.ID); !reflect.DeepEqual(got, before) {
		t.Errorf("after undo got %+v, want %+v", got, before)
	}
	if got := viewSpans(w); !reflect.DeepEqual(got, memberSpans(before)) {
		t.Errorf("after undo the view shows %v, want %v", got, memberSpans(before))
	}
	if !w.th.InThread(spans[1].ID) {
		t.Errorf("the restored member is not outlined")
	}
}

func TestThreadLinkPreviousSpan(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	open(t, w, docKakar)
	from := addSpan(t, w, fyne.Key1, frag(t, docKakar, "linked the surge"))
	pickSpan(t, w, from.ID)
	open(t, w, docTaliban)
	to := addSpan(t, w, fyne.Key1, frag(t, docTaliban, "denied any responsibility"))
	pickSpan(t, w, to.ID)
	w.focusView()
	press(w, fyne.KeyL)
	settle(w)
	f := w.win.Canvas().Focused()
	test.Type(f, "contradicts")
	f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	settle(w)

	threads, _ := st.ThreadsOfSpan(to.ID)
	if len(threads) != 1 {
		t.Fatalf("got %d threads of the span, want 1 link", len(threads))
	}
	link := threads[0]
	want := []annotate.Member{{Doc: docKakar.ID, Span: from.ID}, {Doc: docTaliban.ID, Span: to.ID, Link: "contradicts"}}
	if !link.IsLink() || !reflect.DeepEqual(link.Members, want) {
		t.Fatalf("got %+v, want a link %+v", link, want)
	}
	if got := w.th.SpanLinks(to.ID); got != "“linked the surge” ▸ contradicts ▸ “denied any responsibility”" {
		t.Errorf("the span list says %q, want the link back to Kakar", got)
	}
	if got := w.th.Panel().Shown(); len(got) != 1 || got[0].ID != link.ID {
		t.Errorf("the panel lists %+v, want the article's link", got)
	}
	open(t, w, docKakar)
	if got := w.th.SpanLinks(from.ID); got != "“linked the surge” ▸ contradicts ▸ “denied any responsibility”" {
		t.Errorf("in the other article the span list says %q", got)
	}
	menuItem(t, w, "Edit", "Undo").Action()
	settle(w)
	if n := st.threadCount(); n != 0 || w.th.SpanLinks(from.ID) != "" {
		t.Errorf("after undo got %d threads and %q, want none", n, w.th.SpanLinks(from.ID))
	}
}

func TestThreadImportedLinksPerArticle(t *testing.T) {
	st := newFakeStore(testDocs()...)
	ctx := context.Background()
	spans := []*annotate.Span{
		{ID: "T1", Doc: docKakar.ID, Fragments: []annotate.Fragment{frag(t, docKakar, "PM Kakar")}, Label: annotate.Actor, Annotator: "alice"},
		{ID: "T2", Doc: docKakar.ID, Fragments: []annotate.Fragment{frag(t, docKakar, "the TTP")}, Label: annotate.Actor, Annotator: "alice"},
	}
	for _, s := range spans {
		if err := st.Apply(ctx, annotate.AddSpan("alice", s)); err != nil {
			t.Fatal(err)
		}
	}
	rel := &annotate.Thread{ID: "R1", Annotator: "alice", Members: []annotate.Member{
		{Doc: docKakar.ID, Span: "T1"}, {Doc: docKakar.ID, Span: "T2", Link: "targets"}}}
	if err := st.Apply(ctx, annotate.PutThread("alice", "import", nil, rel)); err != nil {
		t.Fatal(err)
	}
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	open(t, w, docKakar)
	// Both ends and the label, in the link's direction, from either end.
	for _, id := range []string{"T1", "T2"} {
		if got := w.th.SpanLinks(id); got != "“PM Kakar” ▸ targets ▸ “the TTP”" {
			t.Errorf("got %q for %s, want “PM Kakar” ▸ targets ▸ “the TTP”", got, id)
		}
	}
	if got := w.th.Panel().Shown(); len(got) != 1 || got[0].Title != "“PM Kakar” ▸ targets ▸ “the TTP”" {
		t.Errorf("the panel lists %+v, want the relation", got)
	}
	open(t, w, docTaliban)
	if got := w.th.Panel().Shown(); len(got) != 0 {
		t.Errorf("in another article the panel lists %+v, want nothing", got)
	}
}

// figureThread opens a window on a and b, labels inA and inB figure, makes
// a thread of the two and shows its Figures tab.
func figureThread(t *testing.T, a *annotate.Document, inA string, b *annotate.Document, inB string) *Window {
	t.Helper()
	w := openWindow(t, test.NewTempApp(t), newFakeStore(a, b), Options{})
	open(t, w, a)
	s1 := addSpan(t, w, fyne.Key3, frag(t, a, inA))
	pickSpan(t, w, s1.ID)
	menuItem(t, w, "Threads", "New thread").Action()
	open(t, w, b)
	s2 := addSpan(t, w, fyne.Key3, frag(t, b, inB))
	pickSpan(t, w, s2.ID)
	w.th.AddToThread(w.th.Current().ID, s2)
	menuItem(t, w, "Threads", "Show figures").Action()
	settle(w)
	return w
}

func TestThreadFiguresDisagree(t *testing.T) {
	a := newDoc("Sixty", "2023-11-10", "Officials counted 60 incidents last month.")
	b := newDoc("Forty", "2023-11-12", "Police reported only 40 incidents last month.")
	w := figureThread(t, a, "60 incidents", b, "40 incidents")

	if !w.th.FiguresShown() {
		t.Fatalf("Show figures did not show the Figures tab")
	}
	r := w.th.Figures().Report()
	if !r.Disagree || len(r.Groups) != 1 || len(r.Groups[0].Items) != 2 {
		t.Fatalf("got report %+v, want two counts that disagree", r)
	}
	w.th.View().OnRemove(1)
	settle(w)
	if r := w.th.Figures().Report(); r.Disagree {
		t.Errorf("after removing one figure the report still disagrees")
	}
}

// A figure member the Figures tab reads no number in — a name labelled
// figure by a slip of the key — is named there, not left out unsaid beside
// "The figures agree".
func TestThreadFiguresNameAMemberWithNoNumber(t *testing.T) {
	a := newDoc("Sixty", "2023-11-10", "Officials counted 60 incidents last month.")
	b := newDoc("Kakar", "2023-11-12", "PM Kakar blamed Kabul for the attacks.")
	w := figureThread(t, a, "60 incidents", b, "PM Kakar")
	got := strings.Join(frametest.Drawn(w.th.Figures()), " ")
	if !strings.Contains(got, "“PM Kakar”") || !strings.Contains(got, "no number") {
		t.Errorf("the Figures tab reads %q, want it to name the figure “PM Kakar” it read no number in", got)
	}
	if len(w.th.Figures().Report().Groups) != 1 {
		t.Errorf("report %+v, want the one count compared", w.th.Figures().Report())
	}
}

// benchThread is a real store in a temporary directory with n articles,
// each with one claim, and one thread of alice's whose members are those
// claims in article order.
func benchThread(b *testing.B, n int) (*store.Store, *annotate.Thread, []*annotate.Document) {
	b.Helper()
	st, err := store.Open(b.TempDir(), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	batch := &store.Batch{}
	th := &annotate.Thread{ID: annotate.NewID(), Title: "Border closures", Annotator: "alice"}
	var docs []*annotate.Document
	para := strings.Repeat("Refugees waited at the crossing while officials argued about the numbers. ", 40)
	for i := range n {
		text := fmt.Sprintf("Article %d. The TTP attacked a post near Torkham, officials said.\n\n%s\n\n%s", i, para, para)
		d := &annotate.Document{ID: annotate.DocID(text), Title: fmt.Sprintf("Article %d", i), Text: text,
			Date: fmt.Sprintf("2023-%02d-%02d", 1+i%12, 1+i%28)}
		docs = append(docs, d)
		s := &annotate.Span{ID: annotate.NewID(), Doc: d.ID, Label: annotate.Claim, Annotator: "alice",
			Fragments: []annotate.Fragment{{Start: 12, End: 40}}}
		batch.Docs = append(batch.Docs, d)
		batch.Spans = append(batch.Spans, s)
		m := annotate.Member{Doc: d.ID, Span: s.ID}
		if i > 0 {
			m.Link = "repeats"
		}
		th.Members = append(th.Members, m)
	}
	batch.Threads = []*annotate.Thread{th}
	if _, err := st.WriteBatch(context.Background(), batch); err != nil {
		b.Fatal(err)
	}
	return st, th, docs
}

// BenchmarkThreadNextMember is ] on a member of a 1,000-member thread: the
// next member's article (of 1,000, about 6 KB each) opens with the span
// selected. Timed: the key's handler on the UI goroutine, which shows the
// article (what the window does after it, off that goroutine, is settled
// untimed: the read ahead of the member after, which rests 60 ms first);
// ahead/op counts the jumps that took a read ahead.
func BenchmarkThreadNextMember(b *testing.B) {
	st, th, docs := benchThread(b, 1000)
	w := openWindow(b, test.NewTempApp(b), st, Options{})
	w.th.SetCurrent(th)
	settle(w)
	w.th.ShowSpan(docs[0].ID, th.Members[0].Span)
	settle(w)
	used := w.aheadUsed
	b.ResetTimer()
	for i := range b.N {
		if w.th.At() == len(th.Members)-1 {
			b.StopTimer()
			w.th.OpenMember(0)
			settle(w)
			b.StartTimer()
		}
		w.th.StepMember(+1)
		b.StopTimer()
		settle(w)
		b.StartTimer()
		if want := th.Members[w.th.At()]; w.doc.ID != want.Doc || w.view.SelectedSpan() != want.Span {
			b.Fatalf("iteration %d: got %s span %q, want member %d", i, w.doc.ID, w.view.SelectedSpan(), w.th.At())
		}
	}
	b.ReportMetric(float64(w.aheadUsed-used)/float64(b.N), "ahead/op")
}

// BenchmarkThreadOpen shows a 1,000-member thread across 1,000 articles in
// the thread view, reading every member from the store (cold) or, opened
// again, from what the view has already read (warm).
func BenchmarkThreadOpen(b *testing.B) {
	st, th, _ := benchThread(b, 1000)
	for _, warm := range []bool{false, true} {
		name := "cold"
		if warm {
			name = "warm"
		}
		b.Run(name, func(b *testing.B) {
			w := openWindow(b, test.NewTempApp(b), st, Options{})
			if warm {
				w.th.SetCurrent(th)
				settle(w)
			}
			b.ResetTimer()
			for range b.N {
				if !warm {
					b.StopTimer()
					w.th.ForgetMembers()
					w.th.SetCurrent(nil)
					b.StartTimer()
				} else {
					b.StopTimer()
					w.th.SetCurrent(nil)
					b.StartTimer()
				}
				w.th.SetCurrent(th)
				settle(w)
				if got := len(w.th.View().Members()); got != len(th.Members) {
					b.Fatalf("the view shows %d members, want %d", got, len(th.Members))
				}
			}
		})
	}
}

// TestThreadViewKeysAfterClick clicks a member in the thread view, as a
// researcher does, and then uses the keys the view's hint names: the
// keyboard stays in the view, so Alt+Down moves the member, [ walks to the
// one before it (opening its article) and Delete takes that one out of the
// thread — out of the thread only: its span stays in the article. The click
// used to give the keyboard to the article, where Alt+Down did nothing and
// Delete deleted the span itself.
func TestThreadViewKeysAfterClick(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	w.win.Resize(fyne.NewSize(1320, 840))
	th, spans := threeArticleThread(t, w)
	open(t, w, docKakar)

	l, _ := shownLabel(w.th.View(), "denied any responsibility")
	if l == nil {
		t.Fatal("the thread view does not show the second member")
	}
	test.TapCanvas(w.win.Canvas(), fyne.CurrentApp().Driver().AbsolutePositionForObject(l).AddXY(4, l.Size().Height/2))
	settle(w)
	if w.doc.ID != docTaliban.ID || w.view.SelectedSpan() != spans[1].ID {
		t.Fatalf("a click on the second member shows %s with span %q, want %s with %s", w.doc.Title, w.view.SelectedSpan(), docTaliban.Title, spans[1].ID)
	}

	typeShortcut(w, &desktop.CustomShortcut{KeyName: fyne.KeyDown, Modifier: fyne.KeyModifierAlt})
	settle(w)
	want := []string{spans[0].ID, spans[2].ID, spans[1].ID}
	if got := memberSpans(storedThread(t, st, th.ID)); !reflect.DeepEqual(got, want) {
		t.Fatalf("Alt+Down after the click: the store has %v, want %v", got, want)
	}

	press(w, keyPrevMember)
	settle(w)
	if w.doc.ID != docBorder.ID || w.view.SelectedSpan() != spans[2].ID {
		t.Fatalf("[ in the thread view shows %s with span %q, want %s with %s", w.doc.Title, w.view.SelectedSpan(), docBorder.Title, spans[2].ID)
	}

	press(w, fyne.KeyDelete)
	settle(w)
	want = []string{spans[0].ID, spans[1].ID}
	if got := memberSpans(storedThread(t, st, th.ID)); !reflect.DeepEqual(got, want) {
		t.Fatalf("Delete in the thread view: the store has %v, want %v", got, want)
	}
	if got := spansOf(t, st, docBorder, "alice"); len(got) != 1 || got[0].ID != spans[2].ID {
		t.Errorf("Delete in the thread view left the article with %v, want its span %s kept", got, spans[2].ID)
	}

	menuItem(t, w, "Edit", "Undo").Action()
	settle(w)
	want = []string{spans[0].ID, spans[2].ID, spans[1].ID}
	if got := memberSpans(storedThread(t, st, th.ID)); !reflect.DeepEqual(got, want) {
		t.Errorf("after undo the store has %v, want %v", got, want)
	}
}

// TestSpanRowShowsLinkBeforeThreads links a thread member to another span
// with L: the member's row in the span list names the link first, then the
// thread, since the row's line is cut to the column's width and the link
// used to come after the thread and be cut off.
func TestSpanRowShowsLinkBeforeThreads(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	th, spans := threeArticleThread(t, w)
	open(t, w, docTaliban)
	pickSpan(t, w, spans[1].ID)
	to := addSpan(t, w, fyne.Key2, frag(t, docTaliban, "Kakar"))
	pickSpan(t, w, to.ID)
	w.focusView()
	press(w, fyne.KeyL)
	settle(w)
	f := w.win.Canvas().Focused()
	test.Type(f, "made-by")
	f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	settle(w)

	want := "“denied any responsibility” ▸ made-by ▸ “Kakar”  ∈ “" + clip(th.Title, 24) + "” 2/3"
	if got := w.th.SpanLinks(spans[1].ID); got != want {
		t.Errorf("the member's row says %q, want %q", got, want)
	}
}

// TestThreadOpenKeepsWindowMinSize: opening a thread from the Threads tab,
// and going back to none, leaves the window's minimum size as it was. Fyne
// tells the window manager of a new minimum only in its own layout pass at
// the start of a paint, so a thread open that raised it was painted twice,
// the second ~17 ms after the first (onepaint leaves that pass to the
// paint; issue 18).
func TestThreadOpenKeepsWindowMinSize(t *testing.T) {
	st := newFakeStore(testDocs()...)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	th, _ := threeArticleThread(t, w)
	w.th.SetCurrent(nil)
	settle(w)
	c := w.win.Canvas()
	before := c.Content().MinSize()
	for _, step := range []struct {
		what string
		do   func()
	}{
		{"a thread opened", func() { w.th.SelectThread(th.ID) }},
		{"the thread closed", func() { w.th.SetCurrent(nil) }},
		{"the thread opened again", func() { w.th.SelectThread(th.ID) }},
	} {
		step.do()
		settle(w)
		if got := c.Content().MinSize(); got != before {
			t.Errorf("%s: the window's minimum size is %v, was %v", step.what, got, before)
		}
	}
}
