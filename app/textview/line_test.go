package textview

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
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
