package status

import (
	"image"
	"image/color"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// label is the status line as the window made it before: a Label cut
// with an ellipsis.
func label() *widget.Label {
	l := widget.NewLabel("")
	l.Truncation = fyne.TextTruncateEllipsis
	l.SizeName = theme.SizeNameCaptionText
	return l
}

// shot draws obj in a window of width w, beside a bold label as the
// status bar has one, and returns the pixels.
func shot(t *testing.T, obj fyne.CanvasObject, w float32) image.Image {
	t.Helper()
	who := widget.NewLabel("bench")
	who.TextStyle = fyne.TextStyle{Bold: true}
	win := test.NewWindow(container.NewBorder(nil, nil, nil, who, obj))
	defer win.Close()
	win.Resize(fyne.NewSize(w, 40))
	return win.Canvas().Capture()
}

func same(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			r1, g1, b1, a1 := a.At(x, y).RGBA()
			r2, g2, b2, a2 := b.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 || a1 != a2 {
				return false
			}
		}
	}
	return true
}

// The line draws what the Label drew: a message that fits whole, one cut
// with an ellipsis, and one that fitted until the window narrowed.
func TestLineDrawsAsTheLabel(t *testing.T) {
	test.NewTempApp(t)
	short := "Added claim “sharply announced Islamabad”"
	long := strings.Repeat("A message longer than the status bar is wide. ", 8)
	for _, c := range []struct {
		name, msg string
		w         float32
		narrowTo  float32
		fitted    int
	}{
		{"fits", short, 900, 0, 1},
		{"cut", long, 900, 0, 0},
		{"fitted, then narrowed", short, 900, 200, 1},
		{"empty", "", 900, 0, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			l, ref := New(), label()
			// Drawn once before the message, as the window's line is.
			shot(t, l, c.w)
			shot(t, ref, c.w)
			l.SetText(c.msg)
			ref.SetText(c.msg)
			if l.Fitted != c.fitted {
				t.Errorf("%d of 1 messages shown without the ellipsis's shaping, want %d", l.Fitted, c.fitted)
			}
			w := c.w
			if c.narrowTo > 0 {
				w = c.narrowTo
			}
			got, want := shot(t, l, w), shot(t, ref, w)
			if !same(got, want) {
				t.Errorf("the status line drew %q at width %v otherwise than the Label", c.msg, w)
			}
		})
	}
}

// A message is laid out once, and one that fits costs a fraction of the
// Label's allocations (its ellipsis shapes the whole message with a new
// shaper, twice).
func TestLineShowsAMessageCheaply(t *testing.T) {
	test.NewTempApp(t)
	l, ref := New(), label()
	shot(t, l, 900)
	shot(t, ref, 900)
	msgs := []string{"Added claim “sharply announced Islamabad”", "Undid add claim span"}
	i := 0
	next := func() string { i++; return msgs[i%2] + strings.Repeat(" ", i%7) }
	line := testing.AllocsPerRun(50, func() { l.SetText(next()) })
	lab := testing.AllocsPerRun(50, func() { ref.SetText(next()) })
	t.Logf("allocations a message: status line %.0f, Label %.0f", line, lab)
	if line*2 > lab {
		t.Errorf("the status line made %.0f allocations a message, the Label %.0f: want under half", line, lab)
	}
}

// The bar grows only to show a message whole: in review at the least
// size, where the window had some room beyond the article's minimum but
// not the room for every line of the item's description, the bar grew
// into that room and showed one line cut with an ellipsis in it, a bar
// taller than its one line. Now it stays one line high until the window
// has the room for all the lines, and then holds them all.
func TestBarGrowsOnlyToShowTheWhole(t *testing.T) {
	test.NewTempApp(t)
	line := New()
	main := canvasRect(fyne.NewSize(300, 200))
	bar := container.NewPadded(line)
	win := test.NewWindow(NewContent(main, bar, line))
	defer win.Close()
	win.SetPadded(false)
	least := win.Content().MinSize()
	win.Resize(least)
	line.SetWhole(strings.Repeat("A message to be read whole, longer than the bar is wide. ", 4))
	whole := line.Want() - line.Size().Height // the room its lines want beyond one
	if whole < line.oneLine() {
		t.Fatalf("the message wants %v px more than one line, the test wants more than a line more", whole)
	}
	for _, c := range []struct {
		name  string
		extra float32
		cut   bool
	}{
		{"least", 0, true},
		{"room for some of its lines", whole / 2, true},
		{"room for them all", whole, false},
	} {
		win.Resize(fyne.NewSize(least.Width, least.Height+c.extra))
		if line.Cut() != c.cut {
			t.Errorf("%s: cut %v, want %v", c.name, line.Cut(), c.cut)
		}
		if c.cut && bar.Size().Height != bar.MinSize().Height {
			t.Errorf("%s: the message is cut to one line in a bar %v px high, its one line's %v", c.name, bar.Size().Height, bar.MinSize().Height)
		}
		if !c.cut && line.Size().Height < line.Want() {
			t.Errorf("%s: the message wants %v px, the line has %v", c.name, line.Want(), line.Size().Height)
		}
	}
}

func canvasRect(min fyne.Size) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(min)
	return r
}
