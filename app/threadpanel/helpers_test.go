package threadpanel

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// show puts o in a test window of a desktop-like size.
func show(t testing.TB, o fyne.CanvasObject) fyne.Window {
	t.Helper()
	w := test.NewTempWindow(t, o)
	w.Resize(fyne.NewSize(900, 600))
	return w
}

// visible returns the shown objects of type T under o, in tree order,
// walking the renderers the canvas really uses (test.LaidOutObjects builds
// new ones, whose objects are not on the canvas).
func visible[T fyne.CanvasObject](o fyne.CanvasObject) []T {
	var out []T
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if !o.Visible() {
			return
		}
		if v, ok := o.(T); ok {
			out = append(out, v)
		}
		switch c := o.(type) {
		case fyne.Widget:
			for _, k := range test.WidgetRenderer(c).Objects() {
				walk(k)
			}
		case *fyne.Container:
			for _, k := range c.Objects {
				walk(k)
			}
		}
	}
	walk(o)
	return out
}

// labelTexts returns the texts of the shown labels under o.
func labelTexts(o fyne.CanvasObject) []string {
	var out []string
	for _, l := range visible[*widget.Label](o) {
		out = append(out, l.Text)
	}
	return out
}

// tapText taps the canvas on the shown label whose text is text, as a
// mouse click would: the innermost tappable under it gets the tap.
func tapText(t *testing.T, w fyne.Window, text string) {
	t.Helper()
	for _, l := range visible[*widget.Label](w.Content()) {
		if l.Text == text {
			pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(l)
			test.TapCanvas(w.Canvas(), pos.Add(fyne.NewPos(4, l.Size().Height/2)))
			return
		}
	}
	t.Fatalf("no label %q shown; shown: %q", text, labelTexts(w.Content()))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
