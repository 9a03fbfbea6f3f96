package frame

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// HintFor is the longest of hints at most room wide, or the shortest: an
// empty field's hint (its placeholder) that fits the field, where the
// whole of the longest was clipped mid-word or gave it a scroll bar.
func HintFor(hints []string, room float32) string {
	size := theme.TextSize()
	for _, h := range hints {
		if fyne.MeasureText(h, size, fyne.TextStyle{}).Width <= room {
			return h
		}
	}
	return hints[len(hints)-1]
}

// HintRoom is the room an entry width wide gives its hint: less its
// inner padding and border either side, and the action item's width
// (the filter's magnifier) where it has one.
func HintRoom(width float32, action fyne.CanvasObject) float32 {
	room := width - 2*(theme.InnerPadding()+theme.InputBorderSize())
	if action != nil {
		room -= action.MinSize().Width + theme.Padding()
	}
	return room
}
