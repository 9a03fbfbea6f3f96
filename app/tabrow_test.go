package app

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/app/frame/frametest"
)

// tabRow is the names the tabs' row shows, left to right: the texts drawn
// in the tabs' column above its content.
func tabRow(w *Window) []string {
	tabs := w.th.Tabs()
	d := fyne.CurrentApp().Driver()
	top := d.AbsolutePositionForObject(tabs).Y
	var names []string
	for _, txt := range frametest.Visible[*canvas.Text](tabs) {
		if txt.Text != "" && d.AbsolutePositionForObject(txt).Y < top+txt.MinSize().Height+2*theme.Padding() {
			names = append(names, txt.Text)
		}
	}
	return names
}

// tapText clicks the text name drawn under o.
func tapText(t *testing.T, c fyne.Canvas, o fyne.CanvasObject, name string) {
	t.Helper()
	for _, txt := range frametest.Visible[*canvas.Text](o) {
		if txt.Text == name {
			test.TapCanvas(c, fyne.CurrentApp().Driver().AbsolutePositionForObject(txt).AddXY(2, 2))
			return
		}
	}
	t.Fatalf("no %s to click: %v", name, frametest.Lines(o))
}

// chooseUnderMore clicks the tab row's ⋯ button and, in its menu, name.
func chooseUnderMore(t *testing.T, w *Window, name string) {
	t.Helper()
	var more *widget.Button
	for _, b := range frametest.Visible[*widget.Button](w.th.Tabs()) {
		if b.Text == "" && b.Icon != nil {
			more = b
		}
	}
	if more == nil {
		t.Fatalf("no ⋯ button in the tab row %v", tabRow(w))
	}
	test.Tap(more)
	c := w.win.Canvas()
	menu := c.Overlays().Top()
	if menu == nil {
		t.Fatalf("the ⋯ button opened no menu")
	}
	tapText(t, c, menu, name)
}

// A tab chosen under the tab row's ⋯ (Suggestions, Team) is named in the
// row, at the window's smallest size, its default and a larger one:
// Fyne's row showed the tabs that fit and ⋯, with no name for the tab on
// screen. Choosing Spans again puts the row back as it was.
func TestTabUnderMoreIsNamed(t *testing.T) {
	st := realStore(t)
	w := openWindow(t, test.NewTempApp(t), st, StoreOptions(st, "alice", false))
	open(t, w, docKakar)
	for _, size := range []fyne.Size{{}, defaultWindowSize, fyne.NewSize(1400, 900)} {
		resizeTo(w, size)
		settle(w)
		before := tabRow(w)
		for _, name := range []string{"Suggestions", "Team"} {
			if slices.Contains(tabRow(w), name) {
				continue // it fits at this size
			}
			chooseUnderMore(t, w, name)
			settle(w)
			if got := w.th.Tabs().Selected().Text; got != name {
				t.Fatalf("%v: chose %s under ⋯, %s is selected", size, name, got)
			}
			if row := tabRow(w); !slices.Contains(row, name) {
				t.Errorf("%v: %s chosen under ⋯, the tab row reads %v: no name for the tab on screen", w.win.Canvas().Size(), name, row)
			}
		}
		tapText(t, w.win.Canvas(), w.th.Tabs(), "Spans")
		settle(w)
		if row := tabRow(w); !slices.Equal(row, before) {
			t.Errorf("%v: Spans chosen again, the tab row reads %v, want %v as before", w.win.Canvas().Size(), row, before)
		}
	}
}
