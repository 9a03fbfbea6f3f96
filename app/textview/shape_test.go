package textview

import (
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"github.com/clipperhouse/uax29/v2/graphemes"

	"github.com/skein-news/skein/annotate"
	"github.com/skein-news/skein/app/fonts"
)

// scriptFixtures are the texts every shaping test runs over.
var scriptFixtures = []struct {
	name, text string
	rtl        bool
	font       *fonts.Font // the face its letters are drawn in; nil for the theme's
}{
	{"urdu", urduText, true, fonts.Nastaliq},
	{"pashto", pashtoText, true, fonts.Naskh},
	{"persian", persianText, true, fonts.Naskh},
	{"arabic", arabicText, true, fonts.Naskh},
	{"hindi", hindiText, false, fonts.Devanagari},
	{"mixed", mixedText, true, fonts.Nastaliq},
	{"urdu punctuation", "انہوں نے کہا: “حکومت ناکام ہو گئی ہے…” اور چلے گئے۔ مزید تفصیلات جلد آئیں گی۔", true, fonts.Nastaliq},
	{"chinese", chineseText, false, nil},
}

// graphemeStarts returns the code point offsets where grapheme clusters of
// s start, and its length.
func graphemeStarts(s string) map[int]bool {
	out := map[int]bool{}
	cp := 0
	for it := graphemes.FromString(s); it.Next(); {
		out[cp] = true
		cp += utf8.RuneCountInString(it.Value())
	}
	out[cp] = true
	return out
}

// TestShapedClusters checks, for every line of every fixture, that the
// clusters the shaper made cover the line's code points once each, left to
// right without overlap, that none splits a grapheme cluster, and that the
// pointer over the middle of each glyph finds that cluster.
func TestShapedClusters(t *testing.T) {
	for _, fx := range scriptFixtures {
		t.Run(fx.name, func(t *testing.T) {
			v, _ := newTestView(t, fx.text, fyne.NewSize(300, 600))
			if !v.ensureLayout() {
				t.Fatal("no layout")
			}
			l := v.lay
			p := &l.paras[0]
			if p.complex != (fx.font != nil) {
				t.Fatalf("complex = %v, want %v", p.complex, fx.font != nil)
			}
			if len(p.lines) < 2 {
				t.Fatalf("%d lines, want the fixture wrapped", len(p.lines))
			}
			starts := graphemeStarts(fx.text)
			for li, ln := range p.lines {
				var g geom
				g.build(l, ln)
				y := l.lineY(0, li) + l.m.textH/2 - v.off
				if g.c == nil {
					// The plain path: every character is hit where it is drawn.
					for cp := ln.start; cp < ln.end; cp++ {
						if isBreakSpace([]rune(fx.text)[cp]) {
							continue
						}
						x := l.marginX + (g.x(cp)+g.x(cp+1))/2
						if got := v.charAt(fyne.NewPos(x, y)); got != cp {
							t.Errorf("line %d: charAt over %d = %d", li, cp, got)
						}
					}
					continue
				}
				seen := map[int]bool{}
				prev := float32(-1)
				for _, bx := range g.c.boxes {
					if bx.x0 < prev-0.01 || bx.x1 < bx.x0 {
						t.Errorf("line %d: cluster %d–%d at %.1f–%.1f overlaps the one before (ends %.1f)", li, bx.cp, bx.cpEnd, bx.x0, bx.x1, prev)
					}
					prev = bx.x1
					if !starts[bx.cp] || !starts[bx.cpEnd] {
						t.Errorf("line %d: cluster %d–%d splits a grapheme cluster", li, bx.cp, bx.cpEnd)
					}
					for cp := bx.cp; cp < bx.cpEnd; cp++ {
						if seen[cp] {
							t.Errorf("line %d: code point %d in two clusters", li, cp)
						}
						seen[cp] = true
					}
					if bx.x1-bx.x0 < 1 {
						continue // a mark or a zero-width joiner drawn on its base
					}
					x := l.marginX + (bx.x0+bx.x1)/2
					if got := v.charAt(fyne.NewPos(x, y)); got != bx.cp {
						t.Errorf("line %d: charAt over cluster %d–%d (%q) = %d", li, bx.cp, bx.cpEnd, v.text.Slice(bx.cp, bx.cpEnd), got)
					}
				}
				for cp := ln.start; cp < ln.end; cp++ {
					if !seen[cp] && !isBreakSpace([]rune(fx.text)[cp]) {
						t.Errorf("line %d: code point %d (%q) in no cluster", li, cp, []rune(fx.text)[cp])
					}
				}
				left, right := g.ink()
				if fx.rtl && right < l.maxW-0.5 {
					t.Errorf("line %d: right-to-left line ends at %.1f, want right-aligned at %.1f", li, right, l.maxW)
				}
				if !fx.rtl && left != 0 {
					t.Errorf("line %d: left-to-right line starts at %.1f", li, left)
				}
			}
			// Every run is drawn in the face chosen for it.
			for _, tx := range texts(v) {
				// A run in an embedded face holds only what that face draws:
				// Fyne would put a character it lacks after the run.
				for _, f := range []*fonts.Font{fonts.Nastaliq, fonts.Naskh, fonts.Devanagari} {
					if tx.FontSource != f.Res {
						continue
					}
					for _, r := range tx.Text {
						if _, ok := f.Face().NominalGlyph(r); !ok {
							t.Errorf("%q drawn in %s, which has no glyph for %q", tx.Text, f.Res.Name(), r)
						}
					}
				}
				if fx.font == nil && tx.FontSource != nil {
					t.Errorf("%q drawn in %s, want the theme's font", tx.Text, tx.FontSource.Name())
				}
				if fx.font != nil && tx.FontSource == nil && strings.ContainsFunc(tx.Text, func(r rune) bool { k, ok := scriptKind(r, kindNaskh); return ok && k != kindTheme }) {
					t.Errorf("%q drawn in the theme's font, want %s", tx.Text, fx.font.Res.Name())
				}
			}
		})
	}
}

// centre returns the x of the middle of code point cp on its line.
func centre(t *testing.T, v *View, cp int) float32 {
	t.Helper()
	return at(t, v, cp).X
}

// TestVisualOrder: in a right-to-left paragraph the Urdu words run from
// the right, an English name inside it reads left to right, and numbers,
// Latin or Urdu digits, keep their digits left to right.
func TestVisualOrder(t *testing.T) {
	v, _ := newTestView(t, mixedText, fyne.NewSize(900, 300))
	c := func(sub string, k int) float32 { return centre(t, v, cpOf(t, mixedText, sub, 0)+k) }
	order := []struct {
		left, right string
		lk, rk      int
	}{
		{"Shehbaz", "وزیر", 0, 0},   // the name sits left of the first Urdu words
		{"Shehbaz", "Sharif", 0, 0}, // and reads left to right
		{"نے", "Sharif", 0, 0},      // the Urdu after it continues on its left
		{"2024", "2024", 0, 3},      // digits left to right
		{"2024", "کہا", 0, 0},
		{"میں", "2024", 0, 0},
		{"۱۲۵", "۱۲۵", 0, 2},
		{"ارب", "۱۲۵", 0, 0},
	}
	for _, o := range order {
		if l, r := c(o.left, o.lk), c(o.right, o.rk); l >= r {
			t.Errorf("%s[%d] at %.1f, want left of %s[%d] at %.1f", o.left, o.lk, l, o.right, o.rk, r)
		}
	}
}

// TestMixedHighlight: a span over a stretch where directions change is
// highlighted as the separate rectangles it covers.
func TestMixedHighlight(t *testing.T) {
	v, _ := newTestView(t, mixedText, fyne.NewSize(900, 300))
	f := frag(t, mixedText, "Sharif نے", 0)
	v.SetHighlights([]Highlight{{ID: "a", Fragments: frags(f), Color: claimColor, Label: "claim"}})
	bgs := painted(v, under, underFills)
	if len(bgs) != 2 {
		t.Fatalf("%d background rectangles, want 2 (Sharif, and نے on the other side of Shehbaz)", len(bgs))
	}
	sharif, ne := centre(t, v, cpOf(t, mixedText, "Sharif", 0)), centre(t, v, cpOf(t, mixedText, "نے", 0))
	shehbaz := centre(t, v, cpOf(t, mixedText, "Shehbaz", 0))
	covers := func(x float32) bool {
		for _, r := range bgs {
			if x >= r.x && x < r.x+r.w {
				return true
			}
		}
		return false
	}
	if !covers(sharif) || !covers(ne) || covers(shehbaz) {
		t.Errorf("rectangles %v cover Sharif %v, نے %v, Shehbaz %v; want the first two only", rectSpans(bgs), covers(sharif), covers(ne), covers(shehbaz))
	}
}

func rectSpans(rs []paintOp) [][2]float32 {
	var out [][2]float32
	for _, r := range rs {
		out = append(out, [2]float32{r.x, r.x + r.w})
	}
	return out
}

// TestDragMixedLine: dragging from inside one Urdu word to inside another
// across the English name selects, snapped to words, the logical stretch
// between them; its text is the text between the offsets.
func TestDragMixedLine(t *testing.T) {
	v, w := newTestView(t, mixedText, fyne.NewSize(900, 300))
	a := at(t, v, cpOf(t, mixedText, "اعظم", 0)+1)
	b := at(t, v, cpOf(t, mixedText, "کہا", 0)+1)
	drag(v, w, a, b)
	sel := v.Selection()
	if len(sel) != 1 {
		t.Fatalf("selection %v, want one fragment", sel)
	}
	got := v.text.Slice(sel[0].Start, sel[0].End)
	if want := "اعظم Shehbaz Sharif نے کہا"; got != want {
		t.Errorf("selected %q, want %q", got, want)
	}
}

// TestDoubleClickUrduWord selects the word under the pointer.
func TestDoubleClickUrduWord(t *testing.T) {
	for _, fx := range scriptFixtures {
		t.Run(fx.name, func(t *testing.T) {
			v, _ := newTestView(t, fx.text, fyne.NewSize(900, 300))
			toks := annotate.Tokens(v.text)
			for _, tok := range []annotate.Token{toks[1], toks[len(toks)/2]} {
				p := at(t, v, (tok.Start+tok.End)/2)
				v.DoubleTapped(&fyne.PointEvent{Position: p})
				sel := v.Selection()
				if len(sel) != 1 || sel[0].Start != tok.Start || sel[0].End != tok.End {
					t.Errorf("double-click on %q selected %v, want %d–%d", v.text.Slice(tok.Start, tok.End), sel, tok.Start, tok.End)
				}
			}
		})
	}
}

// TestShiftArrowRTL: in Urdu, Shift+Left extends the selection towards the
// left, which is forward in the text.
func TestShiftArrowRTL(t *testing.T) {
	v, _ := newTestView(t, urduText, fyne.NewSize(900, 300))
	first := frag(t, urduText, "اسلام", 0)
	v.DoubleTapped(&fyne.PointEvent{Position: at(t, v, first.Start+1)})
	v.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft})
	v.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	sel := v.Selection()
	if len(sel) != 1 {
		t.Fatalf("selection %v, want one fragment", sel)
	}
	if got, want := v.text.Slice(sel[0].Start, sel[0].End), "اسلام آباد"; got != want {
		t.Errorf("Shift+Left selected %q, want %q", got, want)
	}
}

// TestRenderShaped compares a shaped Urdu paragraph, a mixed line with a
// span across the change of direction, and Hindi with the golden images.
func TestRenderShaped(t *testing.T) {
	text := urduText + "\n" + mixedText + "\n" + hindiText
	v, w := newTestView(t, text, fyne.NewSize(420, 330))
	v.SetHighlights([]Highlight{
		{ID: "a", Fragments: frags(frag(t, text, "Shehbaz Sharif نے", 0)), Color: actorColor, Label: "actor"},
		{ID: "b", Fragments: frags(frag(t, text, "حکومت", 0)), Color: claimColor, Label: "claim"},
		{ID: "c", Fragments: frags(frag(t, text, "निर्यात नीति", 0)), Color: figureColor, Label: "figure"},
	})
	test.AssertRendersToImage(t, "shaped.png", w.Canvas())
}

// TestVisualOrderLTRParagraph: an English paragraph quoting Urdu with a
// number in it keeps the English left to right, runs the Urdu right to left
// and the number, after Urdu, stays inside the Urdu run (level 2 in level 1).
func TestVisualOrderLTRParagraph(t *testing.T) {
	text := "The minister said وزیر نے ۱۲۵ ارب کہا and left."
	v, _ := newTestView(t, text, fyne.NewSize(900, 300))
	if v.lay.bidiOf(0).rtl {
		t.Fatal("paragraph read as right to left; its first strong letter is Latin")
	}
	c := func(sub string, k int) float32 { return centre(t, v, cpOf(t, text, sub, 0)+k) }
	order := [][2]float32{
		{c("said", 0), c("کہا", 0)}, // English first, then the quote
		{c("کہا", 0), c("ارب", 0)},  // the quote right to left
		{c("ارب", 0), c("۱۲۵", 0)},  // the number inside it, on the right of what follows it
		{c("۱۲۵", 0), c("۱۲۵", 2)},  // digits left to right
		{c("۱۲۵", 2), c("نے", 0)},   // and on the left of what precedes it
		{c("وزیر", 0), c("and", 0)}, // then the English goes on
	}
	for i, o := range order {
		if o[0] >= o[1] {
			t.Errorf("pair %d: %.1f not left of %.1f", i, o[0], o[1])
		}
	}
}
