package textview

import (
	"fmt"

	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate"
)

// The benchmark article: 50,000 tokens (about 300 KB) in paragraphs, with
// 5,000 highlights, in a 900×700 view.

var benchSize = fyne.NewSize(900, 700)

type benchDoc struct {
	text  *annotate.Text
	words *annotate.Words
	hs    []Highlight
}

func newBenchDoc(b *testing.B, seed uint64) benchDoc {
	b.Helper()
	return benchDocOf(b, article(50000, seed), seed)
}

// benchDocOf tokenizes s, an article of at least 50,000 tokens, and puts
// 5,000 highlights on it.
func benchDocOf(b *testing.B, s string, seed uint64) benchDoc {
	b.Helper()
	t := annotate.NewText(s)
	w := annotate.NewWords(t)
	if n := len(w.Tokens()); n < 50000 {
		b.Fatalf("generated %d tokens, want 50000", n)
	}
	return benchDoc{text: t, words: w, hs: highlights(w.Tokens(), 5000, seed)}
}

func benchWindow(b *testing.B) fyne.Window {
	test.NewTempApp(b)
	w := test.NewTempWindow(b, nil)
	w.SetPadded(false)
	w.Resize(benchSize)
	return w
}

// open shows d in a new view in w and returns it with the number of objects
// drawn.
func open(w fyne.Window, d benchDoc) (*View, int) {
	v := New()
	v.SetDocument(d.text, d.words)
	v.SetHighlights(d.hs)
	w.SetContent(v)
	return v, len(test.WidgetRenderer(v).Objects())
}

// scrollToEnd scrolls v a screen at a time to the end of its article, so
// that every paragraph is wrapped and every word measured: the end is where
// the view stops moving once the paragraphs that came into view last are
// wrapped (roughly laid out, they may have made the article look shorter).
func scrollToEnd(v *View) {
	for still := 0; still < 2; {
		if v.scrollBy(benchSize.Height) {
			still = 0
		} else {
			still++
		}
	}
}

// reportLayout reports what v's layout did, which does not depend on the
// machine's load: paragraphs wrapped word by word and the pieces (words and
// spaces) so walked, and paragraphs laid out roughly.
func reportLayout(b *testing.B, v *View) {
	w := v.lay.work
	b.ReportMetric(float64(w.wrapped), "wrapped-paras")
	b.ReportMetric(float64(w.pieces), "pieces")
	b.ReportMetric(float64(w.rough), "rough-paras")
}

// BenchmarkOpen is New, SetDocument, SetHighlights and the first layout of
// the visible lines. "cold" uses a new article each time, whose words
// neither the view nor Fyne has measured: the first article of a session.
// "warm" reopens the same article.
func BenchmarkOpen(b *testing.B) {
	b.Run("cold", func(b *testing.B) {
		w := benchWindow(b)
		objs := 0
		b.ReportAllocs()
		b.ResetTimer()
		var v *View
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			d := newBenchDoc(b, uint64(1000+i))
			b.StartTimer()
			v, objs = open(w, d)
		}
		b.ReportMetric(float64(objs), "objects")
		reportLayout(b, v)
	})
	b.Run("warm", func(b *testing.B) {
		w := benchWindow(b)
		d := newBenchDoc(b, 1)
		open(w, d)
		objs := 0
		var v *View
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			v, objs = open(w, d)
		}
		b.ReportMetric(float64(objs), "objects")
		reportLayout(b, v)
	})
}

// BenchmarkSetHighlightsAddOne is what the window does after every edit:
// all 5,000 highlights again with one more, and the redraw.
func BenchmarkSetHighlightsAddOne(b *testing.B) {
	w := benchWindow(b)
	d := newBenchDoc(b, 1)
	v, _ := open(w, d)
	tok := d.words.Tokens()[25000]
	more := append(d.hs[:len(d.hs):len(d.hs)], Highlight{ID: "new", Fragments: []annotate.Fragment{{Start: tok.Start, End: tok.End}}, Color: claimColor})
	v.ScrollTo(tok.Start)
	remade(v)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// Alternate, so each call really changes the highlights.
		if i%2 == 0 {
			v.SetHighlights(more)
		} else {
			v.SetHighlights(d.hs)
		}
	}
	// Textures made again a key: the changed line's (load-independent).
	b.ReportMetric(float64(remade(v))/float64(b.N), "remade/op")
}

// BenchmarkScrollScreen scrolls one screen down per op and redraws,
// starting over at the top at the end. "cold" opens a new article for each
// pass, so every screen is met for the first time (its paragraphs are
// re-wrapped with measured widths); "warm" goes over the same article again.
func BenchmarkScrollScreen(b *testing.B) {
	for _, cold := range []bool{true, false} {
		name := "warm"
		if cold {
			name = "cold"
		}
		b.Run(name, func(b *testing.B) {
			w := benchWindow(b)
			seed := uint64(5000)
			v, _ := open(w, newBenchDoc(b, seed))
			if !cold {
				scrollToEnd(v)
				v.scrollBy(-v.off)
			}
			maxObjs := 0
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if v.off >= v.lay.total-benchSize.Height {
					b.StopTimer()
					if cold {
						seed++
						v, _ = open(w, newBenchDoc(b, seed))
					} else {
						v.scrollBy(-v.off)
					}
					b.StartTimer()
				}
				v.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, -benchSize.Height)})
				maxObjs = max(maxObjs, len(test.WidgetRenderer(v).Objects()))
			}
			b.ReportMetric(float64(maxObjs), "max-objects")
		})
	}
}

// The same measures on an Urdu article of the same size (about 300 KB of
// text in Nastaliq, with English names and numbers in both digit sets).

func newUrduBenchDoc(b *testing.B, seed uint64) benchDoc {
	b.Helper()
	return benchDocOf(b, urduArticle(50000, seed), seed)
}

// BenchmarkOpenUrdu is BenchmarkOpen on an Urdu article.
func BenchmarkOpenUrdu(b *testing.B) {
	b.Run("cold", func(b *testing.B) {
		w := benchWindow(b)
		objs := 0
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			d := newUrduBenchDoc(b, uint64(1000+i))
			b.StartTimer()
			_, objs = open(w, d)
		}
		b.ReportMetric(float64(objs), "objects")
	})
	b.Run("warm", func(b *testing.B) {
		w := benchWindow(b)
		d := newUrduBenchDoc(b, 1)
		open(w, d)
		objs := 0
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			_, objs = open(w, d)
		}
		b.ReportMetric(float64(objs), "objects")
	})
}

// BenchmarkSetHighlightsAddOneUrdu is BenchmarkSetHighlightsAddOne on an
// Urdu article.
func BenchmarkSetHighlightsAddOneUrdu(b *testing.B) {
	w := benchWindow(b)
	d := newUrduBenchDoc(b, 1)
	v, _ := open(w, d)
	tok := d.words.Tokens()[25000]
	more := append(d.hs[:len(d.hs):len(d.hs)], Highlight{ID: "new", Fragments: []annotate.Fragment{{Start: tok.Start, End: tok.End}}, Color: claimColor})
	v.ScrollTo(tok.Start)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%2 == 0 {
			v.SetHighlights(more)
		} else {
			v.SetHighlights(d.hs)
		}
	}
}

// BenchmarkScrollScreenUrdu scrolls an Urdu article one screen per op, each
// screen met for the first time ("cold" of BenchmarkScrollScreen).
func BenchmarkScrollScreenUrdu(b *testing.B) {
	w := benchWindow(b)
	seed := uint64(5000)
	v, _ := open(w, newUrduBenchDoc(b, seed))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if v.off >= v.lay.total-benchSize.Height {
			b.StopTimer()
			seed++
			v, _ = open(w, newUrduBenchDoc(b, seed))
			b.StartTimer()
		}
		v.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, -benchSize.Height)})
	}
}

// BenchmarkSuggestionsScreen scrolls one screen per op, as
// BenchmarkScrollScreen/warm, on the benchmark article with a suggestion on
// every tenth word besides its 5,000 spans (dozens a screen, as the
// articles of the e2e latency benchmark offer), and paints what a screen
// change has the driver paint of the view's own: the lines' rasters
// at the view's size in pixels (scale 1). max-objects is what the driver
// draws of the view on every frame.
func BenchmarkSuggestionsScreen(b *testing.B) {
	w := benchWindow(b)
	d := newBenchDoc(b, 1)
	for i, tk := range d.words.Tokens() {
		if i%10 == 0 {
			d.hs = append(d.hs, Highlight{ID: fmt.Sprintf("g%05d", i), Fragments: []annotate.Fragment{{Start: tk.Start, End: tk.End}}, Color: figureColor, Label: "figure", Style: StyleSuggested})
		}
	}
	v, _ := open(w, d)
	scrollToEnd(v)
	v.scrollBy(-v.off)
	r := test.WidgetRenderer(v).(*viewRenderer)
	maxObjs, painted := 0, 0
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if v.off >= v.lay.total-benchSize.Height {
			v.scrollBy(-v.off)
		}
		v.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, -benchSize.Height)})
		for _, ll := range r.layList {
			for _, l := range []*layer{ll.lay} {
				if sz := l.r.Size(); sz.Width > 0 && len(l.shown) > 0 {
					l.paint(int(sz.Width), int(sz.Height))
					painted += len(l.shown)
				}
			}
		}
		maxObjs = max(maxObjs, len(r.Objects()))
	}
	b.ReportMetric(float64(maxObjs), "max-objects")
	b.ReportMetric(float64(painted)/float64(b.N), "rects-painted/op")
}
