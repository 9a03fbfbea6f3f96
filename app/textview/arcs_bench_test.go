package textview

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/arcs"
)

// benchLinks links 2,000 of d's 5,000 highlights, each to one a few after
// it in text order, with the default link labels in turn.
func benchLinks(d benchDoc) []arcs.Link {
	hs := slices.Clone(d.hs)
	slices.SortFunc(hs, func(a, b Highlight) int { return a.Fragments[0].Start - b.Fragments[0].Start })
	links := make([]arcs.Link, 0, 2000)
	for i := 0; i < 2000; i++ {
		from, to := hs[(i*5)%len(hs)], hs[(i*5+1+i%4)%len(hs)]
		links = append(links, arcs.Link{Thread: from.ID, Index: 1, From: from.Fragments[0], To: to.Fragments[0],
			Label: annotate.DefaultLinkLabels[i%len(annotate.DefaultLinkLabels)]})
	}
	arcs.Sort(links)
	return links
}

// BenchmarkArcs is the article widget's part of arcs on the 5,000-span
// article with 2,000 links: opening it with its arcs, the redraw after a
// key press (all highlights and all links given again, one more of each),
// and scrolling one screen.
func BenchmarkArcs(b *testing.B) {
	b.Run("open", func(b *testing.B) {
		w := benchWindow(b)
		d := newBenchDoc(b, 1)
		links := benchLinks(d)
		open(w, d)
		b.ReportAllocs()
		b.ResetTimer()
		for range b.N {
			v := New()
			v.SetDocument(d.text, d.words)
			v.SetHighlights(d.hs)
			v.SetArcs(links, nil)
			w.SetContent(v)
			if len(v.arc.segs) == 0 {
				b.Fatal("no arc on screen")
			}
		}
	})
	b.Run("key", func(b *testing.B) {
		w := benchWindow(b)
		d := newBenchDoc(b, 1)
		links := benchLinks(d)
		v, _ := open(w, d)
		v.SetArcs(links, nil)
		tok := d.words.Tokens()[25000]
		more := append(d.hs[:len(d.hs):len(d.hs)], Highlight{ID: "new", Fragments: []annotate.Fragment{{Start: tok.Start, End: tok.End}}, Color: claimColor})
		moreLinks := append(slices.Clone(links), arcs.Link{Thread: "new", Index: 1, From: links[0].From, To: annotate.Fragment{Start: tok.Start, End: tok.End}})
		arcs.Sort(moreLinks)
		v.ScrollTo(tok.Start)
		b.ReportAllocs()
		b.ResetTimer()
		for i := range b.N {
			if i%2 == 0 {
				v.SetHighlights(more)
				v.SetArcs(moreLinks, nil)
			} else {
				v.SetHighlights(d.hs)
				v.SetArcs(links, nil)
			}
		}
	})
	b.Run("scroll", func(b *testing.B) {
		w := benchWindow(b)
		d := newBenchDoc(b, 1)
		v, _ := open(w, d)
		v.SetArcs(benchLinks(d), nil)
		scrollToEnd(v)
		v.scrollBy(-v.off)
		maxObjs := 0
		b.ReportAllocs()
		b.ResetTimer()
		for range b.N {
			if v.off >= v.lay.total-benchSize.Height {
				v.scrollBy(-v.off)
			}
			v.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, -benchSize.Height)})
			maxObjs = max(maxObjs, len(test.WidgetRenderer(v).Objects()))
		}
		b.ReportMetric(float64(maxObjs), "max-objects")
	})
}
