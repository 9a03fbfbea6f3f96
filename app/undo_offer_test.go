package app

import (
	"testing"
	"time"
)

// TestThreadOfferGoesWithItsSpan: undoing the span a thread offer was made
// for takes the offer away, and one still waiting for its delay never comes:
// "Make a thread" would make a thread of a span that no longer exists
// (issue 18: the search behind it took seconds, so it was still running
// through the undo; it takes milliseconds now, and is shown before).
func TestThreadOfferGoesWithItsSpan(t *testing.T) {
	d1 := newDoc("Kakar on attacks", "2023-11-10", "Attacks rose by 60% since 2021, Kakar said.")
	d2 := newDoc("Officials count", "2023-11-12", "Terror attacks increased by some 60 percent, officials said.")
	w := labelInTheFirst(t, d1, d2, "60%", "3") // figure: the new span is selected, the offer looked for
	waitOffer(t, w)
	w.undo()
	settle(w)
	if text, _ := w.sg.panel.Offer(); text != "" {
		t.Errorf("after the span's undo the offer is still %q", text)
	}
	// Undone before the offer's delay: it never comes.
	w.redo()
	settle(w)
	selectWords(t, w, frag(t, d1, "60%"))
	press(w, "1")
	w.undo()
	time.Sleep(2 * threadOfferDelay)
	settle(w)
	if text, _ := w.sg.panel.Offer(); text != "" {
		t.Errorf("an offer for the undone span came after its undo: %q", text)
	}
}
