package app

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/drawcount"
)

// benchArticle is an article like the latency benchmark's (app/e2e
// writeArticle): nwords words in paragraphs, not ASCII, with nspans one-word
// spans of four labels spread through it, in user's layer.
func benchArticle(title string, nwords, nspans int, user string) (*annotate.Document, []*annotate.Span) {
	words := strings.Fields("the minister said that attacks in the province rose sharply after the government announced deportation of undocumented Afghan nationals while officials in Kabul denied that militants used Afghan soil Pakistan’s caretaker prime minister Kakar Taliban TTP Islamabad — 👍")
	var b strings.Builder
	n, seed := 0, uint32(1)
	next := func(k int) int { seed = seed*1664525 + 1013904223; return int(seed>>8) % k }
	for n < nwords {
		for s := 0; s < 3+next(5); s++ {
			for i := 0; i < 10+next(15); i++ {
				if i > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(words[next(len(words))])
				n++
			}
			b.WriteString(". ")
		}
		b.WriteString("\n\n")
	}
	d := newDoc(title, "2000-01-01", b.String())
	runes := []rune(d.Text)
	var starts []int
	for i := range runes {
		if (i == 0 || runes[i-1] == ' ' || runes[i-1] == '\n') && runes[i] != ' ' && runes[i] != '\n' {
			starts = append(starts, i)
		}
	}
	labels := []string{annotate.Claim, annotate.Actor, annotate.Figure, annotate.Accusation}
	var spans []*annotate.Span
	step := len(starts) / nspans
	for k := range nspans {
		s := starts[k*step]
		e := s
		for e < len(runes) && runes[e] != ' ' && runes[e] != '\n' {
			e++
		}
		spans = append(spans, &annotate.Span{ID: fmt.Sprintf("%s-%04d", d.ID[:8], k), Doc: d.ID,
			Fragments: []annotate.Fragment{{Start: s, End: e}}, Label: labels[k%4], Annotator: user})
	}
	return d, spans
}

// benchWindow is the window as the latency benchmark (app/e2e
// BenchmarkLatency) finds it before its label key: the 30 KB article with
// 500 spans and the 300 KB one with 5,000 in the list above short articles
// of one claim each, the 300 KB article open, the Spans tab shown, at the
// window's size.
func benchWindow(t testing.TB) *Window {
	t.Helper()
	w, _, _ := benchWindowDocs(t)
	return w
}

// benchWindowDocs is benchWindow, with its 30 KB and 300 KB articles.
func benchWindowDocs(t testing.TB) (w *Window, small, large *annotate.Document) {
	t.Helper()
	small, smallSpans := benchArticle("Latency 30 KB", 5000, 500, "alice")
	large, largeSpans := benchArticle("Latency 300 KB", 50000, 5000, "alice")
	st := newFakeStore(small, large)
	for _, s := range append(smallSpans, largeSpans...) {
		st.spans[s.ID] = s
	}
	for i := range 40 {
		d := newDoc(fmt.Sprintf("Thread article %04d", i), "2001-01-01",
			fmt.Sprintf("Thread article %04d. The minister said that attacks in the province rose sharply after the announcement, officials said on day %d.", i, i))
		st.put(d)
		s := &annotate.Span{ID: fmt.Sprintf("thread-span-%04d", i), Doc: d.ID, Fragments: []annotate.Fragment{{Start: 20, End: 32}}, Label: annotate.Claim, Annotator: "alice"}
		st.spans[s.ID] = s
	}
	w = openWindow(t, test.NewTempApp(t), st, Options{})
	w.win.Resize(defaultWindowSize)
	open(t, w, large)
	settle(w)
	return w, small, large
}

// TestWindowObjects counts what a frame of the real window draws at the
// latency benchmark's state: every frame draws all of it again, each object
// a draw call that software GL rasterises on the CPU (issue 18). The
// document list's rows draw three objects each and the span list's four
// (their own tests hold one row to it; this holds the window's rows, as
// many as are on screen, with a separator above each, the scroll bar and
// the selected row's background). The whole count is logged, by owner,
// for the README.
func TestWindowObjects(t *testing.T) {
	w := benchWindow(t)
	n := drawcount.Window(w.win.Canvas())
	t.Log(n)
	spanRows := len(w.spanList.Rows().InView())
	if spanRows < 8 {
		t.Errorf("%d rows of the span list on screen, want the window full of them", spanRows)
	}
	if got, want := n.ByOwner["spanlist.Rows"], spanRows*4+spanRows-1+2; got > want {
		t.Errorf("%d rows of the span list draw %d objects, want at most %d (4 each, the separators, the bar and a background)", spanRows, got, want)
	}
	// Software GL fills every point of every object: the window's own
	// background is cleared, not drawn, the columns' backgrounds and what
	// lies on them are. A background drawn over another of the same
	// colour (the span list's over the right column's) was 1.43 times the
	// window's points.
	size := w.win.Canvas().Size()
	if window := float64(size.Width * size.Height); n.Area > 1.25*window {
		t.Errorf("a frame draws %.0f points, %.2f times the window's %.0f: want at most 1.25", n.Area, n.Area/window, window)
	}
	// A highlighted line of the article is one object, its layer painting
	// its text over its highlights (textview's textpaint.go), where its
	// text over its layer was two, points drawn twice: 17 of the 17 lines.
	// The article's characters are all in Fyne's fonts, emoji included.
	if got := n.Stacked["textview.View"]; got > 0 {
		t.Errorf("%d of the article's lines draw a text object over their layer, want none", got)
	}
	// An open selects its row in the document list, and Fyne refreshes the
	// whole list for it, its GL driver freeing the texture of every object
	// in it but images (and texts, kept by their content): the rows of
	// both lists hold none it frees, so a selection or a refresh of the
	// rows makes no texture of a row that did not change (issue 18: 20 a
	// frame when their strips were rasters). The span list's one is its
	// scroller's shadow, Fyne's gradient.
	for _, c := range []struct {
		owner string
		most  int
	}{{"doclist.RowView", 0}, {"spanlist.Rows", 1}} {
		if got := n.Freed[c.owner]; got > c.most {
			t.Errorf("%s draws %d textures that a refresh of its list makes again, want at most %d", c.owner, got, c.most)
		}
	}
	for _, c := range []struct {
		owner string
		each  int
	}{{"doclist.RowView", 3}} {
		rows := n.Owners[c.owner]
		if rows < 8 {
			t.Errorf("%d rows of %s on screen, want the window full of them", rows, c.owner)
		}
		if got := n.ByOwner[c.owner]; got > c.each*rows {
			t.Errorf("%d rows of %s draw %d objects, want at most %d each", rows, c.owner, got, c.each)
		}
	}
}

// TestActionFrames counts what the frame after each of the latency
// benchmark's actions draws (app/e2e BenchmarkLatency; the floor's click is
// counted by app/e2e/floor TestFloorFrame): its objects and points, the
// text textures it makes (texts the frame before did not draw) and the
// article's line layers whose texture it makes again. Counts, not times:
// they do not move with the machine's load (issue 18).
func TestActionFrames(t *testing.T) {
	w, small, large := benchWindowDocs(t)
	c := w.win.Canvas()
	was, remade := drawcount.Window(c), w.view.LayersRemade()
	step := func(what string, do func()) (objects, texts, layers int) {
		t.Helper()
		do()
		settle(w)
		now := drawcount.Window(c)
		objects, texts, layers = now.Total, drawcount.NewTexts(was, now), w.view.LayersRemade()-remade
		t.Logf("%s: %d new text textures, %d line layers remade; %v", what, texts, layers, now)
		was, remade = now, w.view.LayersRemade()
		return objects, texts, layers
	}
	step("open 30 KB", func() { w.OpenDocument(small.ID) })
	step("open 300 KB", func() { w.OpenDocument(large.ID) })
	f := frag(t, large, strings.Fields(large.Text)[2])
	selectWords(t, w, f)
	settle(w)
	was, remade = drawcount.Window(c), w.view.LayersRemade()
	// A label key and its undo change one line of the article and a row
	// of the span list: their frames make the textures of those, not of
	// the screen (the line's layer and its neighbours' where the span's
	// outline reaches them; the row's texts, the status line).
	for _, a := range []struct {
		what string
		do   func()
	}{
		{"label key", func() { press(w, fyne.Key1) }},
		{"undo", func() { menuItem(t, w, "Edit", "Undo").Action() }},
	} {
		if _, texts, layers := step(a.what, a.do); texts > 4 || layers > 3 {
			t.Errorf("%s: its frame makes %d text textures and %d line layers again, want at most 4 and 3", a.what, texts, layers)
		}
	}
	// The page's new lines, each with spans, are made as their layers,
	// which paint their text: no text texture of the article's (16 when
	// each line's text was an object of its own over its layer).
	_, texts, layers := step("scroll page", func() { w.focusView(); press(w, fyne.KeyPageDown) })
	if layers == 0 || texts > 2 {
		t.Errorf("scroll page: %d text textures and %d line layers made for the page's new lines, want layers and at most 2 texts", texts, layers)
	}
}
