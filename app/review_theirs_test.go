package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/annotate/agree"
	"github.com/skein-news/skein/app/frame"
	"github.com/skein-news/skein/app/parts"
	"github.com/skein-news/skein/app/review"
	"github.com/skein-news/skein/app/team"
	"github.com/skein-news/skein/store"
)

// twinReviewStores are two stores holding the same articles and the same
// bob's and carol's layers (reviewLayers, the same span IDs in both), as two
// colleagues have after importing one bundle.
func twinReviewStores(t *testing.T) (mine, theirs *store.Store) {
	t.Helper()
	b := &store.Batch{Docs: testDocs()}
	for _, s := range reviewLayers {
		b.Spans = append(b.Spans, &annotate.Span{ID: annotate.NewID(), Doc: s.doc.ID, Label: s.label, Annotator: s.annotator,
			Fragments: []annotate.Fragment{frag(t, s.doc, s.words)}})
	}
	var out [2]*store.Store
	for i := range out {
		st, err := store.Open(t.TempDir(), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		c := *b
		c.Spans = nil
		for _, s := range b.Spans {
			c.Spans = append(c.Spans, s.Clone())
		}
		if _, err := st.WriteBatch(context.Background(), &c); err != nil {
			t.Fatal(err)
		}
		out[i] = st
	}
	return out[0], out[1]
}

// ownDecisions are reviewer's decisions on d as "verdict annotator label",
// sorted, and the local curated layer as "label words".
func ownDecisions(t *testing.T, st *store.Store, d *annotate.Document, reviewer string) (decs, curated []string) {
	t.Helper()
	all, cur := decisions(t, st, d)
	for _, x := range all {
		if r, rest, _ := strings.Cut(x, " "); r == reviewer {
			decs = append(decs, rest)
		}
	}
	slices.Sort(decs)
	return decs, cur
}

// withDanasReview returns alice's store, to which her team folder has
// brought dana's review of bob and carol on the Kakar article: she took
// carol's accusation where they differ on the label and rejected bob's lone
// figure. It returns when she decided.
func withDanasReview(t *testing.T) (mine *store.Store, decidedAt int64) {
	ctx := context.Background()
	folder := t.TempDir()
	mine, theirs := twinReviewStores(t)
	if _, err := team.Connect(mine, folder, "alice"); err != nil {
		t.Fatal(err)
	}
	ed, err := team.Open(theirs, folder, "dana")
	if err != nil {
		t.Fatal(err)
	}

	// dana's review, as her window's keys make it.
	var layers = map[string][]*annotate.Span{}
	for _, a := range []string{"bob", "carol"} {
		layers[a] = spansOf(t, theirs, docKakar, a)
	}
	items := agree.Compare(layers, []string{"bob", "carol"})
	states, _, _ := agree.Settle(items, nil, nil)
	ch := &annotate.Change{ID: annotate.NewID(), Desc: "review", User: "dana", Doc: docKakar.ID}
	for i, it := range items {
		var v agree.Verdict
		switch {
		case it.Kind == agree.LabelConflict:
			v = agree.Verdict{Verdict: annotate.VerdictAccept, Picked: it.Spans["carol"], Curated: agree.Accepted(it.Spans["carol"])}
		case it.Kind == agree.OneSided && it.Spans["bob"] != nil:
			v = agree.Verdict{Verdict: annotate.VerdictReject, Picked: it.Spans["bob"]}
		default:
			continue
		}
		v.Doc, v.Reviewer, v.Desc = docKakar.ID, "dana", "decide"
		one := agree.Decide(it, states[i], nil, nil, v)
		ch.Spans, ch.Decisions = append(ch.Spans, one.Spans...), append(ch.Decisions, one.Decisions...)
		decidedAt = one.At
	}
	if err := theirs.Apply(ctx, ch); err != nil {
		t.Fatal(err)
	}
	ed.Changed(docKakar.ID)
	if _, err := ed.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	return mine, decidedAt
}

// dana reviewed bob and carol on the Kakar article in her own store — she
// took carol's accusation where they differ on the label and rejected bob's
// lone figure — and her team folder brings her review into alice's window.
// alice, reviewing the same layers, sees dana's verdicts beside the items,
// with when; they settle nothing of hers; with "N and P pass over what they
// settled" N goes past them; "Adopt dana's decisions on this article" makes
// them alice's own, one change that Ctrl+Z takes back whole, and dana's
// review stays as it arrived.
func TestReviewShowsAndAdoptsAColleaguesReview(t *testing.T) {
	mine, decidedAt := withDanasReview(t)
	w := openWindow(t, test.NewTempApp(t), mine, StoreOptions(mine, "alice", false))
	open(t, w, docKakar)
	until(t, w, "dana's review to arrive", func() bool {
		ds, _ := mine.Decisions(docKakar.ID)
		return len(ds) == 2
	})
	if err := w.StartReview("bob", "carol"); err != nil {
		t.Fatal(err)
	}
	settle(w)
	adopt := menuItem(t, w, "Review", "Adopt")
	if !adopt.Disabled {
		t.Error("Adopt is on before any colleague's review is shown")
	}

	// Review ▸ Show a colleague's review…: tick dana, Show.
	show := menuItem(t, w, "Review", "Show a colleague's review")
	if show.Disabled {
		t.Fatal("Show a colleague's review is off in review")
	}
	showReviewOf(t, w, "dana")
	if got := w.rev.ReviewOf(); fmt.Sprint(got) != "[dana]" {
		t.Fatalf("showing the review of %v, want dana", got)
	}

	// Beside the items: dana's verdicts, with when.
	when := review.When(decidedAt)
	wantLines := []string{"dana: ✓ accepted carol's accusation, " + when, "dana: ✗ rejected, " + when}
	var shown []string
	for _, c := range objects[*parts.Caption](w) {
		if strings.HasPrefix(c.Text(), "dana:") {
			shown = append(shown, c.Text())
		}
	}
	slices.Sort(shown)
	slices.Sort(wantLines)
	if fmt.Sprint(shown) != fmt.Sprint(wantLines) {
		t.Errorf("the review list shows %q, want %q", shown, wantLines)
	}
	itemAt(t, w, "the TTP")
	if want := "dana: ✓ accepted carol's accusation, " + when; !strings.Contains(w.status.Text, want) {
		t.Errorf("the status line says %q, want it to hold %q", w.status.Text, want)
	}
	// Her decisions settle nothing of alice's.
	if got, want := w.rev.Head(), "0 of 3 disagreements resolved"; got != want {
		t.Errorf("the article's head says %q, want %q", got, want)
	}
	if got, want := w.rev.Progress(docKakar.ID), "0 of 3 resolved (2 more by dana)"; got != want {
		t.Errorf("the list says %q, want %q", got, want)
	}

	// N stops at dana's items; then, told to, passes over them.
	itemAt(t, w, "linked the surge")
	press(w, fyne.KeyN)
	settle(w)
	if got := current(t, w); got != "label conflict the TTP" {
		t.Fatalf("N went to %q, want the label conflict dana settled", got)
	}
	skip := menuItem(t, w, "Review", "N and P pass over what they settled")
	if skip.Disabled || skip.Checked {
		t.Fatalf("the skip item: disabled %v, checked %v; want on and unchecked", skip.Disabled, skip.Checked)
	}
	skip.Action()
	if !skip.Checked {
		t.Error("the skip item is not checked once chosen")
	}
	itemAt(t, w, "linked the surge")
	press(w, fyne.KeyN)
	settle(w)
	if w.doc.ID != docTaliban.ID || current(t, w) != "one-sided denied any responsibility" {
		t.Fatalf("N passing over dana's items went to %s %q, want the Taliban article's first", w.doc.Title, current(t, w))
	}
	skip.Action() // back to every item
	open(t, w, docKakar)

	// Review ▸ Adopt dana's decisions on this article.
	adopt = menuItem(t, w, "Review", "Adopt")
	if adopt.Disabled || adopt.Label != "Adopt dana's decisions on this article" {
		t.Fatalf("the adopt item: %q, disabled %v", adopt.Label, adopt.Disabled)
	}
	adopt.Action()
	settle(w)
	wantDecs := []string{"accept carol accusation", "reject bob figure"}
	wantCurated := []string{"accusation the TTP"}
	check := func(when string, decs, curated []string) {
		t.Helper()
		gd, gc := ownDecisions(t, mine, docKakar, "alice")
		if fmt.Sprint(gd) != fmt.Sprint(decs) || fmt.Sprint(gc) != fmt.Sprint(curated) {
			t.Errorf("%s: alice's decisions %q, curated %q; want %q, %q", when, gd, gc, decs, curated)
		}
		if gd, _ := ownDecisions(t, mine, docKakar, annotate.CuratedBy("dana")); len(gd) != 2 {
			t.Errorf("%s: dana's decisions are %q, want her two as they arrived", when, gd)
		}
		if got := spansOf(t, mine, docKakar, annotate.CuratedBy("dana")); len(got) != 1 || got[0].Label != annotate.Accusation {
			t.Errorf("%s: dana's curated layer is %+v, want her accusation", when, got)
		}
	}
	check("after adopting", wantDecs, wantCurated)
	if !strings.Contains(w.status.Text, "Adopted dana's 2 decisions on this article") {
		t.Errorf("the status says %q", w.status.Text)
	}
	if got, want := w.rev.Head(), "2 of 3 disagreements resolved"; got != want {
		t.Errorf("after adopting the head says %q, want %q", got, want)
	}
	adopt.Action() // nothing left to adopt
	settle(w)
	check("adopting again", wantDecs, wantCurated)
	if !strings.Contains(w.status.Text, "dana settled nothing here that is still open") {
		t.Errorf("adopting again, the status says %q", w.status.Text)
	}
	w.undo()
	settle(w)
	check("after undo", nil, nil)
	if got, want := w.rev.Head(), "0 of 3 disagreements resolved"; got != want {
		t.Errorf("after undo the head says %q, want %q", got, want)
	}
	w.redo()
	settle(w)
	check("after redo", wantDecs, wantCurated)

	w.StopReview()
	if !adopt.Disabled || !show.Disabled || !skip.Disabled {
		t.Error("the colleague's review items are on outside review")
	}
}

// showReviewOf chooses Review ▸ Show a colleague's review…, ticks name and
// taps Show.
func showReviewOf(t *testing.T, w *Window, name string) {
	t.Helper()
	menuItem(t, w, "Review", "Show a colleague's review").Action()
	var box *frame.Check
	for _, c := range objectsIn[*frame.Check](topDialog(t, w)) {
		if c.Text == name {
			box = c
		}
	}
	if box == nil {
		t.Fatalf("the dialog offers no %s", name)
	}
	test.Tap(box)
	tapButton(t, w, "Show")
	settle(w)
}

// "N and P pass over what they settled", once chosen, stays chosen: for
// the next review in the window and in the next run of skein, until the
// user turns it off, which is remembered the same way.
func TestSkipTheirsIsRemembered(t *testing.T) {
	mine, _ := withDanasReview(t)
	a := test.NewTempApp(t)
	review := func(w *Window) *fyne.MenuItem {
		t.Helper()
		open(t, w, docKakar)
		if err := w.StartReview("bob", "carol"); err != nil {
			t.Fatal(err)
		}
		settle(w)
		showReviewOf(t, w, "dana")
		return menuItem(t, w, "Review", "N and P pass over what they settled")
	}
	w := openWindow(t, a, mine, StoreOptions(mine, "alice", false))
	until(t, w, "dana's review to arrive", func() bool {
		ds, _ := mine.Decisions(docKakar.ID)
		return len(ds) == 2
	})
	skip := review(w)
	if skip.Checked {
		t.Fatal("the skip item is checked in a first review")
	}
	skip.Action()
	w.StopReview()
	if skip = review(w); !skip.Checked || !w.rev.SkipTheirs() {
		t.Errorf("the next review in the window: skip checked %v, on %v; want both", skip.Checked, w.rev.SkipTheirs())
	}
	// N passes over what dana settled, as chosen.
	itemAt(t, w, "linked the surge")
	press(w, fyne.KeyN)
	settle(w)
	if w.doc.ID != docTaliban.ID {
		t.Errorf("N in the remembered setting went to %s %q, want the Taliban article", w.doc.Title, current(t, w))
	}
	w.StopReview()
	w.shutdown()

	// The next run: a new window on the same preferences.
	w = openWindow(t, a, mine, StoreOptions(mine, "alice", false))
	if skip = review(w); !skip.Checked || !w.rev.SkipTheirs() {
		t.Errorf("the next run: skip checked %v, on %v; want both", skip.Checked, w.rev.SkipTheirs())
	}
	skip.Action() // off, and that is remembered too
	w.StopReview()
	if skip = review(w); skip.Checked || w.rev.SkipTheirs() {
		t.Errorf("after turning it off: skip checked %v, on %v; want neither", skip.Checked, w.rev.SkipTheirs())
	}
}
