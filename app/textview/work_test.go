package textview

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
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
