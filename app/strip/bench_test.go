package strip

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// BenchmarkDrawRow draws a span row's strip (a label chip and its details)
// at a row's size, as a frame does for each row whose content changed.
func BenchmarkDrawRow(b *testing.B) {
	test.NewTempApp(b)
	s := New()
	w := test.NewTempWindow(b, s)
	w.Resize(fyne.NewSize(270, 17))
	s.Set(Line{Chips: []Chip{{"claim", color.NRGBA{R: 0xf2, G: 0xc1, B: 0x4e, A: 0xff}}}, Tail: "bench  ·  292–297"})
	r := test.WidgetRenderer(s).(*renderer)
	b.ReportAllocs()
	for b.Loop() {
		clear(drawn)
		r.draw(270, 17)
	}
}

// BenchmarkDrawRowAgain is a row's strip showing what another row showed
// (the rows below a span added): the line is not drawn again.
func BenchmarkDrawRowAgain(b *testing.B) {
	test.NewTempApp(b)
	s := New()
	w := test.NewTempWindow(b, s)
	w.Resize(fyne.NewSize(270, 17))
	s.Set(Line{Chips: []Chip{{"claim", color.NRGBA{R: 0xf2, G: 0xc1, B: 0x4e, A: 0xff}}}, Tail: "bench  ·  292–297"})
	r := test.WidgetRenderer(s).(*renderer)
	r.draw(270, 17)
	b.ReportAllocs()
	for b.Loop() {
		r.draw(270, 17)
	}
}
