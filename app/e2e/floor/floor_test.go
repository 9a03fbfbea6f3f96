package main

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/skein-news/skein/app/drawcount"
)

// TestFloorFrame counts what a frame of the floor's window draws, at the
// latency benchmark's size, before and after its click on a row, for the
// README beside skein's (app TestActionFrames): the objects, the points
// drawn and the text textures the click's frame makes.
func TestFloorFrame(t *testing.T) {
	test.NewTempApp(t)
	content, list := build()
	w := test.NewTempWindow(t, content)
	w.Resize(fyne.NewSize(1200, 700))
	was := drawcount.Window(w.Canvas())
	t.Logf("floor: %v", was)
	list.Select(1)
	now := drawcount.Window(w.Canvas())
	made := drawcount.NewTexts(was, now)
	t.Logf("floor click: %v; %d new text textures", now, made)
	// The label's sentences repeat: only its lines that name the row are
	// new texts.
	if now.Texts < 20 || made == 0 || made > now.Texts/2 {
		t.Errorf("the click's frame draws %d texts, %d of them new: want the label's lines, 20 or more, those naming the row new", now.Texts, made)
	}
}
