// Command floor is the plain Fyne window that app/e2e's BenchmarkLatency
// measures beside skein, as the floor of this machine and driver: a list of
// 50 rows and a word-wrapped label of about 3.5 KB, nothing else. A click on
// a row selects it and puts that row's text in the label, so the click
// changes the screen the way opening an article does.
package main

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.NewWithID("news.skein.floor")
	w := a.NewWindow("floor")
	text := func(row int) string {
		var b strings.Builder
		for b.Len() < 3500 {
			fmt.Fprintf(&b, "Row %d: the minister said that attacks in the province rose sharply after the government announced its plan. ", row)
		}
		return b.String()
	}
	label := widget.NewLabel(text(0))
	label.Wrapping = fyne.TextWrapWord
	list := widget.NewList(
		func() int { return 50 },
		func() fyne.CanvasObject { return widget.NewLabel("Article 00 title") },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(fmt.Sprintf("Article %02d title", id))
		},
	)
	list.OnSelected = func(id widget.ListItemID) { label.SetText(text(id)) }
	split := container.NewHSplit(list, container.NewVScroll(label))
	split.Offset = 0.25
	w.SetContent(split)
	w.Resize(fyne.NewSize(1320, 840))
	w.ShowAndRun()
}
