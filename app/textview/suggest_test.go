package textview

import (
	"image/color"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate"
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
	figure := func(c color.Color) (opaque, ok bool) {
		n := nrgba(c)
		return n.A == 0xff, n.R == figureColor.R && n.G == figureColor.G && n.B == figureColor.B
	}
	count := func() (dashes, fills int) {
		for _, o := range painted(v, over, overDashes) {
			if opaque, ok := figure(o.c); ok && opaque {
				dashes++
			}
		}
		for _, o := range test.WidgetRenderer(v).Objects() {
			if rc, ok := o.(*canvas.Rectangle); ok && rc.Visible() && rc.FillColor != nil {
				if _, ok := figure(rc.FillColor); ok {
					fills++
				}
			}
		}
		return
	}
	if d, f := count(); d < 8 || f != 0 {
		t.Errorf("got %d dashes and %d fills of the figure colour, want 8 or more dashes and no fill", d, f)
	}
	// The dashes are on the screen: the figure's colour shows just above the
	// figure's text and nowhere else.
	img := w.Canvas().Capture()
	first, last := at(t, v, fig.Start), at(t, v, fig.End-1)
	top := int(first.Y - v.lay.m.textH/2 - 1) // the top dashes' row, in the test's scale 1
	onTop, elsewhere := 0, 0
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
			if _, ok := figure(img.At(x, y)); !ok {
				continue
			}
			switch {
			case y >= top-1 && y <= top+1 && float32(x) >= first.X && float32(x) <= last.X:
				onTop++
			case y < top-2 || y > top+int(v.lay.m.textH)+4:
				elsewhere++
			}
		}
	}
	if onTop < 4 || elsewhere > 0 {
		t.Errorf("%d pixels of the figure colour on the suggestion's top edge (want its dashes) and %d away from its line (want none)", onTop, elsewhere)
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

// TestSuggestionsAddNoObjects: a screen full of suggestions draws with the
// objects of the same screen without them, and at most one more a line, the
// layer that paints the line's dashes; more suggestions on the screen add
// none.
func TestSuggestionsAddNoObjects(t *testing.T) {
	long := strings.Repeat(sample+"\n", 40)
	v, w := newTestView(t, long, fyne.NewSize(500, 400))
	toks := annotate.NewWords(annotate.NewText(long)).Tokens()
	suggestions := func(every int) []Highlight {
		var hs []Highlight
		for i, tk := range toks {
			if i%every == 0 {
				hs = append(hs, Highlight{ID: "sug" + strconv.Itoa(i), Fragments: frags(annotate.Fragment{Start: tk.Start, End: tk.End}), Color: figureColor, Label: "figure", Style: StyleSuggested})
			}
		}
		return hs
	}
	objects := func() int {
		w.Canvas().Capture() // paint, as the window does
		return len(test.WidgetRenderer(v).Objects())
	}
	v.SetHighlights(nil)
	plain := objects()
	lines := len(texts(v))
	first, dashes := 0, 0
	for _, every := range []int{4, 2, 1} {
		hs := suggestions(every)
		v.SetHighlights(hs)
		got := objects()
		if got > plain+lines {
			t.Errorf("every %d words suggested (%d suggestions): %d objects, want at most %d (%d without, and a layer for each of %d lines)", every, len(hs), got, plain+lines, plain, lines)
		}
		if first == 0 {
			first = got
		} else if got != first {
			t.Errorf("every %d words suggested: %d objects, want the %d of fewer suggestions", every, got, first)
		}
		// The dashes are all there, painted by the layers.
		n := len(painted(v, over, overDashes))
		if n <= dashes || n < 100 {
			t.Errorf("every %d words suggested: the layers paint %d dashes, want more than the %d of fewer suggestions", every, n, dashes)
		}
		dashes = n
	}
}
