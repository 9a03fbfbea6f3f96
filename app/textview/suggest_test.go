package textview

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

// TestSuggestedDrawsDashes: a suggestion is a dashed outline in its
// label's colour, with no fill and no underline, while a span of
// a layer beside it keeps its fill; selected, the suggestion gets the
// solid outline a selected span gets, and a click selects it as it does a
// span.
func TestSuggestedDrawsDashes(t *testing.T) {
	v, w := newTestView(t, sample, fyne.NewSize(360, 230))
	fig := frag(t, sample, "12%", 0)
	v.SetHighlights([]Highlight{
		{ID: "s", Fragments: frags(frag(t, sample, "minister", 0)), Color: actorColor, Label: "actor", Annotator: "alice"},
		{ID: "sug", Fragments: frags(fig), Color: figureColor, Label: "figure", Style: StyleSuggested},
	})
	count := func() (dashes, fills int) {
		for _, o := range test.LaidOutObjects(w.Canvas().Content()) {
			rc, ok := o.(*canvas.Rectangle)
			if !ok || !rc.Visible() || rc.FillColor == nil {
				continue
			}
			c := nrgba(rc.FillColor)
			if c.R != figureColor.R || c.G != figureColor.G || c.B != figureColor.B {
				continue
			}
			if c.A == 0xff {
				dashes++
			} else {
				fills++
			}
		}
		return
	}
	if d, f := count(); d < 8 || f != 0 {
		t.Errorf("got %d dashes and %d fills of the figure colour, want 8 or more dashes and no fill", d, f)
	}
	test.AssertRendersToImage(t, "suggested.png", w.Canvas())

	var picked string
	v.OnSpanSelected = func(id string) { picked = id }
	test.TapCanvas(w.Canvas(), at(t, v, fig.Start+1))
	if picked != "sug" || v.SelectedSpan() != "sug" {
		t.Fatalf("a click on the suggestion selected %q", picked)
	}
	if d, _ := count(); d != 0 {
		t.Errorf("selected: got %d dashes, want the solid outline", d)
	}
	test.AssertRendersToImage(t, "suggested_selected.png", w.Canvas())
}
