package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/skein-news/skein/annotate"
)

// Counts the window shows read right for 0, 1 and 2: the span list's
// heading with a colleague's work shown (it read "1 yours, 1 others"), the
// characters selected ("1 characters selected") and review's answer to a
// pick of a span an item lacks ("This item has 1 spans.").
func TestCountsReadInEnglish(t *testing.T) {
	w, st := colleaguesShownOnKakar(t)
	head := func(want string) {
		t.Helper()
		if got := w.spanList.HeadText(); got != want {
			t.Errorf("the span list's heading is %q, want %q", got, want)
		}
	}
	head("Spans")
	carolAdds := func(words string) {
		t.Helper()
		s := putSpan(t, st, docKakar, annotate.Actor, "carol", words)
		w.changed(everything) // what an import tells the window
		until(t, w, "carol's span in the article", func() bool { return shows(w, s.ID) })
	}
	carolAdds("Kakar")
	head("Spans  ·  0 yours, 1 carol's")
	addSpan(t, w, fyne.Key1, frag(t, docKakar, "linked the surge in attacks"))
	head("Spans  ·  1 yours, 1 carol's")
	carolAdds("the TTP")
	head("Spans  ·  1 yours, 2 carol's")

	f := frag(t, docKakar, "60%")
	for n, want := range map[int]string{1: "1 character selected", 2: "2 characters selected"} {
		sel := annotate.Fragment{Start: f.Start, End: f.Start + n}
		selectWords(t, w, sel)
		w.view.OnSelectionChanged([]annotate.Fragment{sel}) // as the view tells a drag
		if !strings.HasPrefix(w.status.Text, want+" ") {
			t.Errorf("%d selected: the status says %q, want %q first", n, w.status.Text, want)
		}
	}

	if err := w.StartReview("alice", "carol"); err != nil {
		t.Fatal(err)
	}
	settle(w)
	itemAt(t, w, "the TTP")
	w.rev.Session().PickSpan(1)
	if want := "This item has 1 span."; w.status.Text != want {
		t.Errorf("2 on a one-sided item: the status says %q, want %q", w.status.Text, want)
	}
}
