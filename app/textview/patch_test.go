package textview

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/skein-news/skein/annotate"
)

// TestPatchedHighlightsAreIndexedAsWhole: highlights set again with a few
// taken out, put in, changed or moved (a label key, an undo, a relabel, a
// thread's outline) are patched in, indexing only those, and the view then
// holds just what indexing all of them would give — places, lanes, the
// paragraphs' lists — and draws the same.
func TestPatchedHighlightsAreIndexedAsWhole(t *testing.T) {
	text := article(6000, 5)
	toks := annotate.Tokens(annotate.NewText(text))
	v, _ := newTestView(t, text, fyne.NewSize(600, 900))
	fresh, _ := newBlankView(t, fyne.NewSize(600, 900))
	fresh.SetDocument(annotate.NewText(text), nil)

	hs := highlights(toks, 1500, 3)
	for i := range hs {
		if i%7 == 0 { // some of two fragments
			hs[i].Fragments = append(slices.Clone(hs[i].Fragments), annotate.Fragment{Start: toks[i].Start, End: toks[i].End})
		}
	}
	v.SetHighlights(hs)
	r := rand.New(rand.NewPCG(1, 2))
	next := 0
	for step := range 60 {
		hs = slices.Clone(hs)
		var what string
		for range 1 + r.IntN(3) {
			switch i := r.IntN(len(hs)); r.IntN(4) {
			case 0: // a span put in
				a := r.IntN(len(toks) - 3)
				h := Highlight{ID: fmt.Sprintf("new%d", next), Color: claimColor, Label: "claim",
					Fragments: []annotate.Fragment{{Start: toks[a].Start, End: toks[a+r.IntN(3)].End}}}
				next++
				hs = slices.Insert(hs, i, h)
				what += " add"
			case 1: // one taken out
				hs = slices.Delete(hs, i, i+1)
				what += " remove"
			case 2: // relabelled
				hs[i].Color, hs[i].Label = figureColor, "figure"
				what += " relabel"
			case 3: // moved to the end
				h := hs[i]
				hs = append(slices.Delete(hs, i, i+1), h)
				what += " move"
			}
		}
		before := v.Indexed()
		v.SetHighlights(hs)
		if n := v.Indexed() - before; n > 4 {
			t.Errorf("step %d (%s): %d highlights indexed, want those changed only", step, what, n)
		}
		fresh.SetHighlights(hs)
		for _, c := range []struct {
			name      string
			got, want any
		}{
			{"fragBase", v.fragBase, fresh.fragBase},
			{"fragLane", v.fragLane, fresh.fragLane},
			{"spanLen", v.spanLen, fresh.spanLen},
			{"refStart", v.refStart, fresh.refStart},
			{"refs", v.refs, fresh.refs},
			{"order", v.order, fresh.order},
		} {
			if fmt.Sprint(c.got) != fmt.Sprint(c.want) {
				t.Fatalf("step %d (%s): %s differs from indexing all again", step, what, c.name)
			}
		}
		for i := range hs {
			if !sameHighlight(&v.hls[i], &hs[i]) {
				t.Fatalf("step %d (%s): highlight %d is %s, want %s", step, what, i, v.hls[i].ID, hs[i].ID)
			}
		}
	}
	// Many changes at once are indexed whole.
	before := v.Indexed()
	v.SetHighlights(hs[:len(hs)/2])
	if n := v.Indexed() - before; n != len(hs)/2 {
		t.Errorf("half the highlights taken out: %d indexed, want all %d again", n, len(hs)/2)
	}
}
