package app

import (
	"context"
	"errors"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate"
)

// TestReportsToldOnce: the status line tells how many other articles
// report a new span once, one article or more, and a message that only
// mentions such articles (a failure to look for them) does not stand for
// the count. The offer looked for the words "report this" on the status
// line, which "1 other article reports this" never holds: the one article
// was told twice ("… — 1 other article reports this: … — 1 other article
// reports this: …"), and after the failure two articles went untold.
func TestReportsToldOnce(t *testing.T) {
	for _, tc := range []struct {
		name, reports string
		others        []string
	}{
		{"one article", "1 other article reports this", []string{"Terror attacks increased by some 60 percent, officials said."}},
		{"two articles", "2 other articles report this", []string{"Terror attacks increased by some 60 percent, officials said.", "Violence went up 60 per cent, a report found."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d1 := newDoc("Kakar on attacks", "2023-11-10", "Attacks rose by 60% since 2021, Kakar said.")
			docs := []*annotate.Document{d1}
			for i, text := range tc.others {
				docs = append(docs, newDoc("Other "+string(rune('A'+i)), "2023-11-12", text))
			}
			st := newFakeStore(docs...)
			w := openWindow(t, test.NewTempApp(t), st, Options{})
			open(t, w, d1)
			selectAsDragged(t, w, frag(t, d1, "60%"))
			selectionSearched(t, w)
			press(w, "3") // figure
			want := "Added figure “60%” — " + tc.reports + ": see the Suggestions tab."
			if got := w.status.Text; got != want {
				t.Fatalf("the key's status line: %q, want %q", got, want)
			}
			// The same span's offer again, in the status line's frame
			// (the search for it done once more): told already.
			sp := w.spanList.ByID(w.view.SelectedSpan())
			if sp == nil {
				t.Fatal("no span selected after the key")
			}
			rel, th, err := reportsOf(context.Background(), st, d1, sp, w.user)
			if err != nil || len(rel) != len(tc.others) {
				t.Fatalf("reportsOf: %d articles, %v; want %d", len(rel), err, len(tc.others))
			}
			w.showThreadOffer(sp, th, rel, offerInStatus)
			if got := w.status.Text; got != want {
				t.Errorf("the offer again: status line %q, want %q (told once)", got, want)
			}
			// A failure that names such articles is not the count.
			w.fail("look for the articles that report this", errors.New("input/output error"))
			w.showThreadOffer(sp, th, rel, offerSaid)
			if got, want := w.status.Text, tc.reports+": see the Suggestions tab."; got != want {
				t.Errorf("the offer after a failure: status line %q, want %q", got, want)
			}
		})
	}
}
