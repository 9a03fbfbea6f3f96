package textview

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate"
)

// TestOpenWorkFollowsTheScreen: opening an article measures only the
// paragraphs that show; the rest are laid out roughly, without a look at
// their words, so an article ten times longer costs the open no more
// wrapping (issue 18: the 300 KB open). Scrolling wraps what comes into
// view, and what is drawn is always wrapped at its words.
func TestOpenWorkFollowsTheScreen(t *testing.T) {
	size := fyne.NewSize(900, 700)
	open := func(tokens int) (*View, fyne.Window) {
		v, w := newTestView(t, article(tokens, 3), size)
		toks := v.words.Tokens()
		v.SetHighlights(highlights(toks, tokens/10, 3))
		return v, w
	}
	small, _ := open(5000)
	large, w := open(50000)
	sw, lw := small.lay.work, large.lay.work
	t.Logf("30 KB: %+v of %d paragraphs; 300 KB: %+v of %d", sw, len(small.lay.paras), lw, len(large.lay.paras))
	if lw.rough < len(large.lay.paras) {
		t.Errorf("300 KB: %d paragraphs laid out roughly, want all %d", lw.rough, len(large.lay.paras))
	}
	inView := 0
	for pi := large.lay.paraAtY(large.off); pi < len(large.lay.paras) && large.lay.paras[pi].y < large.off+size.Height; pi++ {
		inView++
	}
	if lw.wrapped > inView+2 {
		t.Errorf("300 KB: %d paragraphs wrapped word by word at the open, want the %d in view", lw.wrapped, inView)
	}
	if lw.pieces > 2*sw.pieces+100 {
		t.Errorf("the open walked %d pieces of the 300 KB article and %d of the 30 KB one: want the same screen's work", lw.pieces, sw.pieces)
	}
	check := func(where string) {
		t.Helper()
		v := large
		l := v.lay
		for pi := l.paraAtY(v.off); pi < len(l.paras) && l.paras[pi].y < v.off+size.Height; pi++ {
			if !l.paras[pi].exact {
				t.Errorf("%s: paragraph %d in view is not wrapped at its words", where, pi)
			}
		}
		for _, tx := range texts(v) {
			if n := len(tx.Text); n > 0 && tx.Text[0] != ' ' && isWordChar(tx.Text[0]) && !startsAtWord(l.doc, tx.Text) {
				t.Errorf("%s: a line drawn starts inside a word: %q", where, tx.Text)
			}
		}
	}
	check("open")
	before := large.lay.work.pieces
	for i := 0; i < 5; i++ {
		test.Scroll(w.Canvas(), fyne.NewPos(100, 100), 0, -size.Height)
	}
	check("after five pages")
	if d := large.lay.work.pieces - before; d > 12*sw.pieces {
		t.Errorf("five pages walked %d pieces, want about five screens' (%d a screen)", d, sw.pieces)
	}
	large.ScrollTo(large.text.Len() - 10)
	check("at the end")
}

func isWordChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// startsAtWord reports whether s occurs in doc at the start of a word (at
// the start of doc or after a character that is not a letter or digit).
func startsAtWord(doc, s string) bool {
	for i := 0; ; {
		k := indexFrom(doc, s, i)
		if k < 0 {
			return false
		}
		if k == 0 || !isWordChar(doc[k-1]) {
			return true
		}
		i = k + 1
	}
}

func indexFrom(doc, s string, i int) int {
	k := strings.Index(doc[i:], s)
	if k < 0 {
		return -1
	}
	return i + k
}

// remade returns how many layers made their texture again since the last
// call.
func remade(v *View) int {
	r := test.WidgetRenderer(v).(*viewRenderer)
	n := r.pixels.remade
	r.pixels.remade = 0
	return n
}

// TestLayersRemadeOnlyWhereChanged: a line's layers make their texture
// again (an upload to the driver) only when what they paint changed: a
// span added or removed remakes its own line's, a page down remakes the
// new lines' and a page up back none, nor does opening the same article
// again (issue 18: label key, undo, Page Down, open).
func TestLayersRemadeOnlyWhereChanged(t *testing.T) {
	size := fyne.NewSize(900, 700)
	text := article(20000, 5)
	v, w := newTestView(t, text, size)
	hs := highlights(v.words.Tokens(), 2000, 5)
	// Spans over the same words (two annotators agreeing): a change
	// elsewhere must not swap their lanes.
	for i := range 300 {
		h := hs[i*5]
		h.ID += "-again"
		hs = append(hs, h)
	}
	v.SetHighlights(hs)
	lines := len(test.WidgetRenderer(v).(*viewRenderer).layList)
	if first := remade(v); first == 0 || first > lines {
		t.Fatalf("the first screen of %d lines made %d layers, want 1 to %d", lines, first, lines)
	}
	rasters := 0
	for _, o := range test.WidgetRenderer(v).Objects() {
		if _, ok := o.(*canvas.Raster); ok {
			rasters++
		}
	}
	if rasters > lines {
		t.Errorf("%d lines drew %d rasters, want at most one a line", lines, rasters)
	}
	v.Refresh()
	if n := remade(v); n != 0 {
		t.Errorf("a refresh with nothing changed remade %d layers, want 0", n)
	}

	// A label key: one word on the third line of the screen gets a span.
	l := v.lay
	ln := l.paras[0].lines[min(2, len(l.paras[0].lines)-1)]
	var tok annotate.Token
	for _, tk := range v.words.Tokens() {
		if tk.Start >= ln.start && tk.End <= ln.end {
			tok = tk
			break
		}
	}
	more := append(hs[:len(hs):len(hs)], Highlight{ID: "new", Fragments: frags(annotate.Fragment{Start: tok.Start, End: tok.End}), Color: claimColor})
	v.SetHighlights(more)
	if n := remade(v); n != 1 {
		t.Errorf("a span added on one line remade %d layers, want that line's", n)
	}
	v.SetHighlights(hs) // undo
	if n := remade(v); n != 1 {
		t.Errorf("the span taken away remade %d layers, want that line's", n)
	}

	test.Scroll(w.Canvas(), fyne.NewPos(100, 100), 0, -size.Height)
	down := remade(v)
	if down == 0 || down > lines+2 {
		t.Errorf("a page down remade %d layers, want the new lines' (1 to %d)", down, lines+2)
	}
	test.Scroll(w.Canvas(), fyne.NewPos(100, 100), 0, size.Height)
	if n := remade(v); n != 0 {
		t.Errorf("a page up back remade %d layers, want 0: the lines are those drawn before", n)
	}
	test.Scroll(w.Canvas(), fyne.NewPos(100, 100), 0, -size.Height)
	if n := remade(v); n != 0 {
		t.Errorf("a page down again remade %d layers, want 0", n)
	}

	v.SetDocument(annotate.NewText(article(3000, 6)), nil)
	v.SetHighlights(highlights(v.words.Tokens(), 300, 6))
	remade(v)
	v.SetDocument(annotate.NewText(text), nil)
	v.SetHighlights(hs)
	if n := remade(v); n != 0 {
		t.Errorf("opening the article again remade %d layers, want 0", n)
	}
}

// TestOutlinesAddNoObjects: thread members' outlines, the selected span's
// and its blink are painted into the lines' layers: they add no object
// for the driver to draw (issue 18), and Outlines counts the members'.
func TestOutlinesAddNoObjects(t *testing.T) {
	v, _ := newTestView(t, sample, fyne.NewSize(360, 230))
	hs := []Highlight{
		{ID: "a", Fragments: frags(frag(t, sample, "minister", 0)), Color: claimColor},
		{ID: "b", Fragments: frags(frag(t, sample, "exports", 0)), Color: actorColor},
		{ID: "c", Fragments: frags(frag(t, sample, "12%", 0)), Color: figureColor},
	}
	v.SetHighlights(hs)
	objects := func() int { return len(test.WidgetRenderer(v).Objects()) }
	plain := objects()
	if v.Outlines() != 0 {
		t.Errorf("no member: Outlines %d, want 0", v.Outlines())
	}
	for i := range hs {
		hs[i].Outline = i != 1
	}
	v.SetHighlights(hs)
	if n := objects(); n != plain {
		t.Errorf("two members outlined: %d objects, want %d as without", n, plain)
	}
	if v.Outlines() != 2 {
		t.Errorf("Outlines %d, want the 2 members", v.Outlines())
	}
	v.SelectSpan("b")
	v.flashTick(1.0 / 6)
	if n := objects(); n != plain {
		t.Errorf("a span selected and blinking: %d objects, want %d as without", n, plain)
	}
	if got := len(painted(v, over, overOutlines)); got != 3 {
		t.Errorf("%d outlines painted, want 3 (two members, the selected span)", got)
	}
}
