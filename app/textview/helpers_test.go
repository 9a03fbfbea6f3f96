package textview

import (
	"fmt"
	"image/color"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate"
)

var (
	claimColor  = color.NRGBA{R: 0xf2, G: 0xc1, B: 0x4e, A: 0xff}
	actorColor  = color.NRGBA{R: 0x5f, G: 0xa8, B: 0xd3, A: 0xff}
	figureColor = color.NRGBA{R: 0x7b, G: 0xc4, B: 0x7f, A: 0xff}
	accuseColor = color.NRGBA{R: 0xe4, G: 0x57, B: 0x2e, A: 0xff}
)

// newBlankView is a new view, showing nothing, in an unpadded test window
// of the given size (the test's app made already).
func newBlankView(t testing.TB, size fyne.Size) (*View, fyne.Window) {
	t.Helper()
	v := New()
	w := test.NewTempWindow(t, v)
	w.SetPadded(false)
	w.Resize(size)
	return v, w
}

// newTestView shows text in an unpadded test window of the given size.
func newTestView(t testing.TB, text string, size fyne.Size) (*View, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	fakeMenuPolls(t)
	v, w := newBlankView(t, size)
	v.SetDocument(annotate.NewText(text), nil)
	return v, w
}

// at returns the position, in the view, of the middle of code point cp.
func at(t testing.TB, v *View, cp int) fyne.Position {
	t.Helper()
	if !v.ensureLayout() {
		t.Fatal("view has no layout")
	}
	l := v.lay
	pi := l.paraOf(cp)
	ln := l.paras[pi].lines[lineOf(&l.paras[pi], cp)]
	var g geom
	g.build(l, ln)
	x := (g.x(cp) + g.x(cp+1)) / 2
	li := lineOf(&l.paras[pi], cp)
	y := l.lineY(pi, li) + bandOf(&l.paras[pi], li) + l.m.textH/2 - v.off
	return fyne.NewPos(l.marginX+x, y)
}

// edge returns the position of the boundary before code point cp.
func edge(t testing.TB, v *View, cp int) fyne.Position {
	t.Helper()
	p := at(t, v, cp)
	l := v.lay
	pi := l.paraOf(cp)
	var g geom
	g.build(l, l.paras[pi].lines[lineOf(&l.paras[pi], cp)])
	p.X = l.marginX + g.x(cp)
	return p
}

// cpOf returns the code-point offset of the n-th occurrence (from 0) of sub.
func cpOf(t testing.TB, text, sub string, n int) int {
	t.Helper()
	b := 0
	for i := 0; ; i++ {
		j := strings.Index(text[b:], sub)
		if j < 0 {
			t.Fatalf("%q occurs fewer than %d times", sub, n+1)
		}
		if i == n {
			return annotate.CodePointLen(text[:b+j])
		}
		b += j + len(sub)
	}
}

// frag returns the fragment covering the n-th occurrence of sub.
func frag(t testing.TB, text, sub string, n int) annotate.Fragment {
	s := cpOf(t, text, sub, n)
	return annotate.Fragment{Start: s, End: s + annotate.CodePointLen(sub)}
}

// drag drags in the view from a to b, as the Fyne test driver does.
func drag(v *View, w fyne.Window, a, b fyne.Position) {
	test.Drag(w.Canvas(), b, b.X-a.X, b.Y-a.Y)
}

// texts returns the text objects the view draws, in order.
func texts(v *View) []*canvas.Text {
	var out []*canvas.Text
	for _, o := range test.WidgetRenderer(v).Objects() {
		if t, ok := o.(*canvas.Text); ok {
			out = append(out, t)
		}
	}
	return out
}

// rects returns the rectangles of one pool of the view's renderer.
func rects(v *View, pool func(r *viewRenderer) *rectPool) []*canvas.Rectangle {
	p := pool(test.WidgetRenderer(v).(*viewRenderer))
	return p.items[:p.n]
}

// painted returns the rectangles of one pass of the lines' layers, as the renderer's last refresh laid them out, in the
// view's coordinates.
func painted(v *View, l func(ll *lineLayers) *layer, pass int) []paintOp {
	var out []paintOp
	for _, ll := range test.WidgetRenderer(v).(*viewRenderer).layList {
		ly := l(ll)
		for _, o := range ly.passes[pass] {
			o.x, o.y = o.x+ly.origin.X, o.y+ly.origin.Y
			out = append(out, o)
		}
	}
	return out
}

func under(ll *lineLayers) *layer { return ll.lay }
func over(ll *lineLayers) *layer  { return ll.lay }

// Article generation for benchmarks and scale tests: English-like words
// from syllables, Zipf-distributed, with typographic apostrophes, dashes and
// the odd emoji.

var syllables = strings.Fields("ta ka ri on el an ver sto mi la de par tion con ex pre sen ment ing ly ar or in ter est gov ern pol ic al cit iz u ni ty re port ed be fore")

// common words come first in every vocabulary, so Zipf picks them most.
var common = strings.Fields("the of and to a in that said is for on was with as by it at from his he be has have an are not who were but this their they had")

// vocabulary makes n distinct words, the most frequent first; seed varies
// the words.
func vocabulary(n int, seed uint64) []string {
	r := rand.New(rand.NewPCG(seed, 7))
	seen := map[string]bool{}
	out := make([]string, 0, n)
	for _, w := range common {
		seen[w] = true
		out = append(out, w)
	}
	for len(out) < n {
		k := 1 + r.IntN(20)/8 + r.IntN(20)/19 // mostly one to three syllables
		var b strings.Builder
		for range k {
			b.WriteString(syllables[r.IntN(len(syllables))])
		}
		w := b.String()
		if r.IntN(12) == 0 {
			w = strings.ToUpper(w[:1]) + w[1:]
		}
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// article generates a text of about tokens words in paragraphs of 40 to 160
// words.
func article(tokens int, seed uint64) string {
	vocab := vocabulary(8000, seed)
	r := rand.New(rand.NewPCG(seed, 11))
	z := rand.NewZipf(r, 1.1, 2, uint64(len(vocab)-1))
	var b strings.Builder
	b.Grow(tokens * 7)
	n, para := 0, 40+r.IntN(120)
	sentence := 0
	for n < tokens {
		w := vocab[z.Uint64()]
		if sentence == 0 {
			w = strings.ToUpper(w[:1]) + w[1:]
		}
		b.WriteString(w)
		n++
		sentence++
		switch x := r.IntN(100); {
		case x < 3:
			b.WriteString("’s")
		case x == 3:
			b.WriteString(" —")
		case x == 4:
			b.WriteString(" 👍")
			n++
		case x < 10:
			b.WriteString(",")
		}
		if sentence > 8 && r.IntN(10) == 0 {
			b.WriteString(".")
			sentence = 0
		}
		para--
		if para == 0 {
			if sentence != 0 {
				b.WriteString(".")
				sentence = 0
			}
			b.WriteString("\n\n")
			para = 40 + r.IntN(120)
		} else {
			b.WriteString(" ")
		}
	}
	return b.String()
}

// highlights makes n spans of one to eight words over the tokens, many of
// them overlapping or nested.
func highlights(toks []annotate.Token, n int, seed uint64) []Highlight {
	r := rand.New(rand.NewPCG(seed, 13))
	cols := []color.Color{claimColor, actorColor, figureColor, accuseColor}
	labels := []string{"claim", "actor", "figure", "accusation"}
	hs := make([]Highlight, 0, n)
	for i := range n {
		a := r.IntN(len(toks) - 8)
		b := a + r.IntN(8)
		k := r.IntN(4)
		h := Highlight{
			ID:        fmt.Sprintf("s%05d", i),
			Fragments: []annotate.Fragment{{Start: toks[a].Start, End: toks[b].End}},
			Color:     cols[k],
			Label:     labels[k],
			Annotator: "alice",
			Outline:   r.IntN(20) == 0,
			Style:     r.IntN(10) / 8, // a fifth striped
		}
		hs = append(hs, h)
	}
	return hs
}

// menuPolls are keepMenuAway's polls that are due, for the test to run on
// its own goroutine: a timer's would run on another, outliving the test.
var menuPolls []func()

// fakeMenuPolls makes the view's polls wait in menuPolls.
func fakeMenuPolls(t testing.TB) {
	old := afterPoll
	menuPolls = nil
	afterPoll = func(_ time.Duration, f func()) func() bool {
		i := len(menuPolls)
		menuPolls = append(menuPolls, f)
		return func() bool {
			was := menuPolls[i] != nil
			menuPolls[i] = nil
			return was
		}
	}
	t.Cleanup(func() { afterPoll, menuPolls = old, nil })
}

// runMenuPolls runs the polls that are due, and reports how many ran.
func runMenuPolls() int {
	due := menuPolls
	menuPolls = nil
	n := 0
	for _, f := range due {
		if f != nil {
			f()
			n++
		}
	}
	return n
}

// Urdu articles for benchmarks: words from Urdu syllables, Zipf-distributed,
// sentences ending in "۔", with an English name or a number now and then.

var urduSyllables = strings.Fields("کر نے حک وم ت پا کس تان وز یر اع ظم ہو گی سی اس لام آب اد خز انہ مط ابق بر آم دات اض افہ صو بائی ام داد ی لاب پش اور ٹر ڈی ڑا ں ے")

var urduCommon = strings.Fields("کے میں کی نے کہ سے اور کو ہے ہیں کا پر یہ بھی تھا ایک گیا کیا")

// urduArticle generates an Urdu text of about tokens words in paragraphs of
// 40 to 160 words.
func urduArticle(tokens int, seed uint64) string {
	r := rand.New(rand.NewPCG(seed, 17))
	seen := map[string]bool{}
	vocab := append([]string(nil), urduCommon...)
	for len(vocab) < 8000 {
		var b strings.Builder
		for range 1 + r.IntN(20)/8 + r.IntN(20)/19 {
			b.WriteString(urduSyllables[r.IntN(len(urduSyllables))])
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			vocab = append(vocab, w)
		}
	}
	z := rand.NewZipf(r, 1.1, 2, uint64(len(vocab)-1))
	var b strings.Builder
	b.Grow(tokens * 10)
	n, para, sentence := 0, 40+r.IntN(120), 0
	for n < tokens {
		switch x := r.IntN(200); {
		case x == 0:
			b.WriteString("Shehbaz Sharif")
			n += 2
		case x == 1:
			b.WriteString(strconv.Itoa(r.IntN(3000)))
			n++
		case x == 2:
			b.WriteString(strings.Map(func(c rune) rune { return c - '0' + '۰' }, strconv.Itoa(r.IntN(3000))))
			n++
		default:
			b.WriteString(vocab[z.Uint64()])
			n++
		}
		sentence++
		if r.IntN(12) == 0 {
			b.WriteString("،")
		}
		if sentence > 8 && r.IntN(10) == 0 {
			b.WriteString("۔")
			sentence = 0
		}
		para--
		if para == 0 {
			if sentence != 0 {
				b.WriteString("۔")
				sentence = 0
			}
			b.WriteString("\n\n")
			para = 40 + r.IntN(120)
		} else {
			b.WriteString(" ")
		}
	}
	return b.String()
}
