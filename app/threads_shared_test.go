package app

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/store"
)

// ayeshaThread stores, as `skein import` of her bundle does, a claim of
// ayesha's in each of the three articles and her thread of them in date
// order, titled "Who is to blame".
func ayeshaThread(t testing.TB, st Store) (*annotate.Thread, []*annotate.Span) {
	t.Helper()
	spans := []*annotate.Span{
		putSpan(t, st, docKakar, annotate.Claim, "ayesha", "linked the surge in attacks"),
		putSpan(t, st, docTaliban, annotate.Claim, "ayesha", "denied any responsibility"),
		putSpan(t, st, docBorder, annotate.Claim, "ayesha", "stalled again"),
	}
	th := &annotate.Thread{ID: annotate.NewID(), Title: "Who is to blame", Annotator: "ayesha"}
	for i, s := range spans {
		m := annotate.Member{Doc: s.Doc, Span: s.ID}
		if i > 0 {
			m.Link = "contradicts"
		}
		th.Members = append(th.Members, m)
	}
	if err := st.Apply(context.Background(), annotate.PutThread("ayesha", "import", nil, th)); err != nil {
		t.Fatal(err)
	}
	return th, spans
}

// openAyesha opens alice's window on a store holding ayesha's thread and
// one of alice's own, and picks ayesha's thread in the panel.
func openAyesha(t *testing.T) (*fakeStore, *Window, *annotate.Thread, []*annotate.Span) {
	t.Helper()
	st := newFakeStore(testDocs()...)
	th, spans := ayeshaThread(t, st)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	open(t, w, docKakar)
	own := addSpan(t, w, fyne.Key3, frag(t, docKakar, "60%"))
	pickSpan(t, w, own.ID)
	menuItem(t, w, "Threads", "New thread").Action()
	settle(w)
	w.th.Panel().OnSelect(th.ID) // as a click on its row does
	settle(w)
	if w.th.Current() == nil || w.th.Current().ID != th.ID {
		t.Fatalf("picking ayesha's thread made %v current", w.th.Current())
	}
	return st, w, th, spans
}

func TestThreadColleaguesListedAndFiltered(t *testing.T) {
	st, w, th, _ := openAyesha(t)
	shown := w.th.Panel().Shown()
	if len(shown) != 2 {
		t.Fatalf("the panel lists %+v, want alice's thread and ayesha's", shown)
	}
	if shown[0].Annotator != "" || shown[0].Title != "60%" {
		t.Errorf("first row %+v, want alice's own thread, with no name", shown[0])
	}
	if shown[1].ID != th.ID || shown[1].Annotator != "ayesha" || shown[1].Members != 3 || shown[1].Articles != 3 {
		t.Errorf("second row %+v, want ayesha's thread of 3 members in 3 articles, by ayesha", shown[1])
	}
	for _, tc := range []struct {
		filter string
		want   []string
	}{
		{"ayesha", []string{th.ID}},
		{"AYESHA blame", []string{th.ID}},
		{"blame", []string{th.ID}},
		{"60%", []string{shown[0].ID}},
		{"alice", nil},
	} {
		w.th.Panel().SetFilter(tc.filter)
		var got []string
		for _, s := range w.th.Panel().Shown() {
			got = append(got, s.ID)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("filter %q: got %v, want %v", tc.filter, got, tc.want)
		}
	}

	// Switching to ayesha makes it her own thread: no name, editable.
	w.th.Panel().SetFilter("")
	w.setUser("ayesha")
	settle(w)
	shown = w.th.Panel().Shown()
	if len(shown) != 2 || shown[0].ID != th.ID || shown[0].Annotator != "" || shown[1].Annotator != "alice" {
		t.Errorf("as ayesha the panel lists %+v, want her thread first, then alice's by alice", shown)
	}
	if w.th.Current() == nil || w.th.Current().ID != th.ID || w.th.View().Owner() != "" {
		t.Errorf("as ayesha the current thread is %v shown as %q's, want hers, editable", w.th.Current(), w.th.View().Owner())
	}
	w.th.View().OnRename("Blame")
	settle(w)
	if got := storedThread(t, st, th.ID).Title; got != "Blame" {
		t.Errorf("ayesha renaming her own thread got %q, want Blame", got)
	}
}

func TestThreadColleagueOpensAndWalks(t *testing.T) {
	_, w, th, spans := openAyesha(t)
	if got, want := viewSpans(w), memberSpans(th); !reflect.DeepEqual(got, want) {
		t.Fatalf("the view shows %v, want ayesha's members %v", got, want)
	}
	ms := w.th.View().Members()
	for i, d := range []*annotate.Document{docKakar, docTaliban, docBorder} {
		if ms[i].Title != d.Title || ms[i].Date != d.Date || ms[i].Label != annotate.Claim || ms[i].Color == "" || ms[i].Excerpt != w.th.SpanText(spans[i]) {
			t.Errorf("member %d shows %+v, want %s of %s, a coloured claim with its text", i, ms[i], d.Title, d.Date)
		}
	}
	if w.th.View().Title() != "Who is to blame" || w.th.View().Owner() != "ayesha" {
		t.Errorf("the view shows %q as %q's, want “Who is to blame” as ayesha's", w.th.View().Title(), w.th.View().Owner())
	}
	if !slices.Contains(w.others, "ayesha") {
		t.Errorf("with ayesha's thread current the layers shown beside alice's are %v, want ayesha's", w.others)
	}

	// A click on the second member opens its article with the span selected.
	w.th.View().OnOpen(docTaliban.ID, spans[1].ID)
	settle(w)
	if w.doc.ID != docTaliban.ID || w.view.SelectedSpan() != spans[1].ID {
		t.Fatalf("clicking member 2 shows %s with %q selected, want %s with %s", w.doc.Title, w.view.SelectedSpan(), docTaliban.Title, spans[1].ID)
	}
	// ] and [ walk her members across articles.
	for i, s := range []struct {
		key  fyne.KeyName
		doc  *annotate.Document
		span int
	}{
		{fyne.KeyRightBracket, docBorder, 2},
		{fyne.KeyLeftBracket, docTaliban, 1},
		{fyne.KeyLeftBracket, docKakar, 0},
	} {
		w.focusView()
		press(w, s.key)
		settle(w)
		if w.doc.ID != s.doc.ID || w.view.SelectedSpan() != spans[s.span].ID || w.th.View().Selected() != s.span {
			t.Fatalf("step %d (%s): got %s with span %q (member %d), want %s with member %d",
				i, s.key, w.doc.Title, w.view.SelectedSpan(), w.th.View().Selected(), s.doc.Title, s.span)
		}
		if !w.th.InThread(spans[s.span].ID) {
			t.Errorf("step %d: the member is not outlined", i)
		}
	}

	// Leaving the thread hides her layer again.
	w.th.SetCurrent(nil)
	if len(w.others) != 0 || w.spanList.ByID(spans[0].ID) != nil {
		t.Errorf("with no thread current got layers %v and her span shown, want alice's alone", w.others)
	}
}

func TestThreadColleagueMemberHiddenByReview(t *testing.T) {
	_, w, th, spans := openAyesha(t)
	w.th.SetCurrent(nil)
	if err := w.StartReview("alice", "bob"); err != nil {
		t.Fatal(err)
	}
	w.th.SelectThread(th.ID)
	w.th.OpenMember(1)
	settle(w)
	if w.doc.ID != docTaliban.ID || w.view.SelectedSpan() != "" {
		t.Errorf("got %s with %q selected, want %s with nothing selected", w.doc.Title, w.view.SelectedSpan(), docTaliban.Title)
	}
	if !strings.Contains(w.status.Text, "ayesha's layer, which this review does not show") {
		t.Errorf("the status says %q, want why the member cannot be selected", w.status.Text)
	}
	w.StopReview()
	w.th.OpenMember(1)
	settle(w)
	if w.view.SelectedSpan() != spans[1].ID {
		t.Errorf("after the review got %q selected, want member 2 %s", w.view.SelectedSpan(), spans[1].ID)
	}
}

func TestThreadColleagueEditsRefused(t *testing.T) {
	for _, tc := range []struct {
		name string
		prep func(t *testing.T, w *Window) // what the researcher does first
		edit func(w *Window)
	}{
		{"rename", nil, func(w *Window) { w.th.View().OnRename("Mine now") }},
		{"move", nil, func(w *Window) { w.th.View().Select(0); w.th.View().MoveSelected(+1) }},
		{"remove", nil, func(w *Window) { w.th.View().OnRemove(1) }},
		{"set link", nil, func(w *Window) { w.th.View().OnSetLink(2, "repeats") }},
		{"add with T", func(t *testing.T, w *Window) {
			open(t, w, docBorder)
			s := addSpan(t, w, fyne.Key1, frag(t, docBorder, "refugees waited"))
			pickSpan(t, w, s.ID)
		}, func(w *Window) { w.th.AddToThread(w.th.Current().ID, w.spanList.ByID(w.view.SelectedSpan())) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, w, th, _ := openAyesha(t)
			if tc.prep != nil {
				tc.prep(t, w)
			}
			undoTop, _ := st.UndoTop("alice")
			tc.edit(w)
			settle(w)
			if got := storedThread(t, st, th.ID); !reflect.DeepEqual(got, th) {
				t.Errorf("got %+v, want ayesha's thread unchanged %+v", got, th)
			}
			if got, _ := st.UndoTop("alice"); got != undoTop {
				t.Errorf("the undo history's top is %q, want %q still", got, undoTop)
			}
			if want := "This is ayesha's thread — Copy to my threads"; !strings.Contains(w.status.Text, want) {
				t.Errorf("the status says %q, want %q", w.status.Text, want)
			}
			if got := viewSpans(w); !reflect.DeepEqual(got, memberSpans(th)) || w.th.View().Title() != th.Title {
				t.Errorf("the view shows %q %v, want %q %v", w.th.View().Title(), got, th.Title, memberSpans(th))
			}
		})
	}
}

func TestThreadColleagueCopyUndo(t *testing.T) {
	st, w, th, _ := openAyesha(t)
	before := st.threadCount()
	menuItem(t, w, "Threads", "Copy to my threads").Action()
	settle(w)

	if n := st.threadCount(); n != before+1 {
		t.Fatalf("after the copy got %d threads, want %d", n, before+1)
	}
	cp := w.th.Current()
	if cp == nil || cp.ID == th.ID || cp.Annotator != "alice" || cp.Title != th.Title {
		t.Fatalf("the current thread is %+v, want alice's copy titled %q", cp, th.Title)
	}
	stored := storedThread(t, st, cp.ID)
	if !reflect.DeepEqual(stored.Members, th.Members) || stored.Annotator != "alice" {
		t.Errorf("the copy is %+v, want alice's with ayesha's members %+v", stored, th.Members)
	}
	if w.th.View().Owner() != "" || !reflect.DeepEqual(viewSpans(w), memberSpans(th)) {
		t.Errorf("the view shows %v as %q's, want the copy's members, editable", viewSpans(w), w.th.View().Owner())
	}
	if !slices.Contains(w.others, "ayesha") {
		t.Errorf("the copy's members are ayesha's spans, but the layers shown are %v", w.others)
	}
	shown := w.th.Panel().Shown()
	if len(shown) != 3 || shown[1].ID != cp.ID || shown[1].Annotator != "" || shown[2].ID != th.ID {
		t.Errorf("the panel lists %+v, want alice's two threads, then ayesha's", shown)
	}
	w.undo() // one Ctrl+Z
	settle(w)
	if n := st.threadCount(); n != before {
		t.Errorf("after undoing the copy got %d threads, want %d", n, before)
	}
	if _, err := st.Thread(cp.ID); !isNotFound(err) {
		t.Errorf("after undo the copy is still stored: %v", err)
	}
	if w.th.Current() == nil || w.th.Current().ID != th.ID || w.th.View().Owner() != "ayesha" {
		t.Errorf("after undo the current thread is %v, want ayesha's again", w.th.Current())
	}
	if _, ok := st.UndoTop("alice"); !ok {
		t.Errorf("the undo took more than the copy: alice's own thread's making is gone from the history")
	}
	if got := w.th.Panel().Shown(); len(got) != 2 {
		t.Errorf("after undo the panel lists %+v, want 2 threads", got)
	}

	// Redone, the copy is alice's to edit; ayesha's stays as it was.
	w.redo()
	settle(w)
	w.th.SelectThread(cp.ID)
	w.th.View().OnRename("Blame, as I see it")
	settle(w)
	if got := storedThread(t, st, cp.ID).Title; got != "Blame, as I see it" {
		t.Errorf("renaming the copy got %q", got)
	}
	if got := storedThread(t, st, th.ID); !reflect.DeepEqual(got, th) {
		t.Errorf("renaming the copy changed ayesha's thread to %+v", got)
	}
}

func TestThreadColleagueFigures(t *testing.T) {
	a := newDoc("Sixty", "2023-11-10", "Officials counted 60 incidents last month.")
	b := newDoc("Forty", "2023-11-12", "Police reported only 40 incidents last month.")
	st := newFakeStore(a, b)
	s1 := putSpan(t, st, a, annotate.Figure, "ayesha", "60 incidents")
	s2 := putSpan(t, st, b, annotate.Figure, "ayesha", "40 incidents")
	th := &annotate.Thread{ID: annotate.NewID(), Title: "Incidents", Annotator: "ayesha",
		Members: []annotate.Member{{Doc: a.ID, Span: s1.ID}, {Doc: b.ID, Span: s2.ID, Link: "contradicts"}}}
	if err := st.Apply(context.Background(), annotate.PutThread("ayesha", "import", nil, th)); err != nil {
		t.Fatal(err)
	}
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	settle(w)
	w.th.Panel().OnSelect(th.ID)
	menuItem(t, w, "Threads", "Show figures").Action()
	settle(w)
	r := w.th.Figures().Report()
	if !r.Disagree || len(r.Groups) != 1 || len(r.Groups[0].Items) != 2 {
		t.Errorf("got report %+v, want ayesha's two counts that disagree", r)
	}
}

// TestThreadColleagueCopyRealStore copies ayesha's thread in a real store,
// imported as `skein import` writes a bundle, and undoes the copy.
func TestThreadColleagueCopyRealStore(t *testing.T) {
	st, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	b := &store.Batch{Docs: testDocs()}
	th := &annotate.Thread{ID: annotate.NewID(), Title: "Who is to blame", Annotator: "ayesha"}
	for i, d := range []*annotate.Document{docKakar, docTaliban} {
		words := []string{"linked the surge", "denied any responsibility"}[i]
		s := &annotate.Span{ID: annotate.NewID(), Doc: d.ID, Label: annotate.Claim, Annotator: "ayesha",
			Fragments: []annotate.Fragment{frag(t, d, words)}}
		b.Spans = append(b.Spans, s)
		th.Members = append(th.Members, annotate.Member{Doc: d.ID, Span: s.ID})
	}
	b.Threads = []*annotate.Thread{th}
	if _, err := st.WriteBatch(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	settle(w)
	if got := w.th.Panel().Shown(); len(got) != 1 || got[0].Annotator != "ayesha" {
		t.Fatalf("the panel lists %+v, want ayesha's thread", got)
	}
	w.th.SelectThread(th.ID)
	menuItem(t, w, "Threads", "Copy to my threads").Action()
	settle(w)
	cp := w.th.Current()
	if cp == nil || cp.Annotator != "alice" || !reflect.DeepEqual(storedThread(t, st, cp.ID).Members, th.Members) {
		t.Fatalf("after the copy the current thread is %+v, want alice's with ayesha's members", cp)
	}
	w.undo()
	settle(w)
	if _, err := st.Thread(cp.ID); !isNotFound(err) {
		t.Errorf("after undo the copy is still stored: %v", err)
	}
	if got := storedThread(t, st, th.ID); !reflect.DeepEqual(got, th) {
		t.Errorf("after undo ayesha's thread is %+v, want %+v", got, th)
	}
}

// TestThreadListLoadSurvivesOpeningThread lists the threads an import
// brought while a thread's members are being read: reading them must not
// drop the list.
func TestThreadListLoadSurvivesOpeningThread(t *testing.T) {
	st, w, th, _ := openAyesha(t)
	more := th.Clone()
	more.ID, more.Title = annotate.NewID(), "Talks"
	if err := st.Apply(context.Background(), annotate.PutThread("ayesha", "import", nil, more)); err != nil {
		t.Fatal(err)
	}
	w.th.SetCurrent(nil)
	w.th.ForgetMembers()
	w.th.Load()              // as an import's end does
	w.th.SelectThread(th.ID) // its members are read meanwhile
	settle(w)
	var got []string
	for _, s := range w.th.Panel().Shown() {
		got = append(got, s.Title)
	}
	if want := []string{"60%", "Who is to blame", "Talks"}; !slices.Equal(got, want) {
		t.Errorf("the panel lists %q, want alice's and both of ayesha's", got)
	}
}

// Switching the annotator to the colleague whose thread is current shows
// her spans once, as the user's own, not also as a layer beside them.
func TestThreadColleagueBecomesUser(t *testing.T) {
	_, w, _, spans := openAyesha(t)
	w.setUser("ayesha") // checked before the thread list reloads in the background
	if slices.Contains(w.others, "ayesha") {
		t.Errorf("ayesha is the annotator and still a layer beside hers: %v", w.others)
	}
	n := 0
	for _, s := range w.spanList.All() {
		if s.ID == spans[0].ID {
			n++
		}
	}
	if n != 1 {
		t.Errorf("ayesha's span is listed %d times, want once", n)
	}
	settle(w)
	if slices.Contains(w.others, "ayesha") || w.spanList.ByID(spans[0].ID) == nil {
		t.Errorf("after the reload: layers beside ayesha's %v, her span shown: %v", w.others, w.spanList.ByID(spans[0].ID) != nil)
	}
}

// The columns keep their widths when a colleague's thread opens (issue
// 12.9): its view has no editing buttons and needs less width, and the
// right column, which sits at its minimum width, narrowed and widened again
// with the next thread of one's own, moving the article under the pointer.
func TestThreadColumnKeepsItsWidth(t *testing.T) {
	st := newFakeStore(testDocs()...)
	th, _ := ayeshaThread(t, st)
	w := openWindow(t, test.NewTempApp(t), st, Options{})
	w.win.Resize(defaultWindowSize)
	open(t, w, docKakar)
	w.th.ShowThreads()
	settle(w)
	column := func() (float32, float32) {
		w.win.Content().Refresh() // lay out again, as the real window does when a minimum changes
		return fyne.CurrentApp().Driver().AbsolutePositionForObject(w.th.Tabs()).X, w.view.Size().Width
	}
	x0, art0 := column()
	steps := []struct {
		what string
		do   func()
	}{
		{"ayesha's thread opened", func() { w.th.Panel().OnSelect(th.ID) }},
		{"a thread of one's own made", func() {
			own := addSpan(t, w, fyne.Key3, frag(t, docKakar, "60%"))
			pickSpan(t, w, own.ID)
			menuItem(t, w, "Threads", "New thread").Action()
		}},
		{"ayesha's thread opened again", func() { w.th.Panel().OnSelect(th.ID) }},
		{"no thread", func() { w.th.SetCurrent(nil) }},
	}
	for _, s := range steps {
		s.do()
		settle(w)
		if x, art := column(); x != x0 || art != art0 {
			t.Errorf("%s: the right column starts at x=%v and the article is %v wide, want %v and %v as before", s.what, x, art, x0, art0)
		}
	}
}

// TestThreadColleagueOpenKeepsWindowMinSize: a colleague's thread (its
// title read-only, no Move and Remove) and one's own take turns without
// changing the window's minimum size (TestThreadOpenKeepsWindowMinSize).
func TestThreadColleagueOpenKeepsWindowMinSize(t *testing.T) {
	_, w, th, _ := openAyesha(t)
	own := w.th.Panel().Shown()
	c := w.win.Canvas()
	w.th.SetCurrent(nil)
	settle(w)
	before := c.Content().MinSize()
	for _, s := range own {
		for _, id := range []string{th.ID, s.ID, th.ID} {
			w.th.SelectThread(id)
			settle(w)
			if got := c.Content().MinSize(); got != before {
				t.Errorf("thread %s opened: the window's minimum size is %v, was %v", id, got, before)
			}
		}
	}
}
