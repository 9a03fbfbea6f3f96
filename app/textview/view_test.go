package textview

import (
	"image/color"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/annotate"
)

const sample = "The minister said on Tuesday that exports rose by 12% — a record. " +
	"Critics called the figure “misleading” 👍 and asked for the full report.\n\n" +
	"Opposition leaders accused the government of hiding the data."

func frags(fs ...annotate.Fragment) []annotate.Fragment { return fs }

func span(t *testing.T, from, to annotate.Fragment) annotate.Fragment {
	t.Helper()
	return annotate.Fragment{Start: from.Start, End: to.End}
}

func TestDragSelects(t *testing.T) {
	tests := []struct {
		name     string
		from, to func(*testing.T, *View) fyne.Position
		alt      bool
		want     func(*testing.T) []annotate.Fragment
	}{
		{
			name: "forward, snapped to words",
			from: func(t *testing.T, v *View) fyne.Position { return at(t, v, cpOf(t, sample, "minister", 0)+3) },
			to:   func(t *testing.T, v *View) fyne.Position { return at(t, v, cpOf(t, sample, "Tuesday", 0)+2) },
			want: func(t *testing.T) []annotate.Fragment {
				return frags(span(t, frag(t, sample, "minister", 0), frag(t, sample, "Tuesday", 0)))
			},
		},
		{
			name: "backward, snapped to words",
			from: func(t *testing.T, v *View) fyne.Position { return at(t, v, cpOf(t, sample, "exports", 0)+1) },
			to:   func(t *testing.T, v *View) fyne.Position { return at(t, v, cpOf(t, sample, "said", 0)+2) },
			want: func(t *testing.T) []annotate.Fragment {
				return frags(span(t, frag(t, sample, "said", 0), frag(t, sample, "exports", 0)))
			},
		},
		{
			name: "across a paragraph break",
			from: func(t *testing.T, v *View) fyne.Position { return at(t, v, cpOf(t, sample, "full", 0)) },
			to:   func(t *testing.T, v *View) fyne.Position { return at(t, v, cpOf(t, sample, "leaders", 0)+1) },
			want: func(t *testing.T) []annotate.Fragment {
				return frags(span(t, frag(t, sample, "full", 0), frag(t, sample, "leaders", 0)))
			},
		},
		{
			name: "alt keeps exact characters",
			from: edgeOf("minister", 3),
			to:   edgeOf("Tuesday", 2),
			alt:  true,
			want: func(t *testing.T) []annotate.Fragment {
				return frags(annotate.Fragment{Start: cpOf(t, sample, "minister", 0) + 3, End: cpOf(t, sample, "Tuesday", 0) + 2})
			},
		},
		{
			name: "only punctuation selects nothing",
			from: edgeOf("—", 0),
			to:   edgeOf("—", 1),
			want: func(*testing.T) []annotate.Fragment { return nil },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, w := newTestView(t, sample, fyne.NewSize(500, 300))
			var reported []annotate.Fragment
			calls := 0
			v.OnSelectionChanged = func(f []annotate.Fragment) { reported, calls = f, calls+1 }
			if tt.alt {
				v.KeyDown(&fyne.KeyEvent{Name: desktop.KeyAltLeft})
			}
			drag(v, w, tt.from(t, v), tt.to(t, v))
			want := tt.want(t)
			if got := v.Selection(); !reflect.DeepEqual(got, want) {
				t.Errorf("got selection %v, want %v", got, want)
			}
			if calls != 1 || !reflect.DeepEqual(reported, want) {
				t.Errorf("got %d OnSelectionChanged calls reporting %v, want 1 reporting %v", calls, reported, want)
			}
		})
	}
}

// edgeOf returns a position function for the boundary k code points into
// the first occurrence of sub in sample.
func edgeOf(sub string, k int) func(*testing.T, *View) fyne.Position {
	return func(t *testing.T, v *View) fyne.Position { return edge(t, v, cpOf(t, sample, sub, 0)+k) }
}

func TestDragLikeTheDesktopDriver(t *testing.T) {
	// The desktop driver sends MouseDown, then Dragged events whose first
	// position is already some pixels away, then DragEnd and MouseUp.
	v, _ := newTestView(t, sample, fyne.NewSize(500, 300))
	a := at(t, v, cpOf(t, sample, "exports", 0)+1)
	b := at(t, v, cpOf(t, sample, "record", 0)+1)
	mid := fyne.NewPos((a.X+b.X)/2, (a.Y+b.Y)/2)
	v.MouseDown(&desktop.MouseEvent{Button: desktop.MouseButtonPrimary, PointEvent: fyne.PointEvent{Position: a}})
	v.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: mid}, Dragged: fyne.NewDelta(4, 0)})
	v.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: b}, Dragged: fyne.NewDelta(b.X-mid.X, b.Y-mid.Y)})
	v.DragEnd()
	v.MouseUp(&desktop.MouseEvent{Button: desktop.MouseButtonPrimary, PointEvent: fyne.PointEvent{Position: b}})
	want := frags(span(t, frag(t, sample, "exports", 0), frag(t, sample, "record", 0)))
	if got := v.Selection(); !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestCtrlDragAddsFragment(t *testing.T) {
	v, w := newTestView(t, sample, fyne.NewSize(500, 300))
	drag(v, w, at(t, v, cpOf(t, sample, "minister", 0)), at(t, v, cpOf(t, sample, "said", 0)+1))
	v.KeyDown(&fyne.KeyEvent{Name: desktop.KeyControlLeft})
	drag(v, w, at(t, v, cpOf(t, sample, "Critics", 0)), at(t, v, cpOf(t, sample, "called", 0)+2))
	test.TapAt(v, at(t, v, cpOf(t, sample, "data", 0))) // a Ctrl-click keeps the selection
	v.KeyUp(&fyne.KeyEvent{Name: desktop.KeyControlLeft})
	want := frags(
		span(t, frag(t, sample, "minister", 0), frag(t, sample, "said", 0)),
		span(t, frag(t, sample, "Critics", 0), frag(t, sample, "called", 0)),
	)
	if got := v.Selection(); !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}

	v.TypedShortcut(&fyne.ShortcutCopy{})
	if got, want := fyne.CurrentApp().Clipboard().Content(), "minister said Critics called"; got != want {
		t.Errorf("got clipboard %q, want %q", got, want)
	}

	// A plain drag starts over.
	drag(v, w, at(t, v, cpOf(t, sample, "data", 0)), at(t, v, cpOf(t, sample, "data", 0)+2))
	if got, want := v.Selection(), frags(frag(t, sample, "data", 0)); !reflect.DeepEqual(got, want) {
		t.Errorf("after a plain drag got %v, want %v", got, want)
	}
}

func TestDoubleClickSelectsWord(t *testing.T) {
	tests := []struct {
		name  string
		click func(v *View, p fyne.Position)
	}{
		{"DoubleTapped", func(v *View, p fyne.Position) { v.DoubleTapped(&fyne.PointEvent{Position: p}) }},
		{"two mouse clicks", func(v *View, p fyne.Position) {
			for range 2 {
				v.MouseDown(&desktop.MouseEvent{Button: desktop.MouseButtonPrimary, PointEvent: fyne.PointEvent{Position: p}})
				v.MouseUp(&desktop.MouseEvent{Button: desktop.MouseButtonPrimary, PointEvent: fyne.PointEvent{Position: p}})
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, _ := newTestView(t, sample, fyne.NewSize(500, 300))
			var reported []annotate.Fragment
			v.OnSelectionChanged = func(f []annotate.Fragment) { reported = f }
			tt.click(v, at(t, v, cpOf(t, sample, "misleading", 0)+4))
			want := frags(frag(t, sample, "misleading", 0))
			if got := v.Selection(); !reflect.DeepEqual(got, want) {
				t.Errorf("got %v, want %v", got, want)
			}
			if !reflect.DeepEqual(reported, want) {
				t.Errorf("got OnSelectionChanged(%v), want %v", reported, want)
			}
		})
	}
}

// TestDoubleClickLeavesThePossessive: a double click on "Kakar" of
// "Kakar’s" selects Kakar, the actor; a double click on its ’s, the whole
// word.
func TestDoubleClickLeavesThePossessive(t *testing.T) {
	text := "PM Kakar’s assertion was new."
	for _, c := range []struct {
		at   int
		want string
	}{{cpOf(t, text, "Kakar", 0) + 2, "Kakar"}, {cpOf(t, text, "s assertion", 0), "Kakar’s"}} {
		v, _ := newTestView(t, text, fyne.NewSize(500, 300))
		v.DoubleTapped(&fyne.PointEvent{Position: at(t, v, c.at)})
		got := v.Selection()
		if len(got) != 1 || annotate.NewText(text).Slice(got[0].Start, got[0].End) != c.want {
			t.Errorf("a double click at %d selects %v, want %q", c.at, got, c.want)
		}
	}
}

func TestShiftExtends(t *testing.T) {
	tests := []struct {
		name string
		do   func(t *testing.T, v *View)
		want func(t *testing.T) []annotate.Fragment
	}{
		{
			name: "shift-click",
			do: func(t *testing.T, v *View) {
				v.MouseDown(&desktop.MouseEvent{Button: desktop.MouseButtonPrimary, Modifier: fyne.KeyModifierShift,
					PointEvent: fyne.PointEvent{Position: at(t, v, cpOf(t, sample, "exports", 0)+2)}})
				v.MouseUp(&desktop.MouseEvent{Button: desktop.MouseButtonPrimary, Modifier: fyne.KeyModifierShift,
					PointEvent: fyne.PointEvent{Position: at(t, v, cpOf(t, sample, "exports", 0)+2)}})
			},
			want: func(t *testing.T) []annotate.Fragment {
				return frags(span(t, frag(t, sample, "said", 0), frag(t, sample, "exports", 0)))
			},
		},
		{
			name: "shift-tap backwards",
			do: func(t *testing.T, v *View) {
				v.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
				test.TapAt(v, at(t, v, cpOf(t, sample, "minister", 0)+1))
			},
			want: func(t *testing.T) []annotate.Fragment {
				return frags(span(t, frag(t, sample, "minister", 0), frag(t, sample, "said", 0)))
			},
		},
		{
			name: "shift+right twice by words",
			do: func(t *testing.T, v *View) {
				v.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
				v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
				v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
			},
			want: func(t *testing.T) []annotate.Fragment {
				return frags(span(t, frag(t, sample, "said", 0), frag(t, sample, "Tuesday", 0)))
			},
		},
		{
			name: "shift+left past the anchor flips",
			do: func(t *testing.T, v *View) {
				v.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
				v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft})
				v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft})
			},
			want: func(t *testing.T) []annotate.Fragment {
				return frags(frag(t, sample, "minister", 0))
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, _ := newTestView(t, sample, fyne.NewSize(500, 300))
			v.DoubleTapped(&fyne.PointEvent{Position: at(t, v, cpOf(t, sample, "said", 0)+1)})
			var reported []annotate.Fragment
			v.OnSelectionChanged = func(f []annotate.Fragment) { reported = f }
			tt.do(t, v)
			want := tt.want(t)
			if got := v.Selection(); !reflect.DeepEqual(got, want) {
				t.Errorf("got %v, want %v", got, want)
			}
			if !reflect.DeepEqual(reported, want) {
				t.Errorf("got OnSelectionChanged(%v), want %v", reported, want)
			}
		})
	}
}

func nested(t *testing.T) []Highlight {
	return []Highlight{
		{ID: "outer", Fragments: frags(span(t, frag(t, sample, "minister", 0), frag(t, sample, "record", 0))), Color: claimColor, Label: "claim", Annotator: "alice"},
		{ID: "inner", Fragments: frags(frag(t, sample, "exports", 0)), Color: figureColor, Label: "figure", Annotator: "bob"},
		{ID: "cross", Fragments: frags(span(t, frag(t, sample, "record", 0), frag(t, sample, "Critics", 0))), Color: accuseColor, Label: "accusation", Annotator: "carol", Outline: true},
	}
}

func TestTapSelectsInnermostSpan(t *testing.T) {
	v, w := newTestView(t, sample, fyne.NewSize(500, 300))
	v.SetHighlights(nested(t))
	var got []string
	v.OnSpanSelected = func(id string) { got = append(got, id) }
	steps := []struct {
		name string
		cp   int
		want string
	}{
		{"inner wins inside both", cpOf(t, sample, "exports", 0) + 2, "inner"},
		{"outer alone", cpOf(t, sample, "minister", 0) + 1, "outer"},
		{"overlap of outer and cross: shorter", cpOf(t, sample, "record", 0) + 1, "cross"},
		{"plain text clears", cpOf(t, sample, "leaders", 0), ""},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			got = nil
			test.TapAt(v, at(t, v, s.cp))
			if v.SelectedSpan() != s.want {
				t.Errorf("got SelectedSpan %q, want %q", v.SelectedSpan(), s.want)
			}
			if len(got) != 1 || got[0] != s.want {
				t.Errorf("got OnSpanSelected calls %q, want [%q]", got, s.want)
			}
			if w.Canvas().Focused() != v {
				t.Errorf("got focus on %v, want the view", w.Canvas().Focused())
			}
		})
	}
}

func TestTapClearsSelection(t *testing.T) {
	v, _ := newTestView(t, sample, fyne.NewSize(500, 300))
	v.SetSelection(frags(frag(t, sample, "record", 0)))
	calls := 0
	v.OnSelectionChanged = func(f []annotate.Fragment) {
		calls++
		if f != nil {
			t.Errorf("got OnSelectionChanged(%v), want nil", f)
		}
	}
	test.TapAt(v, at(t, v, cpOf(t, sample, "data", 0)))
	if got := v.Selection(); got != nil {
		t.Errorf("got selection %v after a tap, want nil", got)
	}
	if calls != 1 {
		t.Errorf("got %d OnSelectionChanged calls, want 1", calls)
	}
}

func TestEscapeClears(t *testing.T) {
	v, _ := newTestView(t, sample, fyne.NewSize(500, 300))
	v.SetHighlights(nested(t))
	v.SelectSpan("inner")
	v.SetSelection(frags(frag(t, sample, "record", 0)))
	var sel []string
	var keys []fyne.KeyName
	v.OnSpanSelected = func(id string) { sel = append(sel, id) }
	selCalls := 0
	v.OnSelectionChanged = func([]annotate.Fragment) { selCalls++ }
	v.OnKey = func(ev *fyne.KeyEvent, _ fyne.KeyModifier) bool { keys = append(keys, ev.Name); return true }
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if v.Selection() != nil || v.SelectedSpan() != "" {
		t.Errorf("got selection %v and span %q, want none", v.Selection(), v.SelectedSpan())
	}
	if selCalls != 1 || !reflect.DeepEqual(sel, []string{""}) {
		t.Errorf("got %d selection calls and span calls %q, want 1 and [\"\"]", selCalls, sel)
	}
	if !reflect.DeepEqual(keys, []fyne.KeyName{fyne.KeyEscape}) {
		t.Errorf("got OnKey %v, want Escape passed on too", keys)
	}
}

func TestKeysReachOnKey(t *testing.T) {
	long := strings.Repeat(sample+"\n", 30)
	v, w := newTestView(t, long, fyne.NewSize(500, 300))
	test.TapAt(v, at(t, v, 0))
	if w.Canvas().Focused() != v {
		t.Fatal("tap did not focus the view")
	}
	type call struct {
		name fyne.KeyName
		mods fyne.KeyModifier
	}
	var calls []call
	handled := map[fyne.KeyName]bool{"1": true, fyne.KeyDelete: true, fyne.KeyZ: true}
	v.OnKey = func(ev *fyne.KeyEvent, mods fyne.KeyModifier) bool {
		calls = append(calls, call{ev.Name, mods})
		return handled[ev.Name]
	}
	w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: "1"})
	v.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	v.TypedKey(&fyne.KeyEvent{Name: desktop.KeyShiftLeft}) // not passed on
	v.TypedKey(&fyne.KeyEvent{Name: "T"})
	v.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	v.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierControl})
	v.TypedShortcut(&fyne.ShortcutUndo{})
	before := v.off
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyPageDown})
	want := []call{
		{"1", 0},
		{"T", fyne.KeyModifierShift},
		{fyne.KeyN, fyne.KeyModifierControl},
		{fyne.KeyZ, fyne.KeyModifierShortcutDefault},
		{fyne.KeyPageDown, 0},
	}
	if !reflect.DeepEqual(calls, want) {
		t.Errorf("got OnKey calls %v, want %v", calls, want)
	}
	if v.off <= before {
		t.Errorf("got offset %v after Page Down not taken by OnKey, want more than %v", v.off, before)
	}
	handled[fyne.KeyPageDown] = true
	before = v.off
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyPageDown})
	if v.off != before {
		t.Errorf("got offset %v after Page Down taken by OnKey, want %v", v.off, before)
	}
}

func TestHoverShowsLabels(t *testing.T) {
	v, w := newTestView(t, sample, fyne.NewSize(500, 300))
	v.SetHighlights(nested(t))
	var hovered [][]string
	v.OnHover = func(ids []string) { hovered = append(hovered, ids) }
	test.MoveMouse(w.Canvas(), at(t, v, cpOf(t, sample, "exports", 0)+1))
	var shown []string
	for _, tx := range texts(v) {
		if tx.TextSize != v.lay.m.size {
			shown = append(shown, tx.Text)
		}
	}
	if want := []string{"figure — bob", "claim — alice"}; !reflect.DeepEqual(shown, want) {
		t.Errorf("got tooltip %q, want %q", shown, want)
	}
	test.MoveMouse(w.Canvas(), at(t, v, cpOf(t, sample, "leaders", 0)))
	for _, tx := range texts(v) {
		if tx.TextSize != v.lay.m.size {
			t.Errorf("tooltip %q still shown off the highlights", tx.Text)
		}
	}
	if want := [][]string{{"inner", "outer"}, nil}; !reflect.DeepEqual(hovered, want) {
		t.Errorf("got OnHover calls %q, want %q", hovered, want)
	}
}

func TestSelectSpanScrollsAndFlashes(t *testing.T) {
	long := strings.Repeat(sample+"\n", 40) + "The last word is here."
	v, _ := newTestView(t, long, fyne.NewSize(500, 300))
	last := frag(t, long, "last", 0)
	v.SetHighlights([]Highlight{{ID: "end", Fragments: frags(last), Color: claimColor, Label: "claim"}})
	calls := 0
	v.OnSpanSelected = func(string) { calls++ }

	v.SelectSpan("end")
	if v.SelectedSpan() != "end" {
		t.Fatalf("got SelectedSpan %q, want end", v.SelectedSpan())
	}
	if calls != 0 {
		t.Errorf("SelectSpan called OnSpanSelected %d times, want 0", calls)
	}
	p := at(t, v, last.Start)
	if p.Y < 0 || p.Y > v.Size().Height {
		t.Errorf("span at y=%v, outside the view of height %v", p.Y, v.Size().Height)
	}
	outlines := painted(v, over, overOutlines)
	if len(outlines) != 1 || outlines[0].stroke != 2 {
		t.Errorf("got %d outlines, want 1 with stroke 2 for the selected span", len(outlines))
	}
	// The test driver runs animations to their end at once; step through.
	v.flashTick(1.0 / 6)
	if got := len(painted(v, over, overFlash)); got != 1 {
		t.Errorf("mid-flash got %d flash rectangles, want 1", got)
	}
	v.flashTick(1)
	if got := len(painted(v, over, overFlash)); got != 0 {
		t.Errorf("after the flash got %d flash rectangles, want 0", got)
	}

	v.SelectSpan("missing")
	if v.SelectedSpan() != "end" {
		t.Errorf("SelectSpan of an unknown ID changed the selection to %q", v.SelectedSpan())
	}
	v.SetHighlights(nil)
	if v.SelectedSpan() != "" {
		t.Errorf("got SelectedSpan %q after its highlight went, want none", v.SelectedSpan())
	}
}

func TestScrollToAndObjectsOnlyForVisibleLines(t *testing.T) {
	long := strings.Repeat(sample+"\n", 400)
	v, w := newTestView(t, long, fyne.NewSize(500, 300))
	toks := annotate.NewWords(annotate.NewText(long)).Tokens()
	v.SetHighlights(highlights(toks, 2000, 1))
	visible := int(300/v.lay.lineH) + 2
	check := func(where string) {
		t.Helper()
		if n := len(texts(v)); n == 0 || n > visible {
			t.Errorf("%s: got %d text objects, want 1 to %d", where, n, visible)
		}
		if n := len(test.WidgetRenderer(v).Objects()); n > visible*60 {
			t.Errorf("%s: got %d objects for %d lines", where, n, visible)
		}
	}
	check("top")
	target := cpOf(t, long, "Opposition", 300)
	v.ScrollTo(target)
	check("after ScrollTo")
	p := at(t, v, target)
	if p.Y < 0 || p.Y > 300 {
		t.Errorf("got code point %d at y=%v, want it in view", target, p.Y)
	}
	found := false
	for _, tx := range texts(v) {
		if strings.HasPrefix(tx.Text, "Opposition") {
			found = true
		}
	}
	if !found {
		t.Error("no line starting with Opposition drawn after ScrollTo")
	}
	for i := 0; i < 20; i++ {
		test.Scroll(w.Canvas(), fyne.NewPos(100, 100), 0, -250)
	}
	check("after scrolling")
	for pi := v.lay.paraAtY(v.off); pi < len(v.lay.paras) && v.lay.paras[pi].y < v.off+300; pi++ {
		if !v.lay.paras[pi].exact {
			t.Errorf("paragraph %d in view is wrapped with estimated widths", pi)
		}
	}
}

func TestWrap(t *testing.T) {
	long := "Supercalifragilisticexpialidocious-and-then-some-more-letters-without-a-break " + sample
	for _, width := range []float32{160, 300, 640} {
		v, _ := newTestView(t, long, fyne.NewSize(width, 400))
		l := v.lay
		l.wrap(&l.paras[0], true)
		var g geom
		var b strings.Builder
		for i, ln := range l.paras[0].lines {
			g.build(l, ln)
			if g.inkWidth() > l.maxW+0.5 {
				t.Errorf("width %v: line %d %q is %v wide, more than %v", width, i, l.doc[ln.bstart:ln.bend], g.inkWidth(), l.maxW)
			}
			if i > 0 && ln.start != l.paras[0].lines[i-1].end {
				t.Errorf("width %v: line %d starts at %d, previous ended at %d", width, i, ln.start, l.paras[0].lines[i-1].end)
			}
			b.WriteString(l.doc[ln.bstart:ln.bend])
		}
		if got, want := b.String(), long[:strings.IndexByte(long, '\n')]; got != want {
			t.Errorf("width %v: lines join to %q, want %q", width, got, want)
		}
		if n := len(l.paras[0].lines); width == 640 && n > 4 || width == 160 && n < 8 {
			t.Errorf("width %v: got %d lines", width, n)
		}
	}
}

func TestResizeRewrapsAndKeepsPlace(t *testing.T) {
	long := strings.Repeat(sample+"\n", 60)
	v, w := newTestView(t, long, fyne.NewSize(600, 300))
	target := cpOf(t, long, "Opposition", 30)
	v.ScrollTo(target)
	test.Scroll(w.Canvas(), fyne.NewPos(10, 10), 0, -1) // the user scrolls: no longer pinned
	top, _ := v.topAnchor()
	lines := len(v.lay.paras[0].lines)
	w.Resize(fyne.NewSize(300, 300))
	if got := len(v.lay.paras[0].lines); got <= lines {
		t.Errorf("got %d lines in a narrower view, want more than %d", got, lines)
	}
	after, _ := v.topAnchor()
	pi := v.lay.paraOf(top)
	ln := v.lay.paras[pi].lines[lineOf(&v.lay.paras[pi], top)]
	if after != ln.start {
		t.Errorf("top line starts at %d after resize, want the line holding %d (%d)", after, top, ln.start)
	}
}

func TestTextSize(t *testing.T) {
	v, _ := newTestView(t, sample, fyne.NewSize(500, 300))
	small := v.lay.lineH
	v.SetTextSize(24)
	if v.TextSize() != 24 || v.lay.lineH <= small {
		t.Errorf("got text size %v and line height %v, want 24 and more than %v", v.TextSize(), v.lay.lineH, small)
	}
	for _, tx := range texts(v) {
		if tx.TextSize != 24 {
			t.Errorf("got a line drawn at %v, want 24", tx.TextSize)
		}
	}
}

func TestLanes(t *testing.T) {
	v, _ := newTestView(t, sample, fyne.NewSize(500, 300))
	hs := nested(t)
	hs = append(hs, Highlight{ID: "deep", Fragments: frags(frag(t, sample, "rose", 0)), Color: actorColor},
		Highlight{ID: "deeper", Fragments: frags(frag(t, sample, "rose", 0)), Color: actorColor},
		Highlight{ID: "deepest", Fragments: frags(frag(t, sample, "rose", 0)), Color: actorColor},
		// A discontinuous span takes a lane per fragment: the gap between
		// them leaves lane 0 free for "Critics".
		Highlight{ID: "split", Fragments: frags(frag(t, sample, "The", 0), frag(t, sample, "data", 0)), Color: actorColor},
		Highlight{ID: "critics", Fragments: frags(frag(t, sample, "Critics", 0)), Color: actorColor},
	)
	v.SetHighlights(hs)
	// outer, inner, cross, deep, deeper, deepest (capped), split ×2, critics
	want := []uint8{0, 1, 1, 1, 2, 2, 0, 0, 0}
	if !reflect.DeepEqual(v.fragLane, want) {
		t.Errorf("got lanes %v, want %v", v.fragLane, want)
	}
}

func TestSetSelectionAndClear(t *testing.T) {
	v, _ := newTestView(t, sample, fyne.NewSize(500, 300))
	calls := 0
	v.OnSelectionChanged = func([]annotate.Fragment) { calls++ }
	in := frags(annotate.Fragment{Start: 30, End: 40}, annotate.Fragment{Start: 4, End: 12}, annotate.Fragment{Start: 10, End: 14}, annotate.Fragment{Start: 500, End: 900})
	v.SetSelection(in)
	if got, want := v.Selection(), frags(annotate.Fragment{Start: 4, End: 14}, annotate.Fragment{Start: 30, End: 40}); !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if n := len(painted(v, under, underSel)); n != 2 {
		t.Errorf("got %d selection rectangles, want 2", n)
	}
	v.ClearSelection()
	if v.Selection() != nil {
		t.Errorf("got %v after ClearSelection, want nil", v.Selection())
	}
	if calls != 0 {
		t.Errorf("setters called OnSelectionChanged %d times, want 0", calls)
	}
}

func TestEmptyAndNilDocument(t *testing.T) {
	v, w := newTestView(t, "", fyne.NewSize(300, 200))
	test.TapAt(v, fyne.NewPos(50, 50))
	drag(v, w, fyne.NewPos(10, 10), fyne.NewPos(100, 40))
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyPageDown})
	if v.Selection() != nil {
		t.Errorf("got selection %v in an empty text", v.Selection())
	}
	v.SetDocument(nil, nil)
	v.ScrollTo(10)
	v.SelectSpan("x")
	test.TapAt(v, fyne.NewPos(50, 50))
	if n := len(texts(v)); n != 0 {
		t.Errorf("got %d text objects without a document", n)
	}
}

func TestMouseClickIsHandledOnce(t *testing.T) {
	// The desktop driver reports a click as MouseDown and MouseUp, and
	// Tapped about 300 ms later; the view acts on MouseUp only.
	v, _ := newTestView(t, sample, fyne.NewSize(500, 300))
	v.SetHighlights(nested(t))
	var got []string
	v.OnSpanSelected = func(id string) { got = append(got, id) }
	p := at(t, v, cpOf(t, sample, "exports", 0)+1)
	abs := p.Add(fyne.NewPos(7, 9)) // the view's place in a window
	ev := &desktop.MouseEvent{Button: desktop.MouseButtonPrimary, PointEvent: fyne.PointEvent{Position: p, AbsolutePosition: abs}}
	v.MouseDown(ev)
	v.MouseUp(ev)
	if v.SelectedSpan() != "inner" {
		t.Fatalf("got SelectedSpan %q after MouseUp, want inner", v.SelectedSpan())
	}
	v.Tapped(&fyne.PointEvent{Position: p, AbsolutePosition: abs})
	if want := []string{"inner"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got OnSpanSelected calls %q, want %q", got, want)
	}
}

func TestScrollBarDrag(t *testing.T) {
	long := strings.Repeat(sample+"\n", 100)
	v, w := newTestView(t, long, fyne.NewSize(500, 300))
	top, h := v.thumb()
	if h >= 300 || top != 0 {
		t.Fatalf("got thumb at %v, %v high, want a thumb at the top smaller than the view", top, h)
	}
	x := float32(500 - barWidth/2)
	drag(v, w, fyne.NewPos(x, top+h/2), fyne.NewPos(x, top+h/2+(300-h)/2))
	limit := v.lay.total - 300
	if v.off < limit*0.45 || v.off > limit*0.55 {
		t.Errorf("got offset %v after dragging the thumb half way, want about %v", v.off, limit/2)
	}
	if v.Selection() != nil {
		t.Errorf("dragging the scroll bar selected %v", v.Selection())
	}
}

func TestDragPastTheBottomScrolls(t *testing.T) {
	long := strings.Repeat(sample+"\n", 100)
	v, _ := newTestView(t, long, fyne.NewSize(500, 300))
	a := at(t, v, cpOf(t, long, "minister", 0))
	v.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: a.Add(fyne.NewPos(5, 0))}, Dragged: fyne.NewDelta(5, 0)})
	for i := 0; i < 10; i++ {
		v.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(200, 340)}, Dragged: fyne.NewDelta(0, 5)})
	}
	v.DragEnd()
	if v.off <= 0 {
		t.Fatalf("got offset %v, want the view scrolled down", v.off)
	}
	sel := v.Selection()
	if len(sel) != 1 || sel[0].Start != cpOf(t, long, "minister", 0) || sel[0].End <= len([]rune(sample)) {
		t.Errorf("got selection %v, want one from minister past the first paragraph", sel)
	}
}

// fakeDriverMods makes the view ask the test for the keys the desktop
// driver says are held, as it does in the real window.
func fakeDriverMods(t *testing.T) *atomic.Int32 {
	t.Helper()
	var mods atomic.Int32
	old := driverMods
	driverMods = func() (fyne.KeyModifier, bool) { return fyne.KeyModifier(mods.Load()), true }
	t.Cleanup(func() { driverMods = old })
	return &mods
}

func TestAltReleasedElsewhereDoesNotStick(t *testing.T) {
	// After an Alt-drag the menu bar takes the keyboard when Alt goes up,
	// so the view gets Alt's KeyDown but never its KeyUp. What the driver
	// says is held wins: the next drag snaps again and 1 arrives without Alt.
	v, w := newTestView(t, sample, fyne.NewSize(500, 300))
	mods := fakeDriverMods(t)
	v.KeyDown(&fyne.KeyEvent{Name: desktop.KeyAltLeft})
	mods.Store(int32(fyne.KeyModifierAlt))
	drag(v, w, edge(t, v, cpOf(t, sample, "minister", 0)+3), edge(t, v, cpOf(t, sample, "Tuesday", 0)+2))
	if got, want := v.Selection(), frags(annotate.Fragment{Start: cpOf(t, sample, "minister", 0) + 3, End: cpOf(t, sample, "Tuesday", 0) + 2}); !reflect.DeepEqual(got, want) {
		t.Fatalf("got Alt-drag selection %v, want %v", got, want)
	}
	mods.Store(0) // released while the view did not have the keyboard

	drag(v, w, at(t, v, cpOf(t, sample, "exports", 0)+1), at(t, v, cpOf(t, sample, "record", 0)+1))
	if got, want := v.Selection(), frags(span(t, frag(t, sample, "exports", 0), frag(t, sample, "record", 0))); !reflect.DeepEqual(got, want) {
		t.Errorf("got selection %v after Alt was released, want it snapped to words %v", got, want)
	}
	var gotMods []fyne.KeyModifier
	v.OnKey = func(_ *fyne.KeyEvent, m fyne.KeyModifier) bool { gotMods = append(gotMods, m); return true }
	v.TypedKey(&fyne.KeyEvent{Name: "1"})
	if want := []fyne.KeyModifier{0}; !reflect.DeepEqual(gotMods, want) {
		t.Errorf("got 1 with modifiers %v, want %v", gotMods, want)
	}
}

func TestAltDragDismissesTheMenuBar(t *testing.T) {
	// Fyne's desktop driver activates the menu bar when Alt is released
	// after an Alt-drag; the view deactivates it once Alt is up.
	v, _ := newTestView(t, sample, fyne.NewSize(500, 300))
	mods := fakeDriverMods(t)
	var dismissed []fyne.Canvas
	oldDismiss := dismissMenu
	dismissMenu = func(c fyne.Canvas) bool { dismissed = append(dismissed, c); return true }
	t.Cleanup(func() { dismissMenu = oldDismiss })

	a := at(t, v, cpOf(t, sample, "exports", 0)+1)
	b := at(t, v, cpOf(t, sample, "record", 0)+1)
	alt := fyne.KeyModifierAlt
	mods.Store(int32(alt))
	v.MouseDown(&desktop.MouseEvent{Button: desktop.MouseButtonPrimary, Modifier: alt, PointEvent: fyne.PointEvent{Position: a}})
	v.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: b}, Dragged: fyne.NewDelta(b.X-a.X, b.Y-a.Y)})
	v.DragEnd()
	v.MouseUp(&desktop.MouseEvent{Button: desktop.MouseButtonPrimary, Modifier: alt, PointEvent: fyne.PointEvent{Position: b}})
	for i := 0; i < 3; i++ {
		if n := runMenuPolls(); n != 1 {
			t.Fatalf("poll %d: %d polls due while Alt is held, want 1", i, n)
		}
	}
	if len(dismissed) != 0 {
		t.Fatal("got the menu bar dismissed while Alt is still held, want it left alone until Alt is released")
	}
	mods.Store(0)
	runMenuPolls()
	if want := fyne.CurrentApp().Driver().CanvasForObject(v); len(dismissed) != 1 || dismissed[0] != want {
		t.Errorf("got the menu bars of %v dismissed, want the view's %p", dismissed, want)
	}
	if n := runMenuPolls(); n != 0 {
		t.Errorf("%d polls still due after the menu bar was dismissed, want none", n)
	}

	// A plain drag leaves the menu bar alone.
	dismissed = nil
	v.MouseDown(&desktop.MouseEvent{Button: desktop.MouseButtonPrimary, PointEvent: fyne.PointEvent{Position: a}})
	v.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: b}, Dragged: fyne.NewDelta(b.X-a.X, b.Y-a.Y)})
	v.DragEnd()
	v.MouseUp(&desktop.MouseEvent{Button: desktop.MouseButtonPrimary, PointEvent: fyne.PointEvent{Position: b}})
	runMenuPolls()
	if len(dismissed) != 0 {
		t.Error("got the menu bar dismissed after a plain drag, want it left alone")
	}

	// A new press stops the polling of the last Alt-drag.
	mods.Store(int32(alt))
	v.MouseDown(&desktop.MouseEvent{Button: desktop.MouseButtonPrimary, Modifier: alt, PointEvent: fyne.PointEvent{Position: a}})
	v.MouseUp(&desktop.MouseEvent{Button: desktop.MouseButtonPrimary, Modifier: alt, PointEvent: fyne.PointEvent{Position: a}})
	v.MouseDown(&desktop.MouseEvent{Button: desktop.MouseButtonPrimary, PointEvent: fyne.PointEvent{Position: a}})
	mods.Store(0)
	if n := runMenuPolls(); n != 0 || len(dismissed) != 0 {
		t.Errorf("after a new press %d polls ran and %d menu bars were dismissed, want none", n, len(dismissed))
	}
}

// A file saved on Windows ends its lines with "\r\n": its blank line between
// paragraphs is "\r", which must leave the same gap as an empty line, not a
// whole empty line more. So must a line of stray spaces. The words below
// stay where they would be, and a double-click there still takes the word.
func TestBlankLinesGiveTheParagraphGap(t *testing.T) {
	clean := "Kabul denies the claim.\n\nOfficials said 1,200 people crossed.\n\nThe border stays shut."
	tops := func(t *testing.T, text string) (second, third float32) {
		t.Helper()
		v, _ := newTestView(t, text, fyne.NewSize(600, 400))
		for _, tx := range texts(v) {
			switch {
			case strings.HasPrefix(tx.Text, "Officials"):
				second = tx.Position().Y
			case strings.HasPrefix(tx.Text, "The border"):
				third = tx.Position().Y
			}
		}
		if second == 0 || third == 0 {
			t.Fatalf("%q: the second and third paragraphs are not drawn", text)
		}
		return second, third
	}
	want2, want3 := tops(t, clean)
	for name, text := range map[string]string{
		"CRLF":        strings.ReplaceAll(clean, "\n", "\r\n"),
		"spaces line": strings.Replace(clean, "crossed.\n\n", "crossed.\n  \t \n", 1),
	} {
		t.Run(name, func(t *testing.T) {
			got2, got3 := tops(t, text)
			if got2 != want2 || got3 != want3 {
				t.Errorf("paragraphs drawn at y %v and %v, want %v and %v as with empty lines", got2, got3, want2, want3)
			}
			v, _ := newTestView(t, text, fyne.NewSize(600, 400))
			v.DoubleTapped(&fyne.PointEvent{Position: at(t, v, cpOf(t, text, "border", 0)+2)})
			if got, want := v.Selection(), frags(frag(t, text, "border", 0)); !reflect.DeepEqual(got, want) {
				t.Errorf("double-click on 'border' selected %v, want %v", got, want)
			}
		})
	}
}

// TestLayoutOnlyOnResize: after Page Down shows new lines, the canvas asks
// the view for a layout at the start of the next frame (every new line's
// text has a new minimum size: Fyne's EnsureMinSize lays out the parent of
// a child whose minimum size changed). The view places its lines itself,
// so that lays out nothing; laying the screen out again there cost the
// frame a second refresh and marked the canvas for a second paint of the
// whole window (issue 18). A new size still lays the lines out.
func TestLayoutOnlyOnResize(t *testing.T) {
	text := strings.Repeat("The minister said that attacks in the province rose sharply after the announcement. ", 400)
	v, w := newTestView(t, text, fyne.NewSize(600, 400))
	r := test.WidgetRenderer(v).(*viewRenderer)
	gen := r.gen
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyPageDown})
	if r.gen != gen+1 {
		t.Fatalf("Page Down refreshed the view %d times, want 1", r.gen-gen)
	}
	first := r.textList[0].(*canvas.Text).Text
	r.Layout(v.Size()) // what the canvas does at the frame's start
	if r.gen != gen+1 {
		t.Errorf("a layout at the same size refreshed the view again (%d refreshes, want 1)", r.gen-gen)
	}
	w.Resize(fyne.NewSize(400, 400))
	if r.gen != gen+2 {
		t.Errorf("a resize refreshed the view %d times, want 1", r.gen-gen-1)
	}
	if got := r.textList[0].(*canvas.Text).Text; got == first || len([]rune(got)) >= len([]rune(first)) {
		t.Errorf("after a resize narrower, the first line is %q, was %q: not laid out for the new width", got, first)
	}
}

// A held view draws once when released, however often it was asked to
// meanwhile, with what it was given last; one not asked draws nothing,
// a Hold within a Hold releases nothing, nor does a second release.
func TestHoldDrawsOnce(t *testing.T) {
	v, w := newTestView(t, "Officials sharply announced talks in Islamabad.", fyne.NewSize(400, 200))
	hl := []Highlight{{ID: "a", Fragments: []annotate.Fragment{{Start: 10, End: 17}}, Color: color.NRGBA{R: 200, A: 255}, Label: "claim"}}
	n := v.Refreshes()
	release := v.Hold()
	inner := v.Hold()
	v.SetHighlights(hl)
	v.MarkMade("a")
	inner()
	if got := v.Refreshes() - n; got != 0 {
		t.Fatalf("held: drawn %d times, want 0", got)
	}
	release()
	release()
	if got := v.Refreshes() - n; got != 1 {
		t.Fatalf("released twice: drawn %d times, want 1", got)
	}
	held := w.Canvas().Capture()

	v2, w2 := newTestView(t, "Officials sharply announced talks in Islamabad.", fyne.NewSize(400, 200))
	v2.SetHighlights(hl)
	v2.MarkMade("a")
	if !reflect.DeepEqual(held, w2.Canvas().Capture()) || v.SelectedSpan() != "a" {
		t.Errorf("held and released, the view draws otherwise than drawn at each step (selected %q)", v.SelectedSpan())
	}

	n = v.Refreshes()
	v.Hold()()
	if got := v.Refreshes() - n; got != 0 {
		t.Errorf("a Hold asked nothing drew %d times, want 0", got)
	}
}

// TestSortIntervalsMergesTwoRuns: fragments given as one run in lane order
// stay as they are, two runs (an open's spans, then its suggestions, each
// in text order) are merged into the scratch storage, not sorted, and any
// more are sorted; each way gives laneOrder's order.
func TestSortIntervalsMergesTwoRuns(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	run := func(n, k0 int) []interval {
		out := make([]interval, n)
		s := 0
		for i := range out {
			s += r.IntN(3)
			out[i] = interval{k: k0 + i, s: s, e: s + 1 + r.IntN(4)}
		}
		slices.SortFunc(out, laneOrder)
		return out
	}
	for _, runs := range []int{0, 1, 2, 3} {
		var order []interval
		for i := range runs {
			order = append(order, run(50+i, len(order))...)
		}
		want := slices.Clone(order)
		slices.SortFunc(want, laneOrder)
		scratch := make([]interval, 0, len(order))
		got, spare := sortIntervals(slices.Clone(order), scratch)
		if !slices.Equal(got, want) {
			t.Fatalf("%d runs: not in lane order:\n got %v\nwant %v", runs, got, want)
		}
		merged := len(got) > 0 && cap(scratch) > 0 && &got[:1][0] == &scratch[:1][0]
		if merged != (runs == 2) {
			t.Errorf("%d runs: merged into the scratch storage %v, want %v", runs, merged, runs == 2)
		}
		if len(got) > 0 && len(spare) > 0 && &spare[:1][0] == &got[:1][0] {
			t.Errorf("%d runs: the spare storage is the sorted one's", runs)
		}
	}
}
