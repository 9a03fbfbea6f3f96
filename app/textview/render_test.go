package textview

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate"
)

func TestRender(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, v *View)
	}{
		{"plain", func(*testing.T, *View) {}},
		{"selection", func(t *testing.T, v *View) {
			v.SetSelection([]annotate.Fragment{
				span(t, frag(t, sample, "exports", 0), frag(t, sample, "Critics", 0)),
				frag(t, sample, "government", 0),
			})
		}},
		{"highlights", func(t *testing.T, v *View) {
			hs := nested(t)
			hs = append(hs,
				Highlight{ID: "review", Fragments: frags(span(t, frag(t, sample, "asked", 0), frag(t, sample, "report", 0))), Color: actorColor, Label: "actor", Annotator: "dave", Style: StyleStriped},
				Highlight{ID: "dim", Fragments: frags(frag(t, sample, "Opposition", 0)), Color: actorColor, Label: "actor", Annotator: "erin", Style: StyleDim},
				Highlight{ID: "split", Fragments: frags(frag(t, sample, "leaders", 0), frag(t, sample, "data", 0)), Color: figureColor, Label: "figure", Annotator: "alice"},
			)
			v.SetHighlights(hs)
			v.SelectSpan("inner")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, w := newTestView(t, sample, fyne.NewSize(360, 230))
			tt.setup(t, v)
			test.AssertRendersToMarkup(t, tt.name+".xml", w.Canvas())
			test.AssertRendersToImage(t, tt.name+".png", w.Canvas())
		})
	}
}
