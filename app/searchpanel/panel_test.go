package searchpanel

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/annotate/search"
	"github.com/skein-news/skein/app/frame/frametest"
	"github.com/skein-news/skein/app/textview"
)

func groups() []Group {
	return []Group{
		{Doc: "d1", Title: "Kakar warns", Date: "2023-11-10", Total: 2, Items: []Item{
			{Match: search.Match{Start: 5, End: 12}, Before: "the ", Text: "Taliban", After: " said"},
			{Match: search.Match{Start: 40, End: 47}, Before: "…and the ", Text: "Taliban", After: " denied…"},
		}},
		{Doc: "d2", Title: "TTP", Total: 1, Items: []Item{{Match: search.Match{Start: 0, End: 7}, Text: "Taliban", After: " fighters"}}},
	}
}

// labels returns the texts of the labels under o that are shown.
func labels(o fyne.CanvasObject) []string {
	var out []string
	for _, x := range frametest.Visible[fyne.CanvasObject](o) {
		switch v := x.(type) {
		case *widget.Label:
			out = append(out, v.Text)
		case *widget.RichText:
			out = append(out, v.String())
		}
	}
	return out
}

func TestPanelShowsResultsAndReports(t *testing.T) {
	test.NewTempApp(t)
	p := New()
	w := test.NewTempWindow(t, p)
	w.Resize(fyne.NewSize(500, 600))
	var searched string
	p.OnSearch = func(q string) { searched = q }
	test.Type(p.query, "taliban label:actor")
	p.query.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if searched != "taliban label:actor" {
		t.Fatalf("OnSearch got %q", searched)
	}
	p.SetResults(groups(), 3, 2)
	got := strings.Join(labels(w.Content()), "|")
	for _, want := range []string{"2023-11-10 · Kakar warns|2 matches", "the Taliban said", "…and the Taliban denied…", "TTP|1 match", "3 matches in 2 articles"} {
		if !strings.Contains(got, want) {
			t.Errorf("the panel shows %q, want %q among it", got, want)
		}
	}
	if w.Canvas().Focused() != p.list {
		t.Errorf("after results the keyboard is at %T, want the results", w.Canvas().Focused())
	}

	var opened []string
	p.OnOpen = func(doc string, m search.Match) { opened = append(opened, doc+":"+string(rune('0'+m.Start/10))) }
	p.list.Select(2) // d1's second match
	p.list.Select(3) // d2's header: its first match
	p.list.Select(2)
	if want := []string{"d1:4", "d2:0", "d1:4"}; !reflect.DeepEqual(opened, want) {
		t.Errorf("clicks opened %v, want %v", opened, want)
	}

	var key string
	var picks []Pick
	p.OnLabelKey = func(k string, ps []Pick) { key, picks = k, ps }
	p.list.TypedKey(&fyne.KeyEvent{Name: "1"})
	if key != "1" || picks != nil {
		t.Errorf("key 1 with nothing ticked: got %q %v, want 1 and nil (all)", key, picks)
	}
	p.ticked[Pick{Doc: "d2", Match: search.Match{Start: 0, End: 7}}] = true
	p.list.TypedKey(&fyne.KeyEvent{Name: "3"})
	if want := []Pick{{Doc: "d2", Match: search.Match{Start: 0, End: 7}}}; key != "3" || !reflect.DeepEqual(picks, want) {
		t.Errorf("key 3 with one ticked: got %q %v, want 3 and %v", key, picks, want)
	}
}

// An article's count of matches is shown beside its title however long
// the title: a title wider than the column is cut, not the count (the
// count came after the title in one label and was cut with it, so a
// seed article's header read "2023-11-10 · In the wake of escalating
// terr…" and never said how many matches it held).
func TestHeaderKeepsItsCount(t *testing.T) {
	test.NewTempApp(t)
	p := New()
	w := test.NewTempWindow(t, p)
	w.Resize(fyne.NewSize(320, 400))
	long := "In the wake of escalating terrorist attacks, PM Kakar’s assertion linking the surge to the mass expulsion"
	p.SetResults([]Group{{Doc: "d1", Title: long, Date: "2023-11-10", Total: 4, Items: []Item{
		{Match: search.Match{Start: 65, End: 70}, Before: "PM ", Text: "Kakar", After: "’s assertion"},
	}}}, 4, 1)
	got := strings.Join(frametest.Drawn(w.Content()), "|")
	if !strings.Contains(got, "|4 matches|") {
		t.Errorf("the header does not show its count; drawn: %q", got)
	}
	if !strings.Contains(got, "2023-11-10 · In the wake") || strings.Contains(got, long) {
		t.Errorf("the long title is not cut to the column; drawn: %q", got)
	}
}

func TestFindBarKeys(t *testing.T) {
	test.NewTempApp(t)
	b := NewFindBar()
	w := test.NewTempWindow(t, b)
	w.Resize(fyne.NewSize(500, 60))
	var log []string
	b.OnChanged = func(q string) { log = append(log, "q="+q) }
	b.OnNext = func() { log = append(log, "next") }
	b.OnPrev = func() { log = append(log, "prev") }
	b.OnClose = func() { log = append(log, "close") }
	b.Focus(w.Canvas())
	test.Type(b.entry, "ab")
	b.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	b.entry.KeyDown(&fyne.KeyEvent{Name: "LeftShift"})
	b.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	b.entry.KeyUp(&fyne.KeyEvent{Name: "LeftShift"})
	b.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if want := []string{"q=a", "q=ab", "next", "prev", "close"}; !reflect.DeepEqual(log, want) {
		t.Errorf("got %v, want %v", log, want)
	}
	b.SetCount(2, 5, "")
	if b.count.Text != "2 of 5" {
		t.Errorf("count shows %q", b.count.Text)
	}
}

// The empty query field's hint fits the field at the right column's
// widths, so the field draws no scroll bar: the whole hint, wider than
// the column, made the empty field scroll sideways. At the width a new
// user had it still names words, phrases and regular expressions.
func TestQueryHintFitsTheField(t *testing.T) {
	test.NewTempApp(t)
	for _, width := range []float32{320, 255, 160, 480} {
		p := New()
		w := test.NewTempWindow(t, p)
		w.Resize(fyne.NewSize(width, 400))
		field := p.query.Size().Width
		var hint string
		for _, o := range frametest.Visible[fyne.CanvasObject](p.query) {
			if txt, ok := o.(*canvas.Text); ok && txt.Text != "" {
				hint = txt.Text
				if right := txt.Position().X + txt.MinSize().Width; right > field {
					t.Errorf("at %.0f the hint %q reaches %.0f, past the field's %.0f", width, txt.Text, right, field)
				}
			}
			// Fyne's scroll bars are of an internal type, known by name.
			if name := fmt.Sprintf("%T", o); strings.Contains(name, "scrollBar") {
				t.Errorf("at %.0f the empty field draws a scroll bar (%s)", width, name)
			}
		}
		if width >= 320 && !strings.HasPrefix(hint, `words, "a phrase", /regex/`) {
			t.Errorf("at %.0f the hint is %q, want it to name words, phrases and regular expressions", width, hint)
		}
		if width >= 480 && hint != `words, "a phrase", /regex/, label:actor date:2023-11..` {
			t.Errorf("at %.0f the hint is %q, want the whole hint", width, hint)
		}
	}
}

// The find bar counts its matches in English for every count: one read
// "1 matches".
func TestFindBarCountsInEnglish(t *testing.T) {
	test.NewTempApp(t)
	b := NewFindBar()
	test.NewTempWindow(t, b)
	test.Type(b.entry, "x")
	for total, want := range []string{"no match", "1 match", "2 matches"} {
		b.SetCount(0, total, "")
		if b.count.Text != want {
			t.Errorf("%d matches: the count shows %q, want %q", total, b.count.Text, want)
		}
	}
}

// The find bar is no wider at least than its field at its least and ✕, so
// that under the article it does not raise the window's least width; its
// field keeps its least width however narrow the bar, ↑ and ↓ giving way
// first, then the count; with the room, everything shows whole. Laid out
// by a Border, the bar's least width was the field's 34 px and everything
// beside it, and the field shrank to that.
func TestFindBarFieldKeepsItsWidth(t *testing.T) {
	test.NewTempApp(t)
	b := NewFindBar()
	w := test.NewTempWindow(t, b)
	test.Type(b.entry, "the")
	b.SetCount(0, 24, "")
	least := fieldLeast()
	closeW := widget.NewButtonWithIcon("", theme.CancelIcon(), nil).MinSize().Width
	if got, want := b.MinSize().Width, least+theme.Padding()+closeW; got > want {
		t.Errorf("the bar's least width is %v, want at most the field's least and ✕, %v", got, want)
	}
	drawn := func() string {
		var s []string
		for _, x := range frametest.Visible[*canvas.Text](b) {
			if x.Text != "" && x.Text != "the" {
				s = append(s, x.Text)
			}
		}
		return strings.Join(s, "|")
	}
	for _, tc := range []struct {
		width  float32
		arrows bool
		count  string
	}{{500, true, "24 matches"}, {least + 60, false, ""}, {b.MinSize().Width, false, ""}} {
		w.Resize(fyne.NewSize(tc.width, 60))
		if got := b.entry.Size().Width; got < least {
			t.Errorf("at %v the field is %v px, want at least %v", tc.width, got, least)
		}
		var shown []string
		for _, btn := range frametest.Visible[*widget.Button](b) {
			shown = append(shown, btn.Icon.Name())
		}
		if got := len(shown) == 3; got != tc.arrows {
			t.Errorf("at %v the buttons shown are %v; want ↑ and ↓ beside ✕: %v", tc.width, shown, tc.arrows)
		}
		if got := drawn(); tc.count != "" && got != tc.count {
			t.Errorf("at %v the count reads %q, want %q", tc.width, got, tc.count)
		}
	}
}

// cutContext cuts after the match at a word, or, where the match is
// itself wider than the row (a sentence that reports the same thing),
// the match at a word with nothing after it; a character is 1 wide, a
// bold one 2.
func TestCutContext(t *testing.T) {
	width := func(s string, bold bool) float32 {
		n := float32(len([]rune(s)))
		if bold {
			return 2 * n
		}
		return n
	}
	for _, tc := range []struct {
		parts [3]string
		room  float32
		want  [3]string
	}{
		{[3]string{"…the ", "Afghan", " refugees prompt"}, 40, [3]string{"…the ", "Afghan", " refugees prompt"}},
		{[3]string{"…the ", "Afghan", " refugees prompt"}, 30, [3]string{"…the ", "Afghan", " refugees…"}},
		{[3]string{"…the ", "Afghan", " refugees prompt"}, 20, [3]string{"…the ", "Afghan", "…"}},
		{[3]string{"same figure: ", "some 2,300 people died", ""}, 40, [3]string{"same figure: ", "some 2,300…", ""}},
		{[3]string{"…the ", "Afghan", " refugees"}, 10, [3]string{"…the ", "Afghan", " refugees"}}, // nothing fits: RichText clips
	} {
		if got := cutContext(tc.parts, tc.room, width); got != tc.want {
			t.Errorf("cutContext(%q, %g) = %q, want %q", tc.parts, tc.room, got, tc.want)
		}
	}
}

// An Urdu match's line is shaped and ordered as the article is, whole,
// where a Latin one keeps its bold match: drawn as the rich text's three
// segments, each laid left to right, "حکومت پر اعداد و شمار" read with its
// words out of order and its letters unjoined.
func TestUrduExcerptIsShaped(t *testing.T) {
	test.NewTempApp(t)
	p := New()
	w := test.NewTempWindow(t, p)
	w.Resize(fyne.NewSize(500, 600))
	const before, match, after = "…حکومت پر ", "اعداد", " و شمار چھپانے کا…"
	p.SetResults([]Group{{Doc: "d1", Title: "اردو خبر", Total: 1, Items: []Item{
		{Match: search.Match{Start: 30, End: 35}, Before: before, Text: match, After: after}}}}, 1, 1)
	shaped := shapedLines(w.Content())
	if want := []string{"اردو خبر", before + match + after}; !reflect.DeepEqual(shaped, want) {
		t.Errorf("the Urdu header and match's line are drawn shaped as %q, want %q", shaped, want)
	}
	// The match is drawn bold, as a Latin one is: twice, a little apart
	// (the Urdu face has no bold), the rest of the line once.
	var drawn []*canvas.Text
	for _, l := range frametest.Visible[*textview.Line](w.Content()) {
		if l.Text == before+match+after {
			for _, o := range test.WidgetRenderer(l).Objects() {
				if tx, ok := o.(*canvas.Text); ok {
					drawn = append(drawn, tx)
				}
			}
		}
	}
	var bold []float32
	for _, tx := range drawn {
		switch {
		case tx.Text == match:
			bold = append(bold, tx.Position().X)
		case strings.Contains(tx.Text, match):
			t.Errorf("the match is drawn inside %q, as the rest of its line", tx.Text)
		}
	}
	if len(bold) != 2 || bold[0] == bold[1] || bold[1]-bold[0] > 2 {
		t.Errorf("the Urdu match is drawn at %v, want twice, within 2 px (bold); the line's runs: %d", bold, len(drawn))
	}
	for _, s := range labels(w.Content()) {
		if strings.Contains(s, match) || strings.Contains(s, "خبر") {
			t.Errorf("the Urdu header or match is drawn by a plain label or rich text too: %q", s)
		}
	}
	p.SetResults(groups(), 3, 2)
	if got := strings.Join(labels(w.Content()), "|"); !strings.Contains(got, "the Taliban said") || len(shapedLines(w.Content())) != 0 {
		t.Errorf("a Latin match's line is drawn as %q, want it in the rich text with its bold match", got)
	}
}

// shapedLines are the texts of the Lines under o that shape their text
// themselves (the region's scripts), in order.
func shapedLines(o fyne.CanvasObject) []string {
	var out []string
	for _, l := range frametest.Visible[*textview.Line](o) {
		if textview.IsComplex(l.Text) {
			out = append(out, l.Text)
		}
	}
	return out
}
