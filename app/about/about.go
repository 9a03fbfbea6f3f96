// Package about is the Help menu: About skein shows the version, the commit
// and the build date, the same lines as `skein -version`, so a researcher
// reporting a problem can say exactly which skein they ran.
package about

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/skein-news/skein/app/buildinfo"
	"github.com/skein-news/skein/app/frame"
)

// HelpMenu is the Help menu for win. Fyne moves its About item into the
// application menu on macOS.
func HelpMenu(win fyne.Window) *fyne.Menu {
	return fyne.NewMenu("Help", fyne.NewMenuItem("About skein", func() { Show(win) }))
}

// Show opens the About dialog on win.
func Show(win fyne.Window) {
	lines := buildinfo.Get().Lines()
	box := container.NewVBox()
	for _, l := range lines {
		box.Add(frame.NewText(l)) // selectable, so the commit can be copied into a report
	}
	frame.ShowDialog(win, frame.NewCustom("About skein", "Close", box, win))
}
