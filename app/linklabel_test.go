package app

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/arcs"
	"github.com/skein-news/skein/app/frame"
)

// TestOlderLinkLabelSaidAsShown: a link an older store kept labelled
// cafe + U+0301 was drawn on its arc, said when the arc is clicked or its
// margin marker followed (and offered under its number key), and named in
// the span's row and the Threads list as "café", the same as a link labelled café composed: span labels were
// escaped everywhere the window names one ("cafe\u0301"), link labels
// nowhere. They are now shown as span labels are.
func TestOlderLinkLabelSaidAsShown(t *testing.T) {
	const older, shown = "cafe\u0301", `"cafe\u0301"`
	spans := append(kakarActors(t), &annotate.Span{ID: "T3", Doc: docTaliban.ID, Fragments: []annotate.Fragment{frag(t, docTaliban, "denied any responsibility")}, Label: annotate.Claim, Annotator: "alice"})
	st := storeWith(t, spans, []*annotate.Thread{
		{ID: "R1", Annotator: "alice", Members: []annotate.Member{{Doc: docKakar.ID, Span: "T1"}, {Doc: docKakar.ID, Span: "T2", Link: older}}},
		{ID: "R2", Annotator: "alice", Members: []annotate.Member{{Doc: docKakar.ID, Span: "T2"}, {Doc: docTaliban.ID, Span: "T3", Link: older}}},
	})
	w := openWindow(t, test.NewTempApp(t), st, Options{User: "alice"})
	w.win.Resize(fyne.NewSize(1200, 800))
	open(t, w, docKakar)
	drawArcs(t, w)

	part := "“PM Kakar” ▸ " + shown + " ▸ “the TTP”"
	if got := w.th.SpanLinks("T1"); got != part {
		t.Errorf("the span's row names its link %q, want %q", got, part)
	}
	var titles []string
	for _, s := range w.th.Panel().Shown() {
		titles = append(titles, s.Title)
	}
	if !slices.Contains(titles, part) {
		t.Errorf("the Threads list names the links %q, want %q among them", titles, part)
	}
	var drawn []string
	for _, o := range test.WidgetRenderer(w.view).Objects() {
		if tx, ok := o.(*canvas.Text); ok && tx.Visible() && strings.Contains(tx.Text, "caf") {
			drawn = append(drawn, tx.Text)
		}
	}
	if want := []string{shown}; !slices.Equal(drawn, want) {
		t.Errorf("the arc's label is drawn as %q, want %q", drawn, want)
	}

	key := arcs.KeyOf("R1", 1)
	p, ok := w.view.ArcPoint(key)
	if !ok {
		t.Fatal("no arc drawn for the link")
	}
	test.TapAt(w.view, p)
	settle(w)
	if want := "▸ " + shown + " ▸"; !strings.Contains(w.status.Text, want) {
		t.Errorf("the clicked arc is said as %q, want %q in it", w.status.Text, want)
	}
	// Its key among the labels offered, too.
	if want := "6 " + shown + ", 0 none"; !strings.Contains(w.status.Text, want) {
		t.Errorf("the clicked arc's keys are said as %q, want %q in it", w.status.Text, want)
	}

	mk, ok := w.view.MarkerPoint("T2")
	if !ok {
		t.Fatal("no margin marker beside the span linked to another article")
	}
	test.TapAt(w.view, mk)
	settle(w)
	if want := "▸ " + shown + " “"; !strings.Contains(w.status.Text, want) {
		t.Errorf("the marker followed says %q, want %q in it", w.status.Text, want)
	}
}

// TestLinkDialogTellsOlderLabelApart: the link dialog's list offered the
// link labels as stored, so an older store's cafe + U+0301 was listed as
// "café" beside the café written composed, two entries that looked the
// same. It is now listed as the window names it elsewhere,
// "cafe\u0301", and picked it labels the link with that label, not
// with what the list shows.
func TestLinkDialogTellsOlderLabelApart(t *testing.T) {
	const older, shown = "cafe\u0301", `"cafe\u0301"`
	st := storeWith(t, kakarActors(t), []*annotate.Thread{
		{ID: "R1", Annotator: "alice", Members: []annotate.Member{{Doc: docKakar.ID, Span: "T1"}, {Doc: docKakar.ID, Span: "T2", Link: older}}},
		{ID: "R2", Annotator: "alice", Members: []annotate.Member{{Doc: docKakar.ID, Span: "T2"}, {Doc: docKakar.ID, Span: "T1", Link: "café"}}},
	})
	w := openWindow(t, test.NewTempApp(t), st, Options{User: "alice"})
	w.win.Resize(fyne.NewSize(1200, 800))
	open(t, w, docKakar)
	a := addSpan(t, w, fyne.Key1, frag(t, docKakar, "linked the surge"))
	pickSpan(t, w, "T2")
	pickSpan(t, w, a.ID)
	w.focusView()
	press(w, fyne.KeyL)
	settle(w)
	entries := objectsIn[*frame.SelectEntry](topDialog(t, w))
	if len(entries) != 1 {
		t.Fatalf("the link dialog holds %d lists, want 1", len(entries))
	}
	e := entries[0]
	test.Tap(e.ActionItem.(fyne.Tappable))
	offered, _ := popUpItems(t, w)
	seen := map[string]int{}
	for _, o := range offered {
		seen[o]++
	}
	if seen["café"] != 1 || seen[shown] != 1 {
		t.Fatalf("the list offers %q; want café and %s once each, told apart", offered, shown)
	}
	tapPopUpItem(t, w, shown)
	if e.Text != shown {
		t.Errorf("picked, the field holds %q, want %s", e.Text, shown)
	}
	tapButton(t, w, "Link")
	settle(w)
	threads, _ := st.ThreadsOfSpan(a.ID)
	if len(threads) != 1 || threads[0].Members[1].Link != older {
		var got []string
		for _, th := range threads {
			got = append(got, th.Members[len(th.Members)-1].Link)
		}
		t.Fatalf("the link made is labelled %q, want the older label %q", got, older)
	}
	if !strings.Contains(w.status.Text, "("+shown+")") {
		t.Errorf("the status bar says %q, want the label as shown, %s", w.status.Text, shown)
	}
}

// kakarActors are alice's spans T1 "PM Kakar" and T2 "the TTP" of Kakar,
// both actors.
func kakarActors(t *testing.T) []*annotate.Span {
	return []*annotate.Span{
		{ID: "T1", Doc: docKakar.ID, Fragments: []annotate.Fragment{frag(t, docKakar, "PM Kakar")}, Label: annotate.Actor, Annotator: "alice"},
		{ID: "T2", Doc: docKakar.ID, Fragments: []annotate.Fragment{frag(t, docKakar, "the TTP")}, Label: annotate.Actor, Annotator: "alice"},
	}
}

// storeWith is a store of the test articles holding spans and threads,
// put in as an import does.
func storeWith(t *testing.T, spans []*annotate.Span, threads []*annotate.Thread) *fakeStore {
	t.Helper()
	st := newFakeStore(testDocs()...)
	ctx := context.Background()
	for _, s := range spans {
		if err := st.Apply(ctx, annotate.AddSpan(s.Annotator, s)); err != nil {
			t.Fatal(err)
		}
	}
	for _, th := range threads {
		if err := st.Apply(ctx, annotate.PutThread(th.Annotator, "import", nil, th)); err != nil {
			t.Fatal(err)
		}
	}
	return st
}
