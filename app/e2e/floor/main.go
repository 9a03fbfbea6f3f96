// Command floor is the plain Fyne window that app/e2e's BenchmarkLatency
// measures beside skein, as the floor of this machine and driver: a list of
// 50 rows and a word-wrapped label of about 3.5 KB, nothing else. A click on
// a row selects it and puts that row's text in the label, so the click
// changes the screen the way opening an article does.
//
// With SKEIN_PHASES set it marks its paints and the click's handler as
// skein does (app/phases), so the benchmark sees the floor's own paint and
// the time from the paint's end to the screen beside skein's; it is a plain
// Fyne window otherwise (the probes draw nothing).
package main

import (
	"fmt"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/skein-news/skein/app/phases"
)

func main() {
	if err := phases.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
	a := app.NewWithID("news.skein.floor")
	w := a.NewWindow("floor")
	content, _ := build()
	w.SetContent(phases.Wrap(content))
	w.Resize(size())
	defer phases.MarkTicks()()
	w.ShowAndRun()
}

// size is the window's size: SKEIN_FLOOR_SIZE (WIDTHxHEIGHT, the size of
// the window it is compared with), or skein's first window's size, 1200×700.
func size() fyne.Size {
	var w, h float32
	if s := os.Getenv("SKEIN_FLOOR_SIZE"); s != "" {
		if n, err := fmt.Sscanf(s, "%gx%g", &w, &h); n == 2 && err == nil && w > 0 && h > 0 {
			return fyne.NewSize(w, h)
		}
		fmt.Fprintf(os.Stderr, "floor: SKEIN_FLOOR_SIZE=%q is not WIDTHxHEIGHT\n", s)
		os.Exit(2)
	}
	return fyne.NewSize(1200, 700)
}

// build makes the window's content: the list, and the label in its
// scroller beside it.
func build() (fyne.CanvasObject, *widget.List) {
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
	list.OnSelected = func(id widget.ListItemID) {
		defer phases.Handler("select")()
		label.SetText(text(id))
	}
	split := container.NewHSplit(list, container.NewVScroll(label))
	split.Offset = 0.25
	return split, list
}
