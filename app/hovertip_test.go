package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

// TestHoverTipLeavesWithADialog: a span's hover tip stayed drawn while the
// Link dialog, opened with L and the pointer not moved, stood over the
// window: the tip of the span under the pointer showed under the dialog
// until it closed. A dialog now takes the tip away; the pointer moved over
// the span once the dialog is closed brings it back.
func TestHoverTipLeavesWithADialog(t *testing.T) {
	st := storeWith(t, kakarActors(t), nil)
	w := openWindow(t, test.NewTempApp(t), st, Options{User: "alice"})
	w.win.Resize(fyne.NewSize(1200, 800))
	open(t, w, docKakar)
	pickSpan(t, w, "T1")
	pickSpan(t, w, "T2")
	at, ok := tipPoint(w)
	if !ok {
		t.Fatal("no hover tip over any span of the article")
	}
	w.focusView()
	press(w, fyne.KeyL)
	settle(w)
	topDialog(t, w) // the Link dialog is up
	if tips := drawnTips(w); len(tips) > 0 {
		t.Errorf("with the Link dialog shown, the article still draws the hover tip %q", tips)
	}
	tapButton(t, w, "Cancel")
	settle(w)
	w.view.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: at}})
	if tips := drawnTips(w); len(tips) == 0 {
		t.Error("the dialog closed, the pointer over a span again shows no hover tip")
	}
}

// tipPoint moves the pointer over the article until a hover tip shows,
// and leaves it there.
func tipPoint(w *Window) (fyne.Position, bool) {
	size := w.view.Size()
	for y := float32(2); y < size.Height; y += 4 {
		for x := float32(2); x < size.Width; x += 4 {
			p := fyne.NewPos(x, y)
			w.view.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: p}})
			if len(drawnTips(w)) > 0 {
				return p, true
			}
		}
	}
	return fyne.Position{}, false
}

// drawnTips are the hover tip's lines the article draws ("actor — alice").
func drawnTips(w *Window) []string {
	var tips []string
	for _, o := range test.WidgetRenderer(w.view).Objects() {
		if tx, ok := o.(*canvas.Text); ok && tx.Visible() && strings.Contains(tx.Text, " — ") {
			tips = append(tips, tx.Text)
		}
	}
	return tips
}
