package app

import (
	"context"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate"
)

// shows reports whether the open article shows span id.
func shows(w *Window, id string) bool {
	return w.spanList.ByID(id) != nil
}

// View ▸ Colleagues' work: off, the article shows the user's layer alone;
// on, a colleague's span is in it, striped, and a span of a colleague whose
// work arrives from the team folder afterwards appears by itself, with no
// layer picked by hand; review shows what it compares and, stopped, gives
// the toggle's layers back; off again, only the user's. It is remembered.
func TestColleaguesWorkInTheOpenArticle(t *testing.T) {
	_, a, _, bilalAdds := aliceAndBilal(t)
	bob := putSpan(t, a, docKakar, annotate.Actor, "bob", "Kakar")
	mine := putSpan(t, a, docKakar, annotate.Claim, "alice", "linked the surge in attacks")
	fapp := test.NewTempApp(t)
	w := openWindow(t, fapp, a, StoreOptions(a, "alice", false))
	open(t, w, docKakar)
	until(t, w, "the team folder to open", func() bool { return w.tm.folder != nil })
	if on := shows(w, bob.ID); on {
		t.Fatal("a colleague's span is shown before View ▸ Colleagues' work")
	}

	item := menuItem(t, w, "View", "Colleagues' work")
	item.Action()
	until(t, w, "bob's span in the article", func() bool { on := shows(w, bob.ID); return on })
	if !w.spanList.Own(mine) || w.spanList.Own(w.spanList.ByID(bob.ID)) {
		t.Error("bob's span is taken for alice's own, or hers for his (his is drawn striped and read-only)")
	}
	if !item.Checked || !fapp.Preferences().Bool(prefColleagues) {
		t.Error("the item is not ticked, or not remembered")
	}

	// bilal's first span arrives: shown with no layer picked by hand.
	s := bilalAdds(frag(t, docKakar, "60%"))
	until(t, w, "bilal's span in the open article", func() bool { on := shows(w, s.ID); return on })

	// Review compares bob and alice alone; stopped, bilal is back.
	if err := w.StartReview("alice", "bob"); err != nil {
		t.Fatal(err)
	}
	settle(w)
	if slices.Contains(w.shownLayers(), "bilal") {
		t.Errorf("review of alice and bob shows %v", w.shownLayers())
	}
	w.rev.Stop()
	until(t, w, "bilal's span after review", func() bool { on := shows(w, s.ID); return on })

	item.Action()
	until(t, w, "the colleagues' spans gone", func() bool {
		on1 := shows(w, bob.ID)
		on2 := shows(w, s.ID)
		return !on1 && !on2
	})
	if on := shows(w, mine.ID); !on || item.Checked || fapp.Preferences().Bool(prefColleagues) {
		t.Errorf("off: own span shown %v, item ticked %v", on, item.Checked)
	}
}

// colleaguesShownOnKakar is a window on a fake store of the test
// documents, with View ▸ Colleagues' work remembered on, open on Kakar.
func colleaguesShownOnKakar(t *testing.T) (*Window, *fakeStore) {
	t.Helper()
	st := newFakeStore(testDocs()...)
	fapp := test.NewTempApp(t)
	fapp.Preferences().SetBool(prefColleagues, true)
	w := openWindow(t, fapp, st, Options{})
	open(t, w, docKakar)
	return w, st
}

// An import of a colleague's work, with the toggle on, shows it once read.
func TestColleaguesWorkAfterAnImport(t *testing.T) {
	w, st := colleaguesShownOnKakar(t)
	addSpan(t, w, fyne.Key1, frag(t, docKakar, "linked the surge in attacks"))
	if item := menuItem(t, w, "View", "Colleagues' work"); !item.Checked {
		t.Fatal("the remembered toggle is not ticked")
	}
	carol := putSpan(t, st, docKakar, annotate.Actor, "carol", "Kakar")
	w.changed(everything) // what an import tells the window
	until(t, w, "carol's span in the article", func() bool { on := shows(w, carol.ID); return on })
	if err := st.Apply(context.Background(), annotate.DeleteSpans("carol", []*annotate.Span{carol}, nil)); err != nil {
		t.Fatal(err)
	}
	w.changed(everything)
	until(t, w, "carol's span gone", func() bool { on := shows(w, carol.ID); return !on })
}
