package textview

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestLine: an Urdu title is drawn in runs in visual order, right-aligned,
// and cut with an ellipsis at its logical end when narrow; an English one
// is a plain label.
func TestLine(t *testing.T) {
	test.NewTempApp(t)
	l := NewLine(mixedText)
	w := test.NewTempWindow(t, l)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(900, 40))
	r := test.WidgetRenderer(l).(*lineRenderer)
	var names, tail string
	var prevX float32 = -1
	for _, o := range r.Objects() {
		tx := o.(interface{ Position() fyne.Position })
		if tx.Position().X < prevX {
			t.Errorf("runs not left to right")
		}
		prevX = tx.Position().X
	}
	for _, tx := range r.texts[:len(r.objs)] {
		names += "|" + tx.Text
		tail = tx.Text
	}
	// Visual order, left to right: the end of the sentence first, the
	// English name in the middle, the first words of the sentence last.
	if !strings.Contains(tail, "وزیر اعظم") || !strings.Contains(names, "Shehbaz Sharif") {
		t.Errorf("runs %q: want the first words rightmost", names)
	}
	if last := r.texts[len(r.objs)-1]; last.Position().X+last.Size().Width < 900-40 {
		t.Errorf("right-to-left line ends at %.0f, want right-aligned", last.Position().X+last.Size().Width)
	}

	w.Resize(fyne.NewSize(200, 40))
	r.Refresh()
	var all string
	for _, tx := range r.texts[:len(r.objs)] {
		all += tx.Text
	}
	if !strings.Contains(all, "…") || !strings.Contains(all, "وزیر") || strings.Contains(all, "خرچ") {
		t.Errorf("narrow line shows %q, want its start and an ellipsis", all)
	}

	l.SetText("Border talks stall")
	if objs := test.WidgetRenderer(l).Objects(); len(objs) != 1 {
		t.Fatalf("English line has %d objects, want the one label", len(objs))
	} else if lb, ok := objs[0].(*widget.Label); !ok || lb.Text != "Border talks stall" {
		t.Errorf("English line draws %T, want a label with its text", objs[0])
	}
}

// shown is the text a plain Line's label draws.
func shown(t *testing.T, l *Line) string {
	t.Helper()
	objs := test.WidgetRenderer(l).Objects()
	lb, ok := objs[0].(*widget.Label)
	if len(objs) != 1 || !ok {
		t.Fatalf("the line draws %d objects, want its one label", len(objs))
	}
	var s string
	for _, o := range test.WidgetRenderer(lb).Objects() {
		for _, x := range test.WidgetRenderer(o.(fyne.Widget)).Objects() {
			if tx, ok := x.(*canvas.Text); ok {
				s += tx.Text
			}
		}
	}
	return s
}

// TestLineCutsOnlyWhatDoesNotFit: a plain line that fits is drawn whole,
// without Fyne looking for where to cut it (issue 18); narrowed, it is cut
// with an ellipsis as before, and widened again it is whole again. Its
// minimum size does not depend on its text, as a label's with an ellipsis.
func TestLineCutsOnlyWhatDoesNotFit(t *testing.T) {
	test.NewTempApp(t)
	const title = "Border talks stall as both sides blame each other"
	l := NewLine("x")
	min := l.MinSize()
	w := test.NewTempWindow(t, container.NewGridWithColumns(1, l))
	w.SetPadded(false)
	w.Resize(fyne.NewSize(600, 40))
	l.SetText(title)
	if got := shown(t, l); got != title || l.label.Truncation != fyne.TextTruncateOff {
		t.Errorf("at 600 wide the line shows %q (cut %v), want the whole title, not looked at for a cut", got, l.label.Truncation)
	}
	if got := l.MinSize(); got != min {
		t.Errorf("the whole title's minimum size is %v, want %v, as a one-letter line's", got, min)
	}
	w.Resize(fyne.NewSize(150, 40))
	if got := shown(t, l); !strings.HasSuffix(got, "…") || !strings.HasPrefix(title, strings.TrimSuffix(got, "…")) {
		t.Errorf("at 150 wide the line shows %q, want the title's start and an ellipsis", got)
	}
	w.Resize(fyne.NewSize(600, 40))
	if got := shown(t, l); got != title {
		t.Errorf("widened again the line shows %q, want the whole title", got)
	}
	l.SetText(title + title) // longer than the line: cut again, at the same width
	if got := shown(t, l); !strings.HasSuffix(got, "…") {
		t.Errorf("a text longer than the line shows %q, want it cut with an ellipsis", got)
	}
}

// TestLineStrongKeepsJoining: a strong part that ends inside a word is
// cut from the rest of its run with a joiner on each side of the cut, so
// the word's letters keep their joined forms; the part is drawn twice,
// the rest once, and SetText draws nothing strong.
func TestLineStrongKeepsJoining(t *testing.T) {
	test.NewTempApp(t)
	const s = "حکومت نے اعلان کیا"
	l := NewLine("")
	w := test.NewTempWindow(t, l)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(500, 40))
	l.SetStrong(s, 0, 3) // حکو of حکومت
	texts := func() map[string]int {
		n := map[string]int{}
		for _, o := range test.WidgetRenderer(l).Objects() {
			n[o.(*canvas.Text).Text]++
		}
		return n
	}
	got := texts()
	if got["حکو"+zwj] != 2 || got[zwj+"مت نے اعلان کیا"] != 1 {
		t.Errorf("drawn %v, want حکو with a joiner twice and the rest, from a joiner, once", got)
	}
	l.SetText(s)
	if got := texts(); len(got) != 1 || got[s] != 1 {
		t.Errorf("after SetText drawn %v, want the line once, nothing strong", got)
	}
}
